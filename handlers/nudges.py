"""Nudge settings and answers: /weekly, /pause, /resume, the morning intention, and the
evening button that logs it as a win."""

from __future__ import annotations

from datetime import date

from telegram import ChatMember, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot import i18n, texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.nudges import (
    FEWER_KEEP,
    FEWER_PAUSE,
    FEWER_PAUSE_DAYS,
    FEWER_WEEKLY,
    MAX_PAUSE_DAYS,
    NudgeInputError,
    PauseOutOfRange,
    parse_pause,
    parse_weekly,
    plan_pause,
    weekly_kept,
)
from bot.domain.nudges import pause_active as is_paused
from bot.domain.times import format_time
from bot.domain.zones import zone
from handlers.common import (
    button_part,
    command_argument,
    current_user,
    settings_changed,
    user_today,
)
from storage.models import NewWin, User

INTENTION_CHARS = 300


def _day_name(weekday: int | None) -> str | None:
    return None if weekday is None else i18n.weekday_name(weekday)


async def _refreshed(context: Context, user: User) -> User:
    updated = await context.services.store.users.get(user.user_id)
    assert updated is not None
    await settings_changed(context, updated)
    return updated


async def weekly_command(update: Update, context: Context) -> None:
    """/weekly <weekday> HH:MM|off."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    argument = command_argument(message.text)
    if not argument:
        await message.reply_text(
            texts.nudges.weekly_current(_day_name(user.weekly_day), user.weekly_time)
        )
        return
    try:
        choice = parse_weekly(argument)
    except NudgeInputError:
        await message.reply_text(texts.nudges.bad_weekly(argument))
        return
    hhmm = format_time(choice.local_time) if choice.local_time else None
    await context.services.store.users.set_weekly(user.user_id, choice.weekday, hhmm)
    await _refreshed(context, user)
    await message.reply_text(texts.nudges.weekly_set(_day_name(choice.weekday), hhmm))


async def pause_command(update: Update, context: Context) -> None:
    """/pause [N days]: no nudges until /resume, or for N days."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    argument = command_argument(message.text)
    try:
        days = parse_pause(argument)
    except PauseOutOfRange:
        await message.reply_text(texts.nudges.pause_out_of_range(MAX_PAUSE_DAYS))
        return
    except NudgeInputError:
        await message.reply_text(texts.nudges.bad_pause(argument))
        return
    if days is None:
        await _pause(context, user, None)
        await message.reply_text(texts.nudges.paused_open())
        return
    await message.reply_text(texts.nudges.paused_until(await _pause(context, user, days)))


async def _pause(context: Context, user: User, days: int | None) -> str:
    """Pause nudges for `days` user-days from today (None: until /resume); returns the day
    they come back."""
    tz = zone(user.timezone)
    today = user_today(user, context.services.clock.now())
    plan = plan_pause(today, days, tz, user.day_end_hour)
    await context.services.store.pauses.start(
        user.user_id, plan.first_day, plan.last_day, plan.until
    )
    await _refreshed(context, user)
    if plan.until is None:
        return ""
    return texts.nudges.pause_end_day(plan.until.astimezone(tz))


async def resume_command(update: Update, context: Context) -> None:
    """/resume: nudges back on now."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    was_paused = is_paused(user.paused, user.paused_until, context.services.clock.now())
    if user.paused:
        now = context.services.clock.now()
        await context.services.store.pauses.end(user.user_id, user_today(user, now))
        await _refreshed(context, user)
    await message.reply_text(texts.nudges.resumed() if was_paused else texts.nudges.not_paused())


async def set_intention(message: Message, context: Context, user: User, text: str) -> None:
    """A reply to the morning question "one small thing?" becomes today's intention.

    It is a plan, not yet a win, so it is not put in the jar; the evening prompt shows it
    with a button to log it once done.
    """
    intention = texts.common.clip(" ".join(text.split()), INTENTION_CHARS)
    await context.services.store.intentions.set(
        user.user_id, user_today(user, context.services.clock.now()), intention
    )
    await message.reply_text(texts.nudges.intention_saved(intention, user.evening_time))


async def intention_done_button(update: Update, context: Context) -> None:
    """The evening "I did it" button: this morning's intention goes into the jar."""
    query = update.callback_query
    if query is None:
        return
    user = await current_user(update, context)
    try:
        day = date.fromisoformat(button_part(context))
    except ValueError:
        await query.answer(texts.common.stale_button())
        return
    store = context.services.store
    intention = await store.intentions.get(user.user_id, day)
    if intention is None:
        await query.answer(texts.common.stale_button())
        return
    if not await store.intentions.mark_done(user.user_id, day):
        await query.answer(texts.nudges.intention_already())
        return
    chat_id = query.message.chat.id if query.message else user.user_id
    _, total = await store.wins.add(
        user.user_id,
        day,
        [NewWin(intention.text)],
        chat_id=chat_id,
        message_id=None,
        now=context.services.clock.now(),
    )
    await query.answer(texts.common.saved())
    message = query.message
    if isinstance(message, Message):
        markup = message.reply_markup
        rows = [
            [b for b in row if not callbacks.is_intention_done(str(b.callback_data or ""))]
            for row in (markup.inline_keyboard if markup else ())
        ]
        rows = [row for row in rows if row]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
        await message.reply_text(texts.nudges.intention_logged(total))


async def fewer_button(update: Update, context: Context) -> None:
    """The answer to "would fewer messages suit you?": keep, weekly only, or a week's pause."""
    query = update.callback_query
    if query is None:
        return
    choice = button_part(context)
    user = await current_user(update, context)
    if user.fewer_choice is not None:
        await query.answer(texts.nudges.fewer_already())
        return
    users = context.services.store.users
    await users.fewer_chosen(user.user_id, choice)
    if choice == FEWER_KEEP:
        reply = texts.nudges.fewer_kept()
    elif choice == FEWER_WEEKLY:
        await users.set_morning(user.user_id, None)
        await users.set_evening(user.user_id, None)
        weekday, hhmm = weekly_kept(user.weekly_day, user.weekly_time)
        await users.set_weekly(user.user_id, weekday, hhmm)
        await _refreshed(context, user)
        reply = texts.nudges.fewer_weekly(i18n.weekday_name(weekday), hhmm)
    else:
        assert choice == FEWER_PAUSE
        reply = texts.nudges.fewer_paused(
            FEWER_PAUSE_DAYS, await _pause(context, user, FEWER_PAUSE_DAYS)
        )
    await query.answer(texts.common.saved())
    await query.edit_message_text(reply)


async def bot_blocked(update: Update, context: Context) -> None:
    """my_chat_member in a private chat: a block stops nudges at once (not at the next
    failed send). Unblocking alone does not bring them back; /start does."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    if change.new_chat_member.status == ChatMember.BANNED:
        await context.services.nudges.chat_gone(change.chat.id)
