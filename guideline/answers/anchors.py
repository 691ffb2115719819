"""Facts anchored to units: which sentence, list item or table row of the guideline each fact states.

Every fact of ``facts.toml`` cites verbatim quotes; each quote stands in one or more units. A
unit *anchors* a fact when it holds the fact's first (defining) quote, the code row of a code
or the table row of a forløpstid, or when it is a quote no other fact cites. When the passages
an answer would quote contain such a unit, the answer can state the fact itself (the code and
when it is registered, the forløpstid in days, who is responsible), with no cue word needed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..corpus.document import Guideline, collapse_whitespace, plain_text
from ..corpus.units import SectionUnit, section_units
from ..rules.facts import Fact, FactBook

# Facts that are lists of the pathway's own structure ("which codes exist") are for the rules,
# not stated because one of their rows was quoted.
NOT_ANCHORED = frozenset({"list.codes"})


def _holding(units: list[SectionUnit], quote: str) -> list[str]:
    """Ids of the units that hold a quote (or that a quote spanning several units holds)."""
    wanted = collapse_whitespace(quote)
    out = []
    for u in units:
        text = collapse_whitespace(plain_text(u.text))
        if wanted in text or (len(text) > 12 and text in wanted):
            out.append(u.id)
    return out


@dataclass(frozen=True)
class FactAnchors:
    """Unit id → the facts it anchors, in the facts file's order."""

    by_unit: dict[str, tuple[Fact, ...]]

    @classmethod
    def build(cls, guideline: Guideline, book: FactBook) -> FactAnchors:
        section_cache: dict[str, list[SectionUnit]] = {}

        def units_of(section_id: str) -> list[SectionUnit]:
            if section_id not in section_cache:
                section_cache[section_id] = section_units(guideline, guideline.section(section_id))
            return section_cache[section_id]

        cited_by: dict[str, set[str]] = defaultdict(set)
        first: dict[str, list[str]] = {}
        for fact in book.facts:
            for i, c in enumerate(fact.citations):
                held = _holding(units_of(c.section), c.quote)
                for unit_id in held:
                    cited_by[unit_id].add(fact.id)
                if i == 0:
                    first[fact.id] = held
        anchored: dict[str, list[Fact]] = defaultdict(list)
        for fact in book.facts:
            if fact.id in NOT_ANCHORED:
                continue
            own = set(first.get(fact.id, ()))
            own |= {u for u, facts in cited_by.items() if facts == {fact.id}}
            for unit_id in sorted(own):
                anchored[unit_id].append(fact)
        return cls({u: tuple(fs) for u, fs in anchored.items()})

    def facts_of(self, unit_ids: list[str]) -> tuple[Fact, ...]:
        """The facts anchored by any of these units, each once, in the order of the units."""
        out: dict[str, Fact] = {}
        for unit_id in unit_ids:
            for fact in self.by_unit.get(unit_id, ()):
                out.setdefault(fact.id, fact)
        return tuple(out.values())
