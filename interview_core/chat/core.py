"""What an adapter is handed to run: the service and the document reader, opened
by the process entry (bot/wiring.py) and closed by it. Adapters receive a way
to open it rather than importing the wiring, so nothing imports bot/."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from interview_core.documents import DocumentReader
from interview_core.service import InterviewService


@dataclass(frozen=True, slots=True)
class Core:
    service: InterviewService
    reader: DocumentReader


OpenCore = Callable[[], AbstractAsyncContextManager[Core]]
