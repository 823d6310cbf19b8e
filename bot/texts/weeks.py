"""Week start: whether a user's week begins on Monday or Sunday."""

from __future__ import annotations

from bot.i18n import _


def monday_button() -> str:
    # Translators: a settings button; weeks (in /week, /history, the calendar) begin on Monday.
    return _("Week starts Monday")


def sunday_button() -> str:
    # Translators: a settings button; weeks (in /week, /history, the calendar) begin on Sunday.
    return _("Week starts Sunday")


def chosen_button(label: str) -> str:
    """The week start in use, ticked."""
    return f"✓ {label}"


def monday_chosen() -> str:
    return _("Your weeks start on Monday now.")


def sunday_chosen() -> str:
    return _("Your weeks start on Sunday now.")


def week_start_line(sunday: bool) -> str:
    return _("Week starts on: Sunday") if sunday else _("Week starts on: Monday")
