"""Onboarding and settings: time zone, check-in times, the day's end."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.common import BOT_NAME, clip, q
from bot.texts.wins import marbles


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
# The /settings summary's buttons, each opening its picker.
ZONE_BUTTON = "🌍 Time zone"
MORNING_BUTTON = "🌅 Morning"
EVENING_BUTTON = "🌙 Evening"
DAY_END_BUTTON = "🕓 Day ends"


def welcome_back(first_name: str, total: int) -> str:
    hello = f"Welcome back, {q(first_name)}!" if first_name else "Welcome back!"
    jar_line = f" Your jar holds {marbles(total)}." if total else ""
    return f"{hello}{jar_line} Text me a win any time; /help lists the rest."
