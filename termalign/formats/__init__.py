"""File formats of aligned data, one module per format, kept apart from the algorithms.

Writers take an :class:`~termalign.model.Alignment` and return text; readers give an ``Alignment`` back:

=========  ==========================================  ===========================================
format     write                                       read
=========  ==========================================  ===========================================
json       :func:`to_json` (complete, versioned)        :func:`from_json`
po         :func:`to_po`, :func:`update_catalog`        :func:`po_to_alignment`
tmx        :func:`to_tmx` (TMX 1.4b)                    :func:`read_tmx` + :func:`tmx_to_alignment`
tsv        :func:`to_tsv`                               :func:`from_tsv`
=========  ==========================================  ===========================================

:func:`read_aligned` reads any of them from a path, guessing the format. Schemas: ``docs/formats.md``.
Which formats exist, for alignments and the other kinds of data (glossaries, term lists, findings), is listed
once, in :mod:`termalign.formats.registry`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from termalign.formats.registry import ALIGNMENTS

if TYPE_CHECKING:  # pragma: no cover - the names below are imported on first use (see __getattr__)
    from termalign.formats.aligned import ALIGNED_FORMATS as ALIGNED_FORMATS
    from termalign.formats.aligned import guess_format as guess_format
    from termalign.formats.aligned import po_to_alignment as po_to_alignment
    from termalign.formats.aligned import read_aligned as read_aligned
    from termalign.formats.json_ import SCHEMA_VERSION as SCHEMA_VERSION
    from termalign.formats.json_ import from_dict as from_dict
    from termalign.formats.json_ import from_json as from_json
    from termalign.formats.json_ import summary_stats as summary_stats
    from termalign.formats.json_ import to_dict as to_dict
    from termalign.formats.json_ import to_json as to_json
    from termalign.formats.po import DEFAULT_FUZZY_BELOW as DEFAULT_FUZZY_BELOW
    from termalign.formats.po import build_catalog as build_catalog
    from termalign.formats.po import catalog_bytes as catalog_bytes
    from termalign.formats.po import load_catalog as load_catalog
    from termalign.formats.po import to_po as to_po
    from termalign.formats.po_merge import UpdateReport as UpdateReport
    from termalign.formats.po_merge import update_catalog as update_catalog
    from termalign.formats.tmx import TmxDocument as TmxDocument
    from termalign.formats.tmx import alignment_to_tmx as alignment_to_tmx
    from termalign.formats.tmx import dump_tmx as dump_tmx
    from termalign.formats.tmx import read_tmx as read_tmx
    from termalign.formats.tmx import tmx_to_alignment as tmx_to_alignment
    from termalign.formats.tmx import to_tmx as to_tmx
    from termalign.formats.tsv import from_tsv as from_tsv
    from termalign.formats.tsv import to_tsv as to_tsv
    from termalign.model import Alignment

#: Public name → the module of this package that defines it. Imported on first use, so that a command needing
#: one format (``termalign check`` reads the registry of findings formats) does not import all the others.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("ALIGNED_FORMATS", "guess_format", "po_to_alignment", "read_aligned"), "aligned"),
    **dict.fromkeys(("SCHEMA_VERSION", "from_dict", "from_json", "summary_stats", "to_dict", "to_json"), "json_"),
    **dict.fromkeys(("DEFAULT_FUZZY_BELOW", "build_catalog", "catalog_bytes", "load_catalog", "to_po"), "po"),
    **dict.fromkeys(("UpdateReport", "update_catalog"), "po_merge"),
    **dict.fromkeys(("TmxDocument", "alignment_to_tmx", "dump_tmx", "read_tmx", "tmx_to_alignment", "to_tmx"),
                    "tmx"),
    **dict.fromkeys(("from_tsv", "to_tsv"), "tsv"),
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


# Formats an alignment can be written in (``text`` is the CLI's human-readable summary, not listed here).
WRITERS = ALIGNMENTS.writable


def render(alignment: Alignment, fmt: str, **options: Any) -> str:
    """The alignment in format ``fmt`` (``json``, ``tsv``, ``po`` or ``tmx``); ``options`` go to the writer."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown alignment format {fmt!r} (choose from {', '.join(WRITERS)})")
    text: str = ALIGNMENTS[fmt].write_function()(alignment, **options)
    return text


def write_alignment(
    path: str | os.PathLike[str],
    alignment: Alignment,
    fmt: str | None = None,
    *,
    overwrite: bool = False,
    update: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    **options: Any,
) -> UpdateReport | None:
    """Write ``alignment`` to ``path`` (``-`` = standard output) atomically, in ``fmt`` or the format the
    extension names (``.json``, ``.tsv``, ``.po``, ``.tmx``).

    An existing file is replaced only with ``overwrite``, and never when it is one of ``inputs``. With
    ``update`` (PO only) an existing catalog is merged with :func:`update_catalog` instead, and the merge report
    is returned; the catalog is locked from before it is read until the merge is written (a second run fails
    at once naming the lock), and the write fails if the file changed on disk meanwhile.
    """
    from termalign.formats.aligned import guess_format
    from termalign.formats.po import catalog_bytes, load_catalog
    from termalign.formats.po_merge import update_catalog
    from termalign.textio import locked, refuse_input, write_output

    chosen = fmt or guess_format(path)
    if chosen not in WRITERS:
        raise ValueError(f"cannot tell the output format of {os.fspath(path)!r}; name one of {', '.join(WRITERS)}")
    if update and chosen != "po":
        raise ValueError("update=True merges PO catalogs only")
    hint = "choose another name, pass --force to replace it"
    if chosen == "po":
        hint += ", or --update to merge into it and keep its translations"
    if not update or str(path) == "-":
        write_output(path, render(alignment, chosen, **options), overwrite=overwrite, hint=hint, inputs=inputs)
        return None
    with locked(path):
        if not Path(path).exists():
            write_output(path, render(alignment, chosen, **options), overwrite=overwrite, hint=hint, inputs=inputs)
            return None
        name = os.fspath(path)
        refuse_input(path, inputs)
        before = os.stat(path)
        catalog = load_catalog(name)
        po_options = {k: v for k, v in options.items() if k in ("fuzzy_below", "source_file", "target_file")}
        report = update_catalog(catalog, alignment, **po_options)
        write_output(path, catalog_bytes(catalog, name=name), overwrite=True, inputs=inputs, unchanged=before)
        return report


__all__ = [
    "ALIGNED_FORMATS",
    "ALIGNMENTS",
    "DEFAULT_FUZZY_BELOW",
    "SCHEMA_VERSION",
    "WRITERS",
    "TmxDocument",
    "UpdateReport",
    "alignment_to_tmx",
    "build_catalog",
    "catalog_bytes",
    "dump_tmx",
    "from_dict",
    "from_json",
    "from_tsv",
    "guess_format",
    "load_catalog",
    "po_to_alignment",
    "read_aligned",
    "read_tmx",
    "render",
    "summary_stats",
    "tmx_to_alignment",
    "to_dict",
    "to_json",
    "to_po",
    "to_tmx",
    "to_tsv",
    "update_catalog",
    "write_alignment",
]
