"""Regular expressions applied to user text run in linear time (issue 11).

Each test feeds a pathological input that took quadratic time before its fix (the figure is in the test) and
is bounded by pytest-timeout, so a regression fails with a timeout instead of a flaky timed assertion.
"""

from __future__ import annotations

import pytest

from termalign.anchors import Featurizer
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


@pytest.mark.timeout(30)
@pytest.mark.parametrize("unit", ["J. ", "e.g. X ", "Mr. A ", "1. A "])
def test_segmenting_runs_of_abbreviations(unit: str) -> None:
    # Each period re-read the whole text since the last sentence cut (and searched back for the line start):
    # 20 kB of "J. " took 15 s, 80 kB 280 s.
    text = unit * (200_000 // len(unit))
    assert segment(text, "en")
