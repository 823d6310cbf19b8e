"""Onboarding and settings: time zone, check-in times, the day's end."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _
from bot.texts.common import BOT_NAME, clip, q
from bot.texts.wins import marbles


def welcome(first_name: str) -> str:
    hello = _("Hi {name}!").format(name=q(first_name)) if first_name else _("Hi!")
    return (
        hello
        + " "
        + _(
            "I'm {bot}: I help you collect proof that you're doing okay, "
            "one small win at a time.\n\n"
            "<b>Step 1 of 3.</b> Which time zone are you in? Tap one, type a city "
            "(like <i>Lisbon</i>) or an offset (like <i>UTC+3</i>), or share your location."
        ).format(bot=BOT_NAME)
    )


def onboard_times() -> str:
    """Formatted by the caller with `morning` and `evening` (times like 08:00)."""
    return _(
        "<b>Step 2 of 3.</b> I'll check in each morning at {morning} and ask what went well "
        "each evening at {evening}. Does that suit you?"
    )


def onboard_ask_morning() -> str:
    return _("What time suits your morning check-in? Tap one or type a time like 7:30.")


def onboard_ask_evening() -> str:
    return _("And the evening prompt? Tap one or type a time like 9pm.")


def onboard_done() -> str:
    return _(
        "<b>Step 3 of 3.</b> That's it! Whenever something goes well, just text it to me: "
        "one line per win, #tags welcome. 🌱"
    )


def share_location_button() -> str:
    # Translators: a button that sends the phone's location to find the time zone.
    return _("📍 Share my location")


def keep_times_button() -> str:
    # Translators: a button that accepts the suggested morning and evening times.
    return _("Sounds good")


def change_times_button() -> str:
    # Translators: a button to pick other morning and evening times.
    return _("Change times")


def off_button() -> str:
    # Translators: a button that turns a daily prompt off.
    return _("Off")


def timezone_set(label: str, local_time: str) -> str:
    return _("Time zone set to <b>{zone}</b>. It's {time} there now.").format(
        zone=q(label), time=local_time
    )


def timezone_from_location(label: str, local_time: str) -> str:
    return _(
        "Looks like you're on <b>{zone}</b> time (it's {time} there). "
        "If that's off, send /timezone with your city."
    ).format(zone=q(label), time=local_time)


def timezone_current(label: str, local_time: str) -> str:
    return _(
        "Your time zone is <b>{zone}</b> (it's {time} there). To change it, tap one "
        "below or send /timezone with a city, like <code>/timezone Lisbon</code>."
    ).format(zone=q(label), time=local_time)


def _either(names: Sequence[str]) -> str:
    """`Berlin or Bern or Bergen`: time zones offered as choices."""
    joined = names[0]
    for name in names[1:]:
        # Translators: time zones offered as choices, in "Did you mean {zones}?".
        joined = _("{first} or {second}").format(first=joined, second=name)
    return joined


def unknown_timezone(text: str, suggestions: Sequence[str], location: bool = False) -> str:
    base = _("I don't know the time zone {text}.").format(text=q(clip(text, 60)))
    if suggestions:
        did_you_mean = _("Did you mean {zones}?").format(zones=_either([q(s) for s in suggestions]))
        return f"{base} {did_you_mean}"
    if location:
        hint = _(
            "Try a city (<i>Berlin</i>), a zone name (<i>Europe/Berlin</i>) "
            "or an offset (<i>UTC+3</i>), or share your location."
        )
    else:
        hint = _(
            "Try a city (<i>Berlin</i>), a zone name (<i>Europe/Berlin</i>) "
            "or an offset (<i>UTC+3</i>)."
        )
    return f"{base} {hint}"


def zone_pick_hint() -> str:
    return _("Tap the one you meant, or type the city again.")


def zone_hint() -> str:
    return _(
        "Which time zone are you in? Type a city (<i>Lisbon</i>), a zone name "
        "(<i>Europe/Berlin</i>) or an offset (<i>UTC+3</i>), or share your location."
    )


def times_hint() -> str:
    return _("Tap <i>Sounds good</i> to keep these times, or <i>Change times</i>.")


def time_hint(text: str) -> str:
    return _(
        "I couldn't read {text} as a time. "
        "Tap one, or type a time like <i>7:30</i>, <i>7pm</i> or <i>19:00</i>."
    ).format(text=q(clip(text, 40)))


# Small talk: a kind word back, and a button in case it was a win after all.
def add_as_win_button() -> str:
    # Translators: a button under a message the bot took for small talk; it logs it as a win.
    return _("Add it as a win")


def small_talk_thanks() -> str:
    return _("Any time. 😊 Tell me whenever something goes well.")


def small_talk_greeting() -> str:
    return _("Hi! 👋 What's one thing that went okay today? Just type it.")


def small_talk_other() -> str:
    return _("Noted! Text me a win whenever one happens.")


def not_your_button() -> str:
    return _("That button belongs to someone else's message.")


def add_as_win_gone() -> str:
    return _("I can't see that message any more. Type the win again and I'll keep it.")


def prompt_time_set(kind: str, hhmm: str | None) -> str:
    """`kind` is the prompt and its command: `morning` or `evening`."""
    if kind == "morning":
        if hhmm is None:
            return _("The morning prompt is off. Turn it back on any time with /morning 8:00.")
        return _("Done: I'll check in each morning at <b>{time}</b>.").format(time=hhmm)
    if hhmm is None:
        return _("The evening prompt is off. Turn it back on any time with /evening 8:00.")
    return _("Done: I'll ask what went well each evening at <b>{time}</b>.").format(time=hhmm)


def prompt_time_current(kind: str, hhmm: str | None) -> str:
    """`kind` is the prompt and its command: `morning` or `evening`."""
    if kind == "morning":
        if hhmm is None:
            return _(
                "Your morning prompt is <b>off</b>. Change it with "
                "<code>/morning 7:30</code>, or <code>/morning off</code>."
            )
        return _(
            "Your morning prompt is at <b>{time}</b>. Change it with "
            "<code>/morning 7:30</code>, or <code>/morning off</code>."
        ).format(time=hhmm)
    if hhmm is None:
        return _(
            "Your evening prompt is <b>off</b>. Change it with "
            "<code>/evening 9pm</code>, or <code>/evening off</code>."
        )
    return _(
        "Your evening prompt is at <b>{time}</b>. Change it with "
        "<code>/evening 9pm</code>, or <code>/evening off</code>."
    ).format(time=hhmm)


def bad_time(text: str, kind: str) -> str:
    return _(
        "I couldn't read {text} as a time. Try <code>/{command} 7</code>, "
        "<code>7:30</code>, <code>7pm</code> or <code>19:00</code> (or <code>off</code>)."
    ).format(text=q(clip(text, 40)), command=kind)


def settings_summary(
    zone_label: str, morning: str | None, evening: str | None, day_end_hour: int
) -> str:
    # Translators: a prompt that is turned off, in the /settings summary.
    off = _("off")
    return "\n".join(
        [
            _("<b>Your settings</b>"),
            _("Time zone: {zone}").format(zone=q(zone_label)),
            _("Morning check-in: {time}").format(time=morning or off),
            _("Evening prompt: {time}").format(time=evening or off),
            _("Day ends at: {time} (wins before then count for the day before)").format(
                time=f"{day_end_hour:02d}:00"
            ),
        ]
    )


def settings_pick_morning() -> str:
    return _("Pick a time for your morning check-in:")


def settings_pick_evening() -> str:
    return _("Pick a time for your evening prompt:")


def settings_pick_zone() -> str:
    return _("Pick your time zone, or send /timezone with a city:")


def settings_pick_day_end() -> str:
    return _("When does your day end? Wins logged before this hour count for the day before.")


def back_button() -> str:
    # Translators: a button that goes back to the /settings summary.
    return _("« Back")


# The /settings summary's buttons, each opening its picker.
def zone_button() -> str:
    # Translators: a /settings button that opens the time zone picker.
    return _("🌍 Time zone")


def morning_button() -> str:
    # Translators: a /settings button that opens the morning check-in time picker.
    return _("🌅 Morning")


def evening_button() -> str:
    # Translators: a /settings button that opens the evening prompt time picker.
    return _("🌙 Evening")


def day_end_button() -> str:
    # Translators: a /settings button that opens the picker for the hour a day ends.
    return _("🕓 Day ends")


def welcome_back(first_name: str, total: int) -> str:
    hello = (
        _("Welcome back, {name}!").format(name=q(first_name)) if first_name else _("Welcome back!")
    )
    parts = [hello]
    if total:
        parts.append(_("Your jar holds {marbles}.").format(marbles=marbles(total)))
    parts.append(_("Text me a win any time; /help lists the rest."))
    return " ".join(parts)
