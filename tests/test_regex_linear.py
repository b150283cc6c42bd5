"""Regular expressions applied to user text run in linear time (issue 11).

Each test feeds a pathological input that took quadratic time before its fix (the figure is in the test) and
is bounded by pytest-timeout, so a regression fails with a timeout instead of a flaky timed assertion.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import termalign
from termalign.aligner.anchors import Featurizer
from termalign.segment import segment


@pytest.mark.timeout(30)
@pytest.mark.parametrize("unit", ["a.", ".", "-", "+", "a-", "x+"])
def test_anchor_tokens_of_long_runs(unit: str) -> None:
    # The e-mail alternative rescanned a run of [\w.+-] from each position: 90 kB of "a." took 18 s,
    # 500,000 dots more than 180 s.
    text = unit * (500_000 // len(unit))
    features = Featurizer("id", "target", None).features(text)
    assert features.length == len(text)


def test_e_mail_addresses_are_still_tokens() -> None:
    text = "Write to jo.smith+tag@mail.example.co.id or (a-b@c.org) today."
    keys = {token.text for token in Featurizer("en", "source", None).features(text).tokens}
    assert {"jo.smith+tag@mail.example.co.id", "a-b@c.org"} <= keys


@pytest.mark.slow
@pytest.mark.timeout(30)
@pytest.mark.parametrize("unit", ["J. ", "e.g. X ", "Mr. A ", "1. A ", ".", "?!"])
def test_segmenting_runs_of_abbreviations(unit: str) -> None:
    # Each period re-read the whole text since the last sentence cut (and searched back for the line start):
    # 20 kB of "J. " took 15 s, 80 kB 280 s. The sentence-end pattern retried a run of dots from each of its
    # characters: 5,000 dots took 2.5 s.
    text = unit * (200_000 // len(unit))
    assert segment(text, "en")


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled text pattern at module level in termalign (what may be applied to user text)."""
    found: dict[re.Pattern[str], str] = {}
    for info in pkgutil.walk_packages(termalign.__path__, "termalign."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(value, f"{info.name}.{name}")
    return sorted(((name, pattern) for pattern, name in found.items()), key=lambda item: item[0])


RUNS = ["a.", ".", "-", "a-", "1.", "1,", "a", "aA", "a ", "J. ", "a'", "a_", "a+", "x@", "www.", "`", "\\", "%",
        "{", "a/", "a::", "A.", "a1.", "'", "("]


# Patterns still quadratic on these runs (seconds on 5,000 characters): name -> the run that shows it. Remove an
# entry once its pattern is fixed (the test below then covers it).
KNOWN_QUADRATIC: dict[str, str] = {}
# Patterns only ever searched in a bounded window of the text, so their cost per call is bounded: name -> where.
BOUNDED = {
    "termalign.checks.patterns._WORD_BEFORE": "searched in the 40 characters before a token (patterns.is_name)",
}


def test_known_quadratic_patterns_still_exist() -> None:
    assert set(KNOWN_QUADRATIC) | set(BOUNDED) <= {name for name, _ in _module_patterns()}


def test_bounded_patterns_are_searched_in_a_window() -> None:
    import inspect

    from termalign.checks import patterns

    source = inspect.getsource(patterns)
    calls = [line for line in source.splitlines() if "_WORD_BEFORE." in line]
    assert calls and all("max(0, first - 40), first)" in line for line in calls), calls


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_every_module_pattern_is_linear_on_long_runs() -> None:
    # 20,000 characters of each run plus a tail that makes a match fail at the end: a pattern that rescans the
    # run from each position takes minutes here (20,000^2 steps per run), a linear one milliseconds.
    for name, pattern in _module_patterns():
        if name in KNOWN_QUADRATIC or name in BOUNDED:
            continue
        for unit in RUNS:
            for tail in ("", "!", " x@"):
                for _ in pattern.finditer(unit * (20_000 // len(unit)) + tail):
                    pass
