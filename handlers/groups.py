"""Accountability groups: the bot arriving and leaving, the circle (/join, /leave, /share),
wins logged in a group, and the admin-only group settings."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import (
    CallbackQuery,
    ChatMember,
    ChatMemberRestricted,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)

from bot import i18n, texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.times import TimeParseError, format_time, parse_time_or_off
from bot.domain.words import parse_switch
from bot.domain.zones import UnknownTimezone, resolve_timezone, zone, zone_label
from handlers.common import (
    GROUP_CHAT_TYPES,
    add_to_group_link,
    button_part,
    command_argument,
    current_group,
    group_schedule_changed,
    is_admin,
    member_user,
    private_chat_link,
)
from storage.groups import Group

logger = logging.getLogger(__name__)

MORNING_CHOICES = ("07:00", "08:00", "09:00", "10:00")
EVENING_CHOICES = ("18:00", "19:00", "20:00", "21:00")
_PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)

# Commands that work in groups; every other command of ours belongs in the private chat.
GROUP_CAPABLE = frozenset(
    {"start", "help", "win", "join", "leave", "share", "groupsettings"}
    | {"timezone", "morning", "evening"}
)
# Private commands other issues add; listed so a group gets the private-chat link for them.
_MORE_PRIVATE = frozenset(
    {"export", "forget", "goal", "goals", "done", "skip", "shrink", "drop", "week"}
    | {"calendar", "stats", "weekly", "pause", "resume"}
)
PRIVATE_COMMANDS = (
    frozenset(n for n, _ in texts.commands.commands()) - GROUP_CAPABLE
) | _MORE_PRIVATE


# --- links ------------------------------------------------------------------------------


def circle_payload(chat_id: int) -> str:
    """The /start payload that welcomes a circle member to the private chat."""
    return f"group_{abs(chat_id)}"


# --- helpers ----------------------------------------------------------------------------


def _join_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.groups.join_button(), callback_data=callbacks.GROUP_JOIN)]]
    )


def _local_clock(timezone: str, context: Context) -> str:
    return context.services.clock.now().astimezone(zone(timezone)).strftime("%H:%M")


# --- the bot arriving, leaving, moving --------------------------------------------------


def _is_present(member: ChatMember) -> bool:
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in _PRESENT


def _may_post(member: ChatMember) -> bool:
    """Admins can take away the bot's right to post (a restricted bot) without removing it."""
    return not isinstance(member, ChatMemberRestricted) or member.can_send_messages


async def bot_membership(update: Update, context: Context) -> None:
    """my_chat_member: added to a group → register and introduce; removed → stop; muted
    (restricted from posting) → nothing scheduled until it may post again."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type not in GROUP_CHAT_TYPES:
        return
    was_in = _is_present(change.old_chat_member)
    is_in = _is_present(change.new_chat_member)
    muted = not _may_post(change.new_chat_member)
    chat_id = change.chat.id
    store = context.services.store
    now = context.services.clock.now()
    if is_in and not was_in:
        # The group speaks the language of whoever added the bot (the current one).
        group, _ = await store.groups.register(
            chat_id, change.chat.title or "", now, language=i18n.current()
        )
        if group.muted != muted:
            await store.groups.set_muted(chat_id, muted)
            group = replace(group, muted=muted)
        await group_schedule_changed(context, group)
        if not muted:
            await context.bot.send_message(
                chat_id, texts.groups.group_intro(group.title), reply_markup=_join_keyboard()
            )
    elif was_in and not is_in:
        await store.groups.set_active(chat_id, False)
        gone = await store.groups.get(chat_id)
        if gone is not None:
            await group_schedule_changed(context, gone)
    elif is_in:
        known = await store.groups.get(chat_id)
        if known is None or known.muted == muted:
            return
        await store.groups.set_muted(chat_id, muted)
        if muted:
            # What is queued would only fail: the bot may not post there now.
            await store.outbox.drop_chat(chat_id, now, "the bot may not post in this group")
        await group_schedule_changed(context, replace(known, muted=muted))


async def migrated(update: Update, context: Context) -> None:
    """The group became a supergroup: its records follow it to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    store = context.services.store
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    # The same path as a ChatMigrated answer to a send: schedule, outbox, then the
    # group's records (each step does nothing the second time, when the other of the
    # two service messages arrives).
    await context.services.nudges.chat_moved(old, new)
    group = await store.groups.get(new)
    if group is not None:
        await group_schedule_changed(context, group)


async def member_left(update: Update, context: Context) -> None:
    """Someone left the Telegram group: they leave its circle too."""
    message = update.effective_message
    if message is None or message.left_chat_member is None:
        return
    if message.left_chat_member.id == context.bot.id:
        return  # my_chat_member handles the bot itself
    await context.services.store.groups.leave(message.chat_id, message.left_chat_member.id)


# --- the circle -------------------------------------------------------------------------


async def intro_command(update: Update, context: Context) -> None:
    """/start in a group: the introduction with its Join button."""
    message = update.effective_message
    group = await current_group(update, context)
    if message is None or group is None:
        return
    await message.reply_text(texts.groups.group_intro(group.title), reply_markup=_join_keyboard())


async def help_command(update: Update, context: Context) -> None:
    """/help in a group: the group commands."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.groups.group_help())


async def _join(update: Update, context: Context) -> str | None:
    """Add the sender to the circle; the text to post, or None if nothing changed."""
    group = await current_group(update, context)
    user = await member_user(update, context)
    if group is None or user is None:
        return None
    store = context.services.store
    if not await store.groups.join(group.chat_id, user.user_id, context.services.clock.now()):
        return None
    if user.active:
        return texts.groups.joined(user.first_name)
    # Telegram does not let a bot write first: invite them to open the private chat.
    link = private_chat_link(context, circle_payload(group.chat_id))
    return texts.groups.joined_open_private(user.first_name, link)


async def anonymous_member(update: Update, context: Context) -> None:
    """/join, /leave, /share or /win sent as the group (an anonymous admin): say how to."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.groups.anonymous_admin())


async def join_command(update: Update, context: Context) -> None:
    """/join: opt in to the group's circle."""
    message = update.effective_message
    if message is None:
        return
    text = await _join(update, context)
    if text is None and update.effective_user is not None:
        text = texts.groups.already_joined(update.effective_user.first_name or "")
    if text:
        await message.reply_text(text)


async def leave_command(update: Update, context: Context) -> None:
    """/leave: opt out of the group's circle; their wins stay in their own jar."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    left = await context.services.store.groups.leave(message.chat_id, tg_user.id)
    name = tg_user.first_name or ""
    await message.reply_text(
        texts.groups.left_circle(name) if left else texts.groups.not_in_circle(name)
    )


async def share_command(update: Update, context: Context) -> None:
    """/share on|off: whether the member's private wins appear in this group's digest."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    store = context.services.store
    member = await store.groups.member(message.chat_id, tg_user.id)
    if member is None:
        await message.reply_text(texts.groups.not_in_circle(tg_user.first_name or ""))
        return
    argument = command_argument(message.text).lower()
    if not argument:
        await message.reply_text(texts.groups.share_current(member.share))
        return
    share = parse_switch(argument)  # "on", "an", "ligado", "вкл", "روشن"...
    if share is None:
        await message.reply_text(texts.groups.share_bad(argument))
        return
    await store.groups.set_share(message.chat_id, tg_user.id, share)
    await message.reply_text(texts.groups.share_set(share))


# Telegram chat ids fit in 52 bits; a longer number in a link was cut or made up.
_MAX_CHAT_ID_DIGITS = 16


async def circle_start(update: Update, context: Context, digits: str) -> None:
    """/start group_<id>: a circle member hears where they are; anyone else how to join."""
    message = update.effective_message
    tg_user = update.effective_user
    if message is None or tg_user is None:
        return
    store = context.services.store
    if digits.isdigit() and len(digits) <= _MAX_CHAT_ID_DIGITS:
        chat_id = int(digits)
        for candidate in (chat_id, -chat_id):
            group = await store.groups.get(candidate)
            if group is not None and await store.groups.member(candidate, tg_user.id):
                await message.reply_text(texts.groups.circle_hello(group.title))
                return
    await message.reply_text(texts.groups.circle_link_unknown())


async def mention_hint(message: Message) -> None:
    """The bot mentioned in a group: how to log a win there."""
    await message.reply_text(texts.groups.mention_hint())


# --- settings (admins only) ---------------------------------------------------------------


def _settings_keyboard(group: Group) -> InlineKeyboardMarkup:
    digest = (
        texts.groups.digest_on_button() if group.digest_on else texts.groups.digest_off_button()
    )
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(digest, callback_data=callbacks.GROUP_DIGEST)],
            [
                InlineKeyboardButton(
                    texts.groups.group_morning_button(), callback_data=callbacks.group_pick("m")
                ),
                InlineKeyboardButton(
                    texts.groups.group_evening_button(), callback_data=callbacks.group_pick("e")
                ),
            ],
        ]
    )


def _time_picker(kind: str) -> InlineKeyboardMarkup:
    choices = MORNING_CHOICES if kind == "m" else EVENING_CHOICES
    row = [InlineKeyboardButton(c, callback_data=callbacks.group_time(kind, c)) for c in choices]
    return InlineKeyboardMarkup(
        [
            row,
            [
                InlineKeyboardButton(
                    texts.settings.off_button(), callback_data=callbacks.group_time(kind, "off")
                ),
                InlineKeyboardButton(
                    texts.settings.back_button(), callback_data=callbacks.GROUP_BACK
                ),
            ],
        ]
    )


def _settings_text(group: Group) -> str:
    return texts.groups.group_settings_summary(
        group.title,
        zone_label(group.timezone),
        group.morning_time,
        group.evening_time,
        group.digest_on,
    )


async def group_settings_command(update: Update, context: Context) -> None:
    """/groupsettings: the group's settings; the buttons work for admins only."""
    message = update.effective_message
    group = await current_group(update, context)
    if message is None or group is None:
        return
    if not await is_admin(update, context):
        await message.reply_text(texts.groups.admins_only())
        return
    await message.reply_text(_settings_text(group), reply_markup=_settings_keyboard(group))


async def _changed(context: Context, chat_id: int) -> Group:
    group = await context.services.store.groups.get(chat_id)
    assert group is not None
    await group_schedule_changed(context, group)
    return group


async def timezone_command(update: Update, context: Context) -> None:
    """/timezone in a group: anyone may look, admins may change it."""
    message = update.effective_message
    group = await current_group(update, context)
    if message is None or group is None:
        return
    argument = command_argument(message.text)
    if not argument:
        await message.reply_text(
            texts.groups.group_timezone_current(
                zone_label(group.timezone), _local_clock(group.timezone, context)
            )
        )
        return
    if not await is_admin(update, context):
        await message.reply_text(texts.groups.admins_only())
        return
    try:
        timezone = resolve_timezone(argument)
    except UnknownTimezone as unknown:
        await message.reply_text(texts.settings.unknown_timezone(argument, unknown.suggestions))
        return
    await context.services.store.groups.set_timezone(group.chat_id, timezone)
    await _changed(context, group.chat_id)
    await message.reply_text(
        texts.groups.group_timezone_set(zone_label(timezone), _local_clock(timezone, context))
    )


async def _time_command(update: Update, context: Context, kind: str) -> None:
    message = update.effective_message
    group = await current_group(update, context)
    if message is None or group is None:
        return
    argument = command_argument(message.text)
    current = group.morning_time if kind == "morning" else group.evening_time
    if not argument:
        await message.reply_text(texts.groups.group_time_current(kind, current))
        return
    if not await is_admin(update, context):
        await message.reply_text(texts.groups.admins_only())
        return
    try:
        value = parse_time_or_off(argument)
    except TimeParseError:
        await message.reply_text(texts.settings.bad_time(argument, kind))
        return
    hhmm = format_time(value) if value else None
    groups = context.services.store.groups
    setter = groups.set_morning if kind == "morning" else groups.set_evening
    await setter(group.chat_id, hhmm)
    await _changed(context, group.chat_id)
    await message.reply_text(texts.groups.group_time_set(kind, hhmm))


async def morning_command(update: Update, context: Context) -> None:
    """/morning in a group: the group's check-in time (admins change it)."""
    await _time_command(update, context, "morning")


async def evening_command(update: Update, context: Context) -> None:
    """/evening in a group: the group's digest time (admins change it)."""
    await _time_command(update, context, "evening")


async def join_button(update: Update, context: Context) -> None:
    """Join under the introduction: anyone joins the circle."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    text = await _join(update, context)
    if text is None:
        await query.answer(
            texts.groups.already_joined(update.effective_user.first_name or "")
            if update.effective_user
            else None
        )
        return
    await query.answer()
    await query.message.chat.send_message(text)


async def _admin_press(update: Update, context: Context) -> tuple[CallbackQuery, Group] | None:
    """A /groupsettings press by an admin, and the group (anyone else is answered)."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None
    group = await current_group(update, context)
    if group is None:
        await query.answer(texts.common.stale_button())
        return None
    if not await is_admin(update, context):
        await query.answer(texts.groups.admins_only_short(), show_alert=True)
        return None
    return query, group


async def group_settings_button(update: Update, context: Context) -> None:
    """/groupsettings: the digest on/off, or back to the summary from a picker."""
    pressed = await _admin_press(update, context)
    if pressed is None:
        return
    query, group = pressed
    if button_part(context) == "back":
        await query.answer()
        await query.edit_message_text(_settings_text(group), reply_markup=_settings_keyboard(group))
        return
    await context.services.store.groups.set_digest(group.chat_id, not group.digest_on)
    await _saved(query, context, group)


async def group_pick_button(update: Update, context: Context) -> None:
    """/groupsettings: open the morning or evening time picker."""
    pressed = await _admin_press(update, context)
    if pressed is None:
        return
    query, _ = pressed
    await query.answer()
    await query.edit_message_reply_markup(_time_picker(button_part(context)))


async def group_time_button(update: Update, context: Context) -> None:
    """A time (or Off) from a /groupsettings picker."""
    pressed = await _admin_press(update, context)
    if pressed is None:
        return
    query, group = pressed
    groups = context.services.store.groups
    try:
        parsed = parse_time_or_off(button_part(context, 2))
    except TimeParseError:
        await query.answer(texts.common.stale_button())
        return
    hhmm = format_time(parsed) if parsed else None
    setter = groups.set_morning if button_part(context) == "m" else groups.set_evening
    await setter(group.chat_id, hhmm)
    await _saved(query, context, group)


async def _saved(query: CallbackQuery, context: Context, group: Group) -> None:
    updated = await _changed(context, group.chat_id)
    await query.answer(texts.common.saved())
    await query.edit_message_text(_settings_text(updated), reply_markup=_settings_keyboard(updated))


# --- commands in the wrong kind of chat -----------------------------------------------------


async def other_command(update: Update, context: Context) -> None:
    """Any other command in a group: ours that belong in private get a link there; commands
    for other bots, or unknown ones not addressed to us, are left alone."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command, _, target = message.text.split()[0][1:].partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return
    if command.lower() in PRIVATE_COMMANDS:
        await message.reply_text(texts.groups.private_only(private_chat_link(context)))
    elif target:
        await message.reply_text(texts.wins.unknown_command("/" + command))


async def group_only(update: Update, context: Context) -> None:
    """/join, /leave, /share, /groupsettings in private: they work inside a group."""
    if update.effective_message:
        await update.effective_message.reply_text(
            texts.groups.group_only(add_to_group_link(context))
        )
