"""Accountability groups: joining, sharing, digests, group settings."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.commands import group_commands
from bot.texts.common import BOT_NAME, clip, q

JOIN_BUTTON = "Join the circle"


def group_intro(title: str) -> str:
    return (
        f"Hi, {q(title)}! I'm {BOT_NAME}. I help a group notice its small wins together.\n\n"
        "Tap <b>Join the circle</b>, then log a win here with <code>/win what went well</code> "
        "or by replying to one of my messages. Each evening I post one short digest. 🌱"
    )


def group_help() -> str:
    lines = [f"/{name} — {q(desc)}" for name, desc in group_commands()]
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
