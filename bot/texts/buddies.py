"""Buddies: invites, pairing, cheers, the evening summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.common import clip, q
from bot.texts.wins import win_item

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


def inviter_full(name: str, limit: int) -> str:
    """The friend whose link was opened filled up with buddies since sending it."""
    return (
        f"{q(name)} already has {limit} buddies, the most I keep, so I can't pair you "
        "just yet. Once they make room, a fresh link from them will work. 💛"
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
