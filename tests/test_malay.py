"""Malay delivered as Indonesian (issue 14 item 7): a wrong-language finding naming the Malay words, and no alarm
on Indonesian. The texts are written for these tests."""

from __future__ import annotations

from termalign.checks.base import Unit
from termalign.checks.runner import run_checks
from termalign.glossary import load_glossary
from termalign.lang.malay import looks_malay, malay_evidence

MALAY = [
    "Pesakit yang mengalami batu karang perlu berjumpa doktor dengan segera kerana kesakitan boleh menjadi teruk.",
    "Rawatan percuma disediakan oleh kerajaan untuk semua rakyat yang memerlukannya.",
    "Ubat tahan sakit sahaja tidak mencukupi jika jangkitan telah merebak ke buah pinggang.",
    "Sila klik pautan di bawah untuk muat turun kemas kini perisian terkini.",
]
INDONESIAN = [
    "Pasien dengan batu ginjal harus segera menemui dokter karena nyerinya bisa menjadi parah.",
    "Pemerintah menyediakan perawatan gratis bagi semua warga yang membutuhkannya.",
    "Obat pereda nyeri saja tidak cukup jika infeksi sudah menyebar ke ginjal.",
    "Kerajaan Majapahit runtuh pada abad kelima belas; usaha mempertahankannya percuma.",
    "Fungsi ini mengembalikan bilangan bulat; sila pertama Pancasila dibahas di bab lain.",
    "Anda boleh menyimpan berkas ini, lalu naik bas kota ke kantor dalam beberapa menit.",
]


def test_malay_sentences_are_recognised_with_their_words():
    for text in MALAY:
        assert looks_malay(text), text
    assert looks_malay(MALAY[2]) == ["ubat", "sahaja", "jangkitan", "buah pinggang"]


def test_indonesian_sentences_are_not():
    for text in INDONESIAN:
        assert looks_malay(text) is None, (text, malay_evidence(text))


def test_wrong_language_reports_malay_targets_only():
    glossary = load_glossary("medical")
    units = [Unit(text=t, lang="id", line=k) for k, t in enumerate(MALAY + INDONESIAN, start=1)]
    found = [f for f in run_checks(units, glossary).findings if f.code == "wrong-language"]
    assert [f.location.line for f in found] == [1, 2, 3, 4]
    assert "Malay words: 'ubat', 'sahaja'" in found[2].message
    assert all(f.severity == "warning" for f in found)
