"""Inline buttons: users pressing them (callback queries) and the bot answering
(answerCallbackQuery, once per query, 200 characters at most)."""

from __future__ import annotations

from .actors import FakeUser
from .core import Core
from .entities import utf16_len
from .records import BotMessage, CallbackAnswer, bad_request
from .store import MessageStore
from .updates import Updates
from .wire import Params


class Callbacks:
    """Open callback queries (id -> chat) and the answers given (``answered``)."""

    def __init__(self, core: Core, store: MessageStore, updates: Updates) -> None:
        self._core = core
        self._store = store
        self._updates = updates
        self.answered: dict[str, CallbackAnswer] = {}
        self.open_queries: dict[str, int] = {}
        self.next_query = 1

    def press(
        self,
        user: FakeUser,
        message: BotMessage,
        text: str | None,
        row: int | None,
        col: int | None,
    ) -> str:
        """Press a button of the message as it is now, by text or by row and column."""
        current = self._current(message)
        if text is not None:
            matches = [b for r in current.keyboard for b in r if b.text == text]
            if not matches:
                raise ValueError(f"no button {text!r}; buttons: {current.button_texts}")
            button = matches[0]
        elif row is not None and col is not None:
            button = current.keyboard[row][col]
        else:
            raise ValueError("press needs a button text or row and col")
        if button.callback_data is None:
            raise ValueError(f"button {button.text!r} has no callback_data")
        return self.press_data(user, current, button.callback_data)

    def press_data(self, user: FakeUser, message: BotMessage, data: str) -> str:
        """A callback query with any data under the message; returns the query id."""
        current = self._current(message)
        query_id = f"{user.id}{self.next_query:06d}"
        self.next_query += 1
        self.open_queries[query_id] = message.chat_id
        body = {
            "id": query_id,
            "from": user.to_json(),
            "message": current.payload,
            "chat_instance": str(abs(message.chat_id)),
            "data": data,
        }
        self._updates.enqueue("callback_query", body)
        return query_id

    def _current(self, message: BotMessage) -> BotMessage:
        current = self._store.bot_message(message.chat_id, message.message_id)
        if current is None or current.deleted:
            raise ValueError(f"bot message {message.message_id} is gone")
        return current

    # ------------------------------------------------------------------ Bot API methods

    def answer_callback_query(self, params: Params) -> bool:
        query_id = params.text("callback_query_id") or ""
        chat_id = self.open_queries.pop(query_id, None)
        if chat_id is None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.text("text")
        if text is not None and utf16_len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.answered[query_id] = CallbackAnswer(
            query_id, text, params.flag("show_alert"), params.text("url"), self._core.monotonic()
        )
        self._core.record("answerCallbackQuery", chat_id, None, text, text, params)
        return True
