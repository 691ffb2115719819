"""Rules: deterministic answers from the facts data — codes, forløpstider, dates, the clock.

Facts quote the guideline verbatim (checked on load); the matcher reads a question's codes,
dates, events and cue words and answers only when it is sure. Imports ``corpus``, ``text``,
``pathways`` and ``errors``; never ``search``, ``answers`` or anything above.
"""

from .clock import ClockReport, ClockRow, clock_from_events, pathway_clock
from .matcher import RuleResult, match_rules

__all__ = ["ClockReport", "ClockRow", "RuleResult", "clock_from_events", "match_rules", "pathway_clock"]
