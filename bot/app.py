"""Builds the python-telegram-bot Application: every handler is registered here, in order."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import Context, Services, SmallwinsApp
from bot.scheduler import Nudger, install_tick
from handlers import misc, nudges, review, settings, wins
from storage import Store

logger = logging.getLogger(__name__)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open and migrate the database, then publish the command menu."""
    assert isinstance(application, SmallwinsApp)
    services = application.services
    services.attach_store(await Store.open(services.settings.db_path))
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in texts.COMMANDS],
        scope=BotCommandScopeAllPrivateChats(),
    )
    # Scheduled nudges: resume the outbox, start the sender, tick every minute.
    nudger = Nudger(application.bot, services.store, services.clock, services.settings)
    services.attach_nudger(nudger)
    await nudger.start()
    if services.settings.tick_seconds > 0:
        install_tick(application, services.clock, services.settings.tick_seconds)


async def _post_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the sender while the bot can still finish the requests in flight."""
    assert isinstance(application, SmallwinsApp)
    try:
        nudger = application.services.nudges
    except RuntimeError:
        return
    await nudger.stop()


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    assert isinstance(application, SmallwinsApp)
    services = application.services
    try:
        store = services.store
    except RuntimeError:
        return
    with contextlib.suppress(RuntimeError):
        await services.nudges.stop()  # a no-op unless post_stop was skipped
    services.attach_nudger(None)
    await store.close()
    services.attach_store(None)


def build_application(settings: Settings, clock: Clock | None = None) -> SmallwinsApp:
    """The whole bot, ready for `run_polling`, a webhook, or a test harness."""
    services = Services(settings, clock or SystemClock())
    builder = (
        ApplicationBuilder()
        .application_class(SmallwinsApp, kwargs={"services": services})
        .token(settings.require_token())
        .context_types(ContextTypes(context=Context))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.api_url:
        builder = builder.base_url(settings.api_url).base_file_url(settings.api_file_url or "")
    application = builder.build()
    assert isinstance(application, SmallwinsApp)
    register_handlers(application)
    return application


def register_handlers(app: SmallwinsApp) -> None:
    private = filters.ChatType.PRIVATE

    # Commands. Each is also in texts.COMMANDS (help, menu, README; a test checks).
    app.add_handler(CommandHandler("start", settings.start, filters=private))
    app.add_handler(CommandHandler("help", misc.help_command))
    app.add_handler(CommandHandler("win", wins.win_command))
    app.add_handler(CommandHandler("undo", wins.undo_command, filters=private))
    app.add_handler(CommandHandler("today", review.today_command, filters=private))
    app.add_handler(CommandHandler("jar", review.jar_command, filters=private))
    app.add_handler(CommandHandler("timezone", settings.timezone_command, filters=private))
    app.add_handler(CommandHandler("morning", settings.morning_command, filters=private))
    app.add_handler(CommandHandler("evening", settings.evening_command, filters=private))
    app.add_handler(CommandHandler("settings", settings.settings_command, filters=private))
    app.add_handler(CommandHandler("weekly", nudges.weekly_command, filters=private))
    app.add_handler(CommandHandler("pause", nudges.pause_command, filters=private))
    app.add_handler(CommandHandler("resume", nudges.resume_command, filters=private))

    # Buttons, by the prefix of their callback data.
    app.add_handler(CallbackQueryHandler(wins.undo_button, pattern=f"^{wins.UNDO_PREFIX}"))
    app.add_handler(
        CallbackQueryHandler(settings.onboarding_button, pattern=f"^{settings.ONBOARD_PREFIX}")
    )
    app.add_handler(
        CallbackQueryHandler(settings.settings_button, pattern=f"^{settings.SETTINGS_PREFIX}")
    )
    app.add_handler(
        CallbackQueryHandler(nudges.intention_done_button, pattern=f"^{nudges.INTENTION_PREFIX}")
    )
    app.add_handler(CallbackQueryHandler(misc.stale_button))

    # Edits come before new messages: an edited text must not be logged as a fresh win.
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, wins.edited_message)
    )
    # After every known command, so only commands nobody handles reach this.
    app.add_handler(MessageHandler(filters.COMMAND & private, misc.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & private, wins.text_message))
    app.add_handler(MessageHandler(filters.PHOTO & private, wins.photo_message))
    app.add_handler(MessageHandler(filters.LOCATION & private, settings.location_message))
    # Whatever else a person can send in private (sticker, voice, video, ...).
    app.add_handler(
        MessageHandler(
            private & filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL,
            misc.unsupported_message,
        )
    )

    app.add_error_handler(misc.error_handler)


ALLOWED_UPDATES = Update.ALL_TYPES
