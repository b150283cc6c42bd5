"""Seeded noise for parallel text: turn line-aligned sentence lists into a realistic document pair plus gold beads.

Real translated documents are not line-parallel: translators drop sentences, join two into one and cut long
ones in two. Gale–Church style aligners score well on clean 1-1 data and lose most of their points on exactly
these cases, so the alignment benchmark measures both. Starting from ``source[i] ↔ target[i]`` this module
applies, on one randomly chosen side each time:

- **omissions**: a sentence is dropped, so its counterpart is left alone (gold bead 1-0 or 0-1);
- **merges**: two consecutive sentences are joined into one (gold bead 2-1 or 1-2);
- **splits**: one sentence is cut at a clause boundary near its middle (gold bead 1-2 or 2-1).

Rates are shares of the original pairs (a 5% merge rate on 1,000 pairs makes 50 merges, involving 100 pairs).
Operations never overlap: each original pair takes part in at most one. Everything is driven by
``random.Random(seed)``, so the same input and seed always give the same output.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

#: The research's setting (``/work/shared/research/NOTES.md``): 5% omissions, 5% merges, 2% splits.
DEFAULT_OMISSION_RATE = 0.05
DEFAULT_MERGE_RATE = 0.05
DEFAULT_SPLIT_RATE = 0.02

#: A gold or predicted bead: 0-based source indices, 0-based target indices (either may be empty).
BeadIdx = tuple[tuple[int, ...], tuple[int, ...]]

# Clause boundaries to cut at, best first: the cut goes after the punctuation and its space.
_CLAUSE_BREAK = re.compile(r"[,;:](?=\s+\S)|\s[–—-](?=\s+\S)")
_SENTENCE_END = ".!?…\"'”’)"
# The split makes each part a sentence of its own: no dangling comma, a capital to start.
_TRAILING_JOINER = re.compile(r"[\s,;:–—-]+$")

SIDES = ("source", "target")


@dataclass
class NoisyPair:
    """A noisy document pair and the beads that align it correctly.

    ``gold`` covers every sentence of both sides exactly once, in order. ``unpaired`` lists the sentences
    left without a counterpart by an omission, as ``(side, index)`` with side ``"source"`` or ``"target"``.
    ``counts`` says how many omissions, merges and splits were actually applied (splits need a sentence
    long enough to cut, so a tiny input may get fewer than asked for).
    """

    source: list[str]
    target: list[str]
    gold: list[BeadIdx]
    unpaired: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def natural_gold(n: int) -> list[BeadIdx]:
    """Gold beads of an untouched line-parallel pair of ``n`` sentences: all 1-1."""
    return [((i,), (i,)) for i in range(n)]


def split_point(sentence: str, min_words: int = 2) -> int | None:
    """Where to cut ``sentence`` in two: the character offset where the second part starts, or None.

    Prefers a clause boundary (comma, semicolon, colon, dash) nearest the middle; falls back to the space
    nearest the middle. Both parts must keep at least ``min_words`` words and a fifth of the characters, so a
    split never produces a one-word fragment that no aligner could be blamed for missing.
    """
    text = sentence.rstrip()
    n = len(text)
    if n < 10:
        return None

    def ok(cut: int) -> bool:
        first, second = text[:cut].strip(), text[cut:].strip()
        return (
            len(first.split()) >= min_words
            and len(second.split()) >= min_words
            and min(len(first), len(second)) >= n / 5
        )

    middle = n / 2
    clause_cuts = []
    for m in _CLAUSE_BREAK.finditer(text):
        cut = m.end()
        while cut < n and text[cut].isspace():
            cut += 1
        clause_cuts.append(cut)
    space_cuts = [m.end() for m in re.finditer(r"\s+", text)]
    for candidates in (clause_cuts, space_cuts):
        good = [c for c in candidates if ok(c)]
        if good:
            return min(good, key=lambda c: (abs(c - middle), c))
    return None


def split_sentence(sentence: str, cut: int) -> tuple[str, str]:
    """Cut ``sentence`` at ``cut`` into two sentences (terminal full stop added, second part capitalised)."""
    first = _TRAILING_JOINER.sub("", sentence[:cut])
    if first and first[-1] not in _SENTENCE_END:
        first += "."
    second = sentence[cut:].strip()
    if second:
        second = second[0].upper() + second[1:]
    return first, second


def merge_sentences(first: str, second: str) -> str:
    """Join two consecutive sentences into one line, as a translator merging them would leave it."""
    return f"{first.rstrip()} {second.lstrip()}"


def inject_noise(
    source: Sequence[str],
    target: Sequence[str],
    *,
    omission_rate: float = DEFAULT_OMISSION_RATE,
    merge_rate: float = DEFAULT_MERGE_RATE,
    split_rate: float = DEFAULT_SPLIT_RATE,
    seed: int = 0,
) -> NoisyPair:
    """Apply seeded omissions, merges and splits to the line-parallel pair ``source[i] ↔ target[i]``.

    Returns the noisy pair with its gold beads. Raises ``ValueError`` when the sides differ in length or a
    rate is outside [0, 1] or the rates together ask for more pairs than there are.
    """
    if len(source) != len(target):
        raise ValueError(f"sides differ in length: {len(source)} source vs {len(target)} target lines")
    for name, rate in (("omission", omission_rate), ("merge", merge_rate), ("split", split_rate)):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} rate must be in [0, 1], got {rate}")
    n = len(source)
    want = {"merge": round(n * merge_rate), "omit": round(n * omission_rate), "split": round(n * split_rate)}
    if 2 * want["merge"] + want["omit"] + want["split"] > n:
        raise ValueError("noise rates ask for more sentence pairs than the input has")

    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    # op[i]: what happens to original pair i: (kind, side, extra)
    ops: list[tuple[str, str, int] | None] = [None] * n
    done = {"merge": 0, "omit": 0, "split": 0}

    for i in order:  # merges first: they need two free neighbours
        if done["merge"] == want["merge"]:
            break
        if ops[i] is None and i + 1 < n and ops[i + 1] is None:
            side = rng.choice(SIDES)
            ops[i], ops[i + 1] = ("merge", side, 0), ("merged", side, 0)
            done["merge"] += 1
    for i in order:
        if done["omit"] == want["omit"]:
            break
        if ops[i] is None:
            ops[i] = ("omit", rng.choice(SIDES), 0)  # side = where the sentence is dropped
            done["omit"] += 1
    for i in order:
        if done["split"] == want["split"]:
            break
        if ops[i] is None:
            side = rng.choice(SIDES)
            for s in (side, SIDES[1 - SIDES.index(side)]):
                cut = split_point(source[i] if s == "source" else target[i])
                if cut is not None:
                    ops[i] = ("split", s, cut)
                    done["split"] += 1
                    break

    src_out: list[str] = []
    tgt_out: list[str] = []
    gold: list[BeadIdx] = []
    unpaired: list[tuple[str, int]] = []

    def put(side_list: list[str], texts: Sequence[str]) -> tuple[int, ...]:
        start = len(side_list)
        side_list.extend(texts)
        return tuple(range(start, len(side_list)))

    for i in range(n):
        op = ops[i]
        if op is None:
            gold.append((put(src_out, [source[i]]), put(tgt_out, [target[i]])))
            continue
        kind, side, extra = op
        if kind == "merged":
            continue  # consumed by the merge at i - 1
        if kind == "omit":
            if side == "target":  # target sentence dropped: the source one stays alone
                idx = put(src_out, [source[i]])
                gold.append((idx, ()))
                unpaired.append(("source", idx[0]))
            else:
                idx = put(tgt_out, [target[i]])
                gold.append(((), idx))
                unpaired.append(("target", idx[0]))
        elif kind == "merge":
            pair_src = [source[i], source[i + 1]]
            pair_tgt = [target[i], target[i + 1]]
            if side == "source":
                gold.append((put(src_out, [merge_sentences(*pair_src)]), put(tgt_out, pair_tgt)))
            else:
                gold.append((put(src_out, pair_src), put(tgt_out, [merge_sentences(*pair_tgt)])))
        else:  # split
            if side == "source":
                gold.append((put(src_out, split_sentence(source[i], extra)), put(tgt_out, [target[i]])))
            else:
                gold.append((put(src_out, [source[i]]), put(tgt_out, split_sentence(target[i], extra))))

    counts = {"pairs": n, "omissions": done["omit"], "merges": done["merge"], "splits": done["split"]}
    return NoisyPair(src_out, tgt_out, gold, unpaired, counts)
