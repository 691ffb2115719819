"""Are the readings faithful to the guideline? Checks that keep every fact of a unit in its renderings.

A reading may change words, never facts. For every unit with a reading:

- every number, NPR code and other code (ICD-10, NCMP …), acronym and negation of the official
  text stands in both readings;
- no reading has a number or code its unit lacks, or names a drug its unit does not name;
- every drug, test and treatment name (``terms.toml``) of the unit is in both readings, in one
  of the forms listed for that language;
- an English reading keeps a sane length next to its unit (a translation, not a summary);
- a plain sentence has at most ``MAX_PLAIN_WORDS`` words.

``guideline readings --check`` prints the problems and the plain layer's LIX; the tests run the
same checks.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from ..corpus.document import Guideline
from ..corpus.readings import Reading, Readings
from ..corpus.units import all_units
from ..pathways import DEFAULT_PATHWAY, pathway_dir
from ..text.normalize import fold
from .readability import lix

NEGATIONS = {
    "plain": ("ikke", "ingen", "uten", "ikkje", "aldri", "verken", "intet", "ingenting"),
    "en": ("not", "no", "without", "never", "none", "neither", "nor", "non", "cannot", "nothing"),
}
OFFICIAL_NEGATIONS = NEGATIONS["plain"]
CODE = re.compile(r"\b[A-Z]\d{2}[A-Z]{0,3}\b|\bICD-10\b|\bNC[MSR]P\b")
ACRONYM = re.compile(r"\b(?:[A-Z]{2,}|Ig[GAM])\b")
NUMBER = re.compile(r"\d+")
EN_LENGTH_RATIO = (0.5, 2.2)  # words of the English reading per word of the unit, for units of 5+ words
MAX_PLAIN_WORDS = 20
PLAIN_LIX_AIM = 35.0
_SENTENCE = re.compile(r"[.!?:]+(?:\s|$)")
_NEGATION_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Term:
    """A drug, test or treatment name and the forms each text may write it in (folded, matched at word starts)."""

    nb: tuple[str, ...]
    en: tuple[str, ...]
    plain: tuple[str, ...]
    kind: str

    def forms(self, lang: str) -> tuple[str, ...]:
        return self.en if lang == "en" else self.nb + self.plain


@lru_cache(maxsize=8)
def load_terms(pathway: str = DEFAULT_PATHWAY) -> tuple[Term, ...]:
    """The pathway's ``terms.toml``; empty when it has none."""
    path = pathway_dir(pathway) / "terms.toml"
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Term(tuple(t["nb"]), tuple(t.get("en", ())), tuple(t.get("plain", ())), t.get("kind", "test"))
        for t in data.get("term", [])
    )


def has_form(text: str, form: str) -> bool:
    """Whether a folded form starts a word of the text ("leukocytt" in "Leukocyttene")."""
    return re.search(r"(?<!\w)" + re.escape(fold(form)), fold(text)) is not None


def negations(text: str, lang: str) -> int:
    """How many negation words a text has (``lang`` "en", or "plain" for Norwegian)."""
    words = _NEGATION_WORD.findall(text.lower().replace("n't", " not"))
    return sum(w in NEGATIONS[lang] for w in words)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def unit_problems(official: str, reading: Reading, terms: tuple[Term, ...]) -> list[str]:
    """What a reading changes of its unit's facts; empty when it is faithful."""
    problems: list[str] = []
    texts = {"en": reading.en, "plain": reading.plain}
    for lang, text in texts.items():
        if not text.strip():
            problems.append(f"{lang}: missing")
    if problems:
        return problems
    for lang, text in texts.items():
        for what, pattern in (("number", NUMBER), ("code", CODE)):
            have, said = set(pattern.findall(official)), set(pattern.findall(text))
            if lacking := sorted(have - said):
                problems.append(f"{lang}: lacks {what} {', '.join(lacking)}")
            if added := sorted(said - have):
                problems.append(f"{lang}: adds {what} {', '.join(added)}")
        if lacking := sorted(set(ACRONYM.findall(official)) - set(ACRONYM.findall(text))):
            problems.append(f"{lang}: lacks {', '.join(lacking)}")
        if negations(text, lang) < negations(official, "plain"):
            problems.append(f"{lang}: fewer negations than the unit ({negations(official, 'plain')})")
        for term in terms:
            named = any(has_form(official, f) for f in term.nb)
            if named and not any(has_form(text, f) for f in term.forms(lang)):
                problems.append(
                    f"{lang}: lacks {term.kind} {term.nb[0]} (one of {', '.join(term.forms(lang))})"
                )
            if term.kind == "drug" and not named and any(has_form(text, f) for f in term.nb + term.en):
                problems.append(f"{lang}: names drug {term.nb[0]}, which the unit does not")
    n_official, n_en = len(official.split()), len(reading.en.split())
    low, high = EN_LENGTH_RATIO
    if n_official >= 5 and not low <= n_en / n_official <= high:
        problems.append(f"en: {n_en} words for {n_official} (ratio outside {low}–{high})")
    for s in sentences(reading.plain):
        if len(s.split()) > MAX_PLAIN_WORDS:
            problems.append(f"plain: a sentence of {len(s.split())} words (at most {MAX_PLAIN_WORDS})")
    return problems


@dataclass
class FaithfulnessReport:
    """Every problem found, by unit id, plus the numbers of the plain layer."""

    units: int = 0
    with_readings: int = 0
    missing: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    orphans: tuple[str, ...] = ()
    problems: dict[str, list[str]] = field(default_factory=dict)
    plain_lix: float = 0.0
    official_lix: float = 0.0
    longest_plain_sentence: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.problems)

    def lines(self) -> list[str]:
        out = [
            f"units                     {self.units}",
            f"with fresh readings       {self.with_readings}",
            f"missing / stale           {len(self.missing)} / {len(self.stale)}"
            + (f"  ({', '.join((*self.missing, *self.stale)[:10])})" if self.missing or self.stale else ""),
            f"readings of no unit       {len(self.orphans)}",
            f"units with problems       {len(self.problems)}",
            f"LIX, plain layer          {self.plain_lix:.1f} (aim ≤ {PLAIN_LIX_AIM:g}; the guideline's units {self.official_lix:.1f})",
            f"longest plain sentence    {self.longest_plain_sentence} words (at most {MAX_PLAIN_WORDS})",
        ]
        for unit_id, found in self.problems.items():
            out += [f"{unit_id}: {p}" for p in found]
        return out


def check_readings(guideline: Guideline, readings: Readings) -> FaithfulnessReport:
    """Run every check over every unit of the guideline."""
    terms = load_terms(guideline.pathway)
    status = readings.status(guideline)
    report = FaithfulnessReport(missing=status.missing, stale=status.stale, orphans=status.orphans)
    plains: list[str] = []
    officials: list[str] = []
    for unit in all_units(guideline):
        report.units += 1
        reading = readings.for_unit(unit)
        if reading is None:
            continue
        report.with_readings += 1
        if found := unit_problems(unit.text, reading, terms):
            report.problems[unit.id] = found
        plains.append(reading.plain)
        officials.append(unit.text)
        longest = max((len(s.split()) for s in sentences(reading.plain)), default=0)
        report.longest_plain_sentence = max(report.longest_plain_sentence, longest)
    report.plain_lix = lix("\n".join(plains))
    report.official_lix = lix("\n".join(officials))
    return report
