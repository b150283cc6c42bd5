"""``termalign terms`` end to end: table, every file format, --aligned input, -o/--force, errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from termalign.cli import main

DATA = Path(__file__).resolve().parent / "data" / "terms"
EN = DATA / "anemia.en.txt"
ID = DATA / "anemia.id.txt"


def run(*args: str | Path) -> tuple[int, str, str]:
    """Run ``termalign terms ARGS`` through the real entry point; return (status, stdout, stderr)."""
    runner = CliRunner()
    with runner.isolation() as streams:
        out, err = streams[0], streams[1]
        try:
            main(["terms", *map(str, args)])
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
        return status, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


def test_default_is_a_readable_table() -> None:
    status, out, _ = run(EN, ID, "--segmented")
    assert status == 0
    lines = out.splitlines()
    assert "term pairs (score ≥ 0.50)" in lines[0]
    assert lines[1].split()[:4] == ["score", "n", "English", "Indonesian"]
    assert any("red blood cells [red blood cell]" in line and "sel darah merah" in line for line in lines)


def test_json_output_file_and_refusal_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "terms.json"
    status, _, err = run(EN, ID, "--segmented", "-o", out)
    assert status == 0 and "wrote" in err
    doc = json.loads(out.read_text("utf-8"))
    by_source = {p["source_base"]: p for p in doc["pairs"]}
    assert by_source["hemoglobin"]["target"] == "hemoglobin"
    assert {"source", "target", "score", "count"} <= set(by_source["hemoglobin"])
    assert doc["settings"]["min_score"] == 0.5
    status, _, err = run(EN, ID, "--segmented", "-o", out)
    assert status == 2 and "refusing to overwrite" in err
    status, _, _ = run(EN, ID, "--segmented", "-o", out, "--force", "--min-score", "0.9")
    assert status == 0 and all(p["score"] >= 0.9 for p in json.loads(out.read_text("utf-8"))["pairs"])


@pytest.mark.slow
def test_formats_from_extension_and_flag(tmp_path: Path) -> None:
    for name in ("t.tsv", "t.csv", "t.po", "t.tbx"):
        status, _, _ = run(EN, ID, "--segmented", "-o", tmp_path / name)
        assert status == 0
    assert (tmp_path / "t.tsv").read_text("utf-8").count("\t") >= 2
    assert (tmp_path / "t.csv").read_text("utf-8").startswith("source,target,")
    assert 'msgid "hemoglobin"' in (tmp_path / "t.po").read_text("utf-8")
    assert "<term>hemoglobin</term>" in (tmp_path / "t.tbx").read_text("utf-8")
    status, out, _ = run(EN, ID, "--segmented", "--format", "tsv")
    assert status == 0 and "hemoglobin\themoglobin\t" in out
    assert run(EN, ID, "--segmented", "-f", "tsv")[1] == out  # -f is --format in every command


def test_aligned_input(tmp_path: Path) -> None:
    aligned = tmp_path / "anemia.json"
    status, _, err = _align(aligned)
    assert status == 0, err
    status, out, _ = run("--aligned", aligned, "--format", "json")
    assert status == 0
    assert any(p["source_base"] == "ferritin" for p in json.loads(out)["pairs"])


def _align(path: Path) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation() as streams:
        try:
            main(["align", str(EN), str(ID), "--segmented", "-o", str(path)])
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
        return status, streams[0].getvalue().decode(), streams[1].getvalue().decode()


def test_glossary_option(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n"
        "digestive tract\tsaluran cerna\t\t\t\t\t\t\t\n", encoding="utf-8")
    status, out, err = run(EN, ID, "--segmented", "--glossary", glossary, "--format", "json")
    assert status == 0, err
    pair = {p["source_base"]: p for p in json.loads(out)["pairs"]}["digestive tract"]
    assert pair["target"] == "saluran cerna" and pair["evidence"]["glossary"] == 1.0


def test_usage_and_input_errors() -> None:
    status, _, err = run(EN)
    assert status == 2 and "SOURCE and TARGET" in err
    status, _, err = run(EN, ID, "--aligned", EN)
    assert status == 2
    status, _, err = run(EN, DATA / "missing.id.txt")
    assert status == 2 and "missing.id.txt" in err and "no such file" in err
    status, _, err = run("--aligned", DATA / "asthma.gold.tsv")
    assert status == 2 and "termalign: error:" in err
