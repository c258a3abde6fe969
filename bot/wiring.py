"""Builds the one shared core (store, engine, service) from settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from interview_core.chat import Core
from interview_core.documents import DocumentLimits, DocumentPool, DocumentReader, WorkerLimits
from interview_core.providers.base import Provider
from interview_core.providers.factory import ProviderConfigError, build_provider
from interview_core.service import InterviewService
from interview_core.settings import Settings
from interview_core.storage import Store

__all__ = ["ProviderConfigError", "document_limits", "open_core", "open_reader", "open_service"]


def document_limits(settings: Settings) -> DocumentLimits:
    return DocumentLimits(max_bytes=settings.max_file_bytes, max_pages=settings.max_pdf_pages)


@asynccontextmanager
async def open_reader(settings: Settings, *, workers: int | None = None) -> AsyncIterator[DocumentReader]:
    """The document reader, with its pool of worker processes; stopped after.
    `workers` overrides DOCUMENT_WORKERS (the console needs one, for one user)."""
    count = settings.document_workers if workers is None else min(workers, settings.document_workers)
    pool = None
    if count > 0:
        pool = DocumentPool(WorkerLimits(
            workers=count,
            memory_mb=settings.document_memory_mb,
            cpu_seconds=settings.document_cpu_seconds,
            wall_seconds=settings.document_wall_seconds,
        ))
    reader = DocumentReader(document_limits(settings), pool)
    try:
        yield reader
    finally:
        await asyncio.to_thread(reader.close)  # waits for the workers to exit


@asynccontextmanager
async def open_service(settings: Settings, *, reads_only: bool = False) -> AsyncIterator[InterviewService]:
    """Open the engine and the database (running migrations); close both after.

    The engine is built first so a missing API key fails (ProviderConfigError)
    before anything is opened. `reads_only`: for a command that only reads what is
    stored (history), which no engine setting should stop; the offline engine stands
    in and is never asked anything.
    """
    if reads_only:
        from interview_core.providers.offline import OfflineProvider

        provider: Provider = OfflineProvider()
    else:
        provider = build_provider(settings)
    try:
        async with Store(settings.database_path) as store:
            yield InterviewService(store, provider, max_questions=settings.max_questions)
    finally:
        aclose = getattr(provider, "aclose", None)
        if aclose is not None:
            await aclose()


@asynccontextmanager
async def open_core(settings: Settings, *, workers: int | None = None) -> AsyncIterator[Core]:
    """The service and the document reader, as the adapters are handed them."""
    async with open_service(settings) as service, open_reader(settings, workers=workers) as reader:
        yield Core(service, reader)
