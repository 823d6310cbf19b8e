"""Logging wins: plain text, photos, /win, edits, /undo and the Undo button."""

from __future__ import annotations

import contextlib
import logging
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReactionTypeEmoji, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.catchup import TooFarBack, split_backdate
from bot.domain.onboarding import Step
from bot.domain.questions import Kind, Payload
from bot.domain.wins import WinTextError, wins_in_message
from bot.domain.zones import guess_timezones
from bot.updates import SmallwinsBot, unparsed_answers
from handlers.common import (
    add_as_win_row,
    ask,
    button_part,
    command_argument,
    current_group,
    current_user,
    member_user,
    never_welcomed,
    user_day,
    user_today,
    zone_buttons,
)
from storage.models import NewWin, User

logger = logging.getLogger(__name__)


def _buttons(row: list[tuple[str, str]]) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text, callback_data=data) for text, data in row]


def _in_plain_private_chat(message: Message) -> bool:
    """A private chat's message that a reply neither quotes nor files under a topic."""
    return (
        message.chat.type == ChatType.PRIVATE
        and not message.is_topic_message
        and message.business_connection_id is None
        and message.direct_messages_topic is None
    )


async def _reply_unread(
    message: Message, context: Context, text: str, row: list[tuple[str, str]]
) -> None:
    """A reply with one row of buttons that nothing reads back. In a private chat it goes
    out as its JSON (SmallwinsBot.send_text: a third of a win's reply CPU was building
    python-telegram-bot's objects for it); elsewhere (a group quotes the win) through
    `reply_text`."""
    bot = context.bot
    if isinstance(bot, SmallwinsBot) and _in_plain_private_chat(message):
        keyboard = [[{"callback_data": data, "text": label} for label, data in row]]
        await bot.send_text(message.chat_id, text, {"inline_keyboard": keyboard})
        return
    with unparsed_answers():
        await message.reply_text(text, reply_markup=InlineKeyboardMarkup([_buttons(row)]))


def _win_text_problem(error: WinTextError) -> str:
    if error.reason == "too_long":
        return texts.wins.win_too_long(error.limit)
    if error.reason == "too_many":
        return texts.wins.win_too_many(error.limit)
    return texts.wins.win_empty_text()


def _new_wins(text: str, photo_file_id: str | None) -> list[NewWin]:
    return [
        NewWin(w.text, w.tags, photo_file_id)
        for w in wins_in_message(text, photo=photo_file_id is not None)
    ]


async def log_wins(
    message: Message,
    context: Context,
    user: User,
    text: str,
    photo_file_id: str | None = None,
    note: str = "",
    days_back: int = 0,
) -> None:
    """Store the wins in `text` (committed first) for today or `days_back` days before,
    then celebrate them (plus `note`)."""
    try:
        wins = _new_wins(text, photo_file_id)
    except WinTextError as error:
        await message.reply_text(_win_text_problem(error))
        return
    services = context.services
    now = services.clock.now()
    user_now = user_day(user, now)
    today = user_now.today
    day = today - timedelta(days=days_back)
    stored, total = await services.store.wins.add(
        user.user_id,
        day,
        wins,
        chat_id=message.chat_id,
        message_id=message.message_id,
        now=now,
    )
    services.metrics.wins_logged.inc(len(stored))
    celebration = texts.wins.celebrate(total - len(stored) + 1, len(stored))
    if stored and stored[0].local_date != today:  # a replay finds the day it was stored for
        note = "\n".join(
            filter(None, [texts.catchup.counted_for(stored[0].local_date, today), note])
        )
    reply = f"{celebration}\n{note}" if note else celebration
    row = [(texts.wins.undo_button(), callbacks.undo_wins(message.message_id))]
    private = message.chat.type == ChatType.PRIVATE
    yesterday = user_now.offers_yesterday(now)
    if private and stored and stored[0].local_date == today and yesterday is not None:
        # Early in a new day a win may well belong to the day before: one tap moves it.
        data = callbacks.that_was_yesterday(message.message_id, yesterday)
        row.append((texts.catchup.that_was_yesterday_button(), data))
    if not (private and await never_welcomed(context, user)):
        await _reply_unread(message, context, reply, row)
        return
    # The first contact leads into setup: the win is kept, and step 1 follows in the
    # same message (one reply, so the Undo button stays next to the win).
    reply += "\n\n" + texts.settings.welcome(user.first_name)
    markup = InlineKeyboardMarkup(
        [_buttons(row), *zone_buttons(guess_timezones(user.language_code))]
    )
    sent = await message.reply_text(reply, reply_markup=markup)
    await ask(context, user, Kind.ZONE, sent, Payload(setup=True, soft=True))


async def log_group_win(update: Update, context: Context, message: Message, text: str) -> None:
    """A win written in a group goes in the member's own jar (with a word if they are not
    in the group's circle)."""
    group = await current_group(update, context)
    user = await member_user(update, context)
    if group is None or user is None:
        return
    photo = message.photo[-1].file_id if message.photo else None
    member = await context.services.store.groups.member(group.chat_id, user.user_id)
    note = "" if member else texts.groups.win_outside_circle()
    await log_wins(message, context, user, text, photo, note=note)


async def group_win_command(update: Update, context: Context) -> None:
    """/win <text> (or /win@bot) in a group: a win that belongs to the member."""
    message = update.effective_message
    if message is None:
        return
    text = command_argument(message.text)
    if not text:
        await message.reply_text(texts.wins.win_empty())
        return
    await log_group_win(update, context, message, text)


_SMALL_TALK = {
    "thanks": texts.settings.small_talk_thanks,
    "greeting": texts.settings.small_talk_greeting,
}


async def small_talk(message: Message, context: Context, user: User | None, kind: str) -> None:
    """A kind word back, nothing stored; a button in case it was a win after all.

    A first "hi" gets the welcome instead: the first contact leads into setup.
    """
    private = message.chat.type == ChatType.PRIVATE
    if user is not None and private and await never_welcomed(context, user):
        sent = await message.reply_text(
            texts.settings.welcome(user.first_name),
            reply_markup=InlineKeyboardMarkup(zone_buttons(guess_timezones(user.language_code))),
        )
        await ask(context, user, Kind.ZONE, sent, Payload(setup=True))
        return
    await message.reply_text(
        _SMALL_TALK.get(kind, texts.settings.small_talk_other)(),
        reply_markup=InlineKeyboardMarkup([add_as_win_row()]),
        do_quote=True,
    )


async def add_as_win_button(update: Update, context: Context) -> None:
    """The "Add it as a win" button: the message the bot's answer quotes goes in the jar."""
    query = update.callback_query
    tg_user = update.effective_user
    if query is None or tg_user is None:
        return
    answer = query.message
    original = answer.reply_to_message if isinstance(answer, Message) else None
    if original is None or not (original.text or original.caption):
        await query.answer(texts.settings.add_as_win_gone(), show_alert=True)
        return
    if original.from_user is None or original.from_user.id != tg_user.id:
        await query.answer(texts.settings.not_your_button())
        return
    await query.answer()
    if isinstance(answer, Message) and answer.reply_markup:
        # The other buttons (zone or time choices under a hint) still work.
        rows = [
            [b for b in row if b.callback_data != callbacks.ADD_AS_WIN]
            for row in answer.reply_markup.inline_keyboard
        ]
        rows = [row for row in rows if row]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    store = context.services.store
    if await store.wins.from_message(tg_user.id, original.chat_id, original.message_id):
        return  # pressed twice: it is in the jar already
    if original.chat.type == ChatType.PRIVATE:
        user = await current_user(update, context)
    else:  # met in a group: known, but not yet reachable in private
        user = await store.users.ensure_seen(
            tg_user.id,
            tg_user.first_name or "",
            tg_user.language_code,
            context.services.clock.now(),
            onboarding_step=Step.ONBOARD_TIMEZONE,
        )
    text = original.text or original.caption or ""
    if original.text and original.text.startswith("/"):
        text = command_argument(original.text)
    await log_wins(original, context, user, text)


async def photo_message(update: Update, context: Context) -> None:
    """A photo is a win: proof to look back at."""
    message = update.effective_message
    if message is None or not message.photo:
        return
    user = await current_user(update, context)
    await log_wins(message, context, user, message.caption or "", message.photo[-1].file_id)


async def win_command(update: Update, context: Context) -> None:
    """/win <text>: log a win explicitly."""
    message = update.effective_message
    if message is None:
        return
    text = command_argument(message.text)
    if not text:
        await message.reply_text(texts.wins.win_empty())
        return
    user = await current_user(update, context)
    # "/win 2 days ago called mum", "/win yesterday ...", "/win on monday ...".
    try:
        backdated = split_backdate(text, user_today(user, context.services.clock.now()))
    except TooFarBack as error:
        await message.reply_text(texts.catchup.too_far_back(error.days_back))
        return
    if not backdated.text:
        await message.reply_text(texts.catchup.win_usage_back())
        return
    await log_wins(message, context, user, backdated.text, days_back=backdated.days_back)


async def yesterday_command(update: Update, context: Context) -> None:
    """/yesterday <text>: log wins for yesterday (the user-day before today)."""
    message = update.effective_message
    if message is None:
        return
    text = command_argument(message.text)
    if not text:
        await message.reply_text(texts.catchup.yesterday_usage())
        return
    user = await current_user(update, context)
    await log_wins(message, context, user, text, days_back=1)


async def edited_message(update: Update, context: Context) -> None:
    """Editing a message that logged wins edits the stored wins; other edits change nothing."""
    message = update.edited_message
    if message is None or update.effective_user is None:
        return
    text = message.text if message.text is not None else message.caption or ""
    if message.text is not None and message.text.startswith("/"):
        command = _command_name(message.text)
        if command not in ("win", "yesterday"):
            return  # an edited /goal or /undo must not run a second time
        text = command_argument(message.text)
        if command == "win":
            # The wins keep the day they were logged for; only their text changes.
            with contextlib.suppress(TooFarBack):
                text = split_backdate(text, date.min).text
    store = context.services.store
    user_id = update.effective_user.id
    existing = await store.wins.from_message(user_id, message.chat_id, message.message_id)
    if not existing:
        return
    photo = existing[0].photo_file_id
    try:
        wins = _new_wins(text, photo)
    except WinTextError as error:
        await message.reply_text(_win_text_problem(error) + "\n" + texts.wins.edit_kept_old())
        return
    await store.wins.replace_from_message(user_id, message.chat_id, message.message_id, wins)
    try:
        await message.set_reaction(ReactionTypeEmoji(texts.wins.EDIT_REACTION))
    except BadRequest:
        logger.debug("could not react to an edited win", exc_info=True)


def _command_name(text: str) -> str:
    """The command a text starts with: "/Win@smallwins_bot ran" -> "win"."""
    return text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()


async def undo_command(update: Update, context: Context) -> None:
    """/undo: take back the newest win of today."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    services = context.services
    removed, total = await services.store.wins.delete_last_on_day(
        user.user_id, user_today(user, services.clock.now())
    )
    if removed is None:
        await message.reply_text(texts.wins.undo_nothing_today())
        return
    await message.reply_text(texts.wins.undone([removed.text], total))


async def undo_button(update: Update, context: Context) -> None:
    """The Undo button under a celebration: take that message's wins back out."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    message = query.message
    source_id = int(button_part(context))
    if message is None:
        await query.answer(texts.common.stale_button())
        return
    store = context.services.store
    # In a group anyone can press it: only the author takes wins back, and the button stays.
    author = await store.wins.author_of(message.chat.id, source_id)
    if author is not None and author != update.effective_user.id:
        owner = await store.users.get(author)
        await query.answer(texts.wins.undo_not_yours(owner.first_name if owner else None))
        return
    removed, total = await store.wins.delete_from_message(
        update.effective_user.id, message.chat.id, source_id
    )
    # Telegram sends an inaccessible stub for messages older than it keeps: no editing.
    if not removed:
        await query.answer(texts.wins.undo_gone())
        if isinstance(message, Message) and message.reply_markup:
            await query.edit_message_reply_markup(None)
        return
    if not message.is_accessible:
        await query.answer(texts.wins.undone(removed, total, html=False))
        return
    await query.answer()
    await query.edit_message_text(texts.wins.undone(removed, total))
