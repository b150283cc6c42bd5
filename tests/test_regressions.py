"""Bugs found while documenting and reviewing, kept fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.checks import check_text
from termalign.cli import main
from termalign.segment import glued_splits

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_glued_words_before_a_full_stop_are_found() -> None:
    assert glued_splits("ada masalah pada pembuluhDarah.") == [len("ada masalah pada pembuluh")]
    assert glued_splits("see obj.sessionName.length here") == []
    codes = [f.code for f in check_text("ada masalah pada pembuluhDarah.", "id")]
    assert codes == ["glued-words"]


def test_baseline_does_not_depend_on_how_the_path_is_spelt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    baseline = tmp_path / "baseline.json"
    with pytest.raises(SystemExit) as written:
        main(["check", "-g", "software", "--write-baseline", str(baseline), "examples/notes.id.po"])
    assert written.value.code == 0
    with pytest.raises(SystemExit) as rerun:
        main(["check", "-g", "software", "--baseline", str(baseline), "./examples//notes.id.po"])
    assert rerun.value.code == 0
    assert "0 findings" in capsys.readouterr().out
