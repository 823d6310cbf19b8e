"""When a scheduled prompt is next due: local wall-clock times turned into UTC instants.

Pure and synchronous, in the style of APScheduler's ``get_next_fire_time``: the current
time is always a parameter. Zones are any PEP 495 ``tzinfo`` (``zoneinfo.ZoneInfo`` or a
fixed-offset ``datetime.timezone``); get them from ``bot.domain.zones.zone``, which caches them.

Rules for a prompt at local time ``t`` on local date ``d``:

* ``t`` exists once on ``d``: due then.
* ``t`` is ambiguous (clocks went back): due at the first occurrence (``fold=0``) only.
* ``t`` falls in a gap (clocks went forward): due at the first valid minute after the gap,
  e.g. 02:30 on New York's 2026-03-08 is due at 03:00 local. If that minute is already on
  the next date (Nuuk goes 23:00 -> 00:00) the occurrence still belongs to ``d``, which
  only ``occurrence_date(..., local_time=t)`` can tell.
* ``d`` does not exist at all in the zone (Samoa skipped 2011-12-30): no occurrence.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

__all__ = ["advance", "classify_missed", "first_due", "next_due", "occurrence_date"]

_DAYS = tuple(timedelta(days=n) for n in range(7))
_ONE_MINUTE = timedelta(minutes=1)
_ONE_SECOND = timedelta(seconds=1)
_RESOLUTION = timedelta(microseconds=1)
# Occurrences are at most a few dates apart (a skipped date, a skipped weekday); more
# candidates than this means the tzinfo is broken, not that the prompt is far away.
_MAX_CANDIDATES = 16


def next_due(local_time: time, tz: tzinfo, after: datetime, weekday: int | None = None) -> datetime:
    """The first instant strictly after `after` at which the prompt is due, in UTC.

    `weekday` None means daily; 0..6 means weekly on Monday..Sunday.
    """
    if after.tzinfo is None:
        raise ValueError("next_due needs a timezone-aware `after`")
    if weekday is not None and not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0..6 (Monday..Sunday), not {weekday}")
    walls = _walls(local_time)
    after_utc = after.astimezone(UTC)
    local_after = after_utc.astimezone(tz)
    # Occurrences of earlier local dates are never later than an instant of this date:
    # fold=0 instants and gap ends grow with the wall-clock time they stand for. By the
    # same argument, today's occurrence is gone once the clock shows `local_time`.
    day = local_after.date()
    if local_after.time() >= walls[0]:
        day += _DAYS[1]
    for _ in range(_MAX_CANDIDATES):
        if weekday is not None:
            day += _DAYS[(weekday - day.weekday()) % 7]
        due = _resolve(day, walls, tz)
        if due is not None and due > after_utc:
            return due
        day += _DAYS[1]
    raise RuntimeError(f"no occurrence of {walls[0]} found after {after} in {tz}")


def first_due(local_time: time, tz: tzinfo, now: datetime, weekday: int | None = None) -> datetime:
    """When a new or changed schedule is first due: the first occurrence at or after `now`.

    Setting 08:00 at 08:00:30 local means today's prompt is gone: the first one is tomorrow.
    Setting it at 07:59:59 (or exactly 08:00:00) means today's, sent by the next tick.
    """
    return next_due(local_time, tz, now - _RESOLUTION, weekday)


def advance(
    local_time: time, tz: tzinfo, due: datetime, now: datetime, weekday: int | None = None
) -> datetime:
    """The next due instant for a row that was just sent or skipped.

    After downtime this jumps past every occurrence already missed, not just one.
    """
    return next_due(local_time, tz, max(due, now), weekday)


def occurrence_date(due: datetime, tz: tzinfo, local_time: time | None = None) -> date:
    """The local date a due instant belongs to: the idempotency key with (chat, kind).

    A gap-shifted occurrence keeps its own date. Pass `local_time` to get that right
    even when the gap swallows the end of the day (Nuuk: 23:30 is sent at 00:00 the
    next morning but still counts for the day before); without it the answer is the
    plain local date, wrong only in that case.
    """
    if due.tzinfo is None:
        raise ValueError("occurrence_date needs a timezone-aware `due`")
    local = due.astimezone(tz)
    if local_time is not None and local.time() < _walls(local_time)[0]:
        # Only a shift past midnight lands earlier on the clock than the requested time.
        return local.date() - _DAYS[1]
    return local.date()


def classify_missed(due: datetime, now: datetime, grace: timedelta) -> Literal["send", "skip"]:
    """Whether a prompt found due at `now` is still worth sending: missed by less than `grace`."""
    return "send" if now - due < grace else "skip"


@functools.lru_cache(maxsize=4096)
def _walls(local_time: time) -> tuple[time, time]:
    """The requested wall-clock time as fold=0 and fold=1, checked and cached."""
    if local_time.tzinfo is not None:
        raise ValueError("local_time must be a naive wall-clock time; pass the zone as `tz`")
    return local_time.replace(fold=0), local_time.replace(fold=1)


def _resolve(day: date, walls: tuple[time, time], tz: tzinfo) -> datetime | None:
    """The UTC instant of the wall time on local `day`, by the rules in the module docstring."""
    # datetime.replace is slow next to combine, and this runs for every row on every tick.
    before = tz.utcoffset(datetime.combine(day, walls[0], tzinfo=tz))
    later = tz.utcoffset(datetime.combine(day, walls[1], tzinfo=tz))
    if before is None or later is None:
        raise ValueError(f"{tz!r} gives no UTC offset on {day}")
    if before >= later:
        # Exists, or is ambiguous and fold=0 (the offset before the change) comes first.
        return datetime.combine(day, walls[0], tzinfo=UTC) - before
    return _after_gap(datetime.combine(day, walls[0]), before, later, tz)


def _after_gap(naive: datetime, before: timedelta, later: timedelta, tz: tzinfo) -> datetime | None:
    """The first valid minute after the gap that swallows `naive`, or None if its date is gone.

    Gaps are rare (a couple of dates a year per zone), so a search is fine here.
    """
    # The clocks changed after the instant `naive` names under the new offset and no later
    # than the one it names under the old offset. Changes happen on whole seconds.
    low = (naive - later).replace(tzinfo=UTC, microsecond=0)
    high = (naive - before).replace(tzinfo=UTC)
    if high.microsecond:
        high = high.replace(microsecond=0) + _ONE_SECOND
    while high - low > _ONE_SECOND:
        middle = low + _ONE_SECOND * ((high - low) // _ONE_SECOND // 2)
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    change = high
    gap_end = change.astimezone(tz).replace(tzinfo=None)
    if gap_end.date() > naive.date():
        last_before = (change - _RESOLUTION).astimezone(tz).replace(tzinfo=None)
        if last_before.date() < naive.date():
            # The clock jumped over the whole date (Samoa, 2011-12-30): nothing to send.
            return None
    # Historical offsets with seconds in them would put the gap end between minutes.
    spare = gap_end - gap_end.replace(second=0, microsecond=0)
    if spare:
        change += _ONE_MINUTE - spare
    return change
