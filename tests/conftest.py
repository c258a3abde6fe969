from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from interview_core.settings import DATA_DIR_ENV
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


@pytest.fixture(autouse=True, scope="session")
def _console_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The console's default database lives in the user's data folder: in tests, a temporary
    one (inherited by every subprocess), never the real ~/.local/share/interview-bot."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(tmp_path_factory.mktemp("user-data")))
        yield
