"""Benchmarks for this machine: build time, cold start, memory, warm latency, encode floor, throughput.

Numbers are printed, never asserted: they go in closing notes, not in tests. Figures about a
fresh process (cold start, its peak memory) are measured on child processes over an index that
is already built, as a user's `guideline ask` would run; the rest in this process.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..corpus.document import load_guideline
from ..search.embedder import load_embedder
from ..search.engine import SearchEngine
from ..search.index import build_index, save_index
from .evaluation import Question

COLD_RUNS = 3  # fresh processes timed; the median is shown


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[idx]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Forks and runs the command given after it, silenced, and prints the child's wall seconds, peak
# RSS (KiB) and exit code. Linux carries a process's peak RSS across fork and exec, so a child
# forked straight from the benchmark would report the benchmark's own gigabyte; forked from this
# small interpreter it reports its own.
_MEASURE_CHILD = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def fresh_ask(model: str, index_dir: Path, question: str) -> tuple[float, float]:
    """A fresh `guideline ask --json` process over a built index: (wall seconds, its peak RSS in MiB).

    The process is started by a small measuring interpreter (see ``_MEASURE_CHILD``), so the
    benchmark's own process, which built the index with the full model, does not count.
    """
    cmd = [sys.executable, "-c", _MEASURE_CHILD, "-m", "guideline", "ask", question, "--json"]
    cmd += ["--model", model, "--index-dir", str(index_dir), "--no-rebuild"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout.split()
    elapsed, rss_kib, code = float(out[0]), int(out[1]), int(out[2])
    if code != 0:
        raise RuntimeError(f"`guideline ask` exited with {code}")
    return elapsed, rss_kib / 1024


def throughput(ask: Callable[[str], object], questions: list[str], threads: int, rounds: int = 2) -> float:
    """Questions per second answered by `threads` workers sharing one loaded engine."""
    work = questions * rounds
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(ask, work))
    return len(work) / (time.perf_counter() - start)


def run_bench(
    questions: list[Question],
    *,
    model: str,
    index_dir: Path | None,
    ask: Callable[[SearchEngine], Callable[[str], object]] | None = None,
) -> list[tuple[str, str]]:
    """Measure and return (label, value) lines, in the order printed."""
    lines: list[tuple[str, str]] = []
    texts = [q.question for q in questions]
    t0 = time.perf_counter()
    embedder = load_embedder(model)
    lines.append(("model load (build time only)", f"{time.perf_counter() - t0:.2f} s ({embedder.id})"))
    guideline = load_guideline()
    with tempfile.TemporaryDirectory() as tmp:
        folder = index_dir or Path(tmp)
        t0 = time.perf_counter()
        built = build_index(guideline, embedder)
        save_index(built, folder, exporter=embedder)
        lines.append(
            (
                "index build (chunk, embed, export)",
                f"{time.perf_counter() - t0:.2f} s for {built.manifest['texts_embedded']} texts "
                f"({len(built.chunks)} chunks, {len(built.units)} units, English readings)"
                + f" and {built.manifest.get('multilingual_texts', 0)} for the multilingual ranker"
                + ("" if built.manifest.get("encoder") else "; no ONNX export"),
            )
        )
        runs = [fresh_ask(model, folder, texts[0]) for _ in range(COLD_RUNS)]
        lines.append(
            (
                "cold start to first answer",
                f"{statistics.median(r[0] for r in runs):.2f} s (fresh `guideline ask`, median of {COLD_RUNS})",
            )
        )
        lines.append(("peak RSS of a fresh ask", f"{max(r[1] for r in runs):.0f} MiB"))
        engine = SearchEngine.open(model=model, index_dir=folder, rebuild=False)
        for q in texts[:5]:
            engine.search(q)
        latencies, encode, sent = [], [], []
        for q in texts:
            t0 = time.perf_counter()
            engine.search(q, k=5)
            latencies.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            engine.embedder.embed([q])
            encode.append((time.perf_counter() - t0) * 1000)
            dense_text = engine.dense_query_text(q)
            t0 = time.perf_counter()
            engine.embedder.embed([dense_text])
            sent.append((time.perf_counter() - t0) * 1000)
        p95, floor = _percentile(latencies, 95), _percentile(encode, 50)
        lines.append(
            (
                "warm search latency",
                f"p50 {_percentile(latencies, 50):.1f} ms, p95 {p95:.1f} ms over {len(texts)} questions",
            )
        )
        lines.append(
            (
                "bare query encode (floor)",
                f"p50 {floor:.1f} ms, p95 {_percentile(encode, 95):.1f} ms; search p95 = {p95 / floor:.2f} × floor",
            )
        )
        # A Norwegian question is encoded with its thesaurus words added: that longer text, not
        # the question as typed, is the encode a search cannot do without.
        lines.append(
            (
                "encode of the text search sends",
                f"p50 {_percentile(sent, 50):.1f} ms, p95 {_percentile(sent, 95):.1f} ms; "
                f"search p95 = {p95 / _percentile(sent, 95):.2f} × its p95",
            )
        )
        if ask is not None:
            answer_one = ask(engine)
            for q in texts[:5]:
                answer_one(q)
            for threads in (1, 2, 4):
                qps = throughput(answer_one, texts, threads)
                lines.append((f"answer throughput, {threads} thread(s)", f"{qps:.1f} questions/s"))
    lines.append(("peak RSS (this process, with the full model)", f"{_peak_rss_mib():.0f} MiB"))
    return lines
