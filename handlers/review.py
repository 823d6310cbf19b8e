"""Looking back: /today, /jar, /week, /calendar and /stats."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.constants import ParseMode

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.months import MonthParseError, is_future, parse_month, shift
from bot.domain.pictures import calendar_png, jar_png, month_title
from bot.domain.review import (
    GoalRecord,
    WinRecord,
    started_on,
    stats_summary,
    stats_text,
    week_summary,
    week_text,
)
from bot.domain.streaks import paused_days
from handlers.common import (
    button_part,
    command_argument,
    current_user,
    goal_days,
    joined_on,
    user_today,
)
from storage.models import User


async def today_command(update: Update, context: Context) -> None:
    """/today: the wins of the user's current day."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    services = context.services
    wins = await services.store.wins.on_day(user.user_id, user_today(user, services.clock.now()))
    total = await services.store.wins.count(user.user_id)
    shown = [(w.text or texts.wins.photo_win_text(), w.photo_file_id is not None) for w in wins]
    await message.reply_text(texts.review.today(shown, total))


# --- the week, the calendar, the jar picture and stats ---------------------------------


async def _records(
    context: Context, user_id: int
) -> tuple[list[WinRecord], list[GoalRecord], list[date]]:
    """The user's wins and goals as review records, and the day of each goal check-off."""
    store = context.services.store
    wins = [
        WinRecord(w.local_date, w.text, w.tags, w.photo_file_id is not None, w.photo_file_id)
        for w in await store.wins.all_for(user_id)
    ]
    spans = await goal_days(store, user_id)
    goals = [
        GoalRecord(g.goal_id, g.text, g.start, g.days, span.done, span.rest, span.dropped_on)
        for g in await store.goals.all_for(user_id)
        for span in (spans[g.goal_id],)
    ]
    checkoffs = [d for span in spans.values() for d in span.done]
    return wins, goals, checkoffs


async def week_command(update: Update, context: Context) -> None:
    """/week: the last seven days, warm even when they were quiet."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    today = user_today(user, context.services.clock.now())
    wins, goals, _ = await _records(context, user.user_id)
    summary = week_summary(wins, goals, today, since=started_on(joined_on(user), wins))
    await message.reply_text(week_text(summary, user.first_name))


async def stats_command(update: Update, context: Context) -> None:
    """/stats: totals, streaks and favourite tags."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    today = user_today(user, context.services.clock.now())
    wins, goals, _ = await _records(context, user.user_id)
    paused = paused_days(await context.services.store.pauses.spans(user.user_id), today)
    stats = stats_summary(wins, goals, today, excused=paused, since=joined_on(user))
    await message.reply_text(stats_text(stats))


async def _calendar(
    context: Context, user: User, year: int, month: int
) -> tuple[bytes, str, InlineKeyboardMarkup]:
    today = user_today(user, context.services.clock.now())
    wins, _, checkoffs = await _records(context, user.user_id)
    win_days = Counter(w.day for w in wins if (w.day.year, w.day.month) == (year, month))
    checks = [d for d in checkoffs if (d.year, d.month) == (year, month)]
    png = calendar_png(year, month, win_days, set(checks), today, first_weekday=user.week_start)
    caption = texts.review.calendar_caption(month_title(year, month), len(win_days), len(checks))
    previous, following = shift(year, month, -1), shift(year, month, 1)
    row = [
        InlineKeyboardButton(
            texts.review.prev_month(),
            callback_data=callbacks.calendar_month(*previous),
        )
    ]
    if following <= (today.year, today.month):
        row.append(
            InlineKeyboardButton(
                texts.review.next_month(),
                callback_data=callbacks.calendar_month(*following),
            )
        )
    return png, caption, InlineKeyboardMarkup([row])


async def calendar_command(update: Update, context: Context) -> None:
    """/calendar [month]: a month picture with a star on each day with a win."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    argument = command_argument(message.text)
    today = user_today(user, context.services.clock.now())
    try:
        year, month = parse_month(argument, today)
    except MonthParseError:
        await message.reply_text(texts.review.bad_month(argument))
        return
    if is_future(year, month, today):
        await message.reply_text(texts.review.future_month(month_title(year, month)))
        return
    png, caption, keyboard = await _calendar(context, user, year, month)
    await message.reply_photo(png, caption=caption, reply_markup=keyboard)


async def calendar_button(update: Update, context: Context) -> None:
    """Previous / next month under a calendar: the same message shows the other month."""
    query = update.callback_query
    if query is None:
        return
    user = await current_user(update, context)
    today = user_today(user, context.services.clock.now())
    try:
        year, month = parse_month(button_part(context), today)
    except MonthParseError:
        await query.answer(texts.common.stale_button())
        return
    if is_future(year, month, today):
        await query.answer(texts.review.future_month_button())
        return
    png, caption, keyboard = await _calendar(context, user, year, month)
    await query.answer()
    await query.edit_message_media(
        InputMediaPhoto(png, caption=caption, parse_mode=ParseMode.HTML), reply_markup=keyboard
    )


async def jar_picture_command(update: Update, context: Context) -> None:
    """/jar: a picture of the jar, one marble per win, with the exact count."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    services = context.services
    today = user_today(user, services.clock.now())
    total = await services.store.wins.count(user.user_id)
    week = await services.store.wins.between(user.user_id, today - timedelta(days=6), today)
    await message.reply_photo(jar_png(total), caption=texts.review.jar(total, len(week)))
