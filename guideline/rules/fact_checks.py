"""The checks a facts file must pass: verbatim quotes in real sections, and cross-references that hold.

A fact can never say more than the guideline does: every quote and every listed value must
stand verbatim in a cited section, and every code, event and treatment a fact names must exist.
One run collects every problem, so a data author sees them all at once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..corpus.document import Guideline, collapse_whitespace, plain_text

if TYPE_CHECKING:
    from .facts import FactBook


class FactChecker:
    """Collects every problem of a facts file, so one run shows them all."""

    def __init__(self, guideline: Guideline) -> None:
        self.guideline = guideline
        self.problems: list[str] = []
        self._plain = {s.id: collapse_whitespace(plain_text(s.body)) for s in guideline.sections}

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")

    def verbatim(self, where: str, section: str, quote: str) -> bool:
        if section not in self._plain:
            self.fail(where, f"unknown section id {section!r}")
            return False
        if not isinstance(quote, str) or not quote.strip():
            self.fail(where, "empty quote")
            return False
        if collapse_whitespace(quote) not in self._plain[section]:
            self.fail(where, f"quote is not verbatim in section {section!r}: «{quote}»")
            return False
        return True

    def verbatim_anywhere(self, where: str, sections: tuple[str, ...], text: str) -> None:
        if not any(collapse_whitespace(text) in self._plain.get(s, "") for s in sections):
            self.fail(where, f"value is not verbatim in any cited section {list(sections)}: «{text}»")


def check_links(book: FactBook, check: FactChecker) -> None:
    """Cross-references: unique ids and codes, codes under the pathway prefix, events and treatments that exist."""
    for name, ids in (
        ("fact", [f.id for f in book.facts]),
        ("event", [e.id for e in book.events]),
        ("treatment", [t.id for t in book.treatments]),
        ("code", [f.data.get("code") for f in book.codes()]),
    ):
        if dupes := sorted({i for i in ids if ids.count(i) > 1}, key=str):
            check.fail(f"{name} ids", f"duplicates {dupes}")
    codes = set(book.code_names())
    events = {e.id for e in book.events}
    treatments = {t.id for t in book.treatments}
    for f in book.codes():
        code = f.data.get("code")
        if not isinstance(code, str) or not code.startswith(book.code_prefix) or code != code.upper():
            check.fail(f"fact {f.id!r}", f"data.code must be an upper-case code starting {book.code_prefix}")
        if f.data.get("treatment") is not None and f.data["treatment"] not in treatments:
            check.fail(f"fact {f.id!r}", f"unknown treatment {f.data['treatment']!r}")
    for f in book.of_kind("interval"):
        days = f.data.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            check.fail(f"fact {f.id!r}", "data.days must be a positive whole number of calendar days")
        elif unsaid := [c.section for c in f.citations if not re.search(rf"(?<!\d){days}(?!\d)", c.quote)]:
            check.fail(f"fact {f.id!r}", f"data.days = {days} is not in the quotes of {unsaid}")
        for key in ("from_event", "to_event"):
            if f.data.get(key) not in events:
                check.fail(f"fact {f.id!r}", f"data.{key} must be one of the events {sorted(events)}")
        if f.data.get("treatment") is not None and f.data["treatment"] not in treatments:
            check.fail(f"fact {f.id!r}", f"unknown treatment {f.data['treatment']!r}")
    for holder, listed in (
        *((f"fact {f.id!r}", [*f.data.get("from_codes", ()), *f.data.get("to_codes", ()), *f.data.get("codes", ())])
          for f in book.facts),
        *((f"event {e.id!r}", e.codes) for e in book.events),
        *((f"treatment {t.id!r}", t.codes) for t in book.treatments),
    ):  # fmt: skip
        if unknown := [c for c in listed if c not in codes]:
            check.fail(holder, f"codes {unknown} are not code facts of {book.pathway}")
