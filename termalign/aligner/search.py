"""The search: a banded dynamic programme over bead shapes, widened where the best path meets its edge.

The band follows the first-pass path (:mod:`termalign.aligner.firstpass`) ``band`` segments either side and,
between two anchors whose gaps differ — a block one side lacks — every place the missing block can sit
(:func:`gap_envelope`), so time and memory grow linearly with the text. Where the best path touches the edge
of the band the band is widened there and the search repeats (at most :data:`MAX_PASSES` times).

:func:`dp` has two implementations behind one signature: the fast one handles ``max_bead`` ≤ 2 with the
shapes unrolled (and skips a merge's length cost when the rest of its cost already loses); the generic one
calls :meth:`~termalign.aligner.pair.TextPair.bead_cost` once per shape. Both take every term from
:mod:`termalign.aligner.costs`; the tests hold their paths and path costs equal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

from termalign.aligner.costs import (
    ORPHAN_COST,
    ORPHAN_MIN_TOKENS,
    Params,
    length_cost,
    omission_cost,
    prior,
)
from termalign.aligner.pair import Cells, TextPair

# Band widening: at most MAX_PASSES searches, doubling the band where the path touched its edge.
MAX_PASSES = 4
# The first band follows the length diagonal only up to CENTRE_DRIFT * band segments away from the paths the
# anchors allow (see search).
CENTRE_DRIFT = 1
# Progress: the first pass is reported as this share of the search, each later one as this share of what is left
# (how many passes will run is known only at the end).
PASS_SHARE = 0.6
_INF = float("inf")
_DROPPED: list[float] = []  # stands for a row of the programme no bead can reach any more
# A bead path: (first source index, first target index, source segments, target segments) per bead.
Path = list[tuple[int, int, int, int]]


def search(
    pair: TextPair,
    chain: list[tuple[int, int]],
    params: Params,
    band: int,
    progress: Callable[[float], None] | None,
) -> tuple[Path, int, int]:
    """Banded dynamic programme; returns the bead path ``[(i0, j0, a, b)]``, passes run and widest band.

    ``progress`` is called with the share of the search done, 0 to 1, never going down (see :data:`PASS_SHARE`).
    """
    n = pair.n
    center = center_from_chain(pair, chain)
    low, high = gap_envelope(pair, chain)
    # The length diagonal joins the band only within `drift` of the index paths: far from any anchor the
    # two drift apart like a random walk (~sqrt of the distance), so covering both would make the band,
    # and the work, grow faster than the text; where the path does follow lengths further out it meets
    # the band's edge and the widening passes follow it.
    drift = CENTRE_DRIFT * band
    center = [min(max(c, a - drift), b + drift) for c, a, b in zip(center, low, high, strict=True)]
    low = [min(a, b) for a, b in zip(low, center, strict=True)]
    high = [max(a, b) for a, b in zip(high, center, strict=True)]
    width = [band] * (n + 1)
    path: Path = []
    passes = 0
    start, share = 0.0, PASS_SHARE
    while True:
        passes += 1
        lo, hi = band_from(pair, low, high, width)
        rows = None
        if progress is not None:
            rows = _pass_progress(progress, start, share)
        path, _cost = dp(pair, lo, hi, params, rows)
        start, share = start + share, (1.0 - start - share) * PASS_SHARE
        touched = touching(pair, path, lo, hi)
        if not touched or passes >= MAX_PASSES:
            break
        # Re-centre on the path found and widen around the rows where it met the edge.
        low = [float(pair.m)] * (n + 1)
        high = [0.0] * (n + 1)
        for i0, j0, a, b in path:
            for i in range(i0, i0 + a + 1):
                low[i] = min(low[i], j0)
                high[i] = max(high[i], j0 + b)
        grow = [False] * (n + 1)
        for i in touched:
            for k in range(max(0, i - 2 * width[i]), min(n, i + 2 * width[i]) + 1):
                grow[k] = True
        width = [w * 2 if g else w for w, g in zip(width, grow, strict=True)]
    if progress is not None:
        progress(1.0)
    return path, passes, max(width)


def _pass_progress(progress: Callable[[float], None], start: float, share: float) -> Callable[[int, int], None]:
    """The programme's ``(row, rows)`` callback of one pass, as a share of the whole search."""
    return lambda done, total: progress(start + share * done / max(total, 1))


def touching(pair: TextPair, path: Path, lo: list[int], hi: list[int]) -> list[int]:
    """Rows where the path runs along an edge of the band that is not the edge of the texts."""
    out = []
    for i0, j0, a, b in path:
        i1, j1 = i0 + a, j0 + b
        for i, j in ((i0, j0), (i1, j1)):
            if (j <= lo[i] and lo[i] > 0) or (j >= hi[i] and hi[i] < pair.m):
                out.append(i)
    return sorted(set(out))


def center_from_chain(pair: TextPair, chain: list[tuple[int, int]]) -> list[float]:
    """The first-pass path: for each row ``i`` a target position, through the anchors and, between two
    anchors, at the same relative character offset (so long and short sentences bend the path as they should)."""
    len_s, len_t = pair.len_s, pair.len_t
    points = [(0, 0)] + [(s, t) for s, t in chain] + [(pair.n, pair.m)]
    center = [0.0] * (pair.n + 1)
    k = 0
    for i in range(pair.n + 1):
        while k + 1 < len(points) - 1 and points[k + 1][0] <= i:
            k += 1
        (s0, t0), (s1, t1) = points[k], points[k + 1]
        chars_s = len_s[s1] - len_s[s0]
        frac = (len_s[i] - len_s[s0]) / chars_s if chars_s else (0.0 if i <= s0 else 1.0)
        frac = min(max(frac, 0.0), 1.0)
        center[i] = pair.target_index_at(len_t[t0] + frac * (len_t[t1] - len_t[t0]))
    return center

def gap_envelope(pair: TextPair, chain: list[tuple[int, int]]) -> tuple[list[float], list[float]]:
    """For each row, the lowest and highest target position a path of 1-1 steps plus runs of 1-0 or 0-1
    beads can take between the anchors around it.

    Between two anchors with 100 source and 250 target segments the path must leave 150 target segments
    unaligned somewhere; the band has to contain every place where that can happen, not just the diagonal.
    Where the gap is balanced the envelope is the diagonal itself and adds nothing.
    """
    points = [(0, 0)]
    for s, t in chain:
        points += [(s, t), (s + 1, t + 1)]
    points.append((pair.n, pair.m))
    low = [float(pair.m)] * (pair.n + 1)
    high = [0.0] * (pair.n + 1)
    for (x0, y0), (x1, y1) in pairwise(points):
        dx, dy = x1 - x0, y1 - y0
        extra_s, extra_t = max(0, dx - dy), max(0, dy - dx)
        for i in range(x0, x1 + 1):
            step = i - x0
            low[i] = min(low[i], y0 + max(0, step - extra_s))
            high[i] = max(high[i], min(y1, y0 + step + extra_t))
    return low, high

def band_from(pair: TextPair, low: list[float], high: list[float], width: list[int]) -> tuple[list[int], list[int]]:
    n, m = pair.n, pair.m
    lo = [max(0, min(m, math.floor(low[i] - width[i]))) for i in range(n + 1)]
    hi = [max(0, min(m, math.ceil(high[i] + width[i]))) for i in range(n + 1)]
    lo[0] = 0
    hi[n] = m
    for i in range(n - 1, -1, -1):  # lo non-decreasing
        lo[i] = min(lo[i], lo[i + 1])
    for i in range(1, n + 1):  # hi non-decreasing
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n):  # consecutive rows overlap, so every row is reachable
        hi[i] = max(hi[i], lo[i + 1])
    return lo, hi


def dp(
    pair: TextPair,
    lo: list[int],
    hi: list[int],
    params: Params,
    progress: Callable[[int, int], None] | None,
    generic: bool = False,
) -> tuple[Path, float]:
    """Minimum-cost bead path through the band, and its cost.

    The fast path handles ``max_bead`` ≤ 2 with unrolled shapes (and skips a merge's length cost when the
    rest of its cost already loses). ``generic`` forces the one-:meth:`~TextPair.bead_cost`-per-shape path,
    which the tests hold the fast one to.
    """
    n, m = pair.n, pair.m
    types = pair.types
    fast = pair.max_bead <= 2 and not generic
    multi = pair.max_bead == 2
    pair.omit_s = [omission_cost(x, params) for x in pair.boiler_s]
    pair.omit_t = [omission_cost(x, params) for x in pair.boiler_t]
    omit_s, omit_t = pair.omit_s, pair.omit_t
    window = pair.window
    window.clear()
    cells1: Cells | None = None  # lexical cells of source row i-1, then of row i-2
    cells2: Cells | None = None
    len_s, len_t, cnt_s, cnt_t = pair.len_s, pair.len_t, pair.cnt_s, pair.cnt_t
    ratio, variance = params.ratio, params.variance
    gain, miss = params.match_gain, params.miss_cost
    # A merge's lexical_cost(tokens, matched) is computed as tokens * half_miss - gm * matched (the same figure
    # rearranged, equal up to rounding; tests/test_aligner_costs.py), so that a merge that cannot win is dropped
    # before its length cost is computed.
    gm = gain + miss
    half_miss = miss * 0.5
    prior2 = prior(2, 1, params.merge_cost)
    prior22 = prior(2, 2, params.merge_cost)
    orphan, min_tok = ORPHAN_COST, ORPHAN_MIN_TOKENS
    omit, pen = params.omission_cost, params.paragraph_penalty
    # Extra cost of merging segment k with segment k+1 of one side: paragraph break, boilerplate.
    join_s = [(pen if pair.para_s[k] != pair.para_s[k + 1] else 0.0) for k in range(n - 1)]
    join_t = [(pen if pair.para_t[k] != pair.para_t[k + 1] else 0.0) for k in range(m - 1)]
    boil_s = [omit if x else 0.0 for x in pair.boiler_s]
    boil_t = [omit if x else 0.0 for x in pair.boiler_t]
    orph_s = [orphan if c >= min_tok else 0.0 for c in cnt_s]
    orph_t = [orphan if c >= min_tok else 0.0 for c in cnt_t]

    rows_cost: list[list[float]] = []
    rows_back: list[bytearray] = []
    step = max(1, n // 100)
    inf = _INF
    for i in range(n + 1):
        lo_i, hi_i = lo[i], hi[i]
        width = hi_i - lo_i + 1
        pair.cells_searched += width
        cur = [inf] * width
        back = bytearray(width)
        if i >= 1:
            cells2, cells1 = cells1, pair.row_cells(i - 1, *pair.row_range(i - 1, lo, hi), params)
            window[i - 1] = cells1
            window.pop(i - 1 - pair.max_bead, None)
        if not fast:
            _dp_row_generic(pair, i, lo, hi, rows_cost, cur, back, params)
        else:
            if i >= 1:
                s1 = i - 1
                r1 = rows_cost[i - 1]
                lo1, hi1 = lo[i - 1], hi[i - 1]
                base1, sm1, tm1, ps1, pt1, c11_row = cells1  # type: ignore[misc]
                om1 = omit_s[s1]
                ls1 = len_s[i] - len_s[s1]
                ns1 = cnt_s[s1]
            if multi and i >= 2:
                s2 = i - 2
                r2 = rows_cost[i - 2]
                lo2, hi2 = lo[i - 2], hi[i - 2]
                base2, sm2, tm2, ps2, _pt2, _c2 = cells2  # type: ignore[misc]
                ls2 = len_s[i] - len_s[s2]
                ns2 = cnt_s[s2] + ns1
                extra2 = prior2 + join_s[s2] + boil_s[s2] + boil_s[s1]
                orph2a, orph1a = orph_s[s2], orph_s[s1]
            for j in range(lo_i, hi_i + 1):
                best = inf
                bk = 0
                if i >= 1:
                    # 1-0
                    if lo1 <= j <= hi1:
                        c = r1[j - lo1] + om1
                        if c < best:
                            best, bk = c, 1
                    if j >= 1 and lo1 <= j - 1 <= hi1:
                        prev = r1[j - 1 - lo1]
                        if prev < inf:
                            # 1-1
                            c = prev + c11_row[j - 1 - base1]
                            if c < best:
                                best, bk = c, 0
                    if multi and j >= 2 and lo1 <= j - 2 <= hi1:
                        prev = r1[j - 2 - lo1]
                        if prev < inf:
                            # 1-2: source s1, targets j-2, j-1
                            t0 = j - 2
                            o = t0 - base1
                            ms = (sm1[o] | sm1[o + 1]).bit_count()
                            mt = pt1[o] + pt1[o + 1]
                            head = prev + prior2 + join_t[t0] + boil_s[s1] + boil_t[t0] + boil_t[t0 + 1]
                            lex = (ns1 + cnt_t[t0] + cnt_t[t0 + 1]) * half_miss
                            fit = gm * (ms if ms < mt else mt)
                            if head + lex - fit < best:  # else the length cost (≥ 0) cannot make it win
                                c = head + length_cost(ls1, len_t[j] - len_t[t0], ratio, variance) + lex - fit
                                if not tm1[o]:
                                    c += orph_t[t0]
                                if not tm1[o + 1]:
                                    c += orph_t[t0 + 1]
                                if c < best:
                                    best, bk = c, 4
                if multi and i >= 2 and j >= 1:
                    if lo2 <= j - 1 <= hi2:
                        prev = r2[j - 1 - lo2]
                        if prev < inf:
                            # 2-1: sources s2, s1, target j-1
                            t0 = j - 1
                            oa, ob = t0 - base2, t0 - base1
                            ms = ps2[oa] + ps1[ob]
                            mt = (tm2[oa] | tm1[ob]).bit_count()
                            head = prev + extra2 + boil_t[t0]
                            lex = (ns2 + cnt_t[t0]) * half_miss
                            fit = gm * (ms if ms < mt else mt)
                            if head + lex - fit < best:
                                c = head + length_cost(ls2, len_t[j] - len_t[t0], ratio, variance) + lex - fit
                                if not sm2[oa]:
                                    c += orph2a
                                if not sm1[ob]:
                                    c += orph1a
                                if c < best:
                                    best, bk = c, 3
                    if j >= 2 and lo2 <= j - 2 <= hi2:
                        prev = r2[j - 2 - lo2]
                        if prev < inf:
                            # 2-2
                            t0 = j - 2
                            oa, ob = t0 - base2, t0 - base1
                            sa = sm2[oa] | sm2[oa + 1]
                            sb = sm1[ob] | sm1[ob + 1]
                            ta = tm2[oa] | tm1[ob]
                            tb = tm2[oa + 1] | tm1[ob + 1]
                            ms = sa.bit_count() + sb.bit_count()
                            mt = ta.bit_count() + tb.bit_count()
                            head = prev + prior22 - prior2 + extra2 + join_t[t0] + boil_t[t0] + boil_t[t0 + 1]
                            lex = (ns2 + cnt_t[t0] + cnt_t[t0 + 1]) * half_miss
                            fit = gm * (ms if ms < mt else mt)
                            if head + lex - fit < best:
                                c = head + length_cost(ls2, len_t[j] - len_t[t0], ratio, variance) + lex - fit
                                if not sa:
                                    c += orph2a
                                if not sb:
                                    c += orph1a
                                if not ta:
                                    c += orph_t[t0]
                                if not tb:
                                    c += orph_t[t0 + 1]
                                if c < best:
                                    best, bk = c, 5
                if j > lo_i:
                    # 0-1
                    c = cur[j - 1 - lo_i] + omit_t[j - 1]
                    if c < best:
                        best, bk = c, 2
                if i == 0 and j == 0:
                    best = 0.0
                cur[j - lo_i] = best
                back[j - lo_i] = bk
        rows_cost.append(cur)
        rows_back.append(back)
        if i >= pair.max_bead:
            rows_cost[i - pair.max_bead] = _DROPPED  # no bead reaches back that far any more
        if progress is not None and (i % step == 0 or i == n):
            progress(i, n)
    window.clear()
    total = rows_cost[n][m - lo[n]]
    # Trace back from (n, m).
    path: Path = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = types[rows_back[i][j - lo[i]]]
        path.append((i - a, j - b, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path, total


def _dp_row_generic(
    pair: TextPair,
    i: int,
    lo: list[int],
    hi: list[int],
    rows_cost: list[list[float]],
    cur: list[float],
    back: bytearray,
    params: Params,
) -> None:
    """One row of the programme for any ``max_bead`` (slower: one :meth:`bead_cost` call per shape)."""
    lo_i = lo[i]
    for j in range(lo_i, hi[i] + 1):
        if i == 0 and j == 0:
            cur[0] = 0.0
            continue
        best, bk = _INF, 0
        for k, (a, b) in enumerate(pair.types):
            pi, pj = i - a, j - b
            if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                continue
            prev = rows_cost[pi][pj - lo[pi]] if pi < i else cur[pj - lo_i]
            if prev == _INF:
                continue
            c = prev + pair.bead_cost(pi, pj, a, b, params)
            if c < best:
                best, bk = c, k
        cur[j - lo_i] = best
        back[j - lo_i] = bk
