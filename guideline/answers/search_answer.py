"""The extractive answer: the units of the best passages that answer the question, each cited."""

from __future__ import annotations

from .answer import Answer
from .citations import CitationList
from .compose import Draft, Sources, finish
from .extract import Quote
from .views import asks_for_codes, quote_views, reading_for, without_unasked_days


def search_answer(
    sources: Sources,
    question: str,
    text: str,
    audience: str,
    lang: str,
    quotes: list[Quote],
    *,
    unmentioned: tuple[str, ...] = (),
    explanation: str = "search",
) -> Answer:
    """The quotes in the reader's language, best first; words of the question the guideline never uses named first."""
    cites = CitationList(sources.guideline)
    reading = reading_for(audience, lang)
    codes = audience != "relative" or asks_for_codes(text)
    quotes = without_unasked_days(quotes, audience, text) or quotes  # when the rest still answers
    views = quote_views(quotes, cites, sources, reading=reading, codes=codes)
    if not views and quotes:  # only code rows answer it: better shown than an empty answer
        views = quote_views(quotes, cites, sources, reading=reading, codes=True)
    context = {
        "lang": lang,
        "audience": audience,
        "quotes": views,
        "reading": reading,
        "unmentioned": list(unmentioned),
    }
    draft = Draft(
        question,
        audience,
        lang,
        "search",
        context,
        cites,
        glossary_text=" ".join(line["lead"] for q in views for line in q["lines"]),
        explanation=explanation,
    )
    return finish(draft, sources)
