"""Everything the bot says, in one place: short, warm, never shaming.

Texts are HTML (the app's default parse mode), so anything a user wrote is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Telegram rejects longer messages; replies are built to stay under it.
MESSAGE_LIMIT = 4096
# One win shown inside a list is cut to this many characters.
LIST_ITEM_CHARS = 300

BOT_NAME = "smallwins"

# (command, menu description). /help, setMyCommands and the README all come from here.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up your time zone and check-in times"),
    ("win", "Log a win: /win walked to the shop"),
    ("undo", "Take back your last win from today"),
    ("today", "Today's wins"),
    ("jar", "Your marble jar"),
    ("timezone", "Set your time zone"),
    ("morning", "Morning check-in time, or off"),
    ("evening", "Evening prompt time, or off"),
    ("settings", "All settings with buttons"),
    ("weekly", "Weekly review day and time, or off"),
    ("pause", "Pause nudges: /pause or /pause 3 days"),
    ("resume", "Turn nudges back on"),
    ("help", "What I can do"),
)


def q(text: str) -> str:
    """Escape user-written text for an HTML message."""
    return escape(text, quote=False)


def clip(text: str, limit: int = LIST_ITEM_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_within(head: str, lines: Sequence[str], tail: str = "", limit: int = MESSAGE_LIMIT) -> str:
    """head + as many lines as fit + tail, with a note on how many were left out.

    Sizes are measured on the escaped HTML, which is never shorter than the text
    Telegram counts, so the result always fits.
    """
    budget = limit - len(head) - len(tail) - 40
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        kept.append(line)
        used += len(line) + 1
    more = len(lines) - len(kept)
    parts = [head, *kept]
    if more:
        parts.append(f"…and {more} more.")
    if tail:
        parts.append(tail)
    return "\n".join(p for p in parts if p)


# --- logging wins ---------------------------------------------------------------------

_CELEBRATIONS = (
    "Nice one! 🎉 That's marble #{n} in your jar.",
    "Noted, and it counts. Marble #{n} is in.",
    "Love that. 🌱 Marble #{n}.",
    "That's real evidence. Marble #{n} for you.",
    "Yes! Marble #{n} drops into the jar.",
    "Small win, real win. Marble #{n}. ✨",
    "Well done. Your jar now holds {n} marbles.",
    "Good stuff. 👏 Marble #{n}.",
)

_MILESTONES = {
    1: "Your first marble! 🎉 Every win you text me lands in your jar.",
    10: "Marble #10! 🌟 Ten pieces of proof that you follow through.",
    25: "Marble #25. That's a handful of evidence now. 🙌",
    50: "Fifty marbles! 🎉 Look how far the small stuff has carried you.",
    100: "Marble #100! 🏆 A hundred wins. Take a moment with that.",
    250: "Marble #250. Your jar is getting heavy. 🌟",
    500: "Five hundred marbles! 🎉 That's a habit of noticing the good.",
    1000: "Marble #1000. 🏆 A thousand small wins. Wow.",
}


def celebrate(first_number: int, count: int) -> str:
    """The reply to newly logged wins; marble numbers first_number..first_number+count-1."""
    last = first_number + count - 1
    for n in range(first_number, last + 1):
        if n in _MILESTONES:
            milestone = _MILESTONES[n]
            if count == 1:
                return milestone
            return f"{count} wins at once! Marbles #{first_number}–#{last}.\n{milestone}"
    if count == 1:
        return _CELEBRATIONS[last % len(_CELEBRATIONS)].format(n=last)
    return f"{count} wins at once! 🎉 Marbles #{first_number}–#{last} are in the jar."


UNDO_BUTTON = "Undo"


def undone(removed: int, total: int) -> str:
    what = "That win is" if removed == 1 else f"Those {removed} wins are"
    return f"{what} back out of the jar. You have {marbles(total)}."


UNDO_NOTHING_TODAY = "Nothing to undo today. Your jar is just as you left it."
UNDO_GONE = "Those wins were already taken out."


def marbles(n: int) -> str:
    return "1 marble" if n == 1 else f"{n} marbles"


WIN_EMPTY = (
    "Tell me what went well and I'll add it to your jar, e.g.\n"
    "<code>/win went for a short walk</code>"
)
WIN_EMPTY_TEXT = "I couldn't find a win in that. Type what went well, one line per win."


def win_too_long(limit: int) -> str:
    return (
        f"That's a lot for one win! Keep each one under {limit} characters: "
        "put separate wins on separate lines."
    )


def win_too_many(limit: int) -> str:
    return f"That's more than {limit} wins in one go. Send them in a few smaller messages."


EDIT_REACTION = "✍"

UNSUPPORTED_MESSAGE = (
    "I can keep text and photo wins. Type what went well, or send a photo of it "
    "(a caption is welcome)."
)
PHOTO_WIN_TEXT = "📷 photo"


def unknown_command(command: str) -> str:
    return f"I don't know {q(command)}. Send /help to see what I can do."


# --- review ---------------------------------------------------------------------------


def today(wins: Sequence[tuple[str, bool]], total: int) -> str:
    """wins: (text, has_photo) in order."""
    if not wins:
        return "No wins logged today yet. What's one small thing that went okay? Just type it. 🌱"
    head = f"<b>Today</b>: {'1 win' if len(wins) == 1 else f'{len(wins)} wins'}"
    lines = [f"• {'📷 ' if photo else ''}{q(clip(text))}" for text, photo in wins]
    return join_within(head, lines, f"Your jar holds {marbles(total)}.")


def jar(total: int, this_week: int) -> str:
    if total == 0:
        return "Your jar is empty for now. Text me a win, however small, and watch it fill. 🫙"
    week = f" {this_week} of them from the last 7 days." if this_week else ""
    return f"🫙 Your jar holds <b>{marbles(total)}</b>.{week}"


# --- onboarding and settings ------------------------------------------------------------


def welcome(first_name: str) -> str:
    hello = f"Hi {q(first_name)}! " if first_name else "Hi! "
    return (
        f"{hello}I'm {BOT_NAME}: I help you collect proof that you're doing okay, "
        "one small win at a time.\n\n"
        "<b>Step 1 of 3.</b> Which time zone are you in? Tap one, type a city "
        "(like <i>Lisbon</i>) or an offset (like <i>UTC+3</i>), or share your location."
    )


ONBOARD_TIMES = (
    "<b>Step 2 of 3.</b> I'll check in each morning at {morning} and ask what went well "
    "each evening at {evening}. Does that suit you?"
)
ONBOARD_ASK_MORNING = "What time suits your morning check-in? Tap one or type a time like 7:30."
ONBOARD_ASK_EVENING = "And the evening prompt? Tap one or type a time like 9pm."
ONBOARD_DONE = (
    "<b>Step 3 of 3.</b> That's it! Whenever something goes well, just text it to me: "
    "one line per win, #tags welcome. 🌱"
)
SHARE_LOCATION_BUTTON = "📍 Share my location"
KEEP_TIMES_BUTTON = "Sounds good"
CHANGE_TIMES_BUTTON = "Change times"
OFF_BUTTON = "Off"


def timezone_set(label: str, local_time: str) -> str:
    return f"Time zone set to <b>{q(label)}</b>. It's {local_time} there now."


def timezone_from_location(label: str, local_time: str) -> str:
    return (
        f"Looks like you're on <b>{q(label)}</b> time (it's {local_time} there). "
        "If that's off, send /timezone with your city."
    )


def timezone_current(label: str, local_time: str) -> str:
    return (
        f"Your time zone is <b>{q(label)}</b> (it's {local_time} there). To change it, tap one "
        "below or send /timezone with a city, like <code>/timezone Lisbon</code>."
    )


def unknown_timezone(text: str, suggestions: Sequence[str]) -> str:
    base = f"I don't know the time zone {q(clip(text, 60))}."
    if suggestions:
        return base + " Did you mean " + " or ".join(q(s) for s in suggestions) + "?"
    return (
        base + " Try a city (<i>Berlin</i>), a zone name (<i>America/New_York</i>) "
        "or an offset (<i>UTC+3</i>)."
    )


def prompt_time_set(kind: str, hhmm: str | None) -> str:
    if hhmm is None:
        return f"The {kind} prompt is off. Turn it back on any time with /{kind} 8:00."
    what = "check in each morning" if kind == "morning" else "ask what went well each evening"
    return f"Done: I'll {what} at <b>{hhmm}</b>."


def prompt_time_current(kind: str, hhmm: str | None) -> str:
    now = f"at <b>{hhmm}</b>" if hhmm else "<b>off</b>"
    example = "7:30" if kind == "morning" else "9pm"
    return (
        f"Your {kind} prompt is {now}. Change it with <code>/{kind} {example}</code>, "
        f"or <code>/{kind} off</code>."
    )


def bad_time(text: str, kind: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 40))} as a time. Try <code>/{kind} 7</code>, "
        f"<code>7:30</code>, <code>7pm</code> or <code>19:00</code> (or <code>off</code>)."
    )


def settings_summary(
    zone_label: str, morning: str | None, evening: str | None, day_end_hour: int
) -> str:
    return "\n".join(
        [
            "<b>Your settings</b>",
            f"Time zone: {q(zone_label)}",
            f"Morning check-in: {morning or 'off'}",
            f"Evening prompt: {evening or 'off'}",
            f"Day ends at: {day_end_hour:02d}:00 (wins before then count for the day before)",
        ]
    )


SETTINGS_PICK_MORNING = "Pick a time for your morning check-in:"
SETTINGS_PICK_EVENING = "Pick a time for your evening prompt:"
SETTINGS_PICK_ZONE = "Pick your time zone, or send /timezone with a city:"
SETTINGS_PICK_DAY_END = (
    "When does your day end? Wins logged before this hour count for the day before."
)
BACK_BUTTON = "« Back"
STALE_BUTTON = "That button has expired. Send /settings for fresh ones."


def help_text() -> str:
    lines = [f"/{name} — {q(desc)}" for name, desc in COMMANDS]
    return (
        "Text me anything that went well and it becomes a win: one line per win, "
        "#tags welcome, photos too.\n\n" + "\n".join(lines)
    )


GENERIC_ERROR = "Sorry, something went wrong on my side. Please try that again in a moment."
PRIVATE_ONLY = "Let's do that in our private chat: {link}"
EDIT_KEPT_OLD = "I've kept the win as it was."
SAVED = "Saved ✓"


def welcome_back(first_name: str, total: int) -> str:
    hello = f"Welcome back, {q(first_name)}!" if first_name else "Welcome back!"
    jar_line = f" Your jar holds {marbles(total)}." if total else ""
    return f"{hello}{jar_line} Text me a win any time; /help lists the rest."


# --- scheduled nudges -------------------------------------------------------------------

MORNING_ASK = "Good morning! 🌅 What is one small thing that would make today easier?"
MORNING_ASK_HINT = "Reply with it and I'll remind you tonight."
MORNING_ASK_PLACEHOLDER = "one small thing for today"
MORNING_GOALS_HEAD = "Good morning! 🌅 Today's one small thing:"
MORNING_GOALS_HEAD_MANY = "Good morning! 🌅 Today's small things:"
MORNING_GOALS_DONE = (
    "Good morning! 🌅 Today's small thing is already done. Anything else that goes well, "
    "just text me."
)
GOAL_DONE_BUTTON = "Done ✓"
GOAL_SHRINK_BUTTON = "Make it smaller"
GOAL_SKIP_BUTTON = "Not today"
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


PAUSED_OPEN = "Nudges paused until you send /resume. Wins still work any time; I'll be here. 🌱"
RESUMED = "Welcome back! Nudges are on again. 🌱"
NOT_PAUSED = "Nudges are already on. To take a break, send /pause or /pause 3 days."


def bad_pause(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 40))} as a number of days. Try <code>/pause</code> "
        "(until /resume), <code>/pause 3</code> or <code>/pause 2 weeks</code> (up to 365 days)."
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
