"""Result figures: the numbers a candidate can be praised for, quoted as written, and
the product names, dates, readings, prices and JD figures that are not results."""

from __future__ import annotations

import time

import pytest

from interview_core.providers.offline.numbers import (
    MAX_CHARS,
    has_result,
    measurable_tokens,
    number_phrase,
    result_figures,
)


# ---------------------------------------------------------------------------
# Results, quoted exactly as written
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits with units; a from/to change is one figure
        (
            "I added a partial index and cut the query from 9 seconds to 40 ms.",
            ("from 9 seconds to 40 ms",),
        ),
        (
            "As a result p99 fell from 900 ms to 150 ms and checkout errors dropped by 40%.",
            ("from 900 ms to 150 ms", "40%"),
        ),
        (
            "p99 fell from 480 ms to 120 ms at 2,500 requests per second.",
            ("from 480 ms to 120 ms", "2,500 requests per second"),
        ),
        # percentages
        ("Complaints fell 35 percent after I rewrote the scripts.", ("35 percent",)),
        (
            "The result was a 35% cost cut and queries that ran twice as fast.",
            ("35%", "twice as fast"),
        ),
        ("We reached 99.9% uptime.", ("99.9%",)),
        ("Churn was 12% lower; pages loaded 3 seconds faster.", ("12% lower", "3 seconds faster")),
        # money saved, raised, recovered
        (
            "I saved $1.2m on hosting, raised €40k and recovered £300 for a customer.",
            ("$1.2m", "€40k", "£300"),
        ),
        ("I saved the client 20 euros a month.", ("20 euros a month",)),
        ("Revenue grew from $1.2m to $2m.", ("from $1.2m to $2m",)),
        # durations
        ("Release time fell from two days to 40 minutes.", ("from two days to 40 minutes",)),
        ("I resolved it in under an hour.", ("under an hour",)),
        ("I finish my notes within 20 minutes now.", ("20 minutes",)),
        ("They signed off in a week instead of a month.", ("a week instead of a month",)),
        ("Release time is 40 minutes, down from two days.", ("40 minutes, down from two days",)),
        ("We delivered two weeks early and 10% under budget.", ("two weeks early", "10%")),
        # number words
        ("We closed a dozen tickets and halved the queue.", ("a dozen tickets", "halved")),
        ("I cut the backlog by half, then cut waits by a third.", ("half", "a third")),
        ("We saved hundreds of hours.", ("hundreds of hours",)),
        ("I now see twice as many patients.", ("twice as many",)),
        ("Her reading improved by two grades.", ("two grades",)),
        # ranges and changes
        ("Errors went from nine to two.", ("from nine to two",)),
        ("I brought the wait down to 3 minutes.", ("3 minutes",)),
        ("Sales doubled, costs halved and throughput tripled.", ("doubled", "halved", "tripled")),
        ("I cut deploy time in half.", ("in half",)),
        ("Duplicates went from 120 a week to zero.", ("from 120 a week to zero",)),
        # rates
        ("I picked 120 units per shift, up from 80.", ("120 units per shift, up from 80",)),
        ("It has processed 40 million events a day since launch.", ("40 million events a day",)),
        (
            "We went from one release a month to ten deployments a day.",
            ("from one release a month to ten deployments a day",),
        ),
        (
            "Ten deployments a day... eight times more than before.",
            ("Ten deployments a day", "eight times more"),
        ),
        # vitals that changed are results
        (
            "Within an hour her heart rate came down to 95 and her SpO2 rose to 96%.",
            ("an hour", "95", "96%"),
        ),
        # a situation clause ends at a turn
        (
            "Initially deploys took two days, but after my change they took 40 minutes.",
            ("40 minutes",),
        ),
        # list numbering and labels are dropped, the result stays
        ("1. Reduced returns by 12%", ("12%",)),
        ("In Year 11 the share reaching grade 4 rose from 61% to 74%.", ("from 61% to 74%",)),
        ("We grew to 2000 users.", ("2000 users",)),
    ],
)
def test_results(text: str, expected: tuple[str, ...]) -> None:
    assert result_figures(text) == expected
    assert has_result(text)
    for figure in expected:
        assert figure in text  # quoted exactly as written


# ---------------------------------------------------------------------------
# Not results
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # product and version names
        "We moved DNS to Route 53, stored files in S3 and ran EC2 instances.",
        "I upgraded us from Python 3 to Python 3.12 on Windows 11.",
        "We built it in the Web 2.0 days and moved everyone to Office 365.",
        "I led the work to pass ISO 27001.",
        # education and NHS labels
        "I teach Year 9 and Grade 5 classes at Key Stage 3 and Level 3.",
        "As a Band 5 nurse on Ward 7 I looked after the bay.",
        # dates, years, times of day
        "On 3 March 2021 at 14:30 we met, and in 2019 I joined.",
        "The shift ran from 7am to 7pm, 9 to 5 on weekdays, 24/7 at peak.",
        "From 2019 to 2021 I worked there; in the 1990s it was different.",
        # ages of children, list numbering, phone numbers
        "I had a class of 28 children aged 7-8, mostly 7-year-olds.",
        "Call me on +44 20 7946 0958 or 555-123-4567.",
        "1. Talk to the team\n2. Plan the work\n3) Ship it",
        # readings that describe the situation
        "The patient's heart rate was 130, BP 90/60, temperature 39.2 and SpO2 88%.",
        "She scored 3 on NEWS before anything was done.",
        "Before anything was done she had a score of 3 on NEWS.",
        "When I arrived her heart rate was 130 and her BP had dropped to 90/60.",
        "The server had 64 GB RAM and 16 cores.",
        "Attendance was 85% and CPU at 90%.",
        "She is 45 years old, weighs 80 kg and has a temperature of 39.2.",
        # prices and payments that set the scene
        "A customer disputed a 20-euro payment.",
        "I got a refund of 20 euros approved for her.",
        # quantities in a situation clause
        "We had 30 pupils in the class.",
        "The ward takes 30 admissions a day.",
        "I care for six patients a shift and work two shifts a week.",
        "I have 8 years of experience and 12-hour shifts.",
        "My goal was zero double-posted payments.",
        "Initially deploys took two days.",
        "I called the supplier eight times.",
        "One day the server crashed twice a day.",
        "Classes of up to 30 pupils, on servers that support up to 64 GB.",
        "",
    ],
)
def test_not_results(text: str) -> None:
    assert result_figures(text) == ()
    assert not has_result(text)


def test_a_result_next_to_a_situation_is_kept() -> None:
    text = "We had 30 pupils in Year 9 and I raised attainment by 20%; 64 GB RAM, 16 cores."
    assert result_figures(text) == ("20%",)
    text = "I refunded the 20-euro payment within 2 hours."
    assert result_figures(text) == ("2 hours",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("When I arrived, her heart rate was 130 and her BP had dropped to 90/60.", ()),
        ("When I arrived, we had 30 patients waiting and waits had risen to 4 hours.", ()),
        ("When I arrived, I cut the wait to 3 minutes.", ("3 minutes",)),
        ("Initially, deploys took two days; I cut them to 40 minutes.", ("40 minutes",)),
        ("Deploys used to take two days. Now they take 40 minutes.", ("40 minutes",)),
    ],
)
def test_the_situation_lasts_until_the_candidate_acts(text: str, expected: tuple[str, ...]) -> None:
    assert result_figures(text) == expected


def test_figures_from_the_jd_are_excluded() -> None:
    jd = "Order volume doubles this year. We serve 4,000 independent restaurants. Cut costs by 20%."
    answer = (
        "With order volume doubling this year, I would scale the queue; you grew to 4,000 "
        "restaurants. At Brightwave I doubled throughput and cut hosting costs by 20%."
    )
    assert result_figures(answer) == ("doubling", "4,000 restaurants", "doubled", "20%")
    # the JD's own figures go; the candidate's "doubled throughput" stays
    assert result_figures(answer, exclude=jd) == ("doubled",)
    assert has_result(answer, exclude=jd)
    assert not has_result("Order volume doubles this year.", exclude=jd)


def test_no_duplicates_and_order() -> None:
    text = "Errors dropped by 40%. Later, tickets dropped by 40% and waits fell to 3 minutes."
    assert result_figures(text) == ("40%", "3 minutes")


def test_measurable_tokens_is_result_figures() -> None:
    text = "I cut the query from 9 seconds to 40 ms on Route 53."
    assert measurable_tokens(text) == result_figures(text) == ("from 9 seconds to 40 ms",)


def test_number_phrase() -> None:
    line = (
        "Led the migration of the card-authorisation service from a Python monolith to three "
        "Go services, cutting p99 latency from 480 ms to 120 ms at 2,500 requests per second."
    )
    assert number_phrase(line) == "cutting p99 latency from 480 ms to 120 ms"
    assert number_phrase("Handling 15 million calls a month for 300 clients") == (
        "Handling 15 million calls a month for 300 clients"
    )
    # the window moves so that the figure is quoted
    long_line = (
        "Raised BCMA scanning compliance on the surgical unit at the hospital from 88% to 98%"
    )
    assert "from 88% to 98%" in number_phrase(long_line)
    assert number_phrase("Moved DNS to Route 53") == ""


def test_long_input_is_capped_and_still_read_right() -> None:  # bench times it
    sentence = (
        "When I arrived at St. Mary's on Ward 7, heart rate 130; I cut waits from 4 hours to "
        "40 minutes, saved £3,000 a month and halved falls, so 30 pupils aged 7-8 and Route 53 "
        "on 12 March 2024 at 9am did 1, 2, 3 things. "
    )
    text = (sentence * 200)[:40_000]
    worst = ("1 " * 20_000, "from 9 to 2 " * 3_400, "$1," * 13_400, "a " * 20_000)
    timings = {}
    for sample in (text, *worst):
        began = time.perf_counter()
        result_figures(sample, exclude=sample)
        timings[sample[:12]] = time.perf_counter() - began
    # only the first MAX_CHARS are read, and each figure is quoted once
    assert result_figures(text) == ("from 4 hours to 40 minutes", "£3,000 a month", "halved")
    assert len(text) > MAX_CHARS
    print({k: f"{v * 1000:.0f} ms" for k, v in timings.items()})


# ---------------------------------------------------------------------------
# Review of 40 interviews on new jobs (warehouse, B2B sales, hotel front office, council
# policy, community pharmacy): the full sentences the findings came from.
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "not_results"),
    [
        # a band kept to: a fridge range
        (
            ("I knew it had worked because the fridge on its new circuit stayed between 2 and 8 "
            "degrees throughout, the two patients got their supplies the same day from our "
            "sister branch."),
            ("2", "8 degrees"),
        ),
        # the size of an error
        (
            ("At Broadmead last year I caught a child's amoxicillin dose that was ten times too "
            "high; the surgery line was engaged."),
            ("ten times",),
        ),
        (
            ("Once I spotted a dose that was ten times too high on a child's antibiotic, so I "
            "called the GP surgery, got it corrected and explained the change to the parent."),
            ("ten times",),
        ),
        # a time of day
        (
            ("The risk was that bags would pile up while they were on the desk, so we agreed "
            "that from 3 to 7 the concierge covers luggage."),
            ("from 3 to 7",),
        ),
        # a score
        (
            ("Guests we followed up the next morning at the Lighthouse scored us above 8 out of "
            "10 on average on the post-stay survey."),
            ("above 8", "10", "above 8 out of 10"),
        ),
        # a noun ("double rooms"), and a count that sets the scene
        (
            ("In October a conference organiser emailed the GM at 11pm to say that 6 of her "
            "delegates had been given twin rooms instead of doubles."),
            ("6", "doubles"),
        ),
        # a limit
        (
            ("Since then I've given my supervisors authority to offer credits up to £100 without "
            "asking me, so they can do the same at the desk."),
            ("£100",),
        ),
        # what the buyer asked for, and the same figure named again
        (
            ("Situation: in Q4 2023 an NHS trust wanted our system through the G-Cloud framework, "
            "and procurement asked for a 25% discount when my limit without VP sign-off was 15%."),
            ("25%", "15%"),
        ),
        (
            ("Action: I asked procurement what the 25% was based on, and it turned out they were "
            "comparing our three-year price with a competitor's one-year price."),
            ("25%",),
        ),
        ("They asked for 25% off, so I asked what the number was based on.", ("25%",)),
        # a threshold and the scope of what is told
        (
            ("Now, on every deal over £20k, I ask for a short call with finance in the first "
            "month to agree which figures we'll use for the business case."),
            ("over £20k",),
        ),
        (
            ("On my last two hospital deals that cut the time from demo to proposal from around "
            "six weeks to three."),
            ("two",),
        ),
        # plans and conditions
        ("If I just trade down from 25 to 20, I've taught the buyer that my price was padded.",
         ("down from 25 to 20", "from 25 to 20")),
        (
            ("By day 60 I'd want my own pipeline at 1.5x the first quarter's quota, properly "
            "qualified in Salesforce. By day 90 I'd aim to have my first deal closed or in "
            "contract."),
            ("1.5x the first", "90"),
        ),
        # durations that are context
        (
            ("Why now: I've hit quota three years in a row, I'd like a bigger target, and I want "
            "to sell something I can tie directly to workforce cost."),
            ("three years",),
        ),
        (
            ("In three years I'd like to be a Shift Manager, and a grocery DC with that store "
            "count is where I'd learn fastest."),
            ("three years",),
        ),
        (
            ("By day 90 I'd want a rota built to forecast with no agency on normal weeks, and "
            "review replies within 48 hours."),
            ("48 hours", "90"),
        ),
        (
            ("More broadly, replying to every review within 48 hours is how we moved from 4.2 to "
            "4.6 on TripAdvisor."),
            ("48 hours",),
        ),
        (
            ("When the government published the Renters Reform Bill, I wrote a six-page note "
            "within a week setting out the three duties that would hit us hardest."),
            ("six", "a week"),
        ),
    ],
)
def test_review_figures_that_are_not_results(text: str, not_results: tuple[str, ...]) -> None:
    found = result_figures(text)
    for figure in not_results:
        assert figure not in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ("On my last two hospital deals that cut the time from demo to proposal from around "
            "six weeks to three."),
            ("from around six weeks to three",),
        ),
        (
            ("The Portfolio Holder used it to brief the Cabinet, and it led to us setting aside "
            "£120,000 in the next budget for extra enforcement officers."),
            ("£120,000",),
        ),
        (
            ("Cabinet adopted it in March 2023, on schedule, and in the first year four of the "
            "five associations changed their own tenancy policies to match."),
            ("four of the five associations",),
        ),
        (
            ("By the end of the year we'd saved £18,000 on agency, and check-in queues at peak "
            "fell from about nine minutes to four."),
            ("£18,000", "from about nine minutes to four"),
        ),
        ("We lost about £600 of stock instead of £4,000.", ("about £600 of stock instead of £4,000",)),
        (
            ("Meanwhile I would grow Pharmacy First, which I did 420 times in six months at "
            "Broadmead."),
            ("six months",),
        ),
    ],
)
def test_review_results_that_are_found(text: str, expected: tuple[str, ...]) -> None:
    assert result_figures(text) == expected
    assert has_result(text)
