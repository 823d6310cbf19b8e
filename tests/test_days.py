"""The user's day: local dates with a movable day end, and their bounds in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.days import DEFAULT_DAY_END_HOUR, day_bounds, local_day

UTC = datetime.UTC
ONE_DAY = datetime.timedelta(days=1)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def at(
    tz: datetime.tzinfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)


def test_a_win_after_midnight_counts_for_the_evening_before() -> None:
    assert local_day(at(BERLIN, 2026, 5, 2, 1, 0), BERLIN) == datetime.date(2026, 5, 1)
    assert local_day(at(BERLIN, 2026, 5, 2, 3, 59), BERLIN) == datetime.date(2026, 5, 1)
    assert local_day(at(BERLIN, 2026, 5, 2, 4, 0), BERLIN) == datetime.date(2026, 5, 2)
    assert DEFAULT_DAY_END_HOUR == 4


def test_the_day_follows_the_users_zone_not_utc() -> None:
    instant = at(UTC, 2026, 5, 2, 2, 0)
    assert local_day(instant, NEW_YORK, 0) == datetime.date(2026, 5, 1)
    assert local_day(instant, zoneinfo.ZoneInfo("Asia/Tokyo"), 0) == datetime.date(2026, 5, 2)
    fixed = datetime.timezone(datetime.timedelta(hours=-4, minutes=-30))
    assert local_day(instant, fixed, 0) == datetime.date(2026, 5, 1)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError):
        local_day(datetime.datetime(2026, 5, 2, 12), BERLIN)


@pytest.mark.parametrize("hour", [-1, 13, 24])
def test_day_end_hour_must_be_between_0_and_12(hour: int) -> None:
    with pytest.raises(ValueError):
        local_day(at(UTC, 2026, 5, 2, 12), BERLIN, hour)
    with pytest.raises(ValueError):
        day_bounds(datetime.date(2026, 5, 2), BERLIN, hour)


def test_day_bounds_are_in_utc() -> None:
    start, end = day_bounds(datetime.date(2026, 5, 2), BERLIN, 4)
    assert (start, end) == (at(UTC, 2026, 5, 2, 2), at(UTC, 2026, 5, 3, 2))
    assert start.tzinfo is UTC


def test_the_day_the_clocks_go_back_is_25_hours() -> None:
    start, end = day_bounds(datetime.date(2026, 10, 25), LONDON, 0)
    assert end - start == datetime.timedelta(hours=25)
    # With the day ending at 04:00 the change (at 02:00) falls in the user-day before.
    start, end = day_bounds(datetime.date(2026, 10, 24), LONDON, 4)
    assert (start, end) == (at(UTC, 2026, 10, 24, 3), at(UTC, 2026, 10, 25, 4))


def test_the_day_the_clocks_go_forward_is_23_hours() -> None:
    start, end = day_bounds(datetime.date(2026, 3, 8), NEW_YORK, 0)
    assert end - start == datetime.timedelta(hours=23)
    start, end = day_bounds(datetime.date(2026, 3, 7), NEW_YORK, 4)
    assert end - start == datetime.timedelta(hours=23)


def test_a_day_end_inside_the_skipped_hour_starts_the_day_at_the_jump() -> None:
    start, _ = day_bounds(datetime.date(2026, 3, 8), NEW_YORK, 2)
    assert start == at(UTC, 2026, 3, 8, 7)  # 03:00 EDT, the first minute that exists
    assert local_day(start, NEW_YORK, 2) == datetime.date(2026, 3, 8)
    assert local_day(start - datetime.timedelta(seconds=1), NEW_YORK, 2) == datetime.date(
        2026, 3, 7
    )


def test_a_repeated_hour_belongs_to_one_day() -> None:
    # Moscow went back two hours at 02:00 on 2014-10-26, repeating 00:00-02:00.
    moscow = zoneinfo.ZoneInfo("Europe/Moscow")
    first_pass = at(UTC, 2014, 10, 25, 21, 30)  # 01:30 MSK+4
    second_pass = at(UTC, 2014, 10, 25, 22, 30)  # 00:30 MSK+3
    assert local_day(first_pass, moscow, 1) == datetime.date(2014, 10, 26)
    assert local_day(second_pass, moscow, 1) == datetime.date(2014, 10, 26)


instants = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2040, 12, 31),
    timezones=st.just(UTC),
)
dst_instants = st.builds(
    lambda base, minutes: base + datetime.timedelta(minutes=minutes),
    st.sampled_from([at(UTC, 2026, 3, 8), at(UTC, 2026, 10, 25), at(UTC, 2026, 3, 29)]),
    st.integers(-36 * 60, 36 * 60),
)
zones = st.one_of(
    st.sampled_from(ZONES).map(zoneinfo.ZoneInfo),
    st.sampled_from([NEW_YORK, LONDON, BERLIN]),
)
hours = st.integers(0, 12)


@settings(max_examples=200, deadline=None)
@given(st.one_of(instants, dst_instants), zones, hours)
def test_day_bounds_contain_the_instant(
    instant: datetime.datetime, tz: zoneinfo.ZoneInfo, hour: int
) -> None:
    start, end = day_bounds(local_day(instant, tz, hour), tz, hour)
    assert start <= instant < end


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(instants, dst_instants),
    st.integers(0, 3 * 24 * 3600),
    zones,
    hours,
)
def test_local_day_never_goes_backwards(
    instant: datetime.datetime, seconds: int, tz: zoneinfo.ZoneInfo, hour: int
) -> None:
    later = instant + datetime.timedelta(seconds=seconds)
    assert local_day(instant, tz, hour) <= local_day(later, tz, hour)


@settings(max_examples=200, deadline=None)
@given(st.one_of(instants, dst_instants), zones)
def test_a_day_end_of_midnight_is_the_plain_local_date(
    instant: datetime.datetime, tz: zoneinfo.ZoneInfo
) -> None:
    local = instant.astimezone(tz)
    if local.fold == 0:
        assert local_day(instant, tz, 0) == local.date()
    else:
        # Second pass through a repeated hour: see test_clocks_going_back_across_midnight.
        assert local_day(instant, tz, 0) - local.date() in (datetime.timedelta(0), ONE_DAY)


def test_clocks_going_back_across_midnight_do_not_reopen_the_day_before() -> None:
    # Goose Bay went back at 00:01 on 2010-11-07, to 23:01 on the 6th. The repeated
    # 23:01-00:01 stays in the 7th, so days never overlap and local_day never goes back.
    goose_bay = zoneinfo.ZoneInfo("America/Goose_Bay")
    second_pass = at(UTC, 2010, 11, 7, 3, 30)
    assert second_pass.astimezone(goose_bay).date() == datetime.date(2010, 11, 6)
    assert local_day(second_pass, goose_bay, 0) == datetime.date(2010, 11, 7)
    start, _ = day_bounds(datetime.date(2010, 11, 7), goose_bay, 0)
    assert start == at(UTC, 2010, 11, 7, 3, 0)
