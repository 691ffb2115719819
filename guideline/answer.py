"""The answer composer: question → router → (rules | search) → Answer → template.

One entry point for the CLI and the app. The rules module answers structured questions it is
confident about; the scope check refuses what the guideline does not cover; everything else
is answered extractively from the best passages. Every answer carries its citations.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .clock import ClockRow
from .dates import format_date
from .document import DEFAULT_PATHWAY, Guideline, plain_text
from .embedder import DEFAULT_MODEL
from .errors import BadInput
from .extract import Extract, SentencePicker
from .facts import Fact
from .glossary import terms_in
from .inputs import analysis_text, check_question
from .language import detect_lang
from .lexicon import everyday_words
from .render import AUDIENCES, answer_template, render
from .rules import RuleResult, match_rules
from .scope import ScopeVerdict, load_scope
from .search import SearchEngine

SEARCH_DEPTH = 4  # passages read for an extractive answer
NEARBY_SENTENCES = 2  # passages offered when refusing


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
    kind: str  # "rule" | "search" | "out_of_scope"
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


@dataclass
class _Citations:
    """Numbers citations in order of first use; one number per passage or section."""

    guideline: Guideline
    items: list[Citation] = field(default_factory=list)

    def passage(self, chunk_id: str, section: str, title: str, text: str, quote: str) -> int:
        for i, c in enumerate(self.items):
            if c.id == chunk_id:
                if quote not in c.quotes:
                    self.items[i] = Citation(c.n, c.id, c.section, c.title, c.text, (*c.quotes, quote))
                return c.n
        n = len(self.items) + 1
        self.items.append(Citation(n, chunk_id, section, title, text, (quote,)))
        return n

    def section_quote(self, section_id: str, quote: str) -> int:
        s = self.guideline.section(section_id)
        return self.passage(section_id, section_id, s.path_label, plain_text(s.body), quote)


def _fact_json(fact: Fact) -> dict[str, Any]:
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


def _row_json(row: ClockRow) -> dict[str, Any]:
    return {
        "interval": row.interval_id,
        "days": row.days,
        "start": row.start.isoformat(),
        "deadline": row.deadline.isoformat(),
        "actual": row.actual.isoformat() if row.actual else None,
        "days_used": row.days_used,
        "status": row.status,
    }


class Assistant:
    """A loaded search engine plus the rules, scope and glossary: answers from any thread."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine
        self.guideline = engine.guideline
        self.picker = SentencePicker(engine)
        self.scope = load_scope(engine.guideline.pathway)
        everyday_words()  # built here (about a second), not while the first question waits

    @classmethod
    def open(
        cls,
        *,
        pathway: str = DEFAULT_PATHWAY,
        model: str = DEFAULT_MODEL,
        index_dir: Path | None = None,
        rebuild: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> Assistant:
        return cls(
            SearchEngine.open(
                pathway=pathway, model=model, index_dir=index_dir, rebuild=rebuild, progress=progress
            )
        )

    # -- routing -------------------------------------------------------------------------------

    def answer(self, question: str, audience: str = "doctor", *, today: date | None = None) -> Answer:
        """Answer one question for one audience. Raises BadInput for unusable input, nothing else by design.

        ``today`` (default: the system date) gives a date written without a year its year; the
        answer then says which year it assumed.
        """
        if audience not in AUDIENCES:
            raise BadInput(f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}")
        text = check_question(question)
        text = check_question(analysis_text(text) or text)
        verdict = self.scope.judge(text)
        lang = detect_lang(text)
        # A topic the guideline is silent on, or another cancer, is refused even when a rule
        # would match ("code for the lung cancer pathway" must not get A04A).
        if verdict.topics:
            return self._refusal(question, text, audience, lang, verdict)
        rule = match_rules(text, reference=today or date.today(), pathway=self.guideline.pathway)
        if rule is not None:
            return self._from_rule(question, text, audience, rule)
        if not verdict.in_scope:
            return self._refusal(question, text, audience, lang, verdict)
        return self._from_search(question, text, audience, lang, unmentioned=verdict.unknown_as_typed(text))

    def _code_list(self) -> tuple[Fact, ...]:
        """The fact that lists every code of the pathway, when the facts data has one."""
        from .facts import load_facts

        book = load_facts(self.guideline.pathway)
        return tuple(f for f in book.of_kind("list") if f.id == "list.codes")

    # -- the three kinds -----------------------------------------------------------------------

    def _from_rule(self, question: str, text: str, audience: str, rule: RuleResult) -> Answer:
        lang = rule.lang
        if rule.intent == "unknown_code":
            verdict = ScopeVerdict(False, (), 0.0, (), "unknown code")
            return self._refusal(
                question,
                text,
                audience,
                lang,
                verdict,
                message=rule.message,
                explanation=rule.explanation,
                facts=(*rule.facts, *self._code_list()),
            )
        cites = _Citations(self.guideline)
        rows = []
        for row in rule.computed:
            n = cites.section_quote(row.citation.section, row.citation.quote)
            rows.append(
                {
                    "label": row.label(lang),
                    "days": row.days,
                    "n": n,
                    "start": format_date(row.start, lang),
                    "start_iso": row.start.isoformat(),
                    "deadline": format_date(row.deadline, lang),
                    "deadline_iso": row.deadline.isoformat(),
                    "actual": format_date(row.actual, lang) if row.actual else None,
                    "actual_iso": row.actual.isoformat() if row.actual else None,
                    "days_used": row.days_used,
                    "status": row.status,
                }
            )
        facts = [] if rule.computed else [self._fact_view(f, lang, cites, audience) for f in rule.facts]
        context = {
            "lang": lang,
            "audience": audience,
            "message": rule.message,
            "notices": list(rule.notes),
            "rows": rows,
            "facts": facts,
        }
        body_text = " ".join(
            [rule.message or ""]
            + [q["text"] for f in facts for q in f["quotes"]]
            + [i for f in facts for i in f["entries"]]
        )
        return self._finish(
            question,
            audience,
            lang,
            "rule",
            context,
            cites,
            text_for_glossary=body_text,
            facts=tuple(_fact_json(f) for f in rule.facts),
            computed=tuple(_row_json(r) for r in rule.computed),
            explanation=rule.explanation,
            notices=rule.notes,
        )

    def _fact_view(self, fact: Fact, lang: str, cites: _Citations, audience: str) -> dict[str, Any]:
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

    def _sentences(self, extracts: list[Extract], cites: _Citations) -> list[dict[str, Any]]:
        out = []
        for e in extracts:
            chunk = self.engine.chunk(e.chunk_id)
            n = cites.passage(chunk.id, chunk.section, chunk.path_label, plain_text(chunk.text), e.text)
            out.append({"text": e.text, "n": n})
        return out

    def _from_search(
        self, question: str, text: str, audience: str, lang: str, *, unmentioned: tuple[str, ...] = ()
    ) -> Answer:
        """Sentences of the best passages; words of the question the guideline never uses are named."""
        results = self.engine.search(text, k=SEARCH_DEPTH)
        extracts = self.picker.pick(text, results)
        if not extracts or max(e.score for e in extracts) <= 0:
            verdict = ScopeVerdict(False, (), 0.0, (), "no passage answers it")
            return self._refusal(question, text, audience, lang, verdict)
        cites = _Citations(self.guideline)
        sentences = self._sentences(extracts, cites)
        context = {
            "lang": lang,
            "audience": audience,
            "sentences": sentences,
            "notices": [],
            "unmentioned": list(unmentioned),
        }
        return self._finish(
            question,
            audience,
            lang,
            "search",
            context,
            cites,
            text_for_glossary=" ".join(s["text"] for s in sentences),
            explanation="search",
        )

    def _refusal(
        self,
        question: str,
        text: str,
        audience: str,
        lang: str,
        verdict: ScopeVerdict,
        *,
        message: str | None = None,
        explanation: str = "",
        facts: tuple[Fact, ...] = (),
    ) -> Answer:
        cites = _Citations(self.guideline)
        for fact in facts:  # what a refusal still states (the list of codes) is cited like any fact
            for c in fact.citations:
                cites.section_quote(c.section, c.quote)
        sentences: list[dict[str, Any]] = []
        if message is None:
            results = self.engine.search(text, k=SEARCH_DEPTH)
            sentences = self._sentences(self.picker.pick(text, results, limit=NEARBY_SENTENCES), cites)
        context = {
            "lang": lang,
            "audience": audience,
            "message": message,
            "notices": verdict.notices(lang),
            "sentences": sentences,
            "covers": [s.title for s in self.guideline.parts[1:]],
            "guideline_title": self.guideline.title,
        }
        return self._finish(
            question,
            audience,
            lang,
            "out_of_scope",
            context,
            cites,
            text_for_glossary=" ".join(s["text"] for s in sentences),
            facts=tuple(_fact_json(f) for f in facts),
            explanation=explanation or verdict.reason,
            notices=tuple(verdict.notices(lang)),
        )

    def _finish(
        self,
        question: str,
        audience: str,
        lang: str,
        kind: str,
        context: dict[str, Any],
        cites: _Citations,
        *,
        text_for_glossary: str,
        facts: tuple[dict[str, Any], ...] = (),
        computed: tuple[dict[str, Any], ...] = (),
        explanation: str = "",
        notices: tuple[str, ...] = (),
    ) -> Answer:
        glossary = []
        if audience == "relative":
            glossary = [
                {"term": t.term, "explanation": t.explanation}
                for t in terms_in(text_for_glossary, pathway=self.guideline.pathway)
            ]
        context = {
            "glossary": glossary,
            "notices": [],
            "message": None,
            "sentences": [],
            "rows": [],
            "facts": [],
            "covers": [],
            "unmentioned": [],
            "guideline_title": self.guideline.title,
            **context,
        }
        body = render(answer_template(audience, kind), **context)
        return Answer(
            question=question,
            audience=audience,
            lang=lang,
            kind=kind,
            answer=body,
            citations=tuple(cites.items),
            facts=facts,
            computed=computed,
            notices=notices,
            glossary=tuple(glossary),
            explanation=explanation,
        )


_DEFAULT: Assistant | None = None
_DEFAULT_LOCK = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant on the default model and index, loaded on first use."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Assistant.open()
        return _DEFAULT


def answer(question: str, audience: str = "doctor", *, today: date | None = None) -> Answer:
    """Answer with the process-wide assistant (see Assistant.answer)."""
    return default_assistant().answer(question, audience, today=today)


def engine_answerer(engine: SearchEngine) -> Callable[[str], Answer]:
    """For benchmarks: an answer function over an already loaded engine."""
    assistant = Assistant(engine)
    return lambda q: assistant.answer(q, "coordinator")


__all__ = ["Answer", "Assistant", "Citation", "answer", "asdict", "default_assistant"]
