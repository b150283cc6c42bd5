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
  of it by a letter or two ("respon" for "respons", "distrofi" for the adjective "distrofik"); see
  :class:`Spelling`;
* **misspelt words** (``misspelt-word``): a word of either side that is not a known word of its language
  (:class:`termalign.checks.known_words.KnownWords`, the guard of the garble check) but one edit (a
  transposition, a letter dropped, added or changed) from a known word the corpus itself uses at least twice,
  or from a glossary word: "vacicne", "oksgien", "gnjal"; or from any known word
  (:meth:`~termalign.checks.known_words.KnownWords.neighbour`) that translates the other side better
  ("kidenys" → "kidneys" with "ginjal"): rare terms and names are one edit from some word ("carian",
  "carina"). Names (capitalised, or the same on both sides) and forms the corpus uses more than twice are
  left alone. The garble check only knows the glossary's terms; a drafted pair knows its corpus;
* **the glossary** (``glossary-term``): an English glossary term drafted with another translation than the
  glossary's: the glossary entry wins, the drafted pair is flagged with the glossary form as suggestion.

Each finding is a :class:`~termalign.model.TermFinding` with the standard form of the whole term on its side
when one is known, so a reviewer sees what to write instead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from rapidfuzz.distance import OSA

from termalign.checks.base import Unit
from termalign.checks.known_words import KnownWords
from termalign.checks.runner import CheckRun
from termalign.lang.english import singular
from termalign.lang.spelling import fold, to_indonesian
from termalign.lang.wordlists import listed_zipf, sastrawi_roots
from termalign.model import Glossary, TermFinding
from termalign.terms.links import BeadWords, WordLinks
from termalign.terms.projection import Occurrence

#: The checks whose findings flag a term pair: those that judge one text on its own.
QA_CHECKS = ("garbled-term", "glued-words", "forbidden-term", "untranslated-term", "inconsistent-term")
NONSTANDARD = "nonstandard-spelling"
MISSPELT = "misspelt-word"
#: Shortest word judged by ``misspelt-word`` (one edit from a four-letter word is another word too often).
MISSPELT_MIN = 5
#: A word used more often than this in the corpus is a deliberate form, not a slip.
MISSPELT_MAX_USES = 2
GLOSSARY_TERM = "glossary-term"
SIDES = {"en": "source", "id": "target"}


class SpanFinding(NamedTuple):
    """A check's finding in one side of a bead: its span, code, offending text and suggestion."""

    start: int
    end: int
    code: str
    text: str
    suggestion: str | None


def bead_units(beads: Iterable[BeadWords]) -> Iterator[Unit]:
    """Both sides of ``beads`` as units of the checks, each named by its bead number."""
    for bead in beads:
        for text, lang in ((bead.src_text, "en"), (bead.tgt_text, "id")):
            if text:
                yield Unit(text=text, lang=lang, file="<terms>", entry=str(bead.gid), key=f"{bead.gid}\x04{lang}",
                           group="terms")


def glossary_entries_seen(beads: Sequence[BeadWords], glossary: Glossary) -> Counter[int]:
    """How often the accepted forms of each glossary entry occur in ``beads``: the run-wide state that decides
    whether a near miss of a term is ``inconsistent-term`` or ``garbled-term``. It adds up over parts of a corpus
    (:mod:`termalign.terms.stats`)."""
    from termalign.checks.inconsistent import InconsistentState

    run = CheckRun(list(bead_units(beads)), glossary, checks=("inconsistent-term",), fingerprints=False)
    for _ in run:
        pass
    return Counter(run.ctx.state(InconsistentState).seen[""])


def bead_findings(
    beads: Sequence[BeadWords], glossary: Glossary, seen: Mapping[int, int] | None = None
) -> dict[tuple[int, str], list[SpanFinding]]:
    """The findings of :data:`QA_CHECKS` on both sides of ``beads``, by (bead number, ``"source"``/``"target"``).

    Informational findings (an accepted variant preferred less often) do not flag a term. ``seen`` (from
    :func:`glossary_entries_seen` over the whole corpus) makes the run-wide checks judge ``beads`` as part of
    that corpus."""
    run = CheckRun(list(bead_units(beads)), glossary, checks=QA_CHECKS, fingerprints=False)
    if seen:
        from termalign.checks.inconsistent import InconsistentState

        run.ctx.state(InconsistentState).seen[""].update(seen)
    out: dict[tuple[int, str], list[SpanFinding]] = defaultdict(list)
    for finding, _ in run:
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
                if f.code == "glued-words" and not (span[0] <= f.start and f.end <= span[1]):
                    continue  # "scholarship.Richard": the glue is next to the term, not in it
                fixed = _spliced(form, span, f)
                if fixed and form[:1].islower() and fixed[:1].isupper() and fixed[1:2].islower():
                    fixed = fixed[0].lower() + fixed[1:]  # the sentence-initial capital the form has undone
                if fixed is not None and fixed.lower() == form.lower():
                    continue  # the finding is about a neighbouring word ("distrofi" next to "kalsifikasi")
                have = out.get((f.code, side))
                if have is None or (have.suggestion is None and f.suggestion is not None):
                    out[(f.code, side)] = TermFinding(f.code, side, fixed, f.text)
    return list(out.values())


def _cut_short(word: str, regular: str) -> bool:
    """Whether ``word`` is ``regular`` without its last letter or two ("respon" / "respons")."""
    return len(word) >= 4 and regular.startswith(word) and 0 < len(regular) - len(word) <= 2


class Spelling:
    """The non-standard spelling and glossary rules for the pairs of one run.

    ``checks`` is the glossary of the QA checks: its Indonesian words are standard too (the user's glossary,
    in ``links``, also decides ``glossary-term``). ``attested`` are the Indonesian words a regular loan form
    must be among before it is offered when the translator copied the English word as it is: the glossary's
    target words and the corpus's own words (a software catalog keeps "commit"; the rules' "komit" is offered
    only if the corpus or glossary uses it). A form cut short of a regular one ("respon") is judged against
    the Indonesian word lists (KBBI roots) too.
    """

    def __init__(
        self,
        links: WordLinks,
        corpus_words: Iterable[str],
        checks: Glossary | None = None,
        counts: Mapping[str, Counter[str]] | None = None,
    ) -> None:
        self.links = links
        self.counts = counts or {}
        self._buckets: dict[str, dict[tuple[str, int], list[str]]] = {}
        self._verdicts: dict[tuple[str, str], str | None] = {}
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
        english: set[str] = set()
        for entry in checks.entries if checks is not None else ():
            for form in entry.sources:
                english.update(w.lower() for w in form.split())
        self.known = KnownWords(lexicon=frozenset(glossary_words | english))
        self._glossary_by_lang = {"en": english, "id": glossary_words}

    def misspelt(self, word: str, lang: str) -> str | None:
        """The word ``word`` (as written, in ``lang``) was probably meant to be, when it is not a known word but
        one edit from a known word the corpus uses at least twice or a glossary word (the most frequent such
        word), else from any known word (to be corroborated by the caller); None otherwise (cached per word)."""
        lowered = word.lower()
        key = (lowered, lang)
        if key in self._verdicts:
            return self._verdicts[key]
        found: str | None = None
        counts = self.counts.get(lang, Counter())
        # Names and labels keep their capitals ("Gondi", "Mayek"); a form the corpus uses again and again is the
        # translator's choice ("fonta" ten times), not a slip of the keyboard.
        if (len(lowered) >= MISSPELT_MIN and word.islower() and word.isalpha() and counts[lowered] <= MISSPELT_MAX_USES
                and not self.known.is_known(lowered, lang)):
            choices = self._corpus_bucket(lang, lowered)
            hits = [c for c in choices if OSA.distance(lowered, c, score_cutoff=1) <= 1] if choices else []
            found = max(hits, key=lambda c: (counts[c], c)) if hits else self.known.neighbour(lowered, lang, 1) or ""
        self._verdicts[key] = found
        return found

    def _corroborated(self, word: str, fix: str, lang: str, others: Sequence[str]) -> bool:
        """Whether a known word ``fix`` one edit from ``word`` translates a word of the pair's other side
        better than ``word`` does, by the glossary, the dictionary or the loanword rules ("kidenys" →
        "kidneys", and "ginjal" on the other side)."""
        def score(a: str, b: str) -> float:
            en_word, id_word = (a, b) if lang == "en" else (b, a)
            return self.links.lexical_score(singular(en_word), id_word)[0]

        return any(score(fix, o) >= 0.8 and score(fix, o) > score(word, o) for o in others)

    def _corpus_bucket(self, lang: str, word: str) -> list[str]:
        """Known words the corpus uses twice or more, and glossary words, with ``word``'s first letter and a
        length within one."""
        buckets = self._buckets.get(lang)
        if buckets is None:
            buckets = defaultdict(list)
            corpus = [w for w, n in self.counts.get(lang, Counter()).items() if n >= 2 and self.known.is_known(w, lang)]
            for w in sorted({*corpus, *self._glossary_by_lang.get(lang, ())}):
                if len(w) >= MISSPELT_MIN - 1 and w.isalpha():
                    buckets[(w[0], len(w))].append(w)
            self._buckets[lang] = buckets
        return [w for n in (len(word) - 1, len(word), len(word) + 1) for w in buckets.get((word[0], n), ())]

    def misspellings(self, occs: Iterable[Occurrence]) -> list[TermFinding]:
        """``misspelt-word`` findings for the words of the pair's forms as seen, one per side."""
        out: dict[str, TermFinding] = {}
        for occ in occs:
            copied = set(occ.source_form.split()) & set(occ.target_form.split())  # names kept as they are
            for side, form, lang in (("source", occ.source_form, "en"), ("target", occ.target_form, "id")):
                if side in out:
                    continue
                words = [w for w in form.split() if w not in copied]
                others = [w.lower() for w in (occ.target_form if side == "source" else occ.source_form).split()]
                fixes: dict[str, str | None] = {}
                for w in words:
                    fix = self.misspelt(w, lang)
                    if fix and fix not in self.counts.get(lang, {}) and fix not in self._glossary_by_lang[lang]:
                        # Only a known word, not one of the corpus or glossary: the other side must back it.
                        fix = fix if self._corroborated(w.lower(), fix, lang, others) else None
                    fixes[w] = fix or None
                bad = [w for w, f in fixes.items() if f is not None]
                if bad:
                    fixed = " ".join(fixes.get(w) or w for w in form.split())
                    out[side] = TermFinding(MISSPELT, side, fixed, " ".join(bad))
        return list(out.values())

    def _in_lists(self, word: str) -> bool:
        return word in self.attested or listed_zipf(word, "id") > 0 or word in sastrawi_roots()

    def standard(self, english: str, indonesian: str) -> str | None:
        """The regular Indonesian form to use instead of ``indonesian`` for the English word ``english``, or
        None when ``indonesian`` is regular, unrelated, or the regular form is not attested."""
        word = indonesian.lower()
        if word in self.glossary_words:
            return None  # a glossary form is standard by definition
        regular = to_indonesian(english)
        if regular in (word, english.lower()) or len(regular) < 4:
            return None  # regular already, or the rules leave the English word as it is ("variant", "italian")
        if _cut_short(word, regular):  # "respon" for "respons", "distrofi" for "distrofik"
            # ...unless it is a KBBI root itself ("statistik" for "statistics" is standard).
            return regular if self._in_lists(regular) and word not in sastrawi_roots() else None
        if fold(word) == fold(regular):  # the English word copied or half respelt: "myositis", "phlebolith"
            if word == english.lower():
                # A copied word may be a name ("Kannada"): only the glossary can say it has a respelt form.
                return regular if regular in self.glossary_words else None
            # A respelling Indonesian has itself ("prototipe", not the rules' "prototip") is standard.
            listed = word in sastrawi_roots() or listed_zipf(word, "id") > 0
            return regular if regular in self.attested and not listed else None
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
