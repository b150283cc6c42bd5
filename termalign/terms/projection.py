"""Projection: one bead's words linked, and each English candidate mapped onto an Indonesian stretch.

Glossary terms (and dictionary entries whose translation is a phrase, "cartilage" → "tulang rawan") are
matched first, as whole phrases in any inflected form (:func:`termalign.lang.indonesian.find_term`). The other
words are linked one-to-one, strongest evidence first (competitive linking over
:meth:`~termalign.terms.links.WordLinks.link`), and the items of parallel enumerations by their place.

A candidate is then *projected*: its linked Indonesian words must lie in one Indonesian chunk, with no word
linked to English outside the candidate between them (the phrase-extraction rule of statistical MT). An
English word left unlinked ("clots" in "blood clots", seen once) is filled with an adjacent free Indonesian
word, on the side Indonesian word order predicts: the head noun comes first ("bekuan darah"), so an English
head (last word) is looked for on the left and a modifier on the right. Each projection is an
:class:`Occurrence` with a score (mean link score × word-order factor × position agreement) and the free
neighbours :func:`~termalign.terms.stats.pair_terms` may add to the term.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import termalign.terms.candidates as en
import termalign.terms.indonesian as idn
from termalign.lang.english import singular
from termalign.lang.indonesian import find_term
from termalign.terms.links import (
    DICTIONARY_SCORE,
    LINK_MIN,
    PRIORITY,
    BeadLinks,
    BeadWords,
    PhraseTarget,
    WordLinks,
)

FILL_FLOOR = 0.2  # score of a filled word with no evidence at all
LIST_SCORE = 0.6  # a word paired only by its place in parallel enumerations
_EN_COORDINATORS = frozenset({"and", "or"})
_ID_COORDINATORS = frozenset({"dan", "atau", "serta"})


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A free Indonesian word next to a projected term; ``wedged`` when the word beyond it is linked to other
    English ("kekurangan [zat] besi": "zat" is between "deficiency" and "iron")."""

    text: str
    base: str
    wedged: bool
    span: tuple[int, int] = (0, 0)  # in the bead's Indonesian text


@dataclass(frozen=True, slots=True)
class Occurrence:
    key: str
    bead: int
    source_form: str
    target_form: str
    target_base: str
    score: float
    words: tuple[tuple[str, float], ...]  # (kind, score) per English word
    position: float
    glossary: bool = False
    left: Neighbour | None = None
    right: Neighbour | None = None
    # Character spans of the two sides in the bead's joined texts: where the QA checks' findings are matched.
    source_span: tuple[int, int] = (0, 0)
    target_span: tuple[int, int] = (0, 0)




class BeadProjector:
    """Links the words of one bead at a time and projects its candidates, with the evidence of :class:`WordLinks`."""

    def __init__(self, links: WordLinks) -> None:
        self.links = links

    def _phrase_matches(self, bead: BeadWords) -> list[tuple[int, int, str, PhraseTarget, tuple[int, int]]]:
        """Glossary terms anywhere in the bead, dictionary phrases on candidate spans, found on both sides."""
        if not self.links.phrases:
            return []
        toks = bead.en_tokens
        n = len(toks)
        # (first, last, key) to try: candidate spans, plus every n-gram starting with a glossary word.
        tries: dict[tuple[int, int], str] = {(first, last): key for first, last, key in bead.spans}
        if self.links.gloss_longest:
            for i, tok in enumerate(toks):
                if tok.lower not in self.links.gloss_first:
                    continue
                for j in range(i, min(n, i + self.links.gloss_longest)):
                    if (i, j) not in tries:
                        words = [t.lower for t in toks[i:j]]
                        tries[(i, j)] = " ".join([*words, singular(toks[j].text)])
        out: list[tuple[int, int, str, PhraseTarget, tuple[int, int]]] = []
        taken: set[int] = set()
        # Longest first: "white blood cell" claims its Indonesian words before "blood cell" can.
        for (i, j), key in sorted(tries.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0])):
            entries = self.links.phrases.get(tuple(key.split()))
            if not entries:
                continue
            for target in entries:
                found = self._find_target(bead, target.forms, taken)
                if found is not None:
                    out.append((i, j, key, target, found))
                    taken.update(range(found[0], found[1] + 1))
                    break
        return out

    def _find_target(self, bead: BeadWords, forms: Sequence[str], taken: set[int]) -> tuple[int, int] | None:
        toks = bead.id_tokens
        for form in forms:
            for start, end in find_term(bead.tgt_text, form):
                covered = [k for k, t in enumerate(toks) if t.start < end and t.end > start]
                if covered and not taken.intersection(covered):
                    return (covered[0], covered[-1])
        return None

    def bead_occurrences(self, bead: BeadWords) -> list[Occurrence]:
        """Link the words of ``bead`` and project every candidate onto its Indonesian side."""
        en_toks, id_toks = bead.en_tokens, bead.id_tokens
        if not id_toks or not en_toks:
            return []
        occurrences: list[Occurrence] = []
        link_of_en: dict[int, tuple[int, float, str, str]] = {}
        en_of_id: dict[int, int] = {}
        reserved_id: set[int] = set()
        matched: set[tuple[int, int]] = set()
        en_positions = sorted(
            {p for first, last, _ in bead.spans for p in range(first, last + 1)
             if not en.in_term_function_word(en_toks[p])}
        )
        bead.links = BeadLinks(link_of_en, en_of_id, reserved_id, matched, frozenset(en_positions))

        for first, last, key, target, (lo, hi) in self._phrase_matches(bead):
            glossary = target.kind == "glossary"
            score = 1.0 if glossary else DICTIONARY_SCORE
            position = self._position(bead, first, last, lo, hi)
            occurrences.append(
                Occurrence(
                    key, bead.gid, self._source_form(bead, first, last), self._target_form(bead, lo, hi),
                    target.preferred.lower() if not glossary else target.preferred,
                    score if glossary else score * (0.85 + 0.15 * position),
                    tuple((target.kind, score) for _ in range(first, last + 1)), position, glossary=glossary,
                    source_span=self._source_span(bead, first, last), target_span=self._target_span(bead, lo, hi),
                )
            )
            reserved_id.update(range(lo, hi + 1))
            matched.add((first, last))
            if first == last and lo == hi:
                # A one-word term is a word link too: a longer candidate around it ("dystrophic calcification"
                # around the glossary's "calcification") may still project onto its word.
                link_of_en[first] = (lo, score, target.kind, target.preferred.lower())
                en_of_id[lo] = first
        if not bead.spans:
            return occurrences
        id_positions = [q for q, t in enumerate(id_toks) if t.chunk >= 0 and q not in reserved_id]
        n_en, n_id = max(1, len(en_toks)), max(1, len(id_toks))
        proposals: list[tuple[float, int, float, int, int, str, str]] = []
        link = self.links.link
        for p in en_positions:
            rel_p = p / n_en
            for q in id_positions:
                score, kind, base = link(en_toks[p], id_toks[q])
                if score >= LINK_MIN and kind != "hapax":
                    proposals.append((-score, PRIORITY[kind], abs(rel_p - q / n_id), p, q, kind, base))
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
        bead: BeadWords,
        link_of_en: dict[int, tuple[int, float, str, str]],
        en_of_id: dict[int, int],
        reserved_id: set[int],
        matched: set[tuple[int, int]],
    ) -> list[Occurrence]:
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
        out: list[Occurrence] = []
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
                Occurrence(
                    key, bead.gid, self._source_form(bead, first, last), self._target_form(bead, lo, hi), base,
                    LIST_SCORE * (0.85 + 0.15 * position), (("list", LIST_SCORE),) * n, position,
                    source_span=self._source_span(bead, first, last), target_span=self._target_span(bead, lo, hi),
                )
            )
            matched.add((first, last))
            reserved_id.update(range(lo, hi + 1))
        return out

    def project(self, bead: BeadWords, spans: Iterable[tuple[int, int, str]]) -> list[Occurrence]:
        """Project ``spans`` of a bead whose words are linked already (:meth:`bead_occurrences`)."""
        links = bead.links
        if links is None:
            return []
        out: list[Occurrence] = []
        for first, last, key in spans:
            if (first, last) in links.matched:
                continue
            occ = self._project(bead, first, last, key, links.link_of_en, links.en_of_id, links.reserved_id)
            if occ is not None:
                out.append(occ)
        return out

    def _project(
        self,
        bead: BeadWords,
        first: int,
        last: int,
        key: str,
        link_of_en: dict[int, tuple[int, float, str, str]],
        en_of_id: dict[int, int],
        reserved_id: set[int],
    ) -> Occurrence | None:
        id_toks = bead.id_tokens
        # "of" in "shortness of breath" or in a name needs no Indonesian word of its own.
        positions = [p for p in range(first, last + 1) if not en.in_term_function_word(bead.en_tokens[p])]
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
            if id_toks[q].chunk != chunk or (q in reserved_id and owner is None):
                return None
        for p, v in linked.items():
            instruction = bead.en_tokens[p].role == "verb"  # a verb term: its translation is a verb
            if id_toks[v[0]].verbal and v[2] not in ("cognate", "glossary") and not _adjectival(bead, p, v[0]) and (
                v[2] != "dictionary" or en.could_be_verb(bead.en_tokens[p].lower) or v[3] == id_toks[v[0]].bases[0]
            ) and not instruction:
                # "menyerang jaringan" for "attack tissues": a verb phrase, not a term. A noun the dictionary
                # translates by the root of the verb is one ("quarantine" ↔ "dikarantina": "karantina").
                return None
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
                score, _kind, base = self.links.link(bead.en_tokens[p], id_toks[q])
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
        if _whole(bead.en_tokens, first, last) and not _whole(id_toks, lo, hi) and not _complemented(bead, first, last):
            # The English candidate is a whole chunk before punctuation and its Indonesian chunk runs one free
            # word further on the right, up to punctuation too, where Indonesian puts a noun's modifiers ("weight
            # loss." ↔ "penurunan berat badan."): the word is part of the term, not left out of it. (Before a verb,
            # "Malignant cells grow" ↔ "Sel-sel ganas tumbuh", the word may translate the verb.)
            q = hi + 1
            if free(q) and _whole(id_toks, lo, q) and _ends_clause(bead.en_tokens, bead.src_text, last) and (
                _ends_clause(id_toks, bead.tgt_text, q)
            ):
                word = id_toks[q].bases[0]  # only inflection dropped: "nilai" stays, not the verb's "nila" + -i
                chosen[q] = min((b for b in id_toks[q].bases if idn.keeps_derivation(word, b, allow_prefix=False)),
                                key=lambda b: (len(b), b))
                hi = q
        if any(words[p][1] <= FILL_FLOOR for p in positions) and _whole_chunks(bead, first, last, lo, hi):
            # Both sides are whole chunks ("a sore throat," ↔ "sakit tenggorokan,"): the filled word is
            # bounded by the text itself, evidence as good as the weakest link.
            words = {p: (kind, max(value, LINK_MIN)) for p, (kind, value) in words.items()}
        n = len(positions)
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
        return Occurrence(
            key, bead.gid, self._source_form(bead, first, last), self._target_form(bead, lo, hi), base,
            score, tuple(words[p] for p in positions), position,
            left=self._neighbour(bead, lo - 1, free(lo - 1), en_of_id.get(lo - 2), first, last),
            right=self._neighbour(bead, hi + 1, free(hi + 1), en_of_id.get(hi + 2), first, last),
            source_span=self._source_span(bead, first, last), target_span=self._target_span(bead, lo, hi),
        )

    @staticmethod
    def _plain_base(tok: idn.IdToken) -> str:
        """The shortest base of a word that only drops inflection ("parunya" → "paru", "sel-sel" → "sel")."""
        word = tok.bases[0]
        return min((b for b in tok.bases if idn.keeps_derivation(word, b)), key=lambda b: (len(b), b))

    def _neighbour(
        self, bead: BeadWords, q: int, is_free: bool, beyond: int | None, first: int, last: int
    ) -> Neighbour | None:
        if not is_free:
            return None
        wedged = beyond is not None and not first <= beyond <= last
        return Neighbour(self._target_form(bead, q, q), self._plain_base(bead.id_tokens[q]), wedged,
                         self._target_span(bead, q, q))

    @staticmethod
    def _position(bead: BeadWords, first: int, last: int, lo: int, hi: int) -> float:
        """Agreement of the relative positions of the two sides inside the bead, in [0, 1]."""
        rel_e = (first + last) / 2 / max(1, len(bead.en_tokens) - 1) if len(bead.en_tokens) > 1 else 0.5
        rel_i = (lo + hi) / 2 / max(1, len(bead.id_tokens) - 1) if len(bead.id_tokens) > 1 else 0.5
        return 1.0 - abs(rel_e - rel_i)

    @staticmethod
    def _source_form(bead: BeadWords, first: int, last: int) -> str:
        return en.surface(bead.src_text, bead.en_tokens, first, last, first in bead.en_starts)

    @staticmethod
    def _source_span(bead: BeadWords, first: int, last: int) -> tuple[int, int]:
        return bead.en_tokens[first].start, bead.en_tokens[last].end

    @staticmethod
    def _target_span(bead: BeadWords, lo: int, hi: int) -> tuple[int, int]:
        return bead.id_tokens[lo].start, bead.id_tokens[hi].end

    @staticmethod
    def _target_form(bead: BeadWords, lo: int, hi: int) -> str:
        toks = bead.id_tokens
        form = " ".join(bead.tgt_text[toks[lo].start : toks[hi].end].split())
        head = toks[lo].text
        if lo in bead.id_starts and head[:1].isupper() and head[1:].islower() and len(head) > 1:
            form = form[0].lower() + form[1:]
        return form


def _adjectival(bead: BeadWords, p: int, q: int) -> bool:
    """An English adjective linked to a ``me-`` word: the Indonesian adjective ("infectious" ↔ "menular"), not a
    verb phrase ("delete" ↔ "menghapus")."""
    lowered = bead.en_tokens[p].lower
    if en.verb_like(lowered):
        return False
    return en.looks_adjectival(lowered) and bead.id_tokens[q].text.lower().startswith("me")


def _ends_clause(tokens: Sequence[en.Token] | Sequence[idn.IdToken], text: str, k: int) -> bool:
    """Whether token ``k`` is the last word of the text or punctuation follows it."""
    return k + 1 >= len(tokens) or bool(text[tokens[k].end : tokens[k + 1].start].strip())


def _complemented(bead: BeadWords, first: int, last: int) -> bool:
    """Whether English tokens ``first..last`` have a possessor before them or an of-phrase after them ("a month's
    calendar", "the calendar of a month"), which Indonesian puts after the head noun ("kalender bulan")."""
    toks = bead.en_tokens
    return (first > 0 and toks[first - 1].lower.endswith(("'s", "’s"))) or (
        last + 1 < len(toks) and toks[last + 1].lower == "of")


def _whole_chunks(bead: BeadWords, first: int, last: int, lo: int, hi: int) -> bool:
    """Whether English tokens ``first..last`` and Indonesian tokens ``lo..hi`` are each a whole chunk."""
    return _whole(bead.en_tokens, first, last) and _whole(bead.id_tokens, lo, hi)


def _whole(tokens: Sequence[en.Token] | Sequence[idn.IdToken], first: int, last: int) -> bool:
    """Whether ``tokens[first..last]`` is a whole chunk: no token of the same chunk on either side."""
    chunk = tokens[first].chunk
    return not ((first > 0 and tokens[first - 1].chunk == chunk)
                or (last + 1 < len(tokens) and tokens[last + 1].chunk == chunk))


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
