"""Storyline's projector service: consumes the event topics into SQL read models of every
story's current state, and serves them through a read-only query API."""
