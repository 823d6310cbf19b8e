"""A fan-out through Telegram's bad moments, end to end: 429s, 5xx answers, timeouts (with
and without the message arriving) and an outage, injected by the stand-in. Nobody gets a
prompt twice, nothing is lost but what a timeout made unknown, and every status is true.

The sender paces and backs off on the test's clock, so no test waits real seconds."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import polling
from bot.nudges.sender import logger as sender_log
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from tests.conftest import START, Harness, build_app

DUE = datetime(2026, 11, 24, 8, tzinfo=UTC)  # everyone's morning check-in (UTC, 08:00)
# Real seconds, the one wait these tests cannot skip: generous, so a busy machine's slow
# answer is not mistaken for a timeout. A faster rate runs the timeouts side by side.
REQUEST_TIMEOUT_S = 1.5
HANG_S = 3.0  # a timed-out request's answer would come this late
RATE = 200


class OutageClock(ManualClock):
    """A ManualClock that ends an injected outage once time passes `outage_until`."""

    def __init__(self, start: datetime, stand: StandIn) -> None:
        super().__init__(start)
        self.stand = stand
        self.outage_until: datetime | None = None

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        if self.outage_until is not None and self.now() >= self.outage_until:
            self.stand.clear_faults()
            self.outage_until = None


@pytest.fixture
def outage_clock(stand: StandIn) -> OutageClock:
    return OutageClock(START, stand)


@pytest.fixture
async def paced(
    stand: StandIn, outage_clock: OutageClock, settings: Settings
) -> AsyncIterator[Harness]:
    # Pacing, gaps and back-offs all on the test's clock, which the outage ends by.
    app = build_app(replace(settings, rate_per_second=RATE), outage_clock, outage_clock)
    async with polling(app):
        await stand.wait_polling()
        app.services.nudges.sender.request_timeout = REQUEST_TIMEOUT_S
        yield Harness(stand, app, outage_clock)


async def _people(bot: Harness, count: int) -> list[FakeUser]:
    """`count` people in UTC who opened the bot, each with a morning check-in at 08:00."""
    users = []
    for i in range(count):
        user = bot.stand.user(f"P{i}", started=True)
        row, _ = await bot.store.users.ensure(user.id, user.first_name, "en", bot.clock.now())
        await bot.app.services.nudges.reschedule(row)
        users.append(user)
    return users


def _prompted(bot: Harness, users: list[FakeUser]) -> Counter[int]:
    ids = {u.id for u in users}
    return Counter(
        r.chat_id for r in bot.stand.sent if r.method == "sendMessage" and r.chat_id in ids
    )


async def _statuses(bot: Harness, users: list[FakeUser]) -> dict[int, str]:
    found = {}
    for user in users:
        (row,) = [r for r in await bot.store.outbox.for_chat(user.id) if r.kind == "morning"]
        found[user.id] = row.status
    return found


@contextmanager
def _stamped_on(clock: ManualClock) -> Iterator[list[datetime]]:
    """The test clock's time at each "unreachable" line the sender logs."""
    stamps: list[datetime] = []

    class Stamp(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "unreachable" in record.getMessage():
                stamps.append(clock.now())

    handler = Stamp(logging.WARNING)
    sender_log.addHandler(handler)
    try:
        yield stamps
    finally:
        sender_log.removeHandler(handler)


async def _fan_out(bot: Harness) -> None:
    bot.clock.set(DUE)
    await bot.app.services.nudges.tick()
    await bot.app.services.nudges.drained(timeout=30)


async def test_mixed_faults_in_a_fan_out_double_nothing_and_record_the_truth(
    paced: Harness, stand: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    bot = paced
    users = await _people(bot, 120)
    limited, bad_gateway, unavailable = users[0:10], users[10:20], users[20:25]
    arrived_late, never_arrived = users[25:30], users[30:35]
    for user in limited:
        stand.inject("sendMessage", "429", chat_id=user, retry_after=3)
    for user in bad_gateway:
        stand.inject("sendMessage", "502", chat_id=user, times=2)
    for user in unavailable:
        stand.inject("sendMessage", "503", chat_id=user)
    for user in arrived_late:  # delivered, but the answer never came back in time
        stand.inject("sendMessage", "timeout", chat_id=user, hang_seconds=HANG_S, apply=True)
    for user in never_arrived:
        stand.inject("sendMessage", "timeout", chat_id=user, hang_seconds=HANG_S)

    with caplog.at_level(logging.INFO), _stamped_on(bot.clock) as outage_lines:
        await _fan_out(bot)
    elapsed = bot.clock.now() - DUE

    prompted = _prompted(bot, users)
    statuses = await _statuses(bot, users)
    assert stand.duplicates() == {}
    assert all(n == 1 for n in prompted.values()), prompted
    # Everyone got the prompt except those whose request timed out before arriving.
    assert set(prompted) == {u.id for u in users} - {u.id for u in never_arrived}
    # A timed-out request may or may not have arrived: unknown, and never resent.
    unknown = {u.id for u in arrived_late + never_arrived}
    assert {chat for chat, s in statuses.items() if s == "unknown"} == unknown
    assert {chat for chat, s in statuses.items() if s == "sent"} == {u.id for u in users} - unknown
    # Each possible loss is logged at ERROR and counted.
    lost_lines = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(lost_lines) == len(unknown)
    assert {chat for chat in unknown if any(f"chat {chat}" in r.message for r in lost_lines)} == (
        unknown
    )
    # The 25 answers of 5xx paused the sender and were summed up in at most a line a minute
    # of the test's clock, not a line per request. How far the pauses move that clock
    # depends on how back-offs and sends interleave, so the bound is read off the clock.
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == len(outage_lines)
    assert 1 <= len(outage_lines) <= elapsed // timedelta(minutes=1) + 1 < 25
    gaps = [later - earlier for earlier, later in pairwise(outage_lines)]
    assert all(gap >= timedelta(minutes=1) for gap in gaps), gaps
    bot.clock.advance(timedelta(minutes=1))
    await bot.app.services.nudges.tick()
    registry = bot.app.services.metrics.registry
    lost = registry.get_sample_value("smallwins_prompts_lost_total", {"outcome": "unknown"})
    assert lost == len(unknown)
    assert registry.get_sample_value("smallwins_prompts_sent_total") == 110


async def test_an_outage_shorter_than_the_grace_window_delays_but_loses_nothing(
    paced: Harness, stand: StandIn, outage_clock: OutageClock, caplog: pytest.LogCaptureFixture
) -> None:
    bot = paced
    users = await _people(bot, 30)
    # Telegram answers 502 to every send for a minute from the moment the prompts are due.
    stand.inject("sendMessage", "502", times=1_000_000)
    outage_clock.outage_until = DUE + timedelta(seconds=60)

    with caplog.at_level(logging.INFO):
        await _fan_out(bot)

    assert stand.faults_fired, "the outage never happened"
    assert bot.clock.now() >= DUE + timedelta(seconds=60)
    assert _prompted(bot, users) == Counter({u.id: 1 for u in users})
    assert set((await _statuses(bot, users)).values()) == {"sent"}
    assert bot.app.services.nudges.sender.stats.lost == {}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
