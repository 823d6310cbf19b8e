"""How far a person got with setup. What the bot waits for right now is a question
(bot/questions.py); this is the lasting part: whether a time zone was ever chosen."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """Stored as users.onboarding_step; NULL once the time zone is chosen."""

    ONBOARD_TIMEZONE = "onboard_tz"


def parse_step(value: str | None) -> Step | None:
    try:
        return Step(value) if value else None
    except ValueError:
        return None


def needs_setup(value: str | None) -> bool:
    """No time zone chosen yet: the next contact leads into onboarding."""
    return parse_step(value) == Step.ONBOARD_TIMEZONE
