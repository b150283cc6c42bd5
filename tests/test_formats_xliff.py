"""XLIFF 1.2/2.x reading (translate-toolkit's po2xliff output and hand-written files, own texts) and the XLIFF 2.0
writer of ``align --format xliff``: text without inline codes, states, notes, ids and lines, safe parsing."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_cli as run

from termalign.errors import InputError
from termalign.formats import render
from termalign.formats.aligned import guess_format, read_aligned
from termalign.formats.xliff import NS_20, read_xliff, to_xliff, xliff_to_alignment
from termalign.model import Alignment, Bead, Segment

DATA = Path(__file__).resolve().parent / "data" / "xliff"
GLOSSARY = str(Path(__file__).resolve().parent / "data" / "checks" / "glossary.tsv")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def findings(out: str) -> list[tuple[str, int | None, str | None, str]]:
    rows = [json.loads(line) for line in out.splitlines()]
    return [(r["code"], r["location"]["line"], r["location"]["entry"], r["text"]) for r in rows]


# ---------------------------------------------------------------------------------------------- reading


def test_po2xliff_output_reads_like_the_catalog() -> None:
    doc = read_xliff((DATA / "po2xliff.xlf").read_bytes(), name="po2xliff.xlf")
    assert (doc.source_lang, doc.target_lang, doc.version) == ("en", "id", "1.1")
    assert [u.id for u in doc.units] == ["3", "4", "5", "6"]  # the gettext header is not a unit
    first = doc.units[0]
    assert first.source == "Scan the <b>calcified</b> tissue"  # escaped markup is text, not a code
    assert first.target == "Pindai jaringan yang <b>terkalsifikasi</b>"
    assert first.notes == ("shown on the scan screen",) and first.confirmed and first.approved
    assert (doc.units[2].state, doc.units[2].confirmed) == ("needs-translation", False)  # the fuzzy entry
    assert doc.units[3].target is None  # the untranslated entry
    assert first.line == 19 and first.source_line == 18


@pytest.mark.skipif(shutil.which("po2xliff") is None, reason="translate-toolkit (the test extra) is not installed")
def test_po2xliff_run_now_gives_the_same_units(tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    subprocess.run(["po2xliff", str(DATA / "source.po"), str(out)], check=True, capture_output=True)
    fresh = read_xliff(out.read_bytes(), name="x").units
    kept = read_xliff((DATA / "po2xliff.xlf").read_bytes(), name="x").units
    assert [(u.id, u.source, u.target, u.state) for u in fresh] == [(u.id, u.source, u.target, u.state) for u in kept]


def test_xliff_12_inline_codes_are_left_out_and_g_content_kept() -> None:
    doc = read_xliff((DATA / "hand-1.2.xlf").read_bytes(), name="hand")
    units = {u.id: u for u in doc.units}
    assert units["intro"].source == "Inject the calcium slowly."
    assert units["intro"].target == "Suntikkan kalsium perlahan."
    assert units["stone"].target == "Flebolith sudah terkalsifikasi."  # <ph> content is a native code
    assert units["left"].notes == ("termalign: ignore untranslated-term",)
    assert not units["draft"].confirmed and units["empty"].target is None
    assert (doc.source_lang, doc.target_lang) == ("en", "id")


def test_xliff_20_segments_are_units_named_unit_slash_segment() -> None:
    doc = read_xliff((DATA / "hand-2.0.xlf").read_bytes(), name="hand")
    assert [u.id for u in doc.units] == ["u1/s1", "u1/s2", "u2"]
    assert doc.units[0].target == "Pindai jaringan yang terkalsifikasi."
    assert doc.units[1].source == "The phlebolith is visible."
    assert doc.units[0].notes == ("checked by hand",)
    assert [u.confirmed for u in doc.units] == [True, True, False]
    assert doc.units[1].line == 14


@pytest.mark.parametrize("text, message, line", [
    (b"<xliff version='1.2'><file><body><trans-unit id='a'><source>x</source></body></file></xliff>",
     "not well-formed", 1),
    (b"<tmx version='1.4'><body/></tmx>", "not an XLIFF file", 1),
    (b"<xliff version='1.2'>\n<file><body>\n<trans-unit><source>x</source></trans-unit></body></file></xliff>",
     "without an id", 3),
    (b"<xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0'>\n<file id='f'><unit id='u'>\n"
     b"<segment><target>x</target></segment></unit></file></xliff>", "without <source>", 3),
])
def test_bad_xliff_is_an_input_error_with_its_line(text: bytes, message: str, line: int) -> None:
    with pytest.raises(InputError) as exc:
        read_xliff(text, name="bad.xlf")
    assert message in str(exc.value) and exc.value.line == line and exc.value.file == "bad.xlf"


def test_entities_are_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2"><file><body>'
            b'<trans-unit id="1"><source>&a;</source></trans-unit></body></file></xliff>')
    with pytest.raises(InputError, match="entity"):
        read_xliff(bomb, name="bomb.xlf")


def test_alignment_from_xliff_scores_states() -> None:
    alignment = read_aligned(DATA / "hand-1.2.xlf")
    assert [b.score for b in alignment.beads] == [1.0, 1.0, 1.0, 0.0, 1.0]
    assert [b.kind for b in alignment.beads] == ["1-1", "1-1", "1-1", "1-1", "1-0"]
    assert alignment.source[0].line == 8 and alignment.target[0].line == 9
    assert guess_format("noext", (DATA / "hand-2.0.xlf").read_bytes()) == "xliff"


# ---------------------------------------------------------------------------------------------- check / terms


def test_check_reads_xliff_and_points_at_unit_id_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", "-g", GLOSSARY, "--format", "jsonl", str(DATA / "hand-2.0.xlf"))
    assert status == 1
    assert findings(out) == [("garbled-term", 14, "u1/s2", "Flebolith")]
    _, out, _ = run(capsys, "check", "-g", GLOSSARY, "--format", "jsonl", "--include-fuzzy",
                    str(DATA / "hand-2.0.xlf"))
    assert ("garbled-term", 20, "u2", "kalsum") in findings(out)  # the unit in state "initial"


def test_check_xliff_note_silences_a_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, err = run(capsys, "check", "-g", GLOSSARY, "--format", "jsonl", str(DATA / "hand-1.2.xlf"))
    assert findings(out) == [("garbled-term", 14, "stone", "Flebolith")] and "1 ignored inline" in err
    plain = tmp_path / "plain.xlf"
    plain.write_text((DATA / "hand-1.2.xlf").read_text().replace("<note>termalign: ignore untranslated-term</note>",
                                                                 ""))
    _, out, _ = run(capsys, "check", "-g", GLOSSARY, "--format", "jsonl", str(plain))
    assert ("untranslated-term", 18, "left", "phlebolith") in findings(out)


def test_check_po2xliff_file_skips_the_fuzzy_unit_like_the_po(capsys: pytest.CaptureFixture[str]) -> None:
    _, from_xliff, _ = run(capsys, "check", "-g", GLOSSARY, "--format", "jsonl", str(DATA / "po2xliff.xlf"))
    _, from_po, _ = run(capsys, "check", "-g", GLOSSARY, "--format", "jsonl", str(DATA / "source.po"))
    assert [f[0::3] for f in findings(from_xliff)] == [f[0::3] for f in findings(from_po)] != []


def test_terms_reads_xliff(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "terms", "--aligned", str(DATA / "hand-1.2.xlf"), "--format", "jsonl",
                         "--min-score", "0")
    assert status == 0 and all(json.loads(line)["source"] for line in out.splitlines())


# ---------------------------------------------------------------------------------------------- writing


def _alignment() -> Alignment:
    src = (Segment("Kidney stones & <pain>.", 0, end=23, line=1), Segment("Drink water.", 1, start=24, end=36, line=2),
           Segment("Page 3", 2, start=37, end=43, line=3))
    tgt = (Segment("Batu ginjal & <nyeri>.", 0, end=22, line=1), Segment("Minum air.", 1, start=23, end=33, line=2),
           Segment("Iklan", 2, start=34, end=39, line=3))
    beads = (Bead((0,), (0,), 0.93), Bead((1,), (1,), 0.2), Bead((2,), (), 0.5), Bead((), (2,), 0.5))
    return Alignment(source=src, target=tgt, beads=beads, source_name="doc.en.txt", target_name="doc.id.txt")


def test_writer_is_xliff_20_core_with_ids_states_and_languages() -> None:
    text = to_xliff(_alignment())
    root = ET.fromstring(text.encode())
    ns = {"x": NS_20}
    assert root.tag == f"{{{NS_20}}}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "id")
    files = root.findall("x:file", ns)
    assert len(files) == 1 and files[0].get("id") and files[0].get("original") == "doc.en.txt"
    units = files[0].findall("x:unit", ns)
    assert [u.get("id") for u in units] == ["1", "2", "3"]  # the 0-1 bead has no source: left out
    assert len({u.get("id") for u in units}) == len(units)
    states = [u.find("x:segment", ns).get("state") for u in units]  # type: ignore[union-attr]
    assert states == ["translated", "initial", "initial"]
    for unit in units:  # core order: notes before segments; each segment has a source
        children = [c.tag.split("}")[1] for c in unit]
        assert children == ["notes", "segment"]
        assert unit.find("x:segment/x:source", ns) is not None
    assert units[2].find("x:segment/x:target", ns) is None
    assert units[0].find("x:segment/x:source", ns).text == "Kidney stones & <pain>."  # type: ignore[union-attr]


def test_writer_output_reads_back() -> None:
    alignment = _alignment()
    back = xliff_to_alignment(read_xliff(to_xliff(alignment), name="back.xlf"))
    assert [" ".join(back.source_text(b)) for b in back.beads] == ["Kidney stones & <pain>.", "Drink water.",
                                                                   "Page 3"]
    assert [" ".join(back.target_text(b)) for b in back.beads] == ["Batu ginjal & <nyeri>.", "Minum air.", ""]
    assert [b.score for b in back.beads] == [1.0, 0.0, 0.0]
    assert render(alignment, "xliff", fuzzy_below=0.1).count('state="translated"') == 2


def test_align_format_xliff_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "doc.xlf"
    status, _, _ = run(capsys, "align", str(EXAMPLES / "kidney-stones.en.txt"), str(EXAMPLES / "kidney-stones.id.txt"),
                       "-o", str(out))
    assert status == 0
    doc = read_xliff(out.read_bytes(), name="doc.xlf")
    assert doc.version == "2.0" and len(doc.units) > 10 and doc.units[0].target


def test_writer_takes_the_bead_text_as_written_like_tmx() -> None:
    src = (Segment("Stop the withdrawal", 0, end=19), Segment("They rest.", 1, start=19, end=29))
    tgt = (Segment("Hentikan.", 0, end=9),)
    alignment = Alignment(source=src, target=tgt, beads=(Bead((0, 1), (0,), 0.9),))
    unit = read_xliff(to_xliff(alignment), name="x").units[0]
    assert unit.source == "Stop the withdrawalThey rest." == alignment.bead_text(alignment.beads[0], "source")
    assert unit.source in render(alignment, "tmx")
