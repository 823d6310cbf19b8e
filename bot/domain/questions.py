"""The bot asked something and waits for an answer: what it waits for, which message asked
it, until when, and where a person's plain text goes meanwhile.

Typed text answers an open question only while it is open (minutes, and never past another
prompt, a command or the end of the user's day). A reply to the question's message answers
it later too, as long as it still means something. Text that answers nothing is a win, as
always; small talk is neither.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Protocol

from bot.domain.days import day_bounds, local_day
from bot.domain.smalltalk import is_small_talk, kind_of
from bot.domain.times import TimeParseError, parse_time_or_off
from bot.domain.words import NO, YES, fold
from bot.domain.zones import UnknownTimezone, resolve_timezone


class Kind(StrEnum):
    ZONE = "zone"  # onboarding step 1, or /timezone without a zone
    TIMES = "times"  # onboarding step 2: keep the default times, or change them
    MORNING_TIME = "morning_time"
    EVENING_TIME = "evening_time"
    SHRINK = "shrink"  # "what's a smaller version?" (payload: goal)
    OBSTACLE = "obstacle"  # "what got in the way?" (payload: goal)
    INTENTION = "intention"  # the morning "one small thing?" (payload: day); replies only
    EDIT_WIN = "edit_win"  # "the new words for this win?" from /history (payload: win)


SETUP_KINDS = frozenset({Kind.ZONE, Kind.TIMES, Kind.MORNING_TIME, Kind.EVENING_TIME})
# How long typed text answers each kind. Setup gets longer: people look up their city.
OPEN_FOR = {
    Kind.ZONE: timedelta(minutes=60),
    Kind.TIMES: timedelta(minutes=60),
    Kind.MORNING_TIME: timedelta(minutes=60),
    Kind.EVENING_TIME: timedelta(minutes=60),
    Kind.SHRINK: timedelta(minutes=30),
    Kind.OBSTACLE: timedelta(minutes=30),
    Kind.INTENTION: timedelta(0),
    Kind.EDIT_WIN: timedelta(minutes=10),
}
GOAL_TEXT_CHARS = 200
NOTE_CHARS = 1000
INTENTION_CHARS = 300
# A yes or a no in any language we speak (bot.domain.words), and the ways to say "keep
# them" or "change them" to the default times; compared folded.
_YES = YES | {"yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure", "fine", "keep"}
_YES |= {"sounds good", "good", "perfect", "great", "correct", "right", "that one"}
_YES |= {fold(w) for w in ("está bien", "perfecto", "bien", "mantener", "tá bom", "ótimo")}
_YES |= {fold(w) for w in ("manter", "passt", "passt so", "gut", "behalten", "отлично")}
_YES |= {fold(w) for w in ("так хорошо", "оставить", "оставь", "خوبه", "خوب", "عالیه")}
_CHANGE = NO | {"no", "nope", "change", "change them", "change times", "other"}
_CHANGE |= {fold(w) for w in ("cambiar", "cambiarlas", "otra", "mudar", "outro", "ändern")}
_CHANGE |= {fold(w) for w in ("andere", "изменить", "поменять", "другое", "تغییر", "عوض")}


class QuestionLike(Protocol):
    @property
    def question_id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def message_id(self) -> int: ...

    @property
    def payload(self) -> str: ...

    @property
    def expires_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class Payload:
    goal_id: int | None = None
    suggestions: tuple[str, ...] = ()
    day: date | None = None
    setup: bool = False  # part of onboarding: answering it moves on to the next step
    soft: bool = False  # asked in passing (with a first win): only a clear answer counts
    win_id: int | None = None


def encode(payload: Payload) -> str:
    data: dict[str, object] = {}
    if payload.goal_id is not None:
        data["goal"] = payload.goal_id
    if payload.suggestions:
        data["suggestions"] = list(payload.suggestions)
    if payload.day is not None:
        data["day"] = payload.day.isoformat()
    if payload.setup:
        data["setup"] = True
    if payload.soft:
        data["soft"] = True
    if payload.win_id is not None:
        data["win"] = payload.win_id
    return json.dumps(data, separators=(",", ":"))


def decode(text: str) -> Payload:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return Payload()
    if not isinstance(data, dict):
        return Payload()
    goal = data.get("goal")
    suggestions = data.get("suggestions")
    day = data.get("day")
    win = data.get("win")
    try:
        parsed_day = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        parsed_day = None
    return Payload(
        goal if isinstance(goal, int) else None,
        tuple(s for s in suggestions if isinstance(s, str))
        if isinstance(suggestions, list)
        else (),
        parsed_day,
        data.get("setup") is True,
        data.get("soft") is True,
        win if isinstance(win, int) else None,
    )


def parse_kind(value: str) -> Kind | None:
    try:
        return Kind(value)
    except ValueError:
        return None


def expires_at(kind: Kind, now: datetime, tz: tzinfo, day_end_hour: int) -> datetime:
    """Open for OPEN_FOR[kind], and never past the end of the user's day."""
    _, day_end = day_bounds(local_day(now, tz, day_end_hour), tz, day_end_hour)
    return min(now + OPEN_FOR[kind], day_end)


# --- answers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZoneAnswer:
    timezone: str


@dataclass(frozen=True, slots=True)
class TimeAnswer:
    value: time | None  # None = off


@dataclass(frozen=True, slots=True)
class KeepTimes:
    keep: bool  # False: the person wants to pick other times


@dataclass(frozen=True, slots=True)
class TextAnswer:
    """The smaller version of a goal, what got in the way of it, or today's intention."""

    text: str


Value = ZoneAnswer | TimeAnswer | KeepTimes | TextAnswer


@dataclass(frozen=True, slots=True)
class Answer:
    question: QuestionLike
    value: Value
    by_reply: bool


@dataclass(frozen=True, slots=True)
class Hint:
    """Inside a setup step, text that tries to answer but doesn't: say what works."""

    question: QuestionLike
    text: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SmallTalk:
    kind: str  # "thanks", "greeting" or "other"


@dataclass(frozen=True, slots=True)
class Win:
    pass


Route = Answer | Hint | SmallTalk | Win


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _looks_like_an_attempt(kind: Kind, text: str) -> bool:
    """Short enough to be meant as the answer rather than as a win."""
    if "\n" in text:
        return False
    words = text.split()
    if kind == Kind.ZONE:
        # "Berln", "Europe/Lodnon", "UTC+3", "Sao Pualo"; not "walked the dog".
        if len(words) > 3 or len(text) > 40:
            return False
        marked = any(c.isdigit() or c in "/+,:" for c in text)
        return len(words) == 1 or marked or all(w[0].isupper() for w in words)
    if kind in (Kind.MORNING_TIME, Kind.EVENING_TIME):
        return len(text) <= 20 and (len(words) <= 2 or any(c.isdigit() for c in text))
    # Keep the default times, or change them: a yes, a no, or a time typed in.
    return len(text) <= 30 and (is_small_talk(text) or any(c.isdigit() for c in text))


@dataclass(frozen=True, slots=True)
class ZoneTypo:
    """Meant as a place, but not one we know; close ones to offer."""

    suggestions: tuple[str, ...]


def _zone(text: str, suggestions: tuple[str, ...]) -> ZoneAnswer | ZoneTypo | None:
    lowered = fold(_one_line(text)).strip(".!¡")
    if suggestions:
        if lowered in _YES and len(suggestions) == 1:
            return ZoneAnswer(suggestions[0])
        if lowered.isdigit() and 1 <= int(lowered) <= len(suggestions):
            return ZoneAnswer(suggestions[int(lowered) - 1])
    if "\n" in text or len(text.split()) > 3 or len(text) > 40:
        return None
    try:
        return ZoneAnswer(resolve_timezone(text))
    except UnknownTimezone as unknown:
        return ZoneTypo(unknown.suggestions) if unknown.suggestions else None


def interpret(kind: Kind, text: str, payload: Payload, by_reply: bool) -> Value | ZoneTypo | None:
    """The answer `text` gives to a question of `kind`, a zone typo, or None."""
    text = text.strip()
    if not text:
        return None
    if kind == Kind.ZONE:
        return _zone(text, payload.suggestions)
    if kind == Kind.TIMES:
        lowered = fold(_one_line(text)).strip(".!¡")
        if lowered in _YES:
            return KeepTimes(True)
        if lowered in _CHANGE:
            return KeepTimes(False)
        return None
    if kind in (Kind.MORNING_TIME, Kind.EVENING_TIME):
        if len(text) > 20:
            return None
        try:
            return TimeAnswer(parse_time_or_off(text))
        except TimeParseError:
            return None
    # The rest are free text; small talk ("thanks!") answers none of them.
    if is_small_talk(text):
        return None
    if kind == Kind.SHRINK:
        if "\n" in text or len(text) > GOAL_TEXT_CHARS or payload.goal_id is None:
            return None
        return TextAnswer(text)
    if kind == Kind.OBSTACLE:
        if len(text) > NOTE_CHARS or payload.goal_id is None:
            return None
        return TextAnswer(text)
    if kind == Kind.EDIT_WIN:
        if payload.win_id is None:
            return None
        return TextAnswer(text)
    if kind == Kind.INTENTION and by_reply:
        return TextAnswer(_one_line(text)[:INTENTION_CHARS])
    return None


def still_meaningful(question: QuestionLike, today: date) -> bool:
    """Whether a reply to the question's message can still answer it."""
    kind = parse_kind(question.kind)
    if kind == Kind.INTENTION:
        return decode(question.payload).day == today
    return kind is not None


def route(
    text: str,
    *,
    open_question: QuestionLike | None,
    replied_question: QuestionLike | None,
    today: date,
) -> Route:
    """Where a plain text message goes: an answer, a hint, a kind word, or the jar.

    `open_question` is the one still open in the chat; `replied_question` the one whose
    message this text replies to (a reply answers it even after it closed).
    """
    question: QuestionLike | None = None
    by_reply = False
    if replied_question is not None and still_meaningful(replied_question, today):
        question, by_reply = replied_question, True
    elif open_question is not None:
        question = open_question
    kind = parse_kind(question.kind) if question is not None else None
    if question is not None and kind is not None:
        payload = decode(question.payload)
        answer = interpret(kind, text, payload, by_reply)
        # Asked in passing, only a clear answer counts; the rest is what it always was.
        soft = payload.soft and not by_reply
        if isinstance(answer, ZoneTypo) and not soft:
            return Hint(question, text.strip(), answer.suggestions)
        if answer is not None and not isinstance(answer, ZoneTypo):
            return Answer(question, answer, by_reply)
        attempt = _looks_like_an_attempt(kind, text.strip()) and not soft
        if kind in SETUP_KINDS and (by_reply or attempt):
            return Hint(question, text.strip(), payload.suggestions)
    if is_small_talk(text):
        return SmallTalk(kind_of(text))
    return Win()


def plain(text: str) -> Route:
    """Where text goes when no question applies: small talk or a win."""
    return SmallTalk(kind_of(text)) if is_small_talk(text) else Win()
