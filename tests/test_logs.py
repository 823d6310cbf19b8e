"""The bot token never reaches the log output."""

from __future__ import annotations

import logging

import pytest

from bot.logs import configure_logging


def test_token_is_redacted_from_log_lines(capsys: pytest.CaptureFixture[str]) -> None:
    token = "123456:AAH-very-secret"
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("INFO", [token])
        logging.getLogger("telegram.request").info(
            "POST https://api.telegram.org/bot%s/getUpdates failed", token
        )
        logging.getLogger("bot").error("boom", exc_info=RuntimeError(f"url with {token}"))
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    err = capsys.readouterr().err
    assert token not in err
    assert err.count("[redacted]") == 2
