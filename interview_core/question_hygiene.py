"""What a model's reply must be, and be cleaned into, before it is asked as a question.

Real models, small local ones most of all, echo our fence markers back
("<<<BEGIN ANSWER 3>> What made..."), answer with a list ("Here are your next
2 questions: 1. ..."), wrap the question in labels, quotes and notes, or carry
on writing the candidate's answer. The user must see none of that: a question
here is one to three sentences, at most 400 characters, that ends with a
question mark or asks for something ("Tell me about..."), and that is not a
copy of the candidate's own words, the CV or the job description.

`vet_question` returns the cleaned question, or why the reply cannot be one;
the provider then asks once more with that reason, and after a second miss
the offline interviewer writes the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from interview_core.models import InterviewContext
from interview_core.untrusted import find_end_marker, strip_markers

QUESTION_MAX_CHARS = 400
MAX_SENTENCES = 3
# A reply is cut to this before cleaning: the question is near its start, and the
# emphasis patterns are quadratic on a long run of asterisks.
_CLEAN_INPUT_CHARS = 4000

# How a question may start when it asks without a question mark.
IMPERATIVES = frozenset(
    """tell describe walk talk share give explain imagine suppose picture think take
    pick name outline compare help list recall consider paint run guide""".split()
)

_FENCE_LINE = re.compile(r"^\s*(```|~~~)[\w+-]*\s*$", re.M)
_LABEL = re.compile(
    r"""^\s*(?:
        (?:interviewer|assistant|ai|bot|coach|model)\s*:                    # speaker labels
      | (?:\#+\s*)?(?:next\s+|follow[- ]up\s+)?(?:question|q)\s*\#?\s*\d*  # "Question 3", "Q3"
        (?:\s*(?:of|/)\s*\d+)?\s*[:.)\-–—]                                 # " of 8:"
      | \(?\d{1,2}\s*[.)]\s                                                # "3. ", "(3) "
      | \#+\s                                                              # heading marks
      | [-*•>]\s                                                           # bullets, quotes
    )""",
    re.I | re.X,
)
# "Here is the next question:", "Sure! Here's a follow-up question for you:",
# "Next question:", "Great answer. My next question is:"
_PREAMBLE = re.compile(
    r"""^(?:(?:sure|okay|ok|great|certainly|of\s+course|absolutely|thanks?(?:\s+you)?|
             good|excellent|alright|right)\b[^:?]{0,40}?[!.,]\s*)?
        (?:here(?:'s|\s+is|\s+are|\s+comes)\b[^:?]{0,80}
         |(?:my\s+|the\s+|your\s+|a\s+)?(?:next|follow[- ]?up|first|final|last|opening)
          \s+(?:interview\s+)?questions?\b[^:?]{0,40}
         |(?:question|q)\s*\d+(?:\s*(?:of|/)\s*\d+)?
        )\s*:\s*""",
    re.I | re.X,
)
# Our own instruction words, echoed as a list item's heading: "Build on the previous answer - "
_ECHOED_HEADING = re.compile(r"^[A-Z][^?:\-–—]{2,60}?\s+[-–—:]\s+(?=\S)")
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}\s*[.)]|[-*•])\s+", re.M)
_SECOND_ITEM = re.compile(r"[?.]\s+(?:\(?\d{1,2}[.)]|[-*•])\s")
# "..., now I'll ask you another question: - If..." — a lead-in that announces the question.
# Also the model narrating: "The interviewer asked: “What happened next?”".
_ANNOUNCED = re.compile(
    r"^.{0,200}?\b(?:questions?|ask(?:s|ed))\b[^:?]{0,60}:\s*[-–—]?\s*(?=\S)",
    re.I | re.S,
)
# A Markdown heading line ("# Senior Backend Engineer – Northwind Labs") is a title, not
# part of the question.
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s.*$", re.M)
# "Impostor Syndrome: What have you..." — a heading stuck to the question.
_HEADING = re.compile(r"^(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*\s*:\s+(?=\S)")
# A question about the interview itself ("What's next?", "So, what's the next interview?",
# "This is question 4 of 8") is the model talking about our instructions, not asking.
_META = re.compile(
    r"\b(?:next|another|following)\s+(?:interview\s+)?(?:question|interview|one)\b"
    r"|\bquestion\s+\d+\s+(?:of|/)\s+\d+|\bthis\s+interview\b|\binterview\s+question\b"
    r"|^\W*(?:so\W+)?what'?s\s+next\b|\bready\s+to\s+(?:answer|begin|start)\b",
    re.I,
)
_ADDRESSES_YOU = re.compile(r"\b(?:you|your|you're|yours|yourself)\b", re.I)
_NOTE = re.compile(r"\s*[(\[]?\s*(?:note|n\.b\.|rationale|purpose|why)\s*:.*$", re.I | re.S)
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "`": "`", "„": "“", "‹": "›"}
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)]*|$)")
_MASS_MENTIONS = [
    (re.compile(r"@+(everyone|here|channel)\b", re.I), r"\1"),  # Discord, Slack text
    (re.compile(r"<!(everyone|here|channel)(?:\|[^>]*)?>", re.I), r"\1"),  # Slack mrkdwn
    (re.compile(r"<!subteam\^[^>]*>"), ""),  # Slack user groups
    (re.compile(r"<@[!&]?\d+>"), ""),  # Discord user and role pings
]
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_EMPHASIS = [
    re.compile(r"(\*\*|__)(.+?)\1", re.S),  # **bold**, __bold__
    re.compile(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", re.S),  # *italic*
]


def vet_question(text: str, ctx: InterviewContext | None = None) -> tuple[str, str]:
    """(the question to ask, "") or ("", why the reply is not usable as one)."""
    raw = (text or "")[:_CLEAN_INPUT_CHARS]
    end = find_end_marker(raw)
    if end is not None:
        # Everything before "<<<END ANSWER 5>>" is the model writing the candidate's
        # answer (or the CV) on; only what follows the marker could be its question.
        raw = raw[end.end() :]
        if not raw.strip():
            return "", "it continued the candidate's answer instead of asking a question"
    question = clean_question(raw)
    if not question:
        return "", "the reply held no question"
    shaped, problem = _shape(question)
    if problem:
        return "", problem
    if ctx is not None:
        copied = copied_from(shaped, ctx)
        if copied:
            return "", f"it repeated {copied} instead of asking about it"
        if repeats_earlier(shaped, ctx.questions):
            return "", "it repeated an earlier question"
    return shaped, ""


def clean_question(text: str) -> str:
    """The reply without markers, labels, preambles, quotes, lists and notes ("" if none)."""
    text = (text or "")[:_CLEAN_INPUT_CHARS]
    for pattern, replacement in _MASS_MENTIONS:  # first: "<!here>" is bracketed too
        text = pattern.sub(replacement, text)
    text = strip_markers(_FENCE_LINE.sub("", text))
    without_headings = _HEADING_LINE.sub("", text)
    if _asks(" ".join(without_headings.split())):  # the question is elsewhere: a title
        text = without_headings
    text = _unemphasise(text)
    text = _without_title_lines(text)
    text = _first_list_item(text)
    text = " ".join(text.split())
    for _ in range(5):  # labels, preambles and quotes nest: '**Question 3:** "Tell me..."'
        before = text
        text = _PREAMBLE.sub("", text, count=1).strip()
        text = _LABEL.sub("", text, count=1).strip()
        text = _unquote(text)
        if text == before:
            break
    text = re.sub(r"@+(everyone|here|channel)\b", r"\1", " ".join(text.split()), flags=re.I)
    listed = _SECOND_ITEM.search(text)  # "What...? 2. How...?" on one line
    if listed:
        text = text[: listed.start() + 1]
    announced = _ANNOUNCED.match(text)
    if announced and _asks(text[announced.end() :].split("?")[0] + "?"):
        text = _unquote(text[announced.end() :].strip())
    if text and text[-1] in "”’\"'" and text[0] not in "“‘\"'":
        text = text.rstrip("”’\"'").rstrip()  # a closing quote left from a lead-in
    if text and text[0] in "“‘\"'" and text.count(text[0]) == 1 and _QUOTES[text[0]] not in text[1:]:
        text = text[1:].lstrip()  # an opening quote that is never closed
    return _capitalised(_NOTE.sub("", text).strip())


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _without_title_lines(text: str) -> str:
    """Lines before the question that end in no punctuation are titles or datelines
    ("Northwind Labs Dublin 10/27/2023 4:45 pm"), not part of what is asked."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if index and _asks(line):
            lead = [kept for kept in lines[:index] if kept[-1] in ".!?:;,”’\"')"]
            return "\n".join([*lead, *lines[index:]])
    return text


def _first_list_item(text: str) -> str:
    """A reply that lists questions keeps the first item that asks something."""
    lines = [line for line in text.splitlines() if line.strip()]
    items = [line for line in lines if _LIST_ITEM.match(line)]
    if len(items) < 2:
        return text
    for item in items:
        body = _LIST_ITEM.sub("", item, count=1).strip()
        body = _ECHOED_HEADING.sub("", body, count=1) if "?" in body else body
        if _asks(body):
            return body
    return _LIST_ITEM.sub("", items[0], count=1)


def _unquote(text: str) -> str:
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    if len(text) >= 3 and text[0] in _QUOTES and text[-1] in "?.!" and text[-2] == _QUOTES[text[0]]:
        return (text[1:-2] + text[-1]).strip()
    return text


def _asks(sentence: str) -> bool:
    words = re.findall(r"[^\W_]+", sentence.lower())
    if sentence.rstrip(" \"'”’)").endswith("?"):
        return len(words) >= 2
    return bool(words) and (words[0] in IMPERATIVES or words[:2] == ["let", "s"] or words[0] == "let's")


def _shape(question: str) -> tuple[str, str]:
    """Up to and including the first sentence that asks; at most 3 sentences, 400 chars."""
    sentences = [s.strip() for s in _SENTENCE.findall(question) if s.strip()]
    for index, sentence in enumerate(sentences):
        if _asks(sentence):
            if any(_META.search(s) for s in sentences[: index + 1]):
                return "", "it talked about the interview instead of asking an interview question"
            heading = _HEADING.match(sentence)
            if heading and _asks(sentence[heading.end() :]):
                sentence = _capitalised(sentence[heading.end() :])
            # A lead-in is the interviewer talking to the candidate ("You mentioned...");
            # one that is not ("They needed...", "I had to...") is the model writing the
            # candidate's story on, and goes.
            lead = [s for s in sentences[:index] if _ADDRESSES_YOU.search(s)]
            kept = [*lead, sentence][-MAX_SENTENCES:]
            # Too long: the lead-in goes first, the question itself stays.
            while len(" ".join(kept)) > QUESTION_MAX_CHARS and len(kept) > 1:
                kept = kept[1:]
            text = " ".join(kept)
            if len(text) > QUESTION_MAX_CHARS:
                return "", f"the question was longer than {QUESTION_MAX_CHARS} characters"
            return text, ""
    return "", "it did not ask a question (no question mark, no 'Tell me about...')"


def _unemphasise(text: str) -> str:
    """Drop Markdown emphasis but keep the words, and keep `__init__` or `SELECT *` intact."""
    spans: list[str] = []

    def hide(match: re.Match[str]) -> str:
        spans.append(match.group(1))
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(hide, text.replace("\x00", ""))
    for pattern in _EMPHASIS:
        text = pattern.sub(lambda m: m.group(m.lastindex or 0), text)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)


# --- copies of the candidate's words ----------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
COPY_RUN_WORDS = 12  # a verbatim run this long is a copy, however long the question
COPY_SHARE_WORDS = 6  # shorter runs count when, together, they are most of the question
COPY_SHARE = 0.6
# A question may name a CV line or a JD duty; only a long stretch of one is a copy.
DOCUMENT_RUN_WORDS = 16


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def copied_from(question: str, ctx: InterviewContext) -> str:
    """What the question copies ("the candidate's answer", "the CV"...), or "".

    A good follow-up quotes a few of the candidate's words, and may name a duty
    from the job description in its own words; a reply that is mostly the
    candidate's text, or a long verbatim stretch of any of it, is not a question.
    """
    mine = _words(question)
    if len(mine) < COPY_SHARE_WORDS:
        return ""
    sources = [("the candidate's answer", answer, True) for answer in ctx.answers]
    sources += [("the CV", ctx.cv_text, False), ("the job description", ctx.jd_text, False)]
    for name, source, by_share in sources:
        grams = _grams(_words(source), COPY_SHARE_WORDS)
        covered = [False] * len(mine)
        for i in range(len(mine) - COPY_SHARE_WORDS + 1):
            if tuple(mine[i : i + COPY_SHARE_WORDS]) in grams:
                covered[i : i + COPY_SHARE_WORDS] = [True] * COPY_SHARE_WORDS
        longest = _longest_true_run(covered)
        if longest >= (COPY_RUN_WORDS if by_share else DOCUMENT_RUN_WORDS):
            return name
        if by_share and sum(covered) >= COPY_SHARE * len(mine):
            return name
    return ""


def _grams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _longest_true_run(flags: Sequence[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


# --- repeats of our own questions -------------------------------------------------


def _normalise_for_compare(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# Words that carry no subject: rewording with these ("Can you tell me about..." for
# "Tell me about...") leaves the same question. Contraction pieces ("you're" -> "re").
_FILLER = frozenset(
    """a an the and or but nor so then than of to in on at for with about from by as into
    over under after before during between through up out i me my mine we us our you your
    yours it its this that these those there here what which who whom whose how when where
    why is are was were be been being am do does did done have has had having can could
    would will should shall may might must just please kindly briefly also any some
    tell describe walk talk share give explain say let lets re ve ll d s t m""".split()
)


def _subject_words(normalised: str) -> set[str]:
    """The words that say what a question is about, with plural "s" folded."""
    return {
        word[:-1] if len(word) > 3 and word.endswith("s") else word
        for word in normalised.split()
        if word not in _FILLER
    }


def repeats_earlier(question: str, earlier: Sequence[str], threshold: float = 0.9) -> bool:
    """True if the question is (nearly) word for word one already asked.

    Near means a high character similarity AND the same subject words: one
    template asked about two things ("...about Kafka?" then "...about Go?", the
    payment service then the search service) is two questions, not a repeat,
    however alike the strings look.
    """
    mine = _normalise_for_compare(question)
    subjects = _subject_words(mine)
    for other in earlier:
        theirs = _normalise_for_compare(other)
        if mine == theirs:
            return True
        shorter, longer = sorted((mine, theirs), key=len)
        if len(shorter.split()) >= 8 and f" {shorter} " in f" {longer} ":
            return True  # the same question with a lead-in added or dropped
        if (
            _subject_words(theirs) == subjects
            and SequenceMatcher(None, mine, theirs).ratio() >= threshold
        ):
            return True
    return False
