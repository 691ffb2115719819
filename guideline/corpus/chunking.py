"""Section-aware chunks sized by the embedding model's own tokenizer.

A chunk is a contiguous span of one section's body (never two sections), cut only between
sentences, list items and table rows, and small enough that title path plus text fits the
model's window. Reference lines (``<url>``) are section metadata, not chunk text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .document import Guideline, Section
from .units import SectionUnit, is_table_rule, section_units, unit_spans

CHUNKER_VERSION = "6"  # 6: no sentence cut after an abbreviation ("jf.")
# Word pieces of body text we aim for per chunk: small enough to point at the sentence that
# answers, large enough to keep a list with the line that introduces it.
TARGET_TOKENS = 240


@dataclass(frozen=True)
class Chunk:
    """A passage of the guideline: what search returns and answers cite."""

    id: str
    section: str
    title_path: tuple[str, ...]
    text: str
    start: int  # offsets into Guideline.text
    end: int

    @property
    def path_label(self) -> str:
        return " › ".join(self.title_path)

    def embedding_text(self) -> str:
        """What the model embeds: the title path gives short passages their context."""
        return f"{self.path_label}\n{self.text}"


@dataclass(frozen=True)
class Unit:
    """A sentence, list item or table row of a chunk: the grain of sentence-level scoring.

    A question usually matches one sentence of a passage; scoring sentences as well as whole
    chunks rewards query words that occur together, and gives the embedding model inputs short
    enough to carry one meaning.
    """

    chunk: int  # position of its chunk in reading order
    start: int  # offsets into Guideline.text
    end: int
    text: str
    unit_id: str = ""  # the SectionUnit it is (part of): what its readings are keyed by


def chunk_units(guideline: Guideline, chunks: list[Chunk]) -> list[Unit]:
    """The units of every chunk, in reading order (table separator rows left out)."""
    sections = {s.id: s for s in guideline.sections}
    by_section: dict[str, list[SectionUnit]] = {}
    out: list[Unit] = []
    for position, chunk in enumerate(chunks):
        spans = by_section.get(chunk.section)
        if spans is None:
            spans = by_section[chunk.section] = section_units(guideline, sections[chunk.section])
        for unit in spans:
            # An over-long unit that the chunker cut in two counts once in each chunk, clipped.
            a, b = max(unit.start, chunk.start), min(unit.end, chunk.end)
            text = guideline.text[a:b]
            if a < b and text.strip() and not is_table_rule(text):
                out.append(Unit(position, a, b, text, unit.id))
    return out


def units(section: Section) -> list[tuple[int, int]]:
    """Spans of a section's sentences, list items and table rows (see ``units.unit_spans``)."""
    return unit_spans(section)


def chunk_section(
    guideline: Guideline,
    section: Section,
    count_tokens: Callable[[str], int],
    *,
    max_tokens: int,
    target_tokens: int = TARGET_TOKENS,
) -> list[Chunk]:
    """Pack a section's units greedily into chunks of at most ``target_tokens`` body pieces.

    A unit that alone would overflow the model window is cut at word boundaries.
    """
    title = " › ".join(section.title_path)
    header_cost = count_tokens(title + "\n") if title else 0
    limit = min(target_tokens, max_tokens - header_cost)
    hard_limit = max_tokens - header_cost
    text = guideline.text
    pieces: list[tuple[int, int]] = []
    for a, b in units(section):
        if count_tokens(text[a:b]) <= hard_limit:
            pieces.append((a, b))
            continue
        pieces.extend(_split_long(text, a, b, count_tokens, hard_limit))

    chunks: list[tuple[int, int]] = []
    for a, b in pieces:
        if chunks:
            ca, _ = chunks[-1]
            if count_tokens(text[ca:b]) <= limit:
                chunks[-1] = (ca, b)
                continue
        chunks.append((a, b))
    return [
        Chunk(
            id=f"{section.id}#{i + 1}",
            section=section.id,
            title_path=section.title_path,
            text=text[a:b],
            start=a,
            end=b,
        )
        for i, (a, b) in enumerate(chunks)
    ]


def _split_long(
    text: str, a: int, b: int, count_tokens: Callable[[str], int], limit: int
) -> Iterable[tuple[int, int]]:
    """Cut an over-long unit at spaces so each part fits the window."""
    start = a
    while start < b:
        end = b
        while count_tokens(text[start:end]) > limit:
            cut = text.rfind(" ", start, start + (end - start) * 3 // 4)
            end = cut if cut > start else start + max(1, (end - start) // 2)
        yield (start, end)
        start = end
        while start < b and text[start] == " ":
            start += 1


def chunk_guideline(
    guideline: Guideline,
    count_tokens: Callable[[str], int],
    *,
    max_tokens: int,
    target_tokens: int = TARGET_TOKENS,
) -> list[Chunk]:
    """All chunks of a guideline in reading order."""
    out: list[Chunk] = []
    for section in guideline.sections:
        out.extend(
            chunk_section(
                guideline, section, count_tokens, max_tokens=max_tokens, target_tokens=target_tokens
            )
        )
    return out
