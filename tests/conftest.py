"""Fixtures: a fresh stand-in, a manual clock and the real Application for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_application
from bot.clock import ManualClock
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

    def _new_messages(self, mark: int, chat: FakeUser | FakeGroup | int) -> list[BotMessage]:
        chat_id = chat if isinstance(chat, int) else chat.id
        found = []
        for record in self.stand.sent[mark:]:
            if record.method in MESSAGE_METHODS and record.chat_id == chat_id:
                message = self.stand.bot_message(chat_id, record.message_id or 0)
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

    def answer_to(self, query_id: str) -> str | None:
        answer = self.stand.answered_callbacks.get(query_id)
        return answer.text if answer else None


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
    app = build_application(settings, clock)
    async with polling(app):
        await stand.wait_polling()
        yield Harness(stand, app, clock)


@pytest.fixture
def ada(stand: StandIn) -> FakeUser:
    return stand.user("Ada", language_code="en")
