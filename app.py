"""Forløpsveileder in the browser: chat, pathway clock and flowchart.  Run: streamlit run app.py

A thin page. Wording, examples and display pieces come from ``guideline.app``, answers from
``guideline.answers``. Environment variables are read here only: GUIDELINE_MODEL and
GUIDELINE_INDEX_DIR. Nothing the user types is written to disk or logs: the chat lives in
``st.session_state`` for the length of the browser session, and errors become one line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import streamlit as st

from guideline import app as ui
from guideline.answers import Assistant

LANG = "nb"
T = ui.strings(LANG)

st.set_page_config(
    page_title=T["page_title"], page_icon=T["page_icon"], layout="wide", initial_sidebar_state="expanded"
)


@st.cache_resource(show_spinner=T["loading"])
def _load_assistant(model: str, index_dir: str | None) -> Assistant:
    """The model and index, loaded once per process and settings (a missing or stale index is built)."""
    return Assistant.open(model=model, index_dir=Path(index_dir) if index_dir else None, rebuild=True)


def assistant() -> Assistant:
    return _load_assistant(
        os.environ.get("GUIDELINE_MODEL") or ui.DEFAULT_MODEL, os.environ.get("GUIDELINE_INDEX_DIR") or None
    )


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Whatever fails inside the block is shown as one st.error line, never a traceback."""
    try:
        yield
    except Exception as exc:
        st.error(ui.error_line(exc, LANG))


def sidebar() -> str:
    """The audience selector and the source notes; returns the audience id."""
    with st.sidebar:
        audience = st.radio(T["audience_label"], ui.AUDIENCES, format_func=ui.audience_label, key="audience")
        st.divider()
        with one_line_errors():
            st.markdown(ui.source_markdown(ui.load_guideline(), LANG))
        st.caption(T["disclaimer"])
        st.caption(T["privacy"])
    return audience


def show_turn(turn: ui.Turn) -> None:
    with st.chat_message("user"):
        st.markdown(ui.user_markdown(turn.question))  # the user's words as text, never markup
    with st.chat_message("assistant"):
        if turn.answer is None:
            st.error(turn.error)
            return
        badge = ui.kind_badge(turn.answer.kind, LANG)
        st.badge(badge.label, icon=badge.icon, color=badge.color)
        st.markdown(turn.answer.answer)
        for item in ui.citation_items(turn.answer, LANG):
            with st.expander(item.label):
                st.markdown(item.body)
                st.caption(item.caption)


def chat(audience: str) -> None:
    history: list[ui.Turn] = st.session_state.setdefault("history", [])
    examples = ui.examples(audience, LANG)
    clicked = None
    if examples:
        st.caption(T["examples_heading"])
        for i, (column, question) in enumerate(zip(st.columns(len(examples)), examples, strict=True)):
            if column.button(question, key=f"example-{audience}-{i}", width="stretch", wrap=True):
                clicked = question
    log = st.container()
    typed = st.chat_input(T["chat_placeholder"], max_chars=ui.MAX_QUESTION_CHARS, key="question")
    question = typed if typed is not None else clicked
    if question is not None:
        with st.spinner(T["thinking"]):
            history.append(ui.ask(assistant, question, audience, LANG))
    with log:
        for turn in history:
            show_turn(turn)


def clock() -> None:
    st.caption(T["clock_intro"])
    fields = ui.clock_fields(LANG)
    dates = {}
    for column, field in zip(st.columns(len(fields)), fields, strict=True):
        dates[field.event] = column.date_input(
            field.label,
            help=field.help,
            value="today" if field.required else None,
            min_value=date(ui.MIN_YEAR, 1, 1),
            max_value=date(ui.MAX_YEAR, 12, 31),
            format=T["date_format"],
            key=f"clock-{field.event}",
        )
    options = ui.treatment_options(LANG)
    choice = st.radio(
        T["treatment_label"],
        range(len(options)),
        index=len(options) - 1,
        format_func=lambda i: options[i][1],
        horizontal=True,
        key="clock-treatment",
    )
    view = ui.clock_view(dates, options[choice][0], today=date.today(), lang=LANG)
    for message in view.errors:
        st.error(message)
    if not view.rows:
        if not view.errors:
            st.info(T["clock_empty"])
        return
    st.table(ui.table_rows(view, LANG), hide_index=True)
    st.altair_chart(ui.timeline_chart(view, LANG), width="stretch")
    st.caption(T["chart_caption"])
    with st.expander(T["clock_sources"]):
        st.markdown("\n".join(f"- {line}" for line in view.sources))


def flowchart() -> None:
    st.graphviz_chart(ui.pathway_dot(LANG), width="stretch")
    st.caption(T["flow_caption"])


def main() -> None:
    audience = sidebar()
    st.title(T["app_title"])
    with one_line_errors():
        st.caption(ui.text("app_subtitle", LANG, title=ui.md_escape(ui.load_guideline().title)))
    chat_tab, clock_tab, flow_tab = st.tabs([T["tab_chat"], T["tab_clock"], T["tab_flow"]])
    with chat_tab, one_line_errors():
        chat(audience)
    with clock_tab, one_line_errors():
        clock()
    with flow_tab, one_line_errors():
        flowchart()
    if not st.session_state.get("history"):
        with chat_tab, one_line_errors():
            assistant()  # load the model last, so the page is drawn while it loads


main()
