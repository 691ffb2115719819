"""Questions may name patients: nothing a user types reaches a file, and answers do not repeat it.

A question carries a unique marker. The CLI runs in real processes (HOME and TMPDIR pointed at
folders of this test) and the app runs headless in-process; afterwards no file written or
changed under the repo, the index, the home or the temp folder may contain the marker.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from answer_checks import torch_threads
from conftest import ROOT

from guideline.answers import Assistant

pytestmark = pytest.mark.model

MARKER = f"MARKER-{uuid.uuid4()}"
QUESTION = f"Pasient Ola Nordmann f. 01.01.1950 {MARKER} hva er forløpstiden?"
PATIENT = ("Ola", "Nordmann", "01.01.1950", "1950", MARKER)
SKIP_DIRS = {".git"}
THIS_FILE = Path(__file__).resolve()


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    with torch_threads(1):
        yield


def files_containing(needle: str, roots: list[Path], since: float) -> list[Path]:
    """Files under the roots modified at or after ``since`` whose bytes hold the needle (UTF-8 or UTF-16)."""
    patterns = [needle.encode("utf-8"), needle.encode("utf-16-le"), needle.encode("utf-16-be")]
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            for name in files:
                path = Path(folder, name)
                try:
                    if path.resolve() == THIS_FILE or path.lstat().st_mtime < since or not path.is_file():
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                if any(p in data for p in patterns):
                    found.append(path)
    return found


@pytest.fixture
def world(tmp_path, real_index_dir):
    """A home, a temp folder and a copy of the index of this test's own, and the time it started."""
    home, tmp, index = tmp_path / "home", tmp_path / "tmp", tmp_path / "index-copy"
    home.mkdir()
    tmp.mkdir()
    shutil.copytree(real_index_dir, index)
    return {"home": home, "tmp": tmp, "index": index, "start": time.time() - 1}


def echoes_patient(text: str) -> list[str]:
    return [p for p in PATIENT if p in text]


def test_cli_writes_nothing_the_user_typed(world):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(world["home"]), TMPDIR=str(world["tmp"]), HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1")
    index = ["--index-dir", str(world["index"])]
    runs = [
        (["ask", *index, "--json", QUESTION], None),
        (["search", *index, "--json", QUESTION], None),
        (["ask", *index, "--jsonl", "--audience", "relative"], f"{QUESTION}\nhvem kan henvise?\n"),
    ]

    def run(job):
        argv, stdin = job
        return subprocess.run(
            [sys.executable, "-m", "guideline", *argv],
            input=stdin, capture_output=True, text=True, timeout=600, cwd=ROOT, env=env,
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=2) as pool:
        procs = list(pool.map(run, runs))
    for proc in procs:
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert MARKER not in proc.stderr
    asked = json.loads(procs[0].stdout)
    assert asked["question"] == QUESTION  # echoed on stdout, which is the caller's, not on disk
    assert not echoes_patient(asked["answer"]), asked["answer"]
    assert all(not echoes_patient(r["text"]) for r in json.loads(procs[1].stdout)["results"])
    lines = [json.loads(line) for line in procs[2].stdout.split("\n") if line]
    assert len(lines) == 2 and not any(echoes_patient(obj["answer"]) for obj in lines)

    roots = [ROOT, world["index"], world["home"], world["tmp"]]
    assert not files_containing(MARKER, roots, world["start"])


def test_app_writes_nothing_the_user_typed(world, monkeypatch):
    if not (ROOT / "app.py").is_file():
        pytest.skip("app.py does not exist yet")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HOME", str(world["home"]))
    monkeypatch.setenv("TMPDIR", str(world["tmp"]))
    monkeypatch.setattr(tempfile, "tempdir", str(world["tmp"]))
    monkeypatch.setenv("GUIDELINE_INDEX_DIR", str(world["index"]))
    monkeypatch.delenv("GUIDELINE_MODEL", raising=False)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.chat_input(key="question").set_value(QUESTION).run()
    assert not at.exception, at.exception
    user, reply = list(at.chat_message)[-2:]
    assert [user.name, reply.name] == ["user", "assistant"]
    shown = "\n".join(m.value for m in reply.markdown) + "\n".join(e.label for e in reply.expander)
    assert shown.strip() and not echoes_patient(shown), shown

    roots = [ROOT, world["index"], world["home"], world["tmp"]]
    assert not files_containing(MARKER, roots, world["start"])


def test_the_scan_would_see_a_leak(world):
    """The scanner itself: a file written after the start that holds the marker is found."""
    leak = world["tmp"] / "cache.bin"
    leak.write_bytes(b"\x00\x01" + MARKER.encode("utf-16-le") + b"\xff")
    assert files_containing(MARKER, [world["tmp"]], world["start"]) == [leak]


def test_a_birth_date_is_neither_echoed_nor_taken_for_the_referral(engine):
    ans = Assistant(engine).answer(
        "Pasient Ola Nordmann f. 01.01.1950, henvisning mottatt 3.3.2026, frist for første fremmøte?"
    )
    assert not echoes_patient(ans.answer), ans.answer
    assert [r["deadline"] for r in ans.computed] == ["2026-03-10"]
