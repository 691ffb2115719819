"""The answer when the guideline does not answer: say so plainly, say what it covers, show what is related.

Used for topics the guideline is silent on where its own words would mislead (a dose, prognosis,
another cancer: ``scope``), for questions whose focus the best passages do not speak of
(``answerability``: "Pakkeforløpet sier ikke noe om «bilkjøring»"), for unknown codes (the rules
say there is no such code and list the real ones) and when no passage shares a word with the
question. The nearest passages are offered as related, never as the answer.
"""

from __future__ import annotations

from ..rules.facts import Fact
from .answer import Answer
from .citations import CitationList
from .compose import Draft, Sources, fact_json, finish
from .extract import Quote
from .scope import ScopeVerdict
from .views import asks_for_codes, quote_views, reading_for, without_unasked_days

SEARCH_DEPTH = 4  # passages searched for what is related
RELATED_QUOTES = 2  # quotes offered when refusing


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
    not_said: tuple[str, ...] = (),
    related: list[Quote] | None = None,
) -> Answer:
    """An ``out_of_scope`` answer; ``message`` replaces the related passages (an unknown code's sentence)."""
    cites = CitationList(sources.guideline)
    for fact in facts:  # what a refusal still states (the list of codes) is cited like any fact
        for c in fact.citations:
            cites.section_quote(c.section, c.quote)
    reading = reading_for(audience, lang)
    quotes = []
    if message is None:
        if related is None:
            related = sources.picker.pick(
                text, sources.engine.search(text, k=SEARCH_DEPTH), limit=RELATED_QUOTES
            )
        codes = audience != "relative" or asks_for_codes(text)
        related = without_unasked_days(related, audience, text)  # related: nothing is lost
        quotes = quote_views(related[:RELATED_QUOTES], cites, sources, reading=reading, codes=codes)
    context = {
        "lang": lang,
        "audience": audience,
        "message": message,
        "notices": [*notes, *verdict.notices(lang)],
        "not_said": list(not_said),
        "related": quotes,
        "reading": reading,
        "covers": [sources.picker.readings.title(s.id, "en") or s.title if lang == "en" else s.title
                   for s in sources.guideline.parts[1:]],
    }  # fmt: skip
    draft = Draft(
        question,
        audience,
        lang,
        "out_of_scope",
        context,
        cites,
        glossary_text=" ".join(line["lead"] for q in quotes for line in q["lines"]),
        facts=tuple(fact_json(f) for f in facts),
        explanation=explanation or verdict.reason,
        notices=(*notes, *verdict.notices(lang)),
    )
    return finish(draft, sources)
