"""What every check shares: the unit of checking, the run's context, and the check protocol.

A :class:`Unit` is one checkable string with where it came from: a PO entry's ``msgstr`` (with its
``msgid`` as source), a line of a plain text, a bead of an aligned text pair, a TMX translation unit.
Checks receive units in batches (:class:`~termalign.checks.analyses.Batch`) so that the expensive work
(fuzzy matching, language ID) runs once per distinct token, not once per occurrence, and each distinct content
is checked once per run (later units with the same content get the findings re-located). Cross-unit checks
(inconsistent translations) record what they need per occurrence through :class:`Note` and
:meth:`BaseCheck.observe`, and report in :meth:`BaseCheck.finish` once every unit has been seen.

Adding a check: subclass :class:`BaseCheck`, set ``code``/``severity``/``description``, implement
:meth:`BaseCheck.run` (a function of the units' content only; :meth:`BaseCheck.observe` and
:meth:`BaseCheck.finish` if it needs the whole run), and list it in :data:`termalign.checks.runner.CHECKS`.
What it keeps across batches goes in a state class of its own (a dataclass), reached with
:meth:`CheckContext.state`.
:meth:`BaseCheck.hits_in_prose` walks a batch's glossary hits outside code, :meth:`BaseCheck.memo` shares a
message among the thousands of units with the same term, :meth:`BaseCheck.finding` builds the finding.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, runtime_checkable

from termalign.checks.patterns import inside
from termalign.model import Finding, Location, Severity

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch
    from termalign.checks.index import Hit, TermIndex
    from termalign.checks.known_words import KnownWords

_T = TypeVar("_T")
_S = TypeVar("_S")
_MEMO_SIZE = 50_000

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
    shortest token (letters) the monolingual scan compares at all (5: a five-letter word must then be one edit
    from a glossary word and from no everyday word; the bilingual route also judges four-letter damage of the
    term the source calls for); ``max_edits`` caps the edit distance (OSA: a transposition counts one) between
    the folded forms by word length (≤ 6 letters: 1 edit, ≤ 10: 2, longer: 3). ``min_words`` is the shortest segment
    the language check judges; ``consistency`` is ``"run"`` (all inputs together) or ``"file"``.
    ``extra_words`` are words the known-word guard accepts in any language (a project word list).
    """

    threshold: float = 85.0
    min_length: int = 5
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
    """Everything a check may consult during one run: the glossary index, word lists, options, run-wide state.

    ``enabled`` lists the codes running in this run, so a check can leave work to another one; :meth:`state`
    holds what checks and analyses accumulate across batches.
    """

    index: TermIndex
    known: KnownWords
    options: CheckOptions = field(default_factory=CheckOptions)
    enabled: frozenset[str] = frozenset()
    _states: dict[type, object] = field(default_factory=dict, init=False, repr=False)

    def state(self, kind: type[_S]) -> _S:
        """This run's one instance of ``kind``, a state class (a dataclass whose fields all have defaults) that
        a check or analysis declares for what it keeps across batches; made on first use."""
        got = self._states.get(kind)
        if got is None:
            got = self._states[kind] = kind()
        return got  # type: ignore[return-value]

    def take_states(self) -> list[Any]:
        """Remove and return the run-wide states that merge (those with a ``merge(other, offset)`` method, such as
        ``inconsistent-term``'s): what a part of a run hands over so that parts merge into one run's findings
        (caches, which any part may rebuild, stay)."""
        taken = [state for state in self._states.values() if callable(getattr(state, "merge", None))]
        for state in taken:
            del self._states[type(state)]
        return taken


@dataclass(frozen=True, slots=True)
class Note:
    """A run-wide observation a check makes about a unit's content ("accepted form X of entry 12 used here").

    :meth:`Check.run` yields notes next to findings; the runner hands each note to :meth:`Check.observe` once
    for every unit with that content (a content is checked once, however often it occurs), with the unit's
    position in the run, so cross-unit checks count every occurrence.
    """

    data: Any


class Check(Protocol):
    """The check protocol: a stable code, a default severity, batch-wise ``run``, and for run-wide checks
    ``observe`` (per occurrence) plus ``finish`` (after the last unit).

    ``needs_source`` checks only do something on units with a source (bilingual input). ``run`` must depend on
    the units' content only (text, source, languages): its findings are reused, re-located, for every later
    unit with the same content. Anything that depends on where a unit is, or on other units, goes into a
    :class:`Note` and is recorded in :meth:`observe`.
    """

    code: str
    severity: Severity
    description: str
    needs_source: bool

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding | Note]]:
        """Findings and notes for a batch, each with the batch-local index of its unit."""
        ...

    def observe(self, ctx: CheckContext, position: int, unit: Unit, data: Any) -> None:
        """Record a note's ``data`` for one occurrence: ``unit`` at ``position`` (0-based) in the run."""
        ...

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        """Findings that need the whole run (after the last unit), each with its unit's position and the unit."""
        ...


class BaseCheck:
    """Defaults for :class:`Check` implementations plus what several checks share: building findings, walking
    the glossary hits of a batch outside code, and remembering messages made for the same term."""

    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    description: ClassVar[str] = ""
    needs_source: ClassVar[bool] = False
    #: Codes whose findings in a unit this check's findings (in the same language) make moot: they are dropped.
    suppresses: ClassVar[frozenset[str]] = frozenset()
    #: The full documentation anchor (``docs/checks.md#<code>``).
    help_anchor: ClassVar[str] = ""

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding | Note]]:
        return ()

    def observe(self, ctx: CheckContext, position: int, unit: Unit, data: Any) -> None:
        return None

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        return ()

    def hits_in_prose(self, batch: Batch, kind: str) -> Iterator[tuple[int, Unit, Hit]]:
        """Target hits of ``kind`` (``english``, ``forbidden``...) in each unit of ``batch``, with the unit's
        index and the unit, leaving out those inside code, placeholders, quotes, options, URLs or paths."""
        units = batch.units
        for i, hits in enumerate(batch.target_hits):
            for hit in hits:
                if hit.kind == kind and not inside(batch.code_spans(i), hit.start, hit.end):
                    yield i, units[i], hit

    def memo(self, key: Hashable, make: Callable[..., _T], *args: Any) -> _T:
        """``make(*args)``, remembered under ``key`` for the run: the same term missing or left untranslated in
        thousands of units gets one message and one explanation, made once and shared."""
        cache: dict[Hashable, Any] | None = self.__dict__.get("_memo")
        if cache is None:
            cache = self.__dict__["_memo"] = {}
        got = cache.get(key)
        if got is None:
            got = make(*args)
            if len(cache) < _MEMO_SIZE:
                cache[key] = got
        return got  # type: ignore[no-any-return]

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
        """A :class:`Finding` of this check in ``unit`` covering ``[start, end)`` of its text (or source).

        Every finding is built here, so this is where a suggestion is made to apply: it replaces exactly the
        finding's span (:func:`fit_span`), and applying it gives the intended text, never "covid-19-19".
        """
        if on_source:
            checked, lang = unit.source or "", unit.source_lang
        else:
            checked, lang = unit.text, unit.lang
        if suggestion is not None and start is not None and end is not None:
            start, end = fit_span(checked, start, end, suggestion)
            text = None
            suggestion = cased_like(checked[start:end], suggestion)
        if text is None:
            text = checked[start:end] if start is not None and end is not None else checked
        return Finding(code or self.code, severity or self.severity, text, message, lang,
                       unit.location(start, end, on_source=on_source), suggestion, tuple(explanation))


def fit_span(text: str, start: int, end: int, suggestion: str) -> tuple[int, int]:
    """``[start, end)`` widened so that replacing it with ``suggestion`` gives the intended text.

    A span that cuts a word ("gejala covid" of "gejala covid-19") while the suggestion is the whole term
    ("gejala covid-19") would leave the rest of the word behind ("gejala covid-19-19"): the span is extended
    over the characters of that word the suggestion repeats, at either end. A span on whole words is returned
    as it is.
    """
    if end < len(text) and end > start and not text[end].isspace() and not text[end - 1].isspace():
        tail = _word_rest(text, end)
        for k in range(len(tail), 0, -1):
            if len(suggestion) > k and suggestion.endswith(tail[:k]):
                end += k
                break
    if 0 < start < end and not text[start - 1].isspace() and not text[start].isspace():
        head = _word_head(text, start)
        for k in range(len(head), 0, -1):
            if len(suggestion) > k and suggestion.startswith(head[-k:]):
                start -= k
                break
    return start, end


def cased_like(surface: str, suggestion: str) -> str:
    """``suggestion`` with a capital first letter when the text it replaces starts with one and it does not
    ("Doketr" → "Dokter", not "dokter"): a term at the start of a sentence. A surface in capitals throughout
    ("DOKTER") is left alone."""
    if surface[:1].isupper() and not surface.isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _word_rest(text: str, end: int) -> str:
    """The characters from ``end`` to the end of the word (run of non-space characters) ``end`` is inside,
    without closing punctuation."""
    stop = end
    while stop < len(text) and not text[stop].isspace():
        stop += 1
    return text[end:stop].rstrip(".,;:!?)]}\"'”’")


def _word_head(text: str, start: int) -> str:
    """The characters of the word ``start`` is inside, before ``start``, without opening punctuation."""
    begin = start
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:start].lstrip("([{\"'“‘")


@runtime_checkable
class UnitSource(Protocol):
    """An input that yields units (:mod:`termalign.checks.inputs`: ``PoInput``, ``TextInput``, ``PairInput``...)."""

    def units(self) -> Iterator[Unit]:
        """The units of the input, in input order."""
        ...


#: What a run checks: a unit, an input, or an iterable of those.
Inputs = Unit | UnitSource | Iterable[Unit | UnitSource]


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
