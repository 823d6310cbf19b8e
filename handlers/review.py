"""Looking back: /today and /jar."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot import texts
from bot.context import Context
from handlers.common import current_user, user_today


async def today_command(update: Update, context: Context) -> None:
    """/today: the wins of the user's current day."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    services = context.services
    wins = await services.store.wins.on_day(user.user_id, user_today(user, services.clock.now()))
    total = await services.store.wins.count(user.user_id)
    shown = [(w.text or texts.PHOTO_WIN_TEXT, w.photo_file_id is not None) for w in wins]
    await message.reply_text(texts.today(shown, total))


async def jar_command(update: Update, context: Context) -> None:
    """/jar: how many marbles so far."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    services = context.services
    today = user_today(user, services.clock.now())
    total = await services.store.wins.count(user.user_id)
    week = await services.store.wins.between(user.user_id, today - timedelta(days=6), today)
    await message.reply_text(texts.jar(total, len(week)))
