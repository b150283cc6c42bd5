"""Folders, shards and streams: ``termalign check`` over the python-docs-id 3.14 snapshot given as a folder.

The same folder is checked four ways, each in a fresh process, with ``--format jsonl`` and the shipped
``software`` glossary: in one process, with ``-j 2``, and as ``--shard 1/2`` + ``--shard 2/2`` (run one after
the other here; on two machines or array tasks they run at once, so their wall time is the slower shard's). The
outputs are compared byte for byte (``-j 2``) and after concatenation (the shards). The shards see only their own
files, so the run-wide checks (``inconsistent-term`` with the default ``--consistency run``, and glossary-term
variants) can differ; the comparison is repeated with ``--consistency file``, where every check is per file and the
concatenated shards must hold exactly the same findings (as sorted lines: the run-wide findings come at the end of
each shard's output).

Only timing and equality are measured (nothing is tuned), so the whole snapshot is used, dev and test halves alike.
Run: ``python benchmarks/bench_scale.py`` (``--quick``: the first 60 catalogs).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fmt_seconds, log, machine_summary, markdown_table, measure_command, pydocs_catalogs


def _check(folder: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    """Run ``termalign check FOLDER`` into ``out``: wall seconds, peak RSS of the main process and peak PSS of all
    its processes (MiB; PSS shares the pages forked workers share with their parent)."""
    args = [sys.executable, "-m", "termalign", "check", str(folder), "-g", "software", "--format", "jsonl",
            "--fail-on", "never", "-q", "-o", str(out), "--force", *extra]
    result = measure_command(args, tree=True)
    if result.error or result.returncode != 0:
        raise RuntimeError(f"termalign check {' '.join(extra)} failed: {result.error or result.stderr[-300:]}")
    return result.wall_s, result.peak_rss_mb, result.tree_pss_mb


def _codes(lines: list[str]) -> Counter[str]:
    return Counter(line.split('"code":"', 1)[1].split('"', 1)[0] for line in lines)


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
        rows = []
        outputs: dict[str, str] = {}
        for label, extra in (("1 process", ()), ("-j 2", ("-j", "2"))):
            log(f"scale: check {label}")
            seconds, rss, tree = _check(folder, work / f"{label}.jsonl", *extra)
            outputs[label] = (work / f"{label}.jsonl").read_text(encoding="utf-8")
            rows.append([label, fmt_seconds(seconds), f"{rss:.0f}", f"{tree:.0f}"])
        shard_times = []
        for consistency in ("run", "file"):
            parts = []
            for k in (1, 2):
                log(f"scale: check --shard {k}/2 --consistency {consistency}")
                out = work / f"shard{k}-{consistency}.jsonl"
                seconds, rss, tree = _check(folder, out, "--shard", f"{k}/2", "--consistency", consistency)
                parts.append(out.read_text(encoding="utf-8"))
                if consistency == "run":
                    shard_times.append(seconds)
                    rows.append([f"--shard {k}/2", fmt_seconds(seconds), f"{rss:.0f}", f"{tree:.0f}"])
            outputs[f"shards-{consistency}"] = "".join(parts)
        log("scale: check 1 process --consistency file")
        _check(folder, work / "file.jsonl", "--consistency", "file")
        outputs["file"] = (work / "file.jsonl").read_text(encoding="utf-8")
        shutil.rmtree(work / "quick", ignore_errors=True)

    single = outputs["1 process"].splitlines()
    sharded = outputs["shards-run"].splitlines()
    differ = _codes(sorted(set(single) ^ set(sharded)))
    same_file = sorted(outputs["file"].splitlines()) == sorted(outputs["shards-file"].splitlines())
    lines = [
        "## Folders, shards, streams (measured)",
        "",
        f"`termalign check FOLDER -g software --format jsonl` over python-docs-id 3.14 ({files} catalogs, "
        f"{len(single)} findings); {machine_summary()}.",
        "",
        markdown_table(["run", "wall time", "peak RSS MiB (main)", "peak PSS MiB (all processes)"], rows),
        "",
        f"- `-j 2` output identical to the single process: **{outputs['-j 2'] == outputs['1 process']}**.",
        f"- Two shards at once (two machines or array tasks): wall time of the slower, "
        f"{fmt_seconds(max(shard_times))}.",
        f"- `--shard 1/2` + `--shard 2/2` concatenated, identical to the single process: "
        f"**{outputs['shards-run'] == outputs['1 process']}**; findings that differ: {sum(differ.values())} "
        f"({', '.join(f'{code} {n}' for code, n in sorted(differ.items())) or 'none'}): the run-wide checks see "
        "one shard's files only (merging their state across shards is issue 16 item 4).",
        f"- With `--consistency file` (every check per file): the concatenated shards hold the same findings as "
        f"the single process: **{same_file}**.",
        "",
        "Reproduce: `python benchmarks/bench_scale.py`.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main("--quick" in sys.argv[1:]))
