"""Plain data types passed between the stages of the pipeline.

text → :class:`Segment` → :class:`Alignment` of :class:`Bead` → :class:`TermPair` → :class:`Finding`

Every stage takes and returns these types only, so a user can enter the pipeline at any stage with data of
their own (segments they split themselves, beads from another aligner, a glossary from a spreadsheet).
They are frozen dataclasses: cheap to build, hashable, and serialisable with :func:`dataclasses.asdict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Anchor:
    """One piece of lexical evidence that a source and a target segment are translations.

    ``kind`` is one of ``number``, ``url``, ``code``, ``name``, ``cognate``, ``dictionary``, ``identical``.
    ``weight`` is how much it counted for the bead, in [0, 1].
    """

    kind: str
    source: str
    target: str
    weight: float = 1.0


@dataclass(frozen=True)
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
    want to report (dictionary entries used, estimated length ratio, band width...).
    """

    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    beads: tuple[Bead, ...]
    source_lang: str = "en"
    target_lang: str = "id"
    source_name: str | None = None
    target_name: str | None = None
    stats: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    def source_text(self, bead: Bead) -> list[str]:
        """The source sentences of ``bead``."""
        return [self.source[i].text for i in bead.source_index]

    def target_text(self, bead: Bead) -> list[str]:
        """The target sentences of ``bead``."""
        return [self.target[i].text for i in bead.target_index]


@dataclass(frozen=True)
class TermOccurrence:
    """Where a term pair was seen: the bead (index into ``Alignment.beads``) and the surface forms there."""

    bead: int
    source_form: str
    target_form: str


@dataclass(frozen=True)
class TermPair:
    """An English term and its Indonesian equivalent, drafted from aligned text.

    ``source``/``target`` are the most frequent surface forms; ``source_base``/``target_base`` the base forms
    they were paired on (English singular, Indonesian without affixes or reduplication). ``evidence`` maps
    each kind of evidence to its score in [0, 1]: ``glossary``, ``dictionary``, ``cognate``, ``association``,
    ``bead_association``, ``list``, ``position``, ``consistency`` and ``termhood`` (see ``docs/terms.md``).
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
