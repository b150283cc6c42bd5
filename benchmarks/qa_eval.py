"""Terminology QA on translations it was not tuned on: seeded damage, both directions, dev and test splits.

The texts in ``benchmarks/data/qa_eval/`` are written for termalign (one sentence a line, line i of the
English file translates line i of the Indonesian file). ``dev/`` is what checks may be developed against;
``test/`` is only reported on: nobody tunes a rule, a word list or a threshold by looking at its findings.

For each split and direction (English→Indonesian: the Indonesian file is the target; Indonesian→English: the
English file is the target) the script

1. checks the clean pair and counts findings: false ``garbled-term``/``glued-words`` findings per 1,000
   segments and false error-level findings per 1,000 segments (the texts are clean, so every one is false);
2. makes damaged copies of the target, one damage a copy, chosen by a seeded random generator from the kinds a
   broken pipeline or a careless translator leaves (see :data:`KINDS`), checks each copy against the source
   and counts the damage found *at the right place with the right code* and, where the kind has one, *with a
   suggestion that gives the undamaged text back* when applied to the finding's span.

Run: ``python benchmarks/qa_eval.py [--split dev|test|all] [--per-kind N] [--seed S] [--json FILE]``.
It only reads the shipped medical glossary and the texts; the figures go to stdout as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "qa_eval"
ERROR_CODES_CLEAN = ("garbled-term", "glued-words")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Damage:
    """One injected fault: the damaged line, where the damage is, what a right finding says."""

    kind: str
    line: int  # 1-based line of the target file
    damaged: str  # the whole damaged line
    start: int
    end: int  # damaged[start:end] is the damaged text
    code: str  # the code a right finding carries
    original: str  # the undamaged line: a right suggestion applied to [start:end] gives it back
    suggestion_required: bool = True
    merged_next: bool = False  # the damage joined line ``line`` with the next one (glued across a full stop)


@dataclass
class Tally:
    """Counts for one split and direction."""

    injected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    suggested: Counter[str] = field(default_factory=Counter)
    with_suggestion: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ the damage


def _terms_in(line: str, forms: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    low = line.lower()
    for form in sorted(set(forms), key=len, reverse=True):
        f = form.lower()
        for m in re.finditer(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", low):
            yield m.start(), m.end(), line[m.start():m.end()]


def _cased(model: str, text: str) -> str:
    """``text`` with the capital of ``model`` where ``model`` starts with one (a term at a sentence start)."""
    return text[:1].upper() + text[1:] if model[:1].isupper() and text[:1].islower() else text


def _garble(word: str, rng: random.Random) -> str | None:
    """A damaged spelling of ``word``: a transposition, a dropped, doubled or cut-off letter."""
    if len(word) < 5 or not word.isalpha():
        return None
    how = rng.choice(("swap", "drop", "double", "cut"))
    i = rng.randrange(1, len(word) - 2)
    if how == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "drop":
        return word[:i] + word[i + 1:]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    if how == "cut" and len(word) >= 7:
        return word[:-rng.choice((1, 2))]
    return word[:i] + word[i + 1:]


class Injector:
    """Makes :class:`Damage` of each kind on one aligned document (``src``/``tgt`` lines, target language)."""

    def __init__(self, src: list[str], tgt: list[str], target_lang: str, entries: Sequence[object]) -> None:
        self.src, self.tgt, self.lang = src, tgt, target_lang
        self.entries = entries
        # (line, start, end, text, entry) for every glossary term of the target side whose source term is in the
        # aligned source line: the places where the glossary expects something.
        self.slots: list[tuple[int, int, int, str, object]] = []
        for i, (s, t) in enumerate(zip(src, tgt, strict=True)):
            for e in entries:
                src_forms, tgt_forms = self._sides(e)
                if not any(True for _ in _terms_in(s, src_forms)):
                    continue
                for a, b, text in _terms_in(t, tgt_forms):
                    self.slots.append((i, a, b, text, e))

    def _sides(self, e: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
        sources: tuple[str, ...] = e.sources  # type: ignore[attr-defined]
        targets: tuple[str, ...] = e.targets  # type: ignore[attr-defined]
        return (sources, targets) if self.lang == "id" else (targets, sources)

    def garbled(self, rng: random.Random) -> Damage | None:
        words = [(i, a, b, text) for i, a, b, text, _ in self.slots if " " not in text and "-" not in text]
        if not words:
            return None
        i, a, b, text = rng.choice(words)
        bad = _garble(text, rng)
        if bad is None or bad.lower() == text.lower():
            return None
        line = self.tgt[i]
        return Damage("garbled", i + 1, line[:a] + bad + line[b:], a, a + len(bad), "garbled-term", line)

    def glued(self, rng: random.Random) -> Damage | None:
        i = rng.randrange(len(self.tgt))
        line = self.tgt[i]
        spaces = [m.start() for m in re.finditer(r"(?<=[^\W\d_]{3}) (?=[^\W\d_]{3})", line)]
        if not spaces:
            return None
        k = rng.choice(spaces)
        left = WORD.search(line[:k][::-1])
        right = WORD.match(line, k + 1)
        if left is None or right is None:
            return None
        a, b = k - left.end(), right.end()
        damaged = line[:k] + line[k + 1:]
        return Damage("glued", i + 1, damaged, a, b - 1, "glued-words", line)

    def glued_sentence(self, rng: random.Random) -> Damage | None:
        """Two sentences joined with the space after the full stop lost ("tangan.Ilmuwan") or the stop and the
        space both lost ("withdrawalThey"), as a broken pipeline joins lines."""
        i = rng.randrange(len(self.tgt) - 1)
        first, second = self.tgt[i], self.tgt[i + 1]
        if not first.endswith(".") or not second[:1].isupper():
            return None
        keep_stop = rng.random() < 0.5
        head = first if keep_stop else first[:-1]
        damaged = head + second
        original = first + " " + second
        left = WORD.search(head[::-1])
        right = WORD.match(second)
        if left is None or right is None or left.start() > 1:
            return None
        a = len(head) - left.end()
        b = len(head) + right.end()
        kind = "glued-stop" if keep_stop else "glued-capital"
        return Damage(kind, i + 1, damaged, a, b, "glued-words", original, merged_next=True)

    def untranslated(self, rng: random.Random) -> Damage | None:
        choices = []
        for i, a, b, _text, e in self.slots:
            src_forms, _ = self._sides(e)
            if e.do_not_translate:  # type: ignore[attr-defined]
                continue
            hits = list(_terms_in(self.src[i], src_forms))
            if hits and hits[0][2].lower() not in (t.lower() for t in self._sides(e)[1]):
                choices.append((i, a, b, hits[0][2]))
        if not choices:
            return None
        i, a, b, foreign = rng.choice(choices)
        line = self.tgt[i]
        foreign = _cased(line[a:b], foreign)
        return Damage("untranslated", i + 1, line[:a] + foreign + line[b:], a, a + len(foreign),
                      "untranslated-term", line)

    def missing(self, rng: random.Random) -> Damage | None:
        """The expected term replaced by a general word that is not one of its translations."""
        filler = "hal itu" if self.lang == "id" else "that thing"
        if not self.slots:
            return None
        i, a, b, _text, _e = rng.choice(self.slots)
        line = self.tgt[i]
        filler = _cased(line[a:b], filler)
        return Damage("missing", i + 1, line[:a] + filler + line[b:], a, a + len(filler), "missing-term", line,
                      suggestion_required=False)

    def forbidden(self, rng: random.Random) -> Damage | None:
        if self.lang != "id":
            return None
        choices = []
        for i, a, b, text, e in self.slots:
            bad = [f for f in e.forbidden  # type: ignore[attr-defined]
                   if f.lower() not in (s.lower() for s in e.sources)]  # type: ignore[attr-defined]
            if bad and text.lower() == e.target.lower():  # type: ignore[attr-defined]
                choices.append((i, a, b, rng.choice(bad)))
        if not choices:
            return None
        i, a, b, bad_form = rng.choice(choices)
        line = self.tgt[i]
        bad_form = _cased(line[a:b], bad_form)
        return Damage("forbidden", i + 1, line[:a] + bad_form + line[b:], a, a + len(bad_form), "forbidden-term",
                      line)


KINDS: dict[str, Callable[[Injector, random.Random], Damage | None]] = {
    "garbled": Injector.garbled,
    "glued": Injector.glued,
    "glued-sentence": Injector.glued_sentence,
    "untranslated": Injector.untranslated,
    "missing": Injector.missing,
    "forbidden": Injector.forbidden,
}


# ------------------------------------------------------------------------------------------ the checking


def _check(src_text: str, tgt_text: str, source_lang: str, target_lang: str, glossary: object) -> list[object]:
    from termalign.checks import check
    from termalign.checks.inputs import PairInput

    pair = PairInput(source_text=src_text, target_text=tgt_text, source_name="src", target_name="tgt",
                     source_lang=source_lang, target_lang=target_lang)
    return list(check(pair, glossary))


def _apply(line: str, start: int, end: int, suggestion: str) -> str:
    return line[:start] + suggestion + line[end:]


def evaluate_damage(d: Damage, src: list[str], tgt: list[str], source_lang: str, target_lang: str,
                    glossary: object) -> tuple[bool, bool | None, str]:
    """(found at the right place with the right code, suggestion right (None: kind needs none), what was seen)."""
    lines = list(tgt)
    lines[d.line - 1] = d.damaged
    if d.merged_next:
        del lines[d.line]
    findings = _check("\n".join(src) + "\n", "\n".join(lines) + "\n", source_lang, target_lang, glossary)
    seen = []
    for f in findings:
        loc = f.location  # type: ignore[attr-defined]
        if f.lang != target_lang:  # type: ignore[attr-defined]
            continue
        seen.append(f"{f.code}@{loc.line}:{f.text!r}->{f.suggestion!r}")  # type: ignore[attr-defined]
        if f.code != d.code or loc.line != d.line:  # type: ignore[attr-defined]
            continue
        if loc.start is not None and loc.end is not None and not (loc.start < d.end and d.start < loc.end):
            continue
        if not d.suggestion_required:
            return True, None, ""
        suggestion = f.suggestion  # type: ignore[attr-defined]
        right = (suggestion is not None and loc.start is not None
                 and _apply(d.damaged, loc.start, loc.end, suggestion) == d.original)
        return True, right, ""
    return False, (None if not d.suggestion_required else False), "; ".join(seen[:4])


def documents(split: str) -> Iterator[tuple[str, list[str], list[str]]]:
    for en in sorted((DATA / split).glob("*.en.txt")):
        idp = en.with_name(en.name.replace(".en.txt", ".id.txt"))
        e = en.read_text(encoding="utf-8").splitlines()
        i = idp.read_text(encoding="utf-8").splitlines()
        if len(e) != len(i):
            raise SystemExit(f"{en.name}: {len(e)} lines but {idp.name} has {len(i)}")
        yield en.name.removesuffix(".en.txt"), e, i


def run(split: str, per_kind: int, seed: int) -> dict[str, object]:
    import termalign

    glossary = termalign.load_glossary("medical")
    out: dict[str, object] = {}
    for direction, (source_lang, target_lang) in (("en→id", ("en", "id")), ("id→en", ("id", "en"))):
        tally = Tally()
        segments = 0
        clean_false: Counter[str] = Counter()
        for name, en, idl in documents(split):
            src, tgt = (en, idl) if source_lang == "en" else (idl, en)
            segments += len(tgt)
            for f in _check("\n".join(src) + "\n", "\n".join(tgt) + "\n", source_lang, target_lang, glossary):
                sev = str(getattr(f.severity, "value", f.severity))  # type: ignore[attr-defined]
                if f.code in ERROR_CODES_CLEAN:  # type: ignore[attr-defined]
                    clean_false["garbled/glued"] += 1
                if sev == "error":
                    clean_false["error"] += 1
                clean_false["all"] += 1
            injector = Injector(src, tgt, target_lang, glossary.entries)
            rng = random.Random(f"{seed}:{split}:{direction}:{name}")
            for kind, make in KINDS.items():
                made, tries, used = 0, 0, set()
                while made < per_kind and tries < per_kind * 20:
                    tries += 1
                    d = make(injector, rng)
                    if d is None or (d.line, d.damaged) in used:
                        continue
                    used.add((d.line, d.damaged))
                    made += 1
                    tally.injected[kind] += 1
                    found, right, seen = evaluate_damage(d, src, tgt, source_lang, target_lang, glossary)
                    if found:
                        tally.found[kind] += 1
                    if d.suggestion_required:
                        tally.with_suggestion[kind] += 1
                        if right:
                            tally.suggested[kind] += 1
                    if not found or (d.suggestion_required and not right):
                        tally.misses.append(f"{direction} {name}:{d.line} {kind} "
                                            f"{d.damaged[d.start:d.end]!r} found={found} seen: {seen}")
        out[direction] = {
            "segments": segments,
            "clean": dict(clean_false),
            "injected": dict(tally.injected),
            "found": dict(tally.found),
            "with_suggestion": dict(tally.with_suggestion),
            "suggested": dict(tally.suggested),
            "misses": tally.misses,
        }
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}% ({a}/{b})" if b else "–"


def markdown(split: str, result: dict[str, object]) -> str:
    rows = [f"### {split} split", "",
            "| direction | segments | false garbled/glued per 1,000 | false errors per 1,000 | damage found "
            "(right place, right code) | right suggestion |",
            "|---|---|---|---|---|---|"]
    for direction, r in result.items():
        assert isinstance(r, dict)
        seg = r["segments"]
        clean = r["clean"]
        inj, found = sum(r["injected"].values()), sum(r["found"].values())
        ws, sug = sum(r["with_suggestion"].values()), sum(r["suggested"].values())
        rows.append(f"| {direction} | {seg} | {1000 * clean.get('garbled/glued', 0) / seg:.1f} | "
                    f"{1000 * clean.get('error', 0) / seg:.1f} | {_pct(found, inj)} | {_pct(sug, ws)} |")
    rows += ["", "| direction | kind | found | right suggestion |", "|---|---|---|---|"]
    for direction, r in result.items():
        assert isinstance(r, dict)
        for kind in KINDS:
            n = r["injected"].get(kind, 0)
            if n:
                rows.append(f"| {direction} | {kind} | {_pct(r['found'].get(kind, 0), n)} | "
                            f"{_pct(r['suggested'].get(kind, 0), r['with_suggestion'].get(kind, 0))} |")
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--per-kind", type=int, default=10, help="damaged copies per kind and document")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", help="write the full result (misses included) to this file")
    parser.add_argument("--misses", action="store_true", help="print every miss (dev split only)")
    args = parser.parse_args(argv)
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    full: dict[str, object] = {}
    for split in splits:
        result = run(split, args.per_kind, args.seed)
        full[split] = result
        sys.stdout.write(markdown(split, result) + "\n")
        if args.misses and split == "dev":
            for r in result.values():
                assert isinstance(r, dict)
                for line in r["misses"]:
                    sys.stdout.write(f"- {line}\n")
    if args.json:
        Path(args.json).write_text(json.dumps(full, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


__all__ = ["KINDS", "Damage", "Injector", "evaluate_damage", "main", "run"]

if __name__ == "__main__":
    raise SystemExit(main())
