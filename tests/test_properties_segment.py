"""Property tests: for any text, segments are in order, non-overlapping, and their offsets reproduce the input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termalign.lang.indonesian import base_forms, find_term
from termalign.lang.spelling import fold, to_indonesian
from termalign.segment import from_lines, segment
from termalign.textio import decode, normalise

# Text built from pieces that stress the splitter: abbreviations, decimals, quotes, glued words, line breaks.
PIECES = st.sampled_from(
    [
        "Dr.", "e.g.", "dll.", "2.5", "2,5", "10.00", "...", "…", '"', "“Stop.”", "(", ")", "?", "!", ".",
        "\n", "\n\n", " ", "  ", "\t", "withdrawalThey", "sel-sel", "Kalsifikasi", "the", "yang", "No.", "1.",
        "\xa0", "A.", "x", "É", "中文",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=60).map("".join))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["en", "id", "xx"]))
def test_segments_reproduce_their_spans(text: str, lang: str) -> None:
    segments = segment(text, lang)
    previous_end = 0
    for number, seg in enumerate(segments):
        assert seg.index == number
        assert previous_end <= seg.start < seg.end <= len(text)
        assert " ".join(text[seg.start : seg.end].split()) == seg.text
        assert seg.text and seg.text == seg.text.strip()
        assert seg.line == text.count("\n", 0, seg.start) + 1
        previous_end = seg.end
    paragraphs = [s.paragraph for s in segments]
    assert paragraphs == sorted(paragraphs)
    # No text is lost: every non-space character is inside some segment.
    covered = "".join(text[s.start : s.end] for s in segments)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_from_lines_offsets(text: str) -> None:
    text = normalise(text)
    for seg in from_lines(text):
        assert text[seg.start : seg.end] == seg.text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_decode_either_succeeds_or_raises_input_error(data: bytes) -> None:
    from termalign.errors import InputError

    try:
        text = decode(data, name="fuzz.txt")
    except InputError as err:
        assert str(err).startswith("fuzz.txt")
    else:
        assert "\r" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Pd"]), max_size=30))
def test_word_functions_never_crash(word: str) -> None:
    assert isinstance(fold(word), str)
    assert isinstance(to_indonesian(word), str)
    forms = base_forms(word)
    assert forms[0] == word.lower()
    for start, end in find_term(f"x {word} y", word or "x"):
        assert 0 <= start < end
