"""Terminology QA on real software catalogs: precision of each check, and pofilter on the same input.

Two corpora, checked as ``termalign check`` checks them (the ``software`` glossary, the default for catalogs):

* **python-docs-id**: the PO files of the Python documentation's Indonesian translation (snapshot 3.14), one
  half of the documents (:func:`benchmarks.common.pydocs_split`): ``--split dev`` to develop on, ``--split test``
  only to report;
* **mo**: the translated entries of this machine's Indonesian ``.mo`` catalogs, merged and deduplicated
  (:func:`benchmarks.bench_check.merged_entries`).

Precision comes from hand labels (``benchmarks/data/qa_software_labels.tsv``: one row per finding, a reviewer's
verdict after reading the entry): a seeded random sample of ``--sample`` entries per corpus is drawn, and every
error-level finding in those entries is looked up. ``--list-unlabelled`` prints the sampled findings that have no
label yet (to label them); figures are only final when none is left. The table gives, per check, the findings in
the whole corpus, the sampled errors and their verdicts, the precision, and the false errors per 1,000 entries
(false labels / sampled entries). The .mo catalogs' garbled-term precision on all its findings (the labels of
``benchmarks/data/mo_labels.tsv``, :func:`benchmarks.bench_check.precision_sample`) is reported too.

pofilter (translate-toolkit) runs on the same files in the same run: entries it flags, per test.

    python -m benchmarks.qa_software --split dev --list-unlabelled
    python -m benchmarks.qa_software --split test > out.md
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import REPO_ROOT, fmt_int, log, markdown_table, pydocs_catalogs

LABELS = REPO_ROOT / "benchmarks" / "data" / "qa_software_labels.tsv"
VERSION = "3.14"
SEED = 14
CHECKS = ("garbled-term", "glued-words", "untranslated-term", "missing-term", "forbidden-term",
          "inconsistent-term", "wrong-language")


@dataclass
class Corpus:
    """One corpus: its name, the PO files checked, and how a file is named in labels."""

    name: str
    files: list[Path]
    labels_name: dict[str, str]


def _pydocs(split: str, dest: Path) -> Corpus:
    found = pydocs_catalogs(VERSION, dest, split)
    return Corpus(f"python-docs-id {VERSION} {split}", [p for _, p in found], {str(p): n for n, p in found})


def _mo(dest: Path) -> Corpus:
    from benchmarks.bench_check import merged_entries, mo_files, write_po

    path = dest / "mo-merged.po"
    if not path.exists():
        write_po(merged_entries(mo_files()), path)
    return Corpus("mo catalogs", [path], {str(path): "mo"})


def _key(corpus: str, place: str, code: str, text: str) -> str:
    return hashlib.sha1("\x1f".join((corpus, place, code, text)).encode("utf-8")).hexdigest()[:12]


def load_labels(path: Path = LABELS) -> dict[str, tuple[str, str]]:
    """Label key → (verdict, why) from the labels TSV (``key corpus place code text verdict why``)."""
    out: dict[str, tuple[str, str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "key\t")):
            continue
        cells = [*line.split("\t"), "", "", "", "", "", "", ""]
        out[cells[0]] = (cells[5], cells[6])
    return out


def run_termalign(corpus: Corpus) -> tuple[list[tuple[str, object]], list[str]]:
    """Every entry of the corpus (its label place: ``document:line``) and every finding with its place."""
    from termalign.checks.inputs import PoInput
    from termalign.checks.runner import run_checks
    from termalign.glossary import load_glossary

    glossary = load_glossary("software")
    inputs = [PoInput(str(p)) for p in corpus.files]
    places = [f"{_doc(corpus, u.file)}:{u.line}" for p in corpus.files for u in PoInput(str(p)).units()]
    result = run_checks(inputs, glossary)
    findings = [(f"{_doc(corpus, f.location.file)}:{f.location.line}", f) for f in result.findings]
    return findings, places


def _cell(value: str) -> str:
    """A TSV cell: tabs and line ends written as ``\\t``/``\\n``."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _doc(corpus: Corpus, file: str | None) -> str:
    return corpus.labels_name.get(str(file), str(file))


def run_pofilter(corpus: Corpus, work: Path) -> Counter[str] | None:
    """Entries pofilter flags per test on the corpus's files (None when translate-toolkit is not installed)."""
    exe = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    if not Path(exe).exists():
        return None
    source = work / "pofilter-in"
    out = work / "pofilter-out"
    for folder in (source, out):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for k, path in enumerate(corpus.files):
        (source / f"{k:04d}.po").symlink_to(path)
    subprocess.run([exe, "--progress=none", "--language=id", "-i", str(source), "-o", str(out)],
                   check=False, capture_output=True)
    tests: Counter[str] = Counter()
    for po in out.rglob("*.po"):
        for line in po.read_text("utf-8", errors="replace").splitlines():
            if line.startswith("# (pofilter) "):
                tests[line[len("# (pofilter) "):].split(":", 1)[0]] += 1
    return tests


def evaluate(corpus: Corpus, sample: int, labels: dict[str, tuple[str, str]], work: Path, *, pofilter: bool = True
             ) -> tuple[list[list[str]], list[str], Counter[str] | None, int]:
    """Table rows per check, the unlabelled sampled findings (as label-file lines to fill in), pofilter's
    counts, and the number of entries."""
    findings, places = run_termalign(corpus)
    rng = random.Random(f"{SEED}:{corpus.name}")
    chosen = set(rng.sample(places, min(sample, len(places))))
    by_code: Counter[str] = Counter(f.code for _, f in findings)  # type: ignore[attr-defined]
    verdicts: dict[str, Counter[str]] = {code: Counter() for code in CHECKS}
    unlabelled: list[str] = []
    for place, f in findings:
        if place not in chosen or f.severity != "error":  # type: ignore[attr-defined]
            continue
        key = _key(corpus.name, place, f.code, f.text)  # type: ignore[attr-defined]
        verdict = labels.get(key, ("", ""))[0]
        verdicts[f.code][verdict or "unlabelled"] += 1  # type: ignore[attr-defined]
        if not verdict:
            cells = (key, corpus.name, place, f.code, f.text, "", f.message)  # type: ignore[attr-defined]
            unlabelled.append("\t".join(_cell(c) for c in cells))
    rows = []
    n = len(chosen)
    for code in CHECKS:
        v = verdicts[code]
        tp, fp, unl = v["true"], v["false"], v["unlabelled"]
        rows.append([corpus.name, code, fmt_int(by_code[code]), fmt_int(tp + fp + unl), fmt_int(tp), fmt_int(fp),
                     fmt_int(unl), f"{tp / (tp + fp):.2f}" if tp + fp else "–", f"{fp * 1000 / n:.1f}" if n else "–"])
    all_tp = sum(v["true"] for v in verdicts.values())
    all_fp = sum(v["false"] for v in verdicts.values())
    all_unl = sum(v["unlabelled"] for v in verdicts.values())
    rows.append([corpus.name, "**all errors**", fmt_int(sum(by_code.values())), fmt_int(all_tp + all_fp + all_unl),
                 fmt_int(all_tp), fmt_int(all_fp), fmt_int(all_unl),
                 f"{all_tp / (all_tp + all_fp):.2f}" if all_tp + all_fp else "–", f"{all_fp * 1000 / n:.1f}"])
    return rows, unlabelled, run_pofilter(corpus, work) if pofilter else Counter(), len(places)


def mo_garbled_precision(corpus: Corpus, work: Path) -> list[list[str]]:
    """garbled-term/glued-words precision on every finding of the .mo corpus (the labels of bench_check)."""
    from benchmarks.bench_check import precision_sample

    report = work / "mo.json"
    subprocess.run([sys.executable, "-m", "termalign", "check", "-g", "software", "-f", "json", "-o", str(report),
                    "--force", "--fail-on", "never", str(corpus.files[0])], check=False, capture_output=True)
    return precision_sample(report)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the Markdown section (or the unlabelled sampled findings with ``--list-unlabelled``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--sample", type=int, default=1000, help="entries sampled per corpus (seeded)")
    parser.add_argument("--list-unlabelled", action="store_true")
    parser.add_argument("--work", default=None, help="a folder for unpacked catalogs (default: a temporary one)")
    args = parser.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="termalign-qa-"))
    work.mkdir(parents=True, exist_ok=True)
    labels = load_labels()
    corpora = [c for c in (_pydocs(args.split, work / "pydocs"), _mo(work)) if c.files]
    rows: list[list[str]] = []
    missing: list[str] = []
    pofilter_lines = []
    for corpus in corpora:
        log(f"checking {corpus.name} ({len(corpus.files)} files)")
        got, unlabelled, tests, entries = evaluate(corpus, args.sample, labels, work,
                                                   pofilter=not args.list_unlabelled)
        rows.extend(got)
        missing.extend(unlabelled)
        if tests is None:
            pofilter_lines.append(f"- {corpus.name}: pofilter not installed")
        else:
            top = ", ".join(f"{t} {n}" for t, n in tests.most_common(8))
            pofilter_lines.append(f"- {corpus.name} ({fmt_int(entries)} entries): pofilter flags "
                                  f"{fmt_int(sum(tests.values()))} (entry, test) pairs: {top}")
    if args.list_unlabelled:
        print("\n".join(missing))
        return 0
    print(markdown_table(["corpus", "check", "findings (all)", "sampled errors", "true", "false", "unlabelled",
                          "precision", "false errors / 1,000 entries"], rows))
    print()
    print("pofilter (translate-toolkit) on the same files, same run:")
    print()
    print("\n".join(pofilter_lines))
    mo = [c for c in corpora if c.name == "mo catalogs"]
    if mo:
        print()
        print("garbled-term / glued-words on every finding of the .mo catalogs (benchmarks/data/mo_labels.tsv):")
        print()
        print(markdown_table(["check", "findings", "true", "false", "unlabelled", "precision",
                              "false / 5,000 entries"], mo_garbled_precision(mo[0], work)))
    if missing:
        log(f"{len(missing)} sampled finding(s) have no label: run with --list-unlabelled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
