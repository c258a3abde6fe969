"""Which engine wrote a report, in words: one place in the core for every
platform, fed by the `source` strings the real providers write."""

from __future__ import annotations

import pytest

from interview_core.feedback import (
    Competency,
    CompetencyScore,
    FeedbackReport,
    engine_label,
    engine_short_label,
)
from interview_core.models import Owner
from interview_core.providers.fallback import FallbackProvider
from interview_core.feedback import fallback_source
from interview_core.providers.offline import OfflineProvider
from interview_core.service import InterviewService
from tests.helpers import ScriptedProvider, ref

OFFLINE = "Scored by the built-in offline coach (rule-based, no AI model)."

LABELS = {
    "offline": OFFLINE,
    "gemini": "Written by an AI model (Gemini).",
    "openrouter": "Written by an AI model (OpenRouter).",
    "openai": "Written by an AI model (an OpenAI-compatible server).",
    "offline (fallback)": "Scored by the built-in offline coach (rule-based, no AI model), "
    "because the AI model could not write this report.",
    "offline (fallback: gemini failed)": "Scored by the built-in offline coach (rule-based, no AI model), "
    "because the AI model (Gemini) could not write this report.",
    "offline (fallback: gemini, openrouter failed)": "Scored by the built-in offline coach "
    "(rule-based, no AI model), because the AI models (Gemini, OpenRouter) could not write this report.",
    "openrouter (fallback: gemini failed)": "Written by an AI model (OpenRouter) in place of "
    "the AI model (Gemini), which could not write this report.",
    "scripted": 'Written by an engine called "scripted".',
    "": "The engine that wrote this report was not recorded.",
    "  ": "The engine that wrote this report was not recorded.",
}

SHORT = {
    "offline": "offline coach, rule-based",
    "gemini": "Gemini",
    "openrouter": "OpenRouter",
    "openai": "OpenAI-compatible",
    "offline (fallback)": "offline coach, rule-based; AI model failed",
    "offline (fallback: openai failed)": "offline coach, rule-based; OpenAI-compatible failed",
    "offline (fallback: gemini, openrouter failed)": "offline coach, rule-based; Gemini, OpenRouter failed",
    "openrouter (fallback: gemini failed)": "OpenRouter; Gemini failed",
    "scripted": "scripted",
    "": "engine unknown",
}


@pytest.mark.parametrize(("source", "label"), LABELS.items())
def test_every_source_gets_its_sentence(source: str, label: str) -> None:
    assert engine_label(source) == label


@pytest.mark.parametrize(("source", "short"), SHORT.items())
def test_every_source_gets_its_short_form(source: str, short: str) -> None:
    assert engine_short_label(source) == short


def test_the_sources_the_providers_write_are_the_ones_labelled() -> None:
    # The exact strings fallback_source makes, in one step and merged over a chain.
    one = fallback_source("offline", ["openrouter"])
    chained = fallback_source(fallback_source("offline", ["openrouter"]), ["gemini"])
    assert engine_label(one).endswith("because the AI model (OpenRouter) could not write this report.")
    assert "the AI models (Gemini, OpenRouter)" in engine_label(chained)
    assert engine_label(one).startswith(OFFLINE.removesuffix("."))


def test_the_report_says_it_itself() -> None:
    report = FeedbackReport(
        overall_score=50,
        summary="s",
        competencies=[CompetencyScore(competency=c, score=50, reason="r") for c in Competency],
        answers=[],
    )
    assert report.source == "offline"
    assert report.engine_label == OFFLINE
    assert report.engine_short_label == "offline coach, rule-based"


@pytest.mark.parametrize(
    "source",
    [
        "<!channel> *bold* _it_ ~x~ `code` [link](http://evil) @everyone <@123> #general |spoiler| &amp;",
        "offline (fallback: <!here>, **x** failed)",
        "x" * 5000,
        "\n\t\r",
        "gemini (fallback: " + ", ".join(f"engine{n}" for n in range(50)) + " failed)",
    ],
)
def test_odd_sources_still_give_a_short_sentence_without_markup(source: str) -> None:
    for text in (engine_label(source), engine_short_label(source)):
        assert text.strip() and "\n" not in text
        assert len(text) <= 300
        for mark in "<>*_~`[]@#|&!:/\\":
            assert mark not in text, (mark, text)
    assert "offline coach" in engine_label("offline (fallback: <!here>, **x** failed)")


async def test_history_carries_the_source_of_a_stand_in_report(store) -> None:
    # A model that writes the questions but cannot write the report: the real
    # fallback chain hands the report to the offline engine.
    model = ScriptedProvider(name="gemini", fail_feedback=99)
    service = InterviewService(store, FallbackProvider([model, OfflineProvider()]), max_questions=2)
    await service.start(ref(), cv_text="Jane Doe. Python engineer.", jd_text="Backend engineer: Python.",
                        title="Backend Engineer", company="Acme")
    await service.submit_answer(ref(), "I built a Python service.", platform_message_id="m1")
    outcome = await service.submit_answer(ref(), "I cut latency by 40%.", platform_message_id="m2")
    assert outcome.kind == "complete" and outcome.report is not None
    assert outcome.report.source == "offline (fallback: gemini failed)"

    (summary,) = await service.history(Owner.of(ref()))
    assert summary.report_source == "offline (fallback: gemini failed)"
    assert engine_short_label(summary.report_source) == "offline coach, rule-based; Gemini failed"


async def test_history_has_no_source_before_a_report(store, scripted) -> None:
    service = InterviewService(store, scripted)
    await service.start(ref(), cv_text="Jane Doe.", jd_text="Engineer.", title="T", company="C")
    (summary,) = await service.history(Owner.of(ref()))
    assert summary.overall_score is None and summary.report_source is None
