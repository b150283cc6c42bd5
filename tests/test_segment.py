"""Sentence splitting: abbreviations, numbers, quotes, headings, paragraphs, glued sentences, offsets."""

from __future__ import annotations

import pytest

from termalign.segment import from_lines, from_strings, glued_splits, segment


def texts(text: str, lang: str = "en") -> list[str]:
    return [s.text for s in segment(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith saw e.g. three cases, i.e. many. Then he left.",
         ["Dr. Smith saw e.g. three cases, i.e. many.", "Then he left."]),
        ("See Fig. 2 and No. 5 in vol. 3. The next one.", ["See Fig. 2 and No. 5 in vol. 3.", "The next one."]),
        ("Apples, pears etc. are fruit. Cats vs. dogs is old. Done.",
         ["Apples, pears etc. are fruit.", "Cats vs. dogs is old.", "Done."]),
        ("Smith et al. reported it. Then it was 2.5 mg at 10.30 a.m. daily.",
         ["Smith et al. reported it.", "Then it was 2.5 mg at 10.30 a.m. daily."]),
        ('He said "Stop." Then he left... Then more!', ['He said "Stop."', "Then he left...", "Then more!"]),
        ("Is it bad? (Not really.) Good.", ["Is it bad?", "(Not really.)", "Good."]),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert texts(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harga naik 2,5 persen pada pk. 10.00 WIB. Tn. Budi dan Ny. Sari datang.",
         ["Harga naik 2,5 persen pada pk. 10.00 WIB.", "Tn. Budi dan Ny. Sari datang."]),
        ("Obat, vitamin, dll. dijual di sini. Lihat hlm. 5 dan No. 3. Selesai.",
         ["Obat, vitamin, dll. dijual di sini.", "Lihat hlm. 5 dan No. 3.", "Selesai."]),
        ("Pasien diperiksa oleh dr. Ani dsb. di klinik. Hasilnya baik.",
         ["Pasien diperiksa oleh dr. Ani dsb. di klinik.", "Hasilnya baik."]),
    ],
)
def test_indonesian_sentences(text: str, expected: list[str]) -> None:
    assert texts(text, "id") == expected


def test_numbered_items_and_headings_are_segments() -> None:
    text = "Treatment\n1. Rest the joint.\n2. Drink water.\nSee also"
    assert texts(text) == ["Treatment", "1. Rest the joint.", "2. Drink water.", "See also"]


def test_hard_wrapped_sentence_is_joined() -> None:
    text = "The stone moves into the ureter and\ncauses pain. Then it passes."
    segs = segment(text)
    assert [s.text for s in segs] == ["The stone moves into the ureter and causes pain.", "Then it passes."]


def test_glued_sentences_are_split_but_identifiers_are_not() -> None:
    text = "The patient stopped the drug after withdrawalThey took it again. Use getElementById or JavaScript."
    assert texts(text) == [
        "The patient stopped the drug after withdrawal",
        "They took it again.",
        "Use getElementById or JavaScript.",
    ]
    assert glued_splits("iPhone McDonald pushed sessionCalcium") == [len("iPhone McDonald pushed session")]


def test_paragraphs_from_blank_lines_and_from_lines() -> None:
    blank = segment("Title\n\nOne. Two.\n\nThree.")
    assert [(s.text, s.paragraph) for s in blank] == [("Title", 0), ("One.", 1), ("Two.", 1), ("Three.", 2)]
    lines = segment("Satu. Dua.\nTiga.")
    assert [(s.text, s.paragraph) for s in lines] == [("Satu.", 0), ("Dua.", 0), ("Tiga.", 1)]


def test_offsets_and_lines_point_into_the_text() -> None:
    text = "Heading\n\n  First  sentence here.   Second one.\nThird."
    for seg in segment(text):
        assert " ".join(text[seg.start : seg.end].split()) == seg.text
        assert text.count("\n", 0, seg.start) + 1 == seg.line


def test_from_lines_keeps_user_segmentation() -> None:
    segs = from_lines("One. Two.\nThree\n\nFour\n")
    assert [(s.text, s.paragraph, s.line) for s in segs] == [("One. Two.", 0, 1), ("Three", 0, 2), ("Four", 1, 4)]


def test_from_strings_rejects_non_strings() -> None:
    assert [s.index for s in from_strings(["a", "b"])] == [0, 1]
    with pytest.raises(TypeError):
        from_strings(["a", 3])  # type: ignore[list-item]


def test_empty_and_whitespace_texts_have_no_segments() -> None:
    assert segment("") == []
    assert segment(" \n\t\n ") == []
