"""``termalign check``: terminology QA of PO/MO/TMX files, plain texts or an aligned text pair, as a CI gate.

Exit status: 0 when no finding reaches ``--fail-on`` (default ``error``), 1 when one does, 2 for a usage or
input error (an input with nothing to check included, unless ``--allow-empty``), 3 for an internal error (a
``-j`` worker process that died). ``--baseline`` drops findings recorded earlier with ``--write-baseline``
(so CI fails only on new ones); a PO translator comment ``# termalign: ignore CODE`` (or an extracted comment
``#. termalign: ignore CODE`` written by the developers) silences a check in that entry; a code that names no
check is reported as a warning on standard error (the exit status is not changed: the finding it meant to
silence still counts).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import click

from termalign._gc import end_startup
from termalign.cli.common import (
    cpu_count,
    emit,
    encoding_option,
    info,
    load_glossaries_warning,
    nonparallel_option,
    output_options,
    pair_encoding_options,
    quiet_option,
    read_input,
    scheduler_option,
    shard_option,
    walk_options,
    warn,
)
from termalign.errors import InputError
from termalign.formats.inputs_walk import expand_inputs, file_size, shard_slice
from termalign.formats.registry import FINDINGS
from termalign.model import SEVERITIES
from termalign.pipeline import check_stdin
from termalign.textio import open_output

FORMATS = FINDINGS.names
#: This command ends the start-up phase itself, once its run is set up (see termalign._gc.end_startup).
ENDS_STARTUP = True
FAIL_ON = ("error", "warning", "info", "never")


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _list_checks() -> str:
    from termalign.checks.runner import CHECKS, check_class

    lines = []
    for code in CHECKS:
        cls = check_class(code)
        scope = "pair only" if cls.needs_source else "text or pair"
        lines.append(f"{code:18} {cls.severity:8} {scope:13} {cls.description}")
    return "\n".join(lines) + "\n"


@click.command(
    "check",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n"
    "  termalign check po/id.po\n\n"
    "  termalign check locales/ --exclude '*.pot' --format jsonl -o findings.jsonl\n\n"
    "  termalign check locales/ --shard 2/8 --format jsonl > part-2.jsonl\n\n"
    "  termalign check locales/ --shard 2/8 --save-stats part-2.stats   (then:)\n"
    "  termalign check --from-stats part-*.stats --format sarif -o qa.sarif\n\n"
    "  termalign check --glossary medical --glossary terms.tsv --format sarif -o qa.sarif po/*.po\n\n"
    "  termalign check --lang en article.txt\n\n"
    "  termalign check --source article.en.txt --target article.id.txt --explain",
)
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="NAME|FILE",
              help="Reference glossary: a shipped name (medical, software) or a file (TSV, CSV, TBX, PO...). "
                   "Repeat to merge several. Default: software for PO/MO catalogs, medical for texts, TMX and "
                   "text pairs (named in the summary; inputs mixing both need this option).")
@click.option("--lang", type=click.Choice(["en", "id"]), default=None,
              help="Language of plain-text inputs (detected when not given). PO/MO/TMX targets are Indonesian.")
@click.option("--source", "source", metavar="SOURCE.txt", default=None,
              help="Source text of a text pair (English, or Indonesian: see --source-lang).")
@click.option("--target", "target", metavar="TARGET.txt", default=None,
              help="Translation of --source (the pair is aligned, then checked).")
@click.option("--source-lang", type=click.Choice(["en", "id"]), default=None,
              help="With --source/--target: the source's language (default: detected; English→Indonesian unless "
                   "the source reads Indonesian and the target English). Given, a swapped pair is refused.")
@click.option("--target-lang", type=click.Choice(["en", "id"]), default=None,
              help="With --source/--target: the target's language (default: the other one).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit with status 1 when a finding of this severity or worse remains.")
@click.option("--checks", "only", multiple=True, metavar="CODE[,CODE]",
              help="Run only these checks (see --list-checks).")
@click.option("--disable", multiple=True, metavar="CODE[,CODE]", help="Do not run these checks.")
@click.option("--baseline", metavar="FILE", default=None,
              help="Leave out findings recorded in this baseline file (CI fails only on new findings).")
@click.option("--write-baseline", metavar="FILE", default=None,
              help="Record every current finding in FILE and exit with status 0 (an existing FILE is replaced "
                   "only with --force; no report is written, so -o does not go with it).")
@click.option("--save-stats", metavar="FILE", default=None,
              help="Save this run's findings and run-wide statistics to FILE instead of writing a report (a "
                   "--shard of a batch job); --from-stats merges such files. An existing FILE is replaced only "
                   "with --force; nothing is written when an input could not be read.")
@click.option("--from-stats", is_flag=True,
              help="The INPUTs are files saved by --save-stats (the shards of one run, in any order): merge them "
                   "and write the report of the whole run, as one run over every shard's inputs writes it "
                   "(run-wide inconsistent-term findings included). --baseline and the output options apply.")
@click.option("--explain", is_flag=True, help="Text format: list the steps that led to each finding.")
@click.option("--threshold", type=click.FloatRange(50, 100), default=85.0, show_default=True,
              help="Fuzzy-match threshold (folded Indel ratio) for garbled terms.")
@click.option("--consistency", type=click.Choice(["run", "file"]), default="run", show_default=True,
              help="Scope of the inconsistent-term check: all inputs together, or each file.")
@click.option("--include-fuzzy", is_flag=True, help="Also check PO entries marked fuzzy.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=1, show_default=True, metavar="N",
              help="Check in N worker processes (0: one per CPU). Same findings in the same order; faster on "
                   "large inputs, more memory. POSIX only (elsewhere: 1).")
@click.option("--allow-empty", is_flag=True,
              help="Accept an input with nothing to check (an empty text or catalog, a TMX without usable "
                   "<tuv> languages); by default it is an input error (exit status 2).")
@click.option("--list-checks", is_flag=True, help="List the checks and exit.")
@walk_options
@shard_option
@scheduler_option
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write termalign's user cache (the glossary index and word lists kept from "
                   "earlier runs; also TERMALIGN_NO_CACHE=1).")
@click.option("--no-lang-check", is_flag=True,
              help="With --source/--target: do not check that each text is in its language (nor that they are "
              "swapped).")
@nonparallel_option
@encoding_option
@pair_encoding_options
@output_options
@quiet_option
def command(
    inputs: tuple[str, ...],
    glossaries: tuple[str, ...],
    lang: str | None,
    source: str | None,
    target: str | None,
    source_lang: str | None,
    target_lang: str | None,
    fmt: str,
    fail_on: str,
    only: tuple[str, ...],
    disable: tuple[str, ...],
    baseline: str | None,
    write_baseline: str | None,
    save_stats: str | None,
    from_stats: bool,
    explain: bool,
    threshold: float,
    consistency: str,
    include_fuzzy: bool,
    jobs: int,
    allow_empty: bool,
    list_checks: bool,
    no_cache: bool,
    no_lang_check: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    shard: tuple[int, int] | None,
    scheduler: str | None,
    allow_nonparallel: bool,
    encoding: str | None,
    source_encoding: str | None,
    target_encoding: str | None,
    output: str | None,
    force: bool,
) -> int:
    """Terminology QA: flag garbled, glued, untranslated, missing, forbidden and inconsistent terms.

    INPUT is a PO/MO catalog, a TMX or XLIFF file, a termalign JSON alignment, a plain text (English or
    Indonesian, see --lang; '-' reads standard input), or a folder (searched for PO, MO, TMX, XLIFF and JSON
    files, see --include/--exclude). With --source and --target an English text and its Indonesian translation
    are aligned sentence by sentence and checked pair by pair. Of several inputs, one that cannot be read is
    reported and the others are checked (exit status 2 at the end; an -o file is then not written).
    """
    if list_checks:
        emit(_list_checks(), None)
        return 0
    if write_baseline and output not in (None, "-"):
        raise click.UsageError("--write-baseline writes the baseline instead of a report: -o is not used with it")
    if from_stats:
        return _from_stats(inputs, fmt=fmt, fail_on=fail_on, baseline=baseline, write_baseline=write_baseline,
                           explain=explain, output=output, force=force)
    if save_stats and (output not in (None, "-") or write_baseline or baseline):
        raise click.UsageError("--save-stats writes the statistics instead of a report: -o, --baseline and "
                               "--write-baseline go with the --from-stats run that merges them")
    if no_cache:
        from termalign import cache

        cache.disable()
    from termalign.checks.base import CheckOptions, UnitSource
    from termalign.checks.baseline import Baseline
    from termalign.checks.inputs import PairInput, Required, TextInput, open_input
    from termalign.checks.runner import CheckRun, select_checks

    if (source is None) != (target is None):
        raise click.UsageError("--source and --target go together (an English text and its translation)")
    if not inputs and source is None:
        raise click.UsageError("give at least one INPUT, or --source and --target")
    if (source_lang or target_lang) and source is None:
        raise click.UsageError("--source-lang/--target-lang go with --source and --target (use --lang for a "
                               "plain text)")
    if source_lang and source_lang == target_lang:
        raise click.UsageError("--source-lang and --target-lang must differ")
    check_stdin([*inputs, *([source, target] if source and target else [])])
    try:
        codes = select_checks(_split_codes(only) or None, _split_codes(disable))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not codes:
        raise click.UsageError("no check left to run (--checks/--disable)")

    # Folders are walked before the default glossary is chosen: a folder of catalogs is catalogs.
    files = expand_inputs(inputs, include, exclude)
    names = list(glossaries)
    chosen = "+".join(names)
    if not names:
        from termalign.glossary import default_glossary

        name, why = default_glossary(files, texts=1 if source is not None else 0)
        names, chosen = [name], f"{name} ({why})"
    glossary = load_glossaries_warning(names)  # warnings on stderr
    pair: tuple[str, str] | None = None
    direction = ("en", "id")
    if source is not None and target is not None:
        from termalign.pipeline import PairSettings, pair_direction, read_pair

        pair = read_pair(source, target, PairSettings(source_encoding=source_encoding or encoding,
                                                      target_encoding=target_encoding or encoding))
        direction = pair_direction(*pair, source_lang, target_lang)
    sources: list[UnitSource] = []
    walked = set(files).difference(inputs)  # found in a folder: an empty catalog there is no error
    if shard is not None:
        files = shard_slice(files, *shard, weight=file_size)
    errors: list[InputError] = []
    for path in files:
        if path == "-":
            if lang is None:
                raise click.UsageError("standard input is plain text: give its language with --lang en|id")
            sources.append(TextInput(text=read_input("-", encoding), lang=lang, name="<stdin>"))
        elif len(files) > 1 or walked:
            sources.append(_Tolerant(functools.partial(open_input, path, lang=lang, encoding=encoding,
                                                       include_fuzzy=include_fuzzy),
                                     required=not allow_empty and path not in walked, errors=errors,
                                     name=path))
        else:
            sources.append(open_input(path, lang=lang, encoding=encoding, include_fuzzy=include_fuzzy))
    if pair is not None:
        from termalign.glossary import orient_glossary
        from termalign.pipeline import PairSettings

        anchors = orient_glossary(glossary, *direction) if glossaries else None  # the aligner's, turned its way
        sources.append(PairInput(
            source_text=pair[0], target_text=pair[1], source_name=source, target_name=target,
            settings=PairSettings(
                source_lang=direction[0], target_lang=direction[1], lang_check=not no_lang_check,
                glossary=anchors, on_nonparallel="unlink" if allow_nonparallel else "refuse")))
    from termalign.checks import oriented_inputs

    # id→en: the pair checks against the glossary read backwards (its English forms are the target's), the
    # other inputs against it as it is; each stretch of one orientation is one run
    groups = oriented_inputs(sources, glossary)
    if not allow_empty:
        groups = [([item if isinstance(item, _Tolerant) else Required(item) for item in group], oriented)
                  for group, oriented in groups]

    options = CheckOptions(threshold=threshold, consistency=consistency)
    known = Baseline.load(baseline) if baseline and not write_baseline else None
    needs_fingerprints = bool(write_baseline) or fmt in ("json", "sarif", "jsonl")
    if scheduler and jobs != 1:
        raise click.UsageError("give either -j/--jobs (forked processes) or --scheduler (Dask workers), not both")
    from termalign.distributed import get_scheduler

    if save_stats and len(groups) > 1:
        raise click.UsageError("--save-stats saves a run of one direction: check the Indonesian→English pair in "
                               "a separate run")
    workers = get_scheduler(scheduler)
    try:
        runs = [CheckRun(group, oriented, checks=codes, options=options, baseline=known,
                         fingerprints=needs_fingerprints, jobs=jobs or cpu_count(), scheduler=workers,
                         finish=not save_stats)
                for group, oriented in groups]
        run: CheckRun | _Runs = runs[0] if len(runs) == 1 else _Runs(runs)
    except BaseException:
        workers.close()
        raise
    end_startup()  # the glossary index and word lists are loaded: from here on, only the run's own objects
    # Findings are rendered as they stream out of the run: only their text is kept, never the finding objects;
    # the text goes out in chunks as it is made, to standard output or to a temporary file that is renamed over
    # the output only when the run completes (atomic, and the target is checked before the run starts).
    # Every file the run reads, which no output may be (even with --force).
    read = [*inputs, *files, *([source, target] if source and target else []), *glossaries,
            *([baseline] if baseline else [])]
    with contextlib.ExitStack() as stack:
        stack.callback(workers.close)
        note: str | None
        if save_stats:
            handle = stack.enter_context(open_output(save_stats, overwrite=force, inputs=read))
            status, note = 0, _save_stats(run, handle, glossary=groups[0][1], options=options, codes=codes, name=chosen,
                                          shard=shard, files=files, path=save_stats)
        else:
            status, note, handle = _render_to(stack, run, fmt=fmt, explain=explain, fail_on=fail_on, output=output,
                                              write_baseline=write_baseline, force=force, read=read, glossary=chosen)
        if errors and handle is not None:  # the temporary file is removed: nothing is written half-way
            raise InputError(f"{len(errors)} of {len(files)} inputs could not be read (see above); "
                             f"{save_stats or write_baseline or output} was not written")
    _warn_unknown_ignores(run.unknown_ignores)
    if errors:
        info(f"{len(errors)} of {len(files)} inputs could not be read (see above)")
        return 2
    if note:
        info(note)  # once the output is in place
    return status


def _save_stats(run: Any, handle: Any, *, glossary: Any, options: Any, codes: list[str], name: str,
                shard: tuple[int, int] | None, files: list[str], path: str) -> str:
    """Stream the findings of ``run`` (a run in parts: ``finish=False``) into a stats file on ``handle``, then its
    part (:mod:`termalign.checks.stats`); returns the note to print once the file is in place."""
    from termalign.checks import stats as check_stats

    writer = check_stats.StatsWriter(
        handle, check_stats.header(glossary, options, codes, name=name, shard=shard, inputs=files))
    for finding, fp in run:
        writer.add(finding, fp)
    writer.close(run.part(), run.ctx.index.entries)
    return (f"check stats of {run.units} units ({writer.findings} findings before the run-wide ones) written "
            f"to {path}")


#: Options that decide what is checked and how: fixed when the shards were saved, so not given to --from-stats.
_SAVED_OPTIONS = ("glossaries", "lang", "source", "target", "source_lang", "target_lang", "only", "disable",
                  "threshold", "consistency", "include_fuzzy", "jobs", "allow_empty", "include", "exclude", "shard",
                  "scheduler", "no_lang_check", "allow_nonparallel", "encoding", "source_encoding",
                  "target_encoding", "save_stats")


def _from_stats(inputs: tuple[str, ...], *, fmt: str, fail_on: str, baseline: str | None,
                write_baseline: str | None, explain: bool, output: str | None, force: bool) -> int:
    """``check --from-stats FILE...``: merge saved shards (:mod:`termalign.checks.stats`) and write the
    report (or the baseline) of the whole run, as :func:`command` writes it for one run."""
    from click.core import ParameterSource

    from termalign.checks import stats as check_stats
    from termalign.checks.baseline import Baseline

    ctx = click.get_current_context()
    given = [f"--{name.replace('_', '-')}" for name in _SAVED_OPTIONS
             if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)]
    if given:
        raise click.UsageError(f"{', '.join(given)}: fixed when the shards were saved, not given to --from-stats")
    if not inputs:
        raise click.UsageError("--from-stats merges the files given as INPUT (written by --save-stats)")
    files = check_stats.in_run_order([check_stats.open_stats(path) for path in inputs])
    known = Baseline.load(baseline) if baseline and not write_baseline else None
    run = check_stats.merged_run(files, baseline=known,
                                 fingerprints=bool(write_baseline) or fmt in ("json", "sarif", "jsonl"))
    end_startup()
    read = [*inputs, *([baseline] if baseline else [])]
    with contextlib.ExitStack() as stack:
        status, note, _ = _render_to(stack, run, fmt=fmt, explain=explain, fail_on=fail_on, output=output,
                                     write_baseline=write_baseline, force=force, read=read,
                                     glossary=files[0].header.get("glossary"))
    _warn_unknown_ignores(run.unknown_ignores)
    if note:
        info(note)
    return status


def _render_to(stack: contextlib.ExitStack, run: Any, *, fmt: str, explain: bool, fail_on: str, output: str | None,
               write_baseline: str | None, force: bool, read: list[str], glossary: str | None
               ) -> tuple[int, str | None, Any]:
    """Open where the report (or with ``write_baseline`` the baseline) goes, on ``stack`` (atomic, never over one of
    the files in ``read``), and render ``run`` into it: the exit status, the note to print once the output is in
    place, and the file handle (None for standard output)."""
    handle = None
    sink: Callable[[bytes], object] | None = None
    if write_baseline:
        handle = stack.enter_context(open_output(write_baseline, overwrite=force, inputs=read))
    elif output in (None, "-"):
        sink = _stdout
    else:
        handle = stack.enter_context(open_output(output, overwrite=force, inputs=read))
        sink = handle.write
    status, note = _run_and_render(run, fmt, sink, handle, explain=explain, fail_on=fail_on, output=output,
                                   write_baseline=write_baseline, glossary=glossary)
    return status, note, handle


def _warn_unknown_ignores(unknown: list[tuple[str, str]]) -> None:
    """Warn about each inline ``termalign: ignore`` naming no check: a typo must not silently keep a finding."""
    from termalign.checks.runner import CHECKS

    for place, code in unknown:
        warn(f"{place}: 'termalign: ignore' names an unknown check {code!r}, which silences nothing "
             f"(known: {', '.join(CHECKS)})")


class _Runs:
    """Runs one after the other, read as one :class:`~termalign.checks.runner.CheckRun` (findings, counts): an
    Indonesian→English pair checked with English→Indonesian inputs, each against the glossary turned its way."""

    def __init__(self, runs: list[Any]) -> None:
        self.runs = runs
        self.checks = runs[0].checks

    def __iter__(self) -> Iterator[Any]:
        for run in self.runs:
            yield from run

    @property
    def units(self) -> int:
        return sum(run.units for run in self.runs)

    @property
    def files(self) -> list[str]:
        return list(dict.fromkeys(f for run in self.runs for f in run.files))

    @property
    def ignored(self) -> int:
        return sum(run.ignored for run in self.runs)

    @property
    def baselined(self) -> int:
        return sum(run.baselined for run in self.runs)

    @property
    def unknown_ignores(self) -> list[tuple[str, str]]:
        return [place for run in self.runs for place in run.unknown_ignores]


class _Tolerant:
    """One input of several, opened only when the run reaches it (a folder of 500 catalogs is not held in memory)
    and allowed to fail: its :class:`InputError` is printed at once and recorded in ``errors``, and the run goes
    on with the next input. ``required`` makes an input with nothing to check an error (see ``Required``). A
    :class:`~termalign.checks.runner.Recoverable`: on a Dask worker :meth:`inner_units` is read there and
    :meth:`recover` called here."""

    def __init__(self, opener: Callable[[], Any], *, required: bool, errors: list[InputError], name: str) -> None:
        self.opener, self.required, self.errors, self.name = opener, required, errors, name

    def units(self) -> Iterator[Any]:
        try:
            yield from self.inner_units()
        except InputError as err:
            self.recover(err)

    def inner_units(self) -> Iterator[Any]:
        """The input's units; raises :class:`InputError` when it cannot be read or has nothing to check."""
        from termalign.checks.inputs import Required

        item = self.opener()
        yield from (Required(item) if self.required else item).units()

    def recover(self, err: InputError) -> None:
        """Report ``err`` and record it (the exit status is 2 at the end)."""
        self.errors.append(err)
        click.echo(f"termalign: error: {err}", err=True)


def _run_and_render(run: Any, fmt: str, sink: Any, handle: Any, *, explain: bool, fail_on: str,
                    output: str | None, write_baseline: str | None, glossary: str | None = None
                    ) -> tuple[int, str | None]:
    """Stream the run's findings into the renderer (or the baseline into ``handle``); returns the exit status
    (see :func:`command`) and the note to print once the output is in place."""
    from termalign.checks.baseline import BaselineBuilder
    from termalign.formats.findings import Counts, summary, summary_line

    renderer = _renderer(fmt, run.checks, explain=explain, fail_on=fail_on, sink=sink)
    builder = BaselineBuilder() if write_baseline else None
    counts = Counts()
    rank = SEVERITIES.index(fail_on) if fail_on != "never" else len(SEVERITIES)  # type: ignore[arg-type]
    failing = False
    for finding, fp in run:
        counts.add(finding)
        if builder is not None:
            builder.add(finding, fp or "")
            continue
        renderer.add(finding, fp)
        if not failing and SEVERITIES.index(finding.severity) >= rank:
            failing = True

    if builder is not None:
        handle.write(builder.text().encode("utf-8"))
        return 0, f"baseline of {builder.size} finding(s) written to {write_baseline}"

    stats = summary(counts, units=run.units, files=run.files, checks=run.checks, ignored=run.ignored,
                    baselined=run.baselined, glossary=glossary)
    if fmt == "junit":  # JUnit lists every file checked, findings or not
        renderer.set_files(run.files)
    tail = renderer.render(stats)
    if handle is not None:
        handle.write(tail.encode("utf-8") if isinstance(tail, str) else tail)
    else:
        emit(tail, output)
    note = summary_line(stats) if fmt != "text" or output not in (None, "-") else None
    return (1 if failing else 0), note


def _stdout(chunk: bytes) -> None:
    from termalign.textio import write_output

    write_output("-", chunk)


def _renderer(fmt: str, checks: list[str], *, explain: bool, fail_on: str, sink: Any = None) -> Any:
    """The renderer of output format ``fmt`` (see :data:`termalign.formats.registry.FINDINGS`); line-by-line
    formats and JSON hand their text to ``sink`` as it is made when one is given."""
    from termalign.checks import check_rules

    spec = FINDINGS[fmt]
    options = {"explain": explain, "fail_on": fail_on, "sink": sink, "checks": checks, "rules": check_rules()}
    return spec.write_function()(**spec.writer_options(options))


__all__ = ["command"]
