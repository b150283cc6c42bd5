"""The check runner: streams units, does the expensive work once per distinct content, applies ignores, baselines.

``run_checks(inputs, glossary)`` (or :class:`CheckRun`, its streaming form) reads units from its inputs (PO/MO/TMX
files, text files, aligned pairs, or :class:`~termalign.checks.base.Unit` objects) in batches of ``batch_size``
and keeps no more than a batch of them in memory:

1. **Distinct content only.** What a check finds in a unit depends only on its content (text, source and their
   languages), so a unit whose content was already checked (the same msgid/msgstr under another msgctxt, the
   same sentence in another file) gets the earlier result, re-located to its own file and line; only new
   contents reach the checks. Results are remembered for up to :data:`CACHE_SIZE` distinct contents.
2. **Shared analyses.** For the new contents of a batch, a :class:`Batch` computes lazily and once for all checks:

   * ``source_hits`` / ``target_hits``: exact glossary hits (Aho-Corasick, one scan per string);
   * ``expectations``: for every glossary term in a unit's source, what its target did with it: an accepted
     form (morphology-aware), the English form left in, a near miss of the expected form, or nothing. Near
     misses are only looked for in windows holding a word that is not a known word (the guard would reject
     any other window), so a target of known words costs a few dictionary look-ups;
   * ``token_garbles``: the monolingual garble scan. Every distinct token of the batch that is neither a
     glossary word nor a known word (:mod:`termalign.checks.known_words`) is folded and compared with the
     glossary's fuzzy vocabulary, grouped by first letter and length, so a token seen 10,000 times is compared
     once. Verdicts are cached for the whole run.
3. **Findings stream out** in input order as each batch is done (with their baseline fingerprints): findings
   in a unit carrying an inline ``termalign: ignore CODE`` comment are dropped, then those listed in the
   baseline (:mod:`termalign.checks.baseline`). Run-wide findings, which need every unit first (the
   ``inconsistent-term`` check, variants of glossary terms), follow at the end, in input order among themselves.
   Checks keep their run-wide state compact (per scope, a counter of the glossary entries rendered and of the
   forms used), so memory does not grow with the number of findings.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import posixpath
import re
import time
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from termalign._gc import paused_gc
from termalign.checks.base import BaseCheck, CheckContext, CheckOptions, Note, Unit, iter_batches
from termalign.checks.index import _RUN, ENGLISH, FORBIDDEN, Hit, TermIndex, VocabWord, lower_same_length
from termalign.checks.known_words import KnownWords
from termalign.checks.patterns import (
    ACCELERATOR_INSIDE,
    WORD,
    code_spans,
    command_spans,
    inside,
    is_constant,
    is_name,
)
from termalign.lang.indonesian import base_forms, is_form_of
from termalign.lang.spelling import fold
from termalign.model import Finding, Glossary, GlossaryEntry, Severity

if TYPE_CHECKING:
    from termalign.checks.baseline import Baseline

#: code → "module:Class" of every check, in the order they run and are documented.
CHECKS: dict[str, str] = {
    "garbled-term": "termalign.checks.garbled:GarbledTermCheck",
    "glued-words": "termalign.checks.glued:GluedWordsCheck",
    "untranslated-term": "termalign.checks.untranslated:UntranslatedTermCheck",
    "missing-term": "termalign.checks.missing:MissingTermCheck",
    "forbidden-term": "termalign.checks.forbidden:ForbiddenTermCheck",
    "inconsistent-term": "termalign.checks.inconsistent:InconsistentTermCheck",
    "wrong-language": "termalign.checks.wrong_language:WrongLanguageCheck",
}
#: Checks that look at one string alone (they run on plain monolingual text too).
MONOLINGUAL = (
    "garbled-term", "glued-words", "forbidden-term", "untranslated-term", "inconsistent-term", "wrong-language"
)
DEFAULT_BATCH = 2000
#: Distinct unit contents whose results are remembered (about 0.4 kB each: 20 MB at most). A 40,000-entry
#: catalog fits; past that, new contents are still checked, just not remembered.
CACHE_SIZE = 50_000
_MASK = (1 << 64) - 1


def check_class(code: str) -> type[BaseCheck]:
    """The class implementing check ``code`` (raises ``KeyError`` for an unknown code)."""
    module, _, name = CHECKS[code].partition(":")
    cls: type[BaseCheck] = getattr(importlib.import_module(module), name)
    return cls


def select_checks(checks: Iterable[str] | None = None, disable: Iterable[str] = ()) -> list[str]:
    """The check codes to run: ``checks`` (default all) minus ``disable``, in :data:`CHECKS` order.

    Raises ``ValueError`` naming any unknown code.
    """
    wanted = list(CHECKS) if checks is None else [c.strip() for c in checks if c.strip()]
    dropped = [c.strip() for c in disable if c.strip()]
    unknown = sorted({c for c in (*wanted, *dropped) if c not in CHECKS})
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(unknown)} (known: {', '.join(CHECKS)})")
    return [c for c in CHECKS if c in wanted and c not in dropped]


# ------------------------------------------------------------------------------------------ analyses


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


class TokenGarble(NamedTuple):
    """A token (or phrase built around it) of a target close to a glossary word but not a known word."""

    start: int
    end: int
    surface: str
    entry: int
    matched: str
    suggestion: str
    score: float
    variant: bool
    steps: tuple[str, ...]


class _Verdict(NamedTuple):
    """Cached fuzzy verdict for one distinct token: the best vocabulary match, or None."""

    key: str
    match: VocabWord
    matched_key: str
    score: float
    distance: int
    reason: str


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
            # Per language, for the run: every word judged so far, and those of them that are unknown (set
            # operations in C instead of a look-up per word).
            judged, unknown = self.ctx.state.setdefault(f"_unknown_{lang}", (set(), set()))
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

    @cached_property
    def token_garbles(self) -> list[list[TokenGarble]]:
        """The monolingual garble scan of every unit's text (see the module docstring)."""
        return _scan_tokens(self)


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
    near = _near_miss(batch, i, entry.targets, entry.sources)
    if near is not None:
        return Expectation(hit.entry, hit, "near", near[0], near[1], near[2], near[3], near[4], near[5])
    return Expectation(hit.entry, hit, "missing")


def _folded_phrase(words: Sequence[str]) -> str:
    return " ".join(fold(w.lower()) for w in words)


_FORM_WORDS: dict[str, tuple[list[str], str]] = {}


def _form_words(form: str) -> tuple[list[str], str]:
    """The words of a glossary form and its folded key (cached: the same forms come back all run long)."""
    got = _FORM_WORDS.get(form)
    if got is None:
        words = WORD.findall(form)
        got = (words, _folded_phrase(words))
        if len(_FORM_WORDS) < 100_000:
            _FORM_WORDS[form] = got
    return got


def _near_miss(
    batch: Batch, i: int, targets: Sequence[str], sources: Sequence[str]
) -> tuple[tuple[int, int], str, str, float, bool, tuple[str, ...]] | None:
    """The best near miss in unit ``i``'s text of any expected form (``targets`` first, then ``sources``).

    Windows of as many tokens as the form has words are compared on folded spellings; tokens that differ from
    the form's words must be unknown words (the guard) and outside code spans, so only windows holding an
    unknown word are compared at all. Indonesian single-word forms are also compared with the bases of longer
    unknown tokens ("flebolithnya" → "flebolith").
    """
    unknown = batch.unknown(i)
    if not unknown:
        return None
    unit = batch.units[i]
    tokens = batch.tokens(i)
    count = len(tokens)
    threshold = batch.ctx.options.threshold
    ratio = fuzz.ratio
    best: tuple[float, int, int, str, str, bool, tuple[str, ...]] | None = None
    for form in (*targets, *sources):
        words, fkey = _form_words(form)
        n = len(words)
        if not n or n > count:
            continue
        if n == 1:
            starts: Iterable[int] = unknown
        else:
            starts = sorted({k for u in unknown for k in range(max(0, u - n + 1), min(u, count - n) + 1)})
        scored: list[tuple[int, str, float]] = []
        for k in starts:
            wkey = batch.window_key(i, k, n)
            score = ratio(fkey, wkey, score_cutoff=threshold)
            if score >= threshold:
                scored.append((k, wkey, score))
        if n == 1 and unit.lang == "id" and len(fkey) >= 4:
            probe = fkey[1:4]
            for k in unknown:
                tok = tokens[k][2]
                if len(tok) > len(words[0]) + 1 and probe in batch.window_key(i, k, 1):
                    for base in base_forms(tok)[1:]:
                        bkey = fold(base)
                        score = ratio(bkey, fkey)
                        if score >= threshold:
                            scored.append((k, bkey, score))
        for k, wkey, score in scored:
            cand = _judge_window(batch, i, tokens[k : k + n], words, form, fkey, wkey, float(score))
            if cand is not None and (best is None or (cand[0], -cand[1]) > (best[0], -best[1])):
                best = cand
    if best is None:
        return None
    score, s, e, surface, form, variant, steps = best
    return (s, e), surface, form, score, variant, steps


def _judge_window(
    batch: Batch, i: int, window: Sequence[tuple[int, int, str]], words: Sequence[str], form: str, fkey: str,
    wkey: str, score: float,
) -> tuple[float, int, int, str, str, bool, tuple[str, ...]] | None:
    """A near-miss candidate when the window passes the edit bound, the code/mnemonic test and the guard."""
    ctx = batch.ctx
    unit = batch.units[i]
    opts = ctx.options
    n = len(words)
    differing = [
        (tok, word) for (_, _, tok), word in zip(window, words, strict=True)
        if tok.lower() != word.lower() and not is_form_of(tok, word)
    ]
    if not differing or len(differing) > max(1, n // 2):
        return None
    s, e = window[0][0], window[-1][1]
    dist = Levenshtein.distance(wkey, fkey)
    if dist > opts.edit_bound(max(len(wkey), len(fkey)) // max(1, n)) * n:
        return None
    if inside(batch.code_spans(i, quotes=False), s, e) or _mnemonic(unit.text, s, e):
        return None
    reasons = []
    for tok, _word in differing:
        if len(tok) < 3 or ctx.known.is_known(tok.lower(), unit.lang):
            return None
        reasons.append(f"{tok!r} is not a known word ({_not_known_note(ctx, tok.lower())})")
    variant = all(_is_variant(tok.lower(), word.lower()) for tok, word in differing)
    steps = (
        f"expected {form!r} here (the source has its English term)",
        f"folded spelling {wkey!r} vs {fkey!r}: Indel ratio {score:.1f} ≥ {opts.threshold:g}, "
        f"Levenshtein distance {dist}",
        *reasons,
    )
    return (score, s, e, unit.text[s:e], form, variant, steps)


def _is_variant(token: str, word: str) -> bool:
    """Whether ``token`` is ``word`` cut short by a letter or two ("distrofi" for "distrofik"): another real
    word form more often than damage. Longer forms ("flebolith") are garbles."""
    return len(token) >= 4 and word.startswith(token) and 0 < len(word) - len(token) <= 2


def _not_known_note(ctx: CheckContext, word: str) -> str:
    return (
        f"wordfreq en Zipf < {ctx.known.en_min_zipf:g}, not in the wordfreq id or Sastrawi root lists, no affix "
        "or inflection leads to one"
    )


# --------------------------------------------------------------------------------- monolingual scan


def _vocab_buckets(ctx: CheckContext, side: str) -> dict[str, list[str]]:
    """Fuzzy-vocabulary keys of one language grouped by first letter (cached per run)."""
    all_buckets: dict[str, dict[str, list[str]]] = ctx.state.setdefault("_vocab_buckets", {})
    buckets = all_buckets.get(side)
    if buckets is None:
        buckets = defaultdict(list)
        keys, words = ctx.index.vocabulary(side)
        for key in keys:
            buckets[key[:1]].append(key)
        all_buckets[side] = buckets
        ctx.state.setdefault("_vocab_words", {})[side] = dict(zip(keys, words, strict=True))
    return buckets


def _choices(ctx: CheckContext, side: str, first: str, length: int) -> list[str]:
    """Vocabulary keys with first letter ``first`` whose length allows a ratio ≥ threshold with ``length``."""
    cache: dict[tuple[str, str, int], list[str]] = ctx.state.setdefault("_choices", {})
    got = cache.get((side, first, length))
    if got is None:
        r = ctx.options.threshold / 100
        lo, hi = length * r / (2 - r), length * (2 - r) / r
        got = [k for k in _vocab_buckets(ctx, side).get(first, ()) if lo <= len(k) <= hi]
        cache[(side, first, length)] = got
    return got


def _verdicts(ctx: CheckContext, lang: str, tokens: Iterable[str]) -> dict[str, _Verdict | None]:
    """Fuzzy verdicts for distinct ``tokens`` of language ``lang``, cached across batches (the cache of ``lang``
    is returned: token → verdict).

    A token gets a verdict when it is long enough, not a glossary word, not capitalised inside (identifiers,
    names, glued words), not a known word, within the threshold and the edit bound of a glossary word of its
    language, and no known word is as close to it as that glossary word is (then it is more likely a typo of
    the known word: "dearah" is as close to "daerah" as to the glossary's "darah").
    """
    cache: dict[str, _Verdict | None] = ctx.state.setdefault("_verdicts", {}).setdefault(lang, {})
    index = ctx.index
    lexicon = index.lexicon
    forbidden = index.forbidden_words
    opts = ctx.options
    todo: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for token in tokens:
        if token in cache:
            continue
        lowered = token.lower()
        if (
            len(token) < opts.min_length
            or lowered in lexicon
            or (lang == "id" and lowered in forbidden)
            or (token[1:] != token[1:].lower())  # inner capitals: identifiers, names, glued words
            or ctx.known.is_known(lowered, lang)
        ):
            cache[token] = None
            continue
        todo[(fold(lowered), lang)].append((token, lang))
    for key, side in sorted(todo):
        _vocab_buckets(ctx, side)
        words_of: dict[str, tuple[VocabWord, ...]] = ctx.state["_vocab_words"][side]
        found: _Verdict | None = None
        choices = _choices(ctx, side, key[:1], len(key)) if key else []
        if choices:
            matches = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=opts.threshold, limit=5)
            ranked = sorted(matches, key=lambda m: (-m[1], m[0]))
            for match_key, score, _ in ranked:
                dist = Levenshtein.distance(key, match_key)
                if dist > opts.edit_bound(max(len(key), len(match_key))):
                    continue
                found = _Verdict(key, words_of[match_key][0], match_key, float(score), dist, "")
                break
        for pair in todo[(key, side)]:
            verdict = found
            if verdict is not None:
                lowered = pair[0].lower()
                target = verdict.match.word.lower()
                if lowered == target:
                    verdict = None
                else:
                    raw = OSA.distance(lowered, target)
                    near = ctx.known.neighbour(lowered, side, raw)
                    if near is not None:
                        verdict = None
            cache[pair[0]] = verdict
    return cache


def _suggestion(ctx: CheckContext, vw: VocabWord) -> tuple[str, str]:
    """The glossary word to suggest for vocabulary word ``vw`` and the full term (of its language) it is in."""
    entry = ctx.index.entries[vw.entry]
    forms = entry.sources if vw.side == "en" else entry.targets
    lowered = vw.word.lower()
    term = next((f for f in forms if lowered in (w.lower() for w in WORD.findall(f))), forms[0] if forms else vw.word)
    return vw.word, term


def _scan_tokens(batch: Batch) -> list[list[TokenGarble]]:
    ctx = batch.ctx
    opts = ctx.options
    units = batch.units
    out: list[list[TokenGarble]] = [[] for _ in units]
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        if unit.text:
            by_lang[unit.lang].append(i)
    for lang, members in sorted(by_lang.items()):
        # Distinct tokens of the whole batch first (one regex pass), fuzzy work only on those.
        joined = "\n".join([units[i].text for i in members])
        shortest = opts.min_length
        distinct = [tok for tok in set(WORD.findall(joined)) if len(tok) >= shortest]
        verdicts = _verdicts(ctx, lang, distinct)
        flagged = sorted([tok for tok in distinct if verdicts.get(tok) is not None])
        if not flagged:
            continue
        finder = re.compile("|".join(re.escape(t) for t in flagged))
        # The members holding a flagged token: one scan of the joined text, each match placed by its offset.
        starts = list(accumulate([len(units[i].text) + 1 for i in members], initial=0))
        holding = sorted({bisect_right(starts, m.start()) - 1 for m in finder.finditer(joined)})
        for k in holding:
            i = members[k]
            unit = units[i]
            source_words = [w.lower() for w in WORD.findall(unit.source)] if unit.source else []
            for m in WORD.finditer(unit.text):
                tok = m.group()
                verdict = verdicts.get(tok)
                if verdict is None:
                    continue
                s, e = m.span()
                if _mnemonic(unit.text, s, e) or inside(batch.code_spans(i, quotes=False), s, e):
                    continue
                lowered = tok.lower()
                if any(fuzz.ratio(lowered, w) >= opts.threshold for w in source_words):
                    continue  # copied from the source (a name or identifier, maybe mistyped), not a term garble
                out[i].append(_token_garble(batch, i, s, e, tok, verdict))
    return out


def _mnemonic(text: str, start: int, end: int) -> bool:
    """Whether a token touches a keyboard-accelerator marker inside a word (:data:`ACCELERATOR_INSIDE`:
    "Op_asitas", "Ber&kas"): it is half a word."""
    return (start >= 1 and ACCELERATOR_INSIDE.match(text, start - 1) is not None) or (
        ACCELERATOR_INSIDE.match(text, end) is not None
    )


def _token_garble(batch: Batch, i: int, s: int, e: int, tok: str, verdict: _Verdict) -> TokenGarble:
    """A :class:`TokenGarble` for ``tok``, widened to the glossary phrase around it when its neighbours match."""
    ctx = batch.ctx
    unit = batch.units[i]
    vw = verdict.match
    word, term = _suggestion(ctx, vw)
    surface, start, end, suggestion = tok, s, e, word
    words = term.split()
    # A phrase: the other words of the term stand around the token ("kalsifikasi distrofi").
    if len(words) > 1:
        lowered = [w.lower() for w in words]
        pos = next((k for k, w in enumerate(lowered) if w == word.lower()), -1)
        if pos >= 0:
            toks = batch.tokens(i)
            here = next((k for k, t in enumerate(toks) if t[0] == s), -1)
            first = here - pos
            if here >= 0 and first >= 0 and first + len(words) <= len(toks):
                window = toks[first : first + len(words)]
                if all(k == pos or is_form_of(t[2], lowered[k]) for k, t in enumerate(window)):
                    start, end = window[0][0], window[-1][1]
                    surface, suggestion = unit.text[start:end], term
    entry = ctx.index.entries[vw.entry]
    steps = (
        f"{tok!r} is not a glossary word and not a known word ({_not_known_note(ctx, tok.lower())})",
        f"folded spelling {verdict.key!r} vs glossary word {vw.word!r} → {verdict.matched_key!r}: Indel ratio "
        f"{verdict.score:.1f} ≥ {ctx.options.threshold:g}, Levenshtein distance {verdict.distance} ≤ "
        f"{ctx.options.edit_bound(max(len(verdict.key), len(verdict.matched_key)))}",
        f"glossary entry: {entry.source} → {entry.target}" + (f" ({_origin(entry)})" if entry.origin else ""),
    )
    return TokenGarble(
        start, end, surface, vw.entry, vw.word, suggestion, verdict.score, _is_variant(tok.lower(), word.lower()),
        steps,
    )


def _origin(entry: Any) -> str:
    origin = entry.origin
    if origin is None:
        return ""
    return f"{origin.file}:{origin.line}" if origin.line else str(origin.file)


# ------------------------------------------------------------------------------------------- running


@dataclass
class CheckResult:
    """What a run produced: findings in output order (see the module docstring), their baseline fingerprints,
    and counts for summaries."""

    findings: list[Finding] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    units: int = 0
    files: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    ignored: int = 0
    baselined: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """Findings per severity (``error``/``warning``/``info``)."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def by_code(self) -> dict[str, int]:
        """Findings per check code, sorted by code."""
        out: dict[str, int] = defaultdict(int)
        for f in self.findings:
            out[f.code] += 1
        return dict(sorted(out.items()))


def fingerprint(finding: Finding, unit: Unit) -> str:
    """A line-number-free identity of a finding: code, file, offending text and a hash of its unit.

    The unit part is its ``key`` (``msgctxt``+``msgid`` for PO entries, the segment text for plain text),
    so moving an entry or editing other entries keeps the fingerprint; changing the entry itself does not.
    """
    # "./po/id.po", "po//id.po" and "po/id.po" are one file: the baseline must not depend on how it was typed.
    file = posixpath.normpath(unit.file.replace("\\", "/")) if unit.file else ""
    raw = "\x1f".join((finding.code, file, finding.text.lower(), unit.key or unit.text))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def make_context(
    glossary: Glossary, *, options: CheckOptions | None = None, enabled: Iterable[str] = ()
) -> CheckContext:
    """A fresh :class:`CheckContext` for one run over ``glossary``."""
    opts = options or CheckOptions()
    with paused_gc():  # tens of thousands of patterns and tuples, none in a reference cycle
        index = TermIndex(glossary, min_length=opts.min_length)
        known = KnownWords(extra=opts.extra_words, lexicon=index.lexicon)
    return CheckContext(index=index, known=known, options=opts, enabled=frozenset(enabled))


def _iter_units(inputs: Any) -> Iterator[Unit]:
    if isinstance(inputs, Unit) or hasattr(inputs, "units"):
        inputs = [inputs]
    for item in inputs:
        if isinstance(item, Unit):
            yield item
        elif hasattr(item, "units"):
            yield from item.units()
        else:
            raise TypeError(
                f"cannot check {type(item).__name__}: pass Unit objects or inputs from termalign.checks.inputs"
            )


_SUPPRESSED_BY_LANGUAGE = frozenset({"untranslated-term", "missing-term", "garbled-term"})


class _Cached(NamedTuple):
    """What the checks found in one content, kept compact for later units with the same content: each finding
    as ``(code, severity, text, message, lang, start, end, suggestion, explanation)`` (placed in the unit when
    it is used) and the run-wide notes each check made (check index, data)."""

    findings: tuple[tuple[Any, ...], ...]
    notes: tuple[tuple[int, Any], ...]


class _Fresh(NamedTuple):
    """What the checks found in a unit checked just now: its findings (already placed in it) and notes."""

    findings: tuple[Finding, ...]
    notes: tuple[tuple[int, Any], ...]


_NOTHING = _Cached((), ())

#: A planned batch (:meth:`CheckRun._plan`): a result or slot per unit, the new contents, content key → slot.
_Plan = tuple[list[Any], list[Unit], dict[int, int]]

#: The run a forked worker process serves (set in the parent just before the fork, inherited by the workers).
_WORKER_RUN: CheckRun | None = None


def _work(units: list[Unit]) -> list[_Fresh]:
    """Check ``units`` in a worker process with the run it inherited (see :meth:`CheckRun._parallel`)."""
    assert _WORKER_RUN is not None
    with paused_gc():
        return _WORKER_RUN._check(units)


class CheckRun:
    """One run of the checks as a stream: iterate it for ``(finding, fingerprint)`` pairs in output order.

    Counts (``units``, ``files``, ``ignored``, ``baselined``, ``seconds``) are final once the iteration ends.
    ``fingerprints=False`` skips computing fingerprints (None is given instead) unless a baseline needs them.
    ``jobs`` > 1 checks batches in that many forked worker processes (POSIX systems with ``fork`` only; elsewhere
    the run stays in one process): the same findings in the same order, more memory; for machines with more than
    two cores (on two, the parent's share of the work leaves little to gain).
    See the module docstring for the order and for what is computed once per distinct content.
    """

    def __init__(
        self,
        inputs: Any,
        glossary: Glossary,
        *,
        checks: Iterable[str] | None = None,
        disable: Iterable[str] = (),
        options: CheckOptions | None = None,
        baseline: Baseline | None = None,
        batch_size: int = DEFAULT_BATCH,
        severity: dict[str, Severity] | None = None,
        fingerprints: bool = True,
        jobs: int = 1,
    ) -> None:
        self.inputs = inputs
        self.jobs = jobs if jobs > 1 and _can_fork() else 1  # no multiprocessing import for one process
        self.checks = select_checks(checks, disable)
        self.ctx = make_context(glossary, options=options, enabled=self.checks)
        self.instances = [check_class(code)() for code in self.checks]
        self.baseline = baseline
        self.batch_size = max(1, batch_size)
        self.severity = dict(severity or {})
        self.want_fingerprints = fingerprints or baseline is not None
        self.units = 0
        self.files: list[str] = []
        self.ignored = 0
        self.baselined = 0
        self.seconds = 0.0
        self._cache: dict[int, _Cached] = {}

    def __iter__(self) -> Iterator[tuple[Finding, str | None]]:
        # Young objects are still collected once per batch (see _iterate).
        with paused_gc():
            yield from self._iterate()

    def _iterate(self) -> Iterator[tuple[Finding, str | None]]:
        t0 = time.perf_counter()
        files: dict[str, None] = {}
        position = 0
        cache = self._cache
        instances = self.instances
        ctx = self.ctx
        for units, results in self._batches():
            for unit, result in zip(units, results, strict=True):
                if unit.file is not None and unit.file not in files:
                    files[unit.file] = None
                if result.findings:
                    for item in result.findings:
                        emitted = self._emit(item if isinstance(item, Finding) else _placed(item, unit), unit)
                        if emitted is not None:
                            yield emitted
                for ci, data in result.notes:
                    instances[ci].observe(ctx, position, unit, data)
                position += 1
            self.units = position
            self.files = list(files)
            gc.collect(0)
        cache.clear()  # contents are not seen again: free the memory before the run-wide findings
        late: list[tuple[tuple[int, int, str], int, Finding, Unit]] = []
        for check in instances:
            for pos, unit, finding in check.finish(ctx):
                late.append(((pos, finding.location.start or 0, finding.code), len(late), finding, unit))
        late.sort(key=lambda t: (t[0], t[1]))
        for _, _, finding, unit in late:
            emitted = self._emit(finding, unit)
            if emitted is not None:
                yield emitted
        self.units = position
        self.files = list(files)
        self.seconds = time.perf_counter() - t0

    def _emit(self, finding: Finding, unit: Unit) -> tuple[Finding, str | None] | None:
        """The finding as it goes out (severity override applied, fingerprint), or None when silenced."""
        if self.severity and finding.code in self.severity:
            finding = _with_severity(finding, self.severity[finding.code])
        if unit.ignore and unit.ignores(finding.code):
            self.ignored += 1
            return None
        fp = fingerprint(finding, unit) if self.want_fingerprints else None
        if self.baseline is not None and self.baseline.consume(fp):  # type: ignore[arg-type]
            self.baselined += 1
            return None
        return finding, fp

    def _batches(self) -> Iterator[tuple[list[Unit], list[_Cached | _Fresh]]]:
        """Each batch of units with its results, in input order: checked here, or by worker processes when
        ``jobs`` > 1 (see :class:`CheckRun`)."""
        batches = iter_batches(_iter_units(self.inputs), self.batch_size)
        if self.jobs <= 1:
            for units in batches:
                plan = self._plan(units)
                yield units, self._complete(plan, self._check(plan[1]) if plan[1] else [])
            return
        yield from self._parallel(batches)

    def _parallel(self, batches: Iterator[list[Unit]]) -> Iterator[tuple[list[Unit], list[_Cached | _Fresh]]]:
        """:meth:`_batches` with ``jobs`` forked workers, each inheriting this run (glossary index, word lists)
        instead of rebuilding it. At most ``2 × jobs`` batches are in flight, so memory stays bounded; batches
        come back in input order. A content repeated within the batches in flight may be checked twice (the
        cache learns it only when its batch returns): same result, a little more work.

        A worker that dies (killed by the out-of-memory killer, a crash in a C extension) ends the run with
        :class:`WorkerDied` instead of waiting forever for its batch (``multiprocessing.Pool`` would)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _WORKER_RUN
        gc.collect()
        gc.freeze()  # objects made so far stay shared with the workers (the collector would touch every page)
        _WORKER_RUN = self
        # With "fork", the executor starts all its workers at once, before its own management thread.
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"))
        window: deque[tuple[list[Unit], _Plan, Any]] = deque()

        def oldest() -> tuple[list[Unit], list[_Cached | _Fresh]]:
            units, plan, pending = window.popleft()
            try:
                fresh = pending.result() if pending is not None else []
            except BrokenProcessPool:
                raise WorkerDied(self.jobs) from None
            return units, self._complete(plan, fresh)

        try:
            for units in batches:
                plan = self._plan(units)
                try:
                    window.append((units, plan, pool.submit(_work, plan[1]) if plan[1] else None))
                except BrokenProcessPool:
                    raise WorkerDied(self.jobs) from None
                if len(window) > 2 * self.jobs:
                    yield oldest()
            while window:
                yield oldest()
        finally:
            # A run stopped early does not wait for the batches in flight (the executor has no public way).
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
            _WORKER_RUN = None
            gc.unfreeze()

    def _plan(self, units: list[Unit]) -> _Plan:
        """Where each unit's result comes from (see :meth:`_complete`) and the distinct new contents to check.

        Each slot of the returned list is a cached result, ``-1 - k`` for the first unit of this batch with the
        ``k``-th new content, or ``k`` for a later unit with that content; the dict maps content keys to ``k``.
        """
        cache = self._cache
        out: list[_Cached | _Fresh | int] = []
        todo: list[Unit] = []
        pending: dict[int, int] = {}
        for unit in units:
            # A 128-bit key from two hashes of different objects (independent), not the strings themselves: the
            # cache holds tens of thousands of contents.
            text, source = unit.text, unit.source
            key = ((hash((text, unit.lang, source, unit.source_lang)) & _MASK) << 64) | (
                hash(f"{unit.lang}{unit.source_lang}{text}\x1f{source}") & _MASK)
            got = cache.get(key)
            if got is not None:
                out.append(got)
                continue
            slot = pending.get(key)
            if slot is None:
                slot = pending[key] = len(todo)
                todo.append(unit)
                out.append(-1 - slot)  # the first unit with this content: its own, placed findings
            else:
                out.append(slot)  # a later unit of this batch with the same content: the cached form
        return out, todo, pending

    def _complete(self, plan: _Plan, fresh: list[_Fresh]) -> list[_Cached | _Fresh]:
        """The results of a planned batch (:meth:`_plan`) once its new contents were checked (``fresh``); the
        new contents go into the cache."""
        out, todo, pending = plan
        if not todo:
            return out  # type: ignore[return-value]
        cache = self._cache
        compact = [_NOTHING if not r.findings and not r.notes else _Cached(
            tuple(_template(f) for f in r.findings), r.notes) for r in fresh]
        room = CACHE_SIZE - len(cache)
        for key, slot in pending.items():
            if room <= 0:
                break
            cache[key] = compact[slot]
            room -= 1
        return [r if not isinstance(r, int) else (fresh[-1 - r] if r < 0 else compact[r]) for r in out]

    def _check(self, units: list[Unit]) -> list[_Fresh]:
        """Run every check over ``units`` (distinct contents) and package what each unit got."""
        ctx = self.ctx
        batch = Batch(units, ctx)
        found: dict[int, list[Finding]] = defaultdict(list)
        notes: dict[int, list[tuple[int, Any]]] = defaultdict(list)
        for ci, check in enumerate(self.instances):
            for i, item in check.run(batch, ctx):
                if isinstance(item, Note):
                    notes[i].append((ci, item.data))
                else:
                    found[i].append(item)
        out: list[_Fresh] = []
        empty = _Fresh((), ())
        for i, unit in enumerate(units):
            items = found.get(i)
            noted = notes.get(i)
            if items is None and noted is None:
                out.append(empty)
                continue
            kept: list[Finding] = []
            if items:
                kept = _dedupe(items)
                if any(f.code == "wrong-language" and f.lang == unit.lang for f in kept):
                    kept = [f for f in kept if f.code not in _SUPPRESSED_BY_LANGUAGE]
                kept.sort(key=lambda f: (f.location.start or 0, f.code))
            out.append(_Fresh(tuple(kept), tuple(noted or ())))
        return out


class WorkerDied(RuntimeError):
    """A worker process of a ``jobs`` > 1 run ended without returning its batch (killed by the system, most often
    for lack of memory). Not an input error: the CLI reports it as an internal error (exit status 3)."""

    def __init__(self, jobs: int) -> None:
        super().__init__(
            f"a worker process of the {jobs} started by -j/--jobs stopped without finishing its work (killed, "
            "perhaps by the system for lack of memory); run again with fewer jobs or without -j")


def _can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows; not where ``fork`` is unavailable)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _template(f: Finding) -> tuple[Any, ...]:
    return (f.code, f.severity, f.text, f.message, f.lang, f.location.start, f.location.end, f.suggestion,
            f.explanation)


def _placed(template: tuple[Any, ...], unit: Unit) -> Finding:
    """A cached finding placed in ``unit`` (a finding about the source has the source's language)."""
    code, severity, text, message, lang, start, end, suggestion, explanation = template
    return Finding(code, severity, text, message, lang, unit.location(start, end, on_source=lang != unit.lang),
                   suggestion, explanation)


def run_checks(
    inputs: Any,
    glossary: Glossary,
    *,
    checks: Iterable[str] | None = None,
    disable: Iterable[str] = (),
    options: CheckOptions | None = None,
    baseline: Baseline | None = None,
    batch_size: int = DEFAULT_BATCH,
    severity: dict[str, Severity] | None = None,
    jobs: int = 1,
) -> CheckResult:
    """Run the selected checks over ``inputs`` with ``glossary`` and collect everything (see :class:`CheckRun`
    for the streaming form and the module docstring for the order).

    ``jobs`` > 1 runs the checks in that many worker processes (see :class:`CheckRun`).
    ``severity`` overrides the default severity of given codes. Findings silenced inline are counted in
    ``ignored``, those matched by ``baseline`` in ``baselined``.
    """
    run = CheckRun(inputs, glossary, checks=checks, disable=disable, options=options, baseline=baseline,
                   batch_size=batch_size, severity=severity, jobs=jobs)
    result = CheckResult(checks=run.checks)
    for finding, fp in run:
        result.findings.append(finding)
        result.fingerprints.append(fp or "")
    result.units = run.units
    result.files = run.files
    result.ignored = run.ignored
    result.baselined = run.baselined
    result.seconds = run.seconds
    return result


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(finding, severity=severity)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per code and span; for garbled-term, drop token findings inside a longer phrase finding."""
    if len(findings) < 2:
        return list(findings)
    out: list[Finding] = []
    seen: set[tuple[str, int | None, int | None, str, str]] = set()
    ordered = sorted(
        findings, key=lambda f: (f.location.start or 0, -((f.location.end or 0) - (f.location.start or 0)))
    )
    for f in ordered:
        # Findings without a span (missing terms) are told apart by their text.
        key = (f.code, f.location.start, f.location.end, f.lang, f.text if f.location.start is None else "")
        if key in seen:
            continue
        if f.code == "garbled-term" and any(
            o.code == f.code and o.lang == f.lang and (o.location.start or 0) <= (f.location.start or 0)
            and (f.location.end or 0) <= (o.location.end or 0)
            for o in out
        ):
            continue
        seen.add(key)
        out.append(f)
    return out
