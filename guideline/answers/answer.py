"""What an answer is: the rendered text and everything it rests on, and its JSON contract.

``Answer.to_json`` is what ``guideline ask --json`` prints. Other tools rely on it: keys are
added, never renamed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Citation:
    """What an answer cites: a passage (search) or a section's quotes (rules). ``n`` is its marker [n]."""

    n: int
    id: str
    section: str
    title: str
    text: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A rendered answer and everything it rests on."""

    question: str
    audience: str
    lang: str
    kind: str  # "rule" | "search" | "out_of_scope" (render.KINDS)
    answer: str  # Markdown, every user and guideline string escaped
    citations: tuple[Citation, ...]
    facts: tuple[dict[str, Any], ...] = ()
    computed: tuple[dict[str, Any], ...] = ()
    notices: tuple[str, ...] = ()
    glossary: tuple[dict[str, str], ...] = ()
    explanation: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `ask --json` contract (extended, never changed): question, audience, kind, answer, citations, facts."""
        return {
            "question": self.question,
            "audience": self.audience,
            "kind": self.kind,
            "answer": self.answer,
            "citations": [
                {
                    "id": c.id,
                    "section": c.section,
                    "text": c.text,
                    "title": c.title,
                    "n": c.n,
                    "quotes": list(c.quotes),
                }
                for c in self.citations
            ],
            "facts": list(self.facts),
            "lang": self.lang,
            "computed": list(self.computed),
            "notices": list(self.notices),
            "glossary": list(self.glossary),
            "explanation": self.explanation,
        }
