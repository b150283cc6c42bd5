"""The Indonesian side of term pairing: words, their possible base forms, and the stretches a term may span.

Indonesian marks grammar with affixes and reduplication, so the English "calcified", "macrophages" and "cells"
meet "terkalsifikasi", "makrofag" and "sel-sel". Each word gets the list of bases the affix rules of
:mod:`termalign.lang.indonesian` allow, kept only when the base is *attested*: seen as a word of the corpus, in the
root list PySastrawi ships, in the user's glossary or dictionary, or as the loanword spelling of an English
word of the corpus ("kalsifikasi" from "calcification"). Term pairing then picks, per word, the base that
best matches the English side; nothing here guesses a root in the abstract (a general stemmer turns
"direktori" into "rektor").

Words never part of a term (stopwords, ``terms_general_id.txt``, numbers) and punctuation split the text into
chunks; a term's Indonesian side lies inside one chunk. Derived verbs (``me(N)-``, ``di-``, ``ber-`` on a known
root: "menyerang", "disebabkan") are marked, so they are never pulled into a term unless the
English side links to them directly ("bermetastasis" ↔ "metastasize").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from termalign.lang.english import WORD  # both sides of a bead split into words alike
from termalign.lang.indonesian import VERB_PREFIXES, base_forms, strip_clitic
from termalign.lang.wordlists import sastrawi_roots, stopwords, word_set
from termalign.terms.candidates import chunked_words

# Verb-forming prefixes. ter- is left out: its forms are often adjectives inside terms ("luka terbuka", open
# wound); its general verbs ("terjadi", "termasuk") are in terms_general_id.txt instead.
_VERBAL_PREFIXES = tuple(p for p in VERB_PREFIXES if p != "ter")


@dataclass(frozen=True, slots=True)
class IdToken:
    """A word of the Indonesian side of a bead.

    ``bases`` are the attested base forms, the lower-cased word itself first. ``chunk`` is ``-1`` for words
    that never belong to a term. ``verbal`` marks derived verbs (see the module docstring).
    """

    text: str
    start: int
    end: int
    bases: tuple[str, ...]
    chunk: int
    verbal: bool


def general_words() -> frozenset[str]:
    """Indonesian words that end a candidate stretch (``terms_general_id.txt``) besides the stopwords."""
    return word_set("terms_general_id.txt")


def _breaks_chunk(word: str, lowered: str) -> bool:
    if lowered in stopwords("id") or lowered in general_words():
        return True
    return not any(c.isalpha() for c in word)


def _is_verbal(lowered: str, bases: tuple[str, ...]) -> bool:
    """A verb derived from a known root: ``me(N)-``/``di-``/``ber-`` + root."""
    if len(bases) < 2 or lowered in sastrawi_roots() or not lowered.startswith(_VERBAL_PREFIXES):
        return False
    roots = sastrawi_roots()
    # The prefix must really have been removed: "bekuan" (clot) → "beku" only lost a suffix.
    return any(base in roots and not base.startswith(lowered[:2]) for base in bases[1:])


class Lexicon:
    """The attested Indonesian words against which affix stripping is checked (see the module docstring).

    Lookups are cached per surface word, so a corpus pays the morphology cost once per distinct word.
    """

    def __init__(self, words: Collection[str]) -> None:
        self.words = frozenset(w.lower() for w in words)
        self._cache: dict[str, tuple[tuple[str, ...], bool]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.words or word in sastrawi_roots()

    def analyse(self, word: str) -> tuple[tuple[str, ...], bool]:
        """``(bases, verbal)`` of a word: its attested bases (the word first) and whether it is a derived verb."""
        lowered = word.lower()
        hit = self._cache.get(lowered)
        if hit is None:
            bases = tuple(base_forms(lowered, self))
            hit = (bases, _is_verbal(lowered, bases))
            self._cache[lowered] = hit
        return hit



def keeps_derivation(word: str, base: str, *, allow_prefix: bool = True) -> bool:
    """Whether ``base`` removes only inflection from ``word``, so it can name the word in a term list.

    Clitics (``-nya``, ``-lah``...), reduplication ("sel-sel" → "sel") and verbal affixes ("terkalsifikasi" →
    "kalsifikasi", "menyerang" → "serang") may go; noun-forming affixes stay, because the noun is the term:
    "pembentukan" (formation) is not "bentuk" (shape), "kekebalan" (immunity) not "kebal", "jaringan" (tissue)
    not "jaring" (net). With ``allow_prefix=False`` only clitics and reduplication may go ("terbuka" stays).
    """
    if base == word:
        return True
    core = strip_clitic(word)
    if base == core:
        return True
    if "-" in core:
        return base == core.partition("-")[0]
    if not allow_prefix:
        return False
    if core.startswith(("pe", "ke", "per", "se")) and not base.startswith(core[:2]):
        return False
    return not (core.endswith("an") and not core.endswith("kan") and not base.endswith("an"))


def tokenize(text: str, lexicon: Lexicon) -> list[IdToken]:
    """The words of an Indonesian text with their bases and chunk numbers."""
    tokens: list[IdToken] = []
    for match, lowered, chunk in chunked_words(text, _breaks_chunk):
        bases, verbal = lexicon.analyse(lowered)
        tokens.append(IdToken(match.group(), match.start(), match.end(), bases, chunk, verbal))
    return tokens


def surface_words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (to build a :class:`Lexicon` from a corpus)."""
    return [m.group().lower() for m in WORD.finditer(text)]
