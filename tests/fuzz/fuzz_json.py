"""Fuzz target: termalign JSON (``from_json``, what ``terms --aligned x.json`` reads) and baseline files
(``Baseline.from_text``, what ``check --baseline`` reads): both parse the same bytes.

Invariants for any bytes: decoding and parsing succeed or raise ``InputError`` (deep nesting and over-long
integers included); an accepted alignment has scores in [0, 1], indices ``0..n-1`` on each side, and written
back with ``to_json`` reads back with the same segments, beads and evidence.
"""

from __future__ import annotations

import contextlib
import sys

from termalign.checks.baseline import Baseline
from termalign.errors import InputError
from termalign.formats.json_ import from_json, to_json
from termalign.model import Alignment
from termalign.textio import decode
from tests.fuzz.common import main

TOKENS = [b"{", b"}", b"[", b"]", b",", b":", b'"', b'"beads": ', b'"source": ["', b'"target": ["',
          b'"source_index": [', b'"target_index": [', b'"score": ', b'"evidence": [{"kind": "number", "weight": ',
          b'"schema_version": ',
          b'"version": 1, "findings": [{"fingerprint": "', b'"count": ', b"NaN", b"Infinity", b"-1", b"1e999", b"0.5",
          b"9" * 5000, b"[" * 1200, b"\\u0000", b"\\ud800", b"\\\\", b"null", b"true", b"\xef\xbb\xbf", b"\x00"]


def snapshot(alignment: Alignment) -> tuple[object, ...]:
    segments = [(s.text, s.index) for s in (*alignment.source, *alignment.target)]
    beads = [(b.source_index, b.target_index, round(b.score, 4), [(a.kind, a.source, a.target) for a in b.evidence])
             for b in alignment.beads]
    return segments, beads


def target(data: bytes) -> None:
    try:
        text = decode(data, name="<fuzz>")
    except InputError:
        return
    with contextlib.suppress(InputError):
        Baseline.from_text(text, name="<fuzz>")
    try:
        alignment = from_json(text, name="<fuzz>")
    except InputError:
        return
    assert all(0.0 <= bead.score <= 1.0 for bead in alignment.beads)
    for side in (alignment.source, alignment.target):
        assert [s.index for s in side] == list(range(len(side)))
    again = from_json(to_json(alignment), name="<written>")
    assert snapshot(again) == snapshot(alignment)


if __name__ == "__main__":
    sys.exit(main("json", target, TOKENS))
