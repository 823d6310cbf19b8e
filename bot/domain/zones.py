"""Time zones as people type them: city, IANA name, abbreviation or UTC offset.

Every zone is stored by a canonical name: an IANA key, "UTC", or a fixed offset "UTC+03:00".
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
import zoneinfo
from datetime import UTC, timedelta, timezone, tzinfo

import tzfpy
from babel.dates import get_timezone, get_timezone_location

from bot import i18n
from bot.domain import cities

MAX_OFFSET_MINUTES = 14 * 60
MIN_OFFSET_MINUTES = -12 * 60
# Longer input is not a place name; skip the fuzzy search over it.
_MAX_QUERY_CHARS = 64
_MAX_SUGGESTIONS = 3
_SUGGESTION_CUTOFF = 0.75

_GEOGRAPHIC_REGIONS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)
# Old link names that are regions or points of the compass rather than places.
_NOT_PLACES = frozenset(
    {"act", "lhi", "nsw", "north", "south", "west", "yancowinna", "virgin", "samoa"}
)
_UTC_KEYS = frozenset({"Etc/UTC", "Etc/GMT"})

_OFFSET = re.compile(r"(?:(?:utc|gmt|z)\s*)?([+\-−–])\s*(\d{1,2})(?:\s*[:.h]?\s*(\d{2}))?")
_CANONICAL_OFFSET = re.compile(r"UTC([+-])(\d{2}):(\d{2})")
_ETC_GMT = re.compile(r"Etc/GMT([+-])(\d{1,2})")
_SUFFIX_WORDS = re.compile(r"\s+(?:time\s*zone|timezone|time|tz)$")


class UnknownTimezone(ValueError):
    """Text that names no zone we know; `suggestions` are close canonical names, if any."""

    def __init__(self, text: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(f"unknown time zone: {text[:_MAX_QUERY_CHARS]!r}")
        self.text = text
        self.suggestions = suggestions


def resolve_timezone(text: str) -> str:
    """The canonical zone name for what a user typed, or UnknownTimezone."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    if not cleaned or len(cleaned) > _MAX_QUERY_CHARS:
        raise UnknownTimezone(text)
    found = _resolve_exact(cleaned)
    if found is not None:
        return found
    # "Berlin, Germany" or "Berlin time": the place is in there somewhere.
    for part in _SUFFIX_WORDS.sub("", cleaned.casefold()).split(","):
        part = part.strip()
        if part and part != cleaned.casefold():
            found = _resolve_exact(part)
            if found is not None:
                return found
    raise UnknownTimezone(text, _suggest(cleaned))


def _resolve_exact(text: str) -> str | None:
    """Exact match in one of the accepted forms; raises for known-ambiguous names."""
    lowered = text.casefold()
    offset = _parse_offset(lowered)
    if offset is not None:
        return offset
    upper = text.upper()
    if upper in cities.ABBREVIATIONS:
        return cities.ABBREVIATIONS[upper]
    if upper in cities.AMBIGUOUS_ABBREVIATIONS:
        raise UnknownTimezone(text, cities.AMBIGUOUS_ABBREVIATIONS[upper])
    iana = _iana_index().get(re.sub(r"\s*/\s*", "/", lowered).replace(" ", "_"))
    if iana is not None:
        return _canonical(iana)
    key = _place_key(text)
    if key in _place_index():
        return _place_index()[key]
    if key in _multi_zone_index():
        raise UnknownTimezone(text, _multi_zone_index()[key])
    return None


def _parse_offset(lowered: str) -> str | None:
    match = _OFFSET.fullmatch(lowered)
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    total = (-1 if sign != "+" else 1) * (hours * 60 + minutes)
    if minutes not in (0, 15, 30, 45) or not MIN_OFFSET_MINUTES <= total <= MAX_OFFSET_MINUTES:
        raise UnknownTimezone(lowered)
    return _offset_name(total)


def _offset_name(total_minutes: int) -> str:
    if total_minutes == 0:
        return "UTC"
    sign = "+" if total_minutes > 0 else "-"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _canonical(key: str) -> str:
    """Follow old link names to the current zone, keep names a country is listed under."""
    links = cities.zone_links()
    while key not in _zone_tab_names() and key in links:
        key = links[key]
    if key in _UTC_KEYS:
        return "UTC"
    etc = _ETC_GMT.fullmatch(key)
    if etc is not None:
        # POSIX sign convention: Etc/GMT+3 is three hours *behind* UTC.
        hours = int(etc.group(2))
        return _offset_name(-hours * 60 if etc.group(1) == "+" else hours * 60)
    return key


def _place_key(text: str) -> str:
    """Accent-, case- and punctuation-blind form of a place name ("São_Paulo" -> "sao paulo")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = re.sub(r"['’`]", "", bare)
    return " ".join(re.sub(r"[_\-.,]", " ", bare).split())


@functools.cache
def _available() -> frozenset[str]:
    # "Factory" is tzdata's placeholder zone with no real offset.
    return frozenset(zoneinfo.available_timezones() - {"Factory", "localtime"})


@functools.cache
def _zone_tab_names() -> frozenset[str]:
    return frozenset(cities.zone_tab())


@functools.cache
def _iana_index() -> dict[str, str]:
    return {name.casefold(): name for name in _available()}


@functools.cache
def _place_index() -> dict[str, str]:
    """Place key -> canonical zone; earlier sources win when two places share a name."""
    index: dict[str, str] = {}
    for name, zone_name in cities.CITIES.items():
        index.setdefault(_place_key(name), zone_name)
    for name, zone_name in cities.OTHER_NAMES.items():
        index.setdefault(_place_key(name), zone_name)
    for zone_name in cities.zone_tab():
        index.setdefault(_place_key(zone_name.rsplit("/", 1)[-1]), zone_name)
    for name, zone_name in cities.COUNTRIES.items():
        index.setdefault(_place_key(name), zone_name)
    for name in sorted(_available()):
        region, _, place = name.partition("/")
        key = _place_key(place.rsplit("/", 1)[-1])
        if region in _GEOGRAPHIC_REGIONS and key not in _NOT_PLACES:
            index.setdefault(key, _canonical(name))
    return index


@functools.cache
def _multi_zone_index() -> dict[str, tuple[str, ...]]:
    return {_place_key(name): zones for name, zones in cities.MULTI_ZONE_COUNTRIES.items()}


def _edits(a: str, b: str) -> int:
    """Letters to add, drop, change or swap to turn `a` into `b` (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(query: str) -> int:
    # A short word is one slip away from many places ("Mars" -> "Madras"): stay strict.
    if len(query) <= 3:
        return 0  # "ran" is not a slip of "Iran"
    return 1 if len(query) <= 5 else 2 if len(query) <= 10 else 3


def _suggest(text: str) -> tuple[str, ...]:
    query = _place_key(text.rsplit("/", 1)[-1])
    index = _place_index()
    matches = difflib.get_close_matches(
        query, list(index), n=_MAX_SUGGESTIONS * 2, cutoff=_SUGGESTION_CUTOFF
    )
    suggestions: list[str] = []
    for key in matches:
        if _edits(query, key) > _allowed_edits(query):
            continue
        if index[key] not in suggestions:
            suggestions.append(index[key])
    return tuple(suggestions[:_MAX_SUGGESTIONS])


@functools.cache
def zone(name: str) -> tzinfo:
    """The tzinfo for a canonical zone name (what resolve_timezone returns)."""
    if name == "UTC":
        return UTC
    offset = _CANONICAL_OFFSET.fullmatch(name)
    if offset is not None:
        minutes = int(offset.group(2)) * 60 + int(offset.group(3))
        total = -minutes if offset.group(1) == "-" else minutes
        if int(offset.group(3)) >= 60 or not MIN_OFFSET_MINUTES <= total <= MAX_OFFSET_MINUTES:
            raise UnknownTimezone(name)
        return timezone(timedelta(minutes=total), name)
    if name not in _available():
        raise UnknownTimezone(name)
    return zoneinfo.ZoneInfo(name)


def zone_label(name: str) -> str:
    """A short name for a button or a sentence: "Berlin", "New York", "UTC+03:00"; a city
    in the current language ("Берлин") where Babel knows it."""
    etc = _ETC_GMT.fullmatch(name)
    if name == "UTC" or _CANONICAL_OFFSET.fullmatch(name) or etc is not None:
        return _canonical(name)
    return _city(name, i18n.current())


@functools.cache
def _city(name: str, language: str) -> str:
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    if language == i18n.DEFAULT:
        return city  # the zone's own name, as people type it back
    try:
        return get_timezone_location(get_timezone(name), locale=i18n.locale(), return_city=True)
    except LookupError:
        return city


def timezone_from_location(latitude: float, longitude: float) -> str:
    """The zone whose borders hold the point (tzfpy); at sea, the nautical UTC offset."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ValueError(f"not a location on Earth: {latitude}, {longitude}")
    found = tzfpy.get_tz(longitude, latitude)
    if found not in _available():
        # A name the installed tzdata does not know yet: the nautical zone of that longitude.
        return _offset_name(round(longitude / 15) * 60)
    # Open sea comes back as Etc/GMT±N, which reads as "UTC∓N" once made canonical.
    return _canonical(found)


def guess_timezones(language_code: str | None) -> list[str]:
    """Two to four likely zones for a Telegram language code, most likely first, then UTC."""
    code = (language_code or "").strip().lower().replace("_", "-")
    guesses = (
        cities.LANGUAGE_ZONES.get(code)
        or cities.LANGUAGE_ZONES.get(code.split("-", 1)[0])
        or cities.DEFAULT_GUESSES
    )
    return [*guesses[:3], "UTC"]
