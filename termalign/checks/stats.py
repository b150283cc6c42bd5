"""``check --save-stats`` / ``check --from-stats``: a shard of a check run saved, and shards merged into one run.

A batch system (a Slurm array, Snakemake, GNU parallel) checks a corpus in ``--shard I/N`` slices; each slice
saves what it found with ``--save-stats FILE`` instead of a report, and one ``check --from-stats FILE...`` merges
them and renders the report in any ``--format``: byte for byte what one ``check`` over the whole corpus writes,
run-wide ``inconsistent-term`` findings included (they need every slice's counts, so a slice cannot report them).

The file is gzip-compressed JSON Lines (UTF-8), written atomically (never over an input, an existing file only
with ``--force``):

1. a header object: ``format`` (``termalign-check-stats``), ``version`` (:data:`VERSION`), ``run`` (a digest of
   the glossary, the options, the checks and termalign's version: shards of one run share it, and only those are
   merged), ``checks``, ``options``, ``glossary`` (its name as the summary shows it), ``shard`` (``[I, N]`` or
   null) and ``inputs`` (the files the slice read, in order);
2. one array per finding, in output order, before any severity override or baseline (applied by the merge):
   ``[code, severity, text, message, lang, file, line, entry, start, end, suggestion, [explanation...],
   fingerprint]``;
3. a closing object ``{"part": ...}``: the slice's counts (``findings``, ``units``, ``files``, ``ignored``,
   ``unknown_ignores``), the run-wide states (``states``: ``inconsistent-term``'s counters and deferred variants,
   see :meth:`~termalign.checks.inconsistent.InconsistentState.to_json`), the units they point at (``units_table``)
   and the glossary entries they name (``entries``), so the merge needs neither the inputs nor the glossary.

A file that is not one, of another version or run, truncated or damaged, is an input error naming it (exit
status 2). Memory: the merge streams findings file by file; it holds the merged states only (per scope, counters
of glossary entries and forms, and the variant occurrences), as one run does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import IO, TYPE_CHECKING, Any, cast

from termalign.checks.base import CheckContext, CheckOptions, Unit
from termalign.checks.inconsistent import InconsistentState
from termalign.checks.parts import Emitted, RunPart
from termalign.errors import InputError
from termalign.model import Finding, Glossary, GlossaryEntry, Location

if TYPE_CHECKING:
    from termalign.checks.baseline import Baseline
    from termalign.checks.runner import CheckRun

FORMAT = "termalign-check-stats"
VERSION = 1
#: The run-wide states a stats file carries, by the check that keeps them.
STATES: dict[str, type[InconsistentState]] = {"inconsistent-term": InconsistentState}
_HINT = "give files written by 'termalign check --save-stats'"
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def run_digest(glossary: Glossary, options: CheckOptions, checks: Sequence[str]) -> str:
    """What makes shards parts of one run: the glossary's entries, the options, the checks, termalign's version."""
    from termalign import __version__

    entries = [[e.source, e.target, e.source_variants, e.target_variants, e.forbidden, e.pos, e.domain, e.note,
                e.case_sensitive, e.do_not_translate] for e in glossary.entries]
    raw = _ENCODER.encode([__version__, entries, asdict(options), list(checks)])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def header(glossary: Glossary, options: CheckOptions, checks: Sequence[str], *, name: str | None,
           shard: tuple[int, int] | None, inputs: Sequence[str]) -> dict[str, Any]:
    """The header of a stats file (see the module docstring)."""
    return {"format": FORMAT, "version": VERSION, "run": run_digest(glossary, options, checks),
            "checks": list(checks), "options": asdict(options), "glossary": name,
            "shard": list(shard) if shard else None, "inputs": list(inputs)}


class StatsWriter:
    """Writes one stats file to ``handle`` (an :func:`~termalign.textio.open_output` handle): the header at once,
    each finding as it comes (:meth:`add`), the part at the end (:meth:`close`)."""

    def __init__(self, handle: IO[bytes], head: dict[str, Any]) -> None:
        # mtime 0: the same run writes the same bytes.
        self._gz = gzip.GzipFile(fileobj=handle, mode="wb", compresslevel=6, mtime=0)
        self._line(head)
        self.findings = 0

    def _line(self, value: Any) -> None:
        self._gz.write(_ENCODER.encode(value).encode("utf-8", "surrogatepass") + b"\n")

    def add(self, finding: Finding, fp: str | None) -> None:
        """Record one finding (in output order)."""
        loc = finding.location
        self._line([finding.code, finding.severity, finding.text, finding.message, finding.lang, loc.file,
                    loc.line, loc.entry, loc.start, loc.end, finding.suggestion, list(finding.explanation), fp])
        self.findings += 1

    def close(self, part: RunPart, entries: Sequence[GlossaryEntry]) -> None:
        """Record the part (counts, states, the units and glossary entries they refer to) and end the file."""
        table: dict[int, int] = {}
        units: list[list[Any]] = []

        def unit_ref(unit: Unit) -> int:
            ref = table.get(id(unit))
            if ref is None:
                ref = table[id(unit)] = len(units)
                units.append([unit.text, unit.lang, unit.source, unit.source_lang, unit.file, unit.line, unit.entry,
                              unit.key, sorted(unit.ignore), unit.group, unit.source_line])
            return ref

        states: dict[str, Any] = {}
        used: set[int] = set()
        for state in part.states:
            code = next((c for c, kind in STATES.items() if isinstance(state, kind)), None)
            if code is None:
                raise TypeError(f"no stats-file form for the run-wide state {type(state).__name__}")
            states[code] = state.to_json(unit_ref)
            used |= state.entries_used()
        self._line({"part": {
            "findings": self.findings, "units": part.units, "files": part.files, "ignored": part.ignored,
            "unknown_ignores": [list(item) for item in part.unknown_ignores], "states": states,
            "units_table": units,
            "entries": [[i, e.source, e.target, list(e.source_variants), list(e.target_variants),
                         e.do_not_translate] for i in sorted(used) for e in (entries[i],)],
        }})
        self._gz.close()  # the gzip trailer (CRC, length): a truncated file is told from a complete one


class StatsFile:
    """A stats file whose header was read and checked (:func:`open_stats`); :meth:`events` streams the rest."""

    def __init__(self, path: str, head: dict[str, Any]) -> None:
        self.path, self.header = path, head

    @property
    def shard(self) -> tuple[int, int] | None:
        """``(I, N)`` when the file holds shard I of N."""
        shard = self.header.get("shard")
        return (int(shard[0]), int(shard[1])) if shard else None

    def events(self, entries: dict[int, GlossaryEntry]) -> Iterator[Emitted | RunPart]:
        """The file's findings with their fingerprints, then its :class:`~termalign.checks.runner.RunPart` (the
        glossary entries it names are added to ``entries``); an :class:`InputError` naming the file and the line
        on anything damaged."""
        count = 0
        lines = _lines(self.path)
        next(lines)  # the header, checked by open_stats
        for number, value in lines:
            try:
                if isinstance(value, list):
                    count += 1
                    yield _finding(value)
                    continue
                part = value["part"]
                if part["findings"] != count:
                    raise ValueError(f"it lists {part['findings']} findings, the file has {count}")
                units = [_unit(row) for row in part["units_table"]]
                states = [STATES[code].from_json(data, _Table(units)) for code, data in part["states"].items()]
                for i, source, target, source_variants, target_variants, keep in part["entries"]:
                    entries[int(i)] = GlossaryEntry(str(source), str(target), tuple(map(str, source_variants)),
                                                    tuple(map(str, target_variants)), do_not_translate=bool(keep))
                result = RunPart(int(part["units"]), [str(f) for f in part["files"]], int(part["ignored"]),
                                 [(str(p), str(c)) for p, c in part["unknown_ignores"]], states)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
                raise InputError(f"damaged check stats record: {exc}", file=self.path, line=number,
                                 hint=_HINT) from None
            if next(lines, None) is not None:
                raise InputError("damaged check stats file: records after its closing part", file=self.path,
                                 line=number + 1, hint=_HINT)
            yield result
            return
        raise InputError("incomplete check stats file: it ends before its closing part (was the run stopped?)",
                         file=self.path, hint=_HINT)


class _Table(list[Unit]):
    """The units table of a part: a unit number out of range (a negative one too) is an ``IndexError``."""

    def __getitem__(self, i: Any) -> Any:
        if not isinstance(i, int) or i < 0:
            raise IndexError(f"no unit {i!r}")
        return super().__getitem__(i)


def _lines(path: str) -> Iterator[tuple[int, Any]]:
    """``(line number, JSON value)`` of each line of a stats file; an :class:`InputError` naming it when it is not
    gzip-compressed JSON Lines or is cut short."""
    number = 0
    try:
        with gzip.open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                yield number, json.loads(raw.decode("utf-8", "surrogatepass"))
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a check stats file", file=path, hint=_HINT) from None
    except (gzip.BadGzipFile, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        what = "not a check stats file" if number == 0 else "damaged check stats file"
        raise InputError(f"{what} ({type(exc).__name__}: {exc})", file=path, line=number + 1 if number else None,
                         hint=_HINT) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path) from None


def open_stats(path: str) -> StatsFile:
    """Read and check the header of the stats file ``path`` (an :class:`InputError` naming it otherwise)."""
    first = next(_lines(path), None)
    if first is None:
        raise InputError("not a check stats file: it is empty", file=path, hint=_HINT)
    head = first[1]
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise InputError("not a check stats file", file=path, line=1, hint=_HINT)
    if head.get("version") != VERSION:
        raise InputError(f"check stats version {head.get('version')!r}; this termalign reads version {VERSION}",
                         file=path, line=1, hint="save the shards again with this termalign")
    try:
        checks, options, shard, inputs = head["checks"], head["options"], head["shard"], head["inputs"]
        if not (isinstance(checks, list) and isinstance(options, dict) and isinstance(inputs, list)
                and isinstance(head["run"], str)):
            raise TypeError("checks, options, inputs or run of the wrong type")
        if shard is not None and not (len(shard) == 2 and 1 <= int(shard[0]) <= int(shard[1])):
            raise ValueError(f"shard {shard!r}")
        _options(options)
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(f"damaged check stats header: {exc}", file=path, line=1, hint=_HINT) from None
    return StatsFile(path, head)


def in_run_order(files: Sequence[StatsFile]) -> list[StatsFile]:
    """The stats files in the order of their run: by shard number when every file holds a shard of one ``--shard
    I/N`` split (all N shards, each once), else as given. Files of different runs (another glossary, other
    options), files sharing an input, or a split with a shard missing or twice are input errors naming a file."""
    if not files:
        raise InputError("--from-stats needs at least one stats file")
    first = files[0]
    for f in files[1:]:
        if f.header["run"] != first.header["run"]:
            raise InputError(f"saved by another run than {first.path} (another glossary, other options or checks, "
                             "or another termalign version)", file=f.path, hint="merge the shards of one run")
    seen: dict[str, str] = {}
    for f in files:
        for name in f.header["inputs"]:
            if name in seen:
                raise InputError(f"{name!r} was checked in {seen[name]} too; each input is merged once",
                                 file=f.path)
            seen[name] = f.path
    shards = [f.shard for f in files]
    if any(s is None for s in shards):
        return list(files)
    counts = {s[1] for s in shards if s is not None}
    if len(counts) > 1:
        raise InputError("shards of different --shard I/N splits", file=files[0].path)
    total = counts.pop()
    by_index: dict[int, StatsFile] = {}
    for f in files:
        index = f.shard[0]  # type: ignore[index]
        if index in by_index:
            raise InputError(f"shard {index}/{total} is given twice (also {by_index[index].path})", file=f.path)
        by_index[index] = f
    missing = [f"{i}/{total}" for i in range(1, total + 1) if i not in by_index]
    if missing:
        raise InputError(f"shard(s) {', '.join(missing)} missing from --from-stats", file=files[0].path,
                         hint="merge every shard of the run")
    return [by_index[i] for i in range(1, total + 1)]


def merged_run(files: Sequence[StatsFile], *, baseline: Baseline | None = None, fingerprints: bool = True
               ) -> CheckRun:
    """A :class:`~termalign.checks.runner.CheckRun` over the parts saved in ``files`` (in run order, see
    :func:`in_run_order`): iterated, it gives what one run over all their inputs gives."""
    from termalign.checks.index import TermIndex
    from termalign.checks.known_words import KnownWords
    from termalign.checks.runner import CheckRun

    head = files[0].header
    options = _options(head["options"])
    checks = [str(c) for c in head["checks"]]
    table = _Entries()
    # The run-wide findings look up only the glossary entries the states name, which the files carry: no index.
    context = CheckContext(index=cast(TermIndex, table), known=cast(KnownWords, None), options=options,
                           enabled=frozenset(checks))

    def events() -> Iterator[Emitted | RunPart]:
        for f in files:
            yield from f.events(table.entries)

    return CheckRun([], Glossary(()), checks=checks, options=options, baseline=baseline,
                    fingerprints=fingerprints, parts=events(), context=context)


class _Entries:
    """The glossary entries of a merged run that its states name, by their number in the glossary."""

    def __init__(self) -> None:
        self.entries: dict[int, GlossaryEntry] = {}


def _options(data: dict[str, Any]) -> CheckOptions:
    return CheckOptions(
        threshold=float(data["threshold"]), min_length=int(data["min_length"]),
        max_edits=tuple((int(a), int(b)) for a, b in data["max_edits"]), min_words=int(data["min_words"]),
        consistency=str(data["consistency"]), extra_words=tuple(str(w) for w in data["extra_words"]))


def _finding(row: list[Any]) -> Emitted:
    code, severity, text, message, lang, file, line, entry, start, end, suggestion, explanation, fp = row
    for value in (code, severity, text, message, lang):
        if not isinstance(value, str):
            raise TypeError(f"finding field {value!r} is not a string")
    return Finding(code, severity, text, message, lang, Location(file, line, entry, start, end), suggestion,
                   tuple(str(s) for s in explanation)), fp


def _unit(row: list[Any]) -> Unit:
    text, lang, source, source_lang, file, line, entry, key, ignore, group, source_line = row
    return Unit(str(text), str(lang), source, str(source_lang), file, line, entry, str(key),
                frozenset(str(c) for c in ignore), str(group), source_line)


__all__ = ["FORMAT", "VERSION", "StatsFile", "StatsWriter", "header", "in_run_order", "merged_run", "open_stats",
           "run_digest"]
