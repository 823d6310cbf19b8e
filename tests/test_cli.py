"""The command line keeps what it creates private and the token out of the process list."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, Settings
from storage import Store


@pytest.fixture
def restored_umask() -> Iterator[None]:
    before = os.umask(0o022)  # the usual default, as a shell would leave it
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.usefixtures("restored_umask")
def test_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "live.db"

    async def create() -> None:
        await (await Store.open(db)).close()

    asyncio.run(create())
    target = tmp_path / "copy.db"
    assert main(["backup", str(target), "--db", str(db)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) & 0o077 == 0
    # And whatever the process creates next, the database included.
    fresh = tmp_path / "fresh.db"
    fresh.touch()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_the_token_can_come_from_a_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("123456:from-a-file\n", encoding="utf-8")
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(token_file)})
    assert settings.require_token() == "123456:from-a-file"
    # The variable itself still wins, as before.
    both = {"TELEGRAM_BOT_TOKEN": "123456:direct", "TELEGRAM_BOT_TOKEN_FILE": str(token_file)}
    assert Settings.from_env(both).require_token() == "123456:direct"


def test_a_missing_token_file_fails_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="token file"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "nope")})


@pytest.mark.usefixtures("restored_umask")
def test_run_takes_the_token_from_token_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    assert main(["run", "--token-file", str(empty)]) == 2
    assert "is empty" in capsys.readouterr().err
