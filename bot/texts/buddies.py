"""Buddies: invites, pairing, cheers, the evening summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, ngettext
from bot.texts.common import clip, q
from bot.texts.wins import win_item


def fresh_invite_button() -> str:
    # Translators: a button; it makes a new buddy link and turns the unused old ones off.
    return _("New link (old ones stop working)")


def buddy_invites_open(count: int) -> str:
    return ngettext(
        "You have {count} buddy link waiting to be opened. Send that one, "
        "or start fresh with a new link.",
        "You have {count} buddy links waiting to be opened. Send one of those, "
        "or start fresh with a new link.",
        count,
    ).format(count=count)


def buddy_invite(link: str, days: int) -> str:
    return ngettext(
        "Here's your buddy link. Send it to one friend:\n{link}\n\n"
        "It works once and expires in {days} day. Buddies can cheer each other on and, "
        "if you both choose, see each other's wins each evening. 🤝",
        "Here's your buddy link. Send it to one friend:\n{link}\n\n"
        "It works once and expires in {days} days. Buddies can cheer each other on and, "
        "if you both choose, see each other's wins each evening. 🤝",
        days,
    ).format(link=q(link), days=days)


def buddy_unknown() -> str:
    return _(
        "That buddy link doesn't work: it may be cut off or mistyped. "
        "Ask your friend to send a fresh one with /buddy."
    )


def buddy_expired() -> str:
    return _(
        "That buddy link has expired (links last 7 days). "
        "Ask your friend for a fresh one with /buddy."
    )


def buddy_used() -> str:
    return _(
        "That buddy link has already been used, and each link pairs just once. "
        "Ask your friend for a fresh one with /buddy."
    )


def buddy_own() -> str:
    return _("That's your own buddy link! Send it to a friend and they can pair up with you.")


def buddy_already(name: str) -> str:
    return _("You and {name} are already buddies. See /buddies to cheer them on.").format(
        name=q(name)
    )


def buddy_full(limit: int) -> str:
    return ngettext(
        "You have {count} buddy, which is the most I keep. End one with /unbuddy to make room.",
        "You have {count} buddies, which is the most I keep. End one with /unbuddy to make room.",
        limit,
    ).format(count=limit)


def inviter_full(name: str, limit: int) -> str:
    """The friend whose link was opened filled up with buddies since sending it."""
    return ngettext(
        "{name} already has {count} buddy, the most I keep, so I can't pair you "
        "just yet. Once they make room, a fresh link from them will work. 💛",
        "{name} already has {count} buddies, the most I keep, so I can't pair you "
        "just yet. Once they make room, a fresh link from them will work. 💛",
        limit,
    ).format(name=q(name), count=limit)


def buddy_confirm(name: str) -> str:
    return _(
        "{name} invited you to be buddies. You can cheer each other on and, if you both "
        "choose, see each other's wins each evening. Pair up?"
    ).format(name=q(name))


def pair_button() -> str:
    # Translators: a button answering "{name} invited you to be buddies… Pair up?"
    return _("Pair up")


def no_thanks_button() -> str:
    # Translators: a button declining a buddy invitation.
    return _("No thanks")


def buddy_declined() -> str:
    return _("No problem, nothing was shared. The link still works if you change your mind.")


def buddy_paired(name: str) -> str:
    return _(
        "You and {name} are buddies now! 🤝 Want {name} to see your wins each evening? "
        "You can change this any time in /buddies."
    ).format(name=q(name))


def share_evenings_button() -> str:
    # Translators: a button; your buddy will see the wins you log each evening.
    return _("Share my evenings")


def buddy_list_head(count: int) -> str:
    if count == 1:
        # Translators: the title of /buddies when you have exactly one buddy.
        return _("<b>Your buddy</b>")
    return ngettext("<b>Your {count} buddy</b>", "<b>Your {count} buddies</b>", count).format(
        count=count
    )


def buddy_line(name: str, i_share: bool, they_share: bool) -> str:
    if i_share and they_share:
        line = _("• {name}: you see each other's wins each evening")
    elif i_share:
        line = _("• {name}: you share your evenings; {name} hasn't chosen to yet")
    elif they_share:
        line = _("• {name}: {name} shares their evenings; tap to share yours too")
    else:
        line = _("• {name}: cheers only")
    return line.format(name=q(name))


def no_buddies() -> str:
    return _("No buddies yet. Send /buddy to get an invite link for a friend.")


def cheer_button(name: str) -> str:
    # Translators: a button under a buddy's wins; it sends them a cheer.
    return clip(_("👏 Cheer {name}").format(name=name), 40)


def share_toggle_button(name: str, on: bool) -> str:
    if on:
        # Translators: a button; {name} stops seeing your wins each evening.
        return clip(_("Stop sharing with {name}").format(name=name), 60)
    # Translators: a button; {name} will see your wins each evening.
    return clip(_("Share evenings with {name}").format(name=name), 60)


def cheer_sent(name: str) -> str:
    return _("Cheer sent to {name}!").format(name=q(name))


def cheer_unreachable(name: str) -> str:
    return _("I couldn't reach {name} just now: they may have paused our chat.").format(
        name=q(name)
    )


def cheer_wait(name: str) -> str:
    """A callback answer (plain text): a cheer to the same buddy within the hour."""
    return _("You cheered {name} a moment ago. One cheer an hour keeps each one special.").format(
        name=name
    )


def cheer_received(name: str) -> str:
    return _("{name} sent you a cheer! 👏 Keep going.").format(name=q(name))


def buddy_sharing(name: str, on: bool) -> str:
    if on:
        return _("{name} will see your wins each evening (once they share theirs too).").format(
            name=q(name)
        )
    return _("{name} won't see your evening wins any more.").format(name=q(name))


def unbuddy_pick() -> str:
    return _("Who would you like to stop being buddies with?")


def end_button(name: str) -> str:
    # Translators: a button in /unbuddy; it ends the buddy pairing with {name}.
    return clip(_("End with {name}").format(name=name), 60)


def unbuddy_done(name: str) -> str:
    return _(
        "You and {name} are no longer buddies. Thanks for cheering each other on. "
        "Your jar is just as it was."
    ).format(name=q(name))


def unbuddied_by(name: str) -> str:
    return _(
        "{name} has ended your buddy pairing. Your wins and jar are just as they were, "
        "and /buddy makes a new link whenever you like."
    ).format(name=q(name))


def not_buddies() -> str:
    return _("You're not buddies any more, so that button has expired.")


def buddy_evening(name: str, wins: Sequence[tuple[str, bool]]) -> str:
    head = ngettext(
        "<b>Your buddy {name} today</b>: {count} win",
        "<b>Your buddy {name} today</b>: {count} wins",
        len(wins),
    ).format(name=q(name), count=len(wins))
    lines = [win_item(text, photo) for text, photo in wins]
    return "\n".join([head, *lines])
