"""Indonesian affix rules anchored on terms: forms are recognised, loan terms are never corrupted."""

from __future__ import annotations

import pytest

from termalign.lang.indonesian import base_forms, find_term, is_form_of, stem


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("terkalsifikasi", "kalsifikasi"),
        ("kalsifikasinya", "kalsifikasi"),
        ("bermetastasis", "metastasis"),
        ("flebolitnya", "flebolit"),
        ("dioperasi", "operasi"),
        ("sel-sel", "sel"),
        ("sel-selnya", "sel"),
        ("menyerang", "serang"),
        ("memukul", "pukul"),
        ("menulis", "tulis"),
        ("mengirim", "kirim"),
        ("mengambil", "ambil"),
        ("membaca", "baca"),
        ("mencari", "cari"),
        ("melihat", "lihat"),
        ("peradangan", "radang"),
        ("pengerasan", "keras"),
        ("pembentukan", "bentuk"),
        ("disuntikkan", "suntik"),
        ("dipertahankan", "tahan"),
        ("kesehatan", "sehat"),
        ("tumbuh-tumbuhan", "tumbuh"),
        ("berenang", "renang"),
        ("belajar", "ajar"),
        ("mengapur", "kapur"),
        ("obatlah", "obat"),
        ("pemrosesan", "proses"),
        ("pemrograman", "program"),
        ("memproses", "proses"),
    ],
)
def test_forms_are_recognised(word: str, base: str) -> None:
    assert is_form_of(word, base)
    assert base in base_forms(word)


@pytest.mark.parametrize(
    ("word", "other"),
    [("kalsium", "kalsifikasi"), ("klasifikasi", "kalsifikasi"), ("direktori", "direksi"), ("sel", "selaput")],
)
def test_unrelated_words_are_not_forms(word: str, other: str) -> None:
    assert not is_form_of(word, other)


def test_stem_prefers_the_whole_word_when_the_lexicon_knows_it() -> None:
    # A general stemmer turns "direktori" into "rektor"; anchored on a lexicon that knows the loan, it stays.
    assert stem("direktori", {"direktori", "rektor"}) == "direktori"
    assert stem("direktorinya", {"direktori", "rektor"}) == "direktori"
    assert stem("terkalsifikasi", {"kalsifikasi"}) == "kalsifikasi"
    assert stem("peradangan", {"radang", "adang"}) == "radang"
    assert stem("xyzabc", {"radang"}) == "xyzabc"


def test_base_forms_with_lexicon_keeps_word_first() -> None:
    assert base_forms("Kalsifikasinya", {"kalsifikasi"}) == ["kalsifikasinya", "kalsifikasi"]


def test_find_term_multiword_with_reduplication_and_suffix() -> None:
    text = "Sel-sel darah putih menyerang. Sel darah putihnya mati. Sel darah merah tidak."
    spans = find_term(text, "sel darah putih")
    assert [text[a:b] for a, b in spans] == ["Sel-sel darah putih", "Sel darah putihnya"]


def test_find_term_case_sensitive() -> None:
    text = "TBC dan tbc"
    assert [text[a:b] for a, b in find_term(text, "TBC", case_sensitive=True)] == ["TBC"]
    assert len(find_term(text, "TBC")) == 2


def test_find_term_no_partial_words() -> None:
    assert find_term("kalsifikasinya terlihat", "kalsium") == []
    assert find_term("", "sel") == []
    assert find_term("sel", "") == []
