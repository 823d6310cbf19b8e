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
from bot.domain.words import PLAIN, WEEKDAY_NAMES, weekday_number

MAX_DAYS_BACK = 7
# A win logged this long after the day began may well belong to the day before.
YESTERDAY_OFFER_HOURS = 6
# /lift picks from wins at least this many days old (older than anything /week shows).
LIFT_AFTER_DAYS = 7

# Number words for "two days ago" in each language.
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    | {"seven": 7, "eight": 8, "nine": 9, "ten": 10},
    "es": {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
    | {"seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10},
    "pt_BR": {"um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5}
    | {"seis": 6, "sete": 7, "oito": 8, "nove": 9, "dez": 10},
    "de": {"ein": 1, "einem": 1, "einen": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4}
    | {"fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10},
    "ru": {"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5}
    | {"шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10},
    "fa": {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8}
    | {"نه": 9, "ده": 10},
}
_NUMBERS = {
    word.translate(PLAIN): n for words in NUMBER_WORDS.values() for word, n in words.items()
}
_SEPARATOR = r"(?:\s*[:,،؛\-–—]\s*|\s+|$)"
_N = r"(\d{1,4}|[^\W\d_]+)"
# Matched on the text read plainly (bot.domain.words.PLAIN: no accents, Latin digits), so
# "hace 2 días" is "hace 2 dias" here and the rest of the text keeps its place.


def _plain_re(pattern: str) -> re.Pattern[str]:
    # Written as people write the words; read the way the text is read ("дней": "днеи").
    return re.compile(pattern.translate(PLAIN), re.IGNORECASE)


_YESTERDAY = _plain_re(rf"^(?:yesterday|ayer|ontem|gestern|вчера|دیروز){_SEPARATOR}")
_DAY_BEFORE_YESTERDAY = _plain_re(
    r"^(?:(?:the\s+)?day\s+before\s+yesterday|anteayer|antier|antes\s+de\s+ayer|anteontem"
    rf"|antes\s+de\s+ontem|vorgestern|позавчера|پری[\u200c\s]?روز){_SEPARATOR}"
)
_DAYS_AGO = tuple(
    _plain_re(rf"^{pattern}{_SEPARATOR}")
    for pattern in (
        rf"{_N}\s+days?\s+ago",
        rf"hace\s+{_N}\s+días?",
        rf"há\s+{_N}\s+dias?",
        rf"{_N}\s+dias?\s+atrás",
        rf"vor\s+{_N}\s+tag(?:en)?",
        rf"{_N}\s+(?:день|дня|дней)\s+назад",
        rf"{_N}\s+روز\s+(?:پیش|قبل)",
    )
)


def _days(language: str, alone: bool = True) -> str:
    """The full names of the weekdays in `language` as a regex group; a joiner inside a
    Persian name or the hyphen in "segunda-feira" may be a space or nothing. `alone=False`
    leaves out the Portuguese days that are also ordinals ("na segunda vez" is "the second
    time"): those need "-feira", "passada" or a pause after them."""
    names = {name.lower() for full, shorts in WEEKDAY_NAMES[language] for name in full}
    patterns = [
        re.escape(name).replace("\u200c", "[\u200c\\s]?").replace("\\-", "[-\\s]?")
        for name in sorted(names, key=len, reverse=True)
        if alone or name not in _ORDINALS
    ]
    if not alone:
        ordinals = "|".join(sorted(_ORDINALS & names))
        patterns.append(rf"(?:{ordinals})(?=\s+passad[ao]|\s*[:,،;\-–—]|\s*$)")
    return f"({'|'.join(patterns)})"


_ORDINALS = frozenset({"segunda", "quarta", "quinta", "sexta"})


# A weekday where it can only mean the day of the win: "/win Monday's meeting went well"
# stays today, so English, Spanish, Portuguese, German and Russian need the little word
# before it ("on", "el", "no", "am", "в"...) or "last" around it. Persian puts the day
# first with nothing before it ("دوشنبه رفتم شنا").
_WEEKDAY = tuple(
    _plain_re(rf"^(?:{pattern}){_SEPARATOR}")
    for pattern in (
        rf"(?:on|last|on\s+last)\s+{_days('en')}",
        rf"el\s+(?:pasado\s+)?{_days('es')}(?:\s+pasado)?",
        rf"{_days('es')}\s+pasado",
        rf"(?:na|no)\s+(?:última\s+|último\s+)?{_days('pt_BR', alone=False)}(?:\s+passad[ao])?",
        rf"{_days('pt_BR')}\s+passad[ao]",
        rf"(?:am\s+|(?:am\s+)?(?:letzten|vergangenen)\s+){_days('de')}",
        rf"(?:в|во)\s+(?:прошл(?:ый|ую|ое)\s+)?{_days('ru')}",
        rf"(?:روز\s+)?{_days('fa')}(?:[\u200c\s]?ی)?(?:\s+(?:گذشته|پیش|قبل))?",
    )
)


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
    the last Monday before today (a week ago on a Monday). The same in each language we
    speak ("ayer ...", "hace 2 días ...", "vor 2 Tagen ...", "в понедельник ...", "دیروز ...").
    Anything else is for today. Raises TooFarBack past MAX_DAYS_BACK."""
    stripped = text.strip()
    plain = stripped.translate(PLAIN)
    days_back: int | None = None
    rest = stripped
    if match := _DAY_BEFORE_YESTERDAY.match(plain):
        days_back, rest = 2, stripped[match.end() :]
    elif match := _YESTERDAY.match(plain):
        days_back, rest = 1, stripped[match.end() :]
    elif ago := next((m for p in _DAYS_AGO if (m := p.match(plain))), None):
        word = ago.group(1).lower()
        number = int(word) if word.isdigit() else _NUMBERS.get(word)
        if number is not None:
            days_back, rest = number, stripped[ago.end() :]
    elif day := next((m for p in _WEEKDAY if (m := p.match(plain))), None):
        weekday = weekday_number("".join(day.group(1).split()))
        if weekday is not None:
            days_back = (today.weekday() - weekday - 1) % 7 + 1
            rest = stripped[day.end() :]
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


_YESTERDAY_WORD = r"(?:yesterday|ayer|ontem|gestern|вчера|دیروز)"
_DONE_YESTERDAY = _plain_re(rf"(?:^|\s)(?:for\s+)?{_YESTERDAY_WORD}$|^{_YESTERDAY_WORD}(?:\s+|$)")


def split_done_day(argument: str) -> tuple[str, int]:
    """ "1 yesterday" / "yesterday 1" / "yesterday" -> (goal words, days back)."""
    text = argument.strip()
    match = _DONE_YESTERDAY.search(text.translate(PLAIN))
    if match is None:
        return text, 0
    return (text[: match.start()] + " " + text[match.end() :]).strip(), 1


def lift_before(today: datetime.date) -> datetime.date:
    """/lift looks at wins on days before this one: more than a week ago."""
    return today - datetime.timedelta(days=LIFT_AFTER_DAYS)
