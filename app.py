"""Forløpsveileder in the browser: chat, pathway clock, flowchart and the guideline.  Run: streamlit run app.py

A thin page. Navigation (``st.navigation``), the language switch and the model loader live
here; the pages are drawn by ``guideline.app`` and answers come from ``guideline.answers``.
Environment variables are read here only: GUIDELINE_MODEL and GUIDELINE_INDEX_DIR. Nothing
the user types is written to disk or logs: the chat lives in ``st.session_state`` for the
length of the browser session, downloads go to the browser, and errors become one line.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import streamlit as st

from guideline import app as ui
from guideline.answers import Assistant


@st.cache_resource(show_spinner=False)
def _load_assistant(model: str, index_dir: str | None) -> Assistant:
    """The model and index, loaded once per process and settings (a missing or stale index is built)."""
    return Assistant.open(model=model, index_dir=Path(index_dir) if index_dir else None, rebuild=True)


def assistant() -> Assistant:
    return _load_assistant(
        os.environ.get("GUIDELINE_MODEL") or ui.DEFAULT_MODEL, os.environ.get("GUIDELINE_INDEX_DIR") or None
    )


def main() -> None:
    lang = ui.language_switch()
    st.set_page_config(page_title=ui.text("page_title", lang), page_icon=ui.text("page_icon"), layout="wide")
    ui.page_head(lang)
    ctx = ui.Context(lang=lang, assistant=assistant, pages={})
    pages = {
        "chat": st.Page(partial(ui.chat_page, ctx), title=ui.text("page_chat", lang), icon=":material/chat:",
                        url_path="chat", default=True),
        "clock": st.Page(partial(ui.clock_page, ctx), title=ui.text("page_clock", lang),
                         icon=":material/event:", url_path="forlopsklokke"),
        "flow": st.Page(partial(ui.flow_page, ctx), title=ui.text("page_flow", lang),
                        icon=":material/account_tree:", url_path="flytskjema"),
        "guideline": st.Page(partial(ui.guideline_page, ctx), title=ui.text("page_guideline", lang),
                             icon=":material/menu_book:", url_path="pakkeforlopet"),
    }  # fmt: skip
    ctx.pages.update(pages)
    ui.sidebar(lang)
    st.navigation(list(pages.values()), position="top").run()


main()
