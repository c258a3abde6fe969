"""Builds the one shared core (store, engine, service) from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from interview_core.documents import DocumentLimits
from interview_core.providers.factory import build_provider
from interview_core.service import InterviewService
from interview_core.settings import Settings
from interview_core.storage import Store


def document_limits(settings: Settings) -> DocumentLimits:
    return DocumentLimits(max_bytes=settings.max_file_bytes, max_pages=settings.max_pdf_pages)


@asynccontextmanager
async def open_service(settings: Settings) -> AsyncIterator[InterviewService]:
    """Open the database (running migrations) and the configured engine; close both after."""
    store = await Store(settings.database_path).open()
    try:
        provider = build_provider(settings)
        yield InterviewService(store, provider, max_questions=settings.max_questions)
    finally:
        await store.close()
