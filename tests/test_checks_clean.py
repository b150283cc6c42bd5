"""False alarms on clean translations (issue 14): what a professional translation legitimately contains must
not be reported. Each test is a mechanism found on the clean-text evaluation (``benchmarks/qa_clean.py``); the
sentences are written for termalign."""

from __future__ import annotations

import pytest

from termalign.checks import check
from termalign.checks.inputs import PairInput, TextInput


def findings(text: str, lang: str = "id", glossary: object = "medical") -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in check(TextInput(text=text + "\n", lang=lang), glossary)]


def pair_findings(source: str, target: str, glossary: object = "medical", source_lang: str = "en",
                  target_lang: str = "id") -> list[tuple[str, str, str | None]]:
    found = check(PairInput(source_text=source + "\n", target_text=target + "\n", source_name="s",
                            target_name="t", source_lang=source_lang, target_lang=target_lang), glossary)
    return [(f.code, f.text, f.suggestion) for f in found]


def codes(got: list[tuple[str, str, str | None]], *wanted: str) -> list[tuple[str, str]]:
    return [(c, t) for c, t, _ in got if c in wanted]


# ------------------------------------------------------------------------------------------ English compounds


@pytest.mark.parametrize("word", ["breadbasket", "showgirl", "chainsaws", "feedbacks", "bushmeat"])
def test_an_english_closed_compound_is_not_glue(word):
    """English writes compounds of two content words solid; wordfreq lists them as rare words. Only a run-on
    with a function word ("thesame") is glue."""
    assert codes(findings(f"The village sold {word} at the market every week.", "en"), "glued-words") == []


def test_a_run_on_with_a_function_word_is_still_glue():
    got = codes(findings("The village sold bread withthe same price every week.", "en"), "glued-words")
    assert got == [("glued-words", "withthe")]
