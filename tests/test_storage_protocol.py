"""The service needs an `InterviewStore`, not SQLite: the protocol lists every method
the service calls on its store, and `Store` has each of them with the same signature,
so a second backend is a class with these methods. SQL stays inside the storage package."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

from interview_core.models import Interview, Owner
from interview_core.service import InterviewService
from interview_core.storage import InterviewStore, Store

ROOT = Path(__file__).resolve().parent.parent


def protocol_methods(protocol: type) -> list[str]:
    return sorted(
        name for name, value in vars(protocol).items()
        if inspect.isfunction(value) and not name.startswith("_")
    )


def _shape(function: object) -> list[tuple[object, ...]]:
    """Each parameter's name, kind, default and (resolved) annotation, and the return's."""
    signature = inspect.signature(function, eval_str=True)  # "X | None" and Optional[X] alike
    params = [(p.name, p.kind, p.default, p.annotation) for p in signature.parameters.values()]
    return [*params, ("return", signature.return_annotation)]


def mismatches(cls: type, protocol: type) -> list[str]:
    """How `cls` falls short of `protocol`'s methods; empty when it has them all, alike."""
    problems = []
    for name in protocol_methods(protocol):
        impl = getattr(cls, name, None)
        if impl is None:
            problems.append(f"{name}: missing")
            continue
        wanted = getattr(protocol, name)
        if inspect.iscoroutinefunction(wanted) != inspect.iscoroutinefunction(impl):
            problems.append(f"{name}: async in one, not the other")
        if _shape(wanted) != _shape(impl):
            problems.append(
                f"{name}: {inspect.signature(impl)} is not {inspect.signature(wanted)}"
            )
    return problems


def store_calls_in_service() -> set[str]:
    """Every `self.store.<name>` in the service and its parts, read from their syntax trees."""
    calls: set[str] = set()
    for part in ("service.py", "service_records.py", "practice.py"):
        tree = ast.parse((ROOT / "interview_core" / part).read_text("utf-8"))
        calls |= {
            node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute) and node.value.attr == "store"
            and isinstance(node.value.value, ast.Name) and node.value.value.id == "self"
        }
    return calls


def _needs_a_store(store: InterviewStore) -> InterviewStore:
    """What a type checker sees: a `Store` is accepted where the protocol is asked for."""
    return store


def test_store_has_every_method_of_the_protocol_with_its_signature() -> None:
    assert mismatches(Store, InterviewStore) == []
    store = Store(":memory:")
    assert isinstance(_needs_a_store(store), InterviewStore)  # runtime_checkable: names only


def test_the_protocol_lists_every_method_the_service_calls() -> None:
    calls = store_calls_in_service()
    assert {"messages", "add_answer", "take_pending_document"} <= calls  # the parse finds them
    assert calls - set(protocol_methods(InterviewStore)) == set()


def test_the_service_asks_for_the_protocol_not_for_sqlite() -> None:
    hints = typing.get_type_hints(InterviewService.__init__)
    assert hints["store"] is InterviewStore


def test_the_check_catches_a_missing_method_and_a_changed_signature() -> None:
    class Partial(Store):
        take_pending_document = None  # type: ignore[assignment]

        async def add_question(self, interview_id, seq, text, provider=None, usage=None):  # type: ignore[override]
            return None

        def is_duplicate(self, interview_id: int, platform_message_id: str | None) -> bool:  # type: ignore[override]
            return False

        async def get_interview(self, owner: Owner, interview_id: str) -> Interview | None:  # type: ignore[override]
            return None

    problems = mismatches(Partial, InterviewStore)
    assert [p.split(":")[0] for p in problems] == [
        "add_question", "get_interview", "is_duplicate", "take_pending_document"
    ], problems
    assert "take_pending_document: missing" in problems
    assert "is_duplicate: async in one, not the other" in problems

    class Lacking:
        async def messages(self, interview_id: int) -> list:
            return []

    assert not isinstance(Lacking(), InterviewStore)
    assert len(mismatches(Lacking, InterviewStore)) == len(protocol_methods(InterviewStore))


def test_only_the_storage_package_imports_sqlite() -> None:
    """Store is the only SQL code: doctor asks it instead of opening the file itself."""
    allowed = {"interview_core/storage", "interview_core/migrations.py"}
    offenders = []
    for package in ("bot", "adapters", "interview_core"):
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            if any(where == a or where.startswith(f"{a}/") for a in allowed):
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"), where)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
                if any(n.split(".")[0] in ("sqlite3", "aiosqlite") for n in names):
                    offenders.append(where)
    assert offenders == []
