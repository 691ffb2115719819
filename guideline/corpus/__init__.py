"""Corpus: the guideline as structured data — sections with stable ids, units and chunks.

A unit is a sentence, list item or table row; a chunk is a run of one section's units, sized
for the embedding model. Imports ``text``, ``pathways`` and ``errors`` only.
"""

from .document import Guideline, Section, load_guideline, plain_text

__all__ = ["Guideline", "Section", "load_guideline", "plain_text"]
