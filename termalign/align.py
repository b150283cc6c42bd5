"""Sentence alignment of an English text and its Indonesian translation.

:func:`align` splits both texts into sentences and aligns them; :func:`align_segments` aligns sentences the
caller split already. The result is an :class:`~termalign.model.Alignment` whose beads cover every segment
of both sides exactly once, in order: ``1-1`` pairs, ``2-1``/``1-2``/``2-2`` merges and splits (up to
``max_bead`` segments a side), and ``1-0``/``0-1`` beads for sentences with no counterpart (page boilerplate,
a title only one side has, a sentence the translator dropped or added).

How it decides, in the order the work is done:

1. **Features, once per segment**: character length and the anchorable tokens with their keys
   (:mod:`termalign.anchors`: numbers, URLs/code, names, identical words, spelling cognates, dictionary
   translations).
2. **A first path from rare anchors**: keys held by at most :data:`RARE_KEY_DF` segments of each side — in
   the whole text, or within a window around the length diagonal — pair a few sentences with near certainty;
   the heaviest monotone chain of such pairs (a weighted longest increasing subsequence), less the anchors
   their neighbours contradict, gives a path through the texts. The length ratio and variance of the length
   model are estimated on those pairs.
3. **A banded dynamic programme** searches only ``band`` segments either side of that path (and, between two
   anchors whose gaps differ — a block one side lacks — every place the missing block can sit), so time and
   memory grow linearly with the text. Where the best path touches the edge of the band the band is widened
   there and the search repeats (at most :data:`MAX_PASSES` times).
4. **Bead cost** = bead-type prior + Gale–Church length cost (target/source character ratio estimated from the
   input: about 1.08–1.14 for Indonesian/English, not 1.0) − lexical log-likelihood ratio (matched anchors
   lower the cost, unmatched content words raise it) + hints: a merged segment that shares no anchor with the
   other side costs :data:`ORPHAN_COST`, a merge across a paragraph break ``paragraph_penalty``. A
   ``1-0``/``0-1`` bead costs ``omission_cost`` (less for recognised page boilerplate such as "Was this
   article helpful?"). So a sentence is left unaligned on lexical grounds — it shares no anchor with its
   would-be partner while its neighbours pair well — not because of its length alone.

Every bead carries ``score`` (confidence in [0, 1]), ``length_score`` (the length model's probability of the
observed length difference) and ``evidence`` (the anchors found between its two sides).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from termalign._gc import paused_gc
from termalign.anchors import (
    Featurizer,
    SegmentFeatures,
    add_fuzzy_keys,
    anchors_between,
    fuzzy_cognate_keys,
)
from termalign.dictionary import BilingualDictionary
from termalign.dictionary import load as load_dictionary
from termalign.model import Alignment, Anchor, Bead, Segment
from termalign.segment import from_strings, segment

# -- knobs: the parameters of align()/align_segments() (see their docstrings) -----------------------------------
DEFAULT_MAX_BEAD = 2
DEFAULT_OMISSION_COST = 5.0
DEFAULT_BAND = 6
DEFAULT_PARAGRAPH_PENALTY = 2.0
DEFAULT_MERGE_COST = 4.0

# -- model constants, tuned on TED dev sets (tst2010/2011) and checked on held-out ones (tst2013/2014) ---------
# Extra cost of an n-m bead with several segments on both sides (2-2): its cross pairs collect chance anchors.
CROSS_MERGE_COST = 4.0
# How anchors count, as a likelihood ratio: a content token of a true pair anchors with probability
# MATCH_TRUE, one of a neighbouring (wrong) pair with MATCH_RANDOM (measured on English–Indonesian TED talks).
MATCH_TRUE = 0.43
MATCH_RANDOM = 0.058
# A segment merged into an n-m bead that shares no anchor with the other side costs this much extra
# (when it has at least ORPHAN_MIN_TOKENS content tokens that could have anchored).
ORPHAN_COST = 2.0
ORPHAN_MIN_TOKENS = 2
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
# Band widening: at most MAX_PASSES searches, doubling the band where the path touched its edge.
MAX_PASSES = 4
# The first band follows the length diagonal only up to CENTRE_DRIFT * band segments away from the paths the
# anchors allow (see _Aligner.search).
CENTRE_DRIFT = 1
# Leaving recognised page furniture unaligned costs this share of omission_cost.
BOILERPLATE_FACTOR = 0.3
_INF = float("inf")
# One source row's lexical cells: (first target index, source masks, target masks, their popcounts, 1-1 costs).
_Cells = tuple[int, list[int], list[int], list[int], list[int], list[float]]
_DROPPED: list[float] = []  # stands for a row of the programme no bead can reach any more
_SQRT2 = math.sqrt(2.0)

# Page furniture that sites add on one language version and not the other; matched against a whole short
# segment (lower case, punctuation removed). A match makes leaving the segment unaligned cheap.
BOILERPLATE = re.compile(
    r"^(?:was this (?:article|page|answer|information) (?:helpful|useful)|share(?: this(?: article| page| post)?)?"
    r"|share on \w+|thanks? (?:you )?for (?:the|your) feedback|how can we help(?: you)?|in other languages"
    r"|related (?:articles?|posts?|pages?|topics?)|read more|print(?: this page)?|e-?mail|tweet|subscribe"
    r"|sign (?:in|up)|log ?in|skip to (?:main )?content|back to top|table of contents|follow us(?: on \w+)?"
    r"|you may also like|leave a (?:comment|reply)|advertisement|all rights reserved|cookie settings"
    r"|apakah (?:artikel|halaman|informasi) ini (?:membantu|bermanfaat)|bagikan(?: artikel ini| ke \w+)?"
    r"|terima kasih atas (?:masukan|umpan balik)(?: anda)?|apa yang bisa kami bantu|dalam bahasa lain"
    r"|artikel terkait|baca juga|baca selengkapnya|berlangganan|kembali ke atas|daftar isi"
    r"|ikuti kami(?: di \w+)?|hak cipta dilindungi(?: undang-undang)?)"
    r"(?: (?:was this|thanks?|how can|share|apakah|terima kasih|bagikan)[\w ]*)*$"
)
_PUNCT = re.compile(r"[^\w\s-]+")


def is_boilerplate(text: str) -> bool:
    """Whether ``text`` is page furniture ("Was this article helpful?", "Share this article", "Bagikan")."""
    if len(text) > 200 or text.count(" ") > 24:
        return False
    words = _PUNCT.sub(" ", text.lower()).split()
    return 0 < len(words) <= 12 and BOILERPLATE.match(" ".join(words)) is not None


@dataclass(frozen=True)
class _Params:
    ratio: float
    variance: float
    omission_cost: float
    merge_cost: float
    paragraph_penalty: float
    match_gain: float
    miss_cost: float


def _bead_types(max_bead: int) -> list[tuple[int, int]]:
    """Bead shapes searched: 1-1, 1-0, 0-1, then n-m with 1 ≤ n, m ≤ ``max_bead`` (2-1, 1-2, 2-2, 3-1...).

    The order is part of the fast path in :meth:`_Aligner._dp` (indices 3, 4, 5 are 2-1, 1-2, 2-2).
    """
    types = [(1, 1), (1, 0), (0, 1)]
    for total in range(3, 2 * max_bead + 1):
        for a in range(max_bead, 0, -1):
            b = total - a
            if 1 <= b <= max_bead:
                types.append((a, b))
    return types


def _prior(a: int, b: int, merge_cost: float) -> float:
    """Cost of the bead shape itself: 0 for 1-1, ``merge_cost`` per extra segment beyond the first on each side."""
    return merge_cost * ((a - 1) + (b - 1)) + CROSS_MERGE_COST * (a - 1) * (b - 1)


def _to_segments(items: Sequence[str] | Sequence[Segment]) -> list[Segment]:
    listed = list(items)
    if not listed:
        return []
    if all(isinstance(x, Segment) for x in listed):
        return list(listed)  # type: ignore[arg-type]
    if all(isinstance(x, str) for x in listed):
        return from_strings(listed)  # type: ignore[arg-type]
    raise TypeError("segments must be all str or all termalign.model.Segment")


def align(
    source_text: str,
    target_text: str,
    *,
    source_lang: str = "en",
    target_lang: str = "id",
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | str | None = None,
    max_bead: int = DEFAULT_MAX_BEAD,
    omission_cost: float = DEFAULT_OMISSION_COST,
    band: int = DEFAULT_BAND,
    paragraph_penalty: float = DEFAULT_PARAGRAPH_PENALTY,
    merge_cost: float = DEFAULT_MERGE_COST,
    length_ratio: float | None = None,
    source_name: str | None = None,
    target_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Alignment:
    """Split two texts into sentences (:func:`termalign.segment.segment`) and align them.

    ``source_text`` is English and ``target_text`` Indonesian by default. See :func:`align_segments` for the
    other parameters and the result.
    """
    return align_segments(
        segment(source_text, source_lang),
        segment(target_text, target_lang),
        source_lang=source_lang,
        target_lang=target_lang,
        dictionary=dictionary,
        max_bead=max_bead,
        omission_cost=omission_cost,
        band=band,
        paragraph_penalty=paragraph_penalty,
        merge_cost=merge_cost,
        length_ratio=length_ratio,
        source_name=source_name,
        target_name=target_name,
        progress=progress,
    )


def align_segments(
    source_segments: Sequence[str] | Sequence[Segment],
    target_segments: Sequence[str] | Sequence[Segment],
    *,
    source_lang: str = "en",
    target_lang: str = "id",
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | str | None = None,
    max_bead: int = DEFAULT_MAX_BEAD,
    omission_cost: float = DEFAULT_OMISSION_COST,
    band: int = DEFAULT_BAND,
    paragraph_penalty: float = DEFAULT_PARAGRAPH_PENALTY,
    merge_cost: float = DEFAULT_MERGE_COST,
    length_ratio: float | None = None,
    source_name: str | None = None,
    target_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    calibrated: bool = True,
) -> Alignment:
    """Align two lists of sentences (``str`` or :class:`~termalign.model.Segment`, the caller's segmentation kept).

    ``source_lang``/``target_lang`` are ``"en"``/``"id"`` in either order (an Indonesian source is aligned as
    English → Indonesian and the beads turned back); other codes are accepted, with stopword-free tokens and
    the dictionary applied from source to target.

    Parameters (the knobs; defaults suit English–Indonesian prose):

    * ``dictionary`` — a :class:`~termalign.dictionary.BilingualDictionary`, a path (dictd ``.index`` or TSV),
      ``None``/``"default"`` for the shipped FreeDict eng-ind list, or ``"none"`` for no dictionary.
    * ``max_bead`` (2) — most segments on one side of a bead: 2 allows 1-1, 1-0, 0-1, 2-1, 1-2, 2-2;
      3 adds 3-1, 1-3, 3-2, 2-3, 3-3.
    * ``omission_cost`` (5.0) — cost of leaving a sentence unaligned, in the same log-odds units as the rest;
      lower it to unlink more readily, raise it to force pairs.
    * ``band`` (6) — initial half-width, in segments, of the search band around the first-pass path
      (widened automatically where the best path reaches its edge).
    * ``paragraph_penalty`` (2.0) — extra cost of a merge whose segments lie in different paragraphs of one side.
    * ``merge_cost`` (4.0) — cost of each extra segment in an n-m bead (a 2-1 costs 4.0; a 2-2 costs 12.0:
      two extra segments plus ``CROSS_MERGE_COST``).
    * ``length_ratio`` — target/source character ratio; ``None`` estimates it from the input.
    * ``progress`` — called as ``progress(done, total)`` while the search runs (rows of the programme; it
      starts again from 0 in the rare case that the band is widened and the search repeated).
    * ``calibrated`` (True) — bead scores are probabilities and the result carries the parallel verdict
      (:mod:`termalign.calibration`); False gives the search's raw scores (what the calibration is fitted on).

    Returns an :class:`~termalign.model.Alignment` whose beads cover every segment of both sides exactly once,
    in order. ``stats`` reports ``length_ratio``, ``length_variance``, ``band`` (final widest half-width),
    ``band_cells`` (cells searched), ``passes``, ``anchor_points``, ``dictionary_entries``,
    ``dictionary_entries_used`` (headwords that produced an anchor in a bead) and ``beads_<kind>`` counts.
    The result is deterministic: the same input gives the same beads.
    """
    if max_bead < 1:
        raise ValueError("max_bead must be at least 1")
    if band < 1:
        raise ValueError("band must be at least 1")
    src = _to_segments(source_segments)
    tgt = _to_segments(target_segments)
    lexicon = load_dictionary(dictionary)
    if source_lang == "id" and target_lang == "en":
        # The dictionary and the cognate rules run English → Indonesian: align the other way round.
        flipped = align_segments(
            tgt, src, source_lang="en", target_lang="id", dictionary=lexicon if lexicon is not None else "none",
            max_bead=max_bead, omission_cost=omission_cost, band=band, paragraph_penalty=paragraph_penalty,
            merge_cost=merge_cost, length_ratio=None if length_ratio is None else 1.0 / length_ratio,
            progress=progress, calibrated=calibrated,
        )
        return _flip_back(flipped, src, tgt, source_lang, target_lang, source_name, target_name)
    n, m = len(src), len(tgt)
    stats: dict[str, float] = {
        "source_segments": n,
        "target_segments": m,
        "dictionary_entries": len(lexicon) if lexicon is not None else 0,
    }
    if n == 0 or m == 0:  # nothing to pair: every segment is left alone, with full confidence
        beads = [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
        ratio = DEFAULT_LENGTH_RATIO if length_ratio is None else length_ratio
        stats.update(length_ratio=ratio, length_variance=DEFAULT_LENGTH_VARIANCE, band=0, band_cells=0,
                     passes=0, anchor_points=0, dictionary_entries_used=0)
        return _finish(src, tgt, beads, stats, source_lang, target_lang, source_name, target_name,
                       parallel=(0.0, False))

    # Millions of small objects, none in a reference cycle, all alive until the end: a collection would walk
    # them all again and again, and the time would grow faster than the text.
    with paused_gc():
        featurize_s = Featurizer(source_lang, "source", lexicon)
        featurize_t = Featurizer(target_lang, "target", lexicon)
        feats_s = [featurize_s.features(s.text) for s in src]
        feats_t = [featurize_t.features(t.text) for t in tgt]
        folds_s = {k[1:] for f in feats_s for tok in f.tokens for k in tok.keys if k[0] == "~"}
        folds_t = {k[1:] for f in feats_t for tok in f.tokens for k in tok.keys if k[0] == "~"}
        feats_s = add_fuzzy_keys(feats_s, fuzzy_cognate_keys(folds_s, folds_t))

        aligner = _Aligner(src, tgt, feats_s, feats_t, max_bead)
        chain = aligner.anchor_chain()
        ratio, variance = aligner.estimate_length_model(chain, length_ratio)
        params = _Params(
            ratio=ratio,
            variance=variance,
            omission_cost=omission_cost,
            merge_cost=merge_cost,
            paragraph_penalty=paragraph_penalty,
            match_gain=math.log(MATCH_TRUE / MATCH_RANDOM),
            miss_cost=math.log((1 - MATCH_RANDOM) / (1 - MATCH_TRUE)),
        )
        path, passes, width = aligner.search(chain, params, band, progress)
        beads, used = aligner.make_beads(path, params)
        parallel = (1.0, True)
        if calibrated:
            from termalign.calibration import calibrate

            result = calibrate(Alignment(tuple(src), tuple(tgt), tuple(beads), source_lang, target_lang),
                               feats_s, feats_t)
            beads = list(result.beads)
            parallel = (result.parallel_score, result.is_parallel)
            stats["parallel_contrast"] = result.contrast
    stats.update(
        length_ratio=round(ratio, 4),
        length_variance=round(variance, 3),
        band=width,
        band_cells=aligner.cells_searched,
        passes=passes,
        anchor_points=len(chain),
        dictionary_entries_used=len({lexicon.headword(w) or w for w in used} if lexicon is not None else used),
    )
    return _finish(src, tgt, beads, stats, source_lang, target_lang, source_name, target_name, parallel=parallel)


def _flip_back(
    flipped: Alignment,
    src: list[Segment],
    tgt: list[Segment],
    source_lang: str,
    target_lang: str,
    source_name: str | None,
    target_name: str | None,
) -> Alignment:
    """An alignment computed target → source, turned round: beads, anchors and stats swap sides."""
    beads = [
        Bead(b.target_index, b.source_index, b.score,
             tuple(Anchor(a.kind, a.target, a.source, a.weight) for a in b.evidence), b.length_score)
        for b in flipped.beads
    ]
    stats = {k: v for k, v in flipped.stats.items() if not (k.startswith("beads_") and "-" in k)}
    stats["source_segments"], stats["target_segments"] = stats["target_segments"], stats["source_segments"]
    stats["length_ratio"] = round(1.0 / stats["length_ratio"], 4) if stats.get("length_ratio") else 0.0
    return _finish(src, tgt, beads, stats, source_lang, target_lang, source_name, target_name,
                   parallel=(flipped.parallel_score, flipped.is_parallel))


def _finish(
    src: list[Segment],
    tgt: list[Segment],
    beads: list[Bead],
    stats: dict[str, float],
    source_lang: str,
    target_lang: str,
    source_name: str | None,
    target_name: str | None,
    *,
    parallel: tuple[float, bool],
) -> Alignment:
    kinds: dict[str, int] = {}
    for bead in beads:
        kinds[bead.kind] = kinds.get(bead.kind, 0) + 1
    for kind in sorted(kinds):
        stats[f"beads_{kind}"] = kinds[kind]
    stats["beads"] = len(beads)
    stats["anchors"] = sum(len(b.evidence) for b in beads)
    return Alignment(
        source=tuple(src),
        target=tuple(tgt),
        beads=tuple(beads),
        source_lang=source_lang,
        target_lang=target_lang,
        source_name=source_name,
        target_name=target_name,
        stats=stats,
        parallel_score=parallel[0],
        is_parallel=parallel[1],
    )


class _Aligner:
    """The state of one alignment run: features, target postings, band and dynamic programme."""

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
        self.types = _bead_types(max_bead)
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
        # Lexical cells of the last max_bead source rows while the programme runs (see _row_cells).
        self._window: dict[int, _Cells] = {}
        self.omit_s: list[float] = []
        self.omit_t: list[float] = []

    # -- first pass -------------------------------------------------------------------------------------------
    def anchor_chain(self) -> list[tuple[int, int]]:
        """Sentence pairs tied by rare keys, thinned to the heaviest chain increasing on both sides.

        A key is rare when at most :data:`RARE_KEY_DF` segments of each side hold it, either in the whole text
        (then it anchors at any distance, so a block missing from one side cannot hide the true pairs) or
        within ``±W`` segments of the length diagonal (``W`` grows with the square root of the text length, so
        a name repeated across a long text still anchors locally).
        """
        n, m = self.n, self.m
        postings = self.postings
        diag = self._length_diagonal()
        window = max(ANCHOR_WINDOW_MIN, int(ANCHOR_WINDOW_SCALE * math.sqrt(max(n, m))))
        common = max(4 * RARE_KEY_DF, m // 20)  # keys this frequent overall are rarely locally rare: skip early
        src_post: dict[str, list[int]] = {}
        for s, row in enumerate(self.src_keys):
            for _bit, keys in row:
                for key in keys:
                    lst = src_post.setdefault(key, [])
                    if not lst or lst[-1] != s:
                        lst.append(s)
        best: dict[int, tuple[float, int]] = {}
        for s, row in enumerate(self.src_keys):
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
        return _supported(_heaviest_chain(points, m))

    def _length_diagonal(self) -> list[float]:
        """For each source segment, the target index at the same relative character position (a fractional index)."""
        len_s, len_t = self.len_s, self.len_t
        total_s, total_t = len_s[-1] or 1, len_t[-1]
        out = []
        for s in range(self.n):
            out.append(self._target_index_at((len_s[s] + len_s[s + 1]) * 0.5 * total_t / total_s))
        return out

    def _target_index_at(self, chars: float) -> float:
        """The fractional target index whose cumulative character offset is ``chars``."""
        len_t = self.len_t
        k = bisect_right(len_t, chars) - 1
        if k >= self.m:
            return float(self.m)
        k = max(k, 0)
        span = len_t[k + 1] - len_t[k]
        return k + ((chars - len_t[k]) / span if span else 0.0)

    def estimate_length_model(
        self, chain: list[tuple[int, int]], fixed_ratio: float | None
    ) -> tuple[float, float]:
        """Target/source character ratio and length variance, from anchored pairs (whole texts as fallback)."""
        total_s = self.len_s[-1] or 1
        total_t = self.len_t[-1]
        whole = total_t / total_s if total_t else DEFAULT_LENGTH_RATIO
        pairs = [(self.feats_s[s].length, self.feats_t[t].length) for s, t in chain]
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

    # -- band -------------------------------------------------------------------------------------------------
    def _center_from_chain(self, chain: list[tuple[int, int]]) -> list[float]:
        """The first-pass path: for each row ``i`` a target position, through the anchors and, between two
        anchors, at the same relative character offset (so long and short sentences bend the path as they should)."""
        len_s, len_t = self.len_s, self.len_t
        points = [(0, 0)] + [(s, t) for s, t in chain] + [(self.n, self.m)]
        center = [0.0] * (self.n + 1)
        k = 0
        for i in range(self.n + 1):
            while k + 1 < len(points) - 1 and points[k + 1][0] <= i:
                k += 1
            (s0, t0), (s1, t1) = points[k], points[k + 1]
            chars_s = len_s[s1] - len_s[s0]
            frac = (len_s[i] - len_s[s0]) / chars_s if chars_s else (0.0 if i <= s0 else 1.0)
            frac = min(max(frac, 0.0), 1.0)
            center[i] = self._target_index_at(len_t[t0] + frac * (len_t[t1] - len_t[t0]))
        return center

    def _gap_envelope(self, chain: list[tuple[int, int]]) -> tuple[list[float], list[float]]:
        """For each row, the lowest and highest target position a path of 1-1 steps plus runs of 1-0 or 0-1
        beads can take between the anchors around it.

        Between two anchors with 100 source and 250 target segments the path must leave 150 target segments
        unaligned somewhere; the band has to contain every place where that can happen, not just the diagonal.
        Where the gap is balanced the envelope is the diagonal itself and adds nothing.
        """
        points = [(0, 0)]
        for s, t in chain:
            points += [(s, t), (s + 1, t + 1)]
        points.append((self.n, self.m))
        low = [float(self.m)] * (self.n + 1)
        high = [0.0] * (self.n + 1)
        for (x0, y0), (x1, y1) in pairwise(points):
            dx, dy = x1 - x0, y1 - y0
            extra_s, extra_t = max(0, dx - dy), max(0, dy - dx)
            for i in range(x0, x1 + 1):
                step = i - x0
                low[i] = min(low[i], y0 + max(0, step - extra_s))
                high[i] = max(high[i], min(y1, y0 + step + extra_t))
        return low, high

    def _band_from(self, low: list[float], high: list[float], width: list[int]) -> tuple[list[int], list[int]]:
        n, m = self.n, self.m
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

    # -- lexical cells ----------------------------------------------------------------------------------------
    def _row_range(self, s: int, lo: list[int], hi: list[int]) -> tuple[int, int]:
        """Target indices ``t`` whose pair (``s``, ``t``) some bead between two points of the band can use."""
        n, mb = self.n, self.max_bead
        return max(0, lo[s + 1] - mb), min(self.m - 1, hi[min(n, s + mb)] - 1)

    def _row_cells(self, s: int, t_lo: int, t_hi: int, params: _Params) -> _Cells:
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
        log, erfc, sqrt = math.log, math.erfc, math.sqrt
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
        c11 = [0.0] * size
        for off in range(size):
            t = t_lo + off
            lt = len_t[t + 1] - len_t[t]
            mean = (ls + lt / ratio) * 0.5
            p = erfc(abs(lt - ratio * ls) / sqrt(variance * (mean if mean > 1.0 else 1.0)) / _SQRT2)
            matched = ps[off] if ps[off] < pt[off] else pt[off]
            c = (-log(p) if p > 1e-300 else 690.0) + ((ns + cnt_t[t]) * 0.5 - matched) * miss - matched * gain
            if boiler != boiler_t[t]:
                c += omit
            c11[off] = c
        return t_lo, sm, tm, ps, pt, c11

    def _cell(self, s: int, t: int, params: _Params) -> tuple[int, int, float]:
        """Source mask, target mask and 1-1 cost of the pair (``s``, ``t``): from the rows the programme holds,
        else computed alone (the same code, so the same figures)."""
        cells = self._window.get(s)
        if cells is not None and 0 <= t - cells[0] < len(cells[1]):
            off = t - cells[0]
            return cells[1][off], cells[2][off], cells[5][off]
        _base, sm, tm, _ps, _pt, c11 = self._row_cells(s, t, t, params)
        return sm[0], tm[0], c11[0]

    def cell_masks(self, s: int, t: int, params: _Params) -> tuple[int, int]:
        """Source- and target-token anchor masks of the pair (``s``, ``t``)."""
        sm, tm, _c11 = self._cell(s, t, params)
        return sm, tm

    # -- search -----------------------------------------------------------------------------------------------
    def search(
        self,
        chain: list[tuple[int, int]],
        params: _Params,
        band: int,
        progress: Callable[[int, int], None] | None,
    ) -> tuple[list[tuple[int, int, int, int]], int, int]:
        """Banded dynamic programme; returns the bead path ``[(i0, j0, a, b)]``, passes run and widest band."""
        n = self.n
        center = self._center_from_chain(chain)
        low, high = self._gap_envelope(chain)
        # The length diagonal joins the band only within `drift` of the index paths: far from any anchor the
        # two drift apart like a random walk (~sqrt of the distance), so covering both would make the band,
        # and the work, grow faster than the text; where the path does follow lengths further out it meets
        # the band's edge and the widening passes follow it.
        drift = CENTRE_DRIFT * band
        center = [min(max(c, a - drift), b + drift) for c, a, b in zip(center, low, high, strict=True)]
        low = [min(a, b) for a, b in zip(low, center, strict=True)]
        high = [max(a, b) for a, b in zip(high, center, strict=True)]
        width = [band] * (n + 1)
        path: list[tuple[int, int, int, int]] = []
        passes = 0
        while True:
            passes += 1
            lo, hi = self._band_from(low, high, width)
            path = self._dp(lo, hi, params, progress)
            touched = self._touching(path, lo, hi)
            if not touched or passes >= MAX_PASSES:
                break
            # Re-centre on the path found and widen around the rows where it met the edge.
            low = [float(self.m)] * (n + 1)
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
        return path, passes, max(width)

    def _touching(self, path: list[tuple[int, int, int, int]], lo: list[int], hi: list[int]) -> list[int]:
        """Rows where the path runs along an edge of the band that is not the edge of the texts."""
        out = []
        for i0, j0, a, b in path:
            i1, j1 = i0 + a, j0 + b
            for i, j in ((i0, j0), (i1, j1)):
                if (j <= lo[i] and lo[i] > 0) or (j >= hi[i] and hi[i] < self.m):
                    out.append(i)
        return sorted(set(out))

    def bead_cost(self, i0: int, j0: int, a: int, b: int, params: _Params) -> float:
        """Cost of the bead covering source ``i0..i0+a-1`` and target ``j0..j0+b-1`` (any shape)."""
        if b == 0:
            return self.omit_s[i0]
        if a == 0:
            return self.omit_t[j0]
        if a == 1 and b == 1:
            return self._cell(i0, j0, params)[2]
        ls = self.len_s[i0 + a] - self.len_s[i0]
        lt = self.len_t[j0 + b] - self.len_t[j0]
        mean = (ls + lt / params.ratio) * 0.5
        p = math.erfc(abs(lt - params.ratio * ls) / math.sqrt(params.variance * max(mean, 1.0)) / _SQRT2)
        cost = _prior(a, b, params.merge_cost) + (-math.log(p) if p > 1e-300 else 690.0)
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
        matched = min(ms, mt)
        gain, miss = params.match_gain, params.miss_cost
        return cost + ((ns + nt) * 0.5 - matched) * miss - matched * gain

    def _dp(
        self,
        lo: list[int],
        hi: list[int],
        params: _Params,
        progress: Callable[[int, int], None] | None,
        generic: bool = False,
    ) -> list[tuple[int, int, int, int]]:
        """Minimum-cost bead path through the band; the fast path handles ``max_bead`` ≤ 2 with unrolled shapes
        (and skips a merge's length cost when the rest of its cost already loses). ``generic`` forces the
        one-:meth:`bead_cost`-per-shape path, which the tests hold the fast one to."""
        n, m = self.n, self.m
        types = self.types
        fast = self.max_bead <= 2 and not generic
        multi = self.max_bead == 2
        self.omit_s = [self._omission(s, True, params) for s in range(n)]
        self.omit_t = [self._omission(t, False, params) for t in range(m)]
        omit_s, omit_t = self.omit_s, self.omit_t
        window = self._window
        window.clear()
        cells1: _Cells | None = None  # lexical cells of source row i-1, then of row i-2
        cells2: _Cells | None = None
        len_s, len_t, cnt_s, cnt_t = self.len_s, self.len_t, self.cnt_s, self.cnt_t
        ratio, variance = params.ratio, params.variance
        gain, miss = params.match_gain, params.miss_cost
        gm = gain + miss
        half_miss = miss * 0.5
        log, erfc, sqrt = math.log, math.erfc, math.sqrt
        inv_sqrt2 = 1.0 / _SQRT2
        prior2 = _prior(2, 1, params.merge_cost)
        prior22 = _prior(2, 2, params.merge_cost)
        orphan, min_tok = ORPHAN_COST, ORPHAN_MIN_TOKENS
        omit, pen = params.omission_cost, params.paragraph_penalty
        # Extra cost of merging segment k with segment k+1 of one side: paragraph break, boilerplate.
        join_s = [(pen if self.para_s[k] != self.para_s[k + 1] else 0.0) for k in range(n - 1)]
        join_t = [(pen if self.para_t[k] != self.para_t[k + 1] else 0.0) for k in range(m - 1)]
        boil_s = [omit if x else 0.0 for x in self.boiler_s]
        boil_t = [omit if x else 0.0 for x in self.boiler_t]
        orph_s = [orphan if c >= min_tok else 0.0 for c in cnt_s]
        orph_t = [orphan if c >= min_tok else 0.0 for c in cnt_t]

        def length_cost(ls: float, lt: float) -> float:
            """The length cost of a merge bead of ``ls`` source and ``lt`` target characters (asked only for a
            merge whose other costs can still win)."""
            mean = (ls + lt / ratio) * 0.5
            p = erfc(abs(lt - ratio * ls) * inv_sqrt2 / sqrt(variance * (mean if mean > 1 else 1)))
            return -log(p) if p > 1e-300 else 690.0

        rows_cost: list[list[float]] = []
        rows_back: list[bytearray] = []
        step = max(1, n // 100)
        inf = _INF
        for i in range(n + 1):
            lo_i, hi_i = lo[i], hi[i]
            width = hi_i - lo_i + 1
            self.cells_searched += width
            cur = [inf] * width
            back = bytearray(width)
            if i >= 1:
                cells2, cells1 = cells1, self._row_cells(i - 1, *self._row_range(i - 1, lo, hi), params)
                window[i - 1] = cells1
                window.pop(i - 1 - self.max_bead, None)
            if not fast:
                self._dp_row_generic(i, lo, hi, rows_cost, cur, back, params)
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
                                    c = head + length_cost(ls1, len_t[j] - len_t[t0]) + lex - fit
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
                                    c = head + length_cost(ls2, len_t[j] - len_t[t0]) + lex - fit
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
                                    c = head + length_cost(ls2, len_t[j] - len_t[t0]) + lex - fit
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
            if i >= self.max_bead:
                rows_cost[i - self.max_bead] = _DROPPED  # no bead reaches back that far any more
            if progress is not None and (i % step == 0 or i == n):
                progress(i, n)
        window.clear()
        # Trace back from (n, m).
        path: list[tuple[int, int, int, int]] = []
        i, j = n, m
        while i > 0 or j > 0:
            a, b = types[rows_back[i][j - lo[i]]]
            path.append((i - a, j - b, a, b))
            i, j = i - a, j - b
        path.reverse()
        return path

    def _dp_row_generic(
        self,
        i: int,
        lo: list[int],
        hi: list[int],
        rows_cost: list[list[float]],
        cur: list[float],
        back: bytearray,
        params: _Params,
    ) -> None:
        """One row of the programme for any ``max_bead`` (slower: one :meth:`bead_cost` call per shape)."""
        lo_i = lo[i]
        for j in range(lo_i, hi[i] + 1):
            if i == 0 and j == 0:
                cur[0] = 0.0
                continue
            best, bk = _INF, 0
            for k, (a, b) in enumerate(self.types):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                prev = rows_cost[pi][pj - lo[pi]] if pi < i else cur[pj - lo_i]
                if prev == _INF:
                    continue
                c = prev + self.bead_cost(pi, pj, a, b, params)
                if c < best:
                    best, bk = c, k
            cur[j - lo_i] = best
            back[j - lo_i] = bk

    def _omission(self, index: int, source: bool, params: _Params) -> float:
        """Cost of leaving one segment unaligned."""
        boiler = self.boiler_s[index] if source else self.boiler_t[index]
        cost = params.omission_cost
        if boiler:
            cost *= BOILERPLATE_FACTOR
        return cost

    # -- output -----------------------------------------------------------------------------------------------
    def _null_score(self, path: list[tuple[int, int, int, int]], k: int, params: _Params) -> float:
        """Confidence that the segment of the null bead ``path[k]`` really has no counterpart.

        Compares leaving it alone with the cheapest way of attaching it to a neighbouring linked bead
        (extending that bead by one segment); a logistic of the margin, so 0.5 means "a toss-up".
        """
        i0, j0, a, b = path[k]
        own = self.omit_s[i0] if a else self.omit_t[j0]
        best = _INF
        for q in (k - 1, k + 1):
            if not 0 <= q < len(path):
                continue
            pi, pj, pa, pb = path[q]
            if not (pa and pb):
                continue
            na, nb = pa + (1 if a else 0), pb + (1 if b else 0)
            if max(na, nb) > self.max_bead:
                continue
            ni, nj = (min(pi, i0), pj) if a else (pi, min(pj, j0))
            extra = self.bead_cost(ni, nj, na, nb, params) - self.bead_cost(pi, pj, pa, pb, params)
            best = min(best, extra)
        if best == _INF:
            return 1.0
        return _sigmoid((best - own) * 0.5)

    def make_beads(
        self, path: list[tuple[int, int, int, int]], params: _Params
    ) -> tuple[list[Bead], set[str]]:
        """Beads with score, length score and anchors; also the dictionary headwords the anchors used."""
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
                        sm, tm = self.cell_masks(s, t, params)
                        s_masks[x] |= sm
                        t_masks[y] |= tm
                evidence, dict_words = anchors_between(
                    [_only(self.feats_s[s], mask) for s, mask in zip(s_idx, s_masks, strict=True)],
                    [_only(self.feats_t[t], mask) for t, mask in zip(t_idx, t_masks, strict=True)],
                )
                used.update(dict_words)
                ls = self.len_s[i0 + a] - self.len_s[i0]
                lt = self.len_t[j0 + b] - self.len_t[j0]
                mean = max((ls + lt / params.ratio) * 0.5, 1.0)
                delta = abs(lt - params.ratio * ls) / math.sqrt(params.variance * mean)
                length_score = math.erfc(delta / _SQRT2)
                ns = sum(self.cnt_s[s] for s in s_idx)
                nt = sum(self.cnt_t[t] for t in t_idx)
                matched = min(len(evidence), ns, nt)
                llr = matched * params.match_gain - ((ns + nt) * 0.5 - matched) * params.miss_cost
                llr += math.log(max(length_score, 1e-12)) * 0.5
                score = 1.0 / (1.0 + math.exp(-(llr + 1.0)))
                beads.append(Bead(s_idx, t_idx, round(score, 4), evidence, round(length_score, 4)))
            else:
                beads.append(Bead(s_idx, t_idx, round(self._null_score(path, k, params), 4), (), 0.0))
        return beads, used


def _sigmoid(x: float) -> float:
    if x < -50:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def _only(feat: SegmentFeatures, mask: int) -> SegmentFeatures:
    """``feat`` restricted to the tokens whose bits are set in ``mask``."""
    if not mask:
        return SegmentFeatures(feat.length, ())
    return SegmentFeatures(feat.length, tuple(tok for k, tok in enumerate(feat.tokens) if mask >> k & 1))


def _prefix(values: list[int]) -> list[int]:
    out = [0] * (len(values) + 1)
    total = 0
    for k, v in enumerate(values):
        total += v
        out[k + 1] = total
    return out


def _supported(chain: list[tuple[int, int]], reach: int = 12) -> list[tuple[int, int]]:
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


def _heaviest_chain(points: list[tuple[int, int, float]], m: int) -> list[tuple[int, int]]:
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
