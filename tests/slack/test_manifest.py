"""The app manifest asks for exactly what the bot uses."""

from __future__ import annotations

from pathlib import Path

import pytest

import adapters.slack
from adapters.slack.commands import SUBCOMMANDS

# PyYAML is a test-only dependency (the bot never parses the manifest).
yaml = pytest.importorskip("yaml")

MANIFEST = Path(adapters.slack.__file__).with_name("manifest.yaml")


def test_manifest_scopes_events_command_and_socket_mode() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text("utf-8"))
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write", "commands", "im:history", "im:write", "files:read", "files:write", "reactions:write",
    }
    assert "user" not in manifest["oauth_config"]["scopes"]
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"message.im", "file_shared", "app_home_opened"}
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/interview"
    for sub in SUBCOMMANDS:  # the description names every subcommand the bot knows
        assert sub in command["description"], sub
    assert "mode:practice" in command["usage_hint"] and "drill" in command["usage_hint"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True


def test_every_listener_has_its_event_in_the_manifest() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text("utf-8"))
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    source = "".join(p.read_text("utf-8") for p in MANIFEST.parent.glob("*.py"))
    for name in ("message", "file_shared", "app_home_opened"):
        assert f'@app.event("{name}")' in source
    assert {"message.im", "file_shared", "app_home_opened"} <= events
