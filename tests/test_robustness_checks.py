"""Robustness of the checker (``termalign check`` and :mod:`termalign.checks`), which the robustness work may
not change: what fails here is a bug to fix in ``termalign/checks/**`` or ``termalign/cli/check_cmd.py``.

* The CLI cases of ``tools/robustness_cases.py`` that fail today are strict xfails: each names the bug, and
  turns into a failure ("XPASS strict") as soon as the bug is fixed, so the mark must then be removed.
* Property tests of the public API: for any text, :func:`termalign.checks.check_text` and
  :func:`termalign.checks.check_pair` never crash, and every finding points inside the input it was given.
* The checker on mutated PO, MO and TMX files (seeded, bounded): it refuses with ``InputError`` or checks;
  nothing else escapes.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termalign.checks import check, check_pair, check_text
from termalign.checks.inputs import open_input
from termalign.errors import InputError, LanguageMismatchError
from termalign.glossary import parse_glossary
from termalign.pipeline import NotParallelError
from termalign.segment import segment
from tests.fuzz import fuzz_po, fuzz_tmx
from tests.fuzz.common import OPS, corpus, mutate
from tools.robustness_cases import CASES, GLOSSARY, Case, problems, run_case

KNOWN = [case for case in CASES if case.known_bug]
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


if KNOWN:  # today none: every case passes in tests/test_robustness_cli.py

    @pytest.mark.parametrize(
        "case",
        [pytest.param(case, marks=pytest.mark.xfail(reason=case.known_bug, strict=True)) for case in KNOWN],
        ids=[case.id for case in KNOWN],
    )
    def test_checker_refuses_bad_input_cleanly(case: Case, tmp_path: Path) -> None:
        outcome = run_case(case, tmp_path)
        assert problems(case, outcome) == []


# A small glossary keeps each example fast; words from it (and garbles of them) make findings likely.
GLOSSARY_OBJ = parse_glossary(
    GLOSSARY + "necrotic tissue\tjaringan nekrotik\t\t\tjaringan necrotic\tnoun\tmedical\t\t\n"
    "calcification\tkalsifikasi\t\t\tkalsifikation\tnoun\tmedical\t\t\n", "tsv")
WORDS = ["flebolit", "Flebolith", "phlebolith", "vena", "vein", "kalsifikasi", "kalsifikation", "sessionCalcium",
         "jaringan", "nekrotik", "necrotic", "tissue", "yang", "dan", "the", "of", "batu", "ginjal", "\u00a0",
         "é", "e\u0301", "\u200b", "“", "”", "'", "(", ")", ".", "!", "?", ",", "-", "\t", "  ", "\n", "\n\n",
         "12.5", "%s", "{0}", "<b>", "&amp;", "ı", "ß", "İ", "ﬁ"]
TEXT = st.one_of(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join), st.text(max_size=120))
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@SETTINGS
@given(TEXT, st.sampled_from(["en", "id"]))
def test_check_text_never_crashes_and_findings_point_inside(text: str, lang: str) -> None:
    findings = check_text(text, lang, GLOSSARY_OBJ)
    lines = text.split("\n")
    for finding in findings:
        where = finding.location
        assert where is not None and where.line is not None, finding
        assert 1 <= where.line <= len(lines), finding
        line = lines[where.line - 1]
        if where.start is not None:
            assert where.end is not None and 0 <= where.start < where.end <= len(line), finding
            assert line[where.start:where.end] == finding.text, (finding, line)


@pytest.mark.slow
@SETTINGS
@given(TEXT, TEXT)
def test_check_pair_never_crashes_and_findings_point_inside(source: str, target: str) -> None:
    try:
        findings = check_pair(source, target, GLOSSARY_OBJ)
    except LanguageMismatchError:
        return  # a side that reads as the other language (or both swapped): refused like `termalign align` does
    except NotParallelError:
        return  # two texts that are not translations of each other: refused like `termalign align` does
    except InputError as err:
        # Otherwise refusing a pair is right only when a side has no sentence at all.
        assert "empty" in err.message and not (segment(source, "en") and segment(target, "id")), err
        return
    target_lines = target.split("\n")
    flat_target = " ".join(target.split())
    flat_source = " ".join(source.split())
    for finding in findings:
        where = finding.location
        assert where is not None and where.line is not None, finding
        assert 1 <= where.line <= len(target_lines), finding
        if where.start is not None:
            assert where.end is not None and 0 <= where.start < where.end, finding
            assert finding.text in flat_target, (finding, flat_target)
        else:
            assert finding.text in flat_source or finding.text in flat_target or not finding.text, finding


# ---------------------------------------------------------------------------------------------- fuzzing


def _check_file(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(InputError):  # refused with a message: fine; anything else fails the test
        check(open_input(str(path)), GLOSSARY_OBJ)


def _mutated(seeds: list[bytes], tokens: list[bytes]) -> st.SearchStrategy[bytes]:
    op = st.tuples(st.sampled_from(OPS), st.integers(0, 1 << 20), st.binary(max_size=8))
    return st.builds(lambda seed, ops, other: mutate(seed, ops, tokens, other),
                     st.sampled_from(seeds), st.lists(op, min_size=1, max_size=8), st.sampled_from(seeds))


MO_SEEDS = [path.read_bytes()[:4096] for path in sorted(Path("/usr/share/locale/id/LC_MESSAGES").glob("*.mo"))[:3]]
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.mark.slow
@FUZZ
@given(_mutated(corpus("po"), fuzz_po.TOKENS))
def test_checker_never_crashes_on_mutated_po(tmp_path: Path, data: bytes) -> None:
    _check_file(tmp_path, ".po", data)


@pytest.mark.skipif(not MO_SEEDS, reason="no Indonesian .mo catalogs in /usr/share/locale/id/LC_MESSAGES")
@pytest.mark.slow
@FUZZ
@given(st.data())
def test_checker_never_crashes_on_mutated_mo(tmp_path: Path, data: st.DataObject) -> None:
    tokens = [b"\xde\x12\x04\x95", b"\x00\x00\x00\x00", b"\xff\xff\xff\x7f"]
    _check_file(tmp_path, ".mo", data.draw(_mutated(MO_SEEDS, tokens)))


@pytest.mark.slow
@FUZZ
@given(_mutated(corpus("tmx"), fuzz_tmx.TOKENS))
def test_checker_never_crashes_on_mutated_tmx(tmp_path: Path, data: bytes) -> None:
    _check_file(tmp_path, ".tmx", data)
