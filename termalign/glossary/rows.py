"""Glossary rows: the issue records readers report, and one row's text fields made into a checked entry.

This is the glossary data-type module that the format readers and writers (``termalign/formats/``) build on:
it imports nothing but :mod:`termalign.model`, :mod:`termalign.errors` and :mod:`termalign.textio`, so a
reader can use it without pulling in loading, merging or lookups. Everything here is re-exported by
:mod:`termalign.glossary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from termalign.errors import InputError, printable
from termalign.model import GlossaryEntry, Location, Severity
from termalign.textio import normalise

# Parts of speech: the TBX-Basic ``partOfSpeech`` values, so that every glossary converts to valid TBX.
PARTS_OF_SPEECH: tuple[str, ...] = ("noun", "verb", "adjective", "adverb", "other")
FLAGS: tuple[str, ...] = ("case-sensitive", "do-not-translate")
VARIANT_SEPARATOR = "|"


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
        return printable(text)


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
    """A term as compared and stored: normalised as every text termalign reads (:func:`termalign.textio.normalise`:
    NFC, zero-width characters dropped), surrounding space removed, inner runs of white space made one space.

    Every glossary reader goes through it (through :func:`build_entry`, and the TBX reader for each element's
    text), so a term reads the same from any format: a TBX term with a zero-width space equals the TSV one.
    """
    return " ".join((form if form.isascii() else normalise(form)).split())


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
        if not raw.isascii():
            raw = normalise(raw)
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
# Issues in order


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
