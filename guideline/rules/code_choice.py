"""Which facts a question's words name: the scoring of facts by their vocabulary, and the codes of a code question.

A fact's vocabulary (its ``terms``) must explain enough of the question's topic words for the
fact to answer (``best_fact``); a question that asks for a code gets the code of the event it
names (``codes_of_event``), narrowed by its treatment and by the code's own words; a question
that asks for a code's date gets the code its words name best (``codes_named``).
"""

from __future__ import annotations

import re

from .events import NEGATED, Mention
from .facts import Fact, FactBook
from .question import Question, pathway_vocabulary
from .result import RuleResult, cue_text, hits_text
from .vocab import Hit, find_hits

# Share of a question's topic words (not cue words, not fillers) a fact's words must explain.
MIN_COVERAGE = 0.5


# A question with no cue word at all ("risk factors") is answered only if it is this short and
# every topic word is explained.
MAX_BARE_WORDS = 4


_INTENT_OF_KIND = {
    "code": "code_for_event",
    "responsibility": "responsibility",
    "list": "list",
    "rule": "list",
}


_CODE_COMPLEMENT = re.compile(r"\b(?:kode|koden|koder|kodene|code|codes)\s+(?:for|til|of)\s", re.IGNORECASE)


_CODE_WORD = re.compile(r"\s*(?:kode|koden|koder|kodene|code|codes)\b", re.IGNORECASE)


def fact_hits(q: Question, fact: Fact, book: FactBook) -> list[Hit]:
    return find_hits(q.words, pathway_vocabulary(book.pathway).facts[fact.id], overlap=True)


def fact_score(q: Question, fact: Fact, families: set[str], book: FactBook) -> tuple[float, list[Hit]]:
    """Question words the fact's vocabulary explains, plus a half point if the question asks its main kind."""
    hits = fact_hits(q, fact, book)
    if not hits:
        return 0.0, []
    return len({i for h in hits for i in h.positions}) + (0.5 if fact.cues[0] in families else 0.0), hits


def best_fact(q: Question, book: FactBook) -> RuleResult | None:
    """The fact whose words best explain the question, among facts answering its kind of question."""
    families = q.families & {"code", "who", "where", "what"}
    bare = not q.families
    if bare and len(q.topic) > MAX_BARE_WORDS:
        return None
    scored = []
    for order, f in enumerate(book.facts):
        if f.kind == "interval" or not (bare or families & set(f.cues)):
            continue
        score, hits = fact_score(q, f, families, book)
        # Cue words alone ("kode") do not pick a fact when the question has words of its own.
        if hits and (not q.topic or q.starts(hits) & q.topic):
            scored.append((score, order, f, hits))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    top_score, _, top, top_hits = scored[0]
    coverage = q.coverage(q.starts(top_hits))
    if coverage < (1.0 if bare else MIN_COVERAGE):
        return None
    facts = tuple(f for s, _, f, _ in scored if s == top_score)
    explanation = (
        f"cues: {cue_text(q)}; {top.id} matched {hits_text(top_hits)} "
        f"(score {top_score:g}, explains {coverage:.0%} of the topic words)"
    )
    return RuleResult(_INTENT_OF_KIND[top.kind], q.lang, facts, explanation=explanation)


def code_facts(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> RuleResult | None:
    """The fact the question's words name best, else the codes of the one event it names.

    A question that asks for a code ("Hvilken kode skal jeg registrere?") gets the code of the
    event it names before a rule about the same situation (how that referral is marked).
    """
    best = best_fact(q, book)
    if best is not None and any(f.kind != "code" for f in best.facts) and "code" in q.families:
        return codes_of_event(q, mentions, treatments, book) or best
    return best or codes_of_event(q, mentions, treatments, book)


def codes_named(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> tuple[Fact, ...]:
    """The code facts the question's words name best (any of their words will do: the question asks
    for a code's date, so some code is meant), else the codes of the one event it names."""
    scored = [(*fact_score(q, f, {"code"}, book), f) for f in book.of_kind("code")]
    # A hit on a negated word the phrase does not negate ("treatment decided" in "decided on no
    # treatment") names the opposite: it does not count.
    scored = [(s, hits, f) for s, hits, f in scored if not any(negated_in(q, h) for h in hits)]
    # "koden for medikamentell behandling": the words after the code word name the code.
    after = _CODE_COMPLEMENT.search(q.text)
    if after:
        own = [
            (s, f)
            for s, hits, f in scored
            if any(q.words[i].start >= after.end() for h in hits for i in h.positions)
        ]
        scored = [(s, [], f) for s, f in own] or scored
    best = max((s for s, _, _ in scored), default=0.0)
    if best >= 1:
        return tuple(f for s, _, f in scored if s == best)
    found = codes_of_event(q, mentions, treatments, book)
    return found.facts if found else ()


def _names_the_code(q: Question, m: Mention) -> bool:
    """Whether an event is named right before the code word, or right after "koden for"."""
    if _CODE_WORD.match(q.text, m.end):
        return True
    return any(c.end() == m.start for c in _CODE_COMPLEMENT.finditer(q.text))


def negated_in(q: Question, hit: Hit) -> bool:
    """Whether a word of the hit stands right after a negation that the hit itself does not hold."""
    held = {q.words[i].start for i in hit.positions}
    for i in hit.positions:
        word = q.words[i]
        before = NEGATED.search(q.text[: word.start])
        if before and not any(before.start() <= s < word.start for s in held):
            return True
    return False


def codes_of_event(
    q: Question, mentions: list[Mention], treatments: list[str], book: FactBook
) -> RuleResult | None:
    """A code question that names one pathway event gets the codes that record that event.

    "Which NPR code marks the first attendance?" names the first visit, whose code is A04S, even
    when its other words ("marks") are none of the code's own vocabulary. An event with several
    codes (the clinical decision, the start of treatment) gets all of them, narrowed to the
    treatment the question names.
    """
    if "code" not in q.families or q.families & {"who", "where"}:
        return None  # "who enters the start code?" asks for a person, not a code
    named = {m.event for m in mentions if not m.implied} or {m.event for m in mentions}
    if len(named) > 1:
        # Several events, one of them named with the code word: "which treatment start code?",
        # "koden for første fremmøte".
        named = {m.event for m in mentions if _names_the_code(q, m)} or named
    if len(named) != 1:
        return None
    (event,) = named
    codes = [book.code(c) for e in book.events if e.id == event for c in e.codes]
    if treatments:
        codes = [f for f in codes if f.data.get("treatment") in treatments] or codes
    # Of the event's codes, those whose own words the question uses ("an operation" → A04FK).
    codes = [f for f in codes if fact_score(q, f, set(), book)[0] >= 1] or codes
    if not codes:
        return None
    return RuleResult(
        "code_for_event",
        q.lang,
        tuple(codes),
        explanation=f"cues: {cue_text(q)}; the question names the event {event}, recorded by "
        + ", ".join(f.data["code"] for f in codes),
    )
