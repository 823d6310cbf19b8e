"""Onboarding (/start), time zone, prompt times and the /settings buttons."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot import texts
from bot.context import Context
from bot.onboarding import (
    GoalTextAnswer,
    Step,
    TimeAnswer,
    ZoneAnswer,
    ZoneTypo,
    interpret,
    parse_step,
    step_goal,
    step_message,
)
from bot.times import TimeParseError, format_time, parse_time_or_off
from bot.zones import UnknownTimezone, guess_timezones, resolve_timezone, zone_label
from bot.zones import timezone_from_location as zone_at
from handlers import goals as goal_handlers
from handlers.common import command_argument, current_user, local_clock, settings_changed
from storage.models import User

ONBOARD_PREFIX = "onb:"
SETTINGS_PREFIX = "set:"
MORNING_CHOICES = ("06:00", "07:00", "08:00", "09:00", "10:00")
EVENING_CHOICES = ("19:00", "20:00", "21:00", "22:00", "23:00")
DAY_END_CHOICES = (0, 2, 3, 4, 5, 6)


def _zone_keyboard(language_code: str | None) -> ReplyKeyboardMarkup:
    """Guesses as reply buttons (their label reads back as that zone) plus location."""
    labels = [zone_label(name) for name in guess_timezones(language_code)]
    rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
    keyboard = [[KeyboardButton(label) for label in row] for row in rows]
    keyboard.append([KeyboardButton(texts.SHARE_LOCATION_BUTTON, request_location=True)])
    return ReplyKeyboardMarkup(keyboard, one_time_keyboard=True, resize_keyboard=True)


def _time_keyboard(prefix: str, choices: tuple[str, ...]) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(c, callback_data=f"{prefix}{c}") for c in choices]
    return InlineKeyboardMarkup(
        [row[:3], [*row[3:], InlineKeyboardButton(texts.OFF_BUTTON, callback_data=f"{prefix}off")]]
    )


async def start(update: Update, context: Context) -> None:
    """/start: a three-step welcome for new users, a short hello for returning ones."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    services = context.services
    user, created = await services.store.users.ensure(
        tg_user.id, tg_user.first_name or "", tg_user.language_code, services.clock.now()
    )
    if created or parse_step(user.onboarding_step) == Step.ONBOARD_TIMEZONE:
        await settings_changed(context, user)  # the default times, until step 2 changes them
        await services.store.users.set_onboarding_step(user.user_id, Step.ONBOARD_TIMEZONE)
        await message.reply_text(
            texts.welcome(tg_user.first_name or ""),
            reply_markup=_zone_keyboard(tg_user.language_code),
        )
        return
    # Coming back (after blocking the bot, say) puts the user's nudges back on schedule.
    await settings_changed(context, user)
    total = await services.store.wins.count(user.user_id)
    await message.reply_text(texts.welcome_back(tg_user.first_name or "", total))


async def _zone_chosen(message: Message, context: Context, user: User, timezone: str) -> None:
    """Store a new zone; during onboarding, move on to the times."""
    store = context.services.store
    await store.users.set_timezone(user.user_id, timezone)
    onboarding = parse_step(user.onboarding_step) == Step.ONBOARD_TIMEZONE
    now = context.services.clock.now()
    updated = await store.users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await message.reply_text(
        texts.timezone_set(zone_label(timezone), local_clock(updated, now)),
        reply_markup=ReplyKeyboardRemove(),
    )
    if onboarding:
        await store.users.set_onboarding_step(user.user_id, Step.ONBOARD_TIMES)
        await message.reply_text(
            texts.ONBOARD_TIMES.format(
                morning=updated.morning_time or "08:00", evening=updated.evening_time or "21:00"
            ),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            texts.KEEP_TIMES_BUTTON, callback_data=f"{ONBOARD_PREFIX}keep"
                        ),
                        InlineKeyboardButton(
                            texts.CHANGE_TIMES_BUTTON, callback_data=f"{ONBOARD_PREFIX}change"
                        ),
                    ]
                ]
            ),
        )
    else:
        await store.users.set_onboarding_step(user.user_id, None)


async def answer_pending_question(update: Update, context: Context, user: User, text: str) -> bool:
    """If `text` answers the setup question the bot is waiting on, apply it (True)."""
    message = update.effective_message
    step = parse_step(user.onboarding_step)
    replied = message.reply_to_message if message else None
    is_reply = replied is not None and replied.message_id == step_message(user.onboarding_step)
    answer = interpret(step, text, step_goal(user.onboarding_step), is_reply)
    if message is None or answer is None:
        return False
    if isinstance(answer, GoalTextAnswer):
        await goal_handlers.answer_goal_question(message, context, user, step, answer)
        return True
    if isinstance(answer, ZoneAnswer):
        await _zone_chosen(message, context, user, answer.timezone)
    elif isinstance(answer, ZoneTypo):
        await message.reply_text(texts.unknown_timezone(answer.text, answer.suggestions))
    elif isinstance(answer, TimeAnswer):
        await _onboarding_time(message, context, user, step, answer)
    return True


async def _onboarding_time(
    message: Message, context: Context, user: User, step: Step | None, answer: TimeAnswer
) -> None:
    hhmm = format_time(answer.value) if answer.value else None
    users = context.services.store.users
    if step == Step.ONBOARD_MORNING:
        await users.set_morning(user.user_id, hhmm)
        await users.set_onboarding_step(user.user_id, Step.ONBOARD_EVENING)
        await message.reply_text(texts.prompt_time_set("morning", hhmm))
        await message.reply_text(
            texts.ONBOARD_ASK_EVENING,
            reply_markup=_time_keyboard(f"{ONBOARD_PREFIX}e=", EVENING_CHOICES[1:4]),
        )
    else:
        await users.set_evening(user.user_id, hhmm)
        await users.set_onboarding_step(user.user_id, None)
        await message.reply_text(texts.prompt_time_set("evening", hhmm))
        await message.reply_text(texts.ONBOARD_DONE)
    updated = await users.get(user.user_id)
    if updated is not None:
        await settings_changed(context, updated)


async def onboarding_button(update: Update, context: Context) -> None:
    """The onboarding buttons: keep the default times, or pick new ones."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if not isinstance(query.message, Message):
        await query.answer(texts.STALE_BUTTON)
        return
    user = await current_user(update, context)
    users = context.services.store.users
    action = query.data.removeprefix(ONBOARD_PREFIX)
    await query.answer()
    message = query.message
    if message.reply_markup:  # editing to the same (empty) markup is an error
        await query.edit_message_reply_markup(None)
    if action == "keep":
        await users.set_onboarding_step(user.user_id, None)
        await message.reply_text(texts.ONBOARD_DONE)
    elif action == "change":
        await users.set_onboarding_step(user.user_id, Step.ONBOARD_MORNING)
        await message.reply_text(
            texts.ONBOARD_ASK_MORNING,
            reply_markup=_time_keyboard(f"{ONBOARD_PREFIX}m=", MORNING_CHOICES[1:4]),
        )
    elif action[:2] in ("m=", "e="):
        step = Step.ONBOARD_MORNING if action.startswith("m=") else Step.ONBOARD_EVENING
        value = action[2:]
        answer = TimeAnswer(None if value == "off" else parse_time_or_off(value))
        await _onboarding_time(message, context, user, step, answer)
    else:
        await message.reply_text(texts.STALE_BUTTON)


async def location_message(update: Update, context: Context) -> None:
    """A shared location sets the time zone."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    user = await current_user(update, context)
    timezone = zone_at(message.location.latitude, message.location.longitude)
    if parse_step(user.onboarding_step) == Step.ONBOARD_TIMEZONE:
        await _zone_chosen(message, context, user, timezone)
        return
    await context.services.store.users.set_timezone(user.user_id, timezone)
    await context.services.store.users.set_onboarding_step(user.user_id, None)
    updated = await context.services.store.users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await message.reply_text(
        texts.timezone_from_location(
            zone_label(timezone), local_clock(updated, context.services.clock.now())
        ),
        reply_markup=ReplyKeyboardRemove(),
    )


async def timezone_command(update: Update, context: Context) -> None:
    """/timezone [city | zone | UTC+3]."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    argument = command_argument(message.text)
    now = context.services.clock.now()
    if not argument:
        await context.services.store.users.set_onboarding_step(user.user_id, Step.TIMEZONE)
        await message.reply_text(
            texts.timezone_current(zone_label(user.timezone), local_clock(user, now)),
            reply_markup=_zone_keyboard(user.language_code),
        )
        return
    try:
        timezone = resolve_timezone(argument)
    except UnknownTimezone as unknown:
        await message.reply_text(texts.unknown_timezone(argument, unknown.suggestions))
        return
    await _zone_chosen(message, context, user, timezone)


async def _prompt_time_command(update: Update, context: Context, kind: str) -> None:
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    argument = command_argument(message.text)
    current = user.morning_time if kind == "morning" else user.evening_time
    if not argument:
        await message.reply_text(texts.prompt_time_current(kind, current))
        return
    try:
        value = parse_time_or_off(argument)
    except TimeParseError:
        await message.reply_text(texts.bad_time(argument, kind))
        return
    hhmm = format_time(value) if value else None
    users = context.services.store.users
    if kind == "morning":
        await users.set_morning(user.user_id, hhmm)
    else:
        await users.set_evening(user.user_id, hhmm)
    updated = await users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await message.reply_text(texts.prompt_time_set(kind, hhmm))


async def morning_command(update: Update, context: Context) -> None:
    """/morning HH:MM|off."""
    await _prompt_time_command(update, context, "morning")


async def evening_command(update: Update, context: Context) -> None:
    """/evening HH:MM|off."""
    await _prompt_time_command(update, context, "evening")


def _settings_keyboard() -> InlineKeyboardMarkup:
    p = SETTINGS_PREFIX
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("🌍 Time zone", callback_data=f"{p}tz"),
                InlineKeyboardButton("🌅 Morning", callback_data=f"{p}morning"),
            ],
            [
                InlineKeyboardButton("🌙 Evening", callback_data=f"{p}evening"),
                InlineKeyboardButton("🕓 Day ends", callback_data=f"{p}dayend"),
            ],
        ]
    )


def _settings_text(user: User) -> str:
    return texts.settings_summary(
        zone_label(user.timezone), user.morning_time, user.evening_time, user.day_end_hour
    )


async def settings_command(update: Update, context: Context) -> None:
    """/settings: everything at a glance, changeable with buttons."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    await message.reply_text(_settings_text(user), reply_markup=_settings_keyboard())


def _picker(what: str, user: User) -> tuple[str, InlineKeyboardMarkup]:
    p = SETTINGS_PREFIX
    back = [InlineKeyboardButton(texts.BACK_BUTTON, callback_data=f"{p}back")]
    if what == "morning":
        keyboard = _time_keyboard(f"{p}morning=", MORNING_CHOICES)
        return texts.SETTINGS_PICK_MORNING, InlineKeyboardMarkup([*keyboard.inline_keyboard, back])
    if what == "evening":
        keyboard = _time_keyboard(f"{p}evening=", EVENING_CHOICES)
        return texts.SETTINGS_PICK_EVENING, InlineKeyboardMarkup([*keyboard.inline_keyboard, back])
    if what == "dayend":
        row = [
            InlineKeyboardButton(f"{h:02d}:00", callback_data=f"{p}dayend={h}")
            for h in DAY_END_CHOICES
        ]
        return texts.SETTINGS_PICK_DAY_END, InlineKeyboardMarkup([row[:3], row[3:], back])
    zones = [
        InlineKeyboardButton(zone_label(z), callback_data=f"{p}tz={z}")
        for z in guess_timezones(user.language_code)
    ]
    rows = [zones[i : i + 2] for i in range(0, len(zones), 2)]
    return texts.SETTINGS_PICK_ZONE, InlineKeyboardMarkup([*rows, back])


async def settings_button(update: Update, context: Context) -> None:
    """The /settings buttons: open a picker, apply a choice, go back."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    user = await current_user(update, context)
    users = context.services.store.users
    what, _, value = query.data.removeprefix(SETTINGS_PREFIX).partition("=")
    if not value:
        if what == "back":
            await query.answer()
            await query.edit_message_text(_settings_text(user), reply_markup=_settings_keyboard())
            return
        if what not in ("tz", "morning", "evening", "dayend"):
            await query.answer(texts.STALE_BUTTON)
            return
        text, keyboard = _picker(what, user)
        await query.answer()
        await query.edit_message_text(text, reply_markup=keyboard)
        return
    try:
        if what == "tz":
            await users.set_timezone(user.user_id, resolve_timezone(value))
        elif what in ("morning", "evening"):
            parsed = parse_time_or_off(value)
            hhmm = format_time(parsed) if parsed else None
            setter = users.set_morning if what == "morning" else users.set_evening
            await setter(user.user_id, hhmm)
        elif what == "dayend" and int(value) in DAY_END_CHOICES:
            await users.set_day_end_hour(user.user_id, int(value))
        else:
            raise ValueError(value)
    except (ValueError, UnknownTimezone, TimeParseError):
        await query.answer(texts.STALE_BUTTON)
        return
    updated = await users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await query.answer(texts.SAVED)
    await query.edit_message_text(_settings_text(updated), reply_markup=_settings_keyboard())
