"""The align pipeline's language check judges a deterministic sample of each text, and calls langdetect only
when the stopword votes leave the verdict open; its verdict is the one detect_document gives on that sample."""

from __future__ import annotations

import itertools
import random

import pytest

from termalign.lang import langid
from termalign.pipeline import LANG_MISMATCH_SHARE, check_languages

EN = [
    "The kidneys filter waste products from the blood and produce urine every day.",
    "Most patients recover fully after a short course of treatment at home.",
    "Calcium deposits can form in the damaged tissue of older patients.",
]
ID = [
    "Pasien ini sudah tidak merasa sakit karena dokter yang baik itu memberinya obat.",
    "Mereka akan pergi ke rumah sakit untuk bertemu dengan dokter yang sama.",
    "Endapan kalsium dapat terbentuk di jaringan yang rusak pada pasien lanjut usia.",
]
# Left open by the stopwords (too few of them, or both languages'): langdetect decides these.
OPEN = ["Ginjal menyaring sisa metabolisme dari darah dan menghasilkan urine setiap hari.",
        "Dokter dan doctor calcium kalsium protein", "Nathaniel Sydney Toronto Jakarta Bandung Paris"]


def old_verdict(segments: list[str]) -> str | None:
    guess = langid.detect_document(langid.spread_sample(segments))
    return guess.lang if guess.lang is not None and guess.confidence >= LANG_MISMATCH_SHARE else None


def test_spread_sample_is_even_deterministic_and_whole_for_short_texts() -> None:
    short = [f"s{k}" for k in range(langid.SAMPLE_POOL)]
    assert langid.spread_sample(short) is short
    long = [f"s{k}" for k in range(100_000)]
    picked = langid.spread_sample(long)
    assert len(picked) == langid.SAMPLE_POOL and picked == langid.spread_sample(long)
    assert picked[0] == "s0" and picked[-1] == "s99999"
    gaps = {int(b[1:]) - int(a[1:]) for a, b in itertools.pairwise(picked)}
    assert max(gaps) - min(gaps) <= 1


@pytest.mark.slow  # langdetect (pure Python) decides the open texts: ~10 s
def test_verdict_is_detect_documents_on_mixed_texts() -> None:
    rng = random.Random(3)
    for _ in range(30):
        texts = rng.choices(EN, k=rng.randint(0, 8)) + rng.choices(ID, k=rng.randint(0, 8)) \
            + rng.choices(OPEN, k=rng.randint(0, 6)) + ["ok", "ya"]
        rng.shuffle(texts)
        assert langid.document_verdict(texts, LANG_MISMATCH_SHARE) == old_verdict(texts), texts


def test_settled_texts_never_reach_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> tuple[str | None, float]:
        raise AssertionError("langdetect called on a settled text")

    monkeypatch.setattr(langid, "_langdetect", refuse)
    assert langid.document_verdict(EN * 20 + OPEN, LANG_MISMATCH_SHARE) == "en"
    assert langid.document_verdict(ID * 20 + OPEN[:1], LANG_MISMATCH_SHARE) == "id"
    # Three open votes could turn 3 English votes against 2 Indonesian: langdetect must be asked.
    with pytest.raises(AssertionError):
        langid.document_verdict(EN + ID[:2] + OPEN, LANG_MISMATCH_SHARE)


def test_a_long_text_is_judged_on_its_sample() -> None:
    """A million segments cost what the sample costs; a wrong-language side is still caught."""
    long_en = EN * 350_000
    check_languages(long_en, ID * 350_000, source_lang="en", target_lang="id", source_name="a", target_name="b")
    with pytest.raises(Exception, match="look swapped"):
        check_languages(ID * 350_000, long_en, source_lang="en", target_lang="id", source_name="a",
                        target_name="b")
