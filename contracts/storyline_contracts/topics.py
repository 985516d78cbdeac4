"""Kafka topic names and the size limit of a message on them.

The version in a topic name changes only with a breaking change of keys.
"""

# Article lifecycle events, keyed by article id: every version of one article stays in order.
ARTICLES_TOPIC = "storyline.articles.v1"
# Extracted and story-level events, keyed by story id: one story stays in order on one partition.
STORIES_TOPIC = "storyline.stories.v1"
# Messages the projector could not decode or apply after bounded retries.
PROJECTOR_DEAD_LETTER_TOPIC = "storyline.projector.dead-letter.v1"

ALL_TOPICS = (ARTICLES_TOPIC, STORIES_TOPIC)

# The largest event Storyline publishes: key, value and headers of one record. The ingest API
# refuses any article whose event would be larger, so no accepted article can stop the relay.
# Consumers should fetch at least KAFKA_MESSAGE_LIMIT_BYTES per partition.
MAX_EVENT_BYTES = 2 * 1024 * 1024
# What the producer, the topics and the consumers are configured with: the event plus room for
# the record batch framing Kafka adds around it.
KAFKA_MESSAGE_LIMIT_BYTES = MAX_EVENT_BYTES + 64 * 1024
