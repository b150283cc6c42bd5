"""Glossary tables: the shipped TSV format, CSV with the same header, and OmegaT glossary files.

The TSV format (``docs/glossary-format.md``) is one header line and one concept per row::

    source	target	source_variants	target_variants	forbidden	pos	domain	note	flags
    phlebolith	flebolit	phlebolite		phlebolith|flebolith	noun	medical

``#`` lines and blank lines are skipped; ``|`` separates variants; ``flags`` is a comma-separated list of
``case-sensitive`` and ``do-not-translate``. Columns may come in any order and optional ones may be left out
of the header; rows may stop early (editors trim trailing tabs) but may not have more fields than the header.
TSV fields are not quoted, so a field starting or ending with ``"`` gets a warning (a spreadsheet export
artefact, most likely); the one exception is a first field starting with ``#`` or ``"``, which the writer
quotes the CSV way (``"#include"``), since an unquoted ``#`` at the start of a line makes a comment:
spreadsheets and ``csv`` modules read the quoted field back without its quotes, and so does this reader.
The writer produces the canonical form: all nine columns, in order, ``\\n`` line ends, so
TSV → :class:`~termalign.model.Glossary` → TSV is byte-identical for a canonical file.

CSV uses the same header and the ``csv`` module (quoted fields, ``,`` or ``;`` as delimiter); only a line
starting with an unquoted ``#`` is a comment. A cell starting with ``= + - @``, a tab or a carriage return
is written with a ``'`` in front (OWASP's advice against formula injection: a spreadsheet would run it) and
the reader takes that ``'`` off again (:func:`protect_cell`, :func:`unprotect_cell`). OmegaT glossaries
are ``source<TAB>target<TAB>comment`` without a header; rows repeating an English term list alternative
translations (OmegaT shows them all), so they become target variants of one entry.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from typing import Any

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


# A first field the TSV/OmegaT writers quote (it would read as a comment, or as quoted text, unquoted) and the
# quoted forms their readers unquote; see the module docstring.
_NEEDS_QUOTES = ("#", '"')
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
# Cells a spreadsheet would take for a formula (OWASP CSV injection), after any ' the writer already added.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def quote_first(value: str) -> str:
    """``value`` as the first field of a TSV/OmegaT line: quoted when it starts with ``#`` or ``"``."""
    return '"' + value.replace('"', '""') + '"' if value.startswith(_NEEDS_QUOTES) else value


def unquote_first(field: str) -> tuple[str, bool]:
    """Undo :func:`quote_first`: the field's value, and whether it was unquoted."""
    match = _QUOTED.fullmatch(field.strip())
    if match is None:
        return field, False
    value = match.group(1).replace('""', '"')
    return (value, True) if value.startswith(_NEEDS_QUOTES) else (field, False)


def protect_cell(value: str) -> str:
    """A CSV cell safe from formula injection: ``'`` in front of a cell starting with ``= + - @``, tab or CR.

    Cells that already start with ``'`` before such a character get one more, so :func:`unprotect_cell`
    gives back every cell exactly.
    """
    return "'" + value if _FORMULA.match(value) else value


def unprotect_cell(value: str) -> str:
    """Undo :func:`protect_cell`."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value, 1) else value


#: Header names other terminology exports use for the two term columns (Crowdin/Lokalise ``sourceString``,
#: spreadsheets ``source/target``, ``en/id``, ``term/translation``...), lower-cased as :func:`column_name` does.
COLUMN_ALIASES: dict[str, str] = {
    "sourcestring": "source", "targetstring": "target", "source_term": "source", "target_term": "target",
    "term": "source", "translation": "target", "en": "source", "id": "target", "english": "source",
    "indonesian": "target", "src": "source", "tgt": "target",
}


def column_name(raw: str) -> str:
    """Header cells are matched leniently: ``Source Variants`` and ``source-variants`` mean ``source_variants``,
    and the names of :data:`COLUMN_ALIASES` their column (``sourceString``, ``en`` → ``source``)."""
    name = raw.strip().strip('"').lower().replace(" ", "_").replace("-", "_")
    return COLUMN_ALIASES.get(name, name)


def _parse_header(cells: list[str], line: int, log: IssueLog) -> list[str] | None:
    """The column name of each position (``""`` for an ignored empty trailing cell), or ``None`` after an error."""
    names = [column_name(cell) for cell in cells]
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
            hint = f"did you mean {close[0]!r}?" if close else (
                f"known columns: {', '.join(COLUMNS)}; also read: sourceString/targetString, source_term/target_term, "
                "en/id, term/translation")
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
    unquoted: set[int] | None = None,
) -> list[GlossaryEntry]:
    """Header row first, then data rows → entries. ``quoted`` formats (CSV) skip the stray-quote check, as
    does the first field of the lines in ``unquoted`` (a TSV field :func:`unquote_first` took the quotes off)."""
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
            checked = zip(columns, fields, strict=False)
            if unquoted and line in unquoted:
                next(checked)
            for name, value in checked:
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
    unquoted: set[int] = set()
    rows = ((number, _split_tsv(number, line, unquoted)) for number, line in _data_lines(text))
    return _rows_to_entries(rows, log, quoted=False, separator="\t", unquoted=unquoted), log.issues


def _split_tsv(number: int, line: str, unquoted: set[int]) -> list[str]:
    """The tab-separated fields of a TSV/OmegaT line, the first one unquoted (:func:`unquote_first`); the line
    number goes into ``unquoted`` when it was."""
    fields = line.split("\t")
    fields[0], was_quoted = unquote_first(fields[0])
    if was_quoted:
        unquoted.add(number)
    return fields


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
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(physical, delimiter=delimiter, strict=True)

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
            if physical[line - 1].lstrip().startswith("#"):
                continue  # a comment; a quoted "#..." first field is data
            yield line, [unprotect_cell(field) for field in fields]

    return _rows_to_entries(rows(), log, quoted=True, separator=delimiter), log.issues


def read_omegat(text: str, *, file: str | None = None) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Entries of an OmegaT glossary (``source<TAB>target<TAB>comment``; repeated sources become variants)."""
    log = IssueLog(file)
    groups: dict[str, list[tuple[int, str, str, str]]] = {}
    extra_columns: list[int] = []
    unquoted: set[int] = set()
    for number, line in _data_lines(text):
        fields = _split_tsv(number, line, unquoted)
        if len(fields) < 2 or not fields[1].strip():
            hint = "OmegaT glossary lines are: English term <TAB> translation <TAB> comment"
            log.error(number, f"no translation for {fields[0].strip()!r}", "empty-field", hint)
            continue
        if len(fields) > 3 and any(field.strip() for field in fields[3:]):
            extra_columns.append(number)
        for value in fields[1 if number in unquoted else 0 : 3]:
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
    for entry in glossary.entries:
        row = entry_row(entry)
        row[0] = quote_first(row[0])
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def write_csv(glossary: Glossary) -> str:
    """``glossary`` as CSV with the TSV header (comma-delimited, minimal quoting, ``\\n`` line ends); cells that
    a spreadsheet would run as formulas are protected (:func:`protect_cell`), a first cell starting with ``#``
    is quoted (unquoted it would make the line a comment)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in glossary.entries:
        write_csv_row(buffer, writer, entry_row(entry))
    return buffer.getvalue()


def write_csv_row(buffer: io.StringIO, writer: Any, row: list[str]) -> None:
    """Write one CSV row through ``writer`` (which writes to ``buffer``): every cell :func:`protect_cell`-ed,
    the first one quoted when it starts with ``#``."""
    cells = [protect_cell(cell) for cell in row]
    if cells and cells[0].startswith("#"):
        first = '"' + cells[0].replace('"', '""') + '"'
        if len(cells) == 1:
            buffer.write(first + writer.dialect.lineterminator)
            return
        buffer.write(first + writer.dialect.delimiter)
        cells = cells[1:]
    writer.writerow(cells)


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
            lines.append(f"{quote_first(source)}\t{target}\t{note if number == 0 else ''}".rstrip("\t"))
    return "\n".join(lines) + "\n"
