"""One exchange of the chat: ask the assistant, and turn any failure into a one-line error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..answers.answer import Answer
from ..answers.assistant import Assistant
from ..text.inputs import MAX_QUESTION_CHARS
from .wording import DEFAULT_LANG, error_line, text


@dataclass(frozen=True)
class Turn:
    """One exchange of the chat: the question as typed, who asked, the page language, and an answer or a one-line error."""

    question: str
    audience: str
    answer: Answer | None = None
    error: str | None = None
    lang: str = DEFAULT_LANG


def _count(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", " " if lang == "nb" else ",")


def too_long_line(question: str, lang: str = DEFAULT_LANG) -> str | None:
    """The one line for a question over MAX_QUESTION_CHARS, naming its length and the limit; None if it fits."""
    if len(question) <= MAX_QUESTION_CHARS:
        return None
    return text(
        "question_too_long", lang, n=_count(len(question), lang), limit=_count(MAX_QUESTION_CHARS, lang)
    )


def ask(assistant: Callable[[], Assistant], question: str, audience: str, lang: str = DEFAULT_LANG) -> Turn:
    """Answer one question; any failure (loading included) becomes a Turn with a one-line error in ``lang``.

    A question over the length limit is never dropped: it gets a line that says the limit.
    """
    if line := too_long_line(question, lang):
        return Turn(question, audience, error=line, lang=lang)
    try:
        return Turn(question, audience, answer=assistant().answer(question, audience), lang=lang)
    except Exception as exc:  # the app shows one line, never a traceback
        return Turn(question, audience, error=error_line(exc, lang), lang=lang)
