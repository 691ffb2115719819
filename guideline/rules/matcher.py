"""Deterministic answers for structured questions: codes, forløpstider, date sums, responsibilities, lists.

A question is read in a fixed order, each step explainable: NPR codes written in it (an unknown
code is said to be unknown, never described), dates (an impossible date is said to be
impossible), cue words that say what kind of question it is (data/cues.toml), then the
vocabulary of the facts themselves (facts.toml). A fact is returned only when a cue of its
kind and its own words are both present and its words explain enough of the question;
otherwise the answer is None and semantic search takes over. Precision over recall.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ..corpus.document import DEFAULT_PATHWAY, load_guideline
from ..errors import BadDate
from ..text.confusables import read_codes
from ..text.language import detect_lang
from ..text.normalize import clean
from .chained import chained_note, chained_rows
from .clock import ClockRow, clock_from_events
from .code_choice import MIN_COVERAGE, code_facts, codes_named, fact_hits, fact_score
from .date_binding import bind_dates, binding_question, reading_notes
from .dates import FoundDate, find_dates, format_date
from .events import Mention, event_mentions
from .facts import FactBook, load_facts
from .question import Question, pathway_vocabulary, read_question
from .registration import asks_registration_date, registration_result
from .result import INTENTS, RuleResult, cue_text
from .untimed import untimed_deadline, untimed_intervals, untimed_note, untimed_treatment
from .vocab import find_hits

__all__ = ["INTENTS", "RuleResult", "match_rules"]

MAX_QUESTION_CHARS = 400
_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]\d{2}[A-Za-z]{0,3})(?:\*|(?![A-Za-z0-9]))")


def _assumed_years(dates: list[FoundDate], lang: str) -> tuple[str, ...]:
    """One sentence naming the dates whose year the question left out and we filled in."""
    assumed = [format_date(d.value, lang) for d in dates if d.year_assumed]
    if not assumed:
        return ()
    shown = ", ".join(assumed)
    if lang == "en":
        return (
            f"The question gives no year, so I have counted from {shown}. Write the year if you mean another.",
        )
    return (
        f"Året står ikke i spørsmålet, så jeg har regnet fra {shown}. Skriv året hvis du mener et annet.",
    )


def _with_typos(result: RuleResult, q: Question) -> RuleResult:
    """The explanation also says which words were read as other words ("henvisnig" as "henvisning")."""
    fixed = [f"{t.typed!r} as {t.text!r}" for t in q.tokens if t.typed]
    return replace(result, explanation=f"{result.explanation}; read {', '.join(fixed)}") if fixed else result


# ----------------------------------------------------------------------------- codes


def _code_mentions(text: str, book: FactBook) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """Code-shaped words: (as written upper-cased, start, end, the pathway codes it names).

    A prefix of real codes ("A04", "A04C", "A04F*") names all of them; an unknown code names
    none. Letter-and-two-digit words without letters after them ("B12", "C90") are not codes.
    """
    names = book.code_names()
    out = []
    for m in _CODE.finditer(text):
        written = m.group(1).upper()
        if written.startswith(book.code_prefix):
            named = tuple(c for c in names if c.startswith(written))
        elif re.fullmatch(r"[A-Z]\d{2}[A-Z]{1,3}", written):
            named = ()
        else:
            continue
        out.append((written, m.start(), m.end(), named))
    return out


def _unknown_code_message(unknown: list[str], book: FactBook, lang: str) -> str:
    title = load_guideline(book.pathway).title
    names = list(book.code_names())
    listed = ", ".join(names[:-1])
    other = [c for c in unknown if not c.startswith(book.code_prefix)]
    if lang == "en":
        prefix_note = f" (all of them start with {book.code_prefix})" if other else ""
        return (
            f"The myeloma pathway ({title}) has no code {' or '.join(unknown)}. "
            f"Its codes are {listed} and {names[-1]}{prefix_note}."
        )
    prefix_note = f" (alle begynner med {book.code_prefix})" if other else ""
    return f"{title} har ingen kode {' eller '.join(unknown)}. Kodene i pakkeforløpet er {listed} og {names[-1]}{prefix_note}."


# ----------------------------------------------------------------------------- events and dates


def _date_arithmetic(
    q: Question,
    dates: list[FoundDate],
    mentions: list[Mention],
    treatment: str | None,
    book: FactBook,
    today: date | None,
) -> RuleResult | None:
    """Deadlines computed from the dates in the question, for the forløpstider it asks about or dates.

    Dates are bound to events by what their clause says (``date_binding``); a date that belongs to
    no pathway event is set aside and named; when the dates cannot decide (a referral written but
    no received date, two dates for one event), the answer asks instead of counting.
    """
    binding = bind_dates(q, dates, mentions)
    dated, left = binding.dated, binding.unbound
    labels = {e.id: (e.label_nb, e.label_en) for e in book.events}
    targets = {m.event for m in mentions if m.event not in dated}
    intervals = [i for i in book.intervals() if treatment in (None, i.treatment) or i.treatment is None]
    if len(left) == 1 and targets and not binding.set_aside:
        starts = {i.from_event for i in intervals if i.to_event in targets and i.from_event not in dated}
        if len(starts) == 1:
            dated[starts.pop()] = left[0].value
    shown = ", ".join(f"{format_date(v, q.lang)} → {k}" for k, v in dated.items())
    aside = ", ".join(f"{s.date.text} ({s.reason})" for s in binding.set_aside)
    explanation = (
        f"dates: {shown or '-'}; set aside: {aside or '-'}; asked for: {', '.join(sorted(targets)) or '-'}"
    )
    if ask := binding_question(binding, labels, q.lang, format_date):
        norms = tuple(
            dict.fromkeys(i.fact for i in intervals if i.from_event == "referral" or i.to_event in targets)
        )
        return RuleResult(
            "date_arithmetic", q.lang, norms, (), ask, f"{explanation}; no verdict: the dates do not decide"
        )
    if not dated:
        return None
    report = clock_from_events(dated, treatment=treatment, today=today, pathway=book.pathway)
    untimed = untimed_treatment(q, book) if treatment is None else None
    note = untimed_note(untimed, book, q.lang) if untimed is not None else None
    if untimed is not None:
        # "Decision 3 March, he is to be operated: deadline?": the drug and radiotherapy
        # deadlines do not apply; the answer says that no forløpstid times this treatment.
        report = replace(
            report, rows=tuple(r for r in report.rows if r.interval.to_event != untimed.data["event"])
        )
        targets.discard(untimed.data["event"])
        if not report.rows or not (targets or q.families & {"deadline", "deadline_weak"}):
            facts = tuple(i.fact for i in untimed_intervals(untimed, book, set(dated)))
            return RuleResult(
                "date_arithmetic", q.lang, facts, (), note, f"{explanation}; no forløpstid for {untimed.id}"
            )
    asked = [r for r in report.rows if r.interval.to_event in targets]
    chained = [] if asked else chained_rows(
        report.rows, dated, targets, treatment=treatment, today=today, pathway=book.pathway
    )  # fmt: skip
    asked = asked or chained
    checked = [r for r in report.rows if r.actual is not None]
    rows = asked + [r for r in checked if r not in asked]
    if rows and not targets and q.families & {"deadline", "deadline_weak"}:
        # Nothing named as asked: the deadlines still open from the last dated step come too
        # ("first visit 10 April, decision 28 April: deadline?" also asks for the treatment start).
        latest = max(dated, key=lambda e: dated[e])
        rows += [
            r for r in report.rows if r.actual is None and r.interval.from_event == latest and r not in rows
        ]
    if not rows and (q.families & {"deadline", "deadline_weak"} or binding.set_aside) and not targets:
        rows = list(report.rows)
    if not rows and not report.errors:
        return None
    facts = tuple(dict.fromkeys(r.interval.fact for r in rows))
    explanation += f"; intervals: {', '.join(r.interval_id for r in rows) or '-'}; cues: {cue_text(q)}"
    message = " ".join(e.message(q.lang) for e in report.errors) or None
    notes = reading_notes(binding, labels, q.lang, format_date) + _planned_notes(
        binding, rows, labels, q.lang
    )
    if note is not None:
        notes += (note,)
    if chained:
        notes += (chained_note(chained, labels, q.lang),)
    return RuleResult("date_arithmetic", q.lang, facts, tuple(rows), message, explanation, notes)


def _planned_notes(
    binding, rows: list[ClockRow], labels: dict[str, tuple[str, str]], lang: str
) -> tuple[str, ...]:
    """A planned date next to its deadline: within it or after it, never "met"."""
    out = []
    for s in binding.set_aside:
        row = next(
            (
                r
                for r in rows
                if s.reason == "planned" and r.interval.to_event == s.event and r.actual is None
            ),
            None,
        )
        if row is None:
            continue
        within = s.date.value <= row.deadline
        when, deadline = format_date(s.date.value, lang), format_date(row.deadline, lang)
        if lang == "en":
            out.append(
                f"The planned date {when} is {'within' if within else 'after'} the deadline ({deadline}); it has not happened yet."
            )
        else:
            out.append(
                f"Den planlagte datoen {when} er {'innenfor' if within else 'etter'} fristen ({deadline}); den har ikke skjedd ennå."
            )
    return tuple(out)


# ----------------------------------------------------------------------------- deadlines


def _treatments(q: Question, book: FactBook) -> list[str]:
    return sorted({h.phrase.owner for h in find_hits(q.words, pathway_vocabulary(book.pathway).treatments)})


def _deadline(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook, codes: tuple[str, ...] = ()
) -> RuleResult | None:
    """Forløpstider named by their events and treatment; conditional rules (acute) come first."""
    strong, weak = "deadline" in q.families, "deadline_weak" in q.families
    if not (strong or weak):
        return None
    rules = []
    covered: set[int] = set()
    for f in book.of_kind("rule"):
        if "deadline" in f.cues:
            score, hits = fact_score(q, f, {"deadline"}, book)
            if hits:
                rules.append((score, f))
                covered |= q.starts(hits)
    events = [m.event for m in mentions]
    happened = {m.event for m in mentions if m.happened and not m.target}
    event_hits = find_hits(q.words, pathway_vocabulary(book.pathway).events, every=True, ordered=True)
    if not treatments and not rules and (result := untimed_deadline(q, mentions, event_hits, book, codes)):
        return result
    treat_hits = find_hits(q.words, pathway_vocabulary(book.pathway).treatments)
    scored = []
    for interval in book.intervals():
        if treatments and interval.treatment is not None and interval.treatment not in treatments:
            continue
        # An event named alone is more often the goal ("frist for første fremmøte") than the start.
        score = 0.0
        if interval.from_event in events:
            score += 0.75
        if interval.to_event in events:
            score += 1
            if interval.from_event in events and events.index(interval.from_event) < events.index(
                interval.to_event
            ):
                score += 0.5
        if treatments and interval.treatment in treatments:
            score += 0.5
        # An event that has happened starts what is asked, and is no goal any more.
        if interval.from_event in happened:
            score += 1
        if interval.to_event in happened:
            score -= 1
        phrase_hits = fact_hits(q, interval.fact, book)
        score += len({i for h in phrase_hits for i in h.positions})
        if score > 0:
            scored.append((score, interval))
            covered |= q.starts(phrase_hits)
    if weak and not strong and not rules and mentions and all(m.implied for m in mentions):
        return None  # "hvor lang tid tar strålebehandling" asks about the treatment, not a forløpstid
    ends = {i.to_event for i in book.intervals()}
    if weak and not strong and not rules and events and not set(events) & ends:
        return (
            None  # "when should I refer?" names only where a forløpstid starts: when to refer, not how long
        )
    if (
        not events
        and not rules
        and not (strong and treatments)
        and not any(fact_hits(q, i.fact, book) for _, i in scored)
    ):
        scored = [(1.0, i) for i in book.intervals()] if strong and not q.topic else []
    covered |= q.starts(event_hits) | q.starts(treat_hits)
    if not (rules or scored) or q.coverage(covered) < MIN_COVERAGE:
        return None
    best = max((s for s, _ in scored), default=0)
    # A conditional rule (acute) outranks forløpstider the question names only half of.
    chosen = [i.fact for s, i in scored if s == best and not (rules and s < 2)]
    facts = tuple(f for _, f in sorted(rules, key=lambda r: -r[0])) + tuple(chosen)
    explanation = (
        f"cues: {cue_text(q)}; events: {', '.join(events) or '-'}; treatment: {', '.join(treatments) or '-'}; "
        f"facts: {', '.join(f.id for f in facts)}"
    )
    return RuleResult("deadline", q.lang, facts, explanation=explanation)


# ----------------------------------------------------------------------------- everything else


# "… in the myeloma pathway", "i pakkeforløpet": where the question stands, not an event of it
# ("the treatment-start codes in the myeloma pathway" asks for treatment start, not pathway start).
# How a question names the pathway is the pathway's data (``names`` in pathway.toml).
_WHERE = r"\b(?:in|within|inside|i|innenfor|innen)\s+(?:the\s+|this\s+|dette\s+)?"


@lru_cache(maxsize=8)
def _pathway_reference(pathway: str) -> re.Pattern[str] | None:
    names = load_guideline(pathway).names
    if not names:
        return None
    return re.compile(_WHERE + "(?:" + "|".join(f"(?:{n})" for n in names) + r")\b", re.IGNORECASE)


def mask_pathway_references(text: str, pathway: str = DEFAULT_PATHWAY) -> str:
    """The text with its references to the pathway as a whole blanked, same length (offsets hold)."""
    pattern = _pathway_reference(pathway)
    return text if pattern is None else pattern.sub(lambda m: " " * len(m.group()), text)


def _prepared(text: str, pathway: str) -> tuple[FactBook, str, list, str]:
    """A cleaned question as every reading of it starts: the facts, the text with the pathway's own
    name masked, the codes written in it and its language (read with the codes left out)."""
    book = load_facts(pathway)
    text = mask_pathway_references(text, pathway)
    return book, text, _code_mentions(text, book), detect_lang(_CODE.sub(" ", text))


def events_told_as_past(question: str, pathway: str = DEFAULT_PATHWAY) -> frozenset[str]:
    """The pathway events a question tells as having happened ("har vært på første time"): what it
    asks about follows from them, so a forløpstid that ends in one of them is no answer."""
    text, _ = read_codes(clean(question))
    if not text or len(text) > MAX_QUESTION_CHARS:
        return frozenset()
    book, text, codes, lang = _prepared(text, pathway)
    q = read_question(text, lang, [(a, b) for _, a, b, _ in codes], pathway)
    return frozenset(m.event for m in event_mentions(q, codes, book) if m.happened and not m.target)


def match_rules(
    question: str,
    *,
    today: date | None = None,
    reference: date | None = None,
    pathway: str = DEFAULT_PATHWAY,
) -> RuleResult | None:
    """A structured answer to a structured question, or None when not confident (search answers then).

    ``today`` only adds days left / overdue to date sums. ``reference`` gives dates written
    without a year their year (see ``dates.infer_year``; the result's notes say so); without
    it such a date is answered as incomplete. Never raises for odd input: an unknown code or an
    impossible date is a result with intent "unknown_code"/"invalid_date".
    """
    text, homoglyphs = read_codes(clean(question))
    if not text or len(text) > MAX_QUESTION_CHARS:
        return None
    result = _match(text, today=today, reference=reference, pathway=pathway)
    if result is not None and homoglyphs:
        notes = tuple(h.note(result.lang) for h in homoglyphs)
        explanation = f"{result.explanation}; look-alike characters read: " + ", ".join(
            f"{h.typed!r} as {h.read}" for h in homoglyphs
        )
        result = replace(result, notes=notes + result.notes, explanation=explanation)
    return result


def _match(text: str, *, today: date | None, reference: date | None, pathway: str) -> RuleResult | None:
    """match_rules on the cleaned text, look-alike characters in codes already read."""
    book, text, codes, lang = _prepared(text, pathway)
    known = tuple(dict.fromkeys(c for _, _, _, names in codes for c in names))
    unknown = list(dict.fromkeys(w for w, _, _, names in codes if not names))
    if unknown:
        return RuleResult(
            "unknown_code",
            lang,
            tuple(book.code(c) for c in known),
            message=_unknown_code_message(unknown, book, lang),
            explanation=f"code-shaped words not in {book.pathway}: {', '.join(unknown)}",
        )
    try:
        dates = find_dates(text, lang=lang, reference=reference)
    except BadDate as exc:
        return RuleResult(
            "invalid_date", lang, message=str(exc), explanation="a date-shaped word that is no date"
        )
    q = read_question(
        text, lang, [(d.start, d.end) for d in dates] + [(a, b) for _, a, b, _ in codes], pathway
    )
    mentions = event_mentions(q, codes, book)
    # A treatment start code written in the question names its treatment type ("fristen for A04FM").
    treatments = _treatments(q, book) or sorted(
        {t for c in known if (t := book.code(c).data.get("treatment"))}
    )
    treatment = treatments[0] if len(treatments) == 1 else None
    # "Which date does the code get?": the registration day of the code, from the question's dates.
    registering = "code" in q.families and asks_registration_date(text)
    if registering and not dates and not known and (codes := codes_named(q, mentions, treatments, book)):
        # "Hvilken kode og dato?" with no dates: the code, and (in its facts) the day it is registered on.
        explanation = f"cues: {cue_text(q)}; asks the code and its registration date: " + ", ".join(
            f.data["code"] for f in codes
        )
        return _with_typos(RuleResult("code_for_event", lang, codes, explanation=explanation), q)
    if registering and dates and (result := registration_result(q, dates, mentions, treatments, known, book)):
        return _with_typos(replace(result, notes=_assumed_years(dates, lang) + result.notes), q)
    if dates and (result := _date_arithmetic(q, dates, mentions, treatment, book, today)):
        return _with_typos(replace(result, notes=_assumed_years(dates, lang) + result.notes), q)
    named = {m.event for m in mentions}
    if known and not ("deadline" in q.families or ("deadline_weak" in q.families and len(named) > 1)):
        return RuleResult(
            "code_lookup",
            lang,
            tuple(book.code(c) for c in known),
            explanation=f"codes in the question: {', '.join(known)}",
        )
    # "Which code, and on what date?" asks for a code and the day it is registered, not a
    # forløpstid: with only a weak deadline cue, the code facts are asked first.
    code_first = "code" in q.families and "deadline" not in q.families and not known
    if code_first and (result := code_facts(q, mentions, treatments, book)):
        return _with_typos(result, q)
    if result := _deadline(q, mentions, treatments, book, known):
        return _with_typos(result, q)
    if known:
        return RuleResult(
            "code_lookup", lang, tuple(book.code(c) for c in known), explanation=f"codes: {', '.join(known)}"
        )
    result = None if code_first else code_facts(q, mentions, treatments, book)  # asked once
    return _with_typos(result, q) if result else None
