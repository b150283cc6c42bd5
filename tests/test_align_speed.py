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


@pytest.mark.parametrize("name", ["kidney-stones", "phleboliths"])
def test_a_beads_evidence_weighs_what_its_anchors_measured_again_weigh(name: str) -> None:
    """The calibration takes a linked bead's own anchor weight from its evidence instead of finding its anchors
    again: the same float, because make_beads keeps exactly the anchors between the bead's two sides."""
    from termalign.aligner.anchors import Featurizer, add_fuzzy_keys, fuzzy_cognate_keys
    from termalign.aligner.api import align_segments
    from termalign.aligner.calibration import _own_weight, _weight
    from termalign.aligner.lexicon import load_default
    from termalign.segment import segment

    src = segment((EXAMPLES / f"{name}.en.txt").read_text(encoding="utf-8"), "en")
    tgt = segment((EXAMPLES / f"{name}.id.txt").read_text(encoding="utf-8"), "id")
    raw = align_segments(src, tgt, calibrated=False)
    lexicon = load_default()
    fs = [Featurizer("en", "source", lexicon).features(s.text) for s in src]
    ft = [Featurizer("id", "target", lexicon).features(t.text) for t in tgt]
    folds_s = {k[1:] for f in fs for tok in f.tokens for k in tok.keys if k[0] == "~"}
    folds_t = {k[1:] for f in ft for tok in f.tokens for k in tok.keys if k[0] == "~"}
    fs = add_fuzzy_keys(fs, fuzzy_cognate_keys(folds_s, folds_t))
    linked = [b for b in raw.beads if b.linked]
    assert sum(1 for b in linked if b.evidence) >= 5
    for bead in linked:
        measured = _weight([fs[i] for i in bead.source_index], [ft[j] for j in bead.target_index])
        assert _own_weight(bead) == measured
