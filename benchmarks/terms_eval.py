"""Term drafting on corpora it was not tuned on: recall, precision, a hand-judged sample, poterminology alongside.

Three evaluations, each on a development split (tune here) and a test split (only report it):

* **medical texts** written for termalign (``benchmarks/data/terms_eval/{dev,test}/NAME.{en,id}.txt`` and the
  QA texts of ``benchmarks/data/qa_eval``), line i ↔ line i, each with a gold list ``NAME.gold.tsv`` in
  ``benchmarks/data/terms_eval/SPLIT/``: recall of the gold pairs and precision on the drafted pairs whose
  English side is a gold term (:mod:`termalign.terms.evaluate`);
* **python-docs-id** (``../shared/corpora``, the 3.14 snapshot, split by :func:`benchmarks.common.pydocs_split`):
  each translated entry is one bead (msgid ↔ msgstr) after code, placeholders, quoted literals, options, paths,
  identifiers and keyboard accelerators are taken out as the checks take them out (``termalign.checks.patterns``).
  Gold: the entries of the shipped ``software`` glossary whose English form and an accepted Indonesian form occur
  in the same catalog entry. A seeded random sample of 50 drafted pairs is judged by hand in
  ``benchmarks/data/terms_eval/pydocs_test_judged.tsv`` (english, indonesian, verdict, reason; the dev samples
  used to find the kinds of error are in ``pydocs_dev_judged.tsv``);
* **poterminology** (translate-toolkit) on the same input in the same run: the terms it lists, and the pairs it
  gives a translation for, scored the same way. poterminology gives a translation only for a term that is a
  whole message, so the last column also counts the gold English terms each tool lists with any translation.

Run: ``python benchmarks/terms_eval.py [--split dev|test] [--only medical|pydocs] [--draw] [--seed N]
[--judged FILE]``; ``--speed N``
instead times extraction on N sentence pairs (python-docs-id entries repeated) in a fresh process.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, fmt, log, markdown_table, pydocs_catalogs

if TYPE_CHECKING:
    from termalign.model import Alignment, TermPair
    from termalign.terms.evaluate import GoldPair

DATA = REPO_ROOT / "benchmarks" / "data" / "terms_eval"
QA_TEXTS = REPO_ROOT / "benchmarks" / "data" / "qa_eval"
JUDGED = DATA / "pydocs_test_judged.tsv"  # the sample of this version; pydocs_judged.tsv: seed 20261208, 712ee43
SEED = 5309
SAMPLE = 50
PYDOCS_TMP = Path(tempfile.gettempdir()) / "termalign-terms-eval-pydocs"


# -- inputs --------------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """Sentence pairs in documents: ``docs`` is a list of (name, English lines, Indonesian lines)."""

    name: str
    docs: list[tuple[str, list[str], list[str]]]

    def alignments(self) -> list[Alignment]:
        from termalign.model import Alignment, Bead, Segment

        out: list[Alignment] = []
        for _, src, tgt in self.docs:
            out.append(Alignment(
                tuple(Segment(t, i) for i, t in enumerate(src)),
                tuple(Segment(t, i) for i, t in enumerate(tgt)),
                tuple(Bead((i,), (i,), 1.0) for i in range(len(src))),
            ))
        return out

    @property
    def pairs(self) -> int:
        return sum(len(s) for _, s, _ in self.docs)


_ROLE = re.compile(r":[\w:.+-]+:(?=`)")  # reStructuredText roles before a backquoted name (":func:`os.open`")
_MARKUP = re.compile(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)|\|")


def strip_code(text: str) -> str:
    """``text`` with what is not prose replaced by a comma (so no term runs across it) and keyboard-accelerator
    markers removed, using the checks' patterns: code spans, placeholders, quotes, options, URLs and paths
    (``code_spans``), identifiers and words with digits or underscores, and reStructuredText roles."""
    from termalign.checks.patterns import ACCELERATOR, CODEISH, IDENTIFIER, code_spans

    text = _ROLE.sub(" ", text)
    spans = code_spans(text) + [m.span() for pattern in (IDENTIFIER, CODEISH) for m in pattern.finditer(text)]
    if spans:
        spans.sort()
        pieces, pos = [], 0
        for start, end in spans:
            if start < pos:
                start = pos
            if end <= start:
                continue
            pieces.append(text[pos:start])
            pieces.append(" , ")
            pos = end
        pieces.append(text[pos:])
        text = "".join(pieces)
    text = ACCELERATOR.sub("", text)
    return " ".join(_MARKUP.sub(" ", text).split())


def medical(split: str) -> list[tuple[str, Corpus, Path]]:
    """The medical texts of ``split`` with their gold lists: (name, corpus, gold path)."""
    out = []
    for gold in sorted((DATA / split).glob("*.gold.tsv")):
        name = gold.name.removesuffix(".gold.tsv")
        folder = DATA / split if (DATA / split / f"{name}.en.txt").is_file() else QA_TEXTS / split
        src = (folder / f"{name}.en.txt").read_text("utf-8").splitlines()
        tgt = (folder / f"{name}.id.txt").read_text("utf-8").splitlines()
        out.append((name, Corpus(name, [(name, src, tgt)]), gold))
    return out


def pydocs(split: str) -> Corpus:
    """python-docs-id 3.14, the documents of ``split``: one line pair per translated entry, code stripped."""
    from termalign.checks.inputs import PoInput

    docs = []
    for name, path in pydocs_catalogs("3.14", PYDOCS_TMP, split):
        src, tgt = [], []
        for unit in PoInput(str(path)).units():
            if not unit.source or not unit.text:
                continue
            s, t = strip_code(unit.source), strip_code(unit.text)
            if s and t:
                src.append(s)
                tgt.append(t)
        if src:
            docs.append((name, src, tgt))
    return Corpus(f"python-docs-id 3.14 ({split})", docs)


def pydocs_gold(corpus: Corpus, nouns_only: bool = False) -> list[GoldPair]:
    """The shipped software glossary's entries whose English and an accepted Indonesian form occur together in
    one entry of ``corpus``, as gold pairs (``nouns_only``: the entries whose part of speech is noun)."""
    from termalign.glossary import load_glossary
    from termalign.lang.indonesian import find_term
    from termalign.terms.evaluate import GoldPair, english_key, indonesian_key

    glossary = load_glossary("software")
    wanted = []
    for entry in glossary.entries:
        if nouns_only and entry.pos != "noun":
            continue
        english = [e for e in entry.sources if e.strip()]
        indonesian = [t for t in (entry.target, *entry.target_variants) if t.strip()]
        patterns = [re.compile(r"(?<![\w-])" + re.escape(e).replace(r"\ ", r"\s+") + r"(?:s|es)?(?![\w-])", re.I)
                    for e in english]
        wanted.append((english, indonesian, patterns))
    found: list[GoldPair] = []
    for english, indonesian, patterns in wanted:
        hit = False
        for _, src, tgt in corpus.docs:
            for s, t in zip(src, tgt, strict=True):
                if any(p.search(s) for p in patterns) and any(find_term(t, form) for form in indonesian):
                    hit = True
                    break
            if hit:
                break
        if hit:
            found.append(GoldPair(tuple(english_key(e) for e in english), tuple(indonesian_key(t) for t in indonesian)))
    return found


# -- runs ----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    pairs: int
    recall: str
    precision: str
    seconds: float
    english: str = ""
    missed: str = ""
    wrong: str = ""


def score(label: str, pairs: Sequence[TermPair], gold: Sequence[GoldPair], seconds: float) -> Result:
    from termalign.terms.evaluate import english_key, evaluate

    result = evaluate(pairs, gold)
    listed = {english_key(p.source_base) for p in pairs} | {english_key(p.source) for p in pairs}
    terms = sum(1 for g in gold if listed.intersection(g.english))
    missed = ", ".join(m.english[0] for m in result.missed)
    wrong = ", ".join(f"{p.source_base} → {p.target_base}" for p in result.wrong)
    return Result(label, len(pairs), f"{fmt(result.recall)} ({result.found}/{result.gold})",
                  f"{fmt(result.precision)} ({result.correct}/{result.judged})", seconds,
                  f"{fmt(terms / len(gold) if gold else 0.0)} ({terms}/{len(gold)})", missed, wrong)


def run_termalign(corpus: Corpus) -> tuple[list[TermPair], float]:
    from termalign.terms import extract_terms

    start = time.perf_counter()
    pairs = extract_terms(corpus.alignments())
    return pairs, time.perf_counter() - start


def run_poterminology(corpus: Corpus) -> tuple[list[TermPair], float]:
    """poterminology on the corpus written as PO files (one per document), its terms as term pairs (an empty
    translation when it gives none)."""
    from translate.storage import po

    from termalign.model import TermPair

    exe = shutil.which("poterminology") or str(Path(sys.executable).with_name("poterminology"))
    with tempfile.TemporaryDirectory(prefix="termalign-poterm-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, (_, src, tgt) in enumerate(corpus.docs):
            store = po.pofile()
            seen: set[str] = set()
            for s, t in zip(src, tgt, strict=True):
                if s in seen:
                    continue
                seen.add(s)
                unit = store.addsourceunit(s)
                unit.target = t
                unit.addlocation(f"doc{n}:{len(seen)}")
            (folder / f"doc{n:04d}.po").write_bytes(bytes(store))
        out = Path(tmp) / "terms.po"
        start = time.perf_counter()
        subprocess.run([exe, "--progress=none", "--errorlevel=none", "-i", str(folder), "-o", str(out),
                        "--inputs-needed=1", "--locs-needed=1"], check=True, capture_output=True)
        seconds = time.perf_counter() - start
        pairs: list[TermPair] = []
        for unit in po.pofile(out.read_bytes()).units:
            if unit.isheader() or not unit.source:
                continue
            target = unit.target or ""
            pairs.append(TermPair(source=unit.source, target=target, source_base=unit.source.lower(),
                                  target_base=target.lower(), score=0.0, count=1, beads=()))
    return pairs, seconds


# -- the hand-judged sample ----------------------------------------------------------------------------------


def read_judged(path: Path = JUDGED) -> dict[tuple[str, str], tuple[str, str]]:
    """``(english base, indonesian base) → (verdict, reason)`` from the judged sample."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("english\t"):
            continue
        english, indonesian, verdict, reason = [*line.split("\t"), "", "", ""][:4]
        out[(english, indonesian)] = (verdict, reason)
    return out


def sample(pairs: Sequence[TermPair], size: int = SAMPLE, seed: int = SEED) -> list[TermPair]:
    """``size`` drafted pairs drawn with ``random.Random(seed)``, in list order."""
    picked = sorted(random.Random(seed).sample(range(len(pairs)), min(size, len(pairs))))
    return [pairs[k] for k in picked]


def judged_row(pairs: Sequence[TermPair], path: Path = JUDGED, seed: int = SEED) -> str:
    labels = read_judged(path)
    verdicts = [labels.get((p.source_base, p.target_base), ("", ""))[0] for p in sample(pairs, seed=seed)]
    good, bad = verdicts.count("true"), verdicts.count("false")
    from benchmarks.quality_terms import wilson

    lo, hi = wilson(good, good + bad)
    share = f"{good / (good + bad):.2f} ({lo:.2f}–{hi:.2f})" if good + bad else "–"
    return f"{share}: {good} right, {bad} wrong, {len(verdicts) - good - bad} not judged"


# -- speed ---------------------------------------------------------------------------------------------------


def speed_job(n: int) -> dict[str, float]:
    """Extract terms from ``n`` sentence pairs (python-docs-id dev entries, repeated) in this process."""
    import resource

    from termalign.model import Alignment, Bead, Segment
    from termalign.terms import extract_terms

    corpus = pydocs("dev")
    src = [s for _, d, _ in corpus.docs for s in d]
    tgt = [t for _, _, d in corpus.docs for t in d]
    reps = -(-n // len(src))
    src, tgt = (src * reps)[:n], (tgt * reps)[:n]
    docs = [(src[k : k + 500], tgt[k : k + 500]) for k in range(0, n, 500)]
    alignments = [
        Alignment(tuple(Segment(t, i) for i, t in enumerate(s)), tuple(Segment(t, i) for i, t in enumerate(g)),
                  tuple(Bead((i,), (i,), 1.0) for i in range(len(s))))
        for s, g in docs
    ]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    pairs = extract_terms(alignments)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "seconds": seconds, "peak_mb": peak, "base_mb": base, "pairs": len(pairs)}


# -- main ----------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--only", choices=("medical", "pydocs"))
    parser.add_argument("--draw", action="store_true", help="print the python-docs-id sample to judge (TSV)")
    parser.add_argument("--show", action="store_true", help="list misses and wrong pairs")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of the judged sample (default {SEED})")
    parser.add_argument("--judged", type=Path, default=JUDGED, help="the judged sample's TSV (read; --draw fills "
                        "in the verdicts it already has)")
    parser.add_argument("--speed", type=int, help="time extraction on this many sentence pairs instead")
    args = parser.parse_args(argv)
    if args.speed:
        import json

        print(json.dumps(speed_job(args.speed)))
        return 0
    results: list[Result] = []
    extra: list[str] = []
    if args.only in (None, "medical"):
        from termalign.terms.evaluate import read_gold

        for name, corpus, gold_path in medical(args.split):
            gold = read_gold(gold_path)
            pairs, seconds = run_termalign(corpus)
            results.append(score(f"{name}: termalign", pairs, gold, seconds))
            pairs, seconds = run_poterminology(corpus)
            results.append(score(f"{name}: poterminology", pairs, gold, seconds))
    if args.only in (None, "pydocs"):
        corpus = pydocs(args.split)
        if corpus.docs:
            log(f"terms_eval: {corpus.name}: {len(corpus.docs)} documents, {corpus.pairs} entries")
            gold = pydocs_gold(corpus)
            pairs, seconds = run_termalign(corpus)
            if args.draw:
                labels = read_judged(args.judged)
                flat = [(s, t) for _, src, tgt in corpus.docs for s, t in zip(src, tgt, strict=True)]
                print("english\tindonesian\tverdict\treason\tscore\tcount\texample")
                for p in sample(pairs, seed=args.seed):
                    verdict, reason = labels.get((p.source_base, p.target_base), ("", ""))
                    bead = p.beads[0] if p.beads else None
                    example = " = ".join(flat[bead]).replace("\t", " ")[:300] if bead is not None else ""
                    print(f"{p.source_base}\t{p.target_base}\t{verdict}\t{reason}\t{p.score}\t{p.count}\t{example}")
                return 0
            results.append(score(f"{corpus.name}: termalign", pairs, gold, seconds))
            nouns = pydocs_gold(corpus, nouns_only=True)
            results.append(score(f"{corpus.name}, noun entries only: termalign", pairs, nouns, seconds))
            extra.append(f"Hand-judged sample of {SAMPLE} drafted pairs (seed {args.seed}, {args.judged.name}): "
                         f"{judged_row(pairs, args.judged, args.seed)}.")
            pairs, seconds = run_poterminology(corpus)
            results.append(score(f"{corpus.name}: poterminology", pairs, gold, seconds))
            results.append(score(f"{corpus.name}, noun entries only: poterminology", pairs, nouns, seconds))
        else:
            extra.append("python-docs-id not found: not evaluated.")
    rows = [[r.label, str(r.pairs), r.recall, r.precision, r.english, f"{r.seconds:.1f}"] for r in results]
    print(markdown_table(["corpus: tool", "pairs", "recall", "precision on gold English",
                          "gold English listed (any translation)", "seconds"], rows))
    print()
    for line in extra:
        print(line)
    if args.show:
        for r in results:
            print(f"\n{r.label}\n  missed: {r.missed}\n  wrong: {r.wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
