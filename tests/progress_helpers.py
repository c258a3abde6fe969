"""What the progress tests share: hand-made reports, an engine that returns them,
finished interviews made through the service (the offline engine or hand-made reports),
stored where `interview-bot history` reads them (the console's owner for a --user), and
a PNG reader (chunks and CRCs by hand, pixels by a real decoder)."""

from __future__ import annotations

import io
import json
import struct
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interview_core.feedback import Competency, CompetencyScore, FeedbackReport
from interview_core.models import (
    ConversationRef,
    Interview,
    InterviewContext,
    InterviewStatus,
    Owner,
)
from interview_core.progress import PNG_SIGNATURE
from interview_core.providers.base import ProviderError
from interview_core.providers.offline import OfflineProvider
from interview_core.service import InterviewService
from interview_core.storage import Store
from tests.conftest import FIXTURES
from tests.helpers import WEAK_ANSWERS, ScriptedProvider

ORDER = list(Competency)  # relevance, structure, specificity, communication, jd_coverage


def report(scores: Sequence[int], overall: int | None = None, source: str = "offline") -> FeedbackReport:
    """A report with these competency scores, in Competency's order."""
    assert len(scores) == len(ORDER)
    return FeedbackReport(
        overall_score=overall if overall is not None else round(sum(scores) / len(scores)),
        summary="hand-made",
        competencies=[CompetencyScore(competency=c, score=s, reason="hand-made") for c, s in zip(ORDER, scores)],
        answers=[],
        source=source,
    )


def interview(number: int, *, day: int | None = None, title: str = "Ward Manager") -> Interview:
    when = datetime(2025, 3, 1, 9, tzinfo=UTC) + timedelta(days=day if day is not None else number)
    return Interview(number, Owner("console", "local", "amara"), "terminal", f"t{number}", title,
                     "St Mary's Hospital", "cv", "jd", 1, InterviewStatus.COMPLETE, when, when)


@dataclass
class ReportsProvider(ScriptedProvider):
    """ScriptedProvider's questions, and these reports in turn."""

    reports: list[FeedbackReport] = field(default_factory=list)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        self.calls.append(("feedback", len(ctx.answers)))
        if self.fail_feedback or not self.reports:
            self.fail_feedback = max(0, self.fail_feedback - 1)
            raise ProviderError("no report", provider=self.name)
        return self.reports.pop(0)


def new_thread() -> str:
    return f"console-{uuid.uuid4().hex[:12]}"


def console_ref(user: str, thread: str) -> ConversationRef:
    """Where `interview-bot console --user USER` keeps its interviews."""
    return ConversationRef("console", "local", "terminal", user, thread)


async def finish(service: InterviewService, ref: ConversationRef, answers: Sequence[str], *, cv: str, jd: str,
                 title: str, company: str) -> FeedbackReport:
    await service.start(ref, cv_text=cv, jd_text=jd, title=title, company=company)
    outcome = None
    for answer in answers:
        outcome = await service.submit_answer(ref, answer)
    assert outcome is not None and outcome.kind == "complete" and outcome.report is not None, outcome
    return outcome.report


async def hand_made_interviews(db: Path, user: str | Owner, reports: Sequence[FeedbackReport]) -> None:
    """One finished one-question interview per report, oldest first: the console's `user`'s,
    or `user`'s on their platform (in a thread of its own, in channel "channel")."""
    owner = user if isinstance(user, Owner) else Owner("console", "local", user)
    channel = "terminal" if owner.platform == "console" else "channel"
    async with Store(db) as store:
        service = InterviewService(store, ReportsProvider(reports=list(reports)), max_questions=1)
        for number in range(len(reports)):
            ref = ConversationRef(owner.platform, owner.workspace, channel, owner.user, new_thread())
            await finish(service, ref, [f"answer {number}"], cv="A nurse's CV.",
                         jd="Ward Manager\nSt Mary's Hospital", title="Ward Manager", company="St Mary's Hospital")


NURSE = json.loads((FIXTURES / "answers" / "nurse.json").read_text("utf-8"))
ROOT = FIXTURES.parent.parent


def nurse_answer_sets() -> list[list[str]]:
    """Three interviews' answers, weak to strong, so the scores move."""
    bank = [item["text"] for item in NURSE["bank"]]
    return [WEAK_ANSWERS, bank[:4] + WEAK_ANSWERS[4:], bank[:8]]


async def offline_interviews(db: Path, user: str) -> list[FeedbackReport]:
    """Three finished nurse interviews with the offline engine, oldest first: their reports."""
    cv = (ROOT / NURSE["cv"]).read_text("utf-8")
    jd = (ROOT / NURSE["jd"]).read_text("utf-8")
    reports = []
    async with Store(db) as store:
        service = InterviewService(store, OfflineProvider(), max_questions=8)
        for number, answers in enumerate(nurse_answer_sets()):
            reports.append(await finish(service, console_ref(user, new_thread()), answers, cv=cv, jd=jd,
                                        title=NURSE["title"], company=NURSE["company"]))
    return reports


# -- reading a PNG back ----------------------------------------------------------------

def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Every chunk, each CRC checked; the file must start with the signature and end at IEND."""
    assert data[:8] == PNG_SIGNATURE
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png_chunks(data)[0][1][:8])
    return width, height


def png_text(data: bytes) -> dict[str, str]:
    found = {}
    for kind, body in png_chunks(data):
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            found[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")  # language tag
            _, _, text = rest.partition(b"\0")  # translated keyword
            found[key.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode("utf-8")
    return found


def decoded(data: bytes):
    """The pixels, read back by a real decoder (matplotlib's imread: Pillow)."""
    from matplotlib.image import imread

    return imread(io.BytesIO(data), format="png")
