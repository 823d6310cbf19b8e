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
    Setting(
        "TELEGRAM_BOT_TOKEN_FILE",
        None,
        "File holding the bot token, used when TELEGRAM_BOT_TOKEN is not set "
        "(e.g. a systemd credential or a Docker secret).",
    ),
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
    Setting(
        "SMALLWINS_WEBHOOK_URL",
        None,
        "Public HTTPS URL Telegram posts updates to; set it to run in webhook mode.",
    ),
    Setting(
        "SMALLWINS_WEBHOOK_SECRET",
        None,
        "Secret token Telegram sends with each webhook request (default: random per start).",
    ),
    Setting(
        "SMALLWINS_LISTEN",
        "127.0.0.1",
        "Address the webhook server listens on (put a TLS proxy in front of it).",
    ),
    Setting("SMALLWINS_PORT", "8443", "Port the webhook server listens on."),
    Setting(
        "SMALLWINS_HEALTH_PORT",
        None,
        "Port for /healthz, /readyz and /metrics (off unless set).",
    ),
    Setting("SMALLWINS_HEALTH_LISTEN", "127.0.0.1", "Address the health and metrics server binds."),
    Setting(
        "SMALLWINS_HTTP",
        "aiohttp",
        "HTTP library for Bot API calls: `aiohttp` (lean) or `httpx` (PTB's default).",
    ),
    Setting(
        "SMALLWINS_PROXY",
        None,
        "Proxy URL for Bot API calls (default: HTTPS_PROXY / ALL_PROXY from the environment).",
    ),
)

HTTP_LIBRARIES = ("aiohttp", "httpx")


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
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    # Only the TLS proxy in front talks to the webhook server; 0.0.0.0 exposes it.
    listen: str = "127.0.0.1"
    port: int = 8443
    health_port: int | None = None
    health_listen: str = "127.0.0.1"
    http: str = "aiohttp"  # the Bot API transport, see bot/transport.py
    proxy: str | None = field(default=None, repr=False)  # its URL may hold a password
    # Seconds between schedule ticks; 0 means no repeating job (tests call the tick).
    tick_seconds: float = 60.0
    # Real seconds in one of Telegram's seconds, for the per-chat limits and RetryAfter
    # waits of replies (bot/nudges/pacing.py) and the per-chat gap between prompts (the
    # sender); tests and the sandbox's tests shrink it along with the stand-in's clock.
    telegram_second: float = 1.0

    @property
    def api_file_url(self) -> str | None:
        return _file_url_for(self.api_url) if self.api_url else None

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it, "
                "or put it in a file named by TELEGRAM_BOT_TOKEN_FILE or --token-file "
                "(try `smallwins sandbox` to use the bot without one)."
            )
        return self.token

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced; `None` values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN") or None
        token_file = env.get("TELEGRAM_BOT_TOKEN_FILE")
        if token is None and token_file:
            token = read_token_file(Path(token_file))
        return cls(
            token=token,
            db_path=Path(env.get("SMALLWINS_DB") or "./smallwins.db"),
            api_url=env.get("SMALLWINS_API_URL") or None,
            grace=timedelta(minutes=_number(env, "SMALLWINS_GRACE_MINUTES", 120, minimum=0)),
            rate_per_second=_number(env, "SMALLWINS_RATE_PER_SECOND", 30, minimum=0.1),
            log_level=(env.get("SMALLWINS_LOG_LEVEL") or "INFO").upper(),
            webhook_url=env.get("SMALLWINS_WEBHOOK_URL") or None,
            webhook_secret=_secret(env, "SMALLWINS_WEBHOOK_SECRET"),
            listen=env.get("SMALLWINS_LISTEN") or "127.0.0.1",
            port=_port(env, "SMALLWINS_PORT", None) or 8443,
            health_port=_port(env, "SMALLWINS_HEALTH_PORT", None),
            health_listen=env.get("SMALLWINS_HEALTH_LISTEN") or "127.0.0.1",
            http=_choice(env, "SMALLWINS_HTTP", HTTP_LIBRARIES),
            proxy=_proxy(env, "SMALLWINS_PROXY"),
        )


def read_token_file(path: Path) -> str:
    """The token kept in a file (so it never shows in the process list), trimmed."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ConfigError(f"cannot read the token file {path}: {error.strerror}") from None
    if not token:
        raise ConfigError(f"the token file {path} is empty")
    return token


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


def _port(env: Mapping[str, str], key: str, default: int | None) -> int | None:
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"{key} must be a port number (1-65535), got {raw!r}")
    return int(raw)


def _choice(env: Mapping[str, str], key: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first by default), case-insensitive."""
    raw = (env.get(key) or choices[0]).strip().lower()
    if raw not in choices:
        raise ConfigError(f"{key} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def _proxy(env: Mapping[str, str], key: str) -> str | None:
    raw = (env.get(key) or "").strip()
    if not raw:
        return None
    scheme, sep, rest = raw.partition("://")
    if not sep or not rest or scheme.lower() not in ("http", "https", "socks5", "socks5h"):
        raise ConfigError(
            f"{key} must be a proxy URL such as http://127.0.0.1:3128 "
            "(socks5:// needs SMALLWINS_HTTP=httpx)"
        )
    if (
        scheme.lower().startswith("socks")
        and _choice(env, "SMALLWINS_HTTP", HTTP_LIBRARIES) != "httpx"
    ):
        raise ConfigError(
            f"{key}: a SOCKS proxy needs SMALLWINS_HTTP=httpx and python-telegram-bot[socks]"
        )
    return raw


def _secret(env: Mapping[str, str], key: str) -> str | None:
    """Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and -."""
    raw = env.get(key) or None
    if raw is not None and not (
        len(raw) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in raw)
    ):
        raise ConfigError(f"{key} may only use letters, digits, _ and - (at most 256)")
    return raw
