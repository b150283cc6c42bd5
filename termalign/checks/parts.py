"""Runs in parts: what a part of a check run hands over so that parts merge into one run, and how a Dask run cuts
its inputs into tasks.

A part is a shard saved with ``check --save-stats`` (:mod:`termalign.checks.stats`) or a few input files checked
on a Dask worker (:meth:`termalign.checks.runner.CheckRun.run_part`): its findings, then a :class:`RunPart` with
its counts and its run-wide states, which merge exactly (:meth:`termalign.checks.runner.CheckRun.absorb`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from termalign.checks.base import Unit, UnitSource
from termalign.errors import InputError
from termalign.model import Finding

#: Bytes of input files per Dask task, at most (fewer when that leaves fewer than 4 tasks per worker): a task per
#: small catalog would cost more in scheduling, on the command's side and the worker's, than the checking.
TASK_BYTES = 1 << 20


#: A finding as a run hands it out, with its baseline fingerprint (None when not computed).
Emitted = tuple[Finding, str | None]


@dataclass
class RunPart:
    """What a part of a run (one input checked on a Dask worker, a ``--shard`` saved with ``--save-stats``) hands
    over besides its findings so that parts merge into exactly one run: its counts and its run-wide states
    (:meth:`~termalign.checks.base.CheckContext.take_states`: ``inconsistent-term``'s counters and deferred
    variants, positions counted from the part's first unit). ``error`` is the input error a
    :class:`Recoverable` input of the part raised (its units before it were checked, as in one run)."""

    units: int = 0
    files: list[str] = field(default_factory=list)
    ignored: int = 0
    unknown_ignores: list[tuple[str, str]] = field(default_factory=list)
    states: list[Any] = field(default_factory=list)
    error: InputError | None = None


@runtime_checkable
class Recoverable(Protocol):
    """An input of many that the run survives (the command's folder inputs): ``inner_units()`` are its units, which
    may raise :class:`~termalign.errors.InputError`; ``recover(error)`` reports it in the calling process and the
    run goes on. Its ``units()`` does both; a Dask worker reads ``inner_units()`` and the caller recovers."""

    def inner_units(self) -> Iterator[Unit]:
        """The input's units (raising on a bad input)."""
        ...

    def recover(self, error: InputError) -> None:
        """Report ``error`` (raised by :meth:`inner_units`) and let the run go on."""
        ...


def grouped(inputs: list[UnitSource], workers: int) -> list[list[UnitSource]]:
    """Consecutive inputs in groups of at most :data:`TASK_BYTES` of files (less when the whole is small, so that
    every worker gets about 4 groups or more); an input whose size cannot be told counts as 64 KiB."""
    sizes = []
    for item in inputs:
        try:
            sizes.append(os.stat(input_name(item)).st_size)
        except (OSError, ValueError):
            sizes.append(1 << 16)
    limit = max(1, min(TASK_BYTES, sum(sizes) // (4 * max(1, workers))))
    groups: list[list[UnitSource]] = []
    group: list[UnitSource] = []
    size = 0
    for item, item_size in zip(inputs, sizes, strict=True):
        if group and size + item_size > limit:
            groups.append(group)
            group, size = [], 0
        group.append(item)
        size += item_size
    if group:
        groups.append(group)
    return groups


def group_name(group: list[UnitSource]) -> str:
    """The inputs of a group, for a message about it (a worker lost with the task, say)."""
    names = [input_name(item) for item in group]
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


class Guarded:
    """A :class:`Recoverable` input read on a worker: its units until the input error it raises, which is kept in
    ``failed`` for the calling process to report (see ``CheckRun.run_part``)."""

    def __init__(self, item: Recoverable, failed: list[InputError]) -> None:
        self.item, self.failed = item, failed

    def units(self) -> Iterator[Unit]:
        try:
            yield from self.item.inner_units()
        except InputError as err:
            self.failed.append(err)


def input_name(item: object) -> str:
    """An input's name for a message about it (its file when it has one)."""
    for attr in ("name", "path", "file", "target_name"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(item).__name__
