"""Scheduled nudges: the morning check-in, the evening prompt, the weekly review."""

from __future__ import annotations

from datetime import date

from bot.texts.common import clip, q

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_name(weekday: int) -> str:
    """0 Monday ... 6 Sunday."""
    return WEEKDAY_NAMES[weekday]


def pause_end_day(day: date) -> str:
    """The day nudges come back, like "Monday 7 Dec"."""
    return f"{weekday_name(day.weekday())} {day.day} {day:%b}"


MORNING_ASK = "Good morning! 🌅 What is one small thing that would make today easier?"
MORNING_ASK_HINT = "Reply with it and I'll remind you tonight."
MORNING_ASK_PLACEHOLDER = "one small thing for today"
MORNING_GOALS_HEAD = "Good morning! 🌅 Today's one small thing:"
MORNING_GOALS_HEAD_MANY = "Good morning! 🌅 Today's small things:"
MORNING_GOALS_DONE = (
    "Good morning! 🌅 Today's small thing is already done. Anything else that goes well, "
    "just text me."
)
MORNING_GOALS_RESTING = (
    "Good morning! 🌅 Today is a rest day for your goal. Anything that goes well, just text me."
)
EVENING_HEAD = "🌙 What went well today? Even tiny things count: just reply."
EVENING_NO_WINS = "Nothing logged yet today, and that's okay."
EVENING_GOALS_OPEN = "Still open today (tap if you did it):"
INTENTION_DONE_BUTTON = "I did it ✓"


def evening_wins(count: int) -> str:
    return "So far today: 1 win" if count == 1 else f"So far today: {count} wins"


def evening_intention(text: str, done: bool) -> str:
    mark = " ✓" if done else ""
    return f"This morning you picked: <i>{q(clip(text, 200))}</i>{mark}"


def intention_saved(text: str, evening: str | None) -> str:
    when = f" I'll ask how it went at {evening}." if evening else ""
    return f"Got it: today's one small thing is <i>{q(clip(text, 200))}</i>.{when} 🌱"


INTENTION_LOGGED = "You did it! 🎉 Marble #{n} is in the jar."
INTENTION_ALREADY = "Already in your jar. ✓"


def paused_until(day_label: str) -> str:
    return (
        f"Nudges paused. You'll hear from me again on <b>{day_label}</b>. "
        "Wins still work any time, and /resume brings nudges back sooner."
    )


FEWER_ASK = "Quick check, no pressure: would fewer messages from me suit you right now? 🌱"
FEWER_KEEP_BUTTON = "Keep them coming"
FEWER_WEEKLY_BUTTON = "Just the weekly review"
FEWER_PAUSE_BUTTON = "Pause for a week"
FEWER_KEPT = "Lovely, I'll keep checking in. Your wins are welcome any time."
FEWER_ALREADY = "All sorted already. ✓"


def fewer_weekly(day: str, hhmm: str) -> str:
    return (
        f"Done: just the weekly review, on {day}s at {hhmm}. "
        "/morning or /evening bring the others back whenever you like."
    )


def fewer_paused(days: int, day_label: str) -> str:
    return (
        f"Paused for {days} days: I'll be back on <b>{day_label}</b>. "
        "Wins still work any time, and /resume brings me back sooner."
    )


PAUSED_OPEN = "Nudges paused until you send /resume. Wins still work any time; I'll be here. 🌱"
RESUMED = "Welcome back! Nudges are on again. 🌱"
NOT_PAUSED = "Nudges are already on. To take a break, send /pause or /pause 3 days."


def bad_pause(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 40))} as a number of days. Try <code>/pause</code> "
        "(until /resume), <code>/pause 3</code> or <code>/pause 2 weeks</code> (up to 365 days)."
    )


def pause_out_of_range(limit: int) -> str:
    return (
        f"A pause lasts from 1 day up to {limit} days. Try <code>/pause 30 days</code>, "
        "or just <code>/pause</code> to rest until you send /resume."
    )


def weekly_current(day: str | None, hhmm: str | None) -> str:
    now = f"on <b>{day} at {hhmm}</b>" if day and hhmm else "<b>off</b>"
    return (
        f"Your weekly review comes {now}. Change it with <code>/weekly sunday 19:00</code>, "
        "or <code>/weekly off</code>."
    )


def weekly_set(day: str | None, hhmm: str | None) -> str:
    if day is None or hhmm is None:
        return "The weekly review is off. Turn it back on with <code>/weekly sunday 19:00</code>."
    return f"Done: your weekly review comes every <b>{day} at {hhmm}</b>."


def bad_weekly(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 40))} as a day and a time. Try "
        "<code>/weekly sunday 19:00</code>, <code>/weekly fri 6pm</code> or "
        "<code>/weekly off</code>."
    )
