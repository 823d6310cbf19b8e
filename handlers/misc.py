"""Help, unknown commands, unsupported messages and the one error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot import texts
from bot.context import Context

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


async def private_only_command(update: Update, context: Context) -> None:
    """A private-only command used in a group: point to the private chat."""
    message = update.effective_message
    if message is None or not message.text:
        return
    target = message.text.split()[0].partition("@")[2]
    if target and target.lower() != (context.bot.username or "").lower():
        return  # meant for another bot in the group
    link = f"https://t.me/{context.bot.username}"
    await message.reply_text(texts.PRIVATE_ONLY.format(link=link))


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
