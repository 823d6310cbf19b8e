"""How a plain message is read while the bot is waiting for an answer to a setup question.

Logging a win never waits on setup: only text that reads as an answer is taken as one,
everything else is a win as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from bot.times import TimeParseError, parse_time_or_off
from bot.zones import UnknownTimezone, resolve_timezone


class Step(StrEnum):
    """The question the bot is waiting on (stored as users.onboarding_step)."""

    ONBOARD_TIMEZONE = "onboard_tz"
    TIMEZONE = "tz"
    ONBOARD_TIMES = "onboard_times"
    ONBOARD_MORNING = "onboard_morning"
    ONBOARD_EVENING = "onboard_evening"
    # Stored as "goal_shrink:<goal id>": the next plain text is the goal's smaller version.
    GOAL_SHRINK = "goal_shrink"
    # Stored as "goal_obstacle:<goal id>:<message id>": a reply to that message of the bot
    # says what got in the way.
    GOAL_OBSTACLE = "goal_obstacle"


@dataclass(frozen=True, slots=True)
class ZoneAnswer:
    timezone: str


@dataclass(frozen=True, slots=True)
class ZoneTypo:
    """Looks like an attempt at a zone name, but not one we know."""

    text: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimeAnswer:
    value: time | None  # None = off


@dataclass(frozen=True, slots=True)
class GoalTextAnswer:
    """The smaller version of a goal, or what got in the way of it."""

    goal_id: int
    text: str


Answer = ZoneAnswer | ZoneTypo | TimeAnswer | GoalTextAnswer


def parse_step(value: str | None) -> Step | None:
    try:
        return Step(value.partition(":")[0]) if value else None
    except ValueError:
        return None


def goal_question(step: Step, goal_id: int, message_id: int | None = None) -> str:
    """The stored value for a question about one goal (and the message that asked it)."""
    return f"{step.value}:{goal_id}" + (f":{message_id}" if message_id is not None else "")


def _step_number(value: str | None, index: int) -> int | None:
    parts = (value or "").split(":")
    if len(parts) <= index or not parts[index].isdigit():
        return None
    return int(parts[index])


def step_goal(value: str | None) -> int | None:
    """The goal a stored goal question is about."""
    return _step_number(value, 1)


def step_message(value: str | None) -> int | None:
    """The bot message that asked a stored goal question, if it matters."""
    return _step_number(value, 2)


# A goal's smaller version is a short phrase on one line; anything else is a win.
_GOAL_ANSWER_CHARS = 200


def _looks_like_a_place(text: str) -> bool:
    # A win is usually a phrase; a place name is a word or three on one line.
    return "\n" not in text and len(text.split()) <= 3 and len(text) <= 40


def interpret(
    step: Step | None, text: str, goal_id: int | None = None, is_reply: bool = False
) -> Answer | None:
    """The answer `text` gives to `step`, or None if it is not an answer (so it is a win).

    What got in the way of a goal is optional, so only a reply to the bot is taken as it.
    """
    text = text.strip()
    if step is None or not text:
        return None
    if step == Step.GOAL_SHRINK:
        if goal_id is None or "\n" in text or len(text) > _GOAL_ANSWER_CHARS:
            return None
        return GoalTextAnswer(goal_id, text)
    if step == Step.GOAL_OBSTACLE:
        if goal_id is None or not is_reply or len(text) > 1000:
            return None
        return GoalTextAnswer(goal_id, text)
    if step in (Step.ONBOARD_TIMEZONE, Step.TIMEZONE):
        if not _looks_like_a_place(text):
            return None
        try:
            return ZoneAnswer(resolve_timezone(text))
        except UnknownTimezone as unknown:
            if unknown.suggestions:
                return ZoneTypo(text, tuple(unknown.suggestions))
            return None
    if step in (Step.ONBOARD_MORNING, Step.ONBOARD_EVENING):
        if len(text) > 12:
            return None
        try:
            return TimeAnswer(parse_time_or_off(text))
        except TimeParseError:
            return None
    return None
