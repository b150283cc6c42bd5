"""The check runner: streams units, does the expensive work once per distinct content, applies ignores, baselines.

``run_checks(inputs, glossary)`` (or :class:`CheckRun`, its streaming form) reads units from its inputs (PO/MO/TMX
files, text files, aligned pairs, or :class:`~termalign.checks.base.Unit` objects) in batches of ``batch_size``
and keeps no more than a batch of them in memory:

1. **Distinct content only.** What a check finds in a unit depends only on its content (text, source and their
   languages), so a unit whose content was already checked (the same msgid/msgstr under another msgctxt, the
   same sentence in another file) gets the earlier result, re-located to its own file and line; only new
   contents reach the checks. Results are remembered for up to :data:`CACHE_SIZE` distinct contents.
2. **Shared analyses.** For the new contents of a batch, a :class:`~termalign.checks.analyses.Batch` computes
   what several checks use (glossary hits, expectations, code spans, known-word verdicts) lazily and once for
   all checks; each check (one module each) holds its own algorithm and rules.
3. **Findings stream out** in input order as each batch is done (with their baseline fingerprints): findings
   in a unit carrying an inline ``termalign: ignore CODE`` comment are dropped, then those listed in the
   baseline (:mod:`termalign.checks.baseline`). Run-wide findings, which need every unit first (the
   ``inconsistent-term`` check, variants of glossary terms), follow at the end, in input order among themselves.
   Checks keep their run-wide state compact (per scope, a counter of the glossary entries rendered and of the
   forms used), so memory does not grow with the number of findings. Two rules apply across checks: findings of
   one code on one span are reported once, and a check's ``suppresses`` codes (``wrong-language``: a segment in
   the wrong language has no term findings) are dropped from a unit it reports.

The cyclic garbage collector is paused while a batch is checked and its findings are made (millions of small
objects, none in a cycle), never while the caller's code runs between findings.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import pickle
import posixpath
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from termalign._gc import paused_gc
from termalign.checks.analyses import Batch
from termalign.checks.base import (
    IGNORE_ALL,
    BaseCheck,
    CheckContext,
    CheckOptions,
    Inputs,
    Note,
    Unit,
    UnitSource,
    iter_batches,
)
from termalign.checks.index import TermIndex
from termalign.checks.known_words import KnownWords
from termalign.checks.parts import Emitted, Guarded, Recoverable, RunPart, group_name, grouped, input_name
from termalign.distributed import InProcess, Scheduler, stop_pool, worker_cached
from termalign.errors import InputError
from termalign.model import Finding, Glossary, Severity

if TYPE_CHECKING:
    from concurrent.futures import Future  # only -j runs make futures: no import for one process

    from termalign.checks.baseline import Baseline

_T = TypeVar("_T")


#: code → "module:Class" of every check, in the order they run and are documented.
CHECKS: dict[str, str] = {
    "garbled-term": "termalign.checks.garbled:GarbledTermCheck",
    "glued-words": "termalign.checks.glued:GluedWordsCheck",
    "untranslated-term": "termalign.checks.untranslated:UntranslatedTermCheck",
    "missing-term": "termalign.checks.missing:MissingTermCheck",
    "forbidden-term": "termalign.checks.forbidden:ForbiddenTermCheck",
    "inconsistent-term": "termalign.checks.inconsistent:InconsistentTermCheck",
    "variant-term": "termalign.checks.variant:VariantTermCheck",
    "wrong-language": "termalign.checks.wrong_language:WrongLanguageCheck",
}
DEFAULT_BATCH = 2000
#: Distinct unit contents whose results are remembered (about 0.4 kB each: 20 MB at most). A 40,000-entry
#: catalog fits; past that, new contents are still checked, just not remembered.
CACHE_SIZE = 50_000
#: Tasks per Dask worker in flight when inputs are sent as tasks (:meth:`CheckRun._remote_inputs`).
_AHEAD = 8
_MASK = (1 << 64) - 1


def check_class(code: str) -> type[BaseCheck]:
    """The class implementing check ``code`` (raises ``KeyError`` for an unknown code)."""
    module, _, name = CHECKS[code].partition(":")
    cls: type[BaseCheck] = getattr(importlib.import_module(module), name)
    return cls


def select_checks(checks: Iterable[str] | None = None, disable: Iterable[str] = ()) -> list[str]:
    """The check codes to run: ``checks`` (default all) minus ``disable``, in :data:`CHECKS` order.

    Raises ``ValueError`` naming any unknown code.
    """
    wanted = list(CHECKS) if checks is None else [c.strip() for c in checks if c.strip()]
    dropped = [c.strip() for c in disable if c.strip()]
    unknown = sorted({c for c in (*wanted, *dropped) if c not in CHECKS})
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(unknown)} (known: {', '.join(CHECKS)})")
    return [c for c in CHECKS if c in wanted and c not in dropped]


@dataclass
class CheckResult:
    """What a run produced: findings in output order (see the module docstring), their baseline fingerprints,
    and counts for summaries."""

    findings: list[Finding] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    units: int = 0
    files: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    ignored: int = 0
    baselined: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """Findings per severity (``error``/``warning``/``info``)."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def by_code(self) -> dict[str, int]:
        """Findings per check code, sorted by code."""
        out: dict[str, int] = defaultdict(int)
        for f in self.findings:
            out[f.code] += 1
        return dict(sorted(out.items()))


def fingerprint(finding: Finding, unit: Unit) -> str:
    """A line-number-free identity of a finding: code, file, offending text and a hash of its unit.

    The unit part is its ``key`` (``msgctxt``+``msgid`` for PO entries, the segment text for plain text),
    so moving an entry or editing other entries keeps the fingerprint; changing the entry itself does not.
    """
    # "./po/id.po", "po//id.po" and "po/id.po" are one file: the baseline must not depend on how it was typed.
    file = posixpath.normpath(unit.file.replace("\\", "/")) if unit.file else ""
    raw = "\x1f".join((finding.code, file, finding.text.lower(), unit.key or unit.text))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def make_context(
    glossary: Glossary, *, options: CheckOptions | None = None, enabled: Iterable[str] = ()
) -> CheckContext:
    """A fresh :class:`CheckContext` for one run over ``glossary``."""
    opts = options or CheckOptions()
    with paused_gc():  # tens of thousands of patterns and tuples, none in a reference cycle
        index = TermIndex.load(glossary, min_length=opts.min_length)
        known = KnownWords(extra=opts.extra_words, lexicon=index.lexicon)
    return CheckContext(index=index, known=known, options=opts, enabled=frozenset(enabled))


def _iter_units(inputs: Inputs) -> Iterator[Unit]:
    items: Iterable[object] = [inputs] if isinstance(inputs, (Unit, UnitSource)) else inputs
    for item in items:
        if isinstance(item, Unit):
            yield item
        elif isinstance(item, UnitSource):
            yield from item.units()
        else:
            raise TypeError(
                f"cannot check {type(item).__name__}: pass Unit objects or inputs from termalign.checks.inputs"
            )


#: A finding without its place: ``(code, severity, text, message, lang, start, end, suggestion, explanation)``.
_Template = tuple[str, Severity, str, str, str, int | None, int | None, str | None, tuple[str, ...]]


class _Cached(NamedTuple):
    """What the checks found in one content, kept compact for later units with the same content: each finding
    as ``(code, severity, text, message, lang, start, end, suggestion, explanation)`` (placed in the unit when
    it is used) and the run-wide notes each check made (check index, data)."""

    findings: tuple[_Template, ...]
    notes: tuple[tuple[int, Any], ...]


class _Fresh(NamedTuple):
    """What the checks found in a unit checked just now: its findings (already placed in it) and notes."""

    findings: tuple[Finding, ...]
    notes: tuple[tuple[int, Any], ...]


_NOTHING = _Cached((), ())

#: A planned batch (:meth:`CheckRun._plan`): a result or slot per unit, the new contents, content key → slot.
_Plan = tuple[list[_Cached | _Fresh | int], list[Unit], dict[int, int]]

#: The run a forked worker process serves (set in the parent just before the fork, inherited by the workers).
_WORKER_RUN: CheckRun | None = None


def _work(units: list[Unit]) -> list[_Fresh]:
    """Check ``units`` in a worker process with the run it inherited (see :meth:`CheckRun._parallel`)."""
    assert _WORKER_RUN is not None
    with paused_gc():
        return _WORKER_RUN._check(units)


class CheckRun:
    """One run of the checks as a stream: iterate it for ``(finding, fingerprint)`` pairs in output order.

    Counts (``units``, ``files``, ``ignored``, ``baselined``, ``seconds``) are final once the iteration ends.
    ``fingerprints=False`` skips computing fingerprints (None is given instead) unless a baseline needs them.
    ``jobs`` > 1 checks batches in that many forked worker processes (POSIX systems with ``fork`` only; elsewhere
    the run stays in one process): the same findings in the same order, more memory; for machines with more than
    two cores (on two, the parent's share of the work leaves little to gain). ``scheduler`` (a Dask cluster, see
    :mod:`termalign.distributed`) runs the work on its workers instead: again the same findings in the same order.
    Given several inputs, each input is a task: the worker reads, checks and returns its findings with the
    input's :class:`RunPart`, and this process only merges and hands out (the inputs' paths must be readable by
    the workers); a single input is read here and its batches of new contents are sent.
    See the module docstring for the order and for what is computed once per distinct content.

    Runs in parts: ``finish=False`` hands out the findings of each unit (inline ignores applied, fingerprints
    always computed; no severity override, no baseline: those are applied where the parts merge) and not the
    run-wide ones; :meth:`part` then gives the part's counts and states. ``parts`` (with ``context``, the
    recorded options and the glossary entries the states refer to) merges such parts, given in run order as
    each part's findings followed by its :class:`RunPart`: the result is the run over all of them together.
    """

    def __init__(
        self,
        inputs: Inputs,
        glossary: Glossary,
        *,
        checks: Iterable[str] | None = None,
        disable: Iterable[str] = (),
        options: CheckOptions | None = None,
        baseline: Baseline | None = None,
        batch_size: int = DEFAULT_BATCH,
        severity: dict[str, Severity] | None = None,
        fingerprints: bool = True,
        jobs: int = 1,
        scheduler: Scheduler | None = None,
        finish: bool = True,
        parts: Iterable[Emitted | RunPart] | None = None,
        context: CheckContext | None = None,
    ) -> None:
        if not finish and (baseline is not None or severity):
            raise ValueError("a run in parts (finish=False) leaves the baseline and severities to the merge")
        self.inputs = inputs
        self.scheduler = scheduler if scheduler is not None and not isinstance(scheduler, InProcess) else None
        self.finish = finish
        self._parts = parts
        want_fingerprints = fingerprints or baseline is not None or not finish
        self._spec = _RunSpec(glossary, options, tuple(checks) if checks is not None else None, tuple(disable))
        self.jobs = jobs if jobs > 1 and _can_fork() else 1  # no multiprocessing import for one process
        self.checks = select_checks(checks, disable)
        self.ctx = context or make_context(glossary, options=options, enabled=self.checks)
        self.instances = [check_class(code)() for code in self.checks]
        #: code → the codes its findings silence in the same unit and language (:attr:`BaseCheck.suppresses`).
        self._suppress = {c.code: c.suppresses for c in self.instances if c.suppresses}
        self.baseline = baseline
        self.batch_size = max(1, batch_size)
        self.severity = dict(severity or {})
        self.want_fingerprints = want_fingerprints
        self.units = 0
        self.files: list[str] = []
        self.ignored = 0
        self.baselined = 0
        self.seconds = 0.0
        #: ``(place, code)`` of every inline ``termalign: ignore CODE`` naming no check (a typo silences nothing:
        #: the command warns about each); ``place`` is ``file:line`` or ``file [entry]``.
        self.unknown_ignores: list[tuple[str, str]] = []
        self._ignore_sets: set[frozenset[str]] = set()
        self._cache: dict[int, _Cached] = {}
        self._merged_files: dict[str, None] = {}  # the files of the parts absorbed so far (:meth:`absorb`)

    def __iter__(self) -> Iterator[tuple[Finding, str | None]]:
        t0 = time.perf_counter()
        events = self._parts if self._parts is not None else self._remote_inputs()
        if events is not None:
            yield from self._merged(events)
            self.seconds = time.perf_counter() - t0
            return
        files: dict[str, None] = {}
        position = 0
        instances = self.instances
        ctx = self.ctx
        for units, results in self._batches():
            # The findings of a batch are made with the collector paused, then handed out with it running.
            out: list[tuple[Finding, str | None]] = []
            with paused_gc():
                for unit, result in zip(units, results, strict=True):
                    if unit.file is not None and unit.file not in files:
                        files[unit.file] = None
                    if unit.ignore and unit.ignore not in self._ignore_sets:
                        self._check_ignore(unit)
                    if result.findings:
                        fresh = type(result) is _Fresh
                        for item in result.findings:
                            emitted = self._emit(item if fresh else _placed(item, unit), unit)  # type: ignore[arg-type]
                            if emitted is not None:
                                out.append(emitted)
                    for ci, data in result.notes:
                        instances[ci].observe(ctx, position, unit, data)
                    position += 1
            yield from out
            del out
            self.units = position
            self.files = list(files)
        if self.finish:
            yield from self._late()
        self.units = position
        self.files = list(files)
        self.seconds = time.perf_counter() - t0

    def _late(self) -> Iterator[tuple[Finding, str | None]]:
        """The run-wide findings (:meth:`BaseCheck.finish`), once every unit was seen, in input order."""
        self._cache.clear()  # contents are not seen again: free the memory before the run-wide findings
        late: list[tuple[tuple[int, int, str], int, Finding, Unit]] = []
        with paused_gc():
            for check in self.instances:
                for pos, unit, finding in check.finish(self.ctx):
                    late.append(((pos, finding.location.start or 0, finding.code), len(late), finding, unit))
        late.sort(key=lambda t: (t[0], t[1]))
        for _, _, finding, unit in late:
            emitted = self._emit(finding, unit)
            if emitted is not None:
                yield emitted

    def part(self) -> RunPart:
        """What this run (iterated to its end, with ``finish=False``) hands over for merging (see :class:`RunPart`);
        its run-wide states are taken out of the context, so the run can go on with another part."""
        return RunPart(self.units, list(self.files), self.ignored, list(self.unknown_ignores),
                       self.ctx.take_states())

    def absorb(self, part: RunPart, offset: int) -> None:
        """Merge ``part``, whose first unit is the ``offset``-th of this run, into its counts and states."""
        for state in part.states:
            self.ctx.state(type(state)).merge(state, offset)
        self.units = offset + part.units
        known = self._merged_files
        fresh = [name for name in part.files if name not in known]
        known.update(dict.fromkeys(fresh))
        self.files.extend(fresh)
        self.ignored += part.ignored
        for item in part.unknown_ignores:
            if item not in self.unknown_ignores:
                self.unknown_ignores.append(item)

    def _merged(self, events: Iterable[Emitted | RunPart]) -> Iterator[tuple[Finding, str | None]]:
        """The run over parts handed in as ``events`` (each part's findings, then its :class:`RunPart`): their
        findings with this run's severities and baseline, then the run-wide findings of the merged states."""
        position = 0
        for event in events:
            if isinstance(event, RunPart):
                self.absorb(event, position)
                position += event.units
                continue
            admitted = self._admit(*event)
            if admitted is not None:
                yield admitted
        if self.finish:
            yield from self._late()

    def _remote_inputs(self) -> Iterator[Emitted | RunPart] | None:
        """With a Dask scheduler and several inputs: the inputs read and checked on the workers, a few files per task
        (:func:`~termalign.checks.parts.grouped`, :func:`_remote_parts`), each handed back as its findings and
        :class:`RunPart`, in input order (None: the run is not done that way). A :class:`Recoverable` input's error
        is reported here once its findings are out, as in one run."""
        scheduler, inputs = self.scheduler, self.inputs
        if scheduler is None or not isinstance(inputs, (list, tuple)) or len(inputs) < 2 or not all(
                isinstance(item, UnitSource) for item in inputs):
            return None

        def events() -> Iterator[Emitted | RunPart]:
            # Tasks differ in size (a catalog of 20 entries, one of 5,000): 8 per worker in flight keep them all
            # busy while the oldest, which must come back first, is a long one; a result is its inputs' findings.
            groups = grouped(list(inputs), scheduler.workers)
            outcomes = scheduler.imap(_remote_parts, groups, shared=self._spec.keyed(), name=group_name,
                                      ahead=_AHEAD)
            for group, outcome in outcomes:
                if isinstance(outcome, BaseException):
                    raise outcome
                for item, (found, part) in zip(group, outcome, strict=True):
                    yield from found
                    error, part.error = part.error, None
                    yield part
                    if error is not None:
                        item.recover(error)

        return events()

    def run_part(self, item: UnitSource) -> tuple[list[Emitted], RunPart]:
        """Check one input as a part of a larger run (``finish=False``; on a Dask worker): its findings and its
        :class:`RunPart`. The content cache is kept for the next part; counts and states start afresh."""
        assert not self.finish
        failed: list[InputError] = []
        self.inputs = Guarded(item, failed) if isinstance(item, Recoverable) else item
        self.units, self.files, self.ignored, self.unknown_ignores = 0, [], 0, []
        self._merged_files = {}
        found = list(self)
        part = self.part()
        part.error = failed[0] if failed else None
        return found, part

    def _check_ignore(self, unit: Unit) -> None:
        """Record the codes of ``unit``'s inline ignore that name no check (each set of codes is judged once)."""
        unknown = sorted(c for c in unit.ignore if c != IGNORE_ALL and c not in CHECKS)
        if not unknown:
            self._ignore_sets.add(unit.ignore)
            return
        place = f"{unit.file or '<input>'}:{unit.line}" if unit.line is not None else \
            f"{unit.file or '<input>'} [{unit.entry}]"
        for code in unknown:
            if (place, code) not in self.unknown_ignores:
                self.unknown_ignores.append((place, code))

    def _emit(self, finding: Finding, unit: Unit) -> tuple[Finding, str | None] | None:
        """The finding as it goes out (fingerprint, severity override applied), or None when silenced."""
        if unit.ignore and unit.ignores(finding.code):
            self.ignored += 1
            return None
        return self._admit(finding, fingerprint(finding, unit) if self.want_fingerprints else None)

    def _admit(self, finding: Finding, fp: str | None) -> tuple[Finding, str | None] | None:
        """The finding with its severity override, or None when the baseline has it (the last step of
        :meth:`_emit`; the only one for the findings of a merged part)."""
        if self.severity and finding.code in self.severity:
            finding = _with_severity(finding, self.severity[finding.code])
        if self.baseline is not None and self.baseline.consume(fp):  # type: ignore[arg-type]
            self.baselined += 1
            return None
        return finding, fp

    def _batches(self) -> Iterator[tuple[list[Unit], list[_Cached | _Fresh]]]:
        """Each batch of units with its results, in input order: checked here, or by worker processes when
        ``jobs`` > 1 (see :class:`CheckRun`)."""
        batches = _paused(iter_batches(_iter_units(self.inputs), self.batch_size))
        if self.scheduler is not None:
            yield from self._scheduled(batches, self.scheduler)
            return
        if self.jobs <= 1:
            for units in batches:
                with paused_gc():
                    plan = self._plan(units)
                    results = self._complete(plan, self._check(plan[1]) if plan[1] else [])
                yield units, results
            return
        yield from self._parallel(batches)

    def _scheduled(
        self, batches: Iterator[list[Unit]], scheduler: Scheduler
    ) -> Iterator[tuple[list[Unit], list[_Cached | _Fresh]]]:
        """:meth:`_batches` on a :class:`~termalign.distributed.Scheduler` (a Dask cluster): each batch is planned
        here (the content cache stays in this process), its new contents are checked by a worker that built the
        run's context once (:func:`_remote_check`), and the results come back in input order."""
        planned: deque[tuple[list[Unit], _Plan]] = deque()

        def todo() -> Iterator[list[Unit]]:
            for units in batches:
                with paused_gc():
                    plan = self._plan(units)
                planned.append((units, plan))
                yield plan[1]

        for _, outcome in scheduler.imap(_remote_check, todo(), shared=self._spec.keyed(), name=_batch_name):
            units, plan = planned.popleft()
            if isinstance(outcome, BaseException):
                outcome.add_note(f"while checking {_batch_name(units)}")
                raise outcome
            with paused_gc():
                yield units, self._complete(plan, outcome)

    def _parallel(self, batches: Iterator[list[Unit]]) -> Iterator[tuple[list[Unit], list[_Cached | _Fresh]]]:
        """:meth:`_batches` with ``jobs`` forked workers, each inheriting this run (glossary index, word lists)
        instead of rebuilding it. At most ``2 × jobs`` batches are in flight, so memory stays bounded; batches
        come back in input order. A content repeated within the batches in flight may be checked twice (the
        cache learns it only when its batch returns): same result, a little more work.

        A worker that dies (killed by the out-of-memory killer, a crash in a C extension) ends the run with
        :class:`WorkerDied` instead of waiting forever for its batch (``multiprocessing.Pool`` would)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _WORKER_RUN
        gc.collect()
        gc.freeze()  # objects made so far stay shared with the workers (the collector would touch every page)
        _WORKER_RUN = self
        # With "fork", the executor starts all its workers at once, before its own management thread.
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"))
        window: deque[tuple[list[Unit], _Plan, Future[list[_Fresh]] | None]] = deque()

        def oldest() -> tuple[list[Unit], list[_Cached | _Fresh]]:
            units, plan, pending = window.popleft()
            try:
                fresh = pending.result() if pending is not None else []
            except BrokenProcessPool:
                raise WorkerDied(self.jobs) from None
            with paused_gc():
                return units, self._complete(plan, fresh)

        try:
            for units in batches:
                with paused_gc():
                    plan = self._plan(units)
                try:
                    window.append((units, plan, pool.submit(_work, plan[1]) if plan[1] else None))
                except BrokenProcessPool:
                    raise WorkerDied(self.jobs) from None
                if len(window) > 2 * self.jobs:
                    yield oldest()
            while window:
                yield oldest()
        finally:
            stop_pool(pool)  # a run stopped early does not wait for the batches in flight
            _WORKER_RUN = None
            gc.unfreeze()

    def _plan(self, units: list[Unit]) -> _Plan:
        """Where each unit's result comes from (see :meth:`_complete`) and the distinct new contents to check.

        Each slot of the returned list is a cached result, ``-1 - k`` for the first unit of this batch with the
        ``k``-th new content, or ``k`` for a later unit with that content; the dict maps content keys to ``k``.
        """
        cache = self._cache
        out: list[_Cached | _Fresh | int] = []
        todo: list[Unit] = []
        pending: dict[int, int] = {}
        for unit in units:
            # A 128-bit key from two hashes of different objects (independent), not the strings themselves: the
            # cache holds tens of thousands of contents.
            text, source = unit.text, unit.source
            key = ((hash((text, unit.lang, source, unit.source_lang)) & _MASK) << 64) | (
                hash(f"{unit.lang}{unit.source_lang}{text}\x1f{source}") & _MASK)
            got = cache.get(key)
            if got is not None:
                out.append(got)
                continue
            slot = pending.get(key)
            if slot is None:
                slot = pending[key] = len(todo)
                todo.append(unit)
                out.append(-1 - slot)  # the first unit with this content: its own, placed findings
            else:
                out.append(slot)  # a later unit of this batch with the same content: the cached form
        return out, todo, pending

    def _complete(self, plan: _Plan, fresh: list[_Fresh]) -> list[_Cached | _Fresh]:
        """The results of a planned batch (:meth:`_plan`) once its new contents were checked (``fresh``); the
        new contents go into the cache."""
        out, todo, pending = plan
        if not todo:
            return out  # type: ignore[return-value]
        cache = self._cache
        compact = [_NOTHING if not r.findings and not r.notes else _Cached(
            tuple(_template(f) for f in r.findings), r.notes) for r in fresh]
        room = CACHE_SIZE - len(cache)
        for key, slot in pending.items():
            if room <= 0:
                break
            cache[key] = compact[slot]
            room -= 1
        return [r if not isinstance(r, int) else (fresh[-1 - r] if r < 0 else compact[r]) for r in out]

    def _check(self, units: list[Unit]) -> list[_Fresh]:
        """Run every check over ``units`` (distinct contents) and package what each unit got."""
        ctx = self.ctx
        batch = Batch(units, ctx)
        found: dict[int, list[Finding]] = defaultdict(list)
        notes: dict[int, list[tuple[int, Any]]] = defaultdict(list)
        for ci, check in enumerate(self.instances):
            for i, item in check.run(batch, ctx):
                if isinstance(item, Note):
                    notes[i].append((ci, item.data))
                else:
                    found[i].append(item)
        suppress = self._suppress
        out: list[_Fresh] = []
        empty = _Fresh((), ())
        for i, unit in enumerate(units):
            items = found.get(i)
            noted = notes.get(i)
            if items is None and noted is None:
                out.append(empty)
                continue
            kept: list[Finding] = []
            if items:
                kept = _dedupe(items)
                if suppress:
                    dropped = {code for f in kept if f.lang == unit.lang for code in suppress.get(f.code, ())}
                    if dropped:
                        kept = [f for f in kept if f.code not in dropped]
                kept.sort(key=lambda f: (f.location.start or 0, f.code))
            out.append(_Fresh(tuple(kept), tuple(noted or ())))
        return out


@dataclass(frozen=True)
class _RunSpec:
    """What a Dask worker needs to rebuild a run's context (sent to each worker once); ``key`` identifies it so
    each worker process builds the glossary index and word lists once (:func:`termalign.distributed.worker_cached`).
    The key is computed once, in the calling process (:meth:`keyed`), not per batch on the workers."""

    glossary: Glossary
    options: CheckOptions | None
    checks: tuple[str, ...] | None
    disable: tuple[str, ...]
    key: str = ""

    def keyed(self) -> _RunSpec:
        """This spec with its ``key``: a digest of everything else in it."""
        return replace(self, key=hashlib.sha256(pickle.dumps(replace(self, key=""), protocol=5)).hexdigest())


def _remote_check(spec: _RunSpec, units: list[Unit]) -> list[_Fresh]:
    """Check ``units`` on a Dask worker with the run ``spec`` describes, built once per worker process."""
    if not units:
        return []
    run = worker_cached(spec.key, lambda: CheckRun([], spec.glossary, checks=spec.checks, disable=spec.disable,
                                                   options=spec.options))
    with paused_gc():
        return run._check(units)


def _remote_parts(spec: _RunSpec, group: list[UnitSource]) -> list[tuple[list[Emitted], RunPart]]:
    """Read and check a few inputs on a Dask worker (:meth:`CheckRun.run_part` each) with the run ``spec``
    describes, built once per worker process; the worker's content cache serves all the inputs it gets. An
    exception that is no input error names the input it came from."""
    run = worker_cached(spec.key + ":parts", lambda: CheckRun(
        [], spec.glossary, checks=spec.checks, disable=spec.disable, options=spec.options, finish=False))
    out = []
    for item in group:
        try:
            out.append(run.run_part(item))
        except Exception as exc:
            exc.add_note(f"while checking {input_name(item)}")
            raise
    return out


def _batch_name(units: list[Unit]) -> str:
    """The file(s) a batch came from, for a message about it."""
    files = list(dict.fromkeys(u.file or "<input>" for u in units))
    return ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "") if files else "a batch"


class WorkerDied(RuntimeError):
    """A worker process of a ``jobs`` > 1 run ended without returning its batch (killed by the system, most often
    for lack of memory). Not an input error: the CLI reports it as an internal error (exit status 3)."""

    def __init__(self, jobs: int) -> None:
        super().__init__(
            f"a worker process of the {jobs} started by -j/--jobs stopped without finishing its work (killed, "
            "perhaps by the system for lack of memory); run again with fewer jobs or without -j")


def _paused(items: Iterator[_T]) -> Iterator[_T]:
    """The items of ``items``, each made with the collector paused (reading the inputs makes a unit per entry)
    and handed out with it running."""
    while True:
        with paused_gc():
            item = next(items, None)
        if item is None:
            return
        yield item


def _can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows; not where ``fork`` is unavailable)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _template(f: Finding) -> _Template:
    return (f.code, f.severity, f.text, f.message, f.lang, f.location.start, f.location.end, f.suggestion,
            f.explanation)


def _placed(template: _Template, unit: Unit) -> Finding:
    """A cached finding placed in ``unit`` (a finding about the source has the source's language)."""
    code, severity, text, message, lang, start, end, suggestion, explanation = template
    return Finding(code, severity, text, message, lang, unit.location(start, end, on_source=lang != unit.lang),
                   suggestion, explanation)


def run_checks(
    inputs: Inputs,
    glossary: Glossary,
    *,
    checks: Iterable[str] | None = None,
    disable: Iterable[str] = (),
    options: CheckOptions | None = None,
    baseline: Baseline | None = None,
    batch_size: int = DEFAULT_BATCH,
    severity: dict[str, Severity] | None = None,
    jobs: int = 1,
    scheduler: Scheduler | None = None,
) -> CheckResult:
    """Run the selected checks over ``inputs`` with ``glossary`` and collect everything (see :class:`CheckRun`
    for the streaming form and the module docstring for the order).

    ``jobs`` > 1 runs the checks in that many worker processes (see :class:`CheckRun`); ``scheduler`` runs them
    on a Dask cluster instead (:func:`termalign.distributed.get_scheduler`): the same result either way.
    ``severity`` overrides the default severity of given codes. Findings silenced inline are counted in
    ``ignored``, those matched by ``baseline`` in ``baselined``.
    """
    run = CheckRun(inputs, glossary, checks=checks, disable=disable, options=options, baseline=baseline,
                   batch_size=batch_size, severity=severity, jobs=jobs, scheduler=scheduler)
    result = CheckResult(checks=run.checks)
    for finding, fp in run:
        result.findings.append(finding)
        result.fingerprints.append(fp or "")
    result.units = run.units
    result.files = run.files
    result.ignored = run.ignored
    result.baselined = run.baselined
    result.seconds = run.seconds
    return result


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    return replace(finding, severity=severity)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per code and span (and, for findings without a span, per text)."""
    if len(findings) < 2:
        return list(findings)
    out: list[Finding] = []
    seen: set[tuple[str, int | None, int | None, str, str]] = set()
    ordered = sorted(
        findings, key=lambda f: (f.location.start or 0, -((f.location.end or 0) - (f.location.start or 0)))
    )
    for f in ordered:
        # Findings without a span (missing terms) are told apart by their text.
        key = (f.code, f.location.start, f.location.end, f.lang, f.text if f.location.start is None else "")
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
