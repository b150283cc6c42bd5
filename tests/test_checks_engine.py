"""The check runner: content cache and re-location, streaming order, run-wide state, the rules that tell a term
from a name, a constant or a command, English inflections by part of speech, word lists and output renderers.
All texts are written for these tests (tests/data/checks and the strings below)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from termalign.checks import AlignmentInput, PairInput, PoInput, Unit, check, resolve_glossary, run_checks
from termalign.checks.base import CheckContext
from termalign.checks.garbled import GarbledState
from termalign.checks.inconsistent import InconsistentState
from termalign.checks.patterns import command_spans, is_constant, is_name
from termalign.checks.runner import CheckRun, make_context
from termalign.formats.findings import JsonRenderer, Pieces, TextRenderer, dump_json, finding_dict, summary, to_json
from termalign.lang.english import inflections as english_inflections
from termalign.model import Finding, Glossary, GlossaryEntry, Location

DATA = Path(__file__).resolve().parent / "data" / "checks"


@pytest.fixture(scope="module")
def glossary():
    return resolve_glossary(str(DATA / "glossary.tsv"))


def pair(source: str, target: str, **kw) -> Unit:
    return Unit(text=target, lang="id", source=source, file=kw.pop("file", "t.po"), line=kw.pop("line", 1),
                key=source, **kw)


def codes(findings, code):
    return [f.text for f in findings if f.code == code]


# ------------------------------------------------------------------------------------- collector, state


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_collector_is_on_while_the_callers_loop_runs(glossary, jobs):
    """The runner pauses the cyclic collector for its own batch work only, never across a yield to the caller."""
    units = [pair("The phlebolith is visible", f"Flebolith terlihat {k}", line=k) for k in range(6)]
    states = [gc.isenabled() for _ in CheckRun(units, glossary, batch_size=2, jobs=jobs)]
    assert len(states) == 6 and all(states)
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that turned the collector off keeps it off
        assert not any(gc.isenabled() for _ in CheckRun(units, glossary, batch_size=2))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_run_wide_state_is_one_typed_object_per_kind_and_run(glossary):
    ctx = make_context(glossary)
    garbled = ctx.state(GarbledState)
    assert isinstance(garbled, GarbledState) and ctx.state(GarbledState) is garbled
    assert isinstance(ctx.state(InconsistentState), InconsistentState)
    assert make_context(glossary).state(GarbledState) is not garbled
    assert not isinstance(ctx, dict) and not hasattr(CheckContext, "__getitem__")


# ------------------------------------------------------------------------------------- cache, order


def test_same_content_in_two_files_is_checked_once_and_placed_in_each(glossary):
    units = [pair("The phlebolith is visible", "Flebolith terlihat jelas", file=name, line=line)
             for name, line in (("a.po", 3), ("b.po", 9), ("a.po", 30))]
    run = CheckRun(units, glossary)
    found = list(run)
    assert [(f.location.file, f.location.line, f.text) for f, _ in found] == [
        ("a.po", 3, "Flebolith"), ("b.po", 9, "Flebolith"), ("a.po", 30, "Flebolith")]
    assert len(run._cache) == 0  # freed once the units are done
    assert len({fp for _, fp in found}) == 2  # the fingerprint names the file, not the line


def test_inline_ignore_applies_to_each_occurrence_of_a_cached_content(glossary):
    units = [pair("The phlebolith is visible", "Flebolith terlihat jelas", line=1),
             pair("The phlebolith is visible", "Flebolith terlihat jelas", line=2, ignore=frozenset({"*"}))]
    result = run_checks(units, glossary)
    assert [f.location.line for f in result.findings] == [1] and result.ignored == 1


def test_run_wide_findings_count_every_occurrence_and_come_last(glossary):
    units = [pair("One injection", "Satu suntikan", line=1), pair("One injection", "Satu suntikan", line=2),
             pair("The injection hurt", "Injeksi itu sakit", line=3),
             pair("The phlebolith is visible", "Flebolith terlihat jelas", line=4)]
    findings = check(units, glossary)
    assert [f.code for f in findings] == ["garbled-term", "inconsistent-term"]  # per unit first, run-wide last
    assert "'suntikan' ×2, 'injeksi' ×1" in findings[1].message and findings[1].location.line == 3


def test_every_missing_term_of_a_unit_is_reported(glossary):
    findings = check([pair("Scan the necrotic tissue for calcium", "Periksa bagian itu")], glossary)
    assert codes(findings, "missing-term") == ["Scan", "necrotic tissue", "calcium"]


def test_streaming_without_fingerprints_and_with_a_baseline(glossary):
    units = [pair("The phlebolith is visible", "Flebolith terlihat jelas")]
    assert [fp for _, fp in CheckRun(units, glossary, fingerprints=False)] == [None]
    first = run_checks(units, glossary)
    from termalign.checks import Baseline

    again = CheckRun(units, glossary, fingerprints=False, baseline=Baseline({first.fingerprints[0]: 1}))
    assert list(again) == [] and again.baselined == 1


# ------------------------------------------------------------------------------- names, constants, commands


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Use Windows high-resolution clock", "Windows", True),
    ("lihat GNU General Public License versi 2", "License", True),
    ("Harus berupa widget Container", "Container", True),
    ("Close All Windows", "Windows", False),  # title case
    ("Save the File", "File", False),  # title case keeps "the" in lower case
    ("Windows icon", "Windows", False),  # start of the string: nothing to tell
    ("The Export Tables (interpreted %s section contents)", "Export", False),
    ("  -l, --list        List unmatched pieces.", "List", False),  # start of a column of option help
])
def test_is_name(text, word, expected):
    start = text.index(word)
    assert is_name(text, start, start + len(word)) is expected


def test_is_constant_and_command_spans():
    assert is_constant("use WIDTH columns", 4, 9)
    assert not is_constant("WARNING: disk full", 0, 7)  # a label, translated like any word
    assert not is_constant("ERROR", 0, 5)  # nothing in lower case around it
    assert command_spans("git branch [<opsi>] [-f]") == [(0, 10)]
    assert command_spans("exit [n]") == [(0, 4)]
    assert command_spans("banked address [%lx] tidak dalam bank") == []  # a value in brackets, not an option


def test_names_constants_and_commands_are_not_untranslated_or_missing():
    glossary = Glossary(entries=(GlossaryEntry("window", "jendela", pos="noun"),
                                 GlossaryEntry("width", "lebar", pos="noun"),
                                 GlossaryEntry("branch", "cabang", pos="noun")), name="t")
    quiet = [pair("Use Windows high-resolution clock", "Gunakan jam resolusi tinggi Windows"),
             pair("use WIDTH columns", "gunakan WIDTH kolom"),
             pair("git branch [<options>]", "git branch [<opsi>]")]
    assert check(quiet, glossary) == []
    loud = check([pair("Close the window", "Tutup window itu"), pair("Set the width", "Atur lebar")], glossary)
    assert codes(loud, "untranslated-term") == ["window"]


# ---------------------------------------------------------------------------------- English inflections


def test_inflections_follow_the_part_of_speech():
    assert "scars" in english_inflections("scar", "noun") and "scared" not in english_inflections("scar", "noun")
    assert {"listed", "listing", "lists"} <= english_inflections("list", "verb")
    assert {"stopped", "stopping", "saving", "copied"} <= (english_inflections("stop", "verb")
                                                           | english_inflections("save", "verb")
                                                           | english_inflections("copy", "verb"))
    assert english_inflections("open", "adjective") == frozenset()
    assert "libraries" in english_inflections("library", "")  # no part of speech: a noun


def test_noun_term_does_not_match_its_verb_forms():
    glossary = Glossary(entries=(GlossaryEntry("list", "daftar", pos="noun"),
                                 GlossaryEntry("scan", "pindai", pos="verb")), name="t")
    assert check([pair("Files listed here", "Berkas yang tercantum di sini")], glossary) == []
    assert codes(check([pair("The lists are long", "Semuanya panjang")], glossary), "missing-term") == ["lists"]
    assert codes(check([pair("It was scanned", "Sudah selesai")], glossary), "missing-term") == ["scanned"]


# ------------------------------------------------------------------------------------------- inputs


@pytest.mark.slow
def test_alignment_input_gives_the_units_pair_input_makes():
    source = "The phlebolith was small.\n\nThe necrotic tissue was removed.\n"
    target = "Phlebolith itu kecil.\n\nJaringan nekrotik diangkat.\n"
    made = list(PairInput(source_text=source, target_text=target).units())
    from termalign.pipeline import align

    again = list(AlignmentInput(align(source, target, source_name="<source>", target_name="<target>")).units())
    assert made == again and [u.entry for u in made] == ["bead 1", "bead 2"]


def test_empty_pair_side_is_an_input_error():
    from termalign.errors import InputError

    with pytest.raises(InputError, match="target text is empty"):
        list(PairInput(source_text="Some text.", target_text=" \n").units())


def test_po_units_and_findings_point_at_msgstr_lines(glossary):
    findings = check(PoInput(str(DATA / "sample.po")), glossary)
    lines = {(f.code, f.location.line) for f in findings}
    assert ("garbled-term", 13) in lines  # the msgstr line of "Flebolith terlihat jelas"


# -------------------------------------------------------------------------------------- word lists


def test_fast_word_list_reader_matches_wordfreq():
    wordfreq = pytest.importorskip("wordfreq")
    from termalign.lang.wordlists import frequencies as _frequencies

    ours = _frequencies("id")
    assert ours == wordfreq.get_frequency_dict("id", wordlist="best")
    english = _frequencies("en")
    theirs = wordfreq.get_frequency_dict("en", wordlist="best")
    assert english == {w: f for w, f in theirs.items() if f >= 10 ** (1.5 - 9)}


# ---------------------------------------------------------------------------------------- renderers

FINDINGS = [
    Finding("garbled-term", "error", "Flebolith", "'Flebolith' “looks” like\ta garbled 'flebolit' \\ ok", "id",
            Location("po/id.po", 12, "The phlebolith", 0, 9), "flebolit", ("folded: plebolit", "ratio 100.0")),
    Finding("missing-term", "warning", "tissue", "no translation", "id", Location(None, None, None, None, None),
            None, ()),
]


def test_dump_json_writes_what_json_dumps_writes():
    values = [finding_dict(f, "fp") for f in FINDINGS] + [
        {"a": [], "b": {}, "c": [1, 2.5, -0.0, 1e20, True, None], "d": {"e": "\u2028\x00é"}}, [], {}, "x", 3]
    for value in values:
        for level in (0, 2):
            expected = json.dumps(value, ensure_ascii=False, indent=2)
            if level:
                expected = expected.replace("\n", "\n" + "  " * level)
            assert dump_json(value, level) == expected


def test_pieces_join_like_str_join_across_chunks():
    for n in (0, 1, 5, 6, 13):
        pieces = Pieces(",\n")
        pieces._FLUSH = 3
        items = [f"é{k}" for k in range(n)]
        for item in items:
            pieces.add(item)
        assert pieces.encode("[", "]") == ("[" + ",\n".join(items) + "]").encode()


@pytest.mark.parametrize("n", [0, 1, 9])
def test_streamed_output_equals_the_whole_document(n):
    findings = FINDINGS * n
    info = summary(findings)
    for make in (lambda sink: TextRenderer(sink=sink), lambda sink: JsonRenderer(sink=sink)):
        sent: list[bytes] = []
        streamed = make(sent.append)
        whole = make(None)
        for renderer in (streamed, whole):
            pieces = renderer.lines if isinstance(renderer, TextRenderer) else renderer.items
            pieces._FLUSH = 2  # several chunks even for a few findings
            for f in findings:
                renderer.add(f, "fp")
        assert b"".join(sent) + streamed.render(info) == whole.render(info)
    assert JsonRenderer().render(info) == to_json([], info=info).encode()
