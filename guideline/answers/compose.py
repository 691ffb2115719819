"""What every kind of answer shares: the sources it is composed from, and rendering it into an Answer.

The three composers (``rule_answer``, ``search_answer``, ``refusal``) each build a template
context and a citation list; ``finish`` adds the glossary for relatives, renders the
audience × kind template and returns the ``Answer``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..corpus.document import Guideline
from ..corpus.glossary import terms_in
from ..rules.clock import ClockRow
from ..rules.facts import Fact
from ..search.engine import SearchEngine
from .anchors import FactAnchors
from .answer import Answer
from .answerability import CoverageTest
from .citations import CitationList
from .extract import SentencePicker
from .render import answer_template, render
from .scope import Scope


@dataclass(frozen=True)
class Sources:
    """What answers are composed from: the guideline, its search engine, the sentence picker, the scope
    data, the facts anchored to units and the answerability test."""

    guideline: Guideline
    engine: SearchEngine
    picker: SentencePicker
    scope: Scope
    anchors: FactAnchors
    coverage: CoverageTest
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # what is worked out once per passage


@dataclass(frozen=True)
class Draft:
    """An answer before rendering: its kind, template context, citations and what it rests on."""

    question: str
    audience: str
    lang: str
    kind: str
    context: dict[str, Any]
    cites: CitationList
    glossary_text: str  # the wording whose medical terms a relative gets explained
    facts: tuple[dict[str, Any], ...] = ()
    computed: tuple[dict[str, Any], ...] = ()
    explanation: str = ""
    notices: tuple[str, ...] = ()


# Every key a template may read, so StrictUndefined only fires for real mistakes.
_CONTEXT_DEFAULTS: dict[str, Any] = {
    "notices": [],
    "message": None,
    "quotes": [],
    "related": [],
    "rows": [],
    "facts": [],
    "covers": [],
    "unmentioned": [],
    "not_said": [],
    "reading": "official",
}


def finish(draft: Draft, sources: Sources) -> Answer:
    """Render the draft for its audience; relatives also get the glossary of the medical words it uses."""
    glossary = []
    if draft.audience == "relative":
        glossary = [
            {"term": t.shown(draft.lang), "explanation": t.explain(draft.lang)}
            for t in terms_in(draft.glossary_text, pathway=sources.guideline.pathway, lang=draft.lang)
        ]
    context = {
        **_CONTEXT_DEFAULTS,
        "glossary": glossary,
        "guideline_title": sources.guideline.title,
        **draft.context,
    }
    body = render(answer_template(draft.audience, draft.kind), **context)
    return Answer(
        question=draft.question,
        audience=draft.audience,
        lang=draft.lang,
        kind=draft.kind,
        answer=body,
        citations=tuple(draft.cites.items),
        facts=draft.facts,
        computed=draft.computed,
        notices=draft.notices,
        glossary=tuple(glossary),
        explanation=draft.explanation,
    )


def fact_json(fact: Fact) -> dict[str, Any]:
    """A fact as ``ask --json`` lists it: id, kind, labels, plain data, its citations."""
    return {
        "id": fact.id,
        "kind": fact.kind,
        "label": fact.label_nb,
        "label_en": fact.label_en,
        "data": _plain(fact.data),
        "citations": [{"section": c.section, "quote": c.quote} for c in fact.citations],
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def row_json(row: ClockRow) -> dict[str, Any]:
    """A computed deadline as ``ask --json`` lists it under ``computed`` (ISO dates, calendar days)."""
    return {
        "interval": row.interval_id,
        "days": row.days,
        "start": row.start.isoformat(),
        "deadline": row.deadline.isoformat(),
        "actual": row.actual.isoformat() if row.actual else None,
        "days_used": row.days_used,
        "status": row.status,
    }
