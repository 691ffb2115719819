"""Named exceptions of the package. The library raises; the CLI and the app turn them into one line."""

from __future__ import annotations


class GuidelineError(Exception):
    """Base class: every error the package raises on purpose."""


class NotFound(GuidelineError):
    """A section, chunk or pathway id that does not exist."""


class BadInput(GuidelineError):
    """User input that cannot be answered as given (empty, too long, control characters only).

    ``str(exc)`` is the message as raised (English for the CLI, unless the input's own language
    decided it); ``in_lang("nb")`` gives the Norwegian wording where the raiser supplied one,
    so a page in one language shows its error lines in that language too.
    """

    def __init__(self, message: str, *, nb: str | None = None, en: str | None = None) -> None:
        super().__init__(message)
        self._wording = {"nb": nb, "en": en}

    def in_lang(self, lang: str) -> str:
        """The message in ``lang`` when one was given for it, else the message as raised."""
        return self._wording.get(lang) or str(self)


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
