"""Foreign text made inert for the page: the user's words, guideline passages, citations with highlights.

Every text that did not come from our own data files (what the user typed, guideline
passages) is escaped before it is shown, so nothing renders as Markdown or HTML. The user's
words are shown as plain text (``user_text``, drawn with ``st.text``); guideline passages keep
their structure — paragraphs, lists, tables and links — with every piece of text escaped
(``passage_markdown``), and the quoted sentences highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..answers.answer import Answer, Citation
from ..answers.render import md_escape
from ..corpus.document import Guideline, Section, collapse_whitespace, plain_text
from ..text.inputs import MAX_QUESTION_CHARS
from .wording import DEFAULT_LANG, safe_url, text

# Wraps a quoted sentence inside a passage; the content is already escaped Markdown.
HIGHLIGHT = ":orange-background[{text}]"
# A line that would start a Markdown block (list, heading underline) once escaped: escape its marker.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])")
PREVIEW_CHARS = 400  # how much of an over-long question the chat bubble shows


def inert_line(line: str) -> str:
    """One line of foreign text as Markdown that shows exactly that text: no markup, links, HTML or lists."""
    escaped = md_escape(line)  # md_escape escapes & too
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped, count=1)


def user_markdown(question: str) -> str:
    """What the user typed, as Markdown that renders as that very text (line breaks kept)."""
    lines = [inert_line(line) for line in question.splitlines()]
    return "  \n".join(line for line in lines if line)


def user_text(question: str, lang: str = DEFAULT_LANG) -> str:
    """What the user typed, for ``st.text`` (shown literally): itself, or its start when over the limit."""
    if len(question) <= MAX_QUESTION_CHARS:
        return question
    n = f"{len(question):,}".replace(",", " " if lang == "nb" else ",")
    return question[:PREVIEW_CHARS].rstrip() + " " + text("long_question_shown", lang, n=n)


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


def _marked(text: str, start: int, spans: Sequence[tuple[int, int]], mark: str) -> str:
    """``text`` (standing at ``start`` of the joined passage) escaped, with the spans inside it marked."""
    end = start + len(text)
    pieces, cursor = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        pieces.append(_escape_piece(text[cursor - start : s - start]))
        quoted = text[s - start : e - start]
        lead = " " if quoted[0].isspace() else ""
        tail = " " if quoted[-1].isspace() else ""
        pieces.append(lead + mark.format(text=inert_line(quoted)) + tail)
        cursor = e
    pieces.append(_escape_piece(text[cursor - start :]))
    return "".join(pieces).strip()


def highlight(text: str, quotes: Iterable[str], *, mark: str = HIGHLIGHT) -> str:
    """A passage as inert Markdown, one line per source line, with each quoted sentence wrapped in ``mark``.

    The text is escaped first and the markers added after, so guideline text can never close
    or open a marker. A quote spanning several lines is marked line by line.
    """
    spans = quote_spans(text, quotes)
    out, offset = [], 0
    for line in text.split("\n"):
        rendered = _marked(line, offset, spans, mark)
        offset += len(line) + 1
        if rendered:
            out.append(rendered)
    return "  \n".join(out)


# -- guideline Markdown with its structure --------------------------------------------------------

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_ITEM = re.compile(r"^\s*(?P<mark>[-*•]|\d{1,3}\.)\s+(?P<text>.*)$")
_URL = re.compile(r"^<(?P<url>https?://[^>\s]+)>$")


@dataclass(frozen=True)
class Block:
    """One line of a section's Markdown: a paragraph, list item, table row or rule, URL line, or blank.

    ``cells`` are the pieces of text to escape (one for a paragraph or item, one per table
    cell); ``table`` numbers the table a row belongs to (0 outside tables).
    """

    kind: str  # "para" | "item" | "row" | "rule" | "url" | "blank"
    cells: tuple[str, ...] = ()
    mark: str = ""
    table: int = 0
    header: bool = False

    @property
    def plain(self) -> str:
        return " ".join(c for c in self.cells if c)


def blocks(markdown: str) -> list[Block]:
    """The lines of a section body as blocks, in order (tables numbered from 1; a row before a rule is a header)."""
    lines = markdown.splitlines()
    out: list[Block] = []
    table = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            out.append(Block("blank"))
        elif line.startswith("|") and _TABLE_RULE.match(line):
            out.append(Block("rule", cells=(), table=table))
        elif line.startswith("|"):
            if not out or out[-1].kind not in ("row", "rule"):
                table += 1
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
            out.append(Block("row", cells=cells, table=table, header=bool(_TABLE_RULE.match(nxt))))
        elif m := _URL.match(line):
            out.append(Block("url", cells=(m["url"],)))
        elif m := _ITEM.match(line):
            out.append(Block("item", cells=(plain_text(m["text"]),), mark=m["mark"]))
        else:
            out.append(Block("para", cells=(plain_text(line),)))
    return out


def _render(block: Block, offsets: Sequence[int], spans: Sequence[tuple[int, int]], mark: str) -> str:
    """One block as a line of inert Markdown (rules are written by the caller, who knows the table's width)."""
    if block.kind == "url":
        url = block.cells[0]
        return f"[{md_escape(url)}]({safe_url(url)})"
    rendered = [_marked(cell, offsets[i], spans, mark) for i, cell in enumerate(block.cells)]
    if block.kind == "row":
        return "| " + " | ".join(r or " " for r in rendered) + " |"
    if block.kind == "item":
        marker = block.mark if block.mark[0].isdigit() else "-"
        return f"{marker} {rendered[0]}"
    return rendered[0]


def passage_markdown(
    markdown: str,
    quotes: Iterable[str] = (),
    *,
    only: str | None = None,
    mark: str = HIGHLIGHT,
) -> str:
    """Guideline Markdown as inert Markdown that keeps its structure, with the quotes marked.

    Paragraphs stay paragraphs, list items list items, tables tables (cells escaped one by
    one), and a ``<url>`` line becomes a link whose target is the URL itself. With ``only``
    (plain text, e.g. a search chunk), just the lines of that passage are kept, and a table
    keeps its header row. Quotes are found across lines, whitespace-insensitively.
    """
    parsed = blocks(markdown)
    widths: dict[int, int] = {}
    for b in parsed:
        if b.kind == "row":
            widths[b.table] = max(widths.get(b.table, 0), len(b.cells))
    offsets: list[list[int]] = []  # where each cell starts in _spaced(parsed)
    position = 0
    for b in parsed:
        offsets.append([])
        for cell in b.cells:
            offsets[-1].append(position)
            position += len(cell) + 1
        position += 0 if b.cells else 1
    spans = quote_spans(_spaced(parsed), quotes)
    keep = _kept(parsed, only) if only is not None else [True] * len(parsed)
    out: list[str] = []
    previous = ""
    for i, b in enumerate(parsed):
        if not keep[i] or b.kind == "blank":
            continue
        if b.kind == "rule":
            line = "|" + " --- |" * widths.get(b.table, 1)
        else:
            line = _render(b, offsets[i], spans, mark)
        kind = "row" if b.kind == "rule" else b.kind
        if out:
            # Items of one list and rows of one table stand on consecutive lines; all else apart.
            out.append("\n" if kind == previous and kind in ("item", "row") else "\n\n")
        out.append(line)
        previous = kind
    return "".join(out)


def _spaced(parsed: Sequence[Block]) -> str:
    """The joined plain text that cell offsets point into: every cell followed by one space."""
    pieces = []
    for b in parsed:
        if b.cells:
            pieces.extend(f"{c} " for c in b.cells)
        else:
            pieces.append(" ")
    return "".join(pieces)


def _kept(parsed: Sequence[Block], only: str) -> list[bool]:
    """Which blocks belong to the passage ``only``: those whose text overlaps where it stands in the section."""
    target = collapse_whitespace(only)
    texts = [collapse_whitespace(b.plain) for b in parsed]
    joined, starts = "", []
    for t in texts:
        starts.append(len(joined))
        joined += t + (" " if t else "")
    at = joined.find(target)
    if at < 0 and len(target) > 80:
        head, tail = joined.find(target[:80]), joined.find(target[-80:])
        at, end = (head, tail + 80) if head >= 0 and tail >= head else (-1, -1)
    else:
        end = at + len(target)
    if at < 0:
        return [True] * len(parsed)  # the passage is not found as a whole: show the section
    keep = [bool(t) and starts[i] < end and starts[i] + len(t) > at for i, t in enumerate(texts)]
    tables = {b.table for b, k in zip(parsed, keep, strict=True) if k and b.kind == "row"}
    for i, b in enumerate(parsed):
        if b.table in tables and (b.header or b.kind == "rule"):
            keep[i] = True
    return keep


def section_markdown(section: Section, quotes: Iterable[str] = (), *, mark: str = HIGHLIGHT) -> str:
    """A whole section's body as inert, structured Markdown (see ``passage_markdown``)."""
    return passage_markdown(section.body, quotes, mark=mark)


@dataclass(frozen=True)
class CitationItem:
    """One citation ready to draw: expander ``label``, Markdown ``body`` with highlights, ``caption``, ``section``."""

    n: int
    label: str
    body: str
    caption: str
    section: str = ""


def citation_body(citation: Citation, guideline: Guideline | None, *, mark: str = HIGHLIGHT) -> str:
    """The cited passage with its structure (tables, lists, links) from the section's Markdown, quotes marked.

    Falls back to the citation's plain text when the section is unknown.
    """
    if guideline is not None:
        try:
            section = guideline.section(citation.section)
        except Exception:
            section = None
        if section is not None:
            return passage_markdown(section.body, citation.quotes, only=citation.text, mark=mark)
    return highlight(citation.text, citation.quotes, mark=mark)


def citation_items(
    answer: Answer, lang: str = DEFAULT_LANG, guideline: Guideline | None = None
) -> tuple[CitationItem, ...]:
    """An answer's citations in marker order [1], [2], … as display items."""
    return tuple(
        CitationItem(
            n=c.n,
            label=f"\\[{c.n}\\] {md_escape(c.title)}",
            body=citation_body(c, guideline),
            caption=md_escape(text("citation_section", lang, section=c.section)),
            section=c.section,
        )
        for c in sorted(answer.citations, key=lambda c: c.n)
    )
