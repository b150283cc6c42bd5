"""termalign: English–Indonesian sentence alignment, bilingual term extraction and terminology QA.

The pipeline runs one way, one module per stage, plain dataclasses (:mod:`termalign.model`) in between::

    text ──segment──▶ Segment ──align──▶ Alignment(beads) ──extract_terms──▶ TermPair
                                               └──────────check(glossary)──────────▶ Finding ──▶ reports

Enter at any stage with your own data: ``align_segments`` takes sentences you split yourself,
``extract_terms`` takes any :class:`~termalign.model.Alignment`, the checks take a PO file or plain text.
Names are imported lazily, so ``import termalign`` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name → module that defines it
_EXPORTS: dict[str, str] = {
    "segment": "termalign.segment",
    "align": "termalign.aligner",
    "align_segments": "termalign.aligner",
    "BilingualDictionary": "termalign.aligner.lexicon",
    "find_anchors": "termalign.aligner.anchors",
    "extract_terms": "termalign.terms",
    "load_glossary": "termalign.glossary",
    "save_glossary": "termalign.glossary",
    "write_glossary": "termalign.glossary",
    "load_glossaries": "termalign.glossary",
    "validate_glossary": "termalign.glossary",
    "available_glossaries": "termalign.glossary",
    "GlossaryIndex": "termalign.glossary",
    "check": "termalign.checks",
    "check_text": "termalign.checks",
    "check_pair": "termalign.checks",
    "check_po": "termalign.checks",
    "build_report": "termalign.report",
    "read_aligned": "termalign.formats",
    "write_alignment": "termalign.formats",
    "to_json": "termalign.formats",
    "from_json": "termalign.formats",
    "to_po": "termalign.formats",
    "update_catalog": "termalign.formats",
    "to_tmx": "termalign.formats",
    "read_tmx": "termalign.formats",
    "tmx_to_alignment": "termalign.formats",
    "to_tsv": "termalign.formats",
    "Segment": "termalign.model",
    "Anchor": "termalign.model",
    "Bead": "termalign.model",
    "Alignment": "termalign.model",
    "TermPair": "termalign.model",
    "TermOccurrence": "termalign.model",
    "Finding": "termalign.model",
    "Location": "termalign.model",
    "Glossary": "termalign.model",
    "GlossaryEntry": "termalign.model",
    "InputError": "termalign.errors",
    "TermalignError": "termalign.errors",
}

__all__ = [  # noqa: RUF022 - grouped by stage
    "__version__",
    "segment",
    "align",
    "align_segments",
    "BilingualDictionary",
    "find_anchors",
    "extract_terms",
    "load_glossary",
    "save_glossary",
    "write_glossary",
    "load_glossaries",
    "validate_glossary",
    "available_glossaries",
    "GlossaryIndex",
    "check",
    "check_text",
    "check_pair",
    "check_po",
    "build_report",
    "read_aligned",
    "write_alignment",
    "to_json",
    "from_json",
    "to_po",
    "update_catalog",
    "to_tmx",
    "read_tmx",
    "tmx_to_alignment",
    "to_tsv",
    "Segment",
    "Anchor",
    "Bead",
    "Alignment",
    "TermPair",
    "TermOccurrence",
    "Finding",
    "Location",
    "Glossary",
    "GlossaryEntry",
    "InputError",
    "TermalignError",
]

if TYPE_CHECKING:  # pragma: no cover
    from termalign.aligner import align, align_segments
    from termalign.aligner.anchors import find_anchors
    from termalign.aligner.lexicon import BilingualDictionary
    from termalign.checks import check, check_pair, check_po, check_text
    from termalign.errors import InputError, TermalignError
    from termalign.formats import (
        from_json,
        read_aligned,
        read_tmx,
        tmx_to_alignment,
        to_json,
        to_po,
        to_tmx,
        to_tsv,
        update_catalog,
        write_alignment,
    )
    from termalign.glossary import (
        GlossaryIndex,
        available_glossaries,
        load_glossaries,
        load_glossary,
        save_glossary,
        validate_glossary,
        write_glossary,
    )
    from termalign.model import (
        Alignment,
        Anchor,
        Bead,
        Finding,
        Glossary,
        GlossaryEntry,
        Location,
        Segment,
        TermOccurrence,
        TermPair,
    )
    from termalign.report import build_report
    from termalign.segment import segment
    from termalign.terms import extract_terms


class _Package(types.ModuleType):
    """The package module, guarding the public functions named like their modules (``segment``).

    Importing a submodule normally rebinds the package attribute of the same name to that submodule, so
    ``termalign.segment(...)`` would stop working once anything had imported ``termalign.segment``. Here the
    function wins; the modules stay reachable with ``from termalign.segment import ...``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == f"{__name__}.{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'termalign' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
