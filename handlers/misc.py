"""Help, unknown commands, unsupported messages and the one error handler."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot import texts
from bot.context import Context
from bot.questions import Kind, Payload
from bot.zones import guess_timezones
from handlers.common import ask, current_user, never_welcomed, zone_buttons

logger = logging.getLogger(__name__)


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot does and every command."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.help_text())


async def unknown_command(update: Update, context: Context) -> None:
    """A command nobody handles gets a pointer to /help."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0].split("@")[0]
    await message.reply_text(texts.unknown_command(command))


async def unsupported_message(update: Update, context: Context) -> None:
    """Stickers, voice notes and the like: say what works instead (and, on a first contact,
    lead into setup in the same reply)."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context) if update.effective_user else None
    if user is None or not await never_welcomed(context, user):
        await message.reply_text(texts.UNSUPPORTED_MESSAGE)
        return
    sent = await message.reply_text(
        f"{texts.UNSUPPORTED_MESSAGE}\n\n{texts.welcome(user.first_name)}",
        reply_markup=InlineKeyboardMarkup(zone_buttons(guess_timezones(user.language_code))),
    )
    await ask(context, user, Kind.ZONE, sent, Payload(setup=True, soft=True))


async def stale_button(update: Update, context: Context) -> None:
    """A button nobody handles (old or made up): answer it so the spinner stops."""
    if update.callback_query:
        await update.callback_query.answer(texts.STALE_BUTTON)


async def error_handler(update: object, context: Context) -> None:
    """Log the failure with its traceback and tell the user something went wrong."""
    logger.error("Error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(texts.GENERIC_ERROR, show_alert=True)
        elif update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, texts.GENERIC_ERROR)
    except TelegramError:
        logger.warning("Could not tell the user about the error", exc_info=True)
