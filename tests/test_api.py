"""The public Python API: every exported name resolves, and the names shared with modules stay callable."""

from __future__ import annotations

import importlib
import subprocess
import sys

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
