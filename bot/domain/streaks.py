"""Forgiving streaks: one missed day is fine, two in a row end the run.

Excused days (planned skips, pauses) are transparent: they neither break nor extend a run.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

# A run survives this many missed days in a row; one more ends it.
FORGIVEN_MISSES = 1


@dataclass(frozen=True, slots=True)
class Streak:
    """The current and best run of days, counted in active days only."""

    current: int
    best: int
    last_day: date | None  # last counted day of the current streak, None when it is 0


def _excused_between(excused: Sequence[date], after: date, before: date) -> int:
    """How many of the sorted `excused` days lie strictly between `after` and `before`."""
    return bisect_left(excused, before) - bisect_right(excused, after)


def _missed_between(excused: Sequence[date], after: date, before: date) -> int:
    """Days strictly between two dates that count as missed (i.e. are not excused)."""
    gap = (before - after).days - 1
    return max(0, gap - _excused_between(excused, after, before))


def streak(active_days: Iterable[date], today: date, excused: Iterable[date] = ()) -> Streak:
    """The streak as of `today`; a today without a win yet does not count against it."""
    days = sorted({d for d in active_days if d <= today})
    if not days:
        return Streak(0, 0, None)
    active = set(days)
    # An active day is never excused: a win on a paused day still counts.
    skips = sorted({d for d in excused if d not in active and d <= today})

    best = run = 1
    for previous, day in pairwise(days):
        if _missed_between(skips, previous, day) > FORGIVEN_MISSES:
            run = 1
        else:
            run += 1
        best = max(best, run)

    last = days[-1]
    # Today is not over, so a today without a win is treated like an excused day.
    trailing = 0 if last == today else _missed_between(skips, last, today)
    if trailing > FORGIVEN_MISSES:
        return Streak(0, best, None)
    return Streak(run, best, last)


def days_with_wins(active_days: Iterable[date], today: date, window: int) -> int:
    """Distinct days with a win among the `window` days ending with today."""
    if window <= 0:
        return 0
    first = today - timedelta(days=window - 1)
    return len({d for d in active_days if first <= d <= today})


def missed_in_a_row(
    checked: Iterable[date], start: date, today: date, excused: Iterable[date] = ()
) -> int:
    """Consecutive missed days of a goal ending yesterday (today isn't over yet).

    Counts back from yesterday to the goal's start, skipping excused days and stopping
    at the most recent checked day.
    """
    yesterday = today - timedelta(days=1)
    if yesterday < start:
        return 0
    done = {d for d in checked if start <= d <= yesterday}
    last_done = max(done) if done else start - timedelta(days=1)
    skips = sorted({d for d in excused if d not in done})
    return _missed_between(skips, last_done, today)


def paused_days(spans: Iterable[tuple[date, date | None]], today: date) -> set[date]:
    """The user-days covered by pauses, up to `today` (a pause still running reaches it)."""
    days: set[date] = set()
    for first, last in spans:
        end = min(last or today, today)
        day = first
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    return days
