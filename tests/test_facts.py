"""The structured facts say what the guideline says, word for word, and nothing else."""

from __future__ import annotations

import re

import pytest

from guideline.corpus.document import contains_quote, load_guideline, pathway_dir
from guideline.errors import BadFacts, NotFound
from guideline.rules.facts import code, codes, fact, intervals, load_facts, parse_facts

GUIDELINE = load_guideline()
BOOK = load_facts()
FACTS_TOML = (pathway_dir() / "facts.toml").read_text(encoding="utf-8")
CITATIONS = [(f.id, c.section, c.quote) for f in BOOK.facts for c in f.citations]


@pytest.mark.parametrize(
    ("fact_id", "section", "quote"), CITATIONS, ids=[f"{c[0]}:{c[1]}" for c in CITATIONS]
)
def test_every_quote_is_verbatim_in_its_section(fact_id, section, quote):
    assert contains_quote(GUIDELINE.section(section).body, quote), f"{fact_id}: «{quote}»"


def test_every_fact_cites_and_labels_itself_in_both_languages():
    for f in BOOK.facts:
        assert f.citations, f.id
        assert f.label_nb.strip() and f.label_en.strip(), f.id
        assert all(GUIDELINE.section(s) for s in f.sections)


# Code, Kodebeskrivelse, part, clock event.
CODES = [
    ("A04A", "Start pakkeforløp – henvisning mottatt", "inngang", "referral"),
    ("A04S", "Utredning start – første fremmøte", "utredning", "first_visit"),
    ("A04O", "Overført til et annet helseforetak/sykehus", "utredning", "transfer"),
    ("A04CK", "Klinisk beslutning – Påvist myelomatose og behandling besluttet", "utredning", "decision"),
    ("A04CM", "Klinisk beslutning – Påvist eller mistanke om annen kreftsykdom", "utredning", "decision"),
    (
        "A04CA",
        "Klinisk beslutning – Påvist eller mistanke om annen sykdom enn kreft",
        "utredning",
        "decision",
    ),
    ("A04CI", "Klinisk beslutning – Ikke påvist sykdom", "utredning", "decision"),
    ("A04FK", "Behandling start – Kirurgisk behandling", "behandling", "treatment_start"),
    ("A04FM", "Behandling start – Medikamentell behandling", "behandling", "treatment_start"),
    ("A04FS", "Behandling start – Strålebehandling", "behandling", "treatment_start"),
    ("A04FL", "Behandling start – Symptomlindrendebehandling", "behandling", "treatment_start"),
    ("A04FO", "Behandling start – Aktiv overvåkning", "behandling", "treatment_start"),
    ("A04FI", "Behandling start – Ingen behandling", "behandling", "treatment_start"),
    ("A04X", "Avslutning av pakkeforløp", "behandling", "end"),
]


def test_all_fourteen_codes_in_the_guideline_order():
    assert BOOK.code_names() == tuple(c for c, *_ in CODES)
    assert [f.data["code"] for f in codes()] == [c for c, *_ in CODES]


@pytest.mark.parametrize(("name", "description", "step", "event"), CODES)
def test_code_has_its_table_row_part_and_event(name, description, step, event):
    f = code(name)
    assert f.data["description"] == description
    assert f.data["step"] == step and f.data["event"] == event
    assert f.citations[0].quote == f"{name} {description}"
    assert f.citations[0].section.startswith(step)
    assert name in f.label_nb and name in f.label_en


@pytest.mark.parametrize(
    ("name", "registered_on"),
    [
        ("A04A", "date_referral_received"),
        ("A04S", "date_first_visit"),
        ("A04O", "date_referral_sent"),
        *((c, "date_decision_with_patient") for c in ("A04CK", "A04CM", "A04CA", "A04CI")),
        *((c, "first_treatment_day") for c in ("A04FK", "A04FM", "A04FS", "A04FL")),
        ("A04FO", "date_of_conversation"),
        ("A04FI", "date_of_conversation"),
        ("A04X", "date_decision_to_end"),
    ],
)
def test_when_each_code_is_registered(name, registered_on):
    assert code(name).data["registered_on"] == registered_on


def test_a04a_has_the_three_start_situations():
    situations = code("A04A").data["situations"]
    assert len(situations) == 3
    assert 'merket "Pakkeforløp" mottas' in situations[0]
    assert "ikke er merket" in situations[1]
    assert situations[2].startswith("Begrunnet mistanke om kreft oppstår")


def test_a04s_first_visit_is_hospital_or_private_specialist():
    assert code("A04S").data["situations"] == (
        "oppmøte i sykehus (poliklinikk, innleggelse eller bildediagnostisk undersøkelse)",
        "oppmøte hos avtalespesialist",
    )


def test_a04o_only_when_responsibility_moves_not_for_an_examination_or_advice():
    f = code("A04O")
    quotes = " ".join(c.quote for c in f.citations)
    assert "registreres på dagen henvisning oversendes" in quotes
    assert f.data["conditions"] == ("ansvaret for pasienten overføres mellom sykehusene",)
    assert any("spesifikk undersøkelse" in e for e in f.data["exclusions"])
    assert any("innhente et råd" in e for e in f.data["exclusions"])


@pytest.mark.parametrize("name", ["A04CK", "A04CM", "A04CA", "A04CI"])
def test_decision_codes_are_registered_when_the_decision_is_taken_with_the_patient(name):
    quotes = [c.quote for c in code(name).citations]
    assert "Registrering skjer når endelig beslutning om behandling tas i samråd med pasienten." in quotes


def test_a04x_lists_why_a_pathway_is_ended():
    assert code("A04X").data["conditions"] == (
        "pasienten ikke ønsker ytterligere utredning eller behandling",
        "behandling ønskes i utlandet eller ved privat klinikk (når denne ikke er en definert del av pakkeforløpet)",
        "ved død",
    )


def test_code_lookup_ignores_case_and_refuses_unknown_codes():
    assert code("a04s") is code("A04S")
    with pytest.raises(NotFound, match="no code A04Z"):
        code("A04Z")


# Interval id, days, from event, to event, treatment, from codes, to codes.
DECISION_CODES = ("A04CK", "A04CM", "A04CA", "A04CI")
INTERVALS = [
    ("interval.referral-first-visit", 7, "referral", "first_visit", None, ("A04A",), ("A04S",)),
    ("interval.first-visit-decision", 20, "first_visit", "decision", None, ("A04S",), DECISION_CODES),
    (
        "interval.decision-treatment-drug",
        3,
        "decision",
        "treatment_start",
        "medikamentell",
        DECISION_CODES,
        ("A04FM",),
    ),
    (
        "interval.decision-treatment-radiation",
        14,
        "decision",
        "treatment_start",
        "straale",
        DECISION_CODES,
        ("A04FS",),
    ),
    (
        "interval.referral-treatment-drug",
        30,
        "referral",
        "treatment_start",
        "medikamentell",
        ("A04A",),
        ("A04FM",),
    ),
    (
        "interval.referral-treatment-radiation",
        41,
        "referral",
        "treatment_start",
        "straale",
        ("A04A",),
        ("A04FS",),
    ),
]


def test_six_forlopstider_in_table_order():
    assert [i.id for i in intervals()] == [row[0] for row in INTERVALS]


@pytest.mark.parametrize(("fid", "days", "start", "end", "treatment", "from_codes", "to_codes"), INTERVALS)
def test_forlopstid_days_events_and_codes(fid, days, start, end, treatment, from_codes, to_codes):
    interval = next(i for i in intervals() if i.id == fid)
    assert (interval.days, interval.from_event, interval.to_event, interval.treatment) == (
        days,
        start,
        end,
        treatment,
    )
    assert (interval.from_codes, interval.to_codes) == (from_codes, to_codes)
    assert all(f"{days} kalenderdager" in c.quote for c in interval.fact.citations)
    assert "forlopstider" in interval.fact.sections


def test_acute_rule_and_legal_status():
    acute = fact("rule.acute")
    assert acute.data["conditions"] == ("medullakompresjon", "hyperkalsemi", "nyresvikt")
    assert (acute.data["days_min"], acute.data["days_max"], acute.data["unit"]) == (1, 2, "døgn")
    assert "telefonisk henvisning for akutt innleggelse" in acute.citations[0].quote
    legal = fact("rule.legal-status")
    assert legal.data["status"] == "normerende"
    assert legal.data["items"] == (
        "pasientrettighetsloven §2-2",
        "forskrift om prioritering av helsetjenester",
    )


@pytest.mark.parametrize(
    ("fact_id", "key", "value"),
    [
        ("resp.referrer", "items", ("Fastlege", "avtalespesialist", "røntgeninstitutt", "annen lege i primær- eller spesialisthelsetjenesten")),
        ("resp.referral-destination", "copy_to", "fastlege"),
        ("resp.referral-destination", "destination", "offentlig sykehus i spesialisthelsetjenesten"),
        ("rule.referral-marking", "marking", "Pakkeforløp for myelomatose"),
        ("resp.registration", "who", "den kliniske sykehusavdelingen"),
        ("resp.npr", "reporter", "Det offentlige helseforetaket"),
        ("resp.npr", "not_reporter", "Avtalespesialister"),
        ("resp.stem-cells", "who", "Avdeling for immunologi og blodbank"),
        ("resp.cvc", "who", "Anestesiavdeling"),
        ("resp.gp-after-discharge", "who", "Fastlegen"),
        ("resp.mdt", "members", ("spesialist i blodsykdommer", "patolog", "onkolog", "nevrokirurg", "radiolog", "ortoped", "forløpskoordinator", "fysioterapeut")),
    ],
)  # fmt: skip
def test_responsibilities(fact_id, key, value):
    assert fact(fact_id).data[key] == value


@pytest.mark.parametrize(
    ("fact_id", "count", "first"),
    [
        ("list.risk-factors", 2, "Alder"),
        ("list.symptoms", 5, "Skjelettsmerter"),
        ("list.gp-tests", 3, "Proteinelektroforese"),
        ("list.justified-suspicion", 6, "Anemi"),
        ("list.referral-content", 4, "opplysninger om begrunnet mistanke om myelomatose"),
        ("list.first-visit", 6, "Sykehistorie"),
        ("list.patient-info-referral", 2, "Den begrunnede mistanken om kreft"),
    ],
)
def test_lists_keep_their_items_verbatim(fact_id, count, first):
    f = fact(fact_id)
    assert len(f.data["items"]) == count and f.data["items"][0] == first
    for item in f.data["items"]:
        assert any(contains_quote(GUIDELINE.section(s).body, item) for s in f.sections), item


def test_relapse_new_cancer_and_unknown_origin():
    assert fact("rule.relapse").data["new_pathway"] is False
    assert fact("rule.new-cancer").data["new_pathway"] is True
    assert (
        fact("rule.unknown-origin").data["new_pathway"]
        == "Pakkeforløp for metastaser med ukjent utgangspunkt"
    )


def test_facts_are_read_only():
    with pytest.raises(TypeError):
        code("A04A").data["code"] = "A04Z"  # type: ignore[index]
    assert isinstance(code("A04A").data["situations"], tuple)


def test_events_and_treatments_name_real_codes():
    assert [e.id for e in BOOK.events] == ["referral", "first_visit", "decision", "treatment_start"]
    assert {t.id: t.codes for t in BOOK.treatments} == {"medikamentell": ("A04FM",), "straale": ("A04FS",)}


BROKEN = [
    ('quote = "A04A Start pakkeforløp – henvisning mottatt"', 'quote = "A04A Start pakkeforløp – henvisning sendt"', "not verbatim in section 'inngang/registrering'"),
    ('{ section = "forlopstider", quote = "Forløpstidene er normerende." }', '{ section = "forlopstid", quote = "Forløpstidene er normerende." }', "unknown section id 'forlopstid'"),
    ("days = 7\n", "days = 8\n", "data.days = 8 is not in the quotes"),
    ("days = 20\n", "days = 0\n", "positive whole number"),
    ('items = ["Alder", ', 'items = ["Alder og kjønn", ', "«Alder og kjønn»"),
    ('to_codes = ["A04S"]', 'to_codes = ["A04Q"]', "codes ['A04Q'] are not code facts"),
    ('from_event = "first_visit"', 'from_event = "first_vist"', "data.from_event must be one of the events"),
    ('id = "code.A04S"\nkind = "code"', 'id = "code.A04S"\nkind = "kode"', "needs a string id and a kind"),
    ('code = "A04X"', 'code = "A05X"', "starting A04"),
    ('id = "list.symptoms"', 'id = "list.risk-factors"', "duplicates ['list.risk-factors']"),
    ("schema = 1", "schema = 2", "schema: must be 1"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2] for b in BROKEN])
def test_a_facts_file_that_does_not_hold_is_refused_with_a_clear_error(old, new, message):
    assert old in FACTS_TOML
    with pytest.raises(BadFacts, match=re.escape(message)):
        parse_facts(FACTS_TOML.replace(old, new, 1), GUIDELINE)


def test_every_problem_is_listed_not_only_the_first():
    broken = FACTS_TOML.replace("days = 7\n", "days = 8\n").replace("days = 14\n", "days = 15\n")
    with pytest.raises(BadFacts, match=r"and 1 more") as info:
        parse_facts(broken, GUIDELINE)
    assert len(info.value.problems) == 2


def test_invalid_toml_is_a_bad_facts_error():
    with pytest.raises(BadFacts, match="not valid TOML"):
        parse_facts("fact = [", GUIDELINE)


def test_a_pathway_without_facts_is_not_found():
    with pytest.raises(NotFound):
        load_facts("no-such-pathway")
