"""Fit and check the calibration of termalign's bead scores and parallel verdict (``termalign.aligner.calibration``).

Data: :mod:`benchmarks.calibration_data` (TED test sets cut into documents of 5, 12 and 40 line pairs; each
natural, with injected omissions/merges/splits, and against an unrelated document). ``dev`` (tst2010,
tst2011) is fitted on; ``test`` (tst2013, tst2014) is only reported on, as are the seed pages when present
(000↔002 is a translation; 001, 003 and 004 against 002 are not).

    python benchmarks/calibrate.py            # fit on dev, report dev and test (nothing written)
    python benchmarks/calibrate.py --write    # also write the fitted weights into termalign/aligner/calibration.py

Reports expected calibration error (10 equal-width bins), AUROC of right against wrong beads, a reliability
table, and the verdict's acceptance of translations and refusal of unrelated pairs.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.calibration_data import Case, cases  # noqa: E402
from termalign.aligner import calibration as cal  # noqa: E402
from termalign.aligner.anchors import Featurizer, add_fuzzy_keys, fuzzy_cognate_keys  # noqa: E402
from termalign.model import Alignment  # noqa: E402

SIZES = (5, 12, 40)
L2 = 1e-2


@dataclass
class Sample:
    """One aligned case, with what the models read."""

    case: Case
    alignment: Alignment
    evidence: dict[int, cal.Evidence]
    doc: list[float]


def featurize(alignment: Alignment) -> tuple[list, list]:  # type: ignore[type-arg]
    from termalign.aligner.lexicon import load_default

    lexicon = load_default()
    fs = [Featurizer(alignment.source_lang, "source", lexicon).features(s.text) for s in alignment.source]
    ft = [Featurizer(alignment.target_lang, "target", lexicon).features(s.text) for s in alignment.target]
    folds_s = {k[1:] for f in fs for tok in f.tokens for k in tok.keys if k[0] == "~"}
    folds_t = {k[1:] for f in ft for tok in f.tokens for k in tok.keys if k[0] == "~"}
    return add_fuzzy_keys(fs, fuzzy_cognate_keys(folds_s, folds_t)), ft


def sample(case: Case) -> Sample:
    from termalign.aligner import align_segments

    alignment = align_segments(case.source, case.target, calibrated=False)
    fs, ft = featurize(alignment)
    evidence = cal.linked_evidence(alignment, fs, ft)
    return Sample(case, alignment, evidence, cal.document_features(alignment, evidence))


def collect(split: str, cache: Path | None = None) -> list[Sample]:
    """The samples of ``split`` (aligned afresh, or read from ``cache`` when it exists; then written to it)."""
    import pickle

    path = cache.with_suffix(f".{split}.pickle") if cache else None
    if path is not None and path.exists():
        with path.open("rb") as f:
            loaded: list[Sample] = pickle.load(f)
        for s in loaded:  # the features may have changed since the cache was written
            s.doc = cal.document_features(s.alignment, s.evidence)
        return loaded
    out = [sample(case) for size in SIZES for case in cases(split, size)]
    if path is not None:
        with path.open("wb") as f:
            pickle.dump(out, f)
    return out


# ------------------------------------------------------------------------------------------ fitting


def fit_logistic(xs: Sequence[Sequence[float]], ys: Sequence[int], l2: float = L2, iters: int = 50) -> list[float]:
    """L2-regularised logistic regression by Newton's method (the bias, feature 0, is not penalised)."""
    d = len(xs[0])
    w = [0.0] * d
    for _ in range(iters):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys, strict=True):
            p = cal._sigmoid(cal._dot(w, x))
            r = p - y
            s = p * (1 - p)
            for i in range(d):
                grad[i] += r * x[i]
                xi = s * x[i]
                row = hess[i]
                for j in range(d):
                    row[j] += xi * x[j]
        n = len(xs)
        for i in range(1, d):
            grad[i] += l2 * n * w[i]
            hess[i][i] += l2 * n
        for i in range(d):
            hess[i][i] += 1e-9
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [[*row[:], b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def bead_rows(samples: Iterable[Sample], doc_w: Sequence[float]) -> tuple[list[list[float]], list[int], list[str]]:
    xs, ys, kinds = [], [], []
    for s in samples:
        logit = cal._dot(doc_w, s.doc)
        for k, b in enumerate(s.alignment.beads):
            xs.append(cal.bead_features(b, s.evidence.get(k), logit))
            ys.append(int((tuple(b.source_index), tuple(b.target_index)) in s.case.gold))
            kinds.append(s.case.kind)
    return xs, ys, kinds


# ------------------------------------------------------------------------------------------ measures


def ece(ps: Sequence[float], ys: Sequence[int], bins: int = 10) -> float:
    total = 0.0
    for b in range(bins):
        idx = [i for i, p in enumerate(ps) if min(int(p * bins), bins - 1) == b]
        if idx:
            conf = sum(ps[i] for i in idx) / len(idx)
            acc = sum(ys[i] for i in idx) / len(idx)
            total += len(idx) / len(ps) * abs(conf - acc)
    return total


def reliability(ps: Sequence[float], ys: Sequence[int], bins: int = 10) -> list[tuple[str, int, float, float]]:
    rows = []
    for b in range(bins):
        idx = [i for i, p in enumerate(ps) if min(int(p * bins), bins - 1) == b]
        if idx:
            rows.append((f"{b / bins:.1f}–{(b + 1) / bins:.1f}", len(idx), sum(ps[i] for i in idx) / len(idx),
                         sum(ys[i] for i in idx) / len(idx)))
    return rows


def auroc(ps: Sequence[float], ys: Sequence[int]) -> float:
    pairs = sorted(zip(ps, ys, strict=True))
    n1 = sum(ys)
    n0 = len(ys) - n1
    if not n1 or not n0:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (i + j + 1) / 2 * sum(y for _, y in pairs[i:j])
        i = j
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def seeds() -> str:
    """The seed pages: 000↔002 is a translation; 001, 003 and 004 against 002 are not (seen while designing)."""
    folder = ROOT.parent / "shared" / "seeds"
    files = {p.name[:3]: p for p in folder.glob("0*.txt")}
    if "002" not in files:
        return "Seed pages not found: skipped.\n"
    from termalign.pipeline import align

    target = files["002"].read_text(encoding="utf-8")
    lines = ["### seed pages", "", "| pair | translation? | parallel_score | verdict | linked beads "
             "| mean score of linked beads |", "|---|---|---|---|---|---|"]
    for key, parallel in (("000", True), ("001", False), ("003", False), ("004", False)):
        if key in files:
            a = align(files[key].read_text(encoding="utf-8"), target)
            linked = [b.score for b in a.beads if b.linked]
            lines.append(f"| {key}↔002 | {'yes' if parallel else 'no'} | {a.parallel_score:.3f} | "
                         f"{'parallel' if a.is_parallel else 'not parallel'} | {len(linked)} | "
                         f"{sum(linked) / len(linked) if linked else 0:.2f} |")
    return "\n".join(lines) + "\n"


def _verdict(s: Sample, doc_w: Sequence[float]) -> bool:
    return cal.verdict(cal._sigmoid(cal._dot(doc_w, s.doc)), len(s.alignment.source), len(s.alignment.target))


def report(name: str, samples: list[Sample], doc_w: Sequence[float], bead_w: Sequence[float]) -> str:
    lines = [f"### {name}", ""]
    xs, ys, kinds = bead_rows(samples, doc_w)
    raw = [s_b.score for s in samples for s_b in s.alignment.beads]
    calibrated = [cal._sigmoid(cal._dot(bead_w, x)) for x in xs]
    lines.append("| beads | n | accuracy | ECE raw | ECE calibrated | AUROC raw | AUROC calibrated |")
    lines.append("|---|---|---|---|---|---|---|")
    for kind in ("natural", "noisy", "unrelated", None):
        idx = [i for i, k in enumerate(kinds) if kind is None or k == kind]
        p0 = [raw[i] for i in idx]
        p1 = [calibrated[i] for i in idx]
        y = [ys[i] for i in idx]
        lines.append(f"| {kind or 'all'} | {len(idx)} | {sum(y) / len(y):.3f} | {ece(p0, y):.3f} | {ece(p1, y):.3f} "
                     f"| {auroc(p0, y):.3f} | {auroc(p1, y):.3f} |")
    lines += ["", "| bin | beads | mean score | share right |", "|---|---|---|---|"]
    lines += [f"| {b} | {n} | {c:.3f} | {a:.3f} |" for b, n, c, a in reliability(calibrated, ys)]
    lines += ["", "| document size (line pairs) | translations accepted | unrelated pairs refused |", "|---|---|---|"]
    for size in sorted({len(s.case.name) and s.case.size for s in samples}):
        par = [s for s in samples if s.case.size == size and s.case.kind != "unrelated"]
        unr = [s for s in samples if s.case.size == size and s.case.kind == "unrelated"]
        acc = sum(_verdict(s, doc_w) for s in par)
        ref = sum(not _verdict(s, doc_w) for s in unr)
        lines.append(f"| {size} | {acc}/{len(par)} | {ref}/{len(unr)} |")
    lines.append("")
    return "\n".join(lines)


def write_weights(doc_w: Sequence[float], bead_w: Sequence[float]) -> None:
    path = ROOT / "termalign" / "calibration.py"
    text = path.read_text(encoding="utf-8")
    fmt = ", ".join
    for name, weights in (("DOCUMENT_WEIGHTS", doc_w), ("BEAD_WEIGHTS", bead_w)):
        line = f"{name}: tuple[float, ...] = ({fmt(f'{w:.4f}' for w in weights)})"
        text, count = re.subn(rf"^{name}: tuple\[float, \.\.\.\] = .*$", line, text, flags=re.M)
        if count != 1:
            raise SystemExit(f"{path}: no single line defining {name}")
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="write the fitted weights into termalign/aligner/calibration.py")
    parser.add_argument("--cache", type=Path, help="keep the aligned samples in FILE.dev/test.pickle (for re-fitting)")
    args = parser.parse_args(argv)
    dev = collect("dev", args.cache)
    doc_y = [int(s.case.kind != "unrelated") for s in dev]
    doc_w = fit_logistic([s.doc for s in dev], doc_y)
    xs, ys, _ = bead_rows(dev, doc_w)
    bead_w = fit_logistic(xs, ys)
    print("document weights:", [round(w, 4) for w in doc_w], file=sys.stderr)
    print("bead weights:", [round(w, 4) for w in bead_w], file=sys.stderr)
    test = collect("test", args.cache)
    print(report("dev (fitted on)", dev, doc_w, bead_w))
    print(report("test (held out)", test, doc_w, bead_w))
    if args.write:
        write_weights(doc_w, bead_w)
    print(seeds())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
