"""Start-up benchmark: ``termalign check`` on a one-entry PO file (a pre-commit hook's job) against ``pofilter``.

What a hook pays on every commit is the CPU time of one short process, so that is what is measured: the user +
system CPU time of each command (``resource.getrusage(RUSAGE_CHILDREN)`` around it), as ratios to ``pofilter``
on the same file in the same run. Commands alternate round by round (so a burst of load on the machine hits all of
them alike) and each figure is the median of ``--rounds`` runs.

Variants:

* ``check`` with ``--glossary medical`` and with the default glossary (software, for a PO file), **warm**
  (termalign's user cache filled by an earlier run, as on every commit after the first) and **cold** (an empty
  cache folder for each run: the first commit, or ``--no-cache``);
* ``check`` on a plain English text without ``--lang`` (its language is detected);
* ``pofilter FILE OUT`` (translate-toolkit's default checks).

Python byte-code is written and used as an installed package would (``PYTHONDONTWRITEBYTECODE`` is removed from
the commands' environment, and one untimed run of each command comes first). The test files are written here (our
own two sentences), in a temporary folder.

With ``--terms PAIRS`` it also times ``termalign terms --aligned`` against translate-toolkit's ``poterminology``
on that many TED line pairs (``../shared/corpora``, read at run time, never copied), the same pairs given to both
(a TSV to termalign, a PO file to poterminology), wall time of one run each.

With ``--throughput ROUNDS`` it also compares ``check``'s throughput with ``pofilter``'s on the 41,925 merged ``.mo``
entries of :mod:`benchmarks.bench_check` (CPU seconds, one process each, warm cache, alternating).

With ``--against DIR`` every ``termalign`` command also runs from another copy of termalign's source (``DIR``
put first on ``PYTHONPATH``, e.g. a copy of the tree before a change, with its own cache folders), in the same
alternating rounds: a before/after comparison whose two sides saw the same load.

With ``--memory`` it also reports the peak resident memory of ``check`` on the 167,700 entries of 4 distinct
copies of the ``.mo`` entries (as :mod:`benchmarks.bench_check` measures it; a size, not a time: load does not
change it).

Run alone: ``python benchmarks/bench_startup.py [--rounds N] [--terms 10000] [--throughput 3] [--against DIR]
[--memory]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fmt_int, log, machine_summary, markdown_table

ONE_ENTRY_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: id\\n"

msgid "Open the configuration file in the editor."
msgstr "Buka berkas konfigurasi di penyunting."
"""

#: Two sentences the stopword vote decides and a heading it cannot (no stopword: language identification proper).
PLAIN_TEXT = (
    "Wound Care After Surgery\n"
    "The patient was given an injection before the operation, and the nurse checked the wound every hour.\n"
    "Open the configuration file in the editor and save it before you close the window.\n"
)


def _tool(name: str) -> str | None:
    """The path of console script ``name``: next to this Python first (the venv), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def cpu_seconds(args: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of one run of ``args`` (its output discarded); raises if it fails (status > 1)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode > 1:
        raise RuntimeError(f"{' '.join(args)} exited with {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _base_env() -> dict[str, str]:
    """This process's environment without what would change the commands' start-up (no byte-code, no cache)."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "TERMALIGN_NO_CACHE")}


#: A command to time: its arguments, its environment, and whether it runs cold (a fresh, empty cache folder per
#: run, set in the rounds).
_Variant = tuple[list[str], dict[str, str], bool]


def _against(variants: dict[str, _Variant], against: Path | None, folder: Path) -> dict[str, _Variant]:
    """``variants`` with, after each termalign command, the same command run from the source tree ``against``
    (first on ``PYTHONPATH``; a warm cache folder of its own under ``folder``), named with `` [DIR]``."""
    if against is None:
        return variants
    out: dict[str, _Variant] = {}
    for name, (args, run_env, cold) in variants.items():
        out[name] = (args, run_env, cold)
        if "termalign" not in Path(args[0]).name:
            continue
        other = {**run_env, "PYTHONPATH": os.pathsep.join(
            p for p in (str(against), os.environ.get("PYTHONPATH", "")) if p)}
        if "TERMALIGN_CACHE_DIR" in run_env:
            other["TERMALIGN_CACHE_DIR"] = run_env["TERMALIGN_CACHE_DIR"] + "-against"
        out[f"{name} [{against.name}]"] = (args, other, cold)
    return out


def startup(rounds: int, against: Path | None = None) -> tuple[str, dict[str, float]]:
    """The start-up table (markdown) and the median CPU seconds per variant (see ``--against``)."""
    termalign, pofilter = _tool("termalign"), _tool("pofilter")
    if termalign is None:
        raise SystemExit("termalign is not installed in this environment")
    env = _base_env()
    with tempfile.TemporaryDirectory(prefix="termalign-startup-") as tmp:
        folder = Path(tmp)
        po = folder / "one.po"
        po.write_text(ONE_ENTRY_PO, encoding="utf-8")
        text = folder / "article.txt"
        text.write_text(PLAIN_TEXT, encoding="utf-8")
        warm_env = {**env, "TERMALIGN_CACHE_DIR": str(folder / "cache")}
        variants: dict[str, _Variant] = {
            # A PO file's default glossary is the software one, so the medical glossary is named.
            "check --glossary medical, warm cache": ([termalign, "check", "-g", "medical", str(po)], warm_env, False),
            "check --glossary medical, cold cache": ([termalign, "check", "-g", "medical", str(po)], env, True),
            "check (default: software), warm cache": ([termalign, "check", str(po)], warm_env, False),
            "check (default: software), cold cache": ([termalign, "check", str(po)], env, True),
            "check plain text, no --lang, warm cache": ([termalign, "check", str(text)], warm_env, False),
        }
        variants = _against(variants, against, folder)
        if pofilter is not None:
            variants["pofilter (default checks)"] = ([pofilter, str(po), str(folder / "out.po")], env, False)
        times: dict[str, list[float]] = {name: [] for name in variants}

        def run(number: int, place: str) -> float:
            args, run_env, cold = list(variants.values())[number]
            if cold:
                run_env = {**run_env, "TERMALIGN_CACHE_DIR": str(folder / f"{place}-{number}")}  # fresh, empty
            return cpu_seconds(args, run_env)

        for number in range(len(variants)):  # untimed: byte-code written, warm caches filled
            run(number, "first")
        for k in range(rounds):
            for number, name in enumerate(variants):
                times[name].append(run(number, f"cold-{k}"))
            log(f"startup: round {k + 1}/{rounds} done")
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians.get("pofilter (default checks)")
    rows = [[name, f"{seconds:.3f}", f"{seconds / base:.2f}×" if base else "–"] for name, seconds in medians.items()]
    table = markdown_table(["command (one-entry PO / two-line text)", "CPU s (median)", "÷ pofilter"], rows)
    return table, medians


def terms_vs_poterminology(pairs: int) -> str:
    """``termalign terms --aligned`` against ``poterminology`` on ``pairs`` TED line pairs (wall seconds)."""
    import polib

    from benchmarks.common import cycle_pairs, load_ted

    termalign, poterminology = _tool("termalign"), _tool("poterminology")
    docs = load_ted()
    if not docs or termalign is None or poterminology is None:
        return "(TED corpus, termalign or poterminology not available: skipped)\n"
    doc = cycle_pairs(docs, pairs)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="termalign-terms-") as tmp:
        folder = Path(tmp)
        tsv = folder / "pairs.tsv"
        with tsv.open("w", encoding="utf-8") as handle:
            for en, idn in zip(doc.source, doc.target, strict=True):
                handle.write(f"{en.replace(chr(9), ' ')}\t{idn.replace(chr(9), ' ')}\n")
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "id"}
        for k, (en, idn) in enumerate(zip(doc.source, doc.target, strict=True)):
            catalog.append(polib.POEntry(msgctxt=str(k), msgid=en, msgstr=idn))
        catalog.save(str(folder / "pairs.po"))
        commands = {
            "termalign terms --aligned": [termalign, "terms", "--aligned", str(tsv), "-o", str(folder / "t.tsv")],
            "poterminology": [poterminology, str(folder / "pairs.po"), "-o", str(folder / "p.po")],
        }
        seconds: dict[str, float] = {}
        for name, args in commands.items():
            start = time.perf_counter()
            proc = subprocess.run(args, env=env, capture_output=True, check=False)
            seconds[name] = time.perf_counter() - start
            if proc.returncode > 1:
                return f"({name} failed: {proc.stderr.decode()[-300:]})\n"
    ratio = seconds["termalign terms --aligned"] / seconds["poterminology"]
    rows = [[name, fmt_int(pairs), f"{value:.2f}"] for name, value in seconds.items()]
    return (markdown_table(["command", "pairs", "wall s"], rows)
            + f"\ntermalign ÷ poterminology: **{ratio:.2f}×** (one run each, same machine, same moment)\n")


def throughput(rounds: int, against: Path | None = None) -> str:
    """``termalign check`` (5,000-entry benchmark glossary) against ``pofilter`` on the 41,925 merged ``.mo``
    entries (built as :mod:`benchmarks.bench_check` builds them): CPU seconds of each command, alternating,
    median of ``rounds``, as entries per CPU second (see ``--against``)."""
    from benchmarks.bench_check import build_glossary, merged_entries, mo_files, write_glossary, write_po

    termalign, pofilter = _tool("termalign"), _tool("pofilter")
    files = mo_files()
    if not files or termalign is None or pofilter is None:
        return "(no .mo catalogs, termalign or pofilter: skipped)\n"
    env = _base_env()
    with tempfile.TemporaryDirectory(prefix="termalign-throughput-") as tmp:
        folder = Path(tmp)
        entries = merged_entries(files)
        po, glossary = folder / "merged.po", folder / "g5000.tsv"
        count = write_po(entries, po)
        write_glossary(build_glossary(entries, 5000), glossary)
        env["TERMALIGN_CACHE_DIR"] = str(folder / "cache")
        commands = _against({
            "termalign check, 5,000-entry glossary": ([termalign, "check", "-g", str(glossary), str(po), "-o",
                                                       str(folder / "t.txt"), "--force"], env, False),
            "pofilter (default checks)": ([pofilter, str(po), str(folder / "p.po")], env, False),
        }, against, folder)
        warm_up = folder / "one.po"  # fills the cache (glossary, index, word lists) as an earlier commit would
        warm_up.write_text(ONE_ENTRY_PO, encoding="utf-8")
        for args, run_env, _ in commands.values():
            if args[0] == termalign:
                cpu_seconds([termalign, "check", "-g", str(glossary), str(warm_up)], run_env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, (args, run_env, _) in commands.items():
                times[name].append(cpu_seconds(args, run_env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    rates = {name: count / seconds for name, seconds in medians.items()}
    base = rates["pofilter (default checks)"]
    rows = [[name, fmt_int(count), f"{medians[name]:.2f}", fmt_int(round(rate)), f"{rate / base:.2f}×"]
            for name, rate in rates.items()]
    return markdown_table(["command", "entries", "CPU s (median)", "entries per CPU s", "÷ pofilter"], rows) + "\n"


def peak_memory(against: Path | None = None) -> str:
    """Peak resident memory of ``check`` (5,000-entry benchmark glossary, one process) on 4 distinct copies of the
    merged ``.mo`` entries (167,700 entries), as :mod:`benchmarks.bench_check` measures it."""
    from benchmarks.bench_check import build_glossary, merged_entries, mo_files, write_glossary, write_po
    from benchmarks.common import measure_command

    termalign = _tool("termalign")
    files = mo_files()
    if not files or termalign is None:
        return "(no .mo catalogs or termalign: skipped)\n"
    with tempfile.TemporaryDirectory(prefix="termalign-memory-") as tmp:
        folder = Path(tmp)
        entries = merged_entries(files)
        po, glossary = folder / "merged-x4-distinct.po", folder / "g5000.tsv"
        count = write_po(entries, po, copies=4, distinct=True)
        write_glossary(build_glossary(entries, 5000), glossary)
        variants = _against({"termalign check, 5,000-entry glossary": (
            [termalign, "check", "-g", str(glossary), str(po), "-o", str(folder / "t.txt"), "--force"],
            {**_base_env(), "TERMALIGN_CACHE_DIR": str(folder / "cache")}, False)}, against, folder)
        rows = []
        for name, (args, run_env, _) in variants.items():
            cpu_seconds(args, run_env)  # fills the cache, as an earlier run would
            m = measure_command(args, env=run_env)
            rows.append([name, fmt_int(count), f"{m.peak_rss_mb:.1f}" if m.error is None else m.error])
    return markdown_table(["command", "entries", "peak RSS MiB"], rows) + "\n"


def section(rounds: int, throughput_rounds: int, terms_pairs: int, against: Path | None = None,
            memory: bool = False) -> str:
    """The docs section: start-up table, then (when asked for) throughput, memory and terms against
    poterminology."""
    table, _ = startup(max(1, rounds), against)
    parts = [
        "## Start-up (`check` as a pre-commit hook)\n",
        f"{machine_summary()}. CPU time (user + system) of each command on a one-entry PO file (and a three-line "
        "English text without `--lang`), median of alternating rounds, as a ratio to `pofilter` on the same file "
        f"in the same run ({rounds} rounds). *Warm*: termalign's user cache filled by an earlier run; *cold*: an "
        "empty cache folder for every run (a first commit, or `--no-cache`, which also skips writing it).\n",
        table,
    ]
    if throughput_rounds:
        parts += ["\n### `check` throughput against pofilter (one process each)\n",
                  f"CPU time, median of {throughput_rounds} alternating runs, warm cache.\n",
                  throughput(throughput_rounds, against)]
    if memory:
        parts += ["\n### Peak memory of `check` at 167,700 entries\n", peak_memory(against)]
    if terms_pairs:
        parts += ["\n### `terms --aligned` against poterminology\n", terms_vs_poterminology(terms_pairs)]
    parts.append("\nReproduce: `python benchmarks/bench_startup.py --throughput 3 --terms 10000` (or "
                 "`python benchmarks/run.py --only startup`).")
    return "\n".join(parts) + "\n"


def main(quick: bool = False) -> str:
    """The section as ``benchmarks/run.py`` runs it (quick: 3 rounds, no throughput or terms runs)."""
    return section(3, 0, 0) if quick else section(9, 3, 10000)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="alternating runs per command (median reported)")
    parser.add_argument("--terms", type=int, default=0, metavar="PAIRS",
                        help="also time terms --aligned against poterminology on PAIRS TED pairs")
    parser.add_argument("--throughput", type=int, default=0, metavar="ROUNDS",
                        help="also compare check's throughput with pofilter's on the 41,925 .mo entries")
    parser.add_argument("--quick", action="store_true", help="3 rounds, start-up only")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="also run every termalign command from the source tree DIR (first on PYTHONPATH, "
                             "own cache folders): before/after in the same run")
    parser.add_argument("--memory", action="store_true",
                        help="also report check's peak memory on 167,700 distinct entries")
    args = parser.parse_args()
    print(main(quick=True) if args.quick else section(args.rounds, args.throughput, args.terms,
                                                       args.against.resolve() if args.against else None,
                                                       args.memory))
