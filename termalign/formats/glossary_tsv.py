"""Glossary tables: the shipped TSV format, CSV with the same header, and OmegaT glossary files.

The TSV format (``docs/glossary-format.md``) is one header line and one concept per row::

    source	target	source_variants	target_variants	forbidden	pos	domain	note	flags
    phlebolith	flebolit	phlebolite		phlebolith|flebolith	noun	medical

``#`` lines and blank lines are skipped; ``|`` separates variants; ``flags`` is a comma-separated list of
``case-sensitive`` and ``do-not-translate``. Columns may come in any order and optional ones may be left out
of the header; rows may stop early (editors trim trailing tabs) but may not have more fields than the header.
TSV fields are never quoted, so a field starting or ending with ``"`` gets a warning (a spreadsheet export
artefact, most likely). The writer produces the canonical form: all nine columns, in order, ``\\n`` line ends,
so TSV → :class:`~termalign.model.Glossary` → TSV is byte-identical for a canonical file.

CSV uses the same header and the ``csv`` module (quoted fields, ``,`` or ``;`` as delimiter). OmegaT glossaries
are ``source<TAB>target<TAB>comment`` without a header; rows repeating an English term list alternative
translations (OmegaT shows them all), so they become target variants of one entry.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable

from termalign.errors import InputError
from termalign.glossary.rows import (
    VARIANT_SEPARATOR,
    GlossaryIssue,
    IssueLog,
    build_entry,
    entry_flags,
    fold_case,
)
from termalign.model import Glossary, GlossaryEntry

COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "source_variants",
    "target_variants",
    "forbidden",
    "pos",
    "domain",
    "note",
    "flags",
)
HEADER = "\t".join(COLUMNS)
REQUIRED: tuple[str, ...] = ("source", "target")
_HEADER_HINT = "the first line must name the columns, tab-separated: " + HEADER.replace("\t", " <TAB> ")


def _column_name(raw: str) -> str:
    """Header cells are matched leniently: ``Source Variants`` and ``source-variants`` mean ``source_variants``."""
    return raw.strip().strip('"').lower().replace(" ", "_").replace("-", "_")


def _parse_header(cells: list[str], line: int, log: IssueLog) -> list[str] | None:
    """The column name of each position (``""`` for an ignored empty trailing cell), or ``None`` after an error."""
    names = [_column_name(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names or (names[0] not in COLUMNS and "source" not in names):
        log.error(line, "missing header line (or it does not name a source column)", "header", _HEADER_HINT)
        return None
    ok = True
    seen: set[str] = set()
    for position, name in enumerate(names, 1):
        if not name:
            log.error(line, f"header column {position} is empty", "header", _HEADER_HINT)
            ok = False
        elif name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known columns: {', '.join(COLUMNS)}"
            log.error(line, f"unknown column {cells[position - 1].strip()!r}", "header", hint)
            ok = False
        elif name in seen:
            log.error(line, f"column {name!r} appears twice in the header", "header", _HEADER_HINT)
            ok = False
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            log.error(line, f"the header has no {name!r} column", "header", _HEADER_HINT)
            ok = False
    return names if ok else None


def _rows_to_entries(
    rows: Iterable[tuple[int, list[str]]],
    log: IssueLog,
    *,
    quoted: bool,
    separator: str,
) -> list[GlossaryEntry]:
    """Header row first, then data rows → entries. ``quoted`` formats (CSV) skip the stray-quote check."""
    entries: list[GlossaryEntry] = []
    columns: list[str] | None = None
    for line, fields in rows:
        if columns is None:
            columns = _parse_header(fields, line, log)
            if columns is None:
                return entries
            continue
        if len(fields) > len(columns):
            extra = [field for field in fields[len(columns) :] if field.strip()]
            if extra:
                log.error(
                    line,
                    f"row has {len(fields)} fields but the header names {len(columns)} columns",
                    "columns",
                    "a field containing a tab?" if separator == "\t" else "a field with an unquoted delimiter?",
                )
                continue
            fields = fields[: len(columns)]
        missing = [name for name in REQUIRED if columns.index(name) >= len(fields)]
        if missing:
            hint = "columns are separated by tabs" if separator == "\t" and "  " in fields[0] else None
            log.error(line, f"row has no {' or '.join(missing)} column ({len(fields)} field(s))", "columns", hint)
            continue
        if not quoted:
            for name, value in zip(columns, fields, strict=False):
                stripped = value.strip()
                if stripped.startswith('"') or stripped.endswith('"'):
                    log.warning(
                        line,
                        f"{name}: stray quote in {stripped!r} (kept as part of the text)",
                        "stray-quote",
                        "TSV fields are not quoted: remove the quotes, or save the file as .csv",
                    )
        record = {name: value for name, value in zip(columns, fields, strict=False) if name}
        entry = build_entry(record, log=log, line=line)
        if entry is not None:
            entries.append(entry)
    if columns is None:
        log.error(None, "no header line and no entries: the file is empty", "header", _HEADER_HINT)
    return entries


def _data_lines(text: str) -> Iterable[tuple[int, str]]:
    """(1-based line number, line) of the lines that are neither blank nor ``#`` comments."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, line.rstrip("\r")


def read_tsv(text: str, *, file: str | None = None) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Entries of a TSV glossary and the issues of its rows (cross-row checks are done by the caller)."""
    log = IssueLog(file)
    rows = ((number, line.split("\t")) for number, line in _data_lines(text))
    return _rows_to_entries(rows, log, quoted=False, separator="\t"), log.issues


def _sniff_delimiter(text: str) -> str:
    for _, line in _data_lines(text):
        if "\t" in line and "," not in line and ";" not in line:
            return "\t"
        return ";" if line.count(";") > line.count(",") else ","
    return ","


def read_csv(text: str, *, file: str | None = None) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Entries of a CSV glossary with the TSV header (``,`` or ``;`` delimited, quoted fields allowed)."""
    log = IssueLog(file)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    def rows() -> Iterable[tuple[int, list[str]]]:
        start = 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                log.error(reader.line_num, f"malformed CSV: {exc}", "csv", "check the quotes on this line")
                return
            line, start = start, reader.line_num + 1
            if not fields or not any(field.strip() for field in fields):
                continue
            if fields[0].lstrip().startswith("#"):
                continue
            yield line, fields

    return _rows_to_entries(rows(), log, quoted=True, separator=delimiter), log.issues


def read_omegat(text: str, *, file: str | None = None) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Entries of an OmegaT glossary (``source<TAB>target<TAB>comment``; repeated sources become variants)."""
    log = IssueLog(file)
    groups: dict[str, list[tuple[int, str, str, str]]] = {}
    extra_columns: list[int] = []
    for number, line in _data_lines(text):
        fields = line.split("\t")
        if len(fields) < 2 or not fields[1].strip():
            hint = "OmegaT glossary lines are: English term <TAB> translation <TAB> comment"
            log.error(number, f"no translation for {fields[0].strip()!r}", "empty-field", hint)
            continue
        if len(fields) > 3 and any(field.strip() for field in fields[3:]):
            extra_columns.append(number)
        for value in fields[:3]:
            stripped = value.strip()
            if stripped.startswith('"') or stripped.endswith('"'):
                log.warning(
                    number,
                    f"stray quote in {stripped!r} (kept as part of the text)",
                    "stray-quote",
                    "OmegaT glossary fields are not quoted",
                )
        source, target = fields[0], fields[1]
        comment = fields[2] if len(fields) > 2 else ""
        groups.setdefault(fold_case(source), []).append((number, source, target, comment))
    if extra_columns:
        log.warning(
            extra_columns[0],
            f"columns after the third are ignored ({len(extra_columns)} line(s))",
            "columns",
        )
    entries: list[GlossaryEntry] = []
    for rows in groups.values():
        first_line, source, target, _ = rows[0]
        targets: list[str] = []
        notes: list[str] = []
        for number, _, row_target, comment in rows:
            key = fold_case(row_target)
            if any(fold_case(t) == key for t in targets):
                log.warning(number, f"duplicate row {source.strip()!r} → {row_target.strip()!r}", "duplicate")
            else:
                targets.append(row_target)
            if comment.strip() and comment.strip() not in notes:
                notes.append(comment.strip())
        record = {
            "source": source,
            "target": target,
            "target_variants": VARIANT_SEPARATOR.join(t.strip() for t in targets[1:]),
            "note": "; ".join(notes),
        }
        entry = build_entry(record, log=log, line=first_line)
        if entry is not None:
            entries.append(entry)
    return entries, log.issues


# --------------------------------------------------------------------------------------------------------------
# Writers


def _check_field(value: str, entry: GlossaryEntry, *, column: str, list_item: bool = False) -> str:
    if "\t" in value or "\n" in value or "\r" in value:
        raise InputError(
            f"{column} of {entry.source!r} contains a tab or line break; a glossary table cannot hold it",
            hint="remove it from the term or note",
        )
    if list_item and VARIANT_SEPARATOR in value:
        raise InputError(
            f"{column} item {value!r} of {entry.source!r} contains '|', the variant separator",
            hint="split it into separate variants",
        )
    return value


def entry_row(entry: GlossaryEntry) -> list[str]:
    """The nine TSV/CSV fields of an entry, in :data:`COLUMNS` order."""

    def joined(column: str, forms: tuple[str, ...]) -> str:
        return VARIANT_SEPARATOR.join(_check_field(form, entry, column=column, list_item=True) for form in forms)

    return [
        _check_field(entry.source, entry, column="source"),
        _check_field(entry.target, entry, column="target"),
        joined("source_variants", entry.source_variants),
        joined("target_variants", entry.target_variants),
        joined("forbidden", entry.forbidden),
        _check_field(entry.pos, entry, column="pos"),
        _check_field(entry.domain, entry, column="domain"),
        _check_field(entry.note, entry, column="note"),
        ",".join(entry_flags(entry)),
    ]


def write_tsv(glossary: Glossary) -> str:
    """The canonical TSV text of ``glossary``: header, one row per entry in glossary order, final newline."""
    lines = [HEADER]
    lines.extend("\t".join(entry_row(entry)) for entry in glossary.entries)
    return "\n".join(lines) + "\n"


def write_csv(glossary: Glossary) -> str:
    """``glossary`` as CSV with the TSV header (comma-delimited, minimal quoting, ``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in glossary.entries:
        writer.writerow(entry_row(entry))
    return buffer.getvalue()


def write_omegat(glossary: Glossary) -> str:
    """``glossary`` as an OmegaT glossary: one row per accepted translation, the note as comment.

    OmegaT has no place for English variants, forbidden forms, part of speech, domain or flags; see
    :func:`termalign.glossary.lost_in_format` to tell the user what was left out.
    """
    lines = ["# OmegaT glossary written by termalign: English <TAB> Indonesian <TAB> comment"]
    for entry in glossary.entries:
        source = _check_field(entry.source, entry, column="source")
        note = _check_field(entry.note, entry, column="note")
        for number, target in enumerate(dict.fromkeys((entry.target, *entry.target_variants))):
            _check_field(target, entry, column="target")
            lines.append(f"{source}\t{target}\t{note if number == 0 else ''}".rstrip("\t"))
    return "\n".join(lines) + "\n"
