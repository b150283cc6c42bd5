"""Every bad input of ``tools/robustness_cases.py`` through the real CLI: a clear error, exit 2, nothing written.

Each case runs in its own empty folder through :func:`termalign.cli.main` (what the console script calls).
For a refused input the first ``termalign: error:`` line must name the file (and line when there is one)
and say what is wrong; no traceback or ``internal error`` may reach the user; no file may be created (not
even a temporary one); every file that was there before must be byte-for-byte unchanged. Accepted inputs
(BOMs, UTF-16, CRLF, NFD...) must succeed and write only the output asked for. Cases that fail today in
code owned by the checks' author are strict xfails in ``tests/test_robustness_checks.py`` instead.
The table in ``docs/robustness.md`` is generated from the same cases (``python tools/robustness_table.py
--write``); the last test here keeps it true.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.robustness_cases import CASES, EN, ID, Case, problems, run_case
from tools.robustness_table import DOC, md, rows, seen

ROOT = Path(__file__).resolve().parent.parent
WORKING = [case for case in CASES if not case.known_bug]
MESSAGE_SHAPE = re.compile(r"^(?P<file>[^\s:][^:]*)(?::(?P<line>\d+))?(?: \[[^\]]+\])?: \S")


@pytest.mark.parametrize("case", WORKING, ids=[case.id for case in WORKING])
def test_bad_input_is_refused_cleanly(case: Case, tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path)
    assert problems(case, outcome) == [], (outcome.stderr, outcome.stdout[-500:])
    if case.status == 2 and not case.id.startswith("deg-stdin"):
        # termalign: error: FILE[:LINE]: what is wrong (what to do)
        assert MESSAGE_SHAPE.match(outcome.error_line), outcome.error_line


def test_every_command_takes_an_encoding_option() -> None:
    """Every command that reads text files exposes --encoding (textio decodes with it)."""
    from click.testing import CliRunner

    from termalign.cli import cli

    runner = CliRunner()
    for argv in (["align"], ["terms"], ["check"], ["report"], ["glossary", "show"], ["glossary", "validate"],
                 ["glossary", "convert"]):
        result = runner.invoke(cli, [*argv, "--help"])
        assert result.exit_code == 0 and "--encoding" in result.output, argv


def test_accepted_encodings_give_the_same_alignment(tmp_path: Path) -> None:
    """BOM, UTF-16, CRLF, CR, NFD and zero-width variants of one text align exactly like the plain UTF-8 text."""
    (tmp_path / "plain").mkdir()
    plain = run_case(Case("plain", "", "", ("align", "en.txt", "id.txt", "-o", "out.json"),
                          {"en.txt": EN, "id.txt": ID}, status=0), tmp_path / "plain")
    assert plain.status == 0
    reference = json.loads((tmp_path / "plain" / "out.json").read_text(encoding="utf-8"))
    for case in CASES:
        if not case.id.startswith("enc-") or case.status != 0 or "out.json" not in case.creates:
            continue
        folder = tmp_path / case.id
        folder.mkdir()
        assert run_case(case, folder).status == 0
        got = json.loads((folder / "out.json").read_text(encoding="utf-8"))
        texts = [[b["source"], b["target"]] for b in got["beads"]]
        expected = [[b["source"], b["target"]] for b in reference["beads"]]
        if case.id in ("enc-nfd", "enc-cp1252-named"):  # these change one word (véna): compare the shape
            texts = [[len(s), len(t)] for s, t in texts]
            expected = [[len(s), len(t)] for s, t in expected]
        assert texts == expected, case.id


def test_console_script_prints_no_traceback(tmp_path: Path) -> None:
    """The installed entry point (a real process) turns bad input into one line and exit status 2."""
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "id.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = subprocess.run([sys.executable, "-m", "termalign", "align", "en.txt", "id.txt", "-o", "out.json"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("termalign: error: id.txt:"), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "termalign", "--debug", "align", "en.txt", "missing.txt"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" in result.stderr


@pytest.mark.slow
def test_docs_table_is_current() -> None:
    """docs/robustness.md shows every case with the exact error line the CLI prints today."""
    doc = (ROOT / DOC).read_text(encoding="utf-8")
    for case, outcome in rows():
        assert f"`{case.id}`" in doc, f"{case.id} is missing from {DOC}: run python tools/robustness_table.py --write"
        if case.status == 2 and not case.known_bug:
            shown = md(seen(case, outcome))
            assert shown in doc, f"{case.id}: {DOC} is stale; run python tools/robustness_table.py --write"
