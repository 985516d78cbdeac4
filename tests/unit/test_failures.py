"""Which errors a stage retries (a server away) and which it sets aside (the input itself)."""

from __future__ import annotations

import pytest
from aiokafka.errors import KafkaConnectionError, MessageSizeTooLargeError, RequestTimedOutError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from storyline_platform.failures import is_transient


class DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("SELECT 1", {}, ConnectionRefusedError("refused")),
        OperationalError("SELECT 1", {}, DriverError("57P01")),  # admin shutdown
        OperationalError("SELECT 1", {}, DriverError("08006")),  # connection failure
        OperationalError("UPDATE", {}, DriverError("40P01")),  # deadlock: a retry wins
        OperationalError("INSERT", {}, Exception("database is locked")),  # SQLite, no SQLSTATE
        ConnectionResetError("reset by peer"),
        TimeoutError(),
        KafkaConnectionError("no broker"),
        RequestTimedOutError(),
    ],
)
def test_a_server_away_or_busy_is_retried(error: BaseException) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        DataError("INSERT", {}, DriverError("22021")),  # a NUL in text
        DataError("INSERT", {}, DriverError("22001")),  # a value too long for its column
        IntegrityError("INSERT", {}, DriverError("23505")),
        ValueError("a bug an input reaches"),
        MessageSizeTooLargeError(),
    ],
)
def test_an_error_the_input_causes_is_not_retried(error: BaseException) -> None:
    assert not is_transient(error)
