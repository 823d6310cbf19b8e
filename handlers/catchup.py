"""Catching up: the "↩ that was yesterday" button, /lift and the evening's lift button.

(/yesterday and "/win 2 days ago ..." live with the other ways of logging a win in
handlers/wins.py; "/done yesterday" with the goals.)
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.catchup import lift_before, may_move_to
from handlers.common import current_user, user_today
from storage.models import User


def _without(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    """The keyboard minus the button carrying `data`."""
    if markup is None:
        return None
    rows = [[b for b in row if b.callback_data != data] for row in markup.inline_keyboard]
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None


async def that_was_yesterday_button(update: Update, context: Context) -> None:
    """ "↩ That was yesterday" under an early-morning celebration: the message's wins move
    to the day before. Pressed again (or replayed) it changes nothing more."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        if query is not None:
            await query.answer(texts.common.stale_button())
        return
    match = callbacks.THAT_WAS_YESTERDAY.match(query.data)
    if match is None:
        await query.answer(texts.common.stale_button())
        return
    message = query.message
    source_id = int(match.group(1))
    try:
        day = date.fromisoformat(match.group(2))
    except ValueError:
        await query.answer(texts.common.stale_button())
        return
    user = await current_user(update, context)
    store = context.services.store
    today = user_today(user, context.services.clock.now())
    wins = await store.wins.from_message(user.user_id, message.chat_id, source_id)
    if not wins:
        await query.answer(texts.catchup.move_gone())
        await query.edit_message_reply_markup(_without(message.reply_markup, query.data))
        return
    if wins[0].local_date != day and not may_move_to(day, today):
        await query.answer(texts.catchup.move_too_late())
        await query.edit_message_reply_markup(_without(message.reply_markup, query.data))
        return
    moved = await store.wins.move_message_to_day(user.user_id, message.chat_id, source_id, day)
    await query.answer(texts.catchup.moved(day, today, len(moved)))
    await query.edit_message_reply_markup(_without(message.reply_markup, query.data))


async def _send_lift(message: Message, context: Context, user: User) -> None:
    """A random win from more than a week ago, with its photo if it has one."""
    today = user_today(user, context.services.clock.now())
    win = await context.services.store.wins.random_before(user.user_id, lift_before(today))
    if win is None:
        await message.reply_text(texts.catchup.lift_none())
        return
    text = texts.catchup.lift(win.local_date, today, win.text)
    if win.photo_file_id is not None:
        await message.reply_photo(win.photo_file_id, caption=text)
    else:
        await message.reply_text(text)


async def lift_command(update: Update, context: Context) -> None:
    """/lift: a win from more than a week ago, for a rough day."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    await _send_lift(message, context, user)


async def lift_button(update: Update, context: Context) -> None:
    """ "🎈 A lift" under the evening prompt: one lift, then the button goes."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        if query is not None:
            await query.answer(texts.common.stale_button())
        return
    await query.answer()
    user = await current_user(update, context)
    await query.edit_message_reply_markup(_without(query.message.reply_markup, callbacks.LIFT))
    await _send_lift(query.message, context, user)
