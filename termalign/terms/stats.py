"""Term extraction as map → merge → score: statistics per partition of a corpus that merge exactly.

Pooled extraction (all of a corpus in one partition of :func:`pair_terms`) uses the corpus as a whole at
five points: the termhood of every English candidate (its count, the words of the corpus), the Indonesian
lexicon (every word of the corpus), the association of word pairs (the beads each word occurs in, and the
co-occurrences of words inside accepted candidates), a second termhood pass over the candidates that never
paired, and the run-wide state of the ``inconsistent-term`` check. Here each of them is a *statistic* that a
partition of the corpus (some of its documents) computes on its own and that merges exactly with the others:
counter sums and set unions, and lists that are concatenated in document order — never a float summed in
partition order. After each merge a *model* (what the next step needs to know about the whole corpus) goes back
to the partitions, so the work takes five rounds:

1. **count** — candidate keys, English words, the beads each English word is in, the Indonesian words, each
   document's bead count (bead numbers run on across documents, as in a pooled run), the glossary entries the
   ``inconsistent-term`` check sees. The merge gives the termhood of every candidate, the accepted candidates and
   the Indonesian lexicon.
2. **index** — the beads each Indonesian base is in and the co-occurrence counts association uses.
3. **probe** — each bead linked and projected: which accepted candidates pair at all. The merge gives the
   candidates the second termhood pass adds.
4. **pairs** — the occurrences of every pair, with the QA findings on the sides of the beads they come from
   and the texts of the beads that may be examples.
5. **targets** — in how many beads each multi-word Indonesian side occurs (for bead association).

Then :func:`termalign.terms.pairing.score_pairs` scores the merged occurrences as a pooled run would: the result
is byte-identical whatever the partitioning (``tests/test_terms_stats.py`` checks this on random partitions).

A partition's work keeps only that partition's beads; what is kept between rounds and in the scorer is
vocabulary-sized (counters keyed by words and word pairs) plus the occurrences of the pairs, the size of the
result itself. With ``keep=True`` (one process, the default of :func:`termalign.terms.extract_terms`) the beads
analysed in one round are kept for the next instead of analysed again: faster, the memory of a pooled run.
``docs/scale.md`` describes running the map on a Dask cluster (``--scheduler``) or as batch jobs
(``--save-stats``/``--from-stats``).
"""

from __future__ import annotations

import copy
import hashlib
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import termalign.terms.candidates as en
import termalign.terms.indonesian as idn
from termalign._gc import paused_gc
from termalign.aligner.lexicon import BilingualDictionary
from termalign.distributed import InProcess, Scheduler, worker_cached
from termalign.errors import InputError
from termalign.lang.spelling import to_indonesian
from termalign.model import Alignment, Glossary, TermPair
from termalign.terms.links import BeadWords, WordLinks
from termalign.terms.pairing import across, doc_beads, first_tokens, multiword_targets, score_pairs
from termalign.terms.projection import BeadProjector, Neighbour, Occurrence

#: A document's place in the corpus: documents are ordered by their keys (an input file's number, then the
#: number of the alignment inside it), and bead numbers run on in that order.
DocKey = tuple[int, ...]
Span = tuple[int, int, str]


@dataclass(frozen=True)
class Settings:
    """The options of one extraction (those of :func:`termalign.terms.extract_terms`, resolved)."""

    glossary: Glossary | None = None
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None = None
    min_score: float = 0.5
    min_termhood: float = 0.3
    min_count: int = 1
    max_words: int = en.MAX_WORDS
    check_glossary: Glossary | None = None

    def digest(self) -> str:
        """A key for what a worker builds from these settings (:func:`~termalign.distributed.worker_cached`)."""
        return hashlib.sha256(pickle.dumps(self, protocol=4)).hexdigest()


class Static:
    """What every partition needs and no corpus changes: the glossary and dictionary word links and phrases, and
    the words they add to the Indonesian lexicon. Built once per process (per worker on a cluster)."""

    def __init__(self, settings: Settings, whole: bool = False) -> None:
        self.settings = settings
        #: One partition holds the whole corpus: the QA checks keep their own run-wide state (no seeding needed).
        self.whole = whole
        self.links = WordLinks([], settings.glossary, settings.dictionary)
        words: set[str] = set()
        for targets in self.links.phrases.values():
            for target in targets:
                for form in target.forms:
                    words.update(idn.surface_words(form))
        for forms in self.links.dict_words.values():
            words.update(forms)
        self.lexicon_words = frozenset(words)


@dataclass
class Doc:
    """One document of a partition as the rounds analyse it (kept between rounds only with ``keep=True``)."""

    key: DocKey
    alignment: Alignment
    beads: list[BeadWords] = field(default_factory=list)
    spans: list[list[Span]] = field(default_factory=list)  # every candidate of each bead
    per_bead: list[list[Occurrence]] = field(default_factory=list)
    stage: int = 0
    offset: int = 0


# -- the statistics of each round --------------------------------------------------------------------------------


@dataclass
class CountStats:
    """Round 1 (see the module docstring). ``forms`` pairs each English word's lower case with its key."""

    keys: Counter[str] = field(default_factory=Counter)
    n_words: int = 0
    en_beads: Counter[str] = field(default_factory=Counter)
    en_words: Counter[str] = field(default_factory=Counter)
    id_words: Counter[str] = field(default_factory=Counter)
    forms: set[tuple[str, str]] = field(default_factory=set)
    bead_counts: dict[DocKey, int] = field(default_factory=dict)
    langs: dict[DocKey, tuple[str, str]] = field(default_factory=dict)
    linked: int = 0
    seen: Counter[int] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def merge(self, other: CountStats) -> None:
        self.keys.update(other.keys)
        self.n_words += other.n_words
        self.en_beads.update(other.en_beads)
        self.en_words.update(other.en_words)
        self.id_words.update(other.id_words)
        self.forms |= other.forms
        _merge_docs(self.bead_counts, other.bead_counts)
        _merge_docs(self.langs, other.langs)
        self.linked += other.linked
        self.seen.update(other.seen)
        self.errors = sorted(self.errors + other.errors)


@dataclass
class IndexStats:
    """Round 2: beads per Indonesian base; co-occurrences inside accepted candidates (``cooc``) and, for the words
    the second termhood pass may add, anywhere in the bead (``cooc_any``: what a pooled run counts directly)."""

    id_beads: Counter[str] = field(default_factory=Counter)
    cooc: Counter[tuple[str, str]] = field(default_factory=Counter)
    cooc_any: Counter[tuple[str, str]] = field(default_factory=Counter)

    def merge(self, other: IndexStats) -> None:
        self.id_beads.update(other.id_beads)
        self.cooc.update(other.cooc)
        self.cooc_any.update(other.cooc_any)


@dataclass
class ProbeStats:
    """Round 3: the accepted candidates that paired somewhere."""

    paired: set[str] = field(default_factory=set)

    def merge(self, other: ProbeStats) -> None:
        self.paired |= other.paired


@dataclass
class PairStats:
    """Round 4: per document, its occurrences in corpus order; per candidate, the spans seen (``spans``) and the
    beads it was seen in (``beads``); the QA findings of the beads with occurrences; the texts of the beads that
    may be examples: the first two beads of each (candidate, Indonesian base) group (``first``), which hold the
    first two of any group the scorer makes of them."""

    occurrences: dict[DocKey, list[Occurrence]] = field(default_factory=dict)
    spans: Counter[str] = field(default_factory=Counter)
    beads: Counter[str] = field(default_factory=Counter)
    findings: dict[tuple[int, str], list[Any]] = field(default_factory=dict)
    texts: dict[int, tuple[str, str]] = field(default_factory=dict)
    first: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)

    def merge(self, other: PairStats) -> None:
        _merge_docs(self.occurrences, other.occurrences)
        self.spans.update(other.spans)
        self.beads.update(other.beads)
        self.findings.update(other.findings)
        for group, beads in other.first.items():
            have = self.first.get(group, ())
            self.first[group] = tuple(sorted({*have, *beads}))[:2] if have else beads
        keep = {b for beads in self.first.values() for b in beads}
        self.texts = {b: t for b, t in (*self.texts.items(), *other.texts.items()) if b in keep}


@dataclass
class TargetStats:
    """Round 5: beads that hold every word of a multi-word Indonesian side."""

    beads: Counter[str] = field(default_factory=Counter)

    def merge(self, other: TargetStats) -> None:
        self.beads.update(other.beads)


def _merge_docs(into: dict[DocKey, Any], other: Mapping[DocKey, Any]) -> None:
    for key, value in other.items():
        if key in into:
            raise ValueError(f"document {key} is in two partitions")
        into[key] = value


# -- models: what a round needs to know about the whole corpus -----------------------------------------------------


@dataclass
class Model:
    """The merged statistics so far and what follows from them (see the module docstring)."""

    counts: CountStats
    hood: dict[str, en.Termhood]
    accepted: set[str]
    lexicon: idn.Lexicon
    second_words: frozenset[str]
    offsets: dict[DocKey, int]
    index: IndexStats | None = None
    new: set[str] = field(default_factory=set)
    targets: frozenset[str] = frozenset()
    pairs: PairStats | None = None
    next: str = "count"
    _links: WordLinks | None = field(default=None, repr=False)

    def links(self, static: Static) -> WordLinks:
        """The word links with this corpus's association counts (made once per model and process)."""
        if self._links is None:
            assert self.index is not None
            self._links = CorpusLinks(static.links, self.counts.en_beads, self.index)
        return self._links

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_links"] = None  # rebuilt on the worker
        return state


class CorpusLinks(WordLinks):
    """:class:`WordLinks` whose association counts come from merged statistics instead of bead sets."""

    def __init__(self, base: WordLinks, en_beads: Counter[str], index: IndexStats) -> None:
        self.__dict__.update(base.__dict__)
        self._links = {}
        self.en_beads = en_beads
        self.id_beads = index.id_beads
        self.cooc = index.cooc  # type: ignore[assignment]
        self.cooc_any = index.cooc_any

    def cooccurrence(self, e: str, b: str) -> tuple[int, int, int]:
        n_e, n_b = self.en_beads.get(e, 0), self.id_beads.get(b, 0)
        if not n_e or not n_b:
            return (0, 0, 0)
        common = self.cooc.get((e, b))
        return (n_e, n_b, self.cooc_any.get((e, b), 0) if common is None else common)


def model_after_count(static: Static, counts: CountStats) -> Model:
    """Termhood, accepted candidates, the lexicon and the bead offsets of each document, from round 1."""
    settings = static.settings
    links = static.links
    hood = en.termhood(counts.keys.elements(), counts.n_words, lexicalized=links.lexicalized)
    accepted = {k for k, h in hood.items() if h.score >= settings.min_termhood} | (links.glossary_keys & hood.keys())
    words = set(counts.id_words) | static.lexicon_words
    words.update(to_indonesian(w) for key in accepted for w in key.split())
    # The second pass can only add a candidate specific enough without its containers: the words of those are
    # the ones whose co-occurrences it may ask about beyond the accepted candidates'.
    maybe = {w for k, h in hood.items() if k not in accepted and h.specificity >= settings.min_termhood
             for w in k.split()}
    second = set(maybe)
    for lower, key in counts.forms:
        if lower in maybe or key in maybe:
            second.update((lower, key))
    offsets: dict[DocKey, int] = {}
    total = 0
    for doc in sorted(counts.bead_counts):
        offsets[doc] = total
        total += counts.bead_counts[doc]
    return Model(counts, hood, accepted, idn.Lexicon(words), frozenset(second), offsets)


def second_pass(static: Static, model: Model, paired: set[str]) -> None:
    """Candidates that never paired ("pregnancy increases", a subject and its verb) explain none of the uses of the
    phrases inside them, so those get their termhood back ("pregnancy"): the model learns the candidates added."""
    failed = model.accepted - paired
    if not failed:
        return
    again = en.termhood(model.counts.keys.elements(), model.counts.n_words, exclude=failed,
                        lexicalized=static.links.lexicalized)
    new = {k for k, h in again.items() if h.score >= static.settings.min_termhood} - model.accepted
    model.hood.update({k: again[k] for k in new})
    model.new = new  # not added to ``accepted``: rounds 2 and 3 are the first pass, whatever the round asking


# -- the map: one round over the documents of a partition ------------------------------------------------------


def _analyse(static: Static, model: Model | None, doc: Doc, stage: int) -> None:
    """Bring ``doc`` to ``stage``: 1 English tokens and candidates, 2 accepted candidates and Indonesian tokens,
    3 first projection, 4 the second pass's candidates added."""
    if doc.stage < 1:
        doc.beads = doc_beads(doc.alignment, 0)
        doc.spans = [
            [(i, j, en.candidate_key(b.en_tokens, i, j))
             for i, j in en.candidate_spans(b.en_tokens, static.settings.max_words)]
            for b in doc.beads
        ]
        doc.stage = 1
    if stage < 2 or doc.stage >= stage:
        return
    assert model is not None
    if doc.stage < 2:
        doc.offset = model.offsets[doc.key]
        for bead, spans in zip(doc.beads, doc.spans, strict=True):
            bead.gid += doc.offset
            bead.spans = [s for s in spans if s[2] in model.accepted and not across(bead, s)]
            bead.id_tokens = idn.tokenize(bead.tgt_text, model.lexicon)
            bead.id_starts = first_tokens(bead.id_tokens, bead.tgt_offsets)
        doc.stage = 2
    if stage < 3 or doc.stage >= stage:
        return
    projector = BeadProjector(model.links(static))
    if doc.stage < 3:
        doc.per_bead = [projector.bead_occurrences(bead) for bead in doc.beads]
        doc.stage = 3
    if stage < 4 or doc.stage >= 4:
        return
    if model.new:
        for n, (bead, spans) in enumerate(zip(doc.beads, doc.spans, strict=True)):
            extra = [s for s in spans if s[2] in model.new]
            if not extra:
                continue
            bead.spans += extra
            known = bead.links.positions if bead.links is not None else frozenset()
            if all(p in known for first, last, _ in extra for p in range(first, last + 1)):
                doc.per_bead[n] += projector.project(bead, extra)
            else:
                doc.per_bead[n] = projector.bead_occurrences(bead)  # new words to link: redo the bead
    doc.stage = 4


def map_count(static: Static, docs: Sequence[Doc]) -> CountStats:
    """Round 1 over ``docs``."""
    out = CountStats()
    for doc in docs:
        _analyse(static, None, doc, 1)
        out.bead_counts[doc.key] = len(doc.alignment.beads)
        out.langs[doc.key] = (doc.alignment.source_lang, doc.alignment.target_lang)
        out.linked += len(doc.beads)
        for bead, spans in zip(doc.beads, doc.spans, strict=True):
            out.keys.update(k for _, _, k in spans)
            out.n_words += len(bead.en_tokens)
            out.en_beads.update({t.key for t in bead.en_tokens if t.chunk >= 0})
            out.en_words.update(t.lower for t in bead.en_tokens)
            out.forms.update((t.lower, t.key) for t in bead.en_tokens if t.chunk >= 0)
            out.id_words.update(idn.surface_words(bead.tgt_text))
    if static.settings.check_glossary is not None and not static.whole:
        from termalign.terms.review import glossary_entries_seen

        out.seen = glossary_entries_seen([b for doc in docs for b in doc.beads], static.settings.check_glossary)
    return out


def _indexed_bases(bead: BeadWords) -> set[str]:
    """The Indonesian bases association counts in a bead: of words that may be in a term, and derived verbs."""
    bases: set[str] = set()
    for itok in bead.id_tokens:
        if itok.chunk >= 0 or itok.verbal:
            bases.update(itok.bases)
    return bases


def map_index(static: Static, model: Model, docs: Sequence[Doc]) -> IndexStats:
    """Round 2 over ``docs`` (as :meth:`WordLinks.index` counts a pooled corpus)."""
    out = IndexStats()
    second = model.second_words
    for doc in docs:
        _analyse(static, model, doc, 2)
        for bead in doc.beads:
            bases = _indexed_bases(bead)
            out.id_beads.update(bases)
            positions = {p for first, last, _ in bead.spans for p in range(first, last + 1)}
            english = {bead.en_tokens[p].key for p in positions} | {bead.en_tokens[p].lower for p in positions}
            out.cooc.update((e, b) for e in english for b in bases)
            keys = {t.key for t in bead.en_tokens if t.chunk >= 0 and t.key in second}
            out.cooc_any.update((e, b) for e in keys for b in bases)
    return out


def map_probe(static: Static, model: Model, docs: Sequence[Doc]) -> ProbeStats:
    """Round 3 over ``docs``."""
    out = ProbeStats()
    for doc in docs:
        _analyse(static, model, doc, 3)
        out.paired.update(occ.key for occs in doc.per_bead for occ in occs)
    return out


def map_pairs(static: Static, model: Model, docs: Sequence[Doc]) -> PairStats:
    """Round 4 over ``docs``. The occurrences are made compact: strings interned, and the character spans (which
    only place QA findings) dropped where the bead has no finding."""
    out = PairStats()
    for doc in docs:
        _analyse(static, model, doc, 4)
        for bead, per in zip(doc.beads, doc.per_bead, strict=True):
            keys = {k for _, _, k in bead.spans}
            out.spans.update(k for _, _, k in bead.spans)
            out.beads.update(keys | {o.key for o in per})
            for occ in per:
                group = (occ.key, occ.target_base)
                have = out.first.get(group, ())
                if len(have) < 2 or bead.gid < have[-1]:
                    out.first[group] = tuple(sorted({*have, bead.gid}))[:2]
    glossary = static.settings.check_glossary
    if glossary is not None:
        from termalign.terms.review import bead_findings

        if static.whole:  # the whole corpus at once: its own run-wide state, as a pooled run
            out.findings = dict(bead_findings([b for doc in docs for b in doc.beads], glossary))
        else:
            wanted = [b for doc in docs for b, per in zip(doc.beads, doc.per_bead, strict=True) if per]
            out.findings = dict(bead_findings(wanted, glossary, seen=model.counts.seen))
    flagged = {gid for gid, _ in out.findings}
    keep = {b for beads in out.first.values() for b in beads}
    words: dict[Any, Any] = {}
    for doc in docs:
        occs = out.occurrences[doc.key] = []
        for bead, per in zip(doc.beads, doc.per_bead, strict=True):
            if bead.gid in keep:
                out.texts[bead.gid] = (bead.src_text, bead.tgt_text)
            for occ in per:
                occs.append(_compact(occ, bead.gid in flagged, words))
        doc.per_bead = []  # what is left of the document is not needed again
    return out


def _compact(occ: Occurrence, spans: bool, shared: dict[Any, Any]) -> Occurrence:
    """``occ`` with its strings and evidence tuple shared with equal ones, and without spans unless ``spans``."""
    def one(value: Any) -> Any:
        return shared.setdefault(value, value)

    def side(n: Neighbour | None) -> Neighbour | None:
        if n is None:
            return None
        return Neighbour(one(n.text), one(n.base), n.wedged, n.span if spans else _NO_SPAN)

    return Occurrence(
        one(occ.key), occ.bead, one(occ.source_form), one(occ.target_form), one(occ.target_base), occ.score,
        one(occ.words), occ.position, occ.glossary, side(occ.left), side(occ.right),
        occ.source_span if spans else _NO_SPAN, occ.target_span if spans else _NO_SPAN,
    )


_NO_SPAN = (0, 0)


def map_targets(static: Static, model: Model, docs: Sequence[Doc]) -> TargetStats:
    """Round 5 over ``docs``."""
    out = TargetStats()
    by_first: dict[str, list[tuple[str, list[str]]]] = {}
    for target in model.targets:
        words = target.lower().split()
        by_first.setdefault(words[0], []).append((target, words))
    for doc in docs:
        _analyse(static, model, doc, 2)
        for bead in doc.beads:
            bases = _indexed_bases(bead)
            for base in bases & by_first.keys():
                out.beads.update(t for t, words in by_first[base] if all(w in bases for w in words))
    return out


MAPS: dict[str, Callable[..., Any]] = {
    "count": map_count, "index": map_index, "probe": map_probe, "pairs": map_pairs, "targets": map_targets,
}
ROUNDS = tuple(MAPS)
#: The statistics each round's map gives (what a shard's statistics file of that round must hold).
ROUND_STATS: dict[str, type] = {
    "count": CountStats, "index": IndexStats, "probe": ProbeStats, "pairs": PairStats, "targets": TargetStats,
}


# -- running the rounds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileSource:
    """An aligned input file a map reads itself (so a partition sent to a worker is a file name, and a round keeps
    no more than its partition's documents in memory): its place ``number`` in the input list, its ``path`` and
    the reading options of :func:`termalign.formats.aligned.iter_aligned_inputs`. Each alignment in the file is a
    document keyed (number, alignment number in the file); catalogs are made prose
    (:mod:`termalign.terms.catalogs`)."""

    number: int
    path: str
    options: tuple[tuple[str, Any], ...] = ()

    def docs(self) -> list[tuple[DocKey, Alignment]]:
        from termalign.formats.aligned import iter_aligned_inputs
        from termalign.terms.catalogs import CATALOG_FORMATS, catalog_prose

        return [((self.number, k), catalog_prose(item.alignment) if item.fmt in CATALOG_FORMATS else item.alignment)
                for k, item in enumerate(iter_aligned_inputs([self.path], **dict(self.options)))]


Item = tuple[DocKey, Alignment] | FileSource
_I = TypeVar("_I")
#: A partition's size: beads when the documents are in memory, bytes when the map reads the files itself.
PARTITION_BEADS = 2000
PARTITION_BYTES = 400_000
#: Up to this many beads, one process keeps each document's analyses between rounds (faster; memory grows with the
#: corpus); beyond it, each round analyses a partition at a time again, and memory stays bounded.
KEEP_BEADS = 12_000
KEEP_BYTES = 2_000_000
Partition = Sequence[Item]


def _docs(partition: Partition, errors: list[tuple[int, str]] | None = None) -> list[Doc]:
    """The documents of ``partition``; an input file that cannot be read is added to ``errors`` when given (the
    first round reports every bad file, then stops the run), else raises."""
    out: list[Doc] = []
    for item in partition:
        if not isinstance(item, FileSource):
            out.append(Doc(*item))
            continue
        try:
            out += [Doc(key, alignment) for key, alignment in item.docs()]
        except InputError as err:
            if errors is None:
                raise
            errors.append((item.number, str(err)))
    return out


class UnreadInputs(InputError):
    """Input files that could not be read (``errors``: their messages in input order)."""

    def __init__(self, errors: Sequence[str], total: int) -> None:
        super().__init__(f"{len(errors)} of {total} aligned inputs could not be read; nothing written")
        self.errors = list(errors)


@dataclass(frozen=True)
class Job:
    """What a worker receives for one round: the settings (their digest keys the worker's :class:`Static`), the
    round and the model so far."""

    settings: Settings
    digest: str
    round: str
    model: Model | None


def run_map(job: Job, partition: Partition) -> Any:
    """One round's map over one partition (the function a scheduler runs on a worker)."""
    static = worker_cached(job.digest, lambda: Static(job.settings))
    return _map(static, job.round, job.model, partition)


def _map(static: Static, name: str, model: Model | None, partition: Partition | list[Doc]) -> Any:
    errors: list[tuple[int, str]] | None = [] if name == "count" else None
    docs = partition if _analysed(partition) else _docs(partition, errors)  # type: ignore[arg-type]
    with paused_gc():
        fn = MAPS[name]
        out = fn(static, docs) if model is None else fn(static, model, docs)
    if errors:
        out.errors += errors
    return out


def _analysed(partition: Partition | list[Doc]) -> bool:
    return bool(partition) and isinstance(partition[0], Doc)


def _merge(results: Iterable[Any]) -> Any:
    merged = None
    for result in results:
        if merged is None:
            merged = result
        else:
            merged.merge(result)
    return merged


class Driver:
    """Runs the rounds over partitions and merges their statistics (see the module docstring).

    With ``keep`` (one process), each partition's :class:`Doc` objects stay between rounds; otherwise each round
    analyses its documents again (on a scheduler's workers when one is given) and keeps nothing of them.
    """

    def __init__(self, settings: Settings, partitions: Sequence[Partition], *, keep: bool = False,
                 scheduler: Scheduler | None = None) -> None:
        self.settings = settings
        self.static = Static(settings, whole=len(partitions) == 1 and isinstance(scheduler or InProcess(), InProcess))
        self.partitions = partitions
        self.keep = keep
        self.scheduler = scheduler or InProcess()
        self.model: Model | None = None
        self._docs: list[list[Doc]] | None = None
        if keep:
            errors: list[tuple[int, str]] = []
            self._docs = [_docs(part, errors) for part in partitions]
            if errors:
                total = sum(isinstance(item, FileSource) for part in partitions for item in part)
                raise UnreadInputs([message for _, message in sorted(errors)], total)

    def round(self, name: str, model: Model | None) -> Any:
        """The merged statistics of round ``name`` over every partition."""
        if self._docs is not None:
            return _merge(_map(self.static, name, model, docs) for docs in self._docs)
        if isinstance(self.scheduler, InProcess):
            return _merge(_map(self.static, name, model, part) for part in self.partitions)
        if model is not None and model.pairs is not None:
            model = copy.copy(model)
            model.pairs = None  # the scorer's, not the workers'
        job = Job(self.settings, self.settings.digest(), name, model)
        results = []
        for _, outcome in self.scheduler.imap(run_map, self.partitions, shared=job, name=_partition_name):
            if isinstance(outcome, BaseException):
                raise outcome
            results.append(outcome)
        return _merge(results)

    def run(self) -> list[TermPair]:
        """Every round, then the scores: the term pairs, best first (``self.model`` is the last model)."""
        name, model = ROUNDS[0], None
        while True:
            merged = self.round(name, model)
            if name == ROUNDS[0] and merged is not None and merged.errors:
                files = sum(isinstance(item, FileSource) for part in self.partitions for item in part)
                raise UnreadInputs([message for _, message in merged.errors], files)
            got = advance(self.static, model, name, merged)
            if isinstance(got, list):
                return got
            name, model = got.next, got
            self.model = model


def advance(static: Static, model: Model | None, name: str, merged: Any) -> Model | list[TermPair]:
    """What the merged statistics of round ``name`` give: the model for the next round (its name in
    ``Model.next``), or after the last round the term pairs."""
    if name == "count":
        out = model_after_count(static, merged or CountStats())
        out.next = "index"
        return out
    assert model is not None
    if name == "index":
        model.index = merged or IndexStats()
        model.next = "probe"
    elif name == "probe":
        second_pass(static, model, (merged or ProbeStats()).paired)
        model.next = "pairs"
    elif name == "pairs":
        model.pairs = merged or PairStats()
        model.targets = multiword_targets(model.pairs)
        if not model.targets:
            return score_pairs(static, model, model.pairs, {})
        model.next = "targets"
    else:
        assert model.pairs is not None
        return score_pairs(static, model, model.pairs, (merged or TargetStats()).beads)
    return model


def partition_items(items: Sequence[_I], weight: Callable[[_I], int], budget: int) -> list[list[_I]]:
    """``items`` (documents or files, never split) in order, in runs of about ``budget`` total ``weight``: the
    map's unit of work."""
    out: list[list[_I]] = []
    size = budget
    for item in items:
        if size >= budget:
            out.append([])
            size = 0
        out[-1].append(item)
        size += weight(item)
    return out


def partition_docs(docs: Sequence[tuple[DocKey, Alignment]], beads: int = PARTITION_BEADS,
                   ) -> list[list[tuple[DocKey, Alignment]]]:
    """Documents in runs of about ``beads`` beads."""
    return partition_items(docs, lambda doc: len(doc[1].beads), beads)


def _partition_name(partition: Partition) -> str:
    names = [item.path if isinstance(item, FileSource) else f"document {item[0]}" for item in partition]
    return f"{names[0]} … {names[-1]}" if len(names) > 1 else names[0] if names else "an empty partition"


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
    partitions: Sequence[Sequence[int]] | None = None,
    scheduler: Scheduler | None = None,
) -> list[TermPair]:
    """The term pairs of a corpus of alignments (see :func:`termalign.terms.extract_terms`); with
    ``check_glossary``, the QA checks run on both sides of the pairs (:mod:`termalign.terms.review`).

    The work runs as map → merge → score (:mod:`termalign.terms.stats`). ``partitions`` (lists of alignment
    numbers, each alignment in one) split the map; ``scheduler`` runs it on a Dask cluster (in runs of about
    2,000 beads unless ``partitions`` says otherwise). Without either, a corpus of up to
    :data:`~termalign.terms.stats.KEEP_BEADS` beads is one partition whose analyses are kept between rounds; a
    larger one is analysed 2,000 beads at a time in each round, so memory stays bounded. The pairs are the same
    whatever the partitioning.
    """
    settings = Settings(glossary, dictionary, min_score, min_termhood, min_count, max_words, check_glossary)
    docs: list[tuple[DocKey, Alignment]] = [((n,), a) for n, a in enumerate(alignments)]
    keep = partitions is None and scheduler is None and sum(len(a.beads) for a in alignments) <= KEEP_BEADS
    if partitions is not None:
        parts = [[docs[n] for n in part] for part in partitions]
    else:
        parts = [docs] if keep else partition_docs(docs)
    return Driver(settings, parts, keep=keep, scheduler=scheduler).run()


def extract_files(
    paths: Sequence[str], settings: Settings, *, scheduler: Scheduler | None = None, **read_options: Any,
) -> tuple[list[TermPair], Model | None]:
    """The term pairs of aligned input files (and the last model: bead and language counts), reading each file in
    the map that needs it: up to :data:`KEEP_BYTES` of input, once, kept between rounds; beyond, once per round
    and :data:`PARTITION_BYTES` at a time, so memory does not grow with the corpus. Unreadable files:
    :class:`UnreadInputs`."""
    from termalign.formats.inputs_walk import file_size

    options = tuple(sorted(read_options.items()))
    sources = [FileSource(n, path, options) for n, path in enumerate(paths)]
    sizes = {source.number: file_size(source.path) for source in sources}
    keep = scheduler is None and sum(sizes.values()) <= KEEP_BYTES
    parts = [sources] if keep else partition_items(sources, lambda s: sizes[s.number], PARTITION_BYTES)
    driver = Driver(settings, parts, keep=keep, scheduler=scheduler)
    return driver.run(), driver.model
