"""The router: question → checks → scope → rules → search → answerability → (facts | quotes), as the README says.

One function, in the order the stages run. Each branch hands over to the composer of its kind
of answer; none of them renders anything itself, and each says in ``explanation`` which path
it took and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from ..errors import BadInput
from ..rules.facts import load_facts
from ..rules.matcher import RuleResult, events_told_as_past, match_rules
from ..rules.question import read_question
from ..text.inputs import analysis_text, check_question, has_content
from ..text.language import detect_lang
from ..text.lexicon import is_everyday
from ..text.normalize import words
from .answer import Answer
from .answerability import Coverage, Vocabulary
from .compose import Sources
from .extract import Quote
from .focus import Focus, question_focus
from .quantity import Quantity, unanswered_quantity
from .refusal import SEARCH_DEPTH, refusal
from .render import AUDIENCES
from .rule_answer import code_list, rule_answer
from .scope import DRUG_AS_TREATMENT, ScopeVerdict
from .search_answer import search_answer
from .views import asks_for_codes, asks_for_time, states_days

# Rule results that rest on what the question itself says (its dates, its codes): always exact.
EXACT_INTENTS = frozenset({"date_arithmetic", "code_lookup", "unknown_code", "invalid_date"})
EXACT_FACTS = frozenset({"list.codes"})  # "which codes exist" is the facts' own list
# Exact readings of a code the question names: what it asks about the code must still be said.
ASKED_ABOUT_CODES = frozenset({"code_lookup"})
# A named code is strong evidence that the question is the pathway's: what it asks besides must
# weigh more than elsewhere to be "not said" (0.5 refused "når vi har diskutert saken internt").
CODE_UNKNOWN_SHARE = 0.6
CODE_UNKNOWN_WORDS = 2  # and one word alone is about the code ("forskjellen på A04FO og A04FI")
# What the pathway's own structure answers whatever drug is given: its codes and date sums ("how
# long" with a drug asks how long the drug is given, which the pathway does not say).
PATHWAY_INTENTS = frozenset({"code_for_event", "code_lookup", "registration_date", "date_arithmetic"})
FACT_PASSAGES = 20  # passages searched for those that hold a fact's quotes
BEST_PASSAGES = 3  # passages whose units must speak of the question's focus
_SUB_QUESTION = re.compile(r"[^?]*\?")  # a question asks each of its "?"-ended parts
# A question whether something exists, rather than what it is.
_ASKS_WHETHER = re.compile(
    r"\b(?:finnes|fins|exists?|is there|are there|har\s+\w+\s+(?:en|et)|egen|eget|egne|separate|own)\b",
    re.IGNORECASE,
)
# A question that asks for a code ("which code …", "is there an NPR code to document …"); answered
# only by a code. No rule matched it and no fact is anchored to its best passage; when no quote
# names a code either, the pathway has none for it: the passages are related, not the answer.
_ASKS_FOR_A_CODE = re.compile(
    r"\b(?:which|what|hvilken|hvilket|hvilke|hva slags|is there|are there|any|finnes|fins|egen|eget|egne|separate|own|"
    r"special|spesiell|spesielle)\b[^?.;]{0,30}?\b(?:codes?|kode|koden|koder|npr-kode\w*)\b",
    re.IGNORECASE,
)
_A_CODE = re.compile(r"\b[A-Z]\d{2}[A-Z]{0,3}\b")
ANCHOR_MIN_SCORE = 0.5  # a quote states its anchored facts when it scores at least this
# A question around a drug the pathway does not name is answered only when, with the drug read as
# drug treatment, the best quote scores at least this and almost nothing of it is unknown.
# Measured on the development sets: d022 (hospitalisation around high-dose melphalan) answered; no
# out-of-scope question answered at 0.7 / 0.25 either, so the stricter pair is kept.
AROUND_DRUG_QUOTE, AROUND_DRUG_UNKNOWN = 0.8, 0.1
AROUND_DRUG_WORDS = 2  # and it asks about at least this many words the passages cover, besides the drug
_TREATMENT_WORDS = frozenset(w for kind in DRUG_AS_TREATMENT.values() for w in words(kind))


def route(sources: Sources, question: str, audience: str, today: date) -> Answer:
    """Answer one question for one audience. Raises BadInput for unusable input, nothing else by design."""
    if audience not in AUDIENCES:
        raise BadInput(f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}")
    text = check_question(question)
    # Markup is not words; but a question that is nothing but markup is read as typed (and refused).
    analysed = analysis_text(text)
    text = check_question(analysed) if has_content(analysed) else text
    lang = detect_lang(text)
    # Where the guideline's own words would mislead (a dose, prognosis, another cancer), refuse
    # before anything can match ("code for the lung cancer pathway" must not get A04A).
    verdict = sources.scope.judge(text)
    if verdict.topics:
        topics = {t.id for t in verdict.topics}
        started = sources.scope.first_dose_as_start(text, lang)
        if topics <= {"drug", "dose"} and ("drug" in topics or started != text):
            # A drug the pathway does not name, or its first dose, in a question about the
            # pathway's codes and days ("started on bortezomib: which start code?", "første dose
            # daratumumab 3. mars"): the drug is a drug treatment and the first dose its first
            # day; the notices still say what the pathway does not name (a drug, a dose asked for).
            rule = match_rules(
                sources.scope.drugs_as_treatment(started, lang),
                reference=today,
                pathway=sources.guideline.pathway,
            )
            if rule is not None and rule.intent in PATHWAY_INTENTS:
                notices = sources.scope.judge(started).notices(lang)
                rule = replace(rule, notes=(*rule.notes, *notices))
                return rule_answer(sources, question, text, audience, rule)
            if "dose" not in topics:
                answered = _around_drug(sources, question, text, audience, lang)
                if answered is not None:
                    return answered
        return refusal(sources, question, text, audience, lang, verdict)
    rule = match_rules(text, reference=today, pathway=sources.guideline.pathway)
    exact = rule is not None and (rule.intent in EXACT_INTENTS or bool(set(rule.fact_ids) & EXACT_FACTS))
    if exact and rule.intent not in ASKED_ABOUT_CODES:
        return rule_answer(sources, question, text, audience, rule)
    results = sources.engine.search(text, k=SEARCH_DEPTH)
    focus = question_focus(text, sources.scope)
    quotes = _after_what_happened(sources, text, sources.picker.pick(text, results))
    if exact:
        # A code named in the question is exact, but the question may ask something about it the
        # guideline never says ("which DIPS screen do I use to register A04A?").
        coverage = sources.coverage.coverage(focus, _best_units(sources, results))
        unknown_topic = [w for w in coverage.unknown if w in focus.topic]
        if coverage.unknown_share < CODE_UNKNOWN_SHARE or len(unknown_topic) < CODE_UNKNOWN_WORDS:
            # A question that tells a situation around the code ("relapses: a new pathway with
            # A04A?") also gets the passages on that situation; one asking only what the code is
            # gets the code's facts alone.
            around = quotes if focus.topic else []
            return rule_answer(sources, question, text, audience, rule, quotes=around)
        return _not_answered(sources, question, text, audience, lang, coverage, quotes)
    # "How many patients …", "what age …": a number of a kind that no passage gives (any words
    # of the question may be known); checked before the rules, whose facts give codes and days.
    unanswered = unanswered_quantity(text, _passage_texts(sources, results[:BEST_PASSAGES]))
    if unanswered is not None:
        return _quantity_refusal(
            sources, question, text, audience, lang, unanswered, "the best passages", quotes
        )
    # A cue-word match of the rules is precision-first (its words must explain the question): it
    # stands, with the passages as support (measured: rules first answers more structured
    # questions right on our sets than facts anchored to the passages first).
    if rule is not None:
        if rule.untimed and not _ASKS_WHETHER.search(text):
            # "What is the forløpstid to surgery?" asks for a number the guideline does not give;
            # "is there a forløpstid of its own for surgery?" is answered by that it has none.
            reason = f"{rule.explanation}; asks for a forløpstid the pathway does not set"
            return refusal(
                sources, question, text, audience, lang, ScopeVerdict(False, (), 0.0, (), reason),
                notes=rule.notes, related=_passages_of_facts(sources, text, rule.facts) or quotes,
            )  # fmt: skip
        told = facts_for_reader(rule.facts, audience, text, codes=True)
        if told or not rule.facts or rule.computed or rule.message:
            return rule_answer(sources, question, text, audience, replace(rule, facts=told), quotes=quotes)
        # A relative who asked what happens, not when, matched forløpstider only: the passages
        # answer instead (a relative is never shown a number of days they did not ask for).
    coverage = sources.coverage.coverage(focus, _best_units(sources, results))
    if not quotes or not coverage.answerable:
        return _not_answered(sources, question, text, audience, lang, coverage, quotes)
    # Facts anchored to the best passage are stated when it answers well enough (for a relative
    # who asked about no code, no code fact: then the passages themselves answer).
    anchored = _anchored(sources, quotes)
    # Who is responsible is stated for a question that asks who (or where): "when should I refer?"
    # asks when, and the passage on who may refer is no answer to it.
    if not read_question(text, lang, (), sources.guideline.pathway).families & {"who", "where"}:
        anchored = tuple(f for f in anchored if f.kind != "responsibility")
    anchored = facts_for_reader(anchored, audience, text, codes=False)
    # A forløpstid among the anchored facts gives a time; so may a quote, but a forløpstid quote only
    # if it speaks of what the question asks about (a forløpstid no rule matched may be the time of
    # another interval: "svar på beinmargsprøven" is none of them).
    timed = any(f.kind == "interval" for f in anchored)
    giving = (
        q
        for q in quotes[:BEST_PASSAGES]
        if not _states_interval(sources, q) or _speaks_of_topic(sources, q, focus)
    )  # read only when a kind checked on the quotes is asked for
    unanswered = None if timed else unanswered_quantity(text, _quote_texts(giving), checked="quotes")
    if unanswered is not None:
        return _quantity_refusal(sources, question, text, audience, lang, unanswered, "the quotes", quotes)
    parts = _unanswered_parts(text, coverage, sources)
    if anchored:
        why = f"facts anchored to the best passage ({quotes[0].unit_ids[0]}, score {quotes[0].score:g})"
        notes = (_not_mentioned(parts, lang),) if parts else ()
        anchored_rule = RuleResult("anchored", lang, anchored, explanation=why, notes=notes)
        return rule_answer(sources, question, text, audience, anchored_rule, quotes=quotes)
    if _ASKS_FOR_A_CODE.search(text) and not any(_A_CODE.search(q.text) for q in quotes):
        # The refusal lists every code the pathway has, so that a reader who described a situation
        # the rules did not recognise can still find the one that fits.
        reason = "asks for a code; no rule matched, no fact is anchored and no passage names a code"
        return refusal(
            sources, question, text, audience, lang, ScopeVerdict(False, (), 0.0, (), reason),
            facts=code_list(sources), notes=(_no_code(sources, lang),), related=quotes,
        )  # fmt: skip
    if audience == "relative" and not asks_for_time(text) and all(states_days(q.text) for q in quotes):
        # Every best sentence is a forløpstid ("what happens when the investigation is done?"):
        # a relative who asked what, not when, reads the best sentences that give no days.
        quotes = sources.picker.pick(text, results, skip=states_days) or quotes
    rare = tuple(w for w in coverage.unknown if len(w) >= 4 and w.isalpha() and not is_everyday(w))
    unmentioned = tuple(dict.fromkeys((*coverage.typed(rare), *parts)))[:3]
    return search_answer(sources, question, text, audience, lang, quotes, unmentioned=unmentioned)


def _quantity_refusal(
    sources: Sources,
    question: str,
    text: str,
    audience: str,
    lang: str,
    unanswered: tuple[Quantity, str],
    where: str,
    quotes: list[Quote],
) -> Answer:
    """The refusal of a question asking for a kind of number (or code, or time) that ``where`` does not give."""
    quantity, asked = unanswered
    reason = f"asks for {quantity.id} ({asked!r}); {where} give no such number"
    return refusal(
        sources, question, text, audience, lang, ScopeVerdict(False, (), 0.0, (), reason),
        notes=(quantity.message(lang),), related=quotes,
    )  # fmt: skip


def _around_drug(sources: Sources, question: str, text: str, audience: str, lang: str) -> Answer | None:
    """A question about something the pathway covers, around a drug it does not name ("how long are
    patients hospitalised around high-dose melphalan with stem cell rescue?"): read with the drug as
    drug treatment, it is answered when the best passages speak of nearly all of it and the best
    quote answers it well, and the answer says first that the pathway does not mention the drug.
    A dose, or anything about the drug itself, is still refused."""
    treated = sources.scope.drugs_as_treatment(text, lang)
    results = sources.engine.search(treated, k=SEARCH_DEPTH)
    quotes = sources.picker.pick(treated, results)
    coverage = sources.coverage.coverage(
        question_focus(treated, sources.scope), _best_units(sources, results)
    )
    # What it asks besides the drug: "hvor lenge skal pappa ta lenalidomid?" asks only about the drug.
    besides = set(coverage.covered) & set(coverage.focus.topic) - _TREATMENT_WORDS
    if (
        not quotes
        or quotes[0].score < AROUND_DRUG_QUOTE
        or coverage.unknown_share >= AROUND_DRUG_UNKNOWN
        or len(besides) < AROUND_DRUG_WORDS
    ):
        return None
    typed = sources.scope.typed_drug_names(text)
    explanation = f"a drug the pathway does not name ({', '.join(typed)}), around what it covers"
    return search_answer(
        sources, question, text, audience, lang, quotes, unmentioned=typed[:3], explanation=explanation
    )


def facts_for_reader(facts: tuple, audience: str, text: str, *, codes: bool) -> tuple:
    """The facts a reader is told. A relative who asked about no time is told no forløpstid, nor
    any fact that gives a number of days; one who asked about no code is told no code fact, unless
    ``codes`` (a rule answer keeps them and leaves out their codes: the fact's situation still
    answers)."""
    if audience != "relative":
        return tuple(facts)
    if not codes and not asks_for_codes(text):
        facts = tuple(f for f in facts if f.kind != "code")
    if not asks_for_time(text):
        facts = tuple(f for f in facts if f.kind != "interval" and not states_days(f.label_nb))
    return tuple(facts)


def _unanswered_parts(text: str, coverage: Coverage, sources: Sources) -> tuple[str, ...]:
    """The words the guideline never uses of a sub-question none of whose words the best passages
    speak of ("Does the test hurt? Will she be put to sleep for it?"): the answer says it does
    not mention them."""
    asked = [part for part in _SUB_QUESTION.findall(text) if part.strip()]
    if len(asked) < 2:
        return ()
    out: list[str] = []
    for part in asked:
        words = question_focus(part, sources.scope).words
        if words and not set(words) & set(coverage.covered):
            out += coverage.typed(w for w in words if w in coverage.unknown)
    return tuple(dict.fromkeys(out))


def _not_mentioned(words: tuple[str, ...], lang: str) -> str:
    if lang == "en":
        return "The pathway does not mention " + ", ".join(f"“{w}”" for w in words) + "."
    return "Pakkeforløpet nevner ikke " + ", ".join(f"«{w}»" for w in words) + "."


def _not_answered(
    sources: Sources,
    question: str,
    text: str,
    audience: str,
    lang: str,
    coverage: Coverage,
    quotes: list[Quote],
) -> Answer:
    """The refusal of a question whose focus the best passages do not speak of, naming what they do not say."""
    unknown = coverage.typed(coverage.unknown)[:3]
    reason = f"not answered by the guideline: {', '.join(unknown) or 'no passage shares a word with it'}"
    return refusal(
        sources, question, text, audience, lang, ScopeVerdict(False, (), 0.0, (), reason),
        not_said=unknown, related=quotes,
    )  # fmt: skip


def _passages_of_facts(sources: Sources, text: str, facts: tuple) -> list[Quote]:
    """The quotes that hold the facts' quotes (compared as word sequences), best for the question first."""
    quoted = {" ".join(words(c.quote)) for f in facts for c in f.citations}

    def holds(passage: str) -> bool:
        said = " ".join(words(passage))
        return any(q in said or said in q for q in quoted)

    holding = [r for r in sources.engine.search(text, k=FACT_PASSAGES) if holds(r.text)]
    return [q for q in sources.picker.pick(text, holding) if holds(q.text)]


def _best_units(sources: Sources, results: list) -> Vocabulary:
    """The vocabulary of every unit of the best passages, in all three of its texts."""
    return Vocabulary.union([_passage_vocabulary(sources, r.id) for r in results[:BEST_PASSAGES]])


def _unit_texts(sources: Sources, chunk_id: str) -> tuple[list[str], list[str]]:
    """One passage's units as Norwegian texts (official, plain) and English readings, worked out once."""
    found = sources.memo.get(("texts", chunk_id))
    if found is None:
        picker = sources.picker
        chunk = sources.engine.chunk(chunk_id)
        # A passage is read under its heading ("Håndtering av tilbakefall" speaks of "håndteres").
        readings = picker.readings
        norwegian = [chunk.title_path[-1], readings.title(chunk.section, "plain") or ""]
        english = [readings.title(chunk.section, "en") or ""]
        for unit in picker.units_of(chunk.section):
            if chunk.start <= unit.start and unit.end <= chunk.end:
                q = picker.quoted(unit)
                norwegian += [unit.text, q.plain]
                english.append(q.en)
        found = sources.memo[("texts", chunk_id)] = (norwegian, english)
    return found


def _states_interval(sources: Sources, quote: Quote) -> bool:
    """Whether a quote holds a forløpstid: a unit an interval fact is anchored to."""
    return any(f.kind == "interval" for f in sources.anchors.facts_of(list(quote.unit_ids)))


def _no_code(sources: Sources, lang: str) -> str:
    """That the pathway gives no code for this, and the codes it has (each cited by the code list)."""
    names = list(load_facts(sources.guideline.pathway).code_names())
    listed = f"{', '.join(names[:-1])} {'and' if lang == 'en' else 'og'} {names[-1]}"
    if lang == "en":
        return f"The pathway has no code of its own for this. Its codes are {listed}."
    return f"Pakkeforløpet har ingen egen kode for dette. Kodene det har, er {listed}."


def _speaks_of_topic(sources: Sources, quote: Quote, focus: Focus) -> bool:
    """Whether a quote, in any of its three texts, speaks of a word of the question's topic."""
    texts = list(_quote_texts([quote]))
    vocabulary = Vocabulary.of(texts, texts)
    return any(sources.coverage.speaks_of(w, vocabulary) for w in focus.topic)


def _quote_texts(quotes: Iterable[Quote]) -> Iterator[str]:
    """Every text of every unit an answer would quote: official, plain and English (as they are read)."""
    return (t for q in quotes for u in q.units for t in (u.text, u.plain, u.en))


def _passage_texts(sources: Sources, results: list) -> list[str]:
    """Every text of every unit of these passages."""
    return [t for r in results for part in _unit_texts(sources, r.id) for t in part]


def _passage_vocabulary(sources: Sources, chunk_id: str) -> Vocabulary:
    """One passage's vocabulary (official, plain and English texts of its units), worked out once."""
    found = sources.memo.get(("vocabulary", chunk_id))
    if found is None:
        found = sources.memo[("vocabulary", chunk_id)] = Vocabulary.of(*_unit_texts(sources, chunk_id))
    return found


def _after_what_happened(sources: Sources, text: str, quotes: list[Quote]) -> list[Quote]:
    """Among equally good quotes, those of a forløpstid that ends in an event the question tells as
    past come last: "has been to his first appointment, how long can the tests take?" asks for
    first visit → decision, not referral → first visit."""
    goals = [
        {f.data.get("to_event") for f in sources.anchors.facts_of(list(q.unit_ids)) if f.kind == "interval"}
        for q in quotes
    ]
    if not any(goals):
        return quotes  # no forløpstid among them: nothing to reorder (and the question need not be read)
    happened = events_told_as_past(text, sources.guideline.pathway)
    if not happened:
        return quotes
    ended = {id(q): bool(g & happened) for q, g in zip(quotes, goals, strict=True)}
    return sorted(quotes, key=lambda q: (-q.score, ended[id(q)]))


def _anchored(sources: Sources, quotes: list[Quote]) -> tuple:
    """Facts anchored to the best quote, when it answers well enough to state them."""
    best = quotes[0]
    if best.score < ANCHOR_MIN_SCORE:
        return ()
    return sources.anchors.facts_of(list(best.unit_ids))
