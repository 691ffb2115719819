"""Plain-language explanations of medical words for relatives, kept as data (``glossary.toml``).

These are our words, not the guideline's: answers show them apart from guideline quotes. Each
term has a Norwegian explanation and, for relatives who ask in English, an English name and
explanation; an English answer finds terms by their English forms (``match_en``) as well.

Search reads the Norwegian explanations too (``search/texts.py``): a relative asks in the words
of an explanation ("someone who has had the disease themselves to talk to") more often than in
the guideline's term ("likepersoner").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..text.normalize import words
from .document import DEFAULT_PATHWAY, pathway_dir


@dataclass(frozen=True)
class Term:
    term: str
    explanation: str
    forms: tuple[tuple[str, ...], ...]  # folded word sequences that find the term in a text
    term_en: str = ""
    explanation_en: str = ""
    forms_en: tuple[tuple[str, ...], ...] = ()

    def shown(self, lang: str) -> str:
        """The term as the reader's language names it (the Norwegian term where no English one is given)."""
        return self.term_en if lang == "en" and self.term_en else self.term

    def explain(self, lang: str) -> str:
        return self.explanation_en if lang == "en" and self.explanation_en else self.explanation


def _forms(texts: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words(m)) for m in texts if words(m))


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
            _forms([t["term"], *t.get("match", [])]),
            t.get("term_en", ""),
            t.get("explanation_en", ""),
            _forms(t.get("match_en", [])),
        )
        for t in data.get("term", [])
    )


def terms_in(text: str, *, pathway: str = DEFAULT_PATHWAY, limit: int = 8, lang: str = "nb") -> list[Term]:
    """Glossary terms that occur in the text, in order of first occurrence, each once.

    In English (``lang="en"``) a term is also found by its English forms, since an English
    answer leads with the English reading.
    """
    seq = words(text)
    starts: dict[str, list[int]] = {}  # where each word stands: a form is looked for only there
    for i, w in enumerate(seq):
        starts.setdefault(w, []).append(i)
    found: list[tuple[int, Term]] = []
    for term in load_glossary(pathway):
        forms = term.forms + (term.forms_en if lang == "en" else ())
        positions = [
            i
            for form in forms
            if form
            for i in starts.get(form[0], ())
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
