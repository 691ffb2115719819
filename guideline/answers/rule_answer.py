"""The rule answer: facts and computed deadlines, each with the quotes it rests on, in the reader's language.

The facts come from the rules module (a date sum, a code named in the question, a cue-word
match) or from the passages search found (facts anchored to the units quoted). Supporting
quotes that state what no fact already quotes follow under "more from the pathway".
"""

from __future__ import annotations

from typing import Any

from ..corpus.document import collapse_whitespace
from ..rules.clock import ClockRow
from ..rules.dates import format_date
from ..rules.facts import Fact, load_facts
from ..rules.matcher import RuleResult
from .answer import Answer
from .citations import CitationList
from .compose import Draft, Sources, fact_json, finish, row_json
from .extract import Quote, said_already
from .refusal import refusal
from .scope import ScopeVerdict
from .views import asks_for_codes, fact_view, quote_views, reading_for, without_unasked_days


def rule_answer(
    sources: Sources,
    question: str,
    text: str,
    audience: str,
    rule: RuleResult,
    *,
    quotes: list[Quote] = (),  # type: ignore[assignment]
) -> Answer:
    """Render a confident rules result; an unknown code becomes a refusal listing the real codes."""
    lang = rule.lang
    if rule.intent == "unknown_code":
        verdict = ScopeVerdict(False, (), 0.0, (), "unknown code")
        return refusal(
            sources,
            question,
            text,
            audience,
            lang,
            verdict,
            message=rule.message,
            explanation=rule.explanation,
            facts=(*rule.facts, *code_list(sources)),
            notes=rule.notes,
        )
    cites = CitationList(sources.guideline)
    reading = reading_for(audience, lang)
    codes = audience != "relative" or asks_for_codes(text)
    quotes = without_unasked_days(quotes, audience, text)  # the passages that say more
    rows = [_row_view(row, lang, cites) for row in rule.computed]
    stated_facts = [f for f in rule.facts if codes or f.kind != "code"] if not rule.computed else []
    # What the facts quote, and the passages that say more: a passage is shown when it says
    # something no fact quotes, and a fact then leaves out the quotes the passage shows.
    fact_texts = {collapse_whitespace(c.quote) for f in stated_facts for c in f.citations}
    fact_texts |= {
        collapse_whitespace(str(i))
        for f in stated_facts
        for key in ("items", "situations", "members")
        for i in f.data.get(key, ())
    }
    extra = [
        q for q in quotes if not all(said_already(collapse_whitespace(u.text), fact_texts) for u in q.units)
    ]
    shown = {collapse_whitespace(u.text) for q in extra for u in q.units}
    facts = [
        fact_view(f, lang, cites, audience, picker=sources.picker, reading=reading, codes=codes, shown=shown)
        for f in stated_facts
    ]
    views = quote_views(extra, cites, sources, reading=reading, codes=codes)
    context = {
        "lang": lang,
        "audience": audience,
        "message": rule.message,
        "notices": list(rule.notes),
        "rows": rows,
        "facts": facts,
        "quotes": views,
        "reading": reading,
    }
    glossary_text = " ".join(
        [rule.message or ""]
        + [q["lead"] or q["text"] for f in facts for q in f["quotes"]]
        + [i for f in facts for i in f["entries"]]
        + [line["lead"] for q in views for line in q["lines"]]
    )
    draft = Draft(
        question,
        audience,
        lang,
        "rule",
        context,
        cites,
        glossary_text=glossary_text,
        facts=tuple(fact_json(f) for f in rule.facts),
        computed=tuple(row_json(r) for r in rule.computed),
        explanation=rule.explanation,
        notices=rule.notes,
    )
    return finish(draft, sources)


def code_list(sources: Sources) -> tuple[Fact, ...]:
    """The fact that lists every code of the pathway, when the facts data has one."""
    book = load_facts(sources.guideline.pathway)
    return tuple(f for f in book.of_kind("list") if f.id == "list.codes")


def _row_view(row: ClockRow, lang: str, cites: CitationList) -> dict[str, Any]:
    """A computed deadline for the template: dates in the question's language and as ISO.

    It cites every table the forløpstid stands in (the step's own and the overview), first the one
    it was counted from (the fact's first citation).
    """
    return {
        "label": row.label(lang),
        "days": row.days,
        "ns": list(
            dict.fromkeys(cites.section_quote(c.section, c.quote) for c in row.interval.fact.citations)
        ),
        "start": format_date(row.start, lang),
        "start_iso": row.start.isoformat(),
        "deadline": format_date(row.deadline, lang),
        "deadline_iso": row.deadline.isoformat(),
        "actual": format_date(row.actual, lang) if row.actual else None,
        "actual_iso": row.actual.isoformat() if row.actual else None,
        "days_used": row.days_used,
        "status": row.status,
    }
