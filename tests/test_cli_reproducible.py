"""Reports do not depend on the machine: the same inputs give the same bytes from any folder, copy or install.

A finding's explanation names the glossary entry behind it. A shipped glossary used to be named by the absolute
path of the installed file (``/…/site-packages/termalign/glossaries/medical.tsv:635``), so two machines, or an
editable and a regular install, wrote different JSON/SARIF for the same input and a committed report or baseline
churned. Shipped glossaries are now named ``glossary:NAME``; a user's glossary keeps the path as given.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import termalign
from termalign.cli import main
from termalign.errors import InputError
from termalign.glossary import load as glossary_load
from termalign.glossary import load_glossary, validate_glossary
from termalign.glossary import shipped as glossary_shipped

ROOT = Path(__file__).resolve().parent.parent
CHECK_DATA = Path(__file__).resolve().parent / "data" / "checks"
EXAMPLES = ROOT / "examples"
PACKAGE_DIR = Path(termalign.__file__).resolve().parent

CHECK_FORMATS = ("text", "json", "junit", "sarif", "github")
# Inputs and glossaries named relative to the working folder. The test glossary comes first, so the entries it
# shares with the medical glossary keep its origin; garbled terms only the medical glossary has explain the rest.
CHECK_ARGS = ("-g", "checks/glossary.tsv", "-g", "medical", "checks/sample.po", "checks/sample.tmx",
              "--lang", "en", "checks/garbled_en.txt", "checks/medical_en.txt")
MEDICAL_TEXT = "Acute apendicitis was confirmed after the lithotrypsy.\n"


def _copy_inputs(folder: Path) -> Path:
    """A fresh copy of the check test data and the examples under ``folder``."""
    folder.mkdir(parents=True)
    shutil.copytree(CHECK_DATA, folder / "checks")
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "checks" / "medical_en.txt").write_text(MEDICAL_TEXT, encoding="utf-8")
    return folder


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def _machine_paths(tmp_path: Path) -> list[str]:
    """Strings that would only appear in an output that leaked where it was made."""
    return [str(tmp_path), str(PACKAGE_DIR), str(ROOT), "site-packages"]


def _check_outputs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: Path,
                   ) -> dict[str, tuple[int, str]]:
    monkeypatch.chdir(folder)
    found = {}
    for fmt in CHECK_FORMATS:
        code, out, _ = _run(capsys, "check", *CHECK_ARGS, "-f", fmt)
        found[fmt] = (code, out)
    return found


@pytest.mark.slow
def test_check_is_byte_identical_from_two_copies(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    first = _check_outputs(capsys, monkeypatch, _copy_inputs(tmp_path / "one"))
    second = _check_outputs(capsys, monkeypatch, _copy_inputs(tmp_path / "two" / "deeper"))
    for fmt in CHECK_FORMATS:
        assert first[fmt] == second[fmt], fmt
        code, out = first[fmt]
        assert code == 1 and out
        for leak in _machine_paths(tmp_path):
            assert leak not in out, (fmt, leak)
    explanations = [step for f in json.loads(first["json"][1])["findings"] for step in f["explanation"]]
    shipped = [step for step in explanations if "(glossary:medical:" in step]
    assert shipped, "the medical glossary should explain at least one finding"
    own = [step for step in explanations if "(checks/glossary.tsv:" in step]
    assert own, "a user's glossary is named as given: relative stays relative"


@pytest.mark.slow
def test_real_cli_json_and_sarif_identical_across_working_folders(tmp_path: Path) -> None:
    """The installed command in separate processes, run from two copies: JSON and SARIF byte for byte."""
    outputs: dict[str, list[bytes]] = {"json": [], "sarif": []}
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    for folder in (_copy_inputs(tmp_path / "a"), _copy_inputs(tmp_path / "b" / "c")):
        for fmt in outputs:
            done = subprocess.run([sys.executable, "-m", "termalign", "check", *CHECK_ARGS, "-f", fmt],
                                  cwd=folder, capture_output=True, check=False, env=env, timeout=300)
            assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
            outputs[fmt].append(done.stdout)
    for fmt, (one, two) in outputs.items():
        assert one == two, fmt
        assert b"glossary:medical:" in one
        for leak in _machine_paths(tmp_path):
            assert leak.encode("utf-8") not in one, (fmt, leak)


@pytest.mark.slow
def test_report_and_alignment_formats_identical_across_folders(capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    pair = ("examples/phleboliths.en.txt", "examples/phleboliths.id.txt")
    made: list[dict[str, str]] = []
    for folder in (_copy_inputs(tmp_path / "x"), _copy_inputs(tmp_path / "y" / "z")):
        monkeypatch.chdir(folder)
        runs = {
            "report": ("report", *pair, "-g", "medical", "-o", "-"),
            "align-json": ("align", *pair, "--format", "json"),
            "align-po": ("align", *pair, "--format", "po"),
            "align-tmx": ("align", *pair, "--format", "tmx"),
            "terms-json": ("terms", *pair, "-g", "medical", "--format", "json"),
            "terms-tbx": ("terms", *pair, "--format", "tbx"),
            "glossary-show": ("glossary", "show", "medical", "--term", "phlebolith"),
        }
        outputs = {}
        for label, args in runs.items():
            code, out, _ = _run(capsys, *args)
            assert code == 0, label
            outputs[label] = out
        made.append(outputs)
    assert made[0] == made[1]
    for label, out in made[0].items():
        for leak in _machine_paths(tmp_path):
            assert leak not in out, (label, leak)
    assert "from:             glossary:medical:" in made[0]["glossary-show"]


def test_origin_does_not_depend_on_where_the_package_is_installed(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    """Two installs (here: the checkout and a copy of its glossaries elsewhere) give the same origins."""
    here = load_glossary("medical")
    elsewhere = tmp_path / "site-packages" / "termalign" / "glossaries"
    shutil.copytree(ROOT / "glossaries", elsewhere)
    monkeypatch.setattr(glossary_shipped, "_shipped_dirs", lambda: [elsewhere])
    glossary_load._load_shipped_cached.cache_clear()
    try:
        there = load_glossary("medical", strict=False)  # not the cached path: read afresh from the copy
        assert glossary_shipped.shipped_glossary_path("medical") == str(elsewhere / "medical.tsv")
    finally:
        glossary_load._load_shipped_cached.cache_clear()
    assert [(e.source, e.origin) for e in here.entries] == [(e.source, e.origin) for e in there.entries]
    assert {e.origin.file for e in there.entries if e.origin} == {"glossary:medical"}


def test_shipped_prefix_names_the_shipped_glossary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "medical").write_text("source\ttarget\nkidney\tginjal\n", encoding="utf-8")
    local = load_glossary("medical")  # a shipped name wins over a file without an extension...
    shipped = load_glossary("glossary:medical")  # ...and the prefix always means the shipped one
    assert shipped.entries == local.entries and shipped.name == "medical" and len(shipped.entries) > 100
    assert validate_glossary("glossary:software") == []
    with pytest.raises(InputError) as info:
        load_glossary("glossary:nope")
    assert info.value.file == "glossary:nope" and "medical" in (info.value.hint or "")
    user = load_glossary("./medical")
    assert [e.origin.file for e in user.entries if e.origin] == ["./medical"]


def test_shipped_override_by_a_same_named_user_file_is_not_a_conflict(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """A user's ``medical.tsv`` overriding the shipped ``medical`` is a different file, not one file's conflict."""
    from termalign.glossary import GlossaryIssue, load_glossaries

    monkeypatch.chdir(tmp_path)
    entry = load_glossary("medical").entries[0]
    (tmp_path / "medical.tsv").write_text(f"source\ttarget\n{entry.source}\tpengganti\n", encoding="utf-8")
    issues: list[GlossaryIssue] = []
    merged = load_glossaries(["medical", "medical.tsv"], issues=issues)
    assert [e.target for e in merged.entries if e.source == entry.source] == ["pengganti"]
    assert not [i for i in issues if i.severity == "error"]
