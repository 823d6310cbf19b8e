"""The sender against a scripted bot: TimedOut, ChatMigrated, server and connection errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import ChatMigrated, NetworkError, TimedOut

from bot.clock import ManualClock
from bot.nudges import sender as sender_module
from bot.nudges.render import Prompt
from bot.nudges.sender import PRIVATE_CHAT_GAP_S, Rendered, Sender
from storage import Store
from storage.nudges import OutboxRow, Outcome, ScheduleRow

NOW = datetime(2026, 11, 24, 8, tzinfo=UTC)
GROUP = -4_000_000_001


@dataclass
class Sent:
    message_id: int


class ScriptedBot:
    """Raises the scripted errors in order (or `forever` on every call), then accepts;
    records every attempt."""

    def __init__(self, *errors: Exception, forever: Exception | None = None) -> None:
        self.errors = list(errors)
        self.forever = forever
        self.attempts: list[int] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Sent:
        self.attempts.append(chat_id)
        if self.forever is not None:
            raise self.forever
        if self.errors:
            raise self.errors.pop(0)
        return Sent(len(self.attempts))


def _wrapped(error: Exception, cause: Exception) -> Exception:
    """`error` raised from `cause`, the way python-telegram-bot wraps transport errors."""
    try:
        raise error from cause
    except Exception as raised:
        return raised


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "sender.db")
    yield opened
    await opened.close()


async def _render(row: OutboxRow) -> Rendered:
    return Prompt("Good morning")


def _sender(store: Store, bot: ScriptedBot, clock: ManualClock) -> Sender:
    return Sender(
        bot,  # type: ignore[arg-type]
        store,
        clock,
        rate_per_second=1000,
        grace=timedelta(hours=2),
        renderers={"morning": _render},
        timer=clock,  # pacing and per-chat gaps take no real time
    )


async def _run(
    store: Store, bot: ScriptedBot, chat_id: int = 42, clock: ManualClock | None = None
) -> Sender:
    sender = _sender(store, bot, clock or ManualClock(NOW))
    await store.outbox.fire_now(chat_id, "morning", NOW.date(), NOW)
    sender.start()
    await sender.drained(timeout=5)
    await sender.stop()
    return sender


async def _statuses(store: Store, chat_id: int) -> list[str]:
    return [row.status for row in await store.outbox.for_chat(chat_id)]


async def test_a_timed_out_prompt_is_unknown_and_never_sent_twice(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # The request may have reached Telegram: resending risks a double prompt.
    bot = ScriptedBot(TimedOut())
    sender = await _run(store, bot)
    assert bot.attempts == [42]
    assert await _statuses(store, 42) == ["unknown"]
    assert sender.stats.lost == {"unknown": 1}
    assert [r.levelname for r in caplog.records if "chat 42" in r.getMessage()] == ["ERROR"]
    # So is a connection cut off after the request was written.
    bot = ScriptedBot(_wrapped(NetworkError("httpx.ReadError"), httpx.ReadError("reset")))
    await _run(store, bot, chat_id=43)
    assert bot.attempts == [43] and await _statuses(store, 43) == ["unknown"]
    # And a 504: Telegram's own front timed out waiting for the part that sends.
    bot = ScriptedBot(NetworkError("Gateway Timeout"))
    await _run(store, bot, chat_id=44)
    assert bot.attempts == [44] and await _statuses(store, 44) == ["unknown"]


async def test_server_errors_back_off_together_and_retry_until_sent(store: Store) -> None:
    clock = ManualClock(NOW)
    bot = ScriptedBot(*[NetworkError("Bad Gateway")] * 5)
    sender = await _run(store, bot, clock=clock)
    assert len(bot.attempts) == 6 and await _statuses(store, 42) == ["sent"]
    # 1 + 2 + 4 + 8 + 16 s of back-off, through the clock.
    assert clock.now() - NOW >= timedelta(seconds=31)
    assert sender.stats.unreachable == 5 and sender.stats.lost == {}


async def test_a_refused_connection_is_retried_not_lost(store: Store) -> None:
    refused = _wrapped(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused"))
    # PTB reports a connect timeout as TimedOut, but nothing was sent yet.
    connect_timeout = _wrapped(TimedOut(), httpx.ConnectTimeout("slow"))
    bot = ScriptedBot(refused, connect_timeout)
    await _run(store, bot)
    assert bot.attempts == [42, 42, 42] and await _statuses(store, 42) == ["sent"]


async def test_an_outage_longer_than_the_grace_window_fails_loudly(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    clock = ManualClock(NOW)
    bot = ScriptedBot(forever=NetworkError("Service Unavailable"))
    sender = await _run(store, bot, clock=clock)
    assert await _statuses(store, 42) == ["failed"]
    assert clock.now() - NOW >= timedelta(hours=2)
    # Backing off up to 30 s: a few hundred attempts in two hours, not thousands.
    assert 200 < len(bot.attempts) < 300
    assert sender.stats.lost == {"failed": 1}
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "grace window" in errors[0].getMessage()


async def test_a_migrated_group_moves_its_rows_and_gets_the_message(store: Store) -> None:
    new_id = -1_001_000_000_001
    await store.schedules.replace_for_chat(
        GROUP, [ScheduleRow(GROUP, "evening", "UTC", "21:00", None, NOW + timedelta(hours=13))]
    )
    moved: list[tuple[int, int]] = []
    bot = ScriptedBot(ChatMigrated(new_id))
    sender = _sender(store, bot, ManualClock(NOW))

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


@pytest.mark.parametrize("second", [1.0, 0.01])
async def test_two_prompts_to_one_chat_keep_telegrams_second_apart(
    store: Store, second: float
) -> None:
    # `second` is how long one of Telegram's seconds is (Settings.telegram_second): the
    # sandbox and tests shrink it, and the gap between prompts to one chat shrinks with it.
    clock = ManualClock(NOW)
    bot = ScriptedBot()
    sender = Sender(
        bot,  # type: ignore[arg-type]
        store,
        clock,
        rate_per_second=1000,
        grace=timedelta(hours=2),
        renderers={"morning": _render},
        timer=clock,
        second=second,
    )
    for day in (NOW.date() - timedelta(days=1), NOW.date()):
        await store.outbox.fire_now(42, "morning", day, NOW)
    sender.start()
    await sender.drained(timeout=5)
    await sender.stop()
    assert bot.attempts == [42, 42]
    # Only the chat's gap moves the timer here (the global rate allows both at once).
    waited = (clock.now() - NOW).total_seconds()
    assert waited == pytest.approx(PRIVATE_CHAT_GAP_S * second, abs=0.002)


class SlowBot(ScriptedBot):
    """Answers each request `answer_s` after it starts, on the test's clock."""

    def __init__(self, clock: ManualClock, answer_s: float) -> None:
        super().__init__()
        self.clock = clock
        self.answer_s = answer_s
        self.started: list[tuple[int, float]] = []
        self.answered: dict[int, float] = {}

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Sent:
        self.started.append((chat_id, self.clock.monotonic()))
        await self.clock.sleep(self.answer_s)
        self.answered[chat_id] = self.clock.monotonic()
        return await super().send_message(chat_id, text, **kwargs)


async def test_a_second_prompt_to_a_chat_waits_a_gap_after_the_answer_without_holding_up_others(
    store: Store,
) -> None:
    # A slow answer means the first request may have arrived late: the gap to the same
    # chat's next one counts from the answer, and other chats go ahead meanwhile.
    clock = ManualClock(NOW)
    bot = SlowBot(clock, answer_s=0.5)
    sender = Sender(
        bot,  # type: ignore[arg-type]
        store,
        clock,
        rate_per_second=1000,
        grace=timedelta(hours=2),
        renderers={"morning": _render, "evening": _render},
        concurrency=1,
        timer=clock,
    )
    await store.outbox.fire_now(42, "morning", NOW.date(), NOW)
    await store.outbox.fire_now(42, "evening", NOW.date(), NOW)
    await store.outbox.fire_now(43, "morning", NOW.date(), NOW)
    sender.start()
    await sender.drained(timeout=5)
    await sender.stop()
    assert [chat for chat, _ in bot.started] == [42, 43, 42]
    first_answer = bot.started[0][1] + 0.5
    assert bot.started[2][1] - first_answer >= sender_module.PRIVATE_CHAT_GAP_S
    assert await _statuses(store, 42) == ["sent", "sent"]


async def test_outbox_batches_claim_only_pending_rows_and_record_each_outcome(
    store: Store,
) -> None:
    for chat_id in (42, 43, 44):
        await store.outbox.fire_now(chat_id, "morning", NOW.date(), NOW)
    ids = {row.chat_id: row.outbox_id for row in await store.outbox.pending(0, 10)}
    assert await store.outbox.claim(ids[44])  # already in flight elsewhere
    assert await store.outbox.claim_many([ids[42], ids[43], ids[44]]) == {ids[42], ids[43]}
    assert await store.outbox.claim_many([ids[42]]) == set()
    later = NOW + timedelta(seconds=3)
    await store.outbox.finish_many(
        [
            Outcome(ids[42], "sent", NOW, 7, "b", None),
            Outcome(ids[43], "failed", NOW, None, None, 'Bad "quote" – ünïcode'),
            # Two outcomes for one delivery: the later one counts.
            Outcome(ids[44], "unknown", NOW, None, None, "timed out"),
            Outcome(ids[44], "failed", later, None, None, "retried"),
        ]
    )
    rows = {row.chat_id: row for row in await store.outbox.for_chat(42)}
    rows |= {row.chat_id: row for row in await store.outbox.for_chat(43)}
    rows |= {row.chat_id: row for row in await store.outbox.for_chat(44)}
    assert (rows[42].status, rows[42].message_id, rows[42].variant) == ("sent", 7, "b")
    assert (rows[43].status, rows[43].error) == ("failed", 'Bad "quote" – ünïcode')
    assert (rows[44].status, rows[44].error) == ("failed", "retried")
