"""Which date a code is registered on, read from the dates the question gives.

"The MDT chose active surveillance on 3 June and the doctor talked it through with the patient on
9 June: what date does the code get?" asks for a registration date, not a deadline. Every code
fact says in its data on which day it is registered (``registered_on``); the question's dates
are bound to events as for a date sum (``date_binding``), and the date of that day is the
answer: A04FO on the date of the conversation, 9 June. A date the question does not give is
said to be missing, never guessed from another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..text.normalize import fold
from .clock import clock_from_events
from .code_choice import codes_named
from .date_binding import Binding, bind_dates, reading_notes
from .dates import FoundDate, format_date
from .events import Mention
from .facts import Fact, FactBook
from .question import Question
from .result import RuleResult, cue_text

# What each ``registered_on`` of the facts data means in the dates of a question: the event whose
# date it is, and whether the conversation with the patient (or the day the referral was sent)
# is that day instead.
DAYS: dict[str, tuple[str, str | None]] = {
    "date_referral_received": ("event", "referral"),
    "date_first_visit": ("event", "first_visit"),
    "first_treatment_day": ("event", "treatment_start"),
    "date_decision_with_patient": ("conversation", "decision"),
    "date_decision_to_end": ("event", "decision"),
    "date_of_conversation": ("conversation", None),
    "date_referral_sent": ("sent", "referral"),
}

# A question asking for the date of a registration ("hvilken dato skal koden ha?", "which code and
# date?"); with a code cue only (a deadline question asks "by what date" of an event, not a code).
_DATE_ASKED = re.compile(
    r"\b(?:hvilken|hvilke|hvilket|what|which)\s+(?:dato|datoer|dag|date|dates|day)\b"
    r"|\b(?:og|and)\s+(?:the\s+)?(?:dato|date)\b|\bregistreringsdato\w*|\bregistration\s+date\b"
    r"|\b(?:dato|date)\s+(?:skal|should|does|do|must|for)\b"
    # "is it registered on the decision date or on the day treatment begins?", "kodes den på
    # beslutningsdatoen?": a registration on some day, which one asked (on folded text, where
    # "datoen" reads "daton")
    r"|\b(?:registrert|registreres|registered|kodet|kodes|coded)\s+(?:\w+\s+)?(?:on|pa)\s+"
    r"(?:the\s+|den\s+|det\s+)?(?:\w+\s+){0,2}\w*(?:dato|daton|date|dag|dagen|day)\b"
)


@dataclass(frozen=True)
class Registration:
    """The codes asked about, the day they are registered on, and the date the question gives for it."""

    codes: tuple[Fact, ...]
    day: str  # a ``registered_on`` value
    found: FoundDate | date | None

    @property
    def date(self) -> date | None:
        found = self.found
        return found.value if isinstance(found, FoundDate) else found

    def message(self, lang: str) -> str:
        names = ", ".join(f.data["code"] for f in self.codes)
        when = self.codes[0].data["when_en" if lang == "en" else "when_nb"]
        when = when[:1].lower() + when[1:]
        if lang == "en":
            given = (
                f": {format_date(self.date, lang)}" if self.date else "; the question gives no date for that"
            )
            return f"{names} is registered {when}{given}."
        given = f": {format_date(self.date, lang)}" if self.date else "; spørsmålet oppgir ikke den datoen"
        return f"{names} registreres {when}{given}."


def asks_registration_date(text: str) -> bool:
    """Whether the question asks on which date something is registered or coded."""
    return bool(_DATE_ASKED.search(fold(text)))


def registration(codes: tuple[Fact, ...], binding: Binding, dates: list[FoundDate]) -> Registration | None:
    """The registration of codes that share one registration day, with the question's date for that day."""
    days = {f.data.get("registered_on") for f in codes}
    if len(days) != 1 or None in days:
        return None
    (day,) = days
    how, event = DAYS.get(day, ("event", None))
    found: FoundDate | date | None = None
    if how == "conversation" and binding.conversation is not None:
        found = binding.conversation
    elif how == "sent":
        found = next((s.date for s in binding.set_aside if s.reason == "written"), None)
    if found is None and event is not None and event in binding.dated:
        found = binding.dated[event]
    if found is None and how != "conversation" and len(dates) == 1 and binding.unbound == dates:
        found = dates[0]  # the one date the question gives, bound to no other event
    return Registration(codes, day, found)


def registration_result(
    q: Question,
    dates: list[FoundDate],
    mentions: list[Mention],
    treatments: list[str],
    known: tuple[str, ...],
    book: FactBook,
) -> RuleResult | None:
    """The codes the question names (or its words and events name) and the date each is registered on."""
    codes = tuple(book.code(c) for c in known) or codes_named(q, mentions, treatments, book)
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
        f"cues: {cue_text(q)}; asks the registration date of {', '.join(f.data['code'] for f in codes)} "
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
