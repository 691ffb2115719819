"""Is a question inside what the guideline covers? Several weak signals, none of them a cosine score.

Measured on this corpus, similarity scores cannot tell in-scope from out-of-scope questions,
so the decision combines: topics the guideline is silent on (doses, prognosis, benefits: kept
as data in ``scope.toml``), drug names it does not mention, another cancer named without a
myeloma anchor, and how many of the
question's key words the guideline's vocabulary covers (directly, through the thesaurus, or
within a typo's distance).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..corpus.document import DEFAULT_PATHWAY, load_guideline, pathway_dir, plain_text
from ..corpus.readings import load_readings
from ..text.compounds import Decompounder
from ..text.lexicon import is_dictionary_word, is_everyday
from ..text.normalize import STOPWORDS, english_stem, fold, stem, whole_words, words
from ..text.thesaurus import load_thesaurus

_HIGH = frozenset({"high", "hoy", "hoye", "hoyere", "higher"})
_DOSE_COMPOUND = re.compile(r"[^\W\d_]{3,}dose(?:n|r|ne)?")
_HIGH_PREFIX = ("hoy", "høy", "high")
_RAW_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
MIN_COVERAGE = 0.5  # below this share of key words known to the guideline, the question is refused
ACRONYM_WEIGHT = 3
MAX_NAMED = 3  # unknown terms an answer names at most
_ACRONYM = re.compile(r"\b[A-ZÆØÅ]{2,6}\b")
_FUZZY = 0.72  # trigram Dice similarity that counts a word as a typo of a guideline word


@dataclass(frozen=True)
class Topic:
    id: str
    kind: str  # "outside" | "other"
    phrases: tuple[tuple[str, ...], ...]
    message_nb: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_nb


@dataclass(frozen=True)
class ScopeVerdict:
    """Why a question is, or is not, inside the guideline."""

    in_scope: bool
    topics: tuple[Topic, ...]  # matched topics (only when refused)
    coverage: float  # share of key words the guideline knows, 0..1
    unknown_words: tuple[str, ...]
    reason: str

    def notices(self, lang: str) -> list[str]:
        return [t.message(lang) for t in self.topics]

    def unknown_as_typed(self, question: str) -> tuple[str, ...]:
        """The unknown terms as the question spells them ("Lungebetennelser"), in its order.

        Everyday words ("meet", "hatt") and short ones ("pga") are left out: that the guideline
        does not use them says nothing about whether it answers the question.
        """
        wanted = {w for w in self.unknown_words if len(w) >= 4 and w.isalpha() and not is_everyday(w)}
        out: list[str] = []
        for raw in _RAW_WORD.findall(question):
            folded = words(raw)
            if len(folded) == 1 and folded[0] in wanted and raw not in out:
                wanted.discard(folded[0])
                out.append(raw)
        return tuple(out[:MAX_NAMED])


# What a drug name the pathway does not name is read as, in a question about the pathway.
DRUG_AS_TREATMENT = {"en": "drug treatment", "nb": "medikamentell behandling"}
# "Første dose", "the first dose": the day drug treatment starts (the pathway's "første
# behandlingsdag"), not an amount of a drug.
_FIRST_DOSE = re.compile(r"\b(?:første|forste|first)\s+(?:dose|dosen|doses)\b", re.IGNORECASE)
FIRST_DOSE_AS_START = {"en": "first day of drug treatment", "nb": "første dag med medikamentell behandling"}


@dataclass(frozen=True)
class Scope:
    topics: tuple[Topic, ...]
    anchors: tuple[tuple[str, ...], ...]
    fillers: frozenset[str]
    vocabulary: frozenset[str]  # folded words of the guideline and its readings (and their compound parts)
    stems: frozenset[str]  # Norwegian stems of the Norwegian texts
    english_stems: frozenset[str]  # English stems of the English readings
    thesaurus_words: frozenset[str]
    thesaurus_stems: frozenset[str]  # other forms of them: "cellegifta" for "cellegift"
    trigrams: dict[str, tuple[str, ...]]
    drug_suffixes: tuple[str, ...]
    drug_topic: Topic | None

    def _direct(self, word: str) -> bool:
        s = stem(word)
        return (
            word in self.vocabulary
            or s in self.stems
            or english_stem(word) in self.english_stems
            or word in self.thesaurus_words
            or s in self.thesaurus_stems
        )

    def knows(self, word: str) -> bool:
        """Whether the guideline (its text, its readings or the thesaurus) uses a folded word, another
        form of it, a compound of its words, or a word a typo away."""
        return self._known(word)

    def _known(self, word: str) -> bool:
        if self._direct(word):
            return True
        if len(word) < 5:
            return False
        # Norwegian compounds: "infeksjonsrisikoen" = "infeksjon(s)" + "risikoen"; the tail may
        # carry a typo ("infeksjonsrisikon").
        for i in range(3, len(word) - 2):
            head, tail = word[:i], word[i:]
            if (self._direct(head) or (head.endswith(("s", "e")) and self._direct(head[:-1]))) and (
                self._direct(tail) or (len(tail) >= 5 and self._fuzzy(tail))
            ):
                return True
        return not is_dictionary_word(word) and self._fuzzy(word)  # a word in its own right is no typo

    def _fuzzy(self, word: str) -> bool:
        """Within a typo's distance of a guideline word (trigram Dice similarity)."""
        grams = _trigrams(word)
        counts: Counter[str] = Counter()
        for g in grams:
            counts.update(self.trigrams.get(g, ()))
        # Every candidate that shares enough trigrams is weighed, not a first few by shared count:
        # among equal counts, which came first followed the hash order of the guideline's word
        # set, so a word was known in one process and unknown in the next. Dice is at most
        # 2s / (n + s) for s shared of n, so fewer than ``need`` shared can never reach _FUZZY.
        need = _FUZZY * len(grams) / (2 - _FUZZY)
        return any(
            shared >= need and 2 * shared / (len(grams) + _trigram_count(c)) >= _FUZZY
            for c, shared in counts.items()
        )

    def drug_names(self, seq: list[str]) -> list[str]:
        """Words shaped like drug names (by suffix) that the guideline does not contain and that
        are not everyday language: "cancel" ends like a CAR-T cell product ("-cel"), and a
        coordinator asking how to cancel a code asks no drug question."""
        return [
            w
            for w in seq
            if len(w) > 5
            and w.endswith(self.drug_suffixes)
            and w not in self.vocabulary
            and stem(w) not in self.stems
            and not is_everyday(w)
        ]

    def typed_drug_names(self, question: str) -> tuple[str, ...]:
        """The drug names of ``drug_names`` as the question writes them, each once."""
        drugs = set(self.drug_names(words(question)))
        return tuple(
            dict.fromkeys(m.group() for m in _RAW_WORD.finditer(question) if fold(m.group()) in drugs)
        )

    def drugs_as_treatment(self, question: str, lang: str) -> str:
        """The question with each drug name read as the kind of treatment it is: a coordinator who
        writes "started on bortezomib" asks about drug treatment, which the pathway covers."""
        drugs = set(self.drug_names(words(question)))
        kind = DRUG_AS_TREATMENT["en" if lang == "en" else "nb"]
        return _RAW_WORD.sub(lambda m: kind if fold(m.group()) in drugs else m.group(), question)

    def first_dose_as_start(self, question: str, lang: str) -> str:
        """The question with "første dose" / "the first dose" read as the first day of drug
        treatment: "fikk første dose i dag, hvilken kode?" asks for a start code, not a dose."""
        return _FIRST_DOSE.sub(FIRST_DOSE_AS_START["en" if lang == "en" else "nb"], question)

    def judge(self, question: str) -> ScopeVerdict:
        seq = words(question)
        # Topics match whole words: "high-dose" (høydose) is a treatment, not a question about doses.
        whole = whole_words(question)
        # "high dose treatment" is the guideline's høydosebehandling, not a question about a dose.
        whole = [w for i, w in enumerate(whole) if not (w.startswith("dose") and i and whole[i - 1] in _HIGH)]
        # A compound dose ("startdose", "vedlikeholdsdosen") asks for a dose; "høydose" is a treatment.
        whole = [
            "dose" if _DOSE_COMPOUND.fullmatch(w) and not w.startswith(_HIGH_PREFIX) else w for w in whole
        ]
        matched = [t for t in self.topics if any(_has_phrase(whole, p) for p in t.phrases)]
        anchored = any(_has_phrase(seq, a) for a in self.anchors) or any(w.startswith("a04") for w in seq)
        keys = [
            w
            for w in dict.fromkeys(seq)
            if w not in STOPWORDS and w not in self.fillers and not w.isdigit() and "-" not in w
        ]
        unknown = tuple(w for w in keys if not self._known(w))
        # An unknown acronym (IMWG, DIPS) names something specific the guideline never mentions:
        # it counts as ACRONYM_WEIGHT words.
        acronyms = {a.lower() for a in _ACRONYM.findall(question)} & set(unknown)
        extra = (ACRONYM_WEIGHT - 1) * len(acronyms)
        coverage = max(0.0, 1.0 - (len(unknown) + extra) / (len(keys) + extra)) if keys else 1.0
        if self.drug_topic and self.drug_names(seq):
            matched.insert(0, self.drug_topic)
        if any(t.kind == "outside" for t in matched):
            return ScopeVerdict(
                False, tuple(matched), coverage, unknown, "topic the guideline does not cover"
            )
        if any(t.kind == "other" for t in matched) and not anchored:
            return ScopeVerdict(False, tuple(matched), coverage, unknown, "another cancer or pathway")
        if coverage < MIN_COVERAGE:
            return ScopeVerdict(False, tuple(matched), coverage, unknown, "key words not in the guideline")
        return ScopeVerdict(True, (), coverage, unknown, "")


def _with_possessives(fillers: frozenset[str], vocabulary: frozenset[str]) -> frozenset[str]:
    """The fillers and their -s forms: "mums myeloma came back", "pappas behandling" (a possessive
    typed without its apostrophe, or Norwegian's own genitive) is still the asker's family, unless
    the -s form is a word of the guideline."""
    return fillers | {f + "s" for f in fillers if f.isalpha() and len(f) >= 3 and f + "s" not in vocabulary}


GAP = "..."  # in a phrase: up to MAX_GAP words of any kind ("how long will ... live")
MAX_GAP = 4


def _word_matches(word: str, p: str) -> bool:
    return word == p or (p.endswith("*") and word.startswith(p[:-1]))


def _has_phrase(seq: list[str], phrase: tuple[str, ...], start: int | None = None) -> bool:
    """Phrase words match whole folded words; a trailing "*" makes a word a prefix ("parker*");
    "..." lets up to MAX_GAP words stand between its neighbours."""
    if not phrase:
        return True
    head, rest = phrase[0], phrase[1:]
    if head == GAP:
        first = start if start is not None else 0
        return any(_has_phrase(seq, rest, i) for i in range(first, min(len(seq), first + MAX_GAP) + 1))
    positions = range(len(seq)) if start is None else range(start, start + 1)
    return any(
        i < len(seq) and _word_matches(seq[i], head) and _has_phrase(seq, rest, i + 1) for i in positions
    )


def _phrase(text: str) -> tuple[str, ...]:
    """A data phrase as folded words, keeping a trailing "*" on a word and "..." gaps."""
    return tuple(
        GAP if raw == GAP else w + "*" if raw.endswith("*") else w
        for raw in text.split()
        for w in ([GAP] if raw == GAP else words(raw)[:1])
    )


def _trigrams(word: str) -> set[str]:
    padded = f"#{word}#"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@lru_cache(maxsize=65536)
def _trigram_count(word: str) -> int:
    """How many trigrams a guideline word has: asked again for the same words by every typo test."""
    return len(_trigrams(word))


@lru_cache(maxsize=8)
def load_scope(pathway: str = DEFAULT_PATHWAY) -> Scope:
    """The pathway's scope data plus the guideline's vocabulary, built once."""
    data = tomllib.loads((pathway_dir(pathway) / "scope.toml").read_text(encoding="utf-8"))
    topics = tuple(
        Topic(
            id=t["id"],
            kind=t["kind"],
            phrases=tuple(_phrase(p) for p in t["phrases"] if words(p)),
            message_nb=t["message_nb"],
            message_en=t["message_en"],
        )
        for t in data.get("topic", [])
    )
    drugs = data.get("drugs", {})
    guideline = load_guideline(pathway)
    readings = load_readings(pathway)
    norwegian = frozenset(words(plain_text(guideline.text))) | frozenset(
        words(" ".join(r.plain for r in readings.entries))
    )
    english = frozenset(words(" ".join(r.en for r in readings.entries)))
    vocabulary = norwegian | english
    # The parts of the guideline's compounds are its words too ("profylakse" of "obstipasjonsprofylakse").
    splitter = Decompounder(vocabulary)
    vocabulary |= frozenset(p for w in vocabulary for p in splitter.parts(w))
    thesaurus = load_thesaurus(pathway)
    thesaurus_words = thesaurus.synonym_words
    index: dict[str, list[str]] = {}
    for w in sorted(vocabulary):  # in a fixed order, whatever the process's string hashing
        if len(w) >= 4 and not w.isdigit():
            for g in _trigrams(w):
                index.setdefault(g, []).append(w)
    return Scope(
        topics=topics,
        anchors=tuple(_phrase(a) for a in data.get("anchors", {}).get("phrases", []) if words(a)),
        fillers=_with_possessives(
            frozenset(w for f in data.get("fillers", {}).get("words", []) for w in words(f)), vocabulary
        ),
        vocabulary=vocabulary,
        stems=frozenset(stem(w) for w in norwegian | {p for w in norwegian for p in splitter.parts(w)}),
        english_stems=frozenset(english_stem(w) for w in english),
        thesaurus_words=thesaurus_words,
        thesaurus_stems=frozenset(stem(w) for w in thesaurus_words if len(stem(w)) >= 5),
        trigrams={g: tuple(ws) for g, ws in index.items()},
        drug_suffixes=tuple(drugs.get("suffixes", [])),
        drug_topic=Topic("drug", "outside", (), drugs["message_nb"], drugs["message_en"]) if drugs else None,
    )
