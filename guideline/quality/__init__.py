"""Quality: measuring what the stages below deliver — retrieval eval, answer eval, benchmarks, readability.

Numbers are printed, never asserted. May import every stage except ``app``; nothing imports it
but the CLI.
"""
