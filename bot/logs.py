"""Logging setup for the entry point: one format, and secrets and people's words never
reach the output."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

# python-telegram-bot logs the raw update (people's wins) when it cannot parse one.
_RAW_UPDATE_MARKERS = ("Received data was", "Webhook received data")


class RedactingFormatter(logging.Formatter):
    """Replaces every secret (e.g. the bot token inside a request URL) with a marker."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def add_secret(self, secret: str) -> None:
        if secret and secret not in self._secrets:
            self._secrets.append(secret)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text


class WithoutRawUpdates(logging.Filter):
    """Keeps python-telegram-bot's "could not process this update" lines, without the
    update itself: its text is what someone wrote to the bot."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("telegram") and isinstance(record.msg, str):
            for marker in _RAW_UPDATE_MARKERS:
                if marker in record.msg:
                    record.msg = record.msg.split(marker)[0] + marker + " withheld."
                    record.args = ()
        return True


def configure_logging(level: str, secrets: Iterable[str] = (), *, file: Path | None = None) -> None:
    """One handler on the root logger: stderr, or `file` (the sandbox keeps its chat clean)."""
    handler: logging.Handler = (
        logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler()
    )
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    handler.addFilter(WithoutRawUpdates())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def redact(secret: str) -> None:
    """Also keep `secret` out of the output (one known only after logging was set up,
    like a webhook secret made at start)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, RedactingFormatter):
            handler.formatter.add_secret(secret)
