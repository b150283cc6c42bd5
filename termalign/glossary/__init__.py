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

The package's modules: :mod:`~termalign.glossary.rows` (issues and the validation of one row, what the format
readers build on), :mod:`~termalign.glossary.conflicts` (duplicates and conflicts across rows),
:mod:`~termalign.glossary.shipped` (the shipped glossaries), :mod:`~termalign.glossary.load` (load, merge,
save) and :mod:`~termalign.glossary.index` (lookups). Every public name is importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from termalign._lazy import lazy_getattr

# Public name → the module of this package that defines it. Names are imported on first use, so that the format
# readers, which build on termalign.glossary.rows, do not pull in loading, merging and lookups with it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("check_entries",), "conflicts"),
    **dict.fromkeys(("GlossaryIndex",), "index"),
    **dict.fromkeys(("EXTENSIONS", "FORMATS", "detect_format", "load_glossaries", "load_glossary", "lost_in_format",
                     "merge_glossaries", "orient_glossary", "parse_glossary", "reverse_glossary", "save_glossary",
                     "validate_glossary", "write_glossary"),
                    "load"),
    **dict.fromkeys(("FLAGS", "PARTS_OF_SPEECH", "VARIANT_SEPARATOR", "GlossaryIssue", "IssueLog", "build_entry",
                     "entry_flags", "fold_case", "normalize_form", "raise_first_error", "split_variants"), "rows"),
    **dict.fromkeys(("CATALOG_SUFFIXES", "SHIPPED_EXTENSION", "SHIPPED_PREFIX", "available_glossaries",
                     "default_glossary", "shipped_display_name", "shipped_glossary_path"), "shipped"),
}

if TYPE_CHECKING:  # pragma: no cover
    from termalign.glossary.conflicts import check_entries
    from termalign.glossary.index import GlossaryIndex
    from termalign.glossary.load import (
        EXTENSIONS,
        FORMATS,
        detect_format,
        load_glossaries,
        load_glossary,
        lost_in_format,
        merge_glossaries,
        orient_glossary,
        parse_glossary,
        reverse_glossary,
        save_glossary,
        validate_glossary,
        write_glossary,
    )
    from termalign.glossary.rows import (
        FLAGS,
        PARTS_OF_SPEECH,
        VARIANT_SEPARATOR,
        GlossaryIssue,
        IssueLog,
        build_entry,
        entry_flags,
        fold_case,
        normalize_form,
        raise_first_error,
        split_variants,
    )
    from termalign.glossary.shipped import (
        CATALOG_SUFFIXES,
        SHIPPED_EXTENSION,
        SHIPPED_PREFIX,
        available_glossaries,
        default_glossary,
        shipped_display_name,
        shipped_glossary_path,
    )


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "CATALOG_SUFFIXES",
    "EXTENSIONS",
    "FLAGS",
    "FORMATS",
    "PARTS_OF_SPEECH",
    "SHIPPED_EXTENSION",
    "SHIPPED_PREFIX",
    "VARIANT_SEPARATOR",
    "GlossaryIndex",
    "GlossaryIssue",
    "IssueLog",
    "available_glossaries",
    "build_entry",
    "check_entries",
    "default_glossary",
    "detect_format",
    "entry_flags",
    "fold_case",
    "load_glossaries",
    "load_glossary",
    "lost_in_format",
    "merge_glossaries",
    "normalize_form",
    "orient_glossary",
    "parse_glossary",
    "raise_first_error",
    "reverse_glossary",
    "save_glossary",
    "shipped_display_name",
    "shipped_glossary_path",
    "split_variants",
    "validate_glossary",
    "write_glossary",
]
