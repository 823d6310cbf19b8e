"""The aiohttp transport maps every fault as python-telegram-bot's httpx one does.

Each mapping test runs against both `AiohttpRequest` and PTB's `HTTPXRequest`, so "the
same as httpx" is checked, not assumed. Servers are tiny and local (127.0.0.1); the
timeouts are a fraction of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from telegram import Bot, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.app import build_application
from bot.config import ConfigError, Settings
from bot.transport import AiohttpRequest, form_encode, make_request, pool_size_for
from bot.updates import ConfirmWhenHandled, InFlight

TOKEN = "123456:TEST-token"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Factory = Callable[..., BaseRequest]

TRANSPORTS: dict[str, Factory] = {"aiohttp": AiohttpRequest, "httpx": HTTPXRequest}


@pytest.fixture(params=sorted(TRANSPORTS))
def make(request: pytest.FixtureRequest) -> Factory:
    """Builds the transport under test with the given options."""
    return TRANSPORTS[request.param]


@dataclass
class Api:
    """A Bot API that answers each method as told; records what arrived."""

    base_url: str = ""
    answers: dict[str, Handler] = field(default_factory=dict)
    seen: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, method: str) -> str:
        return f"{self.base_url}{TOKEN}/{method}"

    def answer(self, method: str, status: int, body: dict[str, Any]) -> None:
        async def handler(request: web.Request) -> web.Response:
            return web.json_response(body, status=status)

        self.answers[method] = handler

    def hang(self, method: str) -> None:
        """Never answer (until the test ends)."""

        async def handler(request: web.Request) -> web.Response:
            await self.release.wait()
            return web.json_response({"ok": True, "result": True})

        self.answers[method] = handler


async def _record(api: Api, request: web.Request) -> dict[str, Any]:
    form = await request.post()
    fields: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            fields[key] = (value.filename, value.content_type, value.file.read())
        else:
            fields[key] = value
    api.seen.append((request.match_info["method"], request.path_qs, fields))
    api.arrived.set()
    return fields


@contextlib.asynccontextmanager
async def _serve(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    state = Api()

    async def dispatch(request: web.Request) -> web.StreamResponse:
        await _record(state, request)
        method = request.match_info["method"]
        handler = state.answers.get(method)
        if handler is not None:
            return await handler(request)
        if method == "getMe":
            me = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "test_bot"}
            return web.json_response({"ok": True, "result": me})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", dispatch)
    async with _serve(app) as url:
        state.base_url = f"{url}/bot"
        yield state
        state.release.set()


def _data(**params: Any) -> RequestData:
    return RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])


async def _post(request: BaseRequest, url: str, **timeouts: float) -> Any:
    async with request:
        return await request.post(url, _data(chat_id=7, text="hello"), **timeouts)


# ---------------------------------------------------------------------- success


async def test_a_call_sends_the_parameters_as_a_form_and_returns_the_result(
    make: Factory, api: Api
) -> None:
    api.answer("sendMessage", 200, {"ok": True, "result": {"done": "yes"}})
    assert await _post(make(), api.url("sendMessage")) == {"done": "yes"}
    method, _, fields = api.seen[-1]
    assert method == "sendMessage"
    assert fields == {"chat_id": "7", "text": "hello"}


async def test_photo_and_document_uploads_arrive_whole(make: Factory, api: Api) -> None:
    png = bytes(range(256)) * 300  # bigger than one written piece
    async with Bot(TOKEN, base_url=api.base_url, request=make()) as bot:
        await bot.send_photo(42, InputFile(png, filename="jar.png"), caption="Your jar")
        await bot.send_document(
            42, InputFile(b"a,b\n1,2\n", filename='wins "2026".csv'), caption="ü"
        )
    photo = next(fields for method, _, fields in api.seen if method == "sendPhoto")
    document = next(fields for method, _, fields in api.seen if method == "sendDocument")
    assert photo["chat_id"] == "42"
    assert photo["caption"] == "Your jar"
    assert photo["photo"] == ("jar.png", "image/png", png)
    assert document["caption"] == "ü"
    assert document["document"][2] == b"a,b\n1,2\n"
    assert document["document"][0] in ('wins "2026".csv', "wins %222026%22.csv")


async def test_defaults_and_the_read_timeout_property_follow_httpx() -> None:
    ours, theirs = AiohttpRequest(), HTTPXRequest()
    assert ours.read_timeout == theirs.read_timeout == 5.0
    assert AiohttpRequest(read_timeout=None).read_timeout is None
    assert ours.http_version == "1.1"
    with pytest.raises(ValueError, match=r"HTTP/1\.1"):
        AiohttpRequest(http_version="2")


async def test_requests_need_initialize_and_survive_a_restart(api: Api) -> None:
    request = AiohttpRequest()
    with pytest.raises(NetworkError, match="not initialized"):  # as for httpx
        await request.post(api.url("getMe"))
    async with request:
        assert (await request.post(api.url("getMe")))["username"] == "test_bot"
    with pytest.raises(NetworkError, match="not initialized"):  # as for httpx
        await request.post(api.url("getMe"))
    async with request:  # PTB may initialize a request again after shutdown
        assert (await request.post(api.url("getMe")))["username"] == "test_bot"


# ---------------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("status", "body", "error", "match"),
    [
        (400, {"description": "Bad Request: chat not found"}, BadRequest, "(?i)chat not found"),
        (403, {"description": "Forbidden: bot was blocked by the user"}, Forbidden, "blocked"),
        (500, {"description": "Internal Server Error"}, NetworkError, "Internal Server Error"),
        (502, {}, NetworkError, r"Bad Gateway \(502\)"),
        (504, {"description": "Gateway Timeout"}, NetworkError, "Gateway Timeout"),
    ],
)
async def test_http_statuses_become_telegram_errors(
    make: Factory, api: Api, status: int, body: dict[str, Any], error: type[Exception], match: str
) -> None:
    api.answer("sendMessage", status, {"ok": False, "error_code": status, **body})
    with pytest.raises(error, match=match) as raised:
        await _post(make(), api.url("sendMessage"))
    assert not isinstance(raised.value, TimedOut)  # a 5xx is an answer, not a timeout


async def test_429_carries_retry_after(make: Factory, api: Api) -> None:
    api.answer(
        "sendMessage",
        429,
        {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
         "parameters": {"retry_after": 3}},
    )  # fmt: skip
    with pytest.raises(RetryAfter) as raised:
        await _post(make(), api.url("sendMessage"))
    assert raised.value.retry_after == timedelta(seconds=3)


async def test_a_migrated_chat_names_its_new_id(make: Factory, api: Api) -> None:
    api.answer(
        "sendMessage",
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: group upgraded",
         "parameters": {"migrate_to_chat_id": -1009}},
    )  # fmt: skip
    with pytest.raises(ChatMigrated) as raised:
        await _post(make(), api.url("sendMessage"))
    assert raised.value.new_chat_id == -1009


# ---------------------------------------------------------------------- timeouts


async def test_a_slow_answer_times_out_by_the_default_read_timeout(make: Factory, api: Api) -> None:
    api.hang("sendMessage")
    with pytest.raises(TimedOut):
        await asyncio.wait_for(_post(make(read_timeout=0.2), api.url("sendMessage")), 5)


async def test_a_per_call_read_timeout_overrides_the_default(make: Factory, api: Api) -> None:
    api.hang("sendMessage")
    with pytest.raises(TimedOut):
        await asyncio.wait_for(_post(make(), api.url("sendMessage"), read_timeout=0.2), 5)


async def test_a_full_pool_times_out_without_sending(make: Factory, api: Api) -> None:
    api.hang("sendMessage")
    request = make(connection_pool_size=1, pool_timeout=0.2)
    async with request:
        holding = asyncio.create_task(request.post(api.url("sendMessage"), _data(chat_id=1)))
        await asyncio.wait_for(api.arrived.wait(), 5)
        with pytest.raises(TimedOut, match="Pool timeout"):
            await asyncio.wait_for(request.post(api.url("getMe")), 5)
        assert [method for method, _, _ in api.seen] == ["sendMessage"]  # never sent
        api.release.set()
        await holding


async def test_a_per_call_pool_timeout_overrides_the_default(make: Factory, api: Api) -> None:
    api.hang("sendMessage")
    request = make(connection_pool_size=1, pool_timeout=None)
    async with request:
        holding = asyncio.create_task(request.post(api.url("sendMessage"), _data(chat_id=1)))
        await asyncio.wait_for(api.arrived.wait(), 5)
        with pytest.raises(TimedOut, match="Pool timeout"):
            await asyncio.wait_for(request.post(api.url("getMe"), pool_timeout=0.2), 5)
        api.release.set()
        await holding


@contextlib.asynccontextmanager
async def _unreachable() -> AsyncIterator[str]:
    """A port whose accept queue is full: new connections hang in the handshake."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        yield f"http://127.0.0.1:{port}/bot{TOKEN}/getMe"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_a_connection_that_never_completes_times_out(make: Factory) -> None:
    async with _unreachable() as url:
        with pytest.raises(TimedOut) as raised:
            await asyncio.wait_for(_post(make(connect_timeout=0.3), url), 5)
        assert "Pool timeout" not in str(raised.value)
        with pytest.raises(TimedOut):  # and per call
            await asyncio.wait_for(_post(make(), url, connect_timeout=0.3), 5)


@contextlib.asynccontextmanager
async def _not_reading() -> AsyncIterator[str]:
    """A server that accepts and never reads, so a big upload fills the socket."""
    stop = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await stop.wait()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot{TOKEN}/sendDocument"
    finally:
        stop.set()
        server.close()
        await server.wait_closed()


def _big_upload() -> RequestData:
    big = InputFile(b"x" * (32 * 1024 * 1024), filename="big.bin")
    return _data(chat_id=1, document=big)


async def test_an_upload_that_cannot_be_written_times_out(make: Factory) -> None:
    async with _not_reading() as url:
        # Uploads use the media write timeout by default ...
        request = make(media_write_timeout=0.3)
        async with request:
            with pytest.raises(TimedOut):
                await asyncio.wait_for(request.post(url, _big_upload()), 10)
        # ... and a write timeout passed with the call wins.
        request = make()
        async with request:
            with pytest.raises(TimedOut):
                await asyncio.wait_for(request.post(url, _big_upload(), write_timeout=0.3), 10)


# ---------------------------------------------------------------------- broken connections


async def test_a_refused_connection_is_a_network_error(make: Factory) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nobody listens there now
    with pytest.raises(NetworkError) as raised:
        await _post(make(), f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    assert not isinstance(raised.value, TimedOut)


async def test_a_reset_connection_is_a_network_error(make: Factory) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()  # RST, no answer

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with pytest.raises(NetworkError) as raised:
            await asyncio.wait_for(_post(make(), f"http://127.0.0.1:{port}/bot{TOKEN}/x"), 5)
        assert not isinstance(raised.value, TimedOut)
    finally:
        server.close()
        await server.wait_closed()


async def test_a_garbled_answer_is_a_network_error(make: Factory) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"this is not HTTP\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with pytest.raises(NetworkError) as raised:
            await asyncio.wait_for(_post(make(), f"http://127.0.0.1:{port}/bot{TOKEN}/x"), 5)
        assert not isinstance(raised.value, TimedOut)
    finally:
        server.close()
        await server.wait_closed()


# ---------------------------------------------------------------------- proxies


@pytest.fixture
async def proxy() -> AsyncIterator[tuple[str, list[str]]]:
    """A forward proxy for plain http:// targets that answers for the target itself."""
    targets: list[str] = []

    async def forward(request: web.Request) -> web.Response:
        targets.append(str(request.url) if request.path.startswith("http") else request.path_qs)
        return web.json_response({"ok": True, "result": {"via": "proxy"}})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    async with _serve(app) as url:
        yield url, targets


async def test_requests_go_through_a_configured_proxy(
    make: Factory, proxy: tuple[str, list[str]]
) -> None:
    proxy_url, targets = proxy
    target = f"http://api.telegram.invalid/bot{TOKEN}/getMe"
    assert await _post(make(proxy=proxy_url), target) == {"via": "proxy"}
    assert targets == [target] or targets[0].endswith(f"/bot{TOKEN}/getMe")


async def test_the_proxy_variables_of_the_environment_apply(
    proxy: tuple[str, list[str]], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy_url, targets = proxy
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    monkeypatch.setenv("NO_PROXY", "localhost")
    assert await _post(AiohttpRequest(), "http://api.telegram.invalid/botX/getMe") == {
        "via": "proxy"
    }
    assert len(targets) == 1
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    await _post(AiohttpRequest(), api.url("sendMessage"))  # bypassed: straight to the API
    assert len(targets) == 1
    assert api.seen[-1][0] == "sendMessage"


def test_a_socks_proxy_is_refused_with_what_would_work() -> None:
    with pytest.raises(ValueError, match="SMALLWINS_HTTP=httpx"):
        AiohttpRequest(proxy="socks5://127.0.0.1:1080")
    with pytest.raises(ConfigError, match="SMALLWINS_HTTP=httpx"):
        Settings.from_env({"SMALLWINS_PROXY": "socks5://127.0.0.1:1080"})
    assert (
        Settings.from_env(
            {"SMALLWINS_PROXY": "socks5://127.0.0.1:1080", "SMALLWINS_HTTP": "httpx"}
        ).proxy
        == "socks5://127.0.0.1:1080"
    )
    with pytest.raises(ConfigError, match="SMALLWINS_PROXY"):
        Settings.from_env({"SMALLWINS_PROXY": "proxy.example:3128"})


# ---------------------------------------------------------------------- wiring


def test_the_transport_is_a_setting_with_aiohttp_by_default() -> None:
    assert Settings.from_env({}).http == "aiohttp"
    assert Settings.from_env({"SMALLWINS_HTTP": "HTTPX"}).http == "httpx"
    with pytest.raises(ConfigError, match="SMALLWINS_HTTP"):
        Settings.from_env({"SMALLWINS_HTTP": "requests"})
    assert "secret" not in repr(Settings.from_env({"SMALLWINS_PROXY": "http://u:secret@p:1"}))
    with pytest.raises(ValueError, match="unknown transport"):
        make_request("curl", connection_pool_size=1)


def test_the_pool_grows_with_the_send_rate() -> None:
    assert pool_size_for(30) < pool_size_for(1000)
    assert pool_size_for(1000) >= 64 + 250  # replies plus 1,000/s × a slow round trip


@pytest.mark.parametrize("http", sorted(TRANSPORTS))
def test_both_connections_use_the_chosen_transport(http: str, tmp_path: Path) -> None:
    settings = Settings(token=TOKEN, db_path=tmp_path / "bot.db", http=http)
    bot = build_application(settings).bot
    calls, polls = bot._request[1], bot._request[0]
    assert isinstance(calls, TRANSPORTS[http])
    assert isinstance(polls, ConfirmWhenHandled)
    assert isinstance(polls._request, TRANSPORTS[http])
    assert polls.read_timeout == 5.0  # PTB adds the long-poll timeout to this


async def test_get_updates_waits_for_handling_then_polls_through_the_transport(
    api: Api,
) -> None:
    in_flight = InFlight()
    update = object()
    taken = in_flight.taken(update)
    polls = ConfirmWhenHandled(in_flight, AiohttpRequest())
    api.answer("getUpdates", 200, {"ok": True, "result": []})
    async with polls:
        asking = asyncio.create_task(polls.post(api.url("getUpdates"), _data(offset=5)))
        with pytest.raises(TimeoutError):  # the previous batch is not handled yet
            await asyncio.wait_for(asyncio.shield(api.arrived.wait()), 0.2)
        assert not api.seen
        in_flight.handled(update)
        assert await asyncio.wait_for(asking, 5) == []
    assert api.seen[0][0] == "getUpdates"
    assert api.seen[0][2] == {"offset": "5"}
    assert taken.done()


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"chat_id": "42", "text": "plain"},
        {"text": "walked 10 minutes & felt = better +1 100% ~ok_./-"},
        {"text": "🎉 Ärger überwunden\nnäher dran\t«да» تو ‏", "parse_mode": "HTML"},
        {"reply_markup": '{"inline_keyboard":[[{"text":"Undo","callback_data":"undo:7"}]]}'},
        {"a b": "", "ключ": "\x00\x7f\x80", "emoji🙂": " leading and trailing "},
    ],
)
def test_the_form_body_is_what_urlencode_writes(fields: dict[str, str]) -> None:
    assert form_encode(fields) == urlencode(fields).encode()


def test_the_form_body_is_what_urlencode_writes_for_every_character() -> None:
    every = "".join(chr(c) for c in range(0x800)) + "".join(chr(c) for c in range(0xE000, 0x10000))
    fields = {every[i : i + 97]: every[i + 97 : i + 300] for i in range(0, len(every), 300)}
    assert form_encode(fields) == urlencode(fields).encode()
