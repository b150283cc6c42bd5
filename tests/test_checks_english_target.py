"""Indonesian→English terminology QA (issue 14): damage in an English target that the checks used to miss or
misname. The texts are written for these tests."""

from __future__ import annotations

import pytest

from termalign.checks import check
from termalign.checks.inputs import PairInput, TextInput


def findings(text: str, lang: str = "en") -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in check(TextInput(text=text + "\n", lang=lang), "medical")]


def pair_findings(source: str, target: str, source_lang: str = "id",
                  target_lang: str = "en") -> list[tuple[str, str, str | None]]:
    found = check(PairInput(source_text=source + "\n", target_text=target + "\n", source_name="s",
                            target_name="t", source_lang=source_lang, target_lang=target_lang), "medical")
    return [(f.code, f.text, f.suggestion) for f in found]


def of(code: str, got: list[tuple[str, str, str | None]]) -> list[tuple[str, str | None]]:
    return [(t, s) for c, t, s in got if c == code]


# ------------------------------------------------------------------------------------------ glue


@pytest.mark.parametrize(("text", "expected"), [
    # a word one edit from a rarer real word ("coughs", "handstand") is still glue with a function word
    ("Her coughis worse at night.", [("coughis", "cough is")]),
    ("The nurse washed her handsand the cups.", [("handsand", "hands and")]),
    ("Wounds heal slowlyin older people.", [("slowlyin", "slowly in")]),
    ("Take the bloodtest before breakfast.", [("bloodtest", "blood test")]),  # not "bloodiest" mistyped
])
def test_english_glue_that_also_looks_like_a_typo(text, expected):
    assert of("glued-words", findings(text)) == expected


@pytest.mark.parametrize("text", [
    "The wound showed an infectin after surgery.",  # "infection" with a letter dropped: a typo, not infect + in
    "The onset of the rash was sudden.",
])
def test_english_words_near_a_more_common_word_are_not_split(text):
    assert of("glued-words", findings(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("She lost her appetiteA fever came next.", [("appetiteA", "appetite A")]),
    ("He rested first.A rash came later.", [("first.A", "first. A")]),
    ("The child was tiredI think.", [("tiredI", "tired I")]),
])
def test_a_one_letter_sentence_start_glued_to_the_word_before(text, expected):
    assert of("glued-words", findings(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("She rolled up her sleevesand waited.", [("sleevesand", "sleeves and")]),  # not "sleeve sand"
    ("The diagnosisand treatment came late.", [("diagnosisand", "diagnosis and")]),
])
def test_glue_is_cut_at_the_function_word(text, expected):
    assert of("glued-words", findings(text)) == expected


@pytest.mark.parametrize("text", ["Take vitamin A daily.", "Type I diabetes starts early."])
def test_one_letter_words_in_their_place_are_no_glue(text):
    assert of("glued-words", findings(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # the same rule in Indonesian: a function word glued to a word, though a junk listed form is one edit away
    ("Pasien mengeluh gejaladan demam sejak kemarin.", [("gejaladan", "gejala dan")]),
    ("Ia merasa nyeridi bagian perut.", [("nyeridi", "nyeri di")]),
    ("Darah keluar darigusi anak itu.", [("darigusi", "dari gusi")]),
])
def test_indonesian_glue_with_a_function_word_that_also_looks_like_a_typo(text, expected):
    assert of("glued-words", findings(text, "id")) == expected


@pytest.mark.parametrize("text", [
    "Hasil ini tampak pada superposisi kedua gelombang.",  # two content words written solid: a compound
    "Sinyal itu datang dalam tiga milidetik.",
    "Tolong pindahakan berkas itu.",  # one edit from the common "pindahkan": a typo, not pindah + akan
])
def test_indonesian_compounds_and_typos_of_common_words_are_not_glue(text):
    assert of("glued-words", findings(text, "id")) == []


def test_a_term_glued_to_a_function_word_is_glue_not_a_garble():
    # "on" starts identifiers ("onClick"), but here it follows a word of the term the source calls for
    got = pair_findings("Pasien menjalani tes darah pada pagi hari.", "The patient had a blood testOn the morning.")
    assert of("glued-words", got) == [("testOn", "test on")]
    assert of("garbled-term", got) == []


def test_case_glue_in_a_pair_is_a_sentence_end_only_when_the_source_has_more_sentences():
    one = pair_findings("Demam yang muncul tiba-tiba itu berbahaya.", "A feverThat starts suddenly is dangerous.")
    assert of("glued-words", one) == [("feverThat", "fever that")]
    two = pair_findings("Pasien itu demam. Ia dirawat di rumah.", "The patient had a feverShe stayed at home.")
    assert of("glued-words", two) == [("feverShe", "fever. She")]


def test_a_two_letter_function_word_starting_the_next_sentence_is_glue():
    assert of("glued-words", findings("The cough stops.It comes back at night.")) == [("stops.It", "stops. It")]
    assert of("glued-words", findings("Dia pulang ke rumah.Di sana ia tidur.", "id")) == [
        ("rumah.Di", "rumah. Di")]
    assert of("glued-words", findings("He scored No.It was fine and Node.Js runs.")) == []


# ------------------------------------------------------------------------------------------ untranslated


def test_an_indonesian_word_copied_with_its_sentence_start_capital_is_untranslated():
    # "Pasien" starts the source sentence; in the English it looks like part of a name ("The Pasien rested")
    got = pair_findings("Pasien beristirahat di rumah selama seminggu.", "The Pasien rested at home for a week.")
    assert of("untranslated-term", got) == [("Pasien", "patient")]


def test_a_capitalised_indonesian_name_in_the_source_stays_a_name():
    # the source starts with a name ("Dokter Budi"): the capital is not only for the sentence start
    got = pair_findings("Dokter Budi kami temui kemarin di kota.", "We met Dokter Budi in the town yesterday.")
    assert of("untranslated-term", got) == []


# ------------------------------------------------------------------------------------------ missing


def test_a_source_term_of_two_entries_is_translated_by_either():
    # "demam berdarah" is a form of both "dengue fever" and "dengue hemorrhagic fever" (read backwards)
    source = "Demam berdarah menyebar melalui gigitan nyamuk."
    assert of("missing-term", pair_findings(source, "Dengue fever spreads through mosquito bites.")) == []
    assert of("missing-term", pair_findings(source, "This illness spreads through mosquito bites.")) == [
        ("Demam berdarah", "dengue fever")]  # one finding, the first entry's preferred form


def test_an_indonesian_form_that_is_as_much_english_is_not_untranslated():
    # "plasma" (of "plasma darah", blood plasma) is an English word; "dada" (chest) is listed in English only as a
    # name and stays Indonesian left in
    got = pair_findings("Cairan plasma keluar dari pembuluh darah.", "Plasma fluid leaks out of the blood vessels.")
    assert of("untranslated-term", got) == []
    got = pair_findings("Pasien merasakan nyeri di dada kiri.", "The patient feels pain in the left dada.")
    assert of("untranslated-term", got) == [("dada", "chest")]


def test_two_sentences_run_together_on_a_short_word_in_a_pair():
    # "jam" (hour) is no function word: in a single text "jamTes" could be an identifier, but the source has one
    # sentence more than the target, so the capital starts the lost sentence
    got = pair_findings("The test takes two hours. The result comes the next day.",
                        "Tes itu memakan waktu dua jamHasil keluar keesokan harinya.", "en", "id")
    assert of("glued-words", got) == [("jamHasil", "jam. Hasil")]
    got = pair_findings("Ia tidur sepanjang hari. Besok ia kembali bekerja.",
                        "He slept all dayTomorrow he goes back to work.")
    assert of("glued-words", got) == [("dayTomorrow", "day. Tomorrow")]
