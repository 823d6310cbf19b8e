"""Fixtures and helpers the tests share: a fresh stand-in, a manual clock, the real
Application paced on a manual timer (build_app, running, started, caught_up) and the
Harness that drives it."""

from __future__ import annotations

import asyncio
import math
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import httpx._transports.default as httpx_transports
import pytest

from bot.app import build_application
from bot.clock import ManualClock, Timer
from bot.config import Settings
from bot.context import SmallwinsApp
from bot.lifecycle import polling
from bot.standin import StandIn
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage, UserMessage
from storage import Store

# A Monday, midday UTC.
START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MESSAGE_METHODS = {"sendMessage", "sendPhoto", "sendDocument"}


class ManualTimer:
    """Monotonic seconds that move only when slept on: what the bot paces its sends by in
    tests, so per-chat gaps and the global rate take no real time and leave the test's
    clock where the test put it."""

    def __init__(self) -> None:
        self._micros = 0

    def monotonic(self) -> float:
        return self._micros / 1_000_000

    async def sleep(self, seconds: float) -> None:
        # Whole microseconds, rounded up (as ManualClock): a waiter always gets there.
        if seconds > 0:
            self._micros += math.ceil(seconds * 1_000_000)
        await asyncio.sleep(0)


@dataclass
class Harness:
    """The running bot, the Telegram stand-in it talks to, and the clock it reads."""

    stand: StandIn
    app: SmallwinsApp
    clock: ManualClock

    @property
    def store(self) -> Store:
        return self.app.services.store

    async def settle(self, update: UserMessage | int | None = None) -> None:
        """Wait until the bot has taken the update and finished handling it."""
        await self.stand.wait_acknowledged(update)
        await self.app.update_queue.join()

    def _mark(self) -> int:
        return len(self.stand.sent)

    def _new_messages(
        self, mark: int, chat: FakeUser | FakeGroup | int | None = None
    ) -> list[BotMessage]:
        """Messages the bot sent since `mark`, to `chat` (None: to any chat)."""
        chat_id = chat.id if isinstance(chat, FakeUser | FakeGroup) else chat
        found = []
        for record in self.stand.sent[mark:]:
            if record.method not in MESSAGE_METHODS or record.chat_id is None:
                continue
            if chat_id is not None and record.chat_id != chat_id:
                continue
            message = self.stand.bot_message(record.chat_id, record.message_id or 0)
            if message is not None:
                found.append(message)
        return found

    async def send(
        self, user: FakeUser, text: str, *, chat: FakeGroup | None = None, **kwargs: object
    ) -> list[BotMessage]:
        """The user sends `text`; returns what the bot sent back to that chat."""
        mark = self._mark()
        message = user.send(text, chat=chat, **kwargs)  # type: ignore[arg-type]
        await self.settle(message)
        return self._new_messages(mark, chat or user)

    async def reply(self, user: FakeUser, text: str, **kwargs: object) -> BotMessage:
        """Like send, expecting exactly one message back."""
        replies = await self.send(user, text, **kwargs)  # type: ignore[arg-type]
        assert len(replies) == 1, [m.text for m in replies]
        return replies[0]

    async def act(
        self,
        user: FakeUser,
        action: str,
        *args: object,
        chat: FakeUser | FakeGroup | None = None,
        **kwargs: object,
    ) -> list[BotMessage]:
        """Any FakeUser action (send_photo, edit, press, ...); returns the bot's new messages."""
        mark = self._mark()
        before = self.stand.last_update_id
        getattr(user, action)(*args, **kwargs)
        if self.stand.last_update_id != before:
            await self.settle(self.stand.last_update_id)
        return self._new_messages(mark, chat or user)

    async def press(self, user: FakeUser, message: BotMessage, button: str) -> list[BotMessage]:
        return await self.act(user, "press", message, button)

    async def tick_at(self, instant: datetime) -> list[BotMessage]:
        """Move the clock to `instant`, run the tick as the JobQueue would and wait for the
        sender to drain; returns the messages the bot sent meanwhile, to any chat."""
        mark = self._mark()
        self.clock.set(instant)
        await self.app.services.nudges.tick()
        await self.app.services.nudges.drained(timeout=10)
        return self._new_messages(mark)

    def answer_to(self, query_id: str) -> str | None:
        answer = self.stand.answered_callbacks.get(query_id)
        return answer.text if answer else None


def build_app(settings: Settings, clock: ManualClock, timer: Timer | None = None) -> SmallwinsApp:
    """The real Application, pacing on `timer` (by default a fresh ManualTimer)."""
    app = build_application(settings, clock)
    app.services.use_timer(timer or ManualTimer())
    return app


@asynccontextmanager
async def running(stand: StandIn, settings: Settings, clock: ManualClock) -> AsyncIterator[Harness]:
    """A bot built from `settings`, polling the stand-in; stopped on the way out."""
    app = build_app(settings, clock)
    async with polling(app):
        await stand.wait_polling()
        yield Harness(stand, app, clock)


@asynccontextmanager
async def started(settings: Settings, clock: ManualClock) -> AsyncIterator[SmallwinsApp]:
    """A bot up again after downtime that has not read its updates yet: started as
    polling starts it (the database, the sender), but polling nothing."""
    app = build_app(settings, clock)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    try:
        yield app
    finally:
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
        await app.shutdown()


@asynccontextmanager
async def caught_up(
    stand: StandIn, settings: Settings, clock: ManualClock
) -> AsyncIterator[Harness]:
    """A bot polling again after downtime, once it has handled every update that waited."""
    app = build_app(settings, clock)
    async with polling(app):
        await stand.wait_acknowledged(stand.last_update_id)
        await app.update_queue.join()
        yield Harness(stand, app, clock)


@pytest.fixture(autouse=True, scope="session")
def _one_ssl_context() -> Iterator[None]:
    """Every client here speaks plain HTTP to 127.0.0.1, yet httpx loads the CA bundle for
    each one it makes (tens of milliseconds, twice per bot): load it once per session."""
    create = httpx_transports.create_ssl_context
    shared = create()

    def once(
        verify: ssl.SSLContext | str | bool = True, cert: object = None, trust_env: bool = True
    ) -> ssl.SSLContext:
        if verify is True and cert is None and trust_env:
            return shared
        return create(verify, cert, trust_env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx_transports, "create_ssl_context", once)
        yield


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def stand() -> AsyncIterator[StandIn]:
    async with StandIn() as s:
        yield s


@pytest.fixture
def settings(stand: StandIn, tmp_path: Path) -> Settings:
    # tick_seconds=0: no repeating job; tests call the tick after moving the clock.
    # telegram_second and rate_per_second: replies keep Telegram's limits on a 100x faster
    # clock, so steps of a test need not wait a real second for the chat's last message.
    return Settings(
        token=stand.token,
        db_path=tmp_path / "bot.db",
        api_url=stand.base_url,
        tick_seconds=0,
        telegram_second=0.01,
        rate_per_second=1000,
    )


@pytest.fixture
async def bot(stand: StandIn, clock: ManualClock, settings: Settings) -> AsyncIterator[Harness]:
    async with running(stand, settings, clock) as harness:
        yield harness


@pytest.fixture
async def watched(
    stand: StandIn, clock: ManualClock, settings: Settings
) -> AsyncIterator[tuple[Harness, str]]:
    """The bot with its health endpoint on a free port, and the endpoint's base URL."""
    async with running(stand, replace(settings, health_port=0), clock) as harness:
        health = harness.app.services.health
        assert health is not None
        yield harness, f"http://127.0.0.1:{health.port}"


@pytest.fixture
def ada(stand: StandIn) -> FakeUser:
    return stand.user("Ada", language_code="en")


@pytest.fixture
def bob(stand: StandIn) -> FakeUser:
    return stand.user("Bob")


@pytest.fixture
def carol(stand: StandIn) -> FakeUser:
    return stand.user("Carol")
