"""The *Later* button on the morning and evening prompts: the prompt comes once more, an
hour on, through the same tick and outbox as every prompt (bot/nudges/tick.py)."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.nudges import SNOOZABLE, SnoozeRefused
from bot.domain.zones import zone
from handlers.common import current_user

_REFUSED = {
    "again": texts.snooze.later_again,
    "day": texts.snooze.later_day_end,
    "next": texts.snooze.later_next_prompt,
}


async def later_button(update: Update, context: Context) -> None:
    """*Later*: queue the prompt's copy for an hour on (once), or say kindly why not."""
    query = update.callback_query
    if query is None or not context.matches:
        return
    user = await current_user(update, context)
    store = context.services.store
    row = await store.outbox.get(int(context.matches[0].group(1)))
    if row is None or row.chat_id != user.user_id or row.kind not in SNOOZABLE:
        await query.answer(texts.snooze.later_gone())
        return
    snoozed = await context.services.nudges.snooze(row, user)
    if isinstance(snoozed, SnoozeRefused):
        await query.answer(_REFUSED[snoozed.reason]())
        await _drop_later_button(query.message)
        return
    copy, new = snoozed
    hhmm = copy.due_at.astimezone(zone(user.timezone)).strftime("%H:%M")
    await query.answer(texts.snooze.later_set(hhmm) if new else texts.snooze.later_already(hhmm))
    await _drop_later_button(query.message)


async def _drop_later_button(message: object) -> None:
    """The pressed prompt keeps its other buttons; *Later* goes (it was used or can't be)."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        [b for b in row if not callbacks.LATER.match(str(b.callback_data or ""))]
        for row in message.reply_markup.inline_keyboard
    ]
    if rows == [list(row) for row in message.reply_markup.inline_keyboard]:
        return
    kept = [row for row in rows if row]
    # BadRequest: already edited (a second tap that crossed the first).
    with contextlib.suppress(BadRequest):
        await message.edit_reply_markup(InlineKeyboardMarkup(kept) if kept else None)
