"""Answer wording: jinja2 templates under ``prompts/``, one per audience × kind, StrictUndefined.

Every value a template prints passes through ``md_escape`` (the environment's ``finalize``),
so neither the user's words nor guideline text can inject Markdown or HTML. Pieces that are
already safe Markdown (a rendered sub-template) are wrapped in ``Markup`` and pass unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

AUDIENCES = ("doctor", "coordinator", "relative")
KINDS = ("rule", "search", "out_of_scope")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$!{}&])")


def prompts_dir() -> Path:
    """``prompts/`` at the project root."""
    return Path(__file__).resolve().parents[2] / "prompts"


def md_escape(value: Any) -> Any:
    """Text made inert for Markdown: one line, every Markdown/HTML special character backslash-escaped."""
    if value is None or isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


@lru_cache(maxsize=4)
def environment(folder: str | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        finalize=md_escape,
        autoescape=False,  # Markdown, not HTML: md_escape does the escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["md"] = md_escape
    # Output of a macro was escaped inside the macro already; these mark it as final.
    env.filters["safe_marker"] = Markup
    env.filters["safe_text"] = Markup
    return env


@lru_cache(maxsize=4)
def plain_environment(folder: str | None = None) -> jinja2.Environment:
    """For terminal text (``*.txt.j2``): no Markdown, so nothing to escape."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """Render one template; blank-line runs collapsed so answers look the same whatever branches ran."""
    env = plain_environment() if template.endswith(".txt.j2") else environment()
    text = env.get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def answer_template(audience: str, kind: str) -> str:
    return f"{audience}/{kind}.md.j2"
