"""The webhook endpoint Telegram posts updates to, hardened for a public network.

Small and hand-written on asyncio streams, because python-telegram-bot's tornado server
reads a whole body (up to 100 MB) before anyone checks the secret, has no header, body or
idle timeout and no connection cap, and logs a traceback for every client that goes away.
Here, per connection:

- the request head must arrive within `header_timeout` (a new request on a kept-alive
  connection within `idle_timeout`), and is at most `max_header_bytes`;
- path, method and the `X-Telegram-Bot-Api-Secret-Token` header are checked from the
  head: 404, 405 or 403 before a byte of body is read;
- the body needs a Content-Length of at most `max_body` (411, 413 otherwise) and must
  arrive within `body_timeout` (408);
- beyond `max_connections` open connections a new one gets 503 and is closed at once.

Clients that misbehave are answered and closed without a traceback; a summary line is
logged at most once a minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus

logger = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
LOG_EVERY_S = 60.0

Deliver = Callable[[bytes], Awaitable[int]]
"""Takes one authenticated request body; returns the HTTP status to answer with."""


@dataclass(frozen=True, slots=True)
class WebhookLimits:
    """How much a client may ask of the server. Telegram's updates are a few KB, its
    requests arrive whole, and it opens at most 40 connections (setWebhook's default)."""

    max_body: int = 1024 * 1024
    max_header_bytes: int = 16 * 1024
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    idle_timeout: float = 30.0
    max_connections: int = 100


class _Reject(Exception):
    """Answer with `status` and close the connection."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Head:
    method: str
    path: str
    version: str
    headers: dict[str, str]

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return connection == "keep-alive"
        return connection != "close"


class WebhookServer:
    """Serves one path; each authenticated body goes to `deliver`."""

    def __init__(
        self, path: str, secret: str, deliver: Deliver, limits: WebhookLimits | None = None
    ) -> None:
        self._path = "/" + path.strip("/")
        self._secret = secret.encode()
        self._deliver = deliver
        self.limits = limits or WebhookLimits()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        # What went wrong with clients since the last summary line (status or reason).
        self.rejected: Counter[str] = Counter()
        self._unlogged: Counter[str] = Counter()
        self._last_log = -LOG_EVERY_S
        self.port: int | None = None

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (0 picks a free port, see `self.port`)."""
        self._server = await asyncio.start_server(
            self._connection, host, port, limit=self.limits.max_header_bytes
        )
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("Webhook server listening on %s:%s", host, self.port)

    async def stop(self) -> None:
        """Stop listening and close every connection (an update being handled finishes
        first only if it does so before the cancellation reaches it)."""
        if self._server is None:
            return
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 1.0)
        self._server = None

    # ------------------------------------------------------------------ connections

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        if len(self._connections) >= self.limits.max_connections:
            self._note("connection cap reached")
            await self._close(writer, HTTPStatus.SERVICE_UNAVAILABLE)
            return
        self._connections.add(task)
        try:
            await self._serve(reader, writer)
        except asyncio.CancelledError:
            # The server is stopping. Not re-raised: asyncio would log the cancelled
            # connection task as an error.
            await self._close(writer, None)
        except Exception:
            # Not a client misbehaving: a bug. One traceback, then the connection goes.
            logger.exception("The webhook server failed on a request")
            await self._close(writer, HTTPStatus.INTERNAL_SERVER_ERROR)
        finally:
            self._connections.discard(task)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        first = True
        while True:
            try:
                head = await self._read_head(reader, first)
                if head is None:  # the client closed the connection between requests
                    await self._close(writer, None)
                    return
                body = await self._read_body(reader, writer, head)
            except _Reject as reject:
                self._note(reject.reason)
                await self._close(writer, reject.status)
                return
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self._note("client went away")
                await self._close(writer, None)
                return
            status = await self._deliver(body)
            keep = head.keep_alive
            self._respond(writer, status, keep_alive=keep)
            try:
                await writer.drain()
            except (ConnectionError, OSError):
                self._note("client went away")
                await self._close(writer, None)
                return
            if not keep:
                await self._close(writer, None)
                return
            first = False

    async def _read_head(self, reader: asyncio.StreamReader, first: bool) -> _Head | None:
        limits = self.limits
        loop = asyncio.get_running_loop()
        # A new connection has `header_timeout` for its whole request head; between
        # requests on a kept-alive one the first byte may take `idle_timeout`.
        deadline = loop.time() + limits.header_timeout
        wait = limits.header_timeout if first else limits.idle_timeout
        try:
            start = await asyncio.wait_for(reader.read(1), wait)
        except TimeoutError:
            raise _Reject(HTTPStatus.REQUEST_TIMEOUT, "idle connection timed out") from None
        if not start:
            return None
        if not first:
            deadline = loop.time() + limits.header_timeout
        try:
            rest = await asyncio.wait_for(
                reader.readuntil(b"\r\n\r\n"), max(deadline - loop.time(), 0.0)
            )
        except TimeoutError:
            raise _Reject(HTTPStatus.REQUEST_TIMEOUT, "request head timed out") from None
        except asyncio.LimitOverrunError:
            raise _Reject(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head too large"
            ) from None
        return _parse_head(start + rest)

    async def _read_body(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: _Head
    ) -> bytes:
        if head.path.split("?", 1)[0] != self._path:
            raise _Reject(HTTPStatus.NOT_FOUND, "unknown path")
        if head.method != "POST":
            raise _Reject(HTTPStatus.METHOD_NOT_ALLOWED, "not a POST")
        secret = head.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(secret, self._secret):
            raise _Reject(HTTPStatus.FORBIDDEN, "wrong or missing secret")
        if "transfer-encoding" in head.headers:
            raise _Reject(HTTPStatus.LENGTH_REQUIRED, "chunked body")
        raw_length = head.headers.get("content-length")
        if raw_length is None:
            raise _Reject(HTTPStatus.LENGTH_REQUIRED, "no Content-Length")
        if not raw_length.isdigit():
            raise _Reject(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        length = int(raw_length)
        if length > self.limits.max_body:
            raise _Reject(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        if head.headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            return await asyncio.wait_for(reader.readexactly(length), self.limits.body_timeout)
        except TimeoutError:
            raise _Reject(HTTPStatus.REQUEST_TIMEOUT, "body timed out") from None

    # ------------------------------------------------------------------ answers

    @staticmethod
    def _respond(writer: asyncio.StreamWriter, status: int, *, keep_alive: bool) -> None:
        phrase = HTTPStatus(status).phrase
        connection = "keep-alive" if keep_alive else "close"
        writer.write(
            f"HTTP/1.1 {status} {phrase}\r\nContent-Length: 0\r\n"
            f"Connection: {connection}\r\n\r\n".encode()
        )

    async def _close(self, writer: asyncio.StreamWriter, status: int | None) -> None:
        """Answer `status` (if any) and close, never waiting long on the client."""
        with contextlib.suppress(Exception):
            if status is not None and not writer.is_closing():
                self._respond(writer, status, keep_alive=False)
                await asyncio.wait_for(writer.drain(), 1.0)
        writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(writer.wait_closed(), 1.0)

    def _note(self, reason: str) -> None:
        """Count a misbehaving client; a summary line at most once a minute."""
        self.rejected[reason] += 1
        self._unlogged[reason] += 1
        now = asyncio.get_running_loop().time()
        if now - self._last_log >= LOG_EVERY_S:
            summary = ", ".join(f"{n} × {what}" for what, n in self._unlogged.most_common())
            logger.warning("Webhook clients turned away: %s", summary)
            self._unlogged.clear()
            self._last_log = now


def _parse_head(raw: bytes) -> _Head:
    try:
        text = raw.decode("latin-1")
        request_line, *header_lines = text.split("\r\n")
        method, path, version = request_line.split(" ")
    except ValueError:
        raise _Reject(HTTPStatus.BAD_REQUEST, "malformed request line") from None
    if not version.startswith("HTTP/1."):
        raise _Reject(HTTPStatus.BAD_REQUEST, "not HTTP/1.x")
    headers: dict[str, str] = {}
    for line in header_lines:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise _Reject(HTTPStatus.BAD_REQUEST, "malformed header")
        key = name.lower()
        if key in headers and key in ("content-length", SECRET_HEADER):
            raise _Reject(HTTPStatus.BAD_REQUEST, "repeated header")
        headers[key] = value.strip()
    return _Head(method, path, version, headers)
