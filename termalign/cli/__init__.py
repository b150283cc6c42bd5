"""The ``termalign`` command: a thin layer over the library, one module per subcommand.

Subcommands are imported only when used, so ``termalign --help`` and a single job stay quick. Errors a user
can act on (:class:`~termalign.errors.InputError`) are printed as one line naming the file and line, with exit
status 2; anything else is an internal error, printed without a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import click

from termalign import __version__
from termalign._gc import begin_startup, end_startup
from termalign.errors import InputError, RunFailed, Terminated, printable

# name → (module, one-line help). Each module defines a click command called ``command``.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "align": ("termalign.cli.align_cmd", "Align an English text with its Indonesian translation."),
    "terms": ("termalign.cli.terms_cmd", "Draft bilingual term pairs from aligned texts."),
    "check": ("termalign.cli.check_cmd", "Terminology QA: flag garbled, untranslated and missing terms."),
    "glossary": ("termalign.cli.glossary_cmd", "List, validate and convert glossaries."),
    "report": ("termalign.cli.report_cmd", "Write a self-contained HTML review report."),
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        module = importlib.import_module(SUBCOMMANDS[cmd_name][0])
        command: click.Command = module.command
        if not getattr(module, "ENDS_STARTUP", False):
            end_startup()  # the command's modules are in; a command with more set-up ends start-up itself
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in SUBCOMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="termalign")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """termalign: English–Indonesian alignment, term pairs and terminology QA.

    Run ``termalign COMMAND --help`` for the options of a command.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point of the console script: runs the command and exits with its status."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    begin_startup()
    try:
        status = _run(argv)
        sys.exit(status if isinstance(status, int) else 0)
    except InputError as err:
        if debug:
            raise
        click.echo(f"termalign: error: {err}", err=True)
        sys.exit(2)
    except RunFailed as err:
        if debug:
            raise
        click.echo(printable(f"termalign: error: {err}"), err=True)
        sys.exit(3)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("termalign: aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"Try '{exc.ctx.command_path} --help' for help.", err=True)
        click.echo(printable(f"termalign: error: {exc.format_message()}"), err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(printable(f"termalign: error: {exc.format_message()}"), err=True)
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(130)
    except Terminated as exc:
        sys.exit(128 + exc.signum)
    except OSError as exc:
        # A file the user named cannot be opened or written (a folder, permissions, disk full): their input.
        if debug or exc.filename is None:
            _internal_error(exc, debug)
        reason = exc.strerror or str(exc)
        click.echo(printable(f"termalign: error: {exc.filename}: {reason[:1].lower() + reason[1:]}"), err=True)
        sys.exit(2)
    except Exception as exc:
        _internal_error(exc, debug)


def _run(argv: list[str] | None) -> object:
    """The command's result; the collector paused by :func:`begin_startup` runs again afterwards in any case
    (a command that stopped before its set-up was done, or ``main`` called in a longer-lived process)."""
    try:
        return cli.main(args=argv, prog_name="termalign", standalone_mode=False)
    finally:
        end_startup()


def _internal_error(exc: Exception, debug: bool) -> NoReturn:
    """A bug in termalign: exit status 3, with the traceback only under ``--debug``."""
    if debug:
        raise exc
    click.echo(
        printable(f"termalign: internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback "
                  "and please report it)"),
        err=True,
    )
    sys.exit(3)
