"""The align command's fast paths (issue 17) give what the plain paths give. Own texts only (the examples folder
and sentences written here); no timing is asserted (the benchmarks measure it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.formats.json_ import bead_json, bead_to_dict, dumps
from termalign.model import Alignment, Anchor, Bead, Segment
from termalign.pipeline import align

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example(name: str) -> Alignment:
    return align((EXAMPLES / f"{name}.en.txt").read_text(encoding="utf-8"),
                 (EXAMPLES / f"{name}.id.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["kidney-stones", "phleboliths"])
def test_bead_json_is_the_generic_json_of_each_bead(name: str) -> None:
    alignment = _example(name)
    kinds = {b.kind for b in alignment.beads}
    assert "1-1" in kinds and any(b.evidence for b in alignment.beads)
    for bead in alignment.beads:
        assert bead_json(alignment, bead) == dumps(bead_to_dict(alignment, bead), 2)


def test_bead_json_escapes_and_empty_sides_as_the_encoder_does() -> None:
    source = (Segment('He said "stop"\t\\ now', 0, 0, 0, 22, 1), Segment("Ünïcödé — ✓ \u2028", 1, 1, 24, 38, 3))
    target = (Segment("Dia berkata \"berhenti\"", 0, 0, 0, 22, 1),)
    beads = (Bead((0, 1), (0,), 0.123456, (Anchor("name", "Ü", "Ü", 0.9), Anchor("number", '"1"', "1", 1.0)),
                  2.0 / 3.0),
             Bead((), (), 1.0), Bead((), (), float("nan"), (), float("inf")))
    alignment = Alignment(source, target, beads, "en", "id")
    for bead in beads:
        assert bead_json(alignment, bead) == dumps(bead_to_dict(alignment, bead), 2)
