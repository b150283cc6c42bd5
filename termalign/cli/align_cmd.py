"""``termalign align``: align an English text with its Indonesian translation and write the result.

A thin layer over :func:`termalign.aligner.align_segments` and :mod:`termalign.formats`: read and segment
both inputs, check their languages, align, then print a summary (default) or write JSON, TSV, PO or TMX.
``--batch`` runs the same over a list of file pairs, one output per pair, without keeping earlier results
in memory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from termalign.cli.common import (
    ALIGN_SHARE,
    Progress,
    align_pair_files,
    cpu_count,
    emit,
    encoding_option,
    info,
    lang_options,
    load_glossaries_warning,
    nonparallel_option,
    output_options,
    pair_encoding_options,
    quiet_option,
    read_input,
    scheduler_option,
    shard_callback,
    source_date,
    walk_options,
)
from termalign.errors import InputError, printable
from termalign.formats import DEFAULT_FUZZY_BELOW, render, summary_stats, write_alignment
from termalign.formats.inputs_walk import file_size, shard_slice
from termalign.formats.registry import ALIGNMENTS
from termalign.model import Alignment
from termalign.pipeline import PairSettings, aligner_dictionary, lang_name
from termalign.textio import display_name, open_output

if TYPE_CHECKING:
    from termalign.distributed import Scheduler

# "text" is the readable summary this command prints itself; the file formats are the registry's. An output's
# format follows the first (own) ending of each format, .txt giving the summary.
FORMATS = ("text", *ALIGNMENTS.writable)
EXTENSIONS = {"text": ".txt"} | {fmt.name: fmt.extension or "" for fmt in ALIGNMENTS if fmt.writer is not None}
_BY_EXTENSION = ALIGNMENTS.extensions(primary=True) | {".txt": "text"}
TEXT_WIDTH = 100  # width of the side-by-side listing when not writing to a terminal


@dataclasses.dataclass(frozen=True)
class AlignOptions:
    """Everything one alignment run needs besides the two inputs (shared by single and batch runs)."""

    fmt: str
    segmented: bool
    encoding: str | None
    source_lang: str
    target_lang: str
    lang_check: bool
    dictionary: Any
    glossary: Any
    fuzzy_below: float
    force: bool
    update: bool
    allow_nonparallel: bool = False
    source_encoding: str | None = None  # each side's own encoding (else ``encoding``)
    target_encoding: str | None = None

    def pair_settings(self) -> PairSettings:
        """The pipeline's settings for one pair (the dictionary already has the glossary merged in)."""
        return PairSettings(
            source_lang=self.source_lang, target_lang=self.target_lang, segmented=self.segmented,
            lang_check=self.lang_check, dictionary=self.dictionary,
            on_nonparallel="unlink" if self.allow_nonparallel else "refuse",
            source_encoding=self.source_encoding or self.encoding,
            target_encoding=self.target_encoding or self.encoding,
        )
    inputs: tuple[str, ...] = ()  # files read besides the pair (glossaries, dictionaries, a batch list)


# ---------------------------------------------------------------------------------------------- pipeline


def run_alignment(source: str, target: str, options: AlignOptions) -> Alignment:
    """Read, segment, language-check and align one pair of files (``-`` = standard input for one of them)."""
    return align_pair_files(source, target, options.pair_settings())


def align_and_write(source: str, target: str, output: str | None, options: AlignOptions
                    ) -> tuple[Alignment, str | None]:
    """:func:`run_alignment` then :func:`write_result`, under one progress bar: the alignment fills
    :data:`~termalign.cli.common.ALIGN_SHARE` of it and writing the output the rest, so the bar is full only
    once the output is written. Returns the alignment and :func:`write_result`'s merge summary."""
    with Progress(f"aligning {display_name(source)}", None) as progress:
        alignment = align_pair_files(source, target, options.pair_settings(), progress=progress)
        merged = write_result(alignment, output, options, inputs=(source, target),
                              progress=progress.part(ALIGN_SHARE, 1.0))
    return alignment, merged


def _format_text(alignment: Alignment, fuzzy_below: float, width: int) -> str:
    """The human-readable summary: counts, mean score, aligner stats, then a side-by-side listing."""
    stats = summary_stats(alignment)
    kinds = ", ".join(f"{k}: {n}" for k, n in stats["beads_by_kind"].items())
    fuzzy = sum(1 for b in alignment.beads if b.linked and b.score < fuzzy_below)
    lines = [
        f"{alignment.source_name} ({alignment.source_lang}) ↔ {alignment.target_name} ({alignment.target_lang})",
        f"segments: {stats['source_segments']} source, {stats['target_segments']} target; "
        f"beads: {stats['beads']} ({kinds})",
        f"mean score of linked beads: {stats['mean_score']:.2f}; under {fuzzy_below:.2f}: {fuzzy}; "
        f"unaligned: {stats['unlinked_source']} source, {stats['unlinked_target']} target",
        f"parallel: {'yes' if alignment.is_parallel else 'no'} (parallel score {alignment.parallel_score:.2f})",
    ]
    aligner = stats["aligner"]
    if "dictionary_entries_used" in aligner:
        lines.append(f"dictionary entries used: {_num(aligner['dictionary_entries_used'])} "
                     f"of {_num(aligner.get('dictionary_entries', 0))}")
    if "length_ratio" in aligner:
        lines.append(f"length ratio ({alignment.target_lang}/{alignment.source_lang} characters): "
                     f"{_num(aligner['length_ratio'])}")
    lines.append("")
    column = max(20, (width - 19) // 2)
    head_src, head_tgt = lang_name(alignment.source_lang), lang_name(alignment.target_lang)
    lines.append(f"{'#':>4}  {'kind':<4} {'score':>5}  {head_src:<{column}} | {head_tgt}")
    for number, bead in enumerate(alignment.beads, start=1):
        left = textwrap.wrap(alignment.bead_text(bead, "source"), column) or ["—"]
        right = textwrap.wrap(alignment.bead_text(bead, "target"), column) or ["—"]
        mark = "?" if bead.linked and bead.score < fuzzy_below else " "
        prefix = f"{number:>4}  {bead.kind:<4} {bead.score:>5.2f}{mark}"
        for i, (a, b) in enumerate(zip_longest(left, right, fillvalue="")):
            lead = prefix if i == 0 else " " * len(prefix)
            lines.append(f"{lead} {a:<{column}} | {b}".rstrip())
    return "\n".join(lines) + "\n"


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def render_output(alignment: Alignment, options: AlignOptions, *, width: int = TEXT_WIDTH) -> str:
    """The alignment in the chosen output format, as text."""
    if options.fmt == "text":
        return _format_text(alignment, options.fuzzy_below, width)
    extra: dict[str, Any] = {}
    if options.fmt == "po":
        extra = {"fuzzy_below": options.fuzzy_below, "revision_date": source_date("%Y-%m-%d %H:%M+0000") or ""}
    elif options.fmt == "tmx":
        extra = {"date": source_date("%Y%m%dT%H%M%SZ")}
    elif options.fmt == "xliff":
        extra = {"fuzzy_below": options.fuzzy_below}
    return render(alignment, options.fmt, **extra)


def write_result(alignment: Alignment, output: str | None, options: AlignOptions,
                 inputs: Sequence[str] = (), progress: Callable[[int, int], None] | None = None) -> str | None:
    """Write the alignment to ``output`` (stdout when None); with ``--update`` merge into an existing PO.

    ``inputs`` (the pair's files) and ``options.inputs`` are never written over. Returns the one-line merge
    summary in update mode, else None. ``progress(done, total)`` follows the writing (beads written, for JSON to
    a file), reaching its total once the output is in place.
    """
    report = progress if progress is not None else (lambda done, total: None)
    summary = _write_result(alignment, output, options, (*inputs, *options.inputs), report)
    report(1, 1)
    return summary


def _write_result(alignment: Alignment, output: str | None, options: AlignOptions, inputs: Sequence[str],
                  report: Callable[[int, int], None]) -> str | None:
    if options.update and output and output != "-":
        # Locked, existence checked under the lock, then merged (or written new): see write_alignment.
        merge = write_alignment(output, alignment, "po", update=True, overwrite=options.force, inputs=inputs,
                                fuzzy_below=options.fuzzy_below,
                                revision_date=source_date("%Y-%m-%d %H:%M+0000") or "")
        return merge.summary() if merge else None
    width = TEXT_WIDTH
    if (output is None or output == "-") and sys.stdout.isatty():
        width = max(60, shutil.get_terminal_size((TEXT_WIDTH, 24)).columns)
    hint = None
    if options.fmt == "po":
        hint = "choose another name, pass --force to replace it, or --update to merge into it and keep its translations"
    if options.fmt == "json" and output and output != "-":
        # Bead by bead into the temporary file (renamed at the end): a 200,000-bead report is never held whole.
        from termalign.formats.json_ import iter_json

        total = len(alignment.beads) + 3  # the head, the opening bracket, each bead, the end
        with open_output(output, overwrite=options.force, inputs=inputs) as handle:
            for done, piece in enumerate(iter_json(alignment)):
                handle.write(piece.encode("utf-8"))
                report(done, total)
        return None
    text = render_output(alignment, options, width=width)
    report(1, 2)
    emit(text, output, force=options.force, hint=hint, inputs=inputs)
    return None


def _pair_summary(alignment: Alignment) -> str:
    stats = summary_stats(alignment)
    kinds = ", ".join(f"{k} {n}" for k, n in stats["beads_by_kind"].items())
    return f"{stats['beads']} beads ({kinds}), mean score {stats['mean_score']:.2f}"


# ---------------------------------------------------------------------------------------------- batch


def _output_name(source: str, fmt: str, source_lang: str) -> str:
    """Default batch output name: ``kidney-stones.en.txt`` → ``kidney-stones.json``."""
    name = Path(source).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if stem.lower().endswith(f".{source_lang.lower()}"):
        stem = stem[: -len(source_lang) - 1]
    return stem + EXTENSIONS[fmt]


_NAME_MAX = 255  # bytes in one path component on Linux, macOS and Windows file systems


@dataclasses.dataclass(frozen=True)
class BatchPair:
    """One document pair of a batch: where it was listed (``line`` of the list), its ``id``, the two files or
    (JSON Lines) the two texts, and its output file (None when all pairs go to one ``--format jsonl`` stream)."""

    line: int
    id: str
    source: str
    target: str
    output: Path | None
    source_text: str | None = None
    target_text: str | None = None

    @property
    def size(self) -> int:
        """The pair's size in bytes (its share of the work, for ``--shard``)."""
        if self.source_text is not None and self.target_text is not None:
            return len(self.source_text) + len(self.target_text)
        return file_size(self.source) + file_size(self.target)


def read_batch_list(path: str, output_dir: Path | None, fmt: str, source_lang: str, target_lang: str = "id",
                    include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[BatchPair]:
    """The pairs of a batch list, a TSV list or JSON Lines (``.jsonl``, or a first line starting with ``{``), or
    of a folder.

    In a folder (walked recursively, sorted, ``include``/``exclude`` globs applied to the source files), each file
    ``NAME.SRC.EXT`` (``SRC`` the source language: ``guide.en.txt``) pairs with ``NAME.TGT.EXT`` beside it; the
    output keeps the source's place in the folder (``sub/guide.en.txt`` → ``sub/guide.json``). A missing
    counterpart fails that pair only, when its turn comes.

    TSV lines are ``source<TAB>target[<TAB>output]``; blank lines and ``#`` comments are skipped; relative
    input paths are relative to the list's folder. A JSON Lines record is ``{"id", "source", "target"}`` with
    the two texts themselves (the output is named after the id). Outputs are relative to ``output_dir`` and must
    stay inside it once resolved (``..``, absolute paths and symbolic links leading out are refused). Two pairs
    may not write the same resolved output, and no output may be one of the inputs. Everything is checked before
    any pair runs. Without ``output_dir`` (one ``--format jsonl`` stream) pairs have no output file.
    """
    shown = display_name(path)
    jsonl = False
    if path != "-" and Path(path).is_dir():
        rows = _folder_rows(path, fmt, source_lang, target_lang, include, exclude)
    else:
        text = read_input(path)
        base = Path(path).parent if path != "-" else Path(".")
        jsonl = path.lower().endswith(".jsonl") or text.lstrip().startswith("{")
        rows = _jsonl_rows(text, shown) if jsonl else _tsv_rows(text, shown, base)
    folder = output_dir.resolve() if output_dir is not None else None
    pairs: list[BatchPair] = []
    seen: dict[Path, tuple[int, Path]] = {}
    ids: dict[str, int] = {}
    read: dict[Path, str] = {Path(path).resolve(): shown} if path != "-" else {}
    for number, ident, source, target, named, texts in rows:
        if jsonl:
            if ident in ids:
                raise InputError(f"id {ident!r} is also the id of the record on line {ids[ident]}", file=shown,
                                 line=number, hint="each document pair needs its own id")
            ids[ident] = number
        else:
            for name in (source, target):
                read.setdefault(Path(name).resolve(), name)
        output = None
        if output_dir is not None and folder is not None:
            output = output_dir / (named or (ident + EXTENSIONS[fmt] if jsonl else _output_name(source, fmt,
                                                                                             source_lang)))
            real = output.resolve()
            if real == folder or not real.is_relative_to(folder):
                raise InputError(f"output {output} is outside the output folder {output_dir}", file=shown,
                                 line=number, hint="name outputs relative to --output-dir, without '..'")
            if real in seen:
                first, earlier = seen[real]
                also = "" if earlier == output else f" (as {earlier})"
                raise InputError(f"output {output} is also written by the pair on line {first}{also}", file=shown,
                                 line=number, hint="name the outputs in a third column")
            seen[real] = (number, output)
        pairs.append(BatchPair(number, ident, source, target, output, *texts))
    if not pairs:
        raise InputError("the batch list names no file pairs", file=shown,
                         hint="one pair per line: source<TAB>target[<TAB>output], or JSON Lines records")
    for real, (number, output) in seen.items():
        if real in read:
            raise InputError(f"output {output} is the input {read[real]}; refusing to write over an input",
                             file=shown, line=number, hint="name the outputs in a third column")
    return pairs


_Row = tuple[int, str, str, str, str | None, tuple[str | None, str | None]]



def _tsv_rows(text: str, shown: str, base: Path) -> list[_Row]:
    rows: list[_Row] = []
    for number, line in enumerate(text.split("\n"), start=1):
        row = line.split("\t") if line else []  # plain split: the csv module limits a field to 131,072 characters
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in row]
        if len(fields) not in (2, 3) or not fields[0] or not fields[1]:
            raise InputError("expected source<TAB>target[<TAB>output]", file=shown, line=number)
        _check_name_length(fields, shown, number)
        source, target = (str(base / f) for f in fields[:2])
        rows.append((number, source, source, target, fields[2] if len(fields) == 3 and fields[2] else None,
                     (None, None)))
    return rows


def _folder_rows(folder: str, fmt: str, source_lang: str, target_lang: str, include: Sequence[str],
                 exclude: Sequence[str]) -> list[_Row]:
    from termalign.formats.inputs_walk import walk_folder

    rows: list[_Row] = []
    mark = f".{source_lang.lower()}."
    for source in walk_folder(folder, suffixes=("",), include=include, exclude=exclude):
        name = Path(source).name
        cut = name.lower().rfind(mark)
        if cut <= 0 or "." in name[cut + len(mark):]:
            continue
        target = str(Path(source).with_name(f"{name[:cut]}.{target_lang}.{name[cut + len(mark):]}"))
        rel = Path(source).parent.relative_to(folder)
        output = str(rel / _output_name(source, fmt, source_lang))
        rows.append((0, source, source, target, output, (None, None)))  # line 0: messages name the files
    if not rows:
        raise InputError(f"no NAME.{source_lang}.EXT file to align in this folder", file=folder,
                         hint=f"a source file such as guide.{source_lang}.txt pairs with guide.{target_lang}.txt")
    return rows


def _jsonl_rows(text: str, shown: str) -> list[_Row]:
    from termalign.formats.jsonl import iter_records

    rows: list[_Row] = []
    for number, data in iter_records(text, name=shown):
        ident, source, target = data.get("id"), data.get("source"), data.get("target")
        if not isinstance(ident, (str, int)) or isinstance(ident, bool) or not str(ident).strip():
            raise InputError('a record needs an "id" (a string or a number)', file=shown, line=number)
        if not isinstance(source, str) or not isinstance(target, str):
            raise InputError('a record needs "source" and "target" texts (strings)', file=shown, line=number)
        ident = str(ident)
        _check_name_length([ident], shown, number)
        rows.append((number, ident, ident, ident, None, (source, target)))
    return rows


def _check_name_length(fields: list[str], shown: str, number: int) -> None:
    longest = max((part for f in fields for part in Path(f).parts), key=lambda p: len(p.encode()), default="")
    if len(longest.encode()) > _NAME_MAX:
        raise InputError(f"a file name longer than {_NAME_MAX} bytes ({longest[:40]}...)", file=shown,
                         line=number, hint="no file system accepts it; shorten the name")


def run_batch(list_path: str, output_dir: str | None, options: AlignOptions, debug: bool, *,
              output: str | None = None, shard: tuple[int, int] | None = None, include: Sequence[str] = (),
              exclude: Sequence[str] = (), scheduler: Scheduler | None = None) -> int:
    """Align every pair of a batch list; report one line per pair; return the exit status (2 if any failed).

    The list is read and every output path checked first; then ``output_dir`` is created if missing. With
    ``--format jsonl`` and no ``output_dir``, every pair's beads go to one stream (``output``, else standard
    output), pair after pair, and the per-pair lines go to standard error. ``shard`` keeps the I-th of N slices
    of the pairs (see :func:`termalign.formats.inputs_walk.shard_slice`). ``scheduler`` aligns the pairs on a
    Dask cluster's workers (:mod:`termalign.distributed`); the outputs are the same.
    """
    folder = Path(output_dir) if output_dir else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise InputError("the output folder is not a folder", file=output_dir)
    pairs = read_batch_list(list_path, folder, options.fmt, options.source_lang, options.target_lang, include,
                            exclude)
    if shard is not None:
        pairs = shard_slice(pairs, *shard, weight=lambda pair: pair.size)
    if folder is not None and not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise InputError(f"cannot create the output folder: {exc.strerror or exc}", file=output_dir) from None
        info(f"created the output folder {output_dir}")
    options = dataclasses.replace(options, inputs=(*options.inputs, list_path))
    with contextlib.ExitStack() as stack:
        stream = None
        if folder is None:
            files = [p for pair in pairs if pair.source_text is None for p in (pair.source, pair.target)]
            read = [*options.inputs, *files]
            stream = stack.enter_context(open_output(output or "-", overwrite=options.force, inputs=read))
        failed = _run_pairs(pairs, list_path, options, debug, stream, scheduler)
    say = info if stream is not None else click.echo
    say(f"batch: {len(pairs) - failed} of {len(pairs)} pairs aligned, {failed} failed")
    return 2 if failed else 0


def _align_pair(options: AlignOptions, pair: BatchPair) -> Alignment:
    """Align one pair of a batch (its two files, or its two JSON Lines texts): run here or on a worker."""
    if pair.source_text is not None and pair.target_text is not None:
        from termalign.pipeline import align_texts

        return align_texts(pair.source_text, pair.target_text, options.pair_settings(),
                           source_name=pair.source, target_name=pair.target)
    return run_alignment(pair.source, pair.target, options)


@dataclasses.dataclass(frozen=True)
class _Records:
    """A pair of a ``--format jsonl`` stream, aligned and written out where it was aligned: its records (the text
    the stream gets) and its summary line. A worker sends this back rather than the alignment, so the calling
    process, which every pair passes through, neither unpickles the alignment nor renders it."""

    text: str
    summary: str


def _align_chunk(options: AlignOptions, chunk: tuple[BatchPair, ...]) -> list[Alignment | _Records | Exception]:
    """Align the pairs of one task, each outcome the alignment (or, for a pair of a JSON Lines stream, its
    :class:`_Records`) or the exception that pair raised (so one bad pair does not take its neighbours down)."""
    from termalign.formats.jsonl import iter_alignment_jsonl

    outcomes: list[Alignment | _Records | Exception] = []
    for pair in chunk:
        try:
            alignment = _align_pair(options, pair)
            if pair.output is None:
                outcomes.append(_Records("".join(iter_alignment_jsonl(alignment, id=pair.id)),
                                         _pair_summary(alignment)))
            else:
                outcomes.append(alignment)
        except Exception as exc:  # handed to the calling process, which reports it for this pair only
            outcomes.append(exc)
    return outcomes


#: Text sent to another process per task: a Dask task costs the calling process about 10 ms of CPU time and a
#: forked worker's round trip about 1 ms, while a 20-sentence pair (4 kB) aligns in about 20 ms; 64 kB of text
#: is a few hundred milliseconds of aligning, so the overhead stays a few per cent.
CHUNK_BYTES = 64_000


def _chunks(pairs: Sequence[BatchPair], workers: int) -> list[tuple[BatchPair, ...]]:
    """Consecutive pairs grouped into tasks of about :data:`CHUNK_BYTES` of text, and into at least four tasks
    per worker when there are that many pairs (so the workers finish together)."""
    most = max(1, -(-len(pairs) // (4 * workers)))
    chunks: list[tuple[BatchPair, ...]] = []
    group: list[BatchPair] = []
    size = 0
    for pair in pairs:
        group.append(pair)
        size += pair.size
        if size >= CHUNK_BYTES or len(group) >= most:
            chunks.append(tuple(group))
            group, size = [], 0
    if group:
        chunks.append(tuple(group))
    return chunks


def _run_pairs(pairs: list[BatchPair], list_path: str, options: AlignOptions, debug: bool, stream: Any,
               scheduler: Scheduler | None = None) -> int:
    """Align and write each pair (into its file, or its records into ``stream``); the number that failed.

    The pairs are aligned here, one after the other, or in chunks (:func:`_chunks`) on the workers of
    ``scheduler`` (forked processes or a Dask cluster); either way this process writes the outputs, in list
    order."""
    from termalign.distributed import InProcess

    say = info if stream is not None else click.echo
    failed = 0
    workers = scheduler or InProcess()
    tasks = [(pair,) for pair in pairs] if isinstance(workers, InProcess) else _chunks(pairs, workers.workers)

    def name(chunk: tuple[BatchPair, ...]) -> str:
        first = chunk[0]
        where = f"{display_name(list_path)}:{first.line}" if first.line else first.source
        return where + (f" (and the {len(chunk) - 1} pairs after it in its task)" if len(chunk) > 1 else "")

    done = workers.imap(_align_chunk, tasks, shared=options, name=name)
    aligned = ((pair, outcome) for chunk, outcomes in done
               for pair, outcome in zip(chunk, outcomes if isinstance(outcomes, list) else [outcomes] * len(chunk),
                                        strict=True))
    for pair, outcome in aligned:
        shown = f"{pair.source} + {pair.target}" if pair.source_text is None else pair.source
        try:
            if isinstance(outcome, BaseException):
                raise outcome
            if isinstance(outcome, _Records):
                stream.write(outcome.text.encode("utf-8"))
                say(f"ok    {shown}: {outcome.summary}")
            else:
                alignment = outcome
                assert pair.output is not None
                pair.output.parent.mkdir(parents=True, exist_ok=True)  # a folder's subfolders (checked: inside)
                merged = write_result(alignment, str(pair.output), options, inputs=(pair.source, pair.target))
                say(f"ok    {shown} -> {pair.output}: {merged or _pair_summary(alignment)}")
                del alignment
            del outcome  # keep memory bounded by the pairs in flight
        except InputError as err:
            failed += 1
            if stream is None:  # in stream mode the error line below says it on standard error
                say(f"FAIL  {shown}: {err}")
            where = f"{display_name(list_path)}:{pair.line}: " if pair.line else ""
            click.echo(printable(f"termalign: error: {where}{err}"), err=True)
        except Exception as exc:
            if debug:
                raise
            failed += 1
            say(f"FAIL  {shown}: internal error: {type(exc).__name__}: {exc}")
            click.echo(printable(f"termalign: internal error on {display_name(list_path)}:{pair.line}: "
                                 f"{type(exc).__name__}: {exc} (rerun with --debug for the traceback)"), err=True)
    return failed


# ---------------------------------------------------------------------------------------------- command


@click.command(
    "align",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n"
    "\b\n"
    "  termalign align doc.en.txt doc.id.txt\n"
    "  termalign align doc.en.txt doc.id.txt -o doc.po\n"
    "  termalign align doc.en.txt doc.id.txt --format tmx -o doc.tmx --glossary medical\n"
    "  termalign align --batch pairs.tsv --output-dir out/ --format json\n"
    "  termalign align --batch pairs.jsonl --format jsonl --shard 3/8 -o part-3.jsonl",
)
@click.argument("source", required=False, metavar="SOURCE")
@click.argument("target", required=False, metavar="TARGET")
@output_options
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format: text (a summary and a side-by-side listing), json (complete, see docs/formats.md), "
    "tsv (source, target, score), po (gettext catalog), tmx (TMX 1.4b), xliff (XLIFF 2.0) or jsonl (a "
    "record per bead). "
    "Default: from the -o extension, else text (json in --batch mode).",
)
@click.option("--segmented", is_flag=True,
              help="The inputs are already one segment per line (a blank line separates paragraphs): "
              "keep that segmentation instead of splitting sentences.")
@encoding_option
@pair_encoding_options
@lang_options
@click.option("--dictionary", "dictionaries", multiple=True, metavar="FILE",
              help="Bilingual word list for the aligner (TSV 'english<TAB>indonesian' or a dictd .index file); "
              "repeat to combine. 'default' is the shipped FreeDict eng-ind list (used when none is given), "
              "'none' aligns without a dictionary.")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="NAME|FILE",
              help="Glossary (a shipped name such as 'medical', or a TSV/CSV/TBX/PO file) whose term pairs are "
              "added to the dictionary as anchors; repeatable.")
@click.option("--fuzzy-below", type=click.FloatRange(0.0, 1.0), default=DEFAULT_FUZZY_BELOW, show_default=True,
              metavar="X", help="Beads scored under X are marked fuzzy in PO output and with '?' in the listing.")
@click.option("--update", is_flag=True,
              help="With --format po: merge into the existing output catalog (keeps its translations and "
              "comments, adds new entries, marks changed ones fuzzy, makes vanished ones obsolete).")
@click.option("--batch", "batch_list", metavar="LIST", default=None,
              help="Align many pairs: LIST.tsv has 'source<TAB>target[<TAB>output]' per line (paths relative to "
              "the list); a folder pairs each NAME.en.EXT under it with NAME.id.EXT; LIST.jsonl has a "
              "{\"id\", \"source\", \"target\"} record (the texts) per line. Needs "
              "--output-dir, or --format jsonl for one stream (-o or standard output). Exit status 2 if any pair "
              "failed.")
@click.option("--output-dir", metavar="DIR", default=None, help="Folder for the outputs of --batch.")
@walk_options
@click.option("--shard", metavar="I/N", default=None, callback=shard_callback,
              help="With --batch: align only the I-th of N slices of the pairs (contiguous, of about equal size), "
              "for array jobs; the N outputs joined in order are the whole run's. See docs/scale.md.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=1, show_default=True, metavar="N",
              help="With --batch: align the pairs in N worker processes forked from this one (0: one per CPU). "
              "Same outputs; POSIX only (elsewhere: 1).")
@scheduler_option
@nonparallel_option
@quiet_option
@click.pass_context
def command(
    ctx: click.Context,
    source: str | None,
    target: str | None,
    output: str | None,
    force: bool,
    fmt: str | None,
    segmented: bool,
    encoding: str | None,
    source_encoding: str | None,
    target_encoding: str | None,
    source_lang: str,
    target_lang: str,
    no_lang_check: bool,
    dictionaries: tuple[str, ...],
    glossaries: tuple[str, ...],
    fuzzy_below: float,
    update: bool,
    batch_list: str | None,
    output_dir: str | None,
    shard: tuple[int, int] | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int,
    scheduler: str | None,
    allow_nonparallel: bool,
) -> None:
    """Align SOURCE (English) with TARGET (its Indonesian translation) sentence by sentence.

    Either file may be '-' for standard input. Prints a summary and a side-by-side listing unless
    --format or -o asks for a file format. Sentences with no counterpart (page furniture, omissions) are
    left unaligned (1-0 / 0-1 beads) rather than forced into a pair.
    """
    if batch_list:
        if source or target:
            raise click.UsageError("give either SOURCE TARGET or --batch LIST, not both")
        if not output_dir and fmt != "jsonl":
            raise click.UsageError("--batch needs --output-dir (or --format jsonl for one stream of every pair)")
        if output and output_dir:
            raise click.UsageError("--batch writes one file per pair into --output-dir; -o is not used")
        if scheduler and jobs != 1:
            raise click.UsageError("give either -j/--jobs (forked processes) or --scheduler (Dask workers), not both")
    else:
        if shard:
            raise click.UsageError("--shard splits a --batch run")
        if scheduler or jobs != 1:
            raise click.UsageError("-j/--jobs and --scheduler spread the pairs of a --batch run over workers")
        if not (source and target):
            raise click.UsageError("give SOURCE and TARGET files (or --batch LIST --output-dir DIR)")
        if output_dir:
            raise click.UsageError("--output-dir is only for --batch")
    if fmt is None:
        if batch_list:
            fmt = "json"
        elif output and output != "-":
            fmt = _BY_EXTENSION.get(Path(output).suffix.lower(), "text")
        else:
            fmt = "text"
    if update and fmt != "po":
        raise click.UsageError("--update merges into a PO catalog: use it with --format po")
    if update and not batch_list and (not output or output == "-"):
        raise click.UsageError("--update needs -o FILE.po (the catalog to merge into)")
    glossary = None
    if glossaries:
        glossary = load_glossaries_warning(glossaries, source_lang=source_lang, target_lang=target_lang)
    options = AlignOptions(
        fmt=fmt, segmented=segmented, encoding=encoding, source_encoding=source_encoding,
        target_encoding=target_encoding, source_lang=source_lang, target_lang=target_lang,
        lang_check=not no_lang_check, dictionary=aligner_dictionary(dictionaries, glossary), glossary=glossary,
        fuzzy_below=fuzzy_below, force=force, update=update, allow_nonparallel=allow_nonparallel,
        inputs=(*glossaries, *dictionaries),
    )
    debug = bool((ctx.find_root().obj or {}).get("debug"))
    if batch_list:
        from termalign.distributed import ForkPool, can_fork, get_scheduler

        count = jobs or cpu_count()
        pool: Scheduler = ForkPool(count) if count > 1 and not scheduler and can_fork() else get_scheduler(scheduler)
        with pool as workers:
            status = run_batch(batch_list, output_dir, options, debug, output=output, shard=shard,
                               include=include, exclude=exclude, scheduler=workers)
        if status:
            ctx.exit(status)
        return
    assert source is not None and target is not None
    alignment, merged = align_and_write(source, target, output, options)
    if merged:
        info(f"updated {output}: {merged}")
    elif output and output != "-":
        info(f"wrote {output} ({fmt}): {_pair_summary(alignment)}")

