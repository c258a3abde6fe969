"""Issue 12, points 4-6 on Slack: `/interview start ... persona:tough level:senior
questions:5 language:French`, parsed, stored, and shown on the interview's parent post."""

from __future__ import annotations

import json
import sqlite3

from adapters.slack.commands import parse_role, parse_start
from tests.slack.harness import DM, Harness, fixture, upload_documents


def test_parse_start_takes_the_options_out_of_the_role() -> None:
    role, options = parse_start('Data Engineer | Acme persona:Tough questions:5 language:"Brazilian Portuguese"')
    assert parse_role(role) == ("Data Engineer", "Acme")
    assert options == {"persona": "Tough", "questions": "5", "language": "Brazilian Portuguese"}
    assert parse_start("level:senior") == ("", {"level": "senior"})
    assert parse_start("Engineer: Platform | Acme") == ("Engineer: Platform | Acme", {})


async def test_start_options_are_stored_and_shown(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command("start Senior Backend Engineer | Acme persona:tough level:senior questions:5 language:French")
    parent = h.parent()
    assert parent["text"] == "Mock interview: Senior Backend Engineer at Acme"
    assert "Tough persona, senior level, 5 questions, in French" in json.dumps(parent["blocks"])
    first = h.questions(h.parent_ts())[0]
    assert first["text"].startswith("Question 1/5")
    assert h.store is not None
    with sqlite3.connect(h.store.path) as conn:  # the SQLite file itself
        rows = conn.execute("SELECT persona, level, language, max_questions FROM interviews").fetchall()
    assert rows == [("tough", "senior", "French", 5)]


async def test_unknown_values_get_a_sentence_listing_the_choices(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command("start Senior Backend Engineer | Acme persona:mean")
    assert "choose friendly, neutral or tough" in h.response_texts()[-1]
    await h.command("start Senior Backend Engineer | Acme questions:40")
    assert "between 1 and 20 questions" in h.response_texts()[-1]
    assert not h.questions()


async def test_the_modal_keeps_the_options(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.message("Job description: " + "We build tools that people love to use every day. " * 10)
    await h.command("start Platform Engineer level:junior questions:2")
    view = h.fake.of("views.open")[0]["view"]
    submit = fixture("view_submission.json")
    submit["view"]["private_metadata"] = view["private_metadata"]
    submit["view"]["state"]["values"]["title"]["value"]["value"] = "Platform Engineer"
    submit["view"]["state"]["values"]["company"]["value"]["value"] = "Globex"
    await h.deliver("interactive", submit)
    assert "Neutral persona, junior level, 2 questions, in English" in json.dumps(h.parent(DM)["blocks"])
    assert h.questions(h.parent_ts())[0]["text"].startswith("Question 1/2")
