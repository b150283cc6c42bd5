"""Reference glossaries: load them from files or by name, validate them, merge them and look terms up.

A glossary is plain data (:class:`~termalign.model.Glossary` of :class:`~termalign.model.GlossaryEntry`), so
this module is a small API over files, in the spirit of ``wordfreq``::

    from termalign.glossary import GlossaryIndex, load_glossary

    medical = load_glossary("medical")                  # shipped (also "glossary:medical")
    mine = load_glossary("terms/project.tbx")           # or any TSV, CSV, OmegaT, TBX or PO file
    index = GlossaryIndex(medical)
    [e.target for e in index.by_source("Phlebolith")]   # ['flebolit']

Every file is validated while it is read. Problems are :class:`GlossaryIssue` records naming the file and
line: errors (an empty term, a broken header, two rows giving the same English term different translations,
a form both accepted and forbidden) and warnings (a duplicate row, a stray quote, an unknown flag). In strict
mode (the default) the first error raises :class:`~termalign.errors.InputError`; :func:`validate_glossary`
returns every issue at once instead, for reports and CI.

Formats: the shipped TSV format (``docs/glossary-format.md``), CSV with the same header, OmegaT glossaries
(``source<TAB>target<TAB>comment``), TBX (ISO 30042, v3 and the older v2/``martif`` layout) and PO glossaries.
The readers and writers live in ``termalign/formats/`` and are imported only when a file of their kind is used.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from termalign._gc import paused_gc
from termalign.errors import InputError
from termalign.model import Glossary, GlossaryEntry, Location, Severity
from termalign.textio import decode, display_name, read_bytes, write_output

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# ``tbx2`` writes the TBX v2 ("martif") layout for tools that do not read v3; it reads like ``tbx``.
FORMATS: tuple[str, ...] = ("tsv", "csv", "omegat", "tbx", "tbx2", "po")
# File name endings → format. OmegaT names its UTF-8 glossaries ``*.utf8``; ``.txt``/``.tab`` are its other forms.
EXTENSIONS: dict[str, str] = {
    ".tsv": "tsv",
    ".csv": "csv",
    ".txt": "omegat",
    ".tab": "omegat",
    ".utf8": "omegat",
    ".tbx": "tbx",
    ".po": "po",
    ".pot": "po",
}
# Parts of speech: the TBX-Basic ``partOfSpeech`` values, so that every glossary converts to valid TBX.
PARTS_OF_SPEECH: tuple[str, ...] = ("noun", "verb", "adjective", "adverb", "other")
FLAGS: tuple[str, ...] = ("case-sensitive", "do-not-translate")
VARIANT_SEPARATOR = "|"
SHIPPED_EXTENSION = ".tsv"
# Shipped glossaries are named ``glossary:NAME`` in messages and entry origins (``glossary:medical:635``), never
# by where the package happens to be installed, so reports are the same on every machine; the name also works
# as input (``--glossary glossary:medical``) and cannot be mistaken for a user's file.
SHIPPED_PREFIX = "glossary:"


@dataclass(frozen=True)
class GlossaryIssue:
    """One problem found in a glossary file: how bad, where, what, and (when there is one) what to do.

    ``severity`` is ``error`` (the glossary cannot be used as it is: strict loading refuses it), ``warning``
    (usable, but probably not what the author meant) or ``info``. ``code`` is a stable identifier
    (``conflict``, ``duplicate``, ``empty-field``...) for tools and tests; see ``docs/glossary-format.md``.
    """

    severity: Severity
    file: str | None
    line: int | None
    message: str
    code: str = ""
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file or "<glossary>"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class IssueLog:
    """Collects the issues of one file while a reader works through it (readers share this helper)."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.issues: list[GlossaryIssue] = []

    def add(
        self,
        severity: Severity,
        line: int | None,
        message: str,
        code: str,
        hint: str | None = None,
        *,
        file: str | None = None,
    ) -> None:
        """Record an issue at ``line`` of ``file`` (default: this log's file)."""
        self.issues.append(GlossaryIssue(severity, file or self.file, line, message, code, hint))

    def error(
        self, line: int | None, message: str, code: str, hint: str | None = None, *, file: str | None = None
    ) -> None:
        """Record an error (strict loading will refuse the file)."""
        self.add("error", line, message, code, hint, file=file)

    def warning(
        self, line: int | None, message: str, code: str, hint: str | None = None, *, file: str | None = None
    ) -> None:
        """Record a warning."""
        self.add("warning", line, message, code, hint, file=file)

    def info(
        self, line: int | None, message: str, code: str, hint: str | None = None, *, file: str | None = None
    ) -> None:
        """Record a note that is neither an error nor a warning."""
        self.add("info", line, message, code, hint, file=file)


# --------------------------------------------------------------------------------------------------------------
# Normalising forms (shared by the readers, the checks and the index)


def normalize_form(form: str) -> str:
    """A term as compared and stored: NFC, surrounding space removed, inner runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFC", form).split())


def fold_case(form: str) -> str:
    """The case-insensitive lookup key of a term (:func:`normalize_form` then ``str.casefold``)."""
    return normalize_form(form).casefold()


def split_variants(value: str) -> list[str]:
    """``"a | b|c"`` → ``["a", "b", "c"]`` (empty items kept as ``""`` so that callers can report them)."""
    if not value.strip():
        return []
    return [normalize_form(part) for part in value.split(VARIANT_SEPARATOR)]


def entry_flags(entry: GlossaryEntry) -> list[str]:
    """The flags of an entry in their canonical order and spelling."""
    flags = []
    if entry.case_sensitive:
        flags.append("case-sensitive")
    if entry.do_not_translate:
        flags.append("do-not-translate")
    return flags


def _unique(forms: Iterable[str], *, case_sensitive: bool) -> tuple[list[str], list[str]]:
    """Forms without repeats (first spelling kept) and the repeats dropped."""
    seen: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for form in forms:
        key = form if case_sensitive else form.casefold()
        if key in seen:
            dropped.append(form)
        else:
            seen.add(key)
            kept.append(form)
    return kept, dropped


def build_entry(
    fields: Mapping[str, str],
    *,
    log: IssueLog,
    line: int | None,
    entry_id: str | None = None,
    column_label: Mapping[str, str] | None = None,
) -> GlossaryEntry | None:
    """Make a :class:`GlossaryEntry` from the raw text fields of one row, recording what is wrong with them.

    ``fields`` uses the TSV column names (missing names count as empty). Returns ``None`` when the row cannot
    be used (empty source or target: an error is recorded). Variants and forbidden forms are ``|``-separated.
    ``column_label`` renames fields in messages (a PO reader says ``msgid`` rather than ``source``).
    """
    label = dict(column_label or {})

    def get(name: str, *, term: bool = True) -> str:
        raw = fields.get(name, "") or ""
        stripped = raw.strip()
        if stripped != raw and stripped:
            log.warning(line, f"{label.get(name, name)}: spaces around {stripped!r} removed", "whitespace")
        if term and " ".join(stripped.split()) != stripped:
            log.warning(line, f"{label.get(name, name)}: repeated spaces in {stripped!r} made one", "whitespace")
        return normalize_form(raw) if term else stripped

    flags_raw = fields.get("flags", "") or ""
    flags: set[str] = set()
    for flag in (part.strip().lower().replace("_", "-") for part in flags_raw.split(",")):
        if not flag:
            continue
        if flag in FLAGS:
            flags.add(flag)
        else:
            log.warning(line, f"unknown flag {flag!r} ignored", "unknown-flag", f"known flags: {', '.join(FLAGS)}")
    case_sensitive = "case-sensitive" in flags
    do_not_translate = "do-not-translate" in flags

    source = get("source")
    target = get("target")
    if not source:
        log.error(line, f"empty {label.get('source', 'source')} term", "empty-field", "every row needs an English term")
        return None
    if not target:
        if do_not_translate:
            target = source
        else:
            log.error(
                line,
                f"empty {label.get('target', 'target')} term for {source!r}",
                "empty-field",
                "fill in the Indonesian term, or add the flag do-not-translate if it stays in English",
            )
            return None
    for name, value in (("source", source), ("target", target)):
        if VARIANT_SEPARATOR in value:
            log.warning(
                line,
                f"{label.get(name, name)} {value!r} contains '|'",
                "separator-in-term",
                f"alternatives go in the {name}_variants column",
            )

    def variants(name: str, main: str) -> tuple[str, ...]:
        raw = fields.get(name, "") or ""
        parts = split_variants(raw)
        if any(not part for part in parts):
            log.warning(line, f"{name}: empty item in {raw.strip()!r}", "empty-variant", "remove the extra '|'")
        parts = [part for part in parts if part]
        kept, dropped = _unique(parts, case_sensitive=case_sensitive)
        for form in dropped:
            log.warning(line, f"{name}: {form!r} is listed twice", "duplicate-variant")
        if name != "forbidden":
            same = [
                form
                for form in kept
                if (form if case_sensitive else form.casefold()) == (main if case_sensitive else main.casefold())
            ]
            for form in same:
                log.warning(line, f"{name}: {form!r} repeats the main term", "duplicate-variant")
                kept.remove(form)
        return tuple(kept)

    source_variants = variants("source_variants", source)
    target_variants = variants("target_variants", target)
    forbidden = list(variants("forbidden", ""))
    accepted = {form if case_sensitive else form.casefold() for form in (target, *target_variants)}
    if do_not_translate:
        accepted |= {form if case_sensitive else form.casefold() for form in (source, *source_variants)}
    for form in list(forbidden):
        if (form if case_sensitive else form.casefold()) in accepted:
            log.error(
                line,
                f"{form!r} is both an accepted and a forbidden form of {source!r}",
                "forbidden-accepted",
                "remove it from one of the columns",
            )
            forbidden.remove(form)

    pos = get("pos", term=False).lower()
    if pos and pos not in PARTS_OF_SPEECH:
        log.warning(
            line,
            f"unknown part of speech {pos!r}",
            "unknown-pos",
            f"use one of {', '.join(PARTS_OF_SPEECH)} (the TBX-Basic values); TBX export writes 'other'",
        )
    return GlossaryEntry(
        source=source,
        target=target,
        source_variants=source_variants,
        target_variants=target_variants,
        forbidden=tuple(forbidden),
        pos=pos,
        domain=get("domain", term=False),
        note=" ".join(get("note", term=False).split()),
        case_sensitive=case_sensitive,
        do_not_translate=do_not_translate,
        origin=Location(file=log.file, line=line, entry=entry_id),
    )


# --------------------------------------------------------------------------------------------------------------
# Checks across entries: duplicates, conflicts, forms accepted by one entry and forbidden by another


def _overlap(a: str, b: str) -> bool:
    """Two pos (or domain) labels can describe the same sense unless both are given and differ."""
    return not a or not b or a.casefold() == b.casefold()


def _same_form(a: str, b: str, case_sensitive: bool) -> bool:
    return a == b if case_sensitive else a.casefold() == b.casefold()


def _where(entry: GlossaryEntry) -> str:
    origin = entry.origin
    if origin is None:
        return "another entry"
    if origin.line is not None:
        return f"line {origin.line}" if origin.file is None else f"line {origin.line} of {origin.file}"
    if origin.entry is not None:
        return f"entry {origin.entry}"
    return f"{origin.file}" if origin.file else "another entry"


def _same_place(a: GlossaryEntry, b: GlossaryEntry) -> bool:
    return a.origin is not None and b.origin is not None and a.origin.file == b.origin.file


def _where_short(entry: GlossaryEntry, other: GlossaryEntry) -> str:
    """``line 7`` within one file, ``line 7 of medical.tsv`` across files."""
    if _same_place(entry, other) and entry.origin is not None and entry.origin.line is not None:
        return f"line {entry.origin.line}"
    if _same_place(entry, other) and entry.origin is not None and entry.origin.entry is not None:
        return f"entry {entry.origin.entry}"
    return _where(entry)


def _merge_duplicate(first: GlossaryEntry, second: GlossaryEntry, log: IssueLog, *, override: bool) -> GlossaryEntry:
    """``first`` with the variants and forbidden forms of ``second`` added (order kept, no repeats).

    A form one row accepts and the other forbids is an error within a file (``info`` across merged files); the
    merged entry keeps it accepted.
    """
    cs = first.case_sensitive or second.case_sensitive

    def union(a: tuple[str, ...], b: tuple[str, ...], exclude: str) -> tuple[str, ...]:
        kept, _ = _unique([*a, *b], case_sensitive=cs)
        return tuple(form for form in kept if not _same_form(form, exclude, cs))

    merged = replace(
        first,
        source_variants=union(first.source_variants, second.source_variants, first.source),
        target_variants=union(first.target_variants, second.target_variants, first.target),
        forbidden=union(first.forbidden, second.forbidden, "\0"),
        note=first.note or second.note,
        pos=first.pos or second.pos,
        domain=first.domain or second.domain,
    )
    accepted = (merged.target, *merged.target_variants, *(merged.sources if merged.do_not_translate else ()))
    clash = [form for form in merged.forbidden if any(_same_form(form, a, cs) for a in accepted)]
    if clash and override:
        log.info(
            _origin_line(second),
            f"{clash[0]!r} is accepted for {merged.source!r} here and forbidden at {_where(first)}: accepted",
            "override",
            file=_origin_file(second),
        )
    elif clash:
        log.error(
            _origin_line(second),
            f"{clash[0]!r} is accepted for {merged.source!r} in one row and forbidden in the other "
            f"({_where_short(first, second)})",
            "forbidden-accepted",
            "remove it from one of the columns",
            file=_origin_file(second),
        )
    if clash:
        merged = replace(merged, forbidden=tuple(form for form in merged.forbidden if form not in clash))
    return merged


def _origin_line(entry: GlossaryEntry) -> int | None:
    return entry.origin.line if entry.origin is not None else None


def _origin_file(entry: GlossaryEntry) -> str | None:
    return entry.origin.file if entry.origin is not None else None


def check_entries(entries: Sequence[GlossaryEntry], log: IssueLog, *, override: bool = False) -> list[GlossaryEntry]:
    """Find duplicates and conflicts among ``entries`` (in file order) and return the entries to keep.

    * the same English term, translation, part of speech and domain twice: a warning, and the second row's
      variants are merged into the first;
    * the same English term (or an English variant) with a different translation, where part of speech and
      domain do not tell them apart: an error (``override=False``, within one file: the checker could not know
      which to expect; the later row is dropped), or, when merging several glossaries (``override=True``), the
      later glossary wins and an ``info`` issue says so;
    * a form one entry accepts and another (of an overlapping domain) forbids: a warning.
    """
    kept: list[GlossaryEntry | None] = []
    by_form: dict[str, list[int]] = {}
    for entry in entries:
        drop = False
        candidates: list[int] = []
        for form in entry.sources:
            for index in by_form.get(fold_case(form), ()):
                if index not in candidates:
                    candidates.append(index)
        for index in candidates:
            other = kept[index]
            if other is None:
                continue
            if not (_overlap(entry.pos, other.pos) and _overlap(entry.domain, other.domain)):
                continue
            cs = entry.case_sensitive or other.case_sensitive
            shared = [form for form in entry.sources if any(_same_form(form, o, cs) for o in other.sources)]
            if not shared:
                continue
            same_target = _same_form(entry.target, other.target, cs) or (
                entry.do_not_translate and other.do_not_translate
            )
            here = _origin_line(entry)
            file = _origin_file(entry)
            if same_target and _same_form(entry.source, other.source, cs):
                if (entry.pos, entry.domain) == (other.pos, other.domain) or not override:
                    identical = replace(entry, origin=other.origin) == other
                    if not override or not identical:
                        log.warning(
                            here,
                            f"duplicate entry {entry.source!r} → {entry.target!r}: same as {_where_short(other, entry)}"
                            + ("" if identical else "; its variants were merged into it"),
                            "duplicate",
                            "delete one of the rows",
                            file=file,
                        )
                    kept[index] = _merge_duplicate(other, entry, log, override=override)
                    drop = True
                    break
                continue
            if same_target:
                log.warning(
                    here,
                    f"{shared[0]!r} is also listed at {_where_short(other, entry)} with the same translation "
                    f"{entry.target!r}",
                    "duplicate",
                    "keep the English form in one entry only",
                    file=file,
                )
                continue
            if override and not _same_place(entry, other):
                log.info(
                    here,
                    f"{shared[0]!r} → {entry.target!r} replaces {other.target!r} from {_where(other)}",
                    "override",
                    file=file,
                )
                kept[index] = None
                continue
            log.error(
                here,
                f"conflicting translations for {shared[0]!r}: {entry.target!r} here, {other.target!r} at "
                f"{_where_short(other, entry)}",
                "conflict",
                "put accepted alternatives in target_variants of one row, or give the rows different pos/domain "
                "if they are different senses",
                file=file,
            )
            drop = True
            break
        if drop:
            continue
        slot = len(kept)
        kept.append(entry)
        for form in entry.sources:
            by_form.setdefault(fold_case(form), []).append(slot)
    result = [entry for entry in kept if entry is not None]
    _check_forbidden_elsewhere(result, log)
    return result


def _check_forbidden_elsewhere(entries: Sequence[GlossaryEntry], log: IssueLog) -> None:
    forbidden_by: dict[str, list[GlossaryEntry]] = {}
    for entry in entries:
        for form in entry.forbidden:
            forbidden_by.setdefault(fold_case(form), []).append(entry)
    if not forbidden_by:
        return
    for entry in entries:
        for form in dict.fromkeys((entry.target, *entry.target_variants)):
            for other in forbidden_by.get(fold_case(form), ()):
                if other is entry or not _overlap(entry.domain, other.domain):
                    continue
                cs = entry.case_sensitive or other.case_sensitive
                if not any(_same_form(form, f, cs) for f in other.forbidden):
                    continue
                log.warning(
                    _origin_line(entry),
                    f"{form!r} is accepted for {entry.source!r} but forbidden for {other.source!r} at "
                    f"{_where_short(other, entry)}",
                    "forbidden-elsewhere",
                    "a checker will flag this form in texts about either term; set a domain on one of them",
                    file=_origin_file(entry),
                )


# --------------------------------------------------------------------------------------------------------------
# Finding and loading glossaries


def _shipped_dirs() -> list[Path | Traversable]:
    """Where shipped glossaries live: inside the installed package, then the source checkout (editable installs)."""
    found: list[Path | Traversable] = []
    packaged = resources.files("termalign").joinpath("glossaries")
    if packaged.is_dir():
        found.append(packaged)
    checkout = Path(__file__).resolve().parent.parent / "glossaries"
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        found.append(checkout)
    return found


def _shipped_files() -> dict[str, Path | Traversable]:
    files: dict[str, Path | Traversable] = {}
    for folder in _shipped_dirs():
        for item in folder.iterdir():
            name = item.name
            if name.endswith(SHIPPED_EXTENSION) and item.is_file() and not name.startswith("."):
                files.setdefault(name[: -len(SHIPPED_EXTENSION)], item)
    return dict(sorted(files.items()))


def available_glossaries() -> list[str]:
    """Names of the glossaries shipped with termalign (``["medical", "software"]``), sorted."""
    return list(_shipped_files())


def shipped_glossary_path(name: str) -> str:
    """Where the shipped glossary ``name`` is read from on this machine (for ``glossary list``).

    Messages and entry origins do not use this path (it differs between installs): they use
    :func:`shipped_display_name`.
    """
    name = name.removeprefix(SHIPPED_PREFIX)
    files = _shipped_files()
    if name not in files:
        raise _unknown_name(name, files)
    return str(files[name])


def shipped_display_name(name: str) -> str:
    """How the shipped glossary ``name`` is named in messages and entry origins: ``glossary:medical``.

    The same on every machine and install (unlike the file's path), and accepted back as a glossary name.
    """
    return SHIPPED_PREFIX + name.removeprefix(SHIPPED_PREFIX)


def _unknown_name(name: str, files: Mapping[str, object]) -> InputError:
    names = ", ".join(files) or "none installed"
    return InputError(
        "no such glossary file or shipped glossary",
        file=name,
        hint=f"shipped glossaries: {names}; or give a path to a .tsv, .csv, .txt, .tbx or .po file",
    )


def _looks_like_path(name: str) -> bool:
    return os.sep in name or "/" in name or (os.altsep is not None and os.altsep in name) or "." in name


def detect_format(path: str | os.PathLike[str], sample: str = "") -> str:
    """The glossary format of ``path`` from its extension, or from its first characters when that says nothing."""
    suffix = Path(str(path)).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    head = sample.lstrip("\ufeff \t\r\n")[:4096]
    first_line = _first_data_line(head).lower()
    if fmt == "omegat" and first_line.startswith("source\ttarget"):
        return "tsv"  # our own TSV saved as .txt
    from termalign.formats.glossary_tsv import COLUMNS as TSV_COLUMNS  # the format module imports this one

    cells = [cell.strip() for cell in first_line.split("\t")]
    if fmt == "tsv" and first_line and len(cells) <= 3 and not set(cells) & set(TSV_COLUMNS):
        return "omegat"  # a headerless source<TAB>target[<TAB>comment] file: OmegaT layout (termalign terms drafts)
    if fmt is not None:
        return fmt
    if head.startswith("<"):
        return "tbx"
    if head.startswith(("msgid", "msgctxt")) or "\nmsgid " in head:
        return "po"
    first = _first_data_line(head).lower()
    if first.startswith("source\t"):
        return "tsv"
    if first.startswith(("source,", "source;")):
        return "csv"
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
    """Run the reader of ``fmt`` on raw file bytes: entries plus the issues of individual rows."""
    if fmt in ("tbx", "tbx2"):
        from termalign.formats import tbx

        return tbx.read_tbx(data, file=name, source_lang=source_lang, target_lang=target_lang)
    if fmt == "po":
        from termalign.formats import glossary_po
        from termalign.formats.po import decode_po

        return glossary_po.read_po(decode_po(data, name, encoding), file=name)  # in the charset of its header
    text = decode(data, name=name, encoding=encoding)
    if fmt in ("tsv", "csv", "omegat"):
        from termalign.formats import glossary_tsv

        reader = {"tsv": glossary_tsv.read_tsv, "csv": glossary_tsv.read_csv, "omegat": glossary_tsv.read_omegat}
        return reader[fmt](text, file=name)
    raise InputError(f"unknown glossary format {fmt!r}", file=name, hint=f"use one of {', '.join(FORMATS)}")


def _sorted_issues(issues: Iterable[GlossaryIssue]) -> list[GlossaryIssue]:
    order = {"error": 0, "warning": 1, "info": 2}
    indexed = list(enumerate(issues))
    indexed.sort(key=lambda item: (item[1].file or "", item[1].line or 0, order[item[1].severity], item[0]))
    return [issue for _, issue in indexed]


def raise_first_error(issues: Sequence[GlossaryIssue], *, command_hint: str | None = None) -> None:
    """Raise :class:`InputError` for the first error among ``issues`` (by file and line), if there is one."""
    errors = [issue for issue in _sorted_issues(issues) if issue.severity == "error"]
    if not errors:
        return
    first = errors[0]
    hint = first.hint
    if len(errors) > 1:
        more = f"{len(errors) - 1} more error(s): run `termalign glossary validate {first.file}` to list them all"
        hint = f"{hint}; {more}" if hint else more
    raise InputError(
        first.message,
        file=first.file,
        line=first.line,
        hint=hint if command_hint is None else (f"{hint}; {command_hint}" if hint else command_hint),
    )


def _resolve(name_or_path: str | os.PathLike[str]) -> tuple[str, bytes, str | None, bool]:
    """(display name, bytes, glossary name, shipped?) for a shipped name or a path."""
    text = os.fspath(name_or_path)
    if not isinstance(name_or_path, os.PathLike) and text.startswith(SHIPPED_PREFIX):
        # ``glossary:medical``: always the shipped glossary, even when a file of that name exists.
        files = _shipped_files()
        shipped = text[len(SHIPPED_PREFIX):]
        if shipped not in files:
            raise _unknown_name(text, files)
        return shipped_display_name(shipped), files[shipped].read_bytes(), shipped, True
    is_path = isinstance(name_or_path, os.PathLike) or _looks_like_path(text) or text == "-"
    if not is_path:
        files = _shipped_files()
        if text in files:
            return shipped_display_name(text), files[text].read_bytes(), text, True
        if not Path(text).is_file():
            raise _unknown_name(text, files)
    stem = Path(text).name.split(".")[0] if text != "-" else "stdin"
    return display_name(text), read_bytes(text), stem, False


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
            glossary, found = _load_bytes(
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
    glossary, found = _load_bytes(data, name=name, fmt="tsv", glossary_name=stem)
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
    if fmt in ("tsv", "csv", "omegat"):
        from termalign.formats import glossary_tsv

        writer = {"tsv": glossary_tsv.write_tsv, "csv": glossary_tsv.write_csv, "omegat": glossary_tsv.write_omegat}
        return writer[fmt](glossary)
    if fmt in ("tbx", "tbx2"):
        from termalign.formats import tbx

        return tbx.write_tbx(glossary, version=2 if fmt == "tbx2" else 3)
    if fmt == "po":
        from termalign.formats import glossary_po

        return glossary_po.write_po(glossary)
    raise InputError(f"unknown glossary format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")


def save_glossary(
    glossary: Glossary, path: str | os.PathLike[str], *, fmt: str | None = None, overwrite: bool = False
) -> None:
    """Write ``glossary`` to ``path`` atomically (format from ``fmt`` or the extension; ``-`` is stdout)."""
    if fmt is None:
        fmt = EXTENSIONS.get(Path(os.fspath(path)).suffix.lower())
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


# --------------------------------------------------------------------------------------------------------------
# Lookups


class _FormMap:
    """Entries by term form: exact keys for case-sensitive entries, case-folded keys for the others."""

    def __init__(self) -> None:
        self.exact: dict[str, list[GlossaryEntry]] = {}
        self.folded: dict[str, list[GlossaryEntry]] = {}
        self._seen: set[tuple[bool, str, int]] = set()  # (case-sensitive, key, id(entry)): O(1) duplicate test

    def add(self, form: str, entry: GlossaryEntry) -> None:
        key = normalize_form(form) if entry.case_sensitive else fold_case(form)
        marker = (entry.case_sensitive, key, id(entry))
        if marker in self._seen:
            return
        self._seen.add(marker)
        (self.exact if entry.case_sensitive else self.folded).setdefault(key, []).append(entry)

    def get(self, form: str) -> tuple[GlossaryEntry, ...]:
        norm = normalize_form(form)
        exact = self.exact.get(norm, ())
        folded = self.folded.get(norm.casefold(), ())
        if not exact:
            return tuple(folded)
        if not folded:
            return tuple(exact)
        return tuple(exact) + tuple(entry for entry in folded if not any(entry is e for e in exact))


class GlossaryIndex:
    """Lookups into a glossary, built once: by English form, by accepted Indonesian form, by forbidden form.

    Keys are :func:`normalize_form`-ed and case-folded, except for ``case-sensitive`` entries, which only match
    their exact spelling (``PDF`` does not match ``pdf``). Results keep glossary order. ``by_spelling`` matches on
    :func:`termalign.spelling.fold` keys instead ("Flebolith" finds the entry for "flebolit"), built on first use.
    """

    def __init__(self, glossary: Glossary | Iterable[GlossaryEntry]) -> None:
        self.entries: tuple[GlossaryEntry, ...] = tuple(
            glossary.entries if isinstance(glossary, Glossary) else glossary
        )
        self._source = _FormMap()
        self._target = _FormMap()
        self._forbidden = _FormMap()
        self.max_source_words = 0
        self.max_target_words = 0
        for entry in self.entries:
            for form in entry.sources:
                self._source.add(form, entry)
                self.max_source_words = max(self.max_source_words, len(form.split()))
            for form in entry.targets:
                self._target.add(form, entry)
                self.max_target_words = max(self.max_target_words, len(form.split()))
            for form in entry.forbidden:
                self._forbidden.add(form, entry)
                self.max_target_words = max(self.max_target_words, len(form.split()))
        self._spelling: dict[str, dict[str, list[GlossaryEntry]]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def key(form: str, *, case_sensitive: bool = False) -> str:
        """The lookup key of ``form``: what :meth:`by_source` and friends compare."""
        return normalize_form(form) if case_sensitive else fold_case(form)

    def by_source(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries with ``form`` as their English term or one of its variants."""
        return self._source.get(form)

    def by_target(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries accepting ``form`` in Indonesian (term, variants, or the English term if do-not-translate)."""
        return self._target.get(form)

    def by_forbidden(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries that list ``form`` as forbidden."""
        return self._forbidden.get(form)

    def lookup(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries that mention ``form`` on any side (English, accepted Indonesian, forbidden), in glossary order."""
        found = [*self.by_source(form), *self.by_target(form), *self.by_forbidden(form)]
        unique: list[GlossaryEntry] = []
        for entry in found:
            if not any(entry is e for e in unique):
                unique.append(entry)
        order = {id(entry): i for i, entry in enumerate(self.entries)}
        unique.sort(key=lambda entry: order.get(id(entry), len(order)))
        return tuple(unique)

    def source_forms(self) -> dict[str, tuple[GlossaryEntry, ...]]:
        """Every English form → its entries (case-folded forms for case-insensitive entries)."""
        merged: dict[str, tuple[GlossaryEntry, ...]] = {}
        for key, entries in (*self._source.folded.items(), *self._source.exact.items()):
            merged[key] = merged.get(key, ()) + tuple(entries)
        return merged

    def target_forms(self) -> dict[str, tuple[GlossaryEntry, ...]]:
        """Every accepted Indonesian form → its entries (same keys as :meth:`source_forms`)."""
        merged: dict[str, tuple[GlossaryEntry, ...]] = {}
        for key, entries in (*self._target.folded.items(), *self._target.exact.items()):
            merged[key] = merged.get(key, ()) + tuple(entries)
        return merged

    @staticmethod
    def spelling_key(form: str) -> str:
        """The loanword-spelling key of a (multi-word) form: :func:`termalign.spelling.fold` of each word."""
        from termalign.spelling import fold

        return " ".join(fold(word) for word in normalize_form(form).split())

    def by_spelling(self, form: str, *, side: str = "target") -> tuple[GlossaryEntry, ...]:
        """Entries whose ``side`` (``source``, ``target`` or ``forbidden``) has a form spelt like ``form``."""
        if self._spelling is None:
            self._spelling = {"source": {}, "target": {}, "forbidden": {}}
            for entry in self.entries:
                for name, forms in (
                    ("source", entry.sources),
                    ("target", entry.targets),
                    ("forbidden", entry.forbidden),
                ):
                    for item in forms:
                        bucket = self._spelling[name].setdefault(self.spelling_key(item), [])
                        if not any(e is entry for e in bucket):
                            bucket.append(entry)
        if side not in self._spelling:
            raise ValueError(f"side must be source, target or forbidden, not {side!r}")
        return tuple(self._spelling[side].get(self.spelling_key(form), ()))
