"""How dates are written in questions: the shapes (3.3.2026, 2026-03-03, "3. mars", "March 3rd")
and the month words, without reading them as dates.

Date arithmetic (guideline/rules/dates.py) reads these shapes into dates and refuses impossible
ones; search only needs to know that a question gives a date (guideline/search/sections.py: a
question that gives a date asks what follows from it, the forløpstider).
"""

from __future__ import annotations

import re

from .normalize import clean, fold, lower_same_length

MONTH_NAMES_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Folded spellings people use, full and abbreviated; value = month number.
MONTHS: dict[str, int] = {}
for _n, (_nb, _en) in enumerate(zip(MONTH_NAMES_NB, MONTH_NAMES_EN, strict=True), start=1):
    for _name in (_nb, _en.lower(), _nb[:3], _en.lower()[:3]):
        MONTHS[fold(_name)] = _n
MONTHS["sept"] = 9
# Month words that only English uses: a date written with one is answered in English.
ENGLISH_MONTHS = frozenset(
    {"january", "february", "march", "may", "june", "july", "october", "december", "oct", "dec"}
)

# Month and weekday names written alone ("in March", "på fredag"): words of when, not of what.
WEEKDAYS_NB = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR_WORDS = frozenset(
    fold(w)
    for w in (*MONTH_NAMES_NB, *(m.lower() for m in MONTH_NAMES_EN), *WEEKDAYS_NB, *WEEKDAYS_EN)
    for w in (w, w + "s", w + "en", w + "er")  # "fredagen", "mondays"
)

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_ORDINAL = r"(?:st|nd|rd|th)?"

# Patterns run on the folded text (same length per character as far as digits and ASCII go).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?<![\d.])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")),
    (
        "numeric",
        re.compile(
            rf"(?<![\d.\-/]){_DAY}\s?(?P<sep>[./-])\s?(?P<month>\d{{1,2}})\s?(?P=sep)\s?{_YEAR}(?![\d])"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"(?<![\d.]){_DAY}{_ORDINAL}\.?\s*(?:of\s+)?(?P<mname>{_MONTH_RE})\b\.?(?:,?\s*{_YEAR}(?!\d|\.\d))?"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"\b(?P<mname>{_MONTH_RE})\b\.?\s+(?:the\s+)?{_DAY}{_ORDINAL}\b(?:,?\s*{_YEAR}(?!\d|\.\d))?"
        ),
    ),
)


def is_meant_as_date(kind: str, m: re.Match[str]) -> bool:
    """Whether a match is meant as a date at all; "mai 2 ganger" and "3 may be" are not."""
    if m.group("year") is not None or kind in ("iso", "numeric"):
        return True
    name = m.group("mname")
    if kind == "month_day":
        return name in ENGLISH_MONTHS and name != "may"
    return name != "may"


def scan(text: str) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping date-shaped matches in the folded text, leftmost first, longest on ties."""
    found = [
        (kind, m) for kind, pattern in PATTERNS for m in pattern.finditer(text) if is_meant_as_date(kind, m)
    ]
    found.sort(key=lambda km: (km[1].start(), -(km[1].end() - km[1].start())))
    chosen: list[tuple[str, re.Match[str]]] = []
    for kind, m in found:
        if chosen and m.start() < chosen[-1][1].end():
            continue
        chosen.append((kind, m))
    return chosen


def folded_same_length(text: str) -> str:
    """Lower case with æøå as a, o, a one for one, so offsets stay those of the cleaned text."""
    return lower_same_length(text).translate(str.maketrans({"æ": "a", "ø": "o", "å": "a"}))


def has_date(text: str) -> bool:
    """Whether a text holds something written as a date (real or not: 31.02.2026 counts)."""
    return bool(scan(folded_same_length(clean(text))))
