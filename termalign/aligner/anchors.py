"""Lexical anchors: cheap evidence that an English and an Indonesian sentence translate each other.

Measured on English–Indonesian text, these separate a true sentence pair from its neighbours 86–93% of the
time on their own, so the aligner weighs them alongside sentence length:

* ``number`` — equal numbers after normalising the decimal and thousands separators of each language
  (``2.5`` ↔ ``2,5``; ``10,000`` ↔ ``10.000``);
* ``url`` / ``code`` — identical URLs, e-mail addresses and code-like tokens (``B12``, ``COVID-19``, ``get_id``);
* ``name`` — identical capitalised names and acronyms (``Nathaniel``, ``WHO``);
* ``identical`` — any other identical content word (``protein``, ``ureter``);
* ``cognate`` — loanwords equal or close after :func:`termalign.lang.spelling.fold` ("calcification" ↔
  "kalsifikasi", "dystrophic" ↔ "distrofi"), content words of five letters or more only;
* ``dictionary`` — the English word's dictionary translation occurs in the Indonesian sentence in some
  inflected form ("cause" ↔ "menyebabkan").

Each content token of a sentence is reduced once to a set of *keys* (``#2.5``, ``=nathaniel``, ``~kalsipikasi``,
``dginjal``); two tokens anchor when their key sets meet. :class:`Featurizer` computes the keys of a side's
segments; :func:`find_anchors` lists the anchors between two sentences, for explanations and for other stages.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from termalign.aligner.lexicon import BilingualDictionary
from termalign.lang.base import word_pattern
from termalign.lang.english import lemmas as english_lemmas
from termalign.lang.indonesian import strip_clitic
from termalign.lang.spelling import fold
from termalign.lang.wordlists import stopwords
from termalign.model import Anchor

# Kinds, strongest first, with the weight an anchor of that kind carries in a bead's evidence.
KIND_WEIGHTS: dict[str, float] = {
    "number": 1.0,
    "url": 1.0,
    "code": 1.0,
    "name": 0.9,
    "identical": 0.8,
    "cognate": 0.8,
    "dictionary": 0.6,
}
KIND_ORDER: tuple[str, ...] = tuple(KIND_WEIGHTS)
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
MIN_COGNATE_LENGTH = 5
FUZZY_COGNATE_THRESHOLD = 0.85

_WORD_TOKEN = word_pattern(digits=True, joiners="-'’_")  # as the languages' words, also joined by "_" (get_id)
_TOKEN = re.compile(
    # An e-mail address starts where a run of [\w.+-] starts: without the look-behind the run was rescanned
    # for an "@" from each of its positions (quadratic: 90 kB of "a." took 18 s).
    r"(?P<url>(?:https?://|www\.)[^\s<>\"']+[\w/]|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<num>\d+(?:[.,]\d+)*)(?![\w])"
    rf"|(?P<word>{_WORD_TOKEN.pattern})"
)
_HAS_DIGIT = re.compile(r"\d")
_INNER_CAP = re.compile(r"[a-z][A-Z]")
_MISSING = object()
# Words that carry no anchor and would only count as unmatched content: English contractions and fillers,
# Indonesian pronouns and discourse words missing from the shared stopword lists (which serve language ID).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EXTRA_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "it's that's i'm don't there's we're they're i've you're didn't can't won't isn't doesn't let's i'll "
        "we've you've he's she's what's i'd we'll they've wasn't aren't couldn't wouldn't shouldn't here's "
        "who's you'll you'd he'd she'd they'll they'd haven't hasn't hadn't weren't really actually okay ok oh "
        "yeah um uh also just"
    ),
    "id": _words(
        "saya kau engkau kalian beliau hal sebuah seorang sesuatu tapi bukan lalu inilah itulah apakah bagaimana "
        "mana secara suatu sini sana situ tersebut pun nya ya kok sih dong lah kah tak pula"
    ),
}


def normalize_number(token: str, lang: str) -> str:
    """A language-neutral key for a written number: ``"2,5"`` (id) and ``"2.5"`` (en) → ``"2.5"``.

    English writes ``,`` between thousands and ``.`` before decimals; Indonesian the other way round. The
    language's own convention is used when it fits (a thousands separator is followed by exactly three
    digits); otherwise the other one (machine-translated Indonesian often keeps ``2.5``).
    """
    thousands, decimal = (",", ".") if lang != "id" else (".", ",")

    def parse(th: str, dec: str) -> str | None:
        body, frac = token, ""
        if dec in body:
            body, _, frac = body.rpartition(dec)
            if th in frac or not frac:
                return None
        groups = body.split(th)
        if len(groups) > 1 and (not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
            return None
        digits = "".join(groups).lstrip("0") or "0"
        frac = frac.rstrip("0")
        return f"{digits}.{frac}" if frac else digits

    if "." not in token and "," not in token:
        return token.lstrip("0") or "0"
    return parse(thousands, decimal) or parse(decimal, thousands) or token


@dataclass(frozen=True)
class TokenKeys:
    """One anchorable token of a segment: its surface ``text`` and its ``keys`` (see the module docstring)."""

    text: str
    keys: frozenset[str]


@dataclass(frozen=True)
class SegmentFeatures:
    """What the aligner needs of one segment, computed once: length in characters and the anchorable tokens."""

    length: int
    tokens: tuple[TokenKeys, ...]

    @property
    def content(self) -> int:
        """Number of anchorable (content) tokens."""
        return len(self.tokens)


def _kind_of_key(key: str, token: str) -> str:
    head = key[0]
    if head == "#":
        return "number"
    if head == "~":
        return "cognate"
    if head == "d":
        return "dictionary"
    if head == "=":
        if "://" in token or token.startswith("www.") or "@" in token:
            return "url"
        if _HAS_DIGIT.search(token) or "_" in token or _INNER_CAP.search(token):
            return "code"
        if token[:1].isupper():
            return "name"
        return "identical"
    return "identical"


#: Most distinct tokens whose keys are kept, per dictionary, language and side, from one text to the next.
SHARED_TOKEN_LIMIT = 50_000
_Caches = tuple[dict[str, "frozenset[str] | None"], dict[str, object]]
# Token keys depend only on the token, the language, the side and the dictionary: the featurizers of every text
# aligned with one dictionary share them (a batch of 10,000 short documents folds and looks up each word once).
_SHARED: weakref.WeakKeyDictionary[BilingualDictionary, dict[tuple[str, str], _Caches]] = weakref.WeakKeyDictionary()
_SHARED_PLAIN: dict[tuple[str, str], _Caches] = {}  # no dictionary


def _shared_caches(dictionary: BilingualDictionary | None, lang: str, role: str) -> _Caches:
    """The token caches shared by the featurizers of ``dictionary``, ``lang`` and ``role``, emptied once they hold
    :data:`SHARED_TOKEN_LIMIT` tokens (so a long-lived worker's memory does not grow with the corpus)."""
    store = _SHARED.setdefault(dictionary, {}) if dictionary is not None else _SHARED_PLAIN
    caches = store.setdefault((lang, role), ({}, {}))
    if len(caches[1]) >= SHARED_TOKEN_LIMIT:
        caches[0].clear()
        caches[1].clear()
    return caches


class Featurizer:
    """Turns the segments of one side (``role`` ``"source"`` = English or ``"target"`` = Indonesian) into features.

    Token keys are cached per surface form, so a text of 20,000 sentences folds and looks up each distinct
    word once; the cache is shared with the other featurizers of the same dictionary, language and side.
    """

    def __init__(self, lang: str, role: str, dictionary: BilingualDictionary | None) -> None:
        self.lang = lang
        self.role = role
        self.dictionary = dictionary if dictionary is not None and len(dictionary) else None
        self.stop = (stopwords(lang) | EXTRA_STOPWORDS[lang]) if lang in ("en", "id") else frozenset()
        self._phrases = self.dictionary.phrase_sizes() if self.dictionary is not None and role == "source" else {}
        self._cache, self._token_cache = _shared_caches(self.dictionary, lang, role)

    def token_keys(self, token: str, kind: str) -> frozenset[str] | None:
        """The keys of one token (``kind`` is the regex group: ``url``, ``num``, ``word``), ``None`` if not content."""
        cache_key = kind[0] + token
        if cache_key in self._cache:
            return self._cache[cache_key]
        keys: set[str] = set()
        if kind == "num":
            keys.add("#" + normalize_number(token, self.lang))
        elif kind == "url":
            keys.add("=" + token.lower().rstrip("/"))
        elif kind == "phrase":
            if self.dictionary is not None and self.dictionary.lookup(token):
                self._source_word_keys(token, keys, cognates=False)
        else:
            lower = token.lower().replace("’", "'")
            alpha = lower.isalpha()
            acronym = len(token) >= 2 and token.isupper()  # WHO, ACE: not the function words "who", "ace"
            if (lower in self.stop and not acronym) or (alpha and len(lower) < 2) or (len(lower) < 3 and not acronym):
                self._cache[cache_key] = None
                return None
            keys.add("=" + lower)
            if not alpha:
                keys.update("=" + part for part in re.split(r"[-'_]", lower) if len(part) >= 3)
            if self.role == "source":
                self._source_word_keys(lower, keys)
            else:
                self._target_word_keys(lower, keys)
        result = frozenset(keys)
        self._cache[cache_key] = result
        return result

    def _source_word_keys(self, lower: str, keys: set[str], cognates: bool = True) -> None:
        if cognates:
            lemmas = english_lemmas(lower)
            # Cognates: fold the singular ("emotions" → emosi); verb lemmas are too unsure for spelling rules.
            singular = lemmas[1] if len(lemmas) > 1 and not lower.endswith(("ed", "ing")) else lower
            for form in {lower, singular}:
                if len(form) >= MIN_COGNATE_LENGTH and form.isalpha():
                    keys.add("~" + fold(form))
        if self.dictionary is not None:
            keys.update(self.dictionary.anchor_keys(lower))

    def _target_word_keys(self, lower: str, keys: set[str]) -> None:
        forms = {lower, strip_clitic(lower, MIN_COGNATE_LENGTH)}
        for form in forms:
            if len(form) >= MIN_COGNATE_LENGTH and form.isalpha():
                keys.add("~" + fold(form))
        if self.dictionary is not None:
            for base in self.dictionary.indonesian_bases(lower):
                if base == lower or len(base) >= 4:
                    keys.add("d" + base)

    def features(self, text: str) -> SegmentFeatures:
        """Features of one segment's text."""
        cache = self._token_cache
        tokens: list[TokenKeys] = []
        seen: set[str] = set()
        shouting = text.isupper()  # an all-capitals heading: its words are words, not acronyms
        found = _TOKEN.findall(text)
        for url, num, word in found:
            if word:
                token = word.lower() if shouting else word
                cache_key = "w" + token
            elif num:
                token, cache_key = num, "n" + num
            else:
                token, cache_key = url, "u" + url
            if token in seen:
                continue  # a repeated word is one piece of evidence, not two
            tok = cache.get(cache_key, _MISSING)
            if tok is _MISSING:
                keys = self.token_keys(token, "word" if word else "num" if num else "url")
                tok = TokenKeys(token, keys) if keys else None
                cache[cache_key] = tok
            if tok is not None:
                seen.add(token)
                tokens.append(tok)  # type: ignore[arg-type]
        if self._phrases:
            tokens.extend(self._phrase_tokens([word.lower() if word else "" for _url, _num, word in found], seen))
        return SegmentFeatures(len(" ".join(text.split())), tuple(tokens))

    def _phrase_tokens(self, words: list[str], seen: set[str]) -> list[TokenKeys]:
        """Tokens for dictionary phrases in the word sequence ("thank you" → terima kasih), longest first."""
        out: list[TokenKeys] = []
        assert self.dictionary is not None
        headwords = self.dictionary.headwords
        phrases = self._phrases
        count = len(words)
        for start, word in enumerate(words):
            sizes = phrases.get(word)
            if not sizes:
                continue
            for size in sizes:  # largest first, as headwords starting with this word have them
                if size > count - start:
                    continue
                phrase = " ".join(words[start : start + size])
                if phrase not in headwords or phrase in seen:
                    continue
                keys = self.token_keys(phrase, "phrase")
                if keys:
                    seen.add(phrase)
                    out.append(TokenKeys(phrase, keys))
                    break
        return out


def fuzzy_cognate_keys(
    source_folds: Iterable[str], target_folds: Iterable[str], threshold: float = FUZZY_COGNATE_THRESHOLD
) -> dict[str, set[str]]:
    """For each source fold with no identical target fold, the target folds at least ``threshold`` similar.

    Compared only within blocks sharing the first three letters (cognates differ at the end: "distropik" vs
    "distropi"), which keeps this linear in practice and keeps look-alikes such as "kalsipikasi" /
    "klasipikasi" (calcification / classification) apart.
    """
    targets = set(target_folds)
    blocks: dict[str, list[str]] = {}
    for t in sorted(targets):
        if len(t) >= MIN_COGNATE_LENGTH + 1:
            blocks.setdefault(t[:3], []).append(t)
    out: dict[str, set[str]] = {}
    cutoff = threshold * 100
    for s in sorted(set(source_folds)):
        if s in targets or len(s) < MIN_COGNATE_LENGTH + 1:
            continue
        choices = blocks.get(s[:3])
        if not choices:
            continue
        hits = process.extract(s, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        if hits:
            out[s] = {h[0] for h in hits}
    return out


def add_fuzzy_keys(features: Sequence[SegmentFeatures], extra: dict[str, set[str]]) -> list[SegmentFeatures]:
    """``features`` with each token's fold key extended by the similar target folds found in ``extra``."""
    if not extra:
        return list(features)
    memo: dict[frozenset[str], frozenset[str]] = {}
    out: list[SegmentFeatures] = []
    for feat in features:
        tokens = []
        changed = False
        for tok in feat.tokens:
            keys = memo.get(tok.keys)
            if keys is None:
                more = {"~" + t for k in tok.keys if k[0] == "~" for t in extra.get(k[1:], ())}
                keys = tok.keys | more if more else tok.keys
                memo[tok.keys] = keys
            if keys is not tok.keys:
                changed = True
                tok = TokenKeys(tok.text, keys)
            tokens.append(tok)
        out.append(SegmentFeatures(feat.length, tuple(tokens)) if changed else feat)
    return out


def anchors_between(
    source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]
) -> tuple[tuple[Anchor, ...], frozenset[str]]:
    """The anchors between the tokens of a group of source and a group of target segments.

    Each target token is used at most once (matched to the first source token that anchors it, strongest
    kind first), so a repeated English word does not count twice. Also returns the source tokens that
    anchored through the dictionary (for usage statistics).
    """
    by_key: dict[str, list[int]] = {}
    target_tokens = [tok for feat in target for tok in feat.tokens]
    for index, tok in enumerate(target_tokens):
        for key in tok.keys:
            by_key.setdefault(key, []).append(index)
    used: set[int] = set()
    found: list[Anchor] = []
    dictionary_words: set[str] = set()
    for feat in source:
        for tok in feat.tokens:
            best: tuple[int, int, str] | None = None  # (kind rank, target index, kind)
            for key in tok.keys:
                hits = by_key.get(key)
                if not hits:
                    continue
                kind = _kind_of_key(key, tok.text)
                rank = _KIND_RANK[kind]
                for index in hits:  # ascending: the first unused one is this key's best
                    if index not in used:
                        if best is None or (rank, index) < (best[0], best[1]):
                            best = (rank, index, kind)
                        break
            if best is not None:
                used.add(best[1])
                found.append(Anchor(best[2], tok.text, target_tokens[best[1]].text, KIND_WEIGHTS[best[2]]))
                if best[2] == "dictionary":
                    dictionary_words.add(tok.text.lower())
    return tuple(found), frozenset(dictionary_words)


def find_anchors(
    source_text: str,
    target_text: str,
    *,
    source_lang: str = "en",
    target_lang: str = "id",
    dictionary: BilingualDictionary | None = None,
    use_default_dictionary: bool = True,
) -> tuple[Anchor, ...]:
    """The lexical anchors between an English and an Indonesian sentence (or short passage).

    ``dictionary`` defaults to the shipped FreeDict word list (pass ``use_default_dictionary=False`` and no
    dictionary to use spelling and identity evidence only). Anchors come in source-token order.
    """
    if dictionary is None and use_default_dictionary:
        from termalign.aligner.lexicon import load_default

        dictionary = load_default()
    src = Featurizer(source_lang, "source", dictionary).features(source_text)
    tgt = Featurizer(target_lang, "target", dictionary).features(target_text)
    folds_s = {k[1:] for t in src.tokens for k in t.keys if k[0] == "~"}
    folds_t = {k[1:] for t in tgt.tokens for k in t.keys if k[0] == "~"}
    (src,) = add_fuzzy_keys([src], fuzzy_cognate_keys(folds_s, folds_t))
    return anchors_between([src], [tgt])[0]
