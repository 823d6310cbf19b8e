"""Where a person's week begins: Monday (0, the default) or Sunday (6). Pictures that
draw calendar weeks (the month grid, the year heatmap) take it as `week_start`."""

from __future__ import annotations

from datetime import date, timedelta

MONDAY = 0
SUNDAY = 6
WEEK_STARTS = (MONDAY, SUNDAY)

# Where weeks on the wall calendar start on Sunday, by Telegram language code (region
# included when Telegram sends one). Anything else starts on Monday.
_SUNDAY_LANGUAGES = frozenset({"en-us", "en-ca", "pt-br", "he", "ja", "ko", "zh-tw"})


def default_week_start(language_code: str | None) -> int:
    """The usual first weekday for a language code; Monday unless it is known otherwise."""
    code = (language_code or "").lower().replace("_", "-")
    return SUNDAY if code in _SUNDAY_LANGUAGES else MONDAY


def week_start_of(day: date, week_start: int = MONDAY) -> date:
    """The first day of the calendar week `day` is in."""
    if week_start not in WEEK_STARTS:
        raise ValueError(f"a week starts on Monday (0) or Sunday (6), not {week_start}")
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def weekday_order(week_start: int = MONDAY) -> tuple[int, ...]:
    """Weekdays (0 = Monday) in the order a week is drawn: column 0 first."""
    return tuple((week_start + i) % 7 for i in range(7))
