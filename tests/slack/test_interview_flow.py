"""A whole DM interview, file upload to feedback, through real bolt over real
sockets: signed HTTP requests, and the same in Socket Mode."""

from __future__ import annotations

from importlib import resources

from tests.conftest import FIXTURES as CORE_FIXTURES
from tests.slack.harness import DM, Harness

ANSWER = (
    "At my last company I led the migration of our billing service to Kubernetes. "
    "The situation was frequent outages; my task was to cut them. I introduced health checks, "
    "canary deploys and Postgres connection pooling, and outages fell by 80% in three months."
)


def sample(name: str) -> str:
    return resources.files("interview_core").joinpath("samples", name).read_text("utf-8")


async def upload_cv_and_jd(h: Harness) -> None:
    pdf = (CORE_FIXTURES / "cv" / "awesome-cv-resume.pdf").read_bytes()
    await h.upload("F0CV", "Jane_Doe_Resume.pdf", pdf, mimetype="application/pdf")
    assert any(t.startswith("CV: ") and "page" in t and "words" in t for t in h.texts(DM)), h.texts(DM)
    await h.upload("F0JD", "job-description.md", sample("sample_jd.md").encode(), mimetype="text/markdown")
    confirm = h.texts(DM)[-1]
    assert confirm.startswith("Job description: ") and "/interview start" in confirm, confirm
    assert h.fake.downloads == ["F0CV", "F0JD"]


async def test_whole_interview_from_upload_to_feedback(any_mode: Harness) -> None:
    h = any_mode
    await upload_cv_and_jd(h)

    result = await h.command("start Senior Backend Engineer | Acme")
    if h.mode == "socket":
        assert result["envelope_id"]  # the ack went back over the websocket
    parent = h.parent()
    assert parent["text"] == "Mock interview: Senior Backend Engineer at Acme"
    thread = h.parent_ts()
    assert [q["text"].split(":")[0] for q in h.questions(thread)] == ["Question 1/8"]
    assert "Question 1/8" in str(h.questions(thread)[0]["blocks"])

    for n in range(1, 9):
        ts = h.next_ts()
        await h.message(f"{ANSWER} (answer {n})", thread=thread, ts=ts)
        reactions = [r for r in h.fake.of("reactions.add") if r["timestamp"] == ts]
        assert reactions and reactions[0]["name"] == "hourglass_flowing_sand"
        if n < 8:
            assert h.questions(thread)[-1]["text"].startswith(f"Question {n + 1}/8: ")
            assert any(str(n) + "/8 answered" in str(u.get("blocks")) for u in h.fake.of("chat.update")
                       if u["ts"] == thread)

    questions = h.questions(thread)
    assert len(questions) == 8
    # Every question is a threaded reply to the parent, and nothing leaked to the DM's top level.
    assert all(q["thread_ts"] == thread for q in h.questions(None))
    in_thread = h.texts(DM, thread)
    assert in_thread[-2].startswith("That's the end of the interview")
    report = h.fake.posts(DM, thread)[-1]
    assert report["text"].startswith("Your feedback report: ")
    blocks = str(report["blocks"])
    for part in ("Overall score", "Scores", "Covered:", "Asked about or raised, not shown:", "Never came up:", "Answer by answer", "Q8"):
        assert part in blocks, part
    assert "Complete" in str(h.fake.of("chat.update")[-1]["blocks"])

    # A duplicate delivery of the last answer (same ts, new event id) changes nothing.
    before = len(h.fake.calls)
    await h.message("again", thread=thread, ts=ts)
    assert len(h.fake.calls) == before
