"""One loaded Assistant answers from many threads: 8 threads x 80 questions, each answer as a serial run gives it.

The threaded pass runs first, on a cold memo of query vectors: every distinct question reaches
the model from whichever thread asks first, several at once, and the rest of the pipeline
(rules, scope, BM25, sentence picking, templates) runs in full for all 640 calls. The serial
reference then runs on the plain session engine, so a race that corrupted a vector, a cache or
a shared structure shows as a difference.
"""

from __future__ import annotations

import json
import threading
import time
import traceback

import pytest
from answer_checks import MemoEmbedder, torch_threads
from conftest import DATA
from hostile_inputs import HOSTILE

from guideline.answers import Assistant
from guideline.errors import BadInput
from guideline.search.engine import SearchEngine

pytestmark = pytest.mark.model

THREADS = 8
# Each thread starts an eighth of the way round: every question is asked by two or three at once.
PER_THREAD = 80


def workload() -> list[tuple[str, str]]:
    """(question, audience): the evaluation set, then every sixth hostile input, in a fixed order."""
    items = [
        (r["question"], r["audience"])
        for r in map(json.loads, (DATA / "questions.jsonl").read_text(encoding="utf-8").splitlines())
    ]
    audiences = ("doctor", "coordinator", "relative")
    items += [(h.text, audiences[i % 3]) for i, h in enumerate(HOSTILE[::6])]
    return list(dict.fromkeys(items))


def outcome(assistant: Assistant, question: str, audience: str) -> dict | str:
    """to_json() of the answer, or the BadInput message."""
    try:
        return assistant.answer(question, audience).to_json()
    except BadInput as exc:
        return f"BadInput: {exc}"


def test_eight_threads_agree_with_a_serial_run(engine):
    items = workload()
    memo = MemoEmbedder(engine.embedder)
    shared = Assistant(SearchEngine(engine.guideline, memo, engine.vectors))
    results: list[list[tuple[int, dict | str]]] = [[] for _ in range(THREADS)]
    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def work(t: int) -> None:
        start.wait()
        offset = t * len(items) // THREADS  # threads start on different questions, then wrap round
        for j in range(PER_THREAD):
            k = (offset + j) % len(items)
            try:
                results[t].append((k, outcome(shared, *items[k])))
            except Exception:
                errors.append(f"thread {t}, {items[k]!r}:\n{traceback.format_exc()}")

    with torch_threads(1):
        t0 = time.perf_counter()
        threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        threaded_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        serial_assistant = Assistant(engine)
        serial = {k: outcome(serial_assistant, *item) for k, item in enumerate(items)}
        serial_s = time.perf_counter() - t0

    assert not errors, errors[0]
    assert sum(len(r) for r in results) == THREADS * PER_THREAD
    mismatches = [(t, items[k]) for t, rs in enumerate(results) for k, got in rs if got != serial[k]]
    assert not mismatches, f"{len(mismatches)} answers differ from the serial run, e.g. {mismatches[0]}"
    print(
        f"\n{THREADS}x{PER_THREAD} threaded answers in {threaded_s:.1f} s "
        f"({THREADS * PER_THREAD / threaded_s:.0f}/s, {memo.calls} model calls); "
        f"serial reference of {len(items)} in {serial_s:.1f} s"
    )


def test_a_section_worked_out_by_threads_at_once_quotes_each_item_once(engine, monkeypatch):
    """Threads share the sentence picker, which works out each section's lead-ins and items on
    first use. When several work out the same section at once, the list a lead-in brings must
    still hold each item once, as for a single thread (a slow step widens the window)."""
    import guideline.answers.extract as extract
    from guideline.answers.extract import SentencePicker

    question = "hva skal fastlegen ta av prøver ved mistanke om myelomatose?"
    results = engine.search(question, k=5)
    alone = [q.text for q in SentencePicker(engine).pick(question, results)]

    real = extract.section_units

    def slow_section_units(guideline, section):
        time.sleep(0.05)  # every thread is inside working out the section before any is done
        return real(guideline, section)

    monkeypatch.setattr(extract, "section_units", slow_section_units)
    shared = SentencePicker(engine)
    barrier = threading.Barrier(4)
    picked: list[list[str]] = []

    def work() -> None:
        barrier.wait()
        picked.append([q.text for q in shared.pick(question, results)])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert picked == [alone] * 4  # each thread's quotes, also while another was still working it out
    assert [q.text for q in shared.pick(question, results)] == alone
