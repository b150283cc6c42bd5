"""Glossary loading, validation, merging and lookups (termalign.glossary) and the TSV/CSV/OmegaT/PO formats."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from termalign.errors import InputError
from termalign.glossary import (
    GlossaryIndex,
    GlossaryIssue,
    available_glossaries,
    load_glossaries,
    load_glossary,
    lost_in_format,
    save_glossary,
    validate_glossary,
    write_glossary,
)
from termalign.model import Glossary, GlossaryEntry

DATA = Path(__file__).resolve().parent / "data" / "glossary"
SAMPLE = DATA / "sample.tsv"
HEADER = "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(issues: list[GlossaryIssue]) -> list[tuple[int | None, str, str]]:
    return [(issue.line, issue.severity, issue.code) for issue in issues]


# ------------------------------------------------------------------------------------------------ loading TSV


def test_sample_loads_with_every_field() -> None:
    glossary = load_glossary(SAMPLE)
    assert glossary.name == "sample"
    assert len(glossary.entries) == 13
    first = glossary.entries[0]
    assert first.source == "phlebolith" and first.target == "flebolit"
    assert first.source_variants == ("phlebolite",)
    assert first.forbidden == ("phlebolith", "flebolith")
    assert (first.pos, first.domain) == ("noun", "medical")
    assert first.note == "a small calcified clot in a vein"
    assert first.origin is not None and first.origin.file == str(SAMPLE) and first.origin.line == 2
    pdf = next(entry for entry in glossary.entries if entry.source == "PDF")
    assert pdf.case_sensitive and pdf.do_not_translate
    ultrasound = next(entry for entry in glossary.entries if entry.source == "ultrasound")
    assert ultrasound.target_variants == ("USG",) and ultrasound.source_variants == ("sonography",)


def test_validate_clean_sample_has_no_issues() -> None:
    assert validate_glossary(SAMPLE) == []


def test_tsv_round_trip_is_byte_identical() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert write_glossary(load_glossary(SAMPLE), "tsv") == text


def test_crlf_bom_and_trimmed_trailing_tabs_are_accepted(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER.replace("\n", "\r\n") + "phagocyte\tfagosit\r\ncell\tsel\t\t\t\tnoun\r\n"
    glossary = load_glossary(write(tmp_path, "g.tsv", text))
    assert [(e.source, e.target, e.pos) for e in glossary.entries] == [
        ("phagocyte", "fagosit", ""),
        ("cell", "sel", "noun"),
    ]


def test_columns_in_another_order_and_subset(tmp_path: Path) -> None:
    text = "# comment\n\nTarget\tSource\tForbidden\nflebolit\tphlebolith\tflebolith\n"
    glossary = load_glossary(write(tmp_path, "g.tsv", text))
    entry = glossary.entries[0]
    assert (entry.source, entry.target, entry.forbidden) == ("phlebolith", "flebolit", ("flebolith",))
    assert entry.origin is not None and entry.origin.line == 4


def test_headerless_two_column_tsv_is_read_as_omegat(tmp_path: Path) -> None:
    # What `termalign terms -o draft.tsv` writes: source<TAB>target<TAB>comment, no header.
    glossary = load_glossary(write(tmp_path, "draft.tsv", "phlebolith\tflebolit\tscore 0.94\nphagocyte\tfagosit\n"))
    assert [(e.source, e.target) for e in glossary.entries] == [("phlebolith", "flebolit"), ("phagocyte", "fagosit")]


def test_do_not_translate_with_empty_target_takes_the_source(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, "g.tsv", HEADER + "Linux\t\t\t\t\t\t\t\tdo-not-translate\n"))
    entry = glossary.entries[0]
    assert entry.target == "Linux" and entry.targets == ("Linux",)


# ------------------------------------------------------------------------------------------------ validation


def test_malformed_file_reports_every_problem_with_its_line() -> None:
    issues = validate_glossary(DATA / "malformed.tsv")
    assert codes(issues) == [
        (4, "error", "columns"),
        (5, "error", "empty-field"),
        (6, "error", "empty-field"),
        (7, "warning", "stray-quote"),
        (9, "warning", "duplicate"),
        (10, "error", "conflict"),
        (11, "error", "forbidden-accepted"),
        (12, "warning", "unknown-flag"),
        (13, "error", "columns"),
    ]
    text = [str(issue) for issue in issues]
    assert text[0].startswith(f"{DATA / 'malformed.tsv'}:4: error: ")
    conflict = next(issue for issue in issues if issue.code == "conflict")
    assert "'kalkulus ginjal' here, 'batu ginjal' at line 8" in conflict.message
    assert conflict.hint and "target_variants" in conflict.hint


def test_strict_load_raises_the_first_error_with_file_line_and_hint() -> None:
    with pytest.raises(InputError) as err:
        load_glossary(DATA / "malformed.tsv")
    assert err.value.file == str(DATA / "malformed.tsv") and err.value.line == 4
    assert "no target column" in err.value.message
    assert err.value.hint is not None and "5 more error(s)" in err.value.hint and "glossary validate" in err.value.hint


def test_lenient_load_keeps_the_usable_rows() -> None:
    issues: list[GlossaryIssue] = []
    glossary = load_glossary(DATA / "malformed.tsv", strict=False, issues=issues)
    assert [entry.source for entry in glossary.entries] == [
        "phlebolith",
        '"necrotic tissue"',
        "kidney stone",
        "ultrasound",
        "mouse",
    ]
    kidney = glossary.entries[2]
    assert kidney.target == "batu ginjal"  # the conflicting later row was dropped
    ultrasound = glossary.entries[3]
    assert ultrasound.target_variants == ("USG",) and ultrasound.forbidden == ()
    assert len(issues) == 9


def test_header_typo_is_an_error_with_a_suggestion() -> None:
    issues = validate_glossary(DATA / "bad-header.tsv")
    assert codes(issues) == [(2, "error", "header")]
    assert "forbiden" in issues[0].message and issues[0].hint == "did you mean 'forbidden'?"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("phlebolith\tflebolit\t\t\t\tnoun\tpathology\tnote\t\n", "missing header line"),
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("source\tnote\nphlebolith\tx\n", "no 'target' column"),
        ("source\ttarget\tsource\na\tb\tc\n", "appears twice"),
    ],
)
def test_header_problems(tmp_path: Path, text: str, message: str) -> None:
    issues = validate_glossary(write(tmp_path, "g.tsv", text))
    assert issues and issues[0].severity == "error" and message in issues[0].message


def test_duplicate_rows_merge_their_variants(tmp_path: Path) -> None:
    text = HEADER + "kidney stone\tbatu ginjal\trenal calculus\n" + "kidney stone\tbatu ginjal\tnephrolith\n"
    issues: list[GlossaryIssue] = []
    glossary = load_glossary(write(tmp_path, "g.tsv", text), issues=issues)
    assert len(glossary.entries) == 1
    assert glossary.entries[0].source_variants == ("renal calculus", "nephrolith")
    assert codes(issues) == [(3, "warning", "duplicate")] and "merged" in issues[0].message


def test_homonyms_with_different_pos_or_domain_are_not_conflicts(tmp_path: Path) -> None:
    text = HEADER + "file\tberkas\t\t\t\tnoun\tsoftware\n" + "file\tmengajukan\t\t\t\tverb\tlegal\n"
    assert validate_glossary(write(tmp_path, "a.tsv", text)) == []
    # An unspecified domain overlaps every domain: that is a conflict.
    text = HEADER + "table\ttabel\t\t\t\tnoun\tsoftware\n" + "table\tmeja\t\t\t\tnoun\t\n"
    assert codes(validate_glossary(write(tmp_path, "b.tsv", text))) == [(3, "error", "conflict")]


def test_conflict_through_an_english_variant(tmp_path: Path) -> None:
    text = HEADER + "kidney stone\tbatu ginjal\tnephrolith\n" + "nephrolith\tnefrolit\n"
    issues = validate_glossary(write(tmp_path, "g.tsv", text))
    assert codes(issues) == [(3, "error", "conflict")]
    assert "'nephrolith'" in issues[0].message


def test_case_sensitive_entry_does_not_clash_with_a_common_word(tmp_path: Path) -> None:
    text = HEADER + "Windows\tWindows\t\t\t\t\t\t\tcase-sensitive,do-not-translate\n" + "window\tjendela\twindows\n"
    glossary = load_glossary(write(tmp_path, "g.tsv", text))
    index = GlossaryIndex(glossary)
    assert [e.target for e in index.by_source("windows")] == ["jendela"]
    assert [e.target for e in index.by_source("Windows")] == ["Windows", "jendela"]
    assert [e.target for e in index.by_source("WINDOWS")] == ["jendela"]


def test_form_accepted_in_one_entry_and_forbidden_in_another_is_a_warning(tmp_path: Path) -> None:
    text = HEADER + "file\tberkas\t\t\tfail\tnoun\tsoftware\n" + "fail\tfail\t\t\t\tverb\tsoftware\n"
    issues = validate_glossary(write(tmp_path, "g.tsv", text))
    assert codes(issues) == [(3, "warning", "forbidden-elsewhere")]


def test_row_level_warnings(tmp_path: Path) -> None:
    text = (
        HEADER
        + " cell \tsel\n"  # spaces around a term
        + "red  blood cell\tsel darah merah\n"  # double space inside
        + "phagocyte\tfagosit\t\t\tfagocyt||phagocyte\tnoun\n"  # empty variant item
        + "calcium\tkalsium\t\tkalsium\t\tnoun\n"  # variant repeats the main term
        + "calculus\tkalkulus\t\t\t\tn\n"  # unknown part of speech
    )
    issues = validate_glossary(write(tmp_path, "g.tsv", text))
    assert codes(issues) == [
        (2, "warning", "whitespace"),
        (3, "warning", "whitespace"),
        (4, "warning", "empty-variant"),
        (5, "warning", "duplicate-variant"),
        (6, "warning", "unknown-pos"),
    ]
    glossary = load_glossary(write(tmp_path, "g.tsv", text))
    assert glossary.entries[0].source == "cell" and glossary.entries[1].source == "red blood cell"
    assert glossary.entries[3].target_variants == ()


def test_undecodable_file_is_one_error_issue(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes(HEADER.encode() + b"caf\xe9\tkafe\n")
    issues = validate_glossary(path)
    assert codes(issues) == [(2, "error", "unreadable")]
    with pytest.raises(InputError, match="undecodable"):
        load_glossary(path)
    assert load_glossary(path, encoding="cp1252").entries[0].source == "café"


# ------------------------------------------------------------------------------------------------ names, merging


def test_unknown_name_lists_the_shipped_glossaries() -> None:
    with pytest.raises(InputError) as err:
        load_glossary("no-such-glossary-name")
    assert "no such glossary" in err.value.message
    assert err.value.hint is not None and "shipped glossaries:" in err.value.hint


def test_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    path = write(tmp_path, "g.data", "phlebolith flebolit\n")
    with pytest.raises(InputError, match="cannot tell the glossary format"):
        load_glossary(path)
    sniffed = write(tmp_path, "g2.data", HEADER + "phlebolith\tflebolit\n")
    assert load_glossary(sniffed).entries[0].target == "flebolit"
    assert load_glossary(path, fmt="tsv", strict=False).entries == ()


@pytest.mark.parametrize("name", ["medical", "software"])
def test_shipped_glossaries_load_cleanly(name: str) -> None:
    if name not in available_glossaries():
        pytest.skip(f"glossaries/{name}.tsv not written yet")
    issues: list[GlossaryIssue] = []
    glossary = load_glossary(name, issues=issues)
    assert glossary.name == name and len(glossary.entries) > 0
    assert [issue for issue in issues if issue.severity == "error"] == []
    # Shipped glossaries are canonical: apart from comment and blank lines, writing one back gives the same bytes.
    from termalign.glossary import shipped_glossary_path

    text = Path(shipped_glossary_path(name)).read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines(True) if line.strip() and not line.startswith("#"))
    assert write_glossary(glossary, "tsv") == body


def test_available_glossaries_is_sorted_names() -> None:
    names = available_glossaries()
    assert names == sorted(names) and all("/" not in name and not name.endswith(".tsv") for name in names)


def test_load_glossaries_later_file_overrides(tmp_path: Path) -> None:
    base = write(tmp_path, "base.tsv", HEADER + "table\tmeja\t\t\t\tnoun\nphagocyte\tfagosit\n")
    project = write(tmp_path, "project.tsv", HEADER + "table\ttabel\t\t\t\tnoun\nphagocyte\tfagosit\t\tsel fagosit\n")
    issues: list[GlossaryIssue] = []
    merged = load_glossaries([base, project], issues=issues)
    assert merged.name == "base+project"
    assert {(e.source, e.target) for e in merged.entries} == {("table", "tabel"), ("phagocyte", "fagosit")}
    phagocyte = next(e for e in merged.entries if e.source == "phagocyte")
    assert phagocyte.target_variants == ("sel fagosit",)
    assert [(i.severity, i.code) for i in issues] == [("info", "override"), ("warning", "duplicate")]
    assert "replaces 'meja'" in issues[0].message and str(base) in issues[0].message
    assert [(i.file, i.line) for i in issues] == [(str(project), 2), (str(project), 3)]


# ------------------------------------------------------------------------------------------------ index


def test_index_lookups() -> None:
    index = GlossaryIndex(load_glossary(SAMPLE))
    assert [e.source for e in index.by_source("Phlebolith")] == ["phlebolith"]
    assert [e.source for e in index.by_source("PHLEBOLITE")] == ["phlebolith"]
    assert [e.source for e in index.by_source("kidney  stone")] == ["kidney stone"]
    assert [e.source for e in index.by_target("Mengunduh")] == ["download"]
    assert [e.source for e in index.by_target("USG")] == ["ultrasound"]
    assert [e.source for e in index.by_forbidden("flebolith")] == ["phlebolith"]
    assert index.by_source("pdf") == () and [e.source for e in index.by_source("PDF")] == ["PDF"]
    assert [e.source for e in index.by_target("PDF")] == ["PDF"]
    assert [e.source for e in index.lookup("phlebolith")] == ["phlebolith"]  # source and forbidden: listed once
    assert [e.source for e in index.by_spelling("Flebolith")] == ["phlebolith"]
    assert [e.source for e in index.by_spelling("fagocyte")] == ["phagocyte"]
    assert index.max_source_words == 2 and index.max_target_words == 2
    assert "kidney stone" in index.source_forms() and "PDF" in index.source_forms()
    assert index.key("Kidney  Stone") == "kidney stone"


def test_index_accepts_plain_entries() -> None:
    entries = [
        GlossaryEntry(source="cell", target="sel"),
        GlossaryEntry(source="Cell", target="Cell", case_sensitive=True),
    ]
    index = GlossaryIndex(entries)
    assert len(index) == 2
    assert [e.target for e in index.by_source("Cell")] == ["Cell", "sel"]


# ------------------------------------------------------------------------------------------------ CSV, OmegaT, PO


def test_csv_round_trip_and_quoting(tmp_path: Path) -> None:
    glossary = load_glossary(SAMPLE)
    entries = list(glossary.entries)
    entries[0] = GlossaryEntry(**{**entries[0].__dict__, "note": 'a "small", calcified clot'})
    text = write_glossary(Glossary(tuple(entries), name="sample"), "csv")
    assert '"a ""small"", calcified clot"' in text
    again = load_glossary(write(tmp_path, "g.csv", text))
    assert again.entries == tuple(entries)


def test_csv_with_semicolons_and_multiline_quoted_field(tmp_path: Path) -> None:
    text = 'source;target;note\n# comment\nphagocyte;fagosit;"eats\ncells"\ncell;sel;\n'
    glossary = load_glossary(write(tmp_path, "g.csv", text))
    assert [(e.source, e.note) for e in glossary.entries] == [("phagocyte", "eats cells"), ("cell", "")]
    assert [e.origin.line for e in glossary.entries if e.origin] == [3, 5]


def test_csv_bad_quoting_names_the_line(tmp_path: Path) -> None:
    text = 'source,target\nphagocyte,fagosit\n"cell"x,sel\n'
    issues = validate_glossary(write(tmp_path, "g.csv", text))
    assert codes(issues) == [(3, "error", "csv")]


def test_omegat_reading_merges_alternatives(tmp_path: Path) -> None:
    text = (
        "# OmegaT glossary\n"
        "ultrasound\tultrasonografi\timaging\n"
        "ultrasound\tUSG\n"
        "ultrasound\tUSG\n"
        "download\tunduh\n"
        "calcification\n"
    )
    issues: list[GlossaryIssue] = []
    glossary = load_glossary(write(tmp_path, "g.txt", text), strict=False, issues=issues)
    assert [(e.source, e.target, e.target_variants, e.note) for e in glossary.entries] == [
        ("ultrasound", "ultrasonografi", ("USG",), "imaging"),
        ("download", "unduh", (), ""),
    ]
    assert codes(issues) == [(4, "warning", "duplicate"), (6, "error", "empty-field")]


def test_omegat_round_trip_keeps_targets_and_notes(tmp_path: Path) -> None:
    glossary = load_glossary(SAMPLE)
    again = load_glossary(write(tmp_path, "g.utf8", write_glossary(glossary, "omegat")))
    assert [(e.source, e.target, e.target_variants, e.note) for e in again.entries] == [
        (e.source, e.target, e.target_variants, e.note) for e in glossary.entries
    ]
    lost = lost_in_format(glossary, "omegat")
    assert any(item.startswith("forbidden forms (6 entries)") for item in lost)
    assert lost_in_format(glossary, "tsv") == [] and lost_in_format(glossary, "po") == []


def test_tsv_saved_as_txt_is_read_as_tsv(tmp_path: Path) -> None:
    path = write(tmp_path, "g.txt", SAMPLE.read_text(encoding="utf-8"))
    assert load_glossary(path).entries == load_glossary(SAMPLE).entries


def test_po_round_trip_is_lossless(tmp_path: Path) -> None:
    glossary = load_glossary(SAMPLE)
    po_path = write(tmp_path, "g.po", write_glossary(glossary, "po"))
    again = load_glossary(po_path)
    assert write_glossary(again, "tsv") == SAMPLE.read_text(encoding="utf-8")


def test_po_glossary_is_read_in_its_header_charset_with_gettext_escapes(tmp_path: Path) -> None:
    """An ISO-8859-1 PO glossary was refused as "not UTF-8", and octal escapes were kept as backslash text."""
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
    latin1 = tmp_path / "latin1.po"
    latin1.write_bytes((header + 'msgid "vein"\nmsgstr "v\xe9na"\n').encode("latin-1"))
    assert [(e.source, e.target) for e in load_glossary(latin1).entries] == [("vein", "véna")]
    octal = tmp_path / "octal.po"
    octal.write_text(header.replace("ISO-8859-1", "UTF-8") + 'msgid "vein"\nmsgstr "v\\303\\251na"\n',
                     encoding="utf-8")
    assert [(e.source, e.target) for e in load_glossary(octal).entries] == [("vein", "véna")]


def test_po_homonyms_get_a_context_and_pass_msgfmt(tmp_path: Path) -> None:
    text = HEADER + "file\tberkas\t\t\t\tnoun\tsoftware\n" + "file\tmengajukan\t\t\t\tverb\tlegal\n"
    glossary = load_glossary(write(tmp_path, "g.tsv", text))
    po_text = write_glossary(glossary, "po")
    assert 'msgctxt "software/noun"' in po_text and 'msgctxt "legal/verb"' in po_text
    po_path = write(tmp_path, "g.po", po_text)
    assert load_glossary(po_path).entries == glossary.entries
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_po_reader_skips_fuzzy_untranslated_and_obsolete(tmp_path: Path) -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#. Weblate explanation\n# translator remark\n"
        'msgid "phagocyte"\nmsgstr "fagosit"\n\n'
        '#, fuzzy\nmsgid "cell"\nmsgstr "sel"\n\n'
        'msgid "tissue"\nmsgstr ""\n\n'
        '#~ msgid "old"\n#~ msgstr "lama"\n'
    )
    issues: list[GlossaryIssue] = []
    glossary = load_glossary(write(tmp_path, "g.po", text), issues=issues)
    assert [(e.source, e.target, e.note) for e in glossary.entries] == [
        ("phagocyte", "fagosit", "Weblate explanation translator remark")
    ]
    assert [(i.severity, i.code) for i in issues] == [("warning", "fuzzy"), ("warning", "untranslated")]


def test_po_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "g.po", 'msgid "a"\nmsgstr "b"\nthis is not po\n')
    with pytest.raises(InputError) as err:
        load_glossary(path)
    assert err.value.line == 3 and "not a valid PO file" in err.value.message


def test_real_indonesian_catalog_reads_as_a_glossary(tmp_path: Path) -> None:
    """A real Debian Indonesian catalogue (.mo → .po) goes through the PO reader without crashing."""
    import polib

    catalogs = sorted(Path("/usr/share/locale/id/LC_MESSAGES").glob("*.mo"))
    if not catalogs:
        pytest.skip("no Indonesian .mo catalogues on this machine")
    catalog = polib.mofile(str(catalogs[0]))
    path = tmp_path / "real.po"
    path.write_text(str(catalog), encoding="utf-8")
    glossary = load_glossary(path, strict=False)
    translated = [entry for entry in catalog if entry.msgstr.strip() and entry.msgid.strip()]
    assert translated and 0 < len(glossary.entries) <= len(translated)


# ------------------------------------------------------------------------------------------------ saving


def test_save_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    glossary = load_glossary(SAMPLE)
    out = tmp_path / "out.tbx"
    save_glossary(glossary, out)
    with pytest.raises(InputError, match="refusing to overwrite"):
        save_glossary(glossary, out)
    save_glossary(glossary, out, overwrite=True)
    with pytest.raises(InputError, match="cannot tell the output format"):
        save_glossary(glossary, tmp_path / "out.bin")


def test_writer_refuses_tabs_in_fields() -> None:
    glossary = Glossary((GlossaryEntry(source="a\tb", target="c"),))
    with pytest.raises(InputError, match="tab or line break"):
        write_glossary(glossary, "tsv")
    with pytest.raises(InputError, match="variant separator"):
        write_glossary(Glossary((GlossaryEntry(source="a", target="c", forbidden=("x|y",)),)), "tsv")


# ------------------------------------------------------------------------------------------------ performance


@pytest.mark.slow
def test_loading_5000_entries(tmp_path: Path) -> None:
    # Correctness at size only: load and index time are measured in benchmarks/, never asserted here.
    rows = [
        f"term{n} word{n % 97}\tistilah{n} kata{n % 89}\tterms{n}\tistilahnya{n}\tsalah{n}\tnoun\tmedical\tnote {n}\t"
        for n in range(5000)
    ]
    path = write(tmp_path, "big.tsv", HEADER + "\n".join(rows) + "\n")
    glossary = load_glossary(path)
    assert len(glossary.entries) == 5000
    index = GlossaryIndex(glossary)
    assert index.by_target("istilahnya4999")[0].source == f"term4999 word{4999 % 97}"
    assert index.by_target(f"istilah2500 kata{2500 % 89}")[0].source == f"term2500 word{2500 % 97}"
