"""The project's own tooling: CI runs the README's one test command, which installs every
tool CI calls, and each dependency is listed once."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Tools whose package is named otherwise; any other tool is its package's name.
TOOL_PACKAGES = {"lint-imports": "import-linter"}


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    """The normalised package name of a requirement such as `python-telegram-bot[x]>=22`."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    block = re.search(r"```sh\n(.*?)\n```", section, flags=re.DOTALL)
    assert block, "no sh block under 'Run the tests'"
    (command,) = block.group(1).splitlines()
    return command


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [
        line.strip() for line in lines if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]


def test_ci_runs_the_readme_test_command_before_its_checks() -> None:
    assert _ci_commands()[0] == _readme_test_command()


def test_the_test_command_installs_every_tool_ci_calls() -> None:
    command = _readme_test_command()
    extras = re.search(r"\.\[([a-z,-]+)\]", command)
    assert extras, command
    optional = _pyproject()["project"]["optional-dependencies"]
    installed = {_name(r) for extra in extras.group(1).split(",") for r in optional[extra]}
    tools = {
        Path(word).name
        for line in _ci_commands()
        for word in shlex.split(line)
        if word.startswith(".venv/bin/")
    } - {"pip", "python"}
    assert {"ruff", "mypy"} <= tools
    assert {"ruff", "mypy"} <= {_name(r) for r in optional["dev"]}  # not the test extra
    assert {TOOL_PACKAGES.get(tool, tool) for tool in tools} <= installed


def test_each_dependency_is_listed_once() -> None:
    project = _pyproject()["project"]
    lists = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    seen: dict[str, str] = {}
    for where, requirements in lists.items():
        for requirement in requirements:
            name = _name(requirement)
            assert name not in seen, f"{name} is in {seen.get(name)} and in {where}"
            seen[name] = where
