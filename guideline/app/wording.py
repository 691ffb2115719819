"""The app's wording: UI strings and example questions from ``prompts/``, badges, the edition block, error lines.

Everything a person reads that is not guideline text or an answer comes from
``prompts/ui.toml`` (one complete table per language, ``LANGS``) and ``prompts/examples.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..answers.render import AUDIENCES, md_escape, prompts_dir
from ..corpus.document import Guideline
from ..errors import BadInput, GuidelineError
from ..pathways import pathway_dir

DEFAULT_LANG = "nb"
LANGS = ("nb", "en")  # the languages of the page; every key of ui.toml exists in each


@lru_cache(maxsize=1)
def _ui_data() -> Mapping[str, Any]:
    return tomllib.loads((prompts_dir() / "ui.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def strings(lang: str = DEFAULT_LANG) -> Mapping[str, Any]:
    """The UI wording for ``lang``: ``[nb]`` of prompts/ui.toml overlaid with the language's own keys."""
    data = _ui_data()
    merged = dict(data[DEFAULT_LANG])
    for key, value in data.get(lang, {}).items():
        merged[key] = {**merged[key], **value} if isinstance(value, dict) else value
    return merged


def page_lang(value: object) -> str:
    """A language of the page from anything (a query parameter, a widget value): one of LANGS, else nb."""
    return value if isinstance(value, str) and value in LANGS else DEFAULT_LANG


def lang_name(lang: str) -> str:
    """ "Norsk" for nb, "English" for en: each language named in itself."""
    return str(strings(lang)["lang_name"])


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """One UI string with its {placeholders} filled."""
    return str(strings(lang)[key]).format(**values)


def audience_label(audience: str, lang: str = DEFAULT_LANG) -> str:
    """ "Lege" for "doctor" and so on; the audience ids are render.AUDIENCES."""
    return strings(lang)["audiences"][audience]


def audience_in_text(audience: str, lang: str = DEFAULT_LANG) -> str:
    """The audience as a word inside a sentence: "lege", "pathway coordinator"."""
    return strings(lang)["audiences_in_text"][audience]


def data_value(value: str, lang: str = DEFAULT_LANG) -> str:
    """A Norwegian value from the data files ("ikke oppgitt i kildeteksten") as ``lang`` shows it."""
    return str(strings(lang).get("data_values", {}).get(value, value))


@dataclass(frozen=True)
class Badge:
    """How an answer kind is labelled: text, Streamlit badge colour and Material icon."""

    label: str
    color: str
    icon: str


def kind_badge(kind: str, lang: str = DEFAULT_LANG) -> Badge:
    """The badge of an answer kind ("rule", "search", "out_of_scope")."""
    b = strings(lang)["kinds"][kind]
    return Badge(b["label"], b["color"], b["icon"])


@lru_cache(maxsize=1)
def _examples() -> Mapping[str, Mapping[str, list[str]]]:
    return tomllib.loads((prompts_dir() / "examples.toml").read_text(encoding="utf-8"))


def examples(audience: str, lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """Example questions for an audience, in file order; empty if the language has none."""
    if audience not in AUDIENCES:
        raise BadInput(f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}")
    return tuple(_examples().get(lang, {}).get(audience, ()))


@dataclass(frozen=True)
class Edition:
    """What is known of the guideline's edition: source file, its hash, version and retrieval date.

    ``retrieved`` and ``url`` are what ``pathway.toml`` records (None when it records none);
    nothing is guessed.
    """

    title: str
    publisher: str
    source_file: str
    source_sha256: str
    version: str
    retrieved: str | None
    url: str | None


def edition(guideline: Guideline) -> Edition:
    """The edition facts of a guideline, read from its pathway.toml (``retrieved``, ``source_url`` if there)."""
    meta = tomllib.loads((pathway_dir(guideline.pathway) / "pathway.toml").read_text(encoding="utf-8"))
    retrieved = meta.get("retrieved") or meta.get("date_retrieved")
    url = meta.get("source_url")
    return Edition(
        title=guideline.title,
        publisher=guideline.publisher,
        source_file=guideline.source_file,
        source_sha256=guideline.source_sha256,
        version=guideline.version_date,
        retrieved=str(retrieved) if retrieved else None,
        url=str(url) if url else None,
    )


def pathway_url(ed: Edition, lang: str = DEFAULT_LANG) -> str:
    """The publisher's page for the pathway: pathway.toml's source_url, else the one in ui.toml."""
    return ed.url or text("pathway_url", lang)


def source_markdown(guideline: Guideline, lang: str = DEFAULT_LANG) -> str:
    """The edition block: title, publisher, version, source file, its SHA-256, retrieval date, link.

    Every value is escaped; the link is a Markdown link to the publisher's page for the pathway.
    """
    ed = edition(guideline)
    retrieved = ed.retrieved or text("retrieved_unknown", lang)
    url = pathway_url(ed, lang)
    return "  \n".join(
        [
            f"**{md_escape(ed.title)}**",
            f"{md_escape(text('publisher_label', lang))}: {md_escape(ed.publisher)}",
            f"{md_escape(text('version_label', lang))}: {md_escape(data_value(ed.version, lang))}",
            f"{md_escape(text('source_file_label', lang))}: {md_escape(ed.source_file)}",
            f"{md_escape(text('hash_label', lang))}: `{ed.source_sha256}`",
            f"{md_escape(text('retrieved_label', lang))}: {md_escape(retrieved)}",
            f"[{md_escape(text('source_link', lang, publisher=ed.publisher))}]({safe_url(url)})",
        ]
    )


def safe_url(url: str) -> str:
    """A URL fit for a Markdown link target: http(s) only, and the characters that end a target encoded."""
    url = url.strip()
    if not url.lower().startswith(("https://", "http://")):
        return ""
    return "".join(f"%{ord(c):02X}" if c in " ()<>\\\"'`" or ord(c) < 33 else c for c in url)


def error_line(exc: BaseException, lang: str = DEFAULT_LANG) -> str:
    """The one line shown for an exception, all in ``lang``: our errors' message, only the type for others.

    A BadInput gives its wording in ``lang`` where the raiser supplied one (``in_lang``).
    """
    if isinstance(exc, BadInput):
        message = " ".join(exc.in_lang(lang).split())
        return text("error_bad_input", lang, message=message)
    message = " ".join(str(exc).split())
    if isinstance(exc, GuidelineError):
        return text("error_guideline", lang, message=message)
    return text("error_unexpected", lang, name=type(exc).__name__)
