"""The sentences of practice mode, drills and questions about a report: part of `Texts`
(texts.py), kept apart so each file stays short. Each platform lays them out its way;
the words are the same everywhere."""

from __future__ import annotations

from interview_core.export.model import attempt_lines, scores_then
from interview_core.feedback import AnswerFeedback, engine_short_label

# A thread message that means "let me try that question again", in practice mode (Slack
# and Discord also have a button; the console has no other way).
RETRY_WORDS = frozenset({"/retry", "retry", "try again", "/try again", "/interview retry"})


def is_retry(text: str) -> bool:
    return " ".join(text.casefold().split()).rstrip(".!") in RETRY_WORDS


class PracticeTexts:
    """Mixed into `Texts`; `retry_how` comes from the platform's commands."""

    __slots__ = ()

    # -- coaching after an answer ------------------------------------------------------

    @staticmethod
    def answer_score(score: int) -> str:
        return f"Answer score: {score}/100"

    @staticmethod
    def coaching_heading(number: int, attempt: int) -> str:
        if attempt <= 1:
            return f"Feedback on your answer to question {number}"
        return f"Feedback on attempt {attempt} at question {number}"

    @staticmethod
    def coaching_fields(feedback: AnswerFeedback) -> tuple[tuple[str, str], ...]:
        """(label, text) in the order shown; a field the engine left empty is left out."""
        note = feedback.note
        fields = (("What worked", note.worked or "Nothing to credit yet: see what to improve."),
                  ("To improve", note.to_improve), ("A stronger answer", note.stronger_answer))
        return tuple((label, text) for label, text in fields if text)

    @staticmethod
    def attempts_so_far(number: int, scores: tuple[int, ...]) -> str:
        """After a retry: how the attempts at this question went."""
        return f"Your attempts at question {number}: {scores_then(scores)}."

    @staticmethod
    def coaching_engine(feedback: AnswerFeedback) -> str:
        return f"Feedback by: {engine_short_label(feedback.source)}"

    def retry_hint(self, number: int, *, button: bool, finished: bool = False) -> str:
        """How to try the question again, or go on."""
        how = "press Try again" if button else f"type `{self.retry_command}`"  # type: ignore[attr-defined]
        if finished:
            return f"To answer question {number} again, {how}: your report will be rewritten on your best attempts."
        return f"To answer question {number} again, {how}; or go on by answering the next question."

    @staticmethod
    def retry_opened(number: int, attempt: int) -> str:
        return (f"Try question {number} again: your next message is attempt {attempt} "
                "(every earlier attempt is kept).")

    @property
    def retry_not_yours(self) -> str:
        """Try again, pressed by someone other than the interview's owner."""
        return "That's someone else's interview: only they can try its questions again."

    @staticmethod
    def back_to(number: int) -> str:
        return f"Back to where you were: question {number} is still waiting for your answer."

    @staticmethod
    def asked_again(number: int) -> str:
        return (f"Back to where you were: question {number}, written again for your new answer "
                "(it was written for the one you replaced).")

    @property
    def report_rewritten(self) -> str:
        return "Your report is rewritten: each question is scored on its best attempt."

    # -- the report's attempts ------------------------------------------------------------

    @property
    def attempts_heading(self) -> str:
        return "Attempts"

    # "Q3: 42 then 71 (scored on the best, 71)", per question tried more than once: the words
    # the export writes too, so written there once.
    attempt_lines = staticmethod(attempt_lines)

    # -- drills -------------------------------------------------------------------------

    @staticmethod
    def drill_intro(label: str, reason: str, questions: int) -> str:
        return f"Drill: {questions} questions on {label}. {reason}"

    # -- questions about the report ---------------------------------------------------------

    @staticmethod
    def report_answer_engine(source: str | None) -> str:
        return f"Answered by: {engine_short_label(source)}"

    @property
    def ask_about_report(self) -> str:
        """After a report: what the thread is for now."""
        return ("Questions about this report are welcome here: for example “which answer was weakest?” "
                "or “how could I improve answer 3?”.")
