"""The same question gets the same answer in every process: nothing the answers decide may follow
the order in which Python happens to iterate a set of strings, which changes with each process's
string hashing (PYTHONHASHSEED). A word a typo away from the guideline's vocabulary was once
known in one process and unknown in the next (the scope's fuzzy match kept the first five
candidates by shared trigrams, ties in set order), so one question was answered or refused by
chance."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT

SEEDS = ("0", "4", "7")

# Every third word of six letters or more of the two word lists (everyday and dictionary words,
# about 12,000): words the guideline mostly does not use, each with many candidates a few shared
# trigrams away. Before the fix, "forhandling" and "utformingen" were judged otherwise by seeds 0 and 4.
PROBE = """
import json
from guideline.answers.scope import load_scope
from guideline.text import lexicon
scope = load_scope("myelomatose")
listed = lexicon.WORD_FILE.read_text().split() + lexicon.DICTIONARY_FILE.read_text().split()
words = sorted({w for w in listed if len(w) >= 6 and w.isalpha()})[::3]
print(json.dumps({w: scope.knows(w) for w in words}))
"""


def _known_in_a_process(seed: str) -> dict[str, bool]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_which_typos_the_guideline_knows_does_not_depend_on_string_hashing():
    first, *others = (_known_in_a_process(s) for s in SEEDS)
    assert len(first) > 10_000
    for seed, known in zip(SEEDS[1:], others, strict=True):
        differ = sorted(w for w in first if known[w] != first[w])
        assert differ == [], f"PYTHONHASHSEED={seed} judges otherwise: {differ[:10]}"
