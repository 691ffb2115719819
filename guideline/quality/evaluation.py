"""Retrieval quality on a question set: R@1, R@3, R@5 and MRR@10 per ranker, overall and by group.

A result is a hit when its passage contains any of the question's evidence strings, compared
as lower-case word sequences (so Markdown table pipes and line breaks do not matter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..search.engine import Mode, SearchEngine

CUTOFFS = (1, 3, 5)
MRR_DEPTH = 10
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Question:
    id: str
    audience: str
    lang: str
    question: str
    kind: str
    evidence: tuple[str, ...] = ()
    must_contain: tuple[str, ...] = ()


def default_questions_path() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "questions.jsonl"


def load_questions(path: Path) -> list[Question]:
    """Questions from a JSONL file, one object per line (blank lines skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(
                Question(
                    id=d["id"],
                    audience=d["audience"],
                    lang=d["lang"],
                    question=d["question"],
                    kind=d["kind"],
                    evidence=tuple(d.get("evidence", ())),
                    must_contain=tuple(d.get("must_contain", ())),
                )
            )
    return out


def word_seq(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def contains_evidence(passage: str, evidence: Iterable[str]) -> bool:
    """True if the passage holds any evidence string as a contiguous run of lower-case words."""
    words = word_seq(passage)
    joined = " " + " ".join(words) + " "
    return any(" " + " ".join(word_seq(e)) + " " in joined for e in evidence if word_seq(e))


@dataclass
class Tally:
    """Running sums for one group × mode."""

    n: int = 0
    hits: dict[int, int] = field(default_factory=lambda: dict.fromkeys(CUTOFFS, 0))
    rr: float = 0.0

    def add(self, first_hit_rank: int | None) -> None:
        self.n += 1
        if first_hit_rank is not None:
            for k in CUTOFFS:
                self.hits[k] += first_hit_rank <= k
            if first_hit_rank <= MRR_DEPTH:
                self.rr += 1.0 / first_hit_rank

    def row(self) -> dict[str, float]:
        n = max(self.n, 1)
        return {**{f"R@{k}": self.hits[k] / n for k in CUTOFFS}, f"MRR@{MRR_DEPTH}": self.rr / n}


@dataclass(frozen=True)
class EvalReport:
    """Metrics per group ("overall", "audience:doctor", "lang:en", "kind:rule") and mode, plus misses."""

    table: dict[str, dict[str, dict[str, float]]]
    counts: dict[str, int]
    misses: dict[str, list[str]]  # mode → ids of questions with no hit in the top 3


def first_hit(ranked_texts: list[str], evidence: tuple[str, ...]) -> int | None:
    for rank, text in enumerate(ranked_texts, start=1):
        if contains_evidence(text, evidence):
            return rank
    return None


def evaluate(
    engine: SearchEngine, questions: list[Question], modes: tuple[Mode, ...] | None = None
) -> EvalReport:
    """Run every in-scope question with evidence through each ranker (every one the engine has,
    unless ``modes`` names some) and tally by group."""
    modes = modes or engine.modes()
    tallies: dict[str, dict[str, Tally]] = {}
    misses: dict[str, list[str]] = {m: [] for m in modes}
    for q in questions:
        if q.kind == "out_of_scope" or not q.evidence:
            continue
        scores = engine.scores(q.question)
        groups = ("overall", f"audience:{q.audience}", f"lang:{q.lang}", f"kind:{q.kind}")
        for mode in modes:
            ranked = [r.text for r in engine.rank(scores, k=MRR_DEPTH, mode=mode)]
            rank = first_hit(ranked, q.evidence)
            if rank is None or rank > 3:
                misses[mode].append(q.id)
            for g in groups:
                tallies.setdefault(g, {}).setdefault(mode, Tally()).add(rank)
    order = sorted(tallies, key=lambda g: (g != "overall", g))
    table = {g: {m: tallies[g][m].row() for m in modes} for g in order}
    counts = {g: tallies[g][modes[0]].n for g in order}
    return EvalReport(table, counts, misses)


def format_report(report: EvalReport, *, ids: bool = True) -> str:
    """A plain-text table: one line per group × mode; ``ids=False`` counts misses without naming them
    (for a blind set: once its misses have been read, it is no longer blind)."""
    metrics = [*(f"R@{k}" for k in CUTOFFS), f"MRR@{MRR_DEPTH}"]
    lines = [f"{'group':<22}{'n':>4}  {'mode':<12}" + "".join(f"{m:>8}" for m in metrics)]
    for group, modes in report.table.items():
        for mode, row in modes.items():
            lines.append(
                f"{group:<22}{report.counts[group]:>4}  {mode:<12}"
                + "".join(f"{row[m]:>8.3f}" for m in metrics)
            )
    for mode in report.misses:
        missed = report.misses[mode]
        lines.append(
            f"not in top 3 ({mode}): {len(missed)}" + (f" — {', '.join(missed)}" if missed and ids else "")
        )
    return "\n".join(lines)
