"""Do drafted term pairs agree with the QA checks? Damaged forms listed with and without findings.

Two measures (issue 15, item 1):

* **Seeds** (``../shared/seeds``, skipped when absent): seed 000 (machine-translated English) aligned with 002
  (Indonesian) by termalign, terms drafted with no glossary and with ``medical``. A *damaged form* is a pair
  with a known-damaged word on one side (English "flebolith", "pleborlithy", "osificans", "fagocytic",
  "session" from the glued "sessionCalcium"; Indonesian "phlebolith", "respon", "myositis", "distrofi",
  "ossificans" as written by 002): how many are listed, and how many of those carry a finding. Also the rank of
  ``dystrophic calcification → kalsifikasi distrofik`` and recall/precision on the seed gold list of
  ``tests/test_terms_seeds.py`` (all pairs, and the clean pairs alone, what goes into a glossary draft).
* **Seeded damage on our own medical texts** (``benchmarks/data/qa_eval``; ``dev`` was looked at while building,
  ``test`` only to report): each word of 6+ letters of a clean pair's forms, on either side, is damaged once in
  its first line (a transposition or a dropped letter, ``random.Random(SEED)``), one run per damaged word with
  line-aligned beads; counted: damaged words that end up in a listed pair, and those whose pairs all carry a
  finding. The clean texts themselves must give no flagged pair.

Run: ``python benchmarks/quality_term_flags.py [--split dev|test|both]`` (about 3 minutes for both splits).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, log, markdown_table

SEED = 15
QA_EVAL = REPO_ROOT / "benchmarks" / "data" / "qa_eval"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DAMAGED_EN = frozenset({"flebolith", "pleborlithy", "osificans", "fagocytic", "session"})
DAMAGED_ID = frozenset({"phlebolith", "respon", "myositis", "distrofi", "ossificans"})


def _aligned(source: list[str], target: list[str]):  # type: ignore[no-untyped-def]
    from termalign.model import Alignment, Bead, Segment

    return Alignment(tuple(Segment(s, i) for i, s in enumerate(source)),
                     tuple(Segment(t, i) for i, t in enumerate(target)),
                     tuple(Bead((i,), (i,), 1.0) for i in range(len(source))))


def seed_rows() -> list[list[str]]:
    """One row per glossary setting on seeds 000 ↔ 002 (empty when the seeds are absent)."""
    first, second = sorted(SEEDS.glob("000_*.txt")), sorted(SEEDS.glob("002_*.txt"))
    if not first or not second:
        log("seeds not found: skipped")
        return []
    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from test_terms_seeds import SEED_GOLD  # the gold list lives with its test

    from termalign.glossary import load_glossary
    from termalign.pipeline import align
    from termalign.terms import extract_terms
    from termalign.terms.evaluate import evaluate, parse_gold
    from termalign.textio import read_text

    alignment = align(read_text(first[0]), read_text(second[0]))
    gold = parse_gold(SEED_GOLD)
    rows = []
    for label, glossary in (("no glossary", None), ("--glossary medical", load_glossary("medical"))):
        pairs = extract_terms(alignment, glossary=glossary)
        damaged = [p for p in pairs if set(p.source_base.lower().split()) & DAMAGED_EN
                   or set(p.target_base.lower().split()) & DAMAGED_ID]
        flagged = sum(1 for p in damaged if p.findings)
        rank = next((k + 1 for k, p in enumerate(pairs) if (p.source_base, p.target_base)
                     == ("dystrophic calcification", "kalsifikasi distrofik")), None)
        every, clean = evaluate(pairs, gold), evaluate([p for p in pairs if not p.findings], gold)
        rows.append([label, len(pairs), len(damaged), flagged, len(damaged) - flagged, rank or "–",
                     f"{every.recall:.3f} / {every.precision:.3f}", f"{clean.recall:.3f} / {clean.precision:.3f}"])
    return rows


def _damage(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


def damage_rows(names: list[str]) -> list[list[str]]:
    """Seeded damage on the qa_eval texts: one row per text."""
    from termalign.terms import extract_terms

    rng = random.Random(SEED)
    rows = []
    for name in names:
        english = (QA_EVAL / f"{name}.en.txt").read_text("utf-8").splitlines()
        indonesian = (QA_EVAL / f"{name}.id.txt").read_text("utf-8").splitlines()
        clean = extract_terms(_aligned(english, indonesian))
        false_flags = sum(1 for p in clean if p.findings)
        words = sorted({(side, w) for p in clean for side, form in (("en", p.source), ("id", p.target))
                        for w in form.split() if len(w) >= 6 and w.isalpha()})
        injected = listed = flagged = 0
        for side, word in words:
            lines = english if side == "en" else indonesian
            pattern = re.compile(rf"\b{re.escape(word)}\b")
            k = next((k for k, line in enumerate(lines) if pattern.search(line)), None)
            if k is None:
                continue
            bad = _damage(word, rng)
            if bad.lower() == word.lower():
                continue
            changed = list(lines)
            changed[k] = pattern.sub(bad, changed[k], count=1)
            pairs = extract_terms(_aligned(changed, indonesian) if side == "en" else _aligned(english, changed))
            injected += 1
            hit = [p for p in pairs if bad in (p.source if side == "en" else p.target).split()]
            if hit:
                listed += 1
                flagged += all(p.findings for p in hit)
        rows.append([name, len(clean), false_flags, injected, listed, flagged, listed - flagged,
                     f"{flagged / listed:.2f}" if listed else "–"])
        log(f"{name}: {flagged}/{listed} listed damaged forms flagged")
    return rows


def main(split: str = "both") -> str:
    names = {"dev": ["dev/tuberculosis"], "test": ["test/stroke"]}.get(split, ["dev/tuberculosis", "test/stroke"])
    parts = ["### Term pairs and the QA checks (seeds)", "", markdown_table(
        ["run", "pairs", "damaged forms listed", "with findings", "without", "rank of dystrophic calcification",
         "seed gold R / P (all)", "R / P (clean only)"], seed_rows()), "",
        "### Seeded damage on our own medical texts", "", markdown_table(
        ["text", "clean pairs", "flagged on clean text", "damaged words", "listed in a pair", "flagged",
         "not flagged", "share flagged"], damage_rows(names))]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    print(main(parser.parse_args().split))
