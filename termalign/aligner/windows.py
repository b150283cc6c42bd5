"""Long texts in bounded memory: independent windows cut at confident anchors, and a progress meter that only
moves forward.

A pair longer than the window cap (:data:`DEFAULT_WINDOW` segments on either side) is aligned window by window.
Each window takes the next stretch of both texts in proportion to what is left of each (so a window never holds
more than the cap on either side), is aligned like a whole text, and is then *committed* only up to a confident
anchor about three quarters of the way in (:func:`choose_cut`): a 1-1 bead that the first pass anchored on rare
keys, that scores high and whose neighbours are 1-1 beads too. The next window starts right after it. The end
of a window, where the search is forced into a corner that is not the true end of the texts, is never
committed; it is aligned again, from the cut, as the start of the next window. Features, postings and the
search's rows belong to one window and are dropped with it, so memory holds one window's work plus the output
(segments and beads); time grows linearly with the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from termalign.model import Bead

#: Most segments a side of one window holds; longer pairs are aligned window by window.
DEFAULT_WINDOW = 20_000
#: A window is committed up to a cut near this share of its source segments, or :data:`CUT_MARGIN` segments before
#: its end when that is later (a long window needs no wider margin: the search's forced corner at the window's
#: end bends the path over tens of segments, not thousands).
CUT_AT = 0.75
CUT_MARGIN = 1_000
#: The cut is looked for no earlier than this share of the window (a later one if none is found there).
CUT_EARLIEST = 0.4
#: Least raw score (the search's own confidence) of the 1-1 bead a window is cut after.
CUT_MIN_SCORE = 0.9
#: The smallest window: below this a window cannot hold a margin worth cutting in.
MIN_WINDOW = 8
# A bead path: (first source index, first target index, source segments, target segments) per bead.
Path = Sequence[tuple[int, int, int, int]]


def window_extent(rest_s: int, rest_t: int, window: int) -> tuple[int, int, bool]:
    """Source and target segments of the next window, and whether it is the last one.

    Both sides are taken in proportion to what is left of them, scaled down so that neither exceeds
    ``window``: a window holds at most ``window`` segments a side, and its two sides cover about the same part
    of the two texts.
    """
    if rest_s <= window and rest_t <= window:
        return rest_s, rest_t, True
    scale = min(window / rest_s if rest_s else 1.0, window / rest_t if rest_t else 1.0)
    return _share(rest_s, scale, window), _share(rest_t, scale, window), False


def _share(rest: int, scale: float, window: int) -> int:
    """``scale`` of the ``rest`` of one side: at least one segment while any is left, at most ``window``."""
    return min(window, max(1, int(rest * scale))) if rest else 0


def is_confident(path: Path, beads: Sequence[Bead], anchors: set[tuple[int, int]], k: int) -> bool:
    """Whether bead ``k`` of ``path`` is a confident anchor to cut after: a 1-1 bead the first pass anchored
    (its pair is in ``anchors``), scored at least :data:`CUT_MIN_SCORE`, between two 1-1 beads."""
    if not 0 < k < len(path) - 1:
        return False
    i0, j0, a, b = path[k]
    return (
        a == 1 and b == 1 and (i0, j0) in anchors and beads[k].score >= CUT_MIN_SCORE
        and path[k - 1][2:] == (1, 1) and path[k + 1][2:] == (1, 1)
    )


def cut_goal(rows: int) -> int:
    """Where a window of ``rows`` source segments should be cut: ``CUT_AT`` of it, or ``CUT_MARGIN`` before its
    end when that is later."""
    return max(1, int(CUT_AT * rows), rows - CUT_MARGIN)


def choose_cut(path: Path, beads: Sequence[Bead], anchors: set[tuple[int, int]], rows: int) -> int:
    """Index of the bead of ``path`` after which a window of ``rows`` source segments is committed.

    The confident anchor (:func:`is_confident`) nearest before the goal (:func:`cut_goal`) and after
    ``CUT_EARLIEST * rows``, else the nearest one after the goal, no further than half-way to the window's end;
    with none (texts that share no confident anchor there), the last bead that ends by the goal. At least one
    bead is always committed, so every window moves the alignment forward.
    """
    goal = cut_goal(rows)
    earliest, latest = int(CUT_EARLIEST * rows), goal + (rows - goal) // 2
    ends = [i0 + a for i0, _j0, a, _b in path]
    before = [k for k in range(len(path)) if earliest <= ends[k] <= goal and is_confident(path, beads, anchors, k)]
    if before:
        return before[-1]
    after = [k for k in range(len(path)) if goal < ends[k] <= latest and is_confident(path, beads, anchors, k)]
    if after:
        return after[0]
    fallback = [k for k in range(len(path)) if ends[k] <= goal]
    return fallback[-1] if fallback else 0


class Meter:
    """Progress of one alignment as ``callback(done, total)``, ``total`` the source segments: ``done`` never goes
    down, and reaches ``total`` only once, when :meth:`finish` is called at the very end."""

    def __init__(self, callback: Callable[[int, int], None] | None, total: int) -> None:
        self.callback = callback
        self.total = max(1, total)
        self.done = 0

    def at(self, position: float) -> None:
        """Report ``position`` source segments done (held below the total until :meth:`finish`)."""
        if self.callback is None:
            return
        value = min(int(position), self.total - 1)
        if value > self.done:
            self.done = value
            self.callback(value, self.total)

    def span(self, start: float, length: float) -> Callable[[float], None]:
        """A reporter of fractions 0..1 of a stretch of ``length`` segments from ``start``."""
        return lambda fraction: self.at(start + length * min(max(fraction, 0.0), 1.0))

    def finish(self) -> None:
        """Report the whole text done."""
        if self.callback is not None:
            self.done = self.total
            self.callback(self.total, self.total)
