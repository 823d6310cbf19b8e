"""What fake users send the bot: text, media and edits, as Message updates.

Privacy mode (on by default, like for every bot): in groups the bot only receives
commands meant for it (``/cmd`` or ``/cmd@this_bot``), replies to its messages,
messages mentioning ``@this_bot``, and service messages; other group messages are not
delivered (``UserMessage.update_id`` is None). A bot that is an administrator, or a
stand-in created with ``privacy_mode=False``, receives everything. Private chats
deliver everything. Callback queries are always delivered.
"""

from __future__ import annotations

from .actors import FakeGroup, FakeUser, ReplyRef
from .chats import Chats
from .core import Core
from .entities import command_target, user_entities
from .files import TINY_PNG, Files, image_size, photo_size
from .profile import Identity
from .records import JSON, UserMessage
from .store import MessageStore
from .updates import Updates

# Who Telegram says sent a message that an anonymous group admin posted.
ANONYMOUS_ADMIN: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
_DEFAULT_CONTENT = {"photo": TINY_PNG, "sticker": b"RIFF\x00\x00\x00\x00WEBP", "voice": b"OggS"}
_DEFAULT_MIME = {"photo": "image/png", "sticker": "image/webp", "voice": "audio/ogg"}


class Incoming:
    """Turns what actors type, upload and edit into messages and updates."""

    def __init__(
        self,
        core: Core,
        identity: Identity,
        chats: Chats,
        store: MessageStore,
        files: Files,
        updates: Updates,
    ) -> None:
        self._core = core
        self._identity = identity
        self._chats = chats
        self._store = store
        self._files = files
        self._updates = updates

    def post(
        self,
        user: FakeUser,
        chat: FakeGroup | None,
        content: JSON,
        *,
        text: str | None,
        reply_to: ReplyRef | None,
        anonymous: bool = False,
    ) -> UserMessage:
        """A message from ``user`` in ``chat`` (None: the private chat with the bot)."""
        chat_json = self._user_chat(user, chat)
        chat_id: int = chat_json["id"]
        payload: JSON = {
            "message_id": self._store.next_id(chat_id),
            "from": user.to_json(),
            "chat": chat_json,
            "date": self._core.date(),
            **content,
        }
        if anonymous:
            if chat is None or chat.member_status(user.id) not in ("creator", "administrator"):
                raise ValueError(f"only an admin of a group can post anonymously, not {user!r}")
            payload["from"] = dict(ANONYMOUS_ADMIN)
            payload["sender_chat"] = chat_json
        caption = content.get("caption")
        if text is not None:
            entities = user_entities(text)
            if entities:
                payload["entities"] = entities
        elif caption:
            entities = user_entities(caption)
            if entities:
                payload["caption_entities"] = entities
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            replied = self._store.reply_target(chat_id, target_id)
            if replied is None:
                raise ValueError(f"no message {target_id} to reply to in chat {chat_id}")
            payload["reply_to_message"] = replied
        self._store.payloads[(chat_id, payload["message_id"])] = payload
        update_id = None
        if chat is None or self.delivers(chat, payload):
            update_id = self._updates.enqueue("message", payload)
        return UserMessage(chat_id, payload["message_id"], text, update_id, payload)

    def post_media(
        self,
        user: FakeUser,
        chat: FakeGroup | None,
        kind: str,
        caption: str | None,
        data: bytes | None,
        extra: JSON | None,
        reply_to: ReplyRef | None,
    ) -> UserMessage:
        """A photo (in two sizes), document, sticker or voice message, stored as a file."""
        extra = dict(extra or {})
        content_bytes = data if data is not None else _DEFAULT_CONTENT.get(kind, b"")
        stored = self._files.store(
            content_bytes,
            kind,
            filename=extra.get("file_name"),
            mime_type=extra.get("mime_type") or _DEFAULT_MIME.get(kind),
        )
        content: JSON
        if kind == "photo":
            width, height = image_size(content_bytes)
            small = self._files.store(content_bytes, kind, mime_type="image/png")
            content = {
                "photo": [
                    {
                        "file_id": small.file_id,
                        "file_unique_id": small.file_unique_id,
                        "file_size": len(content_bytes),
                        "width": max(width // 4, 1),
                        "height": max(height // 4, 1),
                    },
                    photo_size(stored),
                ]
            }
        else:
            file_json = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(content_bytes),
            }
            content = {kind: {**file_json, **extra}}
        if caption is not None:
            content["caption"] = caption
        return self.post(user, chat, content, text=None, reply_to=reply_to)

    def edit(self, user: FakeUser, message: UserMessage, text: str) -> UserMessage:
        """An edit of one of ``user``'s text messages (an ``edited_message`` update)."""
        payload = self._store.payloads.get((message.chat_id, message.message_id))
        if payload is None or payload.get("from", {}).get("id") != user.id:
            raise ValueError(f"{user!r} has no message {message.message_id} to edit")
        if "text" not in payload:
            raise ValueError("only text messages can be edited this way")
        payload = {**payload, "text": text, "edit_date": self._core.date()}
        payload.pop("entities", None)
        entities = user_entities(text)
        if entities:
            payload["entities"] = entities
        self._store.payloads[(message.chat_id, message.message_id)] = payload
        group = self._chats.groups.get(message.chat_id)
        update_id = None
        if group is None or self.delivers(group, payload):
            update_id = self._updates.enqueue("edited_message", payload)
        return UserMessage(message.chat_id, message.message_id, text, update_id, payload)

    def delivers(self, group: FakeGroup, payload: JSON) -> bool:
        """Privacy mode: whether a group message reaches the bot (see module docstring)."""
        if not group.has_bot:
            return False
        bot = self._identity
        if not bot.privacy_mode or group.bot_status == "administrator":
            return True
        text = payload.get("text") or payload.get("caption") or ""
        if "text" in payload:
            target = command_target(text)
            if target is not None and (
                target[1] is None or target[1].lower() == bot.username.lower()
            ):
                return True
        replied = payload.get("reply_to_message")
        if replied is not None and replied.get("from", {}).get("id") == bot.bot_id:
            return True
        return f"@{bot.username.lower()}" in text.lower()

    def _user_chat(self, user: FakeUser, chat: FakeGroup | None) -> JSON:
        if chat is None:
            if user.blocked:
                raise RuntimeError(f"{user!r} blocked the bot; call unblock_bot() first")
            user.started = True
            return user.private_chat_json()
        if user.id not in chat.members:
            raise ValueError(f"{user!r} is not a member of {chat!r}")
        return chat.to_json()
