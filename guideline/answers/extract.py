"""Extracts that read as answers: the units of the best passages that answer the question, quoted whole.

Candidates are the units (sentences, list items, table rows) of the top passages. Each is scored
by the inverse-document-frequency weight of the question's words it holds, in any of its three
texts (official, plain reading, English reading; thesaurus words at a lower weight), plus a
share of its passage's search score. Then:

- a line that introduces a list or table ("… skal fastlegen ta:") is quoted with what it
  introduces, and a chosen item or row with the line that introduces it;
- a table's header row, and a line with no words, is never quoted;
- the same text standing in two sections is quoted once, citing both; a near copy (the same
  words but for a few function words, the same numbers, codes and negations) is left out;
- quotes are ordered by how well they answer, best first;
- what a clause asks about "it" ("hva er en beinmargsprøve, og gjør det vondt?") counts in a unit
  only beside what "it" stands for: the sentence on painful bone disease does not answer it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..corpus.document import Guideline, plain_text
from ..corpus.readings import Readings, load_readings
from ..corpus.units import SectionUnit, is_item, is_table_rule, lead_ins, section_units
from ..search.engine import SearchEngine, SearchResult
from ..search.lexical import EXPANSION_WEIGHT, english_tokens
from ..text.language import detect_lang
from ..text.normalize import NEGATIONS, STOPWORDS, words
from .scope import load_scope

MAX_QUOTES = 4  # quotes an answer gives at most (3 left the evidence out of about 3% more answers)
# A question that asks when is answered by a sentence that states when: a condition ("Ved begrunnet
# mistanke …", "når", "dersom") or a time ("innen 1-2 døgn"). Such a sentence gains this much over
# one that shares the question's words without saying when ("Fastlege … kan henvise").
WHEN_BONUS = 0.1
_ASKS_WHEN = re.compile(
    r"(?:^|[.!?]\s+)\s*(?:when|når|nar)\b|\bat what point\b|\bhow soon\b|\bpå hvilket tidspunkt\b",
    re.IGNORECASE,
)
# "Når pappa er ferdigbehandlet, hvem …?": the when is the circumstances, the question asks who.
_ASKS_OTHER = re.compile(r"\b(?:who|what|which|where|hvem|hva|hvilke|hvilken|hvilket|hvor)\b", re.IGNORECASE)
_STATES_WHEN = re.compile(
    r"^\s*(?:ved|når|dersom|hvis|etter|før|innen)\b|\b(?:når|dersom|hvis|innen|kalenderdager|døgn)\b",
    re.IGNORECASE,
)
# A unit that opens with its condition ("Ved henvisning til pakkeforløp informeres pasienten
# om", "When referred, the patient is informed") says when its main clause happens: it answers
# "when is the patient informed?", not "when should I refer?". The condition ends at a comma
# or, in Norwegian word order, at the finite verb that follows a fronted phrase.
_OPENS_WITH_CONDITION = re.compile(
    r"^\s*(?:(?P<clause>når|dersom|hvis|when|if)|ved|etter|før|after|before|upon|on|in case of)\b",
    re.IGNORECASE,
)
_FINITE_VERB = re.compile(r"\b(?:skal|kan|bør|må|vil|er|blir|har|får|gis|tas|\w{3,}es)\b", re.IGNORECASE)
MAX_ITEMS = 12  # items of a list (or rows of a table) quoted with their lead-in at most
KEEP_RATIO = 0.45  # a further quote must score at least this share of the best one
TITLE_WEIGHT = 0.8  # a unit's words with its heading's, against its own words alone
PASSAGE_PRIOR = 0.35  # weight of the passage's own rank in a unit's score
_CODE = re.compile(r"[A-Z]\d{2}[A-Z]{0,3}")
NEAR_COPY = 0.8  # share of shared words (Jaccard) above which a second quote is a near copy
# A clause that asks about what the one before it named: "… og gjør det vondt?", "Does it hurt?",
# "Is that normal?". What it asks is about that thing, not about anything that hurts. The verb
# comes first, as a question's does ("det er MM" tells), and "er det noen som …" asks whether
# there is someone. Measured on the development sets: one structured answer and one citation more
# (h006, "…, Ca 3,4 og stigende kreatinin. Holder det …?"), no answer count lower.
_ABOUT_IT = re.compile(
    r"(?:\b(?:og|and)\s+|[,?.!]\s+)[^\W\d_]+\s+(?:det|den|dette|it|this|that)\b(?!\s+(?:noen|noe|som|there)\b)",
    re.IGNORECASE,
)


def is_table_header(guideline: Guideline, unit: SectionUnit) -> bool:
    """A table's first row: the line right above its ``| --- |`` rule."""
    following = guideline.text[unit.end : unit.end + 200].lstrip("\n")
    return unit.text.lstrip().startswith("|") and is_table_rule(following.split("\n", 1)[0])


def is_code_row(unit: SectionUnit) -> bool:
    """A table row naming an NPR code ("| A04FK | Behandling start – … |")."""
    if not unit.text.lstrip().startswith("|"):
        return False
    first = unit.text.strip().strip("|").split("|")[0].strip()
    return _CODE.fullmatch(first) is not None


@dataclass(frozen=True)
class QuotedUnit:
    """One unit of a quote with its readings (empty where it has none)."""

    unit: SectionUnit
    en: str
    plain: str
    item: bool  # a list item or table row, shown as a list line
    code_row: bool

    @property
    def text(self) -> str:
        """The unit as plain text, verbatim: what a citation highlights."""
        return " ".join(plain_text(self.unit.text).split())


@dataclass(frozen=True)
class Quote:
    """Units quoted together from one passage: a sentence, or a lead-in with its items."""

    chunk_id: str
    section: str
    units: tuple[QuotedUnit, ...]
    score: float
    also: tuple[tuple[str, str], ...] = ()  # (chunk id, section) of passages holding the same text

    @property
    def text(self) -> str:
        return " ".join(u.text for u in self.units)

    @property
    def unit_ids(self) -> tuple[str, ...]:
        return tuple(u.unit.id for u in self.units)

    def without_code_rows(self) -> Quote | None:
        """The quote minus its NPR code rows; None when nothing that says anything is left."""
        kept = tuple(u for u in self.units if not u.code_row)
        if len(kept) == len(self.units):
            return self
        if not kept or all(u.text.rstrip().endswith(":") for u in kept):
            return None
        return Quote(self.chunk_id, self.section, kept, self.score, self.also)


@dataclass(frozen=True)
class _Weights:
    """A question's IDF weights: Norwegian stems (thesaurus words at a lower weight), English stems,
    and for each word no English reading holds, the guideline stems that stand in for it there."""

    nb: dict[str, float]
    en: dict[str, float]
    en_groups: tuple[tuple[frozenset[str], float], ...] = ()
    # The words of a clause about "it" ("… og gjør det vondt?") and the words "it" stands for:
    # the former count in a unit only beside one of the latter.
    bound: frozenset[str] = frozenset()
    referent: frozenset[str] = frozenset()


@dataclass
class _Candidate:
    unit: SectionUnit
    chunk_id: str
    rank: int
    score: float
    overlap: float
    lead: SectionUnit | None = None
    items: list[SectionUnit] = field(default_factory=list)


class SentencePicker:
    """Holds the corpus statistics (document frequencies of stems, in both languages) for scoring units."""

    def __init__(self, engine: SearchEngine, readings: Readings | None = None) -> None:
        self.engine = engine
        self.guideline = engine.guideline
        self.readings = readings or load_readings(engine.guideline.pathway)
        self.tokens = engine.lexical.tokens  # stems and compound parts, as search matched them
        nb_docs = [set(self.tokens(c.text)) for c in engine.chunks]
        self.idf = _idf(nb_docs)
        en_docs = [set(english_tokens(engine.texts.chunk_doc(i, "en"))) for i in range(len(engine.chunks))]
        self.idf_en = _idf(en_docs)
        # Everyday words ("tar", "sier") carry no topic: they must not pick a sentence.
        self.fillers = load_scope(engine.guideline.pathway).fillers
        self._units: dict[str, list[SectionUnit]] = {}
        self._leads: dict[str, SectionUnit | None] = {}
        self._items: dict[str, list[SectionUnit]] = {}
        self._tokens: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    # -- the guideline's units, their lead-ins and their readings ----------------------------

    def units_of(self, section_id: str) -> list[SectionUnit]:
        """A section's units, its lead-ins and their items worked out once. Threads share the picker:
        each section's lead-ins and items are worked out whole and published before its units, so a
        thread that finds the units also finds their lead-ins, and two threads working out the same
        section at once each write the same complete lists (never one appended to the other's)."""
        found = self._units.get(section_id)
        if found is not None:
            return found
        units = section_units(self.guideline, self.guideline.section(section_id))
        leads: dict[str, SectionUnit | None] = {}
        items: dict[str, list[SectionUnit]] = {}
        for unit, lead in zip(units, lead_ins(units), strict=True):
            leads[unit.id] = lead
            if lead is not None and not is_table_header(self.guideline, unit):
                items.setdefault(lead.id, []).append(unit)
        self._leads.update(leads)
        self._items.update(items)
        self._units[section_id] = units
        return units

    def quoted(self, unit: SectionUnit) -> QuotedUnit:
        reading = self.readings.for_unit(unit)
        return QuotedUnit(
            unit,
            reading.en if reading else "",
            reading.plain if reading else "",
            is_item(unit.text),
            is_code_row(unit),
        )

    # -- scoring --------------------------------------------------------------------------

    def _weights(self, query: str) -> _Weights:
        weights = self._word_weights(query)
        split = _ABOUT_IT.search(query)
        if split is None:
            return weights
        before, after = self._word_weights(query[: split.start()]), self._word_weights(query[split.end() :])
        referent = frozenset(before.nb) | frozenset(before.en)
        bound = frozenset(after.nb) - frozenset(before.nb) | frozenset(after.en) - frozenset(before.en)
        if not referent or not bound:
            return weights
        return replace(weights, bound=bound, referent=referent)

    def _word_weights(self, query: str) -> _Weights:
        thesaurus = self.engine.lexical.thesaurus
        keep = thesaurus.keep
        content_words = [
            w for w in words(query) if (w not in STOPWORDS or w in keep) and w not in self.fillers
        ]
        content = " ".join(content_words)
        nb = {t: self.idf.get(t, 0.0) for t in self.tokens(content, keep)}
        for t in self.tokens(self.engine.lexical.expanded_query(query), keep):
            nb.setdefault(t, EXPANSION_WEIGHT * self.idf.get(t, 0.0))
        # A word the guideline never uses ("ryggmargen") asks for what its synonym in the
        # guideline names ("medullakompresjon"): that word stands in for it at full weight.
        for w in content_words:
            if w in thesaurus.synonym_words and not any(
                self.idf.get(t, 0.0) > 0 for t in self.tokens(w, keep)
            ):
                for e in thesaurus.expansions(w):
                    for t in self.tokens(e, keep):
                        nb[t] = max(nb.get(t, 0.0), self.idf.get(t, 0.0))
        en = {t: self.idf_en.get(t, 0.0) for t in english_tokens(content, keep)}
        # A word no English reading holds ("eat") still asks for something: the guideline words the
        # thesaurus gives for it ("ernæring") stand in for it on the English side. Without them, any
        # sentence holding "treatment" would hold all of "what he should eat during treatment".
        groups = []
        for w in content_words if detect_lang(query) == "en" else ():
            if any(self.idf_en.get(t, 0.0) > 0 for t in english_tokens(w, keep)):
                continue
            stems = frozenset(
                t for e in thesaurus.expansions(w) for t in self.tokens(e, keep) if t in self.idf
            )
            if stems:
                groups.append((stems, EXPANSION_WEIGHT * max(self.idf[t] for t in stems)))
        return _Weights(
            {t: w for t, w in nb.items() if w > 0}, {t: w for t, w in en.items() if w > 0}, tuple(groups)
        )

    def unit_tokens(self, unit: SectionUnit) -> tuple[frozenset[str], frozenset[str]]:
        """A unit's Norwegian stems (official text and plain reading) and English stems (its English
        reading), worked out once per unit."""
        found = self._tokens.get(unit.id)
        if found is None:
            reading = self.readings.for_unit(unit)
            nb = set(self.tokens(unit.text)) | (set(self.tokens(reading.plain)) if reading else set())
            en = set(english_tokens(reading.en)) if reading else set()
            found = self._tokens[unit.id] = (frozenset(nb), frozenset(en))
        return found

    def _overlap(
        self,
        unit: SectionUnit,
        weights: _Weights,
        title: frozenset[str] = frozenset(),
    ) -> float:
        nb, en = weights.nb, weights.en
        nb_tokens, en_tokens = self.unit_tokens(unit)
        nb_tokens = nb_tokens | title
        if weights.bound and not (weights.referent & (nb_tokens | en_tokens)):
            # a unit that does not speak of what "it" stands for holds none of what is asked about it
            nb_tokens, en_tokens = nb_tokens - weights.bound, en_tokens - weights.bound
        best = sum(w for t, w in nb.items() if t in nb_tokens) / (sum(nb.values()) or 1.0)
        if en_tokens and en:
            held = sum(w for t, w in en.items() if t in en_tokens)
            held += sum(w for stems, w in weights.en_groups if stems & nb_tokens)
            best = max(best, held / (sum(en.values()) + sum(w for _, w in weights.en_groups)))
        return best

    def _asked_in_main(self, unit: SectionUnit, weights: _Weights, title: frozenset[str]) -> bool:
        """Whether the question's words stand in the unit's main clause or its heading, not only
        in the condition it opens with."""
        key = f"main:{unit.id}"
        if key not in self._tokens:
            reading = self.readings.for_unit(unit)
            texts = [unit.text, reading.plain if reading else ""]
            nb_main = frozenset(t for text in texts for t in self.tokens(main_clause(text)))
            en_main = frozenset(english_tokens(main_clause(reading.en))) if reading else frozenset()
            self._tokens[key] = (nb_main, en_main)
        nb_main, en = self._tokens[key]
        nb = nb_main | title
        return (
            any(t in nb for t in weights.nb)
            or any(t in en for t in weights.en)
            or any(stems & nb for stems, _ in weights.en_groups)
        )

    def _title_tokens(self, title: str) -> frozenset[str]:
        key = f"title:{title}"
        if key not in self._tokens:
            self._tokens[key] = (frozenset(self.tokens(title)), frozenset())
        return self._tokens[key][0]

    def pick(
        self,
        query: str,
        results: list[SearchResult],
        *,
        limit: int = MAX_QUOTES,
        skip: Callable[[str], bool] | None = None,
    ) -> list[Quote]:
        """The best quotes of the results, best first; each a sentence, or a lead-in with its items.

        ``skip`` leaves out units a reader is not to be shown (a relative who asked about no time
        is shown no forløpstid row): the best of the rest is then the answer."""
        if not results:
            return []
        weights = self._weights(query)
        when = asks_when(query)
        top_score = max(r.score for r in results) or 1.0
        candidates: list[_Candidate] = []
        for rank, result in enumerate(results):
            chunk = self.engine.chunk(result.id)
            title = self._title_tokens(chunk.title_path[-1])
            for unit in self.units_of(chunk.section):
                if not (chunk.start <= unit.start and unit.end <= chunk.end):
                    continue
                if is_table_header(self.guideline, unit) or not any(ch.isalpha() for ch in unit.text):
                    continue
                if skip is not None and skip(unit.text):
                    continue
                # A unit is read under its heading: "Ved påvist M-komponent …, kombinert med:" is
                # the answer to "kriteriene for begrunnet mistanke" because of the section it opens.
                overlap = max(
                    self._overlap(unit, weights), TITLE_WEIGHT * self._overlap(unit, weights, title)
                )
                score = (1 - PASSAGE_PRIOR) * overlap + PASSAGE_PRIOR * max(result.score, 0) / top_score
                if (
                    when
                    and overlap > 0
                    and _STATES_WHEN.search(unit.text)
                    and self._asked_in_main(unit, weights, title)
                ):
                    score += WHEN_BONUS
                candidates.append(_Candidate(unit, chunk.id, rank, score, overlap))
        if not candidates:
            return []
        # A unit that shares no word with the question is quoted only when none does.
        if any(c.overlap > 0 for c in candidates):
            candidates = [c for c in candidates if c.overlap > 0]
        candidates.sort(key=lambda c: (-c.score, c.rank, c.unit.start))
        best = candidates[0].score
        return self._group([c for c in candidates if c.score >= KEEP_RATIO * best], limit)

    def _group(self, chosen: list[_Candidate], limit: int) -> list[Quote]:
        """Chosen units as quotes: items joined to their lead-in, a lead-in given its items, each text once."""
        groups: dict[str, list[_Candidate]] = {}
        for c in chosen:
            lead = self._leads.get(c.unit.id)
            key = lead.id if lead is not None else c.unit.id
            groups.setdefault(key, []).append(c)
        quotes: list[Quote] = []
        seen: dict[str, int] = {}
        for key, members in sorted(groups.items(), key=lambda kv: -max(m.score for m in kv[1])):
            top = max(members, key=lambda m: m.score)
            lead = self._leads.get(members[0].unit.id)
            head = lead or (top.unit if key == top.unit.id else None)
            if head is not None and head.id == key and any(m.unit.id == key for m in members):
                body = self._items.get(key, [])[
                    :MAX_ITEMS
                ]  # the lead-in itself was chosen: all it introduces
            else:
                body = sorted((m.unit for m in members if m.unit.id != key), key=lambda u: u.start)
            units = ([head] if head is not None else []) + [
                u for u in body if head is None or u.id != head.id
            ]
            units = units or [top.unit]
            quote = Quote(
                top.chunk_id, top.unit.section, tuple(self.quoted(u) for u in units), round(top.score, 4)
            )
            if quote.text in seen:  # the same words in another section: cite both, quote once
                i = seen[quote.text]
                q = quotes[i]
                quotes[i] = Quote(
                    q.chunk_id, q.section, q.units, q.score, (*q.also, (quote.chunk_id, quote.section))
                )
                continue
            if said_already(quote.text, [q.text for q in quotes]):
                continue  # "Pasienten tilbys (også en) samtale …" in two sections: read once
            seen[quote.text] = len(quotes)
            quotes.append(quote)
            if len(quotes) >= limit:
                break
        return quotes


def main_clause(text: str) -> str:
    """A sentence without the condition it opens with: a clause ("Når …, ") up to its comma, a
    phrase ("Ved …") up to the comma or the finite verb after it, whichever comes first. All of
    it when it opens with none, when the end cannot be found, and for a lead-in ("Ved påvist
    M-komponent …, kombinert med:"), whose condition is what it introduces."""
    opener = _OPENS_WITH_CONDITION.match(text)
    if not opener or text.rstrip().endswith(":"):
        return text
    comma = text.find(",", opener.end())
    verb = None if opener.group("clause") else _FINITE_VERB.search(text, opener.end())
    if comma != -1 and (verb is None or comma < verb.start()):
        return text[comma + 1 :]
    return text[verb.start() :] if verb else text


def asks_when(question: str) -> bool:
    """Whether a question asks when ("når bør jeg henvise?"), not who or what in a when-clause."""
    return bool(_ASKS_WHEN.search(question)) and not _ASKS_OTHER.search(question)


def said_already(text: str, texts: Iterable[str]) -> bool:
    """Whether ``text`` is one of ``texts``, word for word or as a near copy."""
    return any(text == t or near_copy(text, t) for t in texts)


def near_copy(a: str, b: str) -> bool:
    """Nearly the same words, and exactly the same numbers, codes and negations."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb or len(wa & wb) / len(wa | wb) < NEAR_COPY:
        return False
    return _facts_of(wa) == _facts_of(wb)


def _facts_of(ws: set[str]) -> set[str]:
    """The words a near copy must not differ in: numbers, codes, negations."""
    return {w for w in ws if any(ch.isdigit() for ch in w) or w in NEGATIONS}


def _idf(docs: list[set[str]]) -> dict[str, float]:
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    return {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
