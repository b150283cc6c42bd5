"""The QA checks on the real pages in ../shared/seeds (read only; skipped when the folder is absent)."""

from __future__ import annotations

import pytest
from conftest import seed_path

from termalign.checks import PairInput, TextInput, check

pytestmark = pytest.mark.seeds


def found(findings, code):
    return {(f.text, f.suggestion) for f in findings if f.code == code}


def test_seed_000_garbles_and_glued_words():
    findings = check(TextInput(str(seed_path("000")), lang="en"), "medical")
    assert found(findings, "garbled-term") == {
        # a capitalised garble gets a capitalised suggestion (it replaces the span as it stands)
        ("Flebolith", "Phlebolith"), ("Pleborlithy", "Phlebolith"), ("osificans", "ossificans"),
        ("Fagocytic", "Phagocytic"),
    }
    assert {t for t, _ in found(findings, "glued-words")} == {"sessionCalcium", "withdrawalThey"}


@pytest.mark.parametrize("seed", ["001", "003", "004"])
def test_clean_english_seeds_have_no_garble_or_glue(seed):
    findings = check(TextInput(str(seed_path(seed)), lang="en"), "medical")
    assert not [f for f in findings if f.code in ("garbled-term", "glued-words")]


def test_seed_002_against_000_untranslated_and_inconsistent():
    findings = check(PairInput(source=str(seed_path("000")), target=str(seed_path("002"))), "medical")
    untranslated = {t.lower() for t, _ in found(findings, "untranslated-term")}
    assert {"phlebolith", "myositis ossificans"} <= untranslated
    assert ("kalsifikasi distrofi", "kalsifikasi distrofik") in found(findings, "inconsistent-term")
    assert not found(findings, "garbled-term")
