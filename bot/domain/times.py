"""Clock times as people type them ("7", "7:30", "19h", "7pm"), and how the bot writes them."""

from __future__ import annotations

import datetime
import re

OFF_WORDS = frozenset({"off", "none", "no", "never", "disable", "stop"})

_HINT = "Try a time like 7, 7:30, 19:00 or 7pm."
# "7", "07", "7:30", "7.30", "19h", "19h30", each optionally followed by am/pm.
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2})|h)?(?P<half>am|pm|a|p)?")
# "1930": four digits read as a 24-hour HHMM; three ("730") could be 7:30 or a typo.
_COMPACT = re.compile(r"(?P<hour>\d{2})(?P<minute>\d{2})(?P<half>am|pm|a|p)?")
_WORDS = {
    "noon": datetime.time(12, 0),
    "midday": datetime.time(12, 0),
    "midnight": datetime.time(0, 0),
}


class TimeParseError(ValueError):
    """Text that is not a time of day; the message says what would work."""


def parse_time(text: str) -> datetime.time:
    """A time of day from what a user typed. A bare hour is on the 24-hour clock."""
    compact = "".join(text.split()).lower().replace(".m.", "m").replace(".m", "m")
    if compact in _WORDS:
        return _WORDS[compact]
    match = _CLOCK.fullmatch(compact) or _COMPACT.fullmatch(compact)
    if match is None:
        raise TimeParseError(f"That doesn't look like a time. {_HINT}")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = match["half"]
    if half is not None:
        if not 1 <= hour <= 12:
            raise TimeParseError(f"With am/pm the hour goes from 1 to 12. {_HINT}")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise TimeParseError(f"Hours go up to 23 and minutes up to 59. {_HINT}")
    return datetime.time(hour, minute)


def parse_time_or_off(text: str) -> datetime.time | None:
    """Like parse_time, but "off" (or "never", "stop", ...) turns the reminder off: None."""
    if text.strip().lower() in OFF_WORDS:
        return None
    return parse_time(text)


def format_time(t: datetime.time) -> str:
    """24-hour HH:MM, the way the bot always shows a time."""
    return f"{t.hour:02d}:{t.minute:02d}"
