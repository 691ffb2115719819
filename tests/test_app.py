"""The Streamlit pages, run headless with AppTest: chat per audience and language, examples, Ny samtale,
long pastes, the clock's wrong dates, the flowchart and the guideline reader, safety."""

from __future__ import annotations

import logging

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from guideline import app as ui
from guideline.corpus.document import load_guideline

QUESTIONS = {
    "doctor": ("Hvilke prøver skal fastlegen ta ved mistanke om myelomatose?", "Proteinelektroforese"),
    "coordinator": ("Henvisning mottatt 3. mars 2026 – når er fristen for første fremmøte?", "10. mars 2026"),
    "relative": ("Hva er en beinmargsprøve, og hvorfor tar de den?", "beinmarg"),
}
MARKUP = "<b>fet</b> **stjerne** <script>alert(1)</script> :red[rød] :smile: $x^2$"


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
        at.button_group(key="audience").set_value(audience).run()
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


@pytest.mark.model
@pytest.mark.parametrize("audience", list(QUESTIONS))
def test_question_in_each_audience_gets_an_answer_for_that_audience(app, audience):
    question, expected = QUESTIONS[audience]
    user, reply = last_reply(ask(app, question, audience))
    assert user.text[0].value == question  # shown literally with st.text
    body = "\n".join(m.value for m in reply.markdown)
    assert expected.lower() in body.lower()
    badges = " ".join(m.value for m in reply.markdown if "-badge[" in m.value)
    assert "Fra regelverket" in badges or "Fra søk" in badges
    assert f"Svar til: {ui.audience_label(audience)}" in badges
    labels = [e.label for e in reply.expander]
    assert labels and labels[0].startswith(r"\[1\] ")
    assert ":orange-background[" in "".join(e.markdown[0].value for e in reply.expander)
    links = reply.expander[0].get("page_link")
    assert links and links[0].proto.label == "Les hele avsnittet"
    assert not reply.error
    assert [d.proto.label for d in reply.get("download_button")] == ["Last ned svaret (Markdown)"]


EXAMPLES = [(audience, i) for audience in ui.AUDIENCES for i in range(len(ui.examples(audience)))]


@pytest.mark.model
@pytest.mark.parametrize(("audience", "i"), EXAMPLES)
def test_example_question_can_be_clicked_and_is_answered(app, audience, i):
    app.button_group(key="audience").set_value(audience).run()
    app.button(key=f"example-{audience}-{i}").click().run()
    assert not app.exception
    user, reply = last_reply(app)
    assert user.text[0].value == ui.examples(audience)[i]
    assert reply.expander and not reply.error
    assert "Utenfor pakkeforløpet" not in reply.markdown[0].value


@pytest.mark.model
def test_history_keeps_earlier_turns_and_ny_samtale_clears_them_but_keeps_the_audience(app):
    ask(app, QUESTIONS["doctor"][0])
    ask(app, QUESTIONS["relative"][0], "relative")
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert not app.button(key="new-chat").disabled
    app.button(key="new-chat").click().run()
    assert list(app.chat_message) == []
    assert app.button_group(key="audience").value == "relative"
    assert app.chat_input(key="question").placeholder == "Still et spørsmål som pårørende …"
    assert app.button(key="example-relative-0")  # the examples are back


@pytest.mark.model
def test_markup_and_streamlit_directives_typed_by_the_user_are_shown_literally(app):
    user, reply = last_reply(ask(app, MARKUP))
    assert [t.value for t in user.text] == [MARKUP]
    assert not user.markdown  # no Markdown element for the user's words at all
    assert reply.markdown and not reply.error
    for element in all_markdown(app):
        assert not element.proto.allow_html, element.value
        assert "<script>" not in element.value and "<b>" not in element.value
    assert "<script>" not in " ".join(e.label for e in app.expander)


@pytest.mark.model
@pytest.mark.parametrize("question", ["", "   ", "?!"])
def test_unusable_question_gives_one_error_line_and_no_traceback(app, question):
    ask(app, question)
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("Kan ikke svare på dette:") and "\n" not in errors[0]
    assert "Traceback" not in errors[0]


@pytest.mark.model
def test_a_long_paste_is_never_dropped_it_gets_the_limit(app):
    ask(app, "Hva er A04A? " + "x" * 2737)
    user, reply = last_reply(app)
    assert user.text[0].value.endswith("(2 750 tegn i alt)")
    assert [e.value for e in reply.error] == [
        "Spørsmålet er 2 750 tegn langt. Grensen er 2 000 tegn: kort det ned og send igjen."
    ]


@pytest.mark.model
def test_english_page_has_english_wording_and_errors(app):
    app.button_group(key="lang").set_value("en").run()
    assert [t.value for t in app.title] == ["Chat"]
    assert app.chat_input(key="question").placeholder == "Ask a question as a doctor …"
    assert app.button_group(key="audience").options == ["Doctor", "Pathway coordinator", "Relative"]
    assert app.query_params.get("lang") == ["en"] or app.query_params.get("lang") == "en"
    ask(app, "?!")
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("Cannot answer this: ") and "spørsmålet" not in errors[0]
    ask(app, "Which tests should the GP take when myeloma is suspected?")
    _, reply = last_reply(app)
    badges = " ".join(m.value for m in reply.markdown if "-badge[" in m.value)
    assert "From the rules" in badges and "Answer for: Doctor" in badges


@pytest.mark.model
def test_unloadable_model_is_one_error_line(real_index_dir, monkeypatch):
    monkeypatch.setenv("GUIDELINE_INDEX_DIR", str(real_index_dir))
    monkeypatch.setenv("GUIDELINE_MODEL", str(ROOT / "no-such-model"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    ask(at, QUESTIONS["doctor"][0])
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("\n" not in e and "Traceback" not in e for e in errors)


@pytest.mark.model
def test_questions_are_not_logged(app, caplog, capfd):
    secret = "Kari Nordmann-QX7 født 01.02.1950: hvilke prøver skal fastlegen ta?"
    caplog.set_level(logging.DEBUG)
    ask(app, secret, "doctor")
    out = capfd.readouterr()
    assert "QX7" not in caplog.text and "QX7" not in out.out and "QX7" not in out.err


@pytest.mark.model
def test_sidebar_names_the_source_its_edition_and_the_limits(app):
    guideline = load_guideline()
    text = " ".join(m.value for m in [*app.sidebar.markdown, *app.sidebar.caption])
    for part in (guideline.title, guideline.publisher, guideline.version_date, guideline.source_sha256):
        assert part in text
    assert "erstatter ikke" in text and "lagres ikke" in text and "helsedirektoratet.no" in text


# -- the other pages, drawn by their page functions -----------------------------------------------


def page(name: str, lang: str = "nb") -> AppTest:
    """One page of the app on its own (no model needed), in ``lang``."""

    def script(name: str, lang: str) -> None:
        from datetime import date

        from guideline import app as ui

        def no_model():
            raise AssertionError("this page needs no model")

        ctx = ui.Context(lang=lang, assistant=no_model, pages={}, today=lambda: date(2026, 3, 5))
        getattr(ui, f"{name}_page")(ctx)

    at = AppTest.from_function(script, args=(name, lang), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def clock_with(dates: dict[str, str], lang: str = "nb", **extra) -> AppTest:
    at = page("clock", lang)
    for event, typed in dates.items():
        at.text_input(key=f"clock-{event}").input(typed)
    if extra.get("acute"):
        at.checkbox(key="clock-acute").check()
    if "treatment" in extra:
        at.radio(key="clock-treatment").set_value(extra["treatment"])
    at.run()
    assert not at.exception
    return at


def clock_table(at: AppTest, lang: str = "nb"):
    """The clock table with the package's column keys (the page shows headings)."""
    table = at.table[0].value.map(lambda v: v.replace("\\", "") if isinstance(v, str) else v)
    return table.rename(columns={heading: key for key, heading in ui.column_headings(lang).items()})


def test_clock_computes_the_deadline_from_a_typed_date():
    at = clock_with({"referral": "3.3.2026"})
    table = clock_table(at)
    assert table.iloc[0]["deadline"] == "10.03.2026"
    assert table.iloc[0]["start"] == "03.03.2026" and table.iloc[0]["days"] == "7"
    assert table.iloc[0]["status"] == "Åpen – 5 dager igjen"
    assert not at.error
    assert [d.proto.label for d in at.get("download_button")] == ["Last ned resultatet (Markdown)"]


def test_clock_asks_for_the_referral_first():
    at = page("clock")
    assert not at.table and [i.value for i in at.info] == [ui.text("clock_need_referral")]


@pytest.mark.parametrize(
    ("typed", "lang"), [("31.02.2026", "nb"), ("31.02.2026", "en"), ("29.02.2025", "nb")]
)
def test_clock_refuses_an_impossible_date_and_computes_nothing(typed, lang):
    at = clock_with({"referral": "3.3.2026", "first_visit": typed}, lang)
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert ("finnes ikke" if lang == "nb" else "does not exist") in errors[0] and typed in errors[0]
    assert not at.table  # never adjusted to 28.02 and counted
    assert [i.value for i in at.info] == [ui.text("clock_fix_dates", lang)]


def test_clock_shows_met_and_missed():
    table = clock_table(clock_with({"referral": "3.3.2026", "first_visit": "12.3.2026"}))
    row = table[table["deadline"] == "10.03.2026"].iloc[0]
    assert (row["status"], row["days_used"], row["actual"]) == ("Ikke overholdt", "9", "12.03.2026")


def test_clock_treatment_before_decision_counts_no_whole_pathway_row():
    at = clock_with(
        {"referral": "3.3.2026", "decision": "20.3.2026", "treatment_start": "10.3.2026"}, treatment=0
    )
    assert any("sjekk datoene" in e.value for e in at.error)
    table = clock_table(at)
    whole = table[table["label"].str.contains("hele forløpet")].iloc[0]
    assert whole["deadline"] == "–" and whole["status"].startswith("Kan ikke regnes ut: Start behandling")
    assert "Overholdt" not in set(table["status"])


def test_clock_first_visit_before_referral_is_not_counted():
    at = clock_with({"referral": "3.3.2026", "first_visit": "1.3.2026"})
    table = clock_table(at)
    assert set(table["deadline"]) == {"–"}
    assert all(s.startswith("Kan ikke regnes ut") for s in table["status"])


def test_clock_acute_route_is_its_own_line():
    at = clock_with({"referral": "3.3.2026", "treatment_start": "5.3.2026"}, acute=True)
    first = clock_table(at).iloc[0]
    assert first["label"].startswith("Akutt:") and first["days"] == "1–2 døgn"
    assert (first["deadline"], first["status"]) == ("05.03.2026", "Overholdt")
    assert "1-2 døgn" in at.checkbox(key="clock-acute").help


def test_clock_filters_by_treatment():
    at = clock_with({"referral": "3.3.2026", "decision": "20.3.2026"}, treatment=0)
    labels = list(clock_table(at)["label"])
    assert any("medikamentell" in label for label in labels)
    assert not any("strålebehandling" in label for label in labels)


def test_clock_in_english():
    at = clock_with({"referral": "2026-03-03"}, "en")
    table = clock_table(at, "en")
    assert table.iloc[0]["deadline"] == "2026-03-10" and table.iloc[0]["status"] == "Open – 5 days left"
    assert at.title[0].value == "Pathway clock"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_flowchart_page_draws_the_chart_and_its_text(lang):
    at = page("flow", lang)
    charts = at.get("graphviz_chart")
    assert len(charts) == 1 and "A04O" in charts[0].proto.spec and "acute" in charts[0].proto.spec
    assert any("Kommer" in c.value for c in at.caption)
    assert "A04X" in at.markdown[-1].value


def test_guideline_page_reads_every_section():
    at = page("guideline")
    guideline = load_guideline()
    box = at.selectbox(key="section")
    assert len(box.options) == len(guideline.sections)
    at.selectbox(key="section").set_value("utredning/registrering").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "| A04S | Utredning start – første fremmøte |" in shown  # a sub-section's table, as a table
    assert "### Klinisk beslutning" in shown
    assert guideline.source_sha256 in shown and "ikke registrert" in shown
    assert [d.proto.label for d in at.get("download_button")] == ["Last ned hele pakkeforløpet (Markdown)"]
