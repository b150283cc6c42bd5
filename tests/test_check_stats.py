"""Runs in parts: ``CheckRun(finish=False)`` parts merge into exactly one run (run-wide ``inconsistent-term``
included), whatever the partition; ``check --save-stats`` / ``--from-stats`` do it through files, and a bad stats
file is an input error naming it. The catalogs are written here for these tests."""

from __future__ import annotations

import gzip
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from termalign.checks import PoInput, resolve_glossary
from termalign.checks import stats as check_stats
from termalign.checks.base import CheckOptions, Unit
from termalign.checks.baseline import Baseline
from termalign.checks.parts import Emitted, RunPart
from termalign.checks.runner import CheckRun
from termalign.cli import main

DATA = Path(__file__).resolve().parent / "data" / "checks"
GLOSSARY = str(DATA / "glossary.tsv")
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
#: Rows with per-unit findings, both accepted forms of one entry (suntikan / injeksi), a variant of a glossary
#: form (kalsifikasi distrofi) with and without the accepted form in the same file, and clean rows.
ROWS = [
    ("One injection", "Satu suntikan"),
    ("The injection hurt", "Injeksi itu sakit"),
    ("Two injection sites", "Dua suntikan"),
    ("The phlebolith is visible", "Flebolith terlihat jelas"),
    ("Signs of dystrophic calcification in the vein", "Tanda kalsifikasi distrofi di vena"),
    ("Dystrophic calcification was seen in the muscle", "Terlihat kalsifikasi distrofik di otot"),
    ("The tissue shows dystrophic calcification", "Jaringan menunjukkan kalsifikasi distrofi"),
    ("Calcium level", "Tingkat kalsum"),
    ("Necrotic tissue was removed", "Jaringan nekrotik diangkat"),
    ("Remove the phlebolith", "Angkat phlebolith itu"),
    ("The permission was given", "Ijin sudah diberikan"),
    ("Scan the calcified tissue", "Pindai jaringan yang terkalsifikasi"),
    ("A calcified node", "Simpul kalsifikasi"),
]


@pytest.fixture(scope="module")
def glossary():
    return resolve_glossary(GLOSSARY)


def _catalogs(root: Path, count: int, seed: int) -> list[str]:
    """``count`` catalogs of random rows (some repeated, one silenced inline), sorted by name."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        rows = [rng.choice(ROWS) for _ in range(rng.randint(1, 6))]
        body = []
        for j, (source, target) in enumerate(rows):
            comment = "# termalign: ignore garbled-term\n" if (k + j) % 7 == 3 else ""
            body.append(f'{comment}msgid "{source} {k}-{j}"\nmsgstr "{target} {k}"\n\n')
        path = root / f"cat{k:02d}.po"
        path.write_text(HEADER + "".join(body), encoding="utf-8")
        paths.append(str(path))
    return paths


class _Chain:
    """Several inputs read as one (a shard of files)."""

    def __init__(self, inputs: list[PoInput]) -> None:
        self.inputs = inputs

    def units(self) -> Iterator[Unit]:
        for item in self.inputs:
            yield from item.units()


def _cuts(rng: random.Random, n: int) -> list[tuple[int, int]]:
    """A random partition of ``range(n)`` into contiguous slices (some empty)."""
    points = sorted(rng.randint(0, n) for _ in range(rng.randint(1, 4)))
    bounds = [0, *points, n]
    return list(itertools.pairwise(bounds))


def _one_run(glossary, paths: list[str], **kw) -> list[Emitted]:
    return list(CheckRun([PoInput(p) for p in paths], glossary, **kw))


@pytest.mark.parametrize("consistency", ["run", "file"])
def test_parts_of_any_partition_merge_into_one_run(glossary, tmp_path: Path, consistency: str) -> None:
    options = CheckOptions(consistency=consistency)
    rng = random.Random(16)
    worker = CheckRun([], glossary, options=options, finish=False, batch_size=3)
    late: set[str] = set()
    for trial in range(12):
        paths = _catalogs(tmp_path / f"t{trial}", rng.randint(3, 9), seed=trial)
        whole = _one_run(glossary, paths, options=options, batch_size=3)
        late |= {f.severity for f, _ in whole if f.code == "inconsistent-term"}
        events: list[Emitted | RunPart] = []
        for lo, hi in _cuts(rng, len(paths)):
            found, part = worker.run_part(_Chain([PoInput(p) for p in paths[lo:hi]]))
            events.extend(found)
            events.append(part)
        merged = CheckRun([], glossary, options=options, parts=events)
        assert list(merged) == whole, f"trial {trial}"
        assert merged.units == sum(1 for p in paths for _ in PoInput(p).units())
    # Both kinds of run-wide finding occurred: a variant beside its accepted form, two accepted forms.
    assert late == {"warning", "info"}


def test_parts_through_stats_files_merge_into_one_run_with_a_baseline(glossary, tmp_path: Path) -> None:
    paths = _catalogs(tmp_path / "po", 8, seed=5)
    whole = _one_run(glossary, paths)
    late = [fp for f, fp in whole if f.code == "inconsistent-term"]
    assert late, "the catalogs must produce run-wide findings"
    keep = {late[0]: 1, whole[0][1]: 1}
    expected = _one_run(glossary, paths, baseline=Baseline(dict(keep)))
    files = []
    options = CheckOptions()
    checks = CheckRun([], glossary).checks
    for i, (lo, hi) in enumerate([(0, 3), (3, 4), (4, 8)], start=1):
        run = CheckRun([PoInput(p) for p in paths[lo:hi]], glossary, finish=False)
        target = tmp_path / f"part{i}.stats"
        with target.open("wb") as handle:
            writer = check_stats.StatsWriter(handle, check_stats.header(
                glossary, options, checks, name="test", shard=(i, 3), inputs=paths[lo:hi]))
            for finding, fp in run:
                writer.add(finding, fp)
            writer.close(run.part(), run.ctx.index.entries)
        files.append(check_stats.open_stats(str(target)))
    ordered = check_stats.in_run_order(files[::-1])
    merged = check_stats.merged_run(ordered, baseline=Baseline(dict(keep)))
    assert list(merged) == expected and merged.baselined == 2


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["check", *args])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def _save_shards(capsys, folder: Path, tmp_path: Path, count: int, *extra: str) -> list[str]:
    saved = []
    for i in range(1, count + 1):
        target = str(tmp_path / f"shard{i}.stats")
        status, out, err = run(capsys, str(folder), "-g", GLOSSARY, "--shard", f"{i}/{count}",
                               "--save-stats", target, *extra)
        assert status == 0 and out == "" and "written to" in err
        saved.append(target)
    return saved


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "jsonl", "junit"])
def test_cli_shards_merged_are_byte_identical_to_one_run(capsys, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "po"
    _catalogs(folder, 9, seed=3)
    alone = run(capsys, str(folder), "-g", GLOSSARY, "--format", fmt, "--fail-on", "warning")
    assert alone[0] == 1 and alone[1]
    saved = _save_shards(capsys, folder, tmp_path, 3)
    merged = run(capsys, "--from-stats", saved[2], saved[0], saved[1], "--format", fmt, "--fail-on", "warning")
    assert merged[:2] == alone[:2]


def test_cli_merge_writes_a_baseline_and_honours_it(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "po"
    _catalogs(folder, 6, seed=8)
    saved = _save_shards(capsys, folder, tmp_path, 2)
    base = tmp_path / "base.json"
    assert run(capsys, "--from-stats", *saved, "--write-baseline", str(base))[0] == 0
    alone_base = tmp_path / "alone.json"
    assert run(capsys, str(folder), "-g", GLOSSARY, "--write-baseline", str(alone_base))[0] == 0
    assert base.read_bytes() == alone_base.read_bytes()
    status, out, _ = run(capsys, "--from-stats", *saved, "--baseline", str(base))
    assert status == 0 and out.startswith("0 findings")


def test_cli_save_stats_is_atomic_and_never_overwrites(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "po"
    paths = _catalogs(folder, 3, seed=1)
    target = tmp_path / "s.stats"
    target.write_text("mine", encoding="utf-8")
    status, _, err = run(capsys, str(folder), "-g", GLOSSARY, "--save-stats", str(target))
    assert status == 2 and target.read_text(encoding="utf-8") == "mine" and "--force" in err
    status, _, err = run(capsys, str(folder), "-g", GLOSSARY, "--save-stats", paths[0], "--force")
    assert status == 2 and Path(paths[0]).read_text(encoding="utf-8").startswith("msgid")
    # A bad input among them: reported, and the stats file is not written half-way.
    (folder / "broken.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    fresh = tmp_path / "fresh.stats"
    status, _, err = run(capsys, str(folder), "-g", GLOSSARY, "--save-stats", str(fresh))
    assert status == 2 and "broken.po" in err and not fresh.exists()
    assert not list(tmp_path.glob(".*tmp*"))


def test_cli_save_and_merge_usage_errors(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "po"
    _catalogs(folder, 2, seed=2)
    saved = _save_shards(capsys, folder, tmp_path, 1)
    for args in (["-o", str(tmp_path / "x.txt")], ["--baseline", str(tmp_path / "b.json")]):
        status, _, err = run(capsys, str(folder), "-g", GLOSSARY, "--save-stats", str(tmp_path / "y"), *args)
        assert status == 2 and "--from-stats" in err
    for args in (["-g", GLOSSARY], ["--threshold", "90"], ["--consistency", "file"], ["--shard", "1/2"]):
        status, _, err = run(capsys, "--from-stats", *saved, *args)
        assert status == 2 and "fixed when the shards were saved" in err
    assert run(capsys, "--from-stats")[0] == 2


def _rewrite(path: Path, edit) -> None:
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    path.write_bytes(gzip.compress(("\n".join(edit(lines)) + "\n").encode("utf-8")))


def _bad_header(key: str, value: object):
    def edit(lines: list[str]) -> list[str]:
        head = json.loads(lines[0])
        head[key] = value
        return [json.dumps(head), *lines[1:]]
    return edit


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.write_text("not gzip", encoding="utf-8"), "not a check stats file"),
    (lambda p: p.write_bytes(gzip.compress(b"[1, 2]\n")), "not a check stats file"),
    (lambda p: p.write_bytes(gzip.compress(b"")), "empty"),
    (lambda p: p.write_bytes(p.read_bytes()[:-30]), "damaged check stats file"),
    (lambda p: _rewrite(p, lambda lines: lines[:-1]), "incomplete"),
    (lambda p: _rewrite(p, lambda lines: [*lines, lines[-1]]), "after its closing part"),
    (lambda p: _rewrite(p, lambda lines: [*lines[:-1], lines[-1].replace('"units":', '"units_":', 1)]),
     "damaged check stats record"),
    (lambda p: _rewrite(p, lambda lines: [*lines[:-1], lines[-1].replace('"units_table":[[', '"units_table":[[7,', 1)]),
     "damaged check stats record"),
    (lambda p: _rewrite(p, lambda lines: [lines[0], "[1]", *lines[1:]]), "damaged check stats record"),
    (lambda p: _rewrite(p, _bad_header("version", 99)), "version 99"),
    (lambda p: _rewrite(p, _bad_header("shard", [4, 2])), "damaged check stats header"),
    (lambda p: _rewrite(p, _bad_header("run", "another")), "saved by another run"),
])
def test_bad_stats_files_exit_2_naming_the_file(capsys, tmp_path: Path, damage, message: str) -> None:
    folder = tmp_path / "po"
    _catalogs(folder, 6, seed=4)
    first, second = _save_shards(capsys, folder, tmp_path, 2)
    damage(Path(second))
    status, _, err = run(capsys, "--from-stats", first, second, "-o", str(tmp_path / "out.txt"))
    assert status == 2 and second in err and message in err, err
    assert not (tmp_path / "out.txt").exists()


def test_shards_missing_doubled_or_of_another_run_are_refused(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "po"
    _catalogs(folder, 6, seed=6)
    one, two, three = _save_shards(capsys, folder, tmp_path, 3)
    status, _, err = run(capsys, "--from-stats", one, three)
    assert status == 2 and "shard(s) 2/3 missing" in err
    status, _, err = run(capsys, "--from-stats", one, two, three, one)
    assert status == 2 and "checked in" in err  # the same inputs twice
    other = str(tmp_path / "other.stats")
    assert run(capsys, str(folder), "-g", GLOSSARY, "--threshold", "90", "--save-stats", other)[0] == 0
    status, _, err = run(capsys, "--from-stats", one, other)
    assert status == 2 and other in err and "another run" in err
    status, _, err = run(capsys, "--from-stats", str(tmp_path / "nothing.stats"))
    assert status == 2 and "nothing.stats" in err


def test_inputs_are_grouped_in_order_by_size_for_dask_tasks(tmp_path: Path) -> None:
    from termalign.checks.parts import TASK_BYTES as _TASK_BYTES
    from termalign.checks.parts import grouped as _grouped

    rng = random.Random(7)
    inputs = []
    for k in range(40):
        path = tmp_path / f"f{k:02d}.po"
        path.write_bytes(b"#" * rng.randint(1, 300_000))
        inputs.append(PoInput(str(path)))
    for workers in (1, 2, 8):
        groups = _grouped(inputs, workers)
        assert [item for group in groups for item in group] == inputs
        total = sum(Path(i.path).stat().st_size for i in inputs)
        limit = min(_TASK_BYTES, total // (4 * workers))
        def size(group: list[PoInput]) -> int:
            return sum(Path(i.path).stat().st_size for i in group)

        for group, following in itertools.pairwise(groups):
            assert len(group) == 1 or size(group) <= limit
            assert size(group) + size(following[:1]) > limit  # a group is closed only when the next input is too many
        assert len(groups) > 1
