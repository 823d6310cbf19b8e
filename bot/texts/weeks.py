"""Week start: whether a user's week begins on Monday or Sunday."""

from __future__ import annotations

MONDAY_BUTTON = "Week starts Monday"
SUNDAY_BUTTON = "Week starts Sunday"


def chosen_button(label: str) -> str:
    """The week start in use, ticked."""
    return f"✓ {label}"


MONDAY_CHOSEN = "Your weeks start on Monday now."
SUNDAY_CHOSEN = "Your weeks start on Sunday now."


def week_start_line(sunday: bool) -> str:
    return f"Week starts on: {'Sunday' if sunday else 'Monday'}"
