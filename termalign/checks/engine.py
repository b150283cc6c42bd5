"""The check runner: batches units, shares the expensive analyses between checks, applies ignores and baselines.

``run_checks(inputs, glossary)`` streams units from its inputs (PO/MO/TMX files, text files, aligned pairs,
or :class:`~termalign.checks.base.Unit` objects) in batches of ``batch_size``. For each batch a
:class:`Batch` computes, lazily and once for all checks:

* ``source_hits`` / ``target_hits``: exact glossary hits (Aho-Corasick, one scan per string);
* ``expectations``: for every glossary term in a unit's source, what its target did with it: an accepted
  form (morphology-aware), the English form left in, a near miss of the expected form, or nothing;
* ``token_garbles``: the monolingual garble scan. Every distinct token of the batch that is neither a glossary
  word nor a known word (:mod:`termalign.checks.known_words`) is folded and compared with the glossary's
  fuzzy vocabulary, grouped by first letter and length, so a token seen 10,000 times is compared once.
  Verdicts are cached for the whole run.

Findings in a unit carrying an inline ``termalign: ignore CODE`` comment are dropped, then those listed in the
baseline (:mod:`termalign.checks.baseline`). The result keeps input order.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from termalign.checks.base import BaseCheck, CheckContext, CheckOptions, Unit, iter_batches
from termalign.checks.index import ENGLISH, FORBIDDEN, Hit, TermIndex, VocabWord, lower_same_length
from termalign.checks.known_words import KnownWords
from termalign.checks.patterns import WORD, code_spans, inside
from termalign.model import Finding, Glossary, Severity
from termalign.morphology import base_forms, is_form_of
from termalign.spelling import fold

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


@dataclass(frozen=True)
class Expectation:
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


@dataclass(frozen=True)
class TokenGarble:
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


@dataclass(frozen=True)
class _Verdict:
    """Cached fuzzy verdict for one distinct token: the best vocabulary match, or None."""

    key: str
    match: VocabWord
    matched_key: str
    score: float
    distance: int
    reason: str


class Batch:
    """A list of units plus the analyses checks share, each computed on first use."""

    def __init__(self, units: Sequence[Unit], ctx: CheckContext, first: int = 0) -> None:
        self.units = units
        self.ctx = ctx
        #: Position of ``units[0]`` in the whole run (for checks that report in ``finish``).
        self.first = first
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self._tokens: dict[int, list[tuple[int, int, str]]] = {}
        self._windows: dict[tuple[int, int], list[str]] = {}
        self._lowered: dict[int, str] = {}

    def tokens(self, i: int) -> list[tuple[int, int, str]]:
        """``(start, end, token)`` of unit ``i``'s words (cached)."""
        got = self._tokens.get(i)
        if got is None:
            got = self._tokens[i] = [(m.start(), m.end(), m.group()) for m in WORD.finditer(self.units[i].text)]
        return got

    def window_keys(self, i: int, n: int) -> list[str]:
        """Folded keys of every window of ``n`` consecutive tokens of unit ``i`` (cached)."""
        got = self._windows.get((i, n))
        if got is None:
            folded = [fold(t.lower()) for _, _, t in self.tokens(i)]
            got = [" ".join(folded[k : k + n]) for k in range(len(folded) - n + 1)]
            self._windows[(i, n)] = got
        return got

    def lowered(self, i: int) -> str:
        """Unit ``i``'s text in lower case, offsets unchanged (cached)."""
        got = self._lowered.get(i)
        if got is None:
            got = self._lowered[i] = lower_same_length(self.units[i].text)
        return got

    def code_spans(self, i: int, *, quotes: bool = True) -> list[tuple[int, int]]:
        """Spans of unit ``i``'s text that are code, placeholders, options, URLs or paths (and quotations
        unless ``quotes`` is False)."""
        key = i if quotes else -1 - i
        if key not in self._spans:
            self._spans[key] = code_spans(self.units[i].text, quotes=quotes)
        return self._spans[key]

    @cached_property
    def source_hits(self) -> list[list[Hit]]:
        """Glossary terms in each unit's source (empty for monolingual units)."""
        index = self.ctx.index
        return [index.scan_source(u.source) if u.source else [] for u in self.units]

    @cached_property
    def target_hits(self) -> list[list[Hit]]:
        """English and forbidden glossary forms in each unit's text, and accepted forms in units without a
        source (in units with one, :attr:`expectations` looks for the accepted forms the source calls for)."""
        index = self.ctx.index
        lang = index.glossary.target_lang or "id"
        return [
            index.scan_target(u.text, u.lang, accepted=not u.source) if u.text and u.lang == lang else []
            for u in self.units
        ]

    @cached_property
    def expectations(self) -> list[list[Expectation]]:
        """For each unit, one :class:`Expectation` per glossary entry its source contains."""
        out: list[list[Expectation]] = []
        for i, unit in enumerate(self.units):
            hits = self.source_hits[i]
            if not hits or not unit.text.strip() or unit.lang != (self.ctx.index.glossary.target_lang or "id"):
                out.append([])
                continue
            seen: dict[int, None] = {}
            expectations = []
            for hit in hits:
                if hit.entry in seen:
                    continue
                seen[hit.entry] = None
                expectations.append(_expect(self, i, hit))
            out.append(expectations)
        return out

    @cached_property
    def token_garbles(self) -> list[list[TokenGarble]]:
        """The monolingual garble scan of every unit's text (see the module docstring)."""
        return _scan_tokens(self)


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


def _near_miss(
    batch: Batch, i: int, targets: Sequence[str], sources: Sequence[str]
) -> tuple[tuple[int, int], str, str, float, bool, tuple[str, ...]] | None:
    """The best near miss in unit ``i``'s text of any expected form (``targets`` first, then ``sources``).

    Windows of as many tokens as the form has words are compared on folded spellings (one rapidfuzz call per
    form over all windows); tokens that differ from the form's words must be unknown words (the guard) and
    outside code spans. Indonesian single-word forms are also compared with the bases of longer tokens
    ("flebolithnya" → "flebolith").
    """
    unit = batch.units[i]
    tokens = batch.tokens(i)
    if not tokens:
        return None
    threshold = batch.ctx.options.threshold
    best: tuple[float, int, int, str, str, bool, tuple[str, ...]] | None = None
    for form in (*targets, *sources):
        words = WORD.findall(form)
        n = len(words)
        if not n or n > len(tokens):
            continue
        fkey = _folded_phrase(words)
        keys = batch.window_keys(i, n)
        scored = [(k, wkey, score) for wkey, score, k in process.extract(
            fkey, keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)]
        if n == 1 and unit.lang == "id" and len(fkey) >= 4:
            probe = fkey[1:4]
            for k, (_, _, tok) in enumerate(tokens):
                if len(tok) > len(words[0]) + 1 and probe in keys[k]:
                    for base in base_forms(tok)[1:]:
                        bkey = fold(base)
                        score = fuzz.ratio(bkey, fkey)
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
        if len(tok) < 3 or ctx.known.reason(tok.lower(), unit.lang) is not None:
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
    from termalign.checks.known_words import zipf

    return (
        f"wordfreq en Zipf {zipf(word, 'en'):.2f} < {ctx.known.en_min_zipf:g}, not in the wordfreq id or "
        "Sastrawi root lists, no affix or inflection leads to one"
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


def _verdicts(ctx: CheckContext, tokens: Iterable[tuple[str, str]]) -> dict[tuple[str, str], _Verdict | None]:
    """Fuzzy verdicts for distinct ``(token, lang)`` pairs, cached across batches.

    A token gets a verdict when it is long enough, not a glossary word, not capitalised inside (identifiers,
    names, glued words), not a known word, within the threshold and the edit bound of a glossary word of its
    language, and no known word is as close to it as that glossary word is (then it is more likely a typo of
    the known word: "dearah" is as close to "daerah" as to the glossary's "darah").
    """
    cache: dict[tuple[str, str], _Verdict | None] = ctx.state.setdefault("_verdicts", {})
    index = ctx.index
    lexicon = index.lexicon
    forbidden = index.forbidden_words
    opts = ctx.options
    todo: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for token, lang in tokens:
        if (token, lang) in cache:
            continue
        lowered = token.lower()
        if (
            len(token) < opts.min_length
            or lowered in lexicon
            or (lang == "id" and lowered in forbidden)
            or (token[1:] != token[1:].lower())  # inner capitals: identifiers, names, glued words
            or ctx.known.reason(lowered, lang) is not None
        ):
            cache[(token, lang)] = None
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
            cache[pair] = verdict
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
        joined = "\n".join(units[i].text for i in members)
        distinct = {(tok, lang) for tok in WORD.findall(joined) if len(tok) >= opts.min_length}
        verdicts = _verdicts(ctx, distinct)
        flagged = sorted({tok for tok, _ in distinct if verdicts.get((tok, lang)) is not None})
        if not flagged:
            continue
        finder = re.compile("|".join(re.escape(t) for t in flagged))
        for i in members:
            unit = units[i]
            if finder.search(unit.text) is None:
                continue
            source_words = [w.lower() for w in WORD.findall(unit.source)] if unit.source else []
            for m in WORD.finditer(unit.text):
                tok = m.group()
                verdict = verdicts.get((tok, lang))
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
    """Whether a token touches a keyboard-accelerator marker ("Op_asitas", "&Berkas"): it is half a word."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    return (before in ("_", "&") and start >= 2 and text[start - 2].isalpha()) or (
        after in ("_", "&") and text[end + 1 : end + 2].isalpha()
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
            toks = [(m.start(), m.end(), m.group()) for m in WORD.finditer(unit.text)]
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
    """What a run produced: findings in input order, their baseline fingerprints, and counts for summaries."""

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
    raw = "\x1f".join((finding.code, unit.file or "", finding.text.lower(), unit.key or unit.text))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def make_context(
    glossary: Glossary, *, options: CheckOptions | None = None, enabled: Iterable[str] = ()
) -> CheckContext:
    """A fresh :class:`CheckContext` for one run over ``glossary``."""
    opts = options or CheckOptions()
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
) -> CheckResult:
    """Run the selected checks over ``inputs`` with ``glossary``; see the module docstring.

    ``severity`` overrides the default severity of given codes. Findings silenced inline are counted in
    ``ignored``, those matched by ``baseline`` in ``baselined``.
    """
    t0 = time.perf_counter()
    codes = select_checks(checks, disable)
    ctx = make_context(glossary, options=options, enabled=codes)
    instances = [check_class(code)() for code in codes]
    result = CheckResult(checks=codes)
    # (sort key, finding, fingerprint, silenced inline): units are not kept, so memory stays bounded.
    collected: list[tuple[tuple[int, int, int, str], Finding, str, bool]] = []

    def collect(key: tuple[int, int, int, str], finding: Finding, unit: Unit) -> None:
        if severity and finding.code in severity:
            finding = _with_severity(finding, severity[finding.code])
        collected.append((key, finding, fingerprint(finding, unit), unit.ignores(finding.code)))

    ordinal = 0
    files: dict[str, None] = {}
    for units in iter_batches(_iter_units(inputs), batch_size):
        batch = Batch(units, ctx, ordinal)
        for unit in units:
            if unit.file is not None:
                files.setdefault(unit.file, None)
        per_unit: dict[int, list[Finding]] = defaultdict(list)
        for check in instances:
            for i, finding in check.run(batch, ctx):
                per_unit[i].append(finding)
        for i in sorted(per_unit):
            unit = units[i]
            found = _dedupe(per_unit[i])
            if any(f.code == "wrong-language" and f.lang == unit.lang for f in found):
                found = [f for f in found if f.code not in _SUPPRESSED_BY_LANGUAGE]
            for f in found:
                collect((ordinal + i, f.location.start or 0, 0, f.code), f, unit)
        ordinal += len(units)
    for check in instances:
        for position, unit, finding in check.finish(ctx):
            collect((position, finding.location.start or 0, 1, finding.code), finding, unit)
    collected.sort(key=lambda t: t[0])
    for _, finding, fp, ignored in collected:
        if ignored:
            result.ignored += 1
            continue
        if baseline is not None and baseline.consume(fp):
            result.baselined += 1
            continue
        result.findings.append(finding)
        result.fingerprints.append(fp)
    result.units = ordinal
    result.files = list(files)
    result.seconds = time.perf_counter() - t0
    return result


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(finding, severity=severity)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per code and span; for garbled-term, drop token findings inside a longer phrase finding."""
    out: list[Finding] = []
    seen: set[tuple[str, int | None, int | None, str]] = set()
    ordered = sorted(
        findings, key=lambda f: (f.location.start or 0, -((f.location.end or 0) - (f.location.start or 0)))
    )
    for f in ordered:
        key = (f.code, f.location.start, f.location.end, f.lang)
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
