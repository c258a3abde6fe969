"""No user text reaches Slack as a mention: a `<!channel>`, `<!everyone>`, `<!here>`
or `<!subteam^…>` typed in a title, a company, a file name or an answer (and quoted
back by the engine) goes out escaped, in `text` and in blocks, in posts, in the
parent's updates (chat.update) and in command replies; and `link_names` is never
set, so a plain `@channel` stays plain text (issue 10, point 9)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_core.feedback import (
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import InterviewContext
from tests.helpers import ScriptedProvider
from tests.slack.harness import DM, Harness, fixture, sample

MENTIONS = "<!channel> <!everyone> <!here> <!subteam^S0123|@devs> <@U0VICTIM> @channel @here"
TITLE = "<!channel> Lead <!here>"
COMPANY = "<!everyone> Corp <!subteam^S0123|@devs> @channel"
# A mention, a user or channel reference, or a special command, as Slack would parse them.
RAW_MENTION = re.compile(r"<[!@#]")
SENDS = ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish", "views.open", "views.update")


@dataclass
class EchoProvider(ScriptedProvider):
    """Quotes the title and the last answer in each question (as a model may), and
    puts the user's words in every field of the report."""

    name: str = "echo"

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        said = ctx.answers[-1] if ctx.answers else MENTIONS
        return FeedbackReport(
            overall_score=64,
            summary=f"You said “{said}”.",
            competencies=[CompetencyScore(competency=c, score=60, reason=f"You said {said[:200]}")
                          for c in Competency],
            answers=[AnswerNote(question_number=1, question=f"About {said}", score=60, what_worked=said,
                                to_improve=said, stronger_answer=said)],
            skills_covered=[said[:80]], skills_missed=[said[:80]], skills_not_discussed=[said[:80]],
            strengths=[said], improvements=[said], next_steps=[said],
            source=self.name,
        )


def mrkdwn_texts(value: Any, top: bool = True) -> list[str]:
    """Every string Slack reads as mrkdwn: a message's `text`, and mrkdwn text objects."""
    found: list[str] = []
    if isinstance(value, dict):
        if top and isinstance(value.get("text"), str):
            found.append(value["text"])
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            found.append(value["text"])
        for key, inner in value.items():
            if key != "text" or not isinstance(inner, str):
                found += mrkdwn_texts(inner, top=False)
    elif isinstance(value, list):
        for inner in value:
            found += mrkdwn_texts(inner, top=False)
    return found


def outgoing(h: Harness) -> list[tuple[str, dict]]:
    sent = [(c.method, c.params) for c in h.fake.calls if c.method in SENDS]
    return sent + [("response_url", r) for r in h.fake.responses]


def assert_no_mentions(h: Harness) -> int:
    """Checks every message, update, view and command reply sent so far; how many texts."""
    texts = 0
    for method, params in outgoing(h):
        assert "link_names" not in params, (method, params)
        assert params.get("parse") in (None, "none"), (method, params)
        for text in mrkdwn_texts(params):
            texts += 1
            assert not RAW_MENTION.search(text), (method, text)
    return texts


async def test_mentions_in_title_company_and_answers_go_out_escaped(tmp_path: Path) -> None:
    async with Harness(tmp_path, provider=EchoProvider(), max_questions=2) as h:
        await h.upload("F0CVTXT", "my-cv.md", sample("sample_cv.md").encode(), mimetype="text/markdown")
        await h.upload("F0JDTXT", "jd.md", sample("sample_jd.md").encode(), mimetype="text/markdown")
        await h.command(f"start {TITLE} | {COMPANY}")
        parent = h.parent()
        thread = h.parent_ts()
        # Shown literally: the escaped form is what Slack displays as "<!channel>".
        assert "&lt;!channel&gt; Lead &lt;!here&gt;" in parent["text"]
        assert "&lt;!channel&gt; Lead" in str(parent["blocks"])
        updates = [u for u in h.fake.of("chat.update") if u["ts"] == thread]
        assert updates and all("&lt;!everyone&gt; Corp" in u["text"] for u in updates)

        await h.command("status")
        await h.message(f"My answer {MENTIONS}", thread=thread)
        question = h.questions(thread)[-1]
        assert "&lt;!channel&gt;" in question["text"]  # the engine quoted the answer: escaped
        await h.command("resume")
        await h.message(f"Second answer {MENTIONS}", thread=thread)
        report = h.fake.posts(DM, thread)[-1]
        assert report["text"].startswith("Your feedback report: 64/100")
        await h.command("feedback")
        await h.command("history")
        await h.deliver("events_api", h.event_body("event_app_home_opened.json",
                                                   fixture("event_app_home_opened.json")["event"]))
        assert len(h.fake.of("chat.update")) >= 3
        assert assert_no_mentions(h) > 20


async def test_mentions_in_file_names_and_unknown_commands_go_out_escaped(slack: Harness) -> None:
    h = slack
    # A name that says neither CV nor JD: the bot asks, quoting the name.
    await h.upload("F0ASK", "<!channel> notes.md", sample("sample_cv.md").encode(), mimetype="text/markdown")
    assert "&lt;!channel&gt; notes.md" in h.texts()[-1]
    await h.click("doc_kind_cv", "F0ASK")
    # The file is kept: the confirmation quotes the name.
    await h.upload("F0JD", "<!here> jd.md", sample("sample_jd.md").encode(), mimetype="text/markdown")
    assert "&lt;!here&gt; jd.md" in h.texts()[-1]
    # Unreadable, and not on Slack: both refusals quote the name.
    await h.upload("F0BAD", "<!everyone> cv.pdf", b"%PDF-1.4 not really a pdf", mimetype="application/pdf")
    assert "&lt;!everyone&gt;" in h.texts()[-1]
    await h.upload("F0EVIL", "<!subteam^S0123|@devs> cv.pdf", b"x", url="https://evil.example/cv.pdf")
    assert "&lt;!subteam^S0123|@devs&gt;" in h.texts()[-1]
    await h.command("<!channel>")
    assert "&lt;!channel&gt;" in h.response_texts()[-1]
    assert assert_no_mentions(h) >= 8


def test_esc_is_the_one_escape() -> None:
    from adapters.slack import render

    assert render.esc("<!channel> & <!here>") == "&lt;!channel&gt; &amp; &lt;!here&gt;"
    assert render.title_of("<!here>", "A & B") == "Mock interview: &lt;!here&gt; at A &amp; B"


async def test_slack_escaped_input_is_decoded_once_and_escaped_once(tmp_path: Path) -> None:
    """Slack sends a typed "R&D <team>" as "R&amp;D &lt;team&gt;": kept as typed, shown as typed."""
    import sqlite3

    async with Harness(tmp_path, provider=EchoProvider(), max_questions=2) as h:
        await h.upload("F0CVTXT", "my-cv.md", sample("sample_cv.md").encode(), mimetype="text/markdown")
        await h.upload("F0JDTXT", "jd.md", sample("sample_jd.md").encode(), mimetype="text/markdown")
        await h.command("start R&amp;D Lead &lt;core&gt; | AT&amp;T")
        assert h.parent()["text"] == "Mock interview: R&amp;D Lead &lt;core&gt; at AT&amp;T"
        await h.message("I cut costs &amp; time &lt;a lot&gt;", thread=h.parent_ts())
        with sqlite3.connect(tmp_path / "slack.db") as db:
            assert db.execute("SELECT title, company FROM interviews").fetchone() == ("R&D Lead <core>", "AT&T")
            texts = [row[0] for row in db.execute("SELECT text FROM messages ORDER BY seq")]
        assert "I cut costs & time <a lot>" in texts
        assert "(after: I cut costs &amp; time &lt;a lot&gt;)" in h.questions(h.parent_ts())[-1]["text"]
