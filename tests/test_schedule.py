"""Next-due times for scheduled prompts: local wall-clock times across DST, gaps and odd zones."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedule import advance, classify_missed, first_due, next_due, occurrence_date

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
LONDON = zoneinfo.ZoneInfo("Europe/London")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
LORD_HOWE = zoneinfo.ZoneInfo("Australia/Lord_Howe")
APIA = zoneinfo.ZoneInfo("Pacific/Apia")
NUUK = zoneinfo.ZoneInfo("America/Nuuk")
SUNDAY = 6
FRIDAY = 4

# "localtime" is whatever the machine is set to: not a stable example.
ZONE_KEYS = sorted(zoneinfo.available_timezones() - {"localtime"})


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(
    tz: tzinfo, y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, fold: int = 0
) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=tz, fold=fold)


# An oracle built another way (round trips and a minute-by-minute scan), to check against.


def _exists(naive: datetime, tz: tzinfo) -> bool:
    back = naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return back.replace(tzinfo=None) == naive


def _day_exists(day: date, tz: tzinfo) -> bool:
    start = datetime.combine(day, time())
    return any(_exists(start + timedelta(minutes=m), tz) for m in range(0, 24 * 60, 15))


def _expected(day: date, wall: time, tz: tzinfo) -> datetime | None:
    """When the prompt for `day` should fire, or None when the zone skipped `day`."""
    naive = datetime.combine(day, wall)
    if _exists(naive, tz):
        return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if not _day_exists(day, tz):
        return None
    minute = naive.replace(second=0, microsecond=0)
    for _ in range(26 * 60):
        minute += timedelta(minutes=1)
        if _exists(minute, tz):
            return minute.replace(tzinfo=tz).astimezone(UTC)
    raise AssertionError(f"no valid minute after {naive} in {tz}")


# Examples.


def test_a_time_in_the_spring_forward_gap_fires_at_the_first_valid_minute_after_it() -> None:
    due = next_due(time(2, 30), NEW_YORK, utc(2026, 3, 7, 12))
    assert due == utc(2026, 3, 8, 7)
    assert due.astimezone(NEW_YORK).time() == time(3, 0)
    assert occurrence_date(due, NEW_YORK) == date(2026, 3, 8)
    assert next_due(time(2, 30), NEW_YORK, due) == utc(2026, 3, 9, 6, 30)


def test_an_ambiguous_time_in_new_york_fires_once_at_its_first_occurrence() -> None:
    first = next_due(time(1, 30), NEW_YORK, utc(2026, 10, 31, 12))
    assert first == utc(2026, 11, 1, 5, 30)
    # (Aware datetimes in different zones never compare equal at an ambiguous time: PEP 495.)
    assert local(NEW_YORK, 2026, 11, 1, 1, 30, fold=0).astimezone(UTC) == first
    # Neither from the first 01:30 nor from inside the repeated hour does it fire again.
    assert next_due(time(1, 30), NEW_YORK, first) == utc(2026, 11, 2, 6, 30)
    second_pass = local(NEW_YORK, 2026, 11, 1, 1, 15, fold=1)
    assert next_due(time(1, 30), NEW_YORK, second_pass) == utc(2026, 11, 2, 6, 30)


def test_an_ambiguous_time_in_london_fires_once() -> None:
    first = next_due(time(1, 30), LONDON, utc(2026, 10, 24, 12))
    assert first == utc(2026, 10, 25, 0, 30)
    assert next_due(time(1, 30), LONDON, first) == utc(2026, 10, 26, 1, 30)


def test_a_daily_prompt_is_due_today_until_its_minute_and_tomorrow_from_then() -> None:
    assert next_due(time(8), BERLIN, local(BERLIN, 2026, 6, 1, 7, 59)) == utc(2026, 6, 1, 6)
    assert next_due(time(8), BERLIN, local(BERLIN, 2026, 6, 1, 8, 0)) == utc(2026, 6, 2, 6)


def test_after_can_be_given_in_any_zone() -> None:
    in_tokyo = local(zoneinfo.ZoneInfo("Asia/Tokyo"), 2026, 6, 1, 14, 59)  # 07:59 in Berlin
    assert next_due(time(8), BERLIN, in_tokyo) == utc(2026, 6, 1, 6)


def test_a_new_schedule_set_after_its_minute_started_first_fires_tomorrow() -> None:
    assert first_due(time(8), BERLIN, local(BERLIN, 2026, 6, 1, 8, 0, 30)) == utc(2026, 6, 2, 6)
    assert first_due(time(8), BERLIN, local(BERLIN, 2026, 6, 1, 8, 0, 0)) == utc(2026, 6, 1, 6)
    assert first_due(time(8), BERLIN, local(BERLIN, 2026, 6, 1, 7, 59, 59)) == utc(2026, 6, 1, 6)


def test_a_weekly_prompt_fires_on_its_weekday_and_then_a_week_later() -> None:
    wednesday = local(BERLIN, 2026, 6, 3, 12)
    due = next_due(time(19), BERLIN, wednesday, weekday=SUNDAY)
    assert due == local(BERLIN, 2026, 6, 7, 19)
    assert next_due(time(19), BERLIN, due, weekday=SUNDAY) == local(BERLIN, 2026, 6, 14, 19)


def test_a_weekly_prompt_keeps_its_local_time_across_a_dst_change() -> None:
    before = next_due(time(19), BERLIN, local(BERLIN, 2026, 3, 25, 12), weekday=SUNDAY)
    assert before == utc(2026, 3, 29, 17)  # already summer time that Sunday
    assert next_due(time(19), BERLIN, utc(2026, 3, 20), weekday=SUNDAY) == utc(2026, 3, 22, 18)
    gap = next_due(time(2, 30), BERLIN, utc(2026, 3, 25), weekday=SUNDAY)
    assert gap.astimezone(BERLIN) == local(BERLIN, 2026, 3, 29, 3, 0)


def test_lord_howe_half_hour_gap_and_overlap() -> None:
    spring = next_due(time(2, 15), LORD_HOWE, utc(2026, 10, 3))
    assert spring.astimezone(LORD_HOWE).replace(tzinfo=None) == datetime(2026, 10, 4, 2, 30)
    assert spring.astimezone(LORD_HOWE).utcoffset() == timedelta(hours=11)
    autumn = next_due(time(1, 45), LORD_HOWE, utc(2026, 4, 4))
    assert autumn == utc(2026, 4, 4, 14, 45)  # 01:45 at +11, the first of the two
    assert next_due(time(1, 45), LORD_HOWE, autumn) == utc(2026, 4, 5, 15, 15)


@pytest.mark.parametrize(
    ("key", "expected"),
    [("Asia/Kolkata", utc(2026, 6, 1, 2, 30)), ("Asia/Kathmandu", utc(2026, 6, 1, 2, 15))],
)
def test_zones_with_half_and_quarter_hour_offsets(key: str, expected: datetime) -> None:
    assert next_due(time(8), zoneinfo.ZoneInfo(key), utc(2026, 5, 31, 22)) == expected


def test_a_fixed_offset_zone_works_like_any_other() -> None:
    plus_three = timezone(timedelta(hours=3))
    assert next_due(time(8), plus_three, utc(2026, 6, 1, 5)) == utc(2026, 6, 2, 5)
    assert occurrence_date(utc(2026, 6, 1, 22), plus_three) == date(2026, 6, 2)


def test_a_daily_prompt_crosses_the_year_boundary() -> None:
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    due = next_due(time(21), auckland, local(auckland, 2026, 12, 31, 21, 0))
    assert due.astimezone(auckland) == local(auckland, 2027, 1, 1, 21)
    assert occurrence_date(due, auckland) == date(2027, 1, 1)


def test_the_day_samoa_skipped_gets_no_prompt_and_the_days_around_it_get_one_each() -> None:
    due = utc(2011, 12, 28)
    dates = []
    for _ in range(4):
        due = next_due(time(8), APIA, due)
        dates.append(occurrence_date(due, APIA, time(8)))
    assert dates == [date(2011, 12, 28), date(2011, 12, 29), date(2011, 12, 31), date(2012, 1, 1)]
    # 2011-12-30 was a Friday: that week has none.
    friday = next_due(time(8), APIA, local(APIA, 2011, 12, 23, 9), weekday=FRIDAY)
    assert friday.astimezone(APIA) == local(APIA, 2012, 1, 6, 8)


def test_a_gap_that_swallows_the_end_of_the_day_still_counts_for_that_day() -> None:
    # Nuuk jumps from 23:00 to 00:00 on 2026-03-28.
    late = next_due(time(23, 30), NUUK, utc(2026, 3, 28, 12))
    assert late.astimezone(NUUK) == local(NUUK, 2026, 3, 29, 0, 0)
    assert occurrence_date(late, NUUK, time(23, 30)) == date(2026, 3, 28)
    midnight = next_due(time(0, 0), NUUK, utc(2026, 3, 28, 12))
    assert midnight == late
    assert occurrence_date(midnight, NUUK, time(0, 0)) == date(2026, 3, 29)
    assert next_due(time(23, 30), NUUK, late) == local(NUUK, 2026, 3, 29, 23, 30)


def test_advance_skips_every_occurrence_missed_during_downtime() -> None:
    due = utc(2026, 6, 1, 6)
    assert advance(time(8), BERLIN, due, now=utc(2026, 6, 4, 9)) == utc(2026, 6, 5, 6)
    assert advance(time(8), BERLIN, due, now=due) == utc(2026, 6, 2, 6)


def test_a_prompt_missed_by_less_than_the_grace_window_is_still_sent() -> None:
    grace = timedelta(hours=2)
    due = utc(2026, 6, 1, 6)
    assert classify_missed(due, due, grace) == "send"
    assert classify_missed(due, due + timedelta(hours=1, minutes=59), grace) == "send"
    assert classify_missed(due, due + grace, grace) == "skip"
    assert classify_missed(due, due + timedelta(days=1), grace) == "skip"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_due(time(8), BERLIN, datetime(2026, 6, 1))
    with pytest.raises(ValueError, match="weekday"):
        next_due(time(8), BERLIN, utc(2026, 6, 1), weekday=7)
    with pytest.raises(ValueError, match="naive"):
        next_due(time(8, tzinfo=UTC), BERLIN, utc(2026, 6, 1))


def _changing_years(key: str) -> tuple[int, ...]:
    """Years in which the zone's offset changes at least once (seen by three samples)."""
    tz = zoneinfo.ZoneInfo(key)
    years = []
    for year in range(2000, 2041):
        samples = [utc(year, 1, 1), utc(year, 7, 1), utc(year + 1, 1, 1)]
        if len({sample.astimezone(tz).utcoffset() for sample in samples}) > 1:
            years.append(year)
    return tuple(years)


def _clock_change(tz: tzinfo, start: datetime) -> tuple[datetime, timedelta, timedelta] | None:
    """The first instant after `start` when the offset changes, with the offsets around it."""
    day = start
    offset = day.astimezone(tz).utcoffset()
    for _ in range(400):
        later = day + timedelta(days=1)
        if later.astimezone(tz).utcoffset() != offset:
            low, high = day, later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            after_change = high.astimezone(tz).utcoffset()
            assert offset is not None and after_change is not None
            return high, offset, after_change
        day = later
    return None


CHANGING = {key: years for key in ZONE_KEYS if (years := _changing_years(key))}


# Properties.

zones = st.one_of(
    st.sampled_from(ZONE_KEYS).map(zoneinfo.ZoneInfo),
    st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
)
# Most clock changes happen around midnight or in the small hours: look there more often.
local_times = st.one_of(
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    st.builds(time, st.sampled_from([0, 1, 2, 3, 23]), st.sampled_from([0, 15, 30, 45, 59])),
)
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
weekdays = st.one_of(st.none(), st.integers(0, 6))


@settings(max_examples=200, deadline=None)
@given(
    tz=zones,
    wall=local_times,
    after=instants,
    weekday=weekdays,
    shown_in=st.sampled_from(ZONE_KEYS).map(zoneinfo.ZoneInfo),
)
def test_next_due_is_the_first_occurrence_after_the_given_instant(
    tz: tzinfo, wall: time, after: datetime, weekday: int | None, shown_in: tzinfo
) -> None:
    due = next_due(wall, tz, after.astimezone(shown_in), weekday)
    assert due.tzinfo is UTC
    assert due > after
    day = occurrence_date(due, tz, wall)
    assert due == _expected(day, wall, tz)
    step = timedelta(days=1 if weekday is None else 7)
    if weekday is None:
        assert due - after <= timedelta(days=2)
    else:
        assert day.weekday() == weekday
    if due - after > step + timedelta(days=1):
        # Only a date the zone skipped makes the wait longer.
        assert _expected(day - step, wall, tz) is None
    earlier = _expected(day - step, wall, tz)
    assert earlier is None or earlier <= after
    if due.astimezone(tz).time() >= wall:
        assert occurrence_date(due, tz) == day


def _assert_every_occurrence(
    dates: list[date], wall: time, tz: tzinfo, step: timedelta, start: datetime
) -> None:
    """`dates` are every day from the first to the last (a `step` apart) that has an
    occurrence, and none was missed before the first since `start`."""
    expected = []
    day = dates[0]
    while day <= dates[-1]:
        if _expected(day, wall, tz) is not None:
            expected.append(day)
        day += step
    assert dates == expected
    before_first = _expected(dates[0] - step, wall, tz)
    assert before_first is None or before_first <= start


@settings(max_examples=200, deadline=None)
@given(tz=zones, wall=local_times, start=instants, weekday=weekdays)
def test_iterating_gives_exactly_one_occurrence_per_local_date(
    tz: tzinfo, wall: time, start: datetime, weekday: int | None
) -> None:
    step = timedelta(days=1 if weekday is None else 7)
    dates = []
    due = start
    while due < start + timedelta(days=400):
        due = next_due(wall, tz, due, weekday)
        day = occurrence_date(due, tz, wall)
        assert due == _expected(day, wall, tz)
        dates.append(day)
    assert dates == sorted(set(dates))
    _assert_every_occurrence(dates, wall, tz, step, start)


@settings(max_examples=200, deadline=None)
@given(
    key_and_year=st.sampled_from(sorted(CHANGING)).flatmap(
        lambda key: st.tuples(st.just(key), st.sampled_from(CHANGING[key]))
    ),
    which=st.integers(0, 1),
    minute=st.integers(0, 10_000),
    weekly=st.booleans(),
)
def test_times_inside_a_clock_change_fire_once_at_the_right_instant(
    key_and_year: tuple[str, int], which: int, minute: int, weekly: bool
) -> None:
    key, year = key_and_year
    tz = zoneinfo.ZoneInfo(key)
    found = _clock_change(tz, utc(year, 1, 1))
    assert found is not None
    if which:
        found = _clock_change(tz, found[0]) or found
    change, before, after = found
    # A wall time inside the gap or the repeated stretch, or a minute either side of it.
    walls = sorted([(change + before).replace(tzinfo=None), (change + after).replace(tzinfo=None)])
    span = (walls[1] - walls[0]) // timedelta(minutes=1)
    wall_at = walls[0] + timedelta(minutes=minute % (span + 2) - 1)
    wall = wall_at.replace(second=0, microsecond=0).time()
    weekday = wall_at.weekday() if weekly else None
    step = timedelta(days=7 if weekly else 1)
    start = change - 3 * step
    due = start
    dates = []
    for _ in range(6):
        due = next_due(wall, tz, due, weekday)
        day = occurrence_date(due, tz, wall)
        assert due == _expected(day, wall, tz)
        dates.append(day)
    _assert_every_occurrence(dates, wall, tz, step, start)
