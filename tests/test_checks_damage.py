"""Damage the checks used to miss (issue 14 items 2-4): glue without a capital or across punctuation, short-word
garbles, words cut short, loanword forms that are terminology variants, and suggestions that apply."""

from __future__ import annotations

import pytest

from termalign.checks import check
from termalign.checks.base import Unit, cased_like, fit_span
from termalign.checks.inputs import PairInput, TextInput
from termalign.model import Glossary, GlossaryEntry


def findings(text: str, lang: str = "id", glossary: object = "medical") -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in check(TextInput(text=text + "\n", lang=lang), glossary)]


def pair_findings(source: str, target: str, glossary: object = "medical", source_lang: str = "en",
                  target_lang: str = "id") -> list[tuple[str, str, str | None]]:
    found = check(PairInput(source_text=source + "\n", target_text=target + "\n", source_name="s",
                            target_name="t", source_lang=source_lang, target_lang=target_lang), glossary)
    return [(f.code, f.text, f.suggestion) for f in found]


def of(code: str, got: list[tuple[str, str, str | None]]) -> list[tuple[str, str | None]]:
    return [(t, s) for c, t, s in got if c == code]


# ------------------------------------------------------------------------------------------ glue


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Nyeridada sering terjadi pada pasien lansia.", "id", [("Nyeridada", "Nyeri dada")]),
    ("Pasien dengan tekanandarah tinggi perlu obat.", "id", [("tekanandarah", "tekanan darah")]),
    ("People with HIV have thesame risk of illness.", "en", [("thesame", "the same")]),
    ("The mask helps aboutthe house and at work.", "en", [("aboutthe", "about the")]),
])
def test_glue_without_a_capital(text, lang, expected):
    assert of("glued-words", findings(text, lang)) == expected


def test_case_glue_with_a_short_function_word_but_not_identifiers():
    got = of("glued-words", findings("They found theBacteria ofSputum here. Call isEnabled or getName now.", "en"))
    assert got == [("theBacteria", "the bacteria"), ("ofSputum", "of sputum")]


@pytest.mark.parametrize("word", ["paginasi", "saturasi", "kanonikal", "inisialisasi", "milidetik", "meredirect",
                                  "pemberitahun", "enambahkan", "loadabel"])
def test_loans_typos_affixed_loans_and_jargon_are_not_split(word):
    assert of("glued-words", findings(f"Nilai {word} berubah.")) == []


def test_a_loan_ending_does_not_hide_a_common_second_word():
    assert of("glued-words", findings("Pasien menderitamual sejak pagi.")) == [("menderitamual", "menderita mual")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Lengan panjang dan obat antinyamuk melindungi kulit.", "id"),  # anti- is written solid
    ("Keluarga Wijayakusuma tinggal di Yogyakarta.", "id"),  # a name
    ("The onset of symptoms was sudden.", "en"),  # a real word that splits into two
    ("Lihat berkas setup.py dan situs example.com hari ini.", "id"),
    ("Nilai 3,5 mg diberikan oleh dr.Budi dan Prof.Ani.", "id"),
    ("See node.js, the U.S.Army and St.Louis today.", "en"),
])
def test_glue_shapes_that_are_not_glue(text, lang):
    assert of("glued-words", findings(text, lang)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Gejalanya demam,keringat malam dan lelah.", [("demam,keringat", "demam, keringat")]),
    ("Dia mencuci tangan.Ilmuwan itu setuju.", [("tangan.Ilmuwan", "tangan. Ilmuwan")]),
    ("Berlangsung bertahun-tahun.Bentuk ini diam.", [("bertahun-tahun.Bentuk", "bertahun-tahun. Bentuk")]),
])
def test_glue_across_punctuation(text, expected):
    assert of("glued-words", findings(text)) == expected


def test_glue_on_a_term_at_a_sentence_start_and_after_a_hyphenated_word():
    assert of("glued-words", findings("VaksinDengue kini tersedia.")) == [("VaksinDengue", "Vaksin dengue")]
    assert of("glued-words", findings("vaksinDengue kini tersedia.")) == [("vaksinDengue", "vaksin dengue")]
    assert of("glued-words", findings("Ia sakit bertahun-tahunDan kini sembuh.")) == [
        ("bertahun-tahunDan", "bertahun-tahun. Dan")]  # a capitalised function word starts a sentence


def test_pair_mode_sees_glue_the_sentence_splitter_cut_apart():
    got = pair_findings("The risk is high. Diabetes also weakens the body.",
                        "Risikonya tinggiDiabetes juga melemahkan tubuh.")
    # the source has two sentences, the target one: the full stop was lost with the space
    assert of("glued-words", got) == [("tinggiDiabetes", "tinggi. Diabetes")]


def test_sentence_glue_gets_its_full_stop_back_and_anda_keeps_its_capital():
    assert of("glued-words", findings("It ended with withdrawalThey were sad.", "en")) == [
        ("withdrawalThey", "withdrawal. They")]
    assert of("glued-words", findings("Berkas yang baru sajaAnda ambil.")) == [("sajaAnda", "saja Anda")]


# ------------------------------------------------------------------------------------------ garbles


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("The dose must be taken.", "Dsis harus diminum.", ("Dsis", "Dosis")),  # dropped letter, 4 letters left
    ("The sputum is thick.", "Dhak itu kental.", ("Dhak", "Dahak")),  # "dhak" is a rare English word
    ("The disease spreads.", "Penyakti itu menyebar.", ("Penyakti", "Penyakit")),  # peN- + sakti is no word
    ("The disease spreads.", "Penyak itu menyebar.", ("Penyak", "Penyakit")),  # cut short
    ("Tuberculosis spreads.", "Tuberkulos menyebar.", ("Tuberkulos", "Tuberkulosis")),
])
def test_short_and_cut_short_term_damage_in_pair_mode(source, target, expected):
    assert of("garbled-term", pair_findings(source, target)) == [expected]


def test_a_word_cut_short_is_damage_but_a_loanword_ending_swap_is_a_variant():
    got = findings("Pasien dengan kalsifikasi distrofi dan tuberkulos.")
    assert ("garbled-term", "tuberkulos", "tuberkulosis") in got
    assert not [f for f in got if f[0] == "garbled-term" and f[1] == "kalsifikasi distrofi" and f[2] is None]


def test_transposed_six_letter_term_in_a_single_text():
    assert of("garbled-term", findings("Pasien menerima vaskin hari ini.")) == [("vaskin", "vaksin")]


def test_english_target_garble_of_a_word_both_sides_share():
    got = pair_findings("Diagnosis dipastikan.", "The diagnnosis is confirmed.", source_lang="id",
                        target_lang="en")
    assert of("garbled-term", got) == [("diagnnosis", "diagnosis")]


# ------------------------------------------------------------------------------------------ variant-term


def _hypertension_glossary() -> Glossary:
    return Glossary(entries=(GlossaryEntry(source="hypertension", target="tekanan darah tinggi"),
                             GlossaryEntry(source="disease", target="penyakit")))


def test_loanword_form_is_a_variant_not_a_garble():
    got = pair_findings("Hypertension is a common disease.", "Hipertensi adalah penyakit yang umum.",
                        _hypertension_glossary())
    assert of("variant-term", got) == [("Hipertensi", "Tekanan darah tinggi")]
    assert not of("garbled-term", got) and not of("missing-term", got)


def test_variant_suggestion_keeps_the_affix():
    got = pair_findings("Hypertension is common.", "Hipertensinya umum.", _hypertension_glossary())
    assert of("variant-term", got) == [("Hipertensi", "Tekanan darah tinggi")]


def test_a_respelling_that_is_no_word_is_not_a_variant():
    glossary = Glossary(entries=(GlossaryEntry(source="body", target="tubuh"),))
    got = pair_findings("The body heals.", "Bodie itu sembuh.", glossary)
    assert not of("variant-term", got)


# ------------------------------------------------------------------------------------------ suggestions


def test_fit_span_covers_the_rest_of_a_word_the_suggestion_repeats():
    text = "Ada gejala covid-19 berat."
    start, cut = text.index("gejala"), text.index("-19")
    assert fit_span(text, start, cut, "gejala covid-19") == (start, cut + 3)
    assert fit_span(text, start, cut + 3, "gejala covid-19") == (start, cut + 3)
    assert fit_span("Hipertensinya umum.", 0, 10, "tekanan darah tinggi") == (0, 10)
    assert fit_span("prakovid baru", 3, 8, "pra-kovid") == (0, 8)


def test_finding_builder_applies_the_fit():
    from termalign.checks.garbled import GarbledTermCheck

    unit = Unit(text="Ada gejala covid berat.")
    unit2 = Unit(text="Ada gejala covid-19 berat.")
    f = GarbledTermCheck().finding(unit2, 4, unit2.text.index("-19"), "m", suggestion="gejala covid-19")
    applied = unit2.text[:f.location.start] + f.suggestion + unit2.text[f.location.end:]
    assert applied == "Ada gejala covid-19 berat." and f.text == "gejala covid-19"
    g = GarbledTermCheck().finding(unit, 0, 3, "m", suggestion="pada")
    assert (g.text, g.suggestion) == ("Ada", "Pada")


@pytest.mark.parametrize(("surface", "suggestion", "expected"), [
    ("Doketr", "dokter", "Dokter"), ("doketr", "dokter", "dokter"), ("DOKETR", "dokter", "dokter"),
    ("Flebolith", "penyakit Alzheimer", "Penyakit Alzheimer"),
])
def test_cased_like(surface, suggestion, expected):
    assert cased_like(surface, suggestion) == expected


def test_english_target_term_damaged_into_a_rare_dictionary_word():
    """"bood" is a (rare) English word, one letter off "blood": in a unit whose source calls for "blood test",
    the damaged two-word term is a garble of the expected term; the clean sentence stays clean."""
    source = "Tes darah diambil pagi ini."
    got = pair_findings(source, "A bood test was taken this morning.", source_lang="id", target_lang="en")
    assert of("garbled-term", got) == [("bood test", "blood test")]
    clean = pair_findings(source, "A blood test was taken this morning.", source_lang="id", target_lang="en")
    assert not of("garbled-term", clean)


def test_english_target_word_of_the_expected_term_one_letter_off():
    """"fevr" has an everyday word as close as "fever" ("ever"), so the token scan gives way; but the source
    calls for "dengue fever" (its accepted form "dengue" is there), so "fevr" is the term's word damaged."""
    source = "Demam berdarah menyebar cepat di musim hujan."
    got = pair_findings(source, "Dengue fevr spreads fast in the rainy season.", source_lang="id", target_lang="en")
    assert of("garbled-term", got) == [("fevr", "fever")]
    for clean in ("Dengue fever spreads fast in the rainy season.", "Dengue fevers spread fast in the rainy season.",
                  "Dengue spreads even faster in the rainy season."):
        assert not of("garbled-term", pair_findings(source, clean, source_lang="id", target_lang="en")), clean


def test_english_target_term_cut_short_into_an_everyday_word():
    """"press" is an everyday word, but "blood press" where the source calls for "blood pressure" is the term
    cut short: the other word is there as the glossary has it."""
    source = "Tekanan darah pasien diukur setiap pagi."
    got = pair_findings(source, "The patient's blood press is measured every morning.", source_lang="id",
                        target_lang="en")
    assert of("garbled-term", got) == [("blood press", "blood pressure")]
    clean = pair_findings(source, "The patient's blood pressure is measured every morning.", source_lang="id",
                          target_lang="en")
    assert not of("garbled-term", clean)
