"""A bead's text is the user's text: glued words the segmenter split come out as written in every output.

The segmenter splits "withdrawalThey" (two sentences run together by a broken pipeline) into two segments; when
the aligner puts both in one bead, every writer used to join them with a space and so changed the user's text.
"""

from __future__ import annotations

import json
import re

from termalign.formats import from_json, to_json, to_tsv
from termalign.formats.html import render_html
from termalign.formats.po import to_po
from termalign.formats.tmx import to_tmx
from termalign.model import Alignment, Bead, Segment, join_segments
from termalign.report import layout
from termalign.segment import segment

SOURCE = "Patients on the ward need fluidsThey also need rest.\nA nurse checks them every  hour.\nDone."
TARGET = "Pasien di bangsal perlu cairan dan istirahat.\nPerawat memeriksa mereka setiap jam. Selesai."


def glued_alignment() -> Alignment:
    """The glued pair (source 0+1) in one 2-1 bead, and a 2-1 bead over a line break (source 2+3)."""
    src = tuple(segment(SOURCE, "en"))
    tgt = tuple(segment(TARGET, "id"))
    assert [s.text for s in src] == ["Patients on the ward need fluids", "They also need rest.",
                                     "A nurse checks them every hour.", "Done."]
    assert len(tgt) == 3
    beads = (Bead((0, 1), (0,), 0.9), Bead((2, 3), (1, 2), 0.9))
    return Alignment(src, tgt, beads, source_name="a.en.txt", target_name="a.id.txt")


def test_glued_words_are_joined_back_without_a_space() -> None:
    a = glued_alignment()
    assert a.bead_text(a.beads[0], "source") == "Patients on the ward need fluidsThey also need rest."
    assert a.bead_span(a.beads[0], "source") == (0, len("Patients on the ward need fluidsThey also need rest."))


def test_line_break_inside_a_bead_folds_to_one_space_as_inside_a_sentence() -> None:
    a = glued_alignment()
    # "rest.\nA nurse ... every  hour.\nDone.": the break between the beads' sentences and the double space
    # inside one are folded to one space each, the rule Segment.text applies inside a sentence.
    assert a.bead_text(a.beads[1], "source") == "A nurse checks them every hour. Done."
    start, end = a.bead_span(a.beads[1], "source") or (0, 0)
    assert " ".join(SOURCE[start:end].split()) == a.bead_text(a.beads[1], "source")
    assert a.bead_text(a.beads[1], "target") == "Perawat memeriksa mereka setiap jam. Selesai."


def test_po_tmx_tsv_json_and_report_carry_the_glued_word_verbatim() -> None:
    a = glued_alignment()
    po = to_po(a)
    assert re.sub(r'"\n"', "", po).count("need fluidsThey also") == 1
    assert "fluids They" not in po
    assert "<seg>Patients on the ward need fluidsThey also need rest.</seg>" in to_tmx(a)
    assert to_tsv(a).startswith("Patients on the ward need fluidsThey also need rest.\t")
    html = render_html(layout(a))
    assert "need fluidsThey also" in re.sub(r"<[^>]+>", "", html)
    data = json.loads(to_json(a))
    bead = data["beads"][0]
    assert bead["source_text"] == "Patients on the ward need fluidsThey also need rest."
    assert bead["source_span"] == [0, 52] and SOURCE[0:52] == bead["source_text"]
    assert data["beads"][1]["target_span"] == [46, len(TARGET)]


def test_json_round_trip_keeps_the_glue() -> None:
    a = glued_alignment()
    back = from_json(to_json(a))
    assert back.bead_text(back.beads[0], "source") == a.bead_text(a.beads[0], "source")
    assert to_json(back) == to_json(a)


def test_empty_side_has_no_text_and_no_span() -> None:
    a = Alignment((Segment("Hello.", 0, start=0, end=6),), (), (Bead((0,), (), 0.5),))
    data = json.loads(to_json(a))["beads"][0]
    assert data["target_text"] == "" and data["target_span"] is None


def test_hand_built_segments_without_offsets_are_never_glued() -> None:
    # Offsets default to 0: nothing says the sentences touch, so they are joined with a space.
    text, starts = join_segments([Segment("One.", 0), Segment("Two.", 1)])
    assert (text, starts) == ("One. Two.", (0, 5))
    text, starts = join_segments([Segment("fluids", 0, start=0, end=6), Segment("They", 1, start=6, end=10)])
    assert (text, starts) == ("fluidsThey", (0, 6))
    assert join_segments([Segment("fluids", 0, start=0, end=6), Segment("They", 1, start=6, end=10)],
                         glue=" ")[0] == "fluids They"
