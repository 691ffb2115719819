"""Events named in a question and the dates that belong to them.

An event is a point on the pathway clock (referral received, first visit, decision, treatment
start), named by a phrase of the facts data or by its NPR code. The dates of a question are
bound to those events before any deadline is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.normalize import NEGATIONS
from .facts import FactBook
from .question import Question, pathway_vocabulary
from .vocab import find_hits

# The event that treatment types start (forløpstider to "start behandling").
TREATMENT_START = "treatment_start"


@dataclass(frozen=True)
class Mention:
    event: str
    start: int
    end: int
    target: bool  # stands right after a deadline cue: what is asked for, not what is dated
    implied: bool = False  # read from a treatment word ("strålebehandling"), not an event phrase
    happened: bool = False  # told as past ("har vært på første time", "after the first visit"): a start


# The words joining an event to what it is about: "beslutning om behandling", "decision on treatment",
# "decision for radiotherapy".
COMPLEMENT = re.compile(
    r"\s+(?:om|angående|vedrørende|about|on|of|for|regarding)\s+(?:[^\W\d_]+(?:['’]s|s['’])?\s+){0,2}",
    re.IGNORECASE,
)


# A negation right before an event phrase, at most one word between ("no treatment at all",
# "ingen videre behandling", "not any treatment").
# "treatment decision (drug therapy)": the parenthesis says what the decision was about.
ASIDE = re.compile(r"\s*\(\s*(?:[^\W\d_]+\s+){0,2}")
# "Decision to start drug treatment", "beslutning om å starte": the start is what was decided.
INFINITIVE = re.compile(r"\s+(?:to|å|om\s+å|til\s+å)\s+", re.IGNORECASE)
STARTS = re.compile(r"(?:start|begin|initiate|starte|begynne|oppstart)", re.IGNORECASE)
FROM = re.compile(r"\b(?:from|fra|between|mellom)\s+(?:the\s+|en\s+)?$", re.IGNORECASE)
_GAP_WORD = re.compile(r"[^\W\d_]+")
# An event told as having happened: "har vært på første time", "had his first visit", "etter
# beslutningen". What a question then asks about follows from it, so it starts the forløpstid asked.
HAPPENED = re.compile(
    r"\b(?:har\s+(?:vært|vaert|vart)\s+(?:på|pa|til|hos)|var\s+(?:på|pa|til|hos)|hadde|har\s+hatt|"
    r"har\s+fått|har\s+fatt|fikk|etter|has\s+been\s+(?:to|at|for)|have\s+been\s+(?:to|at)|has\s+had|"
    r"have\s+had|had|was\s+at|went\s+to|attended|after|since)\s+"
    r"(?:(?:the|his|her|their|its|a|an|sin|hans|hennes|den|det|en|et)\s+)?$",
    re.IGNORECASE,
)
NEGATED = re.compile(rf"\b(?:{'|'.join(sorted(NEGATIONS))})\s+(?:[^\W\d_]+\s+)?$", re.IGNORECASE)


def event_mentions(
    q: Question, codes: list[tuple[str, int, int, tuple[str, ...]]], book: FactBook
) -> list[Mention]:
    hits = find_hits(q.words, pathway_vocabulary(book.pathway).events, every=True, ordered=True)
    raw = [(h.phrase.owner, q.words[h.positions[0]].start, q.words[h.positions[-1]].end) for h in hits]
    event_of_code = {c: e.id for e in book.events for c in e.codes}
    raw += [
        (event_of_code[names[0]], a, b) for _, a, b, names in codes if names and names[0] in event_of_code
    ]
    implied = set()
    if not any(e == TREATMENT_START for e, _, _ in raw):
        # "til strålebehandling" names the start of that treatment.
        treated = find_hits(q.words, pathway_vocabulary(book.pathway).treatments, every=True)
        implied = {q.words[h.positions[0]].start for h in treated}
        raw += [
            (TREATMENT_START, q.words[h.positions[0]].start, q.words[h.positions[-1]].end) for h in treated
        ]
    cue_ends = sorted(
        max(q.tokens[i].end for i in h.positions)
        for h in q.cue_hits
        if h.phrase.owner in ("deadline", "deadline_weak")
    )
    mentions: list[Mention] = []
    for event, start, end in sorted(raw, key=lambda r: r[1]):
        gap = q.text[mentions[-1].end : start] if mentions else ""
        if mentions and (
            COMPLEMENT.fullmatch(gap) or ASIDE.fullmatch(gap) or _decided_start(q, mentions[-1], start, end)
        ):
            continue  # "beslutning om medikamentell behandling", "decision to start drug treatment": what was decided
        if NEGATED.search(q.text[:start]):
            continue  # "no treatment", "ingen behandling": an event that does not happen
        between = [q.text[e:start] for e in cue_ends if e <= start]
        target = any(
            len(re.findall(r"[^\W_]+", gap)) <= 3 and not re.search(r"\d", gap) for gap in between[-1:]
        )
        happened = bool(HAPPENED.search(q.text[max(0, start - 40) : start]))
        mentions.append(Mention(event, start, end, target, start in implied, happened))
    return mentions


def _decided_start(q: Question, before: Mention, start: int, end: int) -> bool:
    """ "Decision to start drug treatment", "bestemmer behandling": the start (or the treatment) is
    what was decided, not an event of its own; "from decision to start of treatment" names both
    ends of a forløpstid."""
    gap = q.text[before.end : start]
    if before.event != "decision" or FROM.search(q.text[: before.start]):
        return False
    if INFINITIVE.fullmatch(gap) and STARTS.match(q.text[start:end]):
        return True
    # "decision to start drug therapy": the start verb, then the treatment named in at most two words.
    infinitive = INFINITIVE.match(gap)
    if infinitive and STARTS.match(gap[infinitive.end() :]) and len(_GAP_WORD.findall(gap)) <= 4:
        return True
    # "de bestemmer behandling", "decide the treatment": the treatment is what is decided.
    return not gap.strip() and not STARTS.match(q.text[start:end])
