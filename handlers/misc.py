"""Help, unknown commands, unsupported messages and the one error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot import texts
from bot.context import Context
from storage.db import AlreadyHandled

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
    """Stickers, voice notes and the like: say what works instead."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.UNSUPPORTED_MESSAGE)


async def stale_button(update: Update, context: Context) -> None:
    """A button nobody handles (old or made up): answer it so the spinner stops."""
    if update.callback_query:
        await update.callback_query.answer(texts.STALE_BUTTON)


async def error_handler(update: object, context: Context) -> None:
    """Log the failure with its traceback and tell the user something went wrong."""
    if isinstance(context.error, AlreadyHandled):
        await _already_handled(update, context, context.error)
        return
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


async def _already_handled(update: object, context: Context, error: AlreadyHandled) -> None:
    """A replayed update whose effect is stored: nothing was done twice; say so once."""
    logger.info("Update %s was handled before a restart; not repeated", error.update_id)
    context.services.metrics.updates_repeated.inc()
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(texts.ALREADY_HANDLED)
        elif update.effective_message:
            await update.effective_message.reply_text(texts.ALREADY_HANDLED)
    except TelegramError:
        logger.warning("Could not answer a replayed update", exc_info=True)
