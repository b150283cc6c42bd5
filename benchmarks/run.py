"""Run termalign's benchmarks and print (or write into docs/benchmarks.md) their Markdown results.

Every ``benchmarks/bench_NAME.py`` module defines ``main(quick: bool = False) -> str`` returning one
Markdown section. This runner runs them in name order, each in a fresh Python process (so one module's
imports and memory never leak into another's measurements), and prints the sections to stdout; progress,
and anything a module prints, goes to stderr. With ``--write-docs`` it replaces, in ``docs/benchmarks.md``,
the text between ``<!-- bench:NAME:start -->`` and ``<!-- bench:NAME:end -->`` with the fresh section
(appending a new marked block when the markers are missing), so hand-written text around the sections
survives regeneration.

Usage::

    python benchmarks/run.py [--quick] [--only align,terms,check] [--write-docs]

Exit status: 0 when every selected benchmark ran, 1 when one raised (the others still run), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "benchmarks"
DOCS = ROOT / "docs" / "benchmarks.md"


def discover() -> list[str]:
    """Names of the available benchmarks (``align`` for ``bench_align.py``), sorted."""
    return sorted(p.stem[len("bench_") :] for p in BENCH_DIR.glob("bench_*.py"))


def markers(name: str) -> tuple[str, str]:
    """The start and end markers delimiting benchmark ``name``'s section in the docs."""
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def replace_section(document: str, name: str, section: str) -> str:
    """``document`` with benchmark ``name``'s marked section replaced by ``section`` (appended if absent).

    Raises ``ValueError`` when the markers are unbalanced (one without the other, or end before start), so
    a damaged file is never silently rewritten.
    """
    start, end = markers(name)
    block = f"{start}\n{section.strip()}\n{end}"
    i, j = document.find(start), document.find(end)
    if i == -1 and j == -1:
        return document.rstrip("\n") + "\n\n" + block + "\n"
    if i == -1 or j == -1 or j < i or document.count(start) > 1 or document.count(end) > 1:
        raise ValueError(f"docs: markers for {name!r} are unbalanced or repeated; fix them by hand")
    return document[:i] + block + document[j + len(end) :]


def write_docs(sections: dict[str, str], path: Path = DOCS) -> None:
    """Write ``sections`` into ``path`` between their markers (atomically: temp file, then rename)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    for name, section in sections.items():
        text = replace_section(text, name, section)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


_CHILD = """
import importlib, pathlib, sys
sys.path.insert(0, sys.argv[1])
module = importlib.import_module("benchmarks.bench_" + sys.argv[2])
pathlib.Path(sys.argv[4]).write_text(module.main(quick=sys.argv[3] == "1"), encoding="utf-8")
"""


def run_module(name: str, quick: bool) -> str | None:
    """Run ``benchmarks/bench_NAME.py``'s ``main(quick)`` in a fresh interpreter; its section, or None if it failed.

    The child's stdout and stderr both go to this process's stderr (the traceback too, when it fails), so
    stdout carries nothing but the returned Markdown.
    """
    with tempfile.TemporaryDirectory(prefix="termalign-bench-") as tmp:
        out = Path(tmp) / "section.md"
        sys.stderr.flush()
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(ROOT), name, "1" if quick else "0", str(out)],
            stdout=2,  # file descriptor 2 (works even where sys.stderr is replaced, as under pytest)
            check=False,
        )
        if proc.returncode != 0 or not out.exists():
            print(f"== bench_{name} failed (exit status {proc.returncode})", file=sys.stderr, flush=True)
            return None
        return out.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description="Run termalign's benchmarks (benchmarks/bench_*.py).")
    parser.add_argument("--quick", action="store_true", help="small inputs only (smoke test; each module < 60 s)")
    parser.add_argument(
        "--only", default="", help="comma-separated benchmark names (default: all): " + ",".join(discover())
    )
    parser.add_argument("--write-docs", action="store_true", help=f"rewrite the sections in {DOCS.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    available = discover()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or available
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}")

    sections: dict[str, str] = {}
    failed: list[str] = []
    for name in names:
        print(f"== bench_{name} ({'quick' if args.quick else 'full'})", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        section = run_module(name, args.quick)
        if section is None:
            failed.append(name)
            continue
        print(f"== bench_{name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        sections[name] = section
        print(section.rstrip() + "\n", flush=True)

    if args.write_docs and sections:
        write_docs(sections)
        print(f"wrote {', '.join(sections)} into {DOCS.relative_to(ROOT)}", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
