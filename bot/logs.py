"""Logging setup for the entry point: one format, and secrets never reach the output."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path


class RedactingFormatter(logging.Formatter):
    """Replaces every secret (e.g. the bot token inside a request URL) with a marker."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text


def configure_logging(level: str, secrets: Iterable[str] = (), *, file: Path | None = None) -> None:
    """One handler on the root logger: stderr, or `file` (the sandbox keeps its chat clean)."""
    handler: logging.Handler = (
        logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler()
    )
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
