"""The cleaned guideline as structured data: sections with stable ids, title paths and offsets.

The cleaned copy is Markdown kept in the package (``pathways/<id>/guideline.md``). Headings
make the sections; a line holding only ``<url>`` is a reference of its section.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import NotFound
from ..pathways import DEFAULT_PATHWAY, pathway_dir

PATH_SEPARATOR = " › "

_HEADING = re.compile(r"^(#{1,6}) +(.+?)\s*$", re.MULTILINE)
_URL_LINE = re.compile(r"^<(https?://[^>\s]+)>\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Section:
    """One heading and the body up to the next heading (of any level)."""

    id: str
    title: str
    title_path: tuple[str, ...]
    level: int
    body: str
    start: int  # offset of the body in Guideline.text
    end: int
    urls: tuple[str, ...] = ()

    @property
    def path_label(self) -> str:
        """The title path for people: "Inngang til pakkeforløp … › Filterfunksjon"."""
        return PATH_SEPARATOR.join(self.title_path)

    @property
    def part_id(self) -> str:
        return self.id.split("/", 1)[0]


@dataclass(frozen=True)
class Guideline:
    """A pathway's cleaned text, its sections in reading order and where it came from."""

    pathway: str
    title: str
    publisher: str
    source_file: str
    source_sha256: str
    version_date: str
    code_prefix: str
    text: str
    sections: tuple[Section, ...]
    # How a question names the pathway itself ("the myeloma pathway"), as regular expressions.
    names: tuple[str, ...] = ()
    _by_id: dict[str, Section] = field(default_factory=dict, repr=False, compare=False)

    def section(self, section_id: str) -> Section:
        """The section with this id; raises NotFound."""
        try:
            return self._by_id[section_id]
        except KeyError:
            raise NotFound(f"no section {section_id!r} in {self.pathway}") from None

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def parts(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.level == 1)


def slugify(title: str) -> str:
    """A stable, ASCII id part for a heading: "Begrunnet mistanke – kriterier" → "begrunnet-mistanke-kriterier"."""
    s = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def parse_sections(text: str, part_ids: dict[str, str]) -> tuple[Section, ...]:
    """Cut Markdown into sections; ids are the part id plus slugs of the headings below it."""
    headings = list(_HEADING.finditer(text))
    sections: list[Section] = []
    stack: list[tuple[int, str, str]] = []  # (level, title, id)
    seen: set[str] = set()
    for i, match in enumerate(headings):
        level, title = len(match.group(1)), match.group(2).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        if level == 1:
            if title not in part_ids:
                raise ValueError(f"part heading {title!r} has no id in pathway.toml")
            sid = part_ids[title]
        else:
            parent = stack[-1][2] if stack else ""
            sid = f"{parent}/{slugify(title)}" if parent else slugify(title)
        if sid in seen:
            raise ValueError(f"duplicate section id {sid!r}")
        seen.add(sid)
        stack.append((level, title, sid))
        start = match.end() + 1 if match.end() < len(text) else match.end()
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        body_raw = text[start:end]
        # Trim surrounding blank lines but keep offsets exact.
        lead = len(body_raw) - len(body_raw.lstrip())
        body = body_raw.strip()
        start += lead
        urls = tuple(_URL_LINE.findall(body))
        sections.append(
            Section(
                id=sid,
                title=title,
                title_path=tuple(t for _, t, _ in stack),
                level=level,
                body=body,
                start=start,
                end=start + len(body),
                urls=urls,
            )
        )
    return tuple(sections)


@lru_cache(maxsize=8)
def load_guideline(pathway: str = DEFAULT_PATHWAY) -> Guideline:
    """Read a pathway's cleaned guideline and metadata from the package (cached; immutable)."""
    folder = pathway_dir(pathway)
    meta = tomllib.loads((folder / "pathway.toml").read_text(encoding="utf-8"))
    text = (folder / "guideline.md").read_text(encoding="utf-8")
    sections = parse_sections(text, meta["parts"])
    return Guideline(
        pathway=meta["id"],
        title=meta["title"],
        publisher=meta["publisher"],
        source_file=meta["source_file"],
        source_sha256=meta["source_sha256"],
        version_date=meta["version_date"],
        code_prefix=meta["code_prefix"],
        text=text,
        sections=sections,
        names=tuple(meta.get("names", ())),
        _by_id={s.id: s for s in sections},
    )


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")


def plain_text(markdown: str) -> str:
    """Markdown of the cleaned guideline as plain text: markup gone, one line per paragraph, item or row.

    Table rows become their cells separated by " | "-free spaces ("A04A Start pakkeforløp – …"),
    list items lose their markers, URL lines lose their angle brackets. Numbered items keep
    nothing of their number, as the words are what is quoted.
    """
    lines: list[str] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        if line.startswith("#"):
            line = line.lstrip("#").strip()
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            line = " ".join(c for c in cells if c)
        elif line.startswith("<") and line.endswith(">"):
            line = line[1:-1]
        else:
            line = _LIST_MARK.sub("", line)
        lines.append(line)
    return "\n".join(lines)


def collapse_whitespace(text: str) -> str:
    """One space between words; what "verbatim" comparisons of quotes are made on."""
    return " ".join(text.split())


def contains_quote(haystack_markdown: str, quote: str) -> bool:
    """True if the quote occurs verbatim (whitespace-normalised) in the plain text of the Markdown."""
    return collapse_whitespace(quote) in collapse_whitespace(plain_text(haystack_markdown))
