"""The Forløpsklokke page's data: date fields read as typed, the table, the narrow-screen list and the timeline.

Dates are typed as text and read with ``rules.dates.parse_date``: a date that does not exist
(31.02.2026) gets its own one-line message and is never adjusted, and while any date is wrong
nothing is computed. A pathway clock report becomes table rows (every cell inert text), where a
forløpstid whose events are out of order says it cannot be computed and why, and the acute
route is a line of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..answers.render import md_escape
from ..corpus.document import DEFAULT_PATHWAY
from ..errors import BadInput, GuidelineError
from ..rules.clock import NOT_COMPUTABLE, AcuteRow, BlockedRow, ClockReport, ClockRow, clock_from_events
from ..rules.dates import format_date, parse_date
from ..rules.facts import load_facts
from .display import inert_line
from .wording import DEFAULT_LANG, data_value, error_line, text


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


@dataclass(frozen=True)
class DateInput:
    """The dates as read from the fields: ``dates`` (None = left empty) and one line per unreadable date."""

    dates: Mapping[str, date | None]
    errors: tuple[str, ...]


def read_dates(
    typed: Mapping[str, str | None], lang: str = DEFAULT_LANG, *, pathway: str = DEFAULT_PATHWAY
) -> DateInput:
    """Read what was typed in each date field; an empty field is None, a wrong date an error, never adjusted.

    Each error line names its field: "Henvisning mottatt: 31.02.2026 finnes ikke: februar 2026 har 28 dager."
    """
    labels = {e.id: e.label(lang) for e in load_facts(pathway).events}
    dates: dict[str, date | None] = {}
    errors = []
    for event, value in typed.items():
        if value is None or not value.strip():
            dates[event] = None
            continue
        try:
            dates[event] = parse_date(value, lang=lang)
        except BadInput as exc:
            dates[event] = None
            message = " ".join(exc.in_lang(lang).split())
            errors.append(text("clock_field_error", lang, field=labels.get(event, event), message=message))
    return DateInput(dates, tuple(errors))


def treatment_options(
    lang: str = DEFAULT_LANG, *, pathway: str = DEFAULT_PATHWAY
) -> tuple[tuple[str | None, str], ...]:
    """(treatment id, label) for each treatment type of the pathway, then (None, "Begge")."""
    book = load_facts(pathway)
    return (*((t.id, t.label(lang)) for t in book.treatments), (None, text("treatment_both", lang)))


def acute_window(lang: str = DEFAULT_LANG, *, pathway: str = DEFAULT_PATHWAY) -> str:
    """The acute route's window as the facts give it: "1–2 døgn"."""
    data = load_facts(pathway).fact("rule.acute").data
    return text(
        "acute_window", lang, min=data["days_min"], max=data["days_max"], unit=data_value(data["unit"], lang)
    )


def acute_option(lang: str = DEFAULT_LANG, *, pathway: str = DEFAULT_PATHWAY) -> tuple[str, str]:
    """(checkbox label, help line quoting the guideline) of the acute route, both from the facts data."""
    fact = load_facts(pathway).fact("rule.acute")
    return fact.label(lang), text("acute_help", lang, quote=fact.citations[0].quote)


@dataclass(frozen=True)
class ClockView:
    """A clock report ready to draw: table rows, source lines, and one-line ``errors`` (report None if it could not run).

    Each row has the COLUMNS keys plus ``kind`` ("acute", "row" or "not_computable"), ``state``
    (met, missed, open or not_computable) and ``note`` (why a row cannot be computed, else "").
    """

    report: ClockReport | None
    errors: tuple[str, ...]
    columns: Mapping[str, str]
    rows: tuple[Mapping[str, Any], ...]
    sources: tuple[str, ...]


def status_text(row: ClockRow | AcuteRow, lang: str = DEFAULT_LANG) -> str:
    """ "Overholdt", "Ikke overholdt", or for an open row how many days are left or overdue."""
    if row.status == NOT_COMPUTABLE:
        return text("status_not_computable", lang)
    if row.status != "open" or row.days_left is None:
        return text(f"status_{row.status}", lang)
    if row.days_left > 0:
        return text("status_open_left", lang, n=row.days_left)
    if row.days_left == 0:
        return text("status_open_due", lang)
    return text("status_open_overdue", lang, n=-row.days_left)


def not_computable_text(row: BlockedRow | AcuteRow, lang: str = DEFAULT_LANG) -> str:
    """Why a row cannot be computed, in one line: "Kan ikke regnes ut: Start behandling er datert før …"."""
    i = 1 if lang == "en" else 0
    return " ".join(
        text("not_computable_reason", lang, later=e.later_label[i], earlier=e.earlier_label[i].lower())
        for e in row.reasons
    )


COLUMNS = ("label", "days", "start", "deadline", "actual", "days_used", "status")


def column_headings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Heading of each clock table column, keyed by COLUMNS."""
    return {key: text(f"col_{key}", lang) for key in COLUMNS}


def _row_view(r: ClockRow | BlockedRow | AcuteRow, lang: str) -> dict[str, Any]:
    if isinstance(r, BlockedRow):
        note = not_computable_text(r, lang)
        return {"label": r.label(lang), "days": r.days, "start": r.start, "deadline": None, "actual": r.actual,
                "days_used": None, "status": note, "kind": NOT_COMPUTABLE, "note": note,
                "state": NOT_COMPUTABLE}  # fmt: skip
    acute = isinstance(r, AcuteRow)
    note = not_computable_text(r, lang) if acute and r.status == NOT_COMPUTABLE else ""
    return {
        "label": r.label(lang),
        "days": acute_window(lang) if acute else r.days,
        "start": r.start,
        "deadline": None if note else r.deadline,
        "actual": r.actual,
        "days_used": r.days_used,
        "status": note or status_text(r, lang),
        "kind": ("acute" if not note else NOT_COMPUTABLE) if acute else "row",
        "note": note,
        "state": r.status,
    }


def clock_view(
    dates: Mapping[str, date | None],
    treatment: str | None = None,
    *,
    today: date | None = None,
    lang: str = DEFAULT_LANG,
    pathway: str = DEFAULT_PATHWAY,
    acute: bool = False,
) -> ClockView:
    """Run the pathway clock on the dates given (None = not known) and shape it for a table.

    ``rows`` are keyed by ``COLUMNS`` (dates as ``date`` objects, days as calendar days): the
    acute route first when ``acute``, then every forløpstid in the guideline's table order, a
    not computable one with its reason in ``status`` and no deadline. Order-of-event problems
    and unusable input come back as one-line ``errors``.
    """
    columns = column_headings(lang)
    known = {event: d for event, d in dates.items() if d is not None}
    try:
        report = clock_from_events(known, treatment=treatment, today=today, pathway=pathway, acute=acute)
    except GuidelineError as exc:
        return ClockView(None, (error_line(exc, lang),), columns, (), ())
    lines = (*([report.acute] if report.acute else []), *report.lines())
    rows = tuple(_row_view(r, lang) for r in lines)
    sources = tuple(
        f"**{md_escape(r.label(lang))}**: «{md_escape(r.citation.quote)}» ({md_escape(r.citation.section)})"
        for r in lines
    )
    return ClockView(report, tuple(e.message(lang) for e in report.errors), columns, rows, sources)


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, date):
        value = value.strftime(text("table_date_format", lang))
    return "–" if value is None else inert_line(str(value))


def table_rows(view: ClockView, lang: str = DEFAULT_LANG) -> list[dict[str, str]]:
    """The rows as people read them: keyed by column heading, every cell text; dates "10.03.2026", "–" for unknown.

    Cells are inert Markdown (st.table renders Markdown: "25. november" would be a list), and all
    text, so a column of numbers with a "–" in it stays one type.
    """
    return [{view.columns[key]: _cell(row[key], lang) for key in COLUMNS} for row in view.rows]


def cards_markdown(view: ClockView, lang: str = DEFAULT_LANG) -> str:
    """The rows for a narrow screen: one short block per forløpstid (label, then each value on its own line)."""
    blocks = []
    for row in view.rows:
        lines = [f"**{_cell(row['label'], lang)}**"]
        lines += [f"{md_escape(view.columns[k])}: {_cell(row[k], lang)}" for k in COLUMNS[1:]]
        blocks.append("  \n".join(lines))
    return "\n\n---\n\n".join(blocks)


def timeline_data(view: ClockView, lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
    """One record per computed row for the timeline: ISO dates, the status name (legend) and the full status text.

    Rows that cannot be computed have no deadline and are left out.
    """
    if view.report is None:
        return []
    return [
        {
            "label": row["label"],
            "start": row["start"].isoformat(),
            "deadline": row["deadline"].isoformat(),
            "deadline_text": format_date(row["deadline"], lang),
            "actual": row["actual"].isoformat() if row["actual"] else None,
            "status": text(f"status_{row['state']}", lang),
            "status_text": row["status"],
            "days": str(row["days"]),
        }
        for row in view.rows
        if row["deadline"] is not None
    ]


def timeline_domain(view: ClockView) -> tuple[date, date] | None:
    """The dates the timeline spans: the case's own, from the first start to the last deadline or actual date.

    A day is added on each side; ``today`` does not stretch it.
    """
    points = [
        d for row in view.rows if row["deadline"] for d in (row["start"], row["deadline"], row["actual"]) if d
    ]
    if not points:
        return None
    return min(points) - timedelta(days=1), max(points) + timedelta(days=1)


STATUS_COLORS = {"met": "#2e7d32", "missed": "#c62828", "open": "#1565c0"}


def timeline_chart(view: ClockView, lang: str = DEFAULT_LANG) -> Any:
    """An Altair chart: per forløpstid a bar from start to deadline, a tick on the deadline, a diamond
    on the actual date, and a dashed rule on ``today`` when the report has one inside the case's dates.

    Marks are coloured by status (met, missed, open, legend on top); rows stand in the
    guideline's table order; the x axis spans ``timeline_domain``. None when there is nothing to draw.
    """
    import altair as alt  # ships with Streamlit; imported here so the rest of the module stays light

    data = timeline_data(view, lang)
    domain = timeline_domain(view)
    if not data or domain is None:
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
    x_scale = alt.Scale(domain=[domain[0].isoformat(), domain[1].isoformat()])
    tooltip = [
        alt.Tooltip("label:N", title=text("col_label", lang)),
        alt.Tooltip("days:N", title=text("col_days", lang)),
        alt.Tooltip("deadline_text:N", title=text("col_deadline", lang)),
        alt.Tooltip("status_text:N", title=text("col_status", lang)),
    ]
    base = alt.Chart()
    window = base.mark_bar(opacity=0.35, cornerRadius=3).encode(
        x=alt.X(
            "start:T",
            title=text("chart_x", lang),
            scale=x_scale,
            axis=alt.Axis(format=text("chart_date_format", lang)),
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
    today = view.report.today if view.report is not None else None
    if today is not None and domain[0] <= today <= domain[1]:
        rule = alt.Chart(alt.Data(values=[{"today": today.isoformat()}]))
        chart = alt.layer(chart, rule.mark_rule(strokeDash=[4, 4], color="#555").encode(x="today:T"))
    return chart.properties(height=alt.Step(34))
