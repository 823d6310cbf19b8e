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


Answer = ZoneAnswer | ZoneTypo | TimeAnswer


def parse_step(value: str | None) -> Step | None:
    try:
        return Step(value) if value else None
    except ValueError:
        return None


def _looks_like_a_place(text: str) -> bool:
    # A win is usually a phrase; a place name is a word or three on one line.
    return "\n" not in text and len(text.split()) <= 3 and len(text) <= 40


def interpret(step: Step | None, text: str) -> Answer | None:
    """The answer `text` gives to `step`, or None if it is not an answer (so it is a win)."""
    text = text.strip()
    if step is None or not text:
        return None
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
