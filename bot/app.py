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
    Message,
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

from bot import i18n, texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import Context, Services, SmallwinsApp
from bot.domain import callbacks, questions
from bot.domain.buddies import PAYLOAD_PREFIX as BUDDY_PAYLOAD
from bot.domain.onboarding import Step, parse_step
from bot.domain.smalltalk import is_small_talk, kind_of
from bot.health import READINESS_ERRORS, HealthServer
from bot.nudges.pacing import ReplyLimiter
from bot.nudges.tick import Nudger, install_tick
from bot.transport import make_request, pool_size_for
from bot.updates import (
    ConfirmWhenHandled,
    HandledQueue,
    InFlight,
    PerChatUpdateProcessor,
    Quarantine,
    SmallwinsBot,
)
from handlers import (
    buddies,
    catchup,
    data,
    goals,
    groups,
    history,
    language,
    misc,
    nudges,
    ops,
    review,
    settings,
    snooze,
    weeks,
    wins,
    year,
)
from handlers.common import current_user, user_today
from storage import Store
from storage.models import User

logger = logging.getLogger(__name__)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open and migrate the database, then publish the command menu."""
    assert isinstance(application, SmallwinsApp)
    services = application.services
    services.attach_store(await Store.open(services.settings.db_path))
    await _publish_menus(application)
    await _start_health(application)
    # Scheduled nudges: resume the outbox, start the sender, tick every minute.
    nudger = Nudger(
        application.bot,
        services.store,
        services.clock,
        services.settings,
        services.metrics,
        pacer=services.pacer,
        timer=services.timer,
    )
    services.attach_nudger(nudger)
    await nudger.start()
    if services.settings.tick_seconds > 0:
        install_tick(application, services.clock, services.settings.tick_seconds)
        services.metrics.expect_ticks()


def _menu(commands: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in commands]


async def _publish_menus(application: SmallwinsApp) -> None:
    """The command menus for private chats and for groups: English for everyone, then
    each other language for the people whose Telegram app is set to it."""
    for spoken in i18n.LANGUAGES:
        code = None if spoken == i18n.DEFAULT else i18n.telegram_code(spoken)
        with i18n.use(spoken):
            private = _menu(texts.commands.commands())
            group = _menu(texts.commands.group_commands())
        await application.bot.set_my_commands(
            private, scope=BotCommandScopeAllPrivateChats(), language_code=code
        )
        await application.bot.set_my_commands(
            group, scope=BotCommandScopeAllGroupChats(), language_code=code
        )


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
        # A small write: a locked, read-only or full database cannot take updates.
        try:
            await services.store.db.heartbeat(services.clock.now())
        except READINESS_ERRORS as error:
            return f"database unavailable ({type(error).__name__})"
        if not services.metrics.storage_is_healthy(services.clock.now()):
            return "the database failed to store an update in the last minute"
        if not services.metrics.tick_is_fresh(services.clock.now()):
            return "the scheduler has not ticked in the last 2 minutes"
        if not services.metrics.poll_is_fresh(services.clock.now()):
            return "polling has not got an answer from Telegram in the last 2 minutes"
        return None

    server = HealthServer(services.metrics, readiness)
    await server.start(services.settings.health_listen, port)
    services.health = server


def build_application(settings: Settings, clock: Clock | None = None) -> SmallwinsApp:
    """The whole bot, ready for `run_polling`, a webhook, or a test harness."""
    services = Services(settings, clock or SystemClock())
    # Updates are confirmed to Telegram only once handled (see bot/updates.py).
    in_flight = InFlight()
    processor = PerChatUpdateProcessor(in_flight)
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
    # Our own ExtBot, so one unparsable update cannot stall polling (bot/updates.py).
    bot = SmallwinsBot(
        settings.require_token(),
        quarantine=Quarantine(services.metrics, services.clock),
        poll_request=ConfirmWhenHandled(in_flight, polls),
        request=requests,
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        base_url=settings.api_url,
        base_file_url=settings.api_file_url,
        rate_limiter=ReplyLimiter(
            services.pacer, second=settings.telegram_second, metrics=services.metrics
        ),
    )
    builder = (
        ApplicationBuilder()
        .application_class(SmallwinsApp, kwargs={"services": services})
        .bot(bot)
        .context_types(ContextTypes(context=Context))
        .update_queue(queue)
        .concurrent_updates(processor)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    application = builder.build()
    assert isinstance(application, SmallwinsApp)
    # An update that met a transient database failure is handled again (bot/updates.py).
    processor.retry_with(application.process_update)

    async def language_of(update: object) -> str:
        """Each update is handled in its chat's language (bot/languages.py)."""
        return await services.languages.of_update(services.store, update)

    processor.speak_with(language_of)
    register_handlers(application)
    return application


# --- conversations: the one place that decides where a person's plain text goes ----------


async def route_text(update: Update, context: Context) -> None:
    """Plain text in private: the answer to an open (or replied-to) question, a hint inside
    a setup step, small talk, or, as always, a win."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = message.text
    user = await current_user(update, context)
    services = context.services
    now = services.clock.now()
    replied = message.reply_to_message
    reply_to = None
    if replied is not None and replied.from_user is not None:
        reply_to = replied.message_id if replied.from_user.id == context.bot.id else None
    open_question, replied_question = await services.store.questions.open_or_replied(
        message.chat_id, reply_to, now
    )
    decision = questions.route(
        text,
        open_question=open_question,
        replied_question=replied_question,
        today=user_today(user, now),
    )
    if isinstance(decision, questions.Answer):
        if await _answer(message, context, user, decision):
            return
        decision = questions.plain(text)  # the question no longer means anything
    if isinstance(decision, questions.Hint):
        await settings.setup_hint(message, context, user, decision)
    elif isinstance(decision, questions.SmallTalk):
        await wins.small_talk(message, context, user, decision.kind)
    else:
        await wins.log_wins(message, context, user, text)


async def _answer(message: Message, context: Context, user: User, answer: questions.Answer) -> bool:
    """Apply an answer; False if it no longer applies (its goal is gone, say)."""
    question = answer.question
    kind = questions.parse_kind(question.kind)
    value = answer.value
    payload = questions.decode(question.payload)
    if kind in questions.SETUP_KINDS:
        await settings.answer_setup(message, context, user, answer)
    elif not isinstance(value, questions.TextAnswer):
        return False
    elif kind in (questions.Kind.SHRINK, questions.Kind.OBSTACLE):
        if payload.goal_id is None or not await goals.answer_goal_question(
            message, context, user, question.kind, payload.goal_id, value.text, answer.by_reply
        ):
            return False
    elif kind == questions.Kind.INTENTION:
        await nudges.set_intention(message, context, user, value.text)
    elif kind == questions.Kind.EDIT_WIN and payload.win_id is not None:
        if await history.answer_edit(message, context, user, payload.win_id, value.text):
            # Closed, not removed: a reply to it corrects the win again, and a replayed
            # reply meets the edit it stored instead of becoming a win.
            now = context.services.clock.now()
            await context.services.store.questions.close_one(question.question_id, now)
        return True  # else told what works; the question stays open for another try
    else:
        return False
    await context.services.store.questions.answered(question.question_id)
    return True


async def start_with_payload(update: Update, context: Context) -> None:
    """/start buddy_<code> or /start group_<id>: the link first, then the welcome for
    newcomers."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    store = context.services.store
    existing = await store.users.get(tg_user.id)
    payload = context.args[0] if context.args else ""
    if payload.startswith(BUDDY_PAYLOAD):
        await buddies.invite_opened(update, context, payload.removeprefix(BUDDY_PAYLOAD))
    elif payload.startswith("group_"):
        await current_user(update, context)
        await groups.circle_start(update, context, payload.removeprefix("group_"))
    if existing is None:
        await store.users.set_onboarding_step(tg_user.id, Step.ONBOARD_TIMEZONE)
    if existing is None or parse_step(existing.onboarding_step) == Step.ONBOARD_TIMEZONE:
        # Brand new, or met in a group and never set up: the usual welcome follows.
        await settings.start(update, context)


async def route_group_text(update: Update, context: Context) -> None:
    """In a group (privacy mode): a reply to the bot is a win, or small talk; a mention
    gets a hint on how to log."""
    message = update.effective_message
    if message is None or update.effective_user is None or update.effective_user.is_bot:
        return
    text = message.text or message.caption or ""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None:
        if replied.from_user.id != context.bot.id:
            return
        # As in private: "thanks!" under the digest gets a kind word, not a marble.
        if not message.photo and is_small_talk(text):
            await wins.small_talk(message, context, None, kind_of(text))
            return
        await wins.log_group_win(update, context, message, text)
        return
    if f"@{context.bot.username}".lower() in text.lower():
        await groups.mention_hint(message)


async def after_command(update: Update, context: Context) -> None:
    """After a private command: the questions asked before it are open no longer."""
    message = update.effective_message
    if message is None:
        return
    store = context.services.store
    now = context.services.clock.now()
    await store.questions.close_before(message.chat_id, message.message_id, now)


def register_handlers(app: SmallwinsApp) -> None:
    private = filters.ChatType.PRIVATE
    in_group = filters.ChatType.GROUPS

    # Edits before everything else: commands answer only new messages (an edited /goal
    # must not add a goal twice), and an edited win, /win included, edits its stored win.
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, wins.edited_message))
    # Plain text in private (wins, answers, small talk): most updates by far. No handler
    # below takes it, and python-telegram-bot asks a group's handlers one by one, so it
    # goes first instead of after some ninety commands and buttons.
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, route_text))
    # Groups: the bot added or removed, the group migrating, members leaving.
    app.add_handler(ChatMemberHandler(groups.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, groups.migrated))
    app.add_handler(MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, groups.member_left))
    # An anonymous admin posts as the group itself: nobody to join or log wins for.
    app.add_handler(
        CommandHandler(
            ["join", "leave", "share", "win"],
            groups.anonymous_member,
            filters=in_group & filters.SenderChat.ALL,
        )
    )
    # A person blocking the bot in private: a handler group of its own, since only the
    # first matching handler of a group runs and the group one above takes every
    # my_chat_member update.
    app.add_handler(
        ChatMemberHandler(nudges.bot_blocked, ChatMemberHandler.MY_CHAT_MEMBER), group=1
    )
    # Group versions of commands come first: the generic handlers below would take them.
    app.add_handler(CommandHandler("start", groups.intro_command, filters=in_group))
    app.add_handler(CommandHandler("help", groups.help_command, filters=in_group))
    app.add_handler(CommandHandler("win", wins.group_win_command, filters=in_group))
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
            start_with_payload,
            filters=private & filters.Regex(r"^/start(@\w+)?\s+(buddy|group)_"),
        )
    )
    app.add_handler(CommandHandler("buddy", buddies.buddy_command, filters=private))
    app.add_handler(CommandHandler("buddies", buddies.buddies_command, filters=private))
    app.add_handler(CommandHandler("unbuddy", buddies.unbuddy_command, filters=private))

    # Group -2: a button press whose data is not on the pressed message stops here.
    app.add_handler(CallbackQueryHandler(misc.unissued_button), group=-2)
    # Group -1 runs first for every update: repeats stop here, the rest are counted.
    app.add_handler(TypeHandler(Update, ops.first_sight), group=-1)

    # Commands. Each is also in texts.commands.commands() (help, menu, README; a test checks).
    app.add_handler(CommandHandler("start", settings.start, filters=private))
    app.add_handler(CommandHandler("help", misc.help_command))
    app.add_handler(CommandHandler("win", wins.win_command))
    app.add_handler(CommandHandler("undo", wins.undo_command, filters=private))
    app.add_handler(CommandHandler("yesterday", wins.yesterday_command, filters=private))
    app.add_handler(CommandHandler("lift", catchup.lift_command, filters=private))
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
    app.add_handler(CommandHandler("year", year.year_command, filters=private))
    app.add_handler(CommandHandler("stats", review.stats_command, filters=private))
    app.add_handler(CommandHandler("history", history.history_command, filters=private))
    app.add_handler(CommandHandler("find", history.find_command, filters=private))
    app.add_handler(CommandHandler("tags", history.tags_command, filters=private))
    app.add_handler(CommandHandler("export", data.export_command, filters=private))
    app.add_handler(CommandHandler("forget", data.forget_command, filters=private))
    app.add_handler(CommandHandler("weekly", nudges.weekly_command, filters=private))
    app.add_handler(CommandHandler("pause", nudges.pause_command, filters=private))
    app.add_handler(CommandHandler("resume", nudges.resume_command, filters=private))
    # In private the person's language, in a group the group's (admins only).
    app.add_handler(CommandHandler("language", language.language_command))

    # Buttons: one callback per action, routed by the patterns of bot/domain/callbacks.py
    # (which do not overlap, so their order does not matter); the handler reads the parts
    # from context.matches.
    app.add_handler(CallbackQueryHandler(wins.undo_button, pattern=callbacks.UNDO_WINS))
    app.add_handler(
        CallbackQueryHandler(
            catchup.that_was_yesterday_button, pattern=callbacks.THAT_WAS_YESTERDAY
        )
    )
    app.add_handler(CallbackQueryHandler(catchup.lift_button, pattern=callbacks.LIFT_PATTERN))
    app.add_handler(
        CallbackQueryHandler(settings.onboarding_zone_button, pattern=callbacks.ONBOARD_ZONE)
    )
    app.add_handler(
        CallbackQueryHandler(
            settings.onboarding_times_button, pattern=callbacks.ONBOARD_KEEP_OR_CHANGE
        )
    )
    app.add_handler(
        CallbackQueryHandler(settings.onboarding_time_button, pattern=callbacks.ONBOARD_TIME)
    )
    app.add_handler(
        CallbackQueryHandler(settings.settings_open_button, pattern=callbacks.SETTINGS_OPEN)
    )
    app.add_handler(
        CallbackQueryHandler(settings.settings_choice_button, pattern=callbacks.SETTINGS_CHOICE)
    )
    # Goal buttons work under any message (the morning check-in too).
    app.add_handler(CallbackQueryHandler(goals.goal_done_button, pattern=callbacks.GOAL_DONE))
    app.add_handler(CallbackQueryHandler(snooze.later_button, pattern=callbacks.LATER))
    app.add_handler(CallbackQueryHandler(weeks.week_start_button, pattern=callbacks.WEEK_START))
    app.add_handler(
        CallbackQueryHandler(
            goals.goal_done_yesterday_button, pattern=callbacks.GOAL_DONE_YESTERDAY
        )
    )
    app.add_handler(CallbackQueryHandler(goals.goal_skip_button, pattern=callbacks.GOAL_SKIP))
    app.add_handler(CallbackQueryHandler(goals.goal_shrink_button, pattern=callbacks.GOAL_SHRINK))
    app.add_handler(CallbackQueryHandler(goals.goal_drop_button, pattern=callbacks.GOAL_DROP))
    app.add_handler(CallbackQueryHandler(goals.goal_keep_button, pattern=callbacks.GOAL_KEEP))
    app.add_handler(CallbackQueryHandler(goals.goal_pause_button, pattern=callbacks.GOAL_PAUSE))
    app.add_handler(CallbackQueryHandler(goals.goal_extend_button, pattern=callbacks.GOAL_EXTEND))
    app.add_handler(CallbackQueryHandler(goals.goal_finish_button, pattern=callbacks.GOAL_FINISH))
    app.add_handler(CallbackQueryHandler(goals.goal_undo_button, pattern=callbacks.GOAL_UNDO))
    app.add_handler(CallbackQueryHandler(review.calendar_button, pattern=callbacks.CALENDAR_MONTH))
    app.add_handler(CallbackQueryHandler(data.forget_button, pattern=callbacks.FORGET))
    app.add_handler(CallbackQueryHandler(groups.join_button, pattern=callbacks.GROUP_JOIN_PATTERN))
    app.add_handler(
        CallbackQueryHandler(groups.group_settings_button, pattern=callbacks.GROUP_SETTINGS)
    )
    app.add_handler(CallbackQueryHandler(groups.group_pick_button, pattern=callbacks.GROUP_PICK))
    app.add_handler(CallbackQueryHandler(groups.group_time_button, pattern=callbacks.GROUP_TIME))
    app.add_handler(
        CallbackQueryHandler(buddies.no_thanks_button, pattern=callbacks.BUDDY_NO_PATTERN)
    )
    app.add_handler(
        CallbackQueryHandler(buddies.fresh_invite_button, pattern=callbacks.BUDDY_FRESH_PATTERN)
    )
    app.add_handler(CallbackQueryHandler(buddies.pair_button, pattern=callbacks.BUDDY_PAIR))
    app.add_handler(CallbackQueryHandler(buddies.cheer_button, pattern=callbacks.BUDDY_CHEER))
    app.add_handler(CallbackQueryHandler(buddies.share_button, pattern=callbacks.BUDDY_SHARE))
    app.add_handler(CallbackQueryHandler(buddies.end_button, pattern=callbacks.BUDDY_END))
    app.add_handler(
        CallbackQueryHandler(nudges.intention_done_button, pattern=callbacks.INTENTION_DONE)
    )
    app.add_handler(CallbackQueryHandler(nudges.fewer_button, pattern=callbacks.FEWER_CHOICE))
    app.add_handler(
        CallbackQueryHandler(wins.add_as_win_button, pattern=callbacks.ADD_AS_WIN_PATTERN)
    )
    # Looking back: /history pages, a win's edit and delete, /find pages, /tags.
    app.add_handler(CallbackQueryHandler(history.week_button, pattern=callbacks.HISTORY_WEEK))
    app.add_handler(CallbackQueryHandler(history.pick_button, pattern=callbacks.HISTORY_PICK))
    app.add_handler(CallbackQueryHandler(history.show_button, pattern=callbacks.HISTORY_SHOW))
    app.add_handler(CallbackQueryHandler(history.edit_button, pattern=callbacks.HISTORY_EDIT))
    app.add_handler(CallbackQueryHandler(history.delete_button, pattern=callbacks.HISTORY_DELETE))
    app.add_handler(CallbackQueryHandler(history.confirm_button, pattern=callbacks.HISTORY_CONFIRM))
    app.add_handler(CallbackQueryHandler(history.find_page_button, pattern=callbacks.FIND_PAGE))
    app.add_handler(CallbackQueryHandler(history.tag_button, pattern=callbacks.TAG))
    app.add_handler(CallbackQueryHandler(language.language_button, pattern=callbacks.LANGUAGE))
    app.add_handler(CallbackQueryHandler(misc.stale_button))

    # After every known command, so only commands nobody handles reach this.
    app.add_handler(MessageHandler(filters.COMMAND & private, misc.unknown_command))
    app.add_handler(MessageHandler(filters.COMMAND & in_group, groups.other_command))
    # In a group (privacy mode) the rest is replies to the bot and mentions of it.
    app.add_handler(
        MessageHandler(
            in_group & (filters.TEXT | filters.PHOTO) & ~filters.StatusUpdate.ALL,
            route_group_text,
        )
    )
    app.add_handler(MessageHandler(filters.PHOTO & private, wins.photo_message))
    app.add_handler(MessageHandler(filters.LOCATION & private, settings.location_message))
    # Whatever else a person can send in private (sticker, voice, video, ...).
    app.add_handler(
        MessageHandler(
            private & filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL,
            misc.unsupported_message,
        )
    )

    # After the handlers above (group 1): a command settles the questions asked before it.
    app.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND, after_command),
        group=1,
    )

    app.add_error_handler(misc.error_handler)


ALLOWED_UPDATES = Update.ALL_TYPES
