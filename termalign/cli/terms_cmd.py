"""``termalign terms``: draft bilingual term pairs from an English text and its Indonesian translation.

A thin layer over :func:`termalign.terms.extract_terms`: read and segment both texts and align them (or read
an alignment made earlier with ``--aligned``), extract the pairs, then print a table (default) or write
JSON, TSV (OmegaT glossary), CSV, PO or TBX (:mod:`termalign.formats.termlist`).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from termalign.cli.common import (
    align_pair_files,
    emit,
    encoding_option,
    info,
    lang_options,
    load_glossaries_warning,
    nonparallel_option,
    output_options,
    pair_encoding_options,
    quiet_option,
    scheduler_option,
    shard_option,
    walk_options,
)
from termalign.cli.terms_stats import TermOptions, merge_stats, save_shard_stats
from termalign.errors import InputError
from termalign.formats.registry import TERM_LISTS
from termalign.formats.termlist import DRAFT_FORMATS
from termalign.formats.termlist import render as render_pairs
from termalign.model import Alignment, TermFinding, TermPair
from termalign.pipeline import PairSettings, aligner_dictionary
from termalign.terms import DEFAULT_MIN_SCORE, DEFAULT_MIN_TERMHOOD, extract_terms
from termalign.textio import display_name

# "text" and "table" are the readable listing this command prints itself; the file formats are the registry's.
FORMATS = ("text", "table", *TERM_LISTS.names)
_BY_EXTENSION = TERM_LISTS.extensions() | {".txt": "table"}
TABLE_WIDTH = 100


def _evidence_summary(pair: TermPair) -> str:
    """The kinds of word-level evidence that carried the pair, strongest first ("cognate+dictionary")."""
    kinds = [(value, kind) for kind, value in pair.evidence
             if kind in ("glossary", "dictionary", "cognate", "association") and value >= 0.05]
    return "+".join(kind for _, kind in sorted(kinds, key=lambda vk: (-vk[0], vk[1]))) or "position"


def _beads(pair: TermPair, most: int = 3) -> str:
    """Where the pair was seen, 1-based as in every readable output ("2,15,19…")."""
    shown = ",".join(str(b + 1) for b in pair.beads[:most])
    return shown + ("…" if len(pair.beads) > most else "")


def _finding_line(finding: TermFinding) -> str:
    side = "English" if finding.side == "source" else "Indonesian"
    text = f" {finding.text!r}" if finding.text else ""
    fix = f" → {finding.suggestion}" if finding.suggestion else ""
    return f"{finding.code} ({side}){text}{fix}"


def format_table(pairs: Sequence[TermPair], *, header: str, width: int = TABLE_WIDTH, examples: bool = False) -> str:
    """The readable terminal listing: one pair per line, base forms in brackets where they differ, bead numbers
    (1-based); flagged pairs come last, each with its findings on the lines below it. ``examples`` adds the
    example sentence pairs under each pair."""
    lines = [header]
    if not pairs:
        return "\n".join([*lines, "no term pairs found (try a lower --min-score)"]) + "\n"

    def side(form: str, base: str) -> str:
        return form if form.lower() == base.lower() else f"{form} [{base}]"

    left = [side(p.source, p.source_base) for p in pairs]
    right = [side(p.target, p.target_base) for p in pairs]
    col = min(max(len("English"), *(len(x) for x in left)), max(20, (width - 40) // 2))
    col2 = min(max(len("Indonesian"), *(len(x) for x in right)), max(20, width - col - 40))
    lines.append(f"{'score':>5} {'n':>3}  {'English':<{col}}  {'Indonesian':<{col2}}  {'evidence':<20} beads")
    flagged_header = False
    for pair, a, b in zip(pairs, left, right, strict=True):
        if pair.flagged and not flagged_header:
            lines.append("-- flagged by the QA checks (left out of glossary drafts unless --keep-flagged):")
            flagged_header = True
        lines.append(f"{pair.score:>5.2f} {pair.count:>3}  {a:<{col}}  {b:<{col2}}  "
                     f"{_evidence_summary(pair):<20} {_beads(pair)}".rstrip())
        lines.extend(f"{'':>11}! {_finding_line(f)}" for f in pair.findings)
        if examples:
            for bead, source, target in pair.examples:
                lines.append(f"{'':>11}bead {bead + 1}: {source}")
                lines.append(f"{'':>11}{'':>{len(str(bead + 1)) + 6}}{target}")
    return "\n".join(lines) + "\n"


@click.command(
    "terms",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n"
    "\b\n"
    "  termalign terms article.en.txt article.id.txt\n"
    "  termalign terms article.en.txt article.id.txt --glossary medical -o terms.tsv\n"
    "  termalign terms --aligned article.po --format json -o terms.json\n"
    "  termalign terms --aligned po/ --aligned memory.tmx -o draft.tbx\n"
    "  termalign terms article.en.txt article.id.txt --min-score 0.7 --format tbx -o draft.tbx",
)
@click.argument("files", nargs=-1, metavar="SOURCE TARGET")
@click.option("--aligned", "aligned", metavar="FILE|DIR", multiple=True,
              help="Read aligned data instead of SOURCE TARGET: termalign JSON, PO, MO, TMX, XLIFF or TSV files, or "
              "folders of them (see --include/--exclude); repeatable (the evidence of all of them is pooled).")
@walk_options
@shard_option
@scheduler_option
@click.option("--save-stats", metavar="FILE", default=None,
              help="Batch jobs: write this shard's term statistics for the next round to FILE (gzip JSON) instead "
              "of term pairs; with --from-stats, write the merged model. See docs/scale.md.")
@click.option("--from-stats", "from_stats_flag", is_flag=True,
              help="The arguments are statistics files (--save-stats) of every shard of one round: merge them; "
              "after the last round, score them and write the term pairs as a single run would.")
@click.option("--stats-model", metavar="FILE", default=None,
              help="The model merged from the previous round (written by --from-stats ... --save-stats).")
@click.option("--keep-flagged", is_flag=True,
              help="Keep pairs the QA checks flag (garbled, glued, forbidden, non-standard...) in TSV, PO and TBX "
              "glossary drafts; they are always listed, last, in the table, JSON and CSV.")
@click.option("--no-checks", is_flag=True, help="Do not run the QA checks on the pairs.")
@click.option("--examples", is_flag=True, help="Table: show two example sentence pairs under each pair.")
@output_options
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output: text or table (a readable listing), json (everything, see docs/terms.md), "
              "tsv (OmegaT glossary: source, target, comment), csv (spreadsheet), po (PO glossary) or tbx (TBX-Basic). "
              "Default: from the -o extension, else table.")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="NAME|FILE",
              help="Trusted glossary (a shipped name such as 'medical', or a TSV/CSV/TBX/PO file): its terms are "
              "paired with their glossary translation wherever both occur; repeatable.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="FILE",
              help="Bilingual word list (TSV 'english<TAB>indonesian' or a dictd .index file); repeatable. "
              "'default' is the shipped FreeDict eng-ind list (used when none is given), 'none' uses none.")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=DEFAULT_MIN_SCORE, show_default=True,
              metavar="X", help="Leave out pairs scoring below X (scores are in [0, 1]).")
@click.option("--min-termhood", type=click.FloatRange(0.0, 1.0), default=DEFAULT_MIN_TERMHOOD,
              show_default=True, metavar="X",
              help="Leave out English candidates that look like general language (rarity and independence).")
@click.option("--min-count", type=click.IntRange(1), default=1, show_default=True, metavar="N",
              help="Leave out pairs seen in fewer than N places.")
@click.option("--segmented", is_flag=True,
              help="The inputs are already one segment per line: keep that segmentation.")
@encoding_option
@pair_encoding_options
@lang_options
@nonparallel_option
@quiet_option
def command(
    files: tuple[str, ...],
    aligned: tuple[str, ...],
    keep_flagged: bool,
    no_checks: bool,
    examples: bool,
    output: str | None,
    force: bool,
    fmt: str | None,
    glossaries: tuple[str, ...],
    dictionaries: tuple[str, ...],
    min_score: float,
    min_termhood: float,
    min_count: int,
    segmented: bool,
    encoding: str | None,
    source_encoding: str | None,
    target_encoding: str | None,
    source_lang: str,
    target_lang: str,
    no_lang_check: bool,
    allow_nonparallel: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    shard: tuple[int, int] | None,
    scheduler: str | None,
    save_stats: str | None,
    from_stats_flag: bool,
    stats_model: str | None,
) -> None:
    """Draft English–Indonesian term pairs from SOURCE (English) and TARGET (its Indonesian translation).

    The texts are aligned sentence by sentence first; with --aligned FILE an existing alignment is read
    instead. Prints a table of pairs, best first, unless --format or -o asks for a file format.
    """
    from_stats = files if from_stats_flag else ()
    if from_stats_flag:
        if not files:
            raise click.UsageError("--from-stats needs the statistics files (FILE...) of every shard")
        if aligned or shard:
            raise click.UsageError("--from-stats reads statistics files: give no --aligned or --shard")
        source = target = None
    elif len(files) > 2:
        raise click.UsageError(f"got {len(files)} files: give SOURCE and TARGET, or --aligned FILE for more")
    else:
        source = files[0] if files else None
        target = files[1] if len(files) > 1 else None
    if from_stats:
        if scheduler:
            raise click.UsageError("--from-stats merges statistics in this process: give no --scheduler")
    elif (shard or save_stats or stats_model) and not aligned:
        raise click.UsageError("--shard, --save-stats and --stats-model work on --aligned inputs")
    elif (shard or stats_model) and not save_stats:
        raise click.UsageError("--shard and --stats-model make a round's statistics: give --save-stats FILE")
    elif scheduler and (save_stats or stats_model):
        raise click.UsageError("give either --scheduler or the batch options (--save-stats), not both")
    if from_stats or aligned:
        if source or target:
            raise click.UsageError("give either SOURCE TARGET or --aligned FILE, not both")
    elif not (source and target):
        raise click.UsageError("give SOURCE and TARGET files, or --aligned FILE")
    else:
        _refuse_aligned_as_text(source, target)
    if fmt is None:
        fmt = _BY_EXTENSION.get(Path(output).suffix.lower(), "table") if output and output != "-" else "table"

    glossary = None
    if glossaries:
        glossary = load_glossaries_warning(glossaries, source_lang=source_lang, target_lang=target_lang)
    loaded = aligner_dictionary(dictionaries)
    dictionary = None if isinstance(loaded, str) else loaded
    options = TermOptions(glossaries, dictionaries, min_score, min_termhood, min_count, not no_checks)
    read = [f for f in (source, target) if f] + list(aligned) + [*glossaries, *dictionaries, *from_stats]
    read += [stats_model] if stats_model else []
    if from_stats:
        got = merge_stats(from_stats, stats_model, save_stats, options, glossary, dictionary, force=force,
                          inputs=read)
        if got is None:
            return
        pairs, linked, inputs, langs = got
        _write_pairs(pairs, linked, inputs, langs, fmt=fmt, output=output, force=force, aligned=True,
                     examples=examples, keep_flagged=keep_flagged, options=options, read=read)
        return
    corpus: list[Alignment]
    if aligned:
        from termalign.formats.inputs_walk import ALIGNED_SUFFIXES, expand_inputs

        paths = expand_inputs(list(aligned), include, exclude, suffixes=ALIGNED_SUFFIXES)
        inputs = [display_name(p) for p in paths]
        if save_stats:
            save_shard_stats(paths, shard, stats_model, save_stats, options, glossary, dictionary, force=force,
                             read=read, encoding=encoding, source_lang=source_lang, target_lang=target_lang)
            return
        from termalign.distributed import get_scheduler
        from termalign.terms import drafted
        from termalign.terms.stats import UnreadInputs, extract_files

        settings = TermOptions.settings(options, glossary, dictionary)
        try:
            with get_scheduler(scheduler) as workers:
                found, model = extract_files(paths, settings, scheduler=workers, encoding=encoding,
                                             source_lang=source_lang, target_lang=target_lang)
        except UnreadInputs as err:
            if err.errors and len(paths) == 1:
                raise InputError(err.errors[0]) from None
            for message in err.errors:
                click.echo(f"termalign: error: {message}", err=True)
            raise InputError(f"{len(err.errors)} of {len(paths)} aligned inputs could not be read (see above); "
                             "nothing written") from None
        counts = model.counts if model is not None else None
        langs = counts.langs[min(counts.langs)] if counts is not None and counts.langs else (source_lang, target_lang)
        _write_pairs(drafted(found), counts.linked if counts is not None else 0, inputs, langs, fmt=fmt,
                     output=output, force=force, aligned=True, examples=examples, keep_flagged=keep_flagged,
                     options=options, read=read)
        return
    else:
        assert source is not None and target is not None
        pair = PairSettings(
            source_lang=source_lang, target_lang=target_lang, segmented=segmented, lang_check=not no_lang_check,
            dictionary=aligner_dictionary(dictionary if dictionary is not None else "none", glossary),
            on_nonparallel="unlink" if allow_nonparallel else "refuse", source_encoding=source_encoding or encoding,
            target_encoding=target_encoding or encoding,
        )
        alignment = align_pair_files(source, target, pair)
        corpus = [alignment]
        inputs = [display_name(source), display_name(target)]

    from termalign.distributed import get_scheduler

    with get_scheduler(scheduler) as workers:
        pairs = extract_terms(corpus, glossary=glossary, dictionary=dictionary, min_score=min_score,
                              min_termhood=min_termhood, min_count=min_count, qa=not no_checks, scheduler=workers)
    linked = sum(1 for one in corpus for bead in one.beads if bead.linked)
    langs = (alignment.source_lang or source_lang, alignment.target_lang or target_lang)
    _write_pairs(pairs, linked, inputs, langs, fmt=fmt, output=output, force=force, aligned=bool(aligned),
                 examples=examples, keep_flagged=keep_flagged, options=options, read=read)


def _write_pairs(pairs: list[TermPair], linked: int, inputs: list[str], langs: tuple[str, str], *, fmt: str,
                 output: str | None, force: bool, aligned: bool, examples: bool, keep_flagged: bool,
                 options: TermOptions, read: list[str]) -> None:
    """Render ``pairs`` in ``fmt`` and write them (the table, or a file format with the run's settings)."""
    min_score = options.min_score
    flagged = sum(1 for p in pairs if p.flagged)
    summary = f"{len(pairs)} term pairs (score ≥ {min_score:.2f}) from {linked} aligned beads"
    if flagged:
        summary += f", {flagged} flagged by the QA checks"
        if fmt in DRAFT_FORMATS and not keep_flagged:
            summary += " (left out; --keep-flagged keeps them)"
    if fmt == "text":
        fmt = "table"  # the readable format is called "text" by the other commands
    if fmt == "table":
        width = TABLE_WIDTH
        if (output is None or output == "-") and sys.stdout.isatty():
            width = max(60, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)
        shown = " ↔ ".join(inputs) if not aligned else ", ".join(inputs[:3]) + (
            f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
        data = format_table(pairs, header=f"{shown}: {summary}", width=width, examples=examples)
    else:
        settings = {"min_score": min_score, "min_termhood": options.min_termhood, "min_count": options.min_count,
                    "checks": options.checks, "keep_flagged": keep_flagged,
                    "glossary": [display_name(g) for g in options.glossaries],
                    "dictionary": list(options.dictionaries) or ["default"]}
        name = Path(inputs[0]).name.split(".")[0] if inputs[0] != "<stdin>" else "terms"
        render_options: dict[str, Any] = {"source_lang": langs[0], "target_lang": langs[1]}
        if fmt == "json":
            render_options |= {"inputs": inputs, "settings": settings}
        else:
            render_options["name"] = name
        data = render_pairs(pairs, fmt, keep_flagged=keep_flagged, **render_options)
    emit(data, output, force=force, inputs=read)
    if output and output != "-":
        info(f"wrote {output} ({fmt}): {summary}")


def _refuse_aligned_as_text(*paths: str) -> None:
    """Refuse a catalog or translation memory given as a plain text (its msgids and msgstrs would be read as
    prose on one side): it is aligned already, and ``--aligned`` reads it."""
    from termalign.formats.aligned import guess_format
    from termalign.textio import read_bytes

    for path in paths:
        if path == "-":
            continue
        suffix = Path(path).suffix.lower()
        fmt = {".po": "po", ".pot": "po", ".mo": "mo", ".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff"}.get(suffix)
        if fmt is None and suffix not in (".txt", ".md", ".text", ""):
            fmt = guess_format(path, read_bytes(path)[:4096])
            fmt = fmt if fmt in ("po", "mo", "tmx") else None
        if fmt is not None:
            raise InputError(f"this is a {fmt.upper()} file, already aligned, not a plain text",
                             file=display_name(path), hint=f"read it with: termalign terms --aligned {path}")
