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
from ..text.date_shapes import (
    ENGLISH_MONTHS,
    MONTH_NAMES_EN,
    MONTH_NAMES_NB,
    MONTHS,
    folded_same_length,
    scan,
)
from ..text.normalize import clean, fold

MIN_YEAR = 1900
MAX_YEAR = 2200
FUTURE_DAYS = 60  # a date without a year may lie this far ahead of the reference date, no further

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
    if names & ENGLISH_MONTHS or re.search(r"\d(?:st|nd|rd|th)\b", text):
        return "en"
    return default


def month_name(month: int, lang: str = "nb") -> str:
    return (MONTH_NAMES_EN if lang == "en" else MONTH_NAMES_NB)[month - 1]


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
    month = int(m.group("month")) if kind in ("iso", "numeric") else MONTHS[m.group("mname")]
    if m.group("year") is None:
        if reference is not None:
            return date(infer_year(month, day, reference, text=original.strip(), lang=lang), month, day)
        if lang == "en":
            raise BadDate(f"{original.strip()}: the year is missing. Write the full date, e.g. 3 March 2026.")
        raise BadDate(f"{original.strip()}: året mangler. Skriv hele datoen, f.eks. 3. mars 2026.")
    return make_date(_full_year(m.group("year")), month, day, text=original.strip(), lang=lang)


def find_dates(text: str, *, lang: str = "nb", reference: date | None = None) -> list[FoundDate]:
    """Every date written in the text, in reading order, with offsets into ``clean(text)``.

    Raises BadDate for the first date-shaped piece that is not a real date (31.02.2026; a
    month name without a year when there is no ``reference`` date to take the year from): a
    question about an impossible date gets that answer, not a silently different date.
    """
    cleaned = clean(text)
    folded = folded_same_length(cleaned)
    out: list[FoundDate] = []
    for kind, m in scan(folded):
        piece = cleaned[m.start() : m.end()].rstrip(" ,.")
        value = _from_match(kind, m, piece, lang, reference)
        out.append(FoundDate(value, m.start(), m.start() + len(piece), piece, m.group("year") is None))
    return out


def parse_date(text: str, *, lang: str | None = None) -> date:
    """One date written alone ("3.3.26", "3rd of March 2026"); BadDate if it is not exactly one real date."""
    cleaned = _LEAD_WORDS.sub("", clean(text)).strip(" ,.")
    default = lang or "nb"
    folded = folded_same_length(cleaned)
    matches = scan(folded)
    if len(matches) == 1:
        kind, m = matches[0]
        if m.start() == 0 and m.end() >= len(folded.rstrip(" ,.")):
            return _from_match(kind, m, cleaned, lang or _lang_of(cleaned, default))
    if (lang or _lang_of(cleaned, default)) == "en":
        raise BadDate(f"Cannot read {cleaned!r} as a date. Write e.g. 3.3.2026, 2026-03-03 or 3 March 2026.")
    raise BadDate(
        f"Kan ikke lese «{cleaned}» som en dato. Skriv f.eks. 3.3.2026, 2026-03-03 eller 3. mars 2026."
    )
