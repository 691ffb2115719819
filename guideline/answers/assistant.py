"""The assistant: a loaded search engine, rules, scope and glossary behind one ``answer`` method.

One entry point for the CLI and the app. ``Assistant.open()`` loads the model and the index
(building it when needed); ``answer(question, audience)`` routes the question (see
``router``) and returns an ``Answer`` with its citations. Safe to call from many threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..corpus.document import DEFAULT_PATHWAY
from ..rules.facts import load_facts
from ..search.embedder import DEFAULT_MODEL
from ..search.engine import SearchEngine
from ..text.lexicon import is_dictionary_word
from .anchors import FactAnchors
from .answer import Answer
from .answerability import coverage_test
from .compose import Sources
from .extract import SentencePicker
from .router import route
from .scope import load_scope


class Assistant:
    """A loaded search engine plus the rules, scope and glossary: answers from any thread."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine
        self.guideline = engine.guideline
        self.picker = SentencePicker(engine)
        self.scope = load_scope(engine.guideline.pathway)
        self.sources = Sources(
            self.guideline,
            engine,
            self.picker,
            self.scope,
            FactAnchors.build(self.guideline, load_facts(self.guideline.pathway)),
            coverage_test(self.guideline, engine, self.scope),
        )
        is_dictionary_word("")  # the word lists are read here, not while the first question waits

    @classmethod
    def open(
        cls,
        *,
        pathway: str = DEFAULT_PATHWAY,
        model: str = DEFAULT_MODEL,
        index_dir: Path | None = None,
        rebuild: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> Assistant:
        """Load the guideline, the model and the index (rebuilt when missing or stale unless ``rebuild=False``)."""
        return cls(
            SearchEngine.open(
                pathway=pathway, model=model, index_dir=index_dir, rebuild=rebuild, progress=progress
            )
        )

    def answer(self, question: str, audience: str = "doctor", *, today: date | None = None) -> Answer:
        """Answer one question for one audience. Raises BadInput for unusable input, nothing else by design.

        ``today`` (default: the system date) gives a date written without a year its year; the
        answer then says which year it assumed.
        """
        return route(self.sources, question, audience, today or date.today())


_DEFAULT: Assistant | None = None
_DEFAULT_LOCK = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant on the default model and index, loaded on first use."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Assistant.open()
        return _DEFAULT


def answer(question: str, audience: str = "doctor", *, today: date | None = None) -> Answer:
    """Answer with the process-wide assistant (see Assistant.answer)."""
    return default_assistant().answer(question, audience, today=today)


def engine_answerer(engine: SearchEngine) -> Callable[[str], Answer]:
    """For benchmarks: an answer function over an already loaded engine."""
    assistant = Assistant(engine)
    return lambda q: assistant.answer(q, "coordinator")
