"""Storyline's ingest service: accepts articles from feeds, stores them durably, extracts events,
and publishes everything to Kafka through a transactional outbox."""
