"""The summary numbers of an alignment, defined once for every place that shows them.

``termalign align``'s text output, the JSON ``stats``, the batch lines and the HTML report's header all read
:func:`summarize_alignment`, so "mean score" means the same thing everywhere: the mean probability of the
*linked* beads (1-1, 2-1...), each of which is the probability that the bead is right
(:mod:`termalign.aligner.calibration`). Unlinked sentences are counted, not averaged in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from termalign.model import LOW_CONFIDENCE, Alignment


@dataclass(frozen=True)
class AlignmentSummary:
    """Counts and means a user reports about an alignment."""

    source_segments: int
    target_segments: int
    beads: int
    linked_beads: int
    beads_by_kind: tuple[tuple[str, int], ...]
    mean_score: float | None  # mean probability of the linked beads; None when nothing is linked
    low_confidence: int  # beads of any kind under LOW_CONFIDENCE
    unlinked_source: int
    unlinked_target: int
    parallel_score: float
    is_parallel: bool


def kind_order(kind: str) -> tuple[int, int, int]:
    """Sort ``"n-m"`` bead kinds: linked ones first (1-1, 1-2, 2-1, 2-2), then 1-0, 2-0, 0-1, 0-2."""
    n, _, m = kind.partition("-")
    ni, mi = int(n), int(m)
    if ni and mi:
        return (0, ni, mi)
    return (1, 0 if ni else 1, ni + mi)


def summarize_alignment(alignment: Alignment, *, low_confidence: float = LOW_CONFIDENCE) -> AlignmentSummary:
    """The :class:`AlignmentSummary` of ``alignment``."""
    kinds = Counter(bead.kind for bead in alignment.beads)
    linked = [bead.score for bead in alignment.beads if bead.linked]
    return AlignmentSummary(
        source_segments=len(alignment.source),
        target_segments=len(alignment.target),
        beads=len(alignment.beads),
        linked_beads=len(linked),
        beads_by_kind=tuple((kind, kinds[kind]) for kind in sorted(kinds, key=kind_order)),
        mean_score=sum(linked) / len(linked) if linked else None,
        low_confidence=sum(1 for bead in alignment.beads if bead.score < low_confidence),
        unlinked_source=sum(len(b.source_index) for b in alignment.beads if not b.target_index),
        unlinked_target=sum(len(b.target_index) for b in alignment.beads if not b.source_index),
        parallel_score=alignment.parallel_score,
        is_parallel=alignment.is_parallel,
    )
