"""The app's package side: wording as data, inert user text, highlighted citations, clock rows and chart."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import app as ui
from guideline.answers import Answer, Citation
from guideline.answers.render import AUDIENCES, KINDS
from guideline.errors import BadDate, BadInput, GuidelineError, StaleIndex
from guideline.rules.facts import load_facts

MARKUP = "<b>fet</b> **stjerne** <script>alert(1)</script>"
_SPECIAL = set("\\`*_[]<>#|~$!{}&")


def unescape(markdown: str) -> str:
    """Undo backslash escapes (what a Markdown renderer shows for escaped text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


# -- wording and examples -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_audience_and_kind_has_wording(lang):
    for audience in AUDIENCES:
        assert ui.audience_label(audience, lang)
    for kind in KINDS:
        badge = ui.kind_badge(kind, lang)
        assert badge.label and badge.color in {"red", "orange", "yellow", "blue", "green", "violet", "gray"}


def test_english_only_overrides_keys_norwegian_has():
    import tomllib

    data = tomllib.loads((ui.prompts_dir() / "ui.toml").read_text(encoding="utf-8"))
    assert set(data["en"]) <= set(data["nb"])
    assert ui.strings("en")["tab_chat"] == ui.strings("nb")["tab_chat"]  # falls back to nb


def test_audience_labels_are_the_ones_people_know():
    assert [ui.audience_label(a) for a in AUDIENCES] == ["Lege", "Forløpskoordinator", "Pårørende"]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_has_norwegian_examples(audience):
    examples = ui.examples(audience, "nb")
    assert examples and all(q.strip().endswith("?") for q in examples)
    assert ui.examples(audience, "en")


def test_examples_refuse_unknown_audience():
    with pytest.raises(BadInput, match="doctor, coordinator, relative"):
        ui.examples("nurse")


def test_text_fills_placeholders():
    assert ui.text("status_open_left", n=3) == "Åpen – 3 dager igjen"


# -- user text is shown as text -------------------------------------------------------------------


def test_user_markup_is_escaped():
    assert ui.user_markdown(MARKUP) == r"\<b\>fet\</b\> \*\*stjerne\*\* \<script\>alert(1)\</script\>"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("3. mars 2026 – frist?", r"3\. mars 2026 – frist?"),
        ("1) første", r"1\) første"),
        ("10.03.2026 er datoen", "10.03.2026 er datoen"),
        ("- punkt", r"\- punkt"),
        ("+ punkt", r"\+ punkt"),
        ("===", r"\==="),
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("[lenke](http://x)", r"\[lenke\](http://x)"),
        ("# overskrift", r"\# overskrift"),
        ("linje 1\n\nlinje 2", "linje 1  \nlinje 2"),
    ],
)
def test_user_text_cannot_start_markdown_blocks(typed, shown):
    assert ui.user_markdown(typed) == shown


@given(st.text(max_size=200))
def test_user_text_round_trips_and_every_special_character_is_escaped(typed):
    shown = ui.user_markdown(typed)
    lines = [" ".join(line.split()) for line in typed.splitlines() if line.split()]
    assert [unescape(line) for line in shown.split("  \n")] == (lines or [""])
    bare = re.sub(r"\\.", "", shown)
    assert not (set(bare) & _SPECIAL)


# -- citations --------------------------------------------------------------------------------------


def test_highlight_marks_quotes_line_by_line_after_escaping():
    text = "Ved mistanke skal fastlegen ta:\nProteinelektroforese\nSerum [lette] kjeder\nAnnet."
    got = ui.highlight(text, ["fastlegen ta:", "Proteinelektroforese Serum [lette]"])
    assert got == (
        "Ved mistanke skal :orange-background[fastlegen ta:]  \n"
        ":orange-background[Proteinelektroforese]  \n"
        r":orange-background[Serum \[lette\]] kjeder  "
        "\n"
        "Annet."
    )


def test_highlight_can_wrap_in_bold_and_leaves_unquoted_text_alone():
    assert (
        ui.highlight("Før. Sitat her. Etter.", ["Sitat her."], mark="**{text}**")
        == "Før. **Sitat her.** Etter."
    )
    assert ui.highlight("Ingen treff <her>.", ["mangler"]) == r"Ingen treff \<her\>."


def test_quote_spans_ignore_whitespace_and_merge_overlaps():
    assert ui.quote_spans("a  b\nc d", ["b c", "a b"]) == [(0, 6)]


def _answer() -> Answer:
    return Answer(
        question=MARKUP,
        audience="doctor",
        lang="nb",
        kind="search",
        answer="x",
        citations=(
            Citation(2, "b#1", "b", "Del › *B*", "Andre tekst.", ("Andre tekst.",)),
            Citation(1, "a#1", "a", "Del › A", "Første linje.\nSitert setning.", ("Sitert setning.",)),
        ),
    )


def test_citation_items_in_marker_order_with_highlight():
    items = ui.citation_items(_answer())
    assert [i.n for i in items] == [1, 2]
    assert items[0].label == r"\[1\] Del › A"
    assert items[0].body == "Første linje.  \n:orange-background[Sitert setning.]"
    assert items[1].label == r"\[2\] Del › \*B\*"
    assert items[0].caption == "Avsnitt: a"


# -- errors -----------------------------------------------------------------------------------------


def test_error_lines_are_one_line_and_hide_foreign_messages():
    assert (
        ui.error_line(BadInput("the question is empty")) == "Kan ikke svare på dette: the question is empty"
    )
    assert ui.error_line(StaleIndex("index\nis stale")) == "Feil i forløpsveilederen: index is stale"
    line = ui.error_line(ValueError("secret patient name"))
    assert "ValueError" in line and "secret" not in line and "\n" not in line


def test_ask_turns_every_failure_into_a_turn_with_an_error():
    def broken():
        raise GuidelineError("no model")

    turn = ui.ask(broken, "Hva er A04A?", "doctor")
    assert turn.answer is None and turn.error == "Feil i forløpsveilederen: no model"
    assert turn.question == "Hva er A04A?" and turn.audience == "doctor"


# -- pathway clock ----------------------------------------------------------------------------------


def test_clock_fields_follow_the_events():
    fields = ui.clock_fields()
    assert [f.event for f in fields] == [e.id for e in load_facts().events]
    assert [f.required for f in fields] == [True] + [False] * (len(fields) - 1)
    assert "A04A" in fields[0].help


def test_treatment_options_end_with_both():
    options = ui.treatment_options()
    assert [o[0] for o in options] == [*(t.id for t in load_facts().treatments), None]
    assert options[-1][1] == "Begge"


def test_clock_view_rows_for_a_referral():
    view = ui.clock_view({"referral": date(2026, 3, 3), "first_visit": None}, today=date(2026, 3, 5))
    first = view.rows[0]
    assert first["deadline"] == date(2026, 3, 10)
    assert first["days"] == 7 and first["status"] == "Åpen – 5 dager igjen"
    assert set(first) == set(ui.COLUMNS) and set(view.columns) == set(ui.COLUMNS)
    assert not view.errors and len(view.sources) == len(view.rows)


def test_table_rows_write_dates_out_under_the_headings():
    view = ui.clock_view({"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 9)})
    first = ui.table_rows(view)[0]
    assert list(first) == list(ui.column_headings().values())
    assert (first["Frist"], first["Faktisk"], first["Dager brukt"]) == ("10.03.2026", "09.03.2026", "6")
    assert ui.table_rows(ui.clock_view({"referral": date(2026, 3, 3)}))[0]["Faktisk"] == "–"
    english = ui.clock_view({"referral": date(2026, 3, 3)}, lang="en")
    assert ui.table_rows(english, "en")[0]["Deadline"] == "2026-03-10"


def test_table_cells_are_inert_markdown():
    """st.table renders Markdown: a cell starting "25. november" would become a numbered list."""
    view = ui.clock_view({"referral": date(2026, 3, 3)})
    row = {**view.rows[0], "label": "25. november <b>"}
    shown = ui.table_rows(dataclasses.replace(view, rows=(row,)))[0]
    assert shown["Forløpstid"] == r"25\. november \<b\>"


def test_clock_view_met_missed_and_treatment_filter():
    view = ui.clock_view(
        {"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 12), "decision": date(2026, 3, 20)},
        "medikamentell",
    )
    by_label = {r["label"]: r for r in view.rows}
    visit = by_label["Fra henvisning mottatt til første fremmøte"]
    assert visit["status"] == "Ikke overholdt" and visit["days_used"] == 9
    assert by_label["Fra første fremmøte til avsluttet utredning (beslutning tas)"]["status"] == "Overholdt"
    assert not any("strålebehandling" in label for label in by_label)


def test_clock_view_reports_dates_out_of_order():
    view = ui.clock_view({"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 1)})
    assert view.errors and "sjekk datoene" in view.errors[0]


def test_clock_view_turns_bad_input_into_one_line():
    view = ui.clock_view({"referral": date(1800, 1, 1)})
    assert view.report is None and len(view.errors) == 1 and "1800" in view.errors[0]
    assert isinstance(BadDate("x"), BadInput)


def test_timeline_chart_is_a_valid_vega_lite_spec():
    view = ui.clock_view(
        {"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 9)}, today=date(2026, 3, 10)
    )
    spec = ui.timeline_chart(view).to_dict()  # altair validates against the Vega-Lite schema
    rows, today = spec["layer"]
    assert [layer["mark"]["type"] for layer in rows["layer"]] == ["bar", "tick", "point"]
    values = rows["data"]["values"]
    assert values[0]["deadline"] == "2026-03-10" and values[0]["status"] == "Overholdt"
    assert today["data"]["values"] == [{"today": "2026-03-10"}]


def test_timeline_chart_is_none_without_rows():
    assert ui.timeline_chart(ui.clock_view({"referral": date(1800, 1, 1)})) is None
