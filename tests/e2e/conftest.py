"""End-to-end tests use the same real servers as the integration tests."""

from tests.integration.conftest import (  # noqa: F401 - fixtures, found by name
    broker,
    database_url,
    engine,
    kafka_servers,
    server_database_url,
    topic_prefix,
)
