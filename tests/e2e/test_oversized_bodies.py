"""A 50 MB body is refused before it is read, whether it declares its length or comes in chunks,
and the serving process does not grow: real `storyline serve` processes, raw HTTP/1.1."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from storyline.free_ports import free_port

STORYLINE = [sys.executable, "-m", "storyline.cli"]
FIFTY_MB = 50 * 1024 * 1024
CHUNK = 64 * 1024
# The process may allocate a little while answering; a body held in memory would be 50 MB.
GROWTH_ALLOWED_BYTES = 8 * 1024 * 1024


def peak_memory(pid: int) -> int:
    """The process's peak resident memory so far (Linux: VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int


@dataclass
class Servers:
    ingest: Server
    query: Server
    api_key: str


@dataclass
class Answer:
    status: int
    head: str
    sent_bytes: int


def send_large_body(port: int, path: str, headers: dict[str, str], chunked: bool) -> Answer:
    """Send a 50 MB body (all ``x``) until the server answers; return its status line and how
    much of the body had gone out by then."""
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    head += ["Transfer-Encoding: chunked"] if chunked else [f"Content-Length: {FIFTY_MB}"]
    piece = (f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n") if chunked else b"x" * CHUNK
    received = b""
    sent = 0
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        connection.setblocking(False)
        pending = memoryview(b"")
        while b"\r\n\r\n" not in received:
            writable = [connection] if sent < FIFTY_MB else []
            readable, ready, _ = select.select([connection], writable, [], 30)
            if not readable and not ready:
                raise AssertionError("the server neither read nor answered for 30 s")
            if readable:
                try:
                    data = connection.recv(65536)
                except ConnectionResetError:
                    break
                if not data:
                    break
                received += data
            elif ready:
                if not pending:
                    pending = memoryview(piece)
                try:
                    written = connection.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    continue  # the server closed its side: its answer is waiting to be read
                pending = pending[written:]
                if not pending:
                    sent += CHUNK
                    if sent >= FIFTY_MB and chunked:
                        connection.setblocking(True)
                        connection.sendall(b"0\r\n\r\n")  # the last chunk
                        connection.setblocking(False)
        connection.setblocking(True)
        connection.settimeout(30)
        head, _, body = received.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.lower().split(b"\r\n")
            if line.startswith(b"content-length:")
        )
        while len(body) < length:
            data = connection.recv(65536)
            if not data:
                break
            body += data
    status_line = head.split(b"\r\n", 1)[0].decode()
    return Answer(int(status_line.split()[1]), (head + b"\n\n" + body).decode(), sent)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    tmp_path = tmp_path_factory.mktemp("limits")
    environment = {k: v for k, v in os.environ.items() if k not in ("KAFKA_BOOTSTRAP_SERVERS",)} | {
        "STORYLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'limits.db'}"
    }
    subprocess.run([*STORYLINE, "migrate"], env=environment, check=True, capture_output=True)
    created = subprocess.run(
        [*STORYLINE, "feeds", "create", "wire"],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    api_key = created.stdout.strip().splitlines()[-1]
    running: dict[str, Server] = {}
    try:
        for api in ("ingest", "query"):
            port = free_port()
            process = subprocess.Popen(
                [*STORYLINE, "serve", api, "--port", str(port)],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            running[api] = Server(process, port)
            wait_until_up(port)
        yield Servers(running["ingest"], running["query"], api_key)
    finally:
        for server in running.values():
            server.process.terminate()
            server.process.wait(timeout=30)


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"nothing answered on port {port}")


@pytest.mark.parametrize("chunked", [False, True], ids=["declared length", "chunked"])
def test_a_50_mb_article_is_refused_with_413_and_the_ingest_process_does_not_grow(
    servers: Servers, chunked: bool
) -> None:
    ingest = servers.ingest
    before = peak_memory(ingest.process.pid)

    answer = send_large_body(
        ingest.port,
        "/v1/articles",
        {"Authorization": f"Bearer {servers.api_key}", "Content-Type": "application/json"},
        chunked,
    )

    assert answer.status == 413, answer.head
    assert '"payload_too_large"' in answer.head
    assert peak_memory(ingest.process.pid) - before < GROWTH_ALLOWED_BYTES
    assert answer.sent_bytes < FIFTY_MB  # refused before the whole body had arrived
    stored = httpx.get(f"http://127.0.0.1:{servers.query.port}/v1/articles").json()
    assert stored["items"] == []


@pytest.mark.parametrize("chunked", [False, True], ids=["declared length", "chunked"])
def test_a_50_mb_write_to_the_query_api_is_refused_with_405_unread(
    servers: Servers, chunked: bool
) -> None:
    query = servers.query
    before = peak_memory(query.process.pid)

    answer = send_large_body(
        query.port, "/v1/stories", {"Content-Type": "application/json"}, chunked
    )

    assert answer.status == 405, answer.head
    assert '"method_not_allowed"' in answer.head
    assert peak_memory(query.process.pid) - before < GROWTH_ALLOWED_BYTES
    assert answer.sent_bytes < FIFTY_MB
