"""Which date belongs to which pathway event: bound by what the sentence says, not by where the date stands.

A question can hold several dates: the day a referral was written and the day it was received,
the patient's birth date, a planned appointment. Each date is read in its own clause (the words
between it and its neighbours, never across a comma, "og"/"and" or a sentence end), together
with the event word and the date word (``date_words.toml``) nearest to it:

- *written, dated, sent*: the referral left the GP; not the start of the clock;
- *received*: the day the clock starts (a referral, even when the clause does not say "henvisning");
- *born, birthday*: no pathway event; the date is set aside and the answer says so;
- *planned, booked*: the event has not happened; it is never counted as done;
- *the conversation with the patient*: kept apart (``conversation``), since it is the day some
  codes are registered on ("the MDT decided on 3 June, we told the patient on 9 June").

A date with no date word goes to the nearest event named in its clause (before it, else after
it). Two different dates for one event are a question back, never a guess.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from .dates import FoundDate
from .events import TREATMENT_START, Mention
from .question import Question
from .vocab import Phrase, compile_phrases, find_hits

KINDS = ("written", "received", "birth", "planned", "conversation")
REFERRAL = "referral"
NEAR_WORDS = 4  # a date word counts for a date when at most this many words stand between them
_CLAUSE_BREAK = re.compile(
    r"[.;!?:](?=\s|$)|,|\s[–-]\s|\((?!\w\))|\)|\b(?:og|men|and|but|samt)\b", re.IGNORECASE
)
_WORD = re.compile(r"[^\W_]+")
_ASIDE = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class SetAside:
    """A date that is not counted, and why ("written", "birth", "planned", "unbound")."""

    date: FoundDate
    reason: str
    event: str | None = None  # the event it was written / planned for, when known


@dataclass
class Binding:
    """Event id → date, the dates set aside, and what stops a verdict (``questions``: for the reader)."""

    dated: dict[str, date] = field(default_factory=dict)
    source: dict[str, FoundDate] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    unbound: list[FoundDate] = field(default_factory=list)
    conflicts: dict[str, list[FoundDate]] = field(default_factory=dict)
    received: FoundDate | None = None  # the referral date a "received" word named
    conversation: FoundDate | None = None  # the date of the conversation with the patient

    @property
    def written_only(self) -> list[SetAside]:
        """Referral dates that are written/sent when no received date was given: the start is unknown."""
        if REFERRAL in self.dated:
            return []
        return [s for s in self.set_aside if s.reason == "written" and s.event in (REFERRAL, None)]


@lru_cache(maxsize=1)
def date_words() -> dict[str, tuple[Phrase, ...]]:
    """The date words of ``date_words.toml`` by kind, compiled once."""
    raw = tomllib.loads((resources.files("guideline.rules") / "date_words.toml").read_text(encoding="utf-8"))
    return {
        kind: compile_phrases(
            [*raw["kind"][kind]["terms_nb"], *raw["kind"][kind]["terms_en"]], kind, keep_stopwords=True
        )
        for kind in KINDS
    }


def _clause_bounds(text: str, dates: list[FoundDate]) -> list[tuple[int, int]]:
    """Clauses of the text as (start, end); dates are masked first, so "3. mars 2026" cuts nothing."""
    masked = list(text)
    for d in dates:
        masked[d.start : d.end] = "0" * (d.end - d.start)
    # A parenthesis with no date in it is an aside ("treatment decision (drug therapy) 3 Nov"):
    # it cuts nothing. One with a date ("henvist 1.3. (mottatt 3.3.)") is a clause of its own.
    for m in _ASIDE.finditer(text):
        if not any(m.start() <= d.start < m.end() for d in dates):
            masked[m.start()] = masked[m.end() - 1] = " "
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer("".join(masked))]
    edges = [0, *breaks, len(text)]
    return list(itertools.pairwise(edges))


def _words_between(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text[min(a, b) : max(a, b)]))


def _nearest(items: list[tuple[str, int, int]], d: FoundDate, text: str) -> tuple[str, int, int] | None:
    """The item closest to the date, one before it winning a tie; None when none is near enough."""
    best = None
    for item in items:
        _, a, b = item
        before = b <= d.start
        gap = _words_between(text, b, d.start) if before else _words_between(text, d.end, a)
        key = (gap, 0 if before else 1)
        if gap <= NEAR_WORDS and (best is None or key < best[0]):
            best = (key, item)
    return best[1] if best else None


def bind_dates(q: Question, dates: list[FoundDate], mentions: list[Mention]) -> Binding:
    """Bind every date of the question to an event, or set it aside with the reason."""
    binding = Binding()
    clauses = _clause_bounds(q.text, dates)
    words = [
        (h.phrase.owner, q.tokens[h.positions[0]].start, q.tokens[h.positions[-1]].end)
        for kind, phrases in date_words().items()
        for h in find_hits(q.tokens, phrases, every=True, ordered=True)
    ]
    for n, d in enumerate(dates):
        lo = max(
            next(a for a, b in clauses if a <= d.start < b or a == d.start), dates[n - 1].end if n else 0
        )
        hi = min(
            next(b for a, b in clauses if a <= d.start < b or a == d.start),
            dates[n + 1].start if n + 1 < len(dates) else len(q.text),
        )
        in_clause = [w for w in words if lo <= w[1] and w[2] <= hi]
        near = [m for m in mentions if not m.target and lo <= m.start and m.end <= hi]
        # An event named outright outranks one read from a treatment word in the same clause:
        # "decision for radiotherapy was made on 2 June" dates the decision.
        named = [m for m in near if not m.implied] or near
        events = [(m.event, m.start, m.end) for m in named]
        kind = _nearest(in_clause, d, q.text)
        event = _nearest(events, d, q.text) or (events[0] if len(events) == 1 else None)
        kind_name, event_name = (kind[0] if kind else None), (event[0] if event else None)
        if kind_name == "birth":
            binding.set_aside.append(SetAside(d, "birth"))
        elif kind_name == "written" and event_name in (REFERRAL, None):
            binding.set_aside.append(SetAside(d, "written", REFERRAL))
        elif kind_name == "planned":
            binding.set_aside.append(SetAside(d, "planned", event_name))
        elif kind_name == "conversation" and (
            event_name in (None, "decision") or _told_about(kind, event, d)
        ):
            binding.conversation = d
            if "decision" not in binding.source:  # the decision taken with the patient, unless dated apart
                _bind(binding, "decision", d)
        elif kind_name == "received" and event_name in (REFERRAL, None):
            _bind(binding, REFERRAL, d)
            binding.received = d
        elif event_name is not None:
            _bind(binding, event_name, d)
        else:
            binding.unbound.append(d)
    _received_wins(binding)
    return binding


def _told_about(kind: tuple[str, int, int], event: tuple[str, int, int] | None, d: FoundDate) -> bool:
    """A treatment told of in the conversation, standing after both the telling and its date ("they
    told my mum on 29 May that she will start the medicine"): the date is the conversation's, and
    the treatment is what was decided in it, not something that happened that day. (Only the
    treatment: a referral or a visit told of is not decided with the patient.)"""
    return event is not None and event[0] == TREATMENT_START and event[1] > kind[2] and event[1] > d.end


def _received_wins(binding: Binding) -> None:
    """Two referral dates, one of them said to be the day it was received: that one is the start,
    the other the day it was written or sent ("henvist 1.3.2026 (mottatt 3.3.2026)")."""
    found = binding.conflicts.get(REFERRAL)
    received = binding.received
    if not found or received is None:
        return
    binding.dated[REFERRAL], binding.source[REFERRAL] = received.value, received
    binding.set_aside += [SetAside(d, "written", REFERRAL) for d in found if d.value != received.value]
    del binding.conflicts[REFERRAL]


def _bind(binding: Binding, event: str, d: FoundDate) -> None:
    known = binding.source.get(event)
    if known is not None and known.value != d.value:
        binding.conflicts.setdefault(event, [known]).append(d)
        return
    binding.dated[event] = d.value
    binding.source[event] = d


def _label(event: str | None, labels: dict[str, tuple[str, str]], lang: str) -> str:
    nb, en = labels.get(event or "", ("", ""))
    return (en if lang == "en" else nb).lower()


def reading_notes(binding: Binding, labels: dict[str, tuple[str, str]], lang: str, fmt) -> tuple[str, ...]:
    """What the answer says about how it read the dates: which date for which event, what was set aside."""
    notes = []
    read = [f"{fmt(d.value, lang)} = {_label(e, labels, lang)}" for e, d in binding.source.items()]
    if read and (len(binding.source) > 1 or binding.set_aside):
        notes.append(
            ("I have read the dates as: " if lang == "en" else "Jeg har lest datoene slik: ")
            + "; ".join(read)
            + "."
        )
    why = {
        "written": ("written or sent, not received", "skrevet eller sendt, ikke mottatt"),
        "birth": ("a birth date or birthday", "fødselsdato eller bursdag"),
        "planned": ("planned, not yet done", "planlagt, ikke gjennomført"),
    }
    aside = [
        f"{fmt(s.date.value, lang)} ({why[s.reason][0 if lang == 'en' else 1]})"
        for s in binding.set_aside
        if s.reason in why
    ]
    if aside:
        notes.append(("Not counted: " if lang == "en" else "Ikke regnet med: ") + ", ".join(aside) + ".")
    return tuple(notes)


def binding_question(binding: Binding, labels: dict[str, tuple[str, str]], lang: str, fmt) -> str | None:
    """The question back when the dates cannot give a verdict: a received date missing, or two dates for one event."""
    if binding.written_only:
        shown = ", ".join(fmt(s.date.value, lang) for s in binding.written_only)
        if lang == "en":
            return (
                f"The pathway clock starts on the day the referral is received. The question gives only the date it "
                f"was written or sent ({shown}). On what date was it received?"
            )
        return (
            f"Forløpstiden regnes fra datoen henvisningen ble mottatt. Spørsmålet gir bare datoen den ble skrevet "
            f"eller sendt ({shown}). Når ble den mottatt?"
        )
    if binding.conflicts:
        event, found = next(iter(binding.conflicts.items()))
        shown = " / ".join(fmt(d.value, lang) for d in found)
        if lang == "en":
            return f"The question gives more than one date for {_label(event, labels, lang)} ({shown}). Which one is right?"
        return f"Spørsmålet har flere datoer for {_label(event, labels, lang)} ({shown}). Hvilken er riktig?"
    return None
