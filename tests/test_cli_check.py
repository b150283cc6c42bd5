"""The ``termalign check`` command: exit codes, formats, baselines, check selection, usage errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from termalign.cli import main

DATA = Path(__file__).resolve().parent / "data" / "checks"
GLOSSARY = str(DATA / "glossary.tsv")


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["check", *args])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_findings_exit_1_and_text_lines(capsys):
    code, out, _ = run(capsys, "-g", GLOSSARY, "--lang", "en", str(DATA / "garbled_en.txt"))
    assert code == 1
    assert f"{DATA / 'garbled_en.txt'}:1:50: error garbled-term 'Phleebolith'" in out
    assert out.rstrip().splitlines()[-1].startswith("5 findings (5 errors")


def test_clean_input_exits_0(capsys):
    code, out, _ = run(capsys, "-g", GLOSSARY, "--lang", "id", str(DATA / "clean_id.txt"))
    assert code == 0 and out.startswith("0 findings")


def test_fail_on_levels(capsys):
    po = str(DATA / "sample.po")
    assert run(capsys, "-g", GLOSSARY, po, "--checks", "missing-term")[0] == 0  # warnings only
    assert run(capsys, "-g", GLOSSARY, po, "--checks", "missing-term", "--fail-on", "warning")[0] == 1
    assert run(capsys, "-g", GLOSSARY, po, "--fail-on", "never")[0] == 0


def test_json_sarif_junit_github(capsys, tmp_path):
    po = str(DATA / "sample.po")
    code, out, _ = run(capsys, "-g", GLOSSARY, po, "-f", "json")
    data = json.loads(out)
    assert code == 1 and data["summary"]["ignored_inline"] == 1 and data["findings"][0]["fingerprint"]
    sarif = tmp_path / "qa.sarif"
    code, _, err = run(capsys, "-g", GLOSSARY, po, "-f", "sarif", "-o", str(sarif))
    assert json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0" and "findings" in err
    code, out, _ = run(capsys, "-g", GLOSSARY, po, "-f", "junit")
    assert ET.fromstring(out).tag == "testsuites"
    code, out, _ = run(capsys, "-g", GLOSSARY, po, "-f", "github")
    assert out.startswith("::warning file=") or out.startswith("::error file=")


def test_output_file_is_not_replaced_without_force(capsys, tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "-g", GLOSSARY, str(DATA / "sample.po"), "-o", str(target))
    assert code == 2 and "refusing to overwrite" in err and target.read_text("utf-8") == "keep"
    assert run(capsys, "-g", GLOSSARY, str(DATA / "sample.po"), "-o", str(target), "--force")[0] == 1


def test_baseline_round_trip(capsys, tmp_path):
    po = str(DATA / "sample.po")
    base = tmp_path / "baseline.json"
    code, _, err = run(capsys, "-g", GLOSSARY, po, "--write-baseline", str(base))
    assert code == 0 and "baseline of" in err
    code, out, _ = run(capsys, "-g", GLOSSARY, po, "--baseline", str(base))
    assert code == 0 and "in the baseline" in out


def test_disable_and_unknown_check(capsys):
    code, _out, _ = run(capsys, "-g", GLOSSARY, "--lang", "id", str(DATA / "mixed_id.txt"), "--disable",
                       "untranslated-term,forbidden-term,wrong-language,glued-words,inconsistent-term")
    assert code == 0
    code, _, err = run(capsys, "-g", GLOSSARY, "--checks", "nope", str(DATA / "sample.po"))
    assert code == 2 and "unknown check" in err


def test_usage_and_input_errors(capsys, tmp_path):
    assert run(capsys)[0] == 2
    assert run(capsys, "--source", str(DATA / "garbled_en.txt"))[0] == 2
    code, _, err = run(capsys, "-g", GLOSSARY, str(tmp_path / "missing.po"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "-g", str(tmp_path / "nope.tsv"), str(DATA / "sample.po"))
    assert code == 2


def test_source_target_pair(capsys, tmp_path):
    src = tmp_path / "a.en.txt"
    tgt = tmp_path / "a.id.txt"
    src.write_text("The phlebolith was small.\n\nThe necrotic tissue was removed.\n", encoding="utf-8")
    tgt.write_text("Phlebolith itu kecil.\n\nJaringan nekrotik diangkat.\n", encoding="utf-8")
    code, out, _ = run(capsys, "-g", GLOSSARY, "--source", str(src), "--target", str(tgt))
    assert code == 1 and "untranslated-term" in out and "missing-term" not in out


def test_list_checks(capsys):
    code, out, _ = run(capsys, "--list-checks")
    assert code == 0 and "garbled-term" in out and "wrong-language" in out
    from termalign.checks.runner import CHECKS, check_class

    # The scope column comes from each check's own needs_source (no second list of monolingual checks).
    scopes = {line.split()[0]: "pair only" in line for line in out.splitlines()}
    assert scopes == {code: check_class(code).needs_source for code in CHECKS}
    assert scopes["missing-term"] and not scopes["garbled-term"]
