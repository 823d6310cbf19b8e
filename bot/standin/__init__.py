"""A local stand-in for the Telegram Bot API, for end-to-end tests, benchmarks and the sandbox."""

from .actors import FakeGroup, FakeUser
from .core import WaitTimeout
from .entities import EntityParseError, ParsedText, parse_html, utf16_len
from .records import (
    ApiErrorRecord,
    BotMessage,
    Button,
    CallbackAnswer,
    FaultFired,
    LimitViolation,
    SentRecord,
    UserMessage,
    Version,
    WebhookFailure,
)
from .server import StandIn

__all__ = [
    "ApiErrorRecord",
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "EntityParseError",
    "FakeGroup",
    "FakeUser",
    "FaultFired",
    "LimitViolation",
    "ParsedText",
    "SentRecord",
    "StandIn",
    "UserMessage",
    "Version",
    "WaitTimeout",
    "WebhookFailure",
    "parse_html",
    "utf16_len",
]
