"""``termalign terms``: draft bilingual term pairs from an English text and its Indonesian translation.

A thin layer over :func:`termalign.terms.extract_terms`: read and segment both texts and align them (or read
an alignment made earlier with ``--aligned``), extract the pairs, then print a table (default) or write
JSON, TSV (OmegaT glossary), CSV, PO or TBX (:mod:`termalign.formats.termlist`).
"""

from __future__ import annotations

import dataclasses
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
    walk_options,
)
from termalign.formats.registry import TERM_LISTS
from termalign.formats.termlist import render as render_pairs
from termalign.model import Alignment, Bead, Segment, TermPair
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


def format_table(pairs: Sequence[TermPair], *, header: str, width: int = TABLE_WIDTH) -> str:
    """The readable terminal listing: one pair per line, base forms in brackets where they differ."""
    lines = [header]
    if not pairs:
        return "\n".join([*lines, "no term pairs found (try a lower --min-score)"]) + "\n"

    def side(form: str, base: str) -> str:
        return form if form.lower() == base.lower() else f"{form} [{base}]"

    left = [side(p.source, p.source_base) for p in pairs]
    right = [side(p.target, p.target_base) for p in pairs]
    col = min(max(len("English"), *(len(x) for x in left)), max(20, (width - 30) // 2))
    col2 = min(max(len("Indonesian"), *(len(x) for x in right)), max(20, width - col - 30))
    lines.append(f"{'score':>5} {'n':>3}  {'English':<{col}}  {'Indonesian':<{col2}}  evidence")
    for pair, a, b in zip(pairs, left, right, strict=True):
        lines.append(f"{pair.score:>5.2f} {pair.count:>3}  {a:<{col}}  {b:<{col2}}  {_evidence_summary(pair)}".rstrip())
    return "\n".join(lines) + "\n"


def _read_all(paths: Sequence[str], **options: Any) -> Alignment:
    """The aligned files ``paths`` pooled into one alignment (their beads one after the other). Every file is read
    before giving up: each bad one is reported, then an :class:`InputError` stops the command (nothing written)."""
    from termalign.errors import InputError
    from termalign.formats.aligned import read_aligned

    if len(paths) == 1:
        return read_aligned(paths[0], **options)
    parts: list[Alignment] = []
    bad = 0
    for path in paths:
        try:
            parts.append(read_aligned(path, **options))
        except InputError as err:
            bad += 1
            click.echo(f"termalign: error: {err}", err=True)
    if bad:
        raise InputError(f"{bad} of {len(paths)} aligned inputs could not be read (see above); nothing written")
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    for part in parts:
        ds, dt = len(source), len(target)
        source += [dataclasses.replace(seg, index=seg.index + ds) for seg in part.source]
        target += [dataclasses.replace(seg, index=seg.index + dt) for seg in part.target]
        beads += [dataclasses.replace(b, source_index=tuple(i + ds for i in b.source_index),
                                      target_index=tuple(i + dt for i in b.target_index)) for b in part.beads]
    first = parts[0]
    return Alignment(source=tuple(source), target=tuple(target), beads=tuple(beads), source_lang=first.source_lang,
                     target_lang=first.target_lang, source_name=first.source_name, target_name=first.target_name)


@click.command(
    "terms",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n"
    "\b\n"
    "  termalign terms article.en.txt article.id.txt\n"
    "  termalign terms article.en.txt article.id.txt --glossary medical -o terms.tsv\n"
    "  termalign terms --aligned article.po --format json -o terms.json\n"
    "  termalign terms article.en.txt article.id.txt --min-score 0.7 --format tbx -o draft.tbx",
)
@click.argument("source", required=False, metavar="SOURCE")
@click.argument("target", required=False, metavar="TARGET")
@click.option("--aligned", metavar="FILE|DIR", default=None,
              help="Read an alignment made earlier (termalign JSON, PO, TMX, XLIFF or TSV) instead of SOURCE TARGET; "
              "a folder gives every such file under it (see --include/--exclude), pooled.")
@walk_options
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
    source: str | None,
    target: str | None,
    aligned: str | None,
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
) -> None:
    """Draft English–Indonesian term pairs from SOURCE (English) and TARGET (its Indonesian translation).

    The texts are aligned sentence by sentence first; with --aligned FILE an existing alignment is read
    instead. Prints a table of pairs, best first, unless --format or -o asks for a file format.
    """
    if aligned:
        if source or target:
            raise click.UsageError("give either SOURCE TARGET or --aligned FILE, not both")
    elif not (source and target):
        raise click.UsageError("give SOURCE and TARGET files, or --aligned FILE")
    if fmt is None:
        fmt = _BY_EXTENSION.get(Path(output).suffix.lower(), "table") if output and output != "-" else "table"

    glossary = None
    if glossaries:
        glossary = load_glossaries_warning(glossaries, source_lang=source_lang, target_lang=target_lang)
    loaded = aligner_dictionary(dictionaries)
    dictionary = None if isinstance(loaded, str) else loaded
    if aligned:
        from termalign.formats.inputs_walk import ALIGNED_SUFFIXES, expand_inputs

        paths = expand_inputs([aligned], include, exclude, suffixes=ALIGNED_SUFFIXES)
        alignment = _read_all(paths, encoding=encoding, source_lang=source_lang, target_lang=target_lang)
        inputs = [display_name(p) for p in paths]
    else:
        assert source is not None and target is not None
        pair = PairSettings(
            source_lang=source_lang, target_lang=target_lang, segmented=segmented, lang_check=not no_lang_check,
            dictionary=aligner_dictionary(dictionary if dictionary is not None else "none", glossary),
            on_nonparallel="unlink" if allow_nonparallel else "refuse", source_encoding=source_encoding or encoding,
            target_encoding=target_encoding or encoding,
        )
        alignment = align_pair_files(source, target, pair)
        inputs = [display_name(source), display_name(target)]

    pairs = extract_terms(alignment, glossary=glossary, dictionary=dictionary, min_score=min_score,
                          min_termhood=min_termhood, min_count=min_count)
    linked = sum(1 for bead in alignment.beads if bead.linked)
    summary = f"{len(pairs)} term pairs (score ≥ {min_score:.2f}) from {linked} aligned beads"
    if fmt == "text":
        fmt = "table"  # the readable format is called "text" by the other commands
    if fmt == "table":
        width = TABLE_WIDTH
        if (output is None or output == "-") and sys.stdout.isatty():
            width = max(60, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)
        shown = ' ↔ '.join(inputs) if len(inputs) <= 2 else f"{aligned} ({len(inputs)} files)"
        data = format_table(pairs, header=f"{shown}: {summary}", width=width)
    else:
        settings = {"min_score": min_score, "min_termhood": min_termhood, "min_count": min_count,
                    "glossary": [display_name(g) for g in glossaries],
                    "dictionary": list(dictionaries) or ["default"]}
        name = Path(inputs[0]).name.split(".")[0] if inputs[0] != "<stdin>" else "terms"
        options: dict[str, Any] = {"source_lang": alignment.source_lang or source_lang,
                                   "target_lang": alignment.target_lang or target_lang}
        if fmt == "json":
            options |= {"inputs": inputs, "settings": settings}
        else:
            options["name"] = name
        data = render_pairs(pairs, fmt, **options)
    read = [f for f in (source, target, aligned) if f] + [*glossaries, *dictionaries]
    emit(data, output, force=force, inputs=read)
    if output and output != "-":
        info(f"wrote {output} ({fmt}): {summary}")
