"""The remembered user-day (handlers/common.user_day) says what bot/domain says, for any
instant, in any order: forwards, backwards, across clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.catchup import offers_yesterday
from bot.domain.days import local_day
from bot.domain.zones import zone
from handlers.common import user_day
from storage.models import User

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Tehran",
    "UTC+05:30",
)


def _user(timezone: str, day_end_hour: int) -> User:
    return User(
        user_id=1,
        first_name="A",
        language_code=None,
        timezone=timezone,
        morning_time=None,
        evening_time=None,
        weekly_day=None,
        weekly_time=None,
        day_end_hour=day_end_hour,
        paused=False,
        paused_until=None,
        active=True,
        onboarding_step=None,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ZONES),
            st.integers(0, 12),
            st.datetimes(
                min_value=datetime(2025, 1, 1),
                max_value=datetime(2027, 12, 31),
                timezones=st.just(UTC),
            ),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_user_day_is_the_domain_day(seen: list[tuple[str, int, datetime]]) -> None:
    for name, hour, now in seen:
        for instant in (now, now + timedelta(minutes=1), now - timedelta(hours=5)):
            day = user_day(_user(name, hour), instant)
            assert day.today == local_day(instant, zone(name), hour)
            assert day.start <= instant < day.end
            assert day.offers_yesterday(instant) == offers_yesterday(instant, zone(name), hour)


def test_a_day_over_clock_changes() -> None:
    user = _user("Europe/Berlin", 2)
    # Berlin 2026-03-29: 02:00 local is skipped; the day starts at the jump.
    for minutes in range(0, 48 * 60, 7):
        instant = datetime(2026, 3, 28, tzinfo=UTC) + timedelta(minutes=minutes)
        assert user_day(user, instant).today == local_day(instant, zone("Europe/Berlin"), 2)
        assert user_day(user, instant).offers_yesterday(instant) == offers_yesterday(
            instant, zone("Europe/Berlin"), 2
        )
