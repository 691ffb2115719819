"""The rule answer: facts and computed deadlines from the rules module, each with the quotes it rests on."""

from __future__ import annotations

from typing import Any

from ..rules.clock import ClockRow
from ..rules.dates import format_date
from ..rules.facts import Fact, load_facts
from ..rules.matcher import RuleResult
from .answer import Answer
from .citations import CitationList
from .compose import Draft, Sources, fact_json, finish, row_json
from .refusal import refusal
from .scope import ScopeVerdict


def rule_answer(sources: Sources, question: str, text: str, audience: str, rule: RuleResult) -> Answer:
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
            facts=(*rule.facts, *_code_list(sources)),
            notes=rule.notes,
        )
    cites = CitationList(sources.guideline)
    rows = [_row_view(row, lang, cites) for row in rule.computed]
    facts = [] if rule.computed else [_fact_view(f, lang, cites, audience) for f in rule.facts]
    context = {
        "lang": lang,
        "audience": audience,
        "message": rule.message,
        "notices": list(rule.notes),
        "rows": rows,
        "facts": facts,
    }
    glossary_text = " ".join(
        [rule.message or ""]
        + [q["text"] for f in facts for q in f["quotes"]]
        + [i for f in facts for i in f["entries"]]
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


def _code_list(sources: Sources) -> tuple[Fact, ...]:
    """The fact that lists every code of the pathway, when the facts data has one."""
    book = load_facts(sources.guideline.pathway)
    return tuple(f for f in book.of_kind("list") if f.id == "list.codes")


def _row_view(row: ClockRow, lang: str, cites: CitationList) -> dict[str, Any]:
    """A computed deadline for the template: dates in the question's language and as ISO."""
    return {
        "label": row.label(lang),
        "days": row.days,
        "n": cites.section_quote(row.citation.section, row.citation.quote),
        "start": format_date(row.start, lang),
        "start_iso": row.start.isoformat(),
        "deadline": format_date(row.deadline, lang),
        "deadline_iso": row.deadline.isoformat(),
        "actual": format_date(row.actual, lang) if row.actual else None,
        "actual_iso": row.actual.isoformat() if row.actual else None,
        "days_used": row.days_used,
        "status": row.status,
    }


def _fact_view(fact: Fact, lang: str, cites: CitationList, audience: str) -> dict[str, Any]:
    """A fact for the template: label, days, codes, its verbatim list entries and its cited quotes."""
    data = fact.data
    # Verbatim lists of the fact, whatever the data calls them (items, situations, members).
    items = [str(i) for key in ("items", "situations", "members") for i in data.get(key, ())]
    item_set = {" ".join(i.split()) for i in items}
    quotes = []
    for c in fact.citations:
        n = cites.section_quote(c.section, c.quote)
        # A quote that only strings the list items together is shown as the list instead.
        if items and " ".join(c.quote.split()) == " ".join(" ".join(items).split()):
            continue
        if " ".join(c.quote.split()) in item_set:
            continue
        quotes.append({"text": c.quote, "n": n})
    limit = 2 if audience == "doctor" else 3 if audience == "relative" else None
    if fact.kind == "code" and limit is not None:
        quotes = quotes[:limit]
    return {
        "label": fact.label(lang),
        "n": quotes[0]["n"]
        if quotes
        else cites.section_quote(fact.citations[0].section, fact.citations[0].quote),
        "days": data.get("days"),
        "from_codes": list(data.get("from_codes", ())),
        "to_codes": list(data.get("to_codes", ())),
        "when": data.get("when_en" if lang == "en" else "when_nb"),
        "entries": items,
        "quotes": quotes,
    }
