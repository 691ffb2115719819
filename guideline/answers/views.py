"""What templates show: quotes and facts in the reader's language, each statement with its marker.

Which text leads depends on the reader: the official text for doctors and coordinators asking
in Norwegian; the English reading (marked as an unofficial translation) for a question in
English; the plain reading (marked as our simplified wording) for a relative asking in
Norwegian. The official text is always quoted under a reading, so every statement shows the
guideline's own words. Relatives see no NPR code unless their question asks about codes.
"""

from __future__ import annotations

import re
from typing import Any

from ..corpus.document import collapse_whitespace, plain_text
from ..errors import BadDate
from ..rules.dates import find_dates
from ..rules.facts import Fact
from ..rules.question import cue_vocabulary
from ..rules.vocab import tokenize
from ..text.language import detect_lang
from ..text.normalize import NEGATIONS, words
from .citations import CitationList
from .extract import Quote, SentencePicker, asks_when, said_already

_CODE = re.compile(r"\b[A-Za-z]\d{2}[A-Za-z]{0,3}\b")
# What frames a list item in the guideline's text but not in a fact's list: "a) …", "… eller".
_LIST_ITEM_FRAME = re.compile(r"^[a-z]\)\s+|\s+(?:eller|og)$")
_CODE_WORDS = frozenset(
    w for p in cue_vocabulary().phrases if p.owner == "code" and len(p.keys) == 1 for w in words(p.text)
)
# A question about time: how long, how soon, by when, a deadline, a number of days or weeks.
_ASKS_TIME = re.compile(
    r"\b(?:how long|how soon|how many days|how quickly|how fast|by when|no later|later than|deadline|days?|weeks?|"
    r"timeline|wait\w*|hvor lenge|hvor fort|hvor raskt|hvor mange dager|\w*frist\w*|dager|dag|uker?|tid|tiden|"
    r"vente\w*|ventetid\w*|forløpstid\w*|forlopstid\w*|kalenderdager|dates?|dato\w*|latest|senest|innen|"
    r"soon|haster|haste|urgent\w*|emergenc\w*|akutt\w*|dagen|datoen|"
    # the acute conditions, which carry a time limit of their own (treatment within 1-2 days)
    r"\w*kompresjon|\w*compression|hyperkalsemi|hypercalc\w*|nyresvikt|renal failure|kidney failure)\b",
    re.IGNORECASE,
)
# English "time" is time; Norwegian "time" is an appointment ("første time", "få time").
_ASKS_TIME_EN = re.compile(r"\btimes?\b", re.IGNORECASE)
_DAYS = re.compile(r"\d+\s*(?:kalenderdager|dager|døgn|uker|calendar days|days|weeks)\b", re.IGNORECASE)


def reading_for(audience: str, lang: str) -> str:
    """Which text leads an answer: "en", "plain" or "official"."""
    if lang == "en":
        return "en"
    return "plain" if audience == "relative" else "official"


def asks_for_codes(text: str) -> bool:
    """Whether a question names a code or asks about coding (then a relative is shown codes too)."""
    # The rules' tokens: a code compound ("startkoden") is read as its two words there.
    return bool(_CODE.search(text)) or bool({t.text for t in tokenize(text)} & _CODE_WORDS)


def asks_for_time(text: str) -> bool:
    """Whether a question asks how long, how soon or by when (then a relative is shown forløpstider)."""
    return (
        bool(_ASKS_TIME.search(text))
        or (detect_lang(text) == "en" and bool(_ASKS_TIME_EN.search(text)))
        or asks_when(text)
        or _has_date(text)
    )


def _has_date(text: str) -> bool:
    """A date in the question: it asks what follows from it (a date sum), or the date is wrong."""
    try:
        return bool(find_dates(text))
    except BadDate:
        return True


def without_unasked_days(quotes: list[Quote], audience: str, text: str) -> list[Quote]:
    """The quotes a reader is shown: a relative who asked about no time sees no number of days."""
    if audience != "relative" or asks_for_time(text):
        return list(quotes)
    return [q for q in quotes if not states_days(q.text)]


def states_days(text: str) -> bool:
    """Whether a text gives a number of days or weeks (a forløpstid row, "innen 1-2 døgn")."""
    return bool(_DAYS.search(text))


def _reading_line(text: str) -> str:
    """A reading as one line of plain text: list markers and table pipes gone, like the official text."""
    return " ".join(plain_text(text).split())


def quote_view(quote: Quote, cites: CitationList, sources: Any, *, reading: str) -> dict[str, Any]:
    """A quote for the template: its lines (official text, and the reading that leads) and its markers."""
    markers = []
    for chunk_id, _ in ((quote.chunk_id, quote.section), *quote.also):  # the same words, every passage cited
        home = sources.engine.chunk(chunk_id)
        for u in quote.units:
            # A lead-in may stand at the end of the passage before its list: cite it from there.
            c = (
                home
                if home.start <= u.unit.start < home.end
                else sources.engine.chunk_at(home.section, u.unit.start)
            )
            markers.append(cites.passage(c.id, c.section, c.path_label, plain_text(c.text), u.text))
    lines = []
    for u in quote.units:
        lead = {"en": u.en, "plain": u.plain}.get(reading, "")
        lines.append({"text": u.text, "lead": _reading_line(lead) if lead else u.text, "item": u.item})
    return {"lines": lines, "markers": list(dict.fromkeys(markers)), "reading": reading}


def quote_views(
    quotes: list[Quote], cites: CitationList, sources: Any, *, reading: str, codes: bool
) -> list[dict[str, Any]]:
    """Quotes for the template; without NPR code rows when codes are not wanted."""
    out = []
    for q in quotes:
        shown = q if codes else q.without_code_rows()
        if shown is not None:
            out.append(quote_view(shown, cites, sources, reading=reading))
    return out


def _quote_reading(picker: SentencePicker, section: str, quote: str, reading: str) -> str:
    """A fact's quote in the reading that leads: the readings of the units it is made of, joined."""
    if reading == "official":
        return ""
    wanted = collapse_whitespace(quote)
    parts = []
    for unit in picker.units_of(section):
        text = collapse_whitespace(plain_text(unit.text))
        if wanted in text or (len(text) > 12 and text in wanted):
            r = picker.quoted(unit)
            parts.append(_reading_line(r.en if reading == "en" else r.plain))
    return " ".join(p for p in parts if p)


def fact_view(
    fact: Fact,
    lang: str,
    cites: CitationList,
    audience: str,
    *,
    picker: SentencePicker,
    reading: str,
    codes: bool,
    shown: set[str] | None = None,
) -> dict[str, Any]:
    """A fact for the template: label, days, codes (when shown), entries and its quotes with their readings.

    ``shown`` holds the (whitespace-collapsed) texts the answer quotes already: a quote another
    fact or passage of the same answer shows is cited, not quoted again; the set is updated.
    """
    shown = set() if shown is None else shown
    data = fact.data
    # Verbatim lists of the fact, whatever the data calls them (items, situations, members).
    items = [str(i) for key in ("items", "situations", "members") for i in data.get(key, ())]
    item_set = {" ".join(i.split()) for i in items}
    # A list that a passage of the same answer shows whole, under its own lead-in ("Første fremmøte
    # kan være: a) … eller b) …"), is shown there, once.
    listed = {_LIST_ITEM_FRAME.sub("", t) for t in shown}
    if items and all(said_already(collapse_whitespace(i), listed) for i in items):
        items = []
    quotes = []
    for c in fact.citations:
        n = cites.section_quote(c.section, c.quote)
        # A quote that only strings the list items together is shown as the list instead.
        if items and " ".join(c.quote.split()) == " ".join(" ".join(items).split()):
            continue
        if " ".join(c.quote.split()) in item_set:
            continue
        if not codes and _CODE.search(c.quote):
            continue  # a code row, for a reader who did not ask about codes
        key = collapse_whitespace(c.quote)
        if said_already(key, shown):
            continue  # quoted once in this answer already (the same row stands in two sections,
            # word for word or nearly: "ved utredende avdeling" / "utredende avdeling")
        shown.add(key)
        quotes.append({"text": c.quote, "n": n, "lead": _quote_reading(picker, c.section, c.quote, reading)})
    limit = 2 if audience == "doctor" else 3 if audience == "relative" else None
    if fact.kind == "code" and limit is not None:
        # A quote that says when the code is not used ("Koden skal ikke brukes hvis pasienten kun
        # henvises til en spesifikk undersøkelse …") is never cut: without it the code reads as
        # applying to the very case it excludes.
        quotes = quotes[:limit] + [q for q in quotes[limit:] if NEGATIONS & set(words(q["text"]))]
    leads = [
        next((r for s in fact.sections if (r := _quote_reading(picker, s, i, reading))), "") for i in items
    ]
    # An entry that is part of a sentence ("Alder" and "tidligere MGUS" of the risk-factor
    # sentence) has that sentence's reading, which a quote above or the entry before gives
    # already: it is said once, and the list under it keeps the guideline's own words.
    said = {q["lead"] for q in quotes if q["lead"]}
    plain_entries = []
    for item, lead in zip(items, leads, strict=True):
        if lead in said:
            continue
        if lead:
            said.add(lead)
        plain_entries.append(lead or item)
    label = fact.label(lang)
    if not codes and fact.kind == "code":
        label = str(data.get("description", label))
    return {
        "label": label,
        "n": quotes[0]["n"]
        if quotes
        else cites.section_quote(fact.citations[0].section, fact.citations[0].quote),
        "days": data.get("days"),
        "from_codes": list(data.get("from_codes", ())) if codes else [],
        "to_codes": list(data.get("to_codes", ())) if codes else [],
        "when": data.get("when_en" if lang == "en" else "when_nb"),
        "entries": items,
        "plain_entries": plain_entries if any(leads) else [],  # in the reader's reading, where it has one
        "quotes": quotes,
        "reading": reading,
    }
