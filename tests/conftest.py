from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from adapters.discord.config import DiscordConfig
from adapters.slack.config import SlackConfig
from interview_core.settings import DATA_DIR_ENV, Settings
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
    one (inherited by every subprocess), never the real ~/.local/share/interview-bot.

    COLUMNS and LINES go too: pytest-xdist's workers set them (80 x 24), and a console run
    in a pseudo-terminal would then wrap to them instead of to the terminal's own size; a test
    that wants a width sets COLUMNS itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(tmp_path_factory.mktemp("user-data")))
        patch.delenv("COLUMNS", raising=False)
        patch.delenv("LINES", raising=False)
        yield


# A developer's own chat platform settings, from the shell or from .env, must never reach a
# test: `doctor` and the bots would make real calls to Slack or Discord with them. These are
# set to "" for every test (an empty variable wins over .env, in this process and in every
# subprocess that inherits the environment; each config reads "" as not set); every other
# SLACK_* and DISCORD_* variable is removed. A test sets what it needs on top.
SHADOWED = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
            "DISCORD_TOKEN", "DISCORD_API_URL", "DISCORD_GATEWAY_URL", "DISCORD_GUILD_ID", "DISCORD_SHARDS")
SETTINGS_CLASSES: tuple[type[BaseSettings], ...] = (Settings, SlackConfig, DiscordConfig)


def _dotenv_only_under(base: Path, cls: type[BaseSettings]) -> classmethod:
    """cls's sources without the .env one, unless the working folder is a test's own
    temporary folder (a test that writes a .env there on purpose)."""
    original = cls.settings_customise_sources.__func__  # type: ignore[attr-defined]

    def customise(klass, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings):  # noqa: ANN001, ANN202
        sources = original(klass, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings)
        if Path.cwd().resolve().is_relative_to(base):
            return sources
        return tuple(source for source in sources if source is not dotenv_settings)

    return classmethod(customise)


@pytest.fixture(autouse=True, scope="session")
def _no_developer_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    import os

    base = tmp_path_factory.getbasetemp().resolve()
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith(("SLACK_", "DISCORD_")):
                patch.delenv(name)
        for name in SHADOWED:
            patch.setenv(name, "")
        for cls in SETTINGS_CLASSES:  # in this process, a .env in the repository is never read
            patch.setattr(cls, "settings_customise_sources", _dotenv_only_under(base, cls))
        yield
