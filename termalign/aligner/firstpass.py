"""The first pass: a path through the two texts from rare anchors, and the length model estimated on it.

Keys held by at most :data:`RARE_KEY_DF` segments of each side — in the whole text, or within a window around
the length diagonal — pair a few sentences with near certainty; the heaviest monotone chain of such pairs (a
weighted longest increasing subsequence, :func:`heaviest_chain`), less the anchors their neighbours
contradict (:func:`supported`), is the path the band of :mod:`termalign.aligner.search` follows. The length
ratio and variance of the length cost are estimated on those pairs (:func:`estimate_length_model`).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

from termalign.aligner.pair import TextPair

# Length model: fallbacks when too few anchored pairs (< 20) allow estimating it from the input; the
# variance estimated from anchored pairs (a median, robust to bad anchors) is widened by VARIANCE_SCALE,
# because real length differences have heavier tails than the normal curve the cost assumes.
DEFAULT_LENGTH_RATIO = 1.1
DEFAULT_LENGTH_VARIANCE = 6.8
VARIANCE_SCALE = 1.5
# First pass: a key anchors when at most RARE_KEY_DF segments of each side hold it within ±W segments of the
# length diagonal, W = max(ANCHOR_WINDOW_MIN, ANCHOR_WINDOW_SCALE * sqrt(segments)).
RARE_KEY_DF = 2
ANCHOR_WINDOW_MIN = 100
ANCHOR_WINDOW_SCALE = 3.0


def anchor_chain(pair: TextPair) -> list[tuple[int, int]]:
    """Sentence pairs tied by rare keys, thinned to the heaviest chain increasing on both sides.

    A key is rare when at most :data:`RARE_KEY_DF` segments of each side hold it, either in the whole text
    (then it anchors at any distance, so a block missing from one side cannot hide the true pairs) or
    within ``±W`` segments of the length diagonal (``W`` grows with the square root of the text length, so
    a name repeated across a long text still anchors locally).
    """
    n, m = pair.n, pair.m
    postings = pair.postings
    diag = _length_diagonal(pair)
    window = max(ANCHOR_WINDOW_MIN, int(ANCHOR_WINDOW_SCALE * math.sqrt(max(n, m))))
    common = max(4 * RARE_KEY_DF, m // 20)  # keys this frequent overall are rarely locally rare: skip early
    src_post: dict[str, list[int]] = {}
    for s, row in enumerate(pair.src_keys):
        for _bit, keys in row:
            for key in keys:
                lst = src_post.setdefault(key, [])
                if not lst or lst[-1] != s:
                    lst.append(s)
    best: dict[int, tuple[float, int]] = {}
    for s, row in enumerate(pair.src_keys):
        center = int(diag[s])
        t_lo, t_hi = center - window, center + window
        scores: dict[int, float] = {}
        for _bit, keys in row:
            hit: dict[int, float] = {}
            for key in keys:
                js = postings[key][0]
                if len(js) > common:
                    continue
                ss = src_post[key]
                if len(js) <= RARE_KEY_DF and len(ss) <= RARE_KEY_DF:
                    a, b, df_s = 0, len(js), len(ss)  # rare in the whole text: no window needed
                else:
                    a = bisect_left(js, t_lo)
                    b = bisect_right(js, t_hi, a)
                    if not 0 < b - a <= RARE_KEY_DF:
                        continue
                    df_s = bisect_right(ss, s + window) - bisect_left(ss, s - window)
                    if df_s > RARE_KEY_DF:
                        continue
                weight = 1.0 / ((b - a) * df_s)
                for t in js[a:b]:
                    if hit.get(t, 0.0) < weight:
                        hit[t] = weight
            for t, weight in hit.items():
                scores[t] = scores.get(t, 0.0) + weight
        if not scores:
            continue
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        top_t, top = ranked[0]
        if top < 1.0 or (len(ranked) > 1 and ranked[1][1] >= top):
            continue
        prev = best.get(top_t)
        if prev is None or top > prev[0] or (top == prev[0] and s < prev[1]):
            best[top_t] = (top, s)
    points = sorted((s, t, w) for t, (w, s) in best.items())
    return supported(heaviest_chain(points, m))


def _length_diagonal(pair: TextPair) -> list[float]:
    """For each source segment, the target index at the same relative character position (a fractional index)."""
    len_s, len_t = pair.len_s, pair.len_t
    total_s, total_t = len_s[-1] or 1, len_t[-1]
    out = []
    for s in range(pair.n):
        out.append(pair.target_index_at((len_s[s] + len_s[s + 1]) * 0.5 * total_t / total_s))
    return out


def estimate_length_model(
    pair: TextPair, chain: list[tuple[int, int]], fixed_ratio: float | None
) -> tuple[float, float]:
    """Target/source character ratio and length variance, from anchored pairs (whole texts as fallback)."""
    total_s = pair.len_s[-1] or 1
    total_t = pair.len_t[-1]
    whole = total_t / total_s if total_t else DEFAULT_LENGTH_RATIO
    pairs = [(pair.feats_s[s].length, pair.feats_t[t].length) for s, t in chain]
    pairs = [(a, b) for a, b in pairs if a >= 10 and b >= 10]
    if fixed_ratio is not None:
        ratio = fixed_ratio
    elif len(pairs) >= 20:
        ratio = sum(b for _a, b in pairs) / sum(a for a, _b in pairs)
        # Outlier pairs (a wrong anchor) must not drag the ratio far from the whole-text figure.
        ratio = min(max(ratio, whole / 1.25), whole * 1.25)
    else:
        ratio = whole
    ratio = min(max(ratio, 0.2), 5.0)
    variance = DEFAULT_LENGTH_VARIANCE
    if len(pairs) >= 20:
        sq = sorted((b - ratio * a) ** 2 / ((a + b / ratio) / 2) for a, b in pairs)
        median = sq[len(sq) // 2]
        variance = min(max(median / 0.455 * VARIANCE_SCALE, 3.0), 30.0)  # 0.455: median of chi-square, 1 dof
    return ratio, variance


def supported(chain: list[tuple[int, int]], reach: int = 12) -> list[tuple[int, int]]:
    """``chain`` without anchors that their neighbours contradict.

    True anchors come in runs with (nearly) the same offset ``t - s``; a chance anchor inside a block that one
    side lacks sits at an offset no neighbour shares. An anchor is dropped when it has chain neighbours within
    ``reach`` source segments and none of them agrees with its offset (within 2 plus a tenth of the distance).
    """
    out = []
    for k, (s, t) in enumerate(chain):
        near = [(s2, t2) for s2, t2 in chain[max(0, k - 3) : k + 4] if s2 != s and abs(s2 - s) <= reach]
        if near and not any(abs((t2 - s2) - (t - s)) <= 2 + abs(s2 - s) // 10 for s2, t2 in near):
            continue
        out.append((s, t))
    return out


def heaviest_chain(points: list[tuple[int, int, float]], m: int) -> list[tuple[int, int]]:
    """The subset of ``(s, t, weight)`` points strictly increasing in ``s`` and ``t`` with the largest total weight.

    A Fenwick tree over ``t`` holds the best chain ending below each target index: O(P log m).
    """
    if not points:
        return []
    size = m + 1
    tree_w = [0.0] * (size + 1)
    tree_k = [-1] * (size + 1)
    best_w = [0.0] * len(points)
    parent = [-1] * len(points)
    k = 0
    while k < len(points):
        # Points of one source row must not chain to each other: query all of them before updating.
        end = k
        while end < len(points) and points[end][0] == points[k][0]:
            end += 1
        for q in range(k, end):
            _s, t, w = points[q]
            idx, bw, bk = t, 0.0, -1  # best over target positions < t (tree index t covers t-1)
            while idx > 0:
                if tree_w[idx] > bw:
                    bw, bk = tree_w[idx], tree_k[idx]
                idx -= idx & -idx
            best_w[q] = bw + w
            parent[q] = bk
        for q in range(k, end):
            idx = points[q][1] + 1
            while idx <= size:
                if best_w[q] > tree_w[idx]:
                    tree_w[idx], tree_k[idx] = best_w[q], q
                idx += idx & -idx
        k = end
    q = max(range(len(points)), key=lambda x: (best_w[x], -x))
    chain: list[tuple[int, int]] = []
    while q != -1:
        chain.append((points[q][0], points[q][1]))
        q = parent[q]
    chain.reverse()
    return chain
