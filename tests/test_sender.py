"""The sender against a scripted bot: TimedOut, ChatMigrated and server errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.error import ChatMigrated, NetworkError, TimedOut

from bot.clock import ManualClock
from bot.prompts import Prompt
from bot.sender import Rendered, Sender
from storage import Store
from storage.nudges import OutboxRow, ScheduleRow

NOW = datetime(2026, 11, 24, 8, tzinfo=UTC)
GROUP = -4_000_000_001


@dataclass
class Sent:
    message_id: int


class ScriptedBot:
    """Raises the scripted errors in order, then accepts; records every attempt."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.attempts: list[int] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Sent:
        self.attempts.append(chat_id)
        if self.errors:
            raise self.errors.pop(0)
        return Sent(len(self.attempts))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "sender.db")
    yield opened
    await opened.close()


async def _render(row: OutboxRow) -> Rendered:
    return Prompt("Good morning")


async def _run(store: Store, bot: ScriptedBot, chat_id: int = 42) -> Sender:
    clock = ManualClock(NOW)
    sender = Sender(
        bot,  # type: ignore[arg-type]
        store,
        clock,
        rate_per_second=1000,
        grace=timedelta(hours=2),
        renderers={"morning": _render},
    )
    await store.outbox.fire_now(chat_id, "morning", NOW.date(), NOW)
    sender.start()
    await sender.drained(timeout=5)
    await sender.stop()
    return sender


async def _statuses(store: Store, chat_id: int) -> list[str]:
    return [row.status for row in await store.outbox.for_chat(chat_id)]


async def test_a_timeout_is_retried_once(store: Store) -> None:
    bot = ScriptedBot(TimedOut())
    await _run(store, bot)
    assert bot.attempts == [42, 42]
    assert await _statuses(store, 42) == ["sent"]


async def test_a_second_timeout_gives_up_rather_than_risk_duplicates(store: Store) -> None:
    bot = ScriptedBot(TimedOut(), TimedOut())
    await _run(store, bot)
    assert bot.attempts == [42, 42]
    assert await _statuses(store, 42) == ["failed"]


async def test_server_errors_are_retried_then_recorded(store: Store) -> None:
    bot = ScriptedBot(NetworkError("Bad Gateway"))
    await _run(store, bot)
    assert await _statuses(store, 42) == ["sent"]
    bot = ScriptedBot(*[NetworkError("Bad Gateway")] * 4)
    await _run(store, bot, chat_id=43)
    assert len(bot.attempts) == 4 and await _statuses(store, 43) == ["failed"]


async def test_a_migrated_group_moves_its_rows_and_gets_the_message(store: Store) -> None:
    new_id = -1_001_000_000_001
    await store.schedules.replace_for_chat(
        GROUP, [ScheduleRow(GROUP, "evening", "UTC", "21:00", None, NOW + timedelta(hours=13))]
    )
    moved: list[tuple[int, int]] = []
    bot = ScriptedBot(ChatMigrated(new_id))
    clock = ManualClock(NOW)
    sender = Sender(
        bot,  # type: ignore[arg-type]
        store,
        clock,
        rate_per_second=1000,
        grace=timedelta(hours=2),
        renderers={"morning": _render},
    )

    async def hook(old: int, new: int) -> None:
        moved.append((old, new))

    sender.on_chat_moved.append(hook)
    await store.outbox.fire_now(GROUP, "morning", NOW.date(), NOW)
    sender.start()
    await sender.drained(timeout=5)
    await sender.stop()
    assert bot.attempts == [GROUP, new_id]
    assert moved == [(GROUP, new_id)]
    assert await _statuses(store, new_id) == ["sent"]
    assert [r.kind for r in await store.schedules.for_chat(new_id)] == ["evening"]
    assert await store.schedules.for_chat(GROUP) == []
