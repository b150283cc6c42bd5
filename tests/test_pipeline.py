"""The one text-pair pipeline: every command and the API refuse and align the same way; the parallel verdict.

The texts are the examples shipped in ``examples/`` (written for termalign): ``kidney-stones`` and
``phleboliths`` are each a translation pair, and either English text against the other Indonesian text is a
pair of unrelated texts on neighbouring medical topics.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from termalign.cli import main
from termalign.errors import InputError
from termalign.formats.json_ import from_json, to_json
from termalign.model import Alignment, Bead
from termalign.pipeline import NotParallelError, PairSettings, align_texts, unlink_unconfident
from termalign.summary import summarize_alignment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KIDNEY_EN = EXAMPLES / "kidney-stones.en.txt"
KIDNEY_ID = EXAMPLES / "kidney-stones.id.txt"
PHLEB_EN = EXAMPLES / "phleboliths.en.txt"
PHLEB_ID = EXAMPLES / "phleboliths.id.txt"


def run(*args: str) -> tuple[int, str, str]:
    """``termalign ARGS`` in-process through the real entry point: (status, stdout, stderr)."""
    runner = CliRunner()
    with runner.isolation() as streams:
        out, err = streams[0], streams[1]
        try:
            main(list(args))
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        return status, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ verdict


@pytest.mark.parametrize(("en", "idn"), [(KIDNEY_EN, KIDNEY_ID), (PHLEB_EN, PHLEB_ID)])
def test_translations_are_parallel(en: Path, idn: Path) -> None:
    a = align_texts(read(en), read(idn), PairSettings(on_nonparallel="keep"))
    assert a.is_parallel
    assert a.parallel_score >= 0.9
    assert min(b.score for b in a.beads) >= 0.0 and max(b.score for b in a.beads) <= 1.0


@pytest.mark.parametrize(("en", "idn"), [(KIDNEY_EN, PHLEB_ID), (PHLEB_EN, KIDNEY_ID)])
def test_unrelated_texts_are_not_parallel_and_their_links_are_unlikely(en: Path, idn: Path) -> None:
    a = align_texts(read(en), read(idn), PairSettings(on_nonparallel="keep"))
    assert not a.is_parallel
    assert a.parallel_score < 0.2
    linked = [b.score for b in a.beads if b.linked]
    # Most links the search makes between unrelated texts are scored as unlikely.
    assert sum(linked) / len(linked) < 0.6


def test_refusal_gives_the_evidence() -> None:
    with pytest.raises(NotParallelError) as caught:
        align_texts(read(KIDNEY_EN), read(PHLEB_ID), source_name="a.en.txt", target_name="b.id.txt")
    message = str(caught.value)
    assert message.startswith("a.en.txt: these texts do not look like translations of each other")
    assert "parallel score 0." in message and "links confident" in message
    assert "--allow-nonparallel" in message
    assert isinstance(caught.value, InputError)


def test_unlink_keeps_only_confident_links_and_covers_every_sentence() -> None:
    a = align_texts(read(KIDNEY_EN), read(PHLEB_ID), PairSettings(on_nonparallel="unlink"))
    assert all(b.score >= 0.5 for b in a.beads if b.linked)
    assert sorted(i for b in a.beads for i in b.source_index) == list(range(len(a.source)))
    assert sorted(j for b in a.beads for j in b.target_index) == list(range(len(a.target)))


def test_unlink_unconfident_splits_weak_links() -> None:
    a = Alignment(source=(), target=(), beads=(Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.2)))
    out = unlink_unconfident(a)
    assert [(b.source_index, b.target_index, b.score) for b in out.beads] == [
        ((0,), (0,), 0.9), ((1,), (), 0.8), ((2,), (), 0.8), ((), (1,), 0.8)]


def test_short_texts_are_never_refused() -> None:
    # Two sentences carry too little evidence to call a user's input "not a translation".
    a = align_texts("The kidney filters blood. Stones can form.", "Flebolit adalah batu kecil. Vena membesar.",
                    PairSettings(lang_check=False))
    assert a.is_parallel


# ------------------------------------------------------------------------------------------ commands


@pytest.mark.parametrize("command", [
    ["align"], ["terms"], ["report", "-o", "-"], ["check", "--source", "{en}", "--target", "{id}"],
])
def test_every_command_refuses_unrelated_texts(command: list[str]) -> None:
    args = [a.format(en=KIDNEY_EN, id=PHLEB_ID) for a in command]
    if "--source" not in args:
        args += [str(KIDNEY_EN), str(PHLEB_ID)]
    status, out, err = run(*args)
    assert status == 2, err
    assert "do not look like translations of each other" in err
    assert out == ""


def test_allow_nonparallel_goes_on_with_confident_links_only() -> None:
    status, out, err = run("align", str(KIDNEY_EN), str(PHLEB_ID), "--allow-nonparallel", "-f", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data["is_parallel"] is False and data["parallel_score"] < 0.2
    assert all(b["score"] >= 0.5 for b in data["beads"] if b["source"] and b["target"])


def test_check_refuses_swapped_sides_as_align_does() -> None:
    align = run("align", str(KIDNEY_ID), str(KIDNEY_EN))
    # With its languages given, check refuses a swapped pair as align does (without them it checks the pair in
    # the direction the texts read: Indonesian→English here, see tests/test_check_direction.py).
    check = run("check", "--source", str(KIDNEY_ID), "--target", str(KIDNEY_EN), "--source-lang", "en",
                "--target-lang", "id")
    assert align[0] == check[0] == 2
    assert "look swapped" in align[2] and "look swapped" in check[2]


def test_check_aligns_with_its_glossary_as_align_does(tmp_path: Path) -> None:
    """``check --glossary G --source --target`` checks the beads ``align --glossary G`` draws (same numbering)."""
    out = tmp_path / "a.json"
    status, _, err = run("align", str(PHLEB_EN), str(PHLEB_ID), "--glossary", "medical", "-o", str(out))
    assert status == 0, err
    beads = json.loads(out.read_text(encoding="utf-8"))["beads"]
    status, text, err = run("check", "--glossary", "medical", "--source", str(PHLEB_EN), "--target", str(PHLEB_ID),
                            "-f", "json", "--fail-on", "never")
    assert status == 0, err
    for finding in json.loads(text)["findings"]:
        entry = finding["location"].get("entry")
        if entry and entry.startswith("bead "):
            bead = beads[int(entry.split()[1]) - 1]
            assert bead["target"], entry


# ------------------------------------------------------------------------------------------ one summary


def test_the_mean_score_is_the_same_number_everywhere(tmp_path: Path) -> None:
    a = align_texts(read(KIDNEY_EN), read(KIDNEY_ID), PairSettings(on_nonparallel="keep"))
    mean = summarize_alignment(a).mean_score
    assert mean is not None
    data = json.loads(to_json(a))
    assert data["stats"]["mean_score"] == round(mean, 4)
    status, out, _ = run("align", str(KIDNEY_EN), str(KIDNEY_ID))
    assert status == 0
    assert f"mean score of linked beads: {mean:.2f}" in out
    html = tmp_path / "r.html"
    status, _, err = run("report", str(KIDNEY_EN), str(KIDNEY_ID), "-o", str(html))
    assert status == 0, err
    page = html.read_text(encoding="utf-8")
    card = re.search(r"<h3>Mean score of linked beads</h3><p class=\"big\">([0-9.]+)</p>", page)
    assert card is not None and card.group(1) == f"{mean:.2f}"
    assert "Parallel</dt><dd>yes" in page


def test_json_round_trips_the_verdict() -> None:
    a = align_texts(read(KIDNEY_EN), read(PHLEB_ID), PairSettings(on_nonparallel="keep"))
    back = from_json(to_json(a))
    assert back.is_parallel is False
    assert back.parallel_score == round(a.parallel_score, 4)


def test_json_without_the_verdict_reads_as_parallel() -> None:
    a = align_texts(read(KIDNEY_EN), read(KIDNEY_ID))
    data = json.loads(to_json(a))
    del data["is_parallel"], data["parallel_score"]
    back = from_json(json.dumps(data))
    assert back.is_parallel and back.parallel_score == 1.0


def test_json_rejects_a_verdict_out_of_range() -> None:
    a = align_texts(read(KIDNEY_EN), read(KIDNEY_ID))
    data = json.loads(to_json(a))
    data["parallel_score"] = 1.5
    with pytest.raises(InputError, match="parallel_score"):
        from_json(json.dumps(data), name="x.json")


@pytest.mark.parametrize("command", [["align", "-f", "json"], ["terms", "-f", "json"],
                                     ["check", "-f", "json", "--fail-on", "never"]])
def test_each_side_may_have_its_own_encoding(tmp_path: Path, command: list[str]) -> None:
    """A cp1252 source with a UTF-8 target: --source-encoding names the source's alone (it overrides --encoding)."""
    en = "The café serves déjà vu. " + read(KIDNEY_EN)
    (tmp_path / "en.txt").write_bytes(en.encode("cp1252"))
    (tmp_path / "id.txt").write_bytes(read(KIDNEY_ID).encode("utf-8"))
    (tmp_path / "en8.txt").write_bytes(en.encode("utf-8"))
    pair = (["--source", str(tmp_path / "{en}"), "--target", str(tmp_path / "id.txt")] if command[0] == "check"
            else [str(tmp_path / "{en}"), str(tmp_path / "id.txt")])

    def args(name: str) -> list[str]:
        return [*command, *[a.replace("{en}", name) for a in pair]]

    assert run(*args("en.txt"))[0] == 2  # read as UTF-8: refused, naming the file
    mixed = run(*args("en.txt"), "--source-encoding", "cp1252")
    assert mixed[0] == 0, mixed[2]
    assert run(*args("en.txt"), "--encoding", "utf-8", "--source-encoding", "cp1252")[0] == 0
    plain = run(*args("en8.txt"))
    assert mixed[1].replace("en.txt", "X") == plain[1].replace("en8.txt", "X")
