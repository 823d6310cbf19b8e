"""Accountability groups: joining, sharing, digests, group settings."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, _, ngettext
from bot.texts.commands import group_commands
from bot.texts.common import BOT_NAME, clip, q


def join_button() -> str:
    # Translators: a button under the bot's hello in a group; tapping it joins the group's
    # circle (the people who share wins there).
    return _("Join the circle")


def group_intro(title: str) -> str:
    # Translators: {button} is the "Join the circle" button's label.
    return _(
        "Hi, {title}! I'm {bot}. I help a group notice its small wins together.\n\n"
        "Tap <b>{button}</b>, then log a win here with <code>/win what went well</code> "
        "or by replying to one of my messages. Each evening I post one short digest. 🌱"
    ).format(title=q(title), bot=BOT_NAME, button=q(join_button()))


def group_help() -> str:
    lines = [f"/{name} — {q(desc)}" for name, desc in group_commands()]
    head = _(
        "In this group, log a win with <code>/win what went well</code> or reply to one of my "
        "messages. Your private wins stay private unless you send <code>/share on</code>."
    )
    return head + "\n\n" + "\n".join(lines)


def joined(name: str) -> str:
    return _(
        "Welcome to the circle, {name}! Log a win here with <code>/win</code>. "
        "Your private wins stay private unless you send <code>/share on</code>."
    ).format(name=q(name))


def joined_open_private(name: str, link: str) -> str:
    return _(
        "Welcome to the circle, {name}! For your own jar and gentle check-ins, "
        'say hi to me in private: <a href="{link}">open the chat</a>.'
    ).format(name=q(name), link=q(link))


def already_joined(name: str) -> str:
    return _(
        "You're already in the circle, {name}. Log a win any time with <code>/win</code>."
    ).format(name=q(name))


def anonymous_admin() -> str:
    return _(
        "You're posting as the group, so I can't tell who you are. "
        "Switch off “Remain anonymous” or post as yourself, then try again."
    )


def left_circle(name: str) -> str:
    return _(
        "Done, {name}: you've left the circle. Your wins stay in your own jar. "
        "Come back any time with /join."
    ).format(name=q(name))


def not_in_circle(name: str) -> str:
    return _("You're not in this group's circle, {name}. Send /join if you'd like to be.").format(
        name=q(name)
    )


def win_outside_circle() -> str:
    return _("It's in your jar. Send /join to have your wins in this group's evening digest too.")


def share_set(on: bool) -> str:
    if on:
        return _("Sharing is on: your private wins will appear in this group's evening digest too.")
    return _("Sharing is off: only wins you log in this group appear here.")


def share_current(on: bool) -> str:
    if on:
        return _(
            "Sharing your private wins with this group is <b>on</b>. "
            "Change it with <code>/share on</code> or <code>/share off</code>."
        )
    return _(
        "Sharing your private wins with this group is <b>off</b>. "
        "Change it with <code>/share on</code> or <code>/share off</code>."
    )


def share_bad(text: str) -> str:
    return _(
        "I couldn't read {text}. Try <code>/share on</code> or <code>/share off</code>."
    ).format(text=q(clip(text, 40)))


def admins_only() -> str:
    return _(
        "Only this group's admins can change its settings. "
        "Ask one of them, and thanks for looking after the circle!"
    )


def admins_only_short() -> str:
    # Translators: a short pop-up when someone who isn't an admin taps a group settings button.
    return _("Only the group's admins can change this.")


def mention_hint() -> str:
    return _(
        "To log a win here, send <code>/win what went well</code> or reply to one of my messages."
    )


def group_settings_summary(
    title: str, zone_label: str, morning: str | None, evening: str | None, digest_on: bool
) -> str:
    return "\n".join(
        [
            _("<b>Settings for {title}</b>").format(title=q(title)),
            _("Time zone: {zone}").format(zone=q(zone_label)),
            _("Morning check-in: {time}").format(time=morning)
            if morning
            else _("Morning check-in: off"),
            _("Evening digest: {time}").format(time=evening)
            if evening
            else _("Evening digest: off"),
            _("Digest and weekly review: on") if digest_on else _("Digest and weekly review: off"),
            _("Admins can change these with the buttons, or with /timezone, /morning, /evening."),
        ]
    )


def group_time_set(kind: str, hhmm: str | None) -> str:
    if kind == "morning":
        if hhmm is None:
            return _(
                "The group's morning check-in is off. "
                "Turn it back on with <code>/morning 9:00</code>."
            )
        return _("Done: the group's morning check-in is at <b>{time}</b>.").format(time=hhmm)
    if hhmm is None:
        return _(
            "The group's evening digest is off. Turn it back on with <code>/evening 9:00</code>."
        )
    return _("Done: the group's evening digest is at <b>{time}</b>.").format(time=hhmm)


def group_time_current(kind: str, hhmm: str | None) -> str:
    if kind == "morning":
        if hhmm is None:
            return _(
                "The group's morning check-in is <b>off</b>. "
                "Admins can change it with <code>/morning 8:30</code>."
            )
        return _(
            "The group's morning check-in is at <b>{time}</b>. "
            "Admins can change it with <code>/morning 8:30</code>."
        ).format(time=hhmm)
    if hhmm is None:
        return _(
            "The group's evening digest is <b>off</b>. "
            "Admins can change it with <code>/evening 8:30</code>."
        )
    return _(
        "The group's evening digest is at <b>{time}</b>. "
        "Admins can change it with <code>/evening 8:30</code>."
    ).format(time=hhmm)


def group_timezone_set(label: str, local_time: str) -> str:
    return _("The group's time zone is now <b>{zone}</b>. It's {time} there.").format(
        zone=q(label), time=local_time
    )


def group_timezone_current(label: str, local_time: str) -> str:
    return _(
        "The group's time zone is <b>{zone}</b> (it's {time} there). Admins can "
        "change it with a city, like <code>/timezone Lisbon</code>."
    ).format(zone=q(label), time=local_time)


def digest_on_button() -> str:
    # Translators: a group settings button; the evening digest is on, tapping it turns it off.
    return _("Digest: on")


def digest_off_button() -> str:
    # Translators: a group settings button; the evening digest is off, tapping it turns it on.
    return _("Digest: off")


def group_morning_button() -> str:
    # Translators: a group settings button that sets the time of the morning check-in.
    return _("Morning")


def group_evening_button() -> str:
    # Translators: a group settings button that sets the time of the evening digest.
    return _("Evening")


def private_only(link: str) -> str:
    return _(
        'That one is just between us. Let\'s do it in our <a href="{link}">private chat</a>.'
    ).format(link=q(link))


def group_only(link: str) -> str:
    return _(
        "That one works inside a group. Add me to a group chat to share wins there: "
        '<a href="{link}">pick a group</a>.'
    ).format(link=q(link))


def circle_hello(title: str) -> str:
    return _(
        "You're in the circle of <b>{title}</b>. Wins you log here stay private "
        "unless you send <code>/share on</code> in the group."
    ).format(title=q(title))


def circle_link_unknown() -> str:
    return _(
        "I can't find that group. Open the group and send <code>/join</code> there "
        "to join its circle."
    )


def group_morning(title: str) -> str:
    return _(
        "Good morning, {title}! ☀️ What's one small thing you'll do today? "
        "When it's done, log it here with <code>/win</code> or reply to this message."
    ).format(title=q(title))


def _people(people: int) -> str:
    # Translators: how many people logged wins; it fills {people} in "… {count} wins from
    # {people}" of the group's digest and weekly review.
    return ngettext("{count} person", "{count} people", people).format(count=people)


def digest_head(title: str, wins: int, people: int) -> str:
    # Translators: {people} is "1 person", "3 people", …
    return ngettext(
        "<b>Today in {title}</b>: {count} win from {people}.",
        "<b>Today in {title}</b>: {count} wins from {people}.",
        wins,
    ).format(title=q(title), count=wins, people=_people(people))


def digest_empty(title: str) -> str:
    return _(
        "A quiet day in {title}, and that's fine: rest counts too. "
        "Tomorrow, one small <code>/win</code> is plenty. 🌱"
    ).format(title=q(title))


_CHEERS = (
    N_("Every one of these is real proof. Well done, all! 🎉"),
    N_("Small steps, kept promises. Proud of this circle. 👏"),
    N_("That's a good day's evidence. See you tomorrow! 🌟"),
    N_("Look at that pile of wins. Keep showing up. 🙌"),
)


def cheer(seed: int) -> str:
    return _(_CHEERS[seed % len(_CHEERS)])


def _days_of(days: int, span: int) -> str:
    # Translators: on how many days of the week there was a win; it fills {days} in
    # "… from {people}, on {days}." of the group's weekly review.
    return ngettext("{days} of {span} day", "{days} of {span} days", span).format(
        days=days, span=span
    )


def weekly_head(title: str, wins: int, people: int, days: int, span: int) -> str:
    # Translators: {people} is "1 person", "3 people", …; {days} is "4 of 7 days".
    return ngettext(
        "<b>This week in {title}</b>: {count} win from {people}, on {days}.",
        "<b>This week in {title}</b>: {count} wins from {people}, on {days}.",
        wins,
    ).format(title=q(title), count=wins, people=_people(people), days=_days_of(days, span))


def weekly_tags(tags: Sequence[str]) -> str:
    return _("Top tags: {tags}").format(tags=", ".join(f"#{q(t)}" for t in tags))


# The weekly review's thanks names people up to this many characters (a big group's
# names would not fit in one message).
NAMES_CHARS = 1000


def weekly_names(names: Sequence[str]) -> str:
    shown: list[str] = []
    used = 0
    for name in names:
        used += len(name) + 2
        if shown and used > NAMES_CHARS:
            break
        shown.append(q(name))
    more = len(names) - len(shown)
    if not more:
        return _("Wins from {names}.").format(names=", ".join(shown))
    return ngettext(
        "Wins from {names} and {count} more.",
        "Wins from {names} and {count} more.",
        more,
    ).format(names=", ".join(shown), count=more)


def weekly_empty(title: str) -> str:
    return _(
        "A quiet week in {title}. That happens to everyone. "
        "A fresh week starts now, and one small <code>/win</code> is a great start. 🌱"
    ).format(title=q(title))


def weekly_cheer() -> str:
    return _("Thanks for cheering each other on. Here's to the next seven days! 🌟")
