"""The public Python API: every exported name resolves, and the names shared with modules stay callable."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import termalign


def test_every_exported_name_resolves() -> None:
    for name in termalign.__all__:
        assert getattr(termalign, name) is not None, name
    assert sorted(dir(termalign)) == sorted(termalign.__all__)


def test_functions_named_like_their_modules_survive_module_imports() -> None:
    importlib.import_module("termalign.aligner")
    importlib.import_module("termalign.segment")
    assert callable(termalign.align)
    assert callable(termalign.segment)
    from termalign.aligner import align_segments  # the package is importable too

    assert align_segments is termalign.align_segments


def test_pipeline_end_to_end_through_the_public_names() -> None:
    english = "Kidney stones are hard deposits. Most stones consist of calcium oxalate. Share this article"
    indonesian = "Batu ginjal adalah endapan keras. Sebagian besar batu terdiri atas kalsium oksalat."
    alignment = termalign.align(english, indonesian)
    assert [b.kind for b in alignment.beads] == ["1-1", "1-1", "1-0"]
    covered_source = [i for bead in alignment.beads for i in bead.source_index]
    assert covered_source == list(range(len(alignment.source)))
    pairs = termalign.extract_terms(alignment)
    assert ("calcium oxalate", "kalsium oksalat") in {(p.source_base, p.target_base) for p in pairs}


def test_import_is_cheap() -> None:
    # `import termalign` must not pull in the aligner, the checks or their dependencies.
    code = "import sys, termalign; print(sorted(m for m in sys.modules if m.startswith(('termalign.', 'rapidfuzz'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _exports_and_type_checking_imports(source: str) -> tuple[dict[str, str], dict[str, str]]:
    """``_EXPORTS`` and the names imported under ``if TYPE_CHECKING:`` (name → module), read from the source."""
    tree = ast.parse(source)
    exports: dict[str, str] = {}
    imported: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "_EXPORTS":
            assert node.value is not None
            exports = ast.literal_eval(node.value)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module, ast.dump(stmt)
                for alias in stmt.names:
                    name = alias.name
                    # ``as name``: an explicit re-export, without which mypy --strict refuses the public names
                    assert alias.asname == name, f"{name}: write 'import {name} as {name}' under TYPE_CHECKING"
                    assert name not in imported, f"{name} imported twice under TYPE_CHECKING"
                    imported[name] = stmt.module
    return exports, imported


def test_type_checking_imports_declare_exactly_the_exports() -> None:
    # _EXPORTS is the one declaration of the public API; the TYPE_CHECKING imports (for type checkers) must
    # name the same entries from the same modules, and __all__ follows from _EXPORTS.
    exports, imported = _exports_and_type_checking_imports(Path(termalign.__file__).read_text(encoding="utf-8"))
    assert exports, "_EXPORTS not found"
    assert imported == exports
    assert termalign.__all__ == ["__version__", *exports]


def test_the_declaration_check_catches_a_drift() -> None:
    source = Path(termalign.__file__).read_text(encoding="utf-8")
    line = "    from termalign.pipeline import align as align\n"
    stale = source.replace(line, "    from termalign.aligner import align as align\n")
    missing = source.replace(line, "")
    assert stale != source and missing != source
    for changed in (stale, missing):
        exports, imported = _exports_and_type_checking_imports(changed)
        assert imported != exports
    with pytest.raises(AssertionError, match="as align"):
        _exports_and_type_checking_imports(source.replace(line, "    from termalign.pipeline import align\n"))


def test_align_goes_through_the_text_pair_pipeline() -> None:
    from termalign import pipeline

    assert termalign.align is pipeline.align
    english = "Kidney stones are hard deposits. Drink water."
    indonesian = "Batu ginjal adalah endapan keras. Minumlah air."
    settings = pipeline.PairSettings(lang_check=False, on_nonparallel="keep", allow_empty=True)
    assert termalign.align(english, indonesian, max_bead=3) == pipeline.align_texts(
        english, indonesian, settings, max_bead=3
    )
    unnamed = termalign.align(english, indonesian)
    assert unnamed.source_name is None and unnamed.target_name is None
    named = termalign.align(english, indonesian, source_name="a.en.txt", target_name="b.id.txt")
    assert (named.source_name, named.target_name) == ("a.en.txt", "b.id.txt")
