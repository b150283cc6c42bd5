"""Golden outputs: ``align``, ``terms`` and ``check`` print, as JSON, exactly what they printed when the record was
made (the examples, the seed pages and slices of the TED test sets; see ``tools/golden.py``).

A refactoring must keep these outputs byte for byte. When a change is *meant* to change an output, re-record with
``python tools/golden.py --write`` in the same commit and say why in its message.
"""

from __future__ import annotations

import json

import pytest

from tools.golden import (
    CASES,
    EXAMPLE_CASES,
    GOLDEN_FILE,
    Case,
    difference,
    digest,
    load_golden,
    missing_data,
    run_case,
)


def _param(case: Case) -> object:
    marks = {"examples": [], "seeds": [pytest.mark.seeds], "ted": [pytest.mark.corpus, pytest.mark.slow]}[case.group]
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_output_matches_the_golden_record(case: Case) -> None:
    reason = missing_data(case.group)
    if reason:
        pytest.skip(reason)
    exit_code, output = run_case(case)
    problem = difference(case, exit_code, output, load_golden())
    if problem and case.stored_whole:
        # show where the JSON differs, not only that it does
        assert json.loads(output) == json.loads(case.stored_path.read_bytes()), problem
    assert problem is None, problem


def test_golden_record_covers_every_case_and_nothing_else() -> None:
    recorded = load_golden()
    assert sorted(recorded) == sorted(case.name for case in CASES), f"re-record {GOLDEN_FILE.name}"


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in EXAMPLE_CASES])
def test_stored_example_output_is_the_recorded_one(case: Case) -> None:
    """The whole outputs kept for the examples agree with their digests (nobody edited one by hand)."""
    assert digest(case.stored_path.read_bytes()) == load_golden()[case.name]["sha256"]


def test_a_changed_output_is_caught() -> None:
    """The comparison is not vacuous: one changed byte, or another exit status, is a difference."""
    case = EXAMPLE_CASES[0]
    output = case.stored_path.read_bytes()
    recorded = load_golden()
    exit_code = recorded[case.name]["exit"]
    assert isinstance(exit_code, int)
    assert difference(case, exit_code, output, recorded) is None
    assert difference(case, exit_code, output.replace(b'"1-1"', b'"1-2"', 1), recorded) is not None
    assert difference(case, exit_code + 1, output, recorded) is not None
