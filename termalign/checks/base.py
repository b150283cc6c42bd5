"""What every check shares: the unit of checking, the run's context, and the check protocol.

A :class:`Unit` is one checkable string with where it came from: a PO entry's ``msgstr`` (with its
``msgid`` as source), a line of a plain text, a bead of an aligned text pair, a TMX translation unit.
Checks receive units in batches (:class:`~termalign.checks.engine.Batch`) so that the expensive work
(fuzzy matching, language ID) runs once per distinct token, not once per occurrence; cross-unit checks
(inconsistent translations) report in :meth:`Check.finish` once every unit has been seen.

Adding a check: subclass :class:`BaseCheck`, set ``code``/``severity``/``description``, implement
:meth:`BaseCheck.run` (and :meth:`BaseCheck.finish` if it needs the whole run), and list it in
:data:`termalign.checks.engine.CHECKS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from termalign.model import Finding, Location, Severity

if TYPE_CHECKING:
    from termalign.checks.engine import Batch
    from termalign.checks.index import TermIndex
    from termalign.checks.known_words import KnownWords

#: Inline-ignore marker that suppresses every check in a unit (``termalign: ignore`` with no code).
IGNORE_ALL = "*"


@dataclass(frozen=True)
class Unit:
    """One string to check, with its source (if any) and its place in the input.

    ``text`` is the checked string (a translation, or a monolingual text line) in language ``lang``;
    ``source`` is the string it translates (``msgid``, the English side of a bead), in ``source_lang``.
    Finding offsets are offsets into ``text`` (or into ``source`` for findings about the source).
    ``key`` identifies the unit independently of line numbers (``msgctxt``+``msgid`` for PO, the texts of a
    bead) and feeds the baseline fingerprint; ``ignore`` lists codes silenced inline (``*`` = all);
    ``group`` is the consistency scope (the input file).
    """

    text: str
    lang: str = "id"
    source: str | None = None
    source_lang: str = "en"
    file: str | None = None
    line: int | None = None
    entry: str | None = None
    key: str = ""
    ignore: frozenset[str] = frozenset()
    group: str = ""
    source_line: int | None = None

    def location(self, start: int | None = None, end: int | None = None, *, on_source: bool = False) -> Location:
        """A :class:`Location` in this unit (offsets into ``text``, or into ``source`` with ``on_source``)."""
        line = self.source_line if on_source and self.source_line is not None else self.line
        return Location(file=self.file, line=line, entry=self.entry, start=start, end=end)

    def ignores(self, code: str) -> bool:
        """Whether an inline ``termalign: ignore`` comment silences ``code`` in this unit."""
        return bool(self.ignore) and (IGNORE_ALL in self.ignore or code in self.ignore)


@dataclass(frozen=True)
class CheckOptions:
    """Knobs shared by the checks, with the measured defaults (see ``docs/checks.md``).

    ``threshold`` is the rapidfuzz Indel ratio (0–100) on folded spellings above which a token counts as a
    near miss of a glossary word (85: precision 1.00 / recall .97 on the research set); ``min_length`` the
    shortest token (letters) compared at all (6: five-letter words are one edit from too many others);
    ``max_edits`` caps the Levenshtein distance between the folded
    forms by word length (≤ 6 letters: 1 edit, ≤ 10: 2, longer: 3). ``min_words`` is the shortest segment
    the language check judges; ``consistency`` is ``"run"`` (all inputs together) or ``"file"``.
    ``extra_words`` are words the known-word guard accepts in any language (a project word list).
    """

    threshold: float = 85.0
    min_length: int = 6
    max_edits: tuple[tuple[int, int], ...] = ((6, 1), (10, 2), (10_000, 3))
    min_words: int = 5
    consistency: str = "run"
    extra_words: tuple[str, ...] = ()

    def edit_bound(self, length: int) -> int:
        """The largest Levenshtein distance allowed between folded words of ``length`` letters."""
        for limit, edits in self.max_edits:
            if length <= limit:
                return edits
        return self.max_edits[-1][1]


@dataclass
class CheckContext:
    """Everything a check may consult during one run: the glossary index, word lists, options, shared state.

    ``state`` is a scratch dict for checks that accumulate across batches (the consistency check);
    ``enabled`` the codes running in this run, so a check can leave work to another one.
    """

    index: TermIndex
    known: KnownWords
    options: CheckOptions = field(default_factory=CheckOptions)
    enabled: frozenset[str] = frozenset()
    state: dict[str, Any] = field(default_factory=dict)


class Check(Protocol):
    """The check protocol: a stable code, a default severity, and batch-wise ``run`` plus run-wide ``finish``.

    ``needs_source`` checks only do something on units with a source (bilingual input).
    """

    code: str
    severity: Severity
    description: str
    needs_source: bool

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        """Findings for a batch, each with the batch-local index of its unit."""
        ...

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        """Findings that need the whole run (after the last batch), each with its unit and its unit's position
        in the run (``batch.first + i``)."""
        ...


class BaseCheck:
    """Defaults for :class:`Check` implementations plus a helper to build findings."""

    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    description: ClassVar[str] = ""
    needs_source: ClassVar[bool] = False
    #: The full documentation anchor (``docs/checks.md#<code>``).
    help_anchor: ClassVar[str] = ""

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        return ()

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        return ()

    def finding(
        self,
        unit: Unit,
        start: int | None,
        end: int | None,
        message: str,
        *,
        text: str | None = None,
        suggestion: str | None = None,
        explanation: Iterable[str] = (),
        severity: Severity | None = None,
        on_source: bool = False,
        code: str | None = None,
    ) -> Finding:
        """A :class:`Finding` of this check in ``unit`` covering ``[start, end)`` of its text (or source)."""
        checked = (unit.source or "") if on_source else unit.text
        if text is None:
            text = checked[start:end] if start is not None and end is not None else checked
        return Finding(
            code=code or self.code,
            severity=severity or self.severity,
            text=_shared(text),
            message=_shared(message),
            lang=unit.source_lang if on_source else unit.lang,
            location=unit.location(start, end, on_source=on_source),
            suggestion=_shared(suggestion) if suggestion is not None else None,
            explanation=_shared(tuple(explanation)),
        )


_SHARED: dict[object, object] = {}
_SHARED_MAX = 200_000


def _shared(value: Any) -> Any:
    """One copy of equal strings and explanation tuples across findings (a big run repeats them thousands of
    times: the same term missing from many entries)."""
    got = _SHARED.get(value)
    if got is not None:
        return got
    if len(_SHARED) < _SHARED_MAX:
        _SHARED[value] = value
    return value


def iter_batches(items: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    """Consecutive lists of at most ``size`` units."""
    batch: list[Unit] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
