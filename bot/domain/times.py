"""Clock times as people type them ("7", "7:30", "19h", "7pm", "7 Uhr", "7 de la tarde",
"в 7 вечера", "۷ صبح"), and how the bot writes them."""

from __future__ import annotations

import datetime
import re

from bot.domain.words import OFF, fold
from bot.i18n import _

# "off", "aus", "apagado", "выкл", "خاموش"...: see bot.domain.words (folded forms).
OFF_WORDS = OFF

# "7", "07", "7:30", "7.30", "19h", "19h30", each optionally followed by am/pm.
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2})|h)?(?P<half>am|pm|a|p)?")
# "1930": four digits read as a 24-hour HHMM; three ("730") could be 7:30 or a typo.
_COMPACT = re.compile(r"(?P<hour>\d{2})(?P<minute>\d{2})(?P<half>am|pm|a|p)?")

# Parts of the day that say which half of the clock an hour is on, folded and without
# spaces (what `_compact` leaves of "de la tarde", "da noite", "вечера", "بعد از ظهر").
_MORNING = ["delamanana", "delamadrugada", "damanha", "demanha", "damadrugada", "morgens"]
_MORNING += ["fruh", "vormittags", "утра", "صبح"]
_AFTERNOON = ["delatarde", "datarde", "atarde", "nachmittags", "mittags", "дня", "بعدازظهر"]
_AFTERNOON += ["عصر", "ظهر"]
_EVENING = ["delanoche", "danoite", "anoite", "abends", "nachts", "вечера", "ночи", "شب"]
_PERIODS = {word: "morning" for word in _MORNING}
_PERIODS |= {word: "afternoon" for word in _AFTERNOON}
_PERIODS |= {word: "evening" for word in _EVENING}
# Persian also puts the part of the day first ("صبح ۷", "عصر ساعت ۶").
_PERIODS_FIRST = ["صبح", "بعدازظهر", "عصر", "ظهر", "شب"]


def _alternatives(words: list[str]) -> str:
    # Longest first, so "delamanana" is not read as "a" with something left over.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# "at 7", "a las 7", "às 7", "um 7", "в 7", "ساعت ۷"; "7 Uhr", "7 o'clock", "7 часов 30".
_FRAME = re.compile(
    rf"""
    (?:at|around|alas|ala|as|a|um|gegen|в|во|к)?
    (?:(?P<first>{_alternatives(_PERIODS_FIRST)}))?
    (?:ساعت)?
    (?P<clock>.+?)
    (?:(?:uhr|oclock|o'clock|o’clock|horas|hora|hrs|hr|hs|часов|часа|час|ч)(?P<minute>\d{{2}})?)?
    (?P<period>{_alternatives(list(_PERIODS))})?
    """,
    re.VERBOSE,
)
_WORDS = (
    {
        word: datetime.time(12, 0)
        for word in (
            "noon",
            "midday",
            "mediodia",
            "meiodia",
            "meio-dia",
            "mittag",
            "полдень",
            "ظهر",
        )
    }
    | {
        word: datetime.time(0, 0)
        for word in ("midnight", "medianoche", "meianoite", "meia-noite", "mitternacht", "полночь")
    }
    | {word: datetime.time(0, 0) for word in ("نیمهشب", "نصفشب")}
)


class TimeParseError(ValueError):
    """Text that is not a time of day; the message says what would work."""


def _not_a_time() -> TimeParseError:
    return TimeParseError(
        # Translators: the examples are times the bot reads in any language; use the
        # forms your language types ("7 de la tarde", "19 Uhr", "7 вечера", "۷ عصر").
        _("That doesn't look like a time. Try a time like 7, 7:30, 19:00 or 7pm.")
    )


def _compact(text: str) -> str:
    return "".join(fold(text).split()).replace(".m.", "m").replace(".m", "m")


def _on_the_clock(hour: int, period: str) -> int:
    """A 12-hour `hour` in a part of the day on the 24-hour clock; hours past 12 stay."""
    if hour > 12:
        if period == "morning":
            raise _not_a_time()
        return hour
    if period == "morning":
        return hour
    if period == "afternoon":
        return hour if hour == 12 else hour + 12
    # Evening and night: "11 de la noche" is 23:00, "12 ночи" midnight, "2 ночи" 02:00.
    if hour == 12:
        return 0
    return hour if hour < 6 else hour + 12


def parse_time(text: str) -> datetime.time:
    """A time of day from what a user typed. A bare hour is on the 24-hour clock."""
    compact = _compact(text)
    if compact in _WORDS:
        return _WORDS[compact]
    frame = _FRAME.fullmatch(compact)
    if frame is None:
        raise _not_a_time()
    clock = frame["clock"]
    match = _CLOCK.fullmatch(clock) or _COMPACT.fullmatch(clock)
    if match is None:
        raise _not_a_time()
    if frame["minute"] and match["minute"]:
        raise _not_a_time()  # "7:30 Uhr 15"
    hour, minute = int(match["hour"]), int(match["minute"] or frame["minute"] or 0)
    half = match["half"]
    period = _PERIODS.get(frame["first"] or "") or _PERIODS.get(frame["period"] or "")
    if (frame["first"] and frame["period"]) or (half and period):
        raise _not_a_time()
    if half is not None:
        if not 1 <= hour <= 12:
            raise TimeParseError(
                # Translators: "am/pm" as typed after an hour ("7pm"); keep it as it is.
                _("With am/pm the hour goes from 1 to 12. Try a time like 7, 7:30, 19:00 or 7pm.")
            )
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise TimeParseError(
            _("Hours go up to 23 and minutes up to 59. Try a time like 7, 7:30, 19:00 or 7pm.")
        )
    if period is not None:
        hour = _on_the_clock(hour, period)
    return datetime.time(hour, minute)


def parse_time_or_off(text: str) -> datetime.time | None:
    """Like parse_time, but "off" (or "never", "aus", "выкл", ...) turns the reminder off: None."""
    if fold(" ".join(text.split())).strip(".!") in OFF_WORDS:
        return None
    return parse_time(text)


def format_time(t: datetime.time) -> str:
    """24-hour HH:MM, the way the bot always shows a time."""
    return f"{t.hour:02d}:{t.minute:02d}"
