"""Text normalisation shared by search and rules: one canonical form for how people type.

Real questions mix æ/ø/å with ae/oe/aa or plain o/a, upper and lower case, odd unicode and
inflections. Both the guideline and the question go through the same chain, so they meet in
the middle: NFKC → lower case → fold Norwegian letters → words → Norwegian Snowball stems.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import regex
import Stemmer

# Folding, in this order: the letters first, then the digraphs people type for them.
# "første", "forste", "foerste" → "forste"; "pårørende", "paaroerende" → "parorende".
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "é": "e", "è": "e", "ü": "u"})
_DIGRAPHS = (("aa", "a"), ("oe", "o"))
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Characters that draw nothing and change nothing for a reader, yet make equal words compare
# unequal (zero-width spaces, joiners, variation selectors, tags, fillers, bidi marks): the
# Unicode property Default_Ignorable_Code_Point, not a hand-kept list.
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# A Norwegian letter typed as a base letter and a combining overlay (no canonical form joins them).
_COMPOSED = (("o\u0338", "ø"), ("O\u0338", "Ø"), ("o\u0337", "ø"), ("O\u0337", "Ø"))

# Function words dropped before matching. Negations and before/after are kept: they change meaning.
_NB_STOPWORDS = """
og i jeg det at en et den til er som pa de med han av ikke ikkje der sa var meg seg men ett har om vi min mitt
ha hadde hun na over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjol her alle vil bli
ble blei blitt kunne inn nar vere kva komme noen noe ville dere som deres kun ja etter ned skulle denne for deg si
sine sitt mot a meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sann inni mellom
var hvem vors hvis bade bare enn fordi for mange ogsa slik vart varte veere begge siden dykk dykkar dei deira deires
deim di doka dokk eg ein eit eitt elles honom hjaa ho hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis
korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt
somme um upp vore vort vert vi vil mi ma matte hvilket hos blant hverandre
"""
_EN_STOPWORDS = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it
its itself they them their theirs themselves what which who whom this that these those am is are was were be been
being have has had having do does did doing a an the and but if or because as until while of at by for with about
against between into through during above below to from up down in out on off over under again further then once
here there when where why how all any both each few more most other some such nor only own same so than too very
s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn
needn shan shouldn wasn weren won wouldn would could must shall may might also
"""
# Negations and before/after change what a sentence says: never drop them.
_KEEP = {
    "ikke",
    "ikkje",
    "ingen",
    "ingi",
    "inkje",
    "uten",
    "etter",
    "not",
    "no",
    "without",
    "before",
    "after",
    "nor",
}
# ("før" folds to "for", the commonest preposition, so it cannot be kept apart.)


_CONTROL = regex.compile(r"\p{C}")  # control, format, private-use, unassigned: as spaces


def clean(text: str) -> str:
    """NFKC, default-ignorable characters removed, ø typed as o + overlay joined, control characters
    as spaces, whitespace collapsed. Every offset the package keeps is into this text."""
    if not text.isascii():
        text = _IGNORABLE.sub("", unicodedata.normalize("NFKC", text))
        for typed, letter in _COMPOSED:
            text = text.replace(typed, letter)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def lower_same_length(text: str) -> str:
    """Lower case, one character for one: a letter whose lower case is longer ("İ" → "i̇") stays as it is,
    so offsets found in the result are offsets into the text."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


@lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """Lower-case ASCII-ish canonical form: "Første FREMMØTE" → "forste fremmote".

    Remembered: the same guideline texts are folded by every ranker and reader as an engine opens.
    """
    text = clean(text).lower().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text


# Function words dropped before matching, folded like the text they are matched against
# ("doesn" → "dosn": English "oe" folds like Norwegian "ø" typed as "oe").
STOPWORDS = frozenset(fold(w) for w in (_NB_STOPWORDS + _EN_STOPWORDS).split() if w not in _KEEP)


# Negation words, Norwegian and English: never noise in a phrase, never to differ between two
# quotes read as one, and a negated event does not happen.
NEGATIONS = frozenset({"ikke", "ingen", "intet", "uten", "aldri", "no", "not", "none", "never", "without"})


def words(text: str) -> list[str]:
    """Folded words, hyphenated compounds split into their parts and kept whole ("mdt-mote")."""
    out: list[str] = []
    for w in _WORD.findall(fold(text)):
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if p)
    return out


def whole_words(text: str) -> list[str]:
    """Folded words with hyphenated compounds kept whole only ("high-dose", not also "dose")."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


# A Snowball stemmer keeps state between calls and must not be called concurrently (PyStemmer's
# documentation); the lru_cache below calls it on a miss from whichever thread asked.
_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Norwegian Snowball stem of one folded word; codes and numbers stay as they are."""
    if any(ch.isdigit() for ch in word):
        return word
    with _STEMMER_LOCK:
        return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _english_stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def verb_root(stem_: str) -> str | None:
    """The verb a noun in -ning/-ing is made from, as a stem ("behandling" → "behandl", the stem of
    "behandles"; "henvisning" → "henvis"): the Norwegian stemmer leaves such a noun whole."""
    for suffix in ("ning", "ing"):
        if stem_.endswith(suffix) and len(stem_) - len(suffix) >= 4:
            return stem_[: -len(suffix)]
    return None


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    """English Snowball stem of one folded word (the English readings, English questions); codes and numbers stay."""
    if any(ch.isdigit() for ch in word):
        return word
    with _STEMMER_LOCK:
        return _english_stemmer().stemWord(word)


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words: what BM25 and the rules match on."""
    return [stem(w) for w in words(text) if keep_stopwords or w not in STOPWORDS]
