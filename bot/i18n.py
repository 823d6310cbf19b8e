"""The language the bot is speaking right now, and its words, dates and numbers in it.

The words live in gettext catalogs, `bot/locale/<language>/LC_MESSAGES/smallwins.po`,
one per language; the English text is the message id, so English needs no catalog.
A catalog is compiled in memory (Babel) the first time its language is spoken: there
is no build step, and a translator's edit shows on the next start.

Which language applies is a context variable, set around one update or one scheduled
message with `use(language)`; copy asks for it with `_`, `ngettext` and the Babel
formatters below. Nothing here knows about Telegram or storage.
"""

from __future__ import annotations

import gettext as _gettext
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "smallwins"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"


def _own_name(language: str) -> str:
    """A language named in itself, as a button would show it: `Español`, `Русский`."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def _spoken() -> dict[str, str]:
    """English, then every language with a catalog, by code: adding a catalog adds it."""
    found = sorted(path.parents[1].name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return {language: _own_name(language) for language in [DEFAULT, *found]}


# Every language the bot speaks, by its code, named in itself (what /language shows).
LANGUAGES: dict[str, str] = _spoken()

# Telegram's language_code (IETF, e.g. `pt-br`, `es-419`) to ours, where the first part
# alone would not find it.
_ALIASES = {"pt": "pt_BR", "pt-br": "pt_BR", "pt-pt": "pt_BR"}

_current: ContextVar[str] = ContextVar("smallwins_language", default=DEFAULT)


def language_for(code: str | None) -> str:
    """Our language for a Telegram `language_code`; English when we don't speak it."""
    cleaned = (code or "").strip().lower().replace("_", "-")
    if not cleaned:
        return DEFAULT
    if cleaned in _ALIASES:
        return _ALIASES[cleaned]
    for known in LANGUAGES:
        if known.lower().replace("_", "-") == cleaned:
            return known
    base = cleaned.split("-", 1)[0]
    if base in _ALIASES:
        return _ALIASES[base]
    return base if base in LANGUAGES else DEFAULT


def telegram_code(language: str) -> str:
    """The two-letter code Telegram's setMyCommands takes for one of our languages."""
    return language.split("_", 1)[0]


def current() -> str:
    return _current.get()


@contextmanager
def use(language: str | None) -> Iterator[None]:
    """Speak `language` (ours, or anything `language_for` understands) inside the block."""
    chosen = language if language in LANGUAGES else language_for(language)
    token = _current.set(chosen)
    try:
        yield
    finally:
        _current.reset(token)


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """One language's catalog, compiled from its .po file on first use."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


class Words(str):
    """A message in the current language. Its `format` writes whole numbers in the
    language's own digits where it has them (Persian ۱۲), so counts read like the words
    around them; everything else (times, names, what users wrote) goes in as it is."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        digits = _digits(_current.get())
        if digits:
            kwargs = {
                name: str(value).translate(digits)
                if isinstance(value, int) and not isinstance(value, bool)
                else value
                for name, value in kwargs.items()
            }
        return str.format(self, *args, **kwargs)


# Where each CLDR numbering system's zero is in Unicode (its digits follow it).
_ZEROS = {"arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "mymr": 0x1040}


@cache
def _digits(language: str) -> dict[int, int] | None:
    """ASCII digits to the language's own (by CLDR), or None where it writes 0-9."""
    zero = _ZEROS.get(_locale(language).default_numbering_system)
    if zero is None:
        return None
    return str.maketrans("0123456789", "".join(chr(zero + d) for d in range(10)))


def _(message: str) -> Words:
    """`message` in the current language (the English itself when there is no match)."""
    return Words(translations(_current.get()).gettext(message))


def ngettext(singular: str, plural: str, n: int) -> Words:
    """The form of a message that fits the number `n`, in the current language."""
    return Words(translations(_current.get()).ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> Words:
    """`message` where the same English means different things (`context` tells which)."""
    return Words(translations(_current.get()).pgettext(context, message))


def N_(message: str) -> str:
    """Marks a string for the catalogs without translating it yet (tables, defaults)."""
    return message


# The bot's English is British (day before month, 24-hour clock), so its dates and
# times come from en_GB; the words themselves need no catalog either way.
_FORMATS = {DEFAULT: "en_GB"}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(_FORMATS.get(language, language))


def locale() -> Locale:
    """The current language as a Babel locale, for dates and numbers."""
    return _locale(_current.get())


def is_rtl() -> bool:
    return locale().character_order == "right-to-left"


def format_date(day: date, format: str = "medium") -> str:
    """A date as the current language writes it (`format` as Babel takes it)."""
    return own_digits(_dates.format_date(day, format=format, locale=locale()))


def format_skeleton(day: date | datetime, skeleton: str) -> str:
    """A date from a CLDR skeleton, e.g. `MMMMd` (30 November) or `yMMMM` (November 2026)."""
    current = locale()
    skeletons = current.datetime_skeletons
    closest = skeleton if skeleton in skeletons else _dates.match_skeleton(skeleton, skeletons)
    if closest is None:
        return own_digits(_dates.format_skeleton(skeleton, day, locale=current))
    pattern = _widened(skeletons[closest].pattern, skeleton)
    return own_digits(_dates.format_datetime(day, pattern, locale=current))


# Name fields a pattern may write narrower than the skeleton asked for, by the skeleton
# letter they answer to (stand-alone months and weekdays count as the same field).
_NAME_FIELDS = {"E": "E", "c": "E", "e": "E", "M": "M", "L": "M"}


def _widened(pattern: str, skeleton: str) -> str:
    """Names as wide as the skeleton asks: Babel, unlike ICU, keeps the closest pattern's
    widths, so `MMMMEEEEd` came out "mar, 24 de noviembre" where a language has no
    pattern for it."""
    wanted = {letter: skeleton.count(letter) for letter in "EM" if letter in skeleton}

    def widen(run: re.Match[str]) -> str:
        text = run.group()
        field = _NAME_FIELDS.get(text[0])
        if text.startswith("'") or field not in wanted:
            return text
        if field == "M" and len(text) < 3:
            return text  # a numeric month stays a number
        return text[0] * max(len(text), wanted[field])

    return re.sub(r"'[^']*'|([A-Za-z])\1*", widen, pattern)


def format_time(moment: time | datetime, format: str = "short") -> str:
    return own_digits(_dates.format_time(moment, format=format, locale=locale()))


Context = Literal["format", "stand-alone"]


def month_name(
    month: int,
    width: Literal["abbreviated", "narrow", "wide"] = "wide",
    context: Context = "stand-alone",
) -> str:
    """A month's name (1 = January) on its own, as in a calendar's title."""
    return _dates.get_month_names(width, context, locale=locale())[month]


def weekday_name(
    weekday: int,
    width: Literal["abbreviated", "narrow", "short", "wide"] = "wide",
    context: Context = "format",
) -> str:
    """A weekday's name, Monday = 0 as in `date.weekday()`."""
    return _dates.get_day_names(width, context, locale=locale())[weekday]


def format_number(number: int | float) -> str:
    return own_digits(_numbers.format_decimal(number, locale=locale()))


def own_digits(text: str) -> str:
    """`text` with 0-9 in the current language's own digits, where it has them."""
    digits = _digits(_current.get())
    return text.translate(digits) if digits else text
