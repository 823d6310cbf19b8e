"""The /goal rules that left the handler: finishing goals whose days passed, the limit on
active goals (checked inside the transaction that adds), and which goal to offer to shrink."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from bot.domain.goals import (
    MAX_ACTIVE,
    finished_by_next,
    goal_span,
    goal_spans,
    may_start,
    shrink_offer,
)
from storage import Store
from storage.models import Goal

D0 = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
USER = 7


@dataclass(frozen=True)
class G:
    goal_id: int
    text: str
    start: date = D0
    days: int = 7
    shrink_offered_on: date | None = None
    status: str = "active"
    ended_at: datetime | None = None

    @property
    def last_day(self) -> date:
        return self.start + timedelta(days=self.days - 1)


def test_a_goal_is_finished_by_the_next_only_after_its_last_day() -> None:
    goal = G(1, "walk", days=3)
    assert not finished_by_next(goal, D0 + timedelta(2))  # its last day
    assert finished_by_next(goal, D0 + timedelta(3))


def test_a_fourth_active_goal_may_not_start() -> None:
    assert [may_start(n) for n in range(MAX_ACTIVE + 2)] == [True] * MAX_ACTIVE + [False] * 2


def test_the_first_goal_that_slipped_twice_is_offered_and_only_until_offered() -> None:
    kept, slipped = G(1, "walk"), G(2, "read")
    today = D0 + timedelta(3)
    days = {
        1: goal_span(D0, 7, {D0 + timedelta(n) for n in range(3)}, ()),
        2: goal_span(D0, 7, {D0}, ()),
    }
    assert shrink_offer([kept, slipped], days, today) == (slipped, 2)
    offered = G(2, "read", shrink_offered_on=today)
    assert shrink_offer([kept, offered], days, today + timedelta(1)) is None
    assert shrink_offer([], days, today) is None


@dataclass(frozen=True)
class Day:
    goal_id: int
    local_date: date
    kind: str


def test_goal_spans_gather_check_offs_rests_and_pauses_and_end_where_let_go() -> None:
    walk = G(1, "walk")
    read = G(2, "read", status="dropped", ended_at=datetime(2026, 11, 25, 12, tzinfo=UTC))
    days = [Day(1, D0, "done"), Day(1, D0 + timedelta(1), "skip"), Day(2, D0, "done")]
    pauses = [(D0 + timedelta(4), None)]
    spans = goal_spans([walk, read], days, pauses, UTC, 0)
    assert spans[1].done == {D0}
    # The skip, and the running pause up to the goal's last day, are rests.
    assert spans[1].rest == {D0 + timedelta(n) for n in (1, 4, 5, 6)}
    assert spans[2].dropped_on == D0 + timedelta(2)
    assert spans[2].rest == frozenset()


@pytest.fixture
async def store(tmp_path: Path) -> Store:
    s = await Store.open(tmp_path / "test.db")
    await s.users.ensure(USER, "Ada", "en", NOW)
    yield s
    await s.close()


async def _start(
    store: Store, text: str, today: date = D0, days: int = 7
) -> tuple[Goal | None, int]:
    return await store.goals.start(
        USER,
        text,
        days,
        today,
        NOW,
        finished=partial(finished_by_next, today=today),
        may_start=may_start,
    )


async def test_goal_start_refuses_past_the_limit_and_finishes_goals_whose_days_passed(
    store: Store,
) -> None:
    await _start(store, "short", days=1)
    for text in ("a", "b"):
        await _start(store, text)
    goal, running = await _start(store, "c", today=D0 + timedelta(1))  # "short" is over
    assert goal is not None and running == 2
    goal, running = await _start(store, "d", today=D0 + timedelta(1))
    assert goal is None and running == MAX_ACTIVE
    statuses = {g.text: g.status for g in await store.goals.all_for(USER)}
    assert statuses == {"short": "finished", "a": "active", "b": "active", "c": "active"}


async def test_two_goals_started_at_once_cannot_pass_the_limit(store: Store) -> None:
    for text in ("a", "b"):
        await _start(store, text)
    results = await asyncio.gather(_start(store, "c"), _start(store, "d"))
    assert sorted(goal is None for goal, _ in results) == [False, True]
    assert len(await store.goals.active(USER)) == MAX_ACTIVE
