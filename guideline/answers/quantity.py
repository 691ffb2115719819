"""Questions that ask for a number of a kind the passages do not give: how many patients, what age.

"Hvor mange pasienter startet i pakkeforløpet i fjor?" shares every word with the passages on
registering the start code, and "What is the upper age limit for high-dose treatment?" with the
passage on high-dose treatment; both are answered by a number of a kind (patients, years) that
no passage gives. A word-coverage test cannot see that, since each word is known. This one
reads the question's asked kind (``quantities.toml``) and looks in the best passages, in all
three texts of their units, for a number of that kind: a number next to one of its unit words.
None there, and the question is not answered: the answer says so and shows the passages as
related. Nothing here knows this pathway's numbers; for a guideline that gives ages or patient
numbers the same check lets the question through.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("quantities.toml")
NUMBER_WORDS = frozenset(
    [
        "en",
        "ett",
        "én",
        "to",
        "tre",
        "fire",
        "fem",
        "seks",
        "sju",
        "syv",
        "åtte",
        "ni",
        "ti",
        "tolv",
        "tjue",
        "hundre",
        "tusen",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twelve",
        "twenty",
        "hundred",
        "thousand",
    ]
)
NEAR = 2  # words between a number and its unit word at most ("10 nye tilfeller", "50 %")
# A code ("A04X") is one token, not a letter, a number and a unit word.
_TOKEN = re.compile(r"[^\W\d_]+\d+[^\W\d_]*|\d+(?:[.,]\d+)*|%|[^\W\d_]+")
# A paragraph of a law ("pasientrettighetsloven §2-2", "the Patients' Rights Act §2-2") is a
# reference, no number of anything: without this, "Patients … 2" gave a number of patients.
_LAW_PARAGRAPH = re.compile(r"§+\s*\d+(?:[-–.]\d+)*")


@dataclass(frozen=True)
class Quantity:
    """One kind of number a question can ask for, how it is asked, and the words its numbers stand by."""

    id: str
    asked: tuple[re.Pattern[str], ...]
    units: frozenset[str]
    message_nb: str
    message_en: str
    given: re.Pattern[str] | None = None  # what a passage must hold instead of a number and a unit
    # "passages": the best passages must give it, before any rule is tried (how many patients);
    # "quotes": what an answer would quote must, when no rule answered (how long, for a time the
    # forløpstider do not set: the best passage may well be a forløpstid's neighbour).
    checked: str = "passages"

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_nb

    def asked_in(self, question: str) -> str | None:
        """The words of the question that ask for this kind of number ("hvor mange pasienter"), or None."""
        lowered = question.lower()
        for pattern in self.asked:
            m = pattern.search(lowered)
            if m:
                return question[m.start() : m.end()]
        return None

    def given_in(self, texts: Iterable[str]) -> bool:
        """Whether any text gives a number of this kind: a number within NEAR words of a unit word."""
        if self.given is not None:
            return any(self.given.search(text) for text in texts)
        for text in texts:
            tokens = _TOKEN.findall(_LAW_PARAGRAPH.sub(" ", text.lower()))
            numbers = [i for i, t in enumerate(tokens) if t[0].isdigit() or t in NUMBER_WORDS]
            units = [i for i, t in enumerate(tokens) if t in self.units]
            if any(abs(n - u) <= NEAR + 1 for n in numbers for u in units if n != u):
                return True
        return False


@lru_cache(maxsize=1)
def load_quantities(path: Path = DATA) -> tuple[Quantity, ...]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Quantity(
            q["id"],
            tuple(re.compile(p) for p in q["asked"]),
            frozenset(u.lower() for u in q.get("units", ())),
            q["message_nb"],
            q["message_en"],
            re.compile(q["given"]) if "given" in q else None,
            q.get("checked", "passages"),
        )
        for q in raw["quantity"]
    )


def unanswered_quantity(
    question: str, passages: Iterable[str], checked: str = "passages"
) -> tuple[Quantity, str] | None:
    """The kind of number the question asks for and its words, when none of the passages gives one.

    ``checked`` says which kinds are looked at: those the best passages must give, or those the
    quotes of an answer no rule gave must give (see ``Quantity.checked``). The passages are read
    only once a kind is asked for: most questions ask for none."""
    texts: list[str] | None = None
    for quantity in load_quantities():
        if quantity.checked != checked:
            continue
        asked = quantity.asked_in(question)
        if asked:
            texts = list(passages) if texts is None else texts
            if not quantity.given_in(texts):
                return quantity, asked
    return None
