"""Your data: /export (one zip: JSON and two CSV tables) and /forget (after a confirmation)."""

from __future__ import annotations

from dataclasses import asdict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.export import export_zip
from bot.domain.zones import zone
from handlers.common import button_part, goal_days


async def export_command(update: Update, context: Context) -> None:
    """/export: everything stored about the user, in one zip."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    services = context.services
    store = services.store
    # Not `current_user`: exporting must not create a row for someone we don't know.
    user = await store.users.get(tg_user.id)
    wins = await store.wins.all_for(tg_user.id) if user else []
    goals = await store.goals.all_for(tg_user.id) if user else []
    if user is None or (not wins and not goals):
        await message.reply_text(texts.data.export_nothing())
        return
    spans = await goal_days(store, user.user_id)
    notes = await store.goals.notes_for(user.user_id)
    days = await store.goals.days_for(user.user_id)
    now = services.clock.now()
    tz = zone(user.timezone)
    stamp = now.astimezone(tz).strftime("%Y%m%d")
    await message.reply_document(
        InputFile(
            export_zip(asdict(user), wins, goals, spans, notes, days, now, tz),
            filename=f"smallwins-{stamp}.zip",
        ),
        caption=texts.data.export_caption(len(wins), len(goals)),
    )


async def forget_command(update: Update, context: Context) -> None:
    """/forget: ask once, with a button, before deleting everything."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    store = context.services.store
    wins = await store.wins.count(tg_user.id)
    goals = len(await store.goals.all_for(tg_user.id))
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.data.forget_yes(), callback_data=callbacks.FORGET_YES),
                InlineKeyboardButton(texts.data.forget_no(), callback_data=callbacks.FORGET_NO),
            ]
        ]
    )
    await message.reply_text(texts.data.forget_confirm(wins, goals), reply_markup=keyboard)


async def forget_button(update: Update, context: Context) -> None:
    """The confirmation: delete the user's row, and with it every row that refers to them."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    await query.answer()
    if button_part(context) == "yes":
        await context.services.store.users.delete(update.effective_user.id)
        context.services.languages.forget(update.effective_user.id)
        await query.edit_message_text(texts.data.forgotten())
    else:
        await query.edit_message_text(texts.data.forget_cancelled())
