"""Named exceptions of the package. The library raises; the CLI and the app turn them into one line."""

from __future__ import annotations


class GuidelineError(Exception):
    """Base class: every error the package raises on purpose."""


class NotFound(GuidelineError):
    """A section, chunk or pathway id that does not exist."""


class BadInput(GuidelineError):
    """User input that cannot be answered as given (empty, too long, control characters only)."""


class BadDate(BadInput):
    """A date that cannot be read or does not exist (31.02.2026)."""


class IndexMissing(GuidelineError):
    """No built index where one was expected."""


class StaleIndex(GuidelineError):
    """The built index no longer matches the guideline, the model or the chunker."""


class DamagedIndex(GuidelineError):
    """The built index files are unreadable or inconsistent with each other."""


class ModelUnavailable(GuidelineError):
    """The embedding model cannot be loaded (wrong name or path, no network for a hub model)."""


class BadFacts(GuidelineError):
    """A pathway's facts.toml that does not hold: unknown section, a quote not in the guideline, bad schema."""
