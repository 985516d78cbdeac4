"""Kafka topic names. The version in a topic name changes only with a breaking change of keys."""

# Article lifecycle events, keyed by article id: every version of one article stays in order.
ARTICLES_TOPIC = "storyline.articles.v1"
# Extracted and story-level events, keyed by story id: one story stays in order on one partition.
STORIES_TOPIC = "storyline.stories.v1"
# Messages the projector could not decode or apply after bounded retries.
PROJECTOR_DEAD_LETTER_TOPIC = "storyline.projector.dead-letter.v1"

ALL_TOPICS = (ARTICLES_TOPIC, STORIES_TOPIC)
