"""The align command's progress bar: it only moves forward, covers writing the output, and is full only once the
output file is in place (it used to sit at 100% while a large output was still being written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_align import run

from termalign import textio
from termalign.cli import align_cmd, common
from tools.robustness_cases import EN as EN_TEXT  # our own small texts
from tools.robustness_cases import ID as ID_TEXT


@pytest.mark.parametrize("fmt", ["json", "po", "tsv"])
def test_bar_is_full_only_after_the_output_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      fmt: str) -> None:
    events: list[tuple[str, int]] = []
    out = tmp_path / f"out.{fmt}"

    def record(self: common.Progress, done: int, total: int) -> None:
        assert total == common.PROGRESS_TICKS
        events.append(("bar", done))

    real_put = textio._put_in_place

    def put_in_place(tmp: str, target: Path, **kwargs: object) -> None:  # the rename that puts the output in place
        real_put(tmp, target, **kwargs)
        events.append(("written", 0))

    monkeypatch.setattr(common.Progress, "__call__", record)
    monkeypatch.setattr(textio, "_put_in_place", put_in_place)
    en, idn = tmp_path / "a.en.txt", tmp_path / "a.id.txt"
    en.write_text(EN_TEXT, encoding="utf-8")
    idn.write_text(ID_TEXT, encoding="utf-8")
    status, _out, err = run(en, idn, "-o", out)
    assert status == 0, err and out.exists()
    bar = [done for kind, done in events if kind == "bar"]
    assert bar == sorted(bar) and bar[-1] == common.PROGRESS_TICKS and bar.count(common.PROGRESS_TICKS) == 1
    written = events.index(("written", 0))
    assert events[-1] == ("bar", common.PROGRESS_TICKS) and written < len(events) - 1
    assert all(done < common.PROGRESS_TICKS for kind, done in events[:written] if kind == "bar")
    # The alignment filled its share before the writing began, and the writing moved the bar on from there.
    assert max(done for kind, done in events[:written] if kind == "bar") >= common.ALIGN_SHARE * common.PROGRESS_TICKS


def test_part_maps_into_its_share() -> None:
    seen: list[int] = []
    progress = common.Progress("x", None, enabled=False)
    progress.__class__ = type("Spy", (common.Progress,), {"__call__": lambda self, d, t: seen.append(d)})
    progress.part(0.5, 1.0)(1, 4)
    progress.part(0.0, 0.5)(4, 4)
    assert seen == [625, 500]
    assert align_cmd.ALIGN_SHARE == common.ALIGN_SHARE
