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
    return f"I don't know {q(clip(command, 40))}. Send /help to see what I can do."


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


# --- micro-goals ----------------------------------------------------------------------

GOAL_COMMANDS: tuple[tuple[str, str], ...] = (
    ("goal", "Start a micro-goal: /goal walk 10 minutes for 7 days"),
    ("goals", "Your micro-goals and how they're going"),
    ("done", "Check off a goal for today"),
    ("skip", "Plan a rest day for a goal (not a miss)"),
    ("shrink", "Make a goal smaller: /shrink 1 walk 5 minutes"),
    ("drop", "Let go of a goal"),
    ("week", "The last 7 days at a glance"),
    ("calendar", "A month with a star on each day with a win"),
    ("stats", "Totals and streaks"),
    ("export", "Download your data (JSON and CSV)"),
    ("forget", "Delete everything I know about you"),
)
COMMANDS = COMMANDS[:-1] + GOAL_COMMANDS + COMMANDS[-1:]

GOAL_USAGE = (
    "Pick one small step you can do every day, e.g.\n"
    "<code>/goal drink a glass of water when I wake up</code>\n"
    "It runs for 7 days; add <code>for 14 days</code> for longer (up to 66)."
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
    "That sounds like a result rather than a daily step. Results take time; "
    "a small step you can do today builds it. If you like, /shrink it into one, e.g. "
    "<i>write 100 words</i> or <i>a 10-minute walk</i>."
)


def goal_fourth_refused(count: int) -> str:
    return (
        f"You already have {count} micro-goals going, and that's plenty. "
        "Each one shares your attention, and a goal that's kept builds more confidence "
        "than three half-kept ones. Finish or /drop one first, then start this."
    )


NO_GOALS = "No micro-goal yet. Start one with <code>/goal walk 10 minutes</code>. 🌱"


def goal_line(
    number: int, text: str, day: int, days: int, done: int, over: bool, streak: int = 0
) -> str:
    when = f"all {days} days done" if over else f"day {day} of {days}"
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


def checked_off(text: str, total: int, day: int, days: int) -> str:
    return f"✓ <b>{q(clip(text, 120))}</b>: day {day} of {days}, done. Marble #{total} is in."


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


def dropped(text: str) -> str:
    return (
        f"Let go of <b>{q(clip(text, 120))}</b>. Choosing what to focus on is a skill too. "
        "Its check-offs stay in your jar."
    )


DROP_USAGE = "Which goal? Send <code>/drop 1</code> or a word from it."
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


def shrink_offer(text: str) -> str:
    return (
        f"<b>{q(clip(text, 120))}</b> slipped the last two days. That happens to everyone. "
        "Want to make it smaller, so it fits the days you're having?\n"
        "If you like, reply to this message with what got in the way; I'll keep it as a note."
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


def goal_is_over(text: str) -> str:
    return f"The days of <b>{q(clip(text, 120))}</b> are over. Extend it or call it finished?"


GOAL_GONE = "That isn't one of your active goals. Send /goals to see yours."

# --- review ---------------------------------------------------------------------------


def calendar_caption(month_title: str, win_days: int, checkoffs: int) -> str:
    days = "1 day" if win_days == 1 else f"{win_days} days"
    checks = f", {checkoffs} goal check-offs" if checkoffs else ""
    return f"<b>{month_title}</b>: {days} with a win{checks}."


def bad_month(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 30))} as a month. Try <code>/calendar</code>, "
        "<code>/calendar 3</code>, <code>/calendar march</code> or "
        "<code>/calendar 2026-03</code>."
    )


PREV_MONTH = "« Previous"
NEXT_MONTH = "Next »"

# --- your data ------------------------------------------------------------------------

EXPORT_NOTHING = (
    "There's nothing to export yet: no wins and no goals. Your first win will change that. 🌱"
)


def export_caption(wins: int, goals: int) -> str:
    return f"Your data: {marbles(wins)} and {goals} goal(s). The CSV opens in any spreadsheet."


def forget_confirm(wins: int, goals: int) -> str:
    return (
        f"This deletes everything I know about you: {marbles(wins)}, {goals} goal(s), "
        "notes and settings. It can't be undone. You may want /export first."
    )


FORGET_YES = "Delete everything"
FORGET_NO = "Keep my data"
FORGOTTEN = "Done. Everything about you is deleted. If you ever want to start again, send /start."
FORGET_CANCELLED = "Nothing deleted. Your jar is safe. 🫙"
