"""deploy/ checked without a container engine: compose parses, the unit is sound."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.config import SETTINGS

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "smallwins.service", encoding="utf-8")
    return parser


def test_compose_file_has_the_service_volume_and_healthcheck() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["smallwins"]
    assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert "smallwins-data:/data" in service["volumes"]
    assert "smallwins-data" in compose["volumes"]
    assert service["environment"]["SMALLWINS_DB"] == "/data/smallwins.db"
    assert service["restart"] == "unless-stopped"
    test = service["healthcheck"]["test"]
    assert test[0] == "CMD" and any("/readyz" in part for part in test)


def test_dockerfile_runs_as_a_user_with_a_data_volume_and_healthcheck() -> None:
    lines = [
        line.strip()
        for line in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert any(line.startswith("VOLUME") and "/data" in line for line in lines)
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert any("SMALLWINS_DB=/data/smallwins.db" in line for line in lines)
    assert lines[0].startswith("FROM python:3.11-slim")


def test_unit_file_restarts_and_is_hardened() -> None:
    unit = _unit()
    assert {"Unit", "Service", "Install"} <= set(unit.sections())
    service = unit["Service"]
    assert service["Restart"] in ("on-failure", "always")
    assert service["EnvironmentFile"]
    assert service["NoNewPrivileges"] == "true"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "true"
    assert service["User"] not in ("root", "0")
    db_dir = service["Environment"].split("=", 2)[-1].rsplit("/", 1)[0]
    assert db_dir in service["ReadWritePaths"].split()
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_unit_file_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    text = (DEPLOY / "smallwins.service").read_text(encoding="utf-8")
    # verify checks that ExecStart exists; the installed path does not exist here.
    copy = tmp_path / "smallwins.service"
    copy.write_text(
        text.replace("ExecStart=/opt/smallwins/bin/smallwins run", "ExecStart=/bin/true"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [analyze, "verify", str(copy)], capture_output=True, text=True, check=False, timeout=30
    )
    if result.returncode != 0 and "Failed to" in result.stderr and "bus" in result.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr


def test_example_env_file_names_only_known_settings() -> None:
    known = {s.env for s in SETTINGS}
    names = set()
    for line in (DEPLOY / "smallwins.env.example").read_text(encoding="utf-8").splitlines():
        stripped = line.lstrip("# ").strip()
        if "=" in stripped and stripped.split("=", 1)[0].isupper():
            names.add(stripped.split("=", 1)[0])
    assert "TELEGRAM_BOT_TOKEN" in names
    assert names <= known, names - known
