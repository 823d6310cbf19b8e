"""Onboarding (/start), time zone, prompt times and the /settings buttons."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from telegram import (
    CallbackQuery,
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
from bot.domain import callbacks
from bot.domain.onboarding import needs_setup
from bot.domain.questions import (
    Answer,
    Hint,
    KeepTimes,
    Kind,
    Payload,
    TimeAnswer,
    ZoneAnswer,
    decode,
)
from bot.domain.times import TimeParseError, format_time, parse_time_or_off
from bot.domain.zones import UnknownTimezone, guess_timezones, resolve_timezone, zone_label
from bot.domain.zones import timezone_from_location as zone_at
from handlers.common import (
    add_as_win_row,
    ask,
    button_part,
    command_argument,
    current_user,
    local_clock,
    settings_changed,
    week_start_row,
    zone_buttons,
)
from storage.models import User

MORNING_CHOICES = ("06:00", "07:00", "08:00", "09:00", "10:00")
EVENING_CHOICES = ("19:00", "20:00", "21:00", "22:00", "23:00")
DAY_END_CHOICES = (0, 2, 3, 4, 5, 6)


def _zone_keyboard(language_code: str | None) -> ReplyKeyboardMarkup:
    """Guesses as reply buttons (their label reads back as that zone) plus location."""
    labels = [zone_label(name) for name in guess_timezones(language_code)]
    rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
    keyboard = [[KeyboardButton(label) for label in row] for row in rows]
    keyboard.append([KeyboardButton(texts.settings.share_location_button(), request_location=True)])
    return ReplyKeyboardMarkup(keyboard, one_time_keyboard=True, resize_keyboard=True)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _time_keyboard(data: Callable[[str], str], choices: tuple[str, ...]) -> InlineKeyboardMarkup:
    """The times to pick from and Off; `data` makes each button's callback data."""
    row = [InlineKeyboardButton(c, callback_data=data(c)) for c in choices]
    return InlineKeyboardMarkup(
        [
            row[:3],
            [
                *row[3:],
                InlineKeyboardButton(texts.settings.off_button(), callback_data=data("off")),
            ],
        ]
    )


def _times_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.settings.keep_times_button(),
                    callback_data=callbacks.onboard_keep_or_change(True),
                ),
                InlineKeyboardButton(
                    texts.settings.change_times_button(),
                    callback_data=callbacks.onboard_keep_or_change(False),
                ),
            ]
        ]
    )


async def welcome(message: Message, context: Context, user: User) -> None:
    """Step 1 of onboarding: which time zone?"""
    sent = await message.reply_text(
        # Said once, in the language picked from their Telegram app: which, and how to switch.
        f"{texts.settings.welcome(user.first_name)}\n\n{texts.language.picked()}",
        reply_markup=_zone_keyboard(user.language_code),
    )
    await ask(context, user, Kind.ZONE, sent, Payload(setup=True))


async def start(update: Update, context: Context) -> None:
    """/start: a three-step welcome for new users, a short hello for returning ones."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    services = context.services
    user = await current_user(update, context)
    if needs_setup(user.onboarding_step):
        await settings_changed(context, user)  # the default times, until step 2 changes them
        await welcome(message, context, user)
        return
    # Coming back (after blocking the bot, say) puts the user's nudges back on schedule.
    await settings_changed(context, user)
    total = await services.store.wins.count(user.user_id)
    await message.reply_text(texts.settings.welcome_back(tg_user.first_name or "", total))


async def _zone_chosen(
    message: Message, context: Context, user: User, timezone: str, setup: bool = True
) -> None:
    """Store a new zone; during onboarding (unless `setup` is off), move on to the times."""
    store = context.services.store
    await store.users.set_timezone(user.user_id, timezone)
    onboarding = needs_setup(user.onboarding_step) and setup
    if needs_setup(user.onboarding_step):
        await store.users.set_onboarding_step(user.user_id, None)
    now = context.services.clock.now()
    if not onboarding:
        await store.questions.close(message.chat_id, now)
    updated = await store.users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await message.reply_text(
        texts.settings.timezone_set(zone_label(timezone), local_clock(updated, now)),
        reply_markup=ReplyKeyboardRemove(),
    )
    if onboarding:
        sent = await message.reply_text(
            texts.settings.onboard_times().format(
                morning=updated.morning_time or "08:00", evening=updated.evening_time or "21:00"
            ),
            reply_markup=_times_keyboard(),
        )
        await ask(context, updated, Kind.TIMES, sent)


async def answer_setup(message: Message, context: Context, user: User, answer: Answer) -> None:
    """A typed (or replied) answer to a setup question."""
    value = answer.value
    if isinstance(value, ZoneAnswer):
        setup = decode(answer.question.payload).setup
        await _zone_chosen(message, context, user, value.timezone, setup=setup)
    elif isinstance(value, TimeAnswer):
        await _onboarding_time(message, context, user, answer.question.kind, value)
    elif isinstance(value, KeepTimes):
        await _keep_or_change(message, context, user, value.keep)


async def setup_hint(message: Message, context: Context, user: User, hint: Hint) -> None:
    """Text that tried to answer a setup question and didn't: say what works (no marble)."""
    kind = hint.question.kind
    setup = decode(hint.question.payload).setup
    win_row = add_as_win_row()
    if kind == Kind.ZONE:
        if hint.suggestions and decode(hint.question.payload).suggestions == hint.suggestions:
            text = texts.settings.zone_pick_hint()  # "yes" to two suggestions, say
            rows = zone_buttons(hint.suggestions)
        elif hint.suggestions:
            text = texts.settings.unknown_timezone(hint.text, hint.suggestions)
            rows = zone_buttons(hint.suggestions)
        else:
            text = texts.settings.unknown_timezone(hint.text, (), location=True)
            rows = zone_buttons(guess_timezones(user.language_code))
        markup = InlineKeyboardMarkup([*rows, win_row])
        payload = Payload(suggestions=hint.suggestions, setup=setup)
    elif kind == Kind.TIMES:
        text, payload = texts.settings.times_hint(), Payload()
        markup = InlineKeyboardMarkup([*_times_keyboard().inline_keyboard, win_row])
    else:
        morning = kind == Kind.MORNING_TIME
        which = "m" if morning else "e"
        choices = MORNING_CHOICES[1:4] if morning else EVENING_CHOICES[1:4]
        text, payload = texts.settings.time_hint(hint.text), Payload()
        markup = InlineKeyboardMarkup(
            [
                *_time_keyboard(partial(callbacks.onboard_time, which), choices).inline_keyboard,
                win_row,
            ]
        )
    sent = await message.reply_text(text, reply_markup=markup, do_quote=True)
    await ask(context, user, Kind(kind), sent, payload)


async def _onboarding_time(
    message: Message, context: Context, user: User, kind: str, answer: TimeAnswer
) -> None:
    hhmm = format_time(answer.value) if answer.value else None
    users = context.services.store.users
    if kind == Kind.MORNING_TIME:
        await users.set_morning(user.user_id, hhmm)
        await message.reply_text(texts.settings.prompt_time_set("morning", hhmm))
        sent = await message.reply_text(
            texts.settings.onboard_ask_evening(),
            reply_markup=_time_keyboard(partial(callbacks.onboard_time, "e"), EVENING_CHOICES[1:4]),
        )
        await ask(context, user, Kind.EVENING_TIME, sent)
    else:
        await users.set_evening(user.user_id, hhmm)
        await context.services.store.questions.close(message.chat_id, context.services.clock.now())
        await message.reply_text(texts.settings.prompt_time_set("evening", hhmm))
        await message.reply_text(texts.settings.onboard_done())
    updated = await users.get(user.user_id)
    if updated is not None:
        await settings_changed(context, updated)


async def _keep_or_change(message: Message, context: Context, user: User, keep: bool) -> None:
    if keep:
        await context.services.store.questions.close(message.chat_id, context.services.clock.now())
        await message.reply_text(texts.settings.onboard_done())
        return
    sent = await message.reply_text(
        texts.settings.onboard_ask_morning(),
        reply_markup=_time_keyboard(partial(callbacks.onboard_time, "m"), MORNING_CHOICES[1:4]),
    )
    await ask(context, user, Kind.MORNING_TIME, sent)


async def _onboarding_press(
    update: Update, context: Context
) -> tuple[CallbackQuery, Message] | None:
    query = update.callback_query
    if query is None:
        return None
    if not isinstance(query.message, Message):
        await query.answer(texts.common.stale_button())
        return None
    return query, query.message


async def onboarding_zone_button(update: Update, context: Context) -> None:
    """A zone button while setting up (or under a hint)."""
    pressed = await _onboarding_press(update, context)
    if pressed is None:
        return
    query, message = pressed
    user = await current_user(update, context)
    try:
        timezone = resolve_timezone(button_part(context))
    except UnknownTimezone:
        await query.answer(texts.common.stale_button())
        return
    await query.answer()
    if message.reply_markup:
        # Only the zone choices go: an Undo or "Add it as a win" beside them still works.
        rows = [
            [b for b in row if not callbacks.is_onboard_zone(str(b.callback_data or ""))]
            for row in message.reply_markup.inline_keyboard
        ]
        rows = [row for row in rows if row]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    await _zone_chosen(message, context, user, timezone)


async def onboarding_times_button(update: Update, context: Context) -> None:
    """Keep the default prompt times, or change them."""
    pressed = await _onboarding_press(update, context)
    if pressed is None:
        return
    query, message = pressed
    user = await current_user(update, context)
    await query.answer()
    if message.reply_markup:  # editing to the same (empty) markup is an error
        await query.edit_message_reply_markup(None)
    await _keep_or_change(message, context, user, button_part(context) == "keep")


async def onboarding_time_button(update: Update, context: Context) -> None:
    """A morning or evening time (or Off) while setting up."""
    pressed = await _onboarding_press(update, context)
    if pressed is None:
        return
    query, message = pressed
    user = await current_user(update, context)
    await query.answer()
    if message.reply_markup:  # editing to the same (empty) markup is an error
        await query.edit_message_reply_markup(None)
    kind = Kind.MORNING_TIME if button_part(context) == "m" else Kind.EVENING_TIME
    value = button_part(context, 2)
    try:
        answer = TimeAnswer(None if value == "off" else parse_time_or_off(value))
    except TimeParseError:
        await message.reply_text(texts.common.stale_button())
        return
    await _onboarding_time(message, context, user, kind, answer)


async def location_message(update: Update, context: Context) -> None:
    """A shared location sets the time zone."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    user = await current_user(update, context)
    timezone = zone_at(message.location.latitude, message.location.longitude)
    if needs_setup(user.onboarding_step):
        await _zone_chosen(message, context, user, timezone)
        return
    await context.services.store.users.set_timezone(user.user_id, timezone)
    await context.services.store.questions.close(message.chat_id, context.services.clock.now())
    updated = await context.services.store.users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await message.reply_text(
        texts.settings.timezone_from_location(
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
        sent = await message.reply_text(
            texts.settings.timezone_current(zone_label(user.timezone), local_clock(user, now)),
            reply_markup=_zone_keyboard(user.language_code),
        )
        await ask(context, user, Kind.ZONE, sent)
        return
    try:
        timezone = resolve_timezone(argument)
    except UnknownTimezone as unknown:
        suggestions = unknown.suggestions
        sent = await message.reply_text(
            texts.settings.unknown_timezone(argument, suggestions, location=True),
            reply_markup=InlineKeyboardMarkup(zone_buttons(suggestions)) if suggestions else None,
        )
        if suggestions:
            await ask(context, user, Kind.ZONE, sent, Payload(suggestions=suggestions))
        return
    # An explicit /timezone Lisbon is all the setup a person asked for.
    await _zone_chosen(message, context, user, timezone, setup=False)


async def _prompt_time_command(update: Update, context: Context, kind: str) -> None:
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    argument = command_argument(message.text)
    current = user.morning_time if kind == "morning" else user.evening_time
    if not argument:
        await message.reply_text(texts.settings.prompt_time_current(kind, current))
        return
    try:
        value = parse_time_or_off(argument)
    except TimeParseError:
        await message.reply_text(texts.settings.bad_time(argument, kind))
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
    await message.reply_text(texts.settings.prompt_time_set(kind, hhmm))


async def morning_command(update: Update, context: Context) -> None:
    """/morning HH:MM|off."""
    await _prompt_time_command(update, context, "morning")


async def evening_command(update: Update, context: Context) -> None:
    """/evening HH:MM|off."""
    await _prompt_time_command(update, context, "evening")


def _settings_keyboard(week_start: int = 0) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.settings.zone_button(), callbacks.settings_open("tz")),
                InlineKeyboardButton(
                    texts.settings.morning_button(),
                    callback_data=callbacks.settings_open("morning"),
                ),
            ],
            [
                InlineKeyboardButton(
                    texts.settings.evening_button(),
                    callback_data=callbacks.settings_open("evening"),
                ),
                InlineKeyboardButton(
                    texts.settings.day_end_button(), callback_data=callbacks.settings_open("dayend")
                ),
            ],
            week_start_row(week_start),
        ]
    )


def _settings_text(user: User) -> str:
    return texts.settings.settings_summary(
        zone_label(user.timezone), user.morning_time, user.evening_time, user.day_end_hour
    )


async def settings_command(update: Update, context: Context) -> None:
    """/settings: everything at a glance, changeable with buttons."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    await message.reply_text(_settings_text(user), reply_markup=_settings_keyboard(user.week_start))


def _picker(what: str, user: User) -> tuple[str, InlineKeyboardMarkup]:
    back = [
        InlineKeyboardButton(
            texts.settings.back_button(), callback_data=callbacks.settings_open("back")
        )
    ]
    if what == "morning":
        keyboard = _time_keyboard(partial(callbacks.settings_choice, "morning"), MORNING_CHOICES)
        return texts.settings.settings_pick_morning(), InlineKeyboardMarkup(
            [*keyboard.inline_keyboard, back]
        )
    if what == "evening":
        keyboard = _time_keyboard(partial(callbacks.settings_choice, "evening"), EVENING_CHOICES)
        return texts.settings.settings_pick_evening(), InlineKeyboardMarkup(
            [*keyboard.inline_keyboard, back]
        )
    if what == "dayend":
        row = [
            _button(f"{h:02d}:00", callbacks.settings_choice("dayend", str(h)))
            for h in DAY_END_CHOICES
        ]
        return texts.settings.settings_pick_day_end(), InlineKeyboardMarkup(
            [row[:3], row[3:], back]
        )
    zones = [
        _button(zone_label(z), callbacks.settings_choice("tz", z))
        for z in guess_timezones(user.language_code)
    ]
    rows = [zones[i : i + 2] for i in range(0, len(zones), 2)]
    return texts.settings.settings_pick_zone(), InlineKeyboardMarkup([*rows, back])


async def settings_open_button(update: Update, context: Context) -> None:
    """A /settings button that opens a picker, or Back to the summary."""
    query = update.callback_query
    if query is None:
        return
    user = await current_user(update, context)
    what = button_part(context)
    if what == "back":
        await query.answer()
        await query.edit_message_text(
            _settings_text(user), reply_markup=_settings_keyboard(user.week_start)
        )
        return
    text, keyboard = _picker(what, user)
    await query.answer()
    await query.edit_message_text(text, reply_markup=keyboard)


async def settings_choice_button(update: Update, context: Context) -> None:
    """A choice in a /settings picker: applied, and the summary shows it."""
    query = update.callback_query
    if query is None:
        return
    user = await current_user(update, context)
    users = context.services.store.users
    what, value = button_part(context), button_part(context, 2)
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
        await query.answer(texts.common.stale_button())
        return
    updated = await users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    await query.answer(texts.common.saved())
    await query.edit_message_text(
        _settings_text(updated), reply_markup=_settings_keyboard(updated.week_start)
    )
