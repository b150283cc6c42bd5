"""The aligner's search on long and degenerate input: exact shortcuts, and a band that does not grow with the text.

The fast dynamic programme (``max_bead`` 2) skips the length cost of merges that cannot win and computes each
row's lexical cells only while the search needs them; the band's first guess follows the length diagonal only
near the paths the anchors allow. None of this may change which beads come out.
"""

from __future__ import annotations

import importlib
import random

import pytest

from termalign.aligner import DEFAULT_BAND, align_segments
from termalign.aligner.pair import TextPair

search_module = importlib.import_module("termalign.aligner.search")

EN = [("kidney", "ginjal"), ("doctor", "dokter"), ("patient", "pasien"), ("water", "air"), ("heart", "jantung"),
      ("bone", "tulang"), ("skin", "kulit"), ("fever", "demam"), ("hospital", "rumah sakit"), ("blood", "darah")]
FILLER_EN = ["the", "is", "very", "and", "often", "in", "this", "case"]
FILLER_ID = ["itu", "sangat", "dan", "sering", "dalam", "kasus", "ini", "yang"]


def noisy_pair(seed: int, n: int) -> tuple[list[str], list[str]]:
    """``n`` sentence pairs sharing a few words (and numbers), with omissions and merges on either side."""
    rng = random.Random(seed)
    src: list[str] = []
    tgt: list[str] = []
    for k in range(n):
        words = rng.sample(EN, 2)
        filler = rng.randint(2, 9)
        e = " ".join([words[0][0], *rng.choices(FILLER_EN, k=filler), words[1][0]]) + f" {k * 7}."
        i = " ".join([words[0][1], *rng.choices(FILLER_ID, k=filler + 1), words[1][1]]) + f" {k * 7}."
        roll = rng.random()
        if roll < 0.05:
            src.append(e)  # the translator dropped it
        elif roll < 0.10:
            tgt.append(i)  # the target added it
        elif roll < 0.15 and src:
            src[-1] += " " + e  # merged on the source side
            tgt.append(i)
        elif roll < 0.20 and tgt:
            src.append(e)
            tgt[-1] += " " + i  # merged on the target side
        else:
            src.append(e)
            tgt.append(i)
    return src, tgt


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_search_finds_the_same_path_as_the_generic_one(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search pass of the fast programme returns exactly the path of the shape-by-shape one."""
    original = search_module.dp
    compared = []

    def both(pair, lo, hi, params, progress, generic=False):  # type: ignore[no-untyped-def]
        fast = original(pair, lo, hi, params, progress)
        slow = original(pair, lo, hi, params, progress, generic=True)
        assert fast[0] == slow[0]
        compared.append(len(fast[0]))
        return fast

    monkeypatch.setattr(search_module, "dp", both)
    src, tgt = noisy_pair(seed, 300)
    result = align_segments(src, tgt, dictionary="none", band=2)
    assert compared and result.stats["beads"] == compared[-1]
    assert {"1-0", "0-1", "2-1", "1-2"} <= {b.kind for b in result.beads}  # the merges and omissions were searched


def test_cells_outside_the_search_window_match_those_inside() -> None:
    """A cell computed alone (for a bead's evidence) equals the same cell computed with its whole row."""
    src, tgt = noisy_pair(7, 120)
    seen = []
    original = TextPair.row_cells

    def spy(self, s, t_lo, t_hi, params):  # type: ignore[no-untyped-def]
        cells = original(self, s, t_lo, t_hi, params)
        if t_hi > t_lo:
            for t in range(t_lo, t_hi + 1):
                self.window.pop(s, None)
                single = self.cell(s, t, params)
                off = t - t_lo
                seen.append(single == (cells[1][off], cells[2][off], cells[5][off]))
        return cells

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(TextPair, "row_cells", spy)
        align_segments(src, tgt, dictionary="none")
    assert seen and all(seen)


@pytest.mark.slow
def test_band_stays_narrow_without_anchors() -> None:
    """One-word lines (every word repeats, so nothing anchors), long words in the first half of the source and
    short ones in the second: the length diagonal strays hundreds of lines from the index diagonal, and the
    first band must not cover all of the space between them (it did: 200,000 such lines took 1.3 GB)."""
    rng = random.Random(3)
    long_words, short_words = ["hospital", "patient", "dangerous", "important"], ["air", "vein", "eye", "bone"]
    n = 3000
    src = [rng.choice(long_words if k < n // 2 else short_words) for k in range(n)]
    tgt = [rng.choice(long_words + short_words) for _ in range(n)]
    first: list[float] = []
    original = search_module.dp

    def count(pair, lo, hi, params, progress, generic=False):  # type: ignore[no-untyped-def]
        if not first:
            first.append(sum(h - low + 1 for low, h in zip(lo, hi, strict=True)) / (pair.n + 1))
        return original(pair, lo, hi, params, progress, generic)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search_module, "dp", count)
        result = align_segments(src, tgt, dictionary="none", source_lang="xx", target_lang="yy")
    band = DEFAULT_BAND
    assert result.stats["anchor_points"] == 0
    assert first[0] <= 3 * (2 * band + 1), first  # a fixed width, not the distance between the diagonals
