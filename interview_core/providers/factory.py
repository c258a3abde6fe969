"""Builds the configured interviewer engine from settings."""

from __future__ import annotations

from interview_core.providers.base import Provider
from interview_core.settings import Settings


def build_provider(settings: Settings) -> Provider:
    from interview_core.providers.offline import OfflineProvider

    return OfflineProvider()
