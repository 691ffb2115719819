"""What the rules say about a question: one small record, shared by every rule that answers.

``match_rules`` (the matcher) returns it; the answer composers render it. The helpers put the
cue words and phrases that decided a reading into its ``explanation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .clock import ClockRow
from .facts import Fact
from .question import Question
from .vocab import Hit

INTENTS = (
    "code_lookup", "code_for_event", "deadline", "date_arithmetic",
    "responsibility", "list", "unknown_code", "invalid_date", "registration_date",
)  # fmt: skip


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
    # The treatment asked about has no forløpstid: ``facts`` are the nearest ones, not the answer.
    untimed: bool = False

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.facts)


def cue_text(q: Question) -> str:
    return ", ".join(f"{h.phrase.text!r} ({h.phrase.owner})" for h in q.cue_hits) or "none"


def hits_text(hits: Sequence[Hit]) -> str:
    return ", ".join(repr(h.phrase.text) for h in hits)
