"""Buddies: /buddy invite links, pairing after a confirmation, cheers, /buddies, /unbuddy."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden

from bot import texts
from bot.context import Context
from bot.domain import buddies
from handlers.common import current_user, private_chat_link
from storage.buddies import Buddy, BuddyInvite

logger = logging.getLogger(__name__)

BUDDY_PREFIX = "bud:"


def cheer_keyboard(people: Sequence[Buddy]) -> InlineKeyboardMarkup | None:
    """One Cheer button per buddy (for /buddies and the evening prompt)."""
    if not people:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.cheer_button(b.first_name),
                    callback_data=f"{BUDDY_PREFIX}cheer:{b.user_id}",
                )
            ]
            for b in people
        ]
    )


def _list_keyboard(people: Sequence[Buddy]) -> InlineKeyboardMarkup:
    p = BUDDY_PREFIX
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.cheer_button(b.first_name), callback_data=f"{p}cheer:{b.user_id}"
                ),
                InlineKeyboardButton(
                    texts.buddies.share_toggle_button(b.first_name, b.i_share),
                    callback_data=f"{p}share:{b.user_id}:{0 if b.i_share else 1}",
                ),
            ]
            for b in people
        ]
    )


def _is_list(message: Message) -> bool:
    """Whether a message is a /buddies list (its rows start with a Cheer button)."""
    markup = message.reply_markup
    return markup is not None and any(
        str(button.callback_data or "").startswith(f"{BUDDY_PREFIX}cheer:")
        for row in markup.inline_keyboard
        for button in row
    )


def _plain(text: str) -> str:
    """A notification shows no HTML: the escaped name back as typed."""
    return html.unescape(text)


def _list_text(people: Sequence[Buddy]) -> str:
    if not people:
        return texts.buddies.NO_BUDDIES
    lines = [texts.buddies.buddy_line(b.first_name, b.i_share, b.they_share) for b in people]
    return "\n".join([texts.buddies.buddy_list_head(len(people)), *lines])


async def _tell(context: Context, user_id: int, text: str) -> bool:
    """A message to another user; False if they blocked the bot or never started it."""
    try:
        await context.bot.send_message(user_id, text)
    except Forbidden:
        await context.services.store.users.set_active(user_id, False)
        return False
    return True


async def buddy_command(update: Update, context: Context) -> None:
    """/buddy: a fresh one-time invite link."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    store = context.services.store
    if await store.buddies.count(user.user_id) >= texts.buddies.BUDDY_LIMIT:
        await message.reply_text(texts.buddies.buddy_full(texts.buddies.BUDDY_LIMIT))
        return
    now = context.services.clock.now()
    if await store.buddies.open_invites(user.user_id, now) >= buddies.OPEN_INVITES_LIMIT:
        fresh = InlineKeyboardButton(
            texts.buddies.FRESH_INVITE_BUTTON, callback_data=f"{BUDDY_PREFIX}fresh"
        )
        await message.reply_text(
            texts.buddies.buddy_invites_open(buddies.OPEN_INVITES_LIMIT),
            reply_markup=InlineKeyboardMarkup([[fresh]]),
        )
        return
    await message.reply_text(await _new_invite(context, user.user_id))


async def _new_invite(context: Context, user_id: int) -> str:
    """Store a fresh invite (its hash) and return the message with its link."""
    code = buddies.new_code()
    now = context.services.clock.now()
    await context.services.store.buddies.create_invite(
        user_id, buddies.hash_code(code), now, buddies.expiry(now)
    )
    link = private_chat_link(context, buddies.PAYLOAD_PREFIX + code)
    return texts.buddies.buddy_invite(link, buddies.INVITE_DAYS)


_ANSWERS = {
    buddies.InviteProblem.UNKNOWN: texts.buddies.BUDDY_UNKNOWN,
    buddies.InviteProblem.EXPIRED: texts.buddies.BUDDY_EXPIRED,
    buddies.InviteProblem.USED: texts.buddies.BUDDY_USED,
    buddies.InviteProblem.OWN: texts.buddies.BUDDY_OWN,
}


async def _find_invite(
    context: Context, code: str, user_id: int
) -> tuple[BuddyInvite | None, buddies.InviteProblem | None]:
    """The invite behind a code and why it cannot pair `user_id` now (None: it can)."""
    store = context.services.store
    invite = None
    if buddies.looks_like_code(code):
        invite = await store.buddies.invite(buddies.hash_code(code))
    now = context.services.clock.now()
    problem = buddies.invite_problem(
        found=invite is not None,
        inviter_id=invite.inviter_id if invite else 0,
        used=invite is not None and invite.used_at is not None,
        expires_at=invite.expires_at if invite else now,
        user_id=user_id,
        now=now,
    )
    return invite, problem


async def invite_opened(update: Update, context: Context, code: str) -> None:
    """/start buddy_<code>: ask to confirm the pairing, or say why the link cannot work."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    store = context.services.store
    invite, problem = await _find_invite(context, code, user.user_id)
    if problem is not None or invite is None:
        await message.reply_text(_ANSWERS[problem or buddies.InviteProblem.UNKNOWN])
        return
    if await store.buddies.get(user.user_id, invite.inviter_id) is not None:
        await message.reply_text(texts.buddies.buddy_already(invite.inviter_name))
        return
    await message.reply_text(
        texts.buddies.buddy_confirm(invite.inviter_name),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        texts.buddies.PAIR_BUTTON, callback_data=f"{BUDDY_PREFIX}pair:{code}"
                    ),
                    InlineKeyboardButton(
                        texts.buddies.NO_THANKS_BUTTON, callback_data=f"{BUDDY_PREFIX}no"
                    ),
                ]
            ]
        ),
    )


async def buddies_command(update: Update, context: Context) -> None:
    """/buddies: the list, with a Cheer and a sharing button for each."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    people = await context.services.store.buddies.of(user.user_id)
    await message.reply_text(
        _list_text(people), reply_markup=_list_keyboard(people) if people else None
    )


async def unbuddy_command(update: Update, context: Context) -> None:
    """/unbuddy: pick the pairing to end."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    people = await context.services.store.buddies.of(user.user_id)
    if not people:
        await message.reply_text(texts.buddies.NO_BUDDIES)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.end_button(b.first_name),
                    callback_data=f"{BUDDY_PREFIX}end:{b.user_id}",
                )
            ]
            for b in people
        ]
    )
    await message.reply_text(texts.buddies.UNBUDDY_PICK, reply_markup=keyboard)


async def buddy_button(update: Update, context: Context) -> None:
    """Pair / No thanks, Cheer, sharing toggles and End buttons."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    user = await current_user(update, context)
    store = context.services.store
    now = context.services.clock.now()
    action, _, rest = query.data.removeprefix(BUDDY_PREFIX).partition(":")
    if action == "no":
        await query.answer()
        await query.edit_message_text(texts.buddies.BUDDY_DECLINED)
        return
    if action == "fresh":
        await store.buddies.retire_open_invites(user.user_id, now)
        await query.answer()
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(await _new_invite(context, user.user_id))
        return
    if action == "pair":
        invite, problem = await _find_invite(context, rest, user.user_id)
        inviter = None
        if invite is not None and problem is None:
            inviter = await store.buddies.pair_with_invite(invite.code_hash, user.user_id, now)
        if invite is None or inviter is None:
            # Someone else may have used the link a moment ago: that reads as "used".
            await query.answer()
            await query.edit_message_text(_ANSWERS[problem or buddies.InviteProblem.USED])
            return
        await query.answer()
        share = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        texts.buddies.SHARE_EVENINGS_BUTTON,
                        callback_data=f"{BUDDY_PREFIX}share:{inviter}:1",
                    )
                ]
            ]
        )
        await query.edit_message_text(
            texts.buddies.buddy_paired(invite.inviter_name), reply_markup=share
        )
        try:
            await context.bot.send_message(
                inviter,
                texts.buddies.buddy_paired(user.first_name),
                reply_markup=InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                texts.buddies.SHARE_EVENINGS_BUTTON,
                                callback_data=f"{BUDDY_PREFIX}share:{user.user_id}:1",
                            )
                        ]
                    ]
                ),
            )
        except Forbidden:
            await store.users.set_active(inviter, False)
        return
    try:
        buddy_id = int(rest.split(":")[0])
    except ValueError:
        await query.answer(texts.common.STALE_BUTTON)
        return
    buddy = await store.buddies.get(user.user_id, buddy_id)
    if buddy is None:
        await query.answer(texts.buddies.NOT_BUDDIES)
        return
    if action == "cheer":
        if not buddies.cheer_allowed(await store.buddies.last_cheer(user.user_id, buddy_id), now):
            await query.answer(texts.buddies.cheer_wait(buddy.first_name))
            return
        sent = await _tell(context, buddy_id, texts.buddies.cheer_received(user.first_name))
        if sent:
            await store.buddies.record_cheer(user.user_id, buddy_id, now)
        await query.answer(
            texts.buddies.cheer_sent(buddy.first_name)
            if sent
            else texts.buddies.cheer_unreachable(buddy.first_name)
        )
    elif action == "share" and rest.endswith((":0", ":1")):
        on = rest.endswith(":1")
        await store.buddies.set_sharing(user.user_id, buddy_id, on)
        if _is_list(query.message):
            # The /buddies list stays usable: redrawn with the new state and all its buttons.
            people = await store.buddies.of(user.user_id)
            await query.answer(_plain(texts.buddies.buddy_sharing(buddy.first_name, on)))
            await query.edit_message_text(
                _list_text(people), reply_markup=_list_keyboard(people) if people else None
            )
            return
        await query.answer(texts.common.SAVED)
        await query.message.reply_text(texts.buddies.buddy_sharing(buddy.first_name, on))
        await query.edit_message_reply_markup(None)
    elif action == "end":
        await store.buddies.unpair(user.user_id, buddy_id)
        await query.answer()
        await query.edit_message_text(texts.buddies.unbuddy_done(buddy.first_name))
        await _tell(context, buddy_id, texts.buddies.unbuddied_by(user.first_name))
    else:
        await query.answer(texts.common.STALE_BUTTON)
