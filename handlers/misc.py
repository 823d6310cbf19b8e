"""Help, unknown commands, unsupported messages and the one error handler."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.questions import Kind, Payload
from bot.domain.zones import guess_timezones
from bot.updates import current_attempt
from handlers.common import ask, current_user, never_welcomed, zone_buttons
from storage.db import AlreadyHandled, current_update, is_transient

logger = logging.getLogger(__name__)


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot does and every command."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.commands.help_text())


async def unknown_command(update: Update, context: Context) -> None:
    """A command nobody handles gets a pointer to /help."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command, _, target = message.text.split()[0].partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return  # addressed to another bot: not ours to answer
    await message.reply_text(texts.wins.unknown_command(command))


async def unsupported_message(update: Update, context: Context) -> None:
    """Stickers, voice notes and the like: say what works instead (and, on a first contact,
    lead into setup in the same reply)."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context) if update.effective_user else None
    if user is None or not await never_welcomed(context, user):
        await message.reply_text(texts.wins.unsupported_message())
        return
    sent = await message.reply_text(
        f"{texts.wins.unsupported_message()}\n\n{texts.settings.welcome(user.first_name)}",
        reply_markup=InlineKeyboardMarkup(zone_buttons(guess_timezones(user.language_code))),
    )
    await ask(context, user, Kind.ZONE, sent, Payload(setup=True, soft=True))


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
    if query.data in issued or callbacks.LATER.match(query.data or ""):
        return  # *Later* explains itself: pressed twice, or on the copy sent again
    # No keyboard left: a second tap from a device that missed our edit, most likely.
    answer = texts.common.stale_button() if issued else texts.common.already_handled()
    try:
        await query.answer(answer)
    except BadRequest:
        logger.debug("could not answer an unissued button", exc_info=True)
    raise ApplicationHandlerStop


async def stale_button(update: Update, context: Context) -> None:
    """A button nobody handles (old or made up): answer it so the spinner stops."""
    if update.callback_query:
        await update.callback_query.answer(texts.common.stale_button())


async def error_handler(update: object, context: Context) -> None:
    """Log the failure with its traceback and tell the user something went wrong."""
    error = context.error
    if isinstance(error, AlreadyHandled):
        await _already_handled(update, context, error)
        return
    if error is not None and is_transient(error) and isinstance(update, Update):
        await _storage_failed(update, context, error)
        return
    logger.error("Error while handling an update", exc_info=error)
    # After a stored effect (a failed reply, say), "try again" would store it twice.
    claim = current_update()
    stored = claim is not None and claim.committed
    await _tell(
        update, context, texts.common.saved_reply_lost() if stored else texts.common.generic_error()
    )


async def _tell(update: object, context: Context, text: str, *, alert: bool = True) -> None:
    """Best effort: the answer to a button, or a message to the chat."""
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=alert)
        elif update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError:
        logger.warning("Could not tell the user about the error", exc_info=True)


async def _storage_failed(update: Update, context: Context, error: BaseException) -> None:
    """The database said "not now" (locked, full, I/O): the update is handled again,
    still unconfirmed (see bot/updates.py). The person hears it will be saved shortly,
    and is asked to send it again only once it surely was not stored."""
    services = context.services
    services.metrics.storage_failed(services.clock.now())
    claim = current_update()
    if claim is not None:
        claim.storage_failed = True
    update_id = claim.update_id if claim is not None else None
    attempt = current_attempt()
    if not attempt.last:
        logger.warning(
            "Database failed on update %s (%s); handling it again shortly", update_id, error
        )
        # A button waits for the next attempt's answer; a message hears now.
        if attempt.number == 1 and not update.callback_query:
            await _tell(update, context, texts.common.saving_soon())
        return
    logger.error(
        "Gave up on update %s after %s attempts: the database keeps failing (%s)",
        update_id,
        attempt.number,
        error,
    )
    services.metrics.updates_given_up.inc()
    # An effect stored before the failure must not be sent (and stored) again.
    stored = claim is not None and claim.committed
    await _tell(
        update, context, texts.common.saved_reply_lost() if stored else texts.common.not_saved()
    )


async def _already_handled(update: object, context: Context, error: AlreadyHandled) -> None:
    """A replayed update whose effect is stored: nothing was done twice; say so once."""
    logger.info("Update %s was handled before a restart; not repeated", error.update_id)
    context.services.metrics.updates_repeated.inc()
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(texts.common.already_handled())
        elif update.effective_message:
            await update.effective_message.reply_text(texts.common.already_handled())
    except TelegramError:
        logger.warning("Could not answer a replayed update", exc_info=True)
