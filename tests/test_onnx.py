"""The torch-free query path: the ONNX export gives the model's own vectors, and answering imports no torch.

The index is built (and the encoder exported) once per session with the real model; every unit
the index embeds and every question of every question set is encoded both ways.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import DATA, ROOT

from guideline.corpus.document import load_guideline
from guideline.corpus.readings import load_readings
from guideline.search.embedder import load_embedder
from guideline.search.index import read_index, reading_embedding_text, unit_embedding_text
from guideline.search.onnx_encoder import MIN_COSINE, OnnxEmbedder
from guideline.search.texts import passage_texts

pytestmark = pytest.mark.model

HEAVY = ("torch", "transformers", "sentence_transformers")


@pytest.fixture(scope="module")
def both(real_index_dir):
    index = read_index(real_index_dir, load_guideline(), model_id=load_embedder().id)
    onnx = OnnxEmbedder.load(
        real_index_dir,
        index.manifest["encoder"],
        model_id=index.manifest["model"],
        dimension=index.manifest["dimension"],
    )
    return index, load_embedder(), onnx


def _questions() -> list[str]:
    out = []
    for name in (
        "questions.jsonl",
        "heldout.jsonl",
        "blind1.jsonl",
        "dev4.jsonl",
        "dev5.jsonl",
        "dev6.jsonl",
        "blind2.jsonl",
        "blind3.jsonl",
        "blind4.jsonl",
        "blind5.jsonl",
        "blind6.jsonl",
        "blind7.jsonl",
        "blind8.jsonl",
        "blind9.jsonl",
        "blind10.jsonl",
        "blind11.jsonl",
        "blind12.jsonl",
    ):
        out += [
            json.loads(line)["question"]
            for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return out


def test_the_index_records_its_encoder(both):
    index, model, onnx = both
    entry = index.manifest["encoder"]
    assert entry["pooling"] == "mean" and set(entry["files"]) == {"encoder.onnx", "tokenizer.json"}
    assert onnx.id == model.id and onnx.dimension == model.dimension and onnx.max_tokens == model.max_tokens


def test_every_unit_and_question_gets_the_models_own_vector(both):
    index, model, onnx = both
    guideline = load_guideline()
    texts = passage_texts(guideline, index.chunks, index.units, load_readings())
    corpus = [unit_embedding_text(texts, i) for i in range(len(index.units))]
    corpus += [reading_embedding_text(texts, i) for i, u in enumerate(texts.units) if u.en]
    every = corpus + _questions()
    assert len(every) > 850
    expected, got = model.embed(every), onnx.embed(every)
    cosines = np.sum(expected * got, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= MIN_COSINE, (cosines.min(), every[worst][:80])


def test_the_index_vectors_are_what_the_query_encoder_would_give(both):
    index, _, onnx = both
    texts = passage_texts(load_guideline(), index.chunks, index.units, load_readings())
    sample = [unit_embedding_text(texts, i) for i in range(8)]
    assert np.allclose(onnx.embed(sample), index.unit_vectors[:8], atol=1e-3)


def test_token_counts_agree(both):
    _, model, onnx = both
    for text in (
        "Henvisning mottatt",
        "x " * 400,
        "Ved mistanke om medullakompresjon, hyperkalsemi eller nyresvikt",
    ):
        assert onnx.count_tokens(text) == model.count_tokens(text)


def test_answering_imports_no_torch(real_index_dir):
    script = (
        "import sys, json\n"
        "from guideline.answers import Assistant\n"
        f"a = Assistant.open(index_dir=__import__('pathlib').Path({str(real_index_dir)!r}), rebuild=False)\n"
        "ans = a.answer('Hvem kan henvise til pakkeforløpet?', 'doctor')\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_ask_on_the_command_line_imports_no_torch(real_index_dir):
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "guideline", "ask", "Hva er forløpstiden?", "--json",
         "--index-dir", str(real_index_dir), "--no-rebuild"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_the_bench_measures_a_fresh_ask_in_its_own_memory(real_index_dir):
    """The bench's figure for a fresh `guideline ask` is that process's own peak, not the
    benchmark's: this test process holds the full model (torch and all), the child does not."""
    import resource

    from guideline.quality.bench import fresh_ask
    from guideline.search.embedder import DEFAULT_MODEL

    load_embedder()  # this process now holds the full model, as the bench's does
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds, child = fresh_ask(DEFAULT_MODEL, real_index_dir, "Hva er forløpstiden til første fremmøte?")
    assert seconds > 0
    assert 20 < child < own / 2, (child, own)
