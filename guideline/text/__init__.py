"""Text: how people type, made comparable with how the guideline is written.

Normalisation and folding, stems, compound splitting, language detection, everyday words,
the thesaurus (lay and English words → the guideline's words) and the checks on what a user
types. Imports only ``errors`` and ``pathways`` (for the thesaurus data).
"""
