"""The glossary as the checks need it: Aho-Corasick automata for exact scans and a folded fuzzy vocabulary.

Built once per run from a :class:`~termalign.model.Glossary`:

* a **source automaton** over every English form (term and variants), to find which glossary terms a
  source segment contains (exact, case-folded, whole words or English inflections, leftmost-longest);
* a **target automaton** over every form a target may contain: accepted Indonesian forms (``accepted``),
  English forms left untranslated (``english``; not for do-not-translate terms or forms equal to an accepted
  target), and forbidden forms (``forbidden``). Indonesian hits inside a longer token count when the token
  is an affixed form of the term (:func:`termalign.morphology.is_form_of`: "terkalsifikasi");
* a **fuzzy vocabulary**: every glossary word of at least ``min_length`` letters, folded with
  :func:`termalign.spelling.fold` ("phlebolith", "flebolit" → "plebolit"), deduplicated, with the entries
  and languages it came from. The garbled-term check compares unknown tokens with it in one
  ``rapidfuzz.process.cdist`` call per batch.

Pattern matching costs the same whatever the glossary size (Aho-Corasick scans each text once), which is
why a 5,000-entry glossary checks as fast as a 500-entry one (``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import ahocorasick

from termalign.checks.patterns import WORD
from termalign.model import Glossary, GlossaryEntry
from termalign.morphology import find_term, is_form_of
from termalign.spelling import fold

ACCEPTED = "accepted"
ENGLISH = "english"
FORBIDDEN = "forbidden"
SOURCE = "source"


@dataclass(frozen=True)
class Hit:
    """One exact occurrence of a glossary form in a string: ``text[start:end]`` (the whole token)."""

    start: int
    end: int
    entry: int
    kind: str
    form: str


@dataclass(frozen=True)
class VocabWord:
    """A glossary word in the fuzzy vocabulary: which entry, which side (``en``/``id``), the word itself."""

    entry: int
    side: str
    word: str


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def lower_same_length(text: str) -> str:
    """``text.lower()`` when that keeps every offset ("İ" lowers to two characters); else char by char."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole tokens (letters, digits and inner hyphens)."""
    while start > 0 and (_is_word_char(text[start - 1]) or (text[start - 1] == "-" and start > 1
                                                           and _is_word_char(text[start - 2]))):
        start -= 1
    n = len(text)
    while end < n and (_is_word_char(text[end]) or (text[end] == "-" and end + 1 < n and _is_word_char(text[end + 1]))):
        end += 1
    return start, end


class _Automaton:
    """A pyahocorasick automaton mapping lower-case forms to payload lists (empty-safe)."""

    def __init__(self, patterns: dict[str, list[tuple[str, int, str, bool]]]) -> None:
        self.size = len(patterns)
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for key in sorted(patterns):
            self._auto.add_word(key, (len(key), tuple(patterns[key])))
        if self.size:
            self._auto.make_automaton()

    def iter(self, lowered: str) -> list[tuple[int, int, tuple[tuple[str, int, str, bool], ...]]]:
        if not self.size or not lowered:
            return []
        return [(end + 1 - length, end + 1, payload) for end, (length, payload) in self._auto.iter(lowered)]


class TermIndex:
    """Exact and fuzzy access to a glossary's terms (see the module docstring)."""

    def __init__(self, glossary: Glossary, *, min_length: int = 5) -> None:
        self.glossary = glossary
        self.entries: tuple[GlossaryEntry, ...] = tuple(glossary.entries)
        self.min_length = min_length
        source: dict[str, list[tuple[str, int, str, bool]]] = defaultdict(list)
        target: dict[str, list[tuple[str, int, str, bool]]] = defaultdict(list)
        accepted_all = {t.lower() for e in self.entries for t in e.targets}
        for i, entry in enumerate(self.entries):
            cs = entry.case_sensitive
            for form in _unique(entry.sources):
                source[form.lower()].append((SOURCE, i, form, cs))
            for form in _unique(entry.targets):
                target[form.lower()].append((ACCEPTED, i, form, cs))
            if not entry.do_not_translate:
                for form in _unique(entry.sources):
                    if form.lower() not in accepted_all:
                        target[form.lower()].append((ENGLISH, i, form, cs))
            for form in _unique(entry.forbidden):
                target[form.lower()].append((FORBIDDEN, i, form, cs))
        self._source = _Automaton(source)
        self._target = _Automaton(target)
        # Without accepted forms: for units with a source, accepted forms are only looked for where the
        # source calls for them (see termalign.checks.engine), which saves most of the hits.
        self._flagged = _Automaton({k: [p for p in v if p[0] != ACCEPTED] for k, v in target.items()
                                    if any(p[0] != ACCEPTED for p in v)})

    # ------------------------------------------------------------------------------------ vocabularies

    @cached_property
    def lexicon(self) -> frozenset[str]:
        """Every lower-case word of every glossary form (both languages, forbidden forms excluded)."""
        words: set[str] = set()
        for entry in self.entries:
            for form in (*entry.sources, *entry.targets):
                words.update(w.lower() for w in WORD.findall(form))
        return frozenset(words)

    @cached_property
    def forbidden_words(self) -> frozenset[str]:
        """Lower-case words of forbidden forms (never suggested, never treated as a fuzzy target)."""
        return frozenset(w.lower() for e in self.entries for f in e.forbidden for w in WORD.findall(f))

    @cached_property
    def _vocabularies(self) -> dict[str, tuple[list[str], list[tuple[VocabWord, ...]]]]:
        groups: dict[str, dict[str, dict[VocabWord, None]]] = {"en": defaultdict(dict), "id": defaultdict(dict)}
        forbidden = self.forbidden_words
        for i, entry in enumerate(self.entries):
            sides = (("en", entry.sources), ("id", entry.targets))
            for side, forms in sides:
                for form in forms:
                    for word in WORD.findall(form):
                        # Names ("Alzheimer", "Jerman") and acronyms are left out: their look-alikes are other
                        # names ("Jermanik"), not garbles.
                        if len(word) < self.min_length or not word[0].islower():
                            continue
                        if side == "id" and word.lower() in forbidden:
                            continue
                        groups[side][fold(word.lower())][VocabWord(i, side, word)] = None
        out = {}
        for side, grouped in groups.items():
            keys = sorted(grouped)
            out[side] = (keys, [tuple(grouped[k]) for k in keys])
        return out

    def vocabulary(self, side: str) -> tuple[list[str], list[tuple[VocabWord, ...]]]:
        """The fuzzy vocabulary of one language (``en`` = source forms, ``id`` = accepted target forms): folded
        keys (sorted) and, for each, the glossary words that fold to it. Names and forbidden forms are left out.
        """
        return self._vocabularies.get(side, ([], []))

    # ------------------------------------------------------------------------------------------ scans

    def scan_source(self, text: str) -> list[Hit]:
        """Glossary terms in an English ``text``: whole words or English inflections, leftmost-longest."""
        lowered = lower_same_length(text)
        hits: list[Hit] = []
        n = len(text)
        for start, end, payload in self._source.iter(lowered):
            if start and _is_word_char(text[start - 1]):
                continue
            if end < n and _is_word_char(text[end]):
                s, e = _token_span(text, start, end)
                if lowered[end:e] not in _EN_ENDINGS and lowered[s:e] not in _inflections(lowered[start:end]):
                    continue
            else:
                e = end
            for _, entry, form, cs in payload:
                if cs and text[start:end] != form:
                    continue
                hits.append(Hit(start, e, entry, SOURCE, form))
        return _leftmost_longest(hits) if len(hits) > 1 else hits

    def scan_target(self, text: str, lang: str = "id", *, accepted: bool = True) -> list[Hit]:
        """Accepted, English and forbidden glossary forms in a target ``text`` (see the module docstring).

        With ``accepted=False`` only English and forbidden forms are looked for. Hits of each kind are
        leftmost-longest among themselves; kinds may overlap.
        """
        automaton = self._target if accepted else self._flagged
        lowered = lower_same_length(text)
        hits: list[Hit] = []
        n = len(text)
        for start, end, payload in automaton.iter(lowered):
            left_open = start > 0 and _is_word_char(text[start - 1])
            right_open = end < n and _is_word_char(text[end])
            span: tuple[int, int] | None = None
            for kind, entry, form, cs in payload:
                if cs and text[start:end] != form:
                    continue
                if not left_open and not right_open:
                    hits.append(Hit(start, end, entry, kind, form))
                    continue
                if kind != ACCEPTED and kind != FORBIDDEN and left_open:
                    continue  # English forms: suffixes only ("phleboliths"), never inside a word
                if span is None:
                    span = _token_span(text, start, end)
                s, e = span
                if self._inflected(kind, text, lowered, s, e, start, end, form, lang):
                    hits.append(Hit(s, e, entry, kind, form))
        if len(hits) < 2:
            return hits
        by_kind: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            by_kind[hit.kind].append(hit)
        out: list[Hit] = []
        for kind in sorted(by_kind):
            out.extend(_leftmost_longest(by_kind[kind]))
        out.sort(key=lambda h: (h.start, h.end, h.kind, h.entry))
        return out

    def find_accepted(self, text: str, lowered: str, entry: int) -> tuple[int, int, str] | None:
        """The first occurrence in ``text`` of an accepted form of ``entry``, inflected or not: its span and the
        glossary form. ``lowered`` is ``text`` in lower case (same length)."""
        e = self.entries[entry]
        n = len(text)
        for form in e.targets:
            fl = form.lower()
            pos = lowered.find(fl)
            while pos != -1:
                end = pos + len(fl)
                if not (e.case_sensitive and text[pos:end] != form):
                    left_open = pos > 0 and _is_word_char(text[pos - 1])
                    right_open = end < n and _is_word_char(text[end])
                    if not left_open and not right_open:
                        return pos, end, form
                    s, t = _token_span(text, pos, end)
                    if self._inflected(ACCEPTED, text, lowered, s, t, pos, end, form, "id"):
                        return s, t, form
                pos = lowered.find(fl, pos + 1)
        for form in e.targets:
            # Nasal assimilation drops a base's first letter ("memindai" ← pindai): find_term then, but only when
            # every word less its first letter is there at all.
            if all(w[1:].lower() in lowered for w in form.split()):
                spans = find_term(text, form, case_sensitive=e.case_sensitive)
                if spans:
                    return spans[0][0], spans[0][1], form
        return None

    @staticmethod
    def _inflected(kind: str, text: str, lowered: str, s: int, e: int, start: int, end: int, form: str,
                   lang: str) -> bool:
        """Whether a hit inside a longer token is an inflected form of the glossary form."""
        if kind == ENGLISH:
            return s == start and (lowered[end:e] in _EN_ENDINGS or lowered[s:e] in _inflections(
                lowered[start:end]))
        if lang != "id":
            return s == start and lowered[end:e] in _EN_ENDINGS
        if e == end and lowered[s:start].rstrip("-") in BOUND_PREFIXES:
            return True  # "subdirektori", "nonaktif": a bound form written together with the term
        if " " not in form:
            return is_form_of(lowered[s:e], form.lower())
        return any((a, b) == (0, e - s) for a, b in find_term(text[s:e], form))

    def fuzzy_key(self, word: str) -> str:
        """The folded comparison key of a word (:func:`termalign.spelling.fold` of its lower case)."""
        return fold(word.lower())


_EN_ENDINGS = frozenset({"s", "es", "'s", "’s"})
#: Indonesian bound forms written together with the word they modify (KBBI: "subdirektori", "nonaktif",
#: "pascaoperasi", "antarmuka"): a compound of an accepted term counts as the term.
BOUND_PREFIXES = frozenset((
    "sub", "non", "pra", "pasca", "antar", "multi", "semi", "super", "ultra", "anti", "infra", "intra", "inter",
    "mikro", "makro", "mega", "ekstra", "swa", "nir",
))


def _inflections(form: str) -> set[str]:
    """English inflected forms of a lower-case form whose base the suffix rules recover."""
    out = {form + s for s in ("s", "es", "ed", "d", "ing")}
    if form.endswith("y"):
        out.add(form[:-1] + "ies")
    return out


def _unique(forms: tuple[str, ...]) -> list[str]:
    """Non-empty forms, first occurrence kept, order preserved."""
    seen: dict[str, None] = {}
    for form in forms:
        if form and form.strip() and form not in seen:
            seen[form] = None
    return list(seen)


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits: at each position the longest, scanning left to right (ties: lowest entry)."""
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.entry))
    out: list[Hit] = []
    last_end = -1
    for hit in ordered:
        if hit.start >= last_end:
            out.append(hit)
            last_end = hit.end
        elif out and (hit.start, hit.end) == (out[-1].start, out[-1].end) and hit.entry != out[-1].entry:
            out.append(hit)  # the same form listed by several entries: keep all of them
    return out
