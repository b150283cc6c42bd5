"""Term pairing: English candidates and termhood, Indonesian bases, word links, projection, scores, API contract.

All texts here are our own; alignments are built by hand (one bead per pair of lines) so these tests do not
depend on the aligner.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termalign.errors import InputError
from termalign.model import Alignment, Bead, Glossary, GlossaryEntry, Segment, TermPair
from termalign.terms import extract_terms
from termalign.terms import indonesian as idn
from termalign.terms.candidates import candidate_key, candidate_spans, singular, termhood, tokenize
from termalign.terms.evaluate import evaluate, parse_gold


def aligned(pairs: list[tuple[str, str]]) -> Alignment:
    """An alignment with one 1-1 bead per (English, Indonesian) pair."""
    source = tuple(Segment(en, i) for i, (en, _) in enumerate(pairs))
    target = tuple(Segment(id_, i) for i, (_, id_) in enumerate(pairs))
    return Alignment(source, target, tuple(Bead((i,), (i,), 1.0) for i in range(len(pairs))))


def by_source(pairs: list[TermPair]) -> dict[str, TermPair]:
    return {p.source_base: p for p in pairs}


# -- English side ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("macrophages", "macrophage"), ("tissues", "tissue"), ("cells", "cell"), ("arteries", "artery"),
        ("metastases", "metastasis"), ("diagnoses", "diagnosis"), ("bacteria", "bacterium"), ("mites", "mite"),
        ("lenses", "lens"), ("abscesses", "abscess"), ("phleboliths", "phlebolith"), ("viruses", "virus"),
        ("diseases", "disease"), ("MRIs", "mri"), ("vertebrae", "vertebra"),
        # not plurals
        ("always", "always"), ("mucus", "mucus"), ("diabetes", "diabetes"), ("species", "species"),
        ("osificans", "osificans"), ("AIDS", "aids"), ("calcification", "calcification"), ("news", "news"),
    ],
)
def test_singular(plural: str, expected: str) -> None:
    assert singular(plural) == expected


def keys_of(text: str) -> list[str]:
    tokens = tokenize(text)
    return [candidate_key(tokens, i, j) for i, j in candidate_spans(tokens)]


def test_candidates_are_bounded_by_function_words_verbs_and_general_words() -> None:
    keys = keys_of("Large cells called macrophages begin to digest the necrotic tissue.")
    assert "macrophage" in keys and "necrotic tissue" in keys and "tissue" in keys
    assert not any("called" in k or "begin" in k for k in keys)
    assert "large" not in keys and "large cell" not in keys  # a size adjective never starts a term


def test_grading_adjectives_start_terms_demoted_unless_repeated() -> None:
    keys = keys_of("A severe infection.")
    assert keys == ["severe infection", "infection"]  # never "severe" alone
    once, twice = termhood(keys)["severe infection"], termhood(keys * 2)["severe infection"]
    assert once.score < twice.score  # demoted, not blocked: a repeated phrase is a term of this text
    assert once.score < termhood(["acute infection"])["acute infection"].score
    # General nouns may be candidates, but alone they have no termhood without the corpus's contrast.
    keys = keys_of("This process and other conditions occur.")
    assert keys == ["process", "condition"]
    assert all(h.score == 0.0 for h in termhood(keys).values())


def test_candidates_keep_modifiers_singular_and_reject_verb_nouns_as_modifiers() -> None:
    keys = keys_of("The airways swell when they release chemicals; white blood cells attack tissues.")
    assert "airways swell" not in keys and "airway swell" not in keys
    assert "release chemical" not in keys
    assert "white blood cell" in keys


def test_candidates_allow_letters_inside_terms_and_adjective_verbs() -> None:
    assert "vitamin c" in keys_of("Vitamin C helps.")
    assert "open wound" in keys_of("Open wounds heal slowly.")


def test_termhood_prefers_rare_words_and_drops_fragments() -> None:
    keys = ["necrotic tissue", "necrotic", "tissue"] * 2 + ["cold air", "cold", "air", "phlebolith"]
    hood = termhood(keys)
    assert hood["phlebolith"].score > 0.9
    assert hood["necrotic"].independence == 0.0 and hood["necrotic"].score == 0.0  # only inside its container
    assert hood["tissue"].independence == 1.0  # the head of its container is a broader term, not a fragment
    assert hood["cold air"].score < hood["necrotic tissue"].score
    assert termhood(["cold air"], lexicalized={"cold air"})["cold air"].score > hood["cold air"].score


def test_frequency_bonus_for_words_repeated_in_a_short_text() -> None:
    plain = termhood(["iron"] * 9)
    boosted = termhood(["iron"] * 9, n_words=300)
    assert boosted["iron"].score > plain["iron"].score


# -- Indonesian side -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "base", "allowed"),
    [
        ("sel-sel", "sel", True), ("inhalernya", "inhaler", True), ("terkalsifikasi", "kalsifikasi", True),
        ("pembentukan", "bentuk", False), ("kekebalan", "kebal", False), ("jaringan", "jaring", False),
        ("penyakit", "sakit", False),
    ],
)
def test_bases_only_drop_inflection(word: str, base: str, allowed: bool) -> None:
    assert idn.keeps_derivation(word, base) is allowed


def test_indonesian_tokens_mark_verbs_and_chunks() -> None:
    lexicon = idn.Lexicon(["jaringan", "bekuan", "darah", "serang", "menyerang"])
    tokens = {t.text: t for t in idn.tokenize("Makrofag menyerang jaringan, dan bekuan darah terbentuk.", lexicon)}
    assert tokens["menyerang"].verbal and not tokens["bekuan"].verbal
    assert tokens["dan"].chunk == -1 and tokens["bekuan"].chunk == tokens["darah"].chunk
    assert tokens["jaringan"].chunk != tokens["bekuan"].chunk  # the comma ends the chunk


# -- pairing ---------------------------------------------------------------------------------------------------

NO_DICT = {"dictionary": None}


def test_cognates_reversed_heads_and_reduplication() -> None:
    alignment = aligned([
        ("Dystrophic calcification follows necrosis.", "Kalsifikasi distrofik terjadi setelah nekrosis."),
        ("Macrophages digest necrotic tissue.", "Makrofag mencerna jaringan nekrotik."),
        ("Malignant cells grow near necrotic tissue.", "Sel-sel ganas tumbuh di dekat jaringan nekrotik."),
        ("The tissue shows calcification.", "Jaringan itu menunjukkan kalsifikasi."),
        ("Dead tissue attracts macrophages.", "Jaringan mati menarik makrofag."),
    ])
    pairs = by_source(extract_terms(alignment, **NO_DICT))
    assert pairs["calcification"].target_base == "kalsifikasi"
    assert pairs["dystrophic calcification"].target == "kalsifikasi distrofik"
    assert pairs["macrophage"].source == "macrophages" and pairs["macrophage"].target_base == "makrofag"
    assert pairs["necrotic tissue"].target_base == "jaringan nekrotik"
    assert pairs["tissue"].target_base == "jaringan"  # by association across beads, not spelling
    assert dict(pairs["tissue"].evidence)["association"] > 0.5
    assert pairs["malignant cell"].target == "sel-sel ganas" and pairs["malignant cell"].target_base == "sel ganas"


def test_identical_strings_are_pairs() -> None:
    pairs = by_source(extract_terms(aligned([("A hematoma formed.", "Terbentuk hematoma.")]), **NO_DICT))
    assert pairs["hematoma"].target == "hematoma"
    assert dict(pairs["hematoma"].evidence)["cognate"] == 1.0


def test_dictionary_composes_multiword_terms_in_head_first_order() -> None:
    alignment = aligned([("Venous blood clots can calcify.", "Bekuan darah vena dapat mengapur.")])
    without = by_source(extract_terms(alignment, **NO_DICT))
    with_dict = by_source(extract_terms(alignment, dictionary={"blood": ["darah"], "clot": ["bekuan"]}))
    assert with_dict["blood clot"].target_base == "bekuan darah"
    assert dict(with_dict["blood clot"].evidence)["dictionary"] > 0.5
    assert "blood clot" not in without or without["blood clot"].score <= with_dict["blood clot"].score


def test_glossary_pairs_are_found_in_inflected_form_and_trusted() -> None:
    alignment = aligned([
        ("Calcified tissue was seen.", "Jaringan yang terkalsifikasi terlihat."),
        ("Scar tissue formed quickly.", "Jaringan parut terbentuk dengan cepat."),
    ])
    glossary = Glossary((GlossaryEntry("scar tissue", "jaringan parut"),))
    pairs = by_source(extract_terms(alignment, glossary=glossary, **NO_DICT))
    assert pairs["scar tissue"].target_base == "jaringan parut"
    assert pairs["scar tissue"].score >= 0.95
    assert dict(pairs["scar tissue"].evidence)["glossary"] == 1.0


def test_corpus_of_alignments_numbers_beads_across_inputs() -> None:
    first = aligned([("Phleboliths are common.", "Flebolit sering ditemukan.")])
    second = aligned([("Title", "Judul"), ("A phlebolith is a stone.", "Flebolit adalah batu.")])
    pairs = by_source(extract_terms([first, second], **NO_DICT))
    phlebolith = pairs["phlebolith"]
    assert phlebolith.target_base == "flebolit" and phlebolith.count == 2
    assert phlebolith.beads == (0, 2)  # bead 1 of the second alignment is bead 1 + len(first.beads) = 2
    assert {o.source_form for o in phlebolith.occurrences} == {"phleboliths", "phlebolith"}


def test_unlinked_beads_are_ignored_and_scores_bounded() -> None:
    source = (Segment("Phleboliths are common.", 0), Segment("Was this article helpful?", 1))
    target = (Segment("Flebolit sering ditemukan.", 0),)
    alignment = Alignment(source, target, (Bead((0,), (0,), 1.0), Bead((1,), (), 0.5)))
    pairs = extract_terms(alignment, min_score=0.0, **NO_DICT)
    assert pairs and all(0.0 <= p.score <= 1.0 for p in pairs)
    assert all(p.beads == (0,) for p in pairs)
    for pair in pairs:
        assert all(0.0 <= value <= 1.0 for _, value in pair.evidence)


def test_min_score_filters_and_results_are_sorted_and_deterministic() -> None:
    alignment = aligned([
        ("Calcium deposits form in necrotic tissue.", "Deposit kalsium terbentuk di jaringan nekrotik."),
        ("Blood clots may calcify.", "Bekuan darah dapat mengapur."),
    ])
    everything = extract_terms(alignment, min_score=0.0)
    assert everything == extract_terms(alignment, min_score=0.0)
    assert [p.score for p in everything] == sorted((p.score for p in everything), reverse=True)
    strict = extract_terms(alignment, min_score=0.9)
    assert all(p.score >= 0.9 for p in strict) and len(strict) <= len(everything)


def test_bad_arguments_raise_input_error() -> None:
    alignment = aligned([("Phleboliths.", "Flebolit.")])
    with pytest.raises(InputError):
        extract_terms(alignment, min_score=1.5)
    with pytest.raises(InputError):
        extract_terms(["not an alignment"])  # type: ignore[list-item]
    with pytest.raises(InputError):
        extract_terms(42)  # type: ignore[arg-type]
    assert extract_terms([]) == []


# -- evaluation helper -----------------------------------------------------------------------------------------


def test_evaluate_counts_recall_and_precision_on_gold_terms_only() -> None:
    gold = parse_gold("english\tindonesian\nwhite blood cells\tsel darah putih\nphlebolith|flebolith\tflebolit\n")
    pairs = [
        TermPair("white blood cells", "sel darah putih", "white blood cell", "sel darah putih", 0.9, 1),
        TermPair("Flebolith", "batu", "flebolith", "batu", 0.6, 1),
        TermPair("blood", "darah", "blood", "darah", 0.6, 1),  # not a gold term: not judged
    ]
    result = evaluate(pairs, gold)
    assert (result.found, result.gold, result.correct, result.judged) == (1, 2, 1, 2)
    assert result.recall == 0.5 and result.precision == 0.5
    assert [p.source for p in result.wrong] == ["Flebolith"]


# -- robustness ------------------------------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["the", "blood", "cells", "sel-sel", "darah", "phlebolith", "flebolit", "and", "dan", "yang", ",", ".", "-",
     "X-ray", "’s", "2,5", "menyerang", "terkalsifikasi", "Tissue", "jaringan", "é", "", " ", "COVID-19", "of"]
)
SENTENCE = st.lists(WORDS, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SENTENCE, SENTENCE), max_size=5))
def test_any_text_gives_well_formed_pairs(rows: list[tuple[str, str]]) -> None:
    pairs = extract_terms(aligned(rows), min_score=0.0, dictionary={"blood": ["darah"]})
    for pair in pairs:
        assert 0.0 <= pair.score <= 1.0 and pair.count == len(pair.occurrences) >= 1
        assert pair.source and pair.target and pair.source_base and pair.target_base
        assert all(0 <= b < len(rows) for b in pair.beads)
        assert all(0.0 <= v <= 1.0 for _, v in pair.evidence)


def test_glossary_terms_may_contain_function_words() -> None:
    alignment = aligned(
        [("Patients report shortness of breath at night.", "Pasien mengeluhkan sesak napas di malam hari.")]
    )
    glossary = Glossary((GlossaryEntry("shortness of breath", "sesak napas"),))
    pairs = by_source(extract_terms(alignment, glossary=glossary, **NO_DICT))
    assert pairs["shortness of breath"].target == "sesak napas"


def test_parallel_enumerations_pair_items_by_place() -> None:
    alignment = aligned([
        ("Symptoms are wheezing, coughing, fatigue and fever.", "Gejalanya adalah mengi, batuk, kelelahan, dan demam."),
    ])
    pairs = by_source(extract_terms(alignment, dictionary={"cough": ["batuk"], "fever": ["demam"]}, min_score=0.3))
    assert pairs["wheezing"].target == "mengi"
    assert dict(pairs["wheezing"].evidence)["list"] > 0.5
    assert pairs["fatigue"].target == "kelelahan"
