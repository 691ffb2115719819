"""The answer when the guideline does not answer: say so kindly, say what it covers, show what is near.

Used for topics the guideline is silent on (scope), for unknown codes (the rules say there is
no such code and list the real ones) and when no passage shares a word with the question.
"""

from __future__ import annotations

from typing import Any

from ..corpus.document import plain_text
from ..rules.facts import Fact
from .answer import Answer
from .citations import CitationList
from .compose import Draft, Sources, fact_json, finish
from .extract import Extract
from .scope import ScopeVerdict

SEARCH_DEPTH = 4  # passages searched for what is near
NEARBY_SENTENCES = 2  # sentences offered when refusing


def quoted_sentences(sources: Sources, extracts: list[Extract], cites: CitationList) -> list[dict[str, Any]]:
    """Extracts as template sentences, each cited from its passage: ``{"text", "n"}``."""
    out = []
    for e in extracts:
        chunk = sources.engine.chunk(e.chunk_id)
        n = cites.passage(chunk.id, chunk.section, chunk.path_label, plain_text(chunk.text), e.text)
        out.append({"text": e.text, "n": n})
    return out


def refusal(
    sources: Sources,
    question: str,
    text: str,
    audience: str,
    lang: str,
    verdict: ScopeVerdict,
    *,
    message: str | None = None,
    explanation: str = "",
    facts: tuple[Fact, ...] = (),
    notes: tuple[str, ...] = (),
) -> Answer:
    """An ``out_of_scope`` answer; ``message`` replaces the nearby passages (an unknown code's sentence)."""
    cites = CitationList(sources.guideline)
    for fact in facts:  # what a refusal still states (the list of codes) is cited like any fact
        for c in fact.citations:
            cites.section_quote(c.section, c.quote)
    sentences: list[dict[str, Any]] = []
    if message is None:
        results = sources.engine.search(text, k=SEARCH_DEPTH)
        sentences = quoted_sentences(
            sources, sources.picker.pick(text, results, limit=NEARBY_SENTENCES), cites
        )
    context = {
        "lang": lang,
        "audience": audience,
        "message": message,
        "notices": [*notes, *verdict.notices(lang)],
        "sentences": sentences,
        "covers": [s.title for s in sources.guideline.parts[1:]],
    }
    draft = Draft(
        question,
        audience,
        lang,
        "out_of_scope",
        context,
        cites,
        glossary_text=" ".join(s["text"] for s in sentences),
        facts=tuple(fact_json(f) for f in facts),
        explanation=explanation or verdict.reason,
        notices=(*notes, *verdict.notices(lang)),
    )
    return finish(draft, sources)
