"""Pairing English term candidates with Indonesian stretches of the same beads, and scoring the pairs.

The stages, over a whole corpus of alignments: the linked beads and their English tokens
(:func:`doc_beads`); English candidates and their termhood (:mod:`termalign.terms.candidates`); the
Indonesian tokens (:mod:`termalign.terms.indonesian`); word links (:mod:`termalign.terms.links`) and one
projection per candidate and bead (:mod:`termalign.terms.projection`). A second pass gives back their termhood
to the phrases inside candidates that never paired.

Scoring: the occurrences of a candidate are grouped by Indonesian base form (a free neighbour that every
occurrence shares joins the term: "airway" → "saluran" + "napas") and the best group becomes a
:class:`~termalign.model.TermPair` whose score also weighs consistency across occurrences, bead-level
association of the whole phrases, and termhood.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import termalign.terms.candidates as en
import termalign.terms.indonesian as idn
from termalign.model import Alignment, TermFinding, TermOccurrence, TermPair, join_segments
from termalign.terms.links import KINDS, BeadWords, WordLinks
from termalign.terms.projection import Neighbour, Occurrence
from termalign.terms.review import Spelling, occurrence_findings

if TYPE_CHECKING:
    from termalign.terms.stats import Model, PairStats, Static


def first_tokens(tokens: Sequence[en.Token] | Sequence[idn.IdToken], starts: Sequence[int]) -> set[int]:
    """Indices of the first token of each sentence, given the sentences' start offsets."""
    out: set[int] = set()
    k = 0
    for start in sorted(starts):
        while k < len(tokens) and tokens[k].start < start:
            k += 1
        if k < len(tokens):
            out.add(k)
    return out


def doc_beads(alignment: Alignment, offset: int) -> list[BeadWords]:
    """The linked beads of one alignment with their English tokens, numbered from ``offset``."""
    beads: list[BeadWords] = []
    for k, bead in enumerate(alignment.beads):
        if not bead.linked:
            continue
        # Glued words stay two words here: "withdrawalThey" as one token would hide both from the extractor.
        src, src_starts = join_segments(alignment.segments(bead, "source"), glue=" ")
        tgt, tgt_starts = join_segments(alignment.segments(bead, "target"), glue=" ")
        tokens = en.tokenize(src)
        beads.append(BeadWords(offset + k, src, tgt, tokens, first_tokens(tokens, src_starts), list(tgt_starts)))
    return beads


def across(bead: BeadWords, span: tuple[int, int, str]) -> bool:
    """Whether a candidate runs from one sentence of the bead into the next: "session Calcium" from "… session"
    + "Calcium …", two sentences a broken pipeline glued ("sessionCalcium") and the segmenter split again."""
    return any(k in bead.en_starts for k in range(span[0] + 1, span[1] + 1))


def _extend(occs: list[Occurrence]) -> list[Occurrence]:
    """Add a free Indonesian neighbour that every occurrence of a pair shares ("saluran" + "napas")."""
    if len(occs) < 2:
        return occs

    def shared(sides: list[Neighbour | None]) -> Neighbour | None:
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
                    left=None, right=None, target_span=(o.left.span[0], o.target_span[1]) if o.left else o.target_span)
            for o in occs
        ]
    assert right is not None
    return [
        replace(o, target_form=f"{o.target_form} {right.text}", target_base=f"{o.target_base} {right.base}",
                left=None, right=None, target_span=(o.target_span[0], o.right.span[1]) if o.right else o.target_span)
        for o in occs
    ]


def _grouped(stats: PairStats) -> Iterator[tuple[str, list[Occurrence], dict[str, list[Occurrence]]]]:
    """Each candidate with its occurrences in corpus order and their groups by Indonesian base form (a free
    neighbour every occurrence of a group shares extends it: :func:`_extend`)."""
    occurrences: dict[str, list[Occurrence]] = defaultdict(list)
    for doc in sorted(stats.occurrences):
        for occ in stats.occurrences[doc]:
            occurrences[occ.key].append(occ)
    for key, occs in occurrences.items():
        first_groups: dict[str, list[Occurrence]] = defaultdict(list)
        for occ in occs:
            first_groups[occ.target_base].append(occ)
        groups: dict[str, list[Occurrence]] = defaultdict(list)
        for group in first_groups.values():
            for occ in _extend(group):
                groups[occ.target_base].append(occ)
        yield key, occs, groups


def multiword_targets(stats: PairStats) -> frozenset[str]:
    """The multi-word Indonesian sides of the groups :func:`score_pairs` will score (their bead counts are a
    round of their own: :mod:`termalign.terms.stats`)."""
    return frozenset(t for _, _, groups in _grouped(stats) for t in groups if len(t.split()) > 1)


def score_pairs(static: Static, model: Model, stats: PairStats, multi: Mapping[str, int]) -> list[TermPair]:
    """Score the merged occurrences of round 4 (:mod:`termalign.terms.stats`) as pairs, best first; ``multi``
    says in how many beads each multi-word Indonesian side of :func:`multiword_targets` occurs."""
    settings = static.settings
    links = static.links
    found = stats.findings
    spelling = None
    if settings.check_glossary is not None:
        counts = {"en": model.counts.en_words, "id": model.counts.id_words}
        spelling = Spelling(links, model.counts.id_words, settings.check_glossary, counts)
    id_beads = model.index.id_beads if model.index is not None else Counter()

    def beads_with(target_base: str) -> int:
        words = target_base.lower().split()
        return id_beads.get(words[0], 0) if len(words) == 1 else multi.get(target_base, 0)

    pairs: list[TermPair] = []
    for key, occs, groups in _grouped(stats):
        findings: dict[str, list[TermFinding]] = {}
        if spelling is not None:
            for target_base, group in groups.items():
                got = occurrence_findings(group, found)
                got += spelling.findings(key, target_base, any(o.glossary for o in group))
                if not got:
                    got = spelling.misspellings(group)  # the checks' rules first: their suggestions know more
                findings[target_base] = got
        # A flagged rendering whose suggestion is another, clean rendering of the same term ("kalsifikasi
        # distrofi" → "kalsifikasi distrofik") is that term mis-spelt: it supports the clean pair, and is listed
        # (flagged) even when it is rare.
        support: dict[str, list[Occurrence]] = defaultdict(list)
        listed: set[str] = set()
        for target_base, finds in findings.items():
            for f in finds:
                better = (f.suggestion or "").lower()
                if f.side == "target" and better != target_base and better in groups and not findings.get(better):
                    support[better] += groups[target_base]
                    listed.add(target_base)
                    break
        ranked = sorted(groups.items(), key=lambda kv: (-sum(o.score for o in kv[1] + support[kv[0]]),
                                                        -len(kv[1]), kv[0]))
        n_seen = max(stats.spans[key], len(occs))
        n_beads = stats.beads[key]
        for rank, (target_base, group) in enumerate(ranked):
            count = len(group)
            if count < settings.min_count:
                continue
            if rank > 0 and (count < 2 or count < 0.3 * n_seen) and target_base not in listed:
                continue  # a second translation is listed only when it is a real variant, not noise
            pair = _make_pair(links, key, target_base, group, n_seen, n_beads, model.hood.get(key),
                              beads_with(target_base), support=support.get(target_base, []),
                              findings=findings.get(target_base, []), texts=stats.texts)
            if pair.score >= settings.min_score:
                pairs.append(pair)
    # Flagged pairs after every clean one: a reviewer reads the clean list first.
    pairs.sort(key=lambda p: (p.flagged, -p.score, -p.count, p.source_base, p.target_base))
    return pairs


def _make_pair(
    links: WordLinks,
    key: str,
    target_base: str,
    occs: list[Occurrence],
    n_seen: int,
    n_beads: int,
    hood: en.Termhood | None,
    target_beads: int,
    *,
    support: Sequence[Occurrence] = (),
    findings: Sequence[TermFinding] = (),
    texts: Mapping[int, tuple[str, str]] | None = None,
) -> TermPair:
    """The pair ``key`` → ``target_base`` seen at ``occs``; ``target_beads`` is the number of beads holding every
    word of ``target_base``; ``support`` are occurrences of the same term mis-spelt (they count for consistency
    and association, not in ``count``), ``texts`` the beads' texts for the examples."""
    count = len(occs)
    beads = tuple(sorted({o.bead for o in occs}))
    quality = sum(o.score for o in occs) / count
    consistency = min(1.0, (count + len(support)) / n_seen)
    supported = len(set(beads) | {o.bead for o in support})
    c_target = max(target_beads, supported)
    association = min(1.0, 2.0 * supported / (n_beads + c_target)) if n_beads + c_target else 0.0
    termhood = hood.score if hood is not None else 1.0
    glossary_hit = any(o.glossary for o in occs)
    agreement = (consistency + association) / 2.0
    score = quality * (0.65 + 0.35 * agreement) * (0.85 + 0.15 * min(1.0, termhood))
    if glossary_hit:
        score = max(score, 0.95)

    n_words = max(1, len(key.split()))
    by_kind: dict[str, float] = dict.fromkeys(KINDS, 0.0)
    for occ in occs:
        for kind, value in occ.words:
            if kind in by_kind:
                by_kind[kind] += value / n_words
    evidence: list[tuple[str, float]] = []
    for kind in KINDS:
        if kind == "glossary" and links.glossary is None:
            continue
        if kind == "dictionary" and not links.has_dictionary:
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
        findings=tuple(sorted(findings, key=lambda f: (f.side, f.code))),
        examples=tuple((b, *texts[b]) for b in beads[:2]) if texts else (),
    )


def _most_common(counter: Counter[str]) -> str:
    """Most frequent form; ties go to the lower-case form, then alphabetical order (deterministic)."""
    return min(counter, key=lambda f: (-counter[f], f != f.lower(), f))
