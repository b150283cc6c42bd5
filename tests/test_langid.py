"""Language identification: English vs Indonesian, deterministic, with the optional fast backend identical."""

from __future__ import annotations

import os

import pytest

from termalign.lang import langid

ENGLISH = [
    "The kidneys filter waste products from the blood and produce urine.",
    "Most patients recover fully after a short course of treatment.",
    "Was this article helpful?",
    "Calcium deposits can form in damaged tissue.",
]
INDONESIAN = [
    "Ginjal menyaring sisa metabolisme dari darah dan menghasilkan urine.",
    "Sebagian besar pasien pulih sepenuhnya setelah pengobatan singkat.",
    "Apakah artikel ini bermanfaat?",
    "Endapan kalsium dapat terbentuk di jaringan yang rusak.",
    "Sel darah putih menyerang bakteri",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert langid.detect(text).lang == "en"


@pytest.mark.parametrize("text", INDONESIAN)
def test_indonesian_is_never_malay(text: str) -> None:
    assert langid.detect(text).lang == "id"


def test_too_short_is_undecided() -> None:
    assert langid.detect("OK").lang is None
    assert langid.detect("12 34 56 !!").lang is None


def test_repeatable() -> None:
    texts = ENGLISH + INDONESIAN + ["Dokter dan doctor", "Sel kalsium calcium cell"]
    first = [langid.detect(t) for t in texts]
    assert [langid.detect(t) for t in texts] == first


def test_document_vote() -> None:
    assert langid.detect_document(INDONESIAN).lang == "id"
    assert langid.detect_document(ENGLISH).lang == "en"
    assert langid.detect_document(["ok", "ya"]).lang is None


def test_fast_backend_agrees_with_langdetect() -> None:
    if langid.backend() != "langdetect-rs":
        pytest.skip("langdetect-rs (the 'fast' extra) is not installed")
    import langdetect
    from langdetect import DetectorFactory

    factory = DetectorFactory()
    factory.seed = 0
    factory.load_profile(os.path.join(os.path.dirname(langdetect.__file__), "profiles"))
    samples = [*ENGLISH, *INDONESIAN, "Tekan tombol simpan", "Save the file", "hematoma granuloma sarkoma"]
    for text in samples:
        detector = factory.create()
        detector.set_prior_map({"en": 0.5, "id": 0.5})
        detector.append(text)
        expected = max(detector.get_probabilities(), key=lambda p: p.prob)
        lang, prob = langid._langdetect(text)
        assert lang == expected.lang
        assert prob == pytest.approx(expected.prob, abs=1e-6)
