"""Answer quality on a question set: refusals, grounding, citations, readability.

- out-of-scope questions refused; in-scope questions falsely refused (the two errors of refusal);
- answers that cite a passage holding the question's evidence;
- answers whose codes, day counts and dates are all backed by what they cite (grounding);
- LIX of relative answers' own wording next to the guideline's own LIX.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..answers.assistant import Assistant
from ..answers.grounding import ungrounded
from ..corpus.document import plain_text
from .evaluation import Question, contains_evidence
from .readability import lix, own_words_lix


@dataclass
class AnswerReport:
    n: int = 0
    out_of_scope: int = 0
    refused: int = 0
    in_scope: int = 0
    false_refusals: list[str] = field(default_factory=list)
    missed_refusals: list[str] = field(default_factory=list)
    cited_evidence: int = 0
    uncited: list[str] = field(default_factory=list)
    ungrounded: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # expected → got → count
    relative_lix: list[float] = field(default_factory=list)
    guideline_lix: float = 0.0

    def lines(self, *, ids: bool = True) -> list[str]:
        """The report as text; ``ids=False`` gives the counts without naming questions (blind sets)."""
        mean_lix = sum(self.relative_lix) / len(self.relative_lix) if self.relative_lix else 0.0

        def named(found: list[str] | dict[str, list[str]]) -> str:
            return f"  ({', '.join(found)})" if found and ids else ""

        rows = [
            f"answers                         {self.n}",
            f"out-of-scope refused            {self.refused}/{self.out_of_scope}"
            + (f"  (answered: {', '.join(self.missed_refusals)})" if self.missed_refusals and ids else ""),
            f"false refusals (in scope)       {len(self.false_refusals)}/{self.in_scope}"
            f" = {len(self.false_refusals) / max(self.in_scope, 1):.1%}" + named(self.false_refusals),
            f"cites a passage with evidence   {self.cited_evidence}/{self.in_scope}"
            f" = {self.cited_evidence / max(self.in_scope, 1):.1%}",
            f"ungrounded answers              {len(self.ungrounded)}"
            + (f"  {self.ungrounded}" if self.ungrounded and ids else ""),
            f"LIX, relative answers' own words {mean_lix:.1f} (guideline text {self.guideline_lix:.1f})",
            "kind expected → answered        "
            + "; ".join(
                f"{e}→{g}: {c}" for e, got in sorted(self.kinds.items()) for g, c in sorted(got.items())
            ),
        ]
        if self.uncited and ids:
            rows.append(f"no evidence cited               {', '.join(self.uncited)}")
        return rows


def evaluate_answers(assistant: Assistant, questions: list[Question]) -> AnswerReport:
    """Answer every question as its audience would get it and tally the checks above."""
    report = AnswerReport(guideline_lix=lix(plain_text(assistant.guideline.text)))
    for q in questions:
        ans = assistant.answer(q.question, q.audience)
        report.n += 1
        report.kinds.setdefault(q.kind, {}).setdefault(ans.kind, 0)
        report.kinds[q.kind][ans.kind] += 1
        missing = ungrounded(ans)
        if missing:
            report.ungrounded[q.id] = sorted(missing)
        if q.audience == "relative" and ans.lang == "nb":
            report.relative_lix.append(own_words_lix(ans))
        if q.kind == "out_of_scope":
            report.out_of_scope += 1
            if ans.kind == "out_of_scope":
                report.refused += 1
            else:
                report.missed_refusals.append(q.id)
            continue
        report.in_scope += 1
        if ans.kind == "out_of_scope":
            report.false_refusals.append(q.id)
        if any(contains_evidence(c.text, q.evidence) for c in ans.citations):
            report.cited_evidence += 1
        else:
            report.uncited.append(q.id)
    return report
