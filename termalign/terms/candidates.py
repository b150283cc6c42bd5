"""English term candidates: noun-phrase-like n-grams bounded by function words, ranked by termhood.

No part-of-speech tagger: a candidate is a run of 1–4 words inside a *chunk*, the stretch of text between
punctuation, numbers, stopwords (:func:`termalign.lang.wordlists.stopwords`), general verbs
(``termalign/data/terms_verbs_en.txt``, with their regular and irregular forms) and ``-ly`` adverbs.
A candidate may not start or end with a general word (``terms_general_en.txt``: "large", "other",
"process", "condition"...), so "large cells" yields only "cells" and "this process" nothing.

Termhood (in [0, 1]) combines two signals:

* **rarity in general English** (wordfreq Zipf frequency): general words sit at Zipf ≥ 3, terms below 2.5;
  a phrase counts as rare as its rarest word, and multi-word phrases get a bonus (lexicalised compounds such
  as "white blood cell" are made of common words);
* **independence** from C-value (Frantzi et al.): a candidate seen only inside one longer candidate
  ("necrotic" only in "necrotic tissue", "white blood" only in "white blood cells") is a fragment, not a term.

The base form of a candidate is its lower-cased words with the last one made singular
("macrophages" → "macrophage", "white blood cells" → "white blood cell").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from termalign.lang.english import WORD, singular
from termalign.lang.english import verb_forms as _regular_forms
from termalign.lang.wordlists import data_lines, stopwords, word_set, zipf

MAX_WORDS = 4
_ADJECTIVE_ENDINGS = ("ic", "ical", "ous", "ive", "ful", "less", "able", "ible", "al")
_NOT_ADVERBS = frozenset(
    ("ally", "anomaly", "assembly", "belly", "bully", "butterfly", "family", "fly", "italy", "jelly", "july",
     "lily", "monopoly", "rally", "reply", "supply", "apply", "imply", "multiply", "comply")
)


# -- word lists ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Stopwords plus the function words of ``terms_function_en.txt``: they end candidate chunks."""
    return stopwords("en") | word_set("terms_function_en.txt")


def general_words() -> frozenset[str]:
    """English words that cannot be a term alone, nor start or end one (``terms_general_en.txt``)."""
    return word_set("terms_general_en.txt")


@lru_cache(maxsize=1)
def verb_forms() -> frozenset[str]:
    """Every form of the shipped general verbs that ends a candidate chunk (see ``terms_verbs_en.txt``)."""
    return _verbs()[0]


@lru_cache(maxsize=1)
def noun_verbs() -> frozenset[str]:
    """Base and ``-s`` forms of the verbs that are also nouns ("attack", "release"): they may head a term
    ("heart attack") but never start or sit inside one ("release chemicals", "attack tissues")."""
    return _verbs()[1]


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset[str], frozenset[str]]:
    forms: set[str] = set()
    nouns: set[str] = set()
    for line in data_lines("terms_verbs_en.txt"):
        words = line.split()
        base, rest = words[0], words[1:]
        noun, gerund, modifier = "=n" in rest, "=ing" in rest, "=m" in rest
        irregular = [w for w in rest if not w.startswith("=")]
        thirds, participles = _regular_forms(base)
        if irregular:  # the listed past forms replace the regular ones ("be" → was, not "bed"; "see" → saw)
            participles = [p for p in participles if not p.endswith("ed")]
        forms.update(p for p in participles if not (gerund and p.endswith("ing")))
        forms.update(irregular)
        if noun and not modifier:
            nouns.update([base, *thirds])
        elif not (noun or modifier):
            forms.update([base, *thirds])
    return frozenset(forms), frozenset(nouns)


@lru_cache(maxsize=262144)
def specificity(word: str) -> float:
    """How rare ``word`` is in general English, in [0, 1]: 1 below Zipf 2.5, 0 from Zipf 5.5 up."""
    return min(1.0, max(0.0, (5.5 - zipf(word)) / 3.0))


# -- tokens and chunks -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a bead's text: surface form, character span, comparison key and chunk number.

    ``lower`` is the lower-cased word and ``key`` the same made singular. ``chunk`` numbers the candidate chunks
    of the text; it is ``-1`` for a word that can never be part of a term (stopword, general verb, number...).
    """

    text: str
    start: int
    end: int
    key: str
    chunk: int
    lower: str = ""


def _is_adverb(lowered: str) -> bool:
    return len(lowered) > 4 and lowered.endswith("ly") and lowered not in _NOT_ADVERBS


def _is_verbal(lowered: str) -> bool:
    """General verbs and verbs made with -ize/-ise endings (metastasize, hyalinized, minimize)."""
    if lowered in verb_forms():
        return True
    return len(lowered) > 6 and lowered.endswith(("ize", "izes", "ized", "izing"))


def _breaks_chunk(word: str, lowered: str) -> bool:
    if lowered in function_words() or _is_verbal(lowered) or _is_adverb(lowered):
        return True
    if not any(c.isalpha() for c in word):
        return True  # a number
    return len(word) == 1 and not word.isupper()


def chunked_words(text: str, breaks: Callable[[str, str], bool]) -> Iterator[tuple[re.Match[str], str, int]]:
    """Each word of ``text`` with its lower case and its chunk number: ``-1`` for a word that ``breaks(word,
    lowered)`` the chunk, else the number of the run of words it belongs to (punctuation between two words
    also ends a run). Both sides of a bead are cut into chunks this way."""
    chunk, open_chunk, last_end = -1, False, 0
    for match in WORD.finditer(text):
        word = match.group()
        lowered = word if word.islower() else word.lower()
        gap = text[last_end : match.start()]
        last_end = match.end()
        if gap.strip():
            open_chunk = False  # punctuation between two words ends the chunk
        if breaks(word, lowered):
            open_chunk = False
            yield match, lowered, -1
            continue
        if not open_chunk:
            chunk += 1
            open_chunk = True
        yield match, lowered, chunk


def tokenize(text: str) -> list[Token]:
    """The words of an English text, grouped into candidate chunks (see the module docstring)."""
    tokens: list[Token] = []
    for match, lowered, chunk in chunked_words(text, _breaks_chunk):
        word = match.group()
        if chunk < 0:
            tokens.append(Token(word, match.start(), match.end(), lowered, -1, lowered))
            continue
        key = singular(word)
        tokens.append(Token(word, match.start(), match.end(), lowered if key == lowered else key, chunk, lowered))
    return tokens


def _edge_ok(token: Token) -> bool:
    """Whether a word may start or end a candidate (general words may not)."""
    return token.lower not in general_words() and token.key not in general_words()


def candidate_spans(tokens: Sequence[Token], max_words: int = MAX_WORDS) -> list[tuple[int, int]]:
    """``(first, last)`` token indices (inclusive) of every candidate n-gram in ``tokens``."""
    spans: list[tuple[int, int]] = []
    n = len(tokens)
    for i in range(n):
        if tokens[i].chunk < 0 or not _edge_ok(tokens[i]):
            continue
        for j in range(i, min(n, i + max_words)):
            if tokens[j].chunk != tokens[i].chunk:
                break
            if j > i and (is_plural(tokens[j - 1]) or tokens[j - 1].lower in noun_verbs()):
                # English modifiers are singular nouns: "airways swell", "doctors diagnose" are not terms, and
                # a verb-or-noun word before another word is most likely a verb ("release chemicals").
                break
            if _edge_ok(tokens[j]) and (j > i or len(tokens[i].text) > 1):
                spans.append((i, j))  # a bare letter is part of a term ("vitamin C", "T cell"), never one
    return spans


def is_plural(token: Token) -> bool:
    """Whether a word is an English plural (its singular differs from it)."""
    return token.key != token.lower


def candidate_key(tokens: Sequence[Token], first: int, last: int) -> str:
    """Base form of the candidate ``tokens[first..last]``: lower case, last word singular."""
    words = [tokens[k].lower for k in range(first, last)]
    words.append(tokens[last].key)
    return " ".join(words)


def surface(text: str, tokens: Sequence[Token], first: int, last: int, sentence_start: bool) -> str:
    """The candidate as written, with a sentence-initial capital undone ("Dystrophic calcification")."""
    form = text[tokens[first].start : tokens[last].end]
    form = " ".join(form.split())
    head = tokens[first].text
    if sentence_start and head[:1].isupper() and head[1:].islower() and len(head) > 1:
        form = form[0].lower() + form[1:]
    return form


# -- termhood --------------------------------------------------------------------------------------------------


def _word_specificity(word: str) -> float:
    """Specificity of one word of a base form: the singular's frequency, or the word's own if that is unknown."""
    return specificity(word)


COMMON_SPECIFICITY = 1.0 / 3.0  # Zipf 4.5: a phrase whose rarest word is this common is made of everyday words


def phrase_specificity(key: str, lexicalized: Collection[str] = ()) -> float:
    """Rarity-based termhood of a base form before nesting is considered (see the module docstring).

    A multi-word phrase scores as its rarest word plus a bonus: 0.35 when it has a word rarer than Zipf 4.5 or
    is a known compound (``lexicalized``: the multi-word headwords of the dictionary and glossary, such as
    "white blood cell"), 0.2 when it is made of everyday words only ("cold air"); longer phrases get 0.1 more
    per word beyond two.
    """
    words = key.split()
    rarest = max(_word_specificity(w) for w in words)
    if len(words) == 1:
        score = rarest
    else:
        bonus = 0.35 if rarest >= COMMON_SPECIFICITY or key in lexicalized else 0.2
        score = min(1.0, rarest + bonus + 0.1 * (len(words) - 2))
    if words[-1].endswith(_ADJECTIVE_ENDINGS) and len(words[-1]) > 5:
        score *= 0.7  # ends like an adjective ("dystrophic", "venous"): more often a modifier than a term
    return score


@dataclass(frozen=True)
class Termhood:
    """Termhood of one candidate base form over a corpus.

    ``frequency`` counts every occurrence (also inside longer candidates); ``independence`` is the share of
    occurrences not explained by the longer candidates containing it (C-value's correction, in [0, 1]);
    ``cvalue`` is the classic C-value with log2(n+1) so single words count; ``score`` is the termhood in [0, 1].
    """

    key: str
    frequency: int
    independence: float
    cvalue: float
    specificity: float
    score: float


def termhood(
    occurrence_keys: Iterable[str],
    n_words: int = 0,
    exclude: Collection[str] = (),
    lexicalized: Collection[str] = (),
) -> dict[str, Termhood]:
    """Termhood of every candidate base form, given one key per candidate occurrence in the corpus.

    Containers of a candidate are the longer candidates that contain it as consecutive words, except those in
    ``exclude`` (containers that turned out not to be terms, so they explain none of their parts' uses); the
    work is linear in the number of occurrences (each candidate has at most ten sub-phrases). ``n_words``, the
    number of English words in the corpus, enables the frequency bonus: a single word used far more often here
    than in general English ("iron" nine times in a page on anaemia) is a term of this text. ``lexicalized``
    lists known multi-word terms (see :func:`phrase_specificity`).
    """
    freq: dict[str, int] = defaultdict(int)
    for key in occurrence_keys:
        freq[key] += 1
    container_sum: dict[str, int] = defaultdict(int)
    container_count: dict[str, int] = defaultdict(int)
    for key, f in freq.items():
        words = key.split()
        n = len(words)
        if n == 1 or key in exclude:
            continue
        subs: set[str] = set()
        # The head of an English compound is its last word, so a sub-phrase ending where the container ends
        # names a broader concept ("calcification" in "dystrophic calcification") and is not penalised; only
        # sub-phrases that stop before the head ("necrotic" in "necrotic tissue") are fragments.
        for length in range(1, n):
            for start in range(0, n - length):
                sub_words = words[start : start + length]
                subs.add(" ".join([*sub_words[:-1], singular(sub_words[-1])]))
        for sub in subs:
            if sub in freq:
                container_sum[sub] += f
                container_count[sub] += 1
    out: dict[str, Termhood] = {}
    for key, f in freq.items():
        n = len(key.split())
        nested = container_sum[key] / container_count[key] if container_count.get(key) else 0.0
        independent = max(0.0, f - nested)
        independence = independent / f
        spec = phrase_specificity(key, lexicalized)
        if n == 1 and f >= MIN_BONUS_FREQUENCY and n_words > 0:
            spec = min(1.0, spec + frequency_bonus(key, f, n_words))
        score = spec * math.sqrt(independence)
        out[key] = Termhood(key, f, independence, math.log2(n + 1) * independent, spec, score)
    return out


MIN_BONUS_FREQUENCY = 3


def frequency_bonus(word: str, count: int, n_words: int) -> float:
    """Termhood bonus in [0, 0.3] for a word far more frequent in the corpus than in general English.

    The corpus frequency is put on the Zipf scale (log10 of occurrences per billion words) and compared with
    wordfreq's; the bonus starts two Zipf points above general usage, the gap any word used once in a short
    text has, and grows by 0.25 per point.
    """
    corpus_zipf = math.log10(count / n_words * 1e9)
    return min(0.3, max(0.0, (corpus_zipf - zipf(word) - 2.0) / 4.0))
