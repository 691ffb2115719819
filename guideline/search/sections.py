"""Priors by section: registration passages step back for a question that does not ask about
registering; forløpstid passages step forward for a question that gives a date.

Every phase of a pakkeforløp has a section that tells the coders which NPR code to register on
which date ("Registrering"). Those passages name the phase's events in the same words as the
passages on what happens at them: "Pasientens første fremmøte til utredning … skal registreres"
shares every word of "what happens at the first visit?" with the passage that answers it, and
outranked it on our development sets more often than any other passage outranked any other.
A question that asks about codes or registering ("which code", "registreres", "A04S", "NPR")
still gets them as before; for any other question their fused score drops by a fixed amount, so
that a registration passage still wins where nothing else speaks of the question at all.

The pathway's data names the heading and how a question asks about registering
(``pathway.toml``, ``[registration]``); its NPR code prefix counts as asking.

A question that gives a date ("referral received 3 March 2026: first visit by when?") asks what
follows from it: a forløpstid. The passages that give the forløpstider share few words with such
a question (its words are the events, which every phase's passages name), so they get a fixed
bonus (``[deadlines]`` in ``pathway.toml`` names their headings).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..corpus.chunking import Chunk
from ..corpus.document import Guideline
from ..pathways import pathway_dir
from ..text.date_shapes import has_date

# Taken off a registration passage's fused score (about 2.4 at most) for a question that does not
# ask about registering. Calibrated on our development sets (questions, heldout, blind1, dev4):
# 0.4–0.6 all gain about 3 points of R@1 and R@3 on each; 1.0 loses some of it again.
REGISTRATION_PENALTY = 0.5
# Added to a forløpstid passage's fused score for a question that gives a date. Calibrated on our
# development sets (questions, heldout, blind1, dev4, blind3; 123 of their questions give a
# date): 0.25–0.5 gain R@1 on each set (0.6–1.9 points), none loses; 0.75 and above lose
# some on blind1. Asking how long without a date gained nothing more and is left out.
DATE_BONUS = 0.5


@dataclass(frozen=True)
class RegistrationPrior:
    """Which passages are the coders' and whether a question asks about registering."""

    heading: str
    asked: re.Pattern[str]

    def is_registration(self, chunk: Chunk) -> bool:
        return self.heading in chunk.title_path

    def asks(self, query: str) -> bool:
        return self.asked.search(query.lower()) is not None

    def penalties(self, chunks: Sequence[Chunk]) -> np.ndarray:
        """What each passage's fused score loses for a question that does not ask about registering."""
        return np.asarray(
            [REGISTRATION_PENALTY if self.is_registration(c) else 0.0 for c in chunks], dtype=np.float32
        )


@lru_cache(maxsize=8)
def _pathway_data(pathway: str) -> dict:
    """The pathway's ``pathway.toml``, read once for both priors."""
    return tomllib.loads((pathway_dir(pathway) / "pathway.toml").read_text(encoding="utf-8"))


def load_registration_prior(guideline: Guideline) -> RegistrationPrior | None:
    """The pathway's registration prior; None when its data names no registration heading."""
    section = _pathway_data(guideline.pathway).get("registration")
    if not section:
        return None
    patterns = [*section["asked"], rf"\b{re.escape(guideline.code_prefix.lower())}"]
    return RegistrationPrior(section["heading"], re.compile("|".join(f"(?:{p})" for p in patterns)))


@dataclass(frozen=True)
class DeadlinePrior:
    """Which passages give the forløpstider; a question that gives a date asks for them."""

    headings: frozenset[str]

    def is_deadline(self, chunk: Chunk) -> bool:
        return bool(self.headings & set(chunk.title_path))

    def asks(self, query: str) -> bool:
        return has_date(query)

    def bonuses(self, chunks: Sequence[Chunk]) -> np.ndarray:
        """What each passage's fused score gains for a question that gives a date."""
        return np.asarray([DATE_BONUS if self.is_deadline(c) else 0.0 for c in chunks], dtype=np.float32)


def load_deadline_prior(guideline: Guideline) -> DeadlinePrior | None:
    """The pathway's forløpstid prior; None when its data names no forløpstid headings."""
    section = _pathway_data(guideline.pathway).get("deadlines")
    return DeadlinePrior(frozenset(section["headings"])) if section else None
