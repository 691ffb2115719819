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


def _keys(table, prefix=""):
    return {
        k
        for key, value in table.items()
        for k in ({prefix + key} | (_keys(value, f"{prefix}{key}.") if isinstance(value, dict) else set()))
    }


def test_both_languages_have_every_string():
    import tomllib

    data = tomllib.loads((ui.prompts_dir() / "ui.toml").read_text(encoding="utf-8"))
    assert set(ui.LANGS) == set(data)
    assert _keys(data["en"]) == _keys(data["nb"])
    assert ui.text("page_clock", "en") == "Pathway clock" and ui.text("page_clock", "nb") == "Forløpsklokke"


@pytest.mark.parametrize(
    ("value", "lang"), [("en", "en"), ("nb", "nb"), ("fr", "nb"), (None, "nb"), (["en"], "nb")]
)
def test_page_lang_accepts_only_our_languages(value, lang):
    assert ui.page_lang(value) == lang


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


def test_error_lines_are_in_the_page_language():
    exc = BadInput("the question is empty", nb="spørsmålet er tomt")
    assert ui.error_line(exc, "nb") == "Kan ikke svare på dette: spørsmålet er tomt"
    assert ui.error_line(exc, "en") == "Cannot answer this: the question is empty"
    assert ui.error_line(ValueError("x"), "en").startswith("Something went wrong (ValueError)")


def test_a_question_over_the_limit_gets_a_line_with_the_limit():
    long = "x" * 2750
    assert ui.too_long_line(long, "nb") == (
        "Spørsmålet er 2 750 tegn langt. Grensen er 2 000 tegn: kort det ned og send igjen."
    )
    assert "2,750 characters" in ui.too_long_line(long, "en") and "2,000" in ui.too_long_line(long, "en")
    assert ui.too_long_line("x" * ui.MAX_QUESTION_CHARS) is None

    def never():
        raise AssertionError("the assistant is not asked")

    turn = ui.ask(never, long, "doctor", "en")
    assert turn.answer is None and turn.error == ui.too_long_line(long, "en") and turn.lang == "en"
    shown = ui.user_text(long, "nb")
    assert shown.endswith("(2 750 tegn i alt)") and len(shown) < 500
    assert ui.user_text(MARKUP) == MARKUP  # shown literally, with st.text


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
    assert set(first) == {*ui.COLUMNS, "kind", "state", "note"} and set(view.columns) == set(ui.COLUMNS)
    assert (first["kind"], first["state"], first["note"]) == ("row", "open", "")
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


def test_timeline_spans_the_cases_own_dates_not_today():
    view = ui.clock_view({"referral": date(2026, 3, 3)}, "medikamentell", today=date(2026, 12, 1))
    assert ui.timeline_domain(view) == (date(2026, 3, 2), date(2026, 4, 3))
    spec = ui.timeline_chart(view).to_dict()
    assert "today" not in str(spec)  # today lies outside the case: no rule stretches the axis
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["2026-03-02", "2026-04-03"]


# -- dates typed as text, rows that cannot be computed, the acute route ------------------------------


@pytest.mark.parametrize(
    ("typed", "lang", "message"),
    [
        ("31.02.2026", "nb", "Henvisning mottatt: 31.02.2026 finnes ikke: februar 2026 har 28 dager."),
        ("31.02.2026", "en", "Referral received: 31.02.2026 does not exist: February 2026 has 28 days."),
        ("2026-13-01", "nb", "Henvisning mottatt: 2026-13-01 finnes ikke: det finnes ingen måned 13 (måned 1–12)."),
        ("i går", "nb", "Henvisning mottatt: Kan ikke lese «i går» som en dato. Skriv f.eks. 3.3.2026, 2026-03-03 eller 3. mars 2026."),
    ],
)  # fmt: skip
def test_an_impossible_date_gets_its_own_line_and_is_never_adjusted(typed, lang, message):
    read = ui.read_dates({"referral": typed, "first_visit": ""}, lang)
    assert read.errors == (message,)
    assert read.dates == {"referral": None, "first_visit": None}


def test_dates_are_read_in_any_written_form():
    read = ui.read_dates({"referral": "3.3.2026", "first_visit": "2026-03-09", "decision": "20. mars 2026"})
    assert read.errors == ()
    assert read.dates == {
        "referral": date(2026, 3, 3),
        "first_visit": date(2026, 3, 9),
        "decision": date(2026, 3, 20),
    }


def test_rows_with_dates_out_of_order_are_shown_as_not_computable_with_the_reason():
    view = ui.clock_view(
        {"referral": date(2026, 3, 3), "decision": date(2026, 3, 20), "treatment_start": date(2026, 3, 10)},
        "medikamentell",
    )
    by_label = {r["label"]: r for r in view.rows}
    whole = by_label["Fra henvisning mottatt til start medikamentell behandling (hele forløpet)"]
    assert (whole["kind"], whole["deadline"], whole["days_used"]) == ("not_computable", None, None)
    assert (
        whole["status"]
        == "Kan ikke regnes ut: Start behandling er datert før avsluttet utredning (beslutning tas)."
    )
    assert "Overholdt" not in {r["status"] for r in view.rows}
    shown = {row["Forløpstid"]: row for row in ui.table_rows(view)}
    assert shown["Fra henvisning mottatt til start medikamentell behandling (hele forløpet)"]["Frist"] == "–"
    assert all(d["label"] != whole["label"] for d in ui.timeline_data(view))  # not drawn either


def test_first_visit_before_referral_is_not_counted_from_the_wrong_date():
    view = ui.clock_view({"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 1)}, lang="en")
    assert {r["kind"] for r in view.rows} == {"not_computable"}
    assert all(
        r["status"].startswith("Cannot be computed: First visit is dated before referral") for r in view.rows
    )


def test_the_acute_route_is_its_own_line_quoted_from_the_guideline():
    label, help_line = ui.acute_option("nb")
    acute = load_facts().fact("rule.acute")
    assert label == acute.label_nb and acute.citations[0].quote in help_line
    assert ui.acute_window("nb") == f"{acute.data['days_min']}–{acute.data['days_max']} døgn"
    view = ui.clock_view({"referral": date(2026, 3, 3)}, acute=True, today=date(2026, 3, 4))
    first = view.rows[0]
    assert (first["kind"], first["days"], first["deadline"]) == ("acute", "1–2 døgn", date(2026, 3, 5))
    assert first["status"] == "Åpen – 1 dager igjen"
    assert "1-2 døgn" in view.sources[0]
    assert ui.clock_view({"referral": date(2026, 3, 3)}).rows[0]["kind"] == "row"


def test_cards_for_a_narrow_screen_hold_every_column():
    view = ui.clock_view({"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 9)})
    cards = ui.cards_markdown(view)
    first = cards.split("\n\n---\n\n")[0]
    assert first.startswith("**Fra henvisning mottatt til første fremmøte**")
    for heading in list(ui.column_headings().values())[1:]:
        assert f"{heading}: " in first
    assert "Status: Overholdt" in first


# -- citations keep tables, lists and links; the guideline reader -----------------------------------


def test_a_table_in_a_citation_stays_a_table_with_the_quote_marked():
    from guideline.corpus.document import load_guideline

    section = load_guideline().section("utredning/registrering/klinisk-beslutning")
    md = ui.passage_markdown(
        section.body, ["A04CK Klinisk beslutning – Påvist myelomatose og behandling besluttet"]
    )
    assert "| Kode | Kodebeskrivelse |\n| --- | --- |\n| :orange-background[A04CK] |" in md
    assert md.count("\n| A04C") == 3


def test_a_list_in_a_citation_stays_a_list():
    from guideline.corpus.document import load_guideline

    section = load_guideline().section("inngang/filterfunksjon")
    md = ui.passage_markdown(section.body, ["Proteinelektroforese"])
    assert "\n\n- :orange-background[Proteinelektroforese]\n- Serum/plasma lette kjeder\n- " in md


def test_links_in_a_citation_point_at_the_url_itself():
    md = ui.passage_markdown("Tekst.\n\n<https://metodebok.no/index.php?action=topic&item=ZJK9umqF>")
    assert md.endswith(
        "[https://metodebok.no/index.php?action=topic\\&item=ZJK9umqF](https://metodebok.no/index.php?action=topic&item=ZJK9umqF)"
    )
    assert "%5C" not in md


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://a.no/x?y=1&z=2", "https://a.no/x?y=1&z=2"), ("https://a.no/(x) y", "https://a.no/%28x%29%20y"),
     ("javascript:alert(1)", ""), ("ftp://a.no", "")],
)  # fmt: skip
def test_safe_url(url, safe):
    assert ui.safe_url(url) == safe


def test_citation_body_shows_only_the_cited_passage_and_its_table_header():
    from guideline.corpus.document import load_guideline

    guideline = load_guideline()
    cite = Citation(
        1, "inngang/forlopstid#1", "inngang/forlopstid", "Forløpstid",
        "Forløpsbeskrivelse Forløpstid\nFra henvisning mottatt til første fremmøte ved utredende avdeling 7 kalenderdager",
        ("Fra henvisning mottatt til første fremmøte ved utredende avdeling 7 kalenderdager",),
    )  # fmt: skip
    body = ui.citation_body(cite, guideline)
    assert body.startswith("| Forløpsbeskrivelse | Forløpstid |\n| --- | --- |\n| :orange-background[")
    assert "medullakompresjon" not in body  # the next paragraph is not part of this passage


def test_guideline_text_in_a_passage_is_inert():
    md = ui.passage_markdown(
        "Før <b>x</b> **y** [l](http://e)\n\n- 1. punkt <i>\n\n| a *b* | c |\n| --- | --- |\n| <x> | y |"
    )
    bare = re.sub(r"\\.", "", md.replace(":orange-background[", ""))
    assert "<b>" not in bare and "**" not in bare and "](http://e)" not in bare


def test_every_section_renders():
    from guideline.corpus.document import load_guideline

    for section in load_guideline().sections:
        md = ui.section_markdown(section)
        assert (md == "") == (section.body == ""), section.id


def test_edition_block_shows_hash_retrieval_and_link():
    from guideline.corpus.document import load_guideline

    guideline = load_guideline()
    nb, en = ui.source_markdown(guideline, "nb"), ui.source_markdown(guideline, "en")
    assert guideline.source_sha256 in nb and guideline.source_file.replace("-", "-") in unescape(nb)
    assert "Hentet: ikke registrert" in nb  # pathway.toml records no date, and none is invented
    assert "Retrieved: not recorded" in en and "Version: not stated in the source text" in en
    assert "](https://www.helsedirektoratet.no/nasjonale-forlop/myelomatose)" in nb


# -- exports ----------------------------------------------------------------------------------------


def test_answer_export_has_question_answer_quotes_and_sources():
    from guideline.corpus.document import load_guideline

    answer = dataclasses.replace(_answer(), answer="Svar med **fet** [1]")
    turn = ui.Turn(MARKUP, "relative", answer=answer, lang="nb")
    md = ui.answer_markdown(turn, load_guideline(), made=date(2026, 3, 10))
    assert md.startswith("# Forløpsveileder – svar\n")
    assert "> " + ui.inert_line(MARKUP) in md  # the question, escaped
    assert "**Svar til:** Pårørende" in md and "**Type svar:** Fra søk" in md
    assert "Svar med **fet** [1]" in md
    assert "### \\[1\\] Del › A" in md and "**Sitert setning.**" in md and "- «Sitert setning.»" in md
    assert load_guideline().source_sha256 in md and "erstatter ikke" in md
    assert ui.file_name("svar", 2, made=date(2026, 3, 10)) == "forlopsveileder-svar-2-2026-03-10.md"


def test_clock_export_has_the_table_reasons_and_quotes():
    from guideline.corpus.document import load_guideline

    dates = {"referral": date(2026, 3, 3), "first_visit": date(2026, 3, 1)}
    view = ui.clock_view(dates, acute=True)
    md = ui.clock_markdown(
        view, load_guideline(), dates=dates, labels={"referral": "Henvisning mottatt"}, treatment="Begge",
        made=date(2026, 3, 10),
    )  # fmt: skip
    assert "- Henvisning mottatt: 03.03.2026" in md and "- Behandlingstype: Begge" in md
    assert "> Første fremmøte (1. mars 2026) er datert før" in md
    assert "| Forløpstid | Dager | Start | Frist | Faktisk | Dager brukt | Status |" in md
    assert "Kan ikke regnes ut: Første fremmøte er datert før henvisning mottatt." in md
    assert "«Ved mistanke om medullakompresjon" in md and "Hentet:" in md
