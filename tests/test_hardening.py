"""Regression tests for the smaller holes of issue 11: glossary terms starting with ``#``, CSV formula
injection, one normalisation for every glossary reader, control characters reaching the terminal, and a
``-j`` worker that dies. ("Nothing to check" is covered by robustness cases of ``tools/robustness_cases.py``:
``tmx-no-lang-check``, ``po-empty-check``, ``deg-empty-check-text``... and their ``--allow-empty`` twins.)"""

from __future__ import annotations

import csv
import io
import os
import signal
from pathlib import Path

import pytest

from termalign import errors
from termalign.cli import main
from termalign.errors import InputError
from termalign.formats import glossary_tsv
from termalign.formats.termlist import to_csv
from termalign.glossary import parse_glossary, write_glossary
from termalign.model import Glossary, GlossaryEntry, TermPair
from tools.robustness_cases import GLOSSARY, TBX, mo_bytes

# Terms a real catalog has (C preprocessor lines, hashtags, quoted titles) and cells a spreadsheet would run.
AWKWARD = Glossary((
    GlossaryEntry("#include", "#include", note="a C directive"),
    GlossaryEntry("# of files", "jumlah berkas"),
    GlossaryEntry('"Save as"', 'Simpan sebagai'),
    GlossaryEntry('#"quoted"', "kutip"),
    GlossaryEntry("=SUM(A1:A3)", "=JUMLAH(A1:A3)", note="-- a formula"),
    GlossaryEntry("+1 vote", "+1 suara", note="@mention"),
    GlossaryEntry("'=literal", "''-two quotes", note="'plain"),
    GlossaryEntry("vein", "vena", target_variants=("pembuluh",)),
))


def _fields(glossary: Glossary) -> list[tuple[str, str, tuple[str, ...], str]]:
    return [(e.source, e.target, e.target_variants, e.note) for e in glossary.entries]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "omegat"])
def test_writers_keep_terms_starting_with_a_hash(fmt: str) -> None:
    issues: list = []
    again = parse_glossary(write_glossary(AWKWARD, fmt), fmt, issues=issues)
    assert _fields(again) == _fields(AWKWARD)
    assert issues == []  # no stray-quote warning for the quotes the writer added


@pytest.mark.parametrize("fmt", ["tsv", "csv", "omegat"])
def test_quoted_first_field_reads_right_in_the_csv_module(fmt: str) -> None:
    """Spreadsheets and csv libraries unquote the quoted first field: they see the term, not a comment."""
    text = write_glossary(AWKWARD, fmt)
    delimiter = "," if fmt == "csv" else "\t"
    data = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]  # real comments
    rows = list(csv.reader(data, delimiter=delimiter))
    firsts = [row[0] for row in rows]
    assert "#include" in firsts and "# of files" in firsts and '"Save as"' in firsts


def test_comment_lines_are_still_comments() -> None:
    tsv = "# a comment\n" + GLOSSARY + "#vein\tvena\t\t\t\t\t\t\t\n"
    assert [e.source for e in parse_glossary(tsv, "tsv").entries] == ["phlebolith", "vein"]
    csv_text = "# a comment, with a comma\nsource,target\n#vein,vena\n\"#vein\",vena\n"
    assert [e.source for e in parse_glossary(csv_text, "csv").entries] == ["#vein"]


def test_csv_cells_cannot_become_formulas() -> None:
    text = write_glossary(AWKWARD, "csv")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert _fields(parse_glossary(text, "csv")) == _fields(AWKWARD)


def test_csv_term_list_cells_cannot_become_formulas() -> None:
    pair = TermPair(source="=cmd|'/c calc'!A1", target="@SUM(1)", source_base="-x", target_base="+y", score=0.5,
                    count=1, beads=(0,), evidence=())
    rows = list(csv.reader(io.StringIO(to_csv([pair]))))
    assert rows[1][:4] == ["'=cmd|'/c calc'!A1", "'@SUM(1)", "'-x", "'+y"]


@pytest.mark.parametrize("cell", ["=1+1", "+", "-", "@x", "\tx", "\rx", "'=x", "''@", "'", "'x", "x=1", "", "'\t"])
def test_protected_cells_come_back_exactly(cell: str) -> None:
    assert glossary_tsv.unprotect_cell(glossary_tsv.protect_cell(cell)) == cell
    assert not glossary_tsv.protect_cell(cell).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_every_reader_normalises_the_same_way() -> None:
    """A TBX term with a zero-width space or decomposed accent reads as the TSV/CSV/PO readers read it."""
    tbx = TBX.replace("<term>flebolit</term>", "<term>fle\u200bboli\u0301t</term>").replace(
        "<term>phlebolith</term>", "<term>phlebo\u200dlith</term>")
    from_tbx = parse_glossary(tbx, "tbx")
    assert [(e.source, e.target) for e in from_tbx.entries] == [("phlebolith", "flebolít")]
    for fmt in ("tsv", "csv", "omegat", "po", "tbx"):
        converted = parse_glossary(write_glossary(from_tbx, fmt), fmt)
        assert _fields(converted) == _fields(from_tbx), fmt


def test_a_term_of_invisible_characters_only_is_empty_in_tbx_as_in_tsv() -> None:
    tbx = TBX.replace("<term>flebolit</term>", "<term>\u200b</term>")
    with pytest.raises(InputError, match=r"^<glossary>:\d+: empty target term for 'phlebolith'"):
        parse_glossary(tbx, "tbx")
    with pytest.raises(InputError, match=r"^<glossary>:2: empty target term for 'phlebolith'"):
        parse_glossary(GLOSSARY.replace("flebolit\t", "\u200b\t", 1), "tsv")


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b[2Jb", "a\\x1b[2Jb"), ("\x07\x7f\u009b", "\\x07\\x7f\\x9b"), ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
    ("tab\tkept", "tab\tkept"), ("two\nlines", "two\nlines"), ("\u2066iso\u2069", "\\u2066iso\\u2069"),
    ("ünïcode – fine", "ünïcode – fine"),
])
def test_printable(raw: str, shown: str) -> None:
    assert errors.printable(raw) == shown
    assert errors.printable(raw, one_line=True) == shown.replace("\n", "\\x0a")


def _run(argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
    finally:
        os.chdir(before)
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_mo_escape_sequences_are_not_echoed_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    msgid = "\x1b]0;owned\x07Phleboliths\x1b[2J\u202e"  # retitle the terminal, clear it, reverse the text
    (tmp_path / "x.mo").write_bytes(mo_bytes([(msgid, "Flebolith \x1b[31m\u009b")]))
    status, out, err = _run(["check", "-g", "g.tsv", "--explain", "x.mo"], tmp_path, capsys)
    assert status == 1 and "forbidden-term" in out
    assert "\\x1b]0;owned\\x07Phleboliths\\x1b[2J\\u202e" in out
    for text in (out, err):
        assert not any(ch in text for ch in "\x1b\x07\u009b\u202e")


def test_stderr_messages_escape_user_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["check", "--lang", "id", "no\x1b[2Jsuch.txt"], tmp_path, capsys)
    assert status == 2 and "no\\x1b[2Jsuch.txt" in err and "\x1b" not in err
    name = "g\x1b[31m.tsv"  # messages name the file as given, not as a Python repr
    (tmp_path / name).write_text(GLOSSARY + 'stone\t"batu\t\t\t\t\t\t\t\n', encoding="utf-8")
    (tmp_path / "id.txt").write_text("Flebolit di dalam vena.\n", encoding="utf-8")
    status, _, err = _run(["check", "-g", name, "--lang", "id", "id.txt"], tmp_path, capsys)
    assert status == 0 and "warning: g\\x1b[31m.tsv:4: target: stray quote" in err and "\x1b" not in err
    status, out, err = _run(["glossary", "validate", name], tmp_path, capsys)
    assert "g\\x1b[31m.tsv:4: warning: " in out and "\x1b" not in out + err


def _die(units: object) -> object:
    os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does
    raise AssertionError("unreachable")


@pytest.mark.timeout(60)
def test_a_dead_worker_ends_the_run_with_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, ``multiprocessing.Pool`` waited forever for the dead worker's batch (the timeout caught it)."""
    from termalign.checks import runner

    monkeypatch.setattr(runner, "_work", _die)  # the forked workers inherit the patched module
    (tmp_path / "id.txt").write_text("Flebolit di dalam vena.\n" * 50, encoding="utf-8")
    status, _, err = _run(["check", "-j", "2", "--lang", "id", "id.txt"], tmp_path, capsys)
    assert status == 3
    assert "internal error: WorkerDied: a worker process" in err and "fewer jobs" in err


def test_real_catalogs_with_hash_terms_lose_nothing_in_tsv_csv_omegat() -> None:
    """10 of the 65 Indonesian catalogs of the test machine have msgids starting with ``#`` ("#10 Envelope");
    before, converting them to TSV, CSV or OmegaT lost those entries (they read back as comments). The three
    smallest such catalogs are checked here (all 65 take a minute)."""
    import polib

    catalogs = []
    for mo in sorted(Path("/usr/share/locale/id/LC_MESSAGES").glob("*.mo"), key=lambda p: p.stat().st_size):
        catalog = polib.mofile(str(mo))
        if any(e.msgid.startswith("#") and e.msgstr and "\n" not in e.msgid for e in catalog):
            catalogs.append(str(catalog))
        if len(catalogs) == 3:
            break
    if not catalogs:
        pytest.skip("no Indonesian .mo catalog with a msgid starting with '#' on this machine")
    for text in catalogs:
        glossary = parse_glossary(text, "po", strict=False)
        assert any(entry.source.startswith("#") for entry in glossary.entries)
        for fmt in ("tsv", "csv", "omegat"):
            again = parse_glossary(write_glossary(glossary, fmt), fmt, strict=False)
            assert [e.source for e in again.entries] == [e.source for e in glossary.entries], fmt


def test_the_robustness_document_counts_at_least_60_kinds_of_input() -> None:
    from tools.robustness_cases import CASES
    from tools.robustness_table import kind

    kinds = {kind(case) for case in CASES}
    assert len(kinds) >= 60
    assert kind(CASES[0]) == CASES[0].input
    doc = (Path(__file__).resolve().parent.parent / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert f"{len(CASES)} cases of {len(kinds)} kinds of input: " in doc
