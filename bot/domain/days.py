"""The user's day: which local date an instant counts for, and when that day begins and ends.

A day ends at `day_end_hour` local time rather than at midnight, so a win at 01:00 counts
for the evening before.
"""

from __future__ import annotations

import datetime

DEFAULT_DAY_END_HOUR = 4
MAX_DAY_END_HOUR = 12

_UTC = datetime.UTC
_ONE_DAY = datetime.timedelta(days=1)


def local_day(
    instant: datetime.datetime,
    tz: datetime.tzinfo,
    day_end_hour: int = DEFAULT_DAY_END_HOUR,
) -> datetime.date:
    """The user-day `instant` belongs to: the one whose day_bounds contain it."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("local_day needs a timezone-aware instant")
    _check_hour(day_end_hour)
    local = instant.astimezone(tz)
    day = local.date()
    if local.time() < datetime.time(day_end_hour):
        day -= _ONE_DAY
    # When clocks go back across the day's end (Moscow 2014 went back two hours), the wall
    # clock alone would put the repeated hour in the day before; keep days contiguous instead.
    utc = instant.astimezone(_UTC)
    while utc < _day_start(day, tz, day_end_hour):
        day -= _ONE_DAY
    while utc >= _day_start(day + _ONE_DAY, tz, day_end_hour):
        day += _ONE_DAY
    return day


def day_bounds(
    day: datetime.date, tz: datetime.tzinfo, day_end_hour: int
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) in UTC of a user-day; 23 or 25 hours long on days the clocks change."""
    _check_hour(day_end_hour)
    return _day_start(day, tz, day_end_hour), _day_start(day + _ONE_DAY, tz, day_end_hour)


def _check_hour(day_end_hour: int) -> None:
    if not 0 <= day_end_hour <= MAX_DAY_END_HOUR:
        raise ValueError(f"day_end_hour must be 0..{MAX_DAY_END_HOUR}, got {day_end_hour}")


def _day_start(day: datetime.date, tz: datetime.tzinfo, day_end_hour: int) -> datetime.datetime:
    """The first instant at which the local clock reads `day` at `day_end_hour` or later."""
    wall = datetime.datetime.combine(day, datetime.time(day_end_hour))
    earlier, later = sorted(wall.replace(tzinfo=tz, fold=fold).astimezone(_UTC) for fold in (0, 1))
    # An hour repeated when clocks go back: the first time round is the start.
    for candidate in (earlier, later):
        if _wall(candidate, tz) == wall:
            return candidate
    # The hour was skipped when clocks went forward: the day starts at the jump, which lies
    # between the two readings of the missing time. Transitions fall on whole seconds.
    low, high = int(earlier.timestamp()), int(later.timestamp())
    while low < high:
        middle = (low + high) // 2
        if _wall(datetime.datetime.fromtimestamp(middle, _UTC), tz) >= wall:
            high = middle
        else:
            low = middle + 1
    return datetime.datetime.fromtimestamp(low, _UTC)


def _wall(instant: datetime.datetime, tz: datetime.tzinfo) -> datetime.datetime:
    return instant.astimezone(tz).replace(tzinfo=None)
