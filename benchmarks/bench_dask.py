"""Dask scheduling, how good (issue 16): ``check``, ``align --batch`` and ``terms`` at corpus scale.

Three measurements, each command in its own process (a fresh ``python -m termalign``), its process group sampled
every 50 ms for the memory of each process (``/proc/PID/smaps_rollup``: RSS, and PSS, which divides shared pages
among the processes sharing them), CPU time from ``wait4`` (the command and every descendant it waited for):

a. ``check`` over the python-docs-id 3.14 snapshot repeated R times (``--reps``), with ``--mo`` also the 65
   Indonesian ``.mo`` catalogs of /usr/share/locale/id/LC_MESSAGES (turned into PO by ``msgunfmt``, tagged, and
   compiled back by ``msgfmt``, so the MO reader is measured too): in one process, on ``--scheduler local:1`` and
   on ``--scheduler local:2``, ``--rounds`` times in alternating order (medians reported). Each repetition's copy is
   written under /tmp with a token ``R<r> `` put before every source text and every non-empty translation, so no
   two repetitions share a content (``check`` caches results by content: verbatim copies would be checked once and
   then looked up). Outputs compared byte for byte. Efficiency at two workers, by wall time: t(local:1) /
   (2 × t(local:2)) and t(one process) / (2 × t(local:2)); by CPU time, which the machine's other load does not
   distort: CPU(one process) / (the two workers' CPU added up) — the share of the workers' work that is the
   checking itself rather than overhead (start-up, the glossary loaded per worker, pickling).
b. ``align --batch`` over N document pairs (``--pairs``) cut from the four IWSLT17 TED test sets (``--pair-size``
   sentence pairs each, 20 by default, the cuts shifted on every pass through the corpus), as a JSON Lines list
   under /tmp: in one process, on two forked workers (``-j 2``) and on ``--scheduler local:1`` and ``local:2``
   (``--align-runs``), outputs compared byte for byte. TED text is only read at run time, never written to the
   repo.
c. ``terms --aligned FOLDER`` (one process) over the repeated catalogs of (a) at two sizes, to see whether time
   and memory grow linearly.

Nothing is tuned on these corpora (only time, memory and equality are measured), so the whole snapshot is used.
The machine's load average is printed with every figure: on a shared machine wall times are noisy, CPU times and
the ratios of runs made one after the other less so.

Run: ``python benchmarks/bench_dask.py [--reps 1,6] [--mo] [--rounds 3] [--pairs 500] [--terms-reps 1,6]
[--only check,align,terms]``; the align figures of docs/scale.md: ``python benchmarks/bench_dask.py --only align
--pairs 10000 --pair-size 10``.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    fmt_int,
    fmt_seconds,
    load_ted,
    log,
    machine_summary,
    markdown_table,
    pydocs_catalogs,
)

WORK = Path(tempfile.gettempdir()) / "termalign-bench-dask"


def load() -> str:
    """The 1-minute load average and the CPU count, e.g. ``load 9.3/2 CPUs``."""
    return f"load {os.getloadavg()[0]:.1f}/{os.cpu_count()} CPUs"


# ------------------------------------------------------------------------------------------ measuring


@dataclass
class Run:
    """One command's figures: wall and CPU seconds, peak memory (MiB) of the main process and of the largest other
    process (a Dask worker), peak PSS of the whole group, the machine load when it ended, and stderr's tail."""

    wall_s: float
    cpu_s: float
    main_rss_mb: float
    worker_pss_mb: float
    tree_pss_mb: float
    load: str
    stderr: str = ""
    worker_rss_mb: float = math.nan
    peaks: dict[int, tuple[float, float]] = field(default_factory=dict)
    #: CPU seconds of each process as last sampled (its final 50 ms may be missing).
    cpu: dict[int, float] = field(default_factory=dict)
    main_pid: int = 0

    @property
    def main_cpu_s(self) -> float:
        """CPU seconds of the command's own process."""
        return self.cpu.get(self.main_pid, math.nan)

    @property
    def worker_cpu_s(self) -> list[float]:
        """CPU seconds of the other processes (Dask workers and their nannies), largest first."""
        return sorted((c for pid, c in self.cpu.items() if pid != self.main_pid), reverse=True)


_TICK = os.sysconf("SC_CLK_TCK")


def _memory(pgid: int, cpu: dict[int, float]) -> dict[int, tuple[float, float]]:
    """RSS and PSS (MiB) of every live process of group ``pgid``; each one's CPU seconds so far go into ``cpu``."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()  # state, ppid, pgrp, ... utime (12), stime (13)
            if int(fields[2]) != pgid:
                continue
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICK
            rss = pss = 0
            with open(f"/proc/{entry}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Rss:"):
                        rss = int(line.split()[1])
                    elif line.startswith(b"Pss:"):
                        pss = int(line.split()[1])
            found[int(entry)] = (rss / 1024, pss / 1024)
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return found


def measure(args: list[str], *, timeout_s: float = 1800.0) -> Run:
    """Run ``python -m termalign ARGS`` in a new session and measure it (see the module docstring)."""
    command = [sys.executable, "-m", "termalign", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    peaks: dict[int, tuple[float, float]] = {}
    cpu: dict[int, float] = {}
    tree = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            now = _memory(proc.pid, cpu)
            tree[0] = max(tree[0], sum(p for _, p in now.values()))
            for pid, (rss, pss) in now.items():
                old = peaks.get(pid, (0.0, 0.0))
                peaks[pid] = (max(old[0], rss), max(old[1], pss))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_chunks: list[str] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read() if proc.stderr else ""),
                              daemon=True)
    reader.start()
    deadline = start + timeout_s
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, 9)
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    reader.join(timeout=5)
    stderr = "".join(stderr_chunks)
    if proc.returncode != 0:
        raise RuntimeError(f"termalign {' '.join(args)} exited {proc.returncode}: {stderr[-600:]}")
    main = peaks.get(proc.pid, (math.nan, math.nan))
    others = [v for pid, v in peaks.items() if pid != proc.pid]
    return Run(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        main_rss_mb=main[0],
        worker_pss_mb=max((p for _, p in others), default=math.nan),
        worker_rss_mb=max((r for r, _ in others), default=math.nan),
        tree_pss_mb=tree[0],
        load=load(),
        stderr=stderr,
        peaks=dict(peaks),
        cpu=dict(cpu),
        main_pid=proc.pid,
    )


def _mb(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}"


# ------------------------------------------------------------------------------------------ corpora


def _tag_po(text: str, token: str) -> tuple[str, int]:
    """``text`` (a PO file) with ``token`` put before every msgid (and msgid_plural) but the header's and every
    non-empty msgstr (and msgstr[N]); and the number of entries (header left out). Line based: no obsolete
    entries (the snapshot has none; ``msgunfmt`` writes none)."""
    lines = text.splitlines(keepends=True)
    entries = 0
    tagged = False
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        keyword, quote, rest = line.partition(' "')
        if keyword == "msgid" and quote:
            tagged = not (line.startswith('msgid ""') and following.startswith("msgstr"))  # not the header
            if tagged:
                lines[i] = f'msgid "{token}{rest}'
                entries += 1
        elif tagged and quote and keyword == "msgid_plural":
            lines[i] = f'msgid_plural "{token}{rest}'
        elif tagged and quote and (keyword == "msgstr" or keyword.startswith("msgstr[")):
            if not (rest.startswith('"') and not following.startswith('"')):  # not untranslated
                lines[i] = f'{keyword} "{token}{rest}'
            tagged = keyword != "msgstr"  # the forms of a plural entry follow
    return "".join(lines), entries


MO_DIR = Path("/usr/share/locale/id/LC_MESSAGES")


def _mo_sources() -> list[tuple[str, str]]:
    """``(name, PO text)`` of each Indonesian ``.mo`` catalog of the system (``msgunfmt``), sorted by name."""
    out = []
    for path in sorted(MO_DIR.glob("*.mo")):
        text = subprocess.run(["msgunfmt", str(path)], capture_output=True, text=True, check=True).stdout
        out.append((path.stem, text))
    return out


def _write_mo(po_text: str, target: Path) -> None:
    """Compile ``po_text`` to the ``.mo`` file ``target`` with ``msgfmt``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["msgfmt", "-o", str(target), "-"], input=po_text, text=True, check=True)


def check_corpus(reps: int, mo: bool = False) -> tuple[Path, int]:
    """A folder of ``reps`` tagged copies of the python-docs-id 3.14 snapshot (with ``mo``, and of the system's
    Indonesian ``.mo`` catalogs) under /tmp (made once; copies shared between sizes by hard links) and its number
    of entries."""
    catalogs = pydocs_catalogs("3.14", Path(tempfile.gettempdir()) / "termalign-pydocs")
    if not catalogs:
        raise SystemExit("the python-docs-id snapshot is not in ../shared/corpora")
    mo_sources = _mo_sources() if mo else []
    if mo and not mo_sources:
        raise SystemExit(f"no .mo catalogs in {MO_DIR}")
    store = WORK / ("reps-mo" if mo else "reps")
    folder = WORK / f"pydocs{'-mo' if mo else ''}-x{reps}"
    counts = WORK / "entries.json"
    known: dict[str, int] = json.loads(counts.read_text()) if counts.exists() else {}
    for r in range(reps):
        rep = store / f"r{r:02d}"
        if not rep.exists():
            partial = store / f".r{r:02d}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            total = 0
            for name, path in catalogs:
                tagged, entries = _tag_po(path.read_text(encoding="utf-8"), f"R{r} ")
                target = partial / name / "id.po"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(tagged, encoding="utf-8")
                total += entries
            for name, text in mo_sources:
                tagged, entries = _tag_po(text, f"R{r} ")
                _write_mo(tagged, partial / "mo" / f"{name}.mo")
                total += entries
            partial.rename(rep)
            known[f"{store.name}/{rep.name}"] = total
            counts.write_text(json.dumps(known))
    if not folder.exists():
        partial = WORK / f".{folder.name}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        for r in range(reps):
            for path in (store / f"r{r:02d}").rglob("*.*o"):
                target = partial / f"r{r:02d}" / path.relative_to(store / f"r{r:02d}")
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, target)
        partial.rename(folder)
    return folder, sum(known[f"{store.name}/r{r:02d}"] for r in range(reps))


def batch_list(n: int, size: int = 20) -> Path:
    """A JSON Lines ``--batch`` list of ``n`` document pairs of ``size`` TED sentence pairs under /tmp (the text
    joined by spaces, so ``align`` segments it); each pass through the corpus shifts the cuts by 7 sentences."""
    docs = load_ted()
    if not docs:
        raise SystemExit("the TED test sets are not in ../shared/corpora")
    source = [s for d in docs for s in d.source]
    target = [t for d in docs for t in d.target]
    per_pass = len(source) // size
    out = WORK / f"ted-{n}x{size}.jsonl"
    if not out.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        with open(out.with_suffix(".partial"), "w", encoding="utf-8") as handle:
            for i in range(n):
                start = (i % per_pass) * size + (i // per_pass) * 7
                picks = [(start + k) % len(source) for k in range(size)]
                record = {"id": f"ted-{i:05d}", "source": " ".join(source[k] for k in picks),
                          "target": " ".join(target[k] for k in picks)}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.with_suffix(".partial").rename(out)
    return out


# ------------------------------------------------------------------------------------------ benchmarks


def _units(stderr: str) -> str:
    """The number of checked units from ``check``'s summary line (``... in 7417 units``)."""
    for line in reversed(stderr.splitlines()):
        if " units" in line and " in " in line:
            return line.rsplit(" in ", 1)[1].split()[0]
    return "?"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def bench_check(reps_list: list[int], *, mo: bool = False, rounds: int = 1) -> list[str]:
    rows, notes = [], []
    labels = {"1 process": [], "local:1": ["--scheduler", "local:1"], "local:2": ["--scheduler", "local:2"]}
    for reps in reps_list:
        folder, entries = check_corpus(reps, mo)
        outs: dict[str, Path] = {}
        runs: dict[str, list[Run]] = {label: [] for label in labels}
        for round_ in range(rounds):
            order = list(labels) if round_ % 2 == 0 else list(labels)[::-1]  # alternating: drift hits all alike
            for label in order:
                out = WORK / f"check-x{reps}-{label.replace(' ', '').replace(':', '')}.jsonl"
                log(f"dask: check x{reps} ({entries} entries) {label}, round {round_ + 1}; {load()}")
                run = measure(["check", str(folder), "-g", "software", "--format", "jsonl", "--fail-on", "never",
                               "-o", str(out), "--force", *labels[label]])
                runs[label].append(run)
                outs[label] = out
                log(f"  {fmt_seconds(run.wall_s)} wall, {run.cpu_s:.1f} s CPU (main {run.main_cpu_s:.1f}, workers "
                    f"{' + '.join(f'{c:.1f}' for c in run.worker_cpu_s[:2])}), main {_mb(run.main_rss_mb)} MiB, "
                    f"worker {_mb(run.worker_rss_mb)} MiB RSS; {run.load}")
        wall = {label: _median([r.wall_s for r in rs]) for label, rs in runs.items()}
        cpu = {label: _median([r.cpu_s for r in rs]) for label, rs in runs.items()}
        workers = {label: _median([sum(r.worker_cpu_s[: int(label[-1])]) for r in rs])
                   for label, rs in runs.items() if label != "1 process"}
        for label, rs in runs.items():
            last = rs[-1]
            per_worker = [_median([r.worker_cpu_s[k] for r in rs if len(r.worker_cpu_s) > k])
                          for k in range(int(label[-1]) if label != "1 process" else 0)]
            rows.append([fmt_int(entries), _units(last.stderr), label, str(len(rs)), fmt_seconds(wall[label]),
                         f"{cpu[label]:.1f} s", f"{_median([r.main_cpu_s for r in rs]):.1f} s",
                         " + ".join(f"{c:.1f}" for c in per_worker) or "–",
                         _mb(max(r.main_rss_mb for r in rs)), _mb(max(r.worker_rss_mb for r in rs)),
                         _mb(max(r.worker_pss_mb for r in rs)), " / ".join(r.load for r in rs)])
        same = all(filecmp.cmp(outs["1 process"], outs[k], shallow=False) for k in ("local:1", "local:2"))
        by_wall = wall["local:1"] / (2 * wall["local:2"])
        by_wall_one = wall["1 process"] / (2 * wall["local:2"])
        by_cpu = cpu["1 process"] / workers["local:2"]
        by_cpu_one = cpu["1 process"] / workers["local:1"]
        notes.append(f"- {fmt_int(entries)} entries ({reps} copies{' with the .mo catalogs' if mo else ''}; "
                     f"medians of {rounds} alternating rounds): outputs of local:1 and local:2 byte-identical to one "
                     f"process: **{same}** ({outs['1 process'].stat().st_size:,} bytes). Efficiency at 2 workers "
                     f"by wall time: t(local:1)/(2·t(local:2)) = **{by_wall:.0%}**, t(1 process)/(2·t(local:2)) = "
                     f"**{by_wall_one:.0%}**; by CPU time, CPU(1 process) / (the 2 workers' CPU added up) = "
                     f"**{by_cpu:.0%}** (with 1 worker: {by_cpu_one:.0%}); per-entry CPU in one process "
                     f"{cpu['1 process'] / entries * 1e6:.0f} µs.")
    table = markdown_table(["entries", "checked units", "run", "rounds", "wall (median)", "CPU, all processes",
                            "CPU main", "CPU per worker", "main RSS MiB", "largest worker RSS MiB",
                            "largest worker PSS MiB", "load at end"], rows)
    return ["### check over repeated python-docs-id 3.14" + (" and .mo catalogs" if mo else ""), "", table, "",
            *notes, ""]


#: How ``align --batch`` is run: label → extra arguments. Efficiency at two workers compares each pool with its
#: one-worker form: t(1 process) / (2 × t(-j 2)) for forked workers, t(local:1) / (2 × t(local:2)) for Dask.
ALIGN_RUNS = {"1 process": [], "-j 2": ["-j", "2"], "local:1": ["--scheduler", "local:1"],
              "local:2": ["--scheduler", "local:2"]}


def bench_align(pairs: int, size: int = 20, runs: list[str] | None = None) -> list[str]:
    """``align --batch`` of ``pairs`` TED document pairs of ``size`` sentence pairs each, in one process, on
    forked workers and on a local Dask cluster: wall and CPU time, CPU and peak memory per process, outputs
    compared byte for byte with the one-process run."""
    batch = batch_list(pairs, size)
    labels = runs or list(ALIGN_RUNS)
    outs: dict[str, Path] = {}
    rows = []
    done: dict[str, Run] = {}
    for label in labels:
        out = WORK / f"align-{pairs}x{size}-{label.replace(' ', '').replace(':', '')}.jsonl"
        log(f"dask: align --batch {pairs} pairs of {size} {label}; {load()}")
        done[label] = run = measure(["align", "--batch", str(batch), "--format", "jsonl", "-o", str(out), "--force",
                                     *ALIGN_RUNS[label]], timeout_s=7200.0)
        outs[label] = out
        log(f"  {fmt_seconds(run.wall_s)} wall, {run.cpu_s:.1f} s CPU, main {run.main_cpu_s:.1f} s; {run.load}")
        workers = [c for c in run.worker_cpu_s if c > 0.5]  # Dask nannies and helper processes use next to none
        rows.append([fmt_int(pairs), label, fmt_seconds(run.wall_s), f"{run.cpu_s:.1f} s", f"{run.main_cpu_s:.1f} s",
                     " + ".join(f"{c:.1f}" for c in workers) or "–", _mb(run.main_rss_mb), _mb(run.worker_rss_mb),
                     _mb(run.worker_pss_mb), run.load])
    first = labels[0]
    same = {k: filecmp.cmp(outs[first], outs[k], shallow=False) for k in labels[1:]}
    table = markdown_table(["document pairs", "run", "wall", "CPU (all processes)", "CPU main", "CPU per worker",
                            "main RSS MiB", "largest worker RSS MiB", "largest worker PSS MiB", "load at end"], rows)
    notes = [f"- Outputs byte-identical to {first}: " + ", ".join(f"{k} **{v}**" for k, v in same.items())
             + f" ({outs[first].stat().st_size:,} bytes)."]
    one = done.get("1 process")
    if one is not None:
        notes.append(f"- One process: {one.cpu_s / pairs * 1000:.1f} ms CPU per pair "
                     f"({one.cpu_s / (pairs * size) * 1000:.2f} ms per sentence pair).")
    for pool, single in (("-j 2", "1 process"), ("local:2", "local:1")):
        if pool in done and single in done:
            two, base = done[pool], done[single]
            busier = max((c for c in two.worker_cpu_s if c > 0.5), default=math.nan)
            # On 2 dedicated cores the pool would take the longer of its busier worker and half its total CPU.
            ideal = max(busier, two.cpu_s / 2)
            notes.append(f"- {pool}: efficiency at 2 workers by wall time t({single})/(2·t({pool})) = "
                         f"**{base.wall_s / (2 * two.wall_s):.0%}**; by CPU time, CPU({single}) / (2 × the longer of "
                         f"{pool}'s busier worker and half its total CPU: its wall time on 2 idle cores) = "
                         f"**{base.cpu_s / (2 * ideal):.0%}**.")
    return [f"### align --batch over TED document pairs ({size} sentence pairs each)", "", table, "", *notes, ""]


def bench_terms(reps_list: list[int]) -> list[str]:
    rows = []
    for reps in reps_list:
        folder, entries = check_corpus(reps)
        out = WORK / f"terms-x{reps}.jsonl"
        log(f"dask: terms --aligned x{reps}; {load()}")
        run = measure(["terms", "--aligned", str(folder), "--format", "jsonl", "-o", str(out), "--force"])
        log(f"  {fmt_seconds(run.wall_s)} wall, {run.cpu_s:.1f} s CPU, {_mb(run.main_rss_mb)} MiB; {run.load}")
        terms = sum(1 for _ in out.open(encoding="utf-8"))
        rows.append([fmt_int(entries), str(reps), fmt_seconds(run.wall_s), f"{run.cpu_s:.0f} s",
                     _mb(run.main_rss_mb), fmt_int(terms), run.load])
    table = markdown_table(["entries (PO)", "copies", "wall", "CPU", "peak RSS MiB", "term pairs", "load at end"],
                           rows)
    return ["### terms --aligned over the same catalogs (one process)", "", table, ""]


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reps", default="1,6", help="copies of the snapshot for check, comma-separated")
    parser.add_argument("--mo", action="store_true", help="check: add the system's Indonesian .mo catalogs")
    parser.add_argument("--rounds", type=int, default=1, help="check: alternating rounds (medians reported)")
    parser.add_argument("--terms-reps", default="1,6", help="copies of the snapshot for terms")
    parser.add_argument("--pairs", type=int, default=500, help="document pairs for align --batch")
    parser.add_argument("--pair-size", type=int, default=20, help="TED sentence pairs per document pair")
    parser.add_argument("--align-runs", default=",".join(ALIGN_RUNS),
                        help="align --batch runs, comma-separated, among: " + ", ".join(ALIGN_RUNS))
    parser.add_argument("--only", default="check,align,terms")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    lines = ["## Dask (measured)", "", f"{machine_summary()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
             ""]
    if "check" in only:
        lines += bench_check([int(r) for r in args.reps.split(",")], mo=args.mo, rounds=args.rounds)
    if "align" in only:
        lines += bench_align(args.pairs, args.pair_size, args.align_runs.split(","))
    if "terms" in only:
        lines += bench_terms([int(r) for r in args.terms_reps.split(",")])
    lines.append("Reproduce: `python benchmarks/bench_dask.py` (corpora written under "
                 f"{WORK}; remove it afterwards).")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
