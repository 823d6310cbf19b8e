"""Help, unknown commands, unsupported messages and the one error handler."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

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
    command, _, target = message.text.split()[0].partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return  # addressed to another bot: not ours to answer
    await message.reply_text(texts.unknown_command(command))


async def unsupported_message(update: Update, context: Context) -> None:
    """Stickers, voice notes and the like: say what works instead."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.UNSUPPORTED_MESSAGE)


async def unissued_button(update: Update, context: Context) -> None:
    """Before any button handler: data that is not on the pressed message's keyboard came
    from a modified client (or a keyboard since replaced). A short answer, no changes."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return  # too old for Telegram to show us the message: each handler copes
    markup = query.message.reply_markup
    issued = {
        button.callback_data
        for row in (markup.inline_keyboard if isinstance(markup, InlineKeyboardMarkup) else ())
        for button in row
    }
    if query.data in issued:
        return
    try:
        await query.answer(texts.STALE_BUTTON)
    except BadRequest:
        logger.debug("could not answer an unissued button", exc_info=True)
    raise ApplicationHandlerStop


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
