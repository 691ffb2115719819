"""Numbering what an answer cites: one marker [n] per passage or section, in order of first use."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..corpus.document import Guideline, plain_text
from .answer import Citation


@dataclass
class CitationList:
    """The citations of one answer being composed; ``passage`` and ``section_quote`` return the marker."""

    guideline: Guideline
    items: list[Citation] = field(default_factory=list)

    def passage(self, chunk_id: str, section: str, title: str, text: str, quote: str) -> int:
        """Cite ``quote`` from a passage; a passage cited before keeps its number and gains the quote."""
        for i, c in enumerate(self.items):
            if c.id == chunk_id:
                if quote not in c.quotes:
                    self.items[i] = Citation(c.n, c.id, c.section, c.title, c.text, (*c.quotes, quote))
                return c.n
        n = len(self.items) + 1
        self.items.append(Citation(n, chunk_id, section, title, text, (quote,)))
        return n

    def section_quote(self, section_id: str, quote: str) -> int:
        """Cite ``quote`` from a whole section (what facts cite)."""
        s = self.guideline.section(section_id)
        return self.passage(section_id, section_id, s.path_label, plain_text(s.body), quote)
