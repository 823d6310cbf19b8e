"""Scheduled nudges: the morning check-in, the evening prompt, the weekly review."""

from __future__ import annotations

from datetime import date

from bot import i18n
from bot.i18n import _, ngettext
from bot.texts.common import clip, q


def pause_end_day(day: date) -> str:
    """The day nudges come back, like "Monday 7 Dec"."""
    # Translators: a date pattern (Unicode CLDR: EEEE weekday, d day, MMM short month)
    # for the day nudges come back, e.g. "Monday 7 Dec". Reorder it and add words in
    # quotes as your language writes such a date, e.g. "EEEE, d 'de' MMM".
    return i18n.format_date(day, _("EEEE d MMM"))


def morning_ask() -> str:
    return _("Good morning! 🌅 What is one small thing that would make today easier?")


def morning_ask_hint() -> str:
    return _("Reply with it and I'll remind you tonight.")


def morning_ask_placeholder() -> str:
    # Translators: the grey hint in the reply field under the morning question.
    return _("one small thing for today")


def morning_goals_head() -> str:
    return _("Good morning! 🌅 Today's one small thing:")


def morning_goals_head_many() -> str:
    # Translators: above a numbered list of the goals still open today.
    return _("Good morning! 🌅 Today's small things:")


def morning_goals_done() -> str:
    return _(
        "Good morning! 🌅 Today's small thing is already done. Anything else that goes well, "
        "just text me."
    )


def morning_goals_resting() -> str:
    return _(
        "Good morning! 🌅 Today is a rest day for your goal. Anything that goes well, just text me."
    )


def evening_head() -> str:
    return _("🌙 What went well today? Even tiny things count: just reply.")


def evening_no_wins() -> str:
    return _("Nothing logged yet today, and that's okay.")


def evening_goals_open() -> str:
    return _("Still open today (tap if you did it):")


def intention_done_button() -> str:
    # Translators: a button under the morning's "one small thing"; it marks it done.
    return _("I did it ✓")


def evening_wins(count: int) -> str:
    return ngettext("So far today: {count} win", "So far today: {count} wins", count).format(
        count=count
    )


def evening_intention(text: str, done: bool) -> str:
    if done:
        return _("This morning you picked: <i>{intention}</i> ✓").format(
            intention=q(clip(text, 200))
        )
    return _("This morning you picked: <i>{intention}</i>").format(intention=q(clip(text, 200)))


def intention_saved(text: str, evening: str | None) -> str:
    intention = q(clip(text, 200))
    if evening:
        return _(
            "Got it: today's one small thing is <i>{intention}</i>. "
            "I'll ask how it went at {time}. 🌱"
        ).format(intention=intention, time=evening)
    return _("Got it: today's one small thing is <i>{intention}</i>. 🌱").format(
        intention=intention
    )


def intention_logged(marbles: int) -> str:
    # Translators: {number} is how many marbles (wins) the jar holds now, this one included.
    return _("You did it! 🎉 Marble #{number} is in the jar.").format(number=marbles)


def intention_already() -> str:
    return _("Already in your jar. ✓")


def paused_until(day_label: str) -> str:
    # Translators: {day} is a date like "Monday 7 Dec".
    return _(
        "Nudges paused. You'll hear from me again on <b>{day}</b>. "
        "Wins still work any time, and /resume brings nudges back sooner."
    ).format(day=day_label)


def fewer_ask() -> str:
    return _("Quick check, no pressure: would fewer messages from me suit you right now? 🌱")


def fewer_keep_button() -> str:
    # Translators: a button answering "would fewer messages suit you?": no, keep them.
    return _("Keep them coming")


def fewer_weekly_button() -> str:
    # Translators: a button answering "would fewer messages suit you?": only the weekly review.
    return _("Just the weekly review")


def fewer_pause_button() -> str:
    # Translators: a button answering "would fewer messages suit you?": pause them all a week.
    return _("Pause for a week")


def fewer_kept() -> str:
    return _("Lovely, I'll keep checking in. Your wins are welcome any time.")


def fewer_already() -> str:
    return _("All sorted already. ✓")


def fewer_weekly(day: str, hhmm: str) -> str:
    # Translators: {day} is a weekday's name, e.g. "Sunday" (the English adds "s" to say
    # every Sunday); {time} is like 19:00.
    return _(
        "Done: just the weekly review, on {day}s at {time}. "
        "/morning or /evening bring the others back whenever you like."
    ).format(day=day, time=hhmm)


def fewer_paused(days: int, day_label: str) -> str:
    # Translators: {day} is a date like "Monday 7 Dec".
    return ngettext(
        "Paused for {count} day: I'll be back on <b>{day}</b>. "
        "Wins still work any time, and /resume brings me back sooner.",
        "Paused for {count} days: I'll be back on <b>{day}</b>. "
        "Wins still work any time, and /resume brings me back sooner.",
        days,
    ).format(count=days, day=day_label)


def paused_open() -> str:
    return _("Nudges paused until you send /resume. Wins still work any time; I'll be here. 🌱")


def resumed() -> str:
    return _("Welcome back! Nudges are on again. 🌱")


def not_paused() -> str:
    return _("Nudges are already on. To take a break, send /pause or /pause 3 days.")


def bad_pause(text: str) -> str:
    return _(
        "I couldn't read {text} as a number of days. Try <code>/pause</code> "
        "(until /resume), <code>/pause 3</code> or <code>/pause 2 weeks</code> (up to 365 days)."
    ).format(text=q(clip(text, 40)))


def pause_out_of_range(limit: int) -> str:
    return ngettext(
        "A pause lasts from 1 day up to {count} day. Try <code>/pause 30 days</code>, "
        "or just <code>/pause</code> to rest until you send /resume.",
        "A pause lasts from 1 day up to {count} days. Try <code>/pause 30 days</code>, "
        "or just <code>/pause</code> to rest until you send /resume.",
        limit,
    ).format(count=limit)


def weekly_current(day: str | None, hhmm: str | None) -> str:
    if day and hhmm:
        # Translators: {day} is a weekday's name, e.g. "Sunday"; {time} is like 19:00.
        return _(
            "Your weekly review comes on <b>{day} at {time}</b>. Change it with "
            "<code>/weekly sunday 19:00</code>, or <code>/weekly off</code>."
        ).format(day=day, time=hhmm)
    # Translators: the weekly review is turned off.
    return _(
        "Your weekly review comes <b>off</b>. Change it with "
        "<code>/weekly sunday 19:00</code>, or <code>/weekly off</code>."
    )


def weekly_set(day: str | None, hhmm: str | None) -> str:
    if day is None or hhmm is None:
        return _(
            "The weekly review is off. Turn it back on with <code>/weekly sunday 19:00</code>."
        )
    # Translators: {day} is a weekday's name, e.g. "Sunday"; {time} is like 19:00.
    return _("Done: your weekly review comes every <b>{day} at {time}</b>.").format(
        day=day, time=hhmm
    )


def bad_weekly(text: str) -> str:
    return _(
        "I couldn't read {text} as a day and a time. Try "
        "<code>/weekly sunday 19:00</code>, <code>/weekly fri 6pm</code> or "
        "<code>/weekly off</code>."
    ).format(text=q(clip(text, 40)))
