"""Week start: the Monday | Sunday row under /settings."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.weeks import MONDAY, SUNDAY
from handlers.common import current_user, week_start_row


async def week_start_button(update: Update, context: Context) -> None:
    """Monday or Sunday: stored for the user; the row shows the choice."""
    query = update.callback_query
    if query is None or not context.matches:
        return
    user = await current_user(update, context)
    week_start = SUNDAY if context.matches[0].group(1) == "sun" else MONDAY
    await context.services.store.users.set_week_start(user.user_id, week_start)
    await query.answer(
        texts.weeks.sunday_chosen() if week_start == SUNDAY else texts.weeks.monday_chosen()
    )
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        week_start_row(week_start)
        if any(callbacks.WEEK_START.match(str(b.callback_data or "")) for b in row)
        else list(row)
        for row in message.reply_markup.inline_keyboard
    ]
    # BadRequest "message is not modified": the same choice tapped again.
    with contextlib.suppress(BadRequest):
        await message.edit_reply_markup(InlineKeyboardMarkup(rows))
