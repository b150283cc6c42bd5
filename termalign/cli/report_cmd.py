"""``termalign report``: align two texts, draft term pairs, run the QA checks, write one HTML review page.

A thin layer: alignment as ``termalign align`` does it (:func:`termalign.cli.align_cmd.run_alignment`, same
options), then :func:`termalign.terms.extract_terms` and the checks on the aligned pair, then
:func:`termalign.report.build_report`. The page is self-contained (see ``docs/report.md``), so it can be
attached to a CI run or mailed to a reviewer.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import click

from termalign.cli.common import (
    emit,
    encoding_option,
    info,
    lang_options,
    load_glossaries_warning,
    nonparallel_option,
    pair_encoding_options,
    quiet_option,
    source_date,
)
from termalign.model import Alignment, Finding, Glossary, TermPair

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M UTC"


def extract_pairs(alignment: Alignment, glossary: Glossary | None) -> list[TermPair]:
    """The term pairs of an alignment (see :func:`termalign.terms.extract_terms`)."""
    from termalign.terms import extract_terms

    return list(extract_terms(alignment, glossary=glossary))


def run_checks(alignment: Alignment, glossary: Glossary | None) -> list[Finding]:
    """QA findings for the aligned pair: every bead's target checked against its source and the glossary.

    Without ``--glossary`` the checks use their default glossary (the shipped medical one).
    """
    from termalign.checks import AlignmentInput, check

    return check(AlignmentInput(alignment), glossary)


def timestamp_now() -> str:
    """The date to print with ``--timestamp``: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else now."""
    return source_date(TIMESTAMP_FORMAT) or time.strftime(TIMESTAMP_FORMAT, time.gmtime())


@click.command(
    "report",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n"
    "\b\n"
    "  termalign report doc.en.txt doc.id.txt -o report.html\n"
    "  termalign report doc.en.txt doc.id.txt --glossary medical -o report.html --force\n"
    "  termalign report a.en.txt a.id.txt --segmented --title 'Release 2.3 review' -o review.html",
)
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@click.option("-o", "--output", metavar="FILE", required=True,
              help="The HTML file to write (atomically); '-' writes to standard output.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (it is never replaced otherwise).")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="NAME|FILE",
              help="Reference glossary: a shipped name such as 'medical', or a TSV/CSV/TBX/PO file; repeatable "
              "(later ones win). Used by the aligner as anchors, by term extraction and by the checks.")
@click.option("--title", default=None, metavar="T", help="Title of the page (default: the two file names).")
@click.option("--segmented", is_flag=True,
              help="The inputs are already one segment per line (a blank line separates paragraphs).")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="FILE",
              help="Bilingual word list for the aligner, as for 'termalign align' ('none' for no dictionary).")
@click.option("--timestamp", is_flag=True,
              help="Print the date in the report (SOURCE_DATE_EPOCH if set). Off by default, so the same inputs "
              "give a byte-identical file.")
@encoding_option
@pair_encoding_options
@lang_options
@nonparallel_option
@quiet_option
def command(
    source: str,
    target: str,
    output: str,
    force: bool,
    glossaries: tuple[str, ...],
    title: str | None,
    segmented: bool,
    dictionaries: tuple[str, ...],
    timestamp: bool,
    encoding: str | None,
    source_encoding: str | None,
    target_encoding: str | None,
    source_lang: str,
    target_lang: str,
    no_lang_check: bool,
    allow_nonparallel: bool,
) -> None:
    """Write a self-contained HTML review report of SOURCE (English) and TARGET (its Indonesian translation).

    The report shows the two texts side by side, one row per bead with its confidence, the term pairs
    highlighted in both columns, the QA findings inline and in a filterable table, and a map of the
    alignment path. It loads nothing from the network. Exit status 0 whatever the findings (use
    'termalign check' as a CI gate); 2 on bad input.
    """
    from termalign.cli.align_cmd import AlignOptions, run_alignment
    from termalign.pipeline import aligner_dictionary

    glossary: Glossary | None = None
    if glossaries:
        glossary = load_glossaries_warning(glossaries, source_lang=source_lang, target_lang=target_lang)
    options = AlignOptions(
        fmt="json", segmented=segmented, encoding=encoding, source_encoding=source_encoding,
        target_encoding=target_encoding, source_lang=source_lang, target_lang=target_lang,
        lang_check=not no_lang_check, dictionary=aligner_dictionary(dictionaries, glossary), glossary=glossary,
        fuzzy_below=0.5, force=force, update=False, allow_nonparallel=allow_nonparallel,
    )
    alignment = run_alignment(source, target, options)
    pairs = extract_pairs(alignment, glossary)
    meta: dict[str, str] = {}
    if glossary is not None:
        checked_with = glossary
        meta["Glossary"] = f"{glossary.name or ', '.join(glossaries)} ({len(glossary.entries):,} entries)"
    else:
        from termalign.checks import DEFAULT_GLOSSARY

        checked_with = load_glossaries_warning([DEFAULT_GLOSSARY])
        meta["Glossary"] = (
            f"{checked_with.name} ({len(checked_with.entries):,} entries; the checks' default, "
            "used by the checks only: pass --glossary to use one for alignment and term pairs too)"
        )
    findings = run_checks(alignment, checked_with)
    from termalign.report import build_report

    page = build_report(
        alignment, term_pairs=pairs, findings=findings, title=title, meta=meta,
        timestamp=timestamp_now() if timestamp else None,
    )
    emit(page, output, force=force, inputs=(source, target, *glossaries, *dictionaries))
    if output != "-":
        info(f"wrote {output}: {_summary_line(alignment, pairs, findings)}")


def _summary_line(alignment: Alignment, pairs: Sequence[TermPair], findings: Sequence[Finding]) -> str:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    by_severity = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
    return f"{len(alignment.beads)} beads, {len(pairs)} term pairs, findings: {by_severity}"

