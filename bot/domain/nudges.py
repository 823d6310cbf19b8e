"""Which nudges a person gets and when: pause rules, /pause and /weekly arguments, and the
schedule slots a user's settings ask for. Pure; the time maths is in `bot.schedule`."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from bot.domain.days import day_bounds, local_day
from bot.domain.durations import AFTER, DAY, FOR, GAP, WEEK, compile_plain, plain
from bot.domain.schedule import classify_missed, first_due, next_due, occurrence_date
from bot.domain.times import OFF_WORDS, TimeParseError, parse_time
from bot.domain.words import fold, weekday_number

MORNING = "morning"
EVENING = "evening"
WEEKLY = "weekly"

MAX_PAUSE_DAYS = 365
# After this many morning/evening prompts in a row with no word back, ask once whether
# fewer would suit; ask again only after ASK_FEWER_AGAIN, and never once they chose.
UNANSWERED_BEFORE_ASKING = 3
ASK_FEWER_AGAIN = timedelta(days=30)
FEWER_PAUSE_DAYS = 7
# The answers to that question.
FEWER_KEEP = "keep"
FEWER_WEEKLY = "weekly"
FEWER_PAUSE = "pause"
FEWER_CHOICES = (FEWER_KEEP, FEWER_WEEKLY, FEWER_PAUSE)
DEFAULT_WEEKLY = (6, "19:00")  # Sunday evening, as a new user has it
# Past this, the tick jumps instead of walking occurrence by occurrence (weekly + margin).
_LONG_DOWNTIME = timedelta(days=9)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# "3", "3 days", "for 5 days", "2 weeks"; "3 días", "2 Wochen", "на 2 недели", "۲ هفته".
_PAUSE = compile_plain(rf"(?:{FOR}\s+)?(\d{{1,4}})(?:{GAP}{DAY}{AFTER})?")
_PAUSE_WEEKS = compile_plain(rf"(?:{FOR}\s+)?(\d{{1,2}}){GAP}{WEEK}{AFTER}")


class NudgeInputError(ValueError):
    """Input to /pause or /weekly that does not say what it needs to."""


class PauseOutOfRange(NudgeInputError):
    """A readable number of days for /pause, but outside 1..MAX_PAUSE_DAYS."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled prompt a chat wants: kind, local wall time, weekday (None = daily)."""

    kind: str
    local_time: str  # "HH:MM"
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """What the tick does with a due prompt."""

    local_date: date
    due: datetime  # the occurrence decided on (the latest one, after downtime)
    send: bool
    next_due: datetime


def pause_active(paused: bool, until: datetime | None, now: datetime) -> bool:
    """Paused right now: paused with no end, or an end still ahead."""
    return paused and (until is None or now < until)


def should_ask_fewer(
    unanswered: int, asked_at: datetime | None, chosen: str | None, now: datetime
) -> bool:
    """Whether the next morning or evening prompt asks "would fewer suit you?" instead.

    Only after UNANSWERED_BEFORE_ASKING prompts in a row went unanswered; never again once
    the person chose, and not within ASK_FEWER_AGAIN of the last time it was asked.
    """
    if chosen is not None or unanswered < UNANSWERED_BEFORE_ASKING:
        return False
    return asked_at is None or now - asked_at >= ASK_FEWER_AGAIN


def weekly_kept(weekday: int | None, local_time: str | None) -> tuple[int, str]:
    """The weekly review a "just the weekly review" answer keeps: theirs, or the usual
    Sunday 19:00 if they had turned it off."""
    if weekday is None or not local_time:
        return DEFAULT_WEEKLY
    return weekday, local_time


def wanted_slots(
    morning: str | None, evening: str | None, weekly_day: int | None, weekly_time: str | None
) -> list[Slot]:
    """The prompts a user's settings ask for (a prompt set to off has no slot)."""
    slots = []
    if morning:
        slots.append(Slot(MORNING, morning))
    if evening:
        slots.append(Slot(EVENING, evening))
    if weekly_day is not None and weekly_time:
        slots.append(Slot(WEEKLY, weekly_time, weekly_day))
    return slots


@functools.lru_cache(maxsize=2048)
def wall_time(hhmm: str) -> time:
    """ "HH:MM" as stored -> a naive time (cached: the tick calls this for every due row)."""
    hours, _, minutes = hhmm.partition(":")
    return time(int(hours), int(minutes))


def first_due_of(slot: Slot, tz: tzinfo, not_before: datetime) -> datetime:
    """When a new or changed slot is first due: its first occurrence at or after `not_before`."""
    return first_due(wall_time(slot.local_time), tz, not_before, slot.weekday)


def decide(
    local_time: str,
    weekday: int | None,
    tz: tzinfo,
    due: datetime,
    now: datetime,
    grace: timedelta,
) -> Decision:
    """A prompt found due at `now`: send it, or skip it if missed by the grace window or more;
    either way the row moves to its first occurrence after `now`.

    After downtime only the latest occurrence at or before `now` counts: a prompt due
    right now is sent even if yesterday's was missed.
    """
    wall = wall_time(local_time)
    following = next_due(wall, tz, due, weekday)
    if following <= now:
        if now - following > _LONG_DOWNTIME:
            following = next_due(wall, tz, now - _LONG_DOWNTIME, weekday)
        while following <= now:
            due, following = following, next_due(wall, tz, following, weekday)
    return Decision(
        local_date=occurrence_date(due, tz, wall),
        due=due,
        send=classify_missed(due, now, grace) == "send",
        next_due=following,
    )


def parse_pause(text: str) -> int | None:
    """Days to pause from `/pause` arguments: "" -> None (until /resume), "3", "3 days",
    "2 weeks", and the same in each language ("2 semanas", "3 Tage", "5 дней", "۲ هفته")."""
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        return None
    read = plain(cleaned)
    weeks = _PAUSE_WEEKS.fullmatch(read)
    match = _PAUSE.fullmatch(read)
    if weeks:
        days = int(weeks[1]) * 7
    elif match:
        days = int(match[1])
    else:
        raise NudgeInputError(cleaned)
    if not 1 <= days <= MAX_PAUSE_DAYS:
        raise PauseOutOfRange(cleaned)
    return days


def pause_end(today: date, days: int, tz: tzinfo, day_end_hour: int) -> datetime:
    """A pause of `days` from the user-day `today` ends when user-day today+days begins:
    `/pause 1` on Monday means nothing more on Monday, nudges again on Tuesday."""
    return day_bounds(today + timedelta(days=days), tz, day_end_hour)[0]


@dataclass(frozen=True, slots=True)
class PausePlan:
    """A pause as it is stored: the user-days it covers (for streaks and goals) and the
    moment nudges come back (for the schedule); None for both: until /resume."""

    first_day: date
    last_day: date | None
    until: datetime | None


def plan_pause(today: date, days: int | None, tz: tzinfo, day_end_hour: int) -> PausePlan:
    """`/pause` (days None) or `/pause N days` from the user-day `today`."""
    if days is None:
        return PausePlan(today, None, None)
    return PausePlan(
        today, today + timedelta(days=days - 1), pause_end(today, days, tz, day_end_hour)
    )


@dataclass(frozen=True, slots=True)
class WeeklyChoice:
    weekday: int | None  # None: off
    local_time: time | None


def parse_weekday(word: str) -> int:
    """0..6 from "sunday", "Sun", "su", "sundays", "domingo", "So", "вс", "یکشنبه"... (any
    start of two letters or more that names one day; see bot.domain.words)."""
    number = weekday_number(word)
    if number is None:
        raise NudgeInputError(word)
    return number


# What may come before the day: "on sunday", "el domingo", "am Sonntag", "по воскресеньям".
_BEFORE_WEEKDAY = frozenset(
    {"on", "every", "el", "los", "cada", "no", "na", "aos", "às", "as", "todo", "toda"}
    | {"am", "jeden", "в", "во", "по", "каждое", "каждый", "каждую", "هر", "روز", "روزهای"}
)


def parse_weekly(text: str) -> WeeklyChoice:
    """`/weekly` arguments: "off", or a weekday and a time ("sunday 19:00", "fri 6pm",
    "domingo 18:00", "am Sonntag 18 Uhr", "سه شنبه ۱۸:۰۰")."""
    words = text.split()
    if len(words) == 1 and fold(words[0]).strip(".!") in OFF_WORDS:
        return WeeklyChoice(None, None)
    if len(words) > 2 and fold(words[0]) in _BEFORE_WEEKDAY:
        words = words[1:]
    # A day may be two words ("سه شنبه", "segunda feira"): try one first, then two.
    for size in (1, 2):
        if len(words) <= size:
            break
        weekday = weekday_number("".join(words[:size]))
        if weekday is None:
            continue
        try:
            return WeeklyChoice(weekday, parse_time(" ".join(words[size:])))
        except TimeParseError:
            continue
    raise NudgeInputError(text)


# --- Later: a morning or evening prompt comes once more, an hour on -----------------------

SNOOZE = timedelta(hours=1)
SNOOZABLE = (MORNING, EVENING)


@dataclass(frozen=True, slots=True)
class SnoozeRefused:
    """Why a prompt cannot come later: "day" (an hour on is past the day's end), "next"
    (another prompt comes before then) or "again" (this is already the later copy)."""

    reason: str


def snooze_until(
    *,
    now: datetime,
    prompt_day: date,
    tz: tzinfo,
    day_end_hour: int,
    next_prompt: datetime | None,
    already_snoozed: bool,
) -> datetime | SnoozeRefused:
    """When a prompt for `prompt_day` pressed *Later* at `now` comes again: an hour on,
    once, within the same user-day and before the next prompt (`next_prompt`)."""
    if already_snoozed:
        return SnoozeRefused("again")
    due = now + SNOOZE
    if local_day(due, tz, day_end_hour) != prompt_day:
        return SnoozeRefused("day")
    if next_prompt is not None and next_prompt <= due:
        return SnoozeRefused("next")
    return due
