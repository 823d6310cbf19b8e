"""Reading a month for /calendar: `3`, `march`, `Mar 2026`, `2026-03`, or nothing for this one."""

from __future__ import annotations

import re
from datetime import date

from bot.domain.pictures import MONTH_NAMES

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_BACKWARD = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


class MonthParseError(ValueError):
    pass


def _month_number(word: str) -> int:
    if word.isdigit():
        number = int(word)
        if 1 <= number <= 12:
            return number
        raise MonthParseError(word)
    word = word.casefold().rstrip(".")
    if len(word) >= 3:
        for number, name in enumerate(MONTH_NAMES, start=1):
            if name.casefold().startswith(word):
                return number
    raise MonthParseError(word)


def _latest(month: int, today: date) -> tuple[int, int]:
    """A month without a year is the most recent one, this month included."""
    year = today.year if month <= today.month else today.year - 1
    return year, month


def parse_month(text: str, today: date) -> tuple[int, int]:
    """(year, month) named by `text`, relative to the user's `today`."""
    text = " ".join(text.split())
    if not text:
        return today.year, today.month
    for pattern, year_group, month_group in ((_ISO, 1, 2), (_BACKWARD, 2, 1)):
        match = pattern.match(text)
        if match:
            year, month = int(match[year_group]), int(match[month_group])
            if not 1 <= month <= 12 or not 1900 <= year <= 9999:
                raise MonthParseError(text)
            return year, month
    words = text.split(" ")
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4:
        return int(words[1]), _month_number(words[0])
    if len(words) == 1:
        return _latest(_month_number(words[0]), today)
    raise MonthParseError(text)


def is_future(year: int, month: int, today: date) -> bool:
    """Whether the month starts after the user's `today` (nothing to show there yet)."""
    return (year, month) > (today.year, today.month)


def shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
