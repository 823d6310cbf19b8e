"""The webhook server under hostile clients, over raw sockets on 127.0.0.1: the secret is
checked before the body, bodies are capped, slow and idle connections time out, open
connections are capped, and none of it fills the log. Small limits keep each test quick."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import webhook
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.webhook import WebhookLimits
from tests.conftest import Harness, build_app

SECRET = "s3cret-token_for-tests"
LIMITS = WebhookLimits(
    max_body=64 * 1024, header_timeout=0.5, body_timeout=0.5, idle_timeout=0.5, max_connections=8
)
ANSWER_WITHIN_S = 3.0  # far above every limit: a server that holds on fails, slowly


@dataclass
class Hooked:
    harness: Harness
    port: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def hooked(stand: StandIn, clock: ManualClock, settings: Settings) -> AsyncIterator[Hooked]:
    port = _free_port()
    app = build_app(settings, clock)
    async with webhook(
        app,
        webhook_url=f"http://127.0.0.1:{port}/hook",
        secret_token=SECRET,
        port=port,
        url_path="hook",
        limits=LIMITS,
    ):
        yield Hooked(Harness(stand, app, clock), port)


def _head(length: int, *, secret: str | None = SECRET, path: str = "/hook") -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}"]
    lines.append("Content-Type: application/json")
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def _status(reader: asyncio.StreamReader) -> int | None:
    """The status of the server's answer, or None if it closed without one."""
    line = await asyncio.wait_for(reader.readline(), ANSWER_WITHIN_S)
    return int(line.split()[1]) if line else None


async def _closed(reader: asyncio.StreamReader) -> bool:
    """True once the server has closed the connection (whatever it said before)."""
    try:
        while await asyncio.wait_for(reader.read(65536), ANSWER_WITHIN_S):
            pass
    except ConnectionResetError:
        pass
    return True


def _update(user: FakeUser, update_id: int, text: str) -> bytes:
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
                "from": user.to_json(),
                "text": text,
            },
        }
    ).encode()


async def test_a_huge_unauthenticated_body_is_refused_from_the_headers(
    hooked: Hooked, ada: FakeUser
) -> None:
    for secret in (None, "guess"):
        reader, writer = await _connect(hooked.port)
        # 99 MB announced, not one byte of it sent: the answer cannot wait for the body.
        writer.write(_head(99_000_000, secret=secret))
        await writer.drain()
        assert await _status(reader) == 403
        assert await _closed(reader)
        writer.close()
    assert await hooked.harness.store.wins.count(ada.id) == 0


async def test_a_body_over_the_cap_gets_413_unread(hooked: Hooked) -> None:
    reader, writer = await _connect(hooked.port)
    writer.write(_head(LIMITS.max_body + 1))
    await writer.drain()
    assert await _status(reader) == 413
    assert await _closed(reader)
    writer.close()


async def test_a_body_that_trickles_in_is_cut_off(hooked: Hooked, ada: FakeUser) -> None:
    body = _update(ada, 500, "slow win")
    reader, writer = await _connect(hooked.port)
    writer.write(_head(len(body)) + body[:10])
    await writer.drain()
    assert await _status(reader) == 408
    assert await _closed(reader)
    writer.close()
    assert await hooked.harness.store.wins.count(ada.id) == 0


async def test_idle_half_requests_are_capped_timed_out_and_quiet(
    hooked: Hooked, ada: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    half = b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    held = []
    for _ in range(LIMITS.max_connections):
        reader, writer = await _connect(hooked.port)
        writer.write(half)
        await writer.drain()
        held.append((reader, writer))
    # The connections are queued in the kernel already: a few turns of the loop (the
    # server runs in it) accept them all, without waiting on the wall clock.
    for _ in range(10):
        await asyncio.sleep(0)
    # Beyond the cap: turned away at once rather than holding a descriptor.
    extra = [await _connect(hooked.port) for _ in range(4)]
    assert [await _status(reader) for reader, _ in extra] == [503] * 4
    # The half-requests time out instead of staying open.
    assert [await _status(reader) for reader, _ in held] == [408] * LIMITS.max_connections
    for _, writer in held + extra:
        writer.close()

    # The bot still answers real updates afterwards.
    reply = await hooked.harness.reply(ada, "still here")
    assert "Undo" in reply.button_texts
    # No traceback per bad connection, and at most a summary line.
    assert [r for r in caplog.records if r.exc_info] == []
    assert len([r for r in caplog.records if r.name == "bot.webhook"]) <= 2


async def test_kept_alive_connections_serve_several_updates_then_idle_out(
    hooked: Hooked, ada: FakeUser
) -> None:
    reader, writer = await _connect(hooked.port)
    for update_id, text in ((700, "first win"), (701, "second win")):
        body = _update(ada, update_id, text)
        writer.write(_head(len(body)) + body)
        await writer.drain()
        assert await _status(reader) == 200
        while (await asyncio.wait_for(reader.readline(), ANSWER_WITHIN_S)) not in (b"\r\n", b""):
            pass
    assert await hooked.harness.store.wins.count(ada.id) == 2
    # Nothing more on the connection: closed after the idle timeout.
    assert await _status(reader) == 408
    writer.close()


async def test_wrong_paths_and_methods_are_refused(hooked: Hooked) -> None:
    reader, writer = await _connect(hooked.port)
    writer.write(_head(2, path="/elsewhere"))
    await writer.drain()
    assert await _status(reader) == 404
    writer.close()
    reader, writer = await _connect(hooked.port)
    writer.write(b"GET /hook HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()
    assert await _status(reader) == 405
    writer.close()
