"""The plain data types between stages survive a pickle round trip (Dask and the process pool send them)."""

from __future__ import annotations

import pickle

import pytest

from termalign.model import Anchor, Bead, Finding, Location, Mark, Segment, TermFinding, TermOccurrence


@pytest.mark.parametrize(
    "value",
    [
        Segment("Batu ginjal terbentuk.", 3, paragraph=1, start=10, end=32, line=2),
        Bead((0, 1), (0,), 0.9, (Anchor("number", "3", "3"),)),
        TermOccurrence(2, "kidney stone", "batu ginjal"),
        Finding("garbled-term", "error", "Flebolith", "not a word", "en",
                Location("notes.po", line=12, start=4, end=13), suggestion="Phlebolith"),
        TermFinding("nonstandard-spelling", "target", "respons imun", "respon imun"),
        Anchor("cognate", "calcification", "kalsifikasi", 0.8),
    ],
)
def test_round_trip(value: object) -> None:
    again = pickle.loads(pickle.dumps(value))
    assert again == value
    assert type(again) is type(value)


def test_slotted_types_take_no_instance_dict() -> None:
    # The many small objects of a large run (segments, beads, findings) carry no per-object __dict__.
    for cls in (Segment, Anchor, Bead, TermOccurrence, TermFinding, Location, Finding, Mark):
        assert "__slots__" in vars(cls), cls.__name__
