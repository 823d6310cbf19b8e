"""Which language each update is handled in: a private chat speaks its person's language,
a group the group's (SPEC §2.1). Each chat's language is read once and remembered, so an
update costs no extra database round trip once its chat is known."""

from __future__ import annotations

import logging
import sqlite3
from collections import OrderedDict

from telegram import Update
from telegram.constants import ChatType

from bot import i18n
from bot.domain.languages import group_spoken, spoken
from storage import Store

logger = logging.getLogger(__name__)

# Chats whose language is remembered; beyond that the least recently seen is read again.
REMEMBERED = 100_000


class Languages:
    """Each chat's language (a person's id or a group's), as last read or set."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self._size = size
        self._known: OrderedDict[int, str] = OrderedDict()

    def get(self, chat_id: int) -> str | None:
        language = self._known.get(chat_id)
        if language is not None:
            self._known.move_to_end(chat_id)
        return language

    def remember(self, chat_id: int, language: str) -> None:
        self._known[chat_id] = language
        self._known.move_to_end(chat_id)
        while len(self._known) > self._size:
            self._known.popitem(last=False)

    def forget(self, chat_id: int) -> None:
        self._known.pop(chat_id, None)

    async def of_person(self, store: Store, user_id: int, telegram_code: str | None) -> str:
        """A person's language; before their first contact is stored, their app's."""
        known = self.get(user_id)
        if known is not None:
            return known
        row = await store.users.get(user_id)
        if row is None:
            return i18n.language_for(telegram_code)
        language = spoken(row.language, row.language_code)
        self.remember(user_id, language)
        return language

    async def of_update(self, store: Store, update: object) -> str:
        """The language to handle `update` in. A group the bot has not registered yet (it
        is being added) speaks the language of whoever added it."""
        if not isinstance(update, Update):
            return i18n.DEFAULT
        chat = update.effective_chat
        user = update.effective_user
        try:
            if chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
                known = self.get(chat.id)
                if known is not None:
                    return known
                group = await store.groups.get(chat.id)
                if group is not None:
                    language = group_spoken(group.language)
                    self.remember(chat.id, language)
                    return language
            if user is not None:
                return await self.of_person(store, user.id, user.language_code)
        except sqlite3.Error as error:
            # The update is handled all the same (it meets the same failure and is retried).
            logger.warning("Could not read the language for update %s: %s", update.update_id, error)
            return i18n.language_for(user.language_code if user else None)
        return i18n.DEFAULT
