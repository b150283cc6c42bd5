"""Term pairs checked like translations: the QA checks' findings on either side of a drafted pair.

A term list drafted from machine-translated or careless text would otherwise hand the damage on as terminology
("Flebolith → phlebolith", "immune response → respon imun"). Three sources of findings, one place each:

* **the monolingual QA checks** (:data:`QA_CHECKS`: garbled, glued, forbidden and untranslated terms, variants
  of glossary terms) run, through :class:`termalign.checks.CheckRun`, on both sides of every bead, the English
  side as English text and the Indonesian side as Indonesian text; a finding whose span overlaps where a pair
  was seen belongs to that pair (:func:`bead_findings`, :func:`occurrence_findings`);
* **non-standard spelling** (``nonstandard-spelling``): an Indonesian word that is the loan of an English word
  of the term spelt otherwise than the loanword rules (:func:`termalign.lang.spelling.to_indonesian`) give,
  when the regular form is attested ("myositis" for "miositis", "phlebolith" for "flebolit"), or cut short
  of it ("respon" for "respons", "distrofi" for the adjective "distrofik", the shape
  :func:`termalign.checks.garbled._is_variant` tells); see :class:`Spelling`;
* **the glossary** (``glossary-term``): an English glossary term drafted with another translation than the
  glossary's: the glossary entry wins, the drafted pair is flagged with the glossary form as suggestion.

Each finding is a :class:`~termalign.model.TermFinding` with the standard form of the whole term on its side
when one is known, so a reviewer sees what to write instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from termalign.checks.base import Unit
from termalign.checks.garbled import _is_variant as is_variant
from termalign.checks.runner import CheckRun
from termalign.lang.spelling import fold, to_indonesian
from termalign.lang.wordlists import listed_zipf, sastrawi_roots
from termalign.model import Glossary, TermFinding
from termalign.terms.links import BeadWords, WordLinks
from termalign.terms.projection import Occurrence

#: The checks whose findings flag a term pair: those that judge one text on its own.
QA_CHECKS = ("garbled-term", "glued-words", "forbidden-term", "untranslated-term", "inconsistent-term")
NONSTANDARD = "nonstandard-spelling"
GLOSSARY_TERM = "glossary-term"
SIDES = {"en": "source", "id": "target"}


class SpanFinding(NamedTuple):
    """A check's finding in one side of a bead: its span, code, offending text and suggestion."""

    start: int
    end: int
    code: str
    text: str
    suggestion: str | None


def bead_findings(beads: Sequence[BeadWords], glossary: Glossary) -> dict[tuple[int, str], list[SpanFinding]]:
    """The findings of :data:`QA_CHECKS` on both sides of ``beads``, by (bead number, ``"source"``/``"target"``).

    Informational findings (an accepted variant preferred less often) do not flag a term."""
    units: list[Unit] = []
    for bead in beads:
        for text, lang in ((bead.src_text, "en"), (bead.tgt_text, "id")):
            if text:
                units.append(Unit(text=text, lang=lang, file="<terms>", entry=str(bead.gid),
                                  key=f"{bead.gid}\x04{lang}", group="terms"))
    out: dict[tuple[int, str], list[SpanFinding]] = defaultdict(list)
    for finding, _ in CheckRun(units, glossary, checks=QA_CHECKS, fingerprints=False):
        loc = finding.location
        if finding.severity == "info" or loc.entry is None or loc.start is None or loc.end is None:
            continue
        side = SIDES.get(finding.lang)
        if side is not None:
            out[(int(loc.entry), side)].append(
                SpanFinding(loc.start, loc.end, finding.code, finding.text, finding.suggestion))
    return out


def _spliced(form: str, span: tuple[int, int], found: SpanFinding) -> str | None:
    """The term ``form`` (written at ``span``) with the finding's suggestion put in: inside the term, the
    suggestion replaces its stretch; over a wider stretch, the suggestion's words for the term's words when the
    two have as many words ("myositis" in "myositis ossificans" → "miositis osifikans": "miositis")."""
    if found.suggestion is None:
        return None
    start, end = span
    if start <= found.start and found.end <= end:
        return form[: found.start - start] + found.suggestion + form[found.end - start :]
    words, fixed = found.text.split(), found.suggestion.split()
    own = form.split()
    if len(words) != len(fixed) or not own:
        return None
    lowered = [w.lower() for w in words]
    for k in range(len(words) - len(own) + 1):
        if lowered[k : k + len(own)] == [w.lower() for w in own]:
            return " ".join(fixed[k : k + len(own)])
    return None


def occurrence_findings(
    occs: Iterable[Occurrence], found: dict[tuple[int, str], list[SpanFinding]]
) -> list[TermFinding]:
    """The check findings that overlap where the pair was seen, one per (code, side), first suggestion kept."""
    out: dict[tuple[str, str], TermFinding] = {}
    for occ in occs:
        for side, span, form in (("source", occ.source_span, occ.source_form),
                                 ("target", occ.target_span, occ.target_form)):
            for f in found.get((occ.bead, side), ()):
                if f.start >= span[1] or f.end <= span[0]:
                    continue
                fixed = _spliced(form, span, f)
                if fixed is not None and fixed.lower() == form.lower():
                    continue  # the finding is about a neighbouring word ("distrofi" next to "kalsifikasi")
                have = out.get((f.code, side))
                if have is None or (have.suggestion is None and f.suggestion is not None):
                    out[(f.code, side)] = TermFinding(f.code, side, fixed, f.text)
    return list(out.values())


class Spelling:
    """The non-standard spelling and glossary rules for the pairs of one run.

    ``checks`` is the glossary of the QA checks: its Indonesian words are standard too (the user's glossary,
    in ``links``, also decides ``glossary-term``). ``attested`` are the Indonesian words a regular loan form
    must be among before it is offered when the translator copied the English word as it is: the glossary's
    target words and the corpus's own words (a software catalog keeps "commit"; the rules' "komit" is offered
    only if the corpus or glossary uses it). A form cut short of a regular one ("respon") is judged against
    the Indonesian word lists (KBBI roots) too.
    """

    def __init__(self, links: WordLinks, corpus_words: Iterable[str], checks: Glossary | None = None) -> None:
        self.links = links
        glossary_words: set[str] = set()
        for targets in links.phrases.values():
            for target in targets:
                if target.kind == "glossary":
                    for form in target.forms:
                        glossary_words.update(w.lower() for w in form.split())
        for entry in checks.entries if checks is not None else ():
            for form in entry.targets:
                glossary_words.update(w.lower() for w in form.split())
        self.glossary_words = glossary_words
        self.attested = glossary_words | {w.lower() for w in corpus_words}

    def _in_lists(self, word: str) -> bool:
        return word in self.attested or listed_zipf(word, "id") > 0 or word in sastrawi_roots()

    def standard(self, english: str, indonesian: str) -> str | None:
        """The regular Indonesian form to use instead of ``indonesian`` for the English word ``english``, or
        None when ``indonesian`` is regular, unrelated, or the regular form is not attested."""
        word = indonesian.lower()
        if word in self.glossary_words:
            return None  # a glossary form is standard by definition
        regular = to_indonesian(english)
        if regular == word or len(regular) < 4:
            return None
        if is_variant(word, regular):  # cut short: "respon" for "respons", "distrofi" for "distrofik"
            return regular if self._in_lists(regular) else None
        if fold(word) == fold(regular) and regular in self.attested:  # "myositis", "phlebolith" as Indonesian
            return regular
        return None

    def findings(self, key: str, target_base: str, glossary_hit: bool) -> list[TermFinding]:
        """The spelling and glossary findings of the pair ``key`` → ``target_base`` (base forms)."""
        out: list[TermFinding] = []
        words = target_base.split()
        english = key.split()
        fixed = list(words)
        for k, word in enumerate(words):
            for e in english:
                better = self.standard(e, word)
                if better is not None:
                    fixed[k] = better
                    break
        if fixed != words:
            out.append(TermFinding(NONSTANDARD, "target", " ".join(fixed),
                                   " ".join(w for w, f in zip(words, fixed, strict=True) if w != f)))
        if not glossary_hit:
            targets = [t for t in self.links.phrases.get(tuple(english), ()) if t.kind == "glossary"]
            forms = {f.lower() for t in targets for f in t.forms}
            if targets and target_base.lower() not in forms:
                out.append(TermFinding(GLOSSARY_TERM, "target", targets[0].preferred, target_base))
        return out
