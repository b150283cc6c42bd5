"""Glossary warnings reach the user: every command that uses a glossary prints them on standard error.

Before, only ``termalign glossary validate`` showed them, and ``check``/``align``/``terms``/``report`` used a
glossary with a stray quote or a duplicate row silently. The warnings must not touch standard output (JSON there
must stay parseable) nor the exit status; each is printed once per run; ``-q/--quiet`` silences them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termalign.cli import main

HEADER = "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n"
ROWS = (
    "phlebolith\tflebolit\t\t\tphlebolith\tnoun\t\t\t\n"
    "kidney stone\tbatu ginjal\t\t\t\tnoun\t\t\t\n"
)
# The same entries plus three warnings: a duplicate row (line 4), an unknown flag (line 5), a stray quote (line 6).
WARNED_ROWS = ROWS + (
    "phlebolith\tflebolit\t\t\tphlebolith\tnoun\t\t\t\n"
    "kidney\tginjal\t\t\t\tnoun\t\t\tshouty\n"
    'vein\t"vena\t\t\t\tnoun\t\t\t\n'
)
# The same entries on the same lines without the first two warnings (a comment line is skipped).
CLEAN_ROWS = ROWS + "# no row here\n" + "kidney\tginjal\t\t\t\tnoun\t\t\t\n" + 'vein\t"vena\t\t\t\tnoun\t\t\t\n'
EXPECTED = [
    "termalign: warning: warned.tsv:4: duplicate entry 'phlebolith' → 'flebolit': same as line 2 "
    "(delete one of the rows)",
    "termalign: warning: warned.tsv:5: unknown flag 'shouty' ignored (known flags: case-sensitive, do-not-translate)",
    "termalign: warning: warned.tsv:6: target: stray quote in '\"vena'",
]
EN = "A phlebolith is a small calcified clot.\nKidney stones are common.\n"
ID = "Flebolit adalah gumpalan kecil yang mengapur.\nBatu ginjal sering ditemukan.\n"
TEXT = "Sebuah flebolith terlihat pada ginjal.\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a glossary with warnings, a clean one, and a small text pair."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "warned.tsv").write_text(HEADER + WARNED_ROWS, encoding="utf-8")
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "warned.tsv").write_text(HEADER + CLEAN_ROWS, encoding="utf-8")
    (tmp_path / "clean" / "text.id.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "id.txt").write_text(ID, encoding="utf-8")
    (tmp_path / "text.id.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def warning_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("termalign: warning: ")]


def assert_expected_warnings(err: str) -> None:
    lines = warning_lines(err)
    assert len(lines) == len(EXPECTED), err
    for line, expected in zip(lines, EXPECTED, strict=True):
        assert line.startswith(expected), (line, expected)


def test_validate_finds_the_warnings_the_commands_print(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    code, out, _ = run(capsys, "glossary", "validate", "warned.tsv")
    assert code == 0 and out.count(": warning: ") == len(EXPECTED)
    code, out, _ = run(capsys, "glossary", "validate", "clean/warned.tsv")
    assert code == 0 and out.count(": warning: ") == 1  # the stray quote only: same entries as warned.tsv


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_check_prints_warnings_on_stderr_only(capsys: pytest.CaptureFixture[str], work: Path, fmt: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "-g", "warned.tsv", "--lang", "id", "text.id.txt", "-f", fmt)
    code, out, err = run(capsys, *args)
    assert_expected_warnings(err)
    # Same bytes and exit status as the same entries without the duplicate row and the unknown flag.
    monkeypatch.chdir(work / "clean")
    clean_code, clean_out, clean_err = run(capsys, *args)
    assert (code, out) == (clean_code, clean_out)
    assert len(warning_lines(clean_err)) == 1 and "stray quote" in clean_err
    assert code == 1  # 'flebolith' is a forbidden/garbled form: the warnings did not change that
    if fmt != "text":
        json.loads(out)  # standard output is still one JSON document


def test_each_warning_once_per_run(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    _, _, err = run(capsys, "check", "-g", "warned.tsv", "-g", "warned.tsv", "-g", "medical", "--lang", "id",
                    "text.id.txt", "-f", "json")
    assert_expected_warnings(err)


def test_merge_notes_are_not_printed(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    """Repeating shipped entries in a project glossary is how one extends them: no warning for that."""
    (work / "project.tsv").write_text(HEADER + "phlebolith\tflebolit\t\tflebolit-x\t\tnoun\t\t\t\n",
                                      encoding="utf-8")
    code, _, err = run(capsys, "check", "-g", "medical", "-g", "project.tsv", "--lang", "id", "text.id.txt")
    assert code == 1 and warning_lines(err) == []


@pytest.mark.parametrize("quiet", ["-q", "--quiet"])
def test_quiet_leaves_stderr_empty(capsys: pytest.CaptureFixture[str], work: Path, quiet: str) -> None:
    code, out, err = run(capsys, "check", quiet, "-g", "warned.tsv", "--lang", "id", "text.id.txt", "-f", "json")
    assert code == 1 and err == "" and json.loads(out)["findings"]


def test_quiet_keeps_errors(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "broken.tsv").write_text(HEADER + "vein\t\t\t\t\tnoun\t\t\t\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "-q", "-g", "broken.tsv", "--lang", "id", "text.id.txt")
    assert code == 2 and out == "" and err.startswith("termalign: error: broken.tsv:2: empty target term")


def test_error_is_printed_alone(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "broken.tsv").write_text(HEADER + WARNED_ROWS + "vein\tpembuluh\t\t\t\tnoun\t\t\t\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "-g", "broken.tsv", "--lang", "id", "text.id.txt")
    assert code == 2 and err.splitlines() == [line for line in err.splitlines() if "error:" in line]


@pytest.mark.slow
def test_align_terms_report_print_warnings(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    code, out, err = run(capsys, "align", "en.txt", "id.txt", "-g", "warned.tsv", "--format", "json")
    assert code == 0 and json.loads(out)["beads"]
    assert_expected_warnings(err)
    code, out, err = run(capsys, "terms", "en.txt", "id.txt", "-g", "warned.tsv", "--format", "json")
    assert code == 0 and json.loads(out)
    assert_expected_warnings(err)
    code, out, err = run(capsys, "report", "en.txt", "id.txt", "-g", "warned.tsv", "-o", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert_expected_warnings(err)
    for args in (("align", "en.txt", "id.txt", "--format", "json"), ("terms", "en.txt", "id.txt"),
                 ("report", "en.txt", "id.txt", "-o", "page.html")):
        code, out, err = run(capsys, *args[:1], "-q", *args[1:], "-g", "warned.tsv")
        assert code == 0 and err == "", args[0]
        assert (work / "page.html").is_file() if args[0] == "report" else out.strip()


def test_glossary_show_and_convert_use_the_same_shape(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    code, out, err = run(capsys, "glossary", "show", "warned.tsv", "--term", "vein")
    assert code == 0 and "vein → " in out
    assert_expected_warnings(err)
    code, _, err = run(capsys, "glossary", "convert", "-q", "warned.tsv", "-o", "out.tbx")
    assert code == 0 and err == "" and (work / "out.tbx").is_file()


def test_many_warnings_are_capped_per_file(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    rows = "".join(f"term{n}\tistilah{n}\t\t\t\tnoun\t\t\tloud\n" for n in range(25))
    (work / "noisy.tsv").write_text(HEADER + rows, encoding="utf-8")
    code, out, err = run(capsys, "check", "-g", "noisy.tsv", "--lang", "id", "text.id.txt", "-f", "json")
    lines = warning_lines(err)
    assert code == 0 and json.loads(out)["summary"]["findings"] == 0
    assert len(lines) == 21 and all("unknown flag 'loud'" in line for line in lines[:20])
    assert lines[20] == ("termalign: warning: noisy.tsv: … and 5 more warning(s) "
                         "(`termalign glossary validate noisy.tsv` lists them all)")


# A glossary with two rows a lenient load leaves out: an empty source term (line 4) and a second, conflicting
# translation of "kidney stone" (line 5).
BROKEN_ROWS = ROWS + "\tkosong\t\t\t\tnoun\t\t\t\n" + "kidney stone\tbatu buah pinggang\t\t\t\tnoun\t\t\t\n"


@pytest.mark.parametrize("command", ["show", "convert"])
def test_lenient_says_which_rows_it_skipped(capsys: pytest.CaptureFixture[str], work: Path, command: str) -> None:
    (work / "broken.tsv").write_text(HEADER + BROKEN_ROWS, encoding="utf-8")
    args = ["glossary", command, "--lenient", "broken.tsv"]
    if command == "convert":
        args += ["-o", "out.tsv"]
    code, out, err = run(capsys, *args)
    assert code == 0
    skipped = [line for line in err.splitlines() if "row skipped" in line]
    assert [line.split(": row skipped")[0] for line in skipped] == [
        "termalign: warning: broken.tsv:4", "termalign: warning: broken.tsv:5"]
    assert "empty source term" in skipped[0] and "conflicting translations for 'kidney stone'" in skipped[1]
    kept = out if command == "show" else (work / "out.tsv").read_text(encoding="utf-8")
    assert "batu ginjal" in kept and "batu buah pinggang" not in kept and "kosong" not in kept
    # Without --lenient the first error stops the command (status 2), and -q keeps errors only.
    assert run(capsys, "glossary", "show", "broken.tsv")[0] == 2
    assert run(capsys, "glossary", command, "-q", "--lenient", "broken.tsv",
               *(["-o", "out2.tsv"] if command == "convert" else []))[2] == ""
