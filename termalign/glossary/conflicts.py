"""Checks across the entries of a glossary: duplicates, conflicting translations, a form one entry accepts and
another forbids. Used on each file as it loads and on several glossaries being merged (later ones win).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from termalign.glossary.rows import IssueLog, _unique, fold_case
from termalign.model import GlossaryEntry

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
    if not override:
        _check_near_duplicates(result, log)
    return result


#: What a near-duplicate source term may differ in: spaces, hyphens and underscores ("e-mail", "email",
#: "E mail"); case differences are duplicates already (forms are compared case-folded).
_JOINERS = re.compile(r"[\s\-_\u2010\u2011]+")


def _check_near_duplicates(entries: Sequence[GlossaryEntry], log: IssueLog) -> None:
    """Warn about two entries of one file whose source terms differ only in spaces or hyphens: one concept
    entered twice (the checks then treat them as two terms, and may expect either translation)."""
    first: dict[str, tuple[GlossaryEntry, str]] = {}
    for entry in entries:
        for form in entry.sources:
            folded = fold_case(form)
            key = _JOINERS.sub("", folded)
            if not key:
                continue
            got = first.get(key)
            if got is None:
                first[key] = (entry, folded)
                continue
            other, other_folded = got
            if other is entry or other_folded == folded or not _overlap(entry.pos, other.pos):
                continue
            log.warning(
                _origin_line(entry),
                f"{form!r} differs from {other.source!r} at {_where_short(other, entry)} only in spaces or hyphens: "
                "the same term twice?",
                "near-duplicate",
                "merge the rows (one form as a source variant of the other), or give them different pos",
                file=_origin_file(entry),
            )
            break


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
