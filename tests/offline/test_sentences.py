"""split_sentences: stops that end sentences, and the abbreviations, numbers and
initials that do not."""

from __future__ import annotations

import time

import pytest

from interview_core.providers.offline.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I led the rollout. It took two weeks! Did it work? Yes.",
            ["I led the rollout.", "It took two weeks!", "Did it work?", "Yes."],
        ),
        (
            "I worked at St. Catherine's Hospital. Then I moved.",
            ["I worked at St. Catherine's Hospital.", "Then I moved."],
        ),
        (
            "Dr. Patel, Mr. Jones, Mrs. Green and Ms. Ali agreed. We started.",
            ["Dr. Patel, Mr. Jones, Mrs. Green and Ms. Ali agreed.", "We started."],
        ),
        (
            "Meridian Freight Ltd. is hiring. Northwind Inc. builds tools.",
            ["Meridian Freight Ltd. is hiring.", "Northwind Inc. builds tools."],
        ),
        ("I joined Acme Ltd. The team was small.", ["I joined Acme Ltd.", "The team was small."]),
        (
            "Smith & Co. Solicitors and Big Corp. Europe hired me. Good.",
            ["Smith & Co. Solicitors and Big Corp. Europe hired me.", "Good."],
        ),
        (
            "I used tools, e.g. Python and Go, i.e. fast ones. Done.",
            ["I used tools, e.g. Python and Go, i.e. fast ones.", "Done."],
        ),
        (
            "We fixed logs, alerts etc. and it held. We tested backups etc. The rest waited.",
            [
                "We fixed logs, alerts etc. and it held.",
                "We tested backups etc.",
                "The rest waited.",
            ],
        ),
        (
            "Team A vs. Team B was close. It ended 3-2.",
            ["Team A vs. Team B was close.", "It ended 3-2."],
        ),
        (
            "Room No. 5 was busy. No. I did not go.",
            ["Room No. 5 was busy.", "No.", "I did not go."],
        ),
        (
            "I lived in the U.S. It was fun. The U.K. Border Force called.",
            ["I lived in the U.S.", "It was fun.", "The U.K. Border Force called."],
        ),
        (
            "I reported to J. Smith and J. R. Okafor. They agreed.",
            ["I reported to J. Smith and J. R. Okafor.", "They agreed."],
        ),
        (
            "Latency fell to 3.5 s on v2.1. Then 1.2 s.",
            ["Latency fell to 3.5 s on v2.1.", "Then 1.2 s."],
        ),
        ("It was slow... then it worked... Great.", ["It was slow... then it worked...", "Great."]),
        (
            "From Sep. 2023 to Mar. 2024 I led it. Next.",
            ["From Sep. 2023 to Mar. 2024 I led it.", "Next."],
        ),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_line_breaks_end_sentences_but_wrapped_lines_join() -> None:
    text = (
        "Senior Backend Engineer\n"
        "Built the payments API with Go and\n"
        "PostgreSQL for 40 merchants\n"
        "cutting costs by 30%\n\n"
        "  Led the on-call rota  \n"
    )
    assert split_sentences(text) == [
        "Senior Backend Engineer",
        "Built the payments API with Go and PostgreSQL for 40 merchants cutting costs by 30%",
        "Led the on-call rota",
    ]


def test_empty_and_unterminated() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    assert split_sentences("no stop at the end") == ["no stop at the end"]


def test_long_input_is_split_right() -> None:  # bench/offline.py --hostile times it
    sentence = "Dr. Smith cut waits by 3.5 hours at St. Mary's, e.g. in A&E etc. and more. "
    text = sentence * 540 + "\n" * 5000 + "." * 5000  # ~45,000 characters
    began = time.perf_counter()
    parts = split_sentences(text)
    elapsed = time.perf_counter() - began
    assert len(parts) == 541
    print(f"split_sentences on {len(text):,} chars: {elapsed * 1000:.1f} ms")
