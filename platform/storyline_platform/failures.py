"""Telling a passing outage from a message that will fail every time.

A stage that retries must retry only what can succeed later: the database or the broker being
away, a lock timeout, a serialisation conflict. Anything else (bad data, a bug a particular input
reaches) fails the same way on every attempt, and is set aside as a dead letter instead, so that
one input never stops a stage for everyone.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

# SQLSTATE classes and codes that succeed on a retry: connection exceptions (08), insufficient
# resources (53), operator intervention such as a shutdown (57), and a transaction that lost a
# serialisation or deadlock race (40001, 40P01).
_TRANSIENT_SQLSTATE_CLASSES = ("08", "53", "57")
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` says that a server is away or busy (retry) rather than the input bad."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, PoolTimeoutError):
        return True
    if isinstance(error, OperationalError | InterfaceError):
        return _sqlstate_is_transient(error) is not False
    if isinstance(error, DBAPIError):
        return _sqlstate_is_transient(error) is True
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    if isinstance(error, OSError):  # a refused or reset socket, before any driver wraps it
        return True
    return _is_retriable_kafka_error(error)


def _sqlstate_is_transient(error: DBAPIError) -> bool | None:
    """True or False from the driver's SQLSTATE, None when it gives none (SQLite, no reply)."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if not isinstance(code, str):
        cause = getattr(error.orig, "__cause__", None)
        code = getattr(cause, "sqlstate", None)
    if not isinstance(code, str):
        return None
    return code.startswith(_TRANSIENT_SQLSTATE_CLASSES) or code in _TRANSIENT_SQLSTATES


def _is_retriable_kafka_error(error: BaseException) -> bool:
    from aiokafka.errors import KafkaConnectionError, KafkaError

    if isinstance(error, KafkaConnectionError):
        return True
    return isinstance(error, KafkaError) and bool(getattr(error, "retriable", False))
