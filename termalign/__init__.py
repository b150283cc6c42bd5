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

# The public API, declared once: public name → module that defines it (grouped by stage). ``__all__`` follows
# from it; the imports under TYPE_CHECKING below repeat it for type checkers, and tests/test_api.py checks that
# they name exactly these entries.
_EXPORTS: dict[str, str] = {
    "segment": "termalign.segment",
    "align": "termalign.pipeline",
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

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover
    # ``import x as x`` marks an explicit re-export: strict type checkers (mypy --strict) need it, as they cannot
    # read the computed __all__.
    from termalign.aligner import align_segments as align_segments
    from termalign.aligner.anchors import find_anchors as find_anchors
    from termalign.aligner.lexicon import BilingualDictionary as BilingualDictionary
    from termalign.checks import check as check
    from termalign.checks import check_pair as check_pair
    from termalign.checks import check_po as check_po
    from termalign.checks import check_text as check_text
    from termalign.errors import InputError as InputError
    from termalign.errors import TermalignError as TermalignError
    from termalign.formats import from_json as from_json
    from termalign.formats import read_aligned as read_aligned
    from termalign.formats import read_tmx as read_tmx
    from termalign.formats import tmx_to_alignment as tmx_to_alignment
    from termalign.formats import to_json as to_json
    from termalign.formats import to_po as to_po
    from termalign.formats import to_tmx as to_tmx
    from termalign.formats import to_tsv as to_tsv
    from termalign.formats import update_catalog as update_catalog
    from termalign.formats import write_alignment as write_alignment
    from termalign.glossary import GlossaryIndex as GlossaryIndex
    from termalign.glossary import available_glossaries as available_glossaries
    from termalign.glossary import load_glossaries as load_glossaries
    from termalign.glossary import load_glossary as load_glossary
    from termalign.glossary import save_glossary as save_glossary
    from termalign.glossary import validate_glossary as validate_glossary
    from termalign.glossary import write_glossary as write_glossary
    from termalign.model import Alignment as Alignment
    from termalign.model import Anchor as Anchor
    from termalign.model import Bead as Bead
    from termalign.model import Finding as Finding
    from termalign.model import Glossary as Glossary
    from termalign.model import GlossaryEntry as GlossaryEntry
    from termalign.model import Location as Location
    from termalign.model import Segment as Segment
    from termalign.model import TermOccurrence as TermOccurrence
    from termalign.model import TermPair as TermPair
    from termalign.pipeline import align as align
    from termalign.report import build_report as build_report
    from termalign.segment import segment as segment
    from termalign.terms import extract_terms as extract_terms


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
