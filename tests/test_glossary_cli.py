"""``termalign glossary``: list, show, validate (exit statuses) and convert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termalign.cli import main
from termalign.glossary import available_glossaries, load_glossary

DATA = Path(__file__).resolve().parent / "data" / "glossary"
SAMPLE = DATA / "sample.tsv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["glossary", *args])
    captured = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def test_list_shows_shipped_glossaries_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0
    names = available_glossaries()
    if not names:
        assert "no shipped glossaries" in err
        return
    for name in names:
        count = len(load_glossary(name, strict=False).entries)
        assert any(line.startswith(name) and f"{count} entries" in line for line in out.splitlines())


def test_show_term_matches_any_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(SAMPLE), "--term", "flebolith")
    assert code == 0
    assert out.splitlines()[0] == "phlebolith → flebolit  [noun, medical]"
    assert "forbidden:        phlebolith, flebolith" in out and f"from:             {SAMPLE}:2" in out
    code, out, _ = run(capsys, "show", str(SAMPLE), "-t", "Mengunduh", "-t", "Fagocyte")
    assert code == 0 and [line for line in out.splitlines() if "→" in line] == [
        "download → unduh  [verb, software]",
        "phagocyte → fagosit  [noun, medical]",
    ]


def test_show_unknown_term_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", str(SAMPLE), "--term", "zebra")
    assert code == 1 and out == "" and "no entry for 'zebra'" in err


def test_show_all_entries(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(SAMPLE))
    assert code == 0 and out.count("→") == 13


def test_show_malformed_file_stops_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", str(DATA / "malformed.tsv"))
    assert code == 2 and out == ""
    assert err.startswith(f"termalign: error: {DATA / 'malformed.tsv'}:4: row has no target column")
    code, out, err = run(capsys, "show", str(DATA / "malformed.tsv"), "--lenient")
    assert code == 0 and out.count("→") == 5 and "warning" in err


def test_validate_exit_statuses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(SAMPLE))
    assert (code, out) == (0, "") and "0 error(s), 0 warning(s)" in err

    warn = tmp_path / "warn.tsv"
    warn.write_text(SAMPLE.read_text(encoding="utf-8") + "mouse\ttetikus\t\t\t\tnoun\tsoftware\t\tshouty\n")
    code, out, _ = run(capsys, "validate", str(warn))
    assert code == 0 and out.count(": warning: ") == 2  # unknown flag + duplicate of the mouse row
    code, _, _ = run(capsys, "validate", "--strict", str(warn))
    assert code == 1

    code, out, err = run(capsys, "validate", str(SAMPLE), str(DATA / "malformed.tsv"), str(tmp_path / "absent.tsv"))
    assert code == 2
    lines = out.splitlines()
    assert f"{DATA / 'malformed.tsv'}:10: error: conflicting translations for 'kidney stone'" in lines[5]
    assert lines[-1] == f"{tmp_path / 'absent.tsv'}: error: no such file (check the path)"
    assert "checked 3 glossaries: 7 error(s), 3 warning(s)" in err


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(DATA / "bad-header.tsv"))
    assert code == 2
    assert json.loads(out) == [
        {
            "file": str(DATA / "bad-header.tsv"),
            "line": 2,
            "severity": "error",
            "code": "header",
            "message": "unknown column 'forbiden'",
            "hint": "did you mean 'forbidden'?",
        }
    ]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx", "tbx2", "po", "omegat"])
def test_convert_to_every_format_and_back(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    suffix = {"omegat": ".txt", "tbx2": ".tbx"}.get(fmt, f".{fmt}")
    out_path = tmp_path / f"out{suffix}"
    to = ["--to", fmt] if fmt == "tbx2" else []  # the others come from the extension
    code, _, err = run(capsys, "convert", str(SAMPLE), "-o", str(out_path), *to)
    assert code == 0 and "wrote 13 entries" in err
    assert ("cannot hold" in err) == (fmt == "omegat")
    again = load_glossary(out_path)
    expected = load_glossary(SAMPLE)
    if fmt == "omegat":
        assert [e.targets[0] for e in again.entries] == [e.targets[0] for e in expected.entries]
    else:
        assert again.entries == expected.entries
    assert ("<martif" in out_path.read_text(encoding="utf-8")) == (fmt == "tbx2")
    code, _, err = run(capsys, "convert", str(SAMPLE), "-o", str(out_path), *to)
    assert code == 2 and "refusing to overwrite" in err
    code, _, _ = run(capsys, "convert", str(SAMPLE), "-o", str(out_path), "--force", *to)
    assert code == 0


def test_convert_to_stdout_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "convert", str(SAMPLE), "-o", "-")
    assert code == 2 and "--to" in err
    code, out, _ = run(capsys, "convert", str(SAMPLE), "-o", "-", "--to", "tsv")
    assert code == 0 and out == SAMPLE.read_text(encoding="utf-8")


def test_convert_merges_several_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    override = tmp_path / "project.tsv"
    override.write_text("source\ttarget\nmouse\tmouse komputer\n", encoding="utf-8")
    code, out, _ = run(capsys, "convert", str(SAMPLE), str(override), "-o", "-", "--to", "tsv")
    assert code == 0
    rows = [line.split("\t")[:2] for line in out.splitlines()[1:]]
    assert ["mouse", "mouse komputer"] in rows and ["mouse", "tetikus"] not in rows and len(rows) == 13


def test_convert_malformed_input_is_refused_unless_lenient(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_path = tmp_path / "out.tsv"
    code, _, err = run(capsys, "convert", str(DATA / "malformed.tsv"), "-o", str(out_path))
    assert code == 2 and ":4: " in err and not out_path.exists()
    code, _, err = run(capsys, "convert", str(DATA / "malformed.tsv"), "-o", str(out_path), "--lenient")
    assert code == 0 and "wrote 5 entries" in err
