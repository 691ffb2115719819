"""Answer quality on a question set: refusals, correctness, grounding, citations, readability, per audience.

- out-of-scope questions refused; in-scope questions falsely refused (the two errors of refusal);
- structured questions (kind "rule") answered correctly: every ``must_contain`` token in the
  answer (dates compared as ISO) and a passage with the evidence cited;
- answers that cite a passage holding the question's evidence;
- answers whose codes, day counts and dates are all backed by what they cite (grounding);
- relatives' answers: LIX of what they read as the answer (before the glossary, official quotes
  left out: they stand under each plain reading for reference), and NPR codes they did not ask for;
- answers that say one sentence twice: quoted twice, or our reading of it given twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..answers.answer import Answer
from ..answers.assistant import Assistant
from ..answers.extract import said_already
from ..answers.grounding import unescaped, ungrounded
from ..answers.views import asks_for_codes, asks_for_time, states_days
from ..corpus.document import plain_text
from ..rules.dates import FoundDate, find_dates
from ..text.normalize import fold
from .evaluation import Question, contains_evidence
from .readability import lix

_CODE = re.compile(r"\b[A-Z]\d{2}[A-Z]{0,3}\b")
_GLOSSARY_RULE = re.compile(r"^---\s*$", re.MULTILINE)


def _dates_as_iso(text: str) -> str:
    """The text with every date it writes also written as ISO, so "10. mars 2026" matches "2026-03-10"."""
    try:
        found: Iterable[FoundDate] = find_dates(text)
    except Exception:  # an impossible date in an answer is its own failure, caught by grounding
        found = ()
    return text + " " + " ".join(d.value.isoformat() for d in found)


def answer_text(ans: Answer) -> str:
    """What the answer says, unescaped, markers removed."""
    return unescaped(ans.answer)


def is_correct(ans: Answer, q: Question) -> bool:
    """A structured question is answered correctly when every token it needs is said and its evidence cited."""
    said = fold(_dates_as_iso(answer_text(ans)))
    has_tokens = all(fold(token) in said for token in q.must_contain)
    return has_tokens and any(contains_evidence(c.text, q.evidence) for c in ans.citations)


def _before_glossary(ans: Answer) -> str:
    """The answer as read before the glossary (the words explained are not what it says), unescaped."""
    return _GLOSSARY_RULE.split(unescaped(ans.answer))[0]


def reading_text(ans: Answer) -> str:
    """A relative's answer as read: before the glossary, without the official quotes ("> " lines)."""
    before = _before_glossary(ans)
    return "\n".join(
        line for line in before.splitlines() if line.strip() and not line.lstrip().startswith(">")
    )


def unasked_codes(ans: Answer) -> bool:
    """Whether an answer shows an NPR code although the question named none and asked about no code
    (by the answers' own test of that, ``views.asks_for_codes``: one definition for both)."""
    return bool(_CODE.search(unescaped(ans.answer))) and not asks_for_codes(ans.question)


def unasked_days(ans: Answer) -> bool:
    """Whether an answer gives a number of days or weeks although the question asked about no time
    (by the answers' own test, ``views.asks_for_time``); the glossary's explanations do not count."""
    shown = _before_glossary(ans)
    return states_days(shown) and not asks_for_time(ans.question)


def quotes_twice(ans: Answer) -> bool:
    """Whether the answer quotes one sentence more than once (the same text under two markers, or
    a near copy of it: the same words but for a few function words), or gives our reading of one
    twice (``says_reading_twice``).

    List items are left out: one item can belong to two lists ("Anemi" is a symptom and a
    criterion), and each list is quoted whole. A sentence that introduces a list is compared
    with its list: "Det skal registreres:" opens one list of codes in each step, and with A04A
    it says something else than with A04S."""
    quoted: list[str] = []
    introduces = False  # the last quoted sentence ends in ":", so the items after it are its list
    for line in re.sub(r"\[\d+\]", "", unescaped(ans.answer)).splitlines():
        text = " ".join(line.lstrip("> ").split())
        if not line.lstrip().startswith(">") or not text:
            continue
        if text.startswith("- "):
            if introduces:
                quoted[-1] += " " + text
            continue
        if len(line.split()) <= 3:  # "> Kode" and the like: no sentence to compare
            introduces = False
            continue
        quoted.append(text)
        introduces = text.endswith(":")
    if any(said_already(a, quoted[i + 1 :]) for i, a in enumerate(quoted)):
        return True
    return says_reading_twice(ans)


_MARKERS = re.compile(r"\s*\[\d+\]")
# "Registreres: …", "Forløpstid: …": a fact's field, said once for each fact it belongs to.
_FIELD = re.compile(r"^[\w*]+(?: [\w*]+)?:\s")
READING_WORDS = 6  # a reading this long said twice is a repeat, not two short list items alike


def says_reading_twice(ans: Answer) -> bool:
    """Whether the answer gives our reading (plain or English) of one sentence twice: as a paragraph
    and again as a list item, or as two list items ("Fastlegen kan henvise …" once for each of the
    four who may refer). Quotes, headings and a fact's fields are left out."""
    before = _before_glossary(ans)
    said = []
    for line in before.splitlines():
        text = _MARKERS.sub("", line).strip()
        if not text or text.startswith((">", "*", "#")):
            continue
        text = text[2:] if text.startswith("- ") else text
        if _FIELD.match(text) or len(text.split()) < READING_WORDS:
            continue
        said.append(" ".join(text.split()))
    return any(a in said[i + 1 :] for i, a in enumerate(said))


@dataclass
class Tally:
    """The counts for one audience (or all)."""

    n: int = 0
    out_of_scope: int = 0
    refused: int = 0
    in_scope: int = 0
    structured: int = 0
    correct: int = 0
    cited_evidence: int = 0
    ungrounded: int = 0
    unasked_codes: int = 0
    unasked_days: int = 0
    quoted_twice: int = 0
    lix: list[float] = field(default_factory=list)
    false_refusals: list[str] = field(default_factory=list)
    missed_refusals: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)


@dataclass
class AnswerReport:
    overall: Tally = field(default_factory=Tally)
    by_audience: dict[str, Tally] = field(default_factory=dict)
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # expected → got → count
    ungrounded: dict[str, list[str]] = field(default_factory=dict)
    guideline_lix: float = 0.0

    def lines(self, *, ids: bool = True) -> list[str]:
        """The report as text, overall and per audience; ``ids=False`` counts without naming questions (blind sets)."""

        def pct(a: int, b: int) -> str:
            return f"{a}/{b} = {a / max(b, 1):.1%}"

        def named(found: list[str]) -> str:
            return f"  ({', '.join(found)})" if found and ids else ""

        rows = []
        for label, t in [("all", self.overall), *sorted(self.by_audience.items())]:
            mean_lix = sum(t.lix) / len(t.lix) if t.lix else 0.0
            rows += [
                f"[{label}] answers {t.n}",
                f"  out-of-scope refused            {pct(t.refused, t.out_of_scope)}"
                + named(t.missed_refusals),
                f"  false refusals (in scope)       {pct(len(t.false_refusals), t.in_scope)}"
                + named(t.false_refusals),
                f"  structured answered correctly   {pct(t.correct, t.structured)}" + named(t.wrong),
                f"  cites a passage with evidence   {pct(t.cited_evidence, t.in_scope)}" + named(t.uncited),
                f"  ungrounded answers              {t.ungrounded}",
                f"  quotes a sentence twice         {t.quoted_twice}",
            ]
            if t.lix:
                rows += [
                    f"  LIX of what relatives read      {mean_lix:.1f} (guideline text {self.guideline_lix:.1f})",
                    f"  relatives shown codes unasked   {t.unasked_codes}",
                    f"  relatives shown days unasked    {t.unasked_days}",
                ]
        rows.append(
            "kind expected → answered        "
            + "; ".join(
                f"{e}→{g}: {c}" for e, got in sorted(self.kinds.items()) for g, c in sorted(got.items())
            )
        )
        if self.ungrounded and ids:
            rows.append(f"ungrounded: {self.ungrounded}")
        return rows


def _add(t: Tally, q: Question, ans: Answer, grounded: bool) -> None:
    t.n += 1
    t.ungrounded += not grounded
    t.quoted_twice += quotes_twice(ans)
    if q.audience == "relative" and ans.lang == "nb":
        t.lix.append(lix(reading_text(ans)))
    if q.audience == "relative":
        t.unasked_codes += unasked_codes(ans)
        t.unasked_days += unasked_days(ans)
    if q.kind == "out_of_scope":
        t.out_of_scope += 1
        if ans.kind == "out_of_scope":
            t.refused += 1
        else:
            t.missed_refusals.append(q.id)
        return
    t.in_scope += 1
    if ans.kind == "out_of_scope":
        t.false_refusals.append(q.id)
    if any(contains_evidence(c.text, q.evidence) for c in ans.citations):
        t.cited_evidence += 1
    else:
        t.uncited.append(q.id)
    if q.kind == "rule":
        t.structured += 1
        if is_correct(ans, q):
            t.correct += 1
        else:
            t.wrong.append(q.id)


def evaluate_answers(assistant: Assistant, questions: list[Question]) -> AnswerReport:
    """Answer every question as its audience would get it and tally the checks above."""
    report = AnswerReport(guideline_lix=lix(plain_text(assistant.guideline.text)))
    for q in questions:
        ans = assistant.answer(q.question, q.audience)
        report.kinds.setdefault(q.kind, {}).setdefault(ans.kind, 0)
        report.kinds[q.kind][ans.kind] += 1
        missing = ungrounded(ans)
        if missing:
            report.ungrounded[q.id] = sorted(missing)
        for tally in (report.overall, report.by_audience.setdefault(q.audience, Tally())):
            _add(tally, q, ans, grounded=not missing)
    return report
