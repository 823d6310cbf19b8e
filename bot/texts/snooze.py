"""The *Later* button on the morning and evening prompts."""

from __future__ import annotations

LATER_BUTTON = "⏰ Later"


def later_set(hhmm: str) -> str:
    return f"Sure, I'll bring this back at {hhmm}."


def later_already(hhmm: str) -> str:
    return f"It's already set to come back at {hhmm}."


LATER_AGAIN = "This one already came back once, so it stays for now. Reply whenever suits."
LATER_DAY_END = "An hour from now is past the end of your day, so not later today. Rest well 🌙"
LATER_NEXT_PROMPT = "Your next prompt comes before an hour is up, so I'll catch you then instead."
LATER_GONE = "That prompt is no longer around. Your next one comes as usual."
LATER_BACK = "As promised, here it is again."
