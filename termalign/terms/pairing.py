"""Pairing English term candidates with Indonesian stretches of the same beads, and scoring the pairs.

Per bead, words are linked one-to-one, strongest evidence first (competitive linking, after Melamed 2000):

* **glossary** and **dictionary** word pairs (1.0 / 0.9): the user's glossary, and the bilingual dictionary
  (by default the shipped FreeDict word list, :func:`termalign.dictionary.load_default`);
* **cognate**: the loanword spelling rules make "calcification" and "kalsifikasi", "cells" and "sel" equal
  (:func:`termalign.lang.spelling.fold`; Indel ratio ≥ 0.75); identical strings ("hematoma") count as cognates;
* **association** across the corpus: Dice of the sets of beads an English word and an Indonesian base occur
  in, shrunk for small counts (c/(c+1)), so a pair seen twice weighs less than one seen ten times.

Glossary terms (and dictionary entries whose translation is a phrase, "cartilage" → "tulang rawan") are
matched first, as whole phrases in any inflected form (:func:`termalign.lang.indonesian.find_term`).

A candidate is then *projected*: its linked Indonesian words must lie in one Indonesian chunk, with no word
linked to English outside the candidate between them (the phrase-extraction rule of statistical MT). An
English word left unlinked ("clots" in "blood clots", seen once) is filled with an adjacent free Indonesian
word, on the side Indonesian word order predicts: the head noun comes first ("bekuan darah"), so an English
head (last word) is looked for on the left and a modifier on the right. When one English word always comes
out with the same free Indonesian neighbour ("airway" → "saluran" + "napas"), the neighbour joins the term.

Each projection gets an occurrence score (mean link score × word-order factor × position agreement); the
occurrences of a candidate are grouped by Indonesian base form and the best group becomes a
:class:`~termalign.model.TermPair` whose score also weighs consistency across occurrences, bead-level
association of the whole phrases, and termhood. Everything is linear in the corpus: per-bead token lists,
inverted indices from word to bead set, and caches per distinct word pair.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from rapidfuzz import fuzz

from termalign._gc import paused_gc
from termalign.dictionary import BilingualDictionary
from termalign.lang.english import WORD, singular
from termalign.lang.english import lemmas as english_lemmas
from termalign.lang.indonesian import find_term
from termalign.lang.spelling import fold, to_indonesian
from termalign.model import Alignment, Glossary, TermOccurrence, TermPair
from termalign.terms import candidates as en
from termalign.terms import indonesian as idn

LINK_MIN = 0.5  # weakest link used in competitive linking
COGNATE_MIN = 75  # rapidfuzz Indel ratio on folded forms
FILL_FLOOR = 0.2  # score of a filled word with no evidence at all
DICTIONARY_SCORE = 0.9
_KINDS = ("glossary", "dictionary", "cognate", "association", "list")
LIST_SCORE = 0.6  # a word paired only by its place in parallel enumerations
_EN_COORDINATORS = frozenset({"and", "or"})
_ID_COORDINATORS = frozenset({"dan", "atau", "serta"})
_PRIORITY = {kind: rank for rank, kind in enumerate(_KINDS)}  # ties between equal scores: trusted sources first


@dataclass
class _Bead:
    gid: int
    src_text: str
    tgt_text: str
    en_tokens: list[en.Token]
    en_starts: set[int]
    tgt_offsets: list[int]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    id_tokens: list[idn.IdToken] = field(default_factory=list)
    id_starts: set[int] = field(default_factory=set)
    links: _Links | None = None


@dataclass
class _Links:
    """The word alignment of one bead: English token → (Indonesian token, score, kind, base) and back."""

    link_of_en: dict[int, tuple[int, float, str, str]]
    en_of_id: dict[int, int]
    reserved_id: set[int]
    matched: set[tuple[int, int]]
    positions: frozenset[int]


@dataclass(frozen=True)
class _Neighbour:
    """A free Indonesian word next to a projected term; ``wedged`` when the word beyond it is linked to other
    English ("kekurangan [zat] besi": "zat" is between "deficiency" and "iron")."""

    text: str
    base: str
    wedged: bool


@dataclass(frozen=True)
class _Occurrence:
    key: str
    bead: int
    source_form: str
    target_form: str
    target_base: str
    score: float
    words: tuple[tuple[str, float], ...]  # (kind, score) per English word
    position: float
    glossary: bool = False
    left: _Neighbour | None = None
    right: _Neighbour | None = None


@dataclass(frozen=True)
class _PhraseTarget:
    preferred: str
    forms: tuple[str, ...]
    kind: str  # "glossary" or "dictionary"


def _joined(texts: Sequence[str]) -> tuple[str, list[int]]:
    """Sentences joined by one space, and the offset where each starts."""
    starts: list[int] = []
    pos = 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 1
    return " ".join(texts), starts


def _first_tokens(tokens: Sequence[en.Token] | Sequence[idn.IdToken], starts: Sequence[int]) -> set[int]:
    """Indices of the first token of each sentence, given the sentences' start offsets."""
    out: set[int] = set()
    k = 0
    for start in sorted(starts):
        while k < len(tokens) and tokens[k].start < start:
            k += 1
        if k < len(tokens):
            out.add(k)
    return out


def _english_key(text: str) -> tuple[str, ...]:
    """An English term as a key tuple: lower-case words, the last one singular."""
    words = [m.group() for m in WORD.finditer(text)]
    if not words:
        return ()
    return (*[w.lower() for w in words[:-1]], singular(words[-1]))


def _unreduplicated(word: str) -> str | None:
    left, dash, right = word.partition("-")
    return left if dash and left == right else None


class Pairer:
    """Holds the corpus indices and caches of one :func:`pair_terms` run."""

    def __init__(
        self,
        beads: list[_Bead],
        glossary: Glossary | None,
        dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None,
    ) -> None:
        self.beads = beads
        self.glossary = glossary
        self.phrases: dict[tuple[str, ...], list[_PhraseTarget]] = defaultdict(list)
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
                self.phrases[key].append(_PhraseTarget(targets[0], targets, "glossary"))
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
                    self.phrases[key].append(_PhraseTarget(form, (form,), "dictionary"))
        self.en_index: dict[str, set[int]] = defaultdict(set)
        self.id_index: dict[str, set[int]] = defaultdict(set)
        self.cooc: dict[tuple[str, str], int] = {}
        # (English word as written, lower case) → Indonesian word → link; pair_score itself is not cached, as
        # a word pair is asked about again almost only through the same two words.
        self._links: dict[str, dict[str, tuple[float, str, str]]] = {}
        self._folds: dict[str, str] = {}

    # -- corpus indices and word links ---------------------------------------------------------------------

    def index(self) -> None:
        """Build word → bead-set indices and co-occurrence counts for association, in one pass.

        Co-occurrences are counted only between the words of candidate spans and the Indonesian bases of the
        same bead (the pairs linking will ask about), so the work and memory grow with the corpus, not with
        the square of its vocabulary.
        """
        cooc = self.cooc
        for n, bead in enumerate(self.beads):
            for tok in bead.en_tokens:
                if tok.chunk >= 0:
                    self.en_index[tok.key].add(n)
            bases: set[str] = set()
            for itok in bead.id_tokens:
                if itok.chunk >= 0 or itok.verbal:
                    bases.update(itok.bases)
            for base in bases:
                self.id_index[base].add(n)
            positions = {p for first, last, _ in bead.spans for p in range(first, last + 1)}
            english = {bead.en_tokens[p].key for p in positions} | {bead.en_tokens[p].lower for p in positions}
            for e in english:
                for base in bases:
                    pair = (e, base)
                    cooc[pair] = cooc.get(pair, 0) + 1

    def _fold(self, word: str) -> str:
        folded = self._folds.get(word)
        if folded is None:
            folded = fold(word)
            self._folds[word] = folded
        return folded

    def pair_score(self, e: str, b: str) -> tuple[float, str]:
        """Best evidence that English word ``e`` translates Indonesian base ``b``: (score, kind).

        ``kind`` is one of :data:`_KINDS`, ``"hapax"`` (co-occur in one bead only: usable to fill a gap, never
        to link) or ``""`` (no evidence).
        """
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
        if best[0] < 0.95:
            assoc = self._association(e, b)
            if assoc[0] > best[0]:
                best = assoc
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

    def _association(self, e: str, b: str) -> tuple[float, str]:
        be, bb = self.en_index.get(e), self.id_index.get(b)
        if not be or not bb:
            return (0.0, "")
        common = self.cooc.get((e, b))
        if common is None:  # a word added in the second pass: count the few beads directly
            common = len(be & bb)
        if not common:
            return (0.0, "")
        dice = 2.0 * common / (len(be) + len(bb))
        if common == 1:
            return (0.5 * dice, "hapax")
        return (dice * common / (common + 1.0), "association")

    def link(self, e_tok: en.Token, i_tok: idn.IdToken) -> tuple[float, str, str]:
        """(score, kind, base) for an English token and an Indonesian token.

        The score is the best over all the Indonesian word's bases; the base returned names the word in the
        result and only drops inflection (:func:`~termalign.terms.indonesian.keeps_derivation`).
        """
        word = i_tok.bases[0]
        lowered = e_tok.lower
        cache = self._links.get(lowered)
        if cache is None:
            cache = self._links[lowered] = {}
        hit = cache.get(word)
        if hit is not None:
            return hit
        best, kind_best, name, name_score = 0.0, "", word, -1.0
        e_forms = (e_tok.key,) if e_tok.key == lowered else (e_tok.key, lowered)
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
            strip = kind in ("cognate", "glossary")
            better = score > name_score or (score == name_score and len(base) < len(name))
            if better and idn.keeps_derivation(word, base, allow_prefix=strip):
                name, name_score = base, score
        result = (best, kind_best, name)
        cache[word] = result
        return result

    # -- one bead ------------------------------------------------------------------------------------------

    def _phrase_matches(self, bead: _Bead) -> list[tuple[int, int, str, _PhraseTarget, tuple[int, int]]]:
        """Glossary terms anywhere in the bead, dictionary phrases on candidate spans, found on both sides."""
        if not self.phrases:
            return []
        toks = bead.en_tokens
        n = len(toks)
        # (first, last, key) to try: candidate spans, plus every n-gram starting with a glossary word.
        tries: dict[tuple[int, int], str] = {(first, last): key for first, last, key in bead.spans}
        if self.gloss_longest:
            for i, tok in enumerate(toks):
                if tok.lower not in self.gloss_first:
                    continue
                for j in range(i, min(n, i + self.gloss_longest)):
                    if (i, j) not in tries:
                        words = [t.lower for t in toks[i:j]]
                        tries[(i, j)] = " ".join([*words, singular(toks[j].text)])
        out: list[tuple[int, int, str, _PhraseTarget, tuple[int, int]]] = []
        taken: set[int] = set()
        # Longest first: "white blood cell" claims its Indonesian words before "blood cell" can.
        for (i, j), key in sorted(tries.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0])):
            entries = self.phrases.get(tuple(key.split()))
            if not entries:
                continue
            for target in entries:
                found = self._find_target(bead, target.forms, taken)
                if found is not None:
                    out.append((i, j, key, target, found))
                    taken.update(range(found[0], found[1] + 1))
                    break
        return out

    def _find_target(self, bead: _Bead, forms: Sequence[str], taken: set[int]) -> tuple[int, int] | None:
        toks = bead.id_tokens
        for form in forms:
            for start, end in find_term(bead.tgt_text, form):
                covered = [k for k, t in enumerate(toks) if t.start < end and t.end > start]
                if covered and not taken.intersection(covered):
                    return (covered[0], covered[-1])
        return None

    def bead_occurrences(self, bead: _Bead) -> list[_Occurrence]:
        """Link the words of ``bead`` and project every candidate onto its Indonesian side."""
        en_toks, id_toks = bead.en_tokens, bead.id_tokens
        if not id_toks or not en_toks:
            return []
        occurrences: list[_Occurrence] = []
        link_of_en: dict[int, tuple[int, float, str, str]] = {}
        en_of_id: dict[int, int] = {}
        reserved_id: set[int] = set()
        matched: set[tuple[int, int]] = set()
        en_positions = sorted({p for first, last, _ in bead.spans for p in range(first, last + 1)})
        bead.links = _Links(link_of_en, en_of_id, reserved_id, matched, frozenset(en_positions))

        for first, last, key, target, (lo, hi) in self._phrase_matches(bead):
            glossary = target.kind == "glossary"
            score = 1.0 if glossary else DICTIONARY_SCORE
            position = self._position(bead, first, last, lo, hi)
            occurrences.append(
                _Occurrence(
                    key, bead.gid, self._source_form(bead, first, last), self._target_form(bead, lo, hi),
                    target.preferred.lower() if not glossary else target.preferred,
                    score if glossary else score * (0.85 + 0.15 * position),
                    tuple((target.kind, score) for _ in range(first, last + 1)), position, glossary=glossary,
                )
            )
            reserved_id.update(range(lo, hi + 1))
            matched.add((first, last))
        if not bead.spans:
            return occurrences
        id_positions = [q for q, t in enumerate(id_toks) if t.chunk >= 0 and q not in reserved_id]
        n_en, n_id = max(1, len(en_toks)), max(1, len(id_toks))
        proposals: list[tuple[float, int, float, int, int, str, str]] = []
        for p in en_positions:
            rel_p = p / n_en
            for q in id_positions:
                score, kind, base = self.link(en_toks[p], id_toks[q])
                if score >= LINK_MIN and kind != "hapax":
                    proposals.append((-score, _PRIORITY[kind], abs(rel_p - q / n_id), p, q, kind, base))
        proposals.sort()
        for neg, _, _, p, q, kind, base in proposals:
            if p in link_of_en or q in en_of_id:
                continue
            link_of_en[p] = (q, -neg, kind, base)
            en_of_id[q] = p

        occurrences += self._list_items(bead, link_of_en, en_of_id, reserved_id, matched)
        occurrences += self.project(bead, bead.spans)
        return occurrences

    def _list_items(
        self,
        bead: _Bead,
        link_of_en: dict[int, tuple[int, float, str, str]],
        en_of_id: dict[int, int],
        reserved_id: set[int],
        matched: set[tuple[int, int]],
    ) -> list[_Occurrence]:
        """Pair the items of parallel enumerations by their place ("wheezing, coughing, ..." ↔ "mengi, batuk, ...").

        Both sides must list the same number of items (three or more), at least two items (one in lists of
        four or more) must already be linked to their counterpart at the same place, and none elsewhere. Then an
        item that is exactly one unlinked English candidate is paired with its counterpart when that is one free
        Indonesian stretch of at most one word more (score :data:`LIST_SCORE` per word).
        """
        en_items = _list_items(bead.en_tokens, bead.src_text, _EN_COORDINATORS)
        id_items = _list_items(bead.id_tokens, bead.tgt_text, _ID_COORDINATORS)
        if len(en_items) < 3 or len(en_items) != len(id_items):
            return []
        item_of_id = {q: k for k, item in enumerate(id_items) if item for q in range(item[0], item[1] + 1)}
        agree = 0
        for k, en_item in enumerate(en_items):
            if en_item is None:
                continue
            first, last = en_item
            places = {item_of_id.get(link_of_en[p][0]) for p in range(first, last + 1) if p in link_of_en}
            places.discard(None)
            if places - {k}:
                return []  # a link crosses places: the lists are not parallel
            agree += bool(places)
        if agree < (1 if len(en_items) >= 4 else 2):
            return []
        spans = {(first, last): key for first, last, key in bead.spans}
        out: list[_Occurrence] = []
        for en_item, id_item in zip(en_items, id_items, strict=True):
            if en_item is None or id_item is None:
                continue
            (first, last), (lo, hi) = en_item, id_item
            key = spans.get((first, last))
            if key is None or any(p in link_of_en for p in range(first, last + 1)):
                continue
            n = last - first + 1
            toks = bead.id_tokens[lo : hi + 1]
            if hi - lo + 1 > n + 1 or len({t.chunk for t in toks}) != 1 or toks[0].chunk < 0:
                continue
            if any(t.verbal or q in en_of_id or q in reserved_id for q, t in zip(range(lo, hi + 1), toks, strict=True)):
                continue
            base = " ".join(self._plain_base(t) for t in toks)
            position = self._position(bead, first, last, lo, hi)
            out.append(
                _Occurrence(
                    key, bead.gid, self._source_form(bead, first, last), self._target_form(bead, lo, hi), base,
                    LIST_SCORE * (0.85 + 0.15 * position), (("list", LIST_SCORE),) * n, position,
                )
            )
            matched.add((first, last))
            reserved_id.update(range(lo, hi + 1))
        return out

    def project(self, bead: _Bead, spans: Iterable[tuple[int, int, str]]) -> list[_Occurrence]:
        """Project ``spans`` of a bead whose words are linked already (:meth:`bead_occurrences`)."""
        links = bead.links
        if links is None:
            return []
        out: list[_Occurrence] = []
        for first, last, key in spans:
            if (first, last) in links.matched:
                continue
            occ = self._project(bead, first, last, key, links.link_of_en, links.en_of_id, links.reserved_id)
            if occ is not None:
                out.append(occ)
        return out

    def _project(
        self,
        bead: _Bead,
        first: int,
        last: int,
        key: str,
        link_of_en: dict[int, tuple[int, float, str, str]],
        en_of_id: dict[int, int],
        reserved_id: set[int],
    ) -> _Occurrence | None:
        id_toks = bead.id_tokens
        positions = range(first, last + 1)
        linked = {p: link_of_en[p] for p in positions if p in link_of_en}
        if not linked:
            return None
        qs = [v[0] for v in linked.values()]
        lo, hi = min(qs), max(qs)
        chunk = id_toks[lo].chunk
        for q in range(lo, hi + 1):
            owner = en_of_id.get(q)
            if owner is not None and not first <= owner <= last:
                return None  # an Indonesian word inside belongs to English outside the candidate
            if id_toks[q].chunk != chunk or q in reserved_id:
                return None
        for v in linked.values():
            if id_toks[v[0]].verbal and v[2] not in ("cognate", "glossary"):
                return None  # "menyerang jaringan" for "attack tissues": a verb phrase, not a term
        chosen: dict[int, str] = {v[0]: v[3] for v in linked.values()}
        words: dict[int, tuple[str, float]] = {p: (v[2], v[1]) for p, v in linked.items()}
        order: dict[int, int] = {p: v[0] for p, v in linked.items()}
        gaps = [q for q in range(lo, hi + 1) if q not in chosen]
        max_linked = max(linked)

        def free(q: int) -> bool:
            if not 0 <= q < len(id_toks) or q in chosen or q in en_of_id or q in reserved_id:
                return False
            tok = id_toks[q]
            return tok.chunk == chunk and tok.chunk >= 0 and not tok.verbal

        for p in positions:
            if p in linked:
                continue
            # Indonesian puts the head first: an English word after the linked ones (the head) is looked for
            # on the left, a modifier before them on the right; a free word inside the span comes first.
            tries: list[int] = list(gaps) + ([lo - 1, hi + 1] if p > max_linked else [hi + 1, lo - 1])
            best: tuple[float, int, str] | None = None
            for q in tries:
                if not free(q):
                    continue
                score, _kind, base = self.link(bead.en_tokens[p], id_toks[q])
                score = max(FILL_FLOOR, min(score, LINK_MIN))
                if best is None or score > best[0]:
                    best = (score, q, base)
                if q in gaps:
                    break
            if best is None:
                return None
            score, q, base = best
            chosen[q] = base
            words[p] = ("association", score) if score > FILL_FLOOR else ("", score)
            order[p] = q
            if q in gaps:
                gaps.remove(q)
            elif "-" in bead.en_tokens[p].text:
                # A hyphenated English word is often two Indonesian words: "short-acting" → "kerja singkat".
                extra = q - 1 if q < lo else q + 1
                if free(extra):
                    chosen[extra] = self._plain_base(id_toks[extra])
                    q = extra
            lo, hi = min(lo, q), max(hi, q)
        n = last - first + 1
        width = sum(len(bead.en_tokens[p].text.split("-")) for p in positions)
        if len(gaps) > 1 or hi - lo + 1 > width + 1:
            return None
        sequence = [order[p] for p in positions]
        if n == 1 or all(a > b for a, b in pairwise(sequence)):
            order_factor = 1.0  # Indonesian head-first order: "sel darah putih" for "white blood cells"
        elif all(a < b for a, b in pairwise(sequence)):
            order_factor = 0.9  # same order: loans and names ("myositis ossificans")
        else:
            order_factor = 0.85
        position = self._position(bead, first, last, lo, hi)
        mean = sum(s for _, s in words.values()) / n
        score = mean * order_factor * (0.8 ** len(gaps)) * (0.85 + 0.15 * position)
        base = " ".join(chosen.get(q, self._plain_base(id_toks[q])) for q in range(lo, hi + 1))
        return _Occurrence(
            key, bead.gid, self._source_form(bead, first, last), self._target_form(bead, lo, hi), base,
            score, tuple(words[p] for p in positions), position,
            left=self._neighbour(bead, lo - 1, free(lo - 1), en_of_id.get(lo - 2), first, last),
            right=self._neighbour(bead, hi + 1, free(hi + 1), en_of_id.get(hi + 2), first, last),
        )

    @staticmethod
    def _plain_base(tok: idn.IdToken) -> str:
        """The shortest base of a word that only drops inflection ("parunya" → "paru", "sel-sel" → "sel")."""
        word = tok.bases[0]
        return min((b for b in tok.bases if idn.keeps_derivation(word, b)), key=lambda b: (len(b), b))

    def _neighbour(
        self, bead: _Bead, q: int, is_free: bool, beyond: int | None, first: int, last: int
    ) -> _Neighbour | None:
        if not is_free:
            return None
        wedged = beyond is not None and not first <= beyond <= last
        return _Neighbour(self._target_form(bead, q, q), self._plain_base(bead.id_tokens[q]), wedged)

    @staticmethod
    def _position(bead: _Bead, first: int, last: int, lo: int, hi: int) -> float:
        """Agreement of the relative positions of the two sides inside the bead, in [0, 1]."""
        rel_e = (first + last) / 2 / max(1, len(bead.en_tokens) - 1) if len(bead.en_tokens) > 1 else 0.5
        rel_i = (lo + hi) / 2 / max(1, len(bead.id_tokens) - 1) if len(bead.id_tokens) > 1 else 0.5
        return 1.0 - abs(rel_e - rel_i)

    @staticmethod
    def _source_form(bead: _Bead, first: int, last: int) -> str:
        return en.surface(bead.src_text, bead.en_tokens, first, last, first in bead.en_starts)

    @staticmethod
    def _target_form(bead: _Bead, lo: int, hi: int) -> str:
        toks = bead.id_tokens
        form = " ".join(bead.tgt_text[toks[lo].start : toks[hi].end].split())
        head = toks[lo].text
        if lo in bead.id_starts and head[:1].isupper() and head[1:].islower() and len(head) > 1:
            form = form[0].lower() + form[1:]
        return form


# -- the corpus ------------------------------------------------------------------------------------------------


def _list_items(
    tokens: Sequence[en.Token | idn.IdToken], text: str, coordinators: frozenset[str]
) -> list[tuple[int, int] | None]:
    """The items of an enumeration in a sentence, as (first, last) token ranges of content words.

    Items are separated by commas, semicolons and coordinating conjunctions; the first item is the last chunk
    before the first separator ("Typical symptoms are [wheezing], ..."), the last item the first chunk after
    the last one. A middle item of several chunks ("rasa tertekan di dada") keeps its place as ``None``.
    Returns ``[]`` when the sentence is no enumeration.
    """
    groups: list[list[int]] = [[]]
    for k, tok in enumerate(tokens):
        gap = text[tokens[k - 1].end : tok.start] if k else ""
        if ("," in gap or ";" in gap) and groups[-1]:
            groups.append([])
        lowered = tok.text.lower()
        # "as well as" coordinates like "and": its "well" is no list item.
        as_well = lowered == "well" and 0 < k < len(tokens) - 1 and tokens[k - 1].text.lower() == "as"
        if lowered in coordinators or as_well:
            if groups[-1]:
                groups.append([])
            continue
        if tok.chunk >= 0:
            groups[-1].append(k)
    groups = [g for g in groups if g]
    if len(groups) < 3:
        return []
    items: list[tuple[int, int] | None] = []
    for n, group in enumerate(groups):
        chunks: dict[int, list[int]] = defaultdict(list)
        for k in group:
            if tokens[k].chunk >= 0:
                chunks[tokens[k].chunk].append(k)
        if not chunks:
            return []
        order = sorted(chunks)
        if n == 0:
            chosen: list[int] | None = chunks[order[-1]]
        elif n == len(groups) - 1 or len(order) == 1:
            chosen = chunks[order[0]]
        else:
            chosen = None
        items.append((chosen[0], chosen[-1]) if chosen else None)
    return items


def collect_beads(alignments: Sequence[Alignment]) -> list[_Bead]:
    """The linked beads of a corpus with their English tokens; bead numbers run on across alignments."""
    beads: list[_Bead] = []
    offset = 0
    for alignment in alignments:
        for k, bead in enumerate(alignment.beads):
            if not bead.linked:
                continue
            src, src_starts = _joined(alignment.source_text(bead))
            tgt, tgt_starts = _joined(alignment.target_text(bead))
            tokens = en.tokenize(src)
            beads.append(_Bead(offset + k, src, tgt, tokens, _first_tokens(tokens, src_starts), tgt_starts))
        offset += len(alignment.beads)
    return beads


def _extend(occs: list[_Occurrence]) -> list[_Occurrence]:
    """Add a free Indonesian neighbour that every occurrence of a pair shares ("saluran" + "napas")."""
    if len(occs) < 2:
        return occs

    def shared(sides: list[_Neighbour | None]) -> _Neighbour | None:
        # The same word every time, and at least once not wedged against another English word's translation.
        if any(n is None for n in sides) or len({(n.text.lower(), n.base) for n in sides if n}) != 1:
            return None
        free = [n for n in sides if n is not None and not n.wedged]
        return free[0] if free else None

    left = shared([o.left for o in occs])
    right = shared([o.right for o in occs])
    if (left is None) == (right is None):
        return occs  # no shared neighbour, or one on each side: ambiguous
    if left is not None:
        return [
            replace(o, target_form=f"{left.text} {o.target_form}", target_base=f"{left.base} {o.target_base}",
                    left=None, right=None)
            for o in occs
        ]
    assert right is not None
    return [
        replace(o, target_form=f"{o.target_form} {right.text}", target_base=f"{o.target_base} {right.base}",
                left=None, right=None)
        for o in occs
    ]


def pair_terms(
    alignments: Sequence[Alignment],
    *,
    glossary: Glossary | None = None,
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None = None,
    min_score: float = 0.5,
    min_termhood: float = 0.3,
    min_count: int = 1,
    max_words: int = en.MAX_WORDS,
) -> list[TermPair]:
    """The term pairs of a corpus of alignments (see :func:`termalign.terms.extract_terms`)."""
    with paused_gc():
        return _pair_terms(alignments, glossary, dictionary, min_score, min_termhood, min_count, max_words)


def _pair_terms(
    alignments: Sequence[Alignment],
    glossary: Glossary | None,
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None,
    min_score: float,
    min_termhood: float,
    min_count: int,
    max_words: int,
) -> list[TermPair]:
    beads = collect_beads(alignments)
    pairer = Pairer(beads, glossary, dictionary)

    # English candidates and their termhood.
    all_spans: list[list[tuple[int, int, str]]] = []
    keys: list[str] = []
    n_words = 0
    for bead in beads:
        spans = [
            (i, j, en.candidate_key(bead.en_tokens, i, j)) for i, j in en.candidate_spans(bead.en_tokens, max_words)
        ]
        all_spans.append(spans)
        keys.extend(k for _, _, k in spans)
        n_words += len(bead.en_tokens)
    hood = en.termhood(keys, n_words, lexicalized=pairer.lexicalized)
    accepted = {k for k, h in hood.items() if h.score >= min_termhood} | (pairer.glossary_keys & hood.keys())
    for bead, spans in zip(beads, all_spans, strict=True):
        bead.spans = [s for s in spans if s[2] in accepted]

    # Indonesian side: a lexicon of attested words, then tokens.
    lexicon_words: set[str] = set()
    for bead in beads:
        lexicon_words.update(idn.surface_words(bead.tgt_text))
    for targets in pairer.phrases.values():
        for target in targets:
            for form in target.forms:
                lexicon_words.update(idn.surface_words(form))
    for forms in pairer.dict_words.values():
        lexicon_words.update(forms)
    lexicon_words.update(to_indonesian(w) for key in accepted for w in key.split())
    lexicon = idn.Lexicon(lexicon_words)
    for bead in beads:
        bead.id_tokens = idn.tokenize(bead.tgt_text, lexicon)
        bead.id_starts = _first_tokens(bead.id_tokens, bead.tgt_offsets)

    pairer.index()
    per_bead = [pairer.bead_occurrences(bead) for bead in beads]

    # Second pass: candidates that never paired ("pregnancy increases", a subject and its verb) explain none of
    # the uses of the phrases inside them, so those get their termhood back ("pregnancy").
    paired = {occ.key for occs in per_bead for occ in occs}
    failed = accepted - paired
    if failed:
        again = en.termhood(keys, n_words, exclude=failed, lexicalized=pairer.lexicalized)
        new = {k for k, h in again.items() if h.score >= min_termhood} - accepted
        for n, (bead, spans) in enumerate(zip(beads, all_spans, strict=True)):
            extra = [s for s in spans if s[2] in new]
            if not extra:
                continue
            bead.spans += extra
            known = bead.links.positions if bead.links is not None else frozenset()
            if all(p in known for first, last, _ in extra for p in range(first, last + 1)):
                per_bead[n] += pairer.project(bead, extra)
            else:
                per_bead[n] = pairer.bead_occurrences(bead)  # new words to link: redo the bead
        hood.update({k: again[k] for k in new})
        accepted |= new

    occurrences: dict[str, list[_Occurrence]] = defaultdict(list)
    for occs in per_bead:
        for occ in occs:
            occurrences[occ.key].append(occ)

    seen_beads: dict[str, set[int]] = defaultdict(set)
    seen_count: Counter[str] = Counter()
    for bead in beads:
        for _, _, key in bead.spans:
            seen_beads[key].add(bead.gid)
            seen_count[key] += 1

    pairs: list[TermPair] = []
    for key, occs in occurrences.items():
        first_groups: dict[str, list[_Occurrence]] = defaultdict(list)
        for occ in occs:
            first_groups[occ.target_base].append(occ)
        groups: dict[str, list[_Occurrence]] = defaultdict(list)
        for group in first_groups.values():
            for occ in _extend(group):
                groups[occ.target_base].append(occ)
        ranked = sorted(groups.items(), key=lambda kv: (-sum(o.score for o in kv[1]), -len(kv[1]), kv[0]))
        n_seen = max(seen_count[key], len(occs))
        n_beads = len(seen_beads[key] | {o.bead for o in occs})
        for rank, (target_base, group) in enumerate(ranked):
            count = len(group)
            if count < min_count:
                continue
            if rank > 0 and (count < 2 or count < 0.3 * n_seen):
                continue  # a second translation is listed only when it is a real variant, not noise
            pair = _make_pair(pairer, key, target_base, group, n_seen, n_beads, hood.get(key))
            if pair.score >= min_score:
                pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, -p.count, p.source_base, p.target_base))
    return pairs


def _make_pair(
    pairer: Pairer,
    key: str,
    target_base: str,
    occs: list[_Occurrence],
    n_seen: int,
    n_beads: int,
    hood: en.Termhood | None,
) -> TermPair:
    count = len(occs)
    beads = tuple(sorted({o.bead for o in occs}))
    quality = sum(o.score for o in occs) / count
    consistency = min(1.0, count / n_seen)
    target_beads: set[int] | None = None
    for word in target_base.lower().split():
        found = pairer.id_index.get(word, set())
        target_beads = set(found) if target_beads is None else target_beads & found
    c_target = max(len(target_beads or ()), len(beads))
    association = min(1.0, 2.0 * len(beads) / (n_beads + c_target)) if n_beads + c_target else 0.0
    termhood = hood.score if hood is not None else 1.0
    glossary_hit = any(o.glossary for o in occs)
    support = (consistency + association) / 2.0
    score = quality * (0.65 + 0.35 * support) * (0.85 + 0.15 * min(1.0, termhood))
    if glossary_hit:
        score = max(score, 0.95)

    n_words = max(1, len(key.split()))
    by_kind: dict[str, float] = dict.fromkeys(_KINDS, 0.0)
    for occ in occs:
        for kind, value in occ.words:
            if kind in by_kind:
                by_kind[kind] += value / n_words
    evidence: list[tuple[str, float]] = []
    for kind in _KINDS:
        if kind == "glossary" and pairer.glossary is None:
            continue
        if kind == "dictionary" and not pairer.has_dictionary:
            continue
        evidence.append((kind, by_kind[kind] / count))
    evidence += [
        ("position", sum(o.position for o in occs) / count),
        ("consistency", consistency),
        ("bead_association", association),
        ("termhood", termhood),
    ]
    sources = Counter(o.source_form for o in occs)
    targets = Counter(o.target_form for o in occs)
    return TermPair(
        source=_most_common(sources),
        target=_most_common(targets),
        source_base=key,
        target_base=target_base,
        score=round(min(1.0, score), 4),
        count=count,
        beads=beads,
        evidence=tuple((k, round(min(1.0, v), 4)) for k, v in evidence),
        occurrences=tuple(TermOccurrence(o.bead, o.source_form, o.target_form) for o in occs),
    )


def _most_common(counter: Counter[str]) -> str:
    """Most frequent form; ties go to the lower-case form, then alphabetical order (deterministic)."""
    return min(counter, key=lambda f: (-counter[f], f != f.lower(), f))
