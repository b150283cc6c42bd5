"""Calibrated bead scores and the parallel/not-parallel verdict of an alignment.

The aligner's raw bead score is a logistic of its own cost margins: good for ranking beads within one text,
but not a probability (it is under-confident on clean translations and over-confident on two unrelated texts,
where the search still links its best guesses). This module turns the raw numbers into probabilities with two
small logistic models fitted on labelled alignments (``benchmarks/calibrate.py`` fits them on the development
split and reports on the held-out split):

* **The document model** gives ``parallel_score``, the probability that the two texts are translations of each
  other. Its main evidence is *contrast*: the lexical anchors a linked bead has with its own partner, against
  the anchors the same source sentence has with targets a few beads away. Two texts on the same topic share
  their topic words everywhere, so a wrong bead anchors about as well as a shifted one; a true translation's
  beads anchor far better than their shifts. The share of sentences linked and the number of linked beads (the
  amount of evidence) complete it.
* **The bead model** gives each bead's ``score``: the probability that the bead is exactly right (the bead a
  careful bilingual reader would draw), from the raw score, the bead's kind, its anchors with its partner and
  with shifted partners, and the document's parallel log-odds (in two unrelated texts every linked bead is
  wrong and every unlinked sentence right).

Both models are plain dot products over a handful of features; the weights below are data, written by the
fitting script with the figures they were fitted on.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from termalign.aligner.anchors import SegmentFeatures, anchors_between
from termalign.model import Alignment, Bead

#: Targets this many beads away serve as the "chance" partners of a linked bead.
SHIFTS = (-7, -3, 3, 7)
#: At most this many linked beads have their shifted partners measured (an even sample of a longer text).
SHIFT_SAMPLE = 300
#: The contrast ratio that separates unrelated from translated text on the development split (between the 95th
#: percentile of unrelated pairs, about 1.4, and the 5th of translations, about 2.4, at 12 and 40 sentences).
CONTRAST_BASELINE = 1.8
#: Added to the shifted mean so that a text with almost no anchors anywhere does not get a huge ratio.
CONTRAST_FLOOR = 0.25
#: Probability at or above which the verdict is "parallel".
PARALLEL_THRESHOLD = 0.5
#: Fewer segments than this on the shorter side and the verdict stays "parallel" whatever the score: a handful
#: of sentences carries too little evidence to refuse a user's input (the score is still reported).
MIN_VERDICT_SEGMENTS = 6

# Fitted by ``python benchmarks/calibrate.py --write`` (see that script for the data and the held-out figures).
DOCUMENT_WEIGHTS: tuple[float, ...] = (-0.1375, 0.8253, 1.6722, 0.5750)
BEAD_WEIGHTS: tuple[float, ...] = (0.7332, 0.4725, 0.5986, -0.2973, -0.2062, -0.2133, -0.2692, 0.6939, -0.1283, 0.0301)


@dataclass(frozen=True)
class Evidence:
    """What the models read for one linked bead: anchor weight with its partner and the mean with shifted ones."""

    own: float
    shifted: float
    tokens: int


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _weight(source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]) -> float:
    return sum(a.weight for a in anchors_between(source, target)[0])


def _own_weight(bead: Bead) -> float:
    """A linked bead's anchor weight with its own partner: the weights of its ``evidence``, which the aligner's
    beads (:func:`termalign.aligner.beads.make_beads`) hold as the anchors between their two sides, in the order
    :func:`anchors_between` finds them (so the same sum, to the last bit, as measuring them again)."""
    return sum(a.weight for a in bead.evidence)


def linked_evidence(
    alignment: Alignment, feats_s: Sequence[SegmentFeatures], feats_t: Sequence[SegmentFeatures]
) -> dict[int, Evidence]:
    """For every linked bead (by index into ``alignment.beads``): its anchor weight and the shifted mean.

    The beads are the aligner's (their ``evidence`` the anchors between their sides: :func:`_own_weight`); the
    features are those they were aligned with, and give the shifted pairs' anchors.

    With more than :data:`SHIFT_SAMPLE` linked beads, the shifted partners are measured on an even sample of
    that many beads and the others take the sample's mean: the document model reads a mean, and the cost stays
    bounded however long the text (the models were fitted on documents below the sample size, where every
    bead is measured).
    """
    linked = [(k, b) for k, b in enumerate(alignment.beads) if b.linked]
    step = max(1, -(-len(linked) // SHIFT_SAMPLE))
    own: dict[int, tuple[float, int]] = {}
    shifted: dict[int, float] = {}
    for n, (k, bead) in enumerate(linked):
        src = [feats_s[i] for i in bead.source_index]
        own[k] = (_own_weight(bead),
                  sum(len(f.tokens) for f in src) + sum(len(feats_t[j].tokens) for j in bead.target_index))
        if n % step == 0:
            weights = [_weight(src, [feats_t[j] for j in linked[n + d][1].target_index])
                       for d in SHIFTS if 0 <= n + d < len(linked)]
            shifted[k] = sum(weights) / len(weights) if weights else 0.0
    mean = sum(shifted.values()) / len(shifted) if shifted else 0.0
    return {k: Evidence(weight, shifted.get(k, mean), tokens) for k, (weight, tokens) in own.items()}


def document_features(alignment: Alignment, evidence: dict[int, Evidence]) -> list[float]:
    """Features of the document model (bias first).

    ``d`` is the log of the *contrast ratio* (mean anchor weight of linked beads with their own partners over
    the mean with shifted partners, plus a small floor) less the log of :data:`CONTRAST_BASELINE`, the ratio that
    chance and the search's own choice of pairs give two unrelated texts. It enters alone and multiplied by the
    log of the number of linked beads, so more evidence makes the verdict surer in the direction ``d`` points
    (a model that multiplied the raw ratio by the amount of evidence would call long comparable texts
    parallel). The share of segments linked completes it. The anchor level of shifted pairs is not a feature of
    its own: two texts on one topic have a high one, and a model fitted on unrelated talks would read it as a
    sign of translation.
    """
    n_seg = len(alignment.source) + len(alignment.target)
    linked_segments = sum(len(b.source_index) + len(b.target_index) for b in alignment.beads if b.linked)
    return _document_vector(contrast_ratio(evidence), len(evidence), linked_segments, n_seg)


def _document_vector(contrast: float, linked_beads: int, linked_segments: int, segments: int) -> list[float]:
    d = math.log(max(contrast, 1e-3)) - math.log(CONTRAST_BASELINE)
    return [1.0, d, d * math.log1p(linked_beads), linked_segments / segments if segments else 0.0]


def contrast_ratio(evidence: dict[int, Evidence]) -> float:
    """Mean anchor weight of the linked beads with their partners over the mean with shifted partners."""
    n = len(evidence)
    if not n:
        return 0.0
    own = sum(e.own for e in evidence.values()) / n
    shifted = sum(e.shifted for e in evidence.values()) / n
    return own / (shifted + CONTRAST_FLOOR)


def bead_features(bead: Bead, evidence: Evidence | None, parallel_logit: float) -> list[float]:
    """Features of the bead model (bias first)."""
    linked = 1.0 if bead.linked else 0.0
    merge = 1.0 if len(bead.source_index) > 1 or len(bead.target_index) > 1 else 0.0
    own = evidence.own if evidence else 0.0
    shifted = evidence.shifted if evidence else 0.0
    return [
        1.0,
        _logit(bead.score) * linked,
        _logit(bead.score) * (1 - linked),
        linked,
        merge,
        own,
        own - shifted,
        parallel_logit * linked,
        parallel_logit * (1 - linked),
        bead.length_score * linked,
    ]


def _dot(w: Sequence[float], x: Sequence[float]) -> float:
    return sum(a * b for a, b in zip(w, x, strict=True))


@dataclass(frozen=True)
class Calibrated:
    """The calibrated beads and the document verdict."""

    beads: tuple[Bead, ...]
    parallel_score: float
    is_parallel: bool
    contrast: float


def calibrate(
    alignment: Alignment,
    feats_s: Sequence[SegmentFeatures],
    feats_t: Sequence[SegmentFeatures],
    *,
    document_weights: Sequence[float] = DOCUMENT_WEIGHTS,
    bead_weights: Sequence[float] = BEAD_WEIGHTS,
) -> Calibrated:
    """Probabilities for ``alignment``'s beads and its parallel verdict (raw scores in, calibrated out)."""
    evidence = linked_evidence(alignment, feats_s, feats_t)
    doc_logit = _dot(document_weights, document_features(alignment, evidence))
    parallel = _sigmoid(doc_logit)
    beads = tuple(_calibrated(b, evidence.get(k), doc_logit, bead_weights) for k, b in enumerate(alignment.beads))
    return Calibrated(beads, round(parallel, 4), verdict(parallel, len(alignment.source), len(alignment.target)),
                      round(contrast_ratio(evidence), 3))


def _calibrated(bead: Bead, evidence: Evidence | None, doc_logit: float, bead_weights: Sequence[float]) -> Bead:
    return Bead(bead.source_index, bead.target_index,
                round(_sigmoid(_dot(bead_weights, bead_features(bead, evidence, doc_logit))), 4),
                bead.evidence, bead.length_score)


class EvidenceTally:
    """What :func:`linked_evidence` measures, gathered window by window for a text aligned in windows
    (:mod:`termalign.aligner.windows`), in memory that does not grow with the text beyond two numbers per
    linked bead.

    Each window hands over all its beads (local indices) and how many of them it commits; the committed linked
    beads get their own anchor weight, and every ``step``-th of them (counted over the whole text) its shifted
    partners, taken among the window's linked beads (the uncommitted tail included, so a bead near the cut has
    partners on both sides). ``step`` is chosen up front from the text's length, since the number of linked
    beads is known only at the end: about :data:`SHIFT_SAMPLE` beads are measured, as in one piece.
    """

    def __init__(self, step: int) -> None:
        self.step = max(1, step)
        self.own = array("d")
        self.shifted: dict[int, float] = {}
        self.linked_segments = 0

    def add(self, beads: Sequence[Bead], committed: int, feats_s: Sequence[SegmentFeatures],
            feats_t: Sequence[SegmentFeatures]) -> None:
        """Measure the linked beads among the first ``committed`` of a window's ``beads``."""
        linked = [b for b in beads if b.linked]
        count = sum(1 for b in beads[:committed] if b.linked)
        for n, bead in enumerate(linked[:count]):
            src = [feats_s[i] for i in bead.source_index]
            q = len(self.own)
            self.own.append(_own_weight(bead))
            self.linked_segments += len(bead.source_index) + len(bead.target_index)
            if q % self.step == 0:
                weights = [_weight(src, [feats_t[j] for j in linked[n + d].target_index])
                           for d in SHIFTS if 0 <= n + d < len(linked)]
                self.shifted[q] = sum(weights) / len(weights) if weights else 0.0

    def calibrate(self, beads: list[Bead], source_segments: int, target_segments: int, *,
                  document_weights: Sequence[float] = DOCUMENT_WEIGHTS,
                  bead_weights: Sequence[float] = BEAD_WEIGHTS) -> Calibrated:
        """:func:`calibrate` for the whole text's raw ``beads`` (in order, the linked ones those measured).

        ``beads`` is calibrated in place, one bead at a time, so a long text never holds two copies of its beads.
        """
        n = len(self.own)
        mean = sum(self.shifted.values()) / len(self.shifted) if self.shifted else 0.0
        contrast = (sum(self.own) / n) / (mean + CONTRAST_FLOOR) if n else 0.0
        doc_logit = _dot(document_weights, _document_vector(contrast, n, self.linked_segments,
                                                              source_segments + target_segments))
        parallel = _sigmoid(doc_logit)
        q = 0
        for k, bead in enumerate(beads):
            evidence = None
            if bead.linked:
                evidence = Evidence(self.own[q], self.shifted.get(q, mean), 0)  # tokens: no model reads them
                q += 1
            beads[k] = _calibrated(bead, evidence, doc_logit, bead_weights)
        return Calibrated(tuple(beads), round(parallel, 4), verdict(parallel, source_segments, target_segments),
                          round(contrast, 3))


def verdict(parallel_score: float, source_segments: int, target_segments: int) -> bool:
    """The parallel verdict: the score at or above :data:`PARALLEL_THRESHOLD`, or too few segments to refuse."""
    return parallel_score >= PARALLEL_THRESHOLD or min(source_segments, target_segments) < MIN_VERDICT_SEGMENTS
