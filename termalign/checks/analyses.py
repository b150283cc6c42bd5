"""The analyses the checks share, computed once per batch of distinct contents (:class:`Batch`).

The runner (:mod:`termalign.checks.runner`) hands each check a :class:`Batch`: the units whose content is new
in the run, plus these analyses, each computed lazily and once for all checks:

* ``tokens`` / ``lowered`` / ``code_spans`` / ``commands``: the words of a unit's text, its lower-cased text,
  the spans that are code, placeholders, options, URLs or paths, the command words of synopsis lines;
* ``unknown``: the known-word verdicts (:mod:`termalign.checks.known_words`), the words of a unit that are not
  known words, judged once per distinct word for the run (:class:`KnownWordVerdicts`);
* ``source_hits`` / ``target_hits``: exact glossary hits (Aho-Corasick, one scan per string);
* ``expectations``: for every glossary term in a unit's source, what its target did with it: an accepted
  form (morphology-aware), the English form left in, a near miss of the expected form
  (:func:`termalign.checks.garbled.near_miss`), or nothing. Near misses are only looked for in windows holding
  a word that is not a known word (the guard would reject any other window), so a target of known words costs
  a few dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from termalign.checks.base import CheckContext, Unit
from termalign.checks.garbled import near_miss
from termalign.checks.index import _RUN, ENGLISH, FORBIDDEN, Hit, lower_same_length
from termalign.checks.patterns import WORD, code_spans, command_spans, is_constant, is_name
from termalign.lang.indonesian import is_form_of
from termalign.lang.spelling import fold, to_indonesian
from termalign.model import GlossaryEntry


class Expectation(NamedTuple):
    """What a unit's target did with one glossary term found in its source.

    ``status``: ``found`` (an accepted form, possibly inflected), ``english`` (the English form left in),
    ``forbidden`` (a forbidden form of the entry),
    ``near`` (a near miss of an expected form: a garble or a variant spelling), ``missing`` (none of these).
    ``span`` is where in the target (for found/english/near), ``surface`` the text there, ``expected`` the
    glossary form it was compared with, ``variant`` whether a near miss only differs from it in word endings
    ("kalsifikasi distrofi" for "kalsifikasi distrofik"), ``steps`` the explanation.
    """

    entry: int
    source_hit: Hit
    status: str
    span: tuple[int, int] | None = None
    surface: str = ""
    expected: str = ""
    score: float = 0.0
    variant: bool = False
    steps: tuple[str, ...] = ()



@dataclass
class KnownWordVerdicts:
    """Run-wide state of :meth:`Batch.unknown`: per language, every word judged so far and those of them that are
    not known words (set operations in C instead of a look-up per word)."""

    by_lang: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)

    def of(self, lang: str) -> tuple[set[str], set[str]]:
        """``(judged, unknown)`` for ``lang``."""
        got = self.by_lang.get(lang)
        if got is None:
            got = self.by_lang[lang] = (set(), set())
        return got


class Batch:
    """A list of units (each content once) plus the analyses checks share, each computed on first use."""

    def __init__(self, units: Sequence[Unit], ctx: CheckContext) -> None:
        self.units = units
        self.ctx = ctx
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self._tokens: dict[int, list[tuple[int, int, str]]] = {}
        self._unknown: dict[int, list[int]] = {}
        self._lowered: dict[int, str] = {}

    def tokens(self, i: int) -> list[tuple[int, int, str]]:
        """``(start, end, token)`` of unit ``i``'s words (cached)."""
        got = self._tokens.get(i)
        if got is None:
            got = self._tokens[i] = [(m.start(), m.end(), m.group()) for m in WORD.finditer(self.units[i].text)]
        return got

    def window_key(self, i: int, k: int, n: int) -> str:
        """The folded key of the ``n`` consecutive words of unit ``i`` starting at word ``k`` (only the words
        asked about are folded: folding a word the first time is the costly part)."""
        tokens = self.tokens(i)
        if n == 1:
            return fold(tokens[k][2].lower())
        return " ".join([fold(t[2].lower()) for t in tokens[k : k + n]])

    def unknown(self, i: int) -> list[int]:
        """Indices of unit ``i``'s words of 3+ letters that are not known words (the only words a near miss
        of a glossary term can differ in; cached). Known-ness is cached per distinct word for the run."""
        got = self._unknown.get(i)
        if got is None:
            unit = self.units[i]
            lang = unit.lang
            judged, unknown = self.ctx.state(KnownWordVerdicts).of(lang)
            words = set(WORD.findall(unit.text))
            new = words - judged
            if new:
                known = self.ctx.known.is_known
                for word in new:
                    if len(word) >= 3 and not known(word.lower(), lang):
                        unknown.add(word)
                judged.update(new)
            got = [] if words.isdisjoint(unknown) else [
                k for k, (_, _, tok) in enumerate(self.tokens(i)) if tok in unknown]
            self._unknown[i] = got
        return got

    def uncommon(self, i: int) -> list[int]:
        """Indices of unit ``i``'s words of 4+ letters that are known words but not words in everyday use
        (:meth:`~termalign.checks.known_words.KnownWords.is_common`): where a short term damaged by one edit
        ("dhak" for "dahak") hides behind a rare dictionary entry (cached)."""
        key = -(1 << 29) - i
        got = self._unknown.get(key)
        if got is None:
            unit = self.units[i]
            common, known = self.ctx.known.is_common, self.ctx.known.is_known
            got = self._unknown[key] = [
                k for k, (_, _, tok) in enumerate(self.tokens(i))
                if len(tok) >= 4 and tok.isalpha() and known(tok.lower(), unit.lang)
                and not common(tok.lower(), unit.lang)
            ]
        return got

    def commands(self, i: int) -> list[tuple[int, int]]:
        """Command words of synopsis lines in unit ``i``'s text ("git branch [<opsi>]") that its source has too
        (:func:`~termalign.checks.patterns.command_spans`)."""
        key = -(1 << 30) - i
        got = self._spans.get(key)
        if got is None:
            unit = self.units[i]
            got = self._spans[key] = [
                (s, e) for s, e in command_spans(unit.text) if unit.source is None or unit.text[s:e] in unit.source
            ]
        return got

    def lowered(self, i: int) -> str:
        """Unit ``i``'s text in lower case, offsets unchanged (cached)."""
        got = self._lowered.get(i)
        if got is None:
            text = self.units[i].text
            got = text.lower()
            if len(got) != len(text):
                got = lower_same_length(text)
            self._lowered[i] = got
        return got

    def code_spans(self, i: int, *, quotes: bool = True) -> list[tuple[int, int]]:
        """Spans of unit ``i``'s text that are code, placeholders, options, URLs or paths (and quotations
        unless ``quotes`` is False)."""
        key = i if quotes else -1 - i
        got = self._spans.get(key)
        if got is None:
            unit = self.units[i]
            got = self._spans[key] = code_spans(unit.text, quotes=quotes)
        return got

    @cached_property
    def source_hits(self) -> list[list[Hit]]:
        """Glossary terms in each unit's source (empty for monolingual units), names and constants left out
        (see :func:`not_the_term`)."""
        scan = self.ctx.index.scan_source
        entries = self.ctx.index.entries
        out: list[list[Hit]] = []
        for u in self.units:
            if not u.source:
                out.append([])
                continue
            source = u.source
            hits = scan(source)
            if any(source[h.start].isupper() for h in hits):
                # A hit starting in lower case is never a name or a constant: only the others are judged.
                hits = [h for h in hits if source[h.start].islower()
                        or not not_the_term(source, h, entries[h.entry], u.text)]
            out.append(hits)
        return out

    @cached_property
    def target_hits(self) -> list[list[Hit]]:
        """English and forbidden glossary forms in each unit's text, and accepted forms in units without a
        source (in units with one, :attr:`expectations` looks for the accepted forms the source calls for)."""
        index = self.ctx.index
        lang = index.glossary.target_lang or "id"
        scan = index.scan_target
        return [scan(u.text, u.lang, accepted=not u.source) if u.text and u.lang == lang else [] for u in self.units]

    @cached_property
    def expectations(self) -> list[list[Expectation]]:
        """For each unit, one :class:`Expectation` per glossary entry its source contains, except entries whose
        only accepted form is one of the target's words (those are listed in :attr:`found_entries`)."""
        out: list[list[Expectation]] = []
        found_out: list[list[int]] = []
        index = self.ctx.index
        single = index.single_accepted
        target_lang = index.glossary.target_lang or "id"
        for i, (unit, hits) in enumerate(zip(self.units, self.source_hits, strict=True)):
            if not hits or unit.lang != target_lang or not unit.text.strip():
                out.append([])
                found_out.append([])
                continue
            seen: set[int] = set()
            words: set[str] | None = None
            expectations = []
            found = []
            for hit in hits:
                entry = hit.entry
                if entry in seen:
                    continue
                seen.add(entry)
                form = single[entry]
                if form is not None:
                    if words is None:
                        words = set(_RUN.findall(self.lowered(i)))
                    if form in words:
                        found.append(entry)
                        continue
                expectations.append(_expect(self, i, hit))
            out.append(expectations)
            found_out.append(found)
        self.__dict__["found_entries"] = found_out
        return out

    @property
    def found_entries(self) -> list[list[int]]:
        """For each unit, the glossary entries of its source whose accepted form its target has as a word."""
        self.expectations  # noqa: B018 - computes both
        return self.__dict__["found_entries"]  # type: ignore[no-any-return]


def not_the_term(text: str, hit: Hit, entry: GlossaryEntry, other: str | None = None) -> bool:
    """Whether a hit of a lower-case glossary form is part of a name or a constant, not the term: "Windows" in
    "Use Windows high-resolution clock" (:func:`~termalign.checks.patterns.is_name`), "WIDTH" or "HEAD" in
    capitals among lower-case words (:func:`~termalign.checks.patterns.is_constant`), when ``other`` (the
    other side of the unit: the target of a source hit, the source of a target hit) keeps it in capitals too.
    """
    if entry.case_sensitive or not hit.form.islower():
        return False
    start, end = hit.start, hit.end
    if is_constant(text, start, end):
        return other is None or text[start:end] in other
    return is_name(text, start, end)


def _expect(batch: Batch, i: int, hit: Hit) -> Expectation:
    """What unit ``i``'s target did with the glossary term of source hit ``hit``."""
    ctx = batch.ctx
    unit = batch.units[i]
    entry = ctx.index.entries[hit.entry]
    found = ctx.index.find_accepted(unit.text, batch.lowered(i), hit.entry)
    if found is not None:
        s, e, form = found
        return Expectation(hit.entry, hit, "found", (s, e), unit.text[s:e], form)
    for t in batch.target_hits[i]:
        if t.entry == hit.entry and t.kind in (ENGLISH, FORBIDDEN):
            status = "english" if t.kind == ENGLISH else "forbidden"
            return Expectation(hit.entry, hit, status, (t.start, t.end), unit.text[t.start:t.end], t.form)
    near = near_miss(batch, i, entry.targets, entry.sources)
    if near is not None:
        return Expectation(hit.entry, hit, "near", near[0], near[1], near[2], near[3], near[4], near[5])
    loan = loan_variant(batch, i, unit.source[hit.start:hit.end] if unit.source else "", entry)
    if loan is not None:
        s, e, steps = loan
        return Expectation(hit.entry, hit, "variant", (s, e), unit.text[s:e], entry.targets[0], steps=steps)
    return Expectation(hit.entry, hit, "missing")


def loan_variant(
    batch: Batch, i: int, source_term: str, entry: GlossaryEntry
) -> tuple[int, int, tuple[str, ...]] | None:
    """Where unit ``i``'s target has the regular loanword form of the one-word ``source_term`` instead of the
    glossary's translation ("hipertensi" for hypertension where the glossary prescribes "tekanan darah
    tinggi"; in an English target, "hypertension" for a source "hipertensi"): ``(start, end, explanation)``,
    or None.

    The form must be a word of the target language (:meth:`~termalign.checks.known_words.KnownWords.is_common`):
    the loanword rules respell any English word, and only a respelling that is a real word is a translation.
    """
    unit = batch.units[i]
    word = source_term.lower()
    if not word.isalpha() or len(word) < 4:
        return None
    accepted = {t.lower() for t in (*entry.targets, *entry.sources)}
    known = batch.ctx.known
    loan = to_indonesian(word) if unit.lang != "en" else ""  # the same for every token
    for s, e, tok in batch.tokens(i):
        lowered = tok.lower()
        if lowered in accepted or len(lowered) < 4 or lowered == word:
            continue  # an accepted form, a short word, or the source word copied as is (untranslated-term's)
        if unit.lang == "en":
            regular = to_indonesian(lowered) == word
            form = lowered
        else:
            form = loan
            regular = form not in accepted and (lowered == form or is_form_of(lowered, form))
        if regular and known.is_common(form, unit.lang):
            inner = lowered.find(form)
            if inner >= 0:  # the form inside an affixed word ("hipertensinya"): the affixes stay
                s, e = s + inner, s + inner + len(form)
            return s, e, (
                f"{tok!r} is the regular loanword form of the source term {source_term!r} (spelling rules: "
                f"{word!r} ↔ {to_indonesian(word) if unit.lang != 'en' else lowered!r})",
                f"the glossary prescribes {entry.targets[0] if unit.lang != 'en' else entry.sources[0]!r}",
            )
    return None


