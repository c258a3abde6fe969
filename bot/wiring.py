"""Builds the one shared core (store, engine, service) from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from interview_core.documents import DocumentLimits
from interview_core.providers.factory import ProviderConfigError, build_provider
from interview_core.service import InterviewService
from interview_core.settings import Settings
from interview_core.storage import Store

__all__ = ["ProviderConfigError", "document_limits", "open_service"]


def document_limits(settings: Settings) -> DocumentLimits:
    return DocumentLimits(max_bytes=settings.max_file_bytes, max_pages=settings.max_pdf_pages)


@asynccontextmanager
async def open_service(settings: Settings) -> AsyncIterator[InterviewService]:
    """Open the engine and the database (running migrations); close both after.

    The engine is built first so a missing API key fails (ProviderConfigError)
    before anything is opened.
    """
    provider = build_provider(settings)
    try:
        async with Store(settings.database_path) as store:
            yield InterviewService(store, provider, max_questions=settings.max_questions)
    finally:
        aclose = getattr(provider, "aclose", None)
        if aclose is not None:
            await aclose()
