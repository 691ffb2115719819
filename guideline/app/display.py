"""Foreign text made inert for the page: the user's words, guideline passages, citations with highlights.

Every text that did not come from our own data files (what the user typed, guideline
passages) is escaped before it is shown, so nothing renders as Markdown or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..answers.answer import Answer
from ..answers.render import md_escape
from .wording import DEFAULT_LANG, text

# Wraps a quoted sentence inside a passage; the content is already escaped Markdown.
HIGHLIGHT = ":orange-background[{text}]"
# A line that would start a Markdown block (list, heading underline) once escaped: escape its marker.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])")


def inert_line(line: str) -> str:
    """One line of foreign text as Markdown that shows exactly that text: no markup, links, HTML or lists."""
    escaped = md_escape(line)  # md_escape escapes & too
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped, count=1)


def user_markdown(question: str) -> str:
    """What the user typed, as Markdown that renders as that very text (line breaks kept)."""
    lines = [inert_line(line) for line in question.splitlines()]
    return "  \n".join(line for line in lines if line)


def _escape_piece(piece: str) -> str:
    """An escaped run of text that keeps a single space where the original had whitespace at an end."""
    core = inert_line(piece) if piece.strip() else ""
    if not core:
        return " " if piece and piece.isspace() else ""
    return (" " if piece[0].isspace() else "") + core + (" " if piece[-1].isspace() else "")


def quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Where the quotes stand in ``text`` (whitespace-insensitive), merged and sorted by start offset."""
    spans = []
    for quote in quotes:
        words = quote.split()
        if words:
            pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
            spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, quotes: Iterable[str], *, mark: str = HIGHLIGHT) -> str:
    """A passage as inert Markdown, one line per source line, with each quoted sentence wrapped in ``mark``.

    The text is escaped first and the markers added after, so guideline text can never close
    or open a marker. A quote spanning several lines is marked line by line.
    """
    spans = quote_spans(text, quotes)
    out = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        pieces, cursor = [], start
        for s, e in spans:
            s, e = max(s, start), min(e, end)
            if s >= e:
                continue
            pieces.append(_escape_piece(text[cursor:s]))
            quoted = text[s:e]
            lead = " " if quoted[0].isspace() else ""
            tail = " " if quoted[-1].isspace() else ""
            pieces.append(lead + mark.format(text=inert_line(quoted)) + tail)
            cursor = e
        pieces.append(_escape_piece(text[cursor:end]))
        rendered = "".join(pieces).strip()
        if rendered:
            out.append(rendered)
    return "  \n".join(out)


@dataclass(frozen=True)
class CitationItem:
    """One citation ready to draw: expander ``label``, Markdown ``body`` with highlights, ``caption``."""

    n: int
    label: str
    body: str
    caption: str


def citation_items(answer: Answer, lang: str = DEFAULT_LANG) -> tuple[CitationItem, ...]:
    """An answer's citations in marker order [1], [2], … as display items."""
    return tuple(
        CitationItem(
            n=c.n,
            label=f"\\[{c.n}\\] {md_escape(c.title)}",
            body=highlight(c.text, c.quotes),
            caption=md_escape(text("citation_section", lang, section=c.section)),
        )
        for c in sorted(answer.citations, key=lambda c: c.n)
    )
