"""A deadline two forløpstider away: the first step's deadline is the start of the next.

"First visit 5 May: the last day to start drug treatment?" names no forløpstid of its own: the
pathway times the first visit to the completed investigation, and the completed investigation to
the start of treatment. When each step uses the whole of its forløpstid, the latest start is the
second deadline counted from the first. Both rows are shown, each with its forløpstid cited, and
a note says that the middle date is assumed, never that it happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from .clock import ClockRow, clock_from_events
from .dates import format_date


def chained_rows(
    rows: Iterable[ClockRow],
    dated: Mapping[str, date],
    targets: Iterable[str],
    *,
    treatment: str | None,
    today: date | None,
    pathway: str,
) -> list[ClockRow]:
    """For each asked event no computed row reaches: an open row to an undated middle event, then
    the rows from that event's deadline to the asked one."""
    rows = list(rows)
    out: list[ClockRow] = []
    for target in targets:
        if any(r.interval.to_event == target for r in rows):
            continue
        for first in rows:
            middle = first.interval.to_event
            if first.actual is not None or middle in dated or middle == target:
                continue
            onward = clock_from_events(
                {middle: first.deadline}, treatment=treatment, today=today, pathway=pathway
            )
            second = [
                r for r in onward.rows if r.interval.from_event == middle and r.interval.to_event == target
            ]
            if second:
                out += [r for r in (first, *second) if r not in out]
    return out


def chained_note(rows: list[ClockRow], labels: Mapping[str, tuple[str, str]], lang: str) -> str:
    """What the chained deadlines assume: each middle event on its latest day."""
    middles = [r for r in rows if any(s.interval.from_event == r.interval.to_event for s in rows)]
    said = [
        f"{(labels[r.interval.to_event][1] if lang == 'en' else labels[r.interval.to_event][0]).lower()} "
        f"{format_date(r.deadline, lang)}"
        for r in middles
    ]
    if lang == "en":
        return (
            "No forløpstid runs straight to what you asked, so the steps are added up, each using its "
            f"whole forløpstid (assumed: {'; '.join(said)}). An earlier step brings the deadline forward."
        )
    return (
        "Ingen forløpstid går rett dit du spør om, så stegene er lagt sammen, hvert med hele sin "
        f"forløpstid (antatt: {'; '.join(said)}). Et tidligere steg flytter fristen fram."
    )
