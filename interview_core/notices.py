"""The sentences the service puts in its outcomes' notices (the conversation layer's
own sentences are in interview_core/chat/texts.py)."""

PROVIDER_TROUBLE = (
    "The interviewer is having trouble right now. Your answer is saved: "
    "resume the interview in a moment to get the next question."
)
FEEDBACK_TROUBLE = (
    "All your answers are saved, but the feedback report could not be written just now. "
    "Ask for your feedback again in a moment."
)
REGENERATE_TROUBLE = (
    "The report could not be rewritten just now, so here is the one you already had. "
    "Try again in a moment."
)
LONG_ANSWER = (
    "Your answer was very long, so I kept its first {limit:,} characters. "
    "Aim for 2-4 focused sentences."
)
ADDED = "Added to your answer to question {number}."
EMPTY_ANSWER = "Your answer is empty. Type your answer as text (it can span several lines)."
