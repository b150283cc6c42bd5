"""False alarms on clean professional translations we did not write: the IWSLT17 TED test sets, both directions.

The TED talks' Indonesian subtitles are professional human translations of the English transcripts (line i of
``.en`` ↔ line i of ``.id``; many talks are about health and science). They are clean: every ``garbled-term`` or
``glued-words`` finding on them is false, and nearly every error-level finding is too. This is the clean-text
side of the QA evaluation (``benchmarks/qa_eval.py`` measures recall on injected damage); our own medical texts
were written while the rules were tuned and show no false alarm, so they cannot tell us how the checks behave on
text a stranger wrote.

Splits (fixed, by archive): **dev** = tst2010 + tst2011 (look at the findings, develop against them), **test** =
tst2013 + tst2014 (only report; nobody reads its findings to tune a rule or a word list).

For each split, direction (en→id: the Indonesian side is the target; id→en: the English side), glossary and mode,
the script counts findings per check per 1,000 segments:

* glossaries: ``medical`` (the shipped one, 867 entries) and ``medical+software`` (both shipped glossaries merged,
  about 1,090 entries): a third-party glossary has hundreds of entries, and a small glossary hides false alarms
  (fewer terms to mistake a word for);
* modes: ``pair`` (one unit per aligned line, the source beside it, the glossary oriented to the direction as
  ``termalign check --source … --target …`` does) and ``text`` (the target side alone, as ``termalign check
  --lang``).

A clean professional translation still has a few real faults (a space lost after a comma, a KBBI non-standard
spelling the glossary forbids, an English word left in). Hand labels in ``benchmarks/data/qa_clean_labels.tsv``
(``key verdict why``; the key is a SHA-1 prefix of ``set:line:code:text``, so no TED text is stored) mark the
findings a reviewer would fix as ``true``; every other garbled/glued or error-level finding counts as false
(unlabelled ones too). ``--show`` prints them with their keys and verdicts (dev only; the test findings are
labelled, never used to change a rule).

The archives are read in memory at run time (:func:`benchmarks.common.load_ted`); no TED text is written
anywhere.

    python benchmarks/qa_clean.py --split dev --show
    python benchmarks/qa_clean.py --split test
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import load_ted, log, markdown_table
from termalign.checks.base import Unit

SPLITS: dict[str, tuple[str, ...]] = {"dev": ("tst2010", "tst2011"), "test": ("tst2013", "tst2014")}
DIRECTIONS: tuple[tuple[str, str, str], ...] = (("en→id", "en", "id"), ("id→en", "id", "en"))
GLOSSARIES: dict[str, tuple[str, ...]] = {"medical": ("medical",), "medical+software": ("medical", "software")}
MODES = ("pair", "text")
#: Codes that are always false on clean text.
NEVER_ON_CLEAN = ("garbled-term", "glued-words")


LABELS = Path(__file__).resolve().parent / "data" / "qa_clean_labels.tsv"


@dataclass
class Run:
    """The findings of one split × direction × glossary × mode (``true``: labelled real faults)."""

    segments: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    true: Counter[str] = field(default_factory=Counter)
    shown: list[str] = field(default_factory=list)


def label_key(file: str, line: int, code: str, text: str) -> str:
    """The label key of a finding: no TED text in the labels file, only this digest."""
    return hashlib.sha1(f"{file}:{line}:{code}:{text}".encode()).hexdigest()[:12]


def load_labels(path: Path = LABELS) -> dict[str, str]:
    """Key → verdict (``true``/``false``) of the labels file."""
    out: dict[str, str] = {}
    if path.is_file():
        for row in path.read_text("utf-8").splitlines():
            if row.strip() and not row.startswith(("#", "key\t")):
                key, verdict, *_ = row.split("\t")
                out[key] = verdict
    return out


def units(split: str, source_lang: str, target_lang: str, mode: str) -> Iterator[Unit]:
    """The check units of ``split`` in one direction: a line pair per unit (``pair``) or the target line alone
    (``text``); blank lines are skipped. File names are ``tstYYYY.LANG`` so findings say where they are."""
    wanted = SPLITS[split]
    docs = [d for d in load_ted() if d.name in wanted]
    if {d.name for d in docs} != set(wanted):
        raise SystemExit(f"TED archives {', '.join(wanted)} not found (set TERMALIGN_TED_DIR)")
    for doc in docs:
        sides = {"en": doc.source, "id": doc.target}
        name = f"{doc.name}.{target_lang}"
        for number, (src, tgt) in enumerate(zip(sides[source_lang], sides[target_lang], strict=True), start=1):
            if not tgt.strip():
                continue
            if mode == "pair":
                yield Unit(text=tgt, lang=target_lang, source=src or None, source_lang=source_lang, file=name,
                           line=number, entry=f"line {number}", key=f"{src}\x04{tgt}", group=name,
                           source_line=number)
            else:
                yield Unit(text=tgt, lang=target_lang, file=name, line=number, key=tgt, group=name)


def measure(split: str, show: str = "") -> dict[str, Run]:
    """Every run of ``split``, keyed ``direction/glossary/mode``; ``show`` = ``all`` keeps a line per
    garbled/glued or error-level finding in :attr:`Run.shown`, ``unlabelled`` those with no label only."""
    from termalign.checks import resolve_glossary, run_checks
    from termalign.glossary import orient_glossary

    labels = load_labels()
    out: dict[str, Run] = {}
    for gname, parts in GLOSSARIES.items():
        glossary = resolve_glossary(list(parts))
        for direction, source_lang, target_lang in DIRECTIONS:
            oriented = orient_glossary(glossary, source_lang, target_lang)
            for mode in MODES:
                key = f"{direction}/{gname}/{mode}"
                log(f"{split} {key}")
                run = out[key] = Run()
                batch = list(units(split, source_lang, target_lang, mode))
                run.segments = len(batch)
                for f in run_checks(batch, oriented).findings:
                    if f.lang != target_lang:
                        continue
                    run.by_code[f.code] += 1
                    severity = str(getattr(f.severity, "value", f.severity))
                    if severity == "error":
                        run.errors[f.code] += 1
                    if severity != "error" and f.code not in NEVER_ON_CLEAN:
                        continue
                    loc = f.location
                    lkey = label_key(str(loc.file), loc.line or 0, f.code, f.text)
                    verdict = labels.get(lkey, "unlabelled")
                    if verdict == "true":
                        run.true[f.code] += 1
                    if show == "all" or (show == "unlabelled" and verdict == "unlabelled"):
                        run.shown.append(f"{lkey} {verdict} {key} {loc.file}:{loc.line}:{(loc.start or 0) + 1} "
                                         f"{severity} {f.code} {f.text!r} -> {f.suggestion!r} | {f.message}")
    return out


def _rate(n: int, segments: int) -> str:
    return f"{1000 * n / segments:.1f}" if segments else "–"


def markdown(split: str, result: dict[str, Run]) -> str:
    """One table per split: a row per run, the per-1,000 rates of the never-on-clean codes, of errors, and of
    each check's findings (all severities)."""
    codes = sorted({c for r in result.values() for c in r.by_code})
    headers = ["direction / glossary / mode", "segments", "false garbled+glued", "false errors",
               "errors (labelled true)", *(f"{c} (all)" for c in codes)]
    rows = []
    for key, r in result.items():
        never = sum(r.by_code[c] - r.true[c] for c in NEVER_ON_CLEAN)
        errors = sum(r.errors.values())
        true_errors = sum(r.true[c] for c in r.errors)
        rows.append([key, r.segments, _rate(never, r.segments), _rate(errors - true_errors, r.segments),
                     _rate(true_errors, r.segments), *(_rate(r.by_code[c], r.segments) for c in codes)])
    title = (f"### TED {split} ({' + '.join(SPLITS[split])}): findings per 1,000 segments\n\n"
             "false = not labelled a real fault; (all) = every finding of the check, any severity\n\n")
    return title + markdown_table(headers, rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--show", action="store_true", help="print every error-level or garbled/glued finding "
                        "(dev only: the test split is only reported)")
    parser.add_argument("--list-unlabelled", action="store_true",
                        help="print the garbled/glued and error-level findings that have no label yet (any split: "
                        "to label them as true or false, not to change a rule)")
    parser.add_argument("--json", help="write the counts to this file")
    args = parser.parse_args(argv)
    if args.show and args.split != "dev":
        parser.error("--show is for the dev split only (the test split is only reported)")
    show = "all" if args.show else "unlabelled" if args.list_unlabelled else ""
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    full: dict[str, object] = {}
    for split in splits:
        result = measure(split, show=show)
        sys.stdout.write(markdown(split, result) + "\n")
        for r in result.values():
            for line in r.shown:
                sys.stdout.write(f"- {line}\n")
        full[split] = {k: {"segments": r.segments, "by_code": dict(r.by_code), "errors": dict(r.errors),
                           "true": dict(r.true)}
                       for k, r in result.items()}
    if args.json:
        Path(args.json).write_text(json.dumps(full, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
