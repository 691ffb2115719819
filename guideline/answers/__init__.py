"""Answers: question → router → (rules | search | refusal) → Answer → template, every statement cited.

Input checks and scope, the rule / search / refusal composers, sentence extraction, grounding,
jinja2 rendering per audience × kind, and the glossary. May import ``rules``, ``search``,
``corpus``, ``text``; never ``app`` or ``quality``. ``Assistant`` is the stage's face.
"""

from .answer import Answer, Citation
from .assistant import Assistant, answer, default_assistant

__all__ = ["Answer", "Assistant", "Citation", "answer", "default_assistant"]
