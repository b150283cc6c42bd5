"""Long texts aligned in windows (termalign/aligner/windows.py): the same beads as in one piece, windows never
above the cap, cuts only at confident anchors, one window's work alive at a time, and progress that only moves
forward and is complete only at the very end."""

from __future__ import annotations

import importlib
import random
import weakref

import pytest
from test_align_scaling import noisy_pair

from termalign.aligner import align_segments
from termalign.aligner.calibration import EvidenceTally, calibrate
from termalign.aligner.windows import (
    CUT_MIN_SCORE,
    MIN_WINDOW,
    Meter,
    choose_cut,
    cut_goal,
    is_confident,
    window_extent,
)
from termalign.model import Alignment, Bead

api = importlib.import_module("termalign.aligner.api")


def beads_of(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source_index, b.target_index) for b in alignment.beads]


@pytest.mark.parametrize(("seed", "n", "window"), [
    (1, 300, 60),
    pytest.param(2, 400, 100, marks=pytest.mark.slow),
    pytest.param(3, 600, 150, marks=pytest.mark.slow),
    pytest.param(4, 300, 60, marks=pytest.mark.slow),
])
def test_windowed_alignment_has_the_beads_of_the_whole_one(seed: int, n: int, window: int) -> None:
    """Windows far smaller than the default (60-150 segments against 20,000) still give the beads of the whole.

    Each window estimates its own length model; in windows of a few dozen segments it rests on a handful of
    anchors, and a bead on the margin can then come out differently (seed 4 in windows of 40: 2 of 270 beads).
    """
    src, tgt = noisy_pair(seed, n)
    whole = align_segments(src, tgt)
    windowed = align_segments(src, tgt, window=window)
    assert windowed.stats["windows"] >= 3 and "windows" not in whole.stats
    assert beads_of(windowed) == beads_of(whole)
    assert windowed.is_parallel == whole.is_parallel
    # Each window estimates its own length model, so a bead's score may move a little; on average it does not.
    diffs = [abs(a.score - b.score) for a, b in zip(whole.beads, windowed.beads, strict=True)]
    assert sum(diffs) / len(diffs) < 0.01


def test_a_text_within_the_cap_is_aligned_in_one_piece() -> None:
    src, tgt = noisy_pair(5, 120)
    assert align_segments(src, tgt, window=120) == align_segments(src, tgt)
    assert "windows" not in align_segments(src, tgt, window=120).stats
    with pytest.raises(ValueError):
        align_segments(src, tgt, window=MIN_WINDOW - 1)


def test_windows_cover_each_segment_once_even_when_one_side_runs_out() -> None:
    en = [f"Sentence {k} is about kidney number {k}." for k in range(90)]
    idn = [f"Kalimat {k} tentang ginjal nomor {k}." for k in range(30)]
    for src, tgt in ((en, idn), (idn[:5], en)):
        alignment = align_segments(src, tgt, window=10)
        assert sorted(i for b in alignment.beads for i in b.source_index) == list(range(len(src)))
        assert sorted(j for b in alignment.beads for j in b.target_index) == list(range(len(tgt)))


def test_window_extent_never_exceeds_the_cap() -> None:
    rng = random.Random(11)
    for _ in range(5000):
        window = rng.randint(MIN_WINDOW, 500)
        rest_s, rest_t = rng.randint(0, 5000), rng.randint(0, 5000)
        if rest_s == rest_t == 0:
            continue
        ws, wt, last = window_extent(rest_s, rest_t, window)
        assert ws <= min(window, rest_s) and wt <= min(window, rest_t)
        assert last == (rest_s <= window and rest_t <= window)
        if last:
            assert (ws, wt) == (rest_s, rest_t)
        elif rest_s and rest_t:
            assert ws >= 1 and wt >= 1
            assert abs(ws / rest_s - wt / rest_t) < 2 / min(ws, wt)  # both sides cover the same share


def test_every_window_the_aligner_runs_is_within_the_cap_and_alone_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[tuple[int, int]] = []
    alive: weakref.WeakSet[object] = weakref.WeakSet()
    original = api._Run

    class Spy(original):  # type: ignore[misc, valid-type]
        def __init__(self, src, tgt, *args, **kwargs):  # type: ignore[no-untyped-def]
            assert not list(alive), "the previous window's features and search are still alive"
            sizes.append((len(src), len(tgt)))
            super().__init__(src, tgt, *args, **kwargs)
            alive.add(self)

    monkeypatch.setattr(api, "_Run", Spy)
    src, tgt = noisy_pair(6, 500)
    alignment = align_segments(src, tgt, window=70)
    assert len(sizes) == alignment.stats["windows"] >= 6
    assert all(0 < s <= 70 and 0 < t <= 70 for s, t in sizes)


def test_cuts_are_confident_anchors(monkeypatch: pytest.MonkeyPatch) -> None:
    cuts: list[bool] = []
    original = api.choose_cut

    def spy(path, beads, anchors, rows):  # type: ignore[no-untyped-def]
        k = original(path, beads, anchors, rows)
        cuts.append(is_confident(path, beads, anchors, k))
        i0, _j0, a, _b = path[k]
        assert i0 + a <= cut_goal(rows) + (rows - cut_goal(rows)) // 2
        return k

    monkeypatch.setattr(api, "choose_cut", spy)
    src, tgt = noisy_pair(7, 400)
    align_segments(src, tgt, window=80)
    assert cuts and all(cuts)


def test_choose_cut_rules() -> None:
    path = [(k, k, 1, 1) for k in range(20)]
    beads = [Bead((k,), (k,), 0.99) for k in range(20)]
    anchors = {(k, k) for k in range(20)}
    assert choose_cut(path, beads, anchors, 20) == cut_goal(20) - 1  # the anchor ending at the goal
    assert choose_cut(path, beads, anchors - {(14, 14)}, 20) == 13  # the nearest confident one before it
    weak = [Bead(b.source_index, b.target_index, CUT_MIN_SCORE - 0.01) for b in beads]
    assert not any(is_confident(path, weak, anchors, k) for k in range(20))
    assert choose_cut(path, weak, anchors, 20) == cut_goal(20) - 1  # none confident: the last bead by the goal
    merged = path[:13] + [(13, 13, 1, 2)] + [(k, k + 1, 1, 1) for k in range(14, 20)]
    assert not is_confident(merged, beads, anchors, 14)  # next to a merge
    assert not is_confident(path, beads, anchors, 19)  # the last bead has no right neighbour
    assert choose_cut([(0, 0, 0, 1)], [Bead((), (0,), 1.0)], set(), 20) == 0  # always one bead committed


@pytest.mark.parametrize("window", [None, 60])
def test_progress_is_monotone_and_complete_only_at_the_end(window: int | None) -> None:
    calls: list[tuple[int, int]] = []
    src, tgt = noisy_pair(8, 300)
    kwargs = {"window": window} if window else {}
    align_segments(src, tgt, progress=lambda done, total: calls.append((done, total)), **kwargs)  # type: ignore[arg-type]
    done = [d for d, _t in calls]
    assert len(calls) > 10 and {t for _d, t in calls} == {len(src)}
    assert done == sorted(done) and len(set(done)) == len(done)
    assert calls[-1] == (len(src), len(src)) and done.count(len(src)) == 1


def test_meter_holds_back_the_total_until_finish() -> None:
    calls: list[int] = []
    meter = Meter(lambda done, total: calls.append(done), 10)
    meter.at(3)
    meter.at(2)
    meter.span(0, 100)(1.0)
    assert calls == [3, 9]
    meter.finish()
    assert calls == [3, 9, 10]


def test_tally_in_one_window_calibrates_as_the_whole_text() -> None:
    """The windowed calibration reads the same evidence as calibrate() when it has it all."""
    src, tgt = noisy_pair(9, 150)
    raw = align_segments(src, tgt, calibrated=False)
    from termalign.aligner.anchors import Featurizer
    from termalign.aligner.lexicon import load_default

    lexicon = load_default()
    feats_s = [Featurizer("en", "source", lexicon).features(s) for s in src]
    feats_t = [Featurizer("id", "target", lexicon).features(t) for t in tgt]
    whole = calibrate(raw, feats_s, feats_t)
    tally = EvidenceTally(1)
    tally.add(raw.beads, len(raw.beads), feats_s, feats_t)
    windowed = tally.calibrate(list(raw.beads), len(src), len(tgt))
    assert windowed.parallel_score == whole.parallel_score and windowed.contrast == whole.contrast
    assert [b.score for b in windowed.beads] == [b.score for b in whole.beads]


def test_equal_anchors_are_one_object_across_windows() -> None:
    """The output's anchors do not grow with the text where the text repeats itself: equal anchors are shared."""
    src, tgt = noisy_pair(10, 400)
    alignment = align_segments(src, tgt, window=80)
    anchors = [a for b in alignment.beads for a in b.evidence]
    assert len(set(anchors)) < len(anchors) / 2  # the texts reuse ten word pairs
    assert len({id(a) for a in anchors}) == len(set(anchors))
