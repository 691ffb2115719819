"""The four pages the app draws with Streamlit: Chat, Forløpsklokke, Flytskjema and Pakkeforløpet.

Each page function draws one page from the package's plain data (wording, display, clock
view, flowchart, export) and keeps what a person does in ``st.session_state`` only. ``app.py``
builds the navigation and hands each page what it needs: the language, the assistant loader
and the pages themselves (for links between them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from ..answers.assistant import Assistant
from ..answers.render import AUDIENCES, md_escape
from ..corpus.document import Guideline, load_guideline
from . import export
from .chat import Turn, ask
from .clock_view import (
    acute_option,
    cards_markdown,
    clock_fields,
    clock_view,
    read_dates,
    table_rows,
    timeline_chart,
    treatment_options,
)
from .display import citation_items, section_markdown, user_text
from .flowchart import pathway_dot, pathway_outline
from .wording import (
    DEFAULT_LANG,
    LANGS,
    audience_in_text,
    audience_label,
    error_line,
    examples,
    kind_badge,
    lang_name,
    page_lang,
    source_markdown,
    text,
)

HISTORY = "history"  # st.session_state key of the conversation (list of Turn)
PENDING = "pending-question"  # an example question clicked, answered on the next run
LANG_CHOICE = "lang-choice"  # the page language, kept across pages and reruns
AUDIENCE_CHOICE = "audience-choice"  # who is asking, kept across pages, languages and "Ny samtale"
SECTION_PARAM = "section"  # query parameter (and widget key) of the section shown on the guideline page


@dataclass
class Context:
    """What every page needs: the page language, the assistant loader and the pages by name."""

    lang: str
    assistant: Callable[[], Assistant]
    pages: dict[str, Any]
    today: Callable[[], date] = date.today


@contextmanager
def one_line_errors(lang: str) -> Iterator[None]:
    """Whatever fails inside the block is one st.error line in ``lang``, never a traceback."""
    try:
        yield
    except Exception as exc:
        st.error(error_line(exc, lang))


# Print: only the content (no sidebar, header, pinned input or buttons), citations open. Narrow
# screens: the clock as a list instead of a seven-column table. Keyed containers carry st-key-*.
PAGE_CSS = """
<style>
.st-key-clock-narrow { display: none; }
@media (max-width: 640px) {
  .st-key-clock-wide { display: none; }
  .st-key-clock-narrow { display: block; }
}
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stBottom"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"], .st-key-lang-switch,
  .st-key-examples, .stDownloadButton, .stButton, .stPageLink { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"], .main { overflow: visible !important; }
  details::details-content { content-visibility: visible !important; display: block !important; }
  details > div { display: block !important; }
}
</style>
"""


def page_head(lang: str) -> None:
    """The page's style (print and narrow-screen rules) and ``<html lang>`` set to the page language."""
    st.html(PAGE_CSS)
    code = lang if lang in LANGS else DEFAULT_LANG  # one of our own two codes, never user text
    st.html(f"<script>document.documentElement.lang = '{code}';</script>", unsafe_allow_javascript=True)


def _remember(widget: str, choice: str) -> None:
    st.session_state[choice] = st.session_state[widget]


def _choice(widget: str, choice: str, param: str, options: tuple[str, ...], default: str) -> None:
    """Give a widget its remembered value: the session's, else the URL's (?lang=en), else ``default``.

    The value lives under ``choice``, not only under the widget's own key, so it outlives page
    switches (where the widget is not drawn) and a change of language (where its labels change).
    """
    if choice not in st.session_state:
        wanted = st.query_params.get(param)
        st.session_state[choice] = wanted if wanted in options else default
    st.session_state[widget] = st.session_state[choice]


def _keep_in_url(param: str, value: str, default: str) -> None:
    """The URL carries a choice that is not the default (?lang=en), so a reload keeps it."""
    if value == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value


def language_switch() -> str:
    """The language switch (Norsk | English), kept in the session and the URL (?lang=en); the page language."""
    _choice("lang", LANG_CHOICE, "lang", LANGS, DEFAULT_LANG)
    with st.container(key="lang-switch", horizontal=True, horizontal_alignment="right"):
        st.segmented_control(
            text("language_label"),
            LANGS,
            required=True,
            format_func=lang_name,
            key="lang",
            on_change=_remember,
            args=("lang", LANG_CHOICE),
            label_visibility="collapsed",
        )
    lang = page_lang(st.session_state[LANG_CHOICE])
    _keep_in_url("lang", lang, DEFAULT_LANG)
    return lang


def audience_switch(lang: str) -> str:
    """Who is asking (Lege | Forløpskoordinator | Pårørende), kept like the language (?audience=relative)."""
    _choice("audience", AUDIENCE_CHOICE, "audience", AUDIENCES, AUDIENCES[0])
    st.segmented_control(
        text("audience_label", lang),
        AUDIENCES,
        required=True,
        format_func=lambda a: audience_label(a, lang),
        key="audience",
        on_change=_remember,
        args=("audience", AUDIENCE_CHOICE),
        label_visibility="collapsed",
        help=text("audience_label", lang),
    )
    audience = st.session_state[AUDIENCE_CHOICE]
    audience = audience if audience in AUDIENCES else AUDIENCES[0]
    _keep_in_url("audience", audience, AUDIENCES[0])
    return audience


# -- chat -------------------------------------------------------------------------------------------


def _new_conversation() -> None:
    st.session_state[HISTORY] = []
    st.session_state.pop(PENDING, None)


def _ask_example(question: str) -> None:
    st.session_state[PENDING] = question


def show_turn(turn: Turn, i: int, ctx: Context, guideline: Guideline) -> None:
    """One exchange: the user's words as plain text, the answer with its badges, citations and download."""
    lang = ctx.lang
    with st.chat_message("user"):
        st.text(user_text(turn.question, turn.lang))  # literal text: no Markdown, HTML or directives
    with st.chat_message("assistant"):
        if turn.answer is None:
            st.error(turn.error)
            return
        with st.container(horizontal=True, gap="small"):
            badge = kind_badge(turn.answer.kind, lang)
            st.badge(badge.label, icon=badge.icon, color=badge.color)
            who = text("answer_for", lang, audience=audience_label(turn.audience, lang))
            st.badge(who, icon=":material/person:", color="gray")
        st.markdown(turn.answer.answer)
        for item in citation_items(turn.answer, lang, guideline):
            with st.expander(item.label):
                st.markdown(item.body)
                st.caption(item.caption)
                st.page_link(
                    ctx.pages["guideline"],
                    label=text("read_section", lang),
                    icon=":material/menu_book:",
                    query_params={SECTION_PARAM: item.section},
                )
        st.download_button(
            text("download_answer", lang),
            data=export.answer_markdown(turn, guideline, made=ctx.today(), lang=lang),
            file_name=export.file_name("svar", i + 1, made=ctx.today()),
            mime="text/markdown",
            key=f"download-answer-{i}",
            on_click="ignore",
            icon=":material/download:",
        )


def chat_page(ctx: Context) -> None:
    """The chat: examples while it is empty, the conversation, and at the bottom, pinned, the audience
    choice, "Ny samtale" and the question box."""
    lang = ctx.lang
    history: list[Turn] = st.session_state.setdefault(HISTORY, [])
    with (
        st.bottom,
        st.container(horizontal=True, vertical_alignment="center", gap="small", key="chat-controls"),
    ):
        audience = audience_switch(lang)
        st.button(
            text("new_chat", lang),
            key="new-chat",
            icon=":material/add_comment:",
            help=text("new_chat_help", lang),
            on_click=_new_conversation,
            disabled=not history,
        )
    # At the top level of the page (not inside st.bottom), so Streamlit pins it and keeps the view
    # on the newest message.
    typed = st.chat_input(
        text("chat_placeholder", lang, audience=audience_in_text(audience, lang)), key="question"
    )
    st.title(text("chat_heading", lang))
    with one_line_errors(lang):
        st.caption(text("app_subtitle", lang, title=md_escape(load_guideline().title)))
    st.caption(text("disclaimer", lang))
    guideline = load_guideline()
    if not history:
        questions = examples(audience, lang)
        if questions:
            st.header(text("examples_heading", lang))
            with st.container(key="examples"):
                for column, (n, question) in zip(
                    st.columns(len(questions)), enumerate(questions), strict=True
                ):
                    column.button(
                        question,
                        key=f"example-{audience}-{n}",
                        width="stretch",
                        on_click=_ask_example,
                        wrap=True,
                        args=(question,),
                    )
    for i, turn in enumerate(history):
        show_turn(turn, i, ctx, guideline)
    question = typed if typed is not None else st.session_state.pop(PENDING, None)
    if question is not None:
        with st.spinner(text("thinking", lang)):
            turn = ask(ctx.assistant, question, audience, lang)
        history.append(turn)
        show_turn(turn, len(history) - 1, ctx, guideline)
    if not history:
        with st.spinner(text("loading", lang)), one_line_errors(lang):
            ctx.assistant()  # load the model last, so the page is drawn while it loads


# -- clock ------------------------------------------------------------------------------------------


def clock_page(ctx: Context) -> None:
    """The calculator: dates typed as text, the acute route, the treatment type; the table (a list on
    narrow screens), the timeline, the sources and a download."""
    lang = ctx.lang
    st.title(text("clock_heading", lang))
    st.caption(text("clock_intro", lang))
    fields = clock_fields(lang)
    typed: dict[str, str | None] = {}
    with st.container(key="clock-dates"):
        for column, field in zip(st.columns(len(fields)), fields, strict=True):
            typed[field.event] = column.text_input(
                field.label,
                help=field.help,
                placeholder=text("clock_date_placeholder", lang),
                key=f"clock-{field.event}",
                autocomplete="off",
            )
    acute_label, acute_help = acute_option(lang)
    acute = st.checkbox(acute_label, key="clock-acute", help=acute_help)
    options = treatment_options(lang)
    choice = st.radio(
        text("treatment_label", lang),
        range(len(options)),
        index=len(options) - 1,
        format_func=lambda i: options[i][1],
        horizontal=True,
        key="clock-treatment",
    )
    read = read_dates(typed, lang)
    for message in read.errors:
        st.error(message, icon=":material/event_busy:")
    if read.errors:
        st.info(text("clock_fix_dates", lang))
        return
    first = fields[0].event
    if read.dates.get(first) is None:
        st.info(text("clock_need_referral", lang))
        return
    view = clock_view(read.dates, options[choice][0], today=ctx.today(), lang=lang, acute=acute)
    for message in view.errors:
        st.error(message)
    if not view.rows:
        if not view.errors:
            st.info(text("clock_empty", lang))
        return
    with st.container(key="clock-wide"):
        st.table(table_rows(view, lang), hide_index=True)
    with st.container(key="clock-narrow"):
        st.markdown(cards_markdown(view, lang))
    chart = timeline_chart(view, lang)
    if chart is not None:
        st.altair_chart(chart, width="stretch", alt=text("chart_label", lang))
        st.caption(text("chart_caption", lang))
    with st.expander(text("clock_sources", lang)):
        st.markdown("\n".join(f"- {line}" for line in view.sources))
    labels = {f.event: f.label for f in fields}
    st.download_button(
        text("download_clock", lang),
        data=export.clock_markdown(
            view,
            load_guideline(),
            dates=read.dates,
            labels=labels,
            treatment=options[choice][1],
            made=ctx.today(),
            lang=lang,
        ),
        file_name=export.file_name("forlopsklokke", made=ctx.today()),
        mime="text/markdown",
        key="download-clock",
        on_click="ignore",
        icon=":material/download:",
    )


# -- flowchart and guideline ------------------------------------------------------------------------


def flow_page(ctx: Context) -> None:
    """The flowchart drawn from the facts, then the same as a list (readable on any screen)."""
    lang = ctx.lang
    st.title(text("flow_heading", lang))
    st.graphviz_chart(pathway_dot(lang), width="stretch", alt=text("flow_text_heading", lang))
    st.caption(text("flow_caption", lang))
    st.header(text("flow_text_heading", lang))
    st.markdown(pathway_outline(lang))


def _section_to_url() -> None:
    st.query_params[SECTION_PARAM] = st.session_state[SECTION_PARAM]


def guideline_page(ctx: Context) -> None:
    """The whole cleaned guideline, one section (with its sub-sections) at a time, and its edition."""
    lang = ctx.lang
    guideline = load_guideline()
    st.title(text("guideline_heading", lang))
    st.caption(text("guideline_intro", lang, title=md_escape(guideline.title)))
    ids = [s.id for s in guideline.sections]
    by_id = {s.id: s for s in guideline.sections}
    # A link from a citation arrives as ?section=<id>; the URL follows the choice, so a reload keeps it.
    wanted = st.query_params.get(SECTION_PARAM)
    if wanted in by_id and st.session_state.get(SECTION_PARAM) != wanted:
        st.session_state[SECTION_PARAM] = wanted
    chosen = st.selectbox(
        text("guideline_section_label", lang),
        ids,
        format_func=lambda sid: by_id[sid].path_label,
        key=SECTION_PARAM,
        on_change=_section_to_url,
    )
    section = by_id.get(chosen or ids[0], guideline.sections[0])
    for s in guideline.sections:
        if s.id == section.id or s.id.startswith(section.id + "/"):
            level = min(6, 2 + s.level - section.level)
            st.markdown(f"{'#' * level} {md_escape(s.title)}")
            if s.body:
                st.markdown(section_markdown(s))
    st.divider()
    st.header(text("edition_heading", lang))
    st.markdown(source_markdown(guideline, lang))
    st.download_button(
        text("guideline_download", lang),
        data=guideline.text,
        file_name=f"{guideline.pathway}-pakkeforlop.md",
        mime="text/markdown",
        key="download-guideline",
        on_click="ignore",
        icon=":material/download:",
    )


def sidebar(lang: str) -> None:
    """The sidebar: the edition block, the disclaimer and the privacy note."""
    with st.sidebar:
        st.subheader(text("source_heading", lang))
        with one_line_errors(lang):
            st.markdown(source_markdown(load_guideline(), lang))
        st.caption(text("disclaimer", lang))
        st.caption(text("privacy", lang))
