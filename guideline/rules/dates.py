"""Dates as people write them in questions: 3.3.2026, 2026-03-03, "3. mars 2026", "March 3, 2026".

Numeric dates are read day first (Norwegian and British order), also with slashes: 3/4/2026 is
3 April. A two-digit year is 2000–2069 for 00–69 and 1970–1999 for 70–99. Years outside
1900–2200 are refused with a message, so 0001-01-01 and 9999-12-31 never reach date arithmetic.

People leave the year out ("referral received 3 March"). Given a reference date, such a date is
read as its latest occurrence that is not more than FUTURE_DAYS ahead of it — pathway questions are
about referrals and visits that happened or are about to — and the found date says its year was
assumed, so an answer can say so. Without a reference date it is refused (BadDate saying the year
is missing): a deadline computed in a silently guessed year is worse than a question back.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import BadDate
from ..text.normalize import clean, fold, lower_same_length

MIN_YEAR = 1900
MAX_YEAR = 2200
FUTURE_DAYS = 60  # a date without a year may lie this far ahead of the reference date, no further

_MONTH_NAMES_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
_MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Folded spellings people use, full and abbreviated; value = month number.
_MONTHS: dict[str, int] = {}
for _n, (_nb, _en) in enumerate(zip(_MONTH_NAMES_NB, _MONTH_NAMES_EN, strict=True), start=1):
    for _name in (_nb, _en.lower(), _nb[:3], _en.lower()[:3]):
        _MONTHS[fold(_name)] = _n
_MONTHS["sept"] = 9
# Month words that only English uses: a date written with one is answered in English.
_ENGLISH_MONTHS = frozenset(
    {"january", "february", "march", "may", "june", "july", "october", "december", "oct", "dec"}
)

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_ORDINAL = r"(?:st|nd|rd|th)?"

# Patterns run on the folded text (same length per character as far as digits and ASCII go).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
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


# Words that may stand before a date written alone: "den 3. mars 2026", "on the 3rd of March 2026".
_LEAD_WORDS = re.compile(r"^(?:(?:den|on|the)\s+)+", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date in a text and where it stands (character offsets into the cleaned text)."""

    value: date
    start: int
    end: int
    text: str
    year_assumed: bool = False  # written without a year; the year comes from the reference date


def _lang_of(text: str, default: str) -> str:
    names = set(re.findall(r"[a-z]+", fold(text)))
    if names & _ENGLISH_MONTHS or re.search(r"\d(?:st|nd|rd|th)\b", text):
        return "en"
    return default


def month_name(month: int, lang: str = "nb") -> str:
    return (_MONTH_NAMES_EN if lang == "en" else _MONTH_NAMES_NB)[month - 1]


def format_date(d: date, lang: str = "nb") -> str:
    """ "10. mars 2026" (nb) or "10 March 2026" (en)."""
    if lang == "en":
        return f"{d.day} {month_name(d.month, 'en')} {d.year}"
    return f"{d.day}. {month_name(d.month, 'nb')} {d.year}"


def check_year(year: int, *, lang: str = "nb", text: str | None = None) -> None:
    """Refuse years outside MIN_YEAR–MAX_YEAR with a one-line BadDate."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return
    shown = text or str(year)
    if lang == "en":
        raise BadDate(f"{shown}: the year {year} is outside the supported range {MIN_YEAR}–{MAX_YEAR}.")
    raise BadDate(f"{shown}: året {year} er utenfor området vi regner med ({MIN_YEAR}–{MAX_YEAR}).")


def make_date(year: int, month: int, day: int, *, text: str, lang: str = "nb") -> date:
    """A real calendar date, or BadDate saying in one line why this one does not exist."""
    check_year(year, lang=lang, text=text)
    if not 1 <= month <= 12:
        if lang == "en":
            raise BadDate(f"{text} does not exist: there is no month {month} (months are 1–12).")
        raise BadDate(f"{text} finnes ikke: det finnes ingen måned {month} (måned 1–12).")
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        if lang == "en":
            raise BadDate(f"{text} does not exist: there is no day 0 (days start at 1).")
        raise BadDate(f"{text} finnes ikke: det finnes ingen dag 0 (dagene begynner på 1).")
    if not 1 <= day <= last:
        if lang == "en":
            raise BadDate(f"{text} does not exist: {month_name(month, 'en')} {year} has {last} days.")
        raise BadDate(f"{text} finnes ikke: {month_name(month, 'nb')} {year} har {last} dager.")
    return date(year, month, day)


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


def _is_date(kind: str, m: re.Match[str]) -> bool:
    """Whether a match is meant as a date at all; "mai 2 ganger" and "3 may be" are not."""
    if m.group("year") is not None or kind in ("iso", "numeric"):
        return True
    name = m.group("mname")
    if kind == "month_day":
        return name in _ENGLISH_MONTHS and name != "may"
    return name != "may"


def infer_year(month: int, day: int, reference: date, *, text: str, lang: str = "nb") -> int:
    """The year of the latest real day/month on or before ``reference`` + FUTURE_DAYS."""
    latest = reference + timedelta(days=FUTURE_DAYS)
    if not 1 <= month <= 12 or day < 1:
        make_date(latest.year, month, day, text=text, lang=lang)  # raises, saying which part is wrong
    most = 29 if month == 2 else calendar.monthrange(latest.year, month)[1]
    if day > most:
        if lang == "en":
            raise BadDate(f"{text} does not exist: {month_name(month, 'en')} has at most {most} days.")
        raise BadDate(f"{text} finnes ikke: {month_name(month, 'nb')} har høyst {most} dager.")
    for year in range(latest.year, latest.year - 9, -1):
        if ((month, day) != (2, 29) or calendar.isleap(year)) and date(year, month, day) <= latest:
            return year
    raise AssertionError("unreachable: a leap year comes within eight years")  # pragma: no cover


def _from_match(
    kind: str, m: re.Match[str], original: str, default_lang: str, reference: date | None = None
) -> date:
    lang = _lang_of(original, default_lang)
    day = int(m.group("day"))
    month = int(m.group("month")) if kind in ("iso", "numeric") else _MONTHS[m.group("mname")]
    if m.group("year") is None:
        if reference is not None:
            return date(infer_year(month, day, reference, text=original.strip(), lang=lang), month, day)
        if lang == "en":
            raise BadDate(f"{original.strip()}: the year is missing. Write the full date, e.g. 3 March 2026.")
        raise BadDate(f"{original.strip()}: året mangler. Skriv hele datoen, f.eks. 3. mars 2026.")
    return make_date(_full_year(m.group("year")), month, day, text=original.strip(), lang=lang)


def _scan(text: str) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping date-shaped matches in the folded text, leftmost first, longest on ties."""
    found = [(kind, m) for kind, pattern in _PATTERNS for m in pattern.finditer(text) if _is_date(kind, m)]
    found.sort(key=lambda km: (km[1].start(), -(km[1].end() - km[1].start())))
    chosen: list[tuple[str, re.Match[str]]] = []
    for kind, m in found:
        if chosen and m.start() < chosen[-1][1].end():
            continue
        chosen.append((kind, m))
    return chosen


def _folded_same_length(text: str) -> str:
    """Lower case with æøå as a, o, a one for one, so offsets stay those of the cleaned text."""
    return lower_same_length(text).translate(str.maketrans({"æ": "a", "ø": "o", "å": "a"}))


def find_dates(text: str, *, lang: str = "nb", reference: date | None = None) -> list[FoundDate]:
    """Every date written in the text, in reading order, with offsets into ``clean(text)``.

    Raises BadDate for the first date-shaped piece that is not a real date (31.02.2026; a
    month name without a year when there is no ``reference`` date to take the year from): a
    question about an impossible date gets that answer, not a silently different date.
    """
    cleaned = clean(text)
    folded = _folded_same_length(cleaned)
    out: list[FoundDate] = []
    for kind, m in _scan(folded):
        piece = cleaned[m.start() : m.end()].rstrip(" ,.")
        value = _from_match(kind, m, piece, lang, reference)
        out.append(FoundDate(value, m.start(), m.start() + len(piece), piece, m.group("year") is None))
    return out


def parse_date(text: str, *, lang: str | None = None) -> date:
    """One date written alone ("3.3.26", "3rd of March 2026"); BadDate if it is not exactly one real date."""
    cleaned = _LEAD_WORDS.sub("", clean(text)).strip(" ,.")
    default = lang or "nb"
    folded = _folded_same_length(cleaned)
    matches = _scan(folded)
    if len(matches) == 1:
        kind, m = matches[0]
        if m.start() == 0 and m.end() >= len(folded.rstrip(" ,.")):
            return _from_match(kind, m, cleaned, lang or _lang_of(cleaned, default))
    if (lang or _lang_of(cleaned, default)) == "en":
        raise BadDate(f"Cannot read {cleaned!r} as a date. Write e.g. 3.3.2026, 2026-03-03 or 3 March 2026.")
    raise BadDate(
        f"Kan ikke lese «{cleaned}» som en dato. Skriv f.eks. 3.3.2026, 2026-03-03 eller 3. mars 2026."
    )
