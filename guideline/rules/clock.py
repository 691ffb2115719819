"""The pathway clock: which forløpstid deadlines follow from the dates of a patient's pathway events.

Forløpstider are calendar days, counted with the start day as day 0: a referral received on
3 March with a 7-day norm has its deadline on 10 March, and a first visit on 10 March meets it.
The norms, the events they run between and the treatment types come from the pathway's facts
data, never from numbers in this module. Dates out of order (a first visit before the
referral) are reported as errors in the report rather than turned into negative day counts, and
every forløpstid whose start or end event is one of the dates out of order is *not computable*:
it stands in ``ClockReport.not_computable`` with its reason and is never counted. The acute route
(medullakompresjon, hyperkalsemi, nyresvikt: treatment within 1–2 døgn) is its own line, with
its numbers from the facts data too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..corpus.document import DEFAULT_PATHWAY
from ..errors import BadInput
from ..text.normalize import fold
from .dates import check_year, format_date
from .facts import Citation, Fact, FactBook, Interval, load_facts

Status = Literal["met", "missed", "open"]
NOT_COMPUTABLE = "not_computable"  # the status of a row that cannot be counted (BlockedRow, AcuteRow)
ACUTE_FACT = "rule.acute"


class _OfInterval:
    """What a row of the clock tells of its forløpstid: id, days, citation, label."""

    interval: Interval

    @property
    def interval_id(self) -> str:
        return self.interval.id

    @property
    def days(self) -> int:
        return self.interval.days

    @property
    def citation(self) -> Citation:
        return self.interval.citation

    def label(self, lang: str = "nb") -> str:
        return self.interval.label(lang)


@dataclass(frozen=True)
class ClockRow(_OfInterval):
    """One forløpstid for this patient: the deadline, and whether the end event came in time.

    ``status`` is "met" when the end event is on or before the deadline, "missed" when after,
    "open" when it has not been recorded. For open rows with a known ``today``, ``days_left``
    is deadline − today (negative: overdue by that many days) and ``overdue`` says today > deadline.
    """

    interval: Interval
    start: date
    deadline: date
    actual: date | None
    days_used: int | None
    status: Status
    days_left: int | None = None
    overdue: bool = False


@dataclass(frozen=True)
class OrderError:
    """Two event dates in the wrong order: ``later_event`` is dated before ``earlier_event``."""

    earlier_event: str
    earlier_date: date
    later_event: str
    later_date: date
    earlier_label: tuple[str, str]  # (nb, en)
    later_label: tuple[str, str]

    def message(self, lang: str = "nb") -> str:
        i = 1 if lang == "en" else 0
        later, earlier = self.later_label[i], self.earlier_label[i]
        if lang == "en":
            return (
                f"{later} ({format_date(self.later_date, 'en')}) is dated before "
                f"{earlier.lower()} ({format_date(self.earlier_date, 'en')}); check the dates."
            )
        return (
            f"{later} ({format_date(self.later_date)}) er datert før "
            f"{earlier.lower()} ({format_date(self.earlier_date)}); sjekk datoene."
        )


def _reason(errors: tuple[OrderError, ...], lang: str) -> str:
    return " ".join(e.message(lang) for e in errors)


@dataclass(frozen=True)
class BlockedRow(_OfInterval):
    """A forløpstid that is not computable: its start or end event is dated out of order.

    It has no deadline, no days used and no status of met or missed; ``reasons`` are the order
    errors that involve its events, and ``reason(lang)`` says them in one line.
    """

    interval: Interval
    start: date | None
    actual: date | None
    reasons: tuple[OrderError, ...]
    status: str = NOT_COMPUTABLE

    def reason(self, lang: str = "nb") -> str:
        return _reason(self.reasons, lang)


@dataclass(frozen=True)
class AcuteRow:
    """The acute route from the referral (by telephone, for acute admission) to treatment start.

    ``earliest`` and ``deadline`` are the referral date plus the rule's ``days_min`` and
    ``days_max`` (døgn, counted like forløpstider with the referral day as day 0). ``status`` is
    "met" when treatment started on or before the deadline, "missed" after it, "open" when no
    start is known, and NOT_COMPUTABLE when treatment start is dated before the referral (then
    ``reasons`` holds that order error and nothing is counted).
    """

    fact: Fact
    start: date
    earliest: date
    deadline: date
    actual: date | None
    days_used: int | None
    status: str
    days_left: int | None = None
    reasons: tuple[OrderError, ...] = ()

    @property
    def interval_id(self) -> str:
        return self.fact.id

    @property
    def days_min(self) -> int:
        return int(self.fact.data["days_min"])

    @property
    def days_max(self) -> int:
        return int(self.fact.data["days_max"])

    @property
    def unit(self) -> str:
        return str(self.fact.data["unit"])

    @property
    def citation(self) -> Citation:
        return self.fact.citations[0]

    def label(self, lang: str = "nb") -> str:
        return self.fact.label(lang)

    def reason(self, lang: str = "nb") -> str:
        return _reason(self.reasons, lang)


@dataclass(frozen=True)
class ClockReport:
    """Rows for every forløpstid whose start date is known, in the guideline's table order.

    ``rows`` are the forløpstider that can be counted; ``not_computable`` those whose start or
    end event is dated out of order (see ``errors``), never counted; ``lines()`` gives both in
    table order. ``acute`` is the acute route's line when it was asked for.
    """

    dates: tuple[tuple[str, date], ...]  # (event id, date) in pathway order
    treatment: str | None
    today: date | None
    rows: tuple[ClockRow, ...]
    errors: tuple[OrderError, ...]
    not_computable: tuple[BlockedRow, ...] = ()
    acute: AcuteRow | None = None
    pathway: str = DEFAULT_PATHWAY

    def row(self, interval_id: str) -> ClockRow:
        for r in self.rows:
            if r.interval_id == interval_id:
                return r
        raise KeyError(interval_id)

    def blocked(self, interval_id: str) -> BlockedRow:
        for r in self.not_computable:
            if r.interval_id == interval_id:
                return r
        raise KeyError(interval_id)

    def lines(self) -> tuple[ClockRow | BlockedRow, ...]:
        """Counted and not computable rows together, in the guideline's table order."""
        order = {iv.id: i for i, iv in enumerate(load_facts(self.pathway).intervals())}
        return tuple(sorted((*self.rows, *self.not_computable), key=lambda r: order.get(r.interval_id, 0)))


def deadline_for(start: date, days: int) -> date:
    """The last day that meets a norm of ``days`` calendar days from ``start`` (start day = day 0)."""
    return start + timedelta(days=days)


def resolve_treatment(treatment: str | None, book: FactBook) -> str | None:
    """A treatment id of the pathway from how people write it ("stråle", "Straale", "medikamentell")."""
    if treatment is None:
        return None
    wanted = fold(treatment)
    for t in book.treatments:
        if wanted in {fold(t.id), fold(t.label_nb), fold(t.label_en), *(fold(w) for w in t.terms)}:
            return t.id
    known = ", ".join(t.id for t in book.treatments)
    raise BadInput(f"unknown treatment type {treatment!r}; known: {known} (or none for all)")


def _row(interval: Interval, start: date, actual: date | None, today: date | None) -> ClockRow:
    deadline = deadline_for(start, interval.days)
    if actual is not None:
        used = (actual - start).days
        return ClockRow(interval, start, deadline, actual, used, "met" if actual <= deadline else "missed")
    left = (deadline - today).days if today is not None else None
    return ClockRow(
        interval, start, deadline, None, None, "open", left, today is not None and today > deadline
    )


def acute_route(
    dates: Mapping[str, date], *, today: date | None = None, pathway: str = DEFAULT_PATHWAY
) -> AcuteRow | None:
    """The acute route's line: from the pathway's first event (the referral) to its last (treatment start).

    None without a referral date. The window (days_min–days_max) and its unit come from the
    facts data (``rule.acute``); a treatment start before the referral is NOT_COMPUTABLE.
    """
    book = load_facts(pathway)
    fact = book.fact(ACUTE_FACT)
    first, last = book.events[0], book.events[-1]
    start, actual = dates.get(first.id), dates.get(last.id)
    if start is None:
        return None
    earliest = deadline_for(start, int(fact.data["days_min"]))
    deadline = deadline_for(start, int(fact.data["days_max"]))
    if actual is not None and actual < start:
        error = OrderError(
            first.id, start, last.id, actual, (first.label_nb, first.label_en), (last.label_nb, last.label_en)
        )
        return AcuteRow(fact, start, earliest, deadline, actual, None, NOT_COMPUTABLE, reasons=(error,))
    if actual is not None:
        status = "met" if actual <= deadline else "missed"
        return AcuteRow(fact, start, earliest, deadline, actual, (actual - start).days, status)
    left = (deadline - today).days if today is not None else None
    return AcuteRow(fact, start, earliest, deadline, None, None, "open", left)


def clock_from_events(
    dates: Mapping[str, date],
    *,
    treatment: str | None = None,
    today: date | None = None,
    pathway: str = DEFAULT_PATHWAY,
    acute: bool = False,
) -> ClockReport:
    """The clock for any known event dates (event ids as in the facts data: "referral", ...).

    With ``treatment`` None the rows of every treatment type are shown. A forløpstid whose
    start or end event takes part in an order error goes to ``not_computable``, never to
    ``rows``. With ``acute`` the report also has the acute route's line. Raises BadInput for
    an unknown event or treatment and BadDate for a year outside the supported range.
    """
    book = load_facts(pathway)
    order = [e.id for e in book.events]
    if unknown := [k for k in dates if k not in order]:
        raise BadInput(f"unknown pathway events {unknown}; known: {', '.join(order)}")
    for d in (*dates.values(), *([today] if today else [])):
        check_year(d.year, text=d.isoformat())
    kind = resolve_treatment(treatment, book)
    known = [(e, dates[e]) for e in order if dates.get(e) is not None]
    labels = {e.id: (e.label_nb, e.label_en) for e in book.events}
    errors = tuple(
        OrderError(a, da, b, db, labels[a], labels[b])
        for i, (a, da) in enumerate(known)
        for b, db in known[i + 1 :]
        if db < da
    )
    rows, blocked = [], []
    for interval in book.intervals():
        if kind is not None and interval.treatment not in (None, kind):
            continue
        start, actual = dates.get(interval.from_event), dates.get(interval.to_event)
        if start is None:
            continue  # not started yet
        events = {interval.from_event, interval.to_event}
        reasons = tuple(e for e in errors if {e.earlier_event, e.later_event} & events)
        if reasons:
            blocked.append(BlockedRow(interval, start, actual, reasons))
        else:
            rows.append(_row(interval, start, actual, today))
    known_dates = {e: d for e, d in known}
    acute_row = acute_route(known_dates, today=today, pathway=pathway) if acute else None
    return ClockReport(
        tuple(known), kind, today, tuple(rows), errors, tuple(blocked), acute_row, book.pathway
    )


def pathway_clock(
    referral: date,
    *,
    first_visit: date | None = None,
    decision: date | None = None,
    treatment_start: date | None = None,
    treatment: str | None = None,
    today: date | None = None,
    pathway: str = DEFAULT_PATHWAY,
    acute: bool = False,
) -> ClockReport:
    """Deadlines and status of every forløpstid from the referral date and any later event dates.

    ``treatment`` is "medikamentell" or "straale" (any spelling of the pathway's treatment
    types), or None to show both treatment rows; ``acute`` adds the acute route's line.
    """
    events = {
        "referral": referral,
        "first_visit": first_visit,
        "decision": decision,
        "treatment_start": treatment_start,
    }
    return clock_from_events(
        {k: v for k, v in events.items() if v is not None},
        treatment=treatment,
        today=today,
        pathway=pathway,
        acute=acute,
    )
