"""Catching up: wins and check-offs for the days just gone, and a lift from older wins.

A win can go back at most a week (`MAX_DAYS_BACK`), counted in user-days, so the day-end
hour decides what "yesterday" is: at 01:00 with the day ending at 04:00 the evening before
is still today, and yesterday is the day before it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

from bot.domain.days import day_bounds, local_day

MAX_DAYS_BACK = 7
# A win logged this long after the day began may well belong to the day before.
YESTERDAY_OFFER_HOURS = 6
# /lift picks from wins at least this many days old (older than anything /week shows).
LIFT_AFTER_DAYS = 7

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_SEPARATOR = r"(?:\s*[:,\-–—]\s*|\s+|$)"
_YESTERDAY = re.compile(rf"^yesterday{_SEPARATOR}", re.IGNORECASE)
_DAYS_AGO = re.compile(rf"^(\d{{1,4}}|[a-z]+)\s+days?\s+ago{_SEPARATOR}", re.IGNORECASE)
# A weekday only with "on" or "last" before it: "/win Monday's meeting went well" stays today.
_WEEKDAY = re.compile(rf"^(?:on|last)\s+({'|'.join(_WEEKDAYS)}){_SEPARATOR}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Backdated:
    """A win text with its day: `days_back` user-days before today (0 is today)."""

    days_back: int
    text: str


class TooFarBack(ValueError):
    """A backdate further back than MAX_DAYS_BACK."""

    def __init__(self, days_back: int) -> None:
        super().__init__(f"{days_back} days back (at most {MAX_DAYS_BACK})")
        self.days_back = days_back


def split_backdate(text: str, today: datetime.date) -> Backdated:
    """ "2 days ago called mum" -> (2, "called mum"); "yesterday ..." -> 1; "on monday ..." ->
    the last Monday before today (a week ago on a Monday). Anything else is for today.
    Raises TooFarBack past MAX_DAYS_BACK."""
    stripped = text.strip()
    days_back: int | None = None
    rest = stripped
    if match := _YESTERDAY.match(stripped):
        days_back, rest = 1, stripped[match.end() :]
    elif (match := _DAYS_AGO.match(stripped)) is not None:
        word = match.group(1).lower()
        number = int(word) if word.isdigit() else _NUMBERS.get(word)
        if number is not None:
            days_back, rest = number, stripped[match.end() :]
    elif match := _WEEKDAY.match(stripped):
        weekday = _WEEKDAYS.index(match.group(1).lower())
        days_back = (today.weekday() - weekday - 1) % 7 + 1
        rest = stripped[match.end() :]
    if days_back is None:
        return Backdated(0, stripped)
    if days_back > MAX_DAYS_BACK:
        raise TooFarBack(days_back)
    return Backdated(days_back, rest.strip())


def offers_yesterday(
    now: datetime.datetime, tz: datetime.tzinfo, day_end_hour: int
) -> datetime.date | None:
    """In the first hours of a user-day (04:00–10:00 with the day ending at 04:00), a win
    may belong to the day before: that day, else None. Between midnight and the day-end
    hour a win already counts for the evening before, so nothing is offered then."""
    today = local_day(now, tz, day_end_hour)
    start, _ = day_bounds(today, tz, day_end_hour)
    if now - start < datetime.timedelta(hours=YESTERDAY_OFFER_HOURS):
        return today - datetime.timedelta(days=1)
    return None


def may_move_to(day: datetime.date, today: datetime.date) -> bool:
    """A win may move to `day` if it is in the past week, not today or later."""
    return today - datetime.timedelta(days=MAX_DAYS_BACK) <= day < today


CheckOffProblem = Literal["before_start", "after_end", "future", "too_far"]


def check_off_problem(
    day: datetime.date, today: datetime.date, start: datetime.date, last_day: datetime.date
) -> CheckOffProblem | None:
    """Why a goal cannot be checked off on `day`, or None if it can."""
    if day > today:
        return "future"
    if day < today - datetime.timedelta(days=MAX_DAYS_BACK):
        return "too_far"
    if day < start:
        return "before_start"
    if day > last_day:
        return "after_end"
    return None


_DONE_YESTERDAY = re.compile(r"(?:^|\s)(?:for\s+)?yesterday$|^yesterday(?:\s+|$)", re.IGNORECASE)


def split_done_day(argument: str) -> tuple[str, int]:
    """ "1 yesterday" / "yesterday 1" / "yesterday" -> (goal words, days back)."""
    text = argument.strip()
    match = _DONE_YESTERDAY.search(text)
    if match is None:
        return text, 0
    return (text[: match.start()] + " " + text[match.end() :]).strip(), 1


def lift_before(today: datetime.date) -> datetime.date:
    """/lift looks at wins on days before this one: more than a week ago."""
    return today - datetime.timedelta(days=LIFT_AFTER_DAYS)
