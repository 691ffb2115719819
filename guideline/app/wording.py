"""The app's wording: UI strings and example questions from ``prompts/``, badges, the source line, error lines.

Everything a person reads that is not guideline text or an answer comes from
``prompts/ui.toml`` (one table per language) and ``prompts/examples.toml``.
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

DEFAULT_LANG = "nb"


@lru_cache(maxsize=8)
def strings(lang: str = DEFAULT_LANG) -> Mapping[str, Any]:
    """The UI wording for ``lang``: ``[nb]`` of prompts/ui.toml overlaid with the language's own keys."""
    data = tomllib.loads((prompts_dir() / "ui.toml").read_text(encoding="utf-8"))
    merged = dict(data[DEFAULT_LANG])
    for key, value in data.get(lang, {}).items():
        merged[key] = {**merged[key], **value} if isinstance(value, dict) else value
    return merged


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """One UI string with its {placeholders} filled."""
    return str(strings(lang)[key]).format(**values)


def audience_label(audience: str, lang: str = DEFAULT_LANG) -> str:
    """ "Lege" for "doctor" and so on; the audience ids are render.AUDIENCES."""
    return strings(lang)["audiences"][audience]


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


def source_markdown(guideline: Guideline, lang: str = DEFAULT_LANG) -> str:
    """The sidebar's source block: title, publisher and version, each escaped."""
    return (
        f"**{md_escape(guideline.title)}**  \n"
        f"{md_escape(text('publisher_label', lang))}: {md_escape(guideline.publisher)}  \n"
        f"{md_escape(text('version_label', lang))}: {md_escape(guideline.version_date)}"
    )


def error_line(exc: BaseException, lang: str = DEFAULT_LANG) -> str:
    """The one line shown for an exception: its message for our errors, only its type for others."""
    message = " ".join(str(exc).split())
    if isinstance(exc, BadInput):
        return text("error_bad_input", lang, message=message)
    if isinstance(exc, GuidelineError):
        return text("error_guideline", lang, message=message)
    return text("error_unexpected", lang, name=type(exc).__name__)
