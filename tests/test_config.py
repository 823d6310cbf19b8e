"""Settings come from a mapping, fail loudly by name, and never show the token."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import SETTINGS, ConfigError, Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_apply_when_the_environment_is_empty() -> None:
    settings = Settings.from_env({})
    assert settings.db_path == Path("./smallwins.db")
    assert settings.api_url is None
    assert settings.grace == timedelta(hours=2)
    assert settings.rate_per_second == 30


def test_api_url_gives_the_matching_file_url() -> None:
    settings = Settings.from_env({"SMALLWINS_API_URL": "http://127.0.0.1:8081/bot"})
    assert settings.api_file_url == "http://127.0.0.1:8081/file/bot"


def test_missing_token_fails_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        Settings.from_env({}).require_token()


def test_malformed_number_fails_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="SMALLWINS_RATE_PER_SECOND"):
        Settings.from_env({"SMALLWINS_RATE_PER_SECOND": "fast"})


def test_token_never_appears_in_the_repr() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123:secret-token"})
    assert "secret-token" not in repr(settings)


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert missing == []


def test_webhook_and_health_settings_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "SMALLWINS_WEBHOOK_URL": "https://bot.example.org/hook",
            "SMALLWINS_WEBHOOK_SECRET": "abc_DEF-123",
            "SMALLWINS_PORT": "8080",
            "SMALLWINS_HEALTH_PORT": "9100",
        }
    )
    assert settings.webhook_url == "https://bot.example.org/hook"
    assert (settings.port, settings.health_port) == (8080, 9100)
    # The webhook server is for the TLS proxy in front of it, on this machine.
    assert settings.listen == Settings().listen == "127.0.0.1"
    assert Settings.from_env({"SMALLWINS_LISTEN": "0.0.0.0"}).listen == "0.0.0.0"
    assert "abc_DEF-123" not in repr(settings)
    assert Settings.from_env({}).health_port is None


def test_malformed_port_or_secret_fails_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="SMALLWINS_HEALTH_PORT"):
        Settings.from_env({"SMALLWINS_HEALTH_PORT": "99999"})
    with pytest.raises(ConfigError, match="SMALLWINS_WEBHOOK_SECRET"):
        Settings.from_env({"SMALLWINS_WEBHOOK_SECRET": "has spaces!"})
