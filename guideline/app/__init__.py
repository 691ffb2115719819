"""App: what the Streamlit page (``app.py``) shows, as plain data and Markdown testable without a browser.

Wording from ``prompts/ui.toml``, citations with highlighted quotes, the pathway clock's table
and timeline, the flowchart drawn from the facts. May import ``answers`` and everything below;
only ``app.py`` imports it.
"""

from ..answers.render import AUDIENCES, KINDS, md_escape, prompts_dir
from ..corpus.document import load_guideline
from ..rules.dates import MAX_YEAR, MIN_YEAR
from ..search.embedder import DEFAULT_MODEL
from ..text.inputs import MAX_QUESTION_CHARS
from .chat import Turn, ask
from .clock_view import (
    COLUMNS,
    STATUS_COLORS,
    ClockView,
    DateField,
    clock_fields,
    clock_view,
    column_headings,
    status_text,
    table_rows,
    timeline_chart,
    timeline_data,
    treatment_options,
)
from .display import (
    HIGHLIGHT,
    CitationItem,
    citation_items,
    highlight,
    inert_line,
    quote_spans,
    user_markdown,
)
from .flowchart import pathway_dot
from .wording import (
    DEFAULT_LANG,
    Badge,
    audience_label,
    error_line,
    examples,
    kind_badge,
    source_markdown,
    strings,
    text,
)

__all__ = [
    "AUDIENCES",
    "COLUMNS",
    "DEFAULT_LANG",
    "DEFAULT_MODEL",
    "HIGHLIGHT",
    "KINDS",
    "MAX_QUESTION_CHARS",
    "MAX_YEAR",
    "MIN_YEAR",
    "STATUS_COLORS",
    "Badge",
    "CitationItem",
    "ClockView",
    "DateField",
    "Turn",
    "ask",
    "audience_label",
    "citation_items",
    "clock_fields",
    "clock_view",
    "column_headings",
    "error_line",
    "examples",
    "highlight",
    "inert_line",
    "kind_badge",
    "load_guideline",
    "md_escape",
    "pathway_dot",
    "prompts_dir",
    "quote_spans",
    "source_markdown",
    "status_text",
    "strings",
    "table_rows",
    "text",
    "timeline_chart",
    "timeline_data",
    "treatment_options",
    "user_markdown",
]
