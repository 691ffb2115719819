"""A question's focus: the words that say what it is about, as opposed to how it is asked.

Left out: function words, question and cue words ("hvor lang tid", "which code"), everyday
filler ("lurer", "egentlig", "please"), people ("pappa", "min mann", and names: a capitalised
word in the middle of a sentence that the guideline does not use), numbers, dates and codes.
What is left is what the guideline must speak of for the question to be answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules.question import cue_vocabulary
from ..text.date_shapes import CALENDAR_WORDS, folded_same_length, scan
from ..text.normalize import STOPWORDS, fold
from .scope import Scope

_RAW_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CODE_OR_NUMBER = re.compile(r"\b[A-Za-z]\d{2}[A-Za-z]{0,3}\b|\d+(?:[.,]\d+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)\s*[«\"(]*$")
_CLAUSE_START = re.compile(r"(?:[,;–—-]|\b(?:men|but|og|and))\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_POSSESSIVE = re.compile(r"['’]s\b")
MIN_LETTERS = 2


# Words that open the circumstances of a question rather than its topic: in "Can he drive a car
# after the stem cell treatment?" the topic is driving; the treatment is when. "hos" says at
# whose or where ("symptomer hos en eldre pasient på legevakt": the symptoms are the topic). What
# an alternative replaces is circumstance too: "PET-CT instead of the whole-body CT?" asks about
# PET-CT ("i stedet for" opens with its "for").
CONTEXT_OPENERS = frozenset(
    {"after", "during", "while", "before", "etter", "under", "mens", "for", "innen", "through", "gjennom",
     "hos", "instead", "rather", "istedenfor", "istedet", "between", "mellom"}
)  # fmt: skip


# A question word that opens a clause after the circumstances starts the question proper: "Etter
# MM-diagnose – hva med fysio og opptrening?" asks about physiotherapy ("før behandlingsstart når det
# gjelder livsstil" is one clause, and still circumstances).
# The question words proper make a sentence a question without its "?"; a yes/no question opens
# with its verb: "…, er det lurt med spinat?"
WH_WORDS = frozenset(
    fold(w)
    for w in ("hva", "hvem", "hvor", "hvordan", "hvorfor", "hvilken", "hvilket", "hvilke", "når",
              "what", "who", "where", "how", "why", "which", "when")
)  # fmt: skip
QUESTION_WORDS = WH_WORDS | frozenset(
    fold(w)
    for w in ("er", "kan", "skal", "bør", "må", "får", "is", "are", "can", "should", "does", "do", "will")
)  # fmt: skip

# Words that open circumstances in the middle of a sentence, but ask the question at its start:
# "Kan pappa ha katten i huset når han har lave hvite blodlegemer?" asks about the cat; "Når skal
# …?" asks when.
MID_OPENERS = frozenset(fold(w) for w in ("når", "hvis", "dersom", "when", "if", "whenever"))

# Words that make two capitalised words an institution's name rather than a person's.
INSTITUTION_WORDS = frozenset(
    fold(w)
    for w in ("helse", "sykehus", "sykehuset", "sykehusene", "universitetssykehus", "universitetssykehuset",
              "norsk", "norske", "hospital", "hospitalet", "klinikk", "klinikken", "st", "sankt", "kommune",
              "kommunen", "fylke", "university", "clinic", "health", "trust")
)  # fmt: skip

# Finite auxiliaries and modals. A capitalised word the guideline does not use, standing as their
# subject ("… at Kari skal ha cellegift", "kan Kari få snakke med noen", "can Ola eat sushi"), is
# a person: a thing or place more often follows a preposition ("i Norge", "på Haukeland"). ("at"
# is Norwegian's "that" before a subject far more often than English "at" before a place.) After a
# modal that opens the question, the word is the one who may or must do something ("Kan Kari få
# …?"); after "har"/"er" it is as often a place ("Har Haukeland lang ventetid?").
FINITE_VERBS = frozenset(
    fold(w)
    for w in ("skal", "kan", "får", "fikk", "har", "hadde", "er", "var", "vil", "må", "bør", "ble", "blir",
              "skulle", "kunne", "ville", "måtte", "burde", "trenger", "begynner", "starter",
              "is", "was", "has", "had", "will", "would", "can", "could", "should", "must", "may", "might",
              "does", "did", "gets", "got", "needs", "wants", "starts", "begins")
)  # fmt: skip
OPENING_MODALS = frozenset(
    fold(w)
    for w in ("skal", "kan", "får", "vil", "må", "bør", "skulle", "kunne", "burde", "can", "could", "should",
              "will", "would", "must", "may", "might")
)  # fmt: skip
PREPOSITIONS = frozenset(
    fold(w)
    for w in ("i", "på", "fra", "ved", "hos", "til", "med", "av", "om", "for", "mot", "in", "from", "to",
              "with", "of", "on", "by", "about", "against")
)  # fmt: skip

# Verbs whose "after"/"for"/"etter" is part of the verb, not the opening of circumstances: in "who
# looks after my dad between hospital stays?" the topic is the looking after.
PARTICLE_VERBS = frozenset(
    fold(w)
    for w in (
        "look", "looks", "looked", "looking", "take", "takes", "took", "taking", "ask", "asks", "asked",
        "asking", "care", "cares", "cared", "caring", "wait", "waits", "waited", "waiting", "pay", "pays",
        "paid", "apply", "applies", "applied", "prepare", "prepares", "prepared", "se", "ser", "spør",
        "spørre", "spurte", "lete", "leter", "søke", "søker", "sørge", "sørger", "sørget",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Focus:
    """The focus words (folded, in the question's order, each once) and how each was typed.

    ``context`` holds the focus words that stand after a word opening the question's
    circumstances ("etter", "while"); the others are its topic.
    """

    words: tuple[str, ...]
    typed: tuple[str, ...]
    context: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()  # capitalised in mid-sentence: a place, an institution, a system
    told: frozenset[str] = frozenset()  # the context words of sentences that tell, when another asks

    @property
    def topic(self) -> tuple[str, ...]:
        """The focus minus the circumstances; all of the focus when nothing else is left."""
        topic = tuple(w for w in self.words if w not in self.context)
        return topic or self.words

    def as_typed(self, folded: str) -> str:
        return self.typed[self.words.index(folded)] if folded in self.words else folded


def _cue_words() -> frozenset[str]:
    return cue_vocabulary().words


def _without_dates_and_codes(text: str) -> str:
    """The text with its dates (real or not, with or without a year), codes and numbers blanked
    (same length): they are no topic words."""
    spans = [(m.start(), m.end()) for _, m in scan(folded_same_length(text))]
    spans += [(m.start(), m.end()) for m in _CODE_OR_NUMBER.finditer(text)]
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def question_focus(text: str, scope: Scope) -> Focus:
    """The focus of a question (see the module docstring); ``text`` is the cleaned question."""
    cues = _cue_words()
    words: list[str] = []
    typed: list[str] = []
    context: set[str] = set()
    proper: set[str] = set()
    in_context = False
    sentence_start, asking = 0, False  # where this sentence's focus words begin; whether it opened asking
    statements: list[tuple[int, int]] = []  # focus words of a statement that a clause then asks about
    text = _without_dates_and_codes(text)
    for m in _RAW_WORD.finditer(text):
        raw = m.group()
        before = text[: m.start()]
        new_sentence = bool(_SENTENCE_START.search(before))
        asking_clause = fold(raw) in QUESTION_WORDS and bool(_CLAUSE_START.search(before))
        if new_sentence:
            sentence_start, asking = len(words), fold(raw) in QUESTION_WORDS
        elif asking_clause and not asking:
            # A statement, then a clause that asks: the statement is the circumstances ("vi er helt
            # utslitt og skjønner lite, er det noen som skal informere oss?").
            statements.append((sentence_start, len(words)))
            asking = True
        if new_sentence or asking_clause:
            in_context = False  # a new sentence, or a clause that asks ("… etter diagnosen – hva med …"), opens a new topic
        opens = fold(raw) in CONTEXT_OPENERS or (
            fold(raw) in MID_OPENERS
            and not _SENTENCE_START.search(before)
            and not _CLAUSE_START.search(before)
        )
        if opens and not _after_particle_verb(text, m.start()):
            in_context = True  # also first in a sentence: "Etter behandlingen, når kan han …"
        for part in [raw, *raw.split("-")] if "-" in raw else [raw]:
            w = fold(part)
            if (
                len(w) < MIN_LETTERS
                or w in words
                or w in STOPWORDS
                or w in cues
                or w in scope.fillers
                or w in CALENDAR_WORDS
            ):
                continue
            if "-" in w:
                continue  # a hyphenated whole: its parts stand for it
            if _is_name(raw, text, m.start(), scope):
                continue
            words.append(w)
            typed.append(part)
            if in_context:
                context.add(w)
            if _capitalised(part) and not new_sentence:
                proper.add(w)
    for start, end in statements:
        # ... unless the clause that asks holds no guideline word of its own ("– er det greit?"):
        # then the statement is what it asks about.
        if any(scope.knows(w) for w in words[end:]):
            context.update(words[start:end])
    told = _told_sentences(text, words, scope) - context
    context.update(told)
    return Focus(tuple(words), tuple(typed), frozenset(context), frozenset(proper), frozenset(told))


def _told_sentences(text: str, words: list[str], scope: Scope) -> set[str]:
    """The focus words of the sentences that tell rather than ask, when another sentence asks.

    "Er vikar på et fastlegekontor. Hvilke symptomer skal få meg til å tenke myelomatose?" asks
    about symptoms; where the asker works is the circumstance, as "etter behandlingen" is. A
    sentence asks when it ends in "?" (or, in a text without one, opens with a question word).
    Unless the asking sentences hold no guideline word of their own ("Pappa vil kjøre bil etter
    behandlingen. Går det an?"): then what is told is what is asked about.
    """
    sentences = [m.group() for m in _SENTENCE.finditer(text) if _RAW_WORD.search(m.group())]
    if len(sentences) < 2:
        return set()
    asks = [s.rstrip().endswith("?") for s in sentences]
    if not any(asks):
        asks = [fold(_RAW_WORD.search(s).group()) in WH_WORDS for s in sentences]
    if all(asks) or not any(asks):
        return set()
    told, asked = set(), set()
    for sentence, asking in zip(sentences, asks, strict=True):
        for raw in _RAW_WORD.findall(sentence):
            for part in [raw, *raw.split("-")]:
                w = fold(part)
                if w in words:
                    (asked if asking else told).add(w)
    if not any(scope.knows(w) for w in asked - told):
        return set()
    return told - asked


def _after_particle_verb(text: str, start: int) -> bool:
    before = _RAW_WORD.findall(text[:start])[-1:]
    return bool(before) and fold(before[0]) in PARTICLE_VERBS


def _is_name(raw: str, text: str, start: int, scope: Scope) -> bool:
    """Part of a person's name: two capitalised words in a row ("Ola Nordmann", "İsmail İnce") that the
    guideline does not use, or one such word as the subject of a finite verb ("… at Kari skal ha
    cellegift", "kan Kari få …"). Otherwise one capitalised word alone is more often a thing
    ("Norge", "Kreftforeningen") than a person, so it stays in the focus."""
    if not _capitalised(raw) or scope.knows(fold(raw)):
        return False
    before = _RAW_WORD.findall(text[:start])[-1:]
    after = _RAW_WORD.findall(text[start + len(raw) :])[:1]
    if any(fold(w) in INSTITUTION_WORDS for w in (*before, raw, *after)):
        return False  # "Helse Sør-Øst", "Norsk Helsenett", "Sykehuset Innlandet": a place, not a person
    if any(_capitalised(w) and not scope.knows(fold(w)) for w in before + after):
        return True
    if _name_shaped(raw) and _POSSESSIVE.match(text, start + len(raw)):
        return True  # "I'm Kari's daughter": a person's name with its possessive
    return _name_shaped(raw) and _subject_of_a_verb(text, start, before, after)


def _name_shaped(raw: str) -> bool:
    """ "Kari", "Anne-Lise": each part one capital and then small letters (not "DRG-refusjon")."""
    return all(p[:1].isupper() and p[1:].islower() for p in raw.split("-"))


def _subject_of_a_verb(text: str, start: int, before: list[str], after: list[str]) -> bool:
    """A word standing where a person stands: before a finite verb in mid-sentence ("… at Kari
    skal"), or after a finite verb that opens the sentence ("Kan Kari få …?"); never after a
    preposition ("i Norge har …")."""
    if not before or fold(before[0]) in PREPOSITIONS:
        return False
    if _SENTENCE_START.search(text[: text.rfind(before[0], 0, start)]):
        return fold(before[0]) in OPENING_MODALS and bool(after) and not _capitalised(after[0])
    return bool(after) and fold(after[0]) in FINITE_VERBS


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()
