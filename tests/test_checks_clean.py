"""False alarms on clean translations (issue 14): what a professional translation legitimately contains must
not be reported. Each test is a mechanism found on the clean-text evaluation (``benchmarks/qa_clean.py``); the
sentences are written for termalign."""

from __future__ import annotations

import pytest
from test_checks_damage import findings, pair_findings

from termalign.checks import check
from termalign.checks.base import Unit


def unit_findings(source: str, target: str, glossary: object = "software") -> list[tuple[str, str, str | None]]:
    """One aligned unit, checked English→Indonesian as a catalog entry is (no aligning, no language check)."""
    unit = Unit(text=target, lang="id", source=source, source_lang="en", file="t", line=1, key=source + target)
    return [(f.code, f.text, f.suggestion) for f in check([unit], glossary)]


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


# ------------------------------------------------------------------------------------------ untranslated-term


def test_a_source_term_that_is_standard_indonesian_is_not_untranslated():
    """"dengue" is a KBBI word that the glossary's own Indonesian uses ("demam dengue")."""
    got = pair_findings("The dengue virus is spread by mosquitoes.", "Virus dengue disebarkan oleh nyamuk.")
    assert codes(got, "untranslated-term") == []


def test_an_english_term_that_is_not_indonesian_is_still_untranslated():
    got = pair_findings("The fibroblast makes collagen.", "Sel fibroblast membuat kolagen.")
    assert codes(got, "untranslated-term") == [("untranslated-term", "fibroblast")]


@pytest.mark.parametrize(("source", "target"), [
    ("Dia memelihara anjing di rumah.", "She keeps a pet dog at home."),  # PET met in lower case; "pet"
    ("Peta itu ada di meja.", "The map is on the table."),  # "map", the Indonesian for folder
    ("Kadar plasma turun.", "The plasma level fell."),  # "plasma": the glossary's English has "blood plasma"
])
def test_an_english_word_spelt_like_an_indonesian_term_is_not_untranslated(source, target):
    got = pair_findings(source, target, ["medical", "software"], source_lang="id", target_lang="en")
    assert codes(got, "untranslated-term") == []


def test_acronyms_both_languages_keep_are_accepted_in_english():
    """MRI, ICU, EEG, TB, CT abbreviate the English term: the reversed glossary accepts them in English."""
    got = pair_findings("Hasil MRI dan EEG normal, lalu dia dibawa ke ICU untuk tes TB dan CT.",
                        "The MRI and the EEG were normal, then she went to the ICU for a TB test and a CT scan.",
                        source_lang="id", target_lang="en")
    assert codes(got, "untranslated-term", "missing-term") == []


def test_indonesian_words_and_acronyms_left_in_english_are_still_untranslated():
    got = pair_findings("Pasien dirawat di RS karena demam dengan nilai LED tinggi.",
                        "The patient was treated in RS for demam with a high LED.", source_lang="id",
                        target_lang="en")
    assert codes(got, "untranslated-term") == [("untranslated-term", "RS"), ("untranslated-term", "demam"),
                                               ("untranslated-term", "LED")]


@pytest.mark.parametrize(("source", "target"), [
    ("Dexxa Wireless Desktop Keyboard", "Dexxa Wireless Desktop Keyboard"),  # a product name, no acronym
    ("Some builtins (range, tuple, frozenset, list, dict) are faster.",
     "Beberapa bawaan (range, tuple, frozenset, list, dict) lebih cepat."),  # identifiers in a list
])
def test_a_term_inside_a_copied_name_or_identifier_list_is_not_untranslated(source, target):
    assert codes(unit_findings(source, target), "untranslated-term") == []


@pytest.mark.parametrize(("source", "target", "glossary", "expected"), [
    ("Source Files Header", "Source Files Header", "software", ["Source"]),
    ("Symptoms (fever, cough) appear.", "Gejala (fever, cough) muncul.", "medical", ["fever", "cough"]),
    ("He had high blood pressure.", "Dia punya high blood pressure.", "medical", ["blood pressure"]),
    ("unexpected address cachewrite", "unexpected address cachewrite", "software", ["address"]),
])
def test_copied_runs_of_ordinary_words_are_still_untranslated(source, target, glossary, expected):
    got = codes(unit_findings(source, target, glossary), "untranslated-term")
    assert [t for _, t in got] == expected


# ------------------------------------------------------------------------------------------ garbled-term


def test_a_rare_english_word_with_a_kbbi_loan_is_not_a_garble():
    """"empyema" is too rare for the English list, but its regular Indonesian form "empiema" is a KBBI word."""
    assert codes(findings("Patients with empyema and emphysema were admitted.", "en"), "garbled-term") == []


def test_the_regular_loan_of_a_known_english_word_is_not_a_garble():
    """"trombolisis" (thrombolysis, Zipf 1.9) is not in the Indonesian lists but is a real word."""
    assert codes(findings("Pasien stroke mendapat trombolisis dalam 4 jam."), "garbled-term") == []


def test_a_garbled_indonesian_term_is_still_a_garble():
    got = codes(findings("Pasien dengan kalsifkasi pembuluh darah."), "garbled-term")
    assert got == [("garbled-term", "kalsifkasi")]


def test_a_term_respelled_the_indonesian_way_is_still_a_garble():
    got = codes(findings("Fagocytic cells and a Flebolith were seen.", "en"), "garbled-term")
    assert [t for _, t in got] == ["Fagocytic", "Flebolith"]


@pytest.mark.parametrize("text", ["Infeksi Mycobacterium tuberculosis menular lewat udara.",
                                  "Mycobacterium tuberculosis menular lewat udara.",
                                  "Bakteri M. tuberculosis menular lewat udara."])
def test_a_species_epithet_is_not_untranslated(text):
    assert codes(findings(text), "untranslated-term") == []


@pytest.mark.parametrize("text", ["Penderita tuberculosis perlu obat.", "Dia menderita tuberculosis sejak lama."])
def test_the_english_term_after_an_indonesian_word_is_still_untranslated(text):
    assert codes(findings(text), "untranslated-term") == [("untranslated-term", "tuberculosis")]


# ------------------------------------------------------------------------------------------ Indonesian compounds


@pytest.mark.parametrize("word", ["dilipatgandakan", "menggarisbawahi", "dikembangbiakkan", "tensimeter",
                                  "trombositosis"])
def test_a_compound_with_prefix_and_suffix_is_written_solid(word):
    """PUEBI: a compound that takes a prefix and a suffix at once is written as one word; so is one ending in a
    combining form ("-meter")."""
    assert codes(findings(f"Dosis obat itu {word} oleh dokter."), "glued-words") == []


@pytest.mark.parametrize(("text", "glued"), [("Obat itu diberikanpengobatan lain.", "diberikanpengobatan"),
                                             ("Pasien dengan tekanandarah tinggi.", "tekanandarah"),
                                             ("Virus itu menyebarmelalui nyamuk.", "menyebarmelalui"),
                                             ("Nyeri di kepalabagian kiri.", "kepalabagian")])
def test_two_words_run_together_are_still_glue(text, glued):
    assert codes(findings(text), "glued-words") == [("glued-words", glued)]


# ------------------------------------------------------------------------------------------ forbidden-term


@pytest.mark.parametrize(("text", "expected"), [
    ("Dokter mengijinkan pasien pulang.", ("mengijinkan", "mengizinkan")),
    ("Ijinkan saya menjelaskan.", ("Ijinkan", "Izinkan")),
    ("Resikonya kecil.", ("Resikonya", "Risikonya")),
    ("Ada resiko infeksi.", ("resiko", "risiko")),
])
def test_a_forbidden_form_with_affixes_gets_the_affixed_suggestion(text, expected):
    assert [(t, s) for c, t, s in findings(text) if c == "forbidden-term"] == [expected]


@pytest.mark.parametrize("text", ["Tatalaksana awal meliputi ABC (airway, breathing, circulation).",
                                  "Penilaian awal memakai ABC (Airway, Breathing, Circulation)."])
def test_the_words_an_acronym_stands_for_are_not_untranslated(text):
    assert codes(findings(text), "untranslated-term") == []


def test_english_words_in_parentheses_that_do_not_spell_the_acronym_are_untranslated():
    got = codes(findings("Penilaian awal memakai XYZ (airway, breathing, circulation)."), "untranslated-term")
    assert [t for _, t in got] == ["circulation"]
