"""Software catalogs: what the checks must not read as prose (issue 14 item 5). Every string here is written for
these tests, in the shapes seen in GTK's and the Python documentation's catalogs."""

from __future__ import annotations

import pytest

from termalign.checks.base import Unit
from termalign.checks.inputs import PoInput
from termalign.checks.patterns import ACCELERATOR, code_spans
from termalign.checks.runner import run_checks
from termalign.glossary import load_glossary


@pytest.fixture(scope="module")
def software():
    return load_glossary("software")


def codes(glossary, source: str, target: str) -> list[tuple[str, str]]:
    found = run_checks([Unit(text=target, source=source)], glossary).findings
    return [(f.code, f.text) for f in found]


@pytest.mark.parametrize(("source", "target"), [
    # reST roles and inline code of the Python documentation: role names and their targets are markup.
    ("See :c:type:`size_t` for the type.", "Lihat :c:type:`size_t` untuk tipenya."),
    ("``b*`` (:class:`str` or :term:`bytes-like object`)", "``b*`` (:class:`str` atau :term:`bytes-like object`)"),
    ("Use the :ref:`function` page and ``@deco``.", "Gunakan ``@deco`` dan halaman :ref:`function`."),
    # An English word in italics is a foreign word kept on purpose (PUEBI), or a parameter name.
    ("The list is copied.", "Daftar *list* itu disalin."),
    ("A *deep copy* copies everything.", "Sebuah *deep copy* menyalin semuanya."),
    # Settings written as code, key combinations.
    ("Use APP_RENDER=disable instead.", "Gunakan APP_RENDER=disable sebagai gantinya."),
    ("Press Ctrl+Shift+Delete to delete it.", "Tekan Ctrl+Shift+Delete untuk menghapusnya."),
    # Names copied whole: title case, a short string led by an acronym, one token.
    ("XYZ Secure File Transfer Protocol", "XYZ Secure File Transfer Protocol"),
    ("The Example License (EXL)", "The Example License (EXL)"),
    ("ZWX Zero width example", "ZWX Zero width example"),
    ("calendar:XY", "calendar:XY"),
    # Mostly code, copied whole; an acronym's expansion kept as the source has it.
    ("``O!`` (object) [*typeobject*, PyObject]", "``O!`` (object) [*typeobject*, PyObject]"),
    ("The CSV (Comma Separated Values) format", "Format CSV (Comma Separated Values)"),
    # Hyphenated commands and compound loanwords the source has as they are.
    ("failed write to rev-list", "gagal menulis ke rev-list"),
    ("free and open-source software", "perangkat lunak bebas dan open-source"),
    # A licence name kept inside a translated string: a run of capitals holding an acronym, copied from the source.
    ("GNU Example Public License, version 2", "GNU Example Public License, versi 2"),
])
def test_markup_names_and_settings_are_not_untranslated_terms(software, source, target):
    assert [c for c in codes(software, source, target) if c[0] in ("untranslated-term", "garbled-term")] == []


def test_prose_left_in_english_is_still_reported(software):
    assert ("untranslated-term", "list") in codes(software, "Remove the list.", "Hapus list itu.")
    # copied whole, but prose: reported
    assert ("untranslated-term", "list") in codes(software, "Remove the old list now", "Remove the old list now")
    # not in italics: reported
    assert ("untranslated-term", "character") in codes(software, "Unicode character", "Unicode character")
    assert ("untranslated-term", "object") in codes(software, "An object here.", "Suatu object di sini.")


def test_accelerators_before_and_inside_words():
    assert ACCELERATOR.sub("", "_Buka ~Simpan &Salin Uku_ran Ta~bel") == "Buka Simpan Salin Ukuran Tabel"
    assert ACCELERATOR.sub("", "~/.config dan a & b") == "~/.config dan a & b"


def test_emphasis_is_a_quotation_not_code():
    text = "Kata *fleboliht* di sini dan ``kode``."
    assert [text[a:b] for a, b in code_spans(text)] == ["*fleboliht*", "``kode``"]
    assert [text[a:b] for a, b in code_spans(text, quotes=False)] == ["``kode``"]
    # not emphasis: globs, multiplication, strong labels
    for text in ("berkas *.txt dan *.log", "2 * 3 * 4", "**Catatan:** baca"):
        assert code_spans(text) == [] or all("*" not in text[a:b] for a, b in code_spans(text))


def test_key_labels_are_not_checked(tmp_path, software):
    po = tmp_path / "keys.po"
    po.write_text('msgctxt "keyboard label"\nmsgid "Delete"\nmsgstr "Delete"\n\n'
                  'msgid "Delete"\nmsgstr "Delete"\n', encoding="utf-8")
    units = list(PoInput(str(po)).units())
    assert [u.key for u in units] == ["Delete"]
