"""On Slack, the report and every history listing say which engine wrote the
report: through real bolt over real sockets, the offline engine and a model
served over HTTP."""

from __future__ import annotations

from pathlib import Path

from interview_core.providers.factory import build_provider
from interview_core.settings import Settings
from tests.llm_servers import FakeLLMServer, Step
from tests.slack.harness import DM, Harness, fixture, start_interview

OFFLINE = "Scored by the built-in offline coach (rule-based, no AI model)."
ANSWER = (
    "At my last company I led the migration of our billing service to Kubernetes. "
    "Outages fell by 80% in three months after I added health checks and canary deploys."
)


async def finish(h: Harness, questions: int) -> dict:
    """Answer every question of a started interview; the report as it was posted."""
    thread = h.parent_ts()
    for n in range(1, questions + 1):
        await h.message(f"{ANSWER} (answer {n})", thread=thread)
    report = h.fake.posts(DM, thread)[-1]
    assert report["text"].startswith("Your feedback report: "), h.texts(DM, thread)
    return report


def label_under_score(report: dict) -> str:
    """The mrkdwn of the block right after the overall score."""
    blocks = report["blocks"]
    at = next(i for i, b in enumerate(blocks) if "Overall score" in b.get("text", {}).get("text", ""))
    block = blocks[at + 1]
    assert block["type"] == "context", blocks
    return block["elements"][0]["text"]


async def test_an_offline_interview_says_so_in_the_report_and_the_history(any_mode: Harness) -> None:
    h = any_mode
    await start_interview(h)
    report = await finish(h, 8)
    assert label_under_score(report) == OFFLINE
    assert OFFLINE in report["text"]  # the notification says it too
    assert "interviewer." not in str(report["blocks"])  # the old "Report by the offline interviewer."

    await h.command("history")
    listing = str(h.fake.responses[-1]["blocks"])
    assert "Senior Backend Engineer at Acme" in listing
    assert "/100 (offline coach, rule-based)" in listing

    await h.deliver("events_api", fixture("event_app_home_opened.json"))
    home = str(h.fake.of("views.publish")[-1]["view"]["blocks"])
    assert "/100 (offline coach, rule-based)" in home


async def test_a_model_report_then_a_stand_in_report_are_told_apart(tmp_path: Path) -> None:
    async with FakeLLMServer("gemini") as server:
        settings = Settings(_env_file=None, **server.settings_kwargs(llm_fallback="offline"))
        provider = build_provider(settings)
        try:
            async with Harness(tmp_path, provider=provider, max_questions=2) as h:
                await start_interview(h, "Platform Engineer | Acme")
                report = await finish(h, 2)
                assert label_under_score(report) == "Written by an AI model (Gemini)."
                assert "Written by an AI model (Gemini)." in report["text"]

                # The next report: the model keeps answering with something that is no report.
                server.push(Step.reply("Tell me about a hard bug."), Step.reply("And a hard deadline?"))
                server.push(Step.reply('{"summary": no JSON today}'), Step.reply('{"still": broken}'))
                await start_interview(h, "Data Engineer | Initech")
                report = await finish(h, 2)
                stand_in = ("Scored by the built-in offline coach (rule-based, no AI model), "
                            "because the AI model (Gemini) could not write this report.")
                assert label_under_score(report) == stand_in
                assert stand_in in report["text"]

                await h.command("history")
                lines = [b["text"]["text"] for b in h.fake.responses[-1]["blocks"]]
                data = next(line for line in lines if "Data Engineer at Initech" in line)
                platform = next(line for line in lines if "Platform Engineer at Acme" in line)
                assert "/100 (offline coach, rule-based; Gemini failed)" in data
                assert "/100 (Gemini)" in platform
        finally:
            await provider.aclose()
