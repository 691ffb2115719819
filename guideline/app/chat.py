"""One exchange of the chat: ask the assistant, and turn any failure into a one-line error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..answers.answer import Answer
from ..answers.assistant import Assistant
from .wording import DEFAULT_LANG, error_line


@dataclass(frozen=True)
class Turn:
    """One exchange of the chat: the question as typed, and an answer or a one-line error."""

    question: str
    audience: str
    answer: Answer | None = None
    error: str | None = None


def ask(assistant: Callable[[], Assistant], question: str, audience: str, lang: str = DEFAULT_LANG) -> Turn:
    """Answer one question; any failure (loading included) becomes a Turn with a one-line error."""
    try:
        return Turn(question, audience, answer=assistant().answer(question, audience))
    except Exception as exc:  # the app shows one line, never a traceback
        return Turn(question, audience, error=error_line(exc, lang))
