"""Plain data types passed between the stages of the pipeline.

text → :class:`Segment` → :class:`Alignment` of :class:`Bead` → :class:`TermPair` → :class:`Finding`

Every stage takes and returns these types only, so a user can enter the pipeline at any stage with data of
their own (segments they split themselves, beads from another aligner, a glossary from a spreadsheet).
They are frozen dataclasses: cheap to build, hashable, and serialisable with :func:`dataclasses.asdict`.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
#: One side of an alignment.
Side = Literal["source", "target"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence (or heading, or list item) of a text.

    ``start``/``end`` are character offsets into the normalised text the segment came from, so
    ``text_in[start:end]`` contains the segment (the segment's own ``text`` has inner line breaks folded
    to spaces). ``paragraph`` is the 0-based paragraph index and ``line`` the 1-based line of ``start``.
    """

    text: str
    index: int
    paragraph: int = 0
    start: int = 0
    end: int = 0
    line: int = 1


@dataclass(frozen=True, slots=True)
class Anchor:
    """One piece of lexical evidence that a source and a target segment are translations.

    ``kind`` is one of ``number``, ``url``, ``code``, ``name``, ``cognate``, ``dictionary``, ``identical``.
    ``weight`` is how much it counted for the bead, in [0, 1].
    """

    kind: str
    source: str
    target: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Bead:
    """A group of source segments aligned with a group of target segments.

    ``source_index``/``target_index`` are 0-based, consecutive and possibly empty (a 1-0 or 0-1 bead: a
    sentence with no counterpart). ``score`` is the aligner's confidence in [0, 1]; ``evidence`` the anchors
    that justified it, and ``length_score`` the share the length model alone gave it.
    """

    source_index: tuple[int, ...]
    target_index: tuple[int, ...]
    score: float
    evidence: tuple[Anchor, ...] = ()
    length_score: float = 0.0

    @property
    def kind(self) -> str:
        """The bead type as ``"n-m"``: ``"1-1"``, ``"1-0"``, ``"2-1"``..."""
        return f"{len(self.source_index)}-{len(self.target_index)}"

    @property
    def linked(self) -> bool:
        """True when both sides are non-empty (the bead pairs something)."""
        return bool(self.source_index) and bool(self.target_index)


@dataclass(frozen=True)
class Alignment:
    """The result of aligning two texts: both segment lists and the beads covering them.

    The beads cover every segment of both sides exactly once, in order. ``stats`` carries counts a user may
    want to report (dictionary entries used, estimated length ratio, band width...). ``parallel_score`` is the
    probability that the two texts are translations of each other and ``is_parallel`` the verdict drawn from it
    (see :mod:`termalign.aligner.calibration`); alignments built by hand default to parallel.
    """

    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    beads: tuple[Bead, ...]
    source_lang: str = "en"
    target_lang: str = "id"
    source_name: str | None = None
    target_name: str | None = None
    stats: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    parallel_score: float = 1.0
    is_parallel: bool = True

    def source_text(self, bead: Bead) -> list[str]:
        """The source sentences of ``bead``."""
        return [self.source[i].text for i in bead.source_index]

    def target_text(self, bead: Bead) -> list[str]:
        """The target sentences of ``bead``."""
        return [self.target[i].text for i in bead.target_index]

    def segments(self, bead: Bead, side: Side) -> list[Segment]:
        """The segments of one side of ``bead``, in order."""
        if side == "source":
            return [self.source[i] for i in bead.source_index]
        return [self.target[i] for i in bead.target_index]

    def bead_text(self, bead: Bead, side: Side) -> str:
        """One side of ``bead`` as the user wrote it ("" for an empty side): see :func:`join_segments`.

        Every writer (PO, TMX, TSV, JSON, the report, the checks of an aligned pair) takes a bead's text from
        here, so glued words the segmenter split ("withdrawalThey") come out as written in all of them.
        """
        return join_segments(self.segments(bead, side))[0]

    def bead_span(self, bead: Bead, side: Side) -> tuple[int, int] | None:
        """Character offsets ``[start, end)`` (0-based, end exclusive) of one side of ``bead`` in the
        normalised input text: the first segment's start to the last one's end; None for an empty side."""
        segments = self.segments(bead, side)
        if not segments:
            return None
        return segments[0].start, segments[-1].end


def glued(before: Segment, after: Segment) -> bool:
    """Whether ``after`` follows ``before`` with nothing between them in the text (the segmenter split two
    words written without a space, "withdrawalThey"). Segments without real offsets (built by hand, all
    ``start == end == 0``) never count as glued."""
    return before.start < before.end == after.start


def join_segments(segments: Sequence[Segment], *, glue: str = "") -> tuple[str, tuple[int, ...]]:
    """The text of consecutive segments as written, and where each segment's text starts in it.

    This is the input's slice from the first segment's start to the last one's end with every run of white
    space folded to one space, as :attr:`Segment.text` folds it inside a sentence: segments separated by
    white space (a space, a line break, a blank line) are joined by one space, segments glued in the input
    (:func:`glued`) by ``glue`` — nothing, unless the caller analyses words rather than shows text (term
    extraction passes a space, so "withdrawalThey" stays two words). Computed from the segments alone, so it
    works on alignments read back from JSON too. The one place sentences are joined: every writer calls it.
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    previous: Segment | None = None
    for segment in segments:
        if previous is not None:
            separator = glue if glued(previous, segment) else " "
            parts.append(separator)
            pos += len(separator)
        starts.append(pos)
        parts.append(segment.text)
        pos += len(segment.text)
        previous = segment
    return "".join(parts), tuple(starts)


@dataclass(frozen=True, slots=True)
class TermOccurrence:
    """Where a term pair was seen: the bead (index into ``Alignment.beads``) and the surface forms there."""

    bead: int
    source_form: str
    target_form: str


@dataclass(frozen=True, slots=True)
class TermFinding:
    """A QA finding about one side of a drafted term pair: the check ``code`` (``garbled-term``,
    ``nonstandard-spelling``...), the ``side`` it is about (``"source"`` or ``"target"``), the standard form of
    the whole term on that side when one is known (``suggestion``), and the offending ``text`` as written."""

    code: str
    side: str
    suggestion: str | None = None
    text: str = ""


@dataclass(frozen=True)
class TermPair:
    """An English term and its Indonesian equivalent, drafted from aligned text.

    ``source``/``target`` are the most frequent surface forms; ``source_base``/``target_base`` the base forms
    they were paired on (English singular, Indonesian without affixes or reduplication). ``evidence`` maps
    each kind of evidence to its score in [0, 1]: ``glossary``, ``dictionary``, ``cognate``, ``association``,
    ``bead_association``, ``list``, ``position``, ``consistency`` and ``termhood`` (see ``docs/terms.md``).
    ``findings`` are what the QA checks say about either side (a flagged pair is not a glossary entry as it
    stands); ``examples`` are up to two (bead, English text, Indonesian text) where the pair was seen.
    """

    source: str
    target: str
    source_base: str
    target_base: str
    score: float
    count: int
    beads: tuple[int, ...] = ()
    evidence: tuple[tuple[str, float], ...] = ()
    occurrences: tuple[TermOccurrence, ...] = ()
    findings: tuple[TermFinding, ...] = ()
    examples: tuple[tuple[int, str, str], ...] = ()

    @property
    def flagged(self) -> bool:
        """Whether a QA check found something wrong with either side."""
        return bool(self.findings)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file, a 1-based line and/or an entry id, and character offsets.

    ``start``/``end`` are offsets into the checked string (the segment, PO msgstr or text line named by
    ``line``/``entry``), so ``checked[start:end] == finding.text``.
    """

    file: str | None = None
    line: int | None = None
    entry: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found, with what it saw and why it thinks it is a problem.

    ``code`` is stable (``garbled-term``, ``glued-words``...), ``explanation`` lists the steps that led to
    the finding in plain words (the spelling folding applied, the score, the word lists consulted), so a
    reviewer can judge it without reading code.
    """

    code: str
    severity: Severity
    text: str
    message: str
    lang: str
    location: Location
    suggestion: str | None = None
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept of a reference glossary: an English term and its standard Indonesian equivalent.

    ``target_variants`` are other accepted Indonesian forms; ``forbidden`` are Indonesian-side forms that must
    not be used (deprecated spellings, an English loan left untranslated where a standard form exists).
    ``do_not_translate`` means the term stays as it is in the target (brand names, units). ``origin`` says
    which file and line the entry was read from, so validation messages can point at it.
    """

    source: str
    target: str
    source_variants: tuple[str, ...] = ()
    target_variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    pos: str = ""
    domain: str = ""
    note: str = ""
    case_sensitive: bool = False
    do_not_translate: bool = False
    origin: Location | None = field(default=None, compare=False)

    @property
    def sources(self) -> tuple[str, ...]:
        """All English forms: the term and its variants."""
        return (self.source, *self.source_variants)

    @property
    def targets(self) -> tuple[str, ...]:
        """All accepted Indonesian forms: the term and its variants (the source itself if do-not-translate)."""
        if self.do_not_translate:
            return (self.source, *self.source_variants)
        return (self.target, *self.target_variants)


@dataclass(frozen=True)
class Glossary:
    """A reference glossary: entries plus where it came from."""

    entries: tuple[GlossaryEntry, ...]
    name: str = ""
    source_lang: str = "en"
    target_lang: str = "id"


# --------------------------------------------------------------------------------------------------------------
# The review report's layout: computed by termalign.report, drawn by termalign.formats.html

#: Beads scoring below this are "low confidence": more likely wrong than right (counted by
#: :func:`termalign.summary.summarize_alignment`, filterable in the report).
LOW_CONFIDENCE = 0.5
#: Upper edges of the confidence buckets 0..3; bucket 4 is [0.8, 1]. Colours and the map use them.
BUCKET_EDGES: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8)
#: Severity order, most serious first (:data:`SEVERITIES` runs the other way).
SEVERITY_ORDER: tuple[Severity, ...] = ("error", "warning", "info")
#: The alignment map's coordinates run from 0 to this on both axes.
MAP_SIZE = 1000.0


def score_bucket(score: float) -> int:
    """The confidence bucket of ``score``: 0 (below 0.2) to 4 (0.8 and above)."""
    if math.isnan(score):
        return 0
    return bisect.bisect_right(BUCKET_EDGES, score)


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to highlight inside one sentence: a term pair's form or a finding's text.

    ``ref`` is the index of the pair in the report's term pairs, or of the finding in its findings.
    """

    start: int
    end: int
    kind: Literal["term", "finding"]
    ref: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one finding lands in the alignment.

    ``bead`` is ``None`` when the finding could not be tied to a sentence (it is still listed in the table).
    ``start``/``end`` are offsets into that sentence's ``text`` when the finding's text was found there.
    """

    finding: int
    bead: int | None = None
    side: Side | None = None
    segment: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Summary:
    """The figures shown at the top of the report."""

    beads: int
    bead_kinds: tuple[tuple[str, int], ...]
    linked: int
    source_segments: int
    target_segments: int
    mean_score: float | None  # of the linked beads (termalign.summary: the same number as the CLI and JSON)
    low_confidence: int
    buckets: tuple[int, ...]
    term_pairs: int
    findings: int
    by_severity: tuple[tuple[str, int], ...]
    by_code: tuple[tuple[str, str, int], ...]
    placed_findings: int
    max_drift: float
    max_drift_bead: int | None
    parallel_score: float = 1.0
    is_parallel: bool = True


@dataclass(frozen=True)
class PathRun:
    """A stretch of the alignment map drawn in one style: ``bucket`` 0..4, or -1 for unlinked beads.

    ``points`` are in map units (0..size on both axes): x runs along the source sentences, y along the target.
    """

    bucket: int
    points: tuple[tuple[float, float], ...]


@dataclass
class Layout:
    """Everything the HTML renderer needs, computed once (by :func:`termalign.report.layout`).

    ``corners``, ``path`` and ``markers`` are the alignment map's geometry (in :data:`MAP_SIZE` units): each
    bead's grid corners, the path through the grid and the finding markers beside it.
    """

    alignment: Alignment | None
    term_pairs: tuple[TermPair, ...]
    findings: tuple[Finding, ...]
    marks: dict[tuple[Side, int], list[Mark]] = field(default_factory=dict)
    placements: tuple[Placement, ...] = ()
    bead_findings: dict[int, list[int]] = field(default_factory=dict)
    bead_terms: dict[int, set[int]] = field(default_factory=dict)
    summary: Summary | None = None
    corners: list[tuple[int, int, int, int]] = field(default_factory=list)
    path: list[PathRun] = field(default_factory=list)
    markers: list[tuple[float, float, str, int]] = field(default_factory=list)
