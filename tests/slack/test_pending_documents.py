"""A file whose kind is unclear waits in the database for the user's choice, so the
answer to "Is it your CV or the job description?" survives a restart (or lands on
another HTTP worker), and the choice is made once."""

from __future__ import annotations

from interview_core.models import Owner
from tests.slack.harness import DM, USER, Harness, sample


def _owner() -> Owner:
    return Owner("slack", "T0TEST", USER)


async def _ask(h: Harness, file_id: str = "F0DOC", name: str = "document.md") -> None:
    await h.upload(file_id, name, sample("sample_jd.md").encode())
    assert "CV or the job description" in h.texts(DM)[-1]
    assert not await h.service.documents(_owner())


async def test_the_choice_survives_a_restart(slack: Harness) -> None:
    h = slack
    await _ask(h)
    await h.restart()  # a new process: nothing of the upload is in memory any more

    await h.click("doc_kind_jd", "F0DOC")
    assert h.texts(DM)[-1].startswith("Job description: "), h.texts(DM)
    assert "“document.md”" in h.texts(DM)[-1]
    docs = await h.service.documents(_owner())
    assert set(docs) == {"jd"} and "Northwind" in docs["jd"].text
    assert docs["jd"].filename == "document.md"


async def test_a_second_click_after_a_restart_keeps_nothing_twice(slack: Harness) -> None:
    h = slack
    await _ask(h)
    await h.click("doc_kind_cv", "F0DOC")
    assert h.texts(DM)[-1].startswith("CV: ")
    await h.restart()
    await h.click("doc_kind_jd", "F0DOC")  # the old buttons, clicked again
    assert "upload it again" in h.texts(DM)[-1]
    assert set(await h.service.documents(_owner())) == {"cv"}


async def test_delete_forgets_a_file_waiting_for_its_kind(slack: Harness) -> None:
    h = slack
    await _ask(h)
    await h.click("delete_confirm", "")
    await h.restart()
    await h.click("doc_kind_cv", "F0DOC")
    assert "upload it again" in h.texts(DM)[-1]
    assert not await h.service.documents(_owner())
