"""The Forløpsklokke page's data: date fields, treatment options, the table and the timeline chart.

A pathway clock report becomes table rows (every cell inert text) and an Altair timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..answers.render import md_escape
from ..corpus.document import DEFAULT_PATHWAY
from ..errors import GuidelineError
from ..rules.clock import ClockReport, ClockRow, clock_from_events
from ..rules.dates import format_date
from ..rules.facts import load_facts
from .display import inert_line
from .wording import DEFAULT_LANG, error_line, text


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
