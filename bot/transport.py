"""How python-telegram-bot reaches the Bot API: a `BaseRequest` on aiohttp (the default,
about a fifth of httpx's CPU per request) or PTB's own httpx one (SMALLWINS_HTTP=httpx).

`AiohttpRequest` behaves like PTB's `HTTPXRequest` where the bot can tell: the same four
timeouts (connect, read, write, pool) with the same defaults and per-call overrides, the
same form and multipart bodies, and the same errors (`TimedOut` for every timeout,
`NetworkError` for every other transport failure), since the sender's retry and
`unknown` logic is built on them. HTTP statuses are left to `BaseRequest`, as PTB does.
"""

from __future__ import annotations

import asyncio
import math
import re
import secrets
import urllib.request
from typing import IO
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractStreamWriter
from aiohttp.payload import Payload
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import HTTPVersion, ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

TRANSPORTS = ("aiohttp", "httpx")
# Concurrent updates (bot/updates.py) each hold at most one request at a time; the
# sender's requests in flight follow Little's law: rate × a generous Bot API round trip.
REPLY_CONNECTIONS = 64
ROUND_TRIP_S = 0.25
# The body is written in pieces this big, each under the write timeout (httpx times each
# socket write the same way), so a slow but moving upload never times out.
WRITE_CHUNK = 64 * 1024
POOL_TIMEOUT_MESSAGE = (
    "Pool timeout: All connections in the connection pool are occupied. "
    "Request was *not* sent to Telegram. Consider adjusting the connection "
    "pool size or the pool timeout."
)
FORM = "application/x-www-form-urlencoded"
# What HTML5 (and httpx) escape in multipart names and file names.
_FORM_ESCAPES = {'"': "%22", "\\": "\\\\"} | {chr(c): f"%{c:02X}" for c in range(0x20) if c != 0x1B}
_FORM_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _FORM_ESCAPES))


# application/x-www-form-urlencoded as urllib.parse.urlencode writes it (what
# `RequestData.url_encoded_parameters` returns): unreserved bytes as they are, the space
# as "+", every other byte of the UTF-8 as %XX. One string per byte, joined in C, instead
# of urllib's Python call per byte: that was a tenth of a win's CPU.
_FORM_BYTE = [
    chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "_.-~") else f"%{b:02X}"
    for b in range(256)
]
_FORM_BYTE[ord(" ")] = "+"


def form_encode(fields: dict[str, str]) -> bytes:
    """The form body for `fields`, byte for byte what `urlencode(fields)` gives."""
    table = _FORM_BYTE.__getitem__
    return "&".join(
        "".join(map(table, name.encode())) + "=" + "".join(map(table, value.encode()))
        for name, value in fields.items()
    ).encode("ascii")


def pool_size_for(rate_per_second: float) -> int:
    """Connections for the replies plus the sends in flight at `rate_per_second`."""
    return REPLY_CONNECTIONS + max(8, math.ceil(rate_per_second * ROUND_TRIP_S))


def make_request(
    transport: str, *, connection_pool_size: int, proxy: str | None = None
) -> BaseRequest:
    """The request object for `transport` ('aiohttp' or 'httpx'), PTB's defaults otherwise."""
    if transport == "httpx":
        return HTTPXRequest(connection_pool_size=connection_pool_size, proxy=proxy)
    if transport == "aiohttp":
        return AiohttpRequest(connection_pool_size=connection_pool_size, proxy=proxy)
    raise ValueError(f"unknown transport {transport!r}: use one of {', '.join(TRANSPORTS)}")


class AiohttpRequest(BaseRequest):
    """`telegram.request.BaseRequest` on an aiohttp `ClientSession`.

    Timeouts mean what they mean for `HTTPXRequest` (None waits forever):
    - pool: waiting for one of `connection_pool_size` connections (`TimedOut` saying the
      request was not sent);
    - connect: name resolution, TCP and TLS (and the proxy's CONNECT);
    - write: each piece of the body reaching the socket (`media_write_timeout` instead
      when the request uploads a file and no write timeout is passed);
    - read: each wait for the answer's bytes, counted once the body is sent.

    `proxy` takes an http:// URL (https:// targets go through CONNECT); without one, the
    usual HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY variables apply, as with httpx.
    SOCKS proxies need `SMALLWINS_HTTP=httpx` and python-telegram-bot[socks]. aiohttp
    speaks HTTP/1.1 only.
    """

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_proxy",
        "_read_timeout",
        "_session",
        "_slots",
        "_timeouts",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        http_version: HTTPVersion = "1.1",
        proxy: str | None = None,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if http_version != "1.1":
            raise ValueError(
                "aiohttp speaks HTTP/1.1 only: for HTTP/2 use SMALLWINS_HTTP=httpx "
                "with python-telegram-bot[http2]"
            )
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        if proxy is not None:
            _check_proxy(proxy)
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        # The proxy for each origin, looked up in the environment once (aiohttp's own
        # trust_env asks a worker thread on every request).
        self._proxies: dict[str, str | None] = {}
        self._timeouts: dict[tuple[float | None, float | None], aiohttp.ClientTimeout] = {}
        self._session: aiohttp.ClientSession | None = None
        # Our own gate in front of aiohttp's pool, so waiting for a connection has its own
        # timeout and error instead of being part of the connect timeout.
        self._slots = asyncio.Semaphore(connection_pool_size)

    @property
    def http_version(self) -> str:
        return "1.1"

    @property
    def read_timeout(self) -> float | None:
        """See `BaseRequest.read_timeout`: the default read timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """See `BaseRequest.initialize`: the session needs a running loop, so it starts here."""
        if self._session is not None and not self._session.closed:
            return
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0),
            headers={"User-Agent": self.USER_AGENT},
            cookie_jar=aiohttp.DummyCookieJar(),  # the Bot API sets none
            timeout=aiohttp.ClientTimeout(total=None),
        )

    async def shutdown(self) -> None:
        """See `BaseRequest.shutdown`."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `BaseRequest.do_request`."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        if isinstance(read_timeout, DefaultValue):
            read_timeout = self._read_timeout
        if isinstance(connect_timeout, DefaultValue):
            connect_timeout = self._connect_timeout
        if isinstance(pool_timeout, DefaultValue):
            pool_timeout = self._pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write_timeout = self._media_write_timeout if files else self._write_timeout

        body: _Body | None = None
        if request_data is not None:
            if files:
                content, content_type = await _multipart(request_data.json_parameters, files)
            else:
                content = form_encode(request_data.json_parameters)
                content_type = FORM
            body = _Body(content, content_type, write_timeout)

        await self._take_slot(pool_timeout)
        try:
            async with session.request(
                method,
                url,
                data=body,
                timeout=self._timeout(connect_timeout, read_timeout),
                proxy=self._proxy_for(url),
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # connect, read and write timeouts alike
            raise TimedOut from err
        except (aiohttp.ClientError, OSError) as err:
            # Refused, reset, a broken answer: httpx's transport errors become this too.
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err
        finally:
            self._slots.release()

    async def _take_slot(self, pool_timeout: float | None) -> None:
        if not self._slots.locked():
            await self._slots.acquire()  # free: returns without waiting
            return
        try:
            async with asyncio.timeout(pool_timeout):
                await self._slots.acquire()
        except TimeoutError as err:
            raise TimedOut(message=POOL_TIMEOUT_MESSAGE) from err

    def _timeout(self, connect: float | None, read: float | None) -> aiohttp.ClientTimeout:
        key = (connect, read)
        timeout = self._timeouts.get(key)
        if timeout is None:
            if len(self._timeouts) > 64:
                self._timeouts.clear()
            # `connect` covers resolving, TCP, TLS and a proxy; our gate already holds a
            # connection slot, so aiohttp's own pool never waits inside it.
            timeout = aiohttp.ClientTimeout(total=None, connect=connect, sock_read=read)
            self._timeouts[key] = timeout
        return timeout

    def _proxy_for(self, url: str) -> str | None:
        if self._proxy is not None:
            return self._proxy
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._proxies:
            self._proxies[origin] = _environment_proxy(parts.scheme, parts.hostname or "")
        return self._proxies[origin]


def _check_proxy(proxy: str) -> None:
    scheme = urlsplit(proxy).scheme
    if scheme not in ("http", "https"):
        raise ValueError(
            f"aiohttp supports http:// proxies, not {scheme or 'this'}://: for SOCKS use "
            "SMALLWINS_HTTP=httpx with python-telegram-bot[socks]"
        )


def _environment_proxy(scheme: str, host: str) -> str | None:
    """The proxy the standard variables name for this scheme and host, if any."""
    proxies = urllib.request.getproxies_environment()
    if not proxies or urllib.request.proxy_bypass(host):
        return None
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy is None or urlsplit(proxy).scheme not in ("http", "https"):
        return None  # httpx, too, takes no SOCKS proxy from the environment
    return proxy


class _Body(Payload):
    """A request body in memory, written in pieces, each within the write timeout."""

    _autoclose = True  # nothing to close: bytes in memory

    def __init__(self, content: bytes, content_type: str, write_timeout: float | None) -> None:
        super().__init__(content, content_type=content_type)
        self._size = len(content)
        self._write_timeout = write_timeout

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return bytes(self._value).decode(encoding, errors)

    async def write(self, writer: AbstractStreamWriter) -> None:
        await self.write_with_length(writer, None)

    async def write_with_length(
        self, writer: AbstractStreamWriter, content_length: int | None
    ) -> None:
        view = memoryview(self._value)
        if content_length is not None:
            view = view[:content_length]
        for start in range(0, len(view), WRITE_CHUNK):
            # A TimeoutError here fails the request with it (aiohttp hands it on).
            async with asyncio.timeout(self._write_timeout):
                await writer.write(view[start : start + WRITE_CHUNK])


async def _multipart(fields: dict[str, str], files: UploadFileDict) -> tuple[bytes, str]:
    """multipart/form-data as httpx builds it: the fields, then the files."""
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(_part_head(boundary, name, None, None) + value.encode())
    for name, (filename, content, mimetype) in files.items():
        data = content if isinstance(content, bytes) else await _read(content)
        parts.append(_part_head(boundary, name, filename, mimetype) + data)
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


async def _read(handle: IO[bytes]) -> bytes:
    return await asyncio.to_thread(handle.read)


def _part_head(boundary: str, name: str, filename: str | None, mimetype: str | None) -> bytes:
    disposition = f'form-data; name="{_escape(name)}"'
    if filename is not None:
        disposition += f'; filename="{_escape(filename)}"'
    lines = [f"--{boundary}", f"Content-Disposition: {disposition}"]
    if mimetype is not None:
        lines.append(f"Content-Type: {mimetype}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _escape(value: str) -> str:
    return _FORM_ESCAPE_RE.sub(lambda match: _FORM_ESCAPES[match.group(0)], value)
