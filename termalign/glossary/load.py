"""Loading glossaries from files or by name, merging several, and writing them in any format.

The formats (names, file endings, readers and writers) are those of
:data:`termalign.formats.registry.GLOSSARIES`; their modules are imported only when a file of their kind is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from termalign._gc import paused_gc
from termalign.errors import InputError
from termalign.formats.glossary_tsv import COLUMNS as TSV_COLUMNS
from termalign.formats.glossary_tsv import column_name
from termalign.formats.registry import GLOSSARIES
from termalign.glossary.cache import load_bytes as load_cached
from termalign.glossary.conflicts import check_entries
from termalign.glossary.rows import PARTS_OF_SPEECH, GlossaryIssue, IssueLog, _sorted_issues, raise_first_error
from termalign.glossary.shipped import SHIPPED_PREFIX, _resolve
from termalign.model import Glossary, GlossaryEntry
from termalign.textio import decode, display_name, write_output

FORMATS: tuple[str, ...] = GLOSSARIES.names
# File name endings → format (``.txt``, ``.tab`` and ``.utf8`` are OmegaT's).
EXTENSIONS: dict[str, str] = GLOSSARIES.extensions()


def detect_format(path: str | os.PathLike[str], sample: str = "") -> str:
    """The glossary format of ``path`` from its extension, or from its first characters when that says nothing."""
    suffix = Path(str(path)).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    head = sample.lstrip("\ufeff \t\r\n")[:4096]
    first_line = _first_data_line(head).lower()
    if fmt == "omegat" and first_line.startswith("source\ttarget"):
        return "tsv"  # our own TSV saved as .txt
    cells = [column_name(cell) for cell in first_line.split("\t")]
    if fmt == "tsv" and first_line and len(cells) <= 3 and not set(cells) & set(TSV_COLUMNS):
        return "omegat"  # a headerless source<TAB>target[<TAB>comment] file: OmegaT layout (termalign terms drafts)
    if fmt is not None:
        return fmt
    if head.startswith("<"):
        return "tbx"
    if head.startswith(("msgid", "msgctxt")) or "\nmsgid " in head:
        return "po"
    first = _first_data_line(head)
    for delimiter, name in (("\t", "tsv"), (",", "csv"), (";", "csv")):
        if delimiter in first and column_name(first.split(delimiter, 1)[0]) == "source":
            return name
    raise InputError(
        "cannot tell the glossary format",
        file=display_name(path),
        hint=f"name it .tsv/.csv/.txt/.tbx/.po or pass the format ({', '.join(FORMATS)})",
    )


def _first_data_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def _read_entries(
    data: bytes, *, name: str, fmt: str, source_lang: str, target_lang: str, encoding: str | None = None
) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Run the reader of ``fmt`` on raw file bytes: entries plus the issues of individual rows.

    Binary readers (TBX) take the bytes and the language pair and find the encoding themselves; the others take
    the text decoded here (BOM, ``encoding``, else a PO header's charset, else UTF-8).
    """
    if fmt not in GLOSSARIES:
        raise InputError(f"unknown glossary format {fmt!r}", file=name, hint=f"use one of {', '.join(FORMATS)}")
    spec = GLOSSARIES[fmt]
    reader = spec.read_function()
    found: tuple[list[GlossaryEntry], list[GlossaryIssue]]
    if spec.binary:
        found = reader(data, file=name, source_lang=source_lang, target_lang=target_lang)
    elif fmt == "po":  # decoded in the charset its header declares, as every PO file termalign reads
        from termalign.formats.po import decode_po

        found = reader(decode_po(data, name, encoding), file=name)
    else:
        found = reader(decode(data, name=name, encoding=encoding), file=name)
    return found


def load_glossary(
    name_or_path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    strict: bool = True,
    issues: list[GlossaryIssue] | None = None,
    source_lang: str = "en",
    target_lang: str = "id",
    encoding: str | None = None,
) -> Glossary:
    """Load a shipped glossary by name (``"medical"``) or a glossary file, validating it.

    ``fmt`` (``tsv``, ``csv``, ``omegat``, ``tbx``, ``po``) overrides the format guessed from the extension.
    With ``strict`` (the default) the first error raises :class:`~termalign.errors.InputError` naming the file
    and line; otherwise rows with errors are dropped. Every issue found (warnings too) is appended to
    ``issues`` when a list is given. ``source_lang``/``target_lang`` pick the TBX language sections.
    """
    name, data, glossary_name, shipped = _resolve(name_or_path)
    with paused_gc():  # one entry, its tuples and issues per row, none in a reference cycle
        if shipped and fmt is None and strict and encoding is None:
            glossary, found = _load_shipped(name, data)
        else:
            glossary, found = load_cached(
                _load_bytes,
                data,
                name=name,
                fmt=fmt if fmt is not None or not shipped else "tsv",  # a shipped name has no extension to go by
                glossary_name=glossary_name or "",
                source_lang=source_lang,
                target_lang=target_lang,
                encoding=encoding,
            )
    if issues is not None:
        issues.extend(found)
    if strict:
        raise_first_error(found)
        if not glossary.entries:
            # An empty reference glossary would make every check pass vacuously: refuse it.
            raise InputError("the glossary has no entries", file=name,
                             hint="add entries below the header line, or leave this glossary out")
    return glossary


def parse_glossary(
    data: str | bytes,
    fmt: str,
    *,
    name: str = "<glossary>",
    strict: bool = True,
    issues: list[GlossaryIssue] | None = None,
    source_lang: str = "en",
    target_lang: str = "id",
) -> Glossary:
    """Read a glossary from text or bytes already in memory (a download, a database field, a test).

    Same validation and ``strict``/``issues`` behaviour as :func:`load_glossary`; ``name`` is used in messages.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    glossary, found = _load_bytes(
        raw, name=name, fmt=fmt, glossary_name="", source_lang=source_lang, target_lang=target_lang
    )
    if issues is not None:
        issues.extend(found)
    if strict:
        raise_first_error(found)
    return glossary


def _load_bytes(
    data: bytes,
    *,
    name: str,
    fmt: str | None,
    glossary_name: str,
    source_lang: str = "en",
    target_lang: str = "id",
    encoding: str | None = None,
) -> tuple[Glossary, list[GlossaryIssue]]:
    if fmt is None:
        sample = data[:4096].decode("utf-8", errors="replace")
        fmt = detect_format(name, sample)
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown glossary format {fmt!r}", file=name, hint=f"use one of {', '.join(FORMATS)}")
    entries, row_issues = _read_entries(
        data, name=name, fmt=fmt, source_lang=source_lang, target_lang=target_lang, encoding=encoding
    )
    log = IssueLog(name)
    log.issues.extend(row_issues)
    kept = check_entries(entries, log)
    for _ in range(3):
        # Merging duplicates can give an entry new variants that clash with another entry: check again until
        # nothing changes, so what loads also saves and reloads without a new error.
        again_log = IssueLog(name)
        again = check_entries(kept, again_log)
        seen = {str(issue) for issue in log.issues}
        log.issues.extend(issue for issue in again_log.issues if str(issue) not in seen)
        if again == kept:
            break
        kept = again
    if not kept and not any(issue.severity == "error" for issue in log.issues):
        log.warning(None, "the glossary has no entries", "empty", "add entries below the header line")
    glossary = Glossary(entries=tuple(kept), name=glossary_name, source_lang=source_lang, target_lang=target_lang)
    return glossary, _sorted_issues(log.issues)


# Shipped glossaries are immutable data: read and check each once per process.
@lru_cache(maxsize=16)
def _load_shipped_cached(name: str, data: bytes) -> tuple[Glossary, tuple[GlossaryIssue, ...]]:
    stem = name.removeprefix(SHIPPED_PREFIX)
    glossary, found = load_cached(_load_bytes, data, name=name, fmt="tsv", glossary_name=stem)
    return glossary, tuple(found)


def _load_shipped(name: str, data: bytes) -> tuple[Glossary, list[GlossaryIssue]]:
    glossary, found = _load_shipped_cached(name, data)
    return glossary, list(found)


def load_glossaries(
    names_or_paths: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = True,
    issues: list[GlossaryIssue] | None = None,
    source_lang: str = "en",
    target_lang: str = "id",
) -> Glossary:
    """Load several glossaries and merge them into one, later ones taking precedence.

    Within each file the usual validation applies. Across files, a repeated entry is merged and an English term
    that a later glossary translates differently takes the later translation (an ``info`` issue records it):
    list a project glossary after the shipped ones to override them.
    """
    loaded: list[Glossary] = []
    found: list[GlossaryIssue] = []
    for item in names_or_paths:
        loaded.append(
            load_glossary(item, strict=strict, issues=found, source_lang=source_lang, target_lang=target_lang)
        )
    merged = merge_glossaries(loaded, issues=found)
    if issues is not None:
        issues.extend(found)
    return merged


def merge_glossaries(glossaries: Sequence[Glossary], *, issues: list[GlossaryIssue] | None = None) -> Glossary:
    """Merge already loaded glossaries (later ones win conflicts; see :func:`load_glossaries`)."""
    if len(glossaries) == 1:
        return glossaries[0]
    log = IssueLog(None)
    entries = [entry for glossary in glossaries for entry in glossary.entries]
    kept = check_entries(entries, log, override=True)
    if issues is not None:
        # Issues found across files name the file of the entry they are about.
        for issue in log.issues:
            issues.append(issue)
    names = "+".join(glossary.name for glossary in glossaries if glossary.name)
    first = glossaries[0] if glossaries else Glossary(entries=())
    return Glossary(entries=tuple(kept), name=names, source_lang=first.source_lang, target_lang=first.target_lang)


def orient_glossary(glossary: Glossary, source_lang: str, target_lang: str) -> Glossary:
    """``glossary`` for checking a ``source_lang`` → ``target_lang`` translation: as it is when its languages run
    that way, :func:`reverse_glossary` when they run the other way (an English→Indonesian glossary checking an
    Indonesian→English translation). The one place the CLI and the library turn a glossary round."""
    if (glossary.source_lang, glossary.target_lang) == (target_lang, source_lang) and source_lang != target_lang:
        return reverse_glossary(glossary)
    return glossary


def reverse_glossary(glossary: Glossary) -> Glossary:
    """The glossary read the other way round, for checking a translation into its source language
    (Indonesian→English): each entry's accepted target forms become its source forms and the other way round.

    Entries sharing a target form ("kalsifikasi" for both "calcification" and "calcified") become one entry
    whose accepted forms are all their source forms: read backwards, any of them translates it. Forbidden forms
    are left out (they are forms of the original target language, now the source: nothing in the new target can
    be one of them); do-not-translate entries stay as they are; part of speech, flags and origin are those of
    the first entry.
    """
    from termalign.glossary.rows import fold_case

    at: dict[tuple[str, bool], int] = {}
    order: list[GlossaryEntry] = []
    for e in glossary.entries:
        if e.do_not_translate:
            order.append(replace(e, forbidden=()))
            continue
        key = (fold_case(e.target), e.case_sensitive)
        k = at.get(key)
        if k is None:
            at[key] = len(order)
            order.append(replace(e, source=e.target, target=e.source, source_variants=e.target_variants,
                                 target_variants=_unique_forms((*e.source_variants, *_shared_acronyms(e))),
                                 forbidden=()))
            continue
        got = order[k]
        targets = _unique_forms((*got.targets, *e.sources, *_shared_acronyms(e)))
        order[k] = replace(got, target_variants=targets[1:],
                           source_variants=_unique_forms((*got.source_variants, *e.target_variants)))
    return Glossary(entries=tuple(order), name=glossary.name, source_lang=glossary.target_lang,
                    target_lang=glossary.source_lang)


def _shared_acronyms(entry: GlossaryEntry) -> tuple[str, ...]:
    """The acronyms among ``entry``'s accepted Indonesian forms that abbreviate one of its English forms ("MRI"
    of magnetic resonance imaging, "ICU"): English keeps them too, so reversed they are accepted English forms,
    not Indonesian left untranslated ("LED", laju endap darah, is not one)."""
    from termalign.lang.english import abbreviates

    return tuple(t for t in entry.targets if any(abbreviates(t, s) for s in entry.sources))


def _unique_forms(forms: Iterable[str]) -> tuple[str, ...]:
    """``forms`` without repeats (compared case-folded), first occurrence kept, in order."""
    from termalign.glossary.rows import fold_case

    seen: dict[str, str] = {}
    for form in forms:
        seen.setdefault(fold_case(form), form)
    return tuple(seen.values())


def validate_glossary(
    name_or_path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    source_lang: str = "en",
    target_lang: str = "id",
    encoding: str | None = None,
) -> list[GlossaryIssue]:
    """Every issue in a glossary file, sorted by line; an unreadable or unparsable file gives one error issue."""
    found: list[GlossaryIssue] = []
    try:
        name, data, glossary_name, shipped = _resolve(name_or_path)
        _, found = _load_bytes(
            data,
            name=name,
            fmt=fmt if fmt is not None or not shipped else "tsv",
            glossary_name=glossary_name or "",
            source_lang=source_lang,
            target_lang=target_lang,
            encoding=encoding,
        )
    except InputError as err:
        file = err.file if err.file is not None else display_name(os.fspath(name_or_path))
        found = [GlossaryIssue("error", file, err.line, err.message, "unreadable", err.hint)]
    return found


# --------------------------------------------------------------------------------------------------------------
# Writing


def write_glossary(glossary: Glossary, fmt: str) -> str:
    """The text of ``glossary`` in ``fmt`` (``tsv``, ``csv``, ``omegat``, ``tbx`` (v3), ``tbx2``, ``po``)."""
    fmt = fmt.lower()
    if fmt not in GLOSSARIES:
        raise InputError(f"unknown glossary format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    text: str = GLOSSARIES[fmt].write_function()(glossary)
    return text


def save_glossary(
    glossary: Glossary, path: str | os.PathLike[str], *, fmt: str | None = None, overwrite: bool = False
) -> None:
    """Write ``glossary`` to ``path`` atomically (format from ``fmt`` or the extension; ``-`` is stdout)."""
    if fmt is None:
        fmt = GLOSSARIES.by_extension(os.fspath(path))
        if fmt is None:
            raise InputError(
                "cannot tell the output format from the file name",
                file=display_name(os.fspath(path)),
                hint=f"use a .tsv/.csv/.txt/.tbx/.po name or name the format ({', '.join(FORMATS)})",
            )
    write_output(path, write_glossary(glossary, fmt), overwrite=overwrite)


def lost_in_format(glossary: Glossary, fmt: str) -> list[str]:
    """What ``fmt`` cannot hold of ``glossary`` (``["forbidden forms (3 entries)", ...]``); empty when lossless."""
    fmt = fmt.lower()
    counts: dict[str, int] = {}

    def count(label: str, present: bool) -> None:
        if present:
            counts[label] = counts.get(label, 0) + 1

    for entry in glossary.entries:
        if fmt == "omegat":
            count("English variants", bool(entry.source_variants))
            count("forbidden forms", bool(entry.forbidden))
            count("part of speech", bool(entry.pos))
            count("domain", bool(entry.domain))
            count("flags", entry.case_sensitive or entry.do_not_translate)
        elif fmt in ("tbx", "tbx2"):
            count("non-TBX part of speech (written as 'other')", bool(entry.pos) and entry.pos not in PARTS_OF_SPEECH)
    return [f"{label} ({n} entr{'y' if n == 1 else 'ies'})" for label, n in counts.items()]
