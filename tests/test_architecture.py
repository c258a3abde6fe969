"""The core must stay platform-neutral: adapters/ is the only place that knows
Discord or Slack. This parses every module, so an import hidden in a function
fails too."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "interview_core"
PLATFORM_PACKAGES = {"discord", "slack_bolt", "slack_sdk", "adapters", "bot"}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_never_imports_a_platform_library() -> None:
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 5
    offenders = {
        str(p.relative_to(CORE)): sorted(imported_roots(p) & PLATFORM_PACKAGES) for p in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_catches_an_import(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from discord import app_commands\n    import slack_bolt.app\n")
    assert imported_roots(sneaky) >= {"discord", "slack_bolt"}
