"""Pause: planned by a pure rule, stored in one transaction that keeps the pause history
and the flag the schedule reads in step."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.nudges import PausePlan, plan_pause
from storage import Store

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
USER = 7


def test_an_open_pause_has_no_last_day_and_no_end() -> None:
    assert plan_pause(MONDAY, None, BERLIN, 4) == PausePlan(MONDAY, None, None)


def test_a_pause_of_n_days_covers_n_user_days_and_ends_when_the_next_begins() -> None:
    plan = plan_pause(MONDAY, 2, BERLIN, 4)
    assert plan.first_day == MONDAY
    assert plan.last_day == MONDAY + timedelta(days=1)
    # Wednesday's user-day starts at 04:00 in Berlin.
    assert plan.until == datetime(2026, 11, 25, 4, 0, tzinfo=BERLIN)


@pytest.fixture
async def store(tmp_path: Path) -> Store:
    s = await Store.open(tmp_path / "test.db")
    await s.users.ensure(USER, "Ada", "en", NOW)
    yield s
    await s.close()


async def test_pause_and_resume_change_the_history_and_the_flag_together(store: Store) -> None:
    plan = plan_pause(MONDAY, 3, BERLIN, 4)
    await store.pauses.start(USER, plan.first_day, plan.last_day, plan.until)
    user = await store.users.get(USER)
    assert user is not None and user.paused and user.paused_until == plan.until
    assert await store.pauses.spans(USER) == [(MONDAY, MONDAY + timedelta(days=2))]

    await store.pauses.end(USER, MONDAY + timedelta(days=1))
    user = await store.users.get(USER)
    assert user is not None and not user.paused and user.paused_until is None
    assert await store.pauses.spans(USER) == [(MONDAY, MONDAY + timedelta(days=1))]
