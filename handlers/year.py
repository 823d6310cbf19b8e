"""/year: the last twelve months as a heatmap picture."""

from __future__ import annotations

from collections import Counter

from telegram import Update

from bot import texts
from bot.context import Context
from bot.domain.heatmap import year_png, year_start
from handlers.common import command_argument, current_user, user_today


async def year_command(update: Update, context: Context) -> None:
    """/year: a square a day for twelve months, shaded by the day's wins."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    store = context.services.store
    today = user_today(user, context.services.clock.now())
    first = year_start(today)
    wins = Counter(w.local_date for w in await store.wins.between(user.user_id, first, today))
    checkoffs = {
        d.local_date
        for d in await store.goals.days_for(user.user_id)
        if d.kind == "done" and first <= d.local_date <= today
    }
    caption = texts.year.year_caption(len(wins), wins.total(), len(checkoffs))
    if command_argument(message.text):
        caption = f"{texts.year.no_argument()}\n\n{caption}"
    png = year_png(wins, checkoffs, today, user.week_start)
    await message.reply_photo(png, caption=caption)
