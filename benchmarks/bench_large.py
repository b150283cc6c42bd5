"""Large inputs: time and peak memory of the aligner from 10,000 to 500,000 sentences, and the align command at
2,000 sentences against galechurch, in one run.

**Inputs.** The four TED test sets are cut into blocks of :data:`BLOCK` consecutive line pairs; each repetition
of the corpus takes the blocks in a new seeded order, so a long pair is a sequence of talk fragments that recur
in different places (as a long manual repeats its boilerplate), never one talk over and over. The seeded noise
of the alignment benchmark (5% omissions, 5% merges, 2% splits) then gives gold beads, so every size is also
scored (strict F1). The pairs are written one sentence per line to a temporary folder outside the project and
read by the measured process (TED text is never stored in the repository).

**Measurements.** Each size runs once in a fresh subprocess (:func:`benchmarks.common.run_isolated`): reading
the two files and :func:`termalign.aligner.align_segments`, with peak resident memory (interpreter included).
The command line is measured end to end (:func:`benchmarks.common.measure_command`):
``termalign align --segmented SRC TGT -o OUT.json`` (language check and JSON writing included) against a script
that reads the same files with galechurch and writes its beads as JSON, alternately, the median of
:data:`CLI_RUNS` runs each.

Run ``python benchmarks/bench_large.py [--quick]`` or ``python benchmarks/run.py --only large``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import (  # noqa: E402
    ParallelDoc,
    fmt,
    fmt_int,
    fmt_seconds,
    load_ted,
    log,
    loglog_slope,
    machine_summary,
    markdown_table,
    measure_command,
    run_isolated,
    ted_dir,
)

SIZES: tuple[int, ...] = (10_000, 50_000, 100_000, 500_000)
QUICK_SIZES = (2_000, 10_000)
CLI_SIZE = 2_000
CLI_RUNS = 3
BLOCK = 40
SEED = 2017
TARGET_RSS_MB = 1024.0
TARGET_SIZE = 500_000


# ------------------------------------------------------------------------------------------------- inputs


def synthesize(docs: Sequence[ParallelDoc], n: int, seed: int = SEED) -> Any:
    """A noisy pair of ``n`` TED line pairs (before noise) built from shuffled blocks, with its gold beads."""
    from benchmarks.noise import inject_noise

    src = [s for d in docs for s in d.source]
    tgt = [t for d in docs for t in d.target]
    blocks = [(i, min(i + BLOCK, len(src))) for i in range(0, len(src), BLOCK)]
    rng = random.Random(seed + n)
    out_s: list[str] = []
    out_t: list[str] = []
    while len(out_s) < n:
        order = blocks[:]
        rng.shuffle(order)
        for a, b in order:
            out_s.extend(src[a:b])
            out_t.extend(tgt[a:b])
    return inject_noise(out_s[:n], out_t[:n], seed=seed)


def write_pair(noisy: Any, folder: Path, n: int) -> tuple[Path, Path, Path]:
    """The pair as two one-sentence-per-line files and its gold beads as JSON."""
    src, tgt, gold = folder / f"pair{n}.en", folder / f"pair{n}.id", folder / f"pair{n}.gold.json"
    src.write_text("\n".join(noisy.source) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(noisy.target) + "\n", encoding="utf-8")
    gold.write_text(json.dumps([[list(s), list(t)] for s, t in noisy.gold]), encoding="utf-8")
    return src, tgt, gold


def _lines(path: str) -> list[str]:
    return Path(path).read_text(encoding="utf-8").splitlines()


# ------------------------------------------------------------------------------------------ measured calls


def align_files(source: str, target: str) -> Any:
    """Read both files and align them (what the subprocess times)."""
    from termalign.aligner import align_segments

    return align_segments(_lines(source), _lines(target))


def summary(alignment: Any, gold_path: str) -> dict[str, Any]:
    """Strict F1 against the gold beads, and the aligner's windows (run after the timing)."""
    from benchmarks.bench_align import score_alignment

    gold = [(tuple(s), tuple(t)) for s, t in json.loads(Path(gold_path).read_text(encoding="utf-8"))]
    pred = [(b.source_index, b.target_index) for b in alignment.beads]
    return {"f1": score_alignment(gold, pred).f1(), "windows": alignment.stats.get("windows", 1),
            "source": len(alignment.source), "target": len(alignment.target),
            "parallel": alignment.parallel_score}


def galechurch_files(source: str, target: str, output: str) -> None:
    """The galechurch side of the command comparison: read, align, write the beads as JSON."""
    import galechurch

    src, tgt = _lines(source), _lines(target)
    limit = max(50_000_000, (len(src) + 1) * (len(tgt) + 1) + 1)
    block = galechurch.align(src, tgt, max_block_size=limit)
    beads = [{"source": list(range(b.source_start, b.source_end)), "target": list(range(b.target_start, b.target_end))}
             for b in block.beads]
    Path(output).write_text(json.dumps({"beads": beads}, ensure_ascii=False, indent=1), encoding="utf-8")


# ---------------------------------------------------------------------------------------------------- run


def measure_sizes(docs: Sequence[ParallelDoc], sizes: Sequence[int], folder: Path) -> list[dict[str, Any]]:
    """One isolated library run per size (after a warm-up on 3 sentences, so imports count as start-up)."""
    rows = []
    tiny = write_pair(synthesize(docs, 3), folder, 3)
    for n in sizes:
        noisy = synthesize(docs, n)
        src, tgt, gold = write_pair(noisy, folder, n)
        del noisy
        log(f"  large: align_segments n={n}")
        m = run_isolated("benchmarks.bench_large:align_files", [str(src), str(tgt)],
                         warmup_args=[str(tiny[0]), str(tiny[1])], repeats=1, budget_s=0.0,
                         timeout_s=7200, post="benchmarks.bench_large:summary", post_args=[str(gold)])
        rows.append({"n": n, "m": m})
    return rows


def measure_cli(docs: Sequence[ParallelDoc], folder: Path) -> dict[str, list[float]]:
    """The align command and galechurch's script on the same 2,000-sentence files, alternately."""
    noisy = synthesize(docs, CLI_SIZE)
    src, tgt, _gold = write_pair(noisy, folder, CLI_SIZE)
    commands = {
        "termalign": [sys.executable, "-m", "termalign", "align", "--segmented", str(src), str(tgt),
                      "-o", str(folder / "out-termalign.json"), "--force", "-q"],
        "galechurch": [sys.executable, str(Path(__file__).resolve()), "--galechurch", str(src), str(tgt),
                       str(folder / "out-galechurch.json")],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, list[float]] = {k: [] for k in commands}
    walls: dict[str, list[float]] = {k: [] for k in commands}
    for run in range(CLI_RUNS):
        for key, args in commands.items():
            log(f"  large: command {key} n={CLI_SIZE} (run {run + 1})")
            (folder / f"out-{key}.json").unlink(missing_ok=True)
            result = measure_command(args, timeout_s=600)
            if result.error or result.returncode != 0:
                raise RuntimeError(f"{key}: {result.error or result.stderr.strip()[-300:]}")
            times[key].append(result.cpu_s)
            walls[key].append(result.wall_s)
            rss[key].append(result.peak_rss_mb)
    return ({f"{k}_time": v for k, v in times.items()} | {f"{k}_rss": v for k, v in rss.items()}
            | {f"{k}_wall": v for k, v in walls.items()})


def render(quick: bool, rows: list[dict[str, Any]], cli: dict[str, list[float]]) -> str:
    """The Markdown section."""
    out = ["## Large inputs", ""]
    out.append(f"Measured by `benchmarks/bench_large.py` ({'quick' if quick else 'full'} run); {machine_summary()}. "
               "Regenerate with `python benchmarks/run.py --only large --write-docs`.")
    out.append("")
    out.append(f"**Data.** The four TED test sets cut into blocks of {BLOCK} line pairs, the blocks taken in a new "
               "seeded order on each pass over the corpus until the size is reached, then the alignment benchmark's "
               "seeded noise (5% omissions, 5% merges, 2% splits; gold beads kept). Written one sentence per line "
               "to a temporary folder and read by the measured process; never stored in the project.")
    out.append("")
    out.append("**Library.** `align_segments` on the two files' lines (reading included), one run per size in a "
               "fresh subprocess; *peak RSS* is the subprocess's peak resident memory, interpreter included. Above "
               "20,000 sentences a side the aligner works in windows cut at confident anchors "
               "(`termalign/aligner/windows.py`).")
    out.append("")
    table = []
    ok = [r for r in rows if r["m"].ok]
    for r in rows:
        m = r["m"]
        if not m.ok:
            table.append([fmt_int(r["n"]), f"failed: {m.error}", "", "", "", "", ""])
            continue
        v = m.value or {}
        table.append([fmt_int(r["n"]), f"{fmt_int(v.get('source', 0))}×{fmt_int(v.get('target', 0))}",
                      fmt_seconds(m.wall_s), fmt_seconds(m.cpu_s), f"{m.cpu_s / r['n'] * 1000:.2f} ms",
                      f"{m.peak_rss_mb:.0f} MB", fmt(v.get("f1")), str(v.get("windows", ""))])
    out.append(markdown_table(["sentences", "src×tgt", "time", "CPU", "CPU per 1,000 sentences", "peak RSS",
                               "strict F1", "windows"], table))
    out.append("")
    if len(ok) >= 2:
        a, b = ok[0], ok[-1]
        slope = loglog_slope(a["n"], a["m"].cpu_s, b["n"], b["m"].cpu_s)
        per = [r["m"].cpu_s / r["n"] for r in ok]
        out.append(f"Time growth exponent (log-log slope of CPU time, {fmt_int(a['n'])} → {fmt_int(b['n'])}): "
                   f"**{slope:.2f}** (1 = linear); CPU time per sentence varies by {max(per) / min(per):.2f}× "
                   "across the sizes.")
        out.append("")
    if cli:
        t_med = statistics.median(cli["termalign_time"])
        g_med = statistics.median(cli["galechurch_time"])
        out.append(f"**Command line at {fmt_int(CLI_SIZE)} sentences.** `termalign align --segmented SRC TGT -o "
                   "OUT.json` (start-up, reading, language check, alignment, JSON) against a Python script that "
                   "reads the same files, aligns them with galechurch (PyPI, Rust) and writes its beads as JSON; "
                   f"run alternately, median of {CLI_RUNS} each. *CPU* is the process's user + system time, start-up "
                   "included: on a shared machine wall-clock time measures the other processes too, so CPU time "
                   "decides.")
        out.append("")
        out.append(markdown_table(
            ["command", "median CPU", "CPU of each run", "median wall-clock", "peak RSS"],
            [[label, fmt_seconds(statistics.median(cli[f"{key}_time"])),
              ", ".join(fmt_seconds(x) for x in cli[f"{key}_time"]), fmt_seconds(statistics.median(cli[f"{key}_wall"])),
              f"{max(cli[f'{key}_rss']):.0f} MB"]
             for key, label in (("termalign", "termalign align"), ("galechurch", "galechurch script"))]))
        out.append("")
        out.append(f"termalign / galechurch at {fmt_int(CLI_SIZE)} sentences, command line included: "
                   f"**{t_med / g_med:.2f}×** (median CPU time; "
                   f"{statistics.median(cli['termalign_wall']) / statistics.median(cli['galechurch_wall']):.2f}× "
                   "wall-clock).")
        out.append("")
    big = [r for r in ok if r["n"] == TARGET_SIZE]
    if big:
        rss = big[0]["m"].peak_rss_mb
        status = "**pass**" if rss < TARGET_RSS_MB else "**FAIL**"
        out.append(f"Target: a {fmt_int(TARGET_SIZE)}-sentence pair in under {TARGET_RSS_MB:.0f} MB peak RSS: "
                   f"{rss:.0f} MB, {status}.")
    return "\n".join(out).rstrip() + "\n"


def main(quick: bool = False) -> str:
    """Run the large-input benchmark and return its Markdown section."""
    docs = load_ted()
    if not docs:
        msg = f"TED corpus not found at `{ted_dir()}` (set TERMALIGN_TED_DIR): large-input benchmark skipped."
        log(msg)
        return f"## Large inputs\n\n{msg}\n"
    with tempfile.TemporaryDirectory(prefix="termalign-large-") as tmp:
        folder = Path(tmp)
        cli: dict[str, list[float]] = {}
        try:
            import galechurch  # noqa: F401

            cli = measure_cli(docs, folder)
        except ImportError:
            log("  large: galechurch not installed, command comparison skipped")
        rows = measure_sizes(docs, QUICK_SIZES if quick else SIZES, folder)
    return render(quick, rows, cli)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--galechurch", nargs=3, metavar=("SRC", "TGT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default=None, help="comma-separated sizes instead of the default ones")
    args = parser.parse_args()
    if args.galechurch:
        galechurch_files(*args.galechurch)
    else:
        if args.sizes:
            SIZES = tuple(int(x) for x in args.sizes.split(","))
        print(main(quick=args.quick))
