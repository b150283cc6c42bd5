"""The two texts as the search sees them: per-segment figures, anchor postings, lexical cells and bead costs.

:class:`TextPair` is built once per alignment from the segments and their anchor features
(:mod:`termalign.aligner.anchors`). It holds prefix sums of lengths, content-token counts, paragraph numbers and
page-furniture flags of each side, and the target postings (anchor key → segments holding it), from which
:meth:`TextPair.row_cells` computes the anchor bitmasks of a row of sentence pairs. :meth:`TextPair.bead_cost`
is the cost of any bead shape, built from :mod:`termalign.aligner.costs`.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

from termalign.aligner.anchors import SegmentFeatures
from termalign.aligner.costs import (
    LENGTH_COST_CAP,
    ORPHAN_COST,
    ORPHAN_MIN_TOKENS,
    Params,
    bead_types,
    is_boilerplate,
    length_cost,
    lexical_cost,
    prior,
)
from termalign.model import Segment

_SQRT2 = math.sqrt(2.0)
# One source row's lexical cells: (first target index, source masks, target masks, their popcounts, 1-1 costs).
Cells = tuple[int, list[int], list[int], list[int], list[int], list[float]]


def _prefix(values: list[int]) -> list[int]:
    out = [0] * (len(values) + 1)
    total = 0
    for k, v in enumerate(values):
        total += v
        out[k + 1] = total
    return out


class TextPair:
    """The state of one alignment run: features, target postings and the lexical cells the programme holds."""

    def __init__(
        self,
        src: list[Segment],
        tgt: list[Segment],
        feats_s: list[SegmentFeatures],
        feats_t: list[SegmentFeatures],
        max_bead: int,
    ) -> None:
        self.src, self.tgt = src, tgt
        self.feats_s, self.feats_t = feats_s, feats_t
        self.n, self.m = len(src), len(tgt)
        self.types = bead_types(max_bead)
        self.max_bead = max_bead
        self.cells_searched = 0
        # Prefix sums of lengths and content-token counts.
        self.len_s = _prefix([f.length for f in feats_s])
        self.len_t = _prefix([f.length for f in feats_t])
        self.cnt_s = [f.content for f in feats_s]
        self.cnt_t = [f.content for f in feats_t]
        self.para_s = [s.paragraph for s in src]
        self.para_t = [t.paragraph for t in tgt]
        self.boiler_s = [is_boilerplate(s.text) for s in src]
        self.boiler_t = [is_boilerplate(t.text) for t in tgt]
        # Target postings: key → (sorted segment indices, token bit per index).
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for j, feat in enumerate(feats_t):
            for bit, tok in enumerate(feat.tokens):
                for key in tok.keys:
                    entry = postings.get(key)
                    if entry is None:
                        postings[key] = ([j], [1 << bit])
                    elif entry[0][-1] == j:
                        entry[1][-1] |= 1 << bit
                    else:
                        entry[0].append(j)
                        entry[1].append(1 << bit)
        self.postings = postings
        # Source tokens as (bit, keys present in the target) — keys the target lacks can never anchor.
        # Sorted, so that every later loop over them runs in the same order whatever the hash seed.
        self.src_keys: list[list[tuple[int, tuple[str, ...]]]] = []
        memo: dict[frozenset[str], tuple[str, ...]] = {}
        for feat in feats_s:
            row = []
            for bit, tok in enumerate(feat.tokens):
                keys = memo.get(tok.keys)
                if keys is None:
                    keys = memo[tok.keys] = tuple(sorted(k for k in tok.keys if k in postings))
                if keys:
                    row.append((1 << bit, keys))
            self.src_keys.append(row)
        # Lexical cells of the last max_bead source rows while the programme runs (see row_cells).
        self.window: dict[int, Cells] = {}
        # Costs of leaving each segment unaligned, set by the programme (they depend on the parameters).
        self.omit_s: list[float] = []
        self.omit_t: list[float] = []

    def target_index_at(self, chars: float) -> float:
        """The fractional target index whose cumulative character offset is ``chars``."""
        len_t = self.len_t
        k = bisect_right(len_t, chars) - 1
        if k >= self.m:
            return float(self.m)
        k = max(k, 0)
        span = len_t[k + 1] - len_t[k]
        return k + ((chars - len_t[k]) / span if span else 0.0)

    # -- lexical cells ----------------------------------------------------------------------------------------
    def row_range(self, s: int, lo: list[int], hi: list[int]) -> tuple[int, int]:
        """Target indices ``t`` whose pair (``s``, ``t``) some bead between two points of the band can use."""
        n, mb = self.n, self.max_bead
        return max(0, lo[s + 1] - mb), min(self.m - 1, hi[min(n, s + mb)] - 1)

    def row_cells(self, s: int, t_lo: int, t_hi: int, params: Params) -> Cells:
        """Anchor bitmasks and 1-1 costs of the pairs (``s``, ``t``) for ``t_lo`` ≤ ``t`` ≤ ``t_hi``.

        Returns ``(t_lo, sm, tm, ps, pt, c11)``, dense from ``t_lo``: the source-token mask (``sm``), the
        target-token mask (``tm``), their popcounts (``ps``/``pt``) and the full 1-1 bead cost. Computed row by
        row as the programme reaches it and dropped once no bead reaches back to it, so memory stays at a few
        rows of the band however long the texts (kept for every row, these Python lists cost ~70 bytes a cell:
        1.2 GB on 200,000 one-word lines).
        """
        postings = self.postings
        ratio, variance = params.ratio, params.variance
        gain, miss = params.match_gain, params.miss_cost
        len_t, cnt_t, boiler_t = self.len_t, self.cnt_t, self.boiler_t
        omit = params.omission_cost
        size = max(0, t_hi - t_lo + 1)
        sm = [0] * size
        tm = [0] * size
        for bit, keys in self.src_keys[s]:
            for key in keys:
                js, bits = postings[key]
                a = bisect_left(js, t_lo)
                b = bisect_right(js, t_hi, a)
                for idx in range(a, b):
                    off = js[idx] - t_lo
                    sm[off] |= bit
                    tm[off] |= bits[idx]
        ps = [x.bit_count() for x in sm]
        pt = [x.bit_count() for x in tm]
        ls = self.len_s[s + 1] - self.len_s[s]
        ns = self.cnt_s[s]
        boiler = self.boiler_s[s]
        # The band's hottest loop: length_cost and lexical_cost inlined, operation for operation (the same
        # floats; tests/test_aligner_costs.py holds them equal), saving two calls per cell.
        log, erfc, sqrt = math.log, math.erfc, math.sqrt
        c11 = [0.0] * size
        for off in range(size):
            t = t_lo + off
            lt = len_t[t + 1] - len_t[t]
            mean = (ls + lt / ratio) * 0.5
            p = erfc(abs(lt - ratio * ls) / sqrt(variance * (mean if mean > 1.0 else 1.0)) / _SQRT2)
            matched = ps[off] if ps[off] < pt[off] else pt[off]
            c = (-log(p) if p > 1e-300 else LENGTH_COST_CAP) + (
                ((ns + cnt_t[t]) * 0.5 - matched) * miss - matched * gain
            )
            if boiler != boiler_t[t]:
                c += omit
            c11[off] = c
        return t_lo, sm, tm, ps, pt, c11

    def cell(self, s: int, t: int, params: Params) -> tuple[int, int, float]:
        """Source mask, target mask and 1-1 cost of the pair (``s``, ``t``): from the rows the programme holds,
        else computed alone (the same code, so the same figures)."""
        cells = self.window.get(s)
        if cells is not None and 0 <= t - cells[0] < len(cells[1]):
            off = t - cells[0]
            return cells[1][off], cells[2][off], cells[5][off]
        _base, sm, tm, _ps, _pt, c11 = self.row_cells(s, t, t, params)
        return sm[0], tm[0], c11[0]

    def cell_masks(self, s: int, t: int, params: Params) -> tuple[int, int]:
        """Source- and target-token anchor masks of the pair (``s``, ``t``): from the rows the programme holds,
        else from the postings alone (as :meth:`row_cells` sets them, without the costs it would also compute:
        the beads and their null scores ask for thousands of single cells once the programme is done)."""
        cells = self.window.get(s)
        if cells is not None and 0 <= t - cells[0] < len(cells[1]):
            off = t - cells[0]
            return cells[1][off], cells[2][off]
        postings = self.postings
        sm = tm = 0
        for bit, keys in self.src_keys[s]:
            for key in keys:
                js, bits = postings[key]
                idx = bisect_left(js, t)
                if idx < len(js) and js[idx] == t:
                    sm |= bit
                    tm |= bits[idx]
        return sm, tm

    # -- bead cost --------------------------------------------------------------------------------------------
    def bead_cost(self, i0: int, j0: int, a: int, b: int, params: Params) -> float:
        """Cost of the bead covering source ``i0..i0+a-1`` and target ``j0..j0+b-1`` (any shape)."""
        if b == 0:
            return self.omit_s[i0]
        if a == 0:
            return self.omit_t[j0]
        if a == 1 and b == 1:
            return self.cell(i0, j0, params)[2]
        ls = self.len_s[i0 + a] - self.len_s[i0]
        lt = self.len_t[j0 + b] - self.len_t[j0]
        cost = prior(a, b, params.merge_cost) + length_cost(ls, lt, params.ratio, params.variance)
        ms = ns = nt = 0
        t_masks = [0] * b
        for s in range(i0, i0 + a):
            smask = 0
            for q in range(b):
                sm, tm = self.cell_masks(s, j0 + q, params)
                smask |= sm
                t_masks[q] |= tm
            ms += smask.bit_count()
            ns += self.cnt_s[s]
            if a > 1 and not smask and self.cnt_s[s] >= ORPHAN_MIN_TOKENS:
                cost += ORPHAN_COST
        mt = 0
        for q in range(b):
            mt += t_masks[q].bit_count()
            nt += self.cnt_t[j0 + q]
            if b > 1 and not t_masks[q] and self.cnt_t[j0 + q] >= ORPHAN_MIN_TOKENS:
                cost += ORPHAN_COST
        if a > 1 and self.para_s[i0] != self.para_s[i0 + a - 1]:
            cost += params.paragraph_penalty
        if b > 1 and self.para_t[j0] != self.para_t[j0 + b - 1]:
            cost += params.paragraph_penalty
        cost += params.omission_cost * (sum(self.boiler_s[i0 : i0 + a]) + sum(self.boiler_t[j0 : j0 + b]))
        return cost + lexical_cost(ns + nt, min(ms, mt), params.match_gain, params.miss_cost)
