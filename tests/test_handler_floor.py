"""Handlers sit on one floor: no handler module imports another (handlers/common.py, what
they share, excepted); bot/app.py wires them."""

from __future__ import annotations

import ast
from pathlib import Path

HANDLERS = Path(__file__).resolve().parent.parent / "handlers"
SHARED = {"handlers.common"}


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "handlers":
                names.update(f"handlers.{alias.name}" for alias in node.names)
    return names


def test_no_handler_module_imports_another() -> None:
    crossings = {
        path.stem: sorted(
            name for name in _imported(path) if name.startswith("handlers.") and name not in SHARED
        )
        for path in sorted(HANDLERS.glob("*.py"))
        if path.stem not in ("__init__", "common")
    }
    assert {stem: names for stem, names in crossings.items() if names} == {}
