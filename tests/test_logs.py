"""The bot token, the webhook secret and people's words never reach the log output."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.logs import configure_logging, redact


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


def _captured(capsys: pytest.CaptureFixture[str], emit: Callable[[], None]) -> str:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("DEBUG", ["123456:AAH-very-secret"])
        emit()
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    return capsys.readouterr().err


def test_a_webhook_secret_made_at_start_is_redacted_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = "fresh-random-webhook-secret"

    def emit() -> None:
        redact(secret)
        # What python-telegram-bot logs at DEBUG when it registers the webhook.
        logging.getLogger("telegram.ext.ExtBot").debug(
            "Calling Bot API endpoint `setWebhook` with parameters `%s`",
            {"url": "https://bot.example.org/hook", "secret_token": secret},
        )

    err = _captured(capsys, emit)
    assert secret not in err
    assert "setWebhook" in err and "[redacted]" in err


def test_an_update_that_could_not_be_parsed_is_logged_without_its_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    words = "told my sister about the diagnosis"
    update = {"update_id": 7, "message": {"text": words, "entities": [{"type": "bold"}]}}

    def emit() -> None:
        logging.getLogger("telegram.ext._utils.webhookhandler").critical(
            "Something went wrong processing the data received from Telegram. "
            "Received data was *not* processed! Received data was: %r",
            update,
            exc_info=TypeError("MessageEntity.__init__() missing 2 required arguments"),
        )
        logging.getLogger("telegram.ext.ExtBot").critical(
            "Error while parsing updates! Received data was %r", [update]
        )

    err = _captured(capsys, emit)
    assert words not in err
    assert err.count("CRITICAL") == 2 and "withheld" in err
