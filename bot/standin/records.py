"""What the stand-in remembers: the bot's actions, its messages, faults and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    """A Bot API error response: HTTP status, Telegram's description and parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def bad_request(detail: str, parameters: JSON | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}", parameters)


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


@dataclass(frozen=True, slots=True)
class Button:
    """One inline keyboard button as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None

    @property
    def value(self) -> str | None:
        return self.callback_data if self.callback_data is not None else self.url


Keyboard = tuple[tuple[Button, ...], ...]


def button_rows(keyboard: Keyboard) -> tuple[tuple[tuple[str, str | None], ...], ...]:
    return tuple(tuple((b.text, b.value) for b in row) for row in keyboard)


@dataclass(frozen=True, slots=True)
class SentRecord:
    """One action of the bot (a send, edit, delete, answer, ...), in the order received."""

    method: str
    chat_id: int | None
    message_id: int | None
    text: str | None  # plain text or caption as the user sees it (tags stripped)
    raw_text: str | None  # text or caption exactly as sent (e.g. with HTML tags)
    parse_mode: str | None
    keyboard: Keyboard
    reply_to: int | None
    file_bytes: bytes | None
    filename: str | None
    at: float  # the stand-in's monotonic clock
    params: JSON

    @property
    def buttons(self) -> tuple[tuple[tuple[str, str | None], ...], ...]:
        """Rows of (text, callback_data or url)."""
        return button_rows(self.keyboard)

    @property
    def button_texts(self) -> list[str]:
        return [b.text for row in self.keyboard for b in row]


@dataclass(frozen=True, slots=True)
class Version:
    """A past state of an edited bot message."""

    text: str | None
    raw_text: str | None
    keyboard: Keyboard
    at: float


@dataclass(slots=True)
class BotMessage:
    """A message the bot sent, kept current as it is edited (history holds prior states)."""

    chat_id: int
    message_id: int
    kind: str  # "text", "photo", "document", ...
    text: str | None  # text or caption, tags stripped and entities decoded
    raw_text: str | None
    parse_mode: str | None
    entities: tuple[JSON, ...]
    keyboard: Keyboard
    reply_to: int | None
    file_bytes: bytes | None
    filename: str | None
    file_id: str | None
    at: float
    payload: JSON  # the Message object as the Bot API returned it
    history: list[Version] = field(default_factory=list)
    deleted: bool = False

    @property
    def html(self) -> str | None:
        return self.raw_text

    @property
    def buttons(self) -> tuple[tuple[tuple[str, str | None], ...], ...]:
        """Rows of (text, callback_data or url)."""
        return button_rows(self.keyboard)

    @property
    def button_texts(self) -> list[str]:
        return [b.text for row in self.keyboard for b in row]


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file a user uploaded or the bot sent, served under ``path``."""

    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str | None
    path: str


@dataclass(frozen=True, slots=True)
class UserMessage:
    """A message a fake user sent, and the update that carried it (None if not delivered)."""

    chat_id: int
    message_id: int
    text: str | None
    update_id: int | None
    payload: JSON

    @property
    def delivered(self) -> bool:
        return self.update_id is not None


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    at: float


@dataclass(frozen=True, slots=True)
class FaultFired:
    method: str
    chat_id: int | None
    error: str
    at: float


@dataclass(frozen=True, slots=True)
class ApiErrorRecord:
    """A request the stand-in refused (validation, access or an injected fault)."""

    method: str
    chat_id: int | None
    status: int
    description: str
    at: float


@dataclass(frozen=True, slots=True)
class LimitViolation:
    method: str
    chat_id: int | None
    limit: str  # "global", "private_chat" or "group"
    at: float


@dataclass(frozen=True, slots=True)
class WebhookFailure:
    update_id: int
    status: int | None  # None when the connection failed
    detail: str
    at: float
