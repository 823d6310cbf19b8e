"""Builds the python-telegram-bot Application: every handler is registered here, in order."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import Context, Services, SmallwinsApp
from bot.health import READINESS_ERRORS, HealthServer
from bot.scheduler import Nudger, install_tick
from bot.transport import make_request, pool_size_for
from bot.updates import ConfirmWhenHandled, HandledQueue, InFlight, PerChatUpdateProcessor
from handlers import buddies, data, goals, groups, misc, nudges, ops, review, settings, wins
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
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in texts.GROUP_COMMANDS],
        scope=BotCommandScopeAllGroupChats(),
    )
    await _start_health(application)
    # Scheduled nudges: resume the outbox, start the sender, tick every minute.
    nudger = Nudger(
        application.bot, services.store, services.clock, services.settings, services.metrics
    )
    services.attach_nudger(nudger)
    await nudger.start()
    if services.settings.tick_seconds > 0:
        install_tick(application, services.clock, services.settings.tick_seconds)
        services.metrics.expect_ticks()


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
    if services.health is not None:
        await services.health.stop()
        services.health = None
    try:
        store = services.store
    except RuntimeError:
        return
    with contextlib.suppress(RuntimeError):
        await services.nudges.stop()  # a no-op unless post_stop was skipped
    services.attach_nudger(None)
    await store.close()
    services.attach_store(None)


async def _start_health(application: SmallwinsApp) -> None:
    """The opt-in /healthz, /readyz and /metrics endpoint, for the app's lifetime."""
    services = application.services
    port = services.settings.health_port
    if port is None:
        return

    async def readiness() -> str | None:
        try:
            await services.store.db.ping()
        except READINESS_ERRORS as error:
            return f"database unavailable ({type(error).__name__})"
        if not services.metrics.tick_is_fresh(services.clock.now()):
            return "the scheduler has not ticked in the last 2 minutes"
        return None

    server = HealthServer(services.metrics, readiness)
    await server.start(services.settings.health_listen, port)
    services.health = server


def build_application(settings: Settings, clock: Clock | None = None) -> SmallwinsApp:
    """The whole bot, ready for `run_polling`, a webhook, or a test harness."""
    services = Services(settings, clock or SystemClock())
    # Updates are confirmed to Telegram only once handled (see bot/updates.py).
    in_flight = InFlight()
    queue = HandledQueue(in_flight)
    queue.hold_until_handled = settings.webhook_url is not None
    # Bot API calls go through aiohttp unless SMALLWINS_HTTP=httpx (bot/transport.py);
    # one connection for getUpdates, as PTB does, and enough for the send rate otherwise.
    requests = make_request(
        settings.http,
        connection_pool_size=pool_size_for(settings.rate_per_second),
        proxy=settings.proxy,
    )
    polls = make_request(settings.http, connection_pool_size=1, proxy=settings.proxy)
    builder = (
        ApplicationBuilder()
        .application_class(SmallwinsApp, kwargs={"services": services})
        .token(settings.require_token())
        .context_types(ContextTypes(context=Context))
        .update_queue(queue)
        .concurrent_updates(PerChatUpdateProcessor(in_flight))
        .request(requests)
        .get_updates_request(ConfirmWhenHandled(in_flight, polls))
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
    in_group = filters.ChatType.GROUPS

    # Groups: the bot added or removed, the group migrating, members leaving.
    app.add_handler(ChatMemberHandler(groups.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, groups.migrated))
    app.add_handler(MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, groups.member_left))
    # Group versions of commands come first: the generic handlers below would take them.
    app.add_handler(CommandHandler("start", groups.intro_command, filters=in_group))
    app.add_handler(CommandHandler("help", groups.help_command, filters=in_group))
    app.add_handler(CommandHandler("win", groups.win_command, filters=in_group))
    app.add_handler(CommandHandler("join", groups.join_command, filters=in_group))
    app.add_handler(CommandHandler("leave", groups.leave_command, filters=in_group))
    app.add_handler(CommandHandler("share", groups.share_command, filters=in_group))
    app.add_handler(
        CommandHandler("groupsettings", groups.group_settings_command, filters=in_group)
    )
    app.add_handler(CommandHandler("timezone", groups.timezone_command, filters=in_group))
    app.add_handler(CommandHandler("morning", groups.morning_command, filters=in_group))
    app.add_handler(CommandHandler("evening", groups.evening_command, filters=in_group))
    app.add_handler(
        CommandHandler(
            ["join", "leave", "share", "groupsettings"], groups.group_only, filters=private
        )
    )
    # Deep links (/start buddy_<code>, /start group_<id>) before the plain /start.
    app.add_handler(
        CommandHandler(
            "start",
            buddies.start_with_payload,
            filters=private & filters.Regex(r"^/start(@\w+)?\s+(buddy|group)_"),
        )
    )
    app.add_handler(CommandHandler("buddy", buddies.buddy_command, filters=private))
    app.add_handler(CommandHandler("buddies", buddies.buddies_command, filters=private))
    app.add_handler(CommandHandler("unbuddy", buddies.unbuddy_command, filters=private))

    # Group -1 runs first for every update: repeats stop here, the rest are counted.
    app.add_handler(TypeHandler(Update, ops.first_sight), group=-1)

    # Commands. Each is also in texts.COMMANDS (help, menu, README; a test checks).
    app.add_handler(CommandHandler("start", settings.start, filters=private))
    app.add_handler(CommandHandler("help", misc.help_command))
    app.add_handler(CommandHandler("win", wins.win_command))
    app.add_handler(CommandHandler("undo", wins.undo_command, filters=private))
    app.add_handler(CommandHandler("today", review.today_command, filters=private))
    app.add_handler(CommandHandler("jar", review.jar_picture_command, filters=private))
    app.add_handler(CommandHandler("timezone", settings.timezone_command, filters=private))
    app.add_handler(CommandHandler("morning", settings.morning_command, filters=private))
    app.add_handler(CommandHandler("evening", settings.evening_command, filters=private))
    app.add_handler(CommandHandler("settings", settings.settings_command, filters=private))
    # Micro-goals, review and your data.
    app.add_handler(CommandHandler("goal", goals.goal_command, filters=private))
    app.add_handler(CommandHandler("goals", goals.goals_command, filters=private))
    app.add_handler(CommandHandler("done", goals.done_command, filters=private))
    app.add_handler(CommandHandler("skip", goals.skip_command, filters=private))
    app.add_handler(CommandHandler("shrink", goals.shrink_command, filters=private))
    app.add_handler(CommandHandler("drop", goals.drop_command, filters=private))
    app.add_handler(CommandHandler("week", review.week_command, filters=private))
    app.add_handler(CommandHandler("calendar", review.calendar_command, filters=private))
    app.add_handler(CommandHandler("stats", review.stats_command, filters=private))
    app.add_handler(CommandHandler("export", data.export_command, filters=private))
    app.add_handler(CommandHandler("forget", data.forget_command, filters=private))
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
        CallbackQueryHandler(goals.goal_button_pressed, pattern=f"^{goals.GOAL_PREFIX}")
    )
    app.add_handler(
        CallbackQueryHandler(review.calendar_button, pattern=f"^{review.CALENDAR_PREFIX}")
    )
    app.add_handler(CallbackQueryHandler(data.forget_button, pattern=f"^{data.FORGET_PREFIX}"))
    app.add_handler(CallbackQueryHandler(groups.group_button, pattern=f"^{groups.GROUP_PREFIX}"))
    app.add_handler(CallbackQueryHandler(buddies.buddy_button, pattern=f"^{buddies.BUDDY_PREFIX}"))
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
    app.add_handler(MessageHandler(filters.COMMAND & in_group, groups.other_command))
    # In a group (privacy mode) the rest is replies to the bot and mentions of it.
    app.add_handler(
        MessageHandler(
            in_group & (filters.TEXT | filters.PHOTO) & ~filters.StatusUpdate.ALL,
            groups.group_message,
        )
    )
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
