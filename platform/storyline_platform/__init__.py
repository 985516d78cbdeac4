"""Infrastructure both Storyline services use: database engines, logging, Kafka topic set-up.

It holds no domain logic and imports neither service, so the services stay independent.
"""
