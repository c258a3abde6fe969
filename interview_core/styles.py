"""How an interview is run: the interviewer's persona, the candidate's level, the language.

Chosen at start (`--persona`, `--level`, `--language`; the same as command options),
stored with the interview and carried to the engines in `InterviewContext`.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSONAS = ("friendly", "neutral", "tough")
LEVELS = ("junior", "mid", "senior")
DEFAULT_PERSONA = "neutral"
DEFAULT_LEVEL = "mid"
DEFAULT_LANGUAGE = "English"
MAX_LANGUAGE_CHARS = 40


class StyleError(ValueError):
    """An option the user can fix; the message lists the choices."""


@dataclass(frozen=True, slots=True)
class Style:
    persona: str = DEFAULT_PERSONA
    level: str = DEFAULT_LEVEL
    language: str = DEFAULT_LANGUAGE

    @property
    def english(self) -> bool:
        return is_english(self.language)


def is_english(language: str) -> bool:
    return language.strip().casefold() in ("english", "en", "eng")


def _choice(value: str | None, choices: tuple[str, ...], default: str, what: str) -> str:
    if value is None or not value.strip():
        return default
    picked = value.strip().casefold()
    if picked not in choices:
        raise StyleError(
            f"I don't know the {what} “{value.strip()[:40]}”: choose {', '.join(choices[:-1])} or {choices[-1]}."
        )
    return picked


def persona_of(value: str | None) -> str:
    return _choice(value, PERSONAS, DEFAULT_PERSONA, "interviewer persona")


def level_of(value: str | None) -> str:
    return _choice(value, LEVELS, DEFAULT_LEVEL, "level")


def language_of(value: str | None) -> str:
    """A language's name as the user wrote it, tidied ("french" -> "French")."""
    if value is None or not value.strip():
        return DEFAULT_LANGUAGE
    name = " ".join(value.split())
    if len(name) > MAX_LANGUAGE_CHARS or not all(c.isalpha() or c in " -()'" for c in name):
        raise StyleError(
            "Give the interview language as its name, such as English, French or Brazilian Portuguese."
        )
    if is_english(name):
        return DEFAULT_LANGUAGE
    return name[:1].upper() + name[1:]


def questions_of(value: str | int | None, default: int) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise StyleError("Give the number of questions as a number from 1 to 20.") from None
    if not 1 <= count <= 20:
        raise StyleError("An interview has between 1 and 20 questions: choose a number from 1 to 20.")
    return count


def style_of(persona: str | None = None, level: str | None = None, language: str | None = None) -> Style:
    return Style(persona_of(persona), level_of(level), language_of(language))


def describe(persona: str, level: str, language: str, questions: int | None = None) -> str:
    """The interview's settings in one line, for its header and its report's."""
    parts = [f"{persona.capitalize()} persona", f"{level} level"]
    if questions is not None:
        parts.append(f"{questions} question{'' if questions == 1 else 's'}")
    parts.append(f"in {language}")
    return ", ".join(parts)
