"""What Telegram refuses before anything happens: long or malformed text (4096 characters,
HTML entities), bad inline keyboards (64-byte callback_data), and sends over the flood limits."""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urlsplit

from .core import Core
from .entities import EntityParseError, parse_html, utf16_len
from .records import JSON, ApiError, Button, Keyboard, LimitViolation, bad_request
from .wire import Params

# Methods that put a new message into a chat (counted by wait_sent and the rate enforcer).
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "login_url",
    "web_app",
    "copy_text",
)

# A text or caption: (plain text as the user sees it, raw text as sent, entities).
TextParts = tuple[str | None, str | None, tuple[JSON, ...]]


def parse_text(
    params: Params,
    field: str,
    entities_field: str,
    *,
    limit: int,
    kind: str,
    strict_ampersand: bool,
) -> TextParts:
    """(plain text, raw text, entities) of a text or caption; validates like Telegram."""
    raw = params.text(field)
    if raw is None:
        return None, None, ()
    parse_mode = (params.text("parse_mode") or "").lower()
    if parse_mode == "html":
        try:
            parsed = parse_html(raw, strict_ampersand=strict_ampersand)
        except EntityParseError as err:
            raise bad_request(f"can't parse entities: {err}") from None
        plain, entities = parsed.text, parsed.entities
    else:
        plain = raw
        given = params.structured(entities_field)
        entities = tuple(given) if isinstance(given, list) else ()
    if utf16_len(plain) > limit:
        raise bad_request(f"message {kind}is too long")
    return plain, raw, entities


def parse_markup(params: Params) -> tuple[Keyboard, JSON | None]:
    """The inline keyboard of ``reply_markup`` and the markup to echo in the Message."""
    markup = params.structured("reply_markup")
    if markup is None:
        return (), None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        # Reply keyboards (and their removal) live in the client; like Telegram, the
        # returned Message carries only inline keyboards. The request params keep them.
        return (), None
    if not isinstance(rows, list):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    keyboard: list[tuple[Button, ...]] = []
    for row in rows:
        if not isinstance(row, list):
            raise bad_request(
                "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
            )
        keyboard.append(tuple(parse_button(button) for button in row))
    if sum(len(row) for row in keyboard) > 100:
        raise bad_request("reply markup is too long")
    return tuple(keyboard), markup


def parse_button(button: Any) -> Button:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used"
        )
    data = button.get("callback_data")
    if data is not None:
        data = str(data)
        if not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None:
        url = str(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https", "tg") or (scheme != "tg" and not urlsplit(url).netloc):
            raise bad_request("BUTTON_URL_INVALID")
    return Button(text=text, callback_data=data, url=url)


class RateLimits:
    """Sliding windows over the stand-in's monotonic clock, like Telegram's flood limits."""

    def __init__(self, global_per_s: int, private_per_s: int, group_per_min: int) -> None:
        self.global_per_s = global_per_s
        self.private_per_s = private_per_s
        self.group_per_min = group_per_min
        self._global: deque[float] = deque()
        self._chats: dict[int, list[float]] = {}

    def admit(self, chat_id: int | None, now: float) -> str | None:
        """Count a send at ``now``; return the name of the exceeded limit, if any."""
        window = self._global
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.global_per_s:
            return "global"
        stamps: list[float] | None = None
        if chat_id is not None:
            private = chat_id > 0
            span, limit = (1.0, self.private_per_s) if private else (60.0, self.group_per_min)
            stamps = self._chats.setdefault(chat_id, [])
            while stamps and stamps[0] <= now - span:
                stamps.pop(0)
            if len(stamps) >= limit:
                return "private_chat" if private else "group"
            stamps.append(now)
        window.append(now)
        return None


class RateEnforcer:
    """Once enabled, answers sends above the flood limits with 429 and counts them."""

    def __init__(self, core: Core) -> None:
        self._core = core
        self._limits: RateLimits | None = None
        self._retry_after = 1
        self.violations: list[LimitViolation] = []

    def enforce(
        self, global_per_s: int, private_per_s: int, group_per_min: int, *, retry_after: int
    ) -> None:
        self._limits = RateLimits(global_per_s, private_per_s, group_per_min)
        self._retry_after = retry_after

    def check(self, name: str, chat_id: int | None) -> None:
        """Count a send; raise Telegram's 429 if it goes over a limit (when enforced)."""
        if self._limits is None:
            return
        now = self._core.monotonic()
        exceeded = self._limits.admit(chat_id, now)
        if exceeded is not None:
            self.violations.append(LimitViolation(name, chat_id, exceeded, now))
            retry = self._retry_after
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
