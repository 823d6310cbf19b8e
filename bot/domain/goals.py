"""Micro-goals as plain rules: reading `/goal` text, naming a goal, progress and the 7-day strip.

Nothing here knows about Telegram or the database; time comes in as `today`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol, TypeVar

from bot import i18n
from bot.domain.days import local_day
from bot.domain.durations import AFTER, DAY, FOR, GAP, compile_plain, plain
from bot.domain.review import last_counted_day
from bot.domain.streaks import missed_in_a_row, paused_days

DEFAULT_DAYS = 7
MAX_DAYS = 66
MAX_TEXT = 200
# One at a time works best; up to three are allowed, a fourth is refused.
MAX_ACTIVE = 3
EXTEND_CHOICES = (14, 30, 66)
# After this many missed days in a row the bot offers to make the goal smaller.
MISSES_BEFORE_OFFER = 2
# "Pause it" from that offer rests the goal for this many days, today included.
REST_DAYS = 3

STRIP_DONE = "✓"
STRIP_REST = "–"
STRIP_MISSED = "·"
STRIP_NONE = " "


class NamedGoal(Protocol):
    @property
    def goal_id(self) -> int: ...
    @property
    def text(self) -> str: ...


G = TypeVar("G", bound=NamedGoal)


class PlannedGoal(Protocol):
    @property
    def last_day(self) -> date: ...


def finished_by_next(goal: PlannedGoal, today: date) -> bool:
    """A goal whose days have all passed is finished by starting the next one (it does not
    count towards MAX_ACTIVE)."""
    return goal.last_day < today


def may_start(running: int) -> bool:
    """Whether another goal may start beside `running` active ones."""
    return running < MAX_ACTIVE


class GoalInputError(ValueError):
    """`/goal` text that cannot become a goal; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "empty" | "only_days" | "too_long" | "days_range"


@dataclass(frozen=True, slots=True)
class GoalInput:
    text: str
    days: int


# "for 14 days" at the end, and the same in each language: "durante 14 días", "por 14 dias",
# "für 14 Tage", "14 Tage lang", "на 14 дней", "برای ۱۴ روز", "۱۴ روزه".
_FOR_DAYS = compile_plain(rf"\s*(?:\b{FOR}\s+)?(-?\d+){GAP}{DAY}{AFTER}\s*\.?\s*$")


def parse_goal(argument: str) -> GoalInput:
    """`drink water when I wake up for 10 days` -> text and days (default 7, 1..66); the
    length in any language we speak ("caminar 10 minutos durante 14 días")."""
    text = " ".join(argument.split())
    days = DEFAULT_DAYS
    match = _FOR_DAYS.search(plain(text))
    if match and match.start() == 0:
        raise GoalInputError("only_days")  # "for 14 days": how long, but not the step
    if match:
        days = int(match[1])
        text = text[: match.start()].strip()
        if not 1 <= days <= MAX_DAYS:
            raise GoalInputError("days_range")
    text = text.strip(" .")
    if not text:
        raise GoalInputError("empty")
    if len(text) > MAX_TEXT:
        raise GoalInputError("too_long")
    return GoalInput(text, days)


def clean_text(text: str) -> str:
    """A goal's wording as stored: one line, trimmed (raises GoalInputError)."""
    cleaned = " ".join(text.split()).strip(" .")
    if not cleaned:
        raise GoalInputError("empty")
    if len(cleaned) > MAX_TEXT:
        raise GoalInputError("too_long")
    return cleaned


# Results rather than steps: a body number, money, a title, a finished big thing.
_OUTCOME_WORDS = re.compile(
    r"\b(lose|gain|earn|become|bestseller|best-seller|million|promot\w*|"
    r"get (?:a|the|my) \w+|pass (?:the|my)|win (?:a|the)|"
    r"finish (?:the|my|a)|publish|achieve|reach|hit \d+|marathon|"
    r"fluent|rich|famous|followers|subscribers)\b",
    re.IGNORECASE,
)
_OUTCOME_UNITS = re.compile(r"\d+\s*(kg|kgs|kilos?|lbs?|pounds|k\b|%|[$€£])|[$€£]\s*\d", re.I)


def looks_like_outcome(text: str) -> bool:
    """A result rather than a daily step ("lose 10 kg", "write a bestseller")."""
    return bool(_OUTCOME_WORDS.search(text) or _OUTCOME_UNITS.search(text))


def find_goals(goals: Sequence[G], query: str) -> list[G]:
    """Goals named by `query`: its number in the list (1-based) or words of its text."""
    query = query.strip().lstrip("#")
    if not query:
        return list(goals)
    if query.isdigit():
        n = int(query)
        return [goals[n - 1]] if 1 <= n <= len(goals) else []
    words = query.casefold().split()
    return [g for g in goals if all(_names(w, g.text.casefold()) for w in words)]


def _names(word: str, text: str) -> bool:
    """A word of a query names a goal's text when it is in it, or when only its last letter
    differs from a word there, as when a word changes its ending: "вода" names "стакан
    воды", "página" names "leer 20 páginas"."""
    if word in text:
        return True
    if len(word) < 4:
        return False
    stem = word[:-1]
    return any(w.startswith(stem) and len(w) <= len(word) + 2 for w in text.split())


_SEPARATOR = re.compile(r"\s*(?:->|→|:|=>)\s*")


def split_shrink(goals: Sequence[G], argument: str) -> tuple[list[G], str]:
    """`/shrink <goal> <smaller version>` -> (matching goals, the smaller version).

    The goal is a number (`2 read a page`), words before a `:` or `->`
    (`reading: one page`), or, with several goals, the fewest leading words that name
    exactly one. With a single goal and neither, the whole text is the smaller version.
    """
    argument = argument.strip()
    parts = _SEPARATOR.split(argument, maxsplit=1)
    if len(parts) == 2 and parts[0]:
        return find_goals(goals, parts[0]), parts[1].strip()
    first, _, rest = argument.partition(" ")
    if first.isdigit():
        return find_goals(goals, first), rest.strip()
    if len(goals) == 1:
        return list(goals), argument
    words = argument.split()
    for n in range(1, len(words)):
        found = find_goals(goals, " ".join(words[:n]))
        if len(found) == 1:
            return found, " ".join(words[n:])
        if not found:
            break
    return [], ""


@dataclass(frozen=True, slots=True)
class GoalDays:
    """A goal's span and what happened on its days."""

    start: date
    days: int
    done: frozenset[date]
    rest: frozenset[date]  # planned skips, plus pauses when the caller knows them
    dropped_on: date | None = None  # the user-day it was let go

    @property
    def last_day(self) -> date:
        """Its planned last day, or the last day it ran before it was let go."""
        return last_counted_day(self.start, self.days, self.done, self.dropped_on)

    def day_number(self, today: date) -> int:
        """`day 4 of 7`: today's place in the goal, clamped to 1..days."""
        return max(1, min((today - self.start).days + 1, self.days))

    def is_over(self, today: date) -> bool:
        """Its last day has passed, or is today and checked off."""
        return self.last_day < today or (self.last_day == today and today in self.done)


def strip(goal: GoalDays, today: date, width: int = 7) -> str:
    """`Mo ✓  Tu ·  We –`: the last `width` days, ✓ done, – rest, · missed."""
    cells = []
    for n in range(width - 1, -1, -1):
        day = today - timedelta(days=n)
        if day in goal.done:
            mark = STRIP_DONE
        elif day < goal.start or day > goal.last_day:
            mark = STRIP_NONE
        elif day in goal.rest:
            mark = STRIP_REST
        elif day == today:
            mark = STRIP_NONE  # today isn't over
        else:
            mark = STRIP_MISSED
        cells.append(f"{i18n.weekday_name(day.weekday(), 'short')} {mark}".rstrip())
    return "  ".join(cells)


def should_offer_shrink(goal: GoalDays, today: date, offered_on: date | None) -> bool:
    """Two missed days in a row, and not already offered since the last check-off."""
    if goal.is_over(today):
        return False
    misses = missed_in_a_row(goal.done, goal.start, today, goal.rest)
    if misses < MISSES_BEFORE_OFFER:
        return False
    if offered_on is None:
        return True
    return any(d > offered_on for d in goal.done)


def misses_to_offer(goal: GoalDays, today: date, offered_on: date | None) -> int:
    """The days in a row the goal slipped, when that calls for the offer to shrink it;
    0 when no offer is due."""
    if not should_offer_shrink(goal, today, offered_on):
        return 0
    return missed_in_a_row(goal.done, goal.start, today, goal.rest)


class OfferableGoal(NamedGoal, Protocol):
    @property
    def shrink_offered_on(self) -> date | None: ...


OG = TypeVar("OG", bound=OfferableGoal)


def shrink_offer(
    goals: Sequence[OG], days: dict[int, GoalDays], today: date
) -> tuple[OG, int] | None:
    """The first goal that slipped enough to offer making it smaller, with its misses in a
    row; None when no offer is due (one offer at a time)."""
    for goal in goals:
        misses = misses_to_offer(days[goal.goal_id], today, goal.shrink_offered_on)
        if misses:
            return goal, misses
    return None


def extend_choices(days: int) -> tuple[int, ...]:
    """The lengths a goal of `days` can grow to."""
    return tuple(n for n in EXTEND_CHOICES if n > days)


def rest_days(today: date) -> list[date]:
    return [today + timedelta(days=n) for n in range(REST_DAYS)]


def dropped_day(
    status: str, ended_at: datetime | None, tz: tzinfo, day_end_hour: int
) -> date | None:
    """The user-day a goal was let go, or None if it was not dropped."""
    if status != "dropped" or ended_at is None:
        return None
    return local_day(ended_at, tz, day_end_hour)


def goal_span(
    start: date,
    days: int,
    done: Collection[date],
    rests: Collection[date],
    dropped_on: date | None = None,
) -> GoalDays:
    """A goal's days with its rests (planned skips and pauses) kept inside them: a rest
    after the goal ended, or after it was let go, is nobody's rest day."""
    span = GoalDays(start, days, frozenset(done), frozenset(), dropped_on)
    return GoalDays(
        start, days, span.done, frozenset(d for d in rests if d <= span.last_day), dropped_on
    )


def excused_days(skips: Collection[date], paused: Collection[date] = ()) -> frozenset[date]:
    """Days that neither break nor extend a goal's streak: planned rests and pauses."""
    return frozenset(skips) | frozenset(paused)


class GoalRecord(Protocol):
    """A stored goal, as far as its span goes."""

    @property
    def goal_id(self) -> int: ...
    @property
    def start(self) -> date: ...
    @property
    def days(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def last_day(self) -> date: ...


class GoalDayRecord(Protocol):
    """A stored check-off ("done") or planned rest of a goal."""

    @property
    def goal_id(self) -> int: ...
    @property
    def local_date(self) -> date: ...
    @property
    def kind(self) -> str: ...


def goal_spans(
    goals: Iterable[GoalRecord],
    days: Iterable[GoalDayRecord],
    pauses: Sequence[tuple[date, date | None]],
    tz: tzinfo,
    day_end_hour: int,
) -> dict[int, GoalDays]:
    """Each goal with its check-offs and rests (planned skips and paused days), ending
    where it was let go."""
    done: dict[int, set[date]] = {}
    rest: dict[int, set[date]] = {}
    for day in days:
        (done if day.kind == "done" else rest).setdefault(day.goal_id, set()).add(day.local_date)
    # A pause still running is bounded by the goal's last day: streaks ignore days after
    # today, so covering a few future days is harmless.
    return {
        goal.goal_id: goal_span(
            goal.start,
            goal.days,
            done.get(goal.goal_id, set()),
            excused_days(rest.get(goal.goal_id, set()), paused_days(pauses, goal.last_day)),
            dropped_day(goal.status, goal.ended_at, tz, day_end_hour),
        )
        for goal in goals
    }
