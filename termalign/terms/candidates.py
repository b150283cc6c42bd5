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

from termalign.lang.english import (
    AUXILIARIES,
    COPULAS,
    DEGREE_ADVERBS,
    DETERMINERS,
    NAME_JOINERS,
    PREPOSITIONS,
    WORD,
    inflections,
    is_acronym,
    singular,
)
from termalign.lang.english import lemmas as english_lemmas
from termalign.lang.english import verb_forms as _regular_forms
from termalign.lang.wordlists import data_lines, sastrawi_roots, stopwords, word_set, zipf

#: Words after which a listed verb's base form is a verb term ("to delete"; not after a modal: "can travel").
_INFINITIVE_MARKERS = frozenset(("to",))
MAX_WORDS = 4
MAX_NAME_WORDS = 8  # a name is kept whole ("National Institute of Allergy and Infectious Diseases")
MAX_OF_WORDS = 2  # words after "of" in an X-of-Y term ("shortness of breath", "loss of appetite")
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


def general_adjectives() -> frozenset[str]:
    """General adjectives: they may start a multi-word term, never end one (``terms_general_adjectives_en.txt``)."""
    return word_set("terms_general_adjectives_en.txt")


def general_nouns() -> frozenset[str]:
    """General nouns: they may head a multi-word term, and are one alone only by corpus contrast
    (``terms_general_nouns_en.txt``)."""
    return word_set("terms_general_nouns_en.txt")


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
def verb_bases() -> frozenset[str]:
    """The base forms of the shipped general verbs ("travel", "test", "spread")."""
    return frozenset(line.split()[0] for line in data_lines("terms_verbs_en.txt"))


def verb_like(lowered: str) -> bool:
    """Whether a word is a form of one of the shipped general verbs (noun-verbs such as "attack" included)."""
    return lowered in verb_forms() or lowered in noun_verbs() or lowered in verb_bases()


def could_be_verb(lowered: str) -> bool:
    """:func:`verb_like`, or an ``-ing``/``-ed`` form of any verb ("accessing", "nested")."""
    return verb_like(lowered) or (len(lowered) > 4 and lowered.endswith(("ing", "ed")))


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


#: Zipf frequency from which a word counts as general English (specificity 0); three points rarer is fully
#: specific. Domain words that are also everyday words ("surface", "medicine", "spread", Zipf 4.7–4.8) keep some
#: termhood of their own; the corpus contrast (:func:`frequency_bonus`) adds the rest where the text uses a word
#: far more often than general English does.
GENERAL_ZIPF = 6.5


@lru_cache(maxsize=262144)
def specificity(word: str) -> float:
    """How rare ``word`` is in general English, in [0, 1]: 1 below Zipf 3.5, 0 from Zipf 6.5 up. An acronym kept in
    capitals (one that spells a common word, "WHO") is fully specific."""
    if is_acronym(word):
        return 1.0
    return min(1.0, max(0.0, (GENERAL_ZIPF - zipf(word)) / 3.0))


# -- tokens and chunks -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a bead's text: surface form, character span, comparison key and chunk number.

    ``lower`` is the lower-cased word and ``key`` the same made singular. ``chunk`` numbers the candidate chunks
    of the text; it is ``-1`` for a word that can never be part of a term (stopword, general verb, number...).
    ``role`` is what the word's context made of it: ``"name"`` for the words of a name (:func:`name_runs`),
    ``"noun"`` for a verb read as a noun ("a face mask", "the spread"), ``"modifier"`` for a participle read as
    an adjective ("confirmed cases") or a word after a copula ("are rare"), which may start a term but not end
    one; ``"verb"`` for a general verb opening the text, an instruction ("Delete the file"), a candidate alone;
    ``""`` otherwise.
    """

    text: str
    start: int
    end: int
    key: str
    chunk: int
    lower: str = ""
    role: str = ""


def _is_adverb(lowered: str) -> bool:
    """An ``-ly`` adverb; the listed adjectives that end so ("early") are none."""
    return (len(lowered) > 4 and lowered.endswith("ly") and lowered not in _NOT_ADVERBS
            and lowered not in general_adjectives())


def _is_verbal(lowered: str) -> bool:
    """General verbs and verbs made with -ize/-ise endings (metastasize, hyalinized, minimize)."""
    if lowered in verb_forms():
        return True
    return len(lowered) > 6 and lowered.endswith(("ize", "izes", "ized", "izing"))


def _possessive(lowered: str) -> bool:
    return lowered.endswith(("'s", "’s"))


def _breaks_chunk(word: str, lowered: str) -> bool:
    if lowered in function_words() or _is_verbal(lowered) or _is_adverb(lowered):
        return True
    if _possessive(lowered) and not word[:1].isupper():
        return True  # "the process's user id": a possessor is no part of a term ("Alzheimer's disease" is)
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


def _nominal(lowered: str, prev: str | None) -> str:
    """How the left context reads a verb form: ``"noun"``, ``"modifier"`` or ``""`` (a verb).

    After a determiner or a preposition a verb's base form is a noun ("the spread", "a face mask", "for travel
    restrictions") and an ``-ed`` form an adjective ("the confirmed cases", "with infected cells"); so is an
    ``-ed`` form that opens the text ("Confirmed cases fell"). A base form right after another verb's ``-ed``
    or ``-s`` form is a noun too ("imposed travel restrictions"), but not after an auxiliary ("can travel").
    """
    nominal_context = prev is None or prev in DETERMINERS or prev in PREPOSITIONS
    if lowered.endswith("ed") and lowered not in verb_bases():
        return "modifier" if nominal_context else ""
    if lowered not in verb_bases() and lowered not in noun_verbs():
        return ""
    if prev is not None and (nominal_context or (
        prev not in AUXILIARIES and prev not in function_words() and prev in verb_forms()
        and prev.endswith(("ed", "s")) and prev not in verb_bases()
    )):
        return "noun"
    return ""


def tokenize(text: str) -> list[Token]:
    """The words of an English text, grouped into candidate chunks (see the module docstring).

    Beyond the fixed word classes, each word's left neighbour is read (:func:`_nominal`), an all-capital word
    is an acronym even when it spells a stopword ("WHO"; not in a text written all in capitals), and the
    capitalised words of a name are joined into one chunk of their own (:func:`name_runs`).
    """
    shouting = not any(c.islower() for c in text)
    heading = title_case(text)
    roles: list[str] = []
    prev: list[str | None] = [None]

    def breaks(word: str, lowered: str) -> bool:
        before, prev[0] = prev[0], lowered
        verbal = (lowered in verb_forms() or lowered in noun_verbs()) and lowered not in function_words()
        role = _nominal(lowered, before) if verbal else ""  # "their own policy": "own" stays a stopword
        if not role and lowered in verb_bases() and not shouting and (
            (before is None and word[:1].isupper()) or before in _INFINITIVE_MARKERS
        ):
            role = "verb"  # "Delete the file", "to search for a name": a verb term alone
        roles.append(role)
        if not shouting and is_acronym(word):
            return False
        if role:
            return False
        return _breaks_chunk(word, lowered)

    tokens: list[Token] = []
    for (match, lowered, chunk), role in zip(chunked_words(text, breaks), roles, strict=True):
        word = match.group()
        if chunk < 0:
            tokens.append(Token(word, match.start(), match.end(), lowered, -1, lowered))
            continue
        key = singular(word)
        if is_acronym(word) and lowered in function_words():
            key = lowered = word  # "WHO" is not "who": its own key, and no dictionary look-up as a pronoun
        tokens.append(Token(word, match.start(), match.end(), lowered if key == lowered else key, chunk, lowered, role))
    fresh = max((tok.chunk for tok in tokens), default=-1)
    for k, t in enumerate(tokens):
        if t.role == "verb" and k == 0 and len(tokens) > 1 and tokens[1].chunk == t.chunk:
            # "Open wounds heal slowly": a noun phrase goes on, so the opening word is no instruction
            tokens[k] = Token(t.text, t.start, t.end, t.key, -1 if _breaks_chunk(t.text, t.lower) else t.chunk,
                              t.lower)
            continue
        if t.role == "verb":  # the verb is a chunk of its own: "Remove the file" holds no "remove file"
            fresh += 1
            tokens[k] = Token(t.text, t.start, t.end, t.lower, fresh, t.lower, "verb")
    return _unmark_dotted(_mark_names(_mark_predicative(tokens), shouting, text if heading else None), text)


def _unmark_dotted(tokens: list[Token], text: str) -> list[Token]:
    """Take the parts of a dotted name ("BeOpen.com", "os.path") out of every chunk: an address or an
    identifier is no term."""
    for k in range(1, len(tokens)):
        t, before = tokens[k], tokens[k - 1]
        if t.start == before.end + 1 and text[before.end] == ".":
            tokens[k] = Token(t.text, t.start, t.end, t.lower, -1, t.lower)
            tokens[k - 1] = Token(before.text, before.start, before.end, before.lower, -1, before.lower)
    return tokens


@lru_cache(maxsize=4096)
def title_case(text: str) -> bool:
    """Whether ``text`` is written in title case, as headings are ("Release Highlights", "New Modules", "Argument
    Clinic How-To"): two or more words beside the function words, all capitalised. Its capitals then say nothing
    about names, so no name is read from them (a heading is no institution's name), and its candidates keep the
    capitals as written; only a person's name is still read as a name ("Raymond Hettinger"). A sentence (it ends
    in a full stop: "(Contributed by Leon Weber.)") is no heading."""
    if text.strip().rstrip(")]\"'”’ ").endswith((".", "!", "?")):
        return False
    content = 0
    for match in WORD.finditer(text):
        word = match.group()
        if not any(c.isalpha() for c in word) or word.lower() in function_words():
            continue
        if not word[:1].isupper():
            return False
        content += 1
    return content >= 2


def _mark_predicative(tokens: list[Token]) -> list[Token]:
    """A lone word after a degree adverb ("very common"), or after a copula and before a preposition ("stones are
    rare in children"), is an adjective: role ``"modifier"``, so it is no term alone."""
    for k in range(1, len(tokens)):
        t = tokens[k]
        if t.chunk < 0 or t.role or t.lower.endswith("ing"):
            continue  # "symptoms are wheezing, coughing...": an -ing word after a copula names something
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if after is not None and after.chunk == t.chunk:
            continue  # "is blood pressure": a noun phrase follows
        before = tokens[k - 1].lower
        if before not in DEGREE_ADVERBS and not (
            before in COPULAS and after is not None and after.lower in PREPOSITIONS and after.start == t.end + 1
        ):
            continue
        tokens[k] = Token(t.text, t.start, t.end, t.key, t.chunk, t.lower, "modifier")
    return tokens


def _name_word(token: Token, shouting: bool = False) -> bool:
    word = token.text
    if is_acronym(word):
        return not shouting
    return word[:1].isupper() and any(c.islower() for c in word) and token.lower not in function_words()


def name_runs(tokens: Sequence[Token], shouting: bool = False) -> list[tuple[int, int]]:
    """``(first, last)`` token indices of the names in ``tokens``: two or more capitalised words (acronyms
    included) in a row, one space apart, possibly joined by "of", "for", "and" ("Ministry of Health", "China's
    National Medical Products Administration"). A name is kept whole: none of its words is a term alone. In a
    text written in capitals (``shouting``) all-capital words are no acronyms, so they make no name."""
    runs: list[tuple[int, int]] = []
    n = len(tokens)
    k = 0
    while k < n:
        if not _name_word(tokens[k], shouting):
            k += 1
            continue
        first = last = k
        words = 1
        j = k + 1
        while j < n and tokens[j].start == tokens[j - 1].end + 1:
            if _name_word(tokens[j], shouting):
                last, words = j, words + 1
                j += 1
            elif (tokens[j].lower in NAME_JOINERS and j + 1 < n and tokens[j + 1].start == tokens[j].end + 1
                  and _name_word(tokens[j + 1], shouting)):
                j += 1
            else:
                break
        if words >= 2:
            runs.append((first, last))
        k = last + 1
    return runs


def _mark_names(tokens: list[Token], shouting: bool, heading: str | None = None) -> list[Token]:
    """Give the words of each name run the role ``"name"`` and a chunk of their own; in a ``heading`` (the text
    of a title-case line) only the runs that are a person's name ("Raymond Hettinger")."""
    runs = name_runs(tokens, shouting)
    if heading is not None:
        people: list[tuple[int, int]] = []
        for first, last in runs:  # "Andrew Dalke and Raymond Hettinger": two people
            k = first
            for j in range(first, last + 2):
                if j > last or tokens[j].lower in NAME_JOINERS:
                    if j - 1 > k and copied_name(heading[tokens[k].start : tokens[j - 1].end]):
                        people.append((k, j - 1))
                    k = j + 1
        runs = people
    if not runs:
        return tokens
    chunk = max((t.chunk for t in tokens), default=-1)
    for first, last in runs:
        chunk += 1
        for k in range(first, last + 1):
            t = tokens[k]
            key = t.key if t.chunk >= 0 else t.lower
            tokens[k] = Token(t.text, t.start, t.end, key, chunk, t.lower, "name")
    return tokens


def in_term_function_word(token: Token) -> bool:
    """A function word inside a term ("of" in "shortness of breath" or in a name): it needs no Indonesian word."""
    return token.lower in function_words() and not is_acronym(token.text)


def _start_ok(token: Token) -> bool:
    """Whether a word may start a multi-word candidate: not a general adverb or quantifier."""
    return token.lower not in general_words() and token.key not in general_words()


def _end_ok(token: Token) -> bool:
    """Whether a word may end a candidate (or be one): no general word, adjective, participle or possessive."""
    if not _start_ok(token) or token.role == "modifier" or is_participle(token.lower) or _possessive(token.lower):
        return False
    return token.lower not in general_adjectives()


@lru_cache(maxsize=65536)
def is_participle(lowered: str) -> bool:
    """An ``-ed`` form of a common English word ("listed", "stored"): an adjective or a verb, never a term's head."""
    if len(lowered) <= 5 or not lowered.endswith("ed") or is_acronym(lowered):
        return False
    return any(zipf(lemma) >= 3.0 for lemma in english_lemmas(lowered)[1:] if not lemma.endswith("ed"))


def _modifies(token: Token) -> bool:
    """Whether a word may stand before another word of a term: English modifiers are singular nouns ("airways
    swell", "doctors diagnose" are no terms), and a verb-or-noun word is a verb there ("release chemicals")
    unless its context made it a noun ("a face mask")."""
    if is_plural(token):
        return False
    return token.lower not in noun_verbs() or token.role == "noun"


def candidate_spans(tokens: Sequence[Token], max_words: int = MAX_WORDS) -> list[tuple[int, int]]:
    """``(first, last)`` token indices (inclusive) of every candidate n-gram in ``tokens``.

    Besides the n-grams of a chunk: a name whole (never its parts; up to :data:`MAX_NAME_WORDS` words) and
    *X of Y* terms ("shortness of breath"): one head word that is not a general word, "of", then up to
    :data:`MAX_OF_WORDS` words of the next chunk.
    """
    spans: list[tuple[int, int]] = []
    n = len(tokens)
    for i in range(n):
        tok = tokens[i]
        if tok.chunk < 0:
            if tok.lower == "of":
                spans.extend(_of_spans(tokens, i))
            continue
        if tok.role == "name":
            if i == 0 or tokens[i - 1].chunk != tok.chunk:
                j = i
                while j + 1 < n and tokens[j + 1].chunk == tok.chunk:
                    j += 1
                if j - i < MAX_NAME_WORDS:
                    spans.append((i, j))
            continue
        if not _start_ok(tok):
            continue
        for j in range(i, min(n, i + max_words)):
            if tokens[j].chunk != tok.chunk:
                break
            if j > i and not _modifies(tokens[j - 1]):
                break
            if _end_ok(tokens[j]) and (j > i or len(tok.text) > 1):
                spans.append((i, j))  # a bare letter is part of a term ("vitamin C", "T cell"), never one
    return spans


def _of_spans(tokens: Sequence[Token], k: int) -> list[tuple[int, int]]:
    """The *X of Y* candidates around the "of" at ``k`` (see :func:`candidate_spans`)."""
    if k == 0 or k + 1 >= len(tokens):
        return []
    head, after = tokens[k - 1], tokens[k + 1]
    if head.chunk < 0 or after.chunk < 0 or head.role == "name" or after.role == "name":
        return []
    if head.end + 1 != tokens[k].start or tokens[k].end + 1 != after.start:
        return []  # "of" one space from both words: no punctuation between
    if is_plural(head) or not _end_ok(head) or head.key in general_nouns() or head.lower in general_nouns():
        return []  # "number of cases", "part of the brain": a general head is no term
    out: list[tuple[int, int]] = []
    for j in range(k + 1, min(len(tokens), k + 1 + MAX_OF_WORDS)):
        if tokens[j].chunk != after.chunk or (j > k + 1 and not _modifies(tokens[j - 1])):
            break
        if _end_ok(tokens[j]) and not is_plural(tokens[j]):
            out.append((k - 1, j))  # "loss of appetite"; "list of modules" is a list, not a term
    return out


def looks_adjectival(lowered: str) -> bool:
    """Whether a word ends like an English adjective ("infectious", "chronic", "resistant")."""
    return len(lowered) > 5 and lowered.endswith((*_ADJECTIVE_ENDINGS, "ant", "ent"))


def is_plural(token: Token) -> bool:
    """Whether a word is an English plural (its singular differs from it)."""
    return token.key != token.lower


def candidate_key(tokens: Sequence[Token], first: int, last: int) -> str:
    """Base form of the candidate ``tokens[first..last]``: lower case, last word singular."""
    words = [tokens[k].lower for k in range(first, last)]
    words.append(tokens[last].key)
    return " ".join(words)


def surface(text: str, tokens: Sequence[Token], first: int, last: int, sentence_start: bool) -> str:
    """The candidate as written, with a sentence-initial capital undone ("Dystrophic calcification"), except in a
    name, whose capitals are its own ("Elvis Pranskevichus" opening a line)."""
    form = text[tokens[first].start : tokens[last].end]
    form = " ".join(form.split())
    head = tokens[first].text
    capital = head[:1].isupper() and head[1:].islower() and len(head) > 1
    if sentence_start and capital and tokens[first].role != "name" and not title_case(text):
        form = form[0].lower() + form[1:]
    return form


# -- termhood --------------------------------------------------------------------------------------------------


COMMON_SPECIFICITY = (GENERAL_ZIPF - 4.5) / 3.0  # Zipf 4.5: a phrase whose rarest word is this common is everyday
GENERAL_MODIFIER_PENALTY = 0.7


def phrase_specificity(key: str, lexicalized: Collection[str] = ()) -> float:
    """Rarity-based termhood of a base form before nesting and corpus frequency are considered.

    A single word scores its :func:`specificity`; a general noun ("period", "case") scores 0 alone, so only
    the corpus contrast can make it a term. A multi-word phrase scores as its rarest word plus a bonus: 0.35 when
    it has a word rarer than Zipf 4.5 or is a known compound (``lexicalized``: the multi-word headwords of the
    dictionary and glossary, such as "white blood cell"), 0.2 when it is made of everyday words only ("cold
    air"); longer phrases get 0.1 more per word beyond two. A phrase that starts with a general adjective
    ("large cells", "severe disease") is worth :data:`GENERAL_MODIFIER_PENALTY` of the rest of it alone
    (:func:`termhood` lifts the penalty for a phrase the corpus repeats).
    """
    words = key.split()
    if len(words) > 1 and words[0] in general_adjectives():
        return phrase_specificity(" ".join(words[1:]), lexicalized) * GENERAL_MODIFIER_PENALTY
    rarest = max(specificity(w) for w in words)
    if len(words) == 1:
        score = 0.0 if key in general_nouns() else rarest
    else:
        bonus = 0.35 if rarest >= COMMON_SPECIFICITY or key in lexicalized else 0.2
        score = min(1.0, rarest + bonus + 0.1 * (len(words) - 2))
    if looks_adjectival(words[-1]) and not words[-1].endswith(("ant", "ent")):
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
    modifier_uses: dict[str, int] = defaultdict(int)  # word → uses right before another word of a candidate
    for key, f in freq.items():
        words = key.split()
        n = len(words)
        if n == 2 and "of" not in words:
            modifier_uses[words[0]] += f
        if n == 1 or key in exclude or "of" in words:
            continue  # "absorption of iron": both "absorption" (the head) and "iron" are whole noun phrases
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

    def adjectival(word: str) -> bool:
        uses = freq.get(word, 0)
        return uses > 0 and adjective_like(word, 1.0 - min(uses, modifier_uses.get(word, 0)) / uses)

    out: dict[str, Termhood] = {}
    for key, f in freq.items():
        n = len(key.split())
        nested = container_sum[key] / container_count[key] if container_count.get(key) else 0.0
        independent = max(0.0, f - nested)
        independence = independent / f
        words = key.split()
        if n == 1 and adjectival(key):
            spec = adjective_specificity(key)
        elif n > 1 and f == 1 and key not in lexicalized and adjectival(words[0]) and (
            zipf(words[0]) >= EVERYDAY_ZIPF
        ):
            # An everyday adjective before a term, once ("comprehensive guide", "ordinary function"), adds no
            # concept: the phrase is worth the rest of it, as after a grading adjective. Repeated, it is a term.
            spec = phrase_specificity(" ".join(words[1:]), lexicalized) * GENERAL_MODIFIER_PENALTY
        else:
            spec = phrase_specificity(key, lexicalized)
        if n > 1 and f >= 2 and words[0] in general_adjectives():
            spec = min(1.0, spec / GENERAL_MODIFIER_PENALTY)  # "severe disease" again and again: a term here
        if n == 1 and f >= MIN_BONUS_FREQUENCY and n_words > 0:
            spec = min(1.0, spec + frequency_bonus(key, f, n_words))
        score = spec * math.sqrt(independence)
        out[key] = Termhood(key, f, independence, math.log2(n + 1) * independent, spec, score)
    return out


#: Zipf frequency from which an adjective alone counts as general English: stricter than :data:`GENERAL_ZIPF`,
#: because an everyday adjective ("significant", "external", "convenient") names no concept of its own, while a
#: rare one can ("recursive", "deterministic").
ADJECTIVE_ZIPF = 5.0
#: An adjective at least this frequent in general English is an everyday one ("ordinary", "simple", "general").
EVERYDAY_ZIPF = 4.4
#: A word heading fewer than this share of the candidates it is in is mostly a modifier.
HEAD_SHARE = 1 / 3
#: A word whose plural general English uses this many Zipf points less than the word itself is hardly a noun.
PLURAL_GAP = 1.0


def adjective_like(word: str, head_share: float) -> bool:
    """Whether a single-word candidate reads as an adjective: in this corpus it mostly stands before another
    word of a candidate (``head_share``, the share of its uses where it ends its candidate, is below
    :data:`HEAD_SHARE`), and general English hardly uses it in the plural (:data:`PLURAL_GAP`): "significant
    improvements", "common tasks", "interactive mode". Nouns used as modifiers have plurals ("source code",
    "sources"; "text file", "texts"), and mass nouns head their phrases ("diabetes", "software")."""
    if head_share >= HEAD_SHARE or is_acronym(word):
        return False
    return _rare_plural(word)


@lru_cache(maxsize=65536)
def _rare_plural(word: str) -> bool:
    """Whether general English uses ``word``'s plural :data:`PLURAL_GAP` Zipf points less than the word."""
    plural = max((zipf(form) for form in inflections(word) if not form.endswith(("'s", "’s"))), default=0.0)
    return zipf(word) - plural >= PLURAL_GAP


def adjective_specificity(word: str) -> float:
    """Termhood from rarity of an adjective alone (:func:`adjective_like`), against :data:`ADJECTIVE_ZIPF`."""
    return min(1.0, max(0.0, (ADJECTIVE_ZIPF - zipf(word)) / 3.0))


MIN_BONUS_FREQUENCY = 2
BONUS_GAP = 1.0


def frequency_bonus(word: str, count: int, n_words: int) -> float:
    """Termhood bonus in [0, 0.5] for a word more frequent in the corpus than in general English (the corpus
    contrast that makes "file" a term of software manuals and "case" one of an outbreak report).

    The corpus frequency is put on the Zipf scale (log10 of occurrences per billion words) and compared with
    wordfreq's; the bonus starts :data:`BONUS_GAP` Zipf points above general usage and grows by 0.25 per point.
    """
    corpus_zipf = math.log10(count / n_words * 1e9)
    return min(0.5, max(0.0, (corpus_zipf - zipf(word) - BONUS_GAP) / 4.0))


def _personal_name_word(word: str) -> bool:
    """A capitalised word of a personal name: "Leon", "Marc-André", "O'Connor", or an initial ("J")."""
    if len(word) == 1:
        return word.isupper()
    parts = [p for p in re.split(r"[-'’]", word) if p]
    return bool(parts) and all(
        p[:1].isupper() and p[1:] == p[1:].lower() and (p[1:].isalpha() or not p[1:]) for p in parts
    )


#: A name's last word rarer than this in general English is a surname ("Weber", "Hettinger"); institutions end
#: in common nouns ("Institute", "Foundation", "Agency": Zipf 4.4 and up).
SURNAME_ZIPF = 4.0


def copied_name(source_form: str) -> bool:
    """Whether ``source_form`` is a person's name: two or more capitalised words and nothing else, the last one an
    initial or a word general English hardly uses (:data:`SURNAME_ZIPF`): "Leon Weber", "Raymond Hettinger",
    "John J". Copied as is into the translation (a contributor line, an author), such a pair says nothing about
    how to translate a term. "National Cancer Institute" (its last word a common noun), "Ministry of Health"
    (a function word), "Mac OS" (an acronym) and "BeOpen" (inner capitals) are no personal names."""
    words = source_form.split()
    if len(words) < 2 or not all(_personal_name_word(w) for w in words):
        return False
    return len(words[-1]) == 1 or zipf(words[-1].lower()) < SURNAME_ZIPF


def left_in_english(source_form: str, target: str) -> bool:
    """Whether a pair's Indonesian side is its English side left untranslated ("list → list", "method object →
    method object"), not a loanword Indonesian shares ("virus", "server") nor a name or acronym ("WHO"); a
    person's name copied as is ("Leon Weber", :func:`copied_name`) is no term pair either.

    The sides must be the same words; a word is English-only when general English uses it (Zipf ≥ 3) at least
    half a Zipf point more than Indonesian does and it is no Indonesian root word. Such a pair says how the
    translator wrote, not what the term is (the ``untranslated-term`` check reports it).
    """
    words = target.lower().split()
    if words != source_form.lower().split():
        return False
    if copied_name(source_form):
        return True
    if any(w[:1].isupper() for w in source_form.split()):
        return False
    for word in words:
        english = zipf(word)
        if english >= 3.0 and word not in sastrawi_roots() and zipf(word, "id") < english - 0.5:
            return True
    return False
