"""The per-answer notes: what worked, what to improve, and a stronger answer's outline.

Each note fits the question it is about: a motivation question gets motivation advice,
a technical one technical advice, a story question STAR advice. Nothing here praises
what the answer did not do: a copy, a list of skills or "I don't know" is named as such.
The outline of a stronger answer is outlines.py's (re-exported here).
"""

from __future__ import annotations

import re

from interview_core.providers.offline.asks import asked_about
from interview_core.providers.offline.grading import GradedAnswer
from interview_core.providers.offline.match import Match
from interview_core.providers.offline.outlines import (
    MAX_USES_PER_CV_LINE,
    _is_gerund,
    question_ask,
    question_topic,
    stronger_answer,
)
from interview_core.providers.offline.vocabulary import display_skill

__all__ = ["MAX_USES_PER_CV_LINE", "question_ask", "question_topic", "shown_hedge",
           "stronger_answer", "to_improve", "what_worked"]


def _about(g: GradedAnswer, match: Match) -> str:
    """ "the question about <topic>", as specific as the question allows."""
    topic = question_topic(g.question)
    if topic:
        return f"the question about {topic}" if _is_gerund(topic) else f"the question (how you {topic})"
    skills = match.skills_in(g.question)
    if skills:
        return f"the question about {display_skill(skills[0])}"
    return {
        "motivation": "the question about why you want this job",
        "closing": "the closing question",
        "opening": "the question about your background",
        "probe": "the follow-up on your last answer",
    }.get(g.kind, "the question")


# ---------------------------------------------------------------------------
# What worked
# ---------------------------------------------------------------------------
def _sentence(points: list[str]) -> str:
    text = " and ".join(points[:2])
    return text[0].upper() + text[1:] + "."


def what_worked(g: GradedAnswer, match: Match) -> str:
    j, s = g.judgement, g.signals
    if j.copy_of is not None:
        return f"Nothing new to credit: this repeats your answer to question {j.copy_of}."
    if j.dont_know or s.words == 0:
        return "You were honest rather than bluffing, which is the right instinct."
    if s.asks_back:
        return "Nothing to credit yet: this asks a question instead of answering one."
    if j.no_answer:
        return "Nothing to credit yet: this says too little to answer the question."
    if j.echo:
        return "Nothing of your own yet: the answer hands the question's words back."
    if j.pasted_jd:
        return "Nothing of your own yet: this is the job description's text, word for word."
    if j.padding:
        return "Nothing to credit yet: the same few words are repeated to fill the answer."
    if j.listing:
        named = ", ".join(map(display_skill, (j.evidence.named or j.evidence.shown)[:3]))
        if s.word_list or not named:
            return "Nothing to credit yet: a list of words, with no sentence, is not an answer."
        return f"You named skills the role uses ({named}), but with no example of using them."
    if j.generic:
        return "A confident tone, but nothing concrete to back it yet."
    points: list[str] = []
    if j.off_topic:
        return "Nothing to credit for this question yet: it reads as an answer to a different one."
    if j.pasted_cv:
        return "Nothing new to credit: the panel has read your CV, and this repeats it word for word."
    if g.results:
        points.append(f"gave a result you can measure ({', '.join(g.results[:2])})")
    if g.kind == "story" and s.star_parts == 4:
        points.append("covered all four STAR parts")
    if g.kind == "motivation" and g.relevance >= 0.9 and g.specific:
        points.append("gave a reason of your own for wanting this job")
    if g.kind == "closing" and s.action and g.specific and not s.short and j.ahead:
        points.append("gave a concrete plan")
    if j.evidence.denied and j.plan:
        points.append(f"were honest about {display_skill(j.evidence.denied[0])} and said how you'd close the gap")
    if (g.kind in ("story", "probe", "technical", "scenario") and s.i_count
            and s.i_count >= s.we_count and s.action and not s.short and not s.hedges):
        points.append("made your own part clear")
    if g.skills:
        points.append(f"showed {', '.join(map(display_skill, g.skills[:2]))} in action")
    if not points and not s.short and not s.hedges and j.addressed:
        points.append("answered the question directly")
    if not points and not j.addressed:
        # Too brief to be called off topic, and not on it: nothing says it answered.
        return "Nothing to credit yet: it is too brief to show that it answers the question."
    if not points:
        return "You answered the question, which gives you something to build on."
    return _sentence(points)


# ---------------------------------------------------------------------------
# What to improve
# ---------------------------------------------------------------------------
_POLISH = {
    "story": (
        "Close with what you learned or would do differently, to show judgement as well as results.",
        "Link the result back to what this role needs, in one closing sentence.",
    ),
    "technical": (
        "Say why you chose that approach over the alternatives, and how you checked it worked.",
        "Name the risk you watched for and what you would do if it went wrong.",
    ),
    "scenario": (
        "Say who you would involve and when, and how you would know the plan was working.",
        "Name what you would leave for later, and why, so the panel sees your priorities.",
    ),
    "probe": ("Finish the story with what you learned and what you would repeat next time.",
              "Link it back to what this role needs, in one closing sentence."),
    "opening": ("End on the one reason your background fits this role, in a sentence.",),
    "motivation": ("Add what you would bring them, not only what the job gives you.",),
    "closing": ("End with one sentence the panel will remember about you.",),
}


_FITS_ALREADY = "Lead with the experience that matters most for this role, then give its result in one line."

# What a follow-up asked for, by its wording (ours or a model's), and the advice when the
# answer did not give it.
_ASKED_FOR: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("trade_off", re.compile(r"alternative|other option|instead|downside|cost|trade-?off|why not", re.I)),
    ("differently", re.compile(r"differently|hindsight|looking back|change anything|again", re.I)),
    ("own_part", re.compile(r"your own part|yourself|personally|you did", re.I)),
    ("reason", re.compile(r"\bwhy\b|reason|thinking behind|what led|right call", re.I)),
    ("result", re.compile(r"result|turn(?:ed)? out|happened|difference|changed|outcome", re.I)),
)
_PROBE_ADVICE = {
    "trade_off": "Name the option you did not take and why: the follow-up asked for the trade-off.",
    "differently": "Say what you would do differently next time: the follow-up asked for the lesson.",
    "own_part": "Say what you did yourself, in the first person: the follow-up asked for your part.",
    "reason": "Give the reason behind it (because ..., so that ...): the follow-up asked why.",
    "result": "Say what changed because of it, in numbers if you can: the follow-up asked for the result.",
}


def _asked_for(question: str) -> str:
    return next((gap for gap, pattern in _ASKED_FOR if pattern.search(question)), "")


def _gave(gap: str, g: GradedAnswer) -> bool:
    text, s = g.answer, g.signals
    if gap == "trade_off":
        return bool(re.search(r"instead|rather than|option|alternative|trade-?off|downside|cost|"
                              r"weighed|considered|could have", text, re.I))
    if gap == "differently":
        return bool(re.search(r"differently|next time|learn|hindsight|would have|now i", text, re.I))
    if gap == "own_part":
        return s.i_count >= max(1, s.we_count) and s.action
    if gap == "reason":
        return bool(re.search(r"because|so that|since|the reasons?|two reasons|in order to|"
                              r"which meant|which is why|that's why|,\s*so\b|\bas (?:it|the|we|i)\b",
                              text, re.I))
    return bool(g.results) or s.result


def shown_hedge(hedge: str) -> str:
    """A hedge as the candidate wrote it: the signals keep them in lower case, but "i guess"
    quoted back reads as a slip of ours."""
    return re.sub(r"\bi\b", "I", hedge)


def to_improve(g: GradedAnswer, match: Match) -> str:
    j, s = g.judgement, g.signals
    about = _about(g, match)
    company = match.job.company or "the employer"
    if s.words == 0:
        return "There was no answer; even a short, honest example scores better than silence."
    if j.copy_of is not None:
        return (f"This is the same answer as question {j.copy_of}, so it doesn't answer {about}. "
                "Give a different example that fits this question.")
    if j.dont_know:
        return ("No answer yet: say how you would approach it, or give the closest example you "
                "have; that scores far better than passing.")
    if s.asks_back:
        return ("This is a question, not an answer: answer the question asked first, with one "
                "example of what you did; questions about your answers can wait for the report.")
    if j.no_answer:
        return ("No answer yet: give one example of what you did, where, and how it turned "
                "out; even two honest sentences score far better.")
    if j.echo:
        return ("This repeats the question back instead of answering it: say what you did, "
                "where, and what changed.")
    if j.pasted_jd:
        return ("This is the job description's own text: the panel wrote it. Pick one duty "
                "and tell a time you did it: what you did and what changed.")
    if j.padding:
        return ("Repeating the same words doesn't add up to an answer: tell one specific "
                "story once, in your own words.")
    if j.asks_ahead and not j.ahead and g.kind == "closing" and (j.off_topic or not s.short):
        return ("This tells a past story, but the question asks what you would do or achieve "
                "here: name one or two goals for the role and your first steps, then use the "
                "story as proof you can.")
    if j.off_topic:
        return (f"This doesn't seem to answer {about}: answer it directly first, in its own "
                "words, then give one example.")
    if j.listing and s.word_list:
        return ("A list of words is not an answer: say, in sentences, one time you did it: "
                "what you did, where, and what changed.")
    if j.listing:
        return ("Listing skills is not evidence: pick one and tell a time you used it, what "
                "you did and what changed.")
    if j.generic:
        return ("Self-praise without an example doesn't convince a panel: replace it with one "
                "specific story that shows it.")
    if j.evidence.denied and not j.plan:
        gap = display_skill(j.evidence.denied[0])
        return (f"Saying you haven't used {gap} is honest; add how you would close the gap "
                "and the closest experience you have.")
    if j.pasted_cv:
        return ("This is your CV line word for word: the panel has read it. Tell the story "
                "behind it: the situation, what you did and what changed.")
    if s.short:
        return "Too brief: add one concrete example with what you did and how it turned out."
    if j.missed_asks and g.kind not in ("probe", "motivation"):
        # "Lead, coach and develop the team", answered on leading alone: the rest was asked too.
        asked = asked_about(g.question, j.missed_asks) or " and ".join(j.missed_asks)
        return (f"The question also asked about {asked}: add one example of it, with what you "
                "did and what changed.")
    if g.kind == "motivation":
        if not g.specific:
            return (f"Name something specific about {company} and link it to your own "
                    "experience; a reason that fits any employer convinces nobody.")
        return _POLISH["motivation"][0]
    if g.kind == "closing":
        if not (s.action or g.results or g.judgement.plan):
            return ("Make it concrete: who you would meet first, what you would learn, and one "
                    "result you would aim for in your first months.")
        return _POLISH["closing"][0]
    if s.we_heavy:
        return 'Say what you personally did: "we" hides your contribution from the panel.'
    if g.kind == "probe":
        asked = _asked_for(g.question)
        if asked and not _gave(asked, g):
            return _PROBE_ADVICE[asked]
    if g.kind == "story" and not g.results and not s.result:
        return "Add the result: what changed because of what you did, in numbers if you can."
    if g.kind == "story":
        missing = g.missing_star
        if missing:
            return f"Make the STAR structure complete: add the {' and '.join(missing)}."
    if g.kind in ("technical", "scenario") and not s.action:
        return "Give your steps in order, with the reason for each, rather than general principles."
    if s.hedges:
        return f'Drop hedges and fillers such as "{shown_hedge(s.hedges[0])}"; state what you did with confidence.'
    if s.rambling:
        return f"Trim it ({s.words} words): lead with the point, then one example and the result."
    options = _POLISH.get(g.kind, _POLISH["story"])
    if j.closes_on_fit:  # it ends on why it fits this role already: never ask for that
        options = tuple(o for o in options if "role" not in o) or (_FITS_ALREADY,)
    if re.search(r"learn|next time|differently|now i|fair point|lesson|since then", g.answer, re.I):
        options = tuple(o for o in options if "learned" not in o) or options  # it said so already
    return options[g.number % len(options)]
