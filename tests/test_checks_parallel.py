"""``jobs`` > 1: the checks run in forked worker processes and must give exactly what one process gives, in the
same order, with the same counts, run-wide findings, inline ignores and baseline. Texts are written for these
tests (tests/data/checks and the strings below)."""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.checks import PoInput, Unit, resolve_glossary
from termalign.checks.baseline import Baseline
from termalign.checks.runner import CheckRun, _can_fork

DATA = Path(__file__).resolve().parent / "data" / "checks"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = [pytest.mark.skipif(not _can_fork(), reason="worker processes need fork (POSIX)"), pytest.mark.slow]


@pytest.fixture(scope="module")
def glossary():
    return resolve_glossary(str(DATA / "glossary.tsv"))


def _units() -> list[Unit]:
    """Garbles, an inconsistency across units, repeats (inside a batch and across batches), ignores."""
    rows = [
        ("The phlebolith is visible", "Flebolith terlihat jelas"),
        ("One injection", "Satu suntikan"),
        ("The injection hurt", "Injeksi itu sakit"),
        ("Calcification of the vein", "Kalsifikasi pembuluh vena"),
        ("The phlebolith is visible", "Flebolith terlihat jelas"),
        ("Necrotic tissue was removed", "Jaringan nekrotik diangkat"),
        ("One injection", "Satu suntikan"),
        ("The macrophage eats", "Makrofaj itu makan"),
        ("Phlebolith in the pelvis", "Phlebolith di panggul"),
    ]
    units = []
    for k in range(4):  # the same rows four times: repeats land in other batches and other workers
        for n, (source, target) in enumerate(rows):
            line = k * 100 + n + 1
            units.append(Unit(text=target, lang="id", source=source, file=f"f{k % 2}.po", line=line,
                              key=f"{k}:{source}", ignore=frozenset({"garbled-term"}) if line == 105 else frozenset()))
    return units


def _run(glossary, jobs: int, **kw) -> tuple[list[tuple], CheckRun]:
    run = CheckRun(_units(), glossary, batch_size=4, jobs=jobs, **kw)
    found = [(f.code, f.text, f.location.file, f.location.line, f.location.start, f.message, f.explanation, fp)
             for f, fp in run]
    return found, run


def test_workers_give_the_findings_of_one_process_in_the_same_order(glossary):
    serial, one = _run(glossary, 1)
    parallel, two = _run(glossary, 2)
    assert serial, "the test texts must produce findings"
    assert {f[0] for f in serial} >= {"garbled-term", "inconsistent-term", "untranslated-term"}
    assert parallel == serial
    assert (two.units, two.files, two.ignored) == (one.units, one.files, one.ignored) == (36, ["f0.po", "f1.po"], 1)
    assert two.jobs == 2 and len(two._cache) == 0


def test_workers_honour_the_baseline(glossary):
    serial, _ = _run(glossary, 1)
    counts: dict[str, int] = {}
    for *_rest, fp in serial[:5]:
        counts[fp] = counts.get(fp, 0) + 1
    parallel, run = _run(glossary, 3, baseline=Baseline(counts))
    assert run.baselined == 5 and parallel == serial[5:]


def test_one_job_or_no_fork_stays_in_process(glossary, monkeypatch):
    from termalign.checks import runner

    assert CheckRun([], glossary, jobs=0).jobs == 1
    monkeypatch.setattr(runner, "_can_fork", lambda: False)
    assert CheckRun([], glossary, jobs=4).jobs == 1


def test_workers_on_a_po_file_match_one_process(glossary):
    po = str(EXAMPLES / "notes.id.po")
    one = [(f, fp) for f, fp in CheckRun([PoInput(po)], glossary, batch_size=2)]
    two = [(f, fp) for f, fp in CheckRun([PoInput(po)], glossary, batch_size=2, jobs=2)]
    assert one == two


def test_cli_jobs_writes_the_same_report(tmp_path):
    from termalign.cli import main

    po = str(EXAMPLES / "notes.id.po")
    outputs = []
    for jobs in ("1", "2", "0"):
        out = tmp_path / f"r{jobs}.json"
        with pytest.raises(SystemExit) as stop:
            main(["check", "-q", "-g", str(DATA / "glossary.tsv"), "-f", "json", "-j", jobs, "-o", str(out), po])
        assert stop.value.code in (0, 1)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] and b'"glued-words"' in outputs[0]
