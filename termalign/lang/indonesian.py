"""Indonesian: affixes, clitics and reduplication, anchored on known terms rather than a general stemmer.

A general stemmer corrupts loan terms ("direktori" → "rektor" in Sastrawi), so termalign never asks "what is
the root of this word?" in the abstract. It asks either

* "is this word a form of that term?" (:func:`is_form_of`, :func:`find_term`): the QA checks know which
  Indonesian term the glossary expects and only need to recognise "terkalsifikasi", "kalsifikasinya",
  "sel-sel" or "menyerang" as forms of it; or
* "which of the possible bases of this word is in my lexicon?" (:func:`stem`): term pairing passes the
  glossary, dictionary or corpus vocabulary it trusts, and the longest base found there wins.

:func:`base_forms` lists every base the affix rules allow: prefixes ``me(N)-``, ``pe(N)-`` (with nasal
assimilation: ``menyerang`` ← serang, ``memukul`` ← pukul, ``menulis`` ← tulis, ``mengirim`` ← kirim),
``di-``, ``ber-``, ``ter-``, ``per-``, ``ke-``, ``se-`` (two layers: ``diper-``, ``memper-``); suffixes
``-kan``, ``-i``, ``-an``, possessives ``-nya``/``-ku``/``-mu`` and particles ``-lah``/``-kah``/``-pun``;
confixes as prefix + suffix (``ke-…-an``, ``pe(N)-…-an``); reduplication (``sel-sel``, ``tumbuh-tumbuhan``).

The affix lists are named here once (:data:`PARTICLES`, :data:`POSSESSIVES`, :data:`CLITICS`,
:data:`DERIVATIONAL`, :data:`VERB_PREFIXES`) and every stage takes them from here.
"""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache

from termalign.lang.base import Language, SentenceRules, word_pattern

CODE = "id"
_MIN_BASE = 3
_VOWELS = "aeiou"
#: Particles (``-lah``, ``-kah``, ``-pun``, ``-tah``): the outermost suffixes.
PARTICLES = ("lah", "kah", "pun", "tah")
#: Possessive clitics (``-nya``, ``-ku``, ``-mu``), inside the particles.
POSSESSIVES = ("nya", "ku", "mu")
#: The clitics that attach to any word and never change what it names ("selnya", "itulah"); ``-tah``, archaic,
#: is stripped by :func:`base_forms` but not counted here.
CLITICS = ("lah", "kah", "pun", "nya", "ku", "mu")
#: Derivational suffixes, longest first.
DERIVATIONAL = ("kan", "an", "i")
#: Prefixes that make verbs: ``me(N)-`` (and ``memper-``), ``di-`` (and ``diper-``), ``be(r)-``, ``ter-``.
VERB_PREFIXES = ("me", "di", "be", "ter")
#: Words of Indonesian text: letters and digits with inner hyphens ("sel-sel", "COVID-19").
WORD = word_pattern(digits=True, joiners="-")
#: Every prefix :func:`_prefix_strips` removes (a word starting with none of them has no base behind one).
_PREFIXES = ("me", "pe", "di", "ke", "se", "be", "te")


def _suffix_strips(word: str) -> list[str]:
    """``word`` and every stem left by removing particle, possessive and derivational suffixes (in that order)."""
    layer = [word]
    for group in (PARTICLES, POSSESSIVES, DERIVATIONAL):
        extra = [w[: -len(s)] for w in layer if w.endswith(group)
                 for s in group if w.endswith(s) and len(w) - len(s) >= _MIN_BASE]
        layer = layer + extra
    return layer


def _nasal(rest: str, nasal: str) -> list[str]:
    """Bases behind a ``meN-``/``peN-`` prefix whose nasal part is ``nasal`` and whose remainder is ``rest``."""
    if not rest:
        return []
    first = rest[0]
    out: list[str] = []
    if nasal == "ny" and first in _VOWELS:
        out += ["s" + rest, "ny" + rest]  # menyerang ← serang; menyanyi ← nyanyi
    elif nasal == "ng":
        if first in _VOWELS:
            out += ["k" + rest, rest]  # mengirim ← kirim; mengambil ← ambil
        elif first in "ghk":
            out.append(rest)  # menggali ← gali; menghitung ← hitung; mengkritik ← kritik
        if rest.startswith("e") and len(rest) > 1 and rest[1] not in _VOWELS:
            out.append(rest[1:])  # mengebom ← bom (menge- before one-syllable bases)
    elif nasal == "m":
        if first in _VOWELS:
            out += ["p" + rest, rest]  # memukul ← pukul
        elif first in "bfpv":
            out.append(rest)  # membaca ← baca
        elif first in "lr":
            out.append("p" + rest)  # pemrosesan ← proses; pemrograman ← program (p of a pr/pl loan drops)
    elif nasal == "n":
        if first in _VOWELS:
            out += ["t" + rest, rest]  # menulis ← tulis
        elif first in "cdjtz" or rest.startswith("sy"):
            out.append(rest)  # mencari ← cari; mendapat ← dapat
    elif nasal == "" and first in "lmnrwy" and rest[1:2] in tuple(_VOWELS):
        out.append(rest)  # melihat ← lihat; merusak ← rusak
    return out


def _prefix_strips(word: str) -> list[str]:
    """Bases left by removing one prefix from ``word`` (with nasal assimilation undone)."""
    out: list[str] = []
    if not word.startswith(_PREFIXES):
        return out
    for prefix in ("me", "pe"):
        if word.startswith(prefix):
            tail = word[2:]
            for nasal in ("ny", "ng", "m", "n", ""):
                if tail.startswith(nasal) and (nasal or tail[:2] not in ("ny", "ng")):
                    out += _nasal(tail[len(nasal) :], nasal)
    for prefix in ("di", "ke", "se", "ber", "ter", "per", "be", "te", "bel"):
        if word.startswith(prefix):
            rest = word[len(prefix) :]
            r_initial = rest.startswith("r") and rest[1:2] in tuple(_VOWELS)
            if prefix in ("be", "te") and not r_initial and not (prefix == "be" and rest.startswith("kerja")):
                continue  # be-/te- only before r-initial bases (berenang, terasa), and bekerja
            if prefix == "bel" and rest != "ajar":
                continue
            out.append(rest)
    return [b for b in out
            if len(b) >= _MIN_BASE and ("-" not in b or all(len(part) >= 2 for part in b.split("-")))]


def _unreduplicate(word: str) -> list[str]:
    """``sel-sel`` → ``sel``; ``tumbuh-tumbuhan`` → ``tumbuh``; ``bermacam-macam`` → ``macam``."""
    if "-" not in word:
        return []
    left, _, right = word.partition("-")
    out: list[str] = []
    if left == right or right.startswith(left):
        out.append(left)
    if left.endswith(right) and len(right) >= _MIN_BASE:
        out.append(right)
    return out


@lru_cache(maxsize=262144)
def _bases(word: str) -> tuple[str, ...]:
    found: dict[str, None] = {word: None}
    frontier = [word]
    for _layer in range(2):  # at most two prefix layers: di-per-, mem-per-, ber-ke-
        next_frontier: list[str] = []
        for form in frontier:
            for stem in _suffix_strips(form):
                for candidate in (stem, *_unreduplicate(stem)):
                    if candidate not in found:
                        found[candidate] = None
                    for base in _prefix_strips(candidate):
                        if base not in found:
                            found[base] = None
                            next_frontier.append(base)
                        for reduced in _unreduplicate(base):
                            found.setdefault(reduced, None)
        frontier = next_frontier
    del found[word]
    if not found:
        return (word,)
    # Longer bases first, then alphabetically: sorted by text, then (a stable sort) by length.
    return (word, *sorted(sorted(found), key=len, reverse=True))


def base_forms(word: str, lexicon: Container[str] | None = None) -> list[str]:
    """Every base the affix rules allow for ``word`` (lower-cased), the word itself first, longer bases first.

    With a ``lexicon``, only bases found in it are returned (the word itself always comes first).
    """
    lowered = word.lower()
    bases = _bases(lowered)
    if lexicon is None:
        return list(bases)
    return [lowered, *(b for b in bases[1:] if b in lexicon)]


def stem(word: str, lexicon: Container[str]) -> str:
    """The base of ``word`` found in ``lexicon``: the word itself if listed, else the longest listed base.

    Returns the lower-cased word when no base is listed: unknown words are left alone, never guessed at.
    """
    lowered = word.lower()
    if lowered in lexicon:
        return lowered
    for base in _bases(lowered)[1:]:
        if base in lexicon:
            return base
    return lowered


def is_form_of(word: str, base: str) -> bool:
    """Whether ``word`` is ``base`` or an affixed/reduplicated form of it ("terkalsifikasi" of "kalsifikasi")."""
    lowered, target = word.lower(), base.lower()
    if lowered == target:
        return True
    if target[1:] not in lowered:  # cheap filter; nasal assimilation may drop the first letter of the base
        return False
    return target in _bases(lowered)


def find_term(text: str, term: str, *, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Character spans of ``text`` where the Indonesian ``term`` occurs in any inflected form.

    Multi-word terms: the first word may carry prefixes, suffixes or reduplication ("sel-sel darah putih"),
    the last word suffixes ("sel darah putihnya"); words in between must match exactly. Matching ignores
    case unless ``case_sensitive``.
    """
    words = term.split()
    if not words:
        return []
    # Every way a token can match a word needs the word less its first letter inside the token (nasal
    # assimilation drops that letter): tokens without it are passed over before any affix rule is tried.
    probe = words[0].lower()[1:]
    tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    n = len(words)
    return [
        (tokens[i][0], tokens[i + n - 1][1])
        for i in range(len(tokens) - n + 1)
        if probe in tokens[i][2].lower() and all(
            _word_matches(tokens[i + k][2], expected, k in (0, n - 1), case_sensitive)
            for k, expected in enumerate(words)
        )
    ]


def _word_matches(token: str, expected: str, may_inflect: bool, case_sensitive: bool) -> bool:
    """One word of a term occurrence: inflected forms allowed at the edges of the term, exact words inside."""
    if token == expected or (not case_sensitive and token.lower() == expected.lower()):
        return True
    if not may_inflect or (case_sensitive and token[:1] != expected[:1]):
        return False
    return is_form_of(token, expected)


def circumfixed_stems(word: str) -> list[str]:
    """The bases of ``word`` that the affix rules leave when they take off a prefix and a derivational suffix
    at once ("lipatganda" of "dilipatgandakan", "tandatangan" of "ditandatangani"): PUEBI writes a compound
    solid when it carries both ("dilipatgandakan", "pertanggungjawaban", "menyebarluaskan"), so such a word is
    one word even though its stem is two."""
    lowered = word.lower()
    core = strip_clitic(lowered)
    if not core.endswith(DERIVATIONAL):
        return []
    return [b for b in _bases(lowered)[1:] if not lowered.startswith(b) and not core.endswith(b)]


def strip_clitic(word: str, min_base: int = _MIN_BASE) -> str:
    """``word`` without one clitic (:data:`CLITICS`: "selnya" → "sel") when at least ``min_base`` letters
    remain; else ``word`` itself."""
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= min_base:
            return word[: -len(clitic)]
    return word


#: Indonesian abbreviations that may end a sentence (see :class:`termalign.lang.base.SentenceRules`): "dll.",
#: "dsb.", "dst.", "dkk." close a list; "hal." (halaman) and "No." abbreviate only before a number — "hal" is
#: also the noun "matter" ("Itu hal biasa.", "… satu hal. Data …"); months only before a date.
SENTENCE_RULES = SentenceRules(
    enders=frozenset({"dll", "dsb", "dst", "dkk"}),
    final=frozenset({"s.d"}),
    before_number=frozenset({
        "hal", "No", "no", "Nomor", "Gbr", "gbr", "Tab",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Agt", "Agu", "Sep", "Okt", "Nov", "Des",
    }),
)


class Indonesian(Language):
    """Indonesian as the stages see it (see :class:`termalign.lang.base.Language`)."""

    code = CODE
    name = "Indonesian"
    word = WORD
    clitics = CLITICS
    sentence_rules = SENTENCE_RULES
    prefixes = _PREFIXES
    suffixes = (*PARTICLES, *POSSESSIVES, *DERIVATIONAL)

    def lemmas(self, word: str) -> list[str]:
        return base_forms(word)

    def is_form_of(self, word: str, base: str) -> bool:
        return is_form_of(word, base)

    def from_english(self, word: str) -> str:
        from termalign.lang.spelling import to_indonesian

        return to_indonesian(word)


LANGUAGE = Indonesian()
