"""Follow-ups that quote the candidate's own words and probe what the answer lacked.

`follow_up(answer)` picks one clause of the answer worth probing ("I moved handover to the
bedside", "it was mostly fine"), quotes it verbatim in typographic quotes, and asks about the
most important thing the answer left out (`gaps`): the result, the candidate's own part, the
reason, a trade-off, what they would do differently, a concrete detail or an example.

The quote is always an exact substring of the answer, 3-12 words, starting at a sentence or
clause start (a leading "and", "so", "then", "but" or filler may be dropped) and ending on a
word that closes a phrase (never "to", "the", "was", "my" ...). Nothing is quoted from an
answer that reads as an instruction to the interviewer, and the quote obeys the same safety
rules as `text.clip_phrase` and `text.is_quotable`: letters, digits, spaces and .,'%$€£&+#/()-
only (an apostrophe may be typographic inside a word: "didn’t"); no quotation marks, markup
or URLs; no instruction-like words.

Pure, deterministic, no dependencies. The modules, in the order an answer goes through them:

    words.py     the word classes (data/probes_words.txt)
    cues.py      the cue phrases (data/probes_cues.txt) and numbers that carry a result
    tokens.py    an answer as words and clause breaks
    reading.py   one pass over the words: flags, cues, who acted (shared by both functions);
                 a quote found in the answer's own characters
    lacking.py   what the answer lacks, for the kind of question (`gaps`)
    clauses.py   the phrases that could be quoted back
    ranking.py   which of them to ask about for a gap
    wording.py   the interviewer's frames (data/probes.toml)
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from interview_core.providers.offline.probes.clauses import (
    F_HYPOTHETICAL,
    F_I_ACT,
    F_WE_ACT,
    quotable_clauses,
)
from interview_core.providers.offline.probes.lacking import (
    GAPS,
    gaps_of,
    question_kind,
    usable,
)
from interview_core.providers.offline.probes.ranking import ranked
from interview_core.providers.offline.probes.reading import locate, read
from interview_core.providers.offline.probes.tokens import _clean, key
from interview_core.providers.offline.probes.wording import frames

MAX_SEARCH_CHARS = 5000  # the quote is searched for in this prefix; it is still a substring
MAX_TEXT_CHARS = 220

# bench/offline.py times a cold interview by clearing the text caches it finds directly in
# the modules under offline/; these are this package's (read, quotable_clauses, gaps_of,
# question_kind above, the token cache, and the plain form of the sources a quote is checked
# against, below).
_TEXT_CACHES = (read, quotable_clauses, gaps_of, question_kind, _clean)


@dataclass(frozen=True, slots=True)
class FollowUp:
    quote: str  # an exact substring of the answer (verbatim, same case), 3-12 words
    gap: str  # what the answer lacked: one of GAPS
    text: str  # what the interviewer says, with the quote in “…”


def gaps(answer: str, *, question: str = "") -> tuple[str, ...]:
    """What the answer lacks, most important first, for this kind of question.

    A story question (the default) wants the candidate's own part (when "we" hides it), the
    result, the reason, a reflection and a trade-off; a decision or technical question puts
    the trade-off first; a scenario wants the trade-off and the reason (there is no result
    yet); a motivation question wants the reason, then specifics, never STAR. "example" comes
    first when no real event is told, "detail" when the answer is only a thin, vague claim.
    """
    text = (answer or "")[:MAX_SEARCH_CHARS]
    if not usable(text):
        return ()
    return gaps_of(text, question_kind(question))


_WORDS_RE = re.compile(r"[a-z0-9%£$€&]+")


@lru_cache(maxsize=64)
def _plain(text: str) -> str:
    return " " + " ".join(_WORDS_RE.findall(key(text))) + " "


def from_sources(quote: str, sources: Collection[str]) -> bool:
    """Whether the quote is the words of one of the sources (the JD, the CV), word for word."""
    words = _plain(quote)
    return words.strip() != "" and any(words in _plain(source) for source in sources if source)


# A career step ("I started at Boots as a supervisor", "I moved to FreshMart in 2020") is a
# fact of the CV: no result to check, no option weighed, nothing to have done differently.
_CAREER_RE = re.compile(
    r"^(?:i|i've|i have|i was)\s+(?:\w+ly\s+)?(?:joined|became|(?:was|been|got)\s+promoted|"
    r"(?:started|began|worked)\s+(?:out\s+)?(?:at|as|for|in\s+(?:19|20)\d\d)|moved\s+(?:to|into|across|over)"
    r"|spent\s+(?:\w+\s+){1,3}?(?:years?|months?)\s+(?:at|as|with|in))\b", re.I)
_CAREER_GAPS = frozenset({"result", "trade_off", "differently", "own_part"})


def follow_up(
    answer: str, *, question: str = "", seed: int = 0, avoid: Collection[str] = (),
    sources: Collection[str] = (),
) -> FollowUp | None:
    """A follow-up that quotes the answer and probes what it lacked, or None.

    `question` is the question the answer replied to (it decides which gap matters most);
    `avoid` holds the interview's earlier questions: no frame and no quote is used twice;
    `sources` the texts the candidate may have pasted (the JD, the CV): words that are
    theirs, word for word, are never quoted back as the candidate's own.
    """
    text = (answer or "")[:MAX_SEARCH_CHARS]
    if not usable(text):
        return None
    clauses = quotable_clauses(text)
    if not clauses:
        return None
    words = read(text)
    earlier = [key(said) for said in avoid if said]
    joined = "\n".join(earlier)
    pasted = [_plain(source) for source in sources if source]
    for gap in dict.fromkeys((*gaps_of(text, question_kind(question)), "detail")):
        for a, b, _base, mask, _position in ranked(clauses, gap, 4):
            quote = locate(text, words, a, b)
            if quote is None:
                continue
            if earlier and f'"{key(quote)}"' in joined:
                continue  # already quoted back once in this interview
            if pasted and any(_plain(quote) in source for source in pasted):
                continue  # the JD's or the CV's words, not the candidate's
            if gap in _CAREER_GAPS and _CAREER_RE.match(quote):
                continue  # "I started at Boots as a supervisor": how did you know it worked?
            # "Why did you go that way?" needs something the candidate did, not a feeling.
            past = bool(mask & (F_I_ACT | F_WE_ACT)) and not mask & F_HYPOTHETICAL
            for frame in frames(gap, past, seed, earlier):
                said = frame.text.replace("{quote}", quote)
                if len(said) <= MAX_TEXT_CHARS:
                    return FollowUp(quote=quote, gap=gap, text=said)
    return None


_TEXT_CACHES += (_plain,)

__all__ = ["GAPS", "MAX_TEXT_CHARS", "FollowUp", "follow_up", "from_sources", "gaps"]
