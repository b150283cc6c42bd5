"""Sentence alignment of an English text and its Indonesian translation.

:func:`align_segments` aligns two lists of sentences (two texts are split into sentences and aligned by
:func:`termalign.align`, i.e. :func:`termalign.pipeline.align`, which calls it). The result is an
:class:`~termalign.model.Alignment` whose beads cover every segment of both sides exactly once, in order:
``1-1`` pairs, ``2-1``/``1-2``/``2-2`` merges and splits (up to ``max_bead`` segments a side), and
``1-0``/``0-1`` beads for sentences with no counterpart (page boilerplate, a title only one side has, a
sentence the translator dropped or added).

How it decides, in the order the work is done:

1. **Features, once per segment**: character length and the anchorable tokens with their keys
   (:mod:`~termalign.aligner.anchors`: numbers, URLs/code, names, identical words, spelling cognates,
   dictionary translations from :mod:`~termalign.aligner.lexicon`).
2. **A first path from rare anchors** (:mod:`~termalign.aligner.firstpass`): keys held by at most
   :data:`~termalign.aligner.firstpass.RARE_KEY_DF` segments of each side — in the whole text, or within a
   window around the length diagonal — pair a few sentences with near certainty; the heaviest monotone chain
   of such pairs (a weighted longest increasing subsequence), less the anchors their neighbours contradict,
   gives a path through the texts. The length ratio and variance of the length model are estimated on those
   pairs.
3. **A banded dynamic programme** (:mod:`~termalign.aligner.search`) searches only ``band`` segments either
   side of that path (and, between two anchors whose gaps differ — a block one side lacks — every place the
   missing block can sit), so time and memory grow linearly with the text. Where the best path touches the
   edge of the band the band is widened there and the search repeats (at most
   :data:`~termalign.aligner.search.MAX_PASSES` times).
4. **Bead cost** (:mod:`~termalign.aligner.costs`) = bead-type prior + Gale–Church length cost
   (target/source character ratio estimated from the input: about 1.08–1.14 for Indonesian/English, not 1.0)
   − lexical log-likelihood ratio (matched anchors lower the cost, unmatched content words raise it) + hints:
   a merged segment that shares no anchor with the other side costs
   :data:`~termalign.aligner.costs.ORPHAN_COST`, a merge across a paragraph break ``paragraph_penalty``. A
   ``1-0``/``0-1`` bead costs ``omission_cost`` (less for recognised page boilerplate such as "Was this
   article helpful?"). So a sentence is left unaligned on lexical grounds — it shares no anchor with its
   would-be partner while its neighbours pair well — not because of its length alone.

5. **Long texts in windows** (:mod:`~termalign.aligner.windows`): a pair with more than ``window`` (20,000)
   segments on a side is aligned window by window, each window committed up to a confident anchor (a
   first-pass anchor on a high-scoring 1-1 bead between two 1-1 beads) near its end, the next starting right
   after it. Each window's features and search are dropped before the next, so memory holds one window plus the
   output, and time grows linearly; the calibration reads its evidence window by window
   (:class:`~termalign.aligner.calibration.EvidenceTally`). Shorter pairs are aligned in one piece.

Every bead carries ``score`` (confidence in [0, 1]), ``length_score`` (the length model's probability of the
observed length difference) and ``evidence`` (the anchors found between its two sides).

Modules, one job each: :mod:`~termalign.aligner.api` (the entry points), :mod:`~termalign.aligner.pair` (the
per-segment figures, anchor cells and :meth:`~termalign.aligner.pair.TextPair.bead_cost`),
:mod:`~termalign.aligner.anchors` (the features and anchors of a sentence), :mod:`~termalign.aligner.lexicon`
(the bilingual dictionary), :mod:`~termalign.aligner.costs`, :mod:`~termalign.aligner.firstpass`,
:mod:`~termalign.aligner.search`, :mod:`~termalign.aligner.beads`, :mod:`~termalign.aligner.calibration` and
:mod:`~termalign.aligner.windows`.
"""

from __future__ import annotations

from termalign.aligner.api import (
    DEFAULT_BAND,
    DEFAULT_MAX_BEAD,
    DEFAULT_MERGE_COST,
    DEFAULT_OMISSION_COST,
    DEFAULT_PARAGRAPH_PENALTY,
    align_segments,
)
from termalign.aligner.costs import is_boilerplate

__all__ = [
    "DEFAULT_BAND",
    "DEFAULT_MAX_BEAD",
    "DEFAULT_MERGE_COST",
    "DEFAULT_OMISSION_COST",
    "DEFAULT_PARAGRAPH_PENALTY",
    "align_segments",
    "is_boilerplate",
]
