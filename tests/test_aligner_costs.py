"""One cost model behind every search path of the aligner.

:mod:`termalign.aligner.costs` defines the length cost, the lexical term, the bead prior and the omission cost
once. Two places inline a term for speed — the 1-1 cells of :meth:`TextPair.row_cells` (the band's hottest
loop) and the fast programme's merges (which split the lexical term to drop a losing merge early) — so these
tests hold them to :mod:`costs` on random texts and random parameters: cell for cell, and path cost for path
cost against the generic programme, which prices every bead with :meth:`TextPair.bead_cost`.
"""

from __future__ import annotations

import math
import random

import pytest

from termalign.aligner.anchors import Featurizer
from termalign.aligner.costs import (
    CROSS_MERGE_COST,
    Params,
    length_cost,
    length_probability,
    lexical_cost,
    omission_cost,
    prior,
)
from termalign.aligner.pair import TextPair
from termalign.aligner.search import dp
from termalign.model import Segment

WORDS = [("kidney", "ginjal"), ("stone", "batu"), ("doctor", "dokter"), ("water", "air"), ("pain", "nyeri"),
         ("blood", "darah"), ("Jakarta", "Jakarta"), ("calcium", "kalsium"), ("2019", "2019"), ("x-ray", "rontgen")]
FILLER_EN = ["the", "a", "very", "and", "often", "in", "this", "big", "small", "old"]
FILLER_ID = ["itu", "sangat", "dan", "sering", "dalam", "ini", "yang", "besar", "kecil", "lama"]
FURNITURE = ("Share this article", "Bagikan artikel ini", "Read more", "Baca juga")


def random_pair(rng: random.Random, n: int, max_bead: int) -> TextPair:
    """Two short random texts that share some anchors, with paragraph breaks and page furniture on both sides."""
    src: list[Segment] = []
    tgt: list[Segment] = []
    para_s = para_t = 0
    for _ in range(n):
        picked = rng.sample(WORDS, rng.randint(0, 3))
        fill = rng.randint(0, 12)
        en = " ".join([*(w for w, _ in picked), *rng.choices(FILLER_EN, k=fill)]) or "Yes"
        idn = " ".join([*(w for _, w in picked), *rng.choices(FILLER_ID, k=fill + rng.randint(-1, 3))]) or "Ya"
        roll = rng.random()
        if roll < 0.1:
            en = rng.choice(FURNITURE)
        elif roll < 0.2:
            idn = rng.choice(FURNITURE)
        para_s += rng.random() < 0.15
        para_t += rng.random() < 0.15
        split = rng.random()  # one side says it in two sentences (a 1-2 or 2-1 bead)
        for side, text, para, cut in ((src, en, para_s, split < 0.15), (tgt, idn, para_t, 0.15 <= split < 0.3)):
            words = text.split()
            if cut and len(words) >= 4:
                half = len(words) // 2
                side.append(Segment(" ".join(words[:half]) + ".", len(side), para))
                side.append(Segment(" ".join(words[half:]) + ".", len(side), para + (rng.random() < 0.2)))
            elif rng.random() > 0.08:
                side.append(Segment(text + ".", len(side), para))
    feats_s = [Featurizer("en", "source", None).features(s.text) for s in src]
    feats_t = [Featurizer("id", "target", None).features(t.text) for t in tgt]
    return TextPair(src, tgt, feats_s, feats_t, max_bead)


def random_params(rng: random.Random) -> Params:
    return Params(
        ratio=rng.uniform(0.5, 2.0),
        variance=rng.uniform(3.0, 30.0),
        omission_cost=rng.uniform(0.5, 8.0),
        merge_cost=rng.uniform(0.5, 4.0),
        paragraph_penalty=rng.uniform(0.0, 4.0),
    )


@pytest.mark.parametrize("seed", range(6))
def test_row_cells_price_a_1_1_bead_exactly_as_the_cost_functions(seed: int) -> None:
    rng = random.Random(seed)
    pair = random_pair(rng, 30, 2)
    params = random_params(rng)
    checked = 0
    for s in range(pair.n):
        t_lo, sm, tm, ps, pt, c11 = pair.row_cells(s, 0, pair.m - 1, params)
        for off, cost in enumerate(c11):
            t = t_lo + off
            ls = pair.len_s[s + 1] - pair.len_s[s]
            lt = pair.len_t[t + 1] - pair.len_t[t]
            matched = min(ps[off], pt[off])
            want = length_cost(ls, lt, params.ratio, params.variance) + lexical_cost(
                pair.cnt_s[s] + pair.cnt_t[t], matched, params.match_gain, params.miss_cost
            )
            if pair.boiler_s[s] != pair.boiler_t[t]:
                want += params.omission_cost
            assert cost == want, (s, t)
            assert (ps[off], pt[off]) == (sm[off].bit_count(), tm[off].bit_count())
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("seed", range(8))
def test_fast_and_generic_programmes_price_paths_with_the_same_costs(seed: int) -> None:
    """Over the whole space (no band), the fast programme's best path costs what the generic one's does, and
    each path costs the sum of :meth:`TextPair.bead_cost` over its beads: the fast path's unrolled merges (prior,
    length, split lexical term, orphans, paragraph breaks, furniture) agree with the cost functions."""
    rng = random.Random(100 + seed)
    pair = random_pair(rng, 40, 2)
    params = random_params(rng)
    lo = [0] * (pair.n + 1)
    hi = [pair.m] * (pair.n + 1)
    fast_path, fast_cost = dp(pair, lo, hi, params, None)
    slow_path, slow_cost = dp(pair, lo, hi, params, None, generic=True)
    assert math.isclose(fast_cost, slow_cost, rel_tol=1e-12, abs_tol=1e-9)
    for path, cost in ((fast_path, fast_cost), (slow_path, slow_cost)):
        priced = sum(pair.bead_cost(i0, j0, a, b, params) for i0, j0, a, b in path)
        assert math.isclose(priced, cost, rel_tol=1e-12, abs_tol=1e-9)
    assert {(a, b) for _i, _j, a, b in fast_path} - {(1, 1), (1, 0), (0, 1)}  # some merge was chosen


def test_the_fast_programme_finds_merges_priced_like_bead_cost() -> None:
    """Costs made so that merges win often: every merge of the fast path costs what bead_cost says."""
    rng = random.Random(7)
    for _ in range(5):
        pair = random_pair(rng, 40, 2)
        params = Params(ratio=1.1, variance=6.8, omission_cost=8.0, merge_cost=0.5, paragraph_penalty=rng.random())
        lo = [0] * (pair.n + 1)
        hi = [pair.m] * (pair.n + 1)
        fast_path, fast_cost = dp(pair, lo, hi, params, None)
        _slow_path, slow_cost = dp(pair, lo, hi, params, None, generic=True)
        assert math.isclose(fast_cost, slow_cost, rel_tol=1e-12, abs_tol=1e-9)
        assert {(2, 1), (1, 2)} & {(a, b) for _i, _j, a, b in fast_path}


def test_cost_functions() -> None:
    assert prior(1, 1, 4.0) == 0.0
    assert prior(2, 1, 4.0) == prior(1, 2, 4.0) == 4.0
    assert prior(2, 2, 4.0) == 8.0 + CROSS_MERGE_COST
    # A length difference right on the ratio is certain; one far off costs more, capped where p underflows.
    assert length_probability(100, 110, 1.1, 6.8) == pytest.approx(1.0)
    assert length_cost(100, 110, 1.1, 6.8) == pytest.approx(0.0, abs=1e-12)
    assert 0.0 < length_cost(100, 130, 1.1, 6.8) < length_cost(100, 160, 1.1, 6.8) < 690.0
    assert length_cost(1, 100_000, 1.1, 6.8) == 690.0
    # Each matched anchor lowers the lexical cost; unmatched tokens raise it.
    gain, miss = math.log(0.43 / 0.058), math.log((1 - 0.058) / (1 - 0.43))
    assert lexical_cost(4, 2, gain, miss) < lexical_cost(4, 1, gain, miss) < lexical_cost(4, 0, gain, miss)
    assert lexical_cost(0, 0, gain, miss) == 0.0
    params = Params(1.1, 6.8, 5.0, 4.0, 2.0)
    assert omission_cost(False, params) == 5.0
    assert omission_cost(True, params) == pytest.approx(1.5)
