"""Shared fixtures: paths to the shipped examples and (when present) the real seed pages in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPORA = SHARED / "corpora"


def seed_path(prefix: str) -> Path:
    """The seed page whose name starts with ``prefix`` (``"000"``...), or skip the test when absent."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not available (../shared/seeds is outside the project)")
    return matches[0]


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def test_data() -> Path:
    return TEST_DATA
