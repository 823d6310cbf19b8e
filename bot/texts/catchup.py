"""Catching up: yesterday's wins, backdating, check-offs for yesterday, and a lift."""

from __future__ import annotations

from datetime import date

from bot import i18n
from bot.i18n import _, ngettext
from bot.texts.common import clip, q


def _is_yesterday(day: date, today: date) -> bool:
    return (today - day).days == 1


def _long_day(day: date) -> str:
    """ "Friday 27 November", as the current language writes it."""
    return i18n.format_skeleton(day, "MMMMEEEEd")


def counted_for(day: date, today: date) -> str:
    """The line under a celebration of wins logged for an earlier day."""
    if _is_yesterday(day, today):
        return _("Counted for yesterday. 🗓")
    return _("Counted for {day}. 🗓").format(day=_long_day(day))


def yesterday_usage() -> str:
    return _(
        "Tell me what went well yesterday, like <code>/yesterday called mum</code>. "
        "One line per win."
    )


def win_usage_back() -> str:
    return _(
        "Put the win after the day, like <code>/win 2 days ago called mum</code> "
        "or <code>/win yesterday went for a run</code>."
    )


def too_far_back(days: int) -> str:
    return ngettext(
        "{count} day is a bit far for me: I can go back up to 7 days. "
        "Older wins still count, so log it for today if you like.",
        "{count} days is a bit far for me: I can go back up to 7 days. "
        "Older wins still count, so log it for today if you like.",
        days,
    ).format(count=days)


def that_was_yesterday_button() -> str:
    # Translators: a button under a win logged early in the morning; it moves the win
    # to the day before.
    return _("↩ That was yesterday")


def moved(day: date, today: date, count: int) -> str:
    if _is_yesterday(day, today):
        return ngettext(
            "That win now counts for yesterday. ✓",
            "Those {count} wins now count for yesterday. ✓",
            count,
        ).format(count=count)
    return ngettext(
        "That win now counts for {day}. ✓",
        "Those {count} wins now count for {day}. ✓",
        count,
    ).format(count=count, day=_long_day(day))


def move_gone() -> str:
    return _("That win isn't in the jar any more.")


def move_too_late() -> str:
    return _("That's too long ago to move now.")


def done_for_yesterday(text: str) -> str:
    return _("Checked off for yesterday too: <b>{goal}</b>. A forgotten tick isn't a miss.").format(
        goal=q(clip(text, 80))
    )


def already_done_yesterday(text: str) -> str:
    return _("<b>{goal}</b> is already checked off for yesterday. 👍").format(
        goal=q(clip(text, 120))
    )


def check_off_refused(problem: str, text: str) -> str:
    goal = q(clip(text, 80))
    if problem == "before_start":
        return _("<b>{goal}</b> started today, so there's no yesterday to check off yet.").format(
            goal=goal
        )
    if problem == "after_end":
        return _("<b>{goal}</b> had already finished by then.").format(goal=goal)
    if problem == "future":
        return _("That day hasn't happened yet.")
    return _("I can go back up to 7 days.")


def lift_none() -> str:
    return _(
        "Your older wins will show up here once your jar is a week old or more. 🌱 "
        "For now, today counts: what's one small thing that went okay?"
    )


def lift(day: date, today: date, text: str) -> str:
    when = i18n.format_skeleton(day, "MMMMd" if day.year == today.year else "yMMMMd")
    if not text:
        return _("A lift from your jar 🎈\nOn {day} you: <i>kept this photo</i>").format(day=when)
    return _("A lift from your jar 🎈\nOn {day} you: <i>{win}</i>").format(
        day=when, win=q(clip(text, 600))
    )


def lift_button() -> str:
    # Translators: a button under the morning prompt; it shows one older win to cheer you up.
    return _("🎈 A lift")
