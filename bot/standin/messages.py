"""The bot's messages: sendMessage, sendPhoto, sendDocument, sendChatAction, the four edits,
deleteMessage and setMessageReaction, checked like Telegram checks them."""

from __future__ import annotations

from collections import Counter

from .chats import Chats
from .core import Core
from .files import Files, photo_size
from .profile import Identity
from .records import JSON, BotMessage, SentRecord, StoredFile, Version, bad_request
from .store import MessageStore
from .validation import (
    CAPTION_LIMIT,
    MESSAGE_METHODS,
    TEXT_LIMIT,
    TextParts,
    parse_markup,
    parse_text,
)
from .wire import Params

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class Messages:
    """Sends and edits by the bot, with the counts ``wait_sent`` and ``duplicates`` read."""

    def __init__(
        self,
        core: Core,
        identity: Identity,
        chats: Chats,
        store: MessageStore,
        files: Files,
        *,
        strict_ampersand: bool,
    ) -> None:
        self._core = core
        self._identity = identity
        self._chats = chats
        self._store = store
        self._files = files
        self.strict_ampersand = strict_ampersand
        self.reactions: dict[tuple[int, int], list[str]] = {}
        self.accepted_counts: Counter[tuple[int, str]] = Counter()
        self.count = 0  # new messages accepted, overall and per chat
        self.count_by_chat: Counter[int] = Counter()

    async def wait_sent(
        self,
        count: int,
        chat_id: int | None,
        timeout: float,  # noqa: ASYNC109 - a deadline for the condition, not for I/O
    ) -> list[SentRecord]:
        """Wait until ``count`` messages went out (overall or to one chat); their records."""

        def sent_so_far() -> int:
            return self.count if chat_id is None else self.count_by_chat[chat_id]

        where = "" if chat_id is None else f" to chat {chat_id}"
        got = sent_so_far()
        await self._core.changed.wait_until(
            lambda: sent_so_far() >= count,
            timeout,
            f"{count} messages from the bot{where} (had {got} when waiting began)",
        )
        return [
            r
            for r in self._core.sent
            if r.method in MESSAGE_METHODS and (chat_id is None or r.chat_id == chat_id)
        ]

    # ------------------------------------------------------------------ Bot API methods

    def send_message(self, params: Params) -> JSON:
        chat = self._chats.postable(params.chat_id())
        text = self._text(params)
        if not (text[0] or "").strip():
            raise bad_request("message text is empty")
        return self._new_message("sendMessage", params, chat, "text", {}, text, None)

    def send_photo(self, params: Params) -> JSON:
        chat = self._chats.postable(params.chat_id())
        caption = self._caption(params)
        stored = self._files.input_file(params, "photo", "photo")
        content = {"photo": [photo_size(stored)]}
        return self._new_message("sendPhoto", params, chat, "photo", content, caption, stored)

    def send_document(self, params: Params) -> JSON:
        chat = self._chats.postable(params.chat_id())
        caption = self._caption(params)
        stored = self._files.input_file(params, "document", "document")
        document: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.filename:
            document["file_name"] = stored.filename
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return self._new_message(
            "sendDocument", params, chat, "document", {"document": document}, caption, stored
        )

    def send_chat_action(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self._chats.writable(chat_id)
        action = params.text("action")
        if not action:
            raise bad_request("action is empty")
        self._core.record("sendChatAction", chat_id, None, action, action, params)
        return True

    def edit_message_text(self, params: Params) -> JSON:
        message = self._to_edit(params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text = self._text(params)
        if not (text[0] or "").strip():
            raise bad_request("message text is empty")
        return self._apply_edit("editMessageText", params, message, text)

    def edit_message_caption(self, params: Params) -> JSON:
        message = self._to_edit(params)
        if message.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(params)
        return self._apply_edit("editMessageCaption", params, message, caption)

    def edit_message_reply_markup(self, params: Params) -> JSON:
        message = self._to_edit(params)
        return self._apply_edit("editMessageReplyMarkup", params, message, None)

    def edit_message_media(self, params: Params) -> JSON:
        """Replace a photo message's picture (and caption). Only photos are supported."""
        message = self._to_edit(params)
        media = params.structured("media")
        if not isinstance(media, dict) or media.get("type") != "photo":
            raise bad_request("the stand-in can only edit a message's media to a photo")
        if message.kind != "photo":
            raise bad_request("there is no media in the message to edit")
        inner = Params({**media, "photo": media.get("media")}, params.files)
        stored = self._files.input_file(inner, "photo", "photo")
        caption = self._caption(inner)
        message.file_bytes, message.file_id = stored.data, stored.file_id
        message.filename = stored.filename
        message.payload = {**message.payload, "photo": [photo_size(stored)]}
        merged = Params({**params.data, "parse_mode": media.get("parse_mode")}, params.files)
        return self._apply_edit("editMessageMedia", merged, message, caption, stored)

    def delete_message(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self._chats.writable(chat_id)
        message_id = params.integer("message_id")
        if message_id is None or (chat_id, message_id) not in self._store.payloads:
            raise bad_request("message to delete not found")
        message = self._store.bot_message(chat_id, message_id)
        if message is None:
            group = self._chats.groups.get(chat_id)
            if group is not None and group.bot_status != "administrator":
                raise bad_request("message can't be deleted")
        else:
            message.deleted = True
        del self._store.payloads[(chat_id, message_id)]
        self._core.record("deleteMessage", chat_id, message_id, None, None, params)
        return True

    def set_message_reaction(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self._chats.writable(chat_id)
        message_id = params.integer("message_id")
        if message_id is None or (chat_id, message_id) not in self._store.payloads:
            raise bad_request("MESSAGE_ID_INVALID")
        reaction = params.structured("reaction") or []
        emojis = [
            str(r.get("emoji") or r.get("custom_emoji_id") or r.get("type"))
            for r in reaction
            if isinstance(r, dict)
        ]
        self.reactions[(chat_id, message_id)] = emojis
        self._core.record("setMessageReaction", chat_id, message_id, " ".join(emojis), None, params)
        return True

    # ------------------------------------------------------------------ helpers

    def _text(self, params: Params) -> TextParts:
        return parse_text(
            params,
            "text",
            "entities",
            limit=TEXT_LIMIT,
            kind="",
            strict_ampersand=self.strict_ampersand,
        )

    def _caption(self, params: Params) -> TextParts:
        return parse_text(
            params,
            "caption",
            "caption_entities",
            limit=CAPTION_LIMIT,
            kind="caption ",
            strict_ampersand=self.strict_ampersand,
        )

    def _reply_to_id(self, params: Params, chat_id: int) -> int | None:
        reply = params.structured("reply_parameters")
        allow = params.flag("allow_sending_without_reply")
        message_id: int | None
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow = allow or bool(reply.get("allow_sending_without_reply"))
            if reply.get("chat_id") not in (None, chat_id):
                chat_id = int(reply["chat_id"])
        else:
            message_id = params.integer("reply_to_message_id")
        if message_id is None:
            return None
        if (chat_id, int(message_id)) in self._store.payloads:
            return int(message_id)
        if allow:
            return None
        raise bad_request("message to be replied not found")

    def _new_message(
        self,
        name: str,
        params: Params,
        chat: JSON,
        kind: str,
        content: JSON,
        text: TextParts,
        file: StoredFile | None,
    ) -> JSON:
        chat_id: int = chat["id"]
        keyboard, markup = parse_markup(params)
        reply_to = self._reply_to_id(params, chat_id)
        plain, raw, entities = text
        message_id = self._store.next_id(chat_id)
        payload: JSON = {
            "message_id": message_id,
            "from": self._identity.to_json(),
            "chat": chat,
            "date": self._core.date(),
            **content,
        }
        text_key, entities_key = (
            ("text", "entities") if kind == "text" else ("caption", "caption_entities")
        )
        if plain is not None:
            payload[text_key] = plain
            if entities:
                payload[entities_key] = list(entities)
        if markup is not None:
            payload["reply_markup"] = markup
        if reply_to is not None:
            replied = self._store.reply_target(chat_id, reply_to)
            if replied is not None:
                payload["reply_to_message"] = replied
        now = self._core.monotonic()
        message = BotMessage(
            chat_id=chat_id,
            message_id=message_id,
            kind=kind,
            text=plain,
            raw_text=raw,
            parse_mode=params.text("parse_mode"),
            entities=entities,
            keyboard=keyboard,
            reply_to=reply_to,
            file_bytes=file.data if file else None,
            filename=file.filename if file else None,
            file_id=file.file_id if file else None,
            at=now,
            payload=payload,
        )
        self._store.add_bot_message(message)
        self.count += 1
        self.count_by_chat[chat_id] += 1
        self.accepted_counts[(chat_id, plain or "")] += 1
        self._core.record(
            name, chat_id, message_id, plain, raw, params, keyboard, reply_to, file, now=now
        )
        return payload

    def _to_edit(self, params: Params) -> BotMessage:
        """The bot message an edit names, in a chat the bot may still write to."""
        chat_id = params.chat_id()
        self._chats.writable(chat_id)
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by the stand-in")
        message_id = params.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self._store.bot_message(chat_id, message_id)
        if message is None or message.deleted:
            if (chat_id, message_id) in self._store.payloads:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return message

    def _apply_edit(
        self,
        name: str,
        params: Params,
        message: BotMessage,
        text: TextParts | None,
        file: StoredFile | None = None,
    ) -> JSON:
        keyboard, markup = parse_markup(params)
        plain, raw, entities = (
            text if text is not None else (message.text, message.raw_text, message.entities)
        )
        old_markup = message.payload.get("reply_markup")
        unchanged = plain == message.text and entities == message.entities
        if file is None and unchanged and markup == old_markup:
            raise bad_request(NOT_MODIFIED)
        now = self._core.monotonic()
        message.history.append(
            Version(message.text, message.raw_text, message.keyboard, message.at)
        )
        message.text, message.raw_text, message.entities = plain, raw, entities
        message.keyboard, message.at = keyboard, now
        if text is not None:
            message.parse_mode = params.text("parse_mode")
        payload = {**message.payload, "edit_date": self._core.date()}
        text_key, entities_key = (
            ("text", "entities") if message.kind == "text" else ("caption", "caption_entities")
        )
        payload.pop(entities_key, None)
        payload.pop(text_key, None)
        if plain is not None:
            payload[text_key] = plain
        if entities:
            payload[entities_key] = list(entities)
        payload.pop("reply_markup", None)
        if markup is not None:
            payload["reply_markup"] = markup
        message.payload = payload
        self._store.payloads[(message.chat_id, message.message_id)] = payload
        self._core.record(
            name,
            message.chat_id,
            message.message_id,
            plain,
            raw,
            params,
            keyboard,
            file=file,
            now=now,
        )
        return payload
