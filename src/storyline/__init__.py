"""Storyline's composition root: the ``storyline`` command, migrations, and the embedded mode that
runs both services in one process on SQLite with no Kafka."""
