"""The bot's own profile: who it is (getMe), its command menus per scope and language, and
its descriptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .core import Core
from .entities import utf16_len
from .records import JSON, bad_request
from .wire import Params


@dataclass(slots=True)
class Identity:
    """The bot as users and the API see it; ``privacy_mode`` may change during a test."""

    bot_id: int
    username: str
    first_name: str
    privacy_mode: bool

    def to_json(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


def commands_key(scope: Any, language_code: str | None) -> str:
    """'default', 'chat:<id>', 'chat_member:<chat>:<user>'..., plus '/<lang>' if any."""
    scope = scope if isinstance(scope, dict) else {"type": "default"}
    key = str(scope.get("type", "default"))
    for part in ("chat_id", "user_id"):
        if scope.get(part) is not None:
            key += f":{scope[part]}"
    return f"{key}/{language_code}" if language_code else key


def _language_code(params: Params) -> str | None:
    """A two-letter ISO 639-1 code, or none (the menu for every other language); Telegram
    refuses anything else, regional tags like `pt-br` included."""
    code = params.text("language_code")
    if code and not (len(code) == 2 and code.isascii() and code.isalpha() and code.islower()):
        raise bad_request("invalid language code specified")
    return code


class Profile:
    """getMe, setMyCommands and friends, setMyDescription and friends."""

    def __init__(self, core: Core, identity: Identity) -> None:
        self._core = core
        self._identity = identity
        self.commands: dict[str, list[tuple[str, str]]] = {}
        self.descriptions: dict[str, str] = {}

    def get_me(self, params: Params) -> JSON:
        return {
            **self._identity.to_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self._identity.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def set_my_commands(self, params: Params) -> bool:
        commands = params.structured("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be an array of at most 100 BotCommand")
        parsed: list[tuple[str, str]] = []
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not (
                1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name)
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            parsed.append((name, description))
        key = commands_key(params.structured("scope"), _language_code(params))
        self.commands[key] = parsed
        self._core.record("setMyCommands", None, None, key, None, params)
        return True

    def get_my_commands(self, params: Params) -> list[JSON]:
        key = commands_key(params.structured("scope"), _language_code(params))
        return [{"command": c, "description": d} for c, d in self.commands.get(key, [])]

    def delete_my_commands(self, params: Params) -> bool:
        key = commands_key(params.structured("scope"), _language_code(params))
        self.commands.pop(key, None)
        self._core.record("deleteMyCommands", None, None, key, None, params)
        return True

    def set_my_description(self, params: Params) -> bool:
        return self._describe(params, "description", 512, "setMyDescription")

    def set_my_short_description(self, params: Params) -> bool:
        return self._describe(params, "short_description", 120, "setMyShortDescription")

    def get_my_description(self, params: Params) -> JSON:
        language = params.text("language_code")
        key = f"description/{language}" if language else "description"
        return {"description": self.descriptions.get(key, "")}

    def get_my_short_description(self, params: Params) -> JSON:
        language = params.text("language_code")
        key = f"short_description/{language}" if language else "short_description"
        return {"short_description": self.descriptions.get(key, "")}

    def _describe(self, params: Params, field: str, limit: int, name: str) -> bool:
        value = params.text(field) or ""
        if utf16_len(value) > limit:
            raise bad_request(f"{field} is too long")
        language = params.text("language_code")
        key = f"{field}/{language}" if language else field
        self.descriptions[key] = value
        self._core.record(name, None, None, value, value, params)
        return True
