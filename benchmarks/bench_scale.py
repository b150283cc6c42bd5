"""Folders, shards and streams: ``termalign check`` over the python-docs-id 3.14 snapshot given as a folder.

The same folder is checked in fresh processes with ``--format json`` and the shipped ``software`` glossary, five
ways: in one process, with ``-j 2``, on ``--scheduler local:2`` (a Dask LocalCluster), as ``--shard I/3`` with
``--save-stats`` (run one after the other here; array tasks run them at once, so their wall time is the slowest
shard's) merged by ``--from-stats``, and, for comparison, as three shards each writing its own report (what a
batch job without ``--save-stats`` gets: the run-wide checks, ``inconsistent-term`` and glossary-term variants,
see one shard's files only). The outputs are compared byte for byte with the single process.

Only timing and equality are measured (nothing is tuned), so the whole snapshot is used, dev and test halves alike.
Run: ``python benchmarks/bench_scale.py`` (``--quick``: the first 60 catalogs).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fmt_seconds, log, machine_summary, markdown_table, measure_command, pydocs_catalogs


def _check(out: Path | None, *args: str) -> tuple[float, float, float]:
    """Run ``termalign check ARGS`` (into ``out`` unless None): wall seconds, peak RSS of the main process and peak
    PSS of all its processes (MiB; PSS shares the pages forked workers share with their parent)."""
    command = [sys.executable, "-m", "termalign", "check", *args, "--fail-on", "never", "-q", "--force",
               *(["--format", "json", "-o", str(out)] if out is not None else [])]
    result = measure_command(command, tree=True)
    if result.error or result.returncode != 0:
        raise RuntimeError(f"termalign check {' '.join(args)} failed: {result.error or result.stderr[-300:]}")
    return result.wall_s, result.peak_rss_mb, result.tree_pss_mb


def _findings(report: bytes) -> list[str]:
    """The findings of a JSON report, each as one canonical line."""
    return [json.dumps(f, sort_keys=True, ensure_ascii=False) for f in json.loads(report)["findings"]]


def _codes(findings: list[str]) -> Counter[str]:
    return Counter(json.loads(f)["code"] for f in findings)


def main(quick: bool = False) -> str:
    dest = Path(tempfile.gettempdir()) / "termalign-pydocs"
    catalogs = pydocs_catalogs("3.14", dest)
    if not catalogs:
        return "## Folders, shards, streams\n\nskipped: the python-docs-id snapshot is not in ../shared/corpora.\n"
    with tempfile.TemporaryDirectory(prefix="termalign-scale-") as tmp:
        work = Path(tmp)
        folder = dest / "3.14"
        if quick:  # a folder of the first 60 catalogs (symbolic links, no copies)
            folder = work / "quick"
            for name, path in catalogs[:60]:
                (folder / name).mkdir(parents=True)
                (folder / name / "id.po").symlink_to(path)
        files = len(list(folder.rglob("*.po")))
        common = (str(folder), "-g", "software")
        rows = []
        outputs: dict[str, bytes] = {}
        for label, extra in (("1 process", ()), ("-j 2", ("-j", "2")), ("--scheduler local:2",
                                                                        ("--scheduler", "local:2"))):
            log(f"scale: check {label}")
            seconds, rss, tree = _check(work / "out.json", *common, *extra)
            outputs[label] = (work / "out.json").read_bytes()
            rows.append([label, fmt_seconds(seconds), f"{rss:.0f}", f"{tree:.0f}"])
        shard_times = []
        stats = []
        separate = []
        for k in (1, 2, 3):
            log(f"scale: check --shard {k}/3 --save-stats")
            stats.append(work / f"shard{k}.stats")
            seconds, rss, tree = _check(None, *common, "--shard", f"{k}/3", "--save-stats", str(stats[-1]))
            shard_times.append(seconds)
            rows.append([f"--shard {k}/3 --save-stats", fmt_seconds(seconds), f"{rss:.0f}", f"{tree:.0f}"])
            _check(work / "alone.json", *common, "--shard", f"{k}/3")
            separate.extend(_findings((work / "alone.json").read_bytes()))
        log("scale: check --from-stats")
        seconds, rss, tree = _check(work / "out.json", "--from-stats", *map(str, stats))
        outputs["merged"] = (work / "out.json").read_bytes()
        rows.append(["--from-stats (3 files)", fmt_seconds(seconds), f"{rss:.0f}", f"{tree:.0f}"])
        sizes = [path.stat().st_size for path in stats]
        shutil.rmtree(work / "quick", ignore_errors=True)

    single = outputs["1 process"]
    findings = single.count(b'"code": ')
    one, apart = Counter(_findings(single)), Counter(separate)
    differ = _codes(list(((one - apart) + (apart - one)).elements()))
    lines = [
        "## Folders, shards, streams (measured)",
        "",
        f"`termalign check FOLDER -g software --format json` over python-docs-id 3.14 ({files} catalogs, "
        f"{findings} findings); {machine_summary()}; load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        markdown_table(["run", "wall time", "peak RSS MiB (main)", "peak PSS MiB (all processes)"], rows),
        "",
        f"- JSON byte-identical to the single process: `-j 2` **{outputs['-j 2'] == single}**, `--scheduler local:2` "
        f"**{outputs['--scheduler local:2'] == single}**, three `--save-stats` shards merged by `--from-stats` "
        f"**{outputs['merged'] == single}**.",
        f"- Stats files: {', '.join(f'{n:,}' for n in sizes)} bytes. Three shards at once (array tasks): wall time "
        f"of the slowest, {fmt_seconds(max(shard_times))}.",
        f"- Shards each writing their own report instead: {sum(differ.values())} findings differ from "
        f"the single process ({', '.join(f'{code} {n}' for code, n in sorted(differ.items())) or 'none'}; the "
        "run-wide checks see one shard's files only): what --save-stats/--from-stats exist for.",
        "",
        "Reproduce: `python benchmarks/bench_scale.py`.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main("--quick" in sys.argv[1:]))
