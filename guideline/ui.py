"""The package side of the app: wording, example questions, and display pieces built from results.

``app.py`` only draws. Everything here is plain data or Markdown, testable without Streamlit:
UI strings and example questions come from ``prompts/ui.toml`` and ``prompts/examples.toml``;
citations become expander items with the quoted sentences highlighted; a pathway clock report
becomes table rows and an Altair timeline. Every text that did not come from our own data files
(what the user typed, guideline passages) is made inert Markdown before it is shown.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from .answer import Answer, Assistant
from .clock import ClockReport, ClockRow, clock_from_events
from .dates import format_date
from .document import DEFAULT_PATHWAY, Guideline
from .errors import BadInput, GuidelineError
from .facts import load_facts
from .render import AUDIENCES, KINDS, md_escape, prompts_dir

DEFAULT_LANG = "nb"
# Wraps a quoted sentence inside a passage; the content is already escaped Markdown.
HIGHLIGHT = ":orange-background[{text}]"
# A line that would start a Markdown block (list, heading underline) once escaped: escape its marker.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])")


# -- wording -------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def strings(lang: str = DEFAULT_LANG) -> Mapping[str, Any]:
    """The UI wording for ``lang``: ``[nb]`` of prompts/ui.toml overlaid with the language's own keys."""
    data = tomllib.loads((prompts_dir() / "ui.toml").read_text(encoding="utf-8"))
    merged = dict(data[DEFAULT_LANG])
    for key, value in data.get(lang, {}).items():
        merged[key] = {**merged[key], **value} if isinstance(value, dict) else value
    return merged


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """One UI string with its {placeholders} filled."""
    return str(strings(lang)[key]).format(**values)


def audience_label(audience: str, lang: str = DEFAULT_LANG) -> str:
    """ "Lege" for "doctor" and so on; the audience ids are render.AUDIENCES."""
    return strings(lang)["audiences"][audience]


@dataclass(frozen=True)
class Badge:
    """How an answer kind is labelled: text, Streamlit badge colour and Material icon."""

    label: str
    color: str
    icon: str


def kind_badge(kind: str, lang: str = DEFAULT_LANG) -> Badge:
    """The badge of an answer kind ("rule", "search", "out_of_scope")."""
    b = strings(lang)["kinds"][kind]
    return Badge(b["label"], b["color"], b["icon"])


@lru_cache(maxsize=1)
def _examples() -> Mapping[str, Mapping[str, list[str]]]:
    return tomllib.loads((prompts_dir() / "examples.toml").read_text(encoding="utf-8"))


def examples(audience: str, lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """Example questions for an audience, in file order; empty if the language has none."""
    if audience not in AUDIENCES:
        raise BadInput(f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}")
    return tuple(_examples().get(lang, {}).get(audience, ()))


def source_markdown(guideline: Guideline, lang: str = DEFAULT_LANG) -> str:
    """The sidebar's source block: title, publisher and version, each escaped."""
    return (
        f"**{md_escape(guideline.title)}**  \n"
        f"{md_escape(text('publisher_label', lang))}: {md_escape(guideline.publisher)}  \n"
        f"{md_escape(text('version_label', lang))}: {md_escape(guideline.version_date)}"
    )


# -- inert text ------------------------------------------------------------------------------------


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


# -- answers ---------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Turn:
    """One exchange of the chat: the question as typed, and an answer or a one-line error."""

    question: str
    audience: str
    answer: Answer | None = None
    error: str | None = None


def error_line(exc: BaseException, lang: str = DEFAULT_LANG) -> str:
    """The one line shown for an exception: its message for our errors, only its type for others."""
    message = " ".join(str(exc).split())
    if isinstance(exc, BadInput):
        return text("error_bad_input", lang, message=message)
    if isinstance(exc, GuidelineError):
        return text("error_guideline", lang, message=message)
    return text("error_unexpected", lang, name=type(exc).__name__)


def ask(assistant: Callable[[], Assistant], question: str, audience: str, lang: str = DEFAULT_LANG) -> Turn:
    """Answer one question; any failure (loading included) becomes a Turn with a one-line error."""
    try:
        return Turn(question, audience, answer=assistant().answer(question, audience))
    except Exception as exc:  # the app shows one line, never a traceback
        return Turn(question, audience, error=error_line(exc, lang))


# -- pathway clock ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateField:
    """A date input of the clock: the event id, its label, a help line naming its codes, whether it is required."""

    event: str
    label: str
    help: str
    required: bool


def clock_fields(lang: str = DEFAULT_LANG, *, pathway: str = DEFAULT_PATHWAY) -> tuple[DateField, ...]:
    """The pathway's events in order; the first (the referral) is required, the rest optional."""
    events = load_facts(pathway).events
    optional = text("clock_optional", lang)
    return tuple(
        DateField(
            event=e.id,
            label=e.label(lang) + ("" if i == 0 else f" ({optional})"),
            help=text("clock_codes_help", lang, codes=", ".join(e.codes)),
            required=i == 0,
        )
        for i, e in enumerate(events)
    )


def treatment_options(
    lang: str = DEFAULT_LANG, *, pathway: str = DEFAULT_PATHWAY
) -> tuple[tuple[str | None, str], ...]:
    """(treatment id, label) for each treatment type of the pathway, then (None, "Begge")."""
    book = load_facts(pathway)
    return (*((t.id, t.label(lang)) for t in book.treatments), (None, text("treatment_both", lang)))


@dataclass(frozen=True)
class ClockView:
    """A clock report ready to draw: table rows, source lines, and one-line ``errors`` (report None if it could not run)."""

    report: ClockReport | None
    errors: tuple[str, ...]
    columns: Mapping[str, str]
    rows: tuple[Mapping[str, Any], ...]
    sources: tuple[str, ...]


def status_text(row: ClockRow, lang: str = DEFAULT_LANG) -> str:
    """ "Overholdt", "Ikke overholdt", or for an open row how many days are left or overdue."""
    if row.status != "open" or row.days_left is None:
        return text(f"status_{row.status}", lang)
    if row.days_left > 0:
        return text("status_open_left", lang, n=row.days_left)
    if row.days_left == 0:
        return text("status_open_due", lang)
    return text("status_open_overdue", lang, n=-row.days_left)


COLUMNS = ("label", "days", "start", "deadline", "actual", "days_used", "status")


def column_headings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Heading of each clock table column, keyed by COLUMNS."""
    return {key: text(f"col_{key}", lang) for key in COLUMNS}


def clock_view(
    dates: Mapping[str, date | None],
    treatment: str | None = None,
    *,
    today: date | None = None,
    lang: str = DEFAULT_LANG,
    pathway: str = DEFAULT_PATHWAY,
) -> ClockView:
    """Run the pathway clock on the dates given (None = not known) and shape it for a table.

    ``rows`` are keyed by ``COLUMNS`` (dates as ``date`` objects, days as calendar days), in
    the guideline's table order; ``columns`` maps each key to its heading. Order-of-event
    problems and unusable input come back as one-line ``errors``.
    """
    columns = column_headings(lang)
    known = {event: d for event, d in dates.items() if d is not None}
    try:
        report = clock_from_events(known, treatment=treatment, today=today, pathway=pathway)
    except GuidelineError as exc:
        return ClockView(None, (error_line(exc, lang),), columns, (), ())
    rows = tuple(
        {
            "label": r.label(lang),
            "days": r.days,
            "start": r.start,
            "deadline": r.deadline,
            "actual": r.actual,
            "days_used": r.days_used,
            "status": status_text(r, lang),
        }
        for r in report.rows
    )
    sources = tuple(
        f"**{md_escape(r.label(lang))}**: «{md_escape(r.citation.quote)}» ({md_escape(r.citation.section)})"
        for r in report.rows
    )
    return ClockView(report, tuple(e.message(lang) for e in report.errors), columns, rows, sources)


def table_rows(view: ClockView, lang: str = DEFAULT_LANG) -> list[dict[str, str]]:
    """The rows as people read them: keyed by column heading, every cell text; dates "10.03.2026", "–" for unknown.

    Cells are inert Markdown (st.table renders Markdown: "25. november" would be a list), and all
    text, so a column of numbers with a "–" in it stays one type.
    """
    date_format = text("table_date_format", lang)

    def cell(value: Any) -> str:
        if isinstance(value, date):
            value = value.strftime(date_format)
        return "–" if value is None else inert_line(str(value))

    return [{view.columns[key]: cell(row[key]) for key in COLUMNS} for row in view.rows]


def timeline_data(view: ClockView, lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
    """One record per row for the timeline: ISO dates, the status name (legend) and the full status text."""
    if view.report is None:
        return []
    return [
        {
            "label": row["label"],
            "start": r.start.isoformat(),
            "deadline": r.deadline.isoformat(),
            "deadline_text": format_date(r.deadline, lang),
            "actual": r.actual.isoformat() if r.actual else None,
            "status": text(f"status_{r.status}", lang),
            "status_text": row["status"],
            "days": r.days,
        }
        for r, row in zip(view.report.rows, view.rows, strict=True)
    ]


STATUS_COLORS = {"met": "#2e7d32", "missed": "#c62828", "open": "#1565c0"}


def timeline_chart(view: ClockView, lang: str = DEFAULT_LANG) -> Any:
    """An Altair chart: per forløpstid a bar from start to deadline, a tick on the deadline, a diamond
    on the actual date, and a dashed rule on ``today`` when the report has one.

    Marks are coloured by status (met, missed, open, legend on top); rows stand in the
    guideline's table order. Returns None when there is nothing to draw.
    """
    import altair as alt  # ships with Streamlit; imported here so the rest of the module stays light

    data = timeline_data(view, lang)
    if not data:
        return None
    order = [d["label"] for d in data]
    color = alt.Color(
        "status:N",
        scale=alt.Scale(
            domain=[text(f"status_{s}", lang) for s in STATUS_COLORS], range=list(STATUS_COLORS.values())
        ),
        legend=alt.Legend(title=None, orient="top", symbolOpacity=1),
    )
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=480))
    tooltip = [
        alt.Tooltip("label:N", title=text("col_label", lang)),
        alt.Tooltip("days:Q", title=text("col_days", lang)),
        alt.Tooltip("deadline_text:N", title=text("col_deadline", lang)),
        alt.Tooltip("status_text:N", title=text("col_status", lang)),
    ]
    base = alt.Chart()
    window = base.mark_bar(opacity=0.35, cornerRadius=3).encode(
        x=alt.X(
            "start:T", title=text("chart_x", lang), axis=alt.Axis(format=text("chart_date_format", lang))
        ),
        x2="deadline:T",
        y=y,
        color=color,
        tooltip=tooltip,
    )
    deadline = base.mark_tick(thickness=3, size=18).encode(x="deadline:T", y=y, color=color, tooltip=tooltip)
    actual = (
        base.transform_filter("datum.actual != null")
        .mark_point(filled=True, size=120, shape="diamond", opacity=1)
        .encode(x="actual:T", y=y, color=color, tooltip=tooltip)
    )
    chart = alt.layer(window, deadline, actual, data=alt.Data(values=data))
    if view.report is not None and view.report.today is not None:
        today = alt.Chart(alt.Data(values=[{"today": view.report.today.isoformat()}]))
        chart = alt.layer(chart, today.mark_rule(strokeDash=[4, 4], color="#555").encode(x="today:T"))
    return chart.properties(height=alt.Step(34))


__all__ = [
    "AUDIENCES",
    "KINDS",
    "Badge",
    "CitationItem",
    "ClockView",
    "DateField",
    "Turn",
    "ask",
    "audience_label",
    "citation_items",
    "clock_fields",
    "clock_view",
    "column_headings",
    "error_line",
    "examples",
    "highlight",
    "inert_line",
    "kind_badge",
    "source_markdown",
    "strings",
    "table_rows",
    "text",
    "timeline_chart",
    "timeline_data",
    "treatment_options",
    "user_markdown",
]
