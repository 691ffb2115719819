"""Phrase spotting for the rules: question words against vocabulary phrases, tolerant of how people type.

A phrase matches when each of its words is found within a small window of the question, in
any order ("henvisningen er mottatt" hits "henvisning mottatt"). Words compare as equal when
their Norwegian or their English Snowball stems agree, after folding (case, æøå, aa/oe), so
inflections of both languages meet. A question word that is not in the vocabulary but one or
two typing errors away from exactly one vocabulary word is read as that word ("henvisnig").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..text.lexicon import is_everyday
from ..text.normalize import NEGATIONS, STOPWORDS, clean, english_stem, fold, stem

_WORD = re.compile(r"[^\W_]+")
# Stop words for search that carry meaning in a phrase: "annen kreft" is not "kreft", "skrevet ut"
# is not "skrevet", "M-komponent" is not "komponent".
PARTICLES = frozenset(
    {"annen", "annet", "andre", "other", "another", "ut", "opp", "inn", "over", "out", "up", "m", "vil"}
    | NEGATIONS  # a negation is never noise: "no treatment" (A04FI) is not "treatment"
)
STOP = STOPWORDS - PARTICLES
# Extra words a phrase may be spread over: "henvisningen ble faktisk mottatt" still hits "henvisning
# mottatt"; fixed expressions (ordered) allow one, so "treatment start after the decision" is no
# "treatment decision".
SLACK = 2
ORDERED_SLACK = 1


@dataclass(frozen=True)
class Token:
    """A question word: folded text, its two stems, offsets in the cleaned text, stop-word flag."""

    text: str
    nb: str
    en: str
    start: int
    end: int
    stop: bool
    typed: str = ""  # the word as typed, when it was read as a vocabulary word

    def same_word(self, key: tuple[str, str]) -> bool:
        return self.nb == key[0] or self.en == key[1]


@dataclass(frozen=True)
class Phrase:
    """A vocabulary phrase and whose it is (a fact id, an event id, a cue family)."""

    text: str
    owner: str
    keys: tuple[tuple[str, str], ...]  # (nb stem, en stem) per word


@dataclass(frozen=True)
class Hit:
    """Where a phrase matched: indices into the token list it was matched against."""

    phrase: Phrase
    positions: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.positions)


@lru_cache(maxsize=65536)
def _keys(word: str) -> tuple[str, str]:
    if any(ch.isdigit() for ch in word):
        return (word, word)
    return (stem(word), english_stem(word))


# Compounds on "kode" name a code by what it records: "overføringskoden" is the code for the
# transfer, "startkoden" the start code; they are read as the two words.
_CODE_COMPOUND = re.compile(r"^([a-z]{4,}?)(s?)(kodene|koden|koder|kode)$")


def tokenize(text: str) -> list[Token]:
    """Words of ``clean(text)`` with offsets; hyphenated, slashed and code compounds split into parts."""
    out = []
    for m in _WORD.finditer(clean(text)):
        word = fold(m.group())
        split = _CODE_COMPOUND.match(word)
        if split and len(word) == m.end() - m.start():
            head, link, tail = split.groups()
            cut = m.start() + len(head)
            parts = [(head, m.start(), cut), (tail, cut + len(link), m.end())]
        else:
            parts = [(word, m.start(), m.end())]
        for part, a, b in parts:
            nb, en = _keys(part)
            out.append(Token(part, nb, en, a, b, part in STOP))
    return out


def compile_phrase(text: str, owner: str, *, keep_stopwords: bool = False) -> Phrase | None:
    """A phrase's word keys; None when nothing but stop words is left of it."""
    keys = tuple(_keys(t.text) for t in tokenize(text) if keep_stopwords or not t.stop)
    return Phrase(text, owner, keys) if keys else None


def compile_phrases(texts: Iterable[str], owner: str, *, keep_stopwords: bool = False) -> tuple[Phrase, ...]:
    phrases = (compile_phrase(t, owner, keep_stopwords=keep_stopwords) for t in texts)
    return tuple(p for p in phrases if p is not None)


def _place(
    tokens: Sequence[Token], phrase: Phrase, start: int, used: set[int], ordered: bool
) -> tuple[int, ...] | None:
    """Positions for every word of the phrase in the window starting at ``start``, or None."""
    end = min(len(tokens), start + len(phrase.keys) + (ORDERED_SLACK if ordered else SLACK))
    taken: list[int] = []
    for key in phrase.keys:
        first = taken[-1] + 1 if ordered and taken else start
        spot = next(
            (i for i in range(first, end) if i not in used and i not in taken and tokens[i].same_word(key)),
            None,
        )
        if spot is None:
            return None
        taken.append(spot)
    return tuple(sorted(taken))


def find_hits(
    tokens: Sequence[Token],
    phrases: Iterable[Phrase],
    *,
    every: bool = False,
    ordered: bool = False,
    overlap: bool = False,
) -> list[Hit]:
    """Matches, longest phrases first; each phrase once unless ``every``.

    Without ``overlap`` a word belongs to one phrase only and longest first means "avsluttet
    utredning" claims its words before "utredning" can; with it, each phrase is matched on its
    own (what explaining a question with one fact's many phrases needs). ``ordered`` asks for
    the phrase's word order (fixed expressions such as cue words).
    """
    used: set[int] = set()
    hits: list[Hit] = []
    # Only a phrase one of whose starting words stands in the text can match: the others are
    # left out before sorting (the vocabularies hold thousands of phrases, a question a dozen words).
    nb_words = {t.nb for t in tokens}
    en_words = {t.en for t in tokens}

    def can_start(phrase: Phrase) -> bool:
        starters = phrase.keys[:1] if ordered else phrase.keys
        return any(k[0] in nb_words or k[1] in en_words for k in starters)

    for phrase in sorted(filter(can_start, phrases), key=lambda p: -len(p.keys)):
        if overlap:
            used = set()
        starters = phrase.keys[:1] if ordered else phrase.keys
        for start in range(len(tokens)):
            if not any(tokens[start].same_word(k) for k in starters):
                continue
            placed = _place(tokens, phrase, start, used, ordered)
            if placed is None:
                continue
            used.update(placed)
            hits.append(Hit(phrase, placed))
            if not every:
                break
    return sorted(hits, key=lambda h: h.positions[0])


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), or limit + 1 if above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_typos(word: str) -> int:
    """One typing error in words of 4–8 letters, two from 9; none in shorter words, codes or numbers.

    Four-letter words may only swap letters ("kdoe"): one wrong letter makes too many other words.
    """
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) <= 8 else 2


@lru_cache(maxsize=65536)
def closest_word(word: str, vocabulary: frozenset[str]) -> str | None:
    """The single vocabulary word within the allowed typing errors of ``word``; None if none or several."""
    limit = allowed_typos(word)
    if not limit:
        return None
    best: list[tuple[int, str]] = []
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) > limit or len(candidate) < 4:
            continue
        if len(word) == 4 and sorted(word) != sorted(candidate):
            continue
        d = _distance(word, candidate, limit)
        if d <= limit:
            best.append((d, candidate))
    if not best:
        return None
    best.sort()
    closest = [c for d, c in best if d == best[0][0]]
    # Several equally close words are fine if they share a stem ("henvisning"/"henvisningen").
    return closest[0] if len({_keys(c)[0] for c in closest}) == 1 else None


def correct_typos(
    tokens: Sequence[Token], vocabulary: frozenset[str], keys: frozenset[tuple[str, str]]
) -> list[Token]:
    """Tokens with unknown words read as the vocabulary word they are a typo of; others unchanged.

    A word whose stem is known is still read as a vocabulary word one letter away when it is
    long enough ("referal" stems like "refer", but means "referral").
    """
    known_nb = {k[0] for k in keys}
    known_en = {k[1] for k in keys}
    out = []
    for t in tokens:
        # An everyday word is what it is: "siste" is "last", not a typo of "liste".
        if t.stop or t.text in vocabulary or is_everyday(t.text):
            out.append(t)
            continue
        known = t.nb in known_nb or t.en in known_en
        fixed = closest_word(t.text, vocabulary)
        if fixed is None or (known and (len(t.text) < 6 or _distance(t.text, fixed, 1) > 1)):
            out.append(t)
            continue
        nb, en = _keys(fixed)
        out.append(replace(t, text=fixed, nb=nb, en=en, typed=t.text))
    return out


def vocabulary_words(texts: Iterable[str]) -> frozenset[str]:
    """Folded words of vocabulary phrases, what typos are corrected towards."""
    return frozenset(t.text for text in texts for t in tokenize(text) if not t.stop)
