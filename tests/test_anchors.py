"""Lexical anchors: numbers across separators, URLs/code, names, cognates through spelling rules, dictionary hits."""

from __future__ import annotations

import pytest

from termalign.aligner.anchors import (
    KIND_WEIGHTS,
    Featurizer,
    find_anchors,
    fuzzy_cognate_keys,
    normalize_number,
)
from termalign.aligner.lexicon import BilingualDictionary
from termalign.lang.spelling import fold


@pytest.mark.parametrize(
    ("token", "lang", "key"),
    [
        ("2.5", "en", "2.5"),
        ("2,5", "id", "2.5"),
        ("10,000", "en", "10000"),
        ("10.000", "id", "10000"),
        ("1,250,000", "en", "1250000"),
        ("1.250.000", "id", "1250000"),
        ("2.5", "id", "2.5"),  # machine-translated Indonesian keeping the English decimal point
        ("1,5", "en", "1.5"),
        ("007", "en", "7"),
        ("2.50", "en", "2.5"),
        ("140", "id", "140"),
    ],
)
def test_normalize_number(token: str, lang: str, key: str) -> None:
    assert normalize_number(token, lang) == key


def kinds(source: str, target: str, **kwargs: object) -> dict[str, str]:
    """source token → anchor kind."""
    return {a.source: a.kind for a in find_anchors(source, target, **kwargs)}  # type: ignore[arg-type]


def test_numbers_in_both_conventions() -> None:
    found = kinds("Drink 2.5 litres, not 10,000 ml.", "Minum 2,5 liter, bukan 10.000 ml.")
    assert found["2.5"] == "number" and found["10,000"] == "number"


def test_different_numbers_do_not_anchor() -> None:
    assert "25" not in kinds("Take 25 tablets.", "Minum 52 tablet.")


def test_urls_codes_and_names() -> None:
    found = kinds(
        "See https://www.who.int/health-topics/dengue or ask the WHO about COVID-19 and vitamin B12, says Nathaniel.",
        "Lihat https://www.who.int/health-topics/dengue atau tanyakan WHO tentang COVID-19 dan vitamin B12, "
        "kata Nathaniel.",
    )
    assert found["https://www.who.int/health-topics/dengue"] == "url"
    assert found["WHO"] == "name"
    assert found["COVID-19"] == "code"
    assert found["B12"] == "code"
    assert found["Nathaniel"] == "name"


def test_cognates_through_spelling_rules_and_fuzzy_match() -> None:
    found = kinds(
        "Dystrophic calcification of necrotic tissue in phagocytes.",
        "Kalsifikasi distrofi pada jaringan nekrotik dalam fagosit.",
        use_default_dictionary=False,
    )
    assert found["calcification"] == "cognate"
    assert found["Dystrophic"] == "cognate"  # distropik ~ distropi: close after folding, not equal
    assert found["necrotic"] == "cognate"
    assert found["phagocytes"] == "cognate"


def test_look_alike_words_are_not_cognates() -> None:
    # calcification / klasifikasi (classification) fold to near-identical keys but start differently.
    assert not find_anchors("Calcification.", "Klasifikasi.", use_default_dictionary=False)
    assert fuzzy_cognate_keys([fold("calcification")], [fold("klasifikasi")]) == {}


def test_dictionary_anchors_with_inflection() -> None:
    d = BilingualDictionary({"cause": ["sebab"], "stone": ["batu"], "thank you": ["terima kasih"]})
    found = kinds("Stones cause pain. Thank you.", "Batu-batu itu menyebabkan nyeri. Terima kasih.", dictionary=d)
    assert found["Stones"] == "dictionary"
    assert found["cause"] == "dictionary"
    assert found["thank you"] == "dictionary"  # a multi-word headword


def test_default_dictionary_is_used() -> None:
    assert kinds("The kidney hurts.", "Ginjalnya sakit.")["kidney"] == "dictionary"


def test_function_words_never_anchor() -> None:
    assert find_anchors("It is in the and of.", "Itu ada di dalam dan dari.") == ()


def test_each_target_token_anchors_once_and_weights_are_kind_weights() -> None:
    anchors = find_anchors("Calcium, calcium and calcium.", "Kalsium.", use_default_dictionary=False)
    assert len(anchors) == 1
    assert anchors[0].weight == KIND_WEIGHTS[anchors[0].kind]


def test_featurizer_caches_and_counts_content_tokens() -> None:
    f = Featurizer("en", "source", None)
    first = f.features("Kidney stones hurt. Kidney stones hurt.")
    assert [t.text for t in first.tokens] == ["Kidney", "stones", "hurt"]
    assert first.length == len("Kidney stones hurt. Kidney stones hurt.")
    assert f.features("Kidney stones hurt.").tokens[0] is first.tokens[0]
