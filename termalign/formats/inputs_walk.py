"""Many inputs: folders walked for the files termalign reads, ``--include``/``--exclude`` globs, ``--shard I/N``.

``check``, ``terms --aligned`` and ``align --batch`` take files and folders alike. :func:`expand_inputs` turns
what the user named into the list of files, in a deterministic order: the arguments in the order given, each
folder's files sorted by their path inside it (so a run, and each shard of it, reads the same files in the same
order on every machine). :func:`shard_slice` then keeps the ``I``-th of ``N`` contiguous slices of that list,
cut where the slices hold about equal amounts of data: shard outputs joined in shard order are the unsharded
output (for per-file results), and a Slurm array or Snakemake job of ``N`` tasks gets ``N`` similar loads.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from termalign.errors import InputError
from termalign.formats.registry import ALIGNMENTS

_T = TypeVar("_T")

#: The file name endings a folder is searched for: catalogs, translation memories, XLIFF, termalign JSON.
CORPUS_SUFFIXES = (".po", ".pot", ".mo", ".tmx", ".xlf", ".xliff", ".json")
#: The endings of the aligned-data formats termalign reads (``terms --aligned FOLDER``).
ALIGNED_SUFFIXES = tuple(ext for ext, name in ALIGNMENTS.extensions().items() if ALIGNMENTS[name].reader)


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """Whether the path ``rel`` (POSIX, relative to its folder) or its file name matches one of ``patterns``."""
    base = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(base, p) for p in patterns)


def walk_folder(folder: str, *, suffixes: Sequence[str] = CORPUS_SUFFIXES, include: Sequence[str] = (),
                exclude: Sequence[str] = ()) -> list[str]:
    """The files under ``folder`` (recursively; hidden folders such as ``.git`` and symbolic links to folders are
    not entered) whose ending is one of ``suffixes`` (any case), kept by ``include`` (all when empty) and not
    dropped by ``exclude``; sorted by their POSIX path inside the folder."""
    found: list[tuple[str, str]] = []
    for top, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.lower().endswith(tuple(suffixes)) or name.startswith("."):
                continue
            path = os.path.join(top, name)
            rel = Path(os.path.relpath(path, folder)).as_posix()
            if include and not _matches(rel, include):
                continue
            if exclude and _matches(rel, exclude):
                continue
            found.append((rel, path))
    found.sort()
    return [path for _, path in found]


def expand_inputs(paths: Iterable[str], include: Sequence[str] = (), exclude: Sequence[str] = (), *,
                  suffixes: Sequence[str] = CORPUS_SUFFIXES) -> list[str]:
    """The files named by ``paths``: a folder gives the files under it (:func:`walk_folder`), anything else
    (a file, ``-``, a name that does not exist: its reader will say so) is kept as it is. The globs filter the
    files found in folders only: a file named on the command line is always read. A file reached twice is
    read once, where it first comes. A folder without any file to read is an :class:`InputError`."""
    out: list[str] = []
    seen: set[str] = set()
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = walk_folder(path, suffixes=suffixes, include=include, exclude=exclude)
            if not found:
                endings = ", ".join(suffixes)
                raise InputError(f"no file to read in this folder (looked for {endings})", file=path,
                                 hint="check --include/--exclude" if include or exclude else None)
        else:
            found = [path]
        for item in found:
            key = os.path.normpath(item) if item != "-" else item
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def parse_shard(value: str) -> tuple[int, int]:
    """``"I/N"`` → ``(I, N)`` with ``1 ≤ I ≤ N``; ``ValueError`` with a message otherwise."""
    index, sep, count = value.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        raise ValueError(f"--shard takes I/N (such as 1/4), not {value!r}") from None
    if not sep or n < 1 or not 1 <= i <= n:
        raise ValueError(f"--shard I/N needs 1 ≤ I ≤ N, not {value!r}")
    return i, n


def shard_slice(items: Sequence[_T], index: int, count: int, weight: Callable[[_T], int] | None = None) -> list[_T]:
    """The ``index``-th (1-based) of ``count`` contiguous slices of ``items``, cut so that the slices' total
    ``weight`` (default 1 each) is about equal: an item belongs to the slice its middle falls in. The slices of
    ``1..count`` partition ``items`` in order, whatever the weights."""
    if count <= 1:
        return list(items)
    weights = [max(0, weight(item)) for item in items] if weight is not None else [1] * len(items)
    total = sum(weights)
    if total == 0:
        weights, total = [1] * len(items), len(items)
    out: list[_T] = []
    before = 0
    for item, w in zip(items, weights, strict=True):
        slot = min(count - 1, (2 * before + w) * count // (2 * total))
        before += w
        if slot == index - 1:
            out.append(item)
    return out


def file_size(path: str) -> int:
    """The size of ``path`` in bytes, 0 when it cannot be told (standard input, a missing file)."""
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


__all__ = ["ALIGNED_SUFFIXES", "CORPUS_SUFFIXES", "expand_inputs", "file_size", "parse_shard", "shard_slice",
           "walk_folder"]
