"""Sentence splitting on the failure classes seen on real medical and news text (issue 13 item 5).

Each class is tested by a mechanism, on sentences written for these tests: a single capital ending a sentence is
not an initial, an abbreviation that can end a sentence does end one, a word that is an abbreviation only before
a number ("hal.", "No.") is a word elsewhere, and a sentence may start with a mixed-case word (mRNA, iPhone).
"""

from __future__ import annotations

import pytest

from termalign.segment import segment


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in segment(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Many adults lack vitamin D. Large doses are rarely needed.", "en",
         ["Many adults lack vitamin D.", "Large doses are rarely needed."]),
        ("The virus attacks the helper cell T. Symptoms start later.", "en",
         ["The virus attacks the helper cell T.", "Symptoms start later."]),
        ("The patient has hepatitis type B. The liver is swollen.", "en",
         ["The patient has hepatitis type B.", "The liver is swollen."]),
        ("Virus menyerang sel T. Kekebalan tubuh lalu turun.", "id",
         ["Virus menyerang sel T.", "Kekebalan tubuh lalu turun."]),
        ("Kadar protein C. Biasanya rendah pada bayi.", "id",
         ["Kadar protein C.", "Biasanya rendah pada bayi."]),
    ],
)
def test_a_capital_ending_a_sentence_is_not_an_initial(text: str, lang: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The novel by J. R. R. Tolkien sold well.", "en"),
        ("John F. Kennedy visited the ward.", "en"),
        ("A report by M. Rahman was cited.", "en"),
        ("J. Smith wrote the first review.", "en"),
        ("Buku ini ditulis oleh A. Rahman tahun lalu.", "id"),
    ],
)
def test_initials_of_names_stay_inside_the_sentence(text: str, lang: str) -> None:
    assert texts(text, lang) == [text]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The nurse came at 6 a.m. The patient was asleep.", "en",
         ["The nurse came at 6 a.m.", "The patient was asleep."]),
        ("Bring gloves, masks, gowns etc. Then wash your hands.", "en",
         ["Bring gloves, masks, gowns etc.", "Then wash your hands."]),
        ("The drug is made by Acme Inc. It costs little.", "en",
         ["The drug is made by Acme Inc.", "It costs little."]),
        ("Pasien membawa obat, kartu, dsb. Perawat mencatat semuanya.", "id",
         ["Pasien membawa obat, kartu, dsb.", "Perawat mencatat semuanya."]),
        ("Gejalanya demam, batuk, dll. Dokter lalu memeriksa paru.", "id",
         ["Gejalanya demam, batuk, dll.", "Dokter lalu memeriksa paru."]),
    ],
)
def test_an_abbreviation_can_end_a_sentence(text: str, lang: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The clinic opens at 9 a.m. Eastern time on weekdays.", "en"),
        ("Smith et al. reported fewer cases.", "en"),
        ("Pasien diperiksa oleh dr. Ani dsb. di klinik.", "id"),
        ("Mr. Brown and Dr. Lee met at St. Mary hospital.", "en"),
    ],
)
def test_abbreviations_inside_a_sentence_still_do_not_split(text: str, lang: str) -> None:
    assert texts(text, lang) == [text]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Dokter menjelaskan satu hal. Pasien lalu bertanya.", "id",
         ["Dokter menjelaskan satu hal.", "Pasien lalu bertanya."]),
        ("Lihat tabel pada hal. 12 untuk dosisnya. Selesai.", "id",
         ["Lihat tabel pada hal. 12 untuk dosisnya.", "Selesai."]),
        ("Was the test positive? The answer was no. Then we waited.", "en",
         ["Was the test positive?", "The answer was no.", "Then we waited."]),
        ("Read No. 4 of the series. It explains dosing.", "en",
         ["Read No. 4 of the series.", "It explains dosing."]),
    ],
)
def test_an_abbreviation_before_a_number_only_is_a_word_elsewhere(
    text: str, lang: str, expected: list[str]
) -> None:
    assert texts(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Vaksin jenis baru sudah diuji. mRNA ini cepat terurai.", "id",
         ["Vaksin jenis baru sudah diuji.", "mRNA ini cepat terurai."]),
        ("The shop sold many phones. iPhone sales rose in May.", "en",
         ["The shop sold many phones.", "iPhone sales rose in May."]),
        ("Kidney function was checked. eGFR was low.", "en",
         ["Kidney function was checked.", "eGFR was low."]),
    ],
)
def test_a_sentence_may_start_with_a_mixed_case_word(text: str, lang: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_a_lower_case_word_after_a_period_still_continues() -> None:
    assert texts("The dose was 2 mg. daily for a week.", "en") == ["The dose was 2 mg. daily for a week."]
    assert texts("Use e.g. mRNA or DNA probes.", "en") == ["Use e.g. mRNA or DNA probes."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plane climbed to 9,000 ft. Passengers stayed seated.",
         ["The plane climbed to 9,000 ft.", "Passengers stayed seated."]),
        ("Take 5 mg. daily after meals.", ["Take 5 mg. daily after meals."]),
    ],
)
def test_a_unit_after_a_number_ends_a_sentence_before_a_capital(text: str, expected: list[str]) -> None:
    assert texts(text, "en") == expected


def test_a_sentence_may_start_with_code_or_a_rest_role() -> None:
    text = "The old name is kept. ``open()`` accepts it. :func:`len` counts items. Done."
    assert texts(text, "en") == ["The old name is kept.", "``open()`` accepts it.", ":func:`len` counts items.",
                                 "Done."]


def test_a_camel_case_word_after_code_punctuation_is_not_a_glued_sentence() -> None:
    text = "Pass a pointer *userData to the callback and read $sessionId from the shell."
    assert texts(text, "en") == [text]
