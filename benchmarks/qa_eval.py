"""Terminology QA on translations it was not tuned on: seeded damage, both directions, dev and test splits.

The texts in ``benchmarks/data/qa_eval/`` are written for termalign (one sentence a line, line i of the
English file translates line i of the Indonesian file; the Indonesian follows KBBI). ``dev/`` (tuberculosis,
dengue) is what checks may be developed against; ``test/`` (stroke, hypertension) is only reported on: nobody
tunes a rule, a word list or a threshold by looking at its findings.

For each split and direction (English→Indonesian: the Indonesian file is the target; Indonesian→English: the
English file is the target) the script

1. checks the clean pair and counts findings: false ``garbled-term``/``glued-words`` findings per 1,000
   segments and false error-level findings per 1,000 segments (the texts are clean, so every one is false);
2. makes damaged copies of the target, one damage a copy, chosen by a seeded random generator from the kinds a
   broken pipeline or a careless translator leaves (:data:`KINDS`: a glossary term's word with two letters
   transposed, a letter dropped or doubled, cut short at the end; two words glued without a capital, a term glued
   to its neighbour, the space after a comma lost, two sentences joined with or without their full stop; the
   English term left in, the term replaced by a general word, a forbidden form; and, as a control that is *not*
   damage, the regular loanword form of the source word), checks each copy against the source and counts the
   damage found *at the right place with the right code* and, where the kind has one, *with a suggestion that
   gives the undamaged text back* when applied to the finding's span; for the loanword control, right is *no*
   garbled-term or glued-words finding there;
3. runs translate-toolkit's ``pofilter`` (default tests) once on a PO file of the same clean and damaged units:
   a damage counts as flagged when its unit fails a test the undamaged unit does not fail (pofilter makes no
   suggestions).

Run: ``python benchmarks/qa_eval.py [--split dev|test|all] [--per-kind N] [--seed S] [--json FILE] [--misses]
[--no-pofilter]``. It only reads the shipped medical glossary and the texts; the figures go to stdout as Markdown.
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

from termalign.checks.known_words import KnownWords
from termalign.lang.spelling import to_indonesian

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
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):  # ties by text: the same damage in every process
        f = form.lower()
        for m in re.finditer(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", low):
            yield m.start(), m.end(), line[m.start():m.end()]


def _cased(model: str, text: str) -> str:
    """``text`` with the capital of ``model`` where ``model`` starts with one (a term at a sentence start)."""
    return text[:1].upper() + text[1:] if model[:1].isupper() and text[:1].islower() else text


def _garble(word: str, rng: random.Random, how: str) -> str | None:
    """A damaged spelling of ``word`` of kind ``how``: ``transposition`` (two neighbouring letters swapped),
    ``drop`` (a letter left out), ``double`` (a letter doubled), ``truncation`` (the last one to three letters
    cut off, four letters or more left). The first letter is never touched."""
    if len(word) < 5 or not word.isalpha():
        return None
    i = rng.randrange(1, len(word) - 1)
    if how == "transposition":
        i = min(i, len(word) - 2)
        if word[i] == word[i + 1]:
            return None
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "drop":
        return word[:i] + word[i + 1:]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    if how == "truncation":
        cut = rng.choice((1, 2, 3))
        return word[:-cut] if len(word) - cut >= 4 else None
    raise ValueError(how)


class Injector:
    """Makes :class:`Damage` of each kind on one aligned document (``src``/``tgt`` lines, target language)."""

    def __init__(self, src: list[str], tgt: list[str], target_lang: str, entries: Sequence[object],
                 known: KnownWords) -> None:
        self.src, self.tgt, self.lang = src, tgt, target_lang
        self.entries = entries
        self.known = known
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

    def garbled(self, rng: random.Random, how: str) -> Damage | None:
        """One word (five letters or more) of a glossary term in the target damaged by ``how`` (see
        :func:`_garble`); a damaged spelling that is itself a word in everyday use ("patient" → "patent") is
        not made: that is a wrong word, not a garble."""
        words = [(i, a + m.start(), a + m.end(), m.group()) for i, a, _b, text, _ in self.slots
                 for m in WORD.finditer(text) if len(m.group()) >= 5 and m.group().isalpha()]
        if not words:
            return None
        i, a, b, text = rng.choice(words)
        bad = _garble(text, rng, how)
        if bad is None or bad.lower() == text.lower() or self.known.is_common(bad.lower(), self.lang):
            return None
        line = self.tgt[i]
        return Damage(how, i + 1, line[:a] + bad + line[b:], a, a + len(bad), "garbled-term", line)

    def glued_term(self, rng: random.Random) -> Damage | None:
        """A glossary term of the target run together with the word before or after it, the term capitalised or
        not ("vaksinDengue", "vaksindengue", "demamberdarah")."""
        if not self.slots:
            return None
        i, a, b, _text, _e = rng.choice(self.slots)
        line = self.tgt[i]
        after = rng.random() < 0.5
        if after:
            m = re.match(r" ([^\W\d_]{2,})", line[b:])
            if m is None:
                return None
            k, end = b, b + m.end()
            right = m.group(1)
            right = right[:1].upper() + right[1:] if rng.random() < 0.5 and right.islower() else right
            damaged = line[:k] + right + line[end:]
            return Damage("glued-term", i + 1, damaged, a, k + len(right), "glued-words", line)
        m = re.search(r"([^\W\d_]{2,}) $", line[:a])
        if m is None:
            return None
        term = line[a:b]
        term = term[:1].upper() + term[1:] if rng.random() < 0.5 and term[:1].islower() else term
        damaged = line[:a - 1] + term + line[b:]
        return Damage("glued-term", i + 1, damaged, m.start(), a - 1 + len(term), "glued-words", line)

    def glued_comma(self, rng: random.Random) -> Damage | None:
        """The space after a comma lost ("demam,keringat")."""
        i = rng.randrange(len(self.tgt))
        line = self.tgt[i]
        commas = [m.start() for m in re.finditer(r"(?<=[^\W\d_]{2}), (?=[^\W\d_]{2})", line)]
        if not commas:
            return None
        k = rng.choice(commas)
        left = WORD.search(line[:k][::-1])
        right = WORD.match(line, k + 2)
        if left is None or right is None or left.start() != 0:
            return None
        damaged = line[:k + 1] + line[k + 2:]
        return Damage("glued-comma", i + 1, damaged, k - left.end(), right.end() - 1, "glued-words", line)

    def loanword(self, rng: random.Random) -> Damage | None:
        """A glossary term of the target replaced by the regular loanword form of its source word, a real
        Indonesian word the glossary does not list ("hipertensi" where only "tekanan darah tinggi" is
        accepted). Not damage: right is *no* garbled-term or glued-words finding there."""
        if self.lang != "id":
            return None
        choices = []
        for i, a, b, text, e in self.slots:
            for src_form in e.sources:  # type: ignore[attr-defined]
                if " " in src_form or not src_form.isalpha():
                    continue
                loan = to_indonesian(src_form.lower())
                accepted = {t.lower() for t in e.targets}  # type: ignore[attr-defined]
                if loan not in accepted and loan != text.lower() and self.known.is_common(loan, "id"):
                    choices.append((i, a, b, loan))
        if not choices:
            return None
        i, a, b, loan = rng.choice(choices)
        line = self.tgt[i]
        loan = _cased(line[a:b], loan)
        return Damage("loanword", i + 1, line[:a] + loan + line[b:], a, a + len(loan), "", line,
                      suggestion_required=False)

    def glued(self, rng: random.Random) -> Damage | None:
        """Two words of a line run together, the second in lower case ("nyeridada", "thesame")."""
        i = rng.randrange(len(self.tgt))
        line = self.tgt[i]
        spaces = [m.start() for m in re.finditer(r"(?<=[^\W\d_]{2}) (?=[a-z]{2})", line)]
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
    "transposition": lambda inj, rng: inj.garbled(rng, "transposition"),
    "drop": lambda inj, rng: inj.garbled(rng, "drop"),
    "double": lambda inj, rng: inj.garbled(rng, "double"),
    "truncation": lambda inj, rng: inj.garbled(rng, "truncation"),
    "glued": Injector.glued,
    "glued-term": Injector.glued_term,
    "glued-comma": Injector.glued_comma,
    "glued-sentence": Injector.glued_sentence,
    "untranslated": Injector.untranslated,
    "missing": Injector.missing,
    "forbidden": Injector.forbidden,
    "loanword": Injector.loanword,
}
#: Kinds that are not damage: right is no garbled-term/glued-words finding at the place (not counted as damage).
NOT_DAMAGE = ("loanword",)


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
    """(found at the right place with the right code, suggestion right (None: kind needs none), what was seen).

    For a kind that is not damage (``d.code`` empty: a loanword form), "found" means that no garbled-term or
    glued-words finding covers the place.
    """
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
        here = loc.line == d.line and (loc.start is None or loc.end is None
                                       or (loc.start < d.end and d.start < loc.end))
        if not d.code:
            if here and f.code in ERROR_CODES_CLEAN:  # type: ignore[attr-defined]
                return False, None, "; ".join(seen[-1:])
            continue
        if f.code != d.code or not here:  # type: ignore[attr-defined]
            continue
        if not d.suggestion_required:
            return True, None, ""
        suggestion = f.suggestion  # type: ignore[attr-defined]
        right = (suggestion is not None and loc.start is not None
                 and _apply(d.damaged, loc.start, loc.end, suggestion) == d.original)
        return True, right, "" if right else f"suggested {f.text!r}->{suggestion!r}"  # type: ignore[attr-defined]
    if not d.code:
        return True, None, ""
    return False, (None if not d.suggestion_required else False), "; ".join(seen[:4])


# ------------------------------------------------------------------------------------------ pofilter


def pofilter_flags(units: list[tuple[str, str, str]]) -> dict[str, set[str]] | None:
    """The pofilter (translate-toolkit) tests failed by each ``(id, source, target)`` unit, run once on a PO
    file of all of them with its default tests (``--language`` set to the target's). None when pofilter is
    not installed."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    if not Path(exe).exists():
        return None

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.po", Path(tmp) / "out.po"
        body = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
        for uid, source, target in units:
            body += [f"msgctxt {quote(uid)}", f"msgid {quote(source)}", f"msgstr {quote(target)}", ""]
        src.write_text("\n".join(body), encoding="utf-8")
        subprocess.run([exe, "--progress=none", "-i", str(src), "-o", str(out)], check=True,
                       capture_output=True)
        flags: dict[str, set[str]] = {}
        if not out.exists():
            return flags
        ctx = None
        tests: set[str] = set()
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.startswith("# (pofilter) "):
                tests.add(line[len("# (pofilter) "):].split(":")[0])
            elif line.startswith("msgctxt "):
                ctx = line[len('msgctxt "'):-1]
                flags[ctx] = tests
                tests = set()
        return flags


def documents(split: str) -> Iterator[tuple[str, list[str], list[str]]]:
    for en in sorted((DATA / split).glob("*.en.txt")):
        idp = en.with_name(en.name.replace(".en.txt", ".id.txt"))
        e = en.read_text(encoding="utf-8").splitlines()
        i = idp.read_text(encoding="utf-8").splitlines()
        if len(e) != len(i):
            raise SystemExit(f"{en.name}: {len(e)} lines but {idp.name} has {len(i)}")
        yield en.name.removesuffix(".en.txt"), e, i


def damages(split: str, per_kind: int, seed: int, known: KnownWords, glossary: object
            ) -> Iterator[tuple[str, str, list[str], list[str], Damage]]:
    """Every injected :class:`Damage` of a split: ``(direction, document, source lines, target lines, damage)``,
    the same for the same seed (one generator per split, direction and document)."""
    for direction, (source_lang, target_lang) in DIRECTIONS:
        for name, en, idl in documents(split):
            src, tgt = (en, idl) if source_lang == "en" else (idl, en)
            injector = Injector(src, tgt, target_lang, glossary.entries, known)  # type: ignore[attr-defined]
            rng = random.Random(f"{seed}:{split}:{direction}:{name}")
            for make in KINDS.values():
                made, tries, used = 0, 0, set()
                while made < per_kind and tries < per_kind * 20:
                    tries += 1
                    d = make(injector, rng)
                    if d is None or (d.line, d.damaged) in used:
                        continue
                    used.add((d.line, d.damaged))
                    made += 1
                    yield direction, name, src, tgt, d


DIRECTIONS = (("en→id", ("en", "id")), ("id→en", ("id", "en")))


def run(split: str, per_kind: int, seed: int, pofilter: bool = True) -> dict[str, object]:
    import termalign
    from termalign.checks.runner import make_context

    glossary = termalign.load_glossary("medical")
    known = make_context(glossary).known
    out: dict[str, object] = {}
    tallies = {direction: Tally() for direction, _ in DIRECTIONS}
    clean: dict[str, Counter[str]] = {direction: Counter() for direction, _ in DIRECTIONS}
    segments: Counter[str] = Counter()
    po_units: dict[str, list[tuple[str, str, str]]] = {direction: [] for direction, _ in DIRECTIONS}
    po_damage: dict[str, list[tuple[str, str, Damage]]] = {direction: [] for direction, _ in DIRECTIONS}
    for direction, (source_lang, target_lang) in DIRECTIONS:
        for name, en, idl in documents(split):
            src, tgt = (en, idl) if source_lang == "en" else (idl, en)
            segments[direction] += len(tgt)
            po_units[direction] += [(f"clean:{name}:{k + 1}", s_, t_)
                                    for k, (s_, t_) in enumerate(zip(src, tgt, strict=True))]
            for f in _check("\n".join(src) + "\n", "\n".join(tgt) + "\n", source_lang, target_lang, glossary):
                sev = str(getattr(f.severity, "value", f.severity))  # type: ignore[attr-defined]
                if f.lang != target_lang:  # type: ignore[attr-defined]
                    continue
                if f.code in ERROR_CODES_CLEAN:  # type: ignore[attr-defined]
                    clean[direction]["garbled/glued"] += 1
                    tallies[direction].misses.append(f"CLEAN {direction} {name}:{f.location.line} "  # type: ignore[attr-defined]
                                                     f"{f.code} {f.text!r}")  # type: ignore[attr-defined]
                if sev == "error":
                    clean[direction]["error"] += 1
                clean[direction]["all"] += 1
    for n, (direction, name, src, tgt, d) in enumerate(damages(split, per_kind, seed, known, glossary)):
        source_lang, target_lang = dict(DIRECTIONS)[direction]
        tally = tallies[direction]
        tally.injected[d.kind] += 1
        found, right, seen = evaluate_damage(d, src, tgt, source_lang, target_lang, glossary)
        if found:
            tally.found[d.kind] += 1
        if d.suggestion_required and d.code:
            tally.with_suggestion[d.kind] += 1
            if right:
                tally.suggested[d.kind] += 1
        if not found or (d.suggestion_required and d.code and not right):
            tally.misses.append(f"{direction} {name}:{d.line} {d.kind} {d.damaged[d.start:d.end]!r} "
                                f"found={found} seen: {seen}")
        source = src[d.line - 1] + (" " + src[d.line] if d.merged_next else "")
        po_units[direction].append((f"damage:{n}", source, d.damaged))
        po_damage[direction].append((f"damage:{n}", f"clean:{name}:{d.line}", d))
    for direction, _ in DIRECTIONS:
        tally = tallies[direction]
        result: dict[str, object] = {
            "segments": segments[direction],
            "clean": dict(clean[direction]),
            "injected": dict(tally.injected),
            "found": dict(tally.found),
            "with_suggestion": dict(tally.with_suggestion),
            "suggested": dict(tally.suggested),
            "misses": tally.misses,
        }
        flags = pofilter_flags(po_units[direction]) if pofilter else None
        if flags is not None:
            # Damage pofilter "found": its unit fails a test the undamaged unit does not fail.
            po_found: Counter[str] = Counter()
            for uid, clean_id, d in po_damage[direction]:
                if d.code and flags.get(uid, set()) - flags.get(clean_id, set()):
                    po_found[d.kind] += 1
            result["pofilter_found"] = dict(po_found)
            result["pofilter_clean_flagged"] = sum(1 for u, _, _ in po_units[direction]
                                                   if u.startswith("clean:") and flags.get(u))
        out[direction] = result
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}% ({a}/{b})" if b else "–"


def _damage_total(counts: dict[str, int]) -> int:
    return sum(v for k, v in counts.items() if k not in NOT_DAMAGE)


def markdown(split: str, result: dict[str, object]) -> str:
    rows = [f"### {split} split", "",
            "| direction | segments | injected | false garbled/glued per 1,000 | false errors per 1,000 | damage "
            "found (right place, right code) | right suggestion | loanword forms not called garbled | pofilter: "
            "damage flagged | pofilter: clean segments flagged per 1,000 |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for direction, r in result.items():
        assert isinstance(r, dict)
        seg = r["segments"]
        clean = r["clean"]
        inj, found = _damage_total(r["injected"]), _damage_total(r["found"])
        ws, sug = sum(r["with_suggestion"].values()), sum(r["suggested"].values())
        loans = _pct(r["found"].get("loanword", 0), r["injected"].get("loanword", 0))
        po = _pct(_damage_total(r.get("pofilter_found", {})), inj) if "pofilter_found" in r else "not run"
        po_clean = f"{1000 * r['pofilter_clean_flagged'] / seg:.0f}" if "pofilter_clean_flagged" in r else "–"
        rows.append(f"| {direction} | {seg} | {sum(r['injected'].values())} | "
                    f"{1000 * clean.get('garbled/glued', 0) / seg:.1f} | {1000 * clean.get('error', 0) / seg:.1f} | "
                    f"{_pct(found, inj)} | {_pct(sug, ws)} | {loans} | {po} | {po_clean} |")
    rows += ["", "| direction | kind | found | right suggestion | pofilter flagged |", "|---|---|---|---|---|"]
    for direction, r in result.items():
        assert isinstance(r, dict)
        for kind in sorted(r["injected"], key=_KIND_ORDER.index):
            n = r["injected"][kind]
            po = _pct(r.get("pofilter_found", {}).get(kind, 0), n) if "pofilter_found" in r and kind not in \
                NOT_DAMAGE else "–"
            rows.append(f"| {direction} | {kind} | {_pct(r['found'].get(kind, 0), n)} | "
                        f"{_pct(r['suggested'].get(kind, 0), r['with_suggestion'].get(kind, 0))} | {po} |")
    return "\n".join(rows) + "\n"


_KIND_ORDER = ["transposition", "drop", "double", "truncation", "glued", "glued-term", "glued-comma",
               "glued-stop", "glued-capital", "untranslated", "missing", "forbidden", "loanword"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--per-kind", type=int, default=6, help="damaged copies per kind and document")
    parser.add_argument("--no-pofilter", action="store_true", help="do not run pofilter on the same input")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", help="write the full result (misses included) to this file")
    parser.add_argument("--misses", action="store_true", help="print every miss (dev split only)")
    args = parser.parse_args(argv)
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    full: dict[str, object] = {}
    for split in splits:
        result = run(split, args.per_kind, args.seed, pofilter=not args.no_pofilter)
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


__all__ = ["KINDS", "Damage", "Injector", "damages", "evaluate_damage", "main", "pofilter_flags", "run"]

if __name__ == "__main__":
    raise SystemExit(main())
