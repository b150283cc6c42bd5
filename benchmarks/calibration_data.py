"""Labelled beads for calibrating termalign's bead scores and its parallel/not-parallel verdict.

The TED test sets (read in memory, never copied) are cut into pseudo-documents of ``DOC_LINES`` consecutive
line pairs. For each document three pairs are aligned with termalign on the given sentences:

* ``natural`` — the document as it is (gold: every line i ↔ line i);
* ``noisy`` — omissions, merges and splits injected by :func:`benchmarks.noise.inject_noise` (gold known);
* ``unrelated`` — its English side against the Indonesian side of another document of the same set (gold:
  nothing links; a right alignment leaves every sentence unlinked).

Every bead the aligner outputs is labelled right (it is one of the gold beads) or wrong. The split is by set:
``dev`` (tst2010, tst2011) is what a calibration may be fitted on; ``test`` (tst2013, tst2014) is only
reported on.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import load_ted
from benchmarks.noise import inject_noise

DOC_LINES = 40
SPLITS = {"dev": ("tst2010", "tst2011"), "test": ("tst2013", "tst2014")}


@dataclass(frozen=True)
class Case:
    """One aligned document pair with its gold beads."""

    split: str
    kind: str  # natural | noisy | unrelated
    name: str
    source: list[str]
    target: list[str]
    gold: frozenset[tuple[tuple[int, ...], tuple[int, ...]]]
    size: int = 0  # line pairs of the document before noise


def _nulls(n_src: int, n_tgt: int) -> frozenset[tuple[tuple[int, ...], tuple[int, ...]]]:
    return frozenset([((i,), ()) for i in range(n_src)] + [((), (j,)) for j in range(n_tgt)])


def cases(split: str, doc_lines: int = DOC_LINES, seed: int = 13) -> Iterator[Case]:
    """Every case of ``split`` with documents of ``doc_lines`` line pairs, deterministic."""
    rng = random.Random(f"{seed}:{doc_lines}")
    for doc in load_ted():
        if doc.name not in SPLITS[split]:
            continue
        chunks = [(doc.source[i:i + doc_lines], doc.target[i:i + doc_lines])
                  for i in range(0, len(doc.source) - doc_lines + 1, doc_lines)]
        for k, (src, tgt) in enumerate(chunks):
            name = f"{doc.name}#{k}"
            yield Case(split, "natural", name, src, tgt, frozenset(((i,), (i,)) for i in range(len(src))), doc_lines)
            noisy = inject_noise(src, tgt, omission_rate=0.05, merge_rate=0.05, split_rate=0.02,
                                 seed=rng.randrange(1 << 30))
            yield Case(split, "noisy", name, noisy.source, noisy.target,
                       frozenset((tuple(a), tuple(b)) for a, b in noisy.gold), doc_lines)
            other = chunks[(k + 1 + rng.randrange(len(chunks) - 1)) % len(chunks)]
            yield Case(split, "unrelated", f"{name}~", src, other[1], _nulls(len(src), len(other[1])), doc_lines)
