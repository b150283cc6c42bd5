"""The known-word guard: is a token a real word of English or Indonesian, whatever the glossary says?

Fuzzy matching alone cannot tell a garble from a real neighbour: "classification" is 91 (Indel) from
"calcification", "tangga" is within 85 of "tanggal". The research behind these checks (``docs/checks.md``)
measured the fix: fuzzy-match only tokens that are neither glossary hits nor known words. Known means

* English: a wordfreq (``large`` list) Zipf frequency of at least :data:`EN_MIN_ZIPF` (1.5 = about 30
  occurrences per billion words). Real rare words pass ("phlebitis" 1.63, "ossification" 2.09,
  "granulomas" 1.79); garbles do not ("flebolith", "pleborlithy", "osificans", "fagocytic" are all 0);
* Indonesian: listed in wordfreq's Indonesian list (its ``small`` list only has words at Zipf ≥ 3, so being
  listed at all is the test), or in PySastrawi's root list (29,931 KBBI roots, shipped inside the package),
  directly or through the affix rules of :mod:`termalign.lang.indonesian` ("dikonfigurasikan" ← konfigurasi);
* English inflections of a known word or of a glossary word: "granulomas" of "granuloma", "calcified" of
  "calcify" (:func:`termalign.lang.english.bases`; a handful of suffix rules, not a stemmer).

The word lists (:mod:`termalign.lang.wordlists`) load once per process (wordfreq's English list takes ~0.15 s
and ~37 MB).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from termalign.lang.english import bases as english_bases
from termalign.lang.indonesian import base_forms
from termalign.lang.wordlists import FLOORS, frequencies, sastrawi_roots

#: Minimum wordfreq Zipf frequency for an English word to count as known.
EN_MIN_ZIPF = FLOORS["en"]
#: Minimum wordfreq Zipf frequency for an Indonesian word (the shipped list starts at 3.0).
ID_MIN_ZIPF = 1.0
_KNOWN = "known"
#: English words a garble candidate is compared with by :meth:`KnownWords.neighbour`.
NEIGHBOUR_EN_ZIPF = 2.5


# First letters that spellings swap (English c/q ~ Indonesian k, f/ph ~ p, z ~ s, y ~ i): "qualifikasi" is
# one edit from the real word "kualifikasi".
_FIRST_LETTER_CLASSES: dict[str, tuple[str, ...]] = {
    "c": ("c", "k", "s"), "k": ("k", "c", "q"), "q": ("q", "k"), "f": ("f", "p", "v"), "p": ("p", "f"),
    "v": ("v", "f"), "s": ("s", "c", "z"), "z": ("z", "s"), "y": ("y", "i"), "i": ("i", "y"),
}


class KnownWords:
    """Answers "is this a real word?" for the guard, with a reason for the finding's explanation.

    ``extra`` adds words the caller knows are fine (a project word list); they count in every language.
    ``lexicon`` holds the glossary's words: an inflection of one of them ("flebolitnya", "granulomas") is
    known too, as the term itself.
    """

    def __init__(
        self,
        *,
        en_min_zipf: float = EN_MIN_ZIPF,
        id_min_zipf: float = ID_MIN_ZIPF,
        extra: Iterable[str] = (),
        lexicon: Collection[str] = (),
    ) -> None:
        self.lexicon = lexicon
        # Glossary words with their English bases: "calcified" lists "calcify", so "calcify"/"calcifies" are
        # inflections of a glossary word, not garbles of it.
        self._related = frozenset(b for w in lexicon for b in english_bases(w))
        self.en_min_zipf = en_min_zipf
        self.id_min_zipf = id_min_zipf
        self.extra = frozenset(w.lower() for w in extra)
        self._en_min = 10 ** (en_min_zipf - 9)
        self._id_min = 10 ** (id_min_zipf - 9)
        self._known: dict[str, dict[str, bool]] = {}
        self._en_words: Mapping[str, float] | None = None
        self._id_words: Mapping[str, float] | None = None
        self._roots: frozenset[str] = frozenset()
        self._neighbour_buckets: dict[str, dict[tuple[str, int], list[str]]] = {}

    def _en(self, word: str) -> bool:
        words = self._en_words
        if words is None:
            words = self._en_words = frequencies("en", min(self.en_min_zipf, EN_MIN_ZIPF))
        return words.get(word, 0.0) >= self._en_min

    def _id(self, word: str) -> bool:
        words = self._id_words
        if words is None:
            words = self._id_words = frequencies("id")
            self._roots = sastrawi_roots()
        return words.get(word, 0.0) >= self._id_min or word in self._roots

    def is_known(self, word: str, lang: str = "en") -> bool:
        """Whether lower-case ``word`` is a known word (see :meth:`reason`); cached per word for the run."""
        cache = self._known.get(lang)
        if cache is None:
            cache = self._known[lang] = {}
        got = cache.get(word)
        if got is None:
            got = self._known_now(word, lang)
            if len(cache) < 500_000:
                cache[word] = got
        return got

    def _known_now(self, word: str, lang: str) -> bool:
        """Whether a rule of :meth:`_reason` makes ``word`` known, as a yes/no answer: the same rules, tested
        without method calls or phrases (the guard judges every distinct word of a run this way)."""
        lexicon, related = self.lexicon, self._related
        if word in self.extra or word in lexicon or word in related:
            return True
        self._en("")  # loads the English list on first use
        en, en_min = self._en_words, self._en_min
        assert en is not None
        if en.get(word, 0.0) >= en_min or self._id(word):
            return True
        for base in english_bases(word)[1:]:
            if base in lexicon or base in related or en.get(base, 0.0) >= en_min:
                return True
        if lang != "id":
            return False
        ids, id_min, roots = self._id_words, self._id_min, self._roots
        assert ids is not None
        for base in base_forms(word)[1:]:
            if base in lexicon or (len(base) >= 4 and (ids.get(base, 0.0) >= id_min or base in roots)):
                return True
        return False

    def reason(self, word: str, lang: str = "en") -> str | None:
        """Why lower-case ``word`` is known (a short phrase for explanations), or None if it is not.

        ``lang`` is the language of the text the word is in: Indonesian affix rules only apply to ``id``.
        """
        if not self.is_known(word, lang):
            return None
        return self._reason(word, lang)

    def _reason(self, word: str, lang: str, explain: bool = True) -> str | None:
        """The first rule that makes ``word`` known (see the module docstring), as a phrase when ``explain``,
        else as the bare marker ``"known"`` (the guard asks millions of times and needs no phrase)."""
        lexicon = self.lexicon
        if word in self.extra:
            return "in the extra word list"
        if word in lexicon:
            return "a glossary word"
        if word in self._related:
            return "the English base of a glossary word"
        if self._en(word):
            if not explain:
                return _KNOWN
            return f"English word (wordfreq Zipf {self._zipf_en(word):.2f} ≥ {self.en_min_zipf})"
        if self._id(word):
            return "Indonesian word (wordfreq id list or Sastrawi root list)"
        for base in english_bases(word)[1:]:
            if base in lexicon or base in self._related:
                return f"English inflection of the glossary word {base!r}" if explain else _KNOWN
            if self._en(base):
                if not explain:
                    return _KNOWN
                return f"English inflection of {base!r} (wordfreq Zipf {self._zipf_en(base):.2f})"
        if lang != "id":
            return None
        for base in base_forms(word)[1:]:
            if base in lexicon:
                return f"Indonesian affixed form of the glossary word {base!r}" if explain else _KNOWN
            if len(base) >= 4 and self._id(base):
                return f"Indonesian affixed form of {base!r} (Sastrawi/wordfreq)" if explain else _KNOWN
        return None

    def _zipf_en(self, word: str) -> float:
        freq = frequencies("en", min(self.en_min_zipf, EN_MIN_ZIPF)).get(word, 0.0)
        return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0

    def _buckets(self, lang: str) -> dict[tuple[str, int], list[str]]:
        """Known words of ``lang`` (not glossary words) by first letter and length, built on first use."""
        cached = self._neighbour_buckets.get(lang)
        if cached is None:
            cached = defaultdict(list)
            words: set[str] = set()
            if lang == "id":
                words.update(w for w, f in frequencies("id").items() if f >= self._id_min)
                words.update(sastrawi_roots())
            else:
                # Common English words only (Zipf ≥ 2.5): the typo a translator makes is of a word in daily use.
                words.update(w for w, f in frequencies("en").items() if f >= 10 ** (NEIGHBOUR_EN_ZIPF - 9))
            for w in sorted(words):
                if w.isalpha() and w not in self.lexicon:
                    cached[(w[0], len(w))].append(w)
            self._neighbour_buckets[lang] = cached
        return cached

    def neighbour(self, word: str, lang: str, max_distance: int) -> str | None:
        """A known word of ``lang`` (not a glossary word) within ``max_distance`` edits (OSA: transpositions
        count one) of lower-case ``word``, with the same first letter; None when there is none.

        The garble check uses it to tell "a term damaged" from "an ordinary word mistyped": "dearah" is one edit
        from the glossary's "darah" but also one transposition from the common word "daerah".
        """
        if not word or max_distance < 0:
            return None
        from rapidfuzz import process  # imported on first need (start-up of a run without unknown words)
        from rapidfuzz.distance import OSA

        buckets = self._buckets(lang)
        best: tuple[int, str] | None = None
        size = len(word)
        # Lengths nearest the word's first: a word of another length is at least that many edits away, so once a
        # neighbour is found, buckets that cannot match its distance are skipped and the rest searched with it
        # as the cut-off (each bucket's answer is its closest word, alphabetically first among equals, as before).
        lengths = sorted(range(max(1, size - max_distance), size + max_distance + 1), key=lambda n: abs(n - size))
        cutoff = max_distance
        for first in _FIRST_LETTER_CLASSES.get(word[0], (word[0],)):
            for length in lengths:
                if abs(length - size) > cutoff:
                    break
                choices = buckets.get((first, length))
                if not choices:
                    continue
                hit = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=cutoff)
                if hit is not None and (best is None or (hit[1], hit[0]) < best):
                    best = (int(hit[1]), hit[0])
                    cutoff = best[0]
        return best[1] if best else None

