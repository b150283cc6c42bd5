"""Term-extraction benchmark: quality on gold lists, and time and memory on 1,000–10,000 aligned sentence pairs.

Quality: our own asthma and anaemia texts (``tests/data/terms``, line-aligned, gold lists written for the
project) and, when ``../shared/seeds`` is present, the seed article 000 (machine-translated English) with 002
(Indonesian) aligned by termalign, scored against the gold list in ``tests/test_terms_seeds.py``. Figures:
recall of the gold pairs and precision among extracted pairs whose English side is a gold term
(:mod:`termalign.terms.evaluate`), at the default settings (shipped dictionary, no glossary).

Speed: the IWSLT17 TED test sets (4,128 line pairs, read from ``../shared/corpora`` at run time, never copied)
concatenated and repeated to 1,000, 2,500, 5,000 and 10,000 pairs, given to :func:`termalign.terms.extract_terms`
as ready-made 1-1 beads, so only extraction is measured. Each size runs once in a fresh process after a warm-up
on 50 pairs (imports, wordfreq, the dictionary and the Indonesian root list are loaded by then); memory is the
growth of the process's peak resident size over that warm state.

Run alone: ``python benchmarks/bench_terms.py [--quick]``; normally through ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    cycle_pairs,
    fmt,
    fmt_int,
    fmt_seconds,
    load_ted,
    log,
    loglog_slope,
    machine_summary,
    markdown_table,
    run_isolated,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "terms"
SEEDS = ROOT.parent / "shared" / "seeds"
SIZES = (1_000, 2_500, 5_000, 10_000)
QUICK_SIZES = (1_000, 2_500)
WARMUP = 50


def extract_only(source: list[str], target: list[str]) -> int:
    """Extract term pairs from line-parallel sentences given as 1-1 beads; returns the number of pairs."""
    from termalign.model import Alignment, Bead, Segment
    from termalign.terms import extract_terms

    alignment = Alignment(
        tuple(Segment(text, i) for i, text in enumerate(source)),
        tuple(Segment(text, i) for i, text in enumerate(target)),
        tuple(Bead((i,), (i,), 1.0) for i in range(min(len(source), len(target)))),
    )
    return len(extract_terms(alignment))


def _line_aligned(name: str) -> Any:
    from termalign.model import Alignment, Bead
    from termalign.segment import from_lines

    source = from_lines((DATA / f"{name}.en.txt").read_text("utf-8"))
    target = from_lines((DATA / f"{name}.id.txt").read_text("utf-8"))
    return Alignment(tuple(source), tuple(target), tuple(Bead((i,), (i,), 1.0) for i in range(len(source))))


def quality_rows() -> list[list[str]]:
    """One row per evaluated text: name, beads, pairs, recall, precision, misses."""
    from termalign.terms import extract_terms
    from termalign.terms.evaluate import evaluate, parse_gold, read_gold

    cases: list[tuple[str, Any, Any]] = []
    for name in ("asthma", "anemia"):
        cases.append((f"own text: {name} (line-aligned)", _line_aligned(name), read_gold(DATA / f"{name}.gold.tsv")))
    seed_en, seed_id = sorted(SEEDS.glob("000_*.txt")), sorted(SEEDS.glob("002_*.txt"))
    if seed_en and seed_id:
        sys.path.insert(0, str(ROOT / "tests"))
        try:
            from test_terms_seeds import SEED_GOLD  # the gold list lives with its test
        finally:
            sys.path.pop(0)
        from termalign.pipeline import align
        from termalign.textio import read_text

        alignment = align(read_text(seed_en[0]), read_text(seed_id[0]))
        cases.append(("seed 000 ↔ 002 (aligned by termalign)", alignment, parse_gold(SEED_GOLD)))
    rows = []
    for label, alignment, gold in cases:
        pairs = extract_terms(alignment)
        result = evaluate(pairs, gold)
        missed = ", ".join(m.english[0] for m in result.missed) or "–"
        rows.append(
            [
                label,
                str(sum(1 for b in alignment.beads if b.linked)),
                str(len(pairs)),
                f"{fmt(result.recall)} ({result.found}/{result.gold})",
                f"{fmt(result.precision)} ({result.correct}/{result.judged})",
                missed,
            ]
        )
    return rows


def speed_rows(sizes: tuple[int, ...]) -> tuple[list[list[str]], str]:
    """Timing rows per corpus size and a sentence on the growth exponent."""
    docs = load_ted()
    if not docs:
        return [], "TED corpus not found (../shared/corpora/iwslt17-ted-en-id): speed not measured."
    rows: list[list[str]] = []
    points: list[tuple[int, float]] = []
    previous: tuple[int, float] | None = None
    for n in sizes:
        doc = cycle_pairs(docs, n)
        log(f"  terms: n={n}")
        m = run_isolated(
            "benchmarks.bench_terms:extract_only",
            [doc.source, doc.target],
            warmup_args=[doc.source[:WARMUP], doc.target[:WARMUP]],
            repeats=1,
            timeout_s=1800,
        )
        if not m.ok:
            rows.append([fmt_int(n), "–", "–", "–", "–", m.error or "failed"])
            continue
        slope = loglog_slope(previous[0], previous[1], n, m.wall_s) if previous else float("nan")
        rows.append(
            [
                fmt_int(n),
                fmt_seconds(m.wall_s),
                f"{n / m.wall_s:,.0f}",
                f"{m.peak_rss_mb - m.base_rss_mb:,.0f} (of {m.peak_rss_mb:,.0f})",
                str(m.value),
                fmt(slope, 2),
            ]
        )
        points.append((n, m.wall_s))
        previous = (n, m.wall_s)
    if len(points) >= 2:
        (n1, t1), (n2, t2) = points[0], points[-1]
        growth = (
            f"Growth from {fmt_int(n1)} to {fmt_int(n2)} pairs: time ∝ n^{loglog_slope(n1, t1, n2, t2):.2f} "
            "(1 = linear). Sizes above 4,128 repeat the corpus, so counts per word grow as well."
        )
    else:
        growth = ""
    return rows, growth


def main(quick: bool = False) -> str:
    """The Markdown section for ``docs/benchmarks.md``."""
    lines = ["## Term extraction (`termalign terms`)", ""]
    lines += [
        "Quality at the default settings (shipped dictionary, no glossary). Recall: gold pairs found with the "
        "right Indonesian side. Precision: of the extracted pairs whose English side is a gold term, those with "
        "the right Indonesian side (pairs for other English phrases are not judged). Gold lists are our own "
        "terminology judgement; the own texts are written for the project.",
        "",
        markdown_table(["text", "beads", "pairs", "recall", "precision", "missed gold terms"], quality_rows()),
        "",
    ]
    rows, growth = speed_rows(QUICK_SIZES if quick else SIZES)
    lines += [
        "Speed: TED EN–ID sentence pairs as ready-made 1-1 beads (extraction only; one cold run per size in a "
        f"fresh process after a {WARMUP}-pair warm-up). {machine_summary()}.",
        "",
    ]
    if rows:
        lines += [
            markdown_table(
                [
                    "sentence pairs",
                    "time",
                    "pairs/s",
                    "memory growth MiB (peak RSS)",
                    "term pairs",
                    "exponent vs previous",
                ],
                rows,
            ),
            "",
        ]
    if growth:
        lines.append(growth)
    lines += ["", "Reproduce: `python benchmarks/bench_terms.py` (or `python benchmarks/run.py --only terms`)."]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes (1,000 and 2,500 pairs)")
    print(main(quick=parser.parse_args().quick))
