"""The entry point of the aligner: :func:`align_segments` (sentences; texts go through
:func:`termalign.pipeline.align`, which segments them and calls it).

It validates the knobs, turns an Indonesian → English request round (the dictionary and cognate rules run
English → Indonesian), featurizes both sides and runs the stages of :mod:`termalign.aligner` in order: first
pass, search, beads. See the package docstring for how the aligner decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from termalign._gc import paused_gc
from termalign.aligner.anchors import Featurizer, add_fuzzy_keys, fuzzy_cognate_keys
from termalign.aligner.beads import make_beads
from termalign.aligner.calibration import SHIFT_SAMPLE, EvidenceTally, calibrate
from termalign.aligner.costs import Params
from termalign.aligner.firstpass import (
    DEFAULT_LENGTH_RATIO,
    DEFAULT_LENGTH_VARIANCE,
    anchor_chain,
    estimate_length_model,
)
from termalign.aligner.lexicon import BilingualDictionary
from termalign.aligner.lexicon import load as load_dictionary
from termalign.aligner.pair import TextPair
from termalign.aligner.search import search
from termalign.aligner.windows import DEFAULT_WINDOW, MIN_WINDOW, Meter, choose_cut, cut_goal, window_extent
from termalign.model import Alignment, Anchor, Bead, Segment
from termalign.segment import from_strings

# -- knobs: the parameters of align_segments() (see its docstring) ---------------------------------------------
DEFAULT_MAX_BEAD = 2
DEFAULT_OMISSION_COST = 5.0
DEFAULT_BAND = 6
DEFAULT_PARAGRAPH_PENALTY = 2.0
DEFAULT_MERGE_COST = 4.0


def _to_segments(items: Sequence[str] | Sequence[Segment]) -> list[Segment]:
    """The caller's sentences as segments: :class:`Segment` objects kept, strings numbered in order."""
    given: list[object] = list(items)
    segments = [x for x in given if isinstance(x, Segment)]
    if len(segments) == len(given):
        return segments
    texts = [x for x in given if isinstance(x, str)]
    if len(texts) == len(given):
        return from_strings(texts)
    raise TypeError("segments must be all str or all termalign.model.Segment")


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
    window: int = DEFAULT_WINDOW,
) -> Alignment:
    """Align two lists of sentences (``str`` or :class:`~termalign.model.Segment`, the caller's segmentation kept).

    ``source_lang``/``target_lang`` are ``"en"``/``"id"`` in either order (an Indonesian source is aligned as
    English → Indonesian and the beads turned back); other codes are accepted, with stopword-free tokens and
    the dictionary applied from source to target.

    Parameters (the knobs; defaults suit English–Indonesian prose):

    * ``dictionary`` — a :class:`~termalign.aligner.lexicon.BilingualDictionary`, a path (dictd ``.index`` or TSV),
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
    * ``progress`` — called as ``progress(done, total)`` while the alignment runs: ``total`` is the number of
      source segments, ``done`` an estimate of the work done in the same units. It never goes down and reaches
      ``total`` once, when the alignment is complete.
    * ``calibrated`` (True) — bead scores are probabilities and the result carries the parallel verdict
      (:mod:`termalign.aligner.calibration`); False gives the search's raw scores (what the calibration is
      fitted on).
    * ``window`` (20,000) — most segments a side that is aligned in one piece; longer texts are aligned in
      windows of that size, cut at confident anchors, in memory that does not grow with the text
      (:mod:`termalign.aligner.windows`). Texts within the cap are aligned exactly as a single window.

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
    if window < MIN_WINDOW:
        raise ValueError(f"window must be at least {MIN_WINDOW}")
    src = _to_segments(source_segments)
    tgt = _to_segments(target_segments)
    lexicon = load_dictionary(dictionary)
    if source_lang == "id" and target_lang == "en":
        # The dictionary and the cognate rules run English → Indonesian: align the other way round.
        flipped = align_segments(
            tgt, src, source_lang="en", target_lang="id", dictionary=lexicon if lexicon is not None else "none",
            max_bead=max_bead, omission_cost=omission_cost, band=band, paragraph_penalty=paragraph_penalty,
            merge_cost=merge_cost, length_ratio=None if length_ratio is None else 1.0 / length_ratio,
            progress=progress, calibrated=calibrated, window=window,
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

    knobs = _Knobs(omission_cost, merge_cost, paragraph_penalty)
    meter = Meter(progress, n)
    # Millions of small objects, none in a reference cycle, all alive until the end of a window: a collection
    # would walk them all again and again, and the time would grow faster than the text.
    with paused_gc():
        if n <= window and m <= window:
            run = _Run(src, tgt, lexicon, source_lang, target_lang, max_bead, band, length_ratio, knobs,
                       meter.span(0, n))
            beads, parallel = run.beads, (1.0, True)
            if calibrated:
                result = calibrate(Alignment(tuple(src), tuple(tgt), tuple(beads), source_lang, target_lang),
                                   run.feats_s, run.feats_t)
                beads = list(result.beads)
                parallel = (result.parallel_score, result.is_parallel)
                stats["parallel_contrast"] = result.contrast
            stats.update(
                length_ratio=round(run.params.ratio, 4),
                length_variance=round(run.params.variance, 3),
                band=run.width,
                band_cells=run.pair.cells_searched,
                passes=run.passes,
                anchor_points=len(run.chain),
            )
            used = run.used
            del run
        else:
            beads, used, parallel = _windowed(src, tgt, lexicon, source_lang, target_lang, max_bead, band,
                                              length_ratio, knobs, window, meter, stats, calibrated)
    stats["dictionary_entries_used"] = len({lexicon.headword(w) or w for w in used} if lexicon is not None else used)
    alignment = _finish(src, tgt, beads, stats, source_lang, target_lang, source_name, target_name,
                        parallel=parallel)
    meter.finish()
    return alignment


@dataclass(frozen=True)
class _Knobs:
    omission_cost: float
    merge_cost: float
    paragraph_penalty: float


class _Run:
    """One text, or one window of a long text, aligned: features, first pass, search and raw beads.

    ``report`` receives the share of the work done (0 to 1). Everything here belongs to this run and is
    dropped with it (:mod:`termalign.aligner.windows`).
    """

    def __init__(self, src: list[Segment], tgt: list[Segment], lexicon: BilingualDictionary | None,
                 source_lang: str, target_lang: str, max_bead: int, band: int, length_ratio: float | None,
                 knobs: _Knobs, report: Callable[[float], None], shared: dict[Anchor, Anchor] | None = None
                 ) -> None:
        featurize_s = Featurizer(source_lang, "source", lexicon)
        featurize_t = Featurizer(target_lang, "target", lexicon)
        feats_s = [featurize_s.features(s.text) for s in src]
        report(SHARE_FEATURES * 0.4)
        feats_t = [featurize_t.features(t.text) for t in tgt]
        folds_s = {k[1:] for f in feats_s for tok in f.tokens for k in tok.keys if k[0] == "~"}
        folds_t = {k[1:] for f in feats_t for tok in f.tokens for k in tok.keys if k[0] == "~"}
        self.feats_s = add_fuzzy_keys(feats_s, fuzzy_cognate_keys(folds_s, folds_t))
        self.feats_t = feats_t
        del feats_s, featurize_s, featurize_t
        self.pair = TextPair(src, tgt, self.feats_s, self.feats_t, max_bead)
        self.chain = anchor_chain(self.pair)
        report(SHARE_FEATURES)
        ratio, variance = estimate_length_model(self.pair, self.chain, length_ratio)
        self.params = Params(ratio=ratio, variance=variance, omission_cost=knobs.omission_cost,
                             merge_cost=knobs.merge_cost, paragraph_penalty=knobs.paragraph_penalty)
        self.path, self.passes, self.width = search(
            self.pair, self.chain, self.params, band,
            lambda share: report(SHARE_FEATURES + (SHARE_SEARCH - SHARE_FEATURES) * share))
        self.beads, self.used = make_beads(self.pair, self.path, self.params, shared)
        report(SHARE_BEADS)


# Shares of one run's time (measured on TED text, cumulative): features and first pass, the search, the beads;
# the evidence and calibration take the rest.
SHARE_FEATURES = 0.25
SHARE_SEARCH = 0.72
SHARE_BEADS = 0.85
# Share of a windowed alignment before the calibration of all its beads.
SHARE_WINDOWS = 0.95


def _windowed(src: list[Segment], tgt: list[Segment], lexicon: BilingualDictionary | None, source_lang: str,
              target_lang: str, max_bead: int, band: int, length_ratio: float | None, knobs: _Knobs, window: int,
              meter: Meter, stats: dict[str, float], calibrated: bool,
              ) -> tuple[list[Bead], set[str], tuple[float, bool]]:
    """A long pair aligned window by window (:mod:`termalign.aligner.windows`): the raw beads of each window up
    to its cut, in global indices, then calibrated as one text (:class:`EvidenceTally`)."""
    n, m = len(src), len(tgt)
    tally = EvidenceTally(-(-min(n, m) // SHIFT_SAMPLE))
    beads: list[Bead] = []
    used: set[str] = set()
    shared: dict[Anchor, Anchor] = {}  # equal anchors are one object across windows (see make_beads)
    s0 = t0 = 0
    windows = passes = width = cells = anchor_points = 0
    ratio_sum = variance_sum = 0.0
    while s0 < n or t0 < m:
        ws, wt, last = window_extent(n - s0, m - t0, window)
        if ws == 0 or wt == 0:  # one side is used up: the rest of the other stays unlinked
            beads += [Bead((i,), (), 1.0) for i in range(s0, n)] + [Bead((), (j,), 1.0) for j in range(t0, m)]
            break
        expected = ws if last else cut_goal(ws)
        run = _Run(src[s0:s0 + ws], tgt[t0:t0 + wt], lexicon, source_lang, target_lang, max_bead, band,
                   length_ratio, knobs, meter.span(s0 * SHARE_WINDOWS, expected * SHARE_WINDOWS), shared)
        cut = len(run.path) - 1 if last else choose_cut(run.path, run.beads, set(run.chain), ws)
        if calibrated:
            tally.add(run.beads, cut + 1, run.feats_s, run.feats_t)
        for bead in run.beads[:cut + 1]:
            beads.append(Bead(tuple(i + s0 for i in bead.source_index), tuple(j + t0 for j in bead.target_index),
                              bead.score, bead.evidence, bead.length_score))
        used |= run.used
        i0, j0, a, b = run.path[cut]
        windows += 1
        passes, width = max(passes, run.passes), max(width, run.width)
        cells += run.pair.cells_searched
        anchor_points += sum(1 for s, _t in run.chain if s < i0 + a)
        ratio_sum += run.params.ratio * (i0 + a)
        variance_sum += run.params.variance * (i0 + a)
        s0, t0 = s0 + i0 + a, t0 + j0 + b
        del run
        meter.at(s0 * SHARE_WINDOWS)
    parallel = (1.0, True)
    if calibrated:
        result = tally.calibrate(beads, n, m)  # in place
        parallel = (result.parallel_score, result.is_parallel)
        stats["parallel_contrast"] = result.contrast
    stats.update(length_ratio=round(ratio_sum / max(s0, 1), 4), length_variance=round(variance_sum / max(s0, 1), 3),
                 band=width, band_cells=cells, passes=passes, anchor_points=anchor_points, windows=windows)
    return beads, used, parallel


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

