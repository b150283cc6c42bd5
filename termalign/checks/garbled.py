"""``garbled-term``: a word close to a glossary term but not it, and not a real word either.

Machine translation and OCR damage rare terms in recognisable ways: "Flebolith" and "Pleborlithy" for
phlebolith, "osificans" for ossificans, "Fagocytic" for phagocytic. Two routes find them:

* **expected term** (bilingual units, :func:`near_miss`): the source contains a glossary term, the target has
  none of its accepted forms, but a window of the target is a near miss of one (folded Indel ratio ≥ 85, edits
  bounded by word length, the differing words unknown). Only the terms the source calls for are compared (the
  shared ``expectations`` analysis of :mod:`termalign.checks.analyses` asks :func:`near_miss`);
* **token scan** (every unit, also plain monolingual text, :func:`scan_tokens`): every distinct token of a
  batch that is neither a glossary word nor a known word (:mod:`termalign.checks.known_words`) is folded and
  compared with the glossary's fuzzy vocabulary, grouped by first letter and length, so a token seen 10,000
  times is compared once. Verdicts are cached for the whole run (:class:`GarbledState`).

A near miss that only differs in a word ending ("kalsifikasi distrofi" for "kalsifikasi distrofik") is a
*variant*: when the accepted form is used elsewhere in the same file or run it is reported as
``inconsistent-term`` instead; otherwise it is a garbled term like the others.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from termalign.checks.base import BaseCheck, CheckContext, Note, Unit, cased_like
from termalign.checks.inconsistent import defer_variant, resolve_variants
from termalign.checks.index import VocabWord
from termalign.checks.patterns import ACCELERATOR_INSIDE, WORD, inside
from termalign.lang.indonesian import base_forms, is_form_of
from termalign.lang.spelling import fold, rules, to_indonesian
from termalign.lang.wordlists import stopwords
from termalign.model import Finding, GlossaryEntry

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch


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



@dataclass
class GarbledState:
    """What the garble scan keeps for the whole run: per language the fuzzy vocabulary grouped by first letter
    and each key's words, the candidate keys per (language, first letter, length), and per language the
    verdict of every distinct token judged so far."""

    vocab_buckets: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    vocab_words: dict[str, dict[str, tuple[VocabWord, ...]]] = field(default_factory=dict)
    choices: dict[tuple[str, str, int], list[str]] = field(default_factory=dict)
    verdicts: dict[str, dict[str, _Verdict | None]] = field(default_factory=dict)
    raw_buckets: dict[str, dict[str, list[tuple[str, str, VocabWord]]]] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ near miss


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


def near_miss(
    batch: Batch, i: int, targets: Sequence[str], sources: Sequence[str]
) -> tuple[tuple[int, int], str, str, float, bool, tuple[str, ...]] | None:
    """The best near miss in unit ``i``'s text of any expected form (``targets`` first, then ``sources``).

    Windows of as many tokens as the form has words are compared on folded spellings; tokens that differ from
    the form's words must be unknown words (the guard) and outside code spans, so only windows holding an
    unknown word are compared at all. Indonesian single-word forms are also compared with the bases of longer
    unknown tokens ("flebolithnya" → "flebolith").
    """
    unknown = batch.unknown(i)
    uncommon = batch.uncommon(i)
    tokens = batch.tokens(i)
    cut = {form: _cut_words(tokens, words) for form in (*targets, *sources)
           if len(words := _form_words(form)[0]) > 1}
    if not unknown and not uncommon and not any(cut.values()):
        return None
    unit = batch.units[i]
    count = len(tokens)
    threshold = batch.ctx.options.threshold
    from rapidfuzz import fuzz  # imported when fuzzy work is due: a run without unknown words never needs it

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
            # Rare dictionary words too ("bood test" for "blood test"): the guard in _judge_window accepts one
            # only as one edit off the form's word, so clean text with a rare word near the term stays clean.
            starts = sorted({k for u in (*unknown, *uncommon, *cut[form])
                             for k in range(max(0, u - n + 1), min(u, count - n) + 1)})
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
        if n == 1 and len(words[0]) >= 5:
            # Damage one edit deep (a transposition counts one) or a word cut short: the Indel ratio misses a
            # transposed five-letter word (80), and the damaged spelling may be a rare dictionary entry.
            for k in (*unknown, *uncommon):
                if _close_damage(tokens[k][2].lower(), words[0].lower()):
                    wkey = batch.window_key(i, k, 1)
                    scored.append((k, wkey, max(float(threshold), ratio(fkey, wkey))))
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
    from rapidfuzz.distance import OSA  # imported when fuzzy work is due
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
    dist = OSA.distance(wkey, fkey)
    close = all(_close_damage(tok.lower(), word.lower()) for tok, word in differing)
    if not close and dist > opts.edit_bound(max(len(wkey), len(fkey)) // max(1, n)) * n:
        return None
    if inside(batch.code_spans(i, quotes=False), s, e) or _mnemonic(unit.text, s, e):
        return None
    reasons = []
    known = ctx.known
    for tok, word in differing:
        lowered = tok.lower()
        if len(tok) < 3 or (known.glued_split(lowered, unit.lang) is not None and len(tok) - len(word) >= 3) or (
                unit.lang == "en" and _with_function_word(lowered, word.lower())):
            return None  # a term and another word run together: glued-words
        if not known.is_known(lowered, unit.lang):
            reasons.append(f"{tok!r} is not a known word ({_not_known_note(ctx, lowered)})")
        elif _close_damage(lowered, word.lower()) and not known.is_common(lowered, unit.lang):
            reasons.append(f"{tok!r} is one letter off {word!r} (or {word!r} cut short) and not a word in "
                           f"everyday use (wordfreq en Zipf < 3, not in the wordfreq id or Sastrawi root lists)")
        elif n > 1 and _is_cut(lowered, word.lower()):
            # The rest of the term is there word for word: "blood press" for "blood pressure" is the term cut
            # short, even though "press" is an everyday word.
            reasons.append(f"{tok!r} is {word!r} cut short, the other words of the term as the glossary has them")
        else:
            return None
    variant = all(_is_variant(tok.lower(), word.lower()) for tok, word in differing)
    steps = (
        f"expected {form!r} here (the source has its English term)",
        f"folded spelling {wkey!r} vs {fkey!r}: Indel ratio {score:.1f} ≥ {opts.threshold:g}, "
        f"edit distance {dist} (a transposition counts one)",
        *reasons,
    )
    return (score, s, e, unit.text[s:e], form, variant, steps)


def _with_function_word(token: str, word: str) -> bool:
    """Whether lower-case English ``token`` is ``word`` whole with a function word glued before or after it
    ("testto": test + to, "isfever"): the term is intact, two words were run together (``glued-words``). Not for
    Indonesian, whose prepositions "di", "ke" double as prefixes written solid ("diperiksa")."""
    if len(token) <= len(word):
        return False
    function = stopwords("en")
    if token.startswith(word):
        return token[len(word):] in function
    return token.endswith(word) and token[:-len(word)] in function


def _close_damage(token: str, word: str) -> bool:
    """Whether lower-case ``token`` is ``word`` (five letters or more) with one letter transposed, dropped,
    doubled or changed, or cut short by one to three letters (four letters or more left)."""
    from rapidfuzz.distance import OSA
    if len(word) < 5 or token == word:
        return False
    if word.startswith(token):
        return _is_cut(token, word)
    return abs(len(word) - len(token)) <= 1 and OSA.distance(token, word, score_cutoff=1) <= 1


def _is_cut(token: str, word: str) -> bool:
    """Whether lower-case ``token`` is ``word`` (five letters or more) cut short by one to three letters, four
    letters or more left."""
    return len(word) >= 5 and len(token) >= 4 and word.startswith(token) and 1 <= len(word) - len(token) <= 3


def _cut_words(tokens: Sequence[tuple[int, int, str]], words: Sequence[str]) -> list[int]:
    """Indices of ``tokens`` that are one of ``words`` cut short (:func:`_is_cut`)."""
    lowered = [w.lower() for w in words]
    return [k for k, (_, _, tok) in enumerate(tokens) if any(_is_cut(tok.lower(), w) for w in lowered)]


@lru_cache(maxsize=1)
def _loan_endings() -> frozenset[str]:
    """The word endings of the loanword suffix rules, both languages ("-ik", "-i", "-asi", "-ic", "-y")."""
    return frozenset(e for r in rules() if r.kind == "suffix" for e in (r.english, r.indonesian) if e)


def _is_variant(token: str, word: str) -> bool:
    """Whether ``token`` is ``word`` cut short by a letter or two where one loanword ending replaces another
    ("distrofi" for "distrofik": -i for -ik, another real word form more often than damage). A word cut short
    anywhere else ("tuberkulos", "penyaki") is damage, and longer forms ("flebolith") are garbles."""
    if not (len(token) >= 4 and word.startswith(token) and 0 < len(word) - len(token) <= 2):
        return False
    cut = len(word) - len(token)
    endings = _loan_endings()
    return any(token.endswith(a) for a in endings) and any(
        word.endswith(b) and len(b) > cut for b in endings)


def _not_known_note(ctx: CheckContext, word: str) -> str:
    return (
        f"wordfreq en Zipf < {ctx.known.en_min_zipf:g}, not in the wordfreq id or Sastrawi root lists, no affix "
        "or inflection leads to one"
    )

# ------------------------------------------------------------------------------------------ token scan


def _vocab_buckets(ctx: CheckContext, side: str) -> dict[str, list[str]]:
    """Fuzzy-vocabulary keys of one language grouped by first letter (cached per run)."""
    state = ctx.state(GarbledState)
    buckets = state.vocab_buckets.get(side)
    if buckets is None:
        buckets = defaultdict(list)
        keys, words = ctx.index.vocabulary(side)
        for key in keys:
            buckets[key[:1]].append(key)
        state.vocab_buckets[side] = buckets
        state.vocab_words[side] = dict(zip(keys, words, strict=True))
    return buckets


def _choices(ctx: CheckContext, side: str, first: str, length: int) -> list[str]:
    """Vocabulary keys with first letter ``first`` whose length allows a ratio ≥ threshold with ``length``."""
    cache = ctx.state(GarbledState).choices
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
    state = ctx.state(GarbledState)
    cache = state.verdicts.setdefault(lang, {})
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
    if todo:
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA
    for key, side in sorted(todo):
        _vocab_buckets(ctx, side)
        words_of = state.vocab_words[side]
        found: _Verdict | None = None
        choices = _choices(ctx, side, key[:1], len(key)) if key else []
        if choices:
            matches = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=opts.threshold, limit=5)
            ranked = sorted(matches, key=lambda m: (-m[1], m[0]))
            for match_key, score, _ in ranked:
                dist = OSA.distance(key, match_key)
                if dist > opts.edit_bound(max(len(key), len(match_key))):
                    continue
                found = _Verdict(key, words_of[match_key][0], match_key, float(score), dist, "")
                break
            if found is None:
                found = _raw_match(ctx, side, todo[(key, side)][0][0].lower(), key)
            if found is None and len(key) <= 7:
                # A short word one edit off (a transposition counts one): below the ratio threshold (a transposed
                # six-letter word scores 83), found by edit distance among the words of about its length.
                hit = process.extractOne(key, [c for c in choices if abs(len(c) - len(key)) <= 1],
                                         scorer=OSA.distance, score_cutoff=1)
                if hit is not None and hit[1] == 1:
                    found = _Verdict(key, words_of[hit[0]][0], hit[0], float(fuzz.ratio(key, hit[0])), 1, "")
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
            if verdict is not None:
                cut = ctx.known.glued_split(pair[0].lower(), side)
                if cut is not None and len(pair[0]) - len(verdict.match.word) >= 3:
                    verdict = None  # a term and another word run together ("bacteriumthat"): glued-words
            if verdict is not None and side != "en" and _regular_loan(
                    pair[0].lower(), _entry_words(ctx, verdict.match.entry), side):
                verdict = None  # the regular loanword form of a glossary term's English word
            if verdict is not None and side == "en" and _other_international_word(
                    ctx, pair[0].lower(), verdict.match.word.lower()):
                verdict = None  # "empyema" (empiema) is not a garbled "emphysema" (emfisema)
            if verdict is not None and side == "id" and ctx.known.is_english_loan(pair[0].lower()):
                verdict = None  # "trombolisis" (thrombolysis) is a word, not a garbled "trombosis"
            cache[pair[0]] = verdict
    return cache


def _other_international_word(ctx: CheckContext, token: str, term: str) -> bool:
    """Whether English ``token``, too rare for the English word list, is a real word all the same: its
    regular Indonesian form under the loanword rules is a KBBI word ("empyema" → "empiema") and differs from
    the form of the glossary word it resembles ("emphysema" → "emfisema"). A garble that is the term
    respelled ("Fagocytic", "Flebolith": the Indonesian spelling leaking into English) has the term's form."""
    loan = to_indonesian(token)
    return len(token) >= 6 and loan != to_indonesian(term) and ctx.known.is_everyday(loan, "id")


def _entry_words(ctx: CheckContext, entry: int) -> list[str]:
    """The lower-case words of a glossary entry's source (English) forms."""
    return [w.lower() for f in ctx.index.entries[entry].sources for w in WORD.findall(f)]


def _regular_loan(token: str, words: Sequence[str], lang: str) -> bool:
    """Whether lower-case ``token`` is the regular loanword form of one of ``words`` (lower case) under the
    spelling rules: Indonesian "hipertensi" of English "hypertension", or in English text, the English word an
    Indonesian source word was borrowed from. Exactly the rules' output, not a near miss: "flebolith" is not
    the regular form of "phlebolith" ("flebolit" is). The rules merge doubled letters, so in English text the
    caller also asks for a known word ("diagnnosis" respells to "diagnosis" too)."""
    if lang == "en":
        return any(to_indonesian(token) == w for w in words if w != token)
    return any(to_indonesian(w) == token for w in words if w != token)


def _raw_match(ctx: CheckContext, side: str, lowered: str, key: str) -> _Verdict | None:
    """The glossary word of ``side`` within the edit bound of ``lowered`` as written (OSA distance: a
    transposition counts one) and the Indel ratio threshold, or None.

    Folding maps English and Indonesian spellings to one key, which is what a cross-language garble needs, but
    it also respells an English word's garble differently from the word ("dehydraiton" keeps its -ton while
    "dehydration" folds to "dehidrasi"): the damaged English word is then found by its plain spelling.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA
    state = ctx.state(GarbledState)
    buckets = state.raw_buckets.get(side)
    if buckets is None:
        buckets = defaultdict(list)
        for k, words in state.vocab_words[side].items():
            for vw in words:
                buckets[vw.word[:1].lower()].append((vw.word.lower(), k, vw))
        state.raw_buckets[side] = buckets
    bound = ctx.options.edit_bound(len(lowered))
    best: tuple[int, str, str, VocabWord] | None = None
    for word, k, vw in buckets.get(lowered[:1], ()):
        if abs(len(word) - len(lowered)) > bound or word == lowered:
            continue
        dist = OSA.distance(lowered, word, score_cutoff=bound)
        if dist <= bound and (best is None or (dist, word) < best[:2]) and fuzz.ratio(
                lowered, word) >= ctx.options.threshold:
            best = (dist, word, k, vw)
    if best is None:
        return None
    dist, word, k, vw = best
    return _Verdict(key, vw, k, float(fuzz.ratio(lowered, word)), dist, "")


def _suggestion(ctx: CheckContext, vw: VocabWord) -> tuple[str, str]:
    """The glossary word to suggest for vocabulary word ``vw`` and the full term (of its language) it is in."""
    entry = ctx.index.entries[vw.entry]
    forms = entry.sources if vw.side == (ctx.index.glossary.source_lang or "en") else entry.targets
    lowered = vw.word.lower()
    term = next((f for f in forms if lowered in (w.lower() for w in WORD.findall(f))), forms[0] if forms else vw.word)
    return vw.word, term


def scan_tokens(batch: Batch) -> list[list[TokenGarble]]:
    """The monolingual garble scan of every unit's text (see the module docstring)."""
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
        from rapidfuzz import fuzz

        finder = re.compile("|".join(re.escape(t) for t in flagged))
        # The members holding a flagged token: one scan of the joined text, each match placed by its offset.
        starts = list(accumulate([len(units[i].text) + 1 for i in members], initial=0))
        holding = sorted({bisect_right(starts, m.start()) - 1 for m in finder.finditer(joined)})
        lexicon = ctx.index.lexicon
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
                if _regular_loan(lowered, source_words, unit.lang) and (
                        unit.lang != "en" or ctx.known.is_known(lowered, "en")):
                    continue  # the source word respelled by the loanword rules: a translation, not damage
                if any(w == lowered or (fuzz.ratio(lowered, w) >= opts.threshold and w not in lexicon
                                        and not ctx.known.is_common(w, unit.lang)) for w in source_words):
                    # Copied from the source (a name or identifier, maybe mistyped), not a term garble; unless the
                    # source word is a glossary word (a mistyped copy of it is MT damage) or a word of this text's
                    # language too ("Diagnosis" in both, "diagnnosis").
                    continue
                out[i].append(_token_garble(batch, i, s, e, tok, verdict))
    return out


def expected_word_damage(batch: Batch, i: int) -> list[TokenGarble]:
    """Words of unit ``i``'s text one edit off (or cut short from) a word of a term its source calls for.

    The token scan gives way to an everyday word as close as the glossary word ("fevr": "ever" is one edit
    away too), and a damaged spelling may be a rare dictionary entry ("bood"). When the source has the term,
    the target is expected to hold its word, so an unknown or rare word that is that word one edit off is the
    damaged term: "Dengue fevr" where the source has "demam berdarah" (the accepted form "dengue" is found, the
    rest of "dengue fever" is garbled). Common words and inflected forms of the word are left alone."""
    hits = batch.source_hits[i] if batch.units[i].source else []
    if not hits:
        return []
    tokens = batch.tokens(i)
    candidates = sorted({*batch.unknown(i), *batch.uncommon(i)})
    if not candidates:
        return []
    ctx = batch.ctx
    unit = batch.units[i]
    expected: dict[str, int] = {}
    for hit in hits:
        for form in ctx.index.entries[hit.entry].targets:
            for word in WORD.findall(form):
                expected.setdefault(word.lower(), hit.entry)
    from rapidfuzz import fuzz  # imported when fuzzy work is due

    out: list[TokenGarble] = []
    spans = batch.code_spans(i, quotes=False)
    for k in candidates:
        s, e, tok = tokens[k]
        lowered = tok.lower()
        if lowered in expected or ctx.known.is_common(lowered, unit.lang):
            continue
        if _mnemonic(unit.text, s, e) or inside(spans, s, e):
            continue
        if len(tok) < 3 or tok[1:] != tok[1:].lower():
            continue
        for word, entry in expected.items():
            if _close_damage(lowered, word) and not is_form_of(tok, word):
                suggestion = cased_like(tok, word)
                score = float(fuzz.ratio(lowered, word))
                steps = (
                    f"expected {word!r} here (a word of the glossary term the source calls for)",
                    f"{tok!r} is {word!r} one letter off or cut short, and not a word in everyday use",
                )
                out.append(TokenGarble(s, e, tok, entry, word, suggestion, score, False, steps))
                break
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
        f"{verdict.score:.1f} ≥ {ctx.options.threshold:g}, edit distance {verdict.distance} ≤ "
        f"{ctx.options.edit_bound(max(len(verdict.key), len(verdict.matched_key)))}",
        f"glossary entry: {entry.source} → {entry.target}" + (f" ({_origin(entry)})" if entry.origin else ""),
    )
    return TokenGarble(
        start, end, surface, vw.entry, vw.word, suggestion, verdict.score, _is_variant(tok.lower(), word.lower()),
        steps,
    )


def _origin(entry: GlossaryEntry) -> str:
    origin = entry.origin
    if origin is None:
        return ""
    return f"{origin.file}:{origin.line}" if origin.line else str(origin.file)


class GarbledTermCheck(BaseCheck):
    """Near misses of glossary terms that are not known words (see the module docstring)."""

    code = "garbled-term"
    severity = "error"
    description = "A word close to a glossary term but not it (a misspelt or machine-garbled term)."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding | Note]]:
        garbles = scan_tokens(batch)
        for i, unit in enumerate(batch.units):
            found: list[Finding] = []
            taken: list[tuple[int, int]] = []
            for exp in batch.expectations[i]:
                if exp.status != "near" or exp.span is None:
                    continue
                s, e = exp.span
                taken.append((s, e))
                entry = ctx.index.entries[exp.entry]
                if exp.expected in entry.targets:
                    suggestion = exp.expected  # the accepted form it is a near miss of
                else:
                    target_lang = ctx.index.glossary.target_lang or "id"
                    suggestion = entry.targets[0] if unit.lang == target_lang else entry.sources[0]
                steps = (
                    f"source term {unit.source[exp.source_hit.start:exp.source_hit.end]!r} (glossary: "  # type: ignore[index]
                    f"{entry.source} → {entry.target})",
                    *exp.steps,
                )
                if exp.variant:
                    yield i, Note((s, e, exp.entry, suggestion, steps))
                    continue
                found.append(self.finding(
                    unit, s, e,
                    f"{exp.surface!r} looks like a garbled {suggestion!r} (expected by the source term "
                    f"{entry.source!r})",
                    suggestion=suggestion,
                    explanation=steps,
                ))
            scanned = garbles[i]
            extra = [g for g in expected_word_damage(batch, i)
                     if not any(o.start < g.end and g.start < o.end for o in scanned)]
            for g in (*scanned, *extra):
                if any(s <= g.start and g.end <= e for s, e in taken):
                    continue
                if g.variant:
                    yield i, Note((g.start, g.end, g.entry, g.suggestion, g.steps))
                    continue
                found.append(self.finding(
                    unit, g.start, g.end,
                    f"{g.surface!r} looks like a garbled {g.suggestion!r} (glossary term)",
                    suggestion=g.suggestion,
                    explanation=g.steps,
                ))
            for finding in _outermost(found):
                yield i, finding

    def observe(
        self, ctx: CheckContext, position: int, unit: Unit, data: tuple[int, int, int, str, tuple[str, ...]]
    ) -> None:
        start, end, entry, suggestion, steps = data
        defer_variant(ctx, position, unit, start, end, entry, suggestion, steps)

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        for position, unit, variant, used in resolve_variants(ctx):
            if used and "inconsistent-term" in ctx.enabled:
                continue  # reported by inconsistent-term
            yield position, unit, self.finding(
                unit, variant.start, variant.end,
                f"{variant.surface!r} is a variant of the glossary term {variant.suggestion!r}",
                suggestion=variant.suggestion,
                severity="warning",
                explanation=(*variant.steps, "differs from the glossary form only in a word ending"),
            )


def _outermost(findings: list[Finding]) -> list[Finding]:
    """One finding per span, and none inside a longer one: a token scan finding within a phrase already reported
    (the phrase widened around another of its words) is the same garble."""
    if len(findings) < 2:
        return findings
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.location.start or 0, (f.location.start or 0) - (f.location.end or 0))):
        start, end = f.location.start or 0, f.location.end or 0
        if not any((o.location.start or 0) <= start and end <= (o.location.end or 0) for o in kept):
            kept.append(f)
    return kept
