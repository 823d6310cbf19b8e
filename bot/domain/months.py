"""Reading a month for /calendar: `3`, `march`, `Mar 2026`, `2026-03`, or nothing for this one."""

from __future__ import annotations

import re
from datetime import date

from bot.domain.pictures import MONTH_NAMES
from bot.domain.words import DIGITS, fold

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_BACKWARD = re.compile(r"^(\d{1,2})[-/.](\d{4})$")

# January..December in each language we speak besides English (MONTH_NAMES): the names as
# written alone and inside a date (Russian "январь", "января"), the Russian "в январе", and
# short forms. Persian speakers who name a Gregorian month use these; the calendar is
# Gregorian, so the solar months (فروردین...) are not read.
OTHER_MONTH_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "es": (
        ("enero", "ene"),
        ("febrero", "feb"),
        ("marzo", "mar"),
        ("abril", "abr"),
        ("mayo", "may"),
        ("junio", "jun"),
        ("julio", "jul"),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sep", "sept", "set"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
    "pt_BR": (
        ("janeiro", "jan"),
        ("fevereiro", "fev"),
        ("março", "mar"),
        ("abril", "abr"),
        ("maio", "mai"),
        ("junho", "jun"),
        ("julho", "jul"),
        ("agosto", "ago"),
        ("setembro", "set"),
        ("outubro", "out"),
        ("novembro", "nov"),
        ("dezembro", "dez"),
    ),
    "de": (
        ("januar", "jänner", "jan"),
        ("februar", "feb"),
        ("märz", "maerz", "mär", "mrz"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ),
    "ru": (
        ("январь", "января", "январе", "янв"),
        ("февраль", "февраля", "феврале", "фев", "февр"),
        ("март", "марта", "марте", "мар"),
        ("апрель", "апреля", "апреле", "апр"),
        ("май", "мая", "мае"),
        ("июнь", "июня", "июне", "июн"),
        ("июль", "июля", "июле", "июл"),
        ("август", "августа", "августе", "авг"),
        ("сентябрь", "сентября", "сентябре", "сен", "сент"),
        ("октябрь", "октября", "октябре", "окт"),
        ("ноябрь", "ноября", "ноябре", "ноя", "нояб"),
        ("декабрь", "декабря", "декабре", "дек"),
    ),
    "fa": (
        ("ژانویه",),
        ("فوریه",),
        ("مارس",),
        ("آوریل", "اپریل"),
        ("مه", "می"),
        ("ژوئن",),
        ("ژوئیه", "جولای"),
        ("اوت", "آگوست"),
        ("سپتامبر",),
        ("اکتبر",),
        ("نوامبر",),
        ("دسامبر",),
    ),
}
_NAMES = tuple((fold(name), number) for number, name in enumerate(MONTH_NAMES, start=1)) + tuple(
    (fold(name), number)
    for months in OTHER_MONTH_NAMES.values()
    for number, names in enumerate(months, start=1)
    for name in names
)
# "/calendar in march", "/calendar en marzo", "/calendar в марте".
_BEFORE_MONTH = frozenset({"in", "en", "em", "im", "de", "в", "во", "در"})


class MonthParseError(ValueError):
    pass


def _one(numbers: set[int], word: str) -> int:
    if len(numbers) != 1:
        raise MonthParseError(word)
    return numbers.pop()


def _month_number(word: str) -> int:
    if word.isdecimal():
        number = int(word)
        if 1 <= number <= 12:
            return number
        raise MonthParseError(word)
    folded = fold(word).rstrip(".")
    exact = {number for name, number in _NAMES if name == folded}
    if exact:
        return _one(exact, word)
    # Any start of three letters or more that names one month: "sept", "novem", "дек".
    if len(folded) >= 3:
        return _one({number for name, number in _NAMES if name.startswith(folded)}, word)
    raise MonthParseError(word)


def _latest(month: int, today: date) -> tuple[int, int]:
    """A month without a year is the most recent one, this month included."""
    year = today.year if month <= today.month else today.year - 1
    return year, month


def parse_month(text: str, today: date) -> tuple[int, int]:
    """(year, month) named by `text`, relative to the user's `today`."""
    text = " ".join(text.translate(DIGITS).split())
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
    if len(words) > 1 and fold(words[0]) in _BEFORE_MONTH:
        words = words[1:]
    if len(words) == 2 and words[1].isdecimal() and len(words[1]) == 4:
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
