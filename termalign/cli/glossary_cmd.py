"""``termalign glossary``: list the shipped glossaries, show entries, validate files, convert between formats.

Exit status of ``termalign glossary validate``: 0 when no file has errors (warnings are printed but allowed),
1 when there are warnings and ``--strict`` was given, 2 when any file has an error (or cannot be read).
``show`` and ``convert`` load strictly: the first error stops them with status 2, naming file and line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from termalign.cli.common import glossary_warnings, info, quiet_option
from termalign.errors import printable
from termalign.formats.registry import GLOSSARIES
from termalign.glossary import (
    GlossaryIndex,
    GlossaryIssue,
    available_glossaries,
    entry_flags,
    load_glossaries,
    load_glossary,
    lost_in_format,
    save_glossary,
    shipped_glossary_path,
    validate_glossary,
)
from termalign.model import GlossaryEntry
from termalign.textio import refuse_input

FORMATS = GLOSSARIES.names


def format_entry(entry: GlossaryEntry) -> str:
    """An entry as a few readable lines (what ``glossary show`` prints)."""
    labels = ", ".join(part for part in (entry.pos, entry.domain) if part)
    lines = [f"{entry.source} → {entry.target}" + (f"  [{labels}]" if labels else "")]
    if entry.source_variants:
        lines.append(f"    English variants: {', '.join(entry.source_variants)}")
    if entry.target_variants:
        lines.append(f"    also accepted:    {', '.join(entry.target_variants)}")
    if entry.forbidden:
        lines.append(f"    forbidden:        {', '.join(entry.forbidden)}")
    flags = entry_flags(entry)
    if flags:
        lines.append(f"    flags:            {', '.join(flags)}")
    if entry.note:
        lines.append(f"    note:             {entry.note}")
    if entry.origin is not None and entry.origin.file:
        where = entry.origin.file
        if entry.origin.line is not None:
            where += f":{entry.origin.line}"
        if entry.origin.entry:
            where += f" [{entry.origin.entry}]"
        lines.append(f"    from:             {where}")
    return "\n".join(lines)


@click.group(name="glossary", context_settings={"help_option_names": ["-h", "--help"]})
def command() -> None:
    """List, show, validate and convert glossaries.

    A glossary is a shipped name (see `termalign glossary list`) or a file: .tsv (termalign's format), .csv,
    .txt (OmegaT), .tbx (TBX v2 or v3) or .po. The format is guessed from the extension; --from overrides it.
    """


@command.command("list", short_help="List the shipped glossaries with entry counts.")
def list_command() -> None:
    """List the shipped glossaries with their entry counts."""
    names = available_glossaries()
    if not names:
        click.echo("termalign: no shipped glossaries found", err=True)
        return
    rows = []
    for name in names:
        glossary = load_glossary(name, strict=False)
        domains = sorted({entry.domain for entry in glossary.entries if entry.domain})
        rows.append((name, f"{len(glossary.entries)} entries", ", ".join(domains) or "-", shipped_glossary_path(name)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)))


@command.command("show", short_help="Show entries, or those mentioning a term.")
@click.argument("glossary")
@click.option("--term", "-t", "terms", multiple=True, help="Show only entries mentioning this term (any side).")
@click.option("--from", "fmt", type=click.Choice(FORMATS), help="Input format (default: from the extension).")
@click.option("--lenient", is_flag=True, help="Skip rows with errors instead of stopping.")
@click.option(
    "--encoding", metavar="ENC", help="Encoding of text glossaries without a byte-order mark (default UTF-8)."
)
@quiet_option
@click.pass_context
def show_command(
    ctx: click.Context, glossary: str, terms: tuple[str, ...], fmt: str | None, lenient: bool, encoding: str | None
) -> None:
    """Show the entries of GLOSSARY (a shipped name or a file), or those matching --term."""
    issues: list[GlossaryIssue] = []
    loaded = load_glossary(glossary, fmt=fmt, strict=not lenient, issues=issues, encoding=encoding)
    glossary_warnings(issues, skipped=lenient)
    entries: Sequence[GlossaryEntry] = loaded.entries
    if terms:
        index = GlossaryIndex(loaded)
        found: list[GlossaryEntry] = []
        for term in terms:
            matches = (
                index.lookup(term) or index.by_spelling(term, side="target") or index.by_spelling(term, side="source")
            )
            if not matches:
                click.echo(printable(f"termalign: no entry for {term!r} in {loaded.name or glossary}"), err=True)
            found.extend(entry for entry in matches if not any(entry is e for e in found))
        entries = found
        if not entries:
            ctx.exit(1)
    for number, entry in enumerate(entries):
        if number:
            click.echo()
        click.echo(format_entry(entry))


@command.command("validate", short_help="Check glossary files; exit 0/1/2.")
@click.argument("glossaries", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are warnings (2 for errors).")
@click.option("--from", "fmt", type=click.Choice(FORMATS), help="Input format (default: from the extension).")
@click.option(
    "-f",
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `file:line: severity: message (hint)` per line; json: a list of issue objects.",
)
@click.option(
    "--encoding", metavar="ENC", help="Encoding of text glossaries without a byte-order mark (default UTF-8)."
)
@click.pass_context
def validate_command(
    ctx: click.Context, glossaries: tuple[str, ...], strict: bool, fmt: str | None, output: str, encoding: str | None
) -> None:
    """Check glossary files and print every problem as file:line: severity: message.

    Exit status: 0 no errors (warnings allowed), 1 warnings with --strict, 2 errors.
    """
    issues: list[GlossaryIssue] = []
    for name in glossaries:
        issues.extend(validate_glossary(name, fmt=fmt, encoding=encoding))
    if output == "json":
        records = [
            {
                "file": i.file,
                "line": i.line,
                "severity": i.severity,
                "code": i.code,
                "message": i.message,
                "hint": i.hint,
            }
            for i in issues
        ]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for issue in issues:
            click.echo(str(issue))
    errors = sum(issue.severity == "error" for issue in issues)
    warnings = sum(issue.severity == "warning" for issue in issues)
    click.echo(
        f"termalign: checked {len(glossaries)} glossar{'y' if len(glossaries) == 1 else 'ies'}: "
        f"{errors} error(s), {warnings} warning(s)",
        err=True,
    )
    if errors:
        ctx.exit(2)
    if warnings and strict:
        ctx.exit(1)


@command.command("convert", short_help="Convert between TSV, CSV, OmegaT, TBX and PO.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="Output file (- for standard output, with --to).")
@click.option("--to", "to_fmt", type=click.Choice(FORMATS), help="Output format (default: from the extension).")
@click.option("--from", "from_fmt", type=click.Choice(FORMATS), help="Input format (default: from the extension).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--lenient", is_flag=True, help="Drop rows with errors instead of stopping.")
@click.option(
    "--encoding", metavar="ENC", help="Encoding of text glossaries without a byte-order mark (default UTF-8)."
)
@quiet_option
def convert_command(
    inputs: tuple[str, ...],
    output: str,
    to_fmt: str | None,
    from_fmt: str | None,
    force: bool,
    lenient: bool,
    encoding: str | None,
) -> None:
    """Convert glossaries between TSV, CSV, OmegaT, TBX and PO (several inputs are merged, later ones winning)."""
    if output == "-" and to_fmt is None:
        raise click.UsageError("writing to standard output needs --to FORMAT")
    issues: list[GlossaryIssue] = []
    if len(inputs) > 1 and (from_fmt is not None or encoding is not None):
        raise click.UsageError("--from and --encoding apply to a single input; convert the files one by one")
    if len(inputs) == 1:
        glossary = load_glossary(inputs[0], fmt=from_fmt, strict=not lenient, issues=issues, encoding=encoding)
    else:
        glossary = load_glossaries(inputs, strict=not lenient, issues=issues)
    glossary_warnings(issues, skipped=lenient)
    fmt = to_fmt or GLOSSARIES.by_extension(output)
    if fmt is not None:
        lost = lost_in_format(glossary, fmt)
        if lost:
            info(f"note: {fmt} cannot hold: {'; '.join(lost)}")
    refuse_input(output, inputs)
    save_glossary(glossary, output, fmt=fmt, overwrite=force)
    if output != "-":
        info(f"wrote {len(glossary.entries)} entries to {output}")
