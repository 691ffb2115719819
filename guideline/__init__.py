"""Forløpsveileder: grounded answers over Norwegian cancer pathway guidelines."""

__version__ = "0.1.0"
