"""Unit tests of the terminology checks on texts written for these tests (tests/data/checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termalign.checks import (
    Baseline,
    CheckOptions,
    PoInput,
    TextInput,
    TmxInput,
    Unit,
    baseline_json,
    check,
    check_text,
    resolve_glossary,
    run_checks,
    select_checks,
)
from termalign.checks.inputs import iter_po_entries, parse_ignore
from termalign.checks.known_words import KnownWords
from termalign.checks.patterns import code_spans, looks_like_identifier
from termalign.errors import InputError
from termalign.lang.english import bases as english_bases
from termalign.model import Glossary, GlossaryEntry

DATA = Path(__file__).resolve().parent / "data" / "checks"


@pytest.fixture(scope="module")
def glossary():
    return resolve_glossary(str(DATA / "glossary.tsv"))


def codes(findings, code):
    return [(f.text, f.suggestion) for f in findings if f.code == code]


def pair(source: str, target: str, **kw) -> Unit:
    return Unit(text=target, lang="id", source=source, file="t.po", line=1, key=source, **kw)


# ------------------------------------------------------------------------------------------ garbled


def test_garbled_terms_in_english_text_get_the_intended_term(glossary):
    findings = check(TextInput(str(DATA / "garbled_en.txt"), lang="en"), glossary)
    garbled = codes(findings, "garbled-term")
    assert ("Phleebolith", "Phlebolith") in garbled
    assert ("fagocytyc", "phagocytic") in garbled
    assert ("osifficans", "ossificans") in garbled
    # the garbled word inside the glossary phrase is reported as the phrase, with the phrase as suggestion
    assert ("myositis osificanss", "myositis ossificans") in garbled
    assert all(f.severity == "error" for f in findings if f.code == "garbled-term")


@pytest.mark.parametrize("word", ["phlebitis", "fibrosis", "ossification", "classification", "calcium",
                                  "calcify", "calcifies", "phleboliths", "Phlebolith"])
def test_real_words_and_inflections_are_not_garbled(glossary, word):
    findings = check_text(f"The report mentions {word} twice in the summary.", "en", glossary)
    assert codes(findings, "garbled-term") == []


def test_garbled_finding_explains_itself(glossary):
    [f] = [f for f in check_text("A small Phleebolith was seen.", "en", glossary) if f.code == "garbled-term"]
    text = " ".join(f.explanation)
    assert "folded spelling" in text and "Indel ratio" in text and "not a known word" in text
    assert f.location.start == 8 and f.location.end == 19 and f.lang == "en"


def test_garble_in_indonesian_target_compared_with_the_expected_term(glossary):
    findings = check([pair("The phlebolith is visible", "Flebolith terlihat jelas")], glossary)
    assert codes(findings, "garbled-term") == [("Flebolith", "Flebolit")]
    assert codes(findings, "missing-term") == []


def test_typo_of_a_common_word_is_not_reported_as_term_garble():
    glossary = Glossary(entries=(GlossaryEntry("blood vessel", "pembuluh darah"),), name="t")
    # "dearah" is one edit from the glossary's "darah" but also one transposition from the common "daerah";
    # "pembuluuh" is close to "pembuluh" and to no common word.
    findings = check_text("Sel di dearah itu rusak karena pembuluuh darah pecah.", "id", glossary)
    assert codes(findings, "garbled-term") == [("pembuluuh darah", "pembuluh darah")]


def test_identifiers_copied_from_source_are_not_garbles(glossary):
    findings = check([pair("Run phlebolithctl now", "Jalankan phlebolithctl sekarang")], glossary)
    assert codes(findings, "garbled-term") == []


def test_accelerator_halves_are_not_garbles(glossary):
    findings = check([pair("Calcium level", "Tingkat kal_sium")], glossary)
    assert codes(findings, "garbled-term") == []


# -------------------------------------------------------------------------------------------- glued


def test_glued_words_flagged_but_not_identifiers_names_units(glossary):
    findings = check(TextInput(str(DATA / "garbled_en.txt"), lang="en"), glossary)
    assert codes(findings, "glued-words") == [("endedThe", "ended. The")]


@pytest.mark.parametrize("text", ["Set `pushDefault` first.", "Call getElementById now.", "Buy an iPhone today.",
                                  "Learn JavaScript fast.", "Blood pressure in mmHg and eGFR.",
                                  "The pH was normal.", "Open PowerPoint and YouTube."])
def test_glue_shape_in_code_and_names_is_left_alone(glossary, text):
    assert codes(check_text(text, "en", glossary), "glued-words") == []


def test_glued_indonesian_words_and_copied_config_names(glossary):
    findings = check([pair("refs you just fetched", "referensi yang baru sajaAnda ambil")], glossary)
    assert codes(findings, "glued-words") == [("sajaAnda", "saja Anda")]
    kept = check([pair("set pushDefault first", "atur pushDefault dahulu")], glossary)
    assert codes(kept, "glued-words") == []


# ------------------------------------------------------------------------------- untranslated, forbidden


def test_untranslated_forbidden_and_inconsistent_in_indonesian_text(glossary):
    findings = check(TextInput(str(DATA / "mixed_id.txt"), lang="id"), glossary)
    assert codes(findings, "untranslated-term") == [("phlebolith", "flebolit")]
    assert codes(findings, "forbidden-term") == [("ijin", "izin")]
    assert codes(findings, "inconsistent-term") == [("kalsifikasi distrofi", "kalsifikasi distrofik")]
    assert codes(findings, "glued-words") == [("sajaMereka", "saja. Mereka")]
    [wrong] = [f for f in findings if f.code == "wrong-language"]
    assert wrong.location.line == 5 and wrong.severity == "error"
    # the English sentence is reported once, as a whole, not term by term
    assert not [f for f in findings if f.location.line == 5 and f.code != "wrong-language"]


def test_clean_indonesian_text_has_no_findings(glossary):
    assert check(TextInput(str(DATA / "clean_id.txt"), lang="id"), glossary) == []


def test_same_form_and_do_not_translate_terms_are_not_untranslated(glossary):
    findings = check([pair("The MRI showed a virus", "MRI menunjukkan virus")], glossary)
    assert findings == []


def test_forbidden_inflected_form(glossary):
    findings = check_text("Pasien sudah diijinkan pulang kemarin sore.", "id", glossary)
    # the affixes are kept, so applying the suggestion gives the intended word
    assert codes(findings, "forbidden-term") == [("diijinkan", "diizinkan")]


# ------------------------------------------------------------------------------------------- missing


def test_missing_term_is_morphology_aware(glossary):
    assert check([pair("Scan the calcified tissue", "Pindai jaringan yang terkalsifikasi")], glossary) == []
    assert check([pair("We scanned the tissue", "Kami memindai jaringan itu")], glossary) == []
    missing = check([pair("Check the necrotic tissue", "Periksa bagian yang mati")], glossary)
    assert codes(missing, "missing-term") == [("necrotic tissue", "jaringan nekrotik")]
    assert missing[0].severity == "warning"


def test_missing_term_accepts_any_variant_and_honours_case(glossary):
    assert codes(check([pair("One injection", "Satu injeksi")], glossary), "missing-term") == []
    findings = check([pair("The MRI was clear", "Hasil mri bersih")], glossary)
    assert codes(findings, "missing-term") == [("MRI", "MRI")]


def test_inconsistent_translation_of_one_source_term_across_units(glossary):
    units = [pair("One injection", "Satu suntikan"), pair("Two injection sites", "Dua suntikan"),
             pair("The injection hurt", "Injeksi itu sakit")]
    findings = check(units, glossary)
    [f] = codes(findings, "inconsistent-term")
    assert f == ("Injeksi", "Suntikan")


# ------------------------------------------------------------------------------------ wrong language


def test_wrong_language_needs_evidence(glossary):
    short = check([pair("Open the file", "Open the file")], glossary)
    assert codes(short, "wrong-language") == []
    long = check([pair("The file could not be opened for reading", "The file could not be opened for reading")],
                 glossary)
    [f] = [f for f in long if f.code == "wrong-language"]
    assert "copied from the source" in f.message


# ------------------------------------------------------------------------------------ inputs, options


def test_po_input_units_lines_fuzzy_obsolete_plural_and_ignore(glossary):
    units = list(PoInput(str(DATA / "sample.po")).units())
    texts = [u.text for u in units]
    assert "Tingkat kalsum" not in texts  # fuzzy skipped
    assert not any("lama" in t for t in texts)  # obsolete skipped
    plural = next(u for u in units if u.text == "Ijin")
    assert plural.entry == "menu|Permission" and plural.key.endswith("\x000")
    ignored = next(u for u in units if "phlebolith itu" in u.text)
    assert ignored.ignores("untranslated-term") and not ignored.ignores("garbled-term")
    first = units[0]
    assert first.line == 9 and first.source == "Scan the calcified tissue"
    with_fuzzy = list(PoInput(str(DATA / "sample.po"), include_fuzzy=True).units())
    assert len(with_fuzzy) == len(units) + 1


def test_po_reader_matches_polib(tmp_path):
    polib = pytest.importorskip("polib")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    strings = ['Say "hi"\\n', "Tab\there", "Back\\slash", "Line one\nline two", "Ünïcödé “quotes”"]
    for k, s in enumerate(strings):
        po.append(polib.POEntry(msgid=f"id {k} {s}", msgstr=f"str {k} {s}", msgctxt="c" if k % 2 else None))
    path = tmp_path / "x.po"
    po.save(str(path))
    ours = [(e.msgctxt, e.msgid, e.msgstr) for e in iter_po_entries(path.read_text("utf-8")) if e.msgid]
    theirs = [(e.msgctxt, e.msgid, e.msgstr) for e in polib.pofile(str(path))]
    assert ours == theirs


def test_po_syntax_error_names_the_line(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nnonsense here\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(PoInput(str(bad)).units())
    assert err.value.line == 3


def test_po_bad_bytes_name_the_line(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_bytes(b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "\xff"\n')
    with pytest.raises(InputError) as err:
        list(PoInput(str(bad)).units())
    assert err.value.line == 5


def test_tmx_input_skips_inline_codes_and_reads_notes(glossary):
    units = list(TmxInput(str(DATA / "sample.tmx")).units())
    assert [u.entry for u in units] == ["t1", "t2"]
    assert units[0].source == "The phlebolith is small" and units[0].text == "Phlebolith itu kecil"
    findings = check(TmxInput(str(DATA / "sample.tmx")), glossary)
    assert [(f.code, f.location.entry) for f in findings] == [("untranslated-term", "t1")]


def test_tmx_entity_attack_refused(tmp_path):
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                    "<tmx><body><tu><tuv xml:lang='id'><seg>&b;</seg></tuv></tu></body></tmx>", encoding="utf-8")
    with pytest.raises(InputError):
        list(TmxInput(str(bomb)).units())


def test_parse_ignore():
    assert parse_ignore("termalign: ignore garbled-term, glued-words") == {"garbled-term", "glued-words"}
    assert parse_ignore("note\ntermalign: ignore") == {"*"}
    assert parse_ignore("nothing here") == frozenset()


def test_select_checks_and_unknown_codes():
    assert select_checks(["glued-words", "garbled-term"]) == ["garbled-term", "glued-words"]
    assert "missing-term" not in select_checks(None, ["missing-term"])
    with pytest.raises(ValueError, match="unknown check"):
        select_checks(["nope"])


def test_checks_option_limits_what_runs(glossary):
    findings = check(TextInput(str(DATA / "mixed_id.txt"), lang="id"), glossary, checks=["forbidden-term"])
    assert {f.code for f in findings} == {"forbidden-term"}


def test_threshold_option(glossary):
    strict = check_text("A small Pleborlith was seen.", "en", glossary, options=CheckOptions(threshold=99))
    loose = check_text("A small Pleborlith was seen.", "en", glossary)
    assert codes(strict, "garbled-term") == [] and codes(loose, "garbled-term") == [("Pleborlith", "Phlebolith")]


# --------------------------------------------------------------------------------- baseline, output


def test_baseline_keeps_old_findings_out_and_survives_line_moves(glossary, tmp_path):
    first = run_checks([pair("The phlebolith is visible", "Flebolith terlihat jelas")], glossary)
    assert len(first.findings) == 1
    path = tmp_path / "baseline.json"
    path.write_text(baseline_json(first.findings, first.fingerprints), encoding="utf-8")
    moved = Unit(text="Flebolith terlihat jelas", lang="id", source="The phlebolith is visible", file="t.po",
                 line=40, key="The phlebolith is visible")
    new = pair("Remove the phlebolith", "Angkat flebolitt itu")
    again = run_checks([moved, new], glossary, baseline=Baseline.load(str(path)))
    assert again.baselined == 1
    assert [f.text for f in again.findings] == ["flebolitt"]


def test_baseline_file_errors(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        Baseline.load(str(bad))
    bad.write_text(json.dumps({"version": 9}), encoding="utf-8")
    with pytest.raises(InputError):
        Baseline.load(str(bad))


def test_inline_ignore_counts(glossary):
    result = run_checks(PoInput(str(DATA / "sample.po")), glossary)
    assert result.ignored == 1
    assert not [f for f in result.findings if f.text == "phlebolith"]


def test_output_is_deterministic(glossary):
    a = check(TextInput(str(DATA / "mixed_id.txt"), lang="id"), glossary)
    b = check(TextInput(str(DATA / "mixed_id.txt"), lang="id"), glossary)
    assert a == b


# ------------------------------------------------------------------------------------------ helpers


def test_code_spans_and_identifiers():
    text = "Use `git push` with %s and --force or core.pushDefault at https://x.org/a"
    spans = code_spans(text)
    covered = {text[s:e] for s, e in spans}
    assert {"`git push`", "%s", "--force", "core.pushDefault", "https://x.org/a"} <= covered
    assert looks_like_identifier("getElementById") and looks_like_identifier("mmHg")
    assert not looks_like_identifier("sessionCalcium")


def test_known_words_guard():
    known = KnownWords(lexicon=frozenset({"calcified", "flebolit"}))
    assert known.is_known("phlebitis", "en") and known.is_known("calcify", "en")
    assert known.is_known("flebolitnya", "id")
    assert not known.is_known("fagocytic", "en")
    assert known.neighbour("dearah", "id", 1) == "daerah"
    assert english_bases("granulomas")[:2] == ["granulomas", "granuloma"]
