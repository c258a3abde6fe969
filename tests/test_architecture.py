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


ADAPTERS = CORE.parent / "adapters"
# What adapters may not reach into: they talk to the conversation layer and the models
# (interview_core.chat re-exports the document types they check uploads against), and
# bot/ builds everything and hands it down.
FORBIDDEN_IN_ADAPTERS = ("bot", "interview_core.documents", "interview_core.storage", "interview_core.roles")


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def _forbidden(module: str, forbidden: tuple[str, ...] = FORBIDDEN_IN_ADAPTERS) -> bool:
    return any(module == f or module.startswith(f + ".") for f in forbidden)


def offenders(modules: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """Each module (named from adapters/) that imports something `forbidden`, with what."""
    found = {str(p.relative_to(ADAPTERS)): sorted(m for m in imported_modules(p) if _forbidden(m, forbidden))
             for p in modules}
    return {k: v for k, v in found.items() if v}


def test_adapters_only_talk_to_the_conversation_layer_and_the_models() -> None:
    modules = sorted(ADAPTERS.rglob("*.py"))
    assert len(modules) > 10
    assert offenders(modules, FORBIDDEN_IN_ADAPTERS) == {}


def test_the_adapter_check_catches_a_reach_into_the_core(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from interview_core.roles import guess_role\n    from bot import wiring\n"
                      "from interview_core import storage\n")
    assert {m for m in imported_modules(sneaky) if _forbidden(m)} == {
        "interview_core.roles", "interview_core.roles.guess_role", "bot", "bot.wiring", "interview_core.storage"}


LINE_LIMIT = 500


def test_no_module_in_the_adapters_or_the_core_is_a_god_object() -> None:
    """Data files aside (they are not .py), every module fits in one sitting."""
    long = {str(p.relative_to(CORE.parent)): n for p in [*CORE.rglob("*.py"), *ADAPTERS.rglob("*.py")]
            if (n := len(p.read_text("utf-8").splitlines())) > LINE_LIMIT}
    assert long == {}


SHARED = ADAPTERS / "shared"
# What adapters/shared may not import: a platform library, or one adapter (it serves them all).
FORBIDDEN_IN_SHARED = ("discord", "slack_bolt", "slack_sdk", "adapters.slack", "adapters.discord",
                       "adapters.console", "bot")


def test_what_the_adapters_share_knows_no_platform() -> None:
    modules = sorted(SHARED.rglob("*.py"))
    assert len(modules) >= 2
    assert offenders(modules, FORBIDDEN_IN_SHARED) == {}


def test_the_shared_check_catches_a_platform_import(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("import discord.utils\nfrom slack_sdk.errors import SlackApiError\n"
                      "def f():\n    from adapters.slack import files\n")
    assert {m for m in imported_modules(sneaky) if _forbidden(m, FORBIDDEN_IN_SHARED)} == {
        "discord.utils", "slack_sdk.errors", "slack_sdk.errors.SlackApiError", "adapters.slack",
        "adapters.slack.files"}
