"""What each text of the reading layer buys: retrieval with texts switched on one at a time.

Every row is the same engine (same model, index and fusion weights) reading a different
choice of texts, so the differences between rows are the texts' own: the official text alone,
then with the plain readings, the English-stem BM25, the English dense vectors, all of them,
all of them with the glossary's explanations read for Norwegian questions, then the
multilingual dense ranker added (the default), and all of that without the thesaurus. Rows
without the multilingual ranker fuse with the weights calibrated without it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..search.engine import SearchEngine
from ..search.texts import Choice
from .evaluation import MRR_DEPTH, Question, evaluate

_ONE = Choice(multilingual=False)  # the rows that measure texts leave the multilingual ranker out
CONFIGS: tuple[tuple[str, Choice], ...] = (
    ("official text only", replace(_ONE, plain=False, english=False, english_dense=False)),
    ("+ plain readings (nb BM25)", replace(_ONE, plain=True, english=False, english_dense=False)),
    ("+ English BM25", replace(_ONE, plain=False, english=True, english_dense=False)),
    ("+ English dense", replace(_ONE, plain=False, english=False, english_dense=True)),
    ("all readings", replace(_ONE, glossary=False)),
    ("all readings + glossary (nb)", _ONE),
    ("+ multilingual dense", Choice()),
    ("everything, no thesaurus", Choice(thesaurus=False)),
)
GROUPS = ("overall", "lang:en", "lang:nb", "audience:relative")


@dataclass(frozen=True)
class AblationRow:
    label: str
    metrics: dict[str, dict[str, float]]  # group → R@1, R@3, MRR@10 of the fused ranking
    counts: dict[str, int]


def run_ablation(engine: SearchEngine, questions: list[Question]) -> list[AblationRow]:
    """One fused evaluation per choice of texts, over the loaded engine's index."""
    rows = []
    for label, choice in CONFIGS:
        variant = SearchEngine(engine.guideline, engine.embedder, engine.vectors, choice=choice)
        report = evaluate(variant, questions, modes=("fused",))
        rows.append(
            AblationRow(
                label,
                {g: report.table[g]["fused"] for g in GROUPS if g in report.table},
                {g: report.counts[g] for g in GROUPS if g in report.counts},
            )
        )
    return rows


def format_ablation(rows: list[AblationRow]) -> str:
    """A table: one line per choice of texts, R@1 / R@3 / MRR for each group."""
    groups = [g for g in GROUPS if g in rows[0].metrics]
    head = f"{'texts':<30}" + "".join(f"{g} (n={rows[0].counts[g]})".rjust(26) for g in groups)
    lines = [head, f"{'':<30}" + "".join("R@1   R@3   MRR".rjust(26) for _ in groups)]
    for row in rows:
        cells = "".join(
            f"{m['R@1']:.3f} {m['R@3']:.3f} {m[f'MRR@{MRR_DEPTH}']:.3f}".rjust(26)
            for m in (row.metrics[g] for g in groups)
        )
        lines.append(f"{row.label:<30}{cells}")
    return "\n".join(lines)
