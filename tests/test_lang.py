"""The language layer (termalign.lang): the interface every language implements, and each rule set once."""

from __future__ import annotations

import ast
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termalign.lang import english, get_language, indonesian, wordlists
from termalign.lang.base import MODULES, Language, glued_pattern, word_pattern
from termalign.lang.langid import stopword_vote
from termalign.lang.spelling import explain, to_indonesian

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "termalign"

# ---------------------------------------------------------------------------------------- the interface


@pytest.mark.parametrize("code", sorted(MODULES))
def test_every_registered_language_implements_the_interface(code):
    language = get_language(code)
    assert isinstance(language, Language) and language.code == code and language.name
    assert get_language(code) is language  # one instance per language
    assert language.tokenize("Sel-sel darah, don't 2 kali") [:1] == ["Sel-sel"]
    assert language.lemmas("Words")[0] == "words"  # the word itself first, lower-cased
    assert language.is_form_of("Kata", "kata")
    assert language.stopwords() and language.abbreviations()
    assert language.zipf("the" if code == "en" else "yang") > 5
    assert language.from_english("Protein") == "protein"


def test_unknown_language_names_the_known_ones():
    with pytest.raises(KeyError, match="en, id"):
        get_language("ms")


def test_languages_answer_with_their_own_rules():
    en, idn = get_language("en"), get_language("id")
    assert en.lemmas("studies")[:2] == ["studies", "study"]
    assert en.is_form_of("Stopped", "stop") is False  # "stop" as a noun: no -ed
    assert "stopped" in en.inflections("stop", "verb")
    assert "serang" in idn.lemmas("menyerang") and idn.is_form_of("sel-selnya", "sel")
    assert idn.from_english("calcification") == "kalsifikasi"
    assert idn.clitics == indonesian.CLITICS and "nya" in idn.clitics and not en.clitics


def test_lang_imports_no_stage():
    # The stages import from termalign.lang, never the other way round.
    stages = ("align", "aligner", "anchors", "dictionary", "terms", "checks", "glossary", "formats", "report",
              "cli", "segment")
    for path in (PACKAGE / "lang").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                parts = name.split(".")
                assert not (parts[0] == "termalign" and len(parts) > 1 and parts[1] in stages), (path.name, name)


# ------------------------------------------------------------------------------------------- English


def test_consonant_doubling_is_one_rule_both_ways():
    for word in ("stop", "admit", "plan", "log", "stir"):
        assert english.doubles_final_consonant(word)
        assert english.undouble(word + word[-1]) == word
    for word in ("look", "fix", "show", "play", "go", "heat", "cause"):
        assert not english.doubles_final_consonant(word)
    assert english.undouble("agree") is None  # a doubled vowel is not undone ("agreed" is not "agre")
    assert english.undouble("call") == "cal"  # a doubled consonant is, as a candidate only


def _regular_verbs() -> list[str]:
    """Bases of the shipped general verbs with no irregular forms listed, four letters or more."""
    out = []
    for line in wordlists.data_lines("terms_verbs_en.txt"):
        words = line.split()
        if len(words[0]) >= 4 and not [w for w in words[1:] if not w.startswith("=")]:
            out.append(words[0])
    return out


def test_regular_verb_forms_round_trip_through_lemmas_bases_and_inflections():
    verbs = _regular_verbs()
    assert len(verbs) > 300
    for base in verbs:
        thirds, participles = english.verb_forms(base)
        for form in (*thirds, *participles):
            assert base in english.lemmas(form), (base, form)
            assert base in english.bases(form), (base, form)
            assert form in english.inflections(base, "verb"), (base, form)


@pytest.mark.parametrize(("base", "plural"), [("cell", "cells"), ("artery", "arteries"), ("box", "boxes"),
                                              ("granuloma", "granulomas"), ("kidney", "kidneys")])
def test_noun_plurals_round_trip(base, plural):
    assert plural in english.inflections(base, "noun")
    assert base in english.lemmas(plural) and base in english.bases(plural)
    assert english.singular(plural) == base


def test_verb_forms_keep_the_e_where_english_does_and_irregular_verbs_get_no_regular_past():
    assert english.verb_forms("die") == (["dies"], ["died", "dying"])
    assert english.verb_forms("agree") == (["agrees"], ["agreed", "agreeing"])
    assert {"stopped", "stopping"} <= set(english.verb_forms("stop")[1])
    from termalign.terms.candidates import tokenize, verb_forms

    forms = verb_forms()
    assert {"dying", "seeing", "proved", "lied"} <= forms
    assert not {"bed", "seed", "goed", "seing"} & forms  # "be"+d, "see"+d were general verbs before
    bed = next(t for t in tokenize("patients rest in a hospital bed") if t.text == "bed")
    assert bed.chunk >= 0  # a noun that may end a term, not a verb that breaks the chunk


# ----------------------------------------------------------------------------------------- Indonesian


def test_clitics_are_stripped_by_one_rule():
    assert indonesian.strip_clitic("selnya") == "sel"
    assert indonesian.strip_clitic("itulah") == "itu"
    assert indonesian.strip_clitic("sel") == "sel"  # nothing would be left
    assert indonesian.strip_clitic("darahnya", 5) == "darah"
    assert indonesian.strip_clitic("darahnya", 6) == "darahnya"  # the base would be too short
    for clitic in indonesian.CLITICS:
        assert "kalsifikasi" in indonesian.base_forms("kalsifikasi" + clitic)


def test_verb_prefixes_are_the_affix_rules_prefixes():
    for prefix in indonesian.VERB_PREFIXES:
        assert prefix.startswith(indonesian._PREFIXES) or prefix in indonesian._PREFIXES


# --------------------------------------------------------------------------------- patterns and lists


def test_word_pattern_variants():
    assert word_pattern(digits=True, joiners="-").findall("COVID-19 sel-sel don't") == ["COVID-19", "sel-sel",
                                                                                      "don", "t"]
    assert word_pattern(digits=False, joiners="-'’").findall("utf8 don't") == ["utf", "don't"]
    assert word_pattern(digits=True, joiners="-") is word_pattern(digits=True, joiners="-")  # built once


def test_glued_pattern_shape_and_context():
    plain = glued_pattern(not_after=r"\w.", not_before=r"\w")
    assert [m.groups() for m in plain.finditer("after the sessionCalcium levels")] == [("session", "Calcium")]
    assert plain.search("obj.sessionName.length") is None
    assert plain.search("iPhone McDonald mmHg") is None


def test_stopword_vote_counts_words_of_one_list_only():
    en, idn = wordlists.stopwords("en"), wordlists.stopwords("id")
    shared = sorted(en & idn)
    words = ["the", "of", "yang", "dan", "dengan", *shared]
    assert stopword_vote(words) == (2, 3)


def test_shipped_lists_load_once_and_skip_comments():
    lines = wordlists.data_lines("terms_verbs_en.txt")
    assert lines is wordlists.data_lines("terms_verbs_en.txt")
    assert all(line and not line.startswith("#") for line in lines)
    assert wordlists.abbreviations("xx") == frozenset()
    roots = wordlists.sastrawi_roots()
    assert "oper" in roots and not any(" " in r or '"' in r for r in roots)


def test_listed_zipf_agrees_with_wordfreq_for_listed_words():
    for word in ("calcium", "tissue", "kidney", "phlebitis"):
        assert wordlists.listed_zipf(word, "en") == pytest.approx(wordlists.zipf(word, "en"), abs=0.011)
    assert wordlists.listed_zipf("flebolith", "en") == 0.0


# ------------------------------------------------------------------------------------------- spelling


@pytest.mark.parametrize("word", [
    "calcification", "phagocyte", "phlebolith", "dystrophic", "sequence", "toxic", "rheumatoid", "oedema",
    "haematoma", "cholesterol", "cell", "thrombosis", "ossificans", "café", "naïve", "Ærø", "x", "", "tion",
])
def test_to_indonesian_matches_explain(word):
    assert to_indonesian(word) == explain(word)[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèïöüçñ", max_size=14))
def test_to_indonesian_matches_explain_on_any_word(word):
    assert to_indonesian(word) == explain(word)[0]


def test_explain_names_the_rules_applied():
    result, steps = explain("calcification")
    assert result == "kalsifikasi"
    assert steps[0].startswith("suffix -") and any(step.startswith("c") for step in steps[1:])
    assert explain("protein") == ("protein", [])
