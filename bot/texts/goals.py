"""Micro-goals: starting, checking off, resting, shrinking, letting go, finishing."""

from __future__ import annotations

from bot.texts.common import clip, q
from bot.texts.wins import marbles

GOAL_USAGE = (
    "Pick one small step you can do every day, e.g.\n"
    "<code>/goal drink a glass of water when I wake up</code>\n"
    "It runs for 7 days; add <code>for 14 days</code> for longer (up to 66)."
)
GOAL_ONLY_DAYS = (
    "That's how long, but what's the step? Try <code>/goal walk 10 minutes for 14 days</code>."
)
GOAL_TOO_LONG = "That's a long goal! Keep it under 200 characters: the smaller, the better."
GOAL_DAYS_RANGE = (
    "A goal can run from 1 to 66 days. Try <code>/goal read one page for 14 days</code>."
)


def goal_started(text: str, days: int, active_before: int) -> str:
    lines = [f"Your micro-goal: <b>{q(text)}</b>, for {days} days. 🌱"]
    if active_before == 0:
        lines.append("Send /done when you've done it today, or tap the button.")
    else:
        lines.append(
            f"That's {active_before + 1} goals at once. You can do it, and one at a time "
            "usually sticks better: keep this one extra small."
        )
    return "\n".join(lines)


OUTCOME_HINT = (
    "Results take time, and a daily step builds them. /shrink it to one, like "
    "<i>write 100 words</i>."
)


def goal_fourth_refused(count: int) -> str:
    return f"You already have {count} goals going, and that's plenty. Finish or /drop one first."


NO_GOALS = "No micro-goal yet. Start one with <code>/goal walk 10 minutes</code>. 🌱"


def goal_line(
    number: int, text: str, day: int, days: int, done: int, over: bool, streak: int = 0
) -> str:
    up = "its one day is up" if days == 1 else f"{days} days are up"
    when = up if over else f"day {day} of {days}"
    run = f" · streak {streak}" if streak > 1 else ""
    return f"<b>{number}. {q(clip(text, 120))}</b>\n{when} · checked off {done}×{run}"


GOALS_HEAD = "<b>Your micro-goals</b>"
GOALS_LEGEND = "✓ done · – rest · missed days are just dots, no big deal."


def unknown_goal(query: str) -> str:
    return (
        f"I couldn't find a goal called {q(clip(query, 60))}. Use its number from /goals "
        "or a word from it, like <code>/done 1</code> or <code>/done water</code>."
    )


def which_goal(action: str) -> str:
    return f"Which goal do you want to {action}?"


# What `which_goal` asks to do, by command: /done, /skip, /drop.
CHECK_OFF_ACTION = "check off"
REST_ACTION = "rest"
LET_GO_ACTION = "let go"


def goal_choice(number: int, text: str) -> str:
    """A goal's button when a command asks which goal: its number in /goals and its words."""
    return f"{number}. {clip(text, 40)}"


def done_button(number: int) -> str:
    """Done under /goals when there are several goals: which one, by number."""
    return f"{DONE_BUTTON} {number}"


def checked_off(text: str, total: int, day: int, days: int) -> str:
    return f"✓ <b>{q(clip(text, 120))}</b>: day {day} of {days}, done. Marble #{total} is in."


def check_off_undone(text: str, total: int) -> str:
    return (
        f"<b>{q(clip(text, 120))}</b> is open again for that day, and its marble is back "
        f"out of the jar. You have {marbles(total)}."
    )


def already_done(text: str) -> str:
    return f"<b>{q(clip(text, 120))}</b> is already checked off today. Nice. 👍"


def skipped(text: str) -> str:
    return (
        f"Rest day for <b>{q(clip(text, 120))}</b>. A planned rest isn't a miss: "
        "your streak is safe."
    )


def skip_already_done(text: str) -> str:
    return f"You already did <b>{q(clip(text, 120))}</b> today, no rest needed."


def skip_again(text: str) -> str:
    return f"<b>{q(clip(text, 120))}</b> already has today off. Enjoy it."


def drop_confirm(text: str) -> str:
    return f"Let go of <b>{q(clip(text, 120))}</b>? Its check-offs stay in your jar."


LET_GO_BUTTON = "Let it go"


def dropped(text: str) -> str:
    return (
        f"Let go of <b>{q(clip(text, 120))}</b>. Choosing what to focus on is a skill too. "
        "Its check-offs stay in your jar."
    )


SHRINK_USAGE = (
    "Tell me the goal and its smaller version, e.g.\n"
    "<code>/shrink 1 walk 5 minutes</code> or <code>/shrink reading: one page</code>."
)


def shrunk(old: str, new: str) -> str:
    return (
        f"Smart move. ✂️ <s>{q(clip(old, 120))}</s> is now <b>{q(clip(new, 120))}</b>. "
        "Smaller steps get taken, and your check-offs so far still count."
    )


def ask_smaller(text: str) -> str:
    return (
        f"What's a smaller version of <b>{q(clip(text, 120))}</b>? "
        "Type it, e.g. <i>just put my shoes on</i>."
    )


_SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _days_slipped(misses: int) -> str:
    count = _SMALL_NUMBERS[misses] if 0 <= misses < len(_SMALL_NUMBERS) else str(misses)
    return "yesterday" if misses == 1 else f"the last {count} days"


def shrink_offer(text: str, misses: int = 2) -> str:
    return (
        f"<b>{q(clip(text, 120))}</b> slipped {_days_slipped(misses)}, that's okay. "
        "Make it smaller?\n"
        "<i>Or reply: what got in the way?</i>"
    )


def morning_shrink_offer(text: str, misses: int) -> str:
    return (
        f"<b>{q(clip(text, 120))}</b> slipped {_days_slipped(misses)}, and that's okay. "
        "A smaller version might fit better: tap <i>Make it smaller</i>."
    )


SHRINK_BUTTON = "Make it smaller"
KEEP_BUTTON = "Keep it"
PAUSE_BUTTON = "Pause it"
DONE_BUTTON = "Done ✓"
SKIP_BUTTON = "Not today"
FINISH_BUTTON = "Finish 🎉"


def kept_goal(text: str) -> str:
    return f"Keeping <b>{q(clip(text, 120))}</b> as it is. Today is a fresh start."


def paused_goal(text: str, days: int) -> str:
    return (
        f"<b>{q(clip(text, 120))}</b> is resting for {days} days, today included. "
        "Rest days don't count as misses."
    )


NOTE_KEPT = "Thanks for telling me. I've kept that as a note with the goal."
NOTE_OR_WIN = "If that was a win instead, tap below and it goes in the jar."


def goal_complete(text: str, days: int, done: int, can_extend: bool) -> str:
    more = " Keep going for longer, or call it finished?" if can_extend else ""
    return (
        f"🎉 You reached the last day of <b>{q(clip(text, 120))}</b>: "
        f"{done} of {days} days checked off. That's real evidence you follow through.{more}"
    )


def extend_button(days: int) -> str:
    return f"{days} days"


def extended(text: str, days: int) -> str:
    return f"On we go: <b>{q(clip(text, 120))}</b> now runs for {days} days. 🌱"


def finished(text: str) -> str:
    return f"<b>{q(clip(text, 120))}</b> is finished and kept in your history. Well done. 🏁"


GOAL_GONE = "That isn't one of your active goals. Send /goals to see yours."
