"""On Discord, the report embed and /interview history say which engine wrote
the report: the real discord.py client over loopback sockets, the offline
engine and a model served over HTTP."""

from __future__ import annotations

from interview_core.providers.factory import build_provider
from interview_core.settings import Settings
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import User, answer_all, running_bot
from tests.discord.test_commands import reply_to, started
from tests.llm_servers import FakeLLMServer, Step

OFFLINE = "Scored by the built-in offline coach (rule-based, no AI model)."


def label_under_score(report: dict) -> str:
    """The line after the role in the scores embed's description."""
    scores = report["embeds"][0]
    assert scores["title"].startswith("Overall score: ")
    return scores["description"].splitlines()[1]


async def test_an_offline_interview_says_so_in_the_report_and_the_history(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        thread_id = await started(fake, alice)
        report = await answer_all(fake, alice, thread_id)
        assert label_under_score(report) == OFFLINE
        details = report["embeds"][1]
        assert details["footer"]["text"].endswith(" · offline coach, rule-based")
        assert details["footer"]["text"].startswith("Interview #")
        assert "interviewer" not in str(report["embeds"])  # the old "Report by the offline interviewer"

        history = (await reply_to(alice, "history"))["content"]
        assert "Senior Backend Engineer" in history
        assert "/100 (offline coach, rule-based)" in history

        # /interview feedback shows the stored report with the same label.
        shown = await reply_to(alice, "feedback")
        assert label_under_score(shown) == OFFLINE


async def test_a_model_report_then_a_stand_in_report_are_told_apart(fake: FakeDiscord, db_path) -> None:
    async with FakeLLMServer("openai") as server:
        provider = build_provider(Settings(_env_file=None, **server.settings_kwargs(llm_fallback="offline")))
        try:
            async with running_bot(fake, db_path, provider=provider):
                alice = User(fake)
                report = await answer_all(fake, alice, await started(fake, alice))
                assert label_under_score(report) == "Written by an AI model (an OpenAI-compatible server)."
                assert report["embeds"][1]["footer"]["text"].endswith(" · OpenAI-compatible")

                # The next report request fails for good: the offline engine stands in.
                server.push(*[Step.reply(f"What did project {n} teach you?") for n in range(1, 9)])
                server.push(*[Step.http_error(503)] * 10)
                report = await answer_all(fake, alice, await started(fake, alice))
                assert label_under_score(report) == (
                    "Scored by the built-in offline coach (rule-based, no AI model), "
                    "because the AI model (OpenAI-compatible server) could not write this report."
                )

                history = (await reply_to(alice, "history"))["content"].splitlines()
                assert "(offline coach, rule-based; OpenAI-compatible failed)" in history[1]  # newest first
                assert "/100 (OpenAI-compatible)" in history[2]
        finally:
            await provider.aclose()
