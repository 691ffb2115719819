"""Units: the sentences, list items and table rows of a section, each with a stable id.

A unit is the grain of everything finer than a passage: sentence-level search scores, the
readings (English and plain Norwegian) written for each unit, and the sentences an answer
quotes. Its id is the section id and its position among the section's units
(``inngang/filterfunksjon:2``); its ``sha`` is a short hash of its text, so data keyed to a
unit (a reading) can tell when the guideline's text under it has changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .document import Guideline, Section

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(])")
# Abbreviations whose full stop ends no sentence ("jf. Pakkeforløp hjem …", "f.eks. Røykeslutt").
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:jf|f\.eks|bl\.a|dvs|ca|ev|evt|inkl|mht|nr|kap|pkt|vs|e\.g|i\.e|cf|etc)\.$", re.IGNORECASE
)
_URL_LINE = re.compile(r"^<https?://[^>]+>$")
SHA_CHARS = 12


def text_sha(text: str) -> str:
    """The short hash readings are keyed by: the first SHA_CHARS hex digits of SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHA_CHARS]


def is_table_rule(text: str) -> bool:
    """A Markdown table's separator row (``| --- | --- |``): layout, not content."""
    return text.lstrip().startswith("| ---")


@dataclass(frozen=True)
class SectionUnit:
    """One unit of a section: its stable id, offsets into Guideline.text and its text."""

    id: str
    section: str
    start: int
    end: int
    text: str

    @property
    def sha(self) -> str:
        return text_sha(self.text)


def unit_spans(section: Section) -> list[tuple[int, int]]:
    """Spans (absolute offsets) of sentences, list items and table rows of a section body."""
    spans: list[tuple[int, int]] = []
    for block in _BLOCK.finditer(section.body):
        if _URL_LINE.match(block.group().strip()):
            continue
        lines = block.group().split("\n")
        structured = all(
            line.lstrip().startswith(("|", "- ", "* ", "• ")) or re.match(r"^\s*\d+\.\s", line)
            for line in lines
        )
        if structured or len(lines) > 1:
            pos = block.start()
            for line in lines:
                spans.append((pos, pos + len(line)))
                pos += len(line) + 1
            continue
        pos = block.start()
        for piece in _sentences(block.group()):
            idx = section.body.index(piece, pos)
            spans.append((idx, idx + len(piece)))
            pos = idx + len(piece)
    return [(section.start + a, section.start + b) for a, b in spans if b > a]


def _sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences: cut after . ! ? before a capital, never after an abbreviation."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        if _ABBREVIATION.search(paragraph[start : m.start()]):
            continue
        out.append(paragraph[start : m.start()])
        start = m.end()
    out.append(paragraph[start:])
    return [p for p in out if p]


def section_units(guideline: Guideline, section: Section) -> list[SectionUnit]:
    """The units of one section with their ids, in reading order (table separator rows left out)."""
    out: list[SectionUnit] = []
    for a, b in unit_spans(section):
        text = guideline.text[a:b]
        if text.strip() and not is_table_rule(text):
            out.append(SectionUnit(f"{section.id}:{len(out) + 1}", section.id, a, b, text))
    return out


def all_units(guideline: Guideline) -> list[SectionUnit]:
    """Every unit of the guideline, in reading order."""
    return [u for s in guideline.sections for u in section_units(guideline, s)]


_ITEM = re.compile(r"^\s*(?:[-*•]\s|\||\d+\.\s|[a-z]\)\s)")


def is_item(text: str) -> bool:
    """A list item or table row: a unit that reads as part of the line introducing it."""
    return _ITEM.match(text) is not None


def lead_ins(units: list[SectionUnit]) -> list[SectionUnit | None]:
    """For each unit, the line that introduces it when it is a list item or table row: the closest
    earlier unit of the same section that is not an item and ends with ":" ("Ved mistanke om
    myelomatose skal fastlegen ta:"); None for every other unit."""
    out: list[SectionUnit | None] = []
    lead: SectionUnit | None = None
    section = None
    for u in units:
        if u.section != section:
            section, lead = u.section, None
        if is_item(u.text):
            out.append(lead)
            continue
        out.append(None)
        lead = u if u.text.rstrip().endswith(":") else None
    return out
