"""Word links of English–Indonesian term pairing: the evidence that an English word translates an Indonesian one.

Per bead, words are linked one-to-one, strongest evidence first (competitive linking, after Melamed 2000,
in :mod:`termalign.terms.projection`); :class:`WordLinks` says how strong each possible link is:

* **glossary** and **dictionary** word pairs (1.0 / 0.9): the user's glossary, and the bilingual dictionary
  (by default the shipped FreeDict word list, :func:`termalign.aligner.lexicon.load_default`);
* **cognate**: the loanword spelling rules make "calcification" and "kalsifikasi", "cells" and "sel" equal
  (:func:`termalign.lang.spelling.fold`; Indel ratio ≥ 0.75); identical strings ("hematoma") count as cognates;
* **association** across the corpus: Dice of the sets of beads an English word and an Indonesian base occur
  in, shrunk for small counts (c/(c+1)), so a pair seen twice weighs less than one seen ten times.

It also holds the glossary terms and dictionary phrases (matched as whole phrases), and the corpus indices
(word → bead set, co-occurrence counts) with caches per distinct word pair, so the work stays linear in the
corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

import termalign.terms.candidates as en
import termalign.terms.indonesian as idn
from termalign.aligner.lexicon import BilingualDictionary
from termalign.lang.english import WORD, singular
from termalign.lang.english import lemmas as english_lemmas
from termalign.lang.spelling import fold
from termalign.model import Glossary

LINK_MIN = 0.5  # weakest link used in competitive linking
COGNATE_MIN = 75  # rapidfuzz Indel ratio on folded forms
DICTIONARY_SCORE = 0.9
KINDS = ("glossary", "dictionary", "cognate", "association", "list")
PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}  # ties between equal scores: trusted sources first


@dataclass
class BeadWords:
    gid: int
    src_text: str
    tgt_text: str
    en_tokens: list[en.Token]
    en_starts: set[int]
    tgt_offsets: list[int]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    id_tokens: list[idn.IdToken] = field(default_factory=list)
    id_starts: set[int] = field(default_factory=set)
    links: BeadLinks | None = None


@dataclass
class BeadLinks:
    """The word alignment of one bead: English token → (Indonesian token, score, kind, base) and back."""

    link_of_en: dict[int, tuple[int, float, str, str]]
    en_of_id: dict[int, int]
    reserved_id: set[int]
    matched: set[tuple[int, int]]
    positions: frozenset[int]




@dataclass(frozen=True)
class PhraseTarget:
    preferred: str
    forms: tuple[str, ...]
    kind: str  # "glossary" or "dictionary"



def _english_key(text: str) -> tuple[str, ...]:
    """An English term as a key tuple: lower-case words, the last one singular."""
    words = [m.group() for m in WORD.finditer(text)]
    if not words:
        return ()
    return (*[w.lower() for w in words[:-1]], singular(words[-1]))


def _unreduplicated(word: str) -> str | None:
    left, dash, right = word.partition("-")
    return left if dash and left == right else None



class WordLinks:
    """The glossary and dictionary phrases, corpus indices and link caches of one
    :func:`~termalign.terms.stats.pair_terms` run."""

    def __init__(
        self,
        beads: list[BeadWords],
        glossary: Glossary | None,
        dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None,
    ) -> None:
        self.beads = beads
        self.glossary = glossary
        self.phrases: dict[tuple[str, ...], list[PhraseTarget]] = defaultdict(list)
        self.gloss_words: dict[str, set[str]] = defaultdict(set)
        self.dict_words: dict[str, set[str]] = defaultdict(set)
        self.has_dictionary = dictionary is not None
        for entry in glossary.entries if glossary is not None else ():
            targets = tuple(t for t in entry.targets if t)
            if not targets:
                continue
            for source in entry.sources:
                key = _english_key(source)
                if not key:
                    continue
                self.phrases[key].append(PhraseTarget(targets[0], targets, "glossary"))
                if len(key) == 1:
                    self.gloss_words[key[0]].update(t.lower() for t in targets if " " not in t)
        # Glossary terms are looked for at every position; these bound that scan.
        self.gloss_first = {k[0] for k in self.phrases}
        self.gloss_longest = max((len(k) for k in self.phrases), default=0)
        self.glossary_keys = {" ".join(k) for k in self.phrases}
        self.lexicalized: set[str] = {k for k in self.glossary_keys if " " in k}
        for word, translations in (dictionary or {}).items():
            key = _english_key(word)
            if not key:
                continue
            singles = {t.lower() for t in translations if " " not in t.strip()}
            multis = tuple(sorted(t for t in translations if " " in t.strip()))
            if len(key) == 1:
                self.dict_words[key[0]].update(singles)
                self.dict_words[key[0]].update(u for u in map(_unreduplicated, singles) if u)
            if len(key) > 1:
                self.lexicalized.add(" ".join(key))
            if multis or len(key) > 1:
                forms = multis + tuple(sorted(singles)) if len(key) > 1 else multis
                for form in forms:
                    self.phrases[key].append(PhraseTarget(form, (form,), "dictionary"))
        self.en_index: dict[str, set[int]] = defaultdict(set)
        self.id_index: dict[str, set[int]] = defaultdict(set)
        self.cooc: dict[tuple[str, str], int] = {}
        # (English word as written, lower case) → Indonesian word → link; pair_score itself is not cached, as
        # a word pair is asked about again almost only through the same two words.
        self._links: dict[str, dict[str, tuple[float, str, str]]] = {}
        self._folds: dict[str, str] = {}

    # -- corpus indices and word links ---------------------------------------------------------------------

    def _fold(self, word: str) -> str:
        folded = self._folds.get(word)
        if folded is None:
            folded = fold(word)
            self._folds[word] = folded
        return folded

    def pair_score(self, e: str, b: str) -> tuple[float, str]:
        """Best evidence that English word ``e`` translates Indonesian base ``b``: (score, kind).

        ``kind`` is one of :data:`KINDS`, ``"hapax"`` (co-occur in one bead only: usable to fill a gap, never
        to link) or ``""`` (no evidence).
        """
        best = self.lexical_score(e, b)
        if best[0] < 0.95:
            assoc = self._association(e, b)
            if assoc[0] > best[0]:
                best = assoc
        return best

    def lexical_score(self, e: str, b: str) -> tuple[float, str]:
        """The glossary, cognate and dictionary part of :meth:`pair_score` (no corpus association)."""
        best: tuple[float, str] = (0.0, "")
        if b in self.gloss_words.get(e, ()):
            best = (1.0, "glossary")
        elif e == b:
            best = (1.0, "cognate")
        else:
            fe, fb = self._fold(e), self._fold(b)
            if fe == fb and len(fe) >= 2:
                best = (1.0 if len(fe) > 3 else 0.95, "cognate")
            elif min(len(fe), len(fb)) > 3:
                ratio = fuzz.ratio(fe, fb, score_cutoff=COGNATE_MIN)
                if ratio:
                    best = (ratio / 100.0, "cognate")
            if best[0] < DICTIONARY_SCORE and b in self._dictionary_targets(e):
                best = (DICTIONARY_SCORE, "dictionary")
        return best

    def _dictionary_targets(self, e: str) -> set[str]:
        """Dictionary translations of an English word, trying its lemmas ("coughing" → "cough") when unlisted."""
        hit = self.dict_words.get(e)
        if hit is None:
            hit = set()
            if self.dict_words:
                for lemma in english_lemmas(e)[1:]:
                    if lemma in self.dict_words:
                        hit = self.dict_words[lemma]
                        break
            self.dict_words[e] = hit
        return hit

    def cooccurrence(self, e: str, b: str) -> tuple[int, int, int]:
        """(beads with ``e``, beads with ``b``, beads with both) for :meth:`pair_score`'s association."""
        be, bb = self.en_index.get(e), self.id_index.get(b)
        if not be or not bb:
            return (0, 0, 0)
        common = self.cooc.get((e, b))
        if common is None:  # a word added in the second pass: count the few beads directly
            common = len(be & bb)
        return (len(be), len(bb), common)

    def _association(self, e: str, b: str) -> tuple[float, str]:
        n_e, n_b, common = self.cooccurrence(e, b)
        if not common:
            return (0.0, "")
        dice = 2.0 * common / (n_e + n_b)
        if common == 1:
            return (0.5 * dice, "hapax")
        return (dice * common / (common + 1.0), "association")

    def link(self, e_tok: en.Token, i_tok: idn.IdToken) -> tuple[float, str, str]:
        """(score, kind, base) for an English token and an Indonesian token.

        The score is the best over all the Indonesian word's bases; the base returned names the word in the
        result and only drops inflection (:func:`~termalign.terms.indonesian.keeps_derivation`).
        """
        word = i_tok.bases[0]
        lowered = e_tok.lower if e_tok.role != "verb" else e_tok.lower + " (verb)"
        cache = self._links.get(lowered)
        if cache is None:
            cache = self._links[lowered] = {}
        hit = cache.get(word)
        if hit is not None:
            return hit
        best, kind_best, name, name_score = 0.0, "", word, -1.0
        e_forms = (e_tok.key,) if e_tok.key == e_tok.lower else (e_tok.key, e_tok.lower)
        for base in i_tok.bases:
            score, kind = 0.0, ""
            for e in e_forms:
                s, k = self.pair_score(e, base)
                if s > score:
                    score, kind = s, k
            if score > best:
                best, kind_best = score, kind
            # Affixes are stripped from the name only when the bare base is what matched the English word
            # ("terkalsifikasi" → "kalsifikasi"); "terbuka" (open) stays as it is.
            # So is a dictionary translation of an English word that is no verb, reached inside a derived verb
            # ("quarantine" and "dikarantina", "placed in quarantine": the noun is "karantina").
            strip = kind in ("cognate", "glossary") or (
                kind == "dictionary" and i_tok.verbal and not en.could_be_verb(lowered)
            )
            better = score > name_score or (score == name_score and len(base) < len(name))
            if better and idn.keeps_derivation(word, base, allow_prefix=strip):
                name, name_score = base, score
        if e_tok.role == "verb" and i_tok.verbal:
            name = _verb_stem(word, i_tok.bases)
        result = (best, kind_best, name)
        cache[word] = result
        return result

    # -- one bead ------------------------------------------------------------------------------------------


def _verb_stem(word: str, bases: Iterable[str]) -> str:
    """The form a verb term is listed by: the verb with its prefix (me(N)-, di-) and clitic (-nya) dropped and its
    suffix (-kan, -i) kept, as Indonesian instructions write it ("menghapus" → "hapus", "memeriksa" → "periksa",
    "menambahkan" → "tambahkan"); ``word`` itself when none of its bases is its root."""
    best = word
    for root in bases:
        if root == word or len(root) < 3:
            continue
        for body in (root, root[1:] if root[0] in "ptks" else ""):
            at = word.find(body) if body else -1
            if at <= 0:
                continue
            rest = word[at + len(body):]
            suffix = "kan" if rest.startswith("kan") else "i" if rest.startswith("i") else ""
            if rest[len(suffix):] not in ("", "nya"):
                continue
            stem = root + suffix
            if len(stem) > len(best) or best == word:
                best = stem
    return best
