"""The *Later* button on the morning and evening prompts."""

from __future__ import annotations

from bot.i18n import _


def later_button() -> str:
    # Translators: a button under a check-in prompt; it brings the prompt back in an hour.
    return _("⏰ Later")


def later_set(hhmm: str) -> str:
    return _("Sure, I'll bring this back at {time}.").format(time=hhmm)


def later_already(hhmm: str) -> str:
    return _("It's already set to come back at {time}.").format(time=hhmm)


def later_again() -> str:
    return _("This one already came back once, so it stays for now. Reply whenever suits.")


def later_day_end() -> str:
    return _("An hour from now is past the end of your day, so not later today. Rest well 🌙")


def later_next_prompt() -> str:
    return _("Your next prompt comes before an hour is up, so I'll catch you then instead.")


def later_gone() -> str:
    return _("That prompt is no longer around. Your next one comes as usual.")


def later_back() -> str:
    """Above a prompt that comes back after *Later*."""
    return _("As promised, here it is again.")
