"""Treatments the forløpstider do not time: "forløpstid to surgery?" has no number to give.

The pathway's forløpstider to the start of treatment are set per treatment type (drug treatment,
radiotherapy). The start of treatment has more codes than that (surgery, symptom relief, active
surveillance, no treatment), and a question about one of them must not be answered with the
drug and radiotherapy deadlines as if they applied: the answer says that the pathway sets no
forløpstid for it, and which treatments it does set them for. Nothing here names a treatment:
the codes of an event that has per-treatment forløpstider, and carry no treatment type of their
own, are the untimed ones.
"""

from __future__ import annotations

from .code_choice import MIN_COVERAGE, fact_hits, negated_in
from .events import Mention
from .facts import Fact, FactBook, Interval
from .question import Question
from .result import RuleResult, cue_text
from .vocab import Hit


def _timed_events(book: FactBook) -> set[str]:
    """Events whose forløpstider differ by treatment type."""
    return {i.to_event for i in book.intervals() if i.treatment is not None}


def untimed_treatment(q: Question, book: FactBook, codes: tuple[str, ...] = ()) -> Fact | None:
    """The code of an untimed treatment the question names (written as a code, or by its own
    words), if any; the one with most words first."""
    timed = _timed_events(book)
    best: tuple[float, int, Fact] | None = None
    for order, fact in enumerate(book.codes()):
        if fact.data.get("event") not in timed or fact.data.get("treatment"):
            continue
        hits = [h for h in fact_hits(q, fact, book) if not negated_in(q, h)]
        written = fact.data["code"] in codes
        if not hits and not written:
            continue
        words = len({i for h in hits for i in h.positions}) + (0.5 if written else 0.0)
        if best is None or (words, -order) > (best[0], -best[1]):
            best = (words, order, fact)
    return best[2] if best else None


def untimed_intervals(fact: Fact, book: FactBook, from_events: set[str]) -> tuple[Interval, ...]:
    """The forløpstider to the untimed treatment's event (those from the named start events, if any)."""
    to = [i for i in book.intervals() if i.to_event == fact.data["event"]]
    return tuple(i for i in to if i.from_event in from_events) or tuple(to)


def untimed_note(fact: Fact, book: FactBook, lang: str) -> str:
    """One sentence: no forløpstid for this treatment; which treatment types have one."""
    what = _treatment_words(fact, lang)
    kinds = [t.label(lang).lower() for t in book.treatments]
    listed = " and ".join(kinds) if lang == "en" else " og ".join(kinds)
    if lang == "en":
        return (
            f"The pathway sets no pathway time for the start of {what}; "
            f"its pathway times to the start of treatment are for {listed}."
        )
    return f"Pakkeforløpet setter ingen forløpstid for start av {what}; forløpstidene til start behandling gjelder {listed}."


def _treatment_words(fact: Fact, lang: str) -> str:
    """The treatment a code names, from its label ("A04FK – Start of treatment – surgery" → "surgery")."""
    return fact.label(lang).rsplit("–", 1)[-1].strip().lower()


def untimed_deadline(
    q: Question, mentions: list[Mention], event_hits: list[Hit], book: FactBook, codes: tuple[str, ...]
) -> RuleResult | None:
    """ "Forløpstid to surgery?": no forløpstid times it; the answer says so, with the ones that exist."""
    untimed = untimed_treatment(q, book, codes)
    if untimed is None:
        return None
    named = {m.event for m in mentions if not m.implied}
    starts = {i.from_event for i in book.intervals()}
    if "deadline" not in q.families and not named & starts:
        return None  # "how long does the operation take?" asks about the operation
    intervals = untimed_intervals(untimed, book, named)
    covered = q.starts(event_hits) | q.starts(fact_hits(q, untimed, book))
    for i in intervals:
        covered |= q.starts(fact_hits(q, i.fact, book))
    # The code itself written with a forløpstid asked for ("forløpstid … (A04FL)?") is exact, however
    # the treatment is paraphrased around it ("symptom-relieving treatment").
    written = untimed.data["code"] in codes and "deadline" in q.families
    if not written and q.coverage(covered) < MIN_COVERAGE:
        return None
    return RuleResult(
        "deadline",
        q.lang,
        tuple(i.fact for i in intervals),
        notes=(untimed_note(untimed, book, q.lang),),
        explanation=f"cues: {cue_text(q)}; {untimed.id} names a treatment no forløpstid times; "
        f"facts: {', '.join(i.id for i in intervals)}",
        untimed=True,
    )
