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
from functools import lru_cache

from termalign.lang.english import bases as english_bases
from termalign.lang.indonesian import _bases, base_forms, circumfixed_stems
from termalign.lang.wordlists import FLOORS, frequencies, sastrawi_roots, stopwords

#: Minimum wordfreq Zipf frequency for an English word to count as known.
EN_MIN_ZIPF = FLOORS["en"]
#: Minimum wordfreq Zipf frequency for an Indonesian word (the shipped list starts at 3.0).
ID_MIN_ZIPF = 1.0
_KNOWN = "known"
#: English words a garble candidate is compared with by :meth:`KnownWords.neighbour`.
NEIGHBOUR_EN_ZIPF = 2.5
#: How common (wordfreq Zipf) an English word must be for :meth:`KnownWords.is_common`.
COMMON_EN_ZIPF = 3.0
#: Shortest token :meth:`KnownWords.glued_split` tries to split ("ofthe" is five letters).
GLUE_MIN_LENGTH = 5
#: How common (wordfreq Zipf) an English half of a glued word must be, unless it is a glossary word: a rare
#: word is as likely part of a name or a term the lists lack ("Wolfram" is not "wolf" + "ram").
GLUE_EN_ZIPF = 3.0
#: A known English word rarer than this (wordfreq Zipf) may still be a run-on of two common words ...
GLUE_KNOWN_EN_ZIPF = 2.5
#: ... when both halves are at least this common ("thesame": the + same; not "onset", Zipf 3.1).
GLUE_KNOWN_HALF_ZIPF = 4.0
#: Bound forms written solid with the next word, not glue: Indonesian (PUEBI: "antinyamuk", "pascaoperasi",
#: "prasekolah", "nonaktif", "tunawisma", "swadaya") and English ("antiviral", "nonsmoker", "multidrug").
BOUND_FORMS = frozenset({
    "anti", "pasca", "pra", "non", "semi", "multi", "antar", "sub", "super", "ultra", "swa", "tuna", "nir",
    "pro", "kontra", "ekstra", "intra", "inter", "mikro", "makro", "poli", "mono", "hiper", "hipo", "infra",
    "neo", "para", "purna", "maha", "catur", "dwi", "tri", "eka", "panca", "pan", "re", "de", "dis", "pre",
    "post", "over", "under", "self", "co", "bio", "auto", "counter", "mid", "out", "up",
    "mili", "nano", "piko", "kilo", "mega", "giga", "tera", "senti", "desi", "hekto", "deka", "milli", "micro",
    "macro", "poly", "hyper", "hypo", "tele", "foto", "photo", "radio", "termo", "thermo",
})
#: Combining forms that end a learned compound written solid: instruments, disciplines and conditions
#: ("tensimeter", "endoskop", "mamografi", "hematologi", "fisioterapi", "trombositosis", "miopati").
FINAL_BOUND_FORMS = frozenset({"meter", "skop", "scope", "grafi", "graphy", "gram", "logi", "logy", "terapi",
                               "therapy", "osis", "pati", "isme"})
#: Indonesian loanword endings ("paginasi", "kanonikal", "topologis", "tekstual"): a word ending in one is a
#: loan cut into junk halves more often than two words glued, unless the second half is long (GLUE_LOAN_RIGHT).
LOAN_ENDINGS = ("asi", "isasi", "ifikasi", "ksi", "ensi", "ansi", "ologi", "grafi", "itas", "isme", "ikal", "al",
                "ik", "is", "if", "ika", "ual", "ial", "or", "ur")
GLUE_LOAN_RIGHT = 7
#: ... and its second half is rarer than this (wordfreq Zipf): "mual" (4.2) in "menderitamual" is a word.
GLUE_LOAN_RIGHT_ZIPF = 4.0
#: How common (wordfreq Zipf) an English word must be to be read as English when it is also the spelling of
#: an Indonesian glossary term ("map" for folder, "pet"): about ten occurrences per million words.
EVERYDAY_EN_ZIPF = 4.0
#: Halves this short must be function words (the shipped stopword list): "di" + "rumah", "of" + "the".
GLUE_SHORT_HALF = 3


def _function_half(left: str, right: str) -> bool:
    """Whether one half of a split English word is a function word (the shipped stopword list): what tells a
    web run-on ("thesame", "withthe") from a closed compound of two content words that wordfreq lists as a rare
    word ("breadbasket", "showgirl", "chainsaws", "feedbacks": English writes such compounds solid)."""
    words = stopwords("en")
    return left in words or right in words


#: :func:`termalign.lang.indonesian.base_forms` of a lower-case word without its cache: each word is judged once
#: (:meth:`KnownWords.is_known` keeps the verdict), so caching its bases too only held ~100,000 tuples per
#: 40,000 entries in memory for a 6% hit rate.
_affix_bases = _bases.__wrapped__

# First letters that spellings swap (English c/q ~ Indonesian k, f/ph ~ p, z ~ s, y ~ i): "qualifikasi" is
# one edit from the real word "kualifikasi".
_FIRST_LETTER_CLASSES: dict[str, tuple[str, ...]] = {
    "c": ("c", "k", "s"), "k": ("k", "c", "q"), "q": ("q", "k"), "f": ("f", "p", "v"), "p": ("p", "f"),
    "v": ("v", "f"), "s": ("s", "c", "z"), "z": ("z", "s"), "y": ("y", "i"), "i": ("i", "y"),
}


@lru_cache(maxsize=1)
def _english_loans() -> frozenset[str]:
    """The loanword rules' Indonesian form of every known English word (Zipf ≥ :data:`EN_MIN_ZIPF`) of 5+
    letters (~127,000: "trombolisis" of thrombolysis, Zipf 1.9; "trombositosis"), built only when a glued-word
    candidate or an Indonesian garble candidate ends like a loan (about a second), then kept in the user cache
    (:mod:`termalign.cache`), keyed by wordfreq's English list file, the spelling rules and their module."""
    from termalign import cache
    from termalign.lang.spelling import rules, to_indonesian
    from termalign.lang.wordlists import list_identity

    key = cache.full_key("loans", list_identity("en"), EN_MIN_ZIPF, repr(rules()),
                         cache.code_identity("termalign.lang.spelling"))
    found = cache.load("loans", key)
    if isinstance(found, frozenset):
        return found
    floor = 10 ** (EN_MIN_ZIPF - 9)
    loans = frozenset(to_indonesian(w) for w, f in frequencies("en").items()
                      if f >= floor and len(w) >= 5 and w.isalpha())
    cache.store("loans", key, loans)
    return loans


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
        self._roots: frozenset[str] | None = None
        self._neighbour_buckets: dict[str, dict[tuple[str, int], list[str]]] = {}
        self._splits: dict[str, dict[str, tuple[int, float] | None]] = {}

    def _en(self, word: str) -> bool:
        words = self._en_words
        if words is None:
            words = self._en_words = frequencies("en", min(self.en_min_zipf, EN_MIN_ZIPF))
        return words.get(word, 0.0) >= self._en_min

    def _id_listed(self, word: str) -> bool:
        """Whether ``word`` is in wordfreq's Indonesian list (at :attr:`id_min_zipf`), loaded on first use."""
        words = self._id_words
        if words is None:
            words = self._id_words = frequencies("id")
        return words.get(word, 0.0) >= self._id_min

    def _root_set(self) -> frozenset[str]:
        """PySastrawi's roots, loaded on first use (most words of a text are decided before they are needed)."""
        roots = self._roots
        if roots is None:
            roots = self._roots = sastrawi_roots()
        return roots

    def _id(self, word: str) -> bool:
        return self._id_listed(word) or word in self._root_set()

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
        if lang == "id" and self._id_listed(word):
            return True  # the rule below, asked first in Indonesian text: most of its words need no other list
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
        ids, id_min, roots = self._id_words, self._id_min, self._root_set()
        assert ids is not None
        for base in _affix_bases(word)[1:]:
            if base in lexicon or (len(base) >= 4 and (ids.get(base, 0.0) >= id_min or base in roots)):
                return True
        return False

    def is_common(self, word: str, lang: str) -> bool:
        """Whether lower-case ``word`` is a word of ``lang`` in everyday use: the stricter guard for a token one
        edit from the term its source calls for ("dhak" for "dahak", "blod" for "blood"). :meth:`is_known`
        accepts any English word of Zipf 1.5 and any affixed form of any Sastrawi root, which lets through the
        short damaged spellings ("dhak", a drum; "penyak", peN- + nyak); here an English word needs Zipf
        :data:`COMMON_EN_ZIPF` (or be an inflection of such a word or of a glossary word) and an Indonesian one
        must be listed by wordfreq or be a Sastrawi root."""
        if word in self.extra or word in self.lexicon or word in self._related:
            return True
        if lang == "id" and self._id_listed(word):
            return True  # the last rule below, asked first in Indonesian text (no English list needed)
        en = frequencies("en", min(self.en_min_zipf, EN_MIN_ZIPF))
        floor = 10 ** (COMMON_EN_ZIPF - 9)
        if any(en.get(b, 0.0) >= floor or (k and (b in self.lexicon or b in self._related))
               for k, b in enumerate(english_bases(word))):
            return True
        if lang != "id":
            return False
        # No affix rule here: they make "penyakti" (peN- + sakti) and "penyak" (peN- + nyak) of damaged
        # "penyakit"; the affixed forms in everyday use are in wordfreq's list themselves.
        return self._id(word)

    def is_everyday(self, word: str, lang: str, en_zipf: float = EVERYDAY_EN_ZIPF) -> bool:
        """Whether lower-case ``word`` is a word of ``lang`` by that language's own word lists, with no glossary
        or project list: an English word of Zipf ``en_zipf`` or more ("map", "pet"), an Indonesian
        KBBI root (the Sastrawi list; wordfreq's Indonesian list is not asked, it holds the English words of
        Indonesian web text: "signal", "download"). Used to tell a glossary form of the other language that is
        also a word of this one from a term left untranslated."""
        if lang == "id":
            return word in sastrawi_roots()
        return frequencies("en", min(self.en_min_zipf, EN_MIN_ZIPF)).get(word, 0.0) >= 10 ** (en_zipf - 9)

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

    def glued_split(self, word: str, lang: str) -> tuple[int, float] | None:
        """Where lower-case ``word``, not a known word, splits into two words of ``lang`` ("nyeridada" →
        nyeri + dada, "thesame" → the + same), as ``(offset of the second half, score)``; None when no split
        makes two such words.

        A half counts when it is a glossary word or a common word of ``lang`` itself (Indonesian: the wordfreq
        list, a Sastrawi root of four letters or more, or an affixed form of one; English: Zipf ≥
        :data:`GLUE_EN_ZIPF` or an inflection of such a word); a half of :data:`GLUE_SHORT_HALF` letters or
        fewer must be a function word. The score is the rarer half's frequency (glossary words and roots count
        as Zipf 3): among several splits the one with the most common rarer half wins.
        """
        cache = self._splits.setdefault(lang, {})
        if word in cache:
            return cache[word]
        got = self._glued_split(word, lang)
        if len(cache) < 500_000:
            cache[word] = got
        return got

    def _glued_split(self, word: str, lang: str) -> tuple[int, float] | None:
        """:meth:`glued_split`, uncached."""
        if len(word) < GLUE_MIN_LENGTH or not word.isalpha() or word in self.lexicon:
            return None
        # wordfreq's English list holds web run-ons ("thesame", Zipf 1.8): such a rare "word" still splits when
        # both halves are much more common words. Any other known word is left whole.
        floor = None
        known = self.is_known(word, lang)
        if known:
            if lang != "en" or word in self.extra or self._zipf_en(word) >= GLUE_KNOWN_EN_ZIPF:
                return None
            floor = GLUE_KNOWN_HALF_ZIPF
        # The cuts first: they cost a few look-ups, while the tests that veto a split (a known word one edit
        # away: hundreds of judgements) are only due for the few words that split at all.
        best = self._best_cut(word, lang, floor)
        if best is None or (not known and self._whole_word_after_all(word, lang)):
            return None
        if lang == "id" and word.endswith(LOAN_ENDINGS) and word in _english_loans():
            return None  # the regular loan of an English word: "paginasi" (pagination), not "pagi" + "nasi"
        return best

    def _best_cut(self, word: str, lang: str, floor: float | None) -> tuple[int, float] | None:
        """The best split of ``word`` into two halves of ``lang`` (see :meth:`glued_split`) whose rarer half
        scores at least ``floor``, as ``(offset of the second half, score)``, before any veto."""
        best: tuple[bool, float, float, int] | None = None
        words = stopwords(lang if lang in ("en", "id") else "en")
        for cut in range(2, len(word) - 1):
            if word[:cut] in BOUND_FORMS or word[cut:] in FINAL_BOUND_FORMS:
                continue  # "antinyamuk", "pascaoperasi", "tensimeter": a bound form is written solid
            left = self._half_score(word[:cut], lang)
            if left is None:
                continue
            right = self._half_score(word[cut:], lang)
            if right is None:
                continue
            if (lang == "id" and len(word) - cut < GLUE_LOAN_RIGHT and right < GLUE_LOAN_RIGHT_ZIPF
                    and word.endswith(LOAN_ENDINGS)):
                continue  # "kanon" + "ikal" of the loan "kanonikal", "homo" + "fonik" of "homofonik"
            score = min(left, right)
            if floor is not None and (score < floor or not _function_half(word[:cut], word[cut:])):
                continue
            # A cut at a function word first: run-on prose glues one far more often than two content words
            # ("sleevesand" is "sleeves and", not "sleeve sand"; "yearsold" "years old").
            function = word[:cut] in words or word[cut:] in words
            if best is None or (function, score, left + right) > best[:3]:
                best = (function, score, left + right, cut)
        if best is None or (lang == "id" and best[1] < GLUE_KNOWN_HALF_ZIPF and self._solid_compound(word)):
            return None  # no split; or a compound PUEBI writes solid, unless both halves are common words
        return best[3], best[1]

    def _whole_word_after_all(self, word: str, lang: str) -> bool:
        """Whether an unknown ``word`` is more likely one word than two: a known word is one edit away (a typo:
        "enambahkan" of "menambahkan", "katagori" of "kategori", "treshold" of "threshold"), or an Indonesian
        affix leaves a known word of either language ("meredirect" = me- + redirect, "dioverride")."""
        if self.neighbour(word, lang, 1) is not None or (lang == "id" and self.neighbour(word, "en", 1) is not None):
            return True
        # A letter left out, added or swapped that gives a known word (affixed forms included, which the
        # neighbour lists lack: "pemberitahun" of "pemberitahuan", "enambahkan" of "menambahkan").
        letters = "abcdefghijklmnopqrstuvwxyz"
        edits = {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
        edits.update(word[:i] + word[i + 1:] for i in range(len(word)))
        edits.update(word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1))
        if any(self.is_known(e, lang) for e in edits if e != word):
            return True
        if lang == "id":
            return any(len(b) >= 4 and (self.is_known(b, "id") or self.is_known(b, "en"))
                       for b in base_forms(word)[1:])
        return False

    def is_english_loan(self, word: str) -> bool:
        """Whether Indonesian ``word``, ending like a loan (:data:`LOAN_ENDINGS`), is the regular loanword form
        of a known English word ("trombolisis" of thrombolysis): a real word even when the Indonesian lists
        lack it. The set is built on first use (about two seconds)."""
        return word.endswith(LOAN_ENDINGS) and word in _english_loans()

    def _solid_compound(self, word: str) -> bool:
        """Whether Indonesian ``word`` is a compound of two roots with a prefix and a suffix around it, which
        PUEBI writes solid ("dilipatgandakan": lipat + ganda; "ditandatangani": tanda + tangan). The halves
        must be KBBI roots (the Sastrawi list, three letters or more), not affixed words: two words run
        together ("diberikanpengobatan", "menyebarmelalui") stay glue, and so do two common words that happen
        to read as one (:meth:`_glued_split` asks only when a half of the split is rarer than Zipf
        :data:`GLUE_KNOWN_HALF_ZIPF`: "kepalabagian" is kepala + bagian, not ke- + pala + bagi + -an)."""
        return any(len(stem[:cut]) >= 3 and self.is_everyday(stem[:cut], "id") and self.is_everyday(stem[cut:], "id")
                   for stem in circumfixed_stems(word) for cut in range(3, len(stem) - 2))

    def _half_score(self, half: str, lang: str) -> float | None:
        """How sure it is that ``half`` is a word of ``lang`` on its own (a Zipf-like score), or None."""
        if len(half) <= GLUE_SHORT_HALF:
            if half in stopwords(lang if lang in ("en", "id") else "en"):
                return 4.0
            return 3.0 if len(half) == GLUE_SHORT_HALF and half in self.lexicon else None
        listed = self._listed_half(half, lang)
        if half in self.lexicon:
            return max(3.0, listed or 0.0)
        return listed

    def _listed_half(self, half: str, lang: str) -> float | None:
        """:meth:`_half_score` for a half of four letters or more, from the word lists alone."""
        if lang == "id":
            # Listed by wordfreq itself: a rare Sastrawi root ("sasi", "rasi", "ikal") or an affix reading
            # ("inisiali") makes a half of almost any long word.
            self._id_listed("")  # loads the Indonesian list on first use
            freq = (self._id_words or {}).get(half, 0.0)
            if freq <= 0:
                return None
            # An English word in Indonesian text ("load", "key", "char", "alpha") glues into mixed jargon
            # ("loadabel", "keyblok") more often than into two words run together.
            if len(half) > GLUE_SHORT_HALF and self._zipf_en(half) > math.log10(freq) + 9 + 0.5:
                return None
            return math.log10(freq) + 9
        en = frequencies("en", min(self.en_min_zipf, EN_MIN_ZIPF))
        floor = 10 ** (GLUE_EN_ZIPF - 9)
        for k, base in enumerate(english_bases(half)):
            if base in self.lexicon or base in self._related:
                return 3.0 - (k > 0)
            freq = en.get(base, 0.0)
            if freq >= floor:
                return math.log10(freq) + 9 - (k > 0)
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

