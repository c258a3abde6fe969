from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.slack.harness import Harness


@pytest.fixture(params=["http", "socket"])
async def any_mode(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(tmp_path, mode=request.param) as h:
        yield h


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(tmp_path) as h:
        yield h
