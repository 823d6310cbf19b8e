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
    ("goal", "Start a micro-goal: /goal walk 10 minutes for 7 days"),
    ("goals", "Your micro-goals and how they're going"),
    ("done", "Check off a goal for today"),
    ("skip", "Plan a rest day for a goal (not a miss)"),
    ("shrink", "Make a goal smaller: /shrink 1 walk 5 minutes"),
    ("drop", "Let go of a goal"),
    ("week", "The last 7 days at a glance"),
    ("calendar", "A month with a star on each day with a win"),
    ("jar", "Your marble jar"),
    ("stats", "Totals and streaks"),
    ("timezone", "Set your time zone"),
    ("morning", "Morning check-in time, or off"),
    ("evening", "Evening prompt time, or off"),
    ("settings", "All settings with buttons"),
    ("weekly", "Weekly review day and time, or off"),
    ("pause", "Pause nudges: /pause or /pause 3 days"),
    ("resume", "Turn nudges back on"),
    ("buddy", "Get a one-time link to pair up with a buddy"),
    ("buddies", "Your buddies: cheer them, choose what to share"),
    ("unbuddy", "End a buddy pairing"),
    ("join", "In a group: join its circle of wins"),
    ("leave", "In a group: leave its circle"),
    ("share", "In a group: show your private wins there too, on or off"),
    ("groupsettings", "In a group: digest times, time zone (admins)"),
    ("export", "Download your data (JSON and CSV)"),
    ("forget", "Delete everything I know about you"),
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


def undone(removed: Sequence[str], total: int, *, html: bool = True) -> str:
    """Which wins went back out of the jar (a few, shortened), and what is left.
    `html=False` for a button's pop-up, which shows plain text."""
    quoted = [clip(text, 60) for text in removed[:3]]
    shown = ", ".join(f"<i>{q(t)}</i>" if html else f"“{t}”" for t in quoted)
    if len(removed) > 3:
        shown += " …"
    what = f"{shown} is" if len(removed) == 1 else f"{len(removed)} wins ({shown}) are"
    return f"{what} back out of the jar. You have {marbles(total)}."


UNDO_NOTHING_TODAY = "Nothing to undo today. Your jar is just as you left it."
UNDO_GONE = "Those wins were already taken out."


def undo_not_yours(name: str | None) -> str:
    """A callback answer (plain text): someone pressed another member's Undo."""
    return f"Only {name or 'the person who logged it'} can take this win back."


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


def win_item(text: str, photo: bool) -> str:
    """One win in a list: a photo shows one camera, then its caption (or just "photo")."""
    if not photo:
        return f"• {q(clip(text))}"
    caption = "" if text in ("", PHOTO_WIN_TEXT) else text
    return f"• 📷 {q(clip(caption)) if caption else 'photo'}"


def unknown_command(command: str) -> str:
    return f"I don't know {q(clip(command, 40))}. Send /help to see what I can do."


# --- review ---------------------------------------------------------------------------


def today(wins: Sequence[tuple[str, bool]], total: int) -> str:
    """wins: (text, has_photo) in order."""
    if not wins:
        return "No wins logged today yet. What's one small thing that went okay? Just type it. 🌱"
    head = f"<b>Today</b>: {'1 win' if len(wins) == 1 else f'{len(wins)} wins'}"
    lines = [win_item(text, photo) for text, photo in wins]
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


def unknown_timezone(text: str, suggestions: Sequence[str], location: bool = False) -> str:
    base = f"I don't know the time zone {q(clip(text, 60))}."
    if suggestions:
        return base + " Did you mean " + " or ".join(q(s) for s in suggestions) + "?"
    where = ", or share your location" if location else ""
    return (
        base + " Try a city (<i>Berlin</i>), a zone name (<i>Europe/Berlin</i>) "
        f"or an offset (<i>UTC+3</i>){where}."
    )


ZONE_PICK_HINT = "Tap the one you meant, or type the city again."
ZONE_HINT = (
    "Which time zone are you in? Type a city (<i>Lisbon</i>), a zone name "
    "(<i>Europe/Berlin</i>) or an offset (<i>UTC+3</i>), or share your location."
)
TIMES_HINT = "Tap <i>Sounds good</i> to keep these times, or <i>Change times</i>."


def time_hint(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 40))} as a time. "
        "Tap one, or type a time like <i>7:30</i>, <i>7pm</i> or <i>19:00</i>."
    )


# Small talk: a kind word back, and a button in case it was a win after all.
ADD_AS_WIN_BUTTON = "Add it as a win"
SMALL_TALK_THANKS = "Any time. 😊 Tell me whenever something goes well."
SMALL_TALK_GREETING = "Hi! 👋 What's one thing that went okay today? Just type it."
SMALL_TALK_OTHER = "Noted! Text me a win whenever one happens."
NOT_YOUR_BUTTON = "That button belongs to someone else's message."
ADD_AS_WIN_GONE = "I can't see that message any more. Type the win again and I'll keep it."


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


# /help and the README list the commands under these headings, in this order.
HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Log", ("win", "undo")),
    ("Goals", ("goal", "goals", "done", "skip", "shrink", "drop")),
    ("Look back", ("today", "week", "calendar", "jar", "stats")),
    (
        "Settings",
        ("start", "timezone", "morning", "evening", "weekly", "settings", "pause", "resume"),
    ),
    ("Together", ("buddy", "buddies", "unbuddy", "join", "leave", "share", "groupsettings")),
    ("Your data", ("export", "forget", "help")),
)


def help_groups() -> dict[str, tuple[str, ...]]:
    """Heading -> command names; a command no heading names goes under the last one."""
    groups = dict(HELP_GROUPS)
    named = {name for names in groups.values() for name in names}
    rest = tuple(name for name, _ in COMMANDS if name not in named)
    last = HELP_GROUPS[-1][0]
    groups[last] = groups[last] + rest
    return groups


def help_text() -> str:
    descriptions = dict(COMMANDS)
    blocks = [
        "\n".join(
            [f"<b>{heading}</b>"]
            + [f"/{name} — {q(descriptions[name])}" for name in names if name in descriptions]
        )
        for heading, names in help_groups().items()
    ]
    return (
        "Text me anything that went well and it becomes a win: one line per win, "
        "#tags welcome, photos too.\n\n" + "\n\n".join(blocks)
    )


GENERIC_ERROR = "Sorry, something went wrong on my side. Please try that again in a moment."
# Telegram delivered a message again (after a restart): its effect was stored the first time.
ALREADY_HANDLED = "That one's already taken care of ✓"
# Database faults: never "try again" once something is stored (it would be stored twice).
SAVED_REPLY_LOST = "That's saved ✓ My reply got lost on the way, so no need to send it again."
SAVING_SOON = "Saving is slow on my side right now. I'll save this in a moment."
NOT_SAVED = (
    "Sorry, I couldn't save that one: my storage is having trouble. "
    "Please send it again in a few minutes."
)
EDIT_KEPT_OLD = "I've kept the win as it was."
SAVED = "Saved ✓"


def welcome_back(first_name: str, total: int) -> str:
    hello = f"Welcome back, {q(first_name)}!" if first_name else "Welcome back!"
    jar_line = f" Your jar holds {marbles(total)}." if total else ""
    return f"{hello}{jar_line} Text me a win any time; /help lists the rest."


# --- micro-goals ----------------------------------------------------------------------


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

# --- review ---------------------------------------------------------------------------


def calendar_caption(month_title: str, win_days: int, checkoffs: int) -> str:
    days = "1 day" if win_days == 1 else f"{win_days} days"
    checks = ""
    if checkoffs:
        checks = ", 1 goal check-off" if checkoffs == 1 else f", {checkoffs} goal check-offs"
    return f"<b>{month_title}</b>: {days} with a win{checks}."


def bad_month(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 30))} as a month. Try <code>/calendar</code>, "
        "<code>/calendar 3</code>, <code>/calendar march</code> or "
        "<code>/calendar 2026-03</code>."
    )


def future_month(month_title: str) -> str:
    return (
        f"{month_title} hasn't happened yet, so there's nothing to draw. 🌱 "
        "Send <code>/calendar</code> for this month or <code>/calendar march</code> for an "
        "earlier one."
    )


FUTURE_MONTH_BUTTON = "That month hasn't happened yet."
PREV_MONTH = "« Previous"
NEXT_MONTH = "Next »"

# --- your data ------------------------------------------------------------------------

EXPORT_NOTHING = (
    "There's nothing to export yet: no wins and no goals. Your first win will change that. 🌱"
)


def _goals(n: int) -> str:
    return "1 goal" if n == 1 else f"{n} goals"


def export_caption(wins: int, goals: int) -> str:
    return f"Your data: {marbles(wins)} and {_goals(goals)}. The CSV opens in any spreadsheet."


def forget_confirm(wins: int, goals: int) -> str:
    return (
        f"This deletes everything I know about you: {marbles(wins)}, {_goals(goals)}, "
        "notes and settings. It can't be undone. You may want /export first."
    )


FORGET_YES = "Delete everything"
FORGET_NO = "Keep my data"
FORGOTTEN = "Done. Everything about you is deleted. If you ever want to start again, send /start."
FORGET_CANCELLED = "Nothing deleted. Your jar is safe. 🫙"
# --- accountability groups --------------------------------------------------------------

# Shown in a group's command menu (setMyCommands with the all-group-chats scope).
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("win", "Log a win: /win finished the draft"),
    ("join", "Join this group's circle of wins"),
    ("leave", "Leave this group's circle"),
    ("share", "Show your private wins here too: on or off"),
    ("groupsettings", "Digest times, time zone, on/off (admins)"),
    ("timezone", "The group's time zone (admins)"),
    ("morning", "The group's morning check-in time (admins)"),
    ("evening", "The group's evening digest time (admins)"),
    ("help", "What I can do here"),
)

JOIN_BUTTON = "Join the circle"


def group_intro(title: str) -> str:
    return (
        f"Hi, {q(title)}! I'm {BOT_NAME}. I help a group notice its small wins together.\n\n"
        "Tap <b>Join the circle</b>, then log a win here with <code>/win what went well</code> "
        "or by replying to one of my messages. Each evening I post one short digest. 🌱"
    )


def group_help() -> str:
    lines = [f"/{name} — {q(desc)}" for name, desc in GROUP_COMMANDS]
    return (
        "In this group, log a win with <code>/win what went well</code> or reply to one of my "
        "messages. Your private wins stay private unless you send <code>/share on</code>.\n\n"
        + "\n".join(lines)
    )


def joined(name: str) -> str:
    return (
        f"Welcome to the circle, {q(name)}! Log a win here with <code>/win</code>. "
        "Your private wins stay private unless you send <code>/share on</code>."
    )


def joined_open_private(name: str, link: str) -> str:
    return (
        f"Welcome to the circle, {q(name)}! For your own jar and gentle check-ins, "
        f'say hi to me in private: <a href="{q(link)}">open the chat</a>.'
    )


def already_joined(name: str) -> str:
    return f"You're already in the circle, {q(name)}. Log a win any time with <code>/win</code>."


ANONYMOUS_ADMIN = (
    "You're posting as the group, so I can't tell who you are. "
    "Switch off “Remain anonymous” or post as yourself, then try again."
)


def left_circle(name: str) -> str:
    return (
        f"Done, {q(name)}: you've left the circle. Your wins stay in your own jar. "
        "Come back any time with /join."
    )


def not_in_circle(name: str) -> str:
    return f"You're not in this group's circle, {q(name)}. Send /join if you'd like to be."


def win_outside_circle() -> str:
    return "It's in your jar. Send /join to have your wins in this group's evening digest too."


def share_set(on: bool) -> str:
    if on:
        return "Sharing is on: your private wins will appear in this group's evening digest too."
    return "Sharing is off: only wins you log in this group appear here."


def share_current(on: bool) -> str:
    state = "on" if on else "off"
    return (
        f"Sharing your private wins with this group is <b>{state}</b>. "
        "Change it with <code>/share on</code> or <code>/share off</code>."
    )


def share_bad(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 40))}. "
        "Try <code>/share on</code> or <code>/share off</code>."
    )


ADMINS_ONLY = (
    "Only this group's admins can change its settings. "
    "Ask one of them, and thanks for looking after the circle!"
)
ADMINS_ONLY_SHORT = "Only the group's admins can change this."
MENTION_HINT = (
    "To log a win here, send <code>/win what went well</code> or reply to one of my messages."
)


def group_settings_summary(
    title: str, zone_label: str, morning: str | None, evening: str | None, digest_on: bool
) -> str:
    return "\n".join(
        [
            f"<b>Settings for {q(title)}</b>",
            f"Time zone: {q(zone_label)}",
            f"Morning check-in: {morning or 'off'}",
            f"Evening digest: {evening or 'off'}",
            f"Digest and weekly review: {'on' if digest_on else 'off'}",
            "Admins can change these with the buttons, or with /timezone, /morning, /evening.",
        ]
    )


def group_time_set(kind: str, hhmm: str | None) -> str:
    what = "morning check-in" if kind == "morning" else "evening digest"
    if hhmm is None:
        return f"The group's {what} is off. Turn it back on with <code>/{kind} 9:00</code>."
    return f"Done: the group's {what} is at <b>{hhmm}</b>."


def group_time_current(kind: str, hhmm: str | None) -> str:
    what = "morning check-in" if kind == "morning" else "evening digest"
    now = f"at <b>{hhmm}</b>" if hhmm else "<b>off</b>"
    return f"The group's {what} is {now}. Admins can change it with <code>/{kind} 8:30</code>."


def group_timezone_set(label: str, local_time: str) -> str:
    return f"The group's time zone is now <b>{q(label)}</b>. It's {local_time} there."


def group_timezone_current(label: str, local_time: str) -> str:
    return (
        f"The group's time zone is <b>{q(label)}</b> (it's {local_time} there). Admins can "
        "change it with a city, like <code>/timezone Lisbon</code>."
    )


DIGEST_ON_BUTTON = "Digest: on"
DIGEST_OFF_BUTTON = "Digest: off"
GROUP_MORNING_BUTTON = "Morning"
GROUP_EVENING_BUTTON = "Evening"


def private_only(link: str) -> str:
    return f'That one is just between us. Let\'s do it in our <a href="{q(link)}">private chat</a>.'


def group_only(link: str) -> str:
    return (
        "That one works inside a group. Add me to a group chat to share wins there: "
        f'<a href="{q(link)}">pick a group</a>.'
    )


def circle_hello(title: str) -> str:
    return (
        f"You're in the circle of <b>{q(title)}</b>. Wins you log here stay private "
        "unless you send <code>/share on</code> in the group."
    )


CIRCLE_LINK_UNKNOWN = (
    "I can't find that group. Open the group and send <code>/join</code> there to join its circle."
)


def group_morning(title: str) -> str:
    return (
        f"Good morning, {q(title)}! ☀️ What's one small thing you'll do today? "
        "When it's done, log it here with <code>/win</code> or reply to this message."
    )


def digest_head(title: str, wins: int, people: int) -> str:
    what = "1 win" if wins == 1 else f"{wins} wins"
    who = "1 person" if people == 1 else f"{people} people"
    return f"<b>Today in {q(title)}</b>: {what} from {who}."


def digest_empty(title: str) -> str:
    return (
        f"A quiet day in {q(title)}, and that's fine: rest counts too. "
        "Tomorrow, one small <code>/win</code> is plenty. 🌱"
    )


_CHEERS = (
    "Every one of these is real proof. Well done, all! 🎉",
    "Small steps, kept promises. Proud of this circle. 👏",
    "That's a good day's evidence. See you tomorrow! 🌟",
    "Look at that pile of wins. Keep showing up. 🙌",
)


def cheer(seed: int) -> str:
    return _CHEERS[seed % len(_CHEERS)]


def weekly_head(title: str, wins: int, people: int, days: int, span: int) -> str:
    what = "1 win" if wins == 1 else f"{wins} wins"
    who = "1 person" if people == 1 else f"{people} people"
    return f"<b>This week in {q(title)}</b>: {what} from {who}, on {days} of {span} days."


def weekly_tags(tags: Sequence[str]) -> str:
    return "Top tags: " + ", ".join(f"#{q(t)}" for t in tags)


def weekly_names(names: Sequence[str]) -> str:
    return "Wins from " + ", ".join(q(n) for n in names) + "."


def weekly_empty(title: str) -> str:
    return (
        f"A quiet week in {q(title)}. That happens to everyone. "
        "A fresh week starts now, and one small <code>/win</code> is a great start. 🌱"
    )


WEEKLY_CHEER = "Thanks for cheering each other on. Here's to the next seven days! 🌟"


# --- buddies ----------------------------------------------------------------------------

BUDDY_LIMIT = 20
FRESH_INVITE_BUTTON = "New link (old ones stop working)"


def buddy_invites_open(count: int) -> str:
    return (
        f"You have {count} buddy links waiting to be opened. Send one of those, "
        "or start fresh with a new link."
    )


def buddy_invite(link: str, days: int) -> str:
    return (
        f"Here's your buddy link. Send it to one friend:\n{q(link)}\n\n"
        f"It works once and expires in {days} days. Buddies can cheer each other on and, "
        "if you both choose, see each other's wins each evening. 🤝"
    )


BUDDY_UNKNOWN = (
    "That buddy link doesn't work: it may be cut off or mistyped. "
    "Ask your friend to send a fresh one with /buddy."
)
BUDDY_EXPIRED = (
    "That buddy link has expired (links last 7 days). Ask your friend for a fresh one with /buddy."
)
BUDDY_USED = (
    "That buddy link has already been used, and each link pairs just once. "
    "Ask your friend for a fresh one with /buddy."
)
BUDDY_OWN = "That's your own buddy link! Send it to a friend and they can pair up with you."


def buddy_already(name: str) -> str:
    return f"You and {q(name)} are already buddies. See /buddies to cheer them on."


def buddy_full(limit: int) -> str:
    return (
        f"You have {limit} buddies, which is the most I keep. End one with /unbuddy to make room."
    )


def buddy_confirm(name: str) -> str:
    return (
        f"{q(name)} invited you to be buddies. You can cheer each other on and, if you both "
        "choose, see each other's wins each evening. Pair up?"
    )


PAIR_BUTTON = "Pair up"
NO_THANKS_BUTTON = "No thanks"
BUDDY_DECLINED = "No problem, nothing was shared. The link still works if you change your mind."


def buddy_paired(name: str) -> str:
    return (
        f"You and {q(name)} are buddies now! 🤝 Want {q(name)} to see your wins each evening? "
        "You can change this any time in /buddies."
    )


SHARE_EVENINGS_BUTTON = "Share my evenings"


def buddy_list_head(count: int) -> str:
    return "<b>Your buddy</b>" if count == 1 else f"<b>Your {count} buddies</b>"


def buddy_line(name: str, i_share: bool, they_share: bool) -> str:
    if i_share and they_share:
        state = "you see each other's wins each evening"
    elif i_share:
        state = f"you share your evenings; {q(name)} hasn't chosen to yet"
    elif they_share:
        state = f"{q(name)} shares their evenings; tap to share yours too"
    else:
        state = "cheers only"
    return f"• {q(name)}: {state}"


NO_BUDDIES = "No buddies yet. Send /buddy to get an invite link for a friend."


def cheer_button(name: str) -> str:
    return clip(f"👏 Cheer {name}", 40)


def share_toggle_button(name: str, on: bool) -> str:
    return clip(f"{'Stop sharing with' if on else 'Share evenings with'} {name}", 60)


def cheer_sent(name: str) -> str:
    return f"Cheer sent to {q(name)}!"


def cheer_unreachable(name: str) -> str:
    return f"I couldn't reach {q(name)} just now: they may have paused our chat."


def cheer_wait(name: str) -> str:
    """A callback answer (plain text): a cheer to the same buddy within the hour."""
    return f"You cheered {name} a moment ago. One cheer an hour keeps each one special."


def cheer_received(name: str) -> str:
    return f"{q(name)} sent you a cheer! 👏 Keep going."


def buddy_sharing(name: str, on: bool) -> str:
    if on:
        return f"{q(name)} will see your wins each evening (once they share theirs too)."
    return f"{q(name)} won't see your evening wins any more."


UNBUDDY_PICK = "Who would you like to stop being buddies with?"


def end_button(name: str) -> str:
    return clip(f"End with {name}", 60)


def unbuddy_done(name: str) -> str:
    return (
        f"You and {q(name)} are no longer buddies. Thanks for cheering each other on. "
        "Your jar is just as it was."
    )


def unbuddied_by(name: str) -> str:
    return (
        f"{q(name)} has ended your buddy pairing. Your wins and jar are just as they were, "
        "and /buddy makes a new link whenever you like."
    )


NOT_BUDDIES = "You're not buddies any more, so that button has expired."


def buddy_evening(name: str, wins: Sequence[tuple[str, bool]]) -> str:
    what = "1 win" if len(wins) == 1 else f"{len(wins)} wins"
    lines = [win_item(text, photo) for text, photo in wins]
    return "\n".join([f"<b>Your buddy {q(name)} today</b>: {what}", *lines])


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
