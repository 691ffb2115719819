"""The index on disk: named, readable files guarded by a manifest, written atomically, healed on the next build.

Files: ``manifest.json`` (what was built from what, and a checksum of every other file),
``chunks.jsonl``, ``vectors.npy`` and ``faiss.index`` (one vector per chunk),
``unit_vectors.npy`` and ``reading_vectors.npy`` (one row per unit: its official text, its
English reading), ``multilingual_vectors.npy`` (the multilingual ranker's: one block of rows per
unit form, official, plain and English; empty when that ranker is off), and, for a model that can be exported, ``encoder.onnx`` with its
``tokenizer.json`` (the query encoder that needs no torch).

A build writes into a ``.build-*`` folder of its own and moves the files into place, manifest
last, so a reader sees the old index or the new one, never half. A build killed half-way
leaves its folder behind; the next build removes every such folder whose builder is gone
(each builder holds a lock on its folder while it works). A name of ours taken by something
that is not a file (a folder called ``manifest.json``) is removed, so the index heals.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..corpus.chunking import Chunk
from ..errors import DamagedIndex, IndexMissing
from .onnx_encoder import ENCODER_FILES

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
FAISS = "faiss.index"
UNIT_VECTORS = "unit_vectors.npy"
READING_VECTORS = "reading_vectors.npy"
MULTILINGUAL_VECTORS = "multilingual_vectors.npy"
DATA_FILES = (CHUNKS, VECTORS, FAISS, UNIT_VECTORS, READING_VECTORS, MULTILINGUAL_VECTORS)
BUILD_PREFIX = ".build-"
_STAGING_PREFIX = ".staging-"  # a build folder before its lock is held; renamed to .build-* once it is
_STAGING_GRACE = 60.0  # seconds after which a staging folder is abandoned
_LOCK = ".lock"
REBUILD_HINT = "run `python -m guideline index --rebuild`"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def remove_abandoned_builds(folder: Path) -> list[str]:
    """Remove ``.build-*`` folders left by builds that died (their lock is free); returns their names."""
    removed = []
    for path in folder.glob(f"{BUILD_PREFIX}*"):
        if not path.is_dir() or path.is_symlink():
            continue
        lock = path / _LOCK
        try:
            with lock.open("a") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: its builder is gone
        except BlockingIOError:
            continue  # another process is building in it right now
        except OSError:
            pass  # no lock file could be made: an old folder of ours without one
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for path in folder.glob(f"{_STAGING_PREFIX}*"):
        with contextlib.suppress(OSError):
            if (
                path.is_dir()
                and not path.is_symlink()
                and time.time() - path.stat().st_mtime > _STAGING_GRACE
            ):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
    return removed


@contextlib.contextmanager
def build_folder(folder: Path) -> Iterator[Path]:
    """A fresh ``.build-*`` folder inside ``folder``, locked for as long as the build runs, then removed."""
    folder.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(folder)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=folder))
    tmp = staging
    try:
        with (staging / _LOCK).open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            # Only a locked folder carries the build name, so a cleaner never takes a live one.
            tmp = folder / (BUILD_PREFIX + staging.name[len(_STAGING_PREFIX) :])
            os.rename(staging, tmp)
            yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _clear_name(path: Path) -> None:
    """Make room for one of our files: a folder or other non-file under its name is removed."""
    if path.is_symlink() or path.is_file():
        return
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def write_files(
    tmp: Path,
    folder: Path,
    *,
    chunks: list[Chunk],
    arrays: dict[str, np.ndarray],
    faiss_writer: Any,
    manifest: dict[str, Any],
    encoder_names: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Write every artefact into ``tmp``, then move them into ``folder``, manifest last. Returns the manifest."""
    with (tmp / CHUNKS).open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    for name, array in arrays.items():
        np.save(tmp / name, array, allow_pickle=False)
    faiss_writer(str(tmp / FAISS))
    names = (*DATA_FILES, *encoder_names)
    manifest = {**manifest, "files": {name: sha256_of(tmp / name) for name in names}}
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in (*names, MANIFEST):
        _clear_name(folder / name)
        os.replace(tmp / name, folder / name)
    # An index built without an encoder must not keep a previous build's encoder files.
    for name in ENCODER_FILES:
        if name not in names:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                (folder / name).unlink()
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a built index; IndexMissing or DamagedIndex with the reason."""
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexMissing(f"no index in {folder}: {REBUILD_HINT}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("manifest is not an object")
    except (OSError, ValueError) as exc:
        raise DamagedIndex(f"unreadable manifest in {folder} ({exc}): {REBUILD_HINT}") from exc
    return manifest


def check_files(folder: Path, manifest: dict[str, Any], names: tuple[str, ...]) -> None:
    """Every named file present and matching its checksum; DamagedIndex naming the first that is not."""
    files = manifest.get("files", {})
    if not isinstance(files, dict):
        raise DamagedIndex(f"index manifest in {folder} has no file checksums: {REBUILD_HINT}")
    for name in names:
        path = folder / name
        if not path.is_file():
            raise DamagedIndex(f"index file {name} is missing in {folder}: {REBUILD_HINT}")
        if files.get(name) != sha256_of(path):
            raise DamagedIndex(f"index file {name} in {folder} does not match its checksum: {REBUILD_HINT}")


def read_chunks(folder: Path) -> list[Chunk]:
    chunks = []
    with (folder / CHUNKS).open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            record["title_path"] = tuple(record["title_path"])
            chunks.append(Chunk(**record))
    return chunks


def read_array(folder: Path, name: str) -> np.ndarray:
    return np.load(folder / name, allow_pickle=False).astype(np.float32)


def clear_index(folder: Path) -> None:
    """Remove the built artefacts (used by tests and `make clean`)."""
    for name in (MANIFEST, *DATA_FILES, *ENCODER_FILES):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
