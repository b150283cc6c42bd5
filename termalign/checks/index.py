"""The glossary as the checks need it: Aho-Corasick automata for exact scans and a folded fuzzy vocabulary.

Built once per run from a :class:`~termalign.model.Glossary` (forms compared as
:class:`termalign.glossary.GlossaryIndex` compares them, with :func:`termalign.glossary.fold_case`):

* a **source automaton** over every English form (term and variants), to find which glossary terms a
  source segment contains (exact, case-folded, whole words or English inflections, leftmost-longest);
* a **target automaton** over every form a target may contain: accepted Indonesian forms (``accepted``),
  English forms left untranslated (``english``; not for do-not-translate terms or forms equal to an accepted
  target), and forbidden forms (``forbidden``). Indonesian hits inside a longer token count when the token
  is an affixed form of the term (:func:`termalign.lang.indonesian.is_form_of`: "terkalsifikasi");
* a **fuzzy vocabulary**: every glossary word of at least ``min_length`` letters, folded with
  :func:`termalign.lang.spelling.fold` ("phlebolith", "flebolit" → "plebolit"), deduplicated, with the entries
  and languages it came from. The garbled-term check compares unknown tokens with it.

English inflections follow the entry's part of speech (:func:`termalign.lang.english.inflections`): a noun
takes -s/-es/'s ("files", "libraries"), a verb also -ed/-d/-ing with consonant doubling ("stopped", "saving"), an
adjective or adverb nothing ("open" does not match "opened"). Entries without a part of speech are treated as nouns, the
common case in terminology: "scar" no longer matches "scared", nor "list" "listed".

Pattern matching costs the same whatever the glossary size (Aho-Corasick scans each text once), which is
why a 5,000-entry glossary checks about as fast as a 500-entry one (``docs/benchmarks.md``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from typing import Any, NamedTuple

import ahocorasick

from termalign.checks.patterns import WORD
from termalign.glossary import fold_case
from termalign.lang.english import inflections as english_inflections
from termalign.lang.indonesian import find_term, is_form_of
from termalign.lang.spelling import fold
from termalign.model import Glossary, GlossaryEntry

ACCEPTED = "accepted"
ENGLISH = "english"
FORBIDDEN = "forbidden"
SOURCE = "source"


class Hit(NamedTuple):
    """One exact occurrence of a glossary form in a string: ``text[start:end]`` (the whole token)."""

    start: int
    end: int
    entry: int
    kind: str
    form: str


class VocabWord(NamedTuple):
    """A glossary word in the fuzzy vocabulary: which entry, which side (``en``/``id``), the word itself."""

    entry: int
    side: str
    word: str


class _Pattern(NamedTuple):
    """What an automaton key stands for: kind, entry, glossary form, case sensitivity, the entry's part of
    speech, and the letters an English inflection of the form continues with ("s", "e", "i"...; a quick
    test before :func:`english_inflections` is asked)."""

    kind: str
    entry: int
    form: str
    case_sensitive: bool
    pos: str
    next_letters: frozenset[str]

    def inflected(self, token: str) -> bool:
        """Whether lower-case ``token`` is an English inflection of this pattern's form."""
        return token in english_inflections(self.form, self.pos)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


#: The rest of a token after a match: word characters and inner hyphens ("file|name", "file|-based").
_TOKEN_TAIL = re.compile(r"(?:\w|-(?=\w))*")
#: A run of word characters: what a single-word glossary form must equal (or be the start of, when inflected).
_RUN = re.compile(r"\w+")


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
    return start, _TOKEN_TAIL.match(text, end).end()  # type: ignore[union-attr]


class _Automaton:
    """A pyahocorasick automaton mapping lower-case forms to their patterns (empty-safe)."""

    def __init__(self, patterns: dict[str, list[_Pattern]]) -> None:
        self.size = len(patterns)
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for key in sorted(patterns):
            group = tuple(patterns[key])
            self._auto.add_word(key, (len(key), group, all(p.kind == ENGLISH for p in group)))
        if self.size:
            self._auto.make_automaton()

    def iter(self, lowered: str) -> ahocorasick.AutomatonSearchIter | tuple[()]:
        """``(end index, (length, patterns, english))`` for every occurrence of a key in ``lowered``
        (``english``: all its patterns are English forms, which never match inside a word)."""
        if not self.size or not lowered:
            return ()
        return self._auto.iter(lowered)


class TermIndex:
    """Exact and fuzzy access to a glossary's terms (see the module docstring)."""

    def __init__(self, glossary: Glossary, *, min_length: int = 5) -> None:
        self.glossary = glossary
        self.entries: tuple[GlossaryEntry, ...] = tuple(glossary.entries)
        self.min_length = min_length
        # Accepted Indonesian forms under GlossaryIndex's key (normalised, case-folded).
        accepted_all = {fold_case(t) for e in self.entries for t in e.targets}
        source: dict[str, list[_Pattern]] = defaultdict(list)
        target: dict[str, list[_Pattern]] = defaultdict(list)
        # Each English form's inflections are asked for three times while building (source and English
        # patterns, word table): computed once here, without filling english_inflections' cache with them.
        memo: dict[tuple[str, str], frozenset[str]] = {}

        english_source = (glossary.source_lang or "en") == "en"

        def inflect(form: str, pos: str) -> frozenset[str]:
            if not english_source:  # a reversed glossary (Indonesian→English): no English inflection of its forms
                return frozenset()
            got = memo.get((form, pos))
            if got is None:
                got = memo[(form, pos)] = english_inflections.__wrapped__(form, pos)
            return got

        for i, entry in enumerate(self.entries):
            cs = entry.case_sensitive
            for form in _unique(entry.sources):
                source[form.lower()].append(_pattern(SOURCE, i, form, cs, entry.pos, inflect))
            for form in _unique(entry.targets):
                target[form.lower()].append(_pattern(ACCEPTED, i, form, cs, "", inflect))
            if not entry.do_not_translate:
                for form in _unique(entry.sources):
                    # An English form that is also an accepted target somewhere ("data", "virus") is never
                    # "left untranslated".
                    if fold_case(form) not in accepted_all:
                        target[form.lower()].append(_pattern(ENGLISH, i, form, cs, entry.pos, inflect))
            for form in _unique(entry.forbidden):
                target[form.lower()].append(_pattern(FORBIDDEN, i, form, cs, "", inflect))
        # Single-word English forms (the vast majority) are looked up word by word in a dictionary; forms with a
        # space, hyphen or other non-word character go through the automaton.
        # Per word: True and its (entry, form) pairs when every pattern of it is a plain occurrence (the form
        # itself, not case-sensitive: a hit at once, nothing to test), else False and its patterns (_word_table).
        self._source_plan: dict[str, tuple[bool, tuple[Any, ...]]] = {
            word: ((True, tuple((p.entry, p.form) for p, _ in table))
                   if not any(inflected or p.case_sensitive for p, inflected in table) else (False, table))
            for word, table in _word_table(source, inflect).items()
        }
        self._source = _Automaton({k: v for k, v in source.items() if not _RUN.fullmatch(k)})
        self._target_patterns = target
        # Without accepted forms: for units with a source, accepted forms are only looked for where the
        # source calls for them (see termalign.checks.analyses), which saves most of the hits.
        self._flagged = _Automaton({k: [p for p in v if p.kind != ACCEPTED] for k, v in target.items()
                                    if any(p.kind != ACCEPTED for p in v)})
        # Per entry: its accepted forms, lower-cased, for find_accepted.
        self._accepted = [tuple((form, form.lower()) for form in e.targets if form) for e in self.entries]
        #: Per entry: its accepted form (lower case) when it has exactly one, a single word, not case-sensitive:
        #: such a form is found when it is one of the target's words (a set look-up, see termalign.checks.analyses).
        self.single_accepted: list[str | None] = [
            forms[0][1] if len(forms) == 1 and not e.case_sensitive and _RUN.fullmatch(forms[0][1]) else None
            for e, forms in zip(self.entries, self._accepted, strict=True)
        ]
        # Per entry: for each accepted form, its words less their first letter (find_accepted's last resort
        # needs them all in the text), and whether the entry is case-sensitive.
        self._probes = [tuple(tuple(w[1:] for w in fl.split()) for _, fl in forms) for forms in self._accepted]
        self._case_sensitive = [e.case_sensitive for e in self.entries]
        self._form_of: dict[tuple[str, str], bool] = {}
        #: The user-cache key this index was read or stored under (:meth:`load`), None for one built directly.
        self._cache_key: bytes | None = None

    @cached_property
    def _target(self) -> _Automaton:
        """Every target form, accepted ones included: only monolingual units need it (built on first use)."""
        return _Automaton(self._target_patterns)

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
        """The fuzzy vocabularies (see :meth:`vocabulary`): only a run with an unknown word needs them, so an
        index from :meth:`load` keeps them in the user cache as an entry of their own, read or built on first
        use (a first run over a clean file never builds them)."""
        key = self._cache_key
        if key is not None:
            from termalign import cache

            found = cache.load("vocab", key)
            if isinstance(found, dict):
                return found
            built = self._build_vocabularies()
            cache.store("vocab", key, built)
            return built
        return self._build_vocabularies()

    def _build_vocabularies(self) -> dict[str, tuple[list[str], list[tuple[VocabWord, ...]]]]:
        groups: dict[str, dict[str, dict[VocabWord, None]]] = {"en": defaultdict(dict), "id": defaultdict(dict)}
        forbidden = self.forbidden_words
        # Sides are languages: a reversed glossary (Indonesian→English) has its English forms as targets.
        source_side, target_side = self.glossary.source_lang or "en", self.glossary.target_lang or "id"
        for i, entry in enumerate(self.entries):
            sides = ((source_side, entry.sources), (target_side, entry.targets))
            for side, forms in sides:
                for form in forms:
                    for word in WORD.findall(form):
                        # Names ("Alzheimer", "Jerman") and acronyms are left out: their look-alikes are other
                        # names ("Jermanik"), not garbles.
                        if len(word) < self.min_length or not word[0].islower():
                            continue
                        if side == "id" and word.lower() in forbidden:
                            continue
                        groups.setdefault(side, defaultdict(dict))[fold(word.lower())][VocabWord(i, side, word)] = None
        out = {}
        for side, grouped in groups.items():
            keys = sorted(grouped)
            out[side] = (keys, [tuple(grouped[k]) for k in keys])
        return out

    def vocabulary(self, side: str) -> tuple[list[str], list[tuple[VocabWord, ...]]]:
        """The fuzzy vocabulary of one language (``en``: the English forms, ``id``: the accepted Indonesian forms,
        whichever side of the glossary they are on): folded
        keys (sorted) and, for each, the glossary words that fold to it. Names and forbidden forms are left out.
        """
        return self._vocabularies.get(side, ([], []))

    # ------------------------------------------------------------------------------------------ scans

    def scan_source(self, text: str) -> list[Hit]:
        """Glossary terms in an English ``text``: whole words or English inflections, leftmost-longest."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = lower_same_length(text)
        hits: list[Hit] = []
        plan = self._source_plan
        if plan:
            find = lowered.find
            make = tuple.__new__
            append = hits.append
            n = len(text)
            pos = 0
            for run in _RUN.findall(lowered):
                start = find(run, pos)
                end = pos = start + len(run)
                got = plan.get(run)
                if got is None:
                    continue
                plain, table = got
                if plain:
                    for entry, form in table:
                        append(make(Hit, (start, end, entry, SOURCE, form)))
                    continue
                for p, inflected in table:
                    if inflected:
                        cut = start + len(p.form)
                        if p.case_sensitive and text[start:cut] != p.form:
                            continue
                        if end < n and lowered[end] == "-" and end + 1 < n and _is_word_char(lowered[end + 1]):
                            continue  # the token goes on after a hyphen: not an inflection of the form
                        if start > 1 and text[start - 1] == "-" and _is_word_char(text[start - 2]) and \
                                lowered[cut:end] not in _EN_ENDINGS:
                            continue  # in a compound ("comma-separated"), only a plural or possessive ending
                    elif p.case_sensitive and text[start:end] != p.form:
                        continue
                    hits.append(Hit(start, end, p.entry, SOURCE, p.form))
        if self._source.size:
            phrases = self._scan_source_phrases(text, lowered)
            if phrases:
                hits.extend(phrases)
                return _leftmost_longest(hits) if len(hits) > 1 else hits
        return hits  # word hits never overlap and come in (start, entry) order: already leftmost-longest

    def _scan_source_phrases(self, text: str, lowered: str) -> list[Hit]:
        """Hits of the English forms that are not single words ("log in", "e-mail")."""
        hits: list[Hit] = []
        n = len(text)
        for last, (length, patterns, _) in self._source.iter(lowered):
            start = last + 1 - length
            end = last + 1
            if start:
                c = text[start - 1]
                if c.isalnum() or c == "_":
                    continue
            e = end
            if end < n:
                c = text[end]
                if c.isalnum() or c == "_":
                    e = -1  # an inflection or a longer word: decided per pattern
            for p in patterns:
                if p.case_sensitive and text[start:end] != p.form:
                    continue
                if e < 0:
                    if lowered[end] not in p.next_letters:
                        continue
                    tail = _TOKEN_TAIL.match(lowered, end).end()  # type: ignore[union-attr]
                    if not p.inflected(lowered[start:tail]):
                        continue
                    if start > 1 and text[start - 1] == "-" and _is_word_char(text[start - 2]) and \
                            lowered[end:tail] not in _EN_ENDINGS:
                        continue  # in a compound ("comma-separated"), only a plural or possessive ending
                    hits.append(Hit(start, tail, p.entry, SOURCE, p.form))
                else:
                    hits.append(Hit(start, e, p.entry, SOURCE, p.form))
        return hits

    def scan_target(self, text: str, lang: str = "id", *, accepted: bool = True) -> list[Hit]:
        """Accepted, English and forbidden glossary forms in a target ``text`` (see the module docstring).

        With ``accepted=False`` only English and forbidden forms are looked for. Hits of each kind are
        leftmost-longest among themselves; kinds may overlap.
        """
        automaton = self._target if accepted else self._flagged
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = lower_same_length(text)
        hits: list[Hit] = []
        n = len(text)
        for last, (length, patterns, english) in automaton.iter(lowered):
            start = last + 1 - length
            end = last + 1
            if start:
                c = text[start - 1]
                left_open = c.isalnum() or c == "_"
                if left_open and english:
                    continue  # inside a word: never an English form (most matches of a text are such)
            else:
                left_open = False
            if end < n:
                c = text[end]
                right_open = c.isalnum() or c == "_"
            else:
                right_open = False
            span: tuple[int, int] | None = None
            for p in patterns:
                kind = p.kind
                if p.case_sensitive and text[start:end] != p.form:
                    continue
                if not left_open and not right_open:
                    hits.append(Hit(start, end, p.entry, kind, p.form))
                    continue
                if kind == ENGLISH:
                    # English forms: inflections only ("phleboliths"), never inside a word or a hyphenated one
                    if left_open or lowered[end] not in p.next_letters or (
                            start > 1 and text[start - 1] == "-" and _is_word_char(text[start - 2])):
                        continue
                    tail = _TOKEN_TAIL.match(lowered, end).end()  # type: ignore[union-attr]
                    if p.inflected(lowered[start:tail]):
                        hits.append(Hit(start, tail, p.entry, kind, p.form))
                    continue
                if span is None:
                    span = _token_span(text, start, end)
                s, e = span
                if self._inflected(text, lowered, s, e, start, end, p.form, lang):
                    hits.append(Hit(s, e, p.entry, kind, p.form))
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
        forms = self._accepted[entry]
        case_sensitive = self._case_sensitive[entry]
        n = len(text)
        for form, fl in forms:
            pos = lowered.find(fl)
            while pos != -1:
                end = pos + len(fl)
                if not (case_sensitive and text[pos:end] != form):
                    if pos:
                        c = text[pos - 1]
                        left_open = c.isalnum() or c == "_"
                    else:
                        left_open = False
                    if end < n:
                        c = text[end]
                        right_open = c.isalnum() or c == "_"
                    else:
                        right_open = False
                    if not left_open and not right_open:
                        return pos, end, form
                    s, t = _token_span(text, pos, end)
                    if self._inflected(text, lowered, s, t, pos, end, form, self.glossary.target_lang or "id"):
                        return s, t, form
                pos = lowered.find(fl, pos + 1)
        contains = lowered.__contains__
        for (form, _), probes in zip(forms, self._probes[entry], strict=True):
            # Nasal assimilation drops a base's first letter ("memindai" ← pindai): find_term then, but only when
            # every word less its first letter is there at all.
            if all(map(contains, probes)):
                spans = find_term(text, form, case_sensitive=case_sensitive)
                if spans:
                    return spans[0][0], spans[0][1], form
        return None

    def _inflected(self, text: str, lowered: str, s: int, e: int, start: int, end: int, form: str,
                   lang: str) -> bool:
        """Whether an accepted or forbidden hit inside a longer token is an inflected form of the glossary form."""
        if lang != "id":
            return s == start and lowered[end:e] in _EN_ENDINGS
        if e == end and lowered[s:start].rstrip("-") in BOUND_PREFIXES:
            return True  # "subdirektori", "nonaktif": a bound form written together with the term
        if " " not in form:
            key = (lowered[s:e], form.lower())
            got = self._form_of.get(key)
            if got is None:
                got = is_form_of(key[0], key[1])
                if len(self._form_of) < 200_000:
                    self._form_of[key] = got
            return got
        return any((a, b) == (0, e - s) for a, b in find_term(text[s:e], form))

    def fuzzy_key(self, word: str) -> str:
        """The folded comparison key of a word (:func:`termalign.lang.spelling.fold` of its lower case)."""
        return fold(word.lower())

    # ------------------------------------------------------------------------------------------ cache

    #: What a cached index keeps: everything built from the glossary, not the glossary itself (reattached), and
    #: not the fuzzy vocabularies (an entry of their own, see :attr:`_vocabularies`).
    _CACHED = ("_source_plan", "_source", "_target_patterns", "_flagged", "_accepted", "single_accepted",
               "_probes", "_case_sensitive", "lexicon", "forbidden_words")

    @classmethod
    def load(cls, glossary: Glossary, *, min_length: int = 5) -> TermIndex:
        """``TermIndex(glossary, min_length=min_length)``, read from termalign's user cache when this glossary's
        index was built before (:mod:`termalign.cache`), else built and stored there.

        The key is every entry field the index reads (in order), ``min_length``, and the size and modification
        time of the modules whose rules shape the index (a changed rule in a development checkout is a new key).
        A cached index answers exactly what a fresh one does; only the glossary object is this run's own.
        """
        from termalign import cache

        if not cache.enabled():
            return cls(glossary, min_length=min_length)
        fields = [(e.source, e.target, e.source_variants, e.target_variants, e.forbidden, e.pos, e.case_sensitive,
                   e.do_not_translate) for e in glossary.entries]
        digest = hashlib.sha256(repr(fields).encode("utf-8", "surrogatepass")).hexdigest()
        key = cache.full_key("index", digest, min_length, cache.code_identity(
            __name__, "termalign.lang.english", "termalign.lang.spelling", "termalign.lang.indonesian",
            "termalign.checks.patterns", "termalign.glossary.rows"))
        state = cache.load("index", key)
        index = cls.__new__(cls)
        if isinstance(state, dict) and set(state) == set(cls._CACHED):
            index.__dict__.update(state)
            index.glossary = glossary
            index.entries = tuple(glossary.entries)
            index.min_length = min_length
            index._form_of = {}
            index._cache_key = key
            return index
        index = cls(glossary, min_length=min_length)
        cache.store("index", key, {name: getattr(index, name) for name in cls._CACHED})  # builds the lazy ones
        index._cache_key = key
        return index


_EN_ENDINGS = frozenset({"s", "es", "'s", "’s"})
#: Indonesian bound forms written together with the word they modify (KBBI: "subdirektori", "nonaktif",
#: "pascaoperasi", "antarmuka"): a compound of an accepted term counts as the term.
BOUND_PREFIXES = frozenset((
    "sub", "non", "pra", "pasca", "antar", "multi", "semi", "super", "ultra", "anti", "infra", "intra", "inter",
    "mikro", "makro", "mega", "ekstra", "swa", "nir",
))


def _pattern(kind: str, entry: int, form: str, case_sensitive: bool, pos: str,
             inflect: Callable[[str, str], frozenset[str]] = english_inflections) -> _Pattern:
    inflections = inflect(form, pos) if kind in (SOURCE, ENGLISH) else frozenset()
    cut = len(form)
    letters = frozenset(t[cut] for t in inflections)
    return _Pattern(kind, entry, form, case_sensitive, pos, _LETTERS.setdefault(letters, letters))


#: One copy of each set of next letters (there are a handful), shared by the patterns.
_LETTERS: dict[frozenset[str], frozenset[str]] = {}


def _word_table(patterns: dict[str, list[_Pattern]], inflect: Callable[[str, str], frozenset[str]] = english_inflections
                ) -> dict[str, tuple[tuple[_Pattern, bool], ...]]:
    """Word → the single-word patterns it is an occurrence of: the form itself, or an English inflection of it
    (flag True). Each word's patterns are sorted by entry, the order hits of one token are reported in."""
    table: dict[str, list[tuple[_Pattern, bool]]] = defaultdict(list)
    for key, group in patterns.items():
        if not _RUN.fullmatch(key):
            continue
        for p in group:
            table[key].append((p, False))
            for inflected in (inflect(p.form, p.pos) if p.kind in (SOURCE, ENGLISH) else ()):
                if _RUN.fullmatch(inflected):
                    table[inflected].append((p, True))
    out = {}
    for word, items in table.items():
        items.sort(key=lambda t: (t[0].entry, t[1]))
        # One pattern per entry (a variant may itself be an inflection of the term: "file" and "files").
        out[word] = tuple(t for k, t in enumerate(items) if k == 0 or t[0].entry != items[k - 1][0].entry)
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
    ordered = sorted(hits, key=lambda h: (h.start, h.start - h.end, h.entry))
    out: list[Hit] = []
    last_end = -1
    for hit in ordered:
        if hit.start >= last_end:
            out.append(hit)
            last_end = hit.end
        elif out and (hit.start, hit.end) == (out[-1].start, out[-1].end) and hit.entry != out[-1].entry:
            out.append(hit)  # the same form listed by several entries: keep all of them
    return out
