"""Buddies: /buddy invite links, pairing after a confirmation, cheers, /buddies, /unbuddy."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden

from bot import texts
from bot.context import Context
from bot.domain import buddies, callbacks
from handlers.common import button_part, current_user, private_chat_link, speaking_to
from storage.buddies import Buddy, BuddyInvite, BuddyLimitReached
from storage.models import User

logger = logging.getLogger(__name__)


def cheer_keyboard(people: Sequence[Buddy]) -> InlineKeyboardMarkup | None:
    """One Cheer button per buddy (for /buddies and the evening prompt)."""
    if not people:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.cheer_button(b.first_name),
                    callback_data=callbacks.buddy_cheer(b.user_id),
                )
            ]
            for b in people
        ]
    )


def _list_keyboard(people: Sequence[Buddy]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.cheer_button(b.first_name),
                    callback_data=callbacks.buddy_cheer(b.user_id),
                ),
                InlineKeyboardButton(
                    texts.buddies.share_toggle_button(b.first_name, b.i_share),
                    callback_data=callbacks.buddy_share(b.user_id, not b.i_share),
                ),
            ]
            for b in people
        ]
    )


def _is_list(message: Message) -> bool:
    """Whether a message is a /buddies list (its rows start with a Cheer button)."""
    markup = message.reply_markup
    return markup is not None and any(
        callbacks.is_buddy_cheer(str(button.callback_data or ""))
        for row in markup.inline_keyboard
        for button in row
    )


def _plain(text: str) -> str:
    """A notification shows no HTML: the escaped name back as typed."""
    return html.unescape(text)


def _list_text(people: Sequence[Buddy]) -> str:
    if not people:
        return texts.buddies.no_buddies()
    lines = [texts.buddies.buddy_line(b.first_name, b.i_share, b.they_share) for b in people]
    return "\n".join([texts.buddies.buddy_list_head(len(people)), *lines])


async def _tell(context: Context, user_id: int, text: Callable[[], str]) -> bool:
    """A message to another user, in their language; False if they blocked the bot or
    never started it."""
    try:
        async with speaking_to(context, user_id):
            await context.bot.send_message(user_id, text())
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
    if await store.buddies.count(user.user_id) >= buddies.BUDDY_LIMIT:
        await message.reply_text(texts.buddies.buddy_full(buddies.BUDDY_LIMIT))
        return
    now = context.services.clock.now()
    if await store.buddies.open_invites(user.user_id, now) >= buddies.OPEN_INVITES_LIMIT:
        fresh = InlineKeyboardButton(
            texts.buddies.fresh_invite_button(), callback_data=callbacks.BUDDY_FRESH
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
    buddies.InviteProblem.UNKNOWN: texts.buddies.buddy_unknown,
    buddies.InviteProblem.EXPIRED: texts.buddies.buddy_expired,
    buddies.InviteProblem.USED: texts.buddies.buddy_used,
    buddies.InviteProblem.OWN: texts.buddies.buddy_own,
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
        await message.reply_text(_ANSWERS[problem or buddies.InviteProblem.UNKNOWN]())
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
                        texts.buddies.pair_button(), callback_data=callbacks.buddy_pair(code)
                    ),
                    InlineKeyboardButton(
                        texts.buddies.no_thanks_button(), callback_data=callbacks.BUDDY_NO
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
        await message.reply_text(texts.buddies.no_buddies())
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.end_button(b.first_name),
                    callback_data=callbacks.buddy_end(b.user_id),
                )
            ]
            for b in people
        ]
    )
    await message.reply_text(texts.buddies.unbuddy_pick(), reply_markup=keyboard)


# --- the buddy buttons ----------------------------------------------------------------


def _share_evenings(buddy_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.buddies.share_evenings_button(),
                    callback_data=callbacks.buddy_share(buddy_id, True),
                )
            ]
        ]
    )


async def no_thanks_button(update: Update, context: Context) -> None:
    """No thanks under an invite: nothing is paired."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    await current_user(update, context)
    await query.answer()
    await query.edit_message_text(texts.buddies.buddy_declined())


async def fresh_invite_button(update: Update, context: Context) -> None:
    """A fresh link (too many open): the open invites retire, a new one is made."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    user = await current_user(update, context)
    await context.services.store.buddies.retire_open_invites(
        user.user_id, context.services.clock.now()
    )
    await query.answer()
    await query.edit_message_reply_markup(None)
    await query.message.reply_text(await _new_invite(context, user.user_id))


async def pair_button(update: Update, context: Context) -> None:
    """Pair under an invite: the two become buddies, and both hear it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    user = await current_user(update, context)
    store = context.services.store
    now = context.services.clock.now()
    invite, problem = await _find_invite(context, button_part(context), user.user_id)
    inviter = None
    if invite is not None and problem is None:
        try:
            inviter = await store.buddies.pair_with_invite(
                invite.code_hash, user.user_id, now, limit=buddies.BUDDY_LIMIT
            )
        except BuddyLimitReached as full:
            await query.answer()
            await query.edit_message_text(
                texts.buddies.buddy_full(buddies.BUDDY_LIMIT)
                if full.user_id == user.user_id
                else texts.buddies.inviter_full(invite.inviter_name, buddies.BUDDY_LIMIT)
            )
            return
    if invite is None or inviter is None:
        # Someone else may have used the link a moment ago: that reads as "used".
        await query.answer()
        await query.edit_message_text(_ANSWERS[problem or buddies.InviteProblem.USED]())
        return
    await query.answer()
    await query.edit_message_text(
        texts.buddies.buddy_paired(invite.inviter_name), reply_markup=_share_evenings(inviter)
    )
    try:
        async with speaking_to(context, inviter):
            await context.bot.send_message(
                inviter,
                texts.buddies.buddy_paired(user.first_name),
                reply_markup=_share_evenings(user.user_id),
            )
    except Forbidden:
        await store.users.set_active(inviter, False)


async def _pressed_buddy(update: Update, context: Context) -> tuple[User, Buddy] | None:
    """The presser and the buddy the button names (else the press is answered)."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None
    user = await current_user(update, context)
    buddy = await context.services.store.buddies.get(user.user_id, int(button_part(context)))
    if buddy is None:
        await query.answer(texts.buddies.not_buddies())
        return None
    return user, buddy


async def cheer_button(update: Update, context: Context) -> None:
    """Cheer: a short message to the buddy, at most once in a while."""
    query = update.callback_query
    pressed = await _pressed_buddy(update, context)
    if query is None or pressed is None:
        return
    user, buddy = pressed
    store = context.services.store
    now = context.services.clock.now()
    if not buddies.cheer_allowed(await store.buddies.last_cheer(user.user_id, buddy.user_id), now):
        await query.answer(texts.buddies.cheer_wait(buddy.first_name))
        return
    sent = await _tell(
        context, buddy.user_id, partial(texts.buddies.cheer_received, user.first_name)
    )
    if sent:
        await store.buddies.record_cheer(user.user_id, buddy.user_id, now)
    await query.answer(
        texts.buddies.cheer_sent(buddy.first_name)
        if sent
        else texts.buddies.cheer_unreachable(buddy.first_name)
    )


async def share_button(update: Update, context: Context) -> None:
    """Share my evenings on / off with this buddy."""
    query = update.callback_query
    pressed = await _pressed_buddy(update, context)
    if query is None or pressed is None or not isinstance(query.message, Message):
        return
    user, buddy = pressed
    store = context.services.store
    on = button_part(context, 2) == "1"
    await store.buddies.set_sharing(user.user_id, buddy.user_id, on)
    if _is_list(query.message):
        # The /buddies list stays usable: redrawn with the new state and all its buttons.
        people = await store.buddies.of(user.user_id)
        await query.answer(_plain(texts.buddies.buddy_sharing(buddy.first_name, on)))
        await query.edit_message_text(
            _list_text(people), reply_markup=_list_keyboard(people) if people else None
        )
        return
    await query.answer(texts.common.saved())
    await query.message.reply_text(texts.buddies.buddy_sharing(buddy.first_name, on))
    await query.edit_message_reply_markup(None)


async def end_button(update: Update, context: Context) -> None:
    """End (from /unbuddy): the pairing ends; the other one hears it."""
    query = update.callback_query
    pressed = await _pressed_buddy(update, context)
    if query is None or pressed is None:
        return
    user, buddy = pressed
    await context.services.store.buddies.unpair(user.user_id, buddy.user_id)
    await query.answer()
    await query.edit_message_text(texts.buddies.unbuddy_done(buddy.first_name))
    await _tell(context, buddy.user_id, partial(texts.buddies.unbuddied_by, user.first_name))
