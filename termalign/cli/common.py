"""Helpers every subcommand shares: options, reading inputs, writing outputs, progress and language checks.

Keeping them here gives every command the same behaviour: ``-`` is standard input (for one input at most),
``--encoding`` names the input encoding, ``-o/--output`` writes atomically, refuses to replace a file unless
``--force`` is given and never writes over one of the command's inputs, progress bars appear only on an interactive
terminal, a side in the wrong language stops the run with exit status 2 before any time is spent on it, the warnings
of the glossaries a command uses are printed on standard error (once each), and ``-q/--quiet`` leaves only errors
there.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from termalign.errors import printable
from termalign.model import Alignment
from termalign.pipeline import PairSettings, align_texts, read_pair
from termalign.textio import display_name, read_text, write_output

if TYPE_CHECKING:
    from termalign.glossary import GlossaryIssue
    from termalign.model import Glossary

F = TypeVar("F", bound=Callable[..., Any])

# Inputs shorter than this many segments align in a blink: no progress bar.
PROGRESS_MIN_SEGMENTS = 500
# Share of the align command's progress bar that the alignment fills; writing the output fills the rest.
ALIGN_SHARE = 0.9
# Steps of a progress bar that several stages fill (see Progress.part).
PROGRESS_TICKS = 1000
# Glossary warnings printed per glossary file before a pointer to ``termalign glossary validate FILE``.
MAX_GLOSSARY_WARNINGS = 20
# Keys in ``click.Context.meta`` (shared by a command and its group for one run, fresh for the next run).
_QUIET = "termalign.quiet"
_SHOWN_ISSUES = "termalign.shown_glossary_issues"


# ---------------------------------------------------------------------------------------------- options


def encoding_option(f: F) -> F:
    """``--encoding ENC``: the encoding of text inputs without a byte-order mark (default UTF-8)."""
    return click.option(
        "--encoding",
        metavar="ENC",
        default=None,
        help="Encoding of the input files when they have no byte-order mark (default: UTF-8; e.g. cp1252, utf-16).",
    )(f)


def pair_encoding_options(f: F) -> F:
    """``--source-encoding`` and ``--target-encoding``: one side's encoding, when the two files differ (each
    overrides ``--encoding`` for its side)."""
    f = click.option("--target-encoding", metavar="ENC", default=None,
                     help="Encoding of the target file alone (overrides --encoding for it).")(f)
    return click.option("--source-encoding", metavar="ENC", default=None,
                        help="Encoding of the source file alone (overrides --encoding for it).")(f)


def output_options(f: F) -> F:
    """``-o/--output FILE`` and ``--force``."""
    f = click.option(
        "--force",
        is_flag=True,
        help="Replace the output file if it exists (it is never replaced otherwise; an input never is).",
    )(f)
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="Write the result to FILE (atomically) instead of standard output; '-' is standard output.",
    )(f)


def quiet_option(f: F) -> F:
    """``-q/--quiet``: nothing on standard error but errors (no warnings, notes, summaries or progress)."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_quiet,
        help="Print only errors on standard error: no glossary warnings, notes, summary or progress.",
    )(f)


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[_QUIET] = True
    return value


def is_quiet() -> bool:
    """Whether the running command was given ``--quiet`` (False outside a command)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_QUIET))


def nonparallel_option(f: F) -> F:
    """``--allow-nonparallel``: go on with texts that do not look like translations of each other."""
    return click.option(
        "--allow-nonparallel",
        is_flag=True,
        help="Go on when the two texts do not look like translations of each other (comparable texts, partial "
        "translations): only confident links are kept, the other sentences stay unaligned. Without it such a "
        "pair is refused (exit status 2) with the evidence.",
    )(f)


def walk_options(f: F) -> F:
    """``--include GLOB`` and ``--exclude GLOB``: which files found in folder inputs are read."""
    f = click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Leave out files found in folders whose path in the folder or name matches GLOB "
                     "(repeatable).")(f)
    return click.option("--include", multiple=True, metavar="GLOB",
                        help="Of the files found in folders, read only those whose path in the folder or name "
                        "matches GLOB (repeatable; default: every file of a format the command reads).")(f)


def shard_option(f: F) -> F:
    """``--shard I/N``: one slice of the inputs, for array jobs (:func:`termalign.formats.inputs_walk.shard_slice`)."""
    return click.option("--shard", metavar="I/N", default=None, callback=shard_callback,
                        help="Process only the I-th of N slices of the inputs (sorted, cut into contiguous slices "
                        "of about equal size), for array jobs: the N outputs joined in order are the whole run's "
                        "(run-wide checks aside). See docs/scale.md.")(f)


def scheduler_option(f: F) -> F:
    """``--scheduler local:N|tcp://HOST:PORT``: run the work on a Dask cluster (:mod:`termalign.distributed`)."""
    return click.option("--scheduler", metavar="local:N|ADDRESS", default=None,
                        help="Run the work on Dask workers: 'local:N' starts a cluster of N worker processes on "
                        "this machine, 'tcp://HOST:PORT' uses a running Dask scheduler. Same output as without; "
                        "needs the dask extra (pip install 'termalign[dask]'). See docs/scale.md.")(f)


def shard_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    """``--shard I/N`` parsed to ``(I, N)`` (a usage error otherwise)."""
    from termalign.formats.inputs_walk import parse_shard

    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def lang_options(f: F) -> F:
    """``--source-lang``, ``--target-lang`` and ``--no-lang-check``."""
    f = click.option(
        "--no-lang-check",
        is_flag=True,
        help="Do not check that each input is in its declared language (nor that the files are swapped).",
    )(f)
    f = click.option(
        "--target-lang",
        default="id",
        show_default=True,
        metavar="LANG",
        help="Language of the target (translated) text.",
    )(f)
    return click.option(
        "--source-lang",
        default="en",
        show_default=True,
        metavar="LANG",
        help="Language of the source text.",
    )(f)


# ---------------------------------------------------------------------------------------------- I/O


def align_pair_files(source: str, target: str, settings: PairSettings, *, progress: Progress | None = None
                     ) -> Alignment:
    """Read, segment, language-check and align two files through :func:`termalign.pipeline.align_texts`, with a
    progress bar (``-`` = standard input for one of them): what ``align``, ``terms`` and ``report`` run.

    With ``progress`` (a :class:`Progress` opened without a size), the alignment fills its first
    :data:`ALIGN_SHARE` and the caller the rest (writing the output); without, the bar is the alignment's own.
    """
    source_text, target_text = read_pair(source, target, settings)
    size = max(source_text.count("\n"), target_text.count("\n"))
    if progress is not None:
        progress.sized(size)
        return align_texts(source_text, target_text, settings, source_name=source, target_name=target,
                           progress=progress.part(0.0, ALIGN_SHARE))
    with Progress(f"aligning {display_name(source)}", size) as own:
        return align_texts(source_text, target_text, settings, source_name=source, target_name=target,
                           progress=own.part(0.0, 1.0))


def cpu_count() -> int:
    """CPUs this process may run on (its affinity set where the OS tells it, else all of them): what ``-j 0``
    means."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_input(path: str, encoding: str | None = None) -> str:
    """Read a text input (``-`` = standard input), decoded and normalised (see :mod:`termalign.textio`)."""
    return read_text(path, encoding=encoding)


def emit(data: str | bytes, output: str | None, *, force: bool = False, hint: str | None = None,
         inputs: Iterable[str] = ()) -> None:
    """Write a result to ``output`` (standard output when None or ``-``), atomically, never replacing a file
    unless ``force`` (``hint`` says what to do instead when the file exists) and never writing over one of the
    command's ``inputs`` (see :func:`termalign.textio.open_output`)."""
    if hint is None:
        write_output(output if output else "-", data, overwrite=force, inputs=inputs)
    else:
        write_output(output if output else "-", data, overwrite=force, hint=hint, inputs=inputs)


def warn(message: str) -> None:
    """A warning on standard error, in the same shape as errors (nothing under ``--quiet``)."""
    if not is_quiet():
        click.echo(printable(f"termalign: warning: {message}"), err=True)


def info(message: str) -> None:
    """A progress/status note on standard error (kept off standard output, which may carry the result)."""
    if not is_quiet():
        click.echo(printable(f"termalign: {message}"), err=True)


# ---------------------------------------------------------------------------------------------- glossaries


def glossary_warnings(issues: Iterable[GlossaryIssue], *, skipped: bool = False) -> None:
    """Print the warnings among ``issues`` on standard error as ``termalign: warning: FILE:LINE: message (hint)``.

    Errors are not printed here (strict loading has already stopped the command on one) and neither are
    ``info`` notes (a later glossary overriding an earlier one is what the user asked for). Each warning is
    printed once per command run, however many times its glossary is loaded, and at most
    :data:`MAX_GLOSSARY_WARNINGS` per file, then a pointer to ``termalign glossary validate FILE``. Standard
    output and the exit status are left alone, so a JSON result stays parseable.

    ``skipped`` (``--lenient`` loading) also prints each error, as a warning that its row was left out: a
    lenient load must not lose rows without a word.
    """
    ctx = click.get_current_context(silent=True)
    shown: set[str] = ctx.meta.setdefault(_SHOWN_ISSUES, set()) if ctx is not None else set()
    by_file: dict[str | None, list[GlossaryIssue]] = {}
    for issue in issues:
        if not (issue.severity == "warning" or (skipped and issue.severity == "error")) or str(issue) in shown:
            continue
        shown.add(str(issue))
        by_file.setdefault(issue.file, []).append(issue)
    for file, found in by_file.items():
        for issue in found[:MAX_GLOSSARY_WARNINGS]:
            warn(issue_text(issue) if issue.severity == "warning" else issue_text(issue, "row skipped (--lenient): "))
        if len(found) > MAX_GLOSSARY_WARNINGS:
            more = len(found) - MAX_GLOSSARY_WARNINGS
            command = f"`termalign glossary validate {file}`" if file else "`termalign glossary validate`"
            warn(f"{file or '<glossary>'}: … and {more} more warning(s) ({command} lists them all)")


def issue_text(issue: GlossaryIssue, what: str = "") -> str:
    """A glossary issue without its severity: ``FILE:LINE: message (hint)`` (the caller says how bad it is),
    with ``what`` before the message ("row skipped (--lenient): ")."""
    where = issue.file or "<glossary>"
    if issue.line is not None:
        where += f":{issue.line}"
    return f"{where}: {what}{issue.message}" + (f" ({issue.hint})" if issue.hint else "")


def load_glossaries_warning(names: Sequence[str], *, source_lang: str = "en", target_lang: str = "id") -> Glossary:
    """:func:`termalign.glossary.load_glossaries` for a command: strict, with the warnings of each file printed on
    standard error (see :func:`glossary_warnings`).

    Only each file's own warnings are printed (what ``termalign glossary validate FILE`` lists), not notes about
    merging the files: a project glossary repeating shipped entries is the documented way to extend them. An
    error stops the command with that error alone; its message points to ``termalign glossary validate``.
    """
    from termalign.glossary import load_glossary, merge_glossaries

    issues: list[GlossaryIssue] = []
    loaded = [load_glossary(name, issues=issues, source_lang=source_lang, target_lang=target_lang) for name in names]
    glossary_warnings(issues)
    return merge_glossaries(loaded)


def source_date(fmt: str) -> str | None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) formatted with ``fmt`` in UTC, if set.

    termalign writes no date by default so that the same inputs give the same bytes; a build that wants a
    date sets this variable.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return time.strftime(fmt, time.gmtime(int(value)))
    except (ValueError, OverflowError):
        warn(f"ignoring SOURCE_DATE_EPOCH={value!r}: not a number of seconds")
        return None


# ---------------------------------------------------------------------------------------------- progress


def stderr_is_tty() -> bool:
    """Whether standard error is an interactive terminal (progress bars only then)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A progress bar on standard error, shown only on a terminal and for long inputs; silent otherwise.

    Use as a context manager; call the object as ``progress(done, total)`` (the aligner's callback shape), or
    give each stage of the work its share of the bar with :meth:`part`; :meth:`stage` announces a step when the
    work has no counter. The bar never moves back, and it is full only when the last part reports its total.
    ``size`` (the input's size, which decides whether a bar is worth showing) may be given later, through
    :meth:`sized`, when the caller opens the bar before reading the input.
    """

    def __init__(self, label: str, size: int | None, *, min_size: int = PROGRESS_MIN_SEGMENTS,
                 enabled: bool | None = None) -> None:
        self.label = label
        self.min_size = min_size
        self.enabled = False if enabled is None and size is None else enabled
        if enabled is None and size is not None:
            self.sized(size)
        self._bar: Any = None
        self._done = 0

    def sized(self, size: int) -> None:
        """Decide from the input's ``size`` whether the bar is shown (a terminal, a long input, no ``--quiet``)."""
        self.enabled = stderr_is_tty() and size > self.min_size and not is_quiet()

    def __enter__(self) -> Progress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_eta=True,
                                          update_min_steps=max(1, total // 200))
            self._bar.__enter__()
        step = max(0, min(done, total) - self._done)
        if step:
            self._bar.update(step)
            self._done += step

    def part(self, start: float, end: float) -> Callable[[int, int], None]:
        """A ``(done, total)`` callback that fills the bar from ``start`` to ``end`` (shares of 1)."""
        def report(done: int, total: int) -> None:
            share = min(max(done, 0), total) / total if total > 0 else 1.0
            self(int(PROGRESS_TICKS * (start + (end - start) * share)), PROGRESS_TICKS)

        return report

    def stage(self, message: str) -> None:
        """Announce a step (``segmenting``, ``aligning``...) when progress is shown."""
        if self.enabled and self._bar is None:
            info(message)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)
            self._bar = None
