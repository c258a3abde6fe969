from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.storage import Store
from tests.helpers import ScriptedProvider

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "interviews.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    async with Store(db_path) as opened:
        yield opened


@pytest.fixture
def scripted() -> ScriptedProvider:
    return ScriptedProvider()
