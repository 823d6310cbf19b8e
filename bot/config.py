"""Settings: one frozen dataclass built from the environment (or any mapping) and flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A required setting is missing or malformed; the message names it."""


@dataclass(frozen=True, slots=True)
class Setting:
    env: str
    default: str | None
    help: str


# Every environment variable smallwins reads. A test checks each one is in the README.
SETTINGS: tuple[Setting, ...] = (
    Setting("TELEGRAM_BOT_TOKEN", None, "Bot token from @BotFather (required for `run`)."),
    Setting("SMALLWINS_DB", "./smallwins.db", "Path of the SQLite database file."),
    Setting(
        "SMALLWINS_API_URL",
        None,
        "Bot API base URL for a self-hosted or local Bot API server, "
        "e.g. `http://127.0.0.1:8081/bot` (python-telegram-bot's `base_url`).",
    ),
    Setting(
        "SMALLWINS_GRACE_MINUTES",
        "120",
        "Prompts missed by less than this (after downtime) are still sent.",
    ),
    Setting(
        "SMALLWINS_RATE_PER_SECOND",
        "30",
        "Global send rate for scheduled prompts (raise it for paid broadcasts).",
    ),
    Setting("SMALLWINS_LOG_LEVEL", "INFO", "Logging level (DEBUG, INFO, WARNING, ...)."),
)


def _file_url_for(api_url: str) -> str:
    """Derive the file download base from the method base: `.../bot` -> `.../file/bot`."""
    trimmed = api_url.rstrip("/")
    if trimmed.endswith("/bot"):
        return trimmed[: -len("bot")] + "file/bot"
    return trimmed + "/file/bot"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot needs to run. The token is never part of the repr."""

    token: str | None = field(default=None, repr=False)
    db_path: Path = Path("./smallwins.db")
    api_url: str | None = None
    grace: timedelta = timedelta(hours=2)
    rate_per_second: float = 30.0
    log_level: str = "INFO"
    # Seconds between schedule ticks; 0 means no repeating job (tests call the tick).
    tick_seconds: float = 60.0

    @property
    def api_file_url(self) -> str | None:
        return _file_url_for(self.api_url) if self.api_url else None

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it, "
                "or pass --token (try `smallwins sandbox` to use the bot without one)."
            )
        return self.token

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced; `None` values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            db_path=Path(env.get("SMALLWINS_DB") or "./smallwins.db"),
            api_url=env.get("SMALLWINS_API_URL") or None,
            grace=timedelta(minutes=_number(env, "SMALLWINS_GRACE_MINUTES", 120, minimum=0)),
            rate_per_second=_number(env, "SMALLWINS_RATE_PER_SECOND", 30, minimum=0.1),
            log_level=(env.get("SMALLWINS_LOG_LEVEL") or "INFO").upper(),
        )


def _number(env: Mapping[str, str], key: str, default: float, *, minimum: float) -> float:
    raw = env.get(key)
    if raw is None or raw == "":
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{key} must be at least {minimum}, got {raw!r}")
    return value
