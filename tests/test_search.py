"""Hybrid search, specified through the public SearchEngine: what each mechanism is for.

The engine here is the real one (bundled all-MiniLM-L6-v2). Each question is phrased the way
people type, and the passage that answers it must come first or among the first three.
"""

from __future__ import annotations

import numpy as np
import pytest

from guideline.quality.evaluation import contains_evidence
from guideline.search.engine import MODES


def rank_of(engine, question: str, evidence: str, mode: str = "fused") -> int | None:
    results = engine.search(question, k=10, mode=mode)
    return next((r.rank for r in results if contains_evidence(r.text, [evidence])), None)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # compound written differently from the guideline's ("stamcelleoverføringen")
        (
            "hvor lenge ligger man inne med stamcellebehandlingen?",
            "Pasienten må som oftest innlegges under høydosebehandlingen",
        ),
        # compound split into its parts in the question, one word in the guideline
        ("hvilke tider gjelder for forløp i pakkeforløpet for myelomatose", "Tabellen viser forløpstidene"),
        # missing æøå and a typo
        (
            "hva ma fastlegen ta av prover ved mistanke om myelomatose",
            "Ved mistanke om myelomatose skal fastlegen ta",
        ),
        ("proteinelektroforsee og lette kjeder hos fastlegen", "Serum/plasma lette kjeder"),
        # English question against Norwegian text, through the thesaurus
        ("Which symptoms should make a doctor think of myeloma?", "Mistanke om myelomatose oppstår når"),
        (
            "Who can refer a patient to the myeloma pathway?",
            "kan henvise pasienter til Pakkeforløp for myelomatose",
        ),
        # lay words
        ("hvordan virker cellegiften mot myelomatose?", "Myelomatose behandles med medikamenter"),
    ],
)
def test_messy_questions_find_the_passage_that_answers(engine, question, evidence):
    rank = rank_of(engine, question, evidence)
    assert rank is not None and rank <= 3, rank


def test_words_together_in_one_sentence_beat_the_same_words_spread_over_a_passage(engine):
    # "avgjør selv" + "råd" + "følges" stand in one sentence of the treatment information passage.
    assert (
        rank_of(
            engine,
            "råd om behandlingsvalg som pasienten avgjør selv om skal følges",
            "avgjør selv om dette skal følges",
        )
        == 1
    )


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_scores_every_passage_best_first(engine, mode):
    results = engine.search("oppfølging etter behandling", k=len(engine.chunks), mode=mode)
    assert len(results) == len(engine.chunks) and len({r.id for r in results}) == len(results)
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)


def test_calibrated_scores_lie_in_the_unit_interval(engine):
    scores = engine.scores("Hvem registrerer A04S og når?")
    for ranker in (scores.stems, scores.ngrams, scores.dense):
        assert np.all(ranker >= -1e-6) and np.all(ranker <= 1 + 1e-6) and np.isclose(ranker.max(), 1.0)


def test_a_question_with_no_known_word_has_no_lexical_signal(engine):
    scores = engine.scores("qwxz vbnm")
    assert not scores.stems.any() and not scores.ngrams.any()


# -- the reading layer: English and plain readings make passages findable in other words ----------


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # English words the Norwegian passage does not share, found through its English reading
        (
            "who enters the start code in the hospital system?",
            "Det er vanligvis den kliniske sykehusavdelingen som koder",
        ),
        (
            "Is the investigation usually done as an outpatient?",
            "Utredningen kan som oftest foregå ved poliklinikk",
        ),
        (
            "When the patient is discharged, what should they be prepared for?",
            "Ved utskrivningssamtale forberedes pasienten på hva som kan forventes",
        ),
        # everyday Norwegian, found through the plain reading
        ("kan hun bo hjemme mens de undersøker henne?", "Utredningen kan som oftest foregå ved poliklinikk"),
    ],
)
def test_readings_make_paraphrases_findable(engine, question, evidence):
    rank = rank_of(engine, question, evidence)
    assert rank is not None and rank <= 3, rank


def test_list_items_are_read_with_the_line_that_introduces_them(engine):
    # "Proteinelektroforese" alone says nothing of the GP or of suspicion; its lead-in does.
    texts = engine.texts
    item = next(i for i, u in enumerate(texts.units) if u.official.strip() == "- Proteinelektroforese")
    assert texts.in_context(item, "official").startswith("Ved mistanke om myelomatose skal fastlegen ta:")
    assert "GP" in texts.in_context(item, "en")


def test_each_ranker_reads_the_english_readings_only_when_chosen(engine):
    from guideline.search.engine import SearchEngine
    from guideline.search.texts import Choice

    official = SearchEngine(engine.guideline, engine.embedder, engine.vectors, choice=Choice(english=False))
    question = "who enters the start code in the hospital system?"
    assert not official.scores(question).english.any()
    assert engine.scores(question).english.any()


# A relative asks in everyday words, often those the glossary uses to explain a term: a Norwegian
# question reads each unit's plain text together with the explanations of the terms it names.
@pytest.fixture(scope="module")
def without_glossary(engine):
    from guideline.search.engine import SearchEngine
    from guideline.search.texts import Choice

    return SearchEngine(engine.guideline, engine.embedder, engine.vectors, choice=Choice(glossary=False))


def test_a_unit_carries_the_explanations_of_the_terms_it_names(engine):
    texts = engine.texts
    i = next(i for i, u in enumerate(texts.units) if "likepersoner" in u.official)
    assert "Personer som selv har hatt sykdommen" in texts.glosses[i]
    assert texts.glossed_doc(i).startswith(texts.unit_doc(i, "plain"))


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # "behovskartlegging": "En samtale for å finne ut hvilken hjelp … familien trenger."
        ("blir det en samtale om hvilken hjelp familien trenger?", "behovskartlegging"),
        # "kompresjonsfraktur": a vertebra that has collapsed
        ("ryggvirvelen har sunket sammen, hva gjør de da?", "kompresjonsfraktur"),
    ],
)
def test_a_norwegian_question_in_the_words_of_an_explanation_finds_its_term(
    engine, without_glossary, question, evidence
):
    before = rank_of(without_glossary, question, evidence)
    after = rank_of(engine, question, evidence)
    assert after is not None and (before is None or after < before)


def test_an_english_question_reads_the_units_without_the_norwegian_explanations(engine, without_glossary):
    question = "Is there someone my dad can talk to who has had the disease himself?"
    assert np.array_equal(engine.scores(question).stems, without_glossary.scores(question).stems)


# The coders' passages ("Registrering") name the same events as the passages on what happens
# at them; they answer a question about registering, and step back for any other.
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        (
            "hva skjer ved første fremmøte på sykehuset?",
            "Ved første fremmøte i spesialisthelsetjenesten gjøres følgende",
        ),
        (
            "what tests are done at the first appointment?",
            "Ved første fremmøte i spesialisthelsetjenesten gjøres følgende",
        ),
    ],
)
def test_a_question_about_an_event_gets_the_event_before_its_registration(engine, question, evidence):
    assert rank_of(engine, question, evidence) == 1


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("hvordan registreres første fremmøte?", "Pasientens første fremmøte til utredning i Pakkeforløp"),
        (
            "When is the first visit registered, and in which system?",
            "skal registreres i pasientadministrativt system",
        ),
        # what counts as the first visit is the coders' definition
        ("Teller innleggelse som første fremmøte?", "bildediagnostisk undersøkelse"),
    ],
)
def test_a_question_about_registering_gets_the_registration_passage(engine, question, evidence):
    assert rank_of(engine, question, evidence) == 1


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("hvilken kode brukes?", True),
        ("når registreres A04S?", True),  # also the code alone: "a04s"
        ("hva er a04x", True),
        ("How is the decision recorded in NPR?", True),
        ("What happens at the first visit?", False),
        ("hvilke blodprøver tar fastlegen?", False),
    ],
)
def test_what_counts_as_asking_about_registering(engine, question, asks):
    assert engine.registration.asks(question) is asks


def test_only_passages_under_a_registration_heading_step_back(engine):
    penalties = engine.scores("hva skjer ved første fremmøte?").penalty
    stepped = {c.id for c, p in zip(engine.chunks, penalties, strict=True) if p > 0}
    assert stepped and all("Registrering" in engine.chunk(i).title_path for i in stepped)
    assert engine.scores("hvilken kode?").penalty is None  # asks about registering: nothing steps back


# A question that gives a date asks what follows from it: the forløpstider. Their passages share
# few words with it (its words are the events, named in every phase), so they step forward.
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        (
            "The decision was taken on 2 February 2026 and she starts radiotherapy. Latest start?",
            "Fra avsluttet utredning til start behandling",
        ),
        ("første time var 5.1.2026, når må utredningen være ferdig?", "til avsluttet utredning"),
    ],
)
def test_a_question_that_gives_a_date_gets_the_forlopstider(engine, question, evidence):
    assert rank_of(engine, question, evidence) <= 2  # the phase's forløpstid passage, or the summary table
    top = engine.search(question, k=1)[0]
    assert engine.deadlines.is_deadline(engine.chunk(top.id))


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("henvisning mottatt 3. mars 2026, når er første time?", True),
        ("Referral received March 3rd: first visit by when?", True),
        ("first visit on 2026-01-12", True),
        ("31.02.2026", True),  # shaped as a date: it is refused later, but asks about a date
        ("hvor lang tid tar utredningen?", False),
        ("mai 2 ganger i uka?", False),  # "mai" with no day is no date
    ],
)
def test_what_counts_as_giving_a_date(engine, question, asks):
    assert engine.deadlines.asks(question) is asks


def test_only_forlopstid_passages_step_forward_for_a_date(engine):
    penalty = engine.scores("henvisning mottatt 3. mars 2026").penalty
    forward = {c.id for c, p in zip(engine.chunks, penalty, strict=True) if p < 0}
    assert forward and all(engine.deadlines.is_deadline(engine.chunk(i)) for i in forward)
    assert all(
        engine.chunk(i).section.endswith("forlopstid") or i.startswith("forlopstider") for i in forward
    )
