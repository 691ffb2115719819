"""The extractive answer: the sentences of the best passages that answer the question, each cited."""

from __future__ import annotations

from .answer import Answer
from .citations import CitationList
from .compose import Draft, Sources, finish
from .refusal import SEARCH_DEPTH, quoted_sentences, refusal
from .scope import ScopeVerdict


def search_answer(
    sources: Sources, question: str, text: str, audience: str, lang: str, *, unmentioned: tuple[str, ...] = ()
) -> Answer:
    """Sentences of the best passages; words of the question the guideline never uses are named first."""
    results = sources.engine.search(text, k=SEARCH_DEPTH)
    extracts = sources.picker.pick(text, results)
    if not extracts or max(e.score for e in extracts) <= 0:
        verdict = ScopeVerdict(False, (), 0.0, (), "no passage answers it")
        return refusal(sources, question, text, audience, lang, verdict)
    cites = CitationList(sources.guideline)
    sentences = quoted_sentences(sources, extracts, cites)
    context = {
        "lang": lang,
        "audience": audience,
        "sentences": sentences,
        "notices": [],
        "unmentioned": list(unmentioned),
    }
    draft = Draft(
        question,
        audience,
        lang,
        "search",
        context,
        cites,
        glossary_text=" ".join(s["text"] for s in sentences),
        explanation="search",
    )
    return finish(draft, sources)
