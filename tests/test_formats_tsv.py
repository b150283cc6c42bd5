"""TSV output: one line per linked bead, exactly three fields, escaping that round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termalign.errors import InputError
from termalign.formats import from_tsv, read_aligned, to_tsv
from termalign.formats.tsv import escape_field, unescape_field
from termalign.model import Alignment, Bead, Segment


def make_alignment() -> Alignment:
    source = (Segment("Kidney stones.", 0), Segment("They hurt.", 1), Segment("Share this article", 2),
              Segment("Tab\there, new\nline, back\\slash", 3))
    target = (Segment("Batu ginjal. Rasanya sakit.", 0), Segment("Tab\tdi sini", 1))
    beads = (Bead((0, 1), (0,), 0.81234), Bead((2,), (), 0.0), Bead((3,), (1,), 0.5))
    return Alignment(source, target, beads)


def test_linked_beads_only_three_fields_score_with_four_decimals() -> None:
    lines = to_tsv(make_alignment()).split("\n")
    assert lines[0] == "Kidney stones. They hurt.\tBatu ginjal. Rasanya sakit.\t0.8123"
    assert lines[1] == "Tab\\there, new\\nline, back\\\\slash\tTab\\tdi sini\t0.5000"
    assert lines[2] == ""  # final newline, nothing after
    assert all(line.count("\t") == 2 for line in lines[:-1])


def test_unlinked_beads_on_request() -> None:
    lines = to_tsv(make_alignment(), include_unlinked=True).splitlines()
    assert lines[1] == "Share this article\t\t0.0000"


def test_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(to_tsv(make_alignment(), include_unlinked=True), encoding="utf-8")
    alignment = read_aligned(path)
    assert [b.kind for b in alignment.beads] == ["1-1", "1-0", "1-1"]
    assert alignment.source[2].text == "Tab\there, new\nline, back\\slash"
    assert [b.score for b in alignment.beads] == [0.8123, 0.0, 0.5]
    assert alignment.source[2].line == 3


def test_bad_rows_name_the_line() -> None:
    with pytest.raises(InputError) as err:
        from_tsv("a\tb\t1\nonly one field\n", name="x.tsv")
    assert (err.value.file, err.value.line) == ("x.tsv", 2)
    with pytest.raises(InputError, match="not a number"):
        from_tsv("a\tb\tmany\n")


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaping_round_trips_and_never_leaves_a_tab_or_newline(text: str) -> None:
    escaped = escape_field(text)
    assert "\t" not in escaped and "\n" not in escaped and "\r" not in escaped
    assert unescape_field(escaped) == text
