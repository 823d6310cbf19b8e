"""The people and groups the stand-in plays: thin handles that act through a ``Stage``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .records import JSON, BotMessage, UserMessage

ReplyRef = BotMessage | UserMessage | int


class Speech(Protocol):
    """What users' clients send (``incoming.Incoming``)."""

    def post(
        self,
        user: FakeUser,
        chat: FakeGroup | None,
        content: JSON,
        *,
        text: str | None,
        reply_to: ReplyRef | None,
        anonymous: bool = False,
    ) -> UserMessage: ...

    def post_media(
        self,
        user: FakeUser,
        chat: FakeGroup | None,
        kind: str,
        caption: str | None,
        data: bytes | None,
        extra: JSON | None,
        reply_to: ReplyRef | None,
    ) -> UserMessage: ...

    def edit(self, user: FakeUser, message: UserMessage, text: str) -> UserMessage: ...


class Presses(Protocol):
    """Button presses (``callbacks.Callbacks``)."""

    def press(
        self,
        user: FakeUser,
        message: BotMessage,
        text: str | None,
        row: int | None,
        col: int | None,
    ) -> str: ...

    def press_data(self, user: FakeUser, message: BotMessage, data: str) -> str: ...


class Memberships(Protocol):
    """Who is in which chat (``membership.Membership``)."""

    def set_blocked(self, user: FakeUser, *, blocked: bool) -> None: ...

    def add_bot(self, group: FakeGroup, by: FakeUser, *, admin: bool) -> None: ...

    def remove_bot(self, group: FakeGroup, by: FakeUser) -> None: ...

    def restrict_bot(self, group: FakeGroup, by: FakeUser, *, can_send: bool) -> None: ...

    def unrestrict_bot(self, group: FakeGroup, by: FakeUser) -> None: ...

    def add_member(
        self, group: FakeGroup, user: FakeUser, *, admin: bool, by: FakeUser | None
    ) -> None: ...

    def remove_member(self, group: FakeGroup, user: FakeUser) -> None: ...

    def migrate(self, group: FakeGroup) -> int: ...


@dataclass(frozen=True, slots=True)
class Stage:
    """The stand-in as actors see it: where they speak, press buttons and come and go."""

    speech: Speech
    presses: Presses
    membership: Memberships


class FakeUser:
    """A Telegram user talking to the bot, privately or in groups."""

    def __init__(
        self,
        stage: Stage,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> None:
        self._stage = stage
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.started = False  # has a private chat with the bot
        self.blocked = False

    def __repr__(self) -> str:
        return f"FakeUser({self.first_name!r}, id={self.id})"

    @property
    def chat_id(self) -> int:
        """The id of the private chat with the bot (Telegram uses the user id)."""
        return self.id

    def to_json(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def private_chat_json(self) -> JSON:
        data: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data

    def start_private(self) -> None:
        """Open the private chat with the bot (without sending /start)."""
        self.started = True

    def send(
        self,
        text: str,
        *,
        chat: FakeGroup | None = None,
        reply_to: ReplyRef | None = None,
        anonymous: bool = False,
    ) -> UserMessage:
        """Type a text message; a leading /command gets its bot_command entity.

        ``anonymous=True`` (an admin of ``chat`` who remains anonymous) posts as the group
        itself: Telegram sets ``sender_chat`` and puts GroupAnonymousBot in ``from``.
        """
        return self._stage.speech.post(
            self, chat, {"text": text}, text=text, reply_to=reply_to, anonymous=anonymous
        )

    def send_photo(
        self,
        caption: str | None = None,
        *,
        chat: FakeGroup | None = None,
        data: bytes | None = None,
        reply_to: ReplyRef | None = None,
    ) -> UserMessage:
        """Send a photo (a tiny PNG unless ``data`` is given) in two sizes."""
        return self._stage.speech.post_media(self, chat, "photo", caption, data, None, reply_to)

    def send_document(
        self,
        data: bytes = b"",
        filename: str = "file.txt",
        *,
        mime_type: str = "text/plain",
        caption: str | None = None,
        chat: FakeGroup | None = None,
        reply_to: ReplyRef | None = None,
    ) -> UserMessage:
        extra = {"file_name": filename, "mime_type": mime_type}
        return self._stage.speech.post_media(self, chat, "document", caption, data, extra, reply_to)

    def send_sticker(self, emoji: str = "👍", *, chat: FakeGroup | None = None) -> UserMessage:
        extra = {"emoji": emoji, "type": "regular", "width": 512, "height": 512}
        extra |= {"is_animated": False, "is_video": False}
        return self._stage.speech.post_media(self, chat, "sticker", None, None, extra, None)

    def send_voice(self, duration: int = 3, *, chat: FakeGroup | None = None) -> UserMessage:
        extra = {"duration": duration, "mime_type": "audio/ogg"}
        return self._stage.speech.post_media(self, chat, "voice", None, None, extra, None)

    def send_location(
        self, latitude: float, longitude: float, *, chat: FakeGroup | None = None
    ) -> UserMessage:
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._stage.speech.post(self, chat, content, text=None, reply_to=None)

    def edit(self, message: UserMessage, text: str) -> UserMessage:
        """Edit one of this user's text messages (an ``edited_message`` update)."""
        return self._stage.speech.edit(self, message, text)

    def press(
        self,
        message: BotMessage,
        text: str | None = None,
        *,
        row: int | None = None,
        col: int | None = None,
    ) -> str:
        """Press an inline button by its text (or row/col); returns the callback query id."""
        return self._stage.presses.press(self, message, text, row, col)

    def press_data(self, message: BotMessage, data: str) -> str:
        """A callback query with any data under a bot message, as a modified client can
        send (forged or stale buttons); returns the callback query id."""
        return self._stage.presses.press_data(self, message, data)

    def block_bot(self) -> None:
        """Block the bot: sends fail with 403 and a my_chat_member 'kicked' update arrives."""
        self._stage.membership.set_blocked(self, blocked=True)

    def unblock_bot(self) -> None:
        self._stage.membership.set_blocked(self, blocked=False)


class FakeGroup:
    """A basic group or supergroup with its members and the bot's membership."""

    def __init__(
        self,
        stage: Stage,
        chat_id: int,
        title: str,
        *,
        supergroup: bool,
        owner: FakeUser | None = None,
    ) -> None:
        self._stage = stage
        self.id = chat_id
        self.title = title
        self.supergroup = supergroup
        self.owner = owner
        self.members: dict[int, FakeUser] = {}
        self.admins: set[int] = set()
        # left, member, administrator, restricted or kicked
        self.bot_status = "left"
        self.bot_can_send = True  # False once an admin restricts the bot from posting
        self.previous_ids: list[int] = []  # ids before a migration

    def __repr__(self) -> str:
        return f"FakeGroup({self.title!r}, id={self.id})"

    @property
    def chat_id(self) -> int:
        return self.id

    @property
    def type(self) -> str:
        return "supergroup" if self.supergroup else "group"

    @property
    def has_bot(self) -> bool:
        return self.bot_status in ("member", "administrator", "restricted")

    def to_json(self) -> JSON:
        return {"id": self.id, "type": self.type, "title": self.title}

    def member_status(self, user_id: int) -> str:
        if user_id not in self.members:
            return "left"
        if self.owner is not None and self.owner.id == user_id:
            return "creator"
        return "administrator" if user_id in self.admins else "member"

    def add_bot(self, *, by: FakeUser, admin: bool = False) -> None:
        """A member adds the bot: my_chat_member update plus the new_chat_members message."""
        self._stage.membership.add_bot(self, by, admin=admin)

    def remove_bot(self, *, by: FakeUser) -> None:
        """A member removes the bot: my_chat_member update; later sends get 403."""
        self._stage.membership.remove_bot(self, by)

    def restrict_bot(self, *, by: FakeUser, can_send_messages: bool = False) -> None:
        """An admin restricts the bot (supergroups only): a my_chat_member 'restricted'
        update; while it may not send messages, its sends fail with 400."""
        self._stage.membership.restrict_bot(self, by, can_send=can_send_messages)

    def unrestrict_bot(self, *, by: FakeUser) -> None:
        """An admin lifts the bot's restrictions: it is a plain member again."""
        self._stage.membership.unrestrict_bot(self, by)

    def add_member(
        self, user: FakeUser, *, admin: bool = False, by: FakeUser | None = None
    ) -> None:
        self._stage.membership.add_member(self, user, admin=admin, by=by)

    def remove_member(self, user: FakeUser) -> None:
        self._stage.membership.remove_member(self, user)

    def migrate(self) -> int:
        """Upgrade a basic group to a supergroup; returns the new chat id."""
        return self._stage.membership.migrate(self)


def chat_id_of(chat: Any) -> int:
    """The chat id of a FakeUser (private chat), FakeGroup or plain id."""
    if isinstance(chat, FakeUser | FakeGroup):
        return chat.id
    if isinstance(chat, int):
        return chat
    raise TypeError(f"not a chat: {chat!r}")
