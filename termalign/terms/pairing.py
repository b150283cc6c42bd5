"""Pairing English term candidates with Indonesian stretches of the same beads, and scoring the pairs.

The stages, over a whole corpus of alignments: the linked beads and their English tokens
(:func:`collect_beads`); English candidates and their termhood (:mod:`termalign.terms.candidates`); the
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import termalign.terms.candidates as en
import termalign.terms.indonesian as idn
from termalign._gc import paused_gc
from termalign.aligner.lexicon import BilingualDictionary
from termalign.lang.spelling import to_indonesian
from termalign.model import Alignment, Glossary, TermFinding, TermOccurrence, TermPair, join_segments
from termalign.terms.links import KINDS, BeadWords, WordLinks
from termalign.terms.projection import BeadProjector, Neighbour, Occurrence
from termalign.terms.review import Spelling, bead_findings, occurrence_findings


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



def collect_beads(alignments: Sequence[Alignment]) -> list[BeadWords]:
    """The linked beads of a corpus with their English tokens; bead numbers run on across alignments."""
    beads: list[BeadWords] = []
    offset = 0
    for alignment in alignments:
        for k, bead in enumerate(alignment.beads):
            if not bead.linked:
                continue
            # Glued words stay two words here: "withdrawalThey" as one token would hide both from the extractor.
            src, src_starts = join_segments(alignment.segments(bead, "source"), glue=" ")
            tgt, tgt_starts = join_segments(alignment.segments(bead, "target"), glue=" ")
            tokens = en.tokenize(src)
            beads.append(BeadWords(offset + k, src, tgt, tokens, _first_tokens(tokens, src_starts), list(tgt_starts)))
        offset += len(alignment.beads)
    return beads


def _across(bead: BeadWords, span: tuple[int, int, str]) -> bool:
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


def pair_terms(
    alignments: Sequence[Alignment],
    *,
    glossary: Glossary | None = None,
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None = None,
    min_score: float = 0.5,
    min_termhood: float = 0.3,
    min_count: int = 1,
    max_words: int = en.MAX_WORDS,
    check_glossary: Glossary | None = None,
) -> list[TermPair]:
    """The term pairs of a corpus of alignments (see :func:`termalign.terms.extract_terms`); with
    ``check_glossary``, the QA checks run on both sides of the pairs (:mod:`termalign.terms.review`)."""
    with paused_gc():
        return _pair_terms(alignments, glossary, dictionary, min_score, min_termhood, min_count, max_words,
                           check_glossary)


def _pair_terms(
    alignments: Sequence[Alignment],
    glossary: Glossary | None,
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None,
    min_score: float,
    min_termhood: float,
    min_count: int,
    max_words: int,
    check_glossary: Glossary | None = None,
) -> list[TermPair]:
    beads = collect_beads(alignments)
    links = WordLinks(beads, glossary, dictionary)
    projector = BeadProjector(links)

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
    hood = en.termhood(keys, n_words, lexicalized=links.lexicalized)
    accepted = {k for k, h in hood.items() if h.score >= min_termhood} | (links.glossary_keys & hood.keys())
    for bead, spans in zip(beads, all_spans, strict=True):
        bead.spans = [s for s in spans if s[2] in accepted and not _across(bead, s)]

    # Indonesian side: a lexicon of attested words, then tokens.
    corpus_words: set[str] = set()
    for bead in beads:
        corpus_words.update(idn.surface_words(bead.tgt_text))
    lexicon_words = set(corpus_words)
    for targets in links.phrases.values():
        for target in targets:
            for form in target.forms:
                lexicon_words.update(idn.surface_words(form))
    for forms in links.dict_words.values():
        lexicon_words.update(forms)
    lexicon_words.update(to_indonesian(w) for key in accepted for w in key.split())
    lexicon = idn.Lexicon(lexicon_words)
    for bead in beads:
        bead.id_tokens = idn.tokenize(bead.tgt_text, lexicon)
        bead.id_starts = _first_tokens(bead.id_tokens, bead.tgt_offsets)

    links.index()
    per_bead = [projector.bead_occurrences(bead) for bead in beads]

    # Second pass: candidates that never paired ("pregnancy increases", a subject and its verb) explain none of
    # the uses of the phrases inside them, so those get their termhood back ("pregnancy").
    paired = {occ.key for occs in per_bead for occ in occs}
    failed = accepted - paired
    if failed:
        again = en.termhood(keys, n_words, exclude=failed, lexicalized=links.lexicalized)
        new = {k for k, h in again.items() if h.score >= min_termhood} - accepted
        for n, (bead, spans) in enumerate(zip(beads, all_spans, strict=True)):
            extra = [s for s in spans if s[2] in new]
            if not extra:
                continue
            bead.spans += extra
            known = bead.links.positions if bead.links is not None else frozenset()
            if all(p in known for first, last, _ in extra for p in range(first, last + 1)):
                per_bead[n] += projector.project(bead, extra)
            else:
                per_bead[n] = projector.bead_occurrences(bead)  # new words to link: redo the bead
        hood.update({k: again[k] for k in new})
        accepted |= new

    occurrences: dict[str, list[Occurrence]] = defaultdict(list)
    for occs in per_bead:
        for occ in occs:
            occurrences[occ.key].append(occ)

    seen_beads: dict[str, set[int]] = defaultdict(set)
    seen_count: Counter[str] = Counter()
    for bead in beads:
        for _, _, key in bead.spans:
            seen_beads[key].add(bead.gid)
            seen_count[key] += 1

    found = bead_findings(beads, check_glossary) if check_glossary is not None else {}
    spelling = None
    if check_glossary is not None:
        counts = {"en": Counter(t.lower for bead in beads for t in bead.en_tokens),
                  "id": Counter(t.text.lower() for bead in beads for t in bead.id_tokens)}
        spelling = Spelling(links, corpus_words, check_glossary, counts)
    texts = {bead.gid: (bead.src_text, bead.tgt_text) for bead in beads}

    pairs: list[TermPair] = []
    for key, occs in occurrences.items():
        first_groups: dict[str, list[Occurrence]] = defaultdict(list)
        for occ in occs:
            first_groups[occ.target_base].append(occ)
        groups: dict[str, list[Occurrence]] = defaultdict(list)
        for group in first_groups.values():
            for occ in _extend(group):
                groups[occ.target_base].append(occ)
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
        n_seen = max(seen_count[key], len(occs))
        n_beads = len(seen_beads[key] | {o.bead for o in occs})
        for rank, (target_base, group) in enumerate(ranked):
            count = len(group)
            if count < min_count:
                continue
            if rank > 0 and (count < 2 or count < 0.3 * n_seen) and target_base not in listed:
                continue  # a second translation is listed only when it is a real variant, not noise
            pair = _make_pair(links, key, target_base, group, n_seen, n_beads, hood.get(key),
                              support=support.get(target_base, []), findings=findings.get(target_base, []),
                              texts=texts)
            if pair.score >= min_score:
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
    *,
    support: Sequence[Occurrence] = (),
    findings: Sequence[TermFinding] = (),
    texts: Mapping[int, tuple[str, str]] | None = None,
) -> TermPair:
    """The pair ``key`` → ``target_base`` seen at ``occs``; ``support`` are occurrences of the same term
    mis-spelt (they count for consistency and association, not in ``count``), ``texts`` the beads' texts for
    the examples."""
    count = len(occs)
    beads = tuple(sorted({o.bead for o in occs}))
    quality = sum(o.score for o in occs) / count
    consistency = min(1.0, (count + len(support)) / n_seen)
    supported = len(set(beads) | {o.bead for o in support})
    target_beads: set[int] | None = None
    for word in target_base.lower().split():
        found = links.id_index.get(word, set())
        target_beads = set(found) if target_beads is None else target_beads & found
    c_target = max(len(target_beads or ()), supported)
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
