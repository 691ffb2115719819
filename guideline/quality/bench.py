"""Benchmarks for this machine: build time, cold start, warm latency, encode floor, memory, throughput.

Numbers are printed, never asserted: they go in closing notes, not in tests.
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
from ..search.index import build_index
from .evaluation import Question


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[idx]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold_start_seconds(model: str, index_dir: Path | None, query: str) -> float:
    """Wall time of a fresh `python -m guideline search` process until it has printed its result."""
    cmd = [sys.executable, "-m", "guideline", "search", query, "--json", "-k", "3", "--model", model]
    if index_dir:
        cmd += ["--index-dir", str(index_dir)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    return time.perf_counter() - start


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
    lines.append(("model load", f"{time.perf_counter() - t0:.2f} s ({embedder.id})"))
    guideline = load_guideline()
    t0 = time.perf_counter()
    built = build_index(guideline, embedder)
    lines.append(
        (
            "index build (chunk + embed)",
            f"{time.perf_counter() - t0:.2f} s for {len(built.chunks)} chunks + {len(built.units)} units",
        ),
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = index_dir or Path(tmp)
        engine = SearchEngine.open(model=model, index_dir=folder)
        lines.append(
            (
                "cold start to first result",
                f"{cold_start_seconds(model, folder, texts[0]):.2f} s (fresh process)",
            )
        )
        for q in texts[:5]:
            engine.search(q)
        latencies = []
        for q in texts:
            t0 = time.perf_counter()
            engine.search(q, k=5)
            latencies.append((time.perf_counter() - t0) * 1000)
        encode = []
        for q in texts:
            t0 = time.perf_counter()
            embedder.embed([q])
            encode.append((time.perf_counter() - t0) * 1000)
        lines.append(
            (
                "warm search latency",
                f"p50 {_percentile(latencies, 50):.1f} ms, p95 {_percentile(latencies, 95):.1f} ms over {len(texts)} questions",
            )
        )
        lines.append(
            (
                "bare query encode (floor)",
                f"p50 {_percentile(encode, 50):.1f} ms, mean {statistics.mean(encode):.1f} ms",
            )
        )
        if ask is not None:
            answer_one = ask(engine)
            for q in texts[:5]:
                answer_one(q)
            for threads in (1, 2, 4):
                qps = throughput(answer_one, texts, threads)
                lines.append((f"answer throughput, {threads} thread(s)", f"{qps:.1f} questions/s"))
    lines.append(("peak RSS (this process)", f"{_peak_rss_mib():.0f} MiB"))
    return lines
