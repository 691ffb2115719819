"""Downloads: an answer or a calculator result as a Markdown file, with its quotes and sources.

The files are built in memory and handed to the browser (``st.download_button``); nothing is
written to disk. Every string that is not our own wording is escaped, and the quoted
sentences are marked in bold (a Markdown file has no highlight colour).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..answers.render import md_escape
from ..corpus.document import Guideline
from ..rules.dates import format_date
from .chat import Turn
from .clock_view import COLUMNS, ClockView, table_rows
from .display import citation_body, inert_line
from .wording import DEFAULT_LANG, audience_label, edition, kind_badge, pathway_url, safe_url, text

QUOTE_MARK = "**{text}**"


def edition_lines(guideline: Guideline, lang: str = DEFAULT_LANG) -> list[str]:
    """The source block as Markdown lines: title, publisher, source file, hash, retrieval date, link, disclaimer."""
    ed = edition(guideline)
    retrieved = ed.retrieved or text("retrieved_unknown", lang)
    return [
        f"## {md_escape(text('source_heading', lang))}",
        "",
        f"- {md_escape(ed.title)} – {md_escape(ed.publisher)}",
        f"- {md_escape(text('source_file_label', lang))}: {md_escape(ed.source_file)}",
        f"- {md_escape(text('hash_label', lang))}: `{ed.source_sha256}`",
        f"- {md_escape(text('retrieved_label', lang))}: {md_escape(retrieved)}",
        f"- <{safe_url(pathway_url(ed, lang))}>",
        "",
        f"*{md_escape(text('disclaimer', lang))}*",
        "",
    ]


def answer_markdown(turn: Turn, guideline: Guideline, *, made: date, lang: str | None = None) -> str:
    """One chat turn as a Markdown document: the question, who it was answered for, the answer, every
    citation's passage (quotes in bold) and quoted sentences, then the source and the disclaimer."""
    lang = lang or turn.lang
    answer = turn.answer
    lines = [
        f"# {md_escape(text('export_title_answer', lang))}",
        "",
        f"**{md_escape(text('export_question', lang))}:**",
        "",
        *(f"> {inert_line(line)}" if line.strip() else ">" for line in turn.question.splitlines() or [""]),
        "",
        f"**{md_escape(text('export_audience', lang))}:** {md_escape(audience_label(turn.audience, lang))}  ",
    ]
    if answer is None:
        lines += [f"**{md_escape(text('error_heading', lang))}:** {md_escape(turn.error or '')}", ""]
    else:
        lines += [
            f"**{md_escape(text('export_kind', lang))}:** {md_escape(kind_badge(answer.kind, lang).label)}  ",
            f"**{md_escape(text('export_exported', lang))}:** {made.isoformat()} ({md_escape(format_date(made, lang))})",
            "",
            answer.answer.strip(),
            "",
        ]
        if answer.citations:
            lines += [f"## {md_escape(text('export_sources', lang))}", ""]
        for c in sorted(answer.citations, key=lambda c: c.n):
            lines += [
                f"### \\[{c.n}\\] {md_escape(c.title)}",
                "",
                f"*{md_escape(text('citation_section', lang, section=c.section))}*",
                "",
                citation_body(c, guideline, mark=QUOTE_MARK),
                "",
            ]
            if c.quotes:
                lines += [f"{md_escape(text('export_quoted', lang))}:", ""]
                lines += [f"- «{md_escape(q)}»" for q in c.quotes]
                lines.append("")
    return "\n".join([*lines, *edition_lines(guideline, lang)]).rstrip() + "\n"


def clock_markdown(
    view: ClockView,
    guideline: Guideline,
    *,
    dates: Mapping[str, date | None],
    labels: Mapping[str, str],
    treatment: str,
    made: date,
    lang: str = DEFAULT_LANG,
) -> str:
    """A calculator result as a Markdown document: the dates, the table, rows that cannot be computed with
    their reasons, order-of-event errors, the quote of every norm, then the source and the disclaimer."""
    date_format = text("table_date_format", lang)
    lines = [
        f"# {md_escape(text('export_title_clock', lang))}",
        "",
        f"**{md_escape(text('export_exported', lang))}:** {made.isoformat()}",
        "",
        f"## {md_escape(text('export_dates', lang))}",
        "",
        *(
            f"- {md_escape(labels.get(event, event))}: {d.strftime(date_format) if d else '–'}"
            for event, d in dates.items()
        ),
        f"- {md_escape(text('treatment_label', lang))}: {md_escape(treatment)}",
        "",
    ]
    lines += [f"> {md_escape(e)}" for e in view.errors]
    if view.errors:
        lines.append("")
    rows = table_rows(view, lang)
    if rows:
        headings = [view.columns[k] for k in COLUMNS]
        lines += [
            "| " + " | ".join(md_escape(h) for h in headings) + " |",
            "|" + " --- |" * len(headings),
            *("| " + " | ".join(row[h] for h in headings) + " |" for row in rows),
            "",
            f"## {md_escape(text('clock_sources', lang))}",
            "",
            *(f"- {line}" for line in view.sources),
            "",
        ]
    return "\n".join([*lines, *edition_lines(guideline, lang)]).rstrip() + "\n"


def file_name(kind: str, n: int | None = None, *, made: date) -> str:
    """ "forlopsveileder-svar-2-2026-03-10.md": what the download is called (no user text in it)."""
    middle = f"-{n}" if n is not None else ""
    return f"forlopsveileder-{kind}{middle}-{made.isoformat()}.md"
