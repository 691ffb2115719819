"""The Streamlit page, run headless with AppTest: chat per audience, examples, clock, flowchart, safety."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from guideline import app as ui
from guideline.corpus.document import load_guideline

pytestmark = pytest.mark.model

QUESTIONS = {
    "doctor": ("Hvilke prøver skal fastlegen ta ved mistanke om myelomatose?", "Proteinelektroforese"),
    "coordinator": ("Henvisning mottatt 3. mars 2026 – når er fristen for første fremmøte?", "10. mars 2026"),
    "relative": ("Hva er en beinmargsprøve, og hvorfor tar de den?", "beinmarg"),
}
MARKUP = "<b>fet</b> **stjerne** <script>alert(1)</script>"


@pytest.fixture
def app(real_index_dir, monkeypatch) -> AppTest:
    """A fresh session of the app on the shared index. The model is a cache_resource: it loads once per process."""
    monkeypatch.setenv("GUIDELINE_INDEX_DIR", str(real_index_dir))
    monkeypatch.delenv("GUIDELINE_MODEL", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str, audience: str | None = None) -> AppTest:
    if audience is not None:
        at.sidebar.radio(key="audience").set_value(audience).run()
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    return at


def last_reply(at: AppTest):
    messages = list(at.chat_message)
    assert [m.name for m in messages[-2:]] == ["user", "assistant"]
    return messages[-2], messages[-1]


def all_markdown(at: AppTest) -> list:
    return [*at.markdown, *at.caption, *at.sidebar.markdown, *at.sidebar.caption]


# -- chat -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", list(QUESTIONS))
def test_question_in_each_audience_gets_an_answer_with_a_citation(app, audience):
    question, expected = QUESTIONS[audience]
    user, reply = last_reply(ask(app, question, audience))
    assert user.markdown[0].value == ui.user_markdown(question)
    body = "\n".join(m.value for m in reply.markdown)
    assert expected.lower() in body.lower()
    assert any(label in body for label in ("Fra regelverket", "Fra søk", "Utenfor pakkeforløpet"))
    labels = [e.label for e in reply.expander]
    assert labels and labels[0].startswith(r"\[1\] ")
    assert reply.expander[0].markdown[0].value  # the passage
    assert ":orange-background[" in "".join(e.markdown[0].value for e in reply.expander)
    assert not reply.error


EXAMPLES = [(audience, i) for audience in ui.AUDIENCES for i in range(len(ui.examples(audience)))]


@pytest.mark.parametrize(("audience", "i"), EXAMPLES)
def test_example_question_can_be_clicked_and_is_answered(app, audience, i):
    app.sidebar.radio(key="audience").set_value(audience).run()
    app.button(key=f"example-{audience}-{i}").click().run()
    assert not app.exception
    user, reply = last_reply(app)
    assert user.markdown[0].value == ui.user_markdown(ui.examples(audience)[i])
    assert reply.expander and not reply.error
    assert "Utenfor pakkeforløpet" not in reply.markdown[0].value


def test_history_keeps_earlier_turns(app):
    ask(app, QUESTIONS["doctor"][0])
    ask(app, QUESTIONS["relative"][0], "relative")
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]


def test_markup_typed_by_the_user_is_shown_as_text(app):
    user, reply = last_reply(ask(app, MARKUP))
    shown = user.markdown[0].value
    assert shown == r"\<b\>fet\</b\> \*\*stjerne\*\* \<script\>alert(1)\</script\>"
    assert reply.markdown and not reply.error  # answered (as out of scope), not refused with an error
    for element in all_markdown(app):
        assert not element.proto.allow_html, element.value
        assert "<script>" not in element.value and "<b>" not in element.value
    assert "<script>" not in " ".join(e.label for e in app.expander)


@pytest.mark.parametrize("question", ["", "   ", "?!"])
def test_unusable_question_gives_one_error_line_and_no_traceback(app, question):
    ask(app, question)
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("Kan ikke svare på dette:") and "\n" not in errors[0]
    assert "Traceback" not in errors[0]


def test_unloadable_model_is_one_error_line(real_index_dir, monkeypatch):
    monkeypatch.setenv("GUIDELINE_INDEX_DIR", str(real_index_dir))
    monkeypatch.setenv("GUIDELINE_MODEL", str(ROOT / "no-such-model"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    ask(at, QUESTIONS["doctor"][0])
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("\n" not in e and "Traceback" not in e for e in errors)


def test_questions_are_not_logged(app, caplog, capfd):
    secret = "Kari Nordmann-QX7 født 01.02.1950: hvilke prøver skal fastlegen ta?"
    caplog.set_level(logging.DEBUG)
    ask(app, secret, "doctor")
    out = capfd.readouterr()
    assert "QX7" not in caplog.text and "QX7" not in out.out and "QX7" not in out.err


# -- sidebar, clock, flowchart ----------------------------------------------------------------------


def test_sidebar_names_the_source_and_the_limits(app):
    guideline = load_guideline()
    text = " ".join(m.value for m in [*app.sidebar.markdown, *app.sidebar.caption])
    for part in (guideline.title, guideline.publisher, guideline.version_date):
        assert part in text
    assert "erstatter ikke" in text and "lagres ikke" in text
    assert app.sidebar.radio(key="audience").options == ["Lege", "Forløpskoordinator", "Pårørende"]


def test_tabs(app):
    assert [t.label for t in app.tabs] == ["Chat", "Forløpsklokke", "Flytskjema"]


def clock_table(app: AppTest):
    """The clock table with the package's column keys (the page shows headings)."""
    table = app.table[0].value.map(lambda v: v.replace("\\", "") if isinstance(v, str) else v)
    return table.rename(columns={heading: key for key, heading in ui.column_headings().items()})


def test_clock_tab_computes_the_deadline(app):
    app.date_input(key="clock-referral").set_value(date(2026, 3, 3)).run()
    table = clock_table(app)
    assert table.iloc[0]["deadline"] == "10.03.2026"  # 2026-03-10
    assert table.iloc[0]["start"] == "03.03.2026" and table.iloc[0]["days"] == "7"
    assert not app.exception and not app.error


def test_clock_tab_shows_met_and_missed(app):
    app.date_input(key="clock-referral").set_value(date(2026, 3, 3))
    app.date_input(key="clock-first_visit").set_value(date(2026, 3, 12)).run()
    table = clock_table(app)
    row = table[table["deadline"] == "10.03.2026"].iloc[0]
    assert (row["status"], row["days_used"], row["actual"]) == ("Ikke overholdt", "9", "12.03.2026")


def test_clock_tab_reports_dates_out_of_order(app):
    app.date_input(key="clock-referral").set_value(date(2026, 3, 3))
    app.date_input(key="clock-first_visit").set_value(date(2026, 3, 1)).run()
    assert not app.exception
    assert any("sjekk datoene" in e.value for e in app.error)


def test_clock_tab_filters_by_treatment(app):
    app.date_input(key="clock-referral").set_value(date(2026, 3, 3))
    app.date_input(key="clock-decision").set_value(date(2026, 3, 20))
    app.radio(key="clock-treatment").set_value(0).run()  # the first treatment type
    labels = list(clock_table(app)["label"])
    assert any("medikamentell" in label for label in labels)
    assert not any("strålebehandling" in label for label in labels)


def test_flowchart_tab_draws_the_generated_chart(app):
    charts = app.get("graphviz_chart")
    assert len(charts) == 1 and "A04O" in charts[0].proto.spec
    assert any("Kommer" in c.value for c in app.caption)
