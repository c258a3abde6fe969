"""The phrases of an answer that could be quoted back (reading.locate finds them in its own
characters).

A quote is 3-12 words, starts at a sentence or clause start (a leading "and", "so", "then",
"but" or filler may be dropped), ends on a word that closes a phrase (never "to", "the",
"was", "my" ...) and is either a clause or a clear noun phrase. Each candidate carries a
base score (its size, whether it ends where a clause ends, hedges and commas inside) and a
mask of features (a past action of "I", a claim, a plan ...) that ranking.py weighs per gap.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache, reduce
from itertools import accumulate
from operator import or_

from interview_core.providers.offline.probes.reading import (
    BAD_END_WORD,
    CROWDED,
    CUT_WORD,
    DECIDED,
    DIGIT,
    I_ACT,
    JOIN_WORD,
    NUMBERISH,
    PAST,
    RESULT_NUM,
    SUBJECT,
    SUSPICIOUS,
    VERBISH,
    WE_ACT,
    read,
)
from interview_core.providers.offline.probes.words import (
    ARTICLES,
    BAD_END,
    BAD_START,
    BEFORE_THAT_CLAUSE,
    CLAUSE_CONJUNCTIONS,
    CLOSING_OBJECTS,
    CONTRACTED_SUBJECTS,
    DETERMINERS,
    DROP_START,
    DROP_START_PHRASES,
    HEDGE_WORDS,
    LAST_AT_CLAUSE_END,
    NOUN_PHRASE_START,
    PARTICLES,
    POSSESSORS,
    PREPOSITIONS,
    SUBJECT_LIKE,
    TAIL_PHRASES,
    TEAM_NOUNS,
    WH_WORDS,
)

MIN_WORDS = 3
MAX_WORDS = 12

# Clause features (bits of a clause's mask) that the score tables weigh.
F_CLAIM = 1 << 0  # "it went really well", "the team was happy"
F_I_ACT = 1 << 1  # "I moved handover to the bedside"
F_WE_ACT = 1 << 2  # "we rewrote the rota"
F_DECISION = 1 << 3  # the action is a choice: moved, changed, decided ...
F_TEAM_CLAIM = 1 << 4  # "the team was happy"
F_GENERIC = 1 << 5  # "I always keep parents informed"
F_MOTIVE = 1 << 6  # "I love working with older children"
F_HYPOTHETICAL = 1 << 7  # "I would call the family first"
F_NUMBER = 1 << 8
F_PAST = 1 << 9
F_SUBJECT = 1 << 10  # starts with "I", "we", "the team" ...
F_RESULT = 1 << 11  # holds a number that carries a result: "I closed £712k"
F_SAFETY = 1 << 12  # a step for someone's safety: "make the area safe"
FEATURE_BITS = 13
_CUE_FEATURES = {
    "claim": F_CLAIM,
    "safety": F_SAFETY,
    "generic": F_GENERIC,
    "motive": F_MOTIVE,
    "hypothetical": F_HYPOTHETICAL,
    "hedge": -1,  # counted, not a feature
    "dont_know": -2,  # refused: "I don't know", "not sure" are not worth quoting back
}


def _word_features(bits: int) -> int:
    mask = 0
    if bits & I_ACT:
        mask |= F_I_ACT
    if bits & WE_ACT:
        mask |= F_WE_ACT
    if bits & DECIDED:
        mask |= F_DECISION
    if bits & (PAST | I_ACT | WE_ACT):
        mask |= F_PAST
    if bits & DIGIT:
        mask |= F_NUMBER
    return mask


# The word flags a feature is made of are the first eight (reading.py).
_FEATURES_OF_BITS = tuple(_word_features(b) for b in range(1 << 8))
_SIZE_BASE = tuple((1.0 if 4 <= s <= 10 else 0.4) + 0.05 * s for s in range(MAX_WORDS + 1))
_TAIL_LAST = frozenset(phrase[-1] for phrase in TAIL_PHRASES)

# A clause: (first word, end word, base score, feature mask, position 0..1).
Clause = tuple[int, int, float, int, float]


def _tail_flags(lows: Sequence[str], lo: int, hi: int) -> list[int]:
    """Word indices k in lo..hi where lows[k:hi] are only trailing hedges ("I guess")."""
    tail = [False] * (hi - lo + 1)
    tail[hi - lo] = True
    for k in range(hi - 1, max(lo, hi - 8) - 1, -1):  # tails are a few words long
        for phrase in _TAIL_BY_FIRST.get(lows[k], ()):
            end = k + len(phrase)
            if end <= hi and tail[end - lo] and tuple(lows[k:end]) == phrase:
                tail[k - lo] = True
                break
    return [k for k in range(max(lo, hi - 8), hi) if tail[k - lo]]


def _by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        table.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in table.items()}


_TAIL_BY_FIRST = _by_first(TAIL_PHRASES)
_OPENER_BY_FIRST = _by_first(DROP_START_PHRASES)
_OPENER_WORDS = DROP_START | frozenset(_OPENER_BY_FIRST)


def _skip_openers(lows: Sequence[str], i: int, hi: int) -> int:
    """Past "and", "so", "then", "but" and fillers ("Honestly", "I think") at a clause start."""
    while i < hi:
        word = lows[i]
        if word in DROP_START:
            i += 1
            continue
        for phrase in _OPENER_BY_FIRST.get(word, ()):
            if tuple(lows[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            return i
    return i


# A phrase opens on one of these: "the ...", "my ...", "40 ...", "in SPSS".
_PHRASE_OPENERS = ARTICLES | DETERMINERS | POSSESSORS | (PREPOSITIONS - {"to"}) | {"this", "that"}
_SUBJECT_STARTS = SUBJECT_LIKE | CONTRACTED_SUBJECTS
# May start a clause after "and", "or", "then" or a comma: a subject or a phrase ("and the
# team agreed", "and in March ..."), not a verb or a noun in a list ("and check-out").
_AFTER_JOIN_STARTS = _SUBJECT_STARTS | ARTICLES | DETERMINERS | POSSESSORS | {
    "in", "on", "at", "during", "after", "before", "over", "this", "that", "now", "once",
}


def _complete_before_cut(lows: Sequence[str], flags: Sequence[int], e: int, lo: int) -> bool:
    """Whether words up to e end a complete phrase, with the cut before word e + 1 (a
    preposition, conjunction or "that"): "I read this as a prescription" | "that ...",
    not "I asked what the 25% was based" | "on", "I would like to work" | "for", "and try" |
    "to", "I moved people" | "around"."""
    word = lows[e]
    if flags[e] & (VERBISH | BAD_END_WORD) or word in BAD_END:
        return False
    after = lows[e + 1] if e + 1 < len(lows) else ""
    if word in CLOSING_OBJECTS:
        return after != "to"  # "I told them" | "to stop" is left open
    if flags[e] & NUMBERISH:
        return e > lo and lows[e - 1] in _PHRASE_OPENERS  # "a team of 14"
    j, size = e, 0
    while j >= lo and size < 5:  # back over the words of a noun phrase
        w = lows[j]
        if w in _PHRASE_OPENERS or flags[j] & NUMBERISH:
            if (
                after in ("and", "or")
                and w in PREPOSITIONS
                and not (e + 2 < len(lows) and flags[e + 2] & VERBISH)
            ):
                # "on check-in" | "and check-out": a list cut in two ("line by line" | "and
                # found ..." is two actions)
                return False
            return size > 0  # "the customer", "two dispensers", "in SPSS"
        if flags[j] & VERBISH:
            # A verb and a bare object: "analysed English Housing Survey data" | "in" is
            # whole, "moved people" | "around" is not.
            return size >= 2 and after not in PARTICLES
        if w in BAD_END or w in SUBJECT_LIKE or flags[j] & BAD_END_WORD:
            return False
        j -= 1
        size += 1
    return False


@lru_cache(maxsize=256)
def quotable_clauses(text: str) -> tuple[Clause, ...]:
    """Every phrase of the answer that could be quoted back, in order."""
    answer = read(text)
    lows, commas, flags = answer.lows, answer.commas, answer.flags
    n = len(lows)
    if n < MIN_WORDS:
        return ()
    hedge_sums = (
        list(accumulate(map(HEDGE_WORDS.__contains__, lows), initial=0))
        if not HEDGE_WORDS.isdisjoint(lows)
        else [0] * (n + 1)
    )
    comma_sums = list(accumulate(commas, initial=0))
    comma_at = [k for k, c in enumerate(commas) if c]
    # Where a quote may start (at word k) and end (after word k).
    begins: set[int] = {k + 1 for k in comma_at}
    ends: list[int] = list(comma_at)
    chunk_end = [0] * n
    chunk_lo = [0] * n
    sentence_starts: set[int] = set()
    broken = answer.broken
    tail_last = _TAIL_LAST
    for lo, hi in answer.chunks:
        if lo not in broken:
            begins.add(lo)
            sentence_starts.add(lo)
        chunk_end[lo:hi] = [hi] * (hi - lo)
        chunk_lo[lo:hi] = [lo] * (hi - lo)
        ends.append(hi - 1)
        if lows[hi - 1] in tail_last:  # "... I guess": the quote may end before the tail
            ends.extend(k - 1 for k in _tail_flags(lows, lo, hi) if k > lo)
    # Where a new clause starts inside a chunk: a quote ends before it, never runs over it
    # ("we had agency in, so I moved people"; "... and I trained ...").
    clause_at: list[int] = []
    subject_starts = _SUBJECT_STARTS
    for k in [k for k, f in enumerate(flags) if f & (CUT_WORD | JOIN_WORD)]:
        word = lows[k]
        if word in CLAUSE_CONJUNCTIONS or (
            flags[k] & JOIN_WORD and k + 1 < n and lows[k + 1] in subject_starts
        ) or (word == "or" and k + 1 < n and lows[k + 1] in subject_starts):
            clause_at.append(k)
    for k in comma_at:
        if k + 1 < n and lows[k + 1] in subject_starts:
            clause_at.append(k + 1)
    clause_at.sort()
    natural = [0.0] * n  # after word k a clause ends: a bonus for a quote that ends there
    for k in ends:
        natural[k] = 1.0
    for k in clause_at:
        if k > 0:
            natural[k - 1] = 1.0
            ends.append(k - 1)
    for k in [k for k, f in enumerate(flags) if f & (CUT_WORD | JOIN_WORD)]:
        if flags[k] & JOIN_WORD and k + 1 < n and lows[k + 1] in _AFTER_JOIN_STARTS:
            begins.add(k + 1)  # "and I ...", "so the team ...", not "and check-out"
        # "line by line", "day to day", "face to face" are one phrase.
        if (
            k > 0
            and flags[k] & CUT_WORD
            and not (k + 1 < n and lows[k + 1] == lows[k - 1])
            and (natural[k - 1] or _complete_before_cut(lows, flags, k - 1, chunk_lo[k]))
        ):
            ends.append(k - 1)
    stops = sorted(  # a quote may end after word k
        k
        for k in set(ends)
        if (
            not flags[k] & BAD_END_WORD
            or (lows[k] in LAST_AT_CLAUSE_END and natural[k] and lows[k - 1] == "a")
        )
        and not (lows[k] == "that" and k > 0 and lows[k - 1] in BEFORE_THAT_CLAUSE)
    )
    cue_spans = sorted(
        (k0, k1, bit) for name, bit in _CUE_FEATURES.items() for k0, k1 in answer.cues[name]
    )
    cue_starts = [span[0] for span in cue_spans]
    found: list[Clause] = []
    append = found.append
    seen: set[int] = set()
    # Locals: this loop runs for every clause start of the answer.
    opener_words, bad_start, subject_like = _OPENER_WORDS, BAD_START, SUBJECT_LIKE
    team_nouns, noun_starts, size_base = TEAM_NOUNS, NOUN_PHRASE_START, _SIZE_BASE
    features_of_bits, suspicious, verbish, subject_bit = (
        _FEATURES_OF_BITS,
        SUSPICIOUS,
        VERBISH,
        SUBJECT,
    )
    left, right, fold = bisect_left, bisect_right, reduce
    wh_words = WH_WORDS
    shortest, longest = MIN_WORDS - 1, MAX_WORDS
    for begin in sorted(begins):
        if begin >= n:
            continue
        hi = chunk_end[begin]
        a = _skip_openers(lows, begin, hi) if lows[begin] in opener_words else begin
        if a >= hi or a in seen:
            continue
        seen.add(a)
        first = lows[a]
        if first in bad_start:
            continue
        if first in {"after", "before"} and (a + 1 >= hi or lows[a + 1] not in {"that", "this"}):
            continue
        if a not in sentence_starts and flags[a] & PAST and first not in subject_like:
            continue  # "..., refunded the charge", "... and took it through": no clause start
        last = (hi if hi < a + longest else a + longest) - 1
        c = right(clause_at, a)
        if c < len(clause_at) and clause_at[c] <= last:
            last = clause_at[c] - 1  # the next clause starts there
        wh_at = next((k for k in range(a + 1, last + 1) if lows[k] in wh_words), n)
        i = left(stops, a + shortest)
        j = right(stops, last)
        if i >= j:
            continue
        subject = first in subject_like or (a + 1 < hi and lows[a + 1] in team_nouns)
        noun_start = first in noun_starts
        start_bonus = 1.2 if subject else 0.0  # "I called the team", not "called the team"
        start_mask = F_SUBJECT if subject else 0
        spans = cue_spans[left(cue_starts, a) : right(cue_starts, last)]
        position = a / n
        hedge_a = hedge_sums[a]
        comma_a = comma_sums[a]
        bits = 0
        done = a
        for k in stops[i:j]:
            before_last = bits | fold(or_, flags[done:k], 0)  # words a .. k-1
            bits = before_last | flags[k]
            done = k + 1
            if bits & suspicious:
                break  # "system", "prompt" ...: nothing from here on is quoted
            if not (bits & verbish or before_last & subject_bit or noun_start):
                continue  # neither a clause nor a clear noun phrase ("on the night shift")
            if wh_at < k and not natural[k]:
                continue  # "I asked what the 25% was based" | "on": the wh-clause is open
            mask = start_mask | features_of_bits[bits & 0xFF]
            if bits & RESULT_NUM:
                mask |= F_RESULT
            if bits & NUMBERISH:
                mask |= F_NUMBER  # "two days" too
            hedges = hedge_sums[done] - hedge_a
            if spans:
                refused = False
                for _k0, k1, bit in spans:
                    if k1 <= done:
                        if bit > 0:
                            mask |= bit
                        elif bit == -1:
                            hedges += 1
                        else:
                            refused = True
                if refused:
                    break
                if mask & F_CLAIM and bits & CROWDED:
                    mask |= F_TEAM_CLAIM
            append(
                (
                    a,
                    done,
                    size_base[done - a]
                    + natural[k]
                    + start_bonus
                    - 1.5 * hedges
                    - 0.4 * (comma_sums[k] - comma_a),
                    mask,
                    position,
                )
            )
    return tuple(found)
