"""The router: question → checks → scope → rules → search, as the README's data-flow line says.

One function, in the order the stages run. Each branch hands over to the composer of its
kind of answer; none of them renders anything itself.
"""

from __future__ import annotations

from datetime import date

from ..errors import BadInput
from ..rules.matcher import match_rules
from ..text.inputs import analysis_text, check_question, has_content
from ..text.language import detect_lang
from .answer import Answer
from .compose import Sources
from .refusal import refusal
from .render import AUDIENCES
from .rule_answer import rule_answer
from .search_answer import search_answer


def route(sources: Sources, question: str, audience: str, today: date) -> Answer:
    """Answer one question for one audience. Raises BadInput for unusable input, nothing else by design."""
    if audience not in AUDIENCES:
        raise BadInput(f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}")
    text = check_question(question)
    # Markup is not words; but a question that is nothing but markup is read as typed (and refused).
    analysed = analysis_text(text)
    text = check_question(analysed) if has_content(analysed) else text
    verdict = sources.scope.judge(text)
    lang = detect_lang(text)
    # A topic the guideline is silent on, or another cancer, is refused even when a rule
    # would match ("code for the lung cancer pathway" must not get A04A).
    if verdict.topics:
        return refusal(sources, question, text, audience, lang, verdict)
    rule = match_rules(text, reference=today, pathway=sources.guideline.pathway)
    if rule is not None:
        return rule_answer(sources, question, text, audience, rule)
    if not verdict.in_scope:
        return refusal(sources, question, text, audience, lang, verdict)
    return search_answer(sources, question, text, audience, lang, unmentioned=verdict.unknown_as_typed(text))
