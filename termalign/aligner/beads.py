"""The beads of a path, with what a reader needs to trust them: a confidence, a length score, the evidence.

A linked bead's ``score`` is a logistic of its lexical log-likelihood ratio plus half the log of its length
probability (the same :func:`~termalign.aligner.costs.lexical_cost` and
:func:`~termalign.aligner.costs.length_probability` the search minimised); a null bead's compares leaving its
segment alone with attaching it to a neighbouring bead. ``evidence`` lists the anchors between the bead's two
sides, found again only among the tokens the search saw anchoring.
"""

from __future__ import annotations

import math

from termalign.aligner.anchors import SegmentFeatures, anchors_between
from termalign.aligner.costs import Params, length_probability, lexical_cost
from termalign.aligner.pair import TextPair
from termalign.aligner.search import Path
from termalign.model import Anchor, Bead

_INF = float("inf")


def make_beads(pair: TextPair, path: Path, params: Params,
               shared: dict[Anchor, Anchor] | None = None) -> tuple[list[Bead], set[str]]:
    """Beads with score, length score and anchors; also the dictionary headwords the anchors used.

    Equal anchors are one object, looked up in ``shared`` (kept across the windows of a long text): a text
    repeats its anchor pairs (the same name, number or word pair in many beads), and a 500,000-sentence pair
    would otherwise hold about two million separate anchor objects.
    """
    if shared is None:
        shared = {}
    beads: list[Bead] = []
    used: set[str] = set()
    for k, (i0, j0, a, b) in enumerate(path):
        s_idx = tuple(range(i0, i0 + a))
        t_idx = tuple(range(j0, j0 + b))
        if a and b:
            # Only tokens the band's masks saw anchoring can yield evidence: hand just those over.
            s_masks = [0] * a
            t_masks = [0] * b
            for x, s in enumerate(s_idx):
                for y, t in enumerate(t_idx):
                    sm, tm = pair.cell_masks(s, t, params)
                    s_masks[x] |= sm
                    t_masks[y] |= tm
            evidence, dict_words = anchors_between(
                [_only(pair.feats_s[s], mask) for s, mask in zip(s_idx, s_masks, strict=True)],
                [_only(pair.feats_t[t], mask) for t, mask in zip(t_idx, t_masks, strict=True)],
            )
            evidence = tuple(shared.setdefault(a, a) for a in evidence)
            used.update(dict_words)
            ls = pair.len_s[i0 + a] - pair.len_s[i0]
            lt = pair.len_t[j0 + b] - pair.len_t[j0]
            length_score = length_probability(ls, lt, params.ratio, params.variance)
            ns = sum(pair.cnt_s[s] for s in s_idx)
            nt = sum(pair.cnt_t[t] for t in t_idx)
            matched = min(len(evidence), ns, nt)
            llr = -lexical_cost(ns + nt, matched, params.match_gain, params.miss_cost)
            llr += math.log(max(length_score, 1e-12)) * 0.5
            score = 1.0 / (1.0 + math.exp(-(llr + 1.0)))
            beads.append(Bead(s_idx, t_idx, round(score, 4), evidence, round(length_score, 4)))
        else:
            beads.append(Bead(s_idx, t_idx, round(null_score(pair, path, k, params), 4), (), 0.0))
    return beads, used


def null_score(pair: TextPair, path: Path, k: int, params: Params) -> float:
    """Confidence that the segment of the null bead ``path[k]`` really has no counterpart.

    Compares leaving it alone with the cheapest way of attaching it to a neighbouring linked bead
    (extending that bead by one segment); a logistic of the margin, so 0.5 means "a toss-up".
    """
    i0, j0, a, b = path[k]
    own = pair.omit_s[i0] if a else pair.omit_t[j0]
    best = _INF
    for q in (k - 1, k + 1):
        if not 0 <= q < len(path):
            continue
        pi, pj, pa, pb = path[q]
        if not (pa and pb):
            continue
        na, nb = pa + (1 if a else 0), pb + (1 if b else 0)
        if max(na, nb) > pair.max_bead:
            continue
        ni, nj = (min(pi, i0), pj) if a else (pi, min(pj, j0))
        extra = pair.bead_cost(ni, nj, na, nb, params) - pair.bead_cost(pi, pj, pa, pb, params)
        best = min(best, extra)
    if best == _INF:
        return 1.0
    return _sigmoid((best - own) * 0.5)


def _sigmoid(x: float) -> float:
    if x < -50:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def _only(feat: SegmentFeatures, mask: int) -> SegmentFeatures:
    """``feat`` restricted to the tokens whose bits are set in ``mask``."""
    if not mask:
        return SegmentFeatures(feat.length, ())
    return SegmentFeatures(feat.length, tuple(tok for k, tok in enumerate(feat.tokens) if mask >> k & 1))

