"""/language: which language the bot speaks to a person, or in a group (admins only)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import i18n, texts
from bot.context import Context
from bot.domain import callbacks, languages
from handlers.common import (
    GROUP_CHAT_TYPES,
    button_part,
    command_argument,
    current_group,
    current_user,
    is_admin,
)


def _keyboard(current: str) -> InlineKeyboardMarkup:
    """Every language, named in itself, two a row; the one in use ticked."""
    buttons = [
        InlineKeyboardButton(
            texts.language.chosen_button(name) if code == current else name,
            callback_data=callbacks.language(code),
        )
        for code, name in i18n.LANGUAGES.items()
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def _store(update: Update, context: Context, language: str) -> None:
    """Speak `language` in this chat from now on: the sender's, or the group's."""
    services = context.services
    group = await current_group(update, context)
    if group is not None:
        await services.store.groups.set_language(group.chat_id, language)
        services.languages.remember(group.chat_id, language)
        return
    user = await current_user(update, context)
    await services.store.users.set_language(user.user_id, language)
    services.languages.remember(user.user_id, language)


def _in_group(message: Message) -> bool:
    return message.chat.type in GROUP_CHAT_TYPES


def _changed(message: Message) -> str:
    return texts.language.changed_in_group() if _in_group(message) else texts.language.changed()


async def language_command(update: Update, context: Context) -> None:
    """/language: the languages as buttons; /language de or /language Deutsch switches."""
    message = update.effective_message
    if message is None:
        return
    in_group = _in_group(message)
    if in_group and not await is_admin(update, context):
        await message.reply_text(texts.language.admins_only())
        return
    name = command_argument(message.text)
    chosen = languages.choose(name) if name else None
    if chosen is None:
        if not in_group:
            await current_user(update, context)  # a first contact stores their language
        if name:
            text = texts.language.unknown(name)
        else:
            text = texts.language.choose_in_group() if in_group else texts.language.choose()
        await message.reply_text(text, reply_markup=_keyboard(i18n.current()))
        return
    await _store(update, context, chosen)
    with i18n.use(chosen):
        await message.reply_text(_changed(message))


async def language_button(update: Update, context: Context) -> None:
    """A language under /language: speak it from now on (in a group, if an admin pressed)."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    chosen = button_part(context)
    if chosen not in i18n.LANGUAGES:
        await query.answer()
        return
    if _in_group(query.message) and not await is_admin(update, context):
        await query.answer(texts.language.admins_only(), show_alert=True)
        return
    await _store(update, context, chosen)
    with i18n.use(chosen):
        await query.answer()
        await query.edit_message_text(_changed(query.message))
