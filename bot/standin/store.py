"""Every message in every chat as the Bot API returns it, and the bot's own messages as
tests see them (current text and buttons, earlier versions, deleted or not)."""

from __future__ import annotations

from .records import JSON, BotMessage


class MessageStore:
    """Message ids per chat, message payloads by (chat, id), and the bot's messages."""

    def __init__(self, first_message_id: int) -> None:
        # Message ids in every chat start here (the sandbox starts a reused database's
        # run above the ids its messages were stored under).
        self._first_message_id = first_message_id
        self._counters: dict[int, int] = {}
        self.payloads: dict[tuple[int, int], JSON] = {}
        self.by_bot: dict[int, dict[int, BotMessage]] = {}

    def next_id(self, chat_id: int) -> int:
        message_id = self._counters.get(chat_id, self._first_message_id - 1) + 1
        self._counters[chat_id] = message_id
        return message_id

    def reply_target(self, chat_id: int, message_id: int | None) -> JSON | None:
        """The replied-to message as ``reply_to_message`` carries it (one level deep)."""
        if message_id is None:
            return None
        replied = self.payloads.get((chat_id, message_id))
        if replied is None:
            return None
        return {k: v for k, v in replied.items() if k != "reply_to_message"}

    def bot_message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self.by_bot.get(chat_id, {}).get(message_id)

    def bot_messages_in(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in a chat as they are now (edits applied, deletions gone)."""
        return [message for message in self.by_bot.get(chat_id, {}).values() if not message.deleted]

    def add_bot_message(self, message: BotMessage) -> None:
        self.payloads[(message.chat_id, message.message_id)] = message.payload
        self.by_bot.setdefault(message.chat_id, {})[message.message_id] = message
