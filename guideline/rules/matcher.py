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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..corpus.document import DEFAULT_PATHWAY, load_guideline
from ..errors import BadDate
from ..text.confusables import read_codes
from ..text.language import detect_lang
from ..text.normalize import clean
from .clock import ClockRow, clock_from_events
from .date_binding import bind_dates, binding_question, reading_notes
from .dates import FoundDate, find_dates, format_date
from .events import NEGATED, Mention, event_mentions
from .facts import Fact, FactBook, load_facts
from .question import Question, pathway_vocabulary, read_question
from .registration import asks_registration_date, registration
from .vocab import Hit, find_hits

INTENTS = (
    "code_lookup", "code_for_event", "deadline", "date_arithmetic",
    "responsibility", "list", "unknown_code", "invalid_date", "registration_date",
)  # fmt: skip
MAX_QUESTION_CHARS = 400
# Share of a question's topic words (not cue words, not fillers) a fact's words must explain.
MIN_COVERAGE = 0.5
# A question with no cue word at all ("risk factors") is answered only if it is this short and
# every topic word is explained.
MAX_BARE_WORDS = 4
_INTENT_OF_KIND = {
    "code": "code_for_event",
    "responsibility": "responsibility",
    "list": "list",
    "rule": "list",
}
_CODE_COMPLEMENT = re.compile(r"\b(?:kode|koden|koder|kodene|code|codes)\s+(?:for|til|of)\s", re.IGNORECASE)
_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]\d{2}[A-Za-z]{0,3})(?:\*|(?![A-Za-z0-9]))")


@dataclass(frozen=True)
class RuleResult:
    """A confident, structured reading of a question.

    ``facts`` best first (ties kept, in file order); ``computed`` holds the clock rows of a date
    sum; ``message`` a ready sentence for unknown codes, impossible dates and dates out of
    order; ``explanation`` which cue words, codes, dates and vocabulary decided it.
    """

    intent: str
    lang: str
    facts: tuple[Fact, ...] = ()
    computed: tuple[ClockRow, ...] = ()
    message: str | None = None
    explanation: str = ""
    notes: tuple[str, ...] = ()  # what the reading assumed, for the reader ("no year given: 2026")

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.facts)


def _cue_text(q: Question) -> str:
    return ", ".join(f"{h.phrase.text!r} ({h.phrase.owner})" for h in q.cue_hits) or "none"


def _hits_text(hits: Sequence[Hit]) -> str:
    return ", ".join(repr(h.phrase.text) for h in hits)


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
    asked = [r for r in report.rows if r.interval.to_event in targets]
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
    explanation += f"; intervals: {', '.join(r.interval_id for r in rows) or '-'}; cues: {_cue_text(q)}"
    message = " ".join(e.message(q.lang) for e in report.errors) or None
    notes = reading_notes(binding, labels, q.lang, format_date) + _planned_notes(
        binding, rows, labels, q.lang
    )
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


def _fact_hits(q: Question, fact: Fact, book: FactBook) -> list[Hit]:
    return find_hits(q.words, pathway_vocabulary(book.pathway).facts[fact.id], overlap=True)


def _score(q: Question, fact: Fact, families: set[str], book: FactBook) -> tuple[float, list[Hit]]:
    """Question words the fact's vocabulary explains, plus a half point if the question asks its main kind."""
    hits = _fact_hits(q, fact, book)
    if not hits:
        return 0.0, []
    return len({i for h in hits for i in h.positions}) + (0.5 if fact.cues[0] in families else 0.0), hits


def _deadline(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> RuleResult | None:
    """Forløpstider named by their events and treatment; conditional rules (acute) come first."""
    strong, weak = "deadline" in q.families, "deadline_weak" in q.families
    if not (strong or weak):
        return None
    rules = []
    covered: set[int] = set()
    for f in book.of_kind("rule"):
        if "deadline" in f.cues:
            score, hits = _score(q, f, {"deadline"}, book)
            if hits:
                rules.append((score, f))
                covered |= q.starts(hits)
    events = [m.event for m in mentions]
    event_hits = find_hits(q.words, pathway_vocabulary(book.pathway).events, every=True, ordered=True)
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
        phrase_hits = _fact_hits(q, interval.fact, book)
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
        and not any(_fact_hits(q, i.fact, book) for _, i in scored)
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
        f"cues: {_cue_text(q)}; events: {', '.join(events) or '-'}; treatment: {', '.join(treatments) or '-'}; "
        f"facts: {', '.join(f.id for f in facts)}"
    )
    return RuleResult("deadline", q.lang, facts, explanation=explanation)


# ----------------------------------------------------------------------------- everything else


def _best_fact(q: Question, book: FactBook) -> RuleResult | None:
    """The fact whose words best explain the question, among facts answering its kind of question."""
    families = q.families & {"code", "who", "where", "what"}
    bare = not q.families
    if bare and len(q.topic) > MAX_BARE_WORDS:
        return None
    scored = []
    for order, f in enumerate(book.facts):
        if f.kind == "interval" or not (bare or families & set(f.cues)):
            continue
        score, hits = _score(q, f, families, book)
        # Cue words alone ("kode") do not pick a fact when the question has words of its own.
        if hits and (not q.topic or q.starts(hits) & q.topic):
            scored.append((score, order, f, hits))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    top_score, _, top, top_hits = scored[0]
    coverage = q.coverage(q.starts(top_hits))
    if coverage < (1.0 if bare else MIN_COVERAGE):
        return None
    facts = tuple(f for s, _, f, _ in scored if s == top_score)
    explanation = (
        f"cues: {_cue_text(q)}; {top.id} matched {_hits_text(top_hits)} "
        f"(score {top_score:g}, explains {coverage:.0%} of the topic words)"
    )
    return RuleResult(_INTENT_OF_KIND[top.kind], q.lang, facts, explanation=explanation)


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
    book = load_facts(pathway)
    codes = _code_mentions(text, book)
    lang = detect_lang(_CODE.sub(" ", text))
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
    treatments = _treatments(q, book)
    treatment = treatments[0] if len(treatments) == 1 else None
    # "Which date does the code get?": the registration day of the code, from the question's dates.
    registering = "code" in q.families and asks_registration_date(text)
    if registering and not dates and not known and (codes := _codes_named(q, mentions, treatments, book)):
        # "Hvilken kode og dato?" with no dates: the code, and (in its facts) the day it is registered on.
        explanation = f"cues: {_cue_text(q)}; asks the code and its registration date: " + ", ".join(
            f.data["code"] for f in codes
        )
        return _with_typos(RuleResult("code_for_event", lang, codes, explanation=explanation), q)
    if registering and dates and (result := _registration_date(q, dates, mentions, treatments, known, book)):
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
    if code_first and (result := _code_facts(q, mentions, treatments, book)):
        return _with_typos(result, q)
    if result := _deadline(q, mentions, treatments, book):
        return _with_typos(result, q)
    if known:
        return RuleResult(
            "code_lookup", lang, tuple(book.code(c) for c in known), explanation=f"codes: {', '.join(known)}"
        )
    result = None if code_first else _code_facts(q, mentions, treatments, book)  # asked once
    return _with_typos(result, q) if result else None


def _registration_date(
    q: Question,
    dates: list[FoundDate],
    mentions: list[Mention],
    treatments: list[str],
    known: tuple[str, ...],
    book: FactBook,
) -> RuleResult | None:
    """The codes the question names (or its words and events name) and the date each is registered on."""
    codes = tuple(book.code(c) for c in known) or _codes_named(q, mentions, treatments, book)
    if not codes:
        return None
    binding = bind_dates(q, dates, mentions)
    reg = registration(codes, binding, dates)
    if reg is None:
        return None
    # Dates out of order (a first visit before the referral came) are refused, never registered.
    errors = clock_from_events(binding.dated, pathway=book.pathway).errors if binding.dated else ()
    message = " ".join(e.message(q.lang) for e in errors) or reg.message(q.lang)
    labels = {e.id: (e.label_nb, e.label_en) for e in book.events}
    shown = format_date(reg.date, q.lang) if reg.date else "not given"
    explanation = (
        f"cues: {_cue_text(q)}; asks the registration date of {', '.join(f.data['code'] for f in codes)} "
        f"(registered on {reg.day}): {shown}"
    )
    return RuleResult(
        "registration_date",
        q.lang,
        codes,
        message=message,
        explanation=explanation + ("; dates out of order" if errors else ""),
        notes=reading_notes(binding, labels, q.lang, format_date),
    )


def _codes_named(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> tuple[Fact, ...]:
    """The code facts the question's words name best (any of their words will do: the question asks
    for a code's date, so some code is meant), else the codes of the one event it names."""
    scored = [(*_score(q, f, {"code"}, book), f) for f in book.of_kind("code")]
    # A hit on a negated word the phrase does not negate ("treatment decided" in "decided on no
    # treatment") names the opposite: it does not count.
    scored = [(s, hits, f) for s, hits, f in scored if not any(_negated_in(q, h) for h in hits)]
    # "koden for medikamentell behandling": the words after the code word name the code.
    after = _CODE_COMPLEMENT.search(q.text)
    if after:
        own = [
            (s, f)
            for s, hits, f in scored
            if any(q.words[i].start >= after.end() for h in hits for i in h.positions)
        ]
        scored = [(s, [], f) for s, f in own] or scored
    best = max((s for s, _, _ in scored), default=0.0)
    if best >= 1:
        return tuple(f for s, _, f in scored if s == best)
    found = _codes_of_event(q, mentions, treatments, book)
    return found.facts if found else ()


_CODE_WORD = re.compile(r"\s*(?:kode|koden|koder|kodene|code|codes)\b", re.IGNORECASE)


def _names_the_code(q: Question, m: Mention) -> bool:
    """Whether an event is named right before the code word, or right after "koden for"."""
    if _CODE_WORD.match(q.text, m.end):
        return True
    return any(c.end() == m.start for c in _CODE_COMPLEMENT.finditer(q.text))


def _negated_in(q: Question, hit: Hit) -> bool:
    """Whether a word of the hit stands right after a negation that the hit itself does not hold."""
    held = {q.words[i].start for i in hit.positions}
    for i in hit.positions:
        word = q.words[i]
        before = NEGATED.search(q.text[: word.start])
        if before and not any(before.start() <= s < word.start for s in held):
            return True
    return False


def _code_facts(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> RuleResult | None:
    """The fact the question's words name best, else the codes of the one event it names.

    A question that asks for a code ("Hvilken kode skal jeg registrere?") gets the code of the
    event it names before a rule about the same situation (how that referral is marked).
    """
    best = _best_fact(q, book)
    if best is not None and any(f.kind != "code" for f in best.facts) and "code" in q.families:
        return _codes_of_event(q, mentions, treatments, book) or best
    return best or _codes_of_event(q, mentions, treatments, book)


def _codes_of_event(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> RuleResult | None:
    """A code question that names one pathway event gets the codes that record that event.

    "Which NPR code marks the first attendance?" names the first visit, whose code is A04S, even
    when its other words ("marks") are none of the code's own vocabulary. An event with several
    codes (the clinical decision, the start of treatment) gets all of them, narrowed to the
    treatment the question names.
    """
    if "code" not in q.families or q.families & {"who", "where"}:
        return None  # "who enters the start code?" asks for a person, not a code
    named = {m.event for m in mentions if not m.implied} or {m.event for m in mentions}
    if len(named) > 1:
        # Several events, one of them named with the code word: "which treatment start code?",
        # "koden for første fremmøte".
        named = {m.event for m in mentions if _names_the_code(q, m)} or named
    if len(named) != 1:
        return None
    (event,) = named
    codes = [book.code(c) for e in book.events if e.id == event for c in e.codes]
    if treatments:
        codes = [f for f in codes if f.data.get("treatment") in treatments] or codes
    # Of the event's codes, those whose own words the question uses ("an operation" → A04FK).
    codes = [f for f in codes if _score(q, f, set(), book)[0] >= 1] or codes
    if not codes:
        return None
    return RuleResult(
        "code_for_event",
        q.lang,
        tuple(codes),
        explanation=f"cues: {_cue_text(q)}; the question names the event {event}, recorded by "
        + ", ".join(f.data["code"] for f in codes),
    )
