"""missing-term and untranslated-term: the false-alarm rules (a term inside a longer English term left in the
target, code kept as is, constants, accelerators, other derivations of a root, idioms; keys, directives,
alternations, synopses and product names for untranslated-term). Every text here is written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.checks import Unit, check, resolve_glossary

HEADER = "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n"
ROWS = [
    ("database", "basis data"),
    ("key", "kunci"),
    ("public key", "kunci publik"),
    ("server", "server", "peladen"),
]


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory):
    """A small glossary where one term ("key") lies inside a longer one ("public key")."""
    path: Path = tmp_path_factory.mktemp("g") / "nested.tsv"
    lines = [f"{r[0]}\t{r[1]}\t\t{r[2] if len(r) > 2 else ''}\t\tnoun\tsecurity\t\t" for r in ROWS]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return resolve_glossary(str(path))


@pytest.fixture(scope="module")
def software():
    return resolve_glossary("software")


def pair(source: str, target: str) -> Unit:
    return Unit(text=target, lang="id", source=source, file="t.po", line=1, key=source)


def found(findings, code: str) -> list[str]:
    return [f.text for f in findings if f.code == code]


# ------------------------------------------------------------------------------------- missing-term


def test_term_inside_a_longer_english_term_left_in_is_reported_once(nested):
    findings = check([pair("Send the key to the server", "Kirim public key ke server")], nested)
    assert found(findings, "untranslated-term") == ["public key"]
    assert found(findings, "missing-term") == []


def test_a_term_really_missing_elsewhere_in_the_entry_is_still_reported(nested):
    findings = check([pair("Store the key in the database", "Simpan public key di dalam arsip")], nested)
    assert found(findings, "untranslated-term") == ["public key"]
    assert found(findings, "missing-term") == ["database"]


def test_a_term_translated_nowhere_is_still_missing(nested):
    findings = check([pair("Store the key in the database", "Simpan sandi di dalam basis data")], nested)
    assert found(findings, "missing-term") == ["key"]


def test_term_inside_an_option_the_target_keeps_is_not_missing(software):
    kept = pair("  --show-symbols   print the table", "  --show-symbols   cetak tabelnya")
    assert found(check([kept], software), "missing-term") == []
    # A second, prose occurrence of the same term still expects a translation.
    prose = pair("  --all-symbols   export symbols", "  --all-symbols   ekspor semuanya")
    assert found(check([prose], software), "missing-term") == ["symbols"]


def test_term_inside_a_hyphenated_name_or_gnu_quote_kept_as_is(software):
    units = [pair("cannot run send-objects", "tidak dapat menjalankan send-objects"),
             pair("type `list' to start", "ketik `list' untuk mulai")]
    assert found(check(units, software), "missing-term") == []


def test_code_the_target_translated_is_not_excused(software):
    findings = check([pair("git frob <command>", "git frob <nama>")], software)
    assert found(findings, "missing-term") == ["command"]


def test_a_constant_after_the_term_is_not_a_multiword_term(software):
    findings = check([pair("Write the report to file NAME", "Tulis laporan ke berkas NAMA")], software)
    assert found(findings, "missing-term") == []


def test_accelerator_marker_inside_the_accepted_form(software):
    assert found(check([pair("_Reset Size", "Ubah Ukura_n")], software), "missing-term") == []
    assert found(check([pair("_Reset Size", "Ubah Lebar")], software), "missing-term") == ["Size"]


def test_prefixed_verb_of_the_root_of_a_suffixed_form(software):
    # reference → referensi | acuan | rujukan: "dirujuk" and "mengacu" are verbs of the same roots.
    units = [pair("the page this link references", "halaman yang dirujuk tautan ini"),
             pair("a field with a reference to a package", "ruas yang mengacu ke paket")]
    assert found(check(units, software), "missing-term") == []
    # Without a verbal prefix the root alone does not count ("acu" is not "acuan").
    assert found(check([pair("a broken reference", "acu yang rusak")], software), "missing-term") == ["reference"]


def test_idiom_without_the_term(software):
    assert found(check([pair("take the limits into account", "perhitungkan batasnya")], software),
                 "missing-term") == []
    assert found(check([pair("the account is locked", "ruang ini terkunci")], software),
                 "missing-term") == ["account"]


# ------------------------------------------------------------------------------- untranslated-term


@pytest.mark.parametrize(("source", "target"), [
    ("bad pair: source=%s, table=%s", "pasangan buruk: source=%s, table=%s"),  # keys of key=value
    ("frob [name[=value]]", "frob [name[=nilai]]"),
    ("unknown .size expression", "ekspresi .size tidak dikenal"),  # a directive
    ("expected blob|tree", "diharapkan blob|tree"),  # keywords of an alternation
    ("Type `help' for more", "Ketik `help' untuk info lebih"),  # GNU quotes
    ("git notes list [<options>]", "git notes list [<opsi>]"),  # three command words
    ("Contoso Wireless Keys 3000", "Contoso Wireless Keys 3000"),  # a model name copied from the source
    ("Fabrikam ZipDrive Color (USB)", "Fabrikam ZipDrive Color (USB)"),
])
def test_literals_and_names_are_not_untranslated(software, source, target):
    assert found(check([pair(source, target)], software), "untranslated-term") == []


@pytest.mark.parametrize(("source", "target", "term"), [
    ("Source Files Header", "Source Files Header", "Source"),  # a title-case run of ordinary words
    ("Set the size of the table", "Atur size dari tabel", "size"),
    ("Open the wireless settings", "Buka setelan wireless", "wireless"),
    ("Move the window to the front", "Pindahkan window ke depan.size", "window"),
])
def test_english_terms_in_prose_are_still_untranslated(software, source, target, term):
    assert term in found(check([pair(source, target)], software), "untranslated-term")
