"""Shared fixtures: paths to the shipped examples and (when present) the real seed pages in ../shared."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from termalign.model import Alignment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPORA = SHARED / "corpora"

# termalign's user cache (termalign.cache): one fresh folder per test session, never the user's own.
os.environ.setdefault("TERMALIGN_CACHE_DIR", tempfile.mkdtemp(prefix="termalign-test-cache-"))


def seed_path(prefix: str) -> Path:
    """The seed page whose name starts with ``prefix`` (``"000"``...), or skip the test when absent."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not available (../shared/seeds is outside the project)")
    return matches[0]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``termalign ARGS`` in this process: (exit status, standard output, standard error)."""
    from termalign.cli import main

    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def check_invariants(alignment: Alignment, max_bead: int = 2) -> None:
    """Beads cover both sides exactly once, in order; shapes within ``max_bead``; scores in [0, 1]."""
    next_s = next_t = 0
    for bead in alignment.beads:
        assert bead.source_index or bead.target_index
        assert list(bead.source_index) == list(range(next_s, next_s + len(bead.source_index)))
        assert list(bead.target_index) == list(range(next_t, next_t + len(bead.target_index)))
        next_s += len(bead.source_index)
        next_t += len(bead.target_index)
        assert len(bead.source_index) <= max_bead and len(bead.target_index) <= max_bead
        assert 0.0 <= bead.score <= 1.0
        assert 0.0 <= bead.length_score <= 1.0
        if not bead.linked:
            assert bead.evidence == ()
        for anchor in bead.evidence:
            assert 0.0 <= anchor.weight <= 1.0
    assert next_s == len(alignment.source) and next_t == len(alignment.target)


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def test_data() -> Path:
    return TEST_DATA
