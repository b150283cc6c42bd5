"""Term extraction at scale: CPU time and peak memory of ``termalign terms --aligned`` by corpus size, and the ratio
against translate-toolkit's ``poterminology`` on the same 10,000 pairs in the same run.

The corpus is the IWSLT17 TED EN–ID test sets and the python-docs-id 3.14 "dev" entries (code stripped as in
``terms_eval.py``), one after the other, **repeated** to the size asked for (a repeated corpus has the vocabulary of
the original: the figures show how time and memory grow with the number of pairs, not with new words). It is
written as TSV documents of 1,000 pairs in a temporary folder, and for poterminology as one PO file.

Each measured command runs in its own process, measured by ``os.wait4`` (user + system CPU seconds, peak resident
memory). Rounds alternate termalign and poterminology; medians are reported with the load average. Run:
``python benchmarks/bench_terms_scale.py --sizes 10000 100000 --rounds 3`` (add ``--python-path DIR`` to time
another checkout of termalign in the same run, e.g. the main branch).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import REPO_ROOT, load_ted, log, markdown_table

DOC_PAIRS = 1000


def corpus_pairs() -> list[tuple[str, str]]:
    """TED's sentence pairs then python-docs-id dev's entries (evaluation data, read at run time only)."""
    from benchmarks.terms_eval import pydocs

    pairs = [(s, t) for d in load_ted() for s, t in zip(d.source, d.target, strict=True)]
    pairs += [(s, t) for _, src, tgt in pydocs("dev").docs for s, t in zip(src, tgt, strict=True)]
    return [(s.replace("\t", " "), t.replace("\t", " ")) for s, t in pairs if s.strip() and t.strip()]


def write_folder(pairs: list[tuple[str, str]], n: int, folder: Path) -> None:
    """``n`` pairs (``pairs`` repeated) as TSV documents of :data:`DOC_PAIRS` pairs."""
    folder.mkdir(parents=True)
    chosen = [pairs[k % len(pairs)] for k in range(n)]
    for start in range(0, n, DOC_PAIRS):
        rows = chosen[start : start + DOC_PAIRS]
        (folder / f"doc{start // DOC_PAIRS:05}.tsv").write_text("".join(f"{s}\t{t}\n" for s, t in rows), "utf-8")


def write_po(pairs: list[tuple[str, str]], n: int, path: Path) -> None:
    import polib

    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "id"}
    for k in range(n):
        s, t = pairs[k % len(pairs)]
        catalog.append(polib.POEntry(msgctxt=str(k), msgid=s, msgstr=t))
    catalog.save(str(path))


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, peak RSS in MiB) of one run of ``args`` in its own process."""
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) > 1:
        raise RuntimeError(f"{args[:3]} failed: {err[-500:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds at the poterminology size")
    parser.add_argument("--python-path", help="also time the termalign found at this PYTHONPATH (another checkout)")
    args = parser.parse_args(argv)
    pairs = corpus_pairs()
    if not pairs:
        print("TED corpus not available: skipped")
        return 0
    poterminology = shutil.which("poterminology")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    mine = {**env, "PYTHONPATH": str(REPO_ROOT)}
    other = {**env, "PYTHONPATH": args.python_path} if args.python_path else None
    rows = []
    with tempfile.TemporaryDirectory(prefix="termalign-terms-scale-") as tmp:
        root = Path(tmp)
        for n in args.sizes:
            folder = root / f"c{n}"
            write_folder(pairs, n, folder)
            variants = {"termalign terms --aligned": (
                [sys.executable, "-m", "termalign", "terms", "--aligned", str(folder), "-o", str(root / "t.tsv"),
                 "--force", "-q"], mine)}
            if other is not None and n == args.sizes[0]:
                variants["other checkout"] = (variants["termalign terms --aligned"][0], other)
            rounds = args.rounds if n == args.sizes[0] else 1
            if n == args.sizes[0] and poterminology:
                write_po(pairs, n, root / "p.po")
                variants["poterminology"] = ([poterminology, str(root / "p.po"), "-o", str(root / "out.po")], env)
            got: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
            for k in range(rounds):
                for name, (command, run_env) in variants.items():
                    got[name].append(measure(command, run_env))
                log(f"terms scale: {n} pairs, round {k + 1}/{rounds}: {got}")
            base = statistics.median(c for c, _ in got["poterminology"]) if "poterminology" in got else None
            for name, values in got.items():
                cpu = statistics.median(c for c, _ in values)
                rss = max(r for _, r in values)
                rows.append([name, f"{n:,}", f"{cpu:.1f}", f"{rss:.0f}", f"{cpu / base:.2f}×" if base else "–"])
            shutil.rmtree(folder)
    print(markdown_table(["command", "pairs", "CPU s (median)", "peak RSS MiB", "÷ poterminology"], rows))
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
