"""``termalign align`` end to end: every output format, stdin, --segmented, batch mode, refusing to overwrite,
--update, language checks (exit 2 naming the file) and msgfmt -c on the PO output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import polib
import pytest
from click.testing import CliRunner

from termalign.cli import main
from termalign.cli.align_cmd import command
from termalign.cli.common import Progress
from tools.robustness_cases import EN as EN_TEXT  # our own small texts (one sentence per line, paragraphs)
from tools.robustness_cases import ID as ID_TEXT

MSGFMT = shutil.which("msgfmt")
ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "examples" / "kidney-stones.en.txt"
ID = ROOT / "examples" / "kidney-stones.id.txt"


def run(*args: str | Path, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    """Run ``termalign align ARGS`` in-process through the real entry point; return (status, stdout, stderr)."""
    runner = CliRunner()
    with runner.isolation(input=stdin) as streams:
        out, err = streams[0], streams[1]
        try:
            main(["align", *map(str, args)])
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        return status, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    en = tmp_path / "phlebolith.en.txt"
    idn = tmp_path / "phlebolith.id.txt"
    en.write_text(EN_TEXT, encoding="utf-8")
    idn.write_text(ID_TEXT, encoding="utf-8")
    return en, idn


def test_default_output_is_a_summary_and_a_side_by_side_listing() -> None:
    status, out, err = run(EN, ID)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{EN} (en) ↔ {ID} (id)"
    assert lines[1].startswith("segments: ") and "beads: " in lines[1] and "1-1: " in lines[1]
    assert lines[2].startswith("mean score of linked beads: ")
    assert any(line.startswith("dictionary entries used: ") for line in lines)
    row = next(line for line in lines if "Kidney stones: causes and treatment" in line)
    assert row.split()[:2] == ["1", "1-1"] and "| Batu ginjal: penyebab dan pengobatan" in row
    assert any("Was this article helpful?" in line and "—" in line for line in lines)  # page junk unaligned


@pytest.mark.parametrize("fmt", ["json", "tsv", "po", "tmx", "text"])
def test_each_format_by_extension_and_by_option_gives_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    ext = {"text": "txt"}.get(fmt, fmt)
    by_extension = tmp_path / f"out.{ext}"
    status, _, err = run(EN, ID, "-o", by_extension)
    assert status == 0, err
    assert f"wrote {by_extension} ({fmt})" in err
    status, out, _ = run(EN, ID, "--format", fmt)
    assert status == 0
    assert out == by_extension.read_text(encoding="utf-8")
    status, short, _ = run(EN, ID, "-f", fmt)  # -f is --format in every command
    assert status == 0 and short == out


def test_json_output_covers_every_segment_and_is_deterministic(tmp_path: Path) -> None:
    status, out, _ = run(EN, ID, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["source_file"] == str(EN) and data["source_lang"] == "en" and data["target_lang"] == "id"
    source = [i for bead in data["beads"] for i in bead["source_index"]]
    target = [i for bead in data["beads"] for i in bead["target_index"]]
    assert source == list(range(data["stats"]["source_segments"]))
    assert target == list(range(data["stats"]["target_segments"]))
    assert data["stats"]["aligner"]["dictionary_entries_used"] > 0
    assert run(EN, ID, "--format", "json")[1] == out


def test_tsv_output_has_three_fields_per_linked_bead() -> None:
    status, out, _ = run(EN, ID, "--format", "tsv")
    assert status == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows and all(len(row) == 3 for row in rows)
    assert rows[0][:2] == ["Kidney stones: causes and treatment", "Batu ginjal: penyebab dan pengobatan"]
    assert all(0.0 <= float(row[2]) <= 1.0 for row in rows)


def test_tmx_output_parses_and_has_one_unit_per_linked_bead() -> None:
    _, out, _ = run(EN, ID, "--format", "tmx")
    linked = sum(1 for b in json.loads(run(EN, ID, "--format", "json")[1])["beads"] if b["source"] and b["target"])
    root = ET.fromstring(out.encode("utf-8"))
    assert len(root.findall("body/tu")) == linked


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) not installed: apt-get install gettext")
def test_po_output_passes_msgfmt_check(tmp_path: Path) -> None:
    path = tmp_path / "kidney.po"
    status, _, err = run(EN, ID, "-o", path)
    assert status == 0, err
    result = subprocess.run([str(MSGFMT), "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == "id"
    assert catalog.find("Share this article") is not None and catalog.find("Share this article").msgstr == ""


def test_fuzzy_below_marks_po_entries(tmp_path: Path) -> None:
    path = tmp_path / "strict.po"
    assert run(EN, ID, "-o", path, "--fuzzy-below", "1.0")[0] == 0
    beads = json.loads(run(EN, ID, "--format", "json")[1])["beads"]
    under = {" ".join(b["source"]) for b in beads if b["source"] and b["target"] and b["score"] < 1.0}
    fuzzy = {e.msgid for e in polib.pofile(str(path)) if "fuzzy" in e.flags}
    assert under and fuzzy == under
    default = tmp_path / "default.po"
    assert run(EN, ID, "-o", default)[0] == 0
    assert not [e for e in polib.pofile(str(default)) if "fuzzy" in e.flags]


def test_stdin_on_one_side_gives_the_same_alignment() -> None:
    from_files = json.loads(run(EN, ID, "--format", "json")[1])
    status, out, err = run(EN, "-", "--format", "json", stdin=ID.read_bytes())
    assert status == 0, err
    from_stdin = json.loads(out)
    assert from_stdin["target_file"] == "<stdin>"
    assert from_stdin["beads"] == from_files["beads"]


def test_stdin_on_both_sides_is_refused() -> None:
    status, _, err = run("-", "-", stdin="x")
    assert status == 2 and "standard input ('-') can be used for one input only" in err


def test_segmented_keeps_one_segment_per_line(small: tuple[Path, Path]) -> None:
    en, idn = small
    status, out, err = run(en, idn, "--segmented", "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data["stats"]["source_segments"] == 4 and data["stats"]["target_segments"] == 4
    assert [b["kind"] for b in data["beads"]] == ["1-1"] * 4
    assert [b["source_lines"] for b in data["beads"]] == [[1], [2], [4], [5]]
    assert [b["source_paragraphs"] for b in data["beads"]] == [[0], [0], [1], [1]]


def test_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text("precious", encoding="utf-8")
    status, _, err = run(EN, ID, "-o", path)
    assert status == 2
    assert f"termalign: error: {path}: output file exists; refusing to overwrite it" in err
    assert path.read_text(encoding="utf-8") == "precious"
    assert run(EN, ID, "-o", path, "--force")[0] == 0
    assert json.loads(path.read_text(encoding="utf-8"))["beads"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_swapped_inputs_exit_2_naming_the_file() -> None:
    status, out, err = run(ID, EN)
    assert status == 2 and out == ""
    assert err.startswith(f"termalign: error: {ID}: the inputs look swapped")
    assert "--no-lang-check" in err
    assert run(ID, EN, "--no-lang-check")[0] == 0


def test_a_side_in_the_wrong_language_exits_2_naming_it(small: tuple[Path, Path]) -> None:
    en, _ = small
    status, _, err = run(EN, en)
    assert status == 2
    assert err.startswith(f"termalign: error: {en}: the target text should be Indonesian")


def test_bad_encoding_and_empty_input_exit_2(tmp_path: Path) -> None:
    latin = tmp_path / "cafe.en.txt"
    latin.write_bytes("The café in the hospital serves tea to every patient.\n".encode("cp1252"))
    status, _, err = run(latin, ID, "--no-lang-check")
    assert status == 2 and f"{latin}:1: not valid utf-8" in err and "--encoding" in err
    assert run(latin, ID, "--no-lang-check", "--encoding", "cp1252")[0] == 0
    empty = tmp_path / "empty.id.txt"
    empty.write_text("\n\n", encoding="utf-8")
    status, _, err = run(EN, empty)
    assert status == 2 and f"{empty}: the target text is empty" in err


def test_dictionary_and_glossary_options(tmp_path: Path, small: tuple[Path, Path]) -> None:
    en, idn = small
    words = tmp_path / "words.tsv"
    words.write_text("phlebolith\tflebolit\nvein\tvena\n", encoding="utf-8")
    status, out, err = run(en, idn, "--dictionary", "none", "--dictionary", words, "--format", "json")
    assert status == 0, err
    assert json.loads(out)["stats"]["aligner"]["dictionary_entries"] == 2
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("source\ttarget\nphlebolith\tflebolit\n", encoding="utf-8")
    status, out, err = run(en, idn, "--dictionary", "none", "--glossary", glossary, "--format", "json")
    assert status == 0, err
    assert json.loads(out)["stats"]["aligner"]["dictionary_entries"] >= 1


def test_update_merges_into_the_existing_catalog(tmp_path: Path) -> None:
    path = tmp_path / "kidney.po"
    assert run(EN, ID, "-o", path)[0] == 0
    catalog = polib.pofile(str(path))
    title = catalog.find("Kidney stones: causes and treatment")
    title.msgstr = "Batu ginjal: penyebab dan penanganannya"
    title.tcomment = "reviewed"
    catalog.save()
    status, _, err = run(EN, ID, "-o", path, "--update")
    assert status == 0, err
    assert f"updated {path}: 0 added" in err
    title = polib.pofile(str(path)).find("Kidney stones: causes and treatment")
    assert (title.msgstr, title.tcomment) == ("Batu ginjal: penyebab dan penanganannya", "reviewed")


def test_update_needs_po_output() -> None:
    status, _, err = run(EN, ID, "--update", "--format", "json", "-o", "x.json")
    assert status == 2 and "--update merges into a PO catalog" in err


def write_pairs(folder: Path, small: tuple[Path, Path], extra: str = "") -> Path:
    shutil.copy(EN, folder / EN.name)
    shutil.copy(ID, folder / ID.name)
    listing = folder / "pairs.tsv"
    listing.write_text(
        f"# source\ttarget\toutput\n{EN.name}\t{ID.name}\n\n{small[0]}\t{small[1]}\tphleb.tsv\n{extra}",
        encoding="utf-8",
    )
    return listing


def test_batch_aligns_every_pair_into_the_output_folder(tmp_path: Path, small: tuple[Path, Path]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    listing = write_pairs(tmp_path, small)
    status, out, err = run("--batch", listing, "--output-dir", out_dir)
    assert status == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["kidney-stones.json", "phleb.tsv"]
    assert json.loads((out_dir / "kidney-stones.json").read_text(encoding="utf-8"))["beads"]
    assert len((out_dir / "phleb.tsv").read_text(encoding="utf-8").splitlines()) >= 3
    lines = out.splitlines()
    assert lines[0].startswith("ok    ") and "-> " in lines[0] and "beads" in lines[0]
    assert lines[-1] == "batch: 2 of 2 pairs aligned, 0 failed"


def test_batch_continues_past_bad_pairs_and_exits_2(tmp_path: Path, small: tuple[Path, Path]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    listing = write_pairs(tmp_path, small, f"{ID.name}\t{EN.name}\tswapped.po\nmissing.en.txt\t{ID.name}\tx.po\n")
    status, out, err = run("--batch", listing, "--output-dir", out_dir, "--format", "po")
    assert status == 2
    assert sorted(p.name for p in out_dir.iterdir()) == ["kidney-stones.po", "phleb.tsv"]
    assert out.splitlines()[-1] == "batch: 2 of 4 pairs aligned, 2 failed"
    assert f"{listing}:5: {tmp_path / ID.name}: the inputs look swapped" in err
    assert f"{listing}:6: {tmp_path / 'missing.en.txt'}: no such file" in err
    # A second run refuses to overwrite; with --force it replaces.
    status, out, _ = run("--batch", listing, "--output-dir", out_dir, "--format", "po")
    assert status == 2 and "output file exists" in out


def test_batch_list_errors(tmp_path: Path, small: tuple[Path, Path]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    listing = tmp_path / "dup.tsv"
    listing.write_text(f"{small[0]}\t{small[1]}\tsame.json\n{EN}\t{ID}\tsame.json\n", encoding="utf-8")
    status, _, err = run("--batch", listing, "--output-dir", out_dir)
    assert status == 2 and f"{listing}:2: output {out_dir / 'same.json'} is also written by the pair on line 1" in err
    status, _, err = run("--batch", listing, "--output-dir", tmp_path / "nowhere")
    assert status == 2 and "is also written" in err and not (tmp_path / "nowhere").exists()  # list checked first
    status, _, err = run("--batch", listing)
    assert status == 2 and "--batch needs --output-dir" in err
    status, _, err = run(EN, "--output-dir", out_dir)
    assert status == 2


def test_every_option_has_help() -> None:
    status, out, _ = run("--help")
    assert status == 0 and "Usage: termalign align" in out
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{param.name} has no help"


def test_progress_is_silent_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with Progress("aligning", 10_000) as progress:
        assert not progress.enabled  # pytest's stderr is not a terminal
        progress(5_000, 10_000)
        progress.stage("working")
    assert capsys.readouterr().err == ""
    with Progress("aligning", 10, enabled=True) as progress:
        progress(5, 10)
        progress(10, 10)
    assert "aligning" in capsys.readouterr().err


@pytest.mark.slow
def test_console_script_runs_end_to_end(tmp_path: Path) -> None:
    """One real subprocess, as users and CI call it: stdin feeding the source, output to a file."""
    out = tmp_path / "k.tmx"
    result = subprocess.run([sys.executable, "-m", "termalign", "align", "-", str(ID), "-o", str(out)],
                            input=EN.read_bytes(), capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert ET.parse(out).getroot().tag == "tmx"
