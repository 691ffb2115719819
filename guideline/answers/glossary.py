"""Plain-language explanations of medical words for relatives, kept as data (``glossary.toml``).

These are our words, not the guideline's: answers show them apart from guideline quotes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..corpus.document import DEFAULT_PATHWAY, pathway_dir
from ..text.normalize import words


@dataclass(frozen=True)
class Term:
    term: str
    explanation: str
    forms: tuple[tuple[str, ...], ...]  # folded word sequences that find the term in a text


@lru_cache(maxsize=8)
def load_glossary(pathway: str = DEFAULT_PATHWAY) -> tuple[Term, ...]:
    path = pathway_dir(pathway) / "glossary.toml"
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Term(
            t["term"],
            t["explanation"],
            tuple(tuple(words(m)) for m in [t["term"], *t.get("match", [])] if words(m)),
        )
        for t in data.get("term", [])
    )


def terms_in(text: str, *, pathway: str = DEFAULT_PATHWAY, limit: int = 8) -> list[Term]:
    """Glossary terms that occur in the text, in order of first occurrence, each once."""
    seq = words(text)
    found: list[tuple[int, Term]] = []
    for term in load_glossary(pathway):
        positions = [
            i
            for form in term.forms
            for i in range(len(seq) - len(form) + 1)
            if tuple(seq[i : i + len(form)]) == form
        ]
        if positions:
            found.append((min(positions), term))
    found.sort(key=lambda p: p[0])
    out: list[Term] = []
    for _, term in found:
        if term.term.lower() not in {t.term.lower() for t in out}:
            out.append(term)
    return out[:limit]
