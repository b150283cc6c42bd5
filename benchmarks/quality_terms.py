"""Precision of ``missing-term`` and ``untranslated-term`` on real data, from hand labels of a random sample.

Data: this machine's Indonesian message catalogs (``/usr/share/locale/id/LC_MESSAGES/*.mo``) merged into one PO
file exactly as :mod:`benchmarks.bench_check` does (~42,000 entries), checked with the shipped ``software``
glossary and every check enabled (as ``termalign check -g software`` runs). Labels:
``benchmarks/data/mo_labels_terms.tsv``, one row per labelled finding, keyed by check code, a stable hash of
the entry's ``msgctxt``+``msgid`` (:func:`entry_hash`) and the flagged text (case-insensitive).

How the labels were made: ``--draw`` takes, per check, a seeded random sample (``random.Random(SEED)``, 100
findings drawn from the findings in report order) and prints each with its entry (msgid/msgstr) for a
reviewer, who labels it ``true`` (a real terminology error a careful bilingual reviewer would fix) or
``false`` (a false alarm) with a short reason. Precision is then ``true / (true + false)`` over the labelled
findings of a fresh run; findings without a label (new ones, or ones outside the sample) are counted
separately, so a change that adds findings shows up as unlabelled, not as a better score. When a change only
removes findings, the surviving labelled ones are still a random sample of what is left.

Commands::

    python benchmarks/quality_terms.py                      # merge the catalogs, run, print the table
    python benchmarks/quality_terms.py --po /tmp/bc/one.po  # an already merged PO file
    python benchmarks/quality_terms.py --report sw.json --po /tmp/bc/one.po   # a JSON report of that file
    python benchmarks/quality_terms.py --po /tmp/bc/one.po --draw > sample.tsv  # the sample to label

``--report`` reads a report written by ``termalign check -g software PO -f json``; the PO file is still needed
to find each finding's entry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, log, markdown_table

LABELS = REPO_ROOT / "benchmarks" / "data" / "mo_labels_terms.tsv"
CODES = ("missing-term", "untranslated-term")
SEED = 20261121
SAMPLE = 100


@dataclass(frozen=True)
class Flagged:
    """One finding of a checked code with its entry: the label key, the flagged text and the entry's strings."""

    code: str
    key: str
    text: str
    msgid: str
    msgstr: str
    message: str


def entry_hash(key: str) -> str:
    """A stable 16-hex-digit hash of an entry's ``msgctxt``+``msgid`` key (``ctxt\\x04msgid`` or ``msgid``)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def flagged(po: Path, report: Path | None = None) -> list[Flagged]:
    """The findings of :data:`CODES` in report order, each with its entry: from ``report`` (a JSON report of
    ``po``) or from a fresh in-process run of every check with the ``software`` glossary."""
    from termalign.checks.inputs import PoInput
    from termalign.checks.runner import run_checks
    from termalign.glossary import load_glossary

    units = {u.line: u for u in PoInput(str(po)).units()}
    if report is not None:
        found = [(f["code"], f["text"], f["message"], f["location"]["line"])
                 for f in json.loads(report.read_text("utf-8"))["findings"]]
    else:
        result = run_checks([PoInput(str(po))], load_glossary("software"))
        found = [(f.code, f.text, f.message, f.location.line) for f in result.findings]
    out = []
    for code, text, message, line in found:
        if code not in CODES:
            continue
        unit = units[line]
        out.append(Flagged(code, entry_hash(unit.key), text, unit.source or "", unit.text, message))
    return out


def read_labels(path: Path = LABELS) -> dict[tuple[str, str, str], tuple[str, str]]:
    """``(code, key, text lower-cased) → (verdict, why)`` from a label file (``#`` lines are comments)."""
    out: dict[tuple[str, str, str], tuple[str, str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("code\t"):
            continue
        code, key, text, verdict, why = [*line.split("\t"), "", "", "", ""][:5]
        out[(code, key, text.lower())] = (verdict, why)
    return out


def draw(items: list[Flagged], size: int = SAMPLE, seed: int = SEED) -> list[Flagged]:
    """Per code, ``size`` findings drawn with ``random.Random(seed)`` (all of them when fewer), in report order."""
    out = []
    for code in CODES:
        pool = [f for f in items if f.code == code]
        picked = sorted(random.Random(seed).sample(range(len(pool)), min(size, len(pool))))
        out.extend(pool[k] for k in picked)
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score 95% interval of a proportion ``k/n`` (a sample of 100 is ±0.05 to ±0.10)."""
    if not n:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def table(items: Iterable[Flagged], labels: dict[tuple[str, str, str], tuple[str, str]]) -> str:
    """The Markdown table: per code, findings, labelled true/false, unlabelled, precision with its interval."""
    rows = []
    items = list(items)
    for code in CODES:
        mine = [f for f in items if f.code == code]
        verdicts = [labels.get((code, f.key, f.text.lower()), ("", ""))[0] for f in mine]
        tp, fp = verdicts.count("true"), verdicts.count("false")
        lo, hi = wilson(tp, tp + fp)
        prec = f"{tp / (tp + fp):.2f} ({lo:.2f}–{hi:.2f})" if tp + fp else "–"
        rows.append([code, str(len(mine)), str(tp), str(fp), str(len(mine) - tp - fp), prec])
    return markdown_table(["check", "findings", "labelled true", "labelled false", "unlabelled",
                           "precision (95% CI)"], rows)


def merged_po(folder: Path) -> Path:
    """The merged catalogs of this machine as a PO file in ``folder`` (see :mod:`benchmarks.bench_check`)."""
    from benchmarks.bench_check import merged_entries, mo_files, write_po

    files = mo_files()
    if not files:
        raise SystemExit("no Indonesian .mo catalogs on this machine: give --po")
    path = folder / "merged.po"
    write_po(merged_entries(files), path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--po", type=Path, help="a merged PO file (default: merge this machine's catalogs)")
    parser.add_argument("--report", type=Path, help="a JSON report of --po (default: run the checks here)")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--draw", action="store_true", help="print the seeded sample to label (TSV) instead")
    args = parser.parse_args(argv)
    if args.report is not None and args.po is None:
        parser.error("--report needs --po (the checked file, to find each finding's entry)")
    with tempfile.TemporaryDirectory(prefix="termalign-quality-terms-") as tmp:
        po = args.po or merged_po(Path(tmp))
        log(f"quality_terms: checking {po}")
        items = flagged(po, args.report)
    if args.draw:
        labels = read_labels(args.labels)
        for f in draw(items):
            verdict, why = labels.get((f.code, f.key, f.text.lower()), ("", ""))
            cells = (f.code, f.key, f.text, verdict, why, f.msgid, f.msgstr)
            print("\t".join(c.replace("\t", "\\t").replace("\n", "\\n") for c in cells))
        return 0
    print(table(items, read_labels(args.labels)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
