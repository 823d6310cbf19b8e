"""Catching up: yesterday's wins, backdating, check-offs for yesterday, and a lift."""

from __future__ import annotations

from datetime import date

from bot.texts.common import clip, q


def day_name(day: date, today: date) -> str:
    """ "yesterday", or "Friday 27 November" for the rest of the past week."""
    if (today - day).days == 1:
        return "yesterday"
    return f"{day:%A} {day.day} {day:%B}"


def counted_for(day: date, today: date) -> str:
    """The line under a celebration of wins logged for an earlier day."""
    return f"Counted for {day_name(day, today)}. 🗓"


YESTERDAY_USAGE = (
    "Tell me what went well yesterday, like <code>/yesterday called mum</code>. One line per win."
)
WIN_USAGE_BACK = (
    "Put the win after the day, like <code>/win 2 days ago called mum</code> "
    "or <code>/win yesterday went for a run</code>."
)


def too_far_back(days: int) -> str:
    return (
        f"{days} days is a bit far for me: I can go back up to 7 days. "
        "Older wins still count, so log it for today if you like."
    )


THAT_WAS_YESTERDAY_BUTTON = "↩ That was yesterday"


def moved(day: date, today: date, count: int) -> str:
    what = "That win now counts" if count == 1 else f"Those {count} wins now count"
    return f"{what} for {day_name(day, today)}. ✓"


MOVE_GONE = "That win isn't in the jar any more."
MOVE_TOO_LATE = "That's too long ago to move now."


def done_for_yesterday(text: str) -> str:
    return (
        f"Checked off for yesterday too: <b>{q(clip(text, 80))}</b>. A forgotten tick isn't a miss."
    )


def already_done_yesterday(text: str) -> str:
    return f"<b>{q(clip(text, 120))}</b> is already checked off for yesterday. 👍"


def check_off_refused(problem: str, text: str) -> str:
    goal = f"<b>{q(clip(text, 80))}</b>"
    if problem == "before_start":
        return f"{goal} started today, so there's no yesterday to check off yet."
    if problem == "after_end":
        return f"{goal} had already finished by then."
    if problem == "future":
        return "That day hasn't happened yet."
    return "I can go back up to 7 days."


LIFT_NONE = (
    "Your older wins will show up here once your jar is a week old or more. 🌱 "
    "For now, today counts: what's one small thing that went okay?"
)


def lift(day: date, today: date, text: str) -> str:
    when = f"{day.day} {day:%B}" if day.year == today.year else f"{day.day} {day:%B %Y}"
    body = q(clip(text, 600)) if text else "kept this photo"
    return f"A lift from your jar 🎈\nOn {when} you: <i>{body}</i>"


LIFT_BUTTON = "🎈 A lift"
