"""The persistent search index: readable artefacts under ``index/`` guarded by a manifest.

Files: ``manifest.json`` (model, dimension, source hash, chunker and package version, file
checksums), ``chunks.jsonl``, ``vectors.npy`` and ``faiss.index`` (one vector per chunk) and
``unit_vectors.npy`` (one per sentence, list item or table row of each chunk, in the order
``chunk_units`` gives) and ``reading_vectors.npy`` (one per unit too: its English reading, or
the unit itself where it has none). The manifest records a hash of the readings, so changed
readings rebuild the index. Loading compares the manifest
with what the code would build now; a missing, stale or damaged index is rebuilt (or, when the
caller forbids rebuilding, reported with the command that fixes it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from .. import __version__
from ..corpus.chunking import CHUNKER_VERSION, TARGET_TOKENS, Chunk, Unit, chunk_guideline, chunk_units
from ..corpus.document import Guideline
from ..corpus.readings import load_readings
from ..errors import DamagedIndex, IndexMissing, StaleIndex
from .embedder import Embedder
from .texts import PassageTexts, passage_texts

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
FAISS = "faiss.index"
UNIT_VECTORS = "unit_vectors.npy"
READING_VECTORS = "reading_vectors.npy"
DATA_FILES = (CHUNKS, VECTORS, FAISS, UNIT_VECTORS, READING_VECTORS)
FORMAT_VERSION = 4  # 2: unit vectors; 3: English reading vectors; 4: list items embedded after their lead-in
REBUILD_HINT = "run `python -m guideline index --rebuild`"

Progress = Callable[[int, int], None]


def default_index_dir() -> Path:
    """``index/`` at the project root (next to the package), where `make run` builds it."""
    return Path(__file__).resolve().parents[2] / "index"


@dataclass
class VectorIndex:
    """Chunks, their vectors and a FAISS inner-product index over them (vectors are unit length),
    and the vectors of the chunks' units (row i belongs to ``units[i]``)."""

    chunks: list[Chunk]
    vectors: np.ndarray
    faiss_index: faiss.Index
    manifest: dict
    units: list[Unit]
    unit_vectors: np.ndarray
    reading_vectors: np.ndarray  # row i: the English reading of units[i] (its own vector if it has none)
    persisted: bool = True
    note: str = ""  # why the index was rebuilt, for a progress line or an app notice

    def search(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Cosine scores and chunk positions, best first."""
        q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
        scores, ids = self.faiss_index.search(q, min(k, len(self.chunks)))
        return scores[0], ids[0]


def expected_manifest(guideline: Guideline, embedder: Embedder) -> dict:
    """What a fresh build would record; any difference in these keys makes an index stale."""
    return {
        "format": FORMAT_VERSION,
        "package_version": __version__,
        "pathway": guideline.pathway,
        "source_sha256": guideline.text_sha256,
        "chunker_version": CHUNKER_VERSION,
        "target_tokens": TARGET_TOKENS,
        "model": embedder.id,
        "dimension": embedder.dimension,
        "max_tokens": embedder.max_tokens,
        "readings_sha256": load_readings(guideline.pathway).sha256,
    }


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_index(guideline: Guideline, embedder: Embedder, *, progress: Progress | None = None) -> VectorIndex:
    """Chunk and embed the guideline in memory (nothing written)."""
    chunks = chunk_guideline(guideline, embedder.count_tokens, max_tokens=embedder.max_tokens)
    units = chunk_units(guideline, chunks)
    readings = passage_texts(guideline, chunks, units, load_readings(guideline.pathway))
    english = [i for i, u in enumerate(readings.units) if u.en]
    texts = (
        [c.embedding_text() for c in chunks]
        + [unit_embedding_text(readings, i) for i in range(len(units))]
        + [reading_embedding_text(readings, i) for i in english]
    )
    parts: list[np.ndarray] = []
    step = 32
    for i in range(0, len(texts), step):
        parts.append(embedder.embed(texts[i : i + step]))
        if progress:
            progress(min(i + step, len(texts)), len(texts))
    every = np.vstack(parts).astype(np.float32) if parts else np.zeros((0, embedder.dimension), np.float32)
    n, m = len(chunks), len(units)
    vectors, unit_vectors = every[:n], every[n : n + m]
    reading_vectors = unit_vectors.copy()
    reading_vectors[english] = every[n + m :]
    manifest = dict(expected_manifest(guideline, embedder))
    return VectorIndex(
        chunks, vectors, _faiss_from(vectors), manifest, units, unit_vectors, reading_vectors, persisted=False
    )


def unit_embedding_text(texts: PassageTexts, i: int) -> str:
    """A unit as the model sees it: under its section's title path, after the line that introduces it."""
    return f"{texts.title_paths[texts.owners[i]].official}\n{texts.in_context(i, 'official')}"


def reading_embedding_text(texts: PassageTexts, i: int) -> str:
    """A unit's English reading as the model sees it: under the English title path of its section."""
    return f"{texts.title_paths[texts.owners[i]].en}\n{texts.in_context(i, 'en')}"


def _faiss_from(vectors: np.ndarray) -> faiss.Index:
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_index(index: VectorIndex, folder: Path) -> None:
    """Write the artefacts atomically: a reader sees the old index or the new one, never half."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=folder))
    try:
        with (tmp / CHUNKS).open("w", encoding="utf-8") as fh:
            for chunk in index.chunks:
                fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
        np.save(tmp / VECTORS, index.vectors, allow_pickle=False)
        faiss.write_index(index.faiss_index, str(tmp / FAISS))
        np.save(tmp / UNIT_VECTORS, index.unit_vectors, allow_pickle=False)
        np.save(tmp / READING_VECTORS, index.reading_vectors, allow_pickle=False)
        manifest = dict(index.manifest)
        manifest["chunks"] = len(index.chunks)
        manifest["units"] = len(index.units)
        manifest["files"] = {name: _sha256(tmp / name) for name in DATA_FILES}
        (tmp / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        # Data files first, manifest last: a crash leaves a stale manifest, which triggers a rebuild.
        for name in (*DATA_FILES, MANIFEST):
            os.replace(tmp / name, folder / name)
        index.manifest, index.persisted = manifest, True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_index(folder: Path, guideline: Guideline, embedder: Embedder) -> VectorIndex:
    """Load a built index; raises IndexMissing, StaleIndex or DamagedIndex with the reason."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise IndexMissing(f"no index in {folder}: {REBUILD_HINT}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("manifest is not an object")
    except (OSError, ValueError) as exc:
        raise DamagedIndex(f"unreadable manifest in {folder} ({exc}): {REBUILD_HINT}") from exc
    expected = expected_manifest(guideline, embedder)
    changed = [key for key, value in expected.items() if manifest.get(key) != value]
    if changed:
        raise StaleIndex(f"index in {folder} is stale ({', '.join(changed)} changed): {REBUILD_HINT}")
    files = manifest.get("files", {})
    for name in DATA_FILES:
        path = folder / name
        if not path.is_file():
            raise DamagedIndex(f"index file {name} is missing in {folder}: {REBUILD_HINT}")
        if files.get(name) != _sha256(path):
            raise DamagedIndex(f"index file {name} in {folder} does not match its checksum: {REBUILD_HINT}")
    try:
        chunks = []
        with (folder / CHUNKS).open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                record["title_path"] = tuple(record["title_path"])
                chunks.append(Chunk(**record))
        vectors = np.load(folder / VECTORS, allow_pickle=False)
        faiss_index = faiss.read_index(str(folder / FAISS))
        unit_vectors = np.load(folder / UNIT_VECTORS, allow_pickle=False)
        reading_vectors = np.load(folder / READING_VECTORS, allow_pickle=False)
    except Exception as exc:  # any parse failure of a file that passed its checksum
        raise DamagedIndex(
            f"index in {folder} cannot be read ({type(exc).__name__}): {REBUILD_HINT}"
        ) from exc
    if vectors.shape != (len(chunks), embedder.dimension) or faiss_index.ntotal != len(chunks):
        raise DamagedIndex(f"index in {folder} is inconsistent (vectors vs chunks): {REBUILD_HINT}")
    for chunk in chunks:
        if guideline.text[chunk.start : chunk.end] != chunk.text:
            raise DamagedIndex(f"index in {folder} does not match the guideline text: {REBUILD_HINT}")
    units = chunk_units(guideline, chunks)
    if unit_vectors.shape != (len(units), embedder.dimension) or reading_vectors.shape != unit_vectors.shape:
        raise DamagedIndex(f"index in {folder} is inconsistent (unit vectors vs units): {REBUILD_HINT}")
    return VectorIndex(
        chunks,
        vectors.astype(np.float32),
        faiss_index,
        manifest,
        units,
        unit_vectors.astype(np.float32),
        reading_vectors.astype(np.float32),
    )


def load_index(
    guideline: Guideline,
    embedder: Embedder,
    *,
    folder: Path | None = None,
    rebuild: bool = True,
    force: bool = False,
    progress: Progress | None = None,
) -> VectorIndex:
    """The index for this guideline and model: read it, or (re)build it when missing, stale or damaged.

    With ``rebuild=False`` a missing/stale/damaged index raises with a one-line message naming
    the command. When the folder cannot be written (read-only), a rebuilt index is kept in
    memory only and ``note`` says so.
    """
    folder = folder or default_index_dir()
    reason = "rebuild requested"
    if not force:
        try:
            return read_index(folder, guideline, embedder)
        except (IndexMissing, StaleIndex, DamagedIndex) as exc:
            if not rebuild:
                raise
            reason = str(exc).split(":")[0]
    index = build_index(guideline, embedder, progress=progress)
    try:
        save_index(index, folder)
        index.note = f"index rebuilt ({reason})"
    except OSError as exc:
        index.note = f"index rebuilt in memory only ({reason}); cannot write {folder}: {exc.strerror or exc}"
    return index


def clear_index(folder: Path) -> None:
    """Remove the built artefacts (used by tests and `make clean`)."""
    for name in (MANIFEST, *DATA_FILES):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
