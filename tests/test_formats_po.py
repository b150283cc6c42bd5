"""PO output: entries, header, fuzzy flags, references, duplicates, unaligned text, msgfmt -c, and --update merging
that never loses or changes a translator's work (tested on this machine's real Indonesian catalogs)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from termalign import __version__
from termalign.errors import InputError
from termalign.formats import po_to_alignment, read_aligned, to_po
from termalign.formats.po import build_catalog, catalog_bytes, load_catalog, termalign_notes
from termalign.formats.po_merge import update_catalog
from termalign.model import Alignment, Anchor, Bead, Segment

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) not installed: apt-get install gettext")
REAL_CATALOGS = sorted(Path("/usr/share/locale/id/LC_MESSAGES").glob("*.mo"))


def msgfmt_check(path: Path) -> str:
    """Run ``msgfmt -c`` on ``path``; fail on an error, return the warnings."""
    assert MSGFMT is not None
    result = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stderr.replace(str(path), "FILE")


def seg(text: str, index: int, line: int) -> Segment:
    return Segment(text=text, index=index, line=line)


def make_alignment(source_name: str = "doc.en.txt", target_name: str = "doc.id.txt") -> Alignment:
    source = (
        seg("Kidney stones: causes and treatment", 0, 1),
        seg("Kidney stones are hard deposits of minerals.", 1, 3),
        seg("Most stones consist of calcium oxalate.", 2, 3),
        seg("Doctors call the condition nephrolithiasis.", 3, 4),
        seg("Share this article", 4, 6),
        seg("Kidney stones are hard deposits of minerals.", 5, 9),
    )
    target = (
        seg("Batu ginjal: penyebab dan pengobatan", 0, 1),
        seg("Batu ginjal adalah endapan mineral yang keras.", 1, 3),
        seg("Sebagian besar batu terdiri atas kalsium oksalat.", 2, 4),
        seg("Apakah artikel ini membantu?", 3, 8),
        seg("Batu ginjal merupakan endapan mineral yang keras.", 4, 10),
    )
    beads = (
        Bead((0,), (0,), 0.95),
        Bead((1,), (1,), 0.88, (Anchor("cognate", "minerals", "mineral", 0.7),)),
        Bead((2, 3), (2,), 0.41),
        Bead((4,), (), 0.0),
        Bead((), (3,), 0.0),
        Bead((5,), (4,), 0.77),
    )
    return Alignment(source, target, beads, "en", "id", source_name, target_name)


def notes(e: polib.POEntry) -> list[str]:
    """termalign's comment lines of an entry, unwrapped."""
    return termalign_notes(e.comment)[1]


def entry(catalog: polib.POFile, msgid: str) -> polib.POEntry:
    found = catalog.find(msgid)
    assert found is not None, msgid
    return found


def test_header_has_language_plural_forms_charset_and_generator() -> None:
    catalog = polib.pofile(to_po(make_alignment()))
    meta = catalog.metadata
    assert meta["Language"] == "id"
    assert meta["MIME-Version"] == "1.0"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Content-Transfer-Encoding"] == "8bit"
    assert meta["Plural-Forms"] == "nplurals=1; plural=0;"
    assert meta["X-Generator"] == f"termalign {__version__}"
    assert meta["Project-Id-Version"] == "doc"
    assert "doc.en.txt (en) and doc.id.txt (id)" in catalog.header


def test_one_entry_per_english_text_with_joined_sentences() -> None:
    catalog = polib.pofile(to_po(make_alignment()))
    assert [e.msgid for e in catalog] == [
        "Kidney stones: causes and treatment",
        "Kidney stones are hard deposits of minerals.",
        "Most stones consist of calcium oxalate. Doctors call the condition nephrolithiasis.",
        "Share this article",
    ]
    assert entry(catalog, "Kidney stones: causes and treatment").msgstr == "Batu ginjal: penyebab dan pengobatan"


def test_low_scores_are_fuzzy_and_the_threshold_is_an_option() -> None:
    catalog = polib.pofile(to_po(make_alignment()))
    merged = entry(catalog, "Most stones consist of calcium oxalate. Doctors call the condition nephrolithiasis.")
    assert "fuzzy" in merged.flags
    assert "fuzzy" not in entry(catalog, "Kidney stones: causes and treatment").flags
    strict = polib.pofile(to_po(make_alignment(), fuzzy_below=0.96))
    assert "fuzzy" in entry(strict, "Kidney stones: causes and treatment").flags
    assert "fuzzy" not in entry(strict, "Share this article").flags  # untranslated, nothing to confirm


def test_references_list_lines_of_both_files_and_comment_gives_score_and_kind() -> None:
    catalog = polib.pofile(to_po(make_alignment()))
    merged = entry(catalog, "Most stones consist of calcium oxalate. Doctors call the condition nephrolithiasis.")
    assert merged.occurrences == [("doc.en.txt", "3"), ("doc.en.txt", "4"), ("doc.id.txt", "4")]
    assert "termalign: doc.en.txt bead 3 (2-1), score 0.41" in notes(merged)
    assert "#: doc.en.txt:3 doc.en.txt:4 doc.id.txt:4" in to_po(make_alignment())


def test_file_names_with_spaces_stay_parseable_references() -> None:
    catalog = polib.pofile(to_po(make_alignment("my doc.en.txt", "my doc.id.txt")))
    first = entry(catalog, "Kidney stones: causes and treatment")
    assert first.occurrences == [("my_doc.en.txt", "1"), ("my_doc.id.txt", "1")]


def test_duplicate_english_text_is_one_entry_with_all_references_and_the_alternative() -> None:
    catalog = polib.pofile(to_po(make_alignment()))
    dup = entry(catalog, "Kidney stones are hard deposits of minerals.")
    assert dup.msgstr == "Batu ginjal adalah endapan mineral yang keras."
    assert dup.occurrences == [("doc.en.txt", "3"), ("doc.id.txt", "3"), ("doc.en.txt", "9"), ("doc.id.txt", "10")]
    assert "termalign: doc.en.txt bead 6 also aligned with: Batu ginjal merupakan endapan mineral yang keras." in (
        notes(dup))
    assert "fuzzy" in dup.flags  # two different translations: a translator must choose


def test_identical_duplicates_are_merged_without_fuzzy() -> None:
    source = (seg("Drink water.", 0, 1), seg("Drink water.", 1, 5))
    target = (seg("Minumlah air.", 0, 1), seg("Minumlah air.", 1, 5))
    alignment = Alignment(source, target, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)))
    catalog = polib.pofile(to_po(alignment))
    assert len(catalog) == 1
    assert catalog[0].flags == []
    assert len(catalog[0].occurrences) == 4


def test_unlinked_english_is_untranslated_and_unlinked_indonesian_is_kept_in_a_comment() -> None:
    catalog = polib.pofile(to_po(make_alignment()))
    share = entry(catalog, "Share this article")
    assert share.msgstr == "" and not share.translated()
    assert "termalign: doc.en.txt unaligned id text at doc.id.txt:8: Apakah artikel ini membantu?" in notes(share)


def test_unaligned_indonesian_before_any_entry_goes_to_the_next_entry_or_header() -> None:
    source = (seg("Kidney stones.", 0, 2),)
    target = (seg("Iklan", 0, 1), seg("Batu ginjal.", 1, 2))
    alignment = Alignment(source, target, (Bead((), (0,), 0.0), Bead((0,), (1,), 0.9)))
    catalog = polib.pofile(to_po(alignment))
    assert "unaligned id text at target:1: Iklan" in catalog[0].comment
    only_target = Alignment((), (seg("Iklan", 0, 1),), (Bead((), (0,), 0.0),))
    text = to_po(only_target)
    assert "unaligned id text at target:1: Iklan" in text
    assert len(polib.pofile(text)) == 0


@needs_msgfmt
def test_output_passes_msgfmt_check_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "doc.po"
    path.write_text(to_po(make_alignment()), encoding="utf-8")
    assert msgfmt_check(path) == ""


@needs_msgfmt
def test_awkward_text_still_passes_msgfmt(tmp_path: Path) -> None:
    texts = [
        ('Say "hello" \\ 100% of %s the time\twith a tab.', 'Ucapkan "halo" \\ 100% dari %s waktu\tdengan tab.'),
        ("Line one\nline two", "Baris satu\nbaris dua\n"),  # caller-made segments with line breaks
        ("x" * 300, "y" * 300),
        ("#: not a comment", "#~ bukan komentar"),
    ]
    source = tuple(seg(s, i, i + 1) for i, (s, _) in enumerate(texts))
    target = tuple(seg(t, i, i + 1) for i, (_, t) in enumerate(texts))
    alignment = Alignment(source, target, tuple(Bead((i,), (i,), 0.9) for i in range(len(texts))))
    path = tmp_path / "awkward.po"
    path.write_text(to_po(alignment), encoding="utf-8")
    assert msgfmt_check(path) == ""
    catalog = polib.pofile(str(path))
    assert catalog[0].msgid == texts[0][0] and catalog[0].msgstr == texts[0][1]
    assert catalog[1].msgid == "Line one line two" and catalog[1].msgstr == "Baris satu baris dua"


def test_po_reads_back_as_an_alignment_with_scores(tmp_path: Path) -> None:
    path = tmp_path / "doc.po"
    path.write_text(to_po(make_alignment()), encoding="utf-8")
    alignment = read_aligned(path)
    assert [b.kind for b in alignment.beads] == ["1-1", "1-1", "1-1", "1-0"]
    assert [b.score for b in alignment.beads] == [0.95, 0.88, 0.41, 0.0]
    assert alignment.target_text(alignment.beads[0]) == ["Batu ginjal: penyebab dan pengobatan"]
    assert alignment.target_lang == "id"
    lines = path.read_text(encoding="utf-8").split("\n")
    first = alignment.source[0]
    assert "Kidney stones: causes and treatment" in "\n".join(lines[first.line - 1 : first.line + 4])


def test_po_without_termalign_comments_scores_fuzzy_as_unconfirmed() -> None:
    catalog = polib.pofile('msgid "A"\nmsgstr "B"\n\n#, fuzzy\nmsgid "C"\nmsgstr "D"\n')
    alignment = po_to_alignment(catalog)
    assert [b.score for b in alignment.beads] == [1.0, 0.0]


def test_syntax_error_in_po_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nnot po at all\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_catalog(str(path))
    assert err.value.file == str(path)
    assert err.value.line == 4


# ---------------------------------------------------------------------------------------------- --update


def updated(catalog: polib.POFile, alignment: Alignment, tmp_path: Path) -> tuple[polib.POFile, str]:
    report = update_catalog(catalog, alignment)
    path = tmp_path / "merged.po"
    path.write_bytes(catalog_bytes(catalog))
    return polib.pofile(str(path)), report.summary()


def test_update_keeps_translator_work_adds_new_and_obsoletes_vanished(tmp_path: Path) -> None:
    catalog = build_catalog(make_alignment())
    title = entry(catalog, "Kidney stones: causes and treatment")
    title.msgstr = "Batu ginjal: penyebab dan penanganannya"  # the translator improved it
    title.tcomment = "reviewed by Sari"
    share = entry(catalog, "Share this article")
    share.msgstr = "Bagikan artikel ini"
    share.tcomment = "translated by hand"
    # The document changed: the merged 2-1 pair is gone, a new sentence appears, the title translation changed.
    old = make_alignment()
    source = (*old.source[:2], old.source[4], seg("Drink enough water.", 3, 11))
    target = (seg("Batu ginjal: sebab dan pengobatan", 0, 1), old.target[1], seg("Minumlah cukup air.", 2, 12))
    new = Alignment(source, target, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (), 0.0),
                                     Bead((3,), (2,), 0.8)), "en", "id", "doc.en.txt", "doc.id.txt")
    merged, summary = updated(catalog, new, tmp_path)
    title = entry(merged, "Kidney stones: causes and treatment")
    assert title.msgstr == "Batu ginjal: penyebab dan penanganannya" and title.tcomment == "reviewed by Sari"
    assert "fuzzy" in title.flags
    assert "termalign: doc.en.txt aligned translation is now: Batu ginjal: sebab dan pengobatan" in notes(title)
    share = entry(merged, "Share this article")
    assert share.msgstr == "Bagikan artikel ini" and share.tcomment == "translated by hand"
    assert "fuzzy" not in share.flags
    assert entry(merged, "Drink enough water.").msgstr == "Minumlah cukup air."
    vanished = [e for e in merged.obsolete_entries()]
    assert [e.msgid for e in vanished] == [
        "Most stones consist of calcium oxalate. Doctors call the condition nephrolithiasis."]
    assert vanished[0].msgstr == "Sebagian besar batu terdiri atas kalsium oksalat."
    assert summary.startswith("1 added, 0 filled in (fuzzy), 1 changed (fuzzy), 2 unchanged")
    assert "1 made obsolete" in summary


def test_update_refreshes_references_and_revives_obsolete_entries(tmp_path: Path) -> None:
    catalog = build_catalog(make_alignment())
    first = entry(catalog, "Kidney stones: causes and treatment")
    first.obsolete = True
    alignment = make_alignment()
    moved = Alignment(tuple(Segment(s.text, s.index, line=s.line + 10) for s in alignment.source),
                      alignment.target, alignment.beads, "en", "id", "doc.en.txt", "doc.id.txt")
    merged, summary = updated(catalog, moved, tmp_path)
    first = entry(merged, "Kidney stones: causes and treatment")
    assert not first.obsolete and "fuzzy" in first.flags
    assert ("doc.en.txt", "11") in first.occurrences and ("doc.en.txt", "1") not in first.occurrences
    assert "1 revived" in summary


def test_update_never_changes_entries_it_did_not_write(tmp_path: Path) -> None:
    catalog = polib.pofile(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '# keep me\n#: src/app.c:10\nmsgid "Kidney stones: causes and treatment"\nmsgstr "Judul lain"\n\n'
        'msgid "Share this article"\nmsgstr ""\n'
    )
    merged, summary = updated(catalog, make_alignment(), tmp_path)
    kept = entry(merged, "Kidney stones: causes and treatment")
    assert (kept.msgstr, kept.tcomment, kept.occurrences, kept.flags, kept.comment) == (
        "Judul lain", "keep me", [("src/app.c", "10")], [], "")
    untranslated = entry(merged, "Share this article")
    assert (untranslated.msgstr, untranslated.comment) == ("", "")  # nothing to fill in: left alone
    assert "1 kept (existing translation differs)" in summary
    assert not merged.obsolete_entries()


@needs_msgfmt
def test_update_leaves_a_plural_entry_with_the_same_msgid_alone(tmp_path: Path) -> None:
    catalog = polib.pofile(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Share this article"\nmsgid_plural "Share these articles"\nmsgstr[0] "Bagikan artikel"\n'
    )
    merged, summary = updated(catalog, make_alignment(), tmp_path)
    assert [e.msgid for e in merged].count("Share this article") == 1
    assert merged.find("Share this article").msgstr_plural == {0: "Bagikan artikel"}
    assert "1 kept (existing translation differs)" in summary
    assert "duplicate" not in msgfmt_check(tmp_path / "merged.po")  # the minimal header draws warnings only


def test_update_fills_untranslated_foreign_entries_as_fuzzy(tmp_path: Path) -> None:
    catalog = polib.pofile('msgid "Kidney stones: causes and treatment"\nmsgstr ""\n')
    merged, summary = updated(catalog, make_alignment(), tmp_path)
    filled = entry(merged, "Kidney stones: causes and treatment")
    assert filled.msgstr == "Batu ginjal: penyebab dan pengobatan" and "fuzzy" in filled.flags
    assert "1 filled in" in summary


def test_update_of_a_second_document_keeps_the_first_documents_entries(tmp_path: Path) -> None:
    catalog = build_catalog(make_alignment())
    other = Alignment((seg("Drink enough water.", 0, 1),), (seg("Minumlah cukup air.", 0, 1),),
                      (Bead((0,), (0,), 0.9),), "en", "id", "other.en.txt", "other.id.txt")
    merged, summary = updated(catalog, other, tmp_path)
    assert "0 made obsolete" in summary
    assert not merged.obsolete_entries()
    assert len([e for e in merged if not e.obsolete]) == 5


def test_update_keeps_a_latin1_catalog_latin1_and_refuses_what_it_cannot_hold(tmp_path: Path) -> None:
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
              'msgid "Caf\xe9"\nmsgstr "Kaf\xe9"\n')
    path = tmp_path / "latin1.po"
    path.write_bytes(header.encode("latin-1"))
    catalog = load_catalog(str(path))
    update_catalog(catalog, make_alignment())
    data = catalog_bytes(catalog)
    assert "Kaf\xe9".encode("latin-1") in data
    catalog = load_catalog(str(path))
    curly = Alignment((seg("Say “yes”.", 0, 1),), (seg("Katakan “ya”.", 0, 1),), (Bead((0,), (0,), 0.9),))
    update_catalog(catalog, curly)
    with pytest.raises(InputError, match="cannot hold"):
        catalog_bytes(catalog, name=str(path))


def snapshot(e: polib.POEntry) -> tuple[object, ...]:
    return (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())), tuple(e.flags),
            e.tcomment, e.comment, tuple(e.occurrences), e.obsolete, e.previous_msgid)


@pytest.mark.slow
@pytest.mark.skipif(not REAL_CATALOGS, reason="no Indonesian .mo catalogs in /usr/share/locale/id/LC_MESSAGES")
def test_update_on_real_catalogs_loses_or_changes_nothing(tmp_path: Path) -> None:
    """Every Indonesian catalog on this machine, converted to PO: merging an alignment into it keeps every
    existing entry identical (msgid, context, plurals, msgstr, flags, comments, references)."""
    alignment = make_alignment()
    checked = 0
    for mo in REAL_CATALOGS:
        path = tmp_path / f"{mo.stem}.po"
        polib.mofile(str(mo)).save_as_pofile(str(path))
        before_warnings = msgfmt_check(path) if MSGFMT else ""
        catalog = load_catalog(str(path))
        before = {(e.msgctxt, e.msgid): snapshot(e) for e in catalog}
        report = update_catalog(catalog, alignment)
        path.write_bytes(catalog_bytes(catalog, name=str(path)))
        after = {(e.msgctxt, e.msgid): snapshot(e) for e in load_catalog(str(path))}
        changed = [key for key, value in before.items() if after.get(key) != value]
        assert changed == [], f"{mo.name}: {changed[:3]}"
        assert report.added == 4 and report.obsoleted == 0
        assert len(after) == len(before) + 4
        if MSGFMT:
            assert msgfmt_check(path) == before_warnings
        checked += len(before)
    assert checked > 1000


def test_write_alignment_updates_an_existing_catalog(tmp_path: Path) -> None:
    from termalign.formats import write_alignment

    path = tmp_path / "doc.po"
    assert write_alignment(path, make_alignment(), fuzzy_below=0.3) is None
    assert "fuzzy" not in entry(polib.pofile(str(path)), "Most stones consist of calcium oxalate. Doctors call the "
                                                            "condition nephrolithiasis.").flags
    report = write_alignment(path, make_alignment(), update=True)
    assert report is not None and report.added == 0 and report.unchanged == 4


# ------------------------------------------------------------------ --update writes back what it read (issue 11)

# A catalog as gettext tools write it: its header fields in the project's order (not polib's), valid gettext
# escapes polib does not know (\a, octal, hex), decomposed text (U+0303 after "u", as iso_639-3.mo stores "Dũya"),
# and a long line not wrapped the way polib would wrap it.
ESCAPED_PO = (
    "# Indonesian translation of demo.\n"
    'msgid ""\nmsgstr ""\n'
    '"Project-Id-Version: demo 1.0\\n"\n'
    '"Last-Translator: Sari <sari@example.org>\\n"\n'
    '"Language: id\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"PO-Revision-Date: 2024-01-02 10:00+0700\\n"\n'
    "\n"
    'msgid "\\atimed out waiting for input: auto-logout\\n"\n'
    'msgstr "\\awaktu habis menunggu masukan: keluar otomatis\\n"\n'
    "\n"
    "#: src/anatomy.c:12\n"
    'msgid "v\\303\\251na"\n'
    'msgstr ""\n'
    "\n"
    'msgid "tab\\x09stop"\n'
    'msgstr "tab\\x09henti"\n'
    "\n"
    'msgid "Du\u0303ya"\n'
    'msgstr "Du\u0303ya"\n'
    "\n"
    'msgid "A sentence long enough that polib would wrap it at seventy-eight columns when writing it."\n'
    'msgstr "Kalimat yang cukup panjang sehingga polib akan membungkusnya pada tujuh puluh delapan kolom."\n'
)


def gettext_view(path: Path, tmp_path: Path) -> dict[tuple[str | None, str], tuple[object, ...]]:
    """Every message of a PO file as gettext itself sees it: compiled by msgfmt, read back by msgunfmt."""
    from termalign.checks.catalogs import iter_po_entries

    mo = tmp_path / (path.stem + ".view.mo")
    subprocess.run(["msgfmt", "-o", str(mo), str(path)], check=True, capture_output=True)
    text = subprocess.run(["msgunfmt", str(mo)], check=True, capture_output=True, text=True).stdout
    return {(e.msgctxt, e.msgid): (e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in iter_po_entries(text, str(path))}


def vein_alignment() -> Alignment:
    return Alignment((seg("véna", 0, 1), seg("Drink enough water.", 1, 2)),
                     (seg("vena", 0, 1), seg("Minumlah cukup air.", 1, 2)),
                     (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)), "en", "id", "doc.en.txt", "doc.id.txt")


def test_update_reads_gettext_escapes_as_gettext_does(tmp_path: Path) -> None:
    """polib kept \\a and \\303\\251 as a backslash and characters: the msgid "véna" was not found, and writing the
    file back doubled the backslashes, so bash no longer found its "\\atimed out..." translation."""
    path = tmp_path / "demo.po"
    path.write_text(ESCAPED_PO, encoding="utf-8")
    catalog = load_catalog(str(path))
    assert entry(catalog, "\atimed out waiting for input: auto-logout\n").msgstr.startswith("\awaktu")
    assert entry(catalog, "tab\tstop").msgstr == "tab\thenti"
    report = update_catalog(catalog, vein_alignment())
    assert (report.added, report.filled) == (1, 1)  # "véna" is the msgid written v\303\251na
    data = catalog_bytes(catalog, name=str(path)).decode("utf-8")
    assert 'msgid "\\atimed out waiting for input: auto-logout\\n"\n' in data
    assert '#: src/anatomy.c:12 doc.en.txt:1 doc.id.txt:1\n#, fuzzy\nmsgid "v\\303\\251na"\nmsgstr "vena"\n' in data


def test_update_keeps_every_untouched_entry_and_the_header_byte_for_byte(tmp_path: Path) -> None:
    """No NFC composition, no re-wrapping, no re-ordered or dropped header field: only the filled-in entry and
    the added one differ from the file as it was."""
    path = tmp_path / "demo.po"
    path.write_bytes(ESCAPED_PO.encode("utf-8"))
    from termalign.formats import write_alignment

    write_alignment(path, vein_alignment(), update=True)
    merged = path.read_text(encoding="utf-8")
    before, _, after = ESCAPED_PO.partition('#: src/anatomy.c:12\nmsgid "v\\303\\251na"\nmsgstr ""\n')
    assert merged.startswith(before)
    assert after in merged  # the entries after the filled-in one, as written (decomposed "Dũya" included)
    assert merged.index('msgid "v\\303\\251na"') < merged.index('msgid "Drink enough water."') < merged.index(after)


@pytest.mark.skipif(MSGFMT is None or shutil.which("msgunfmt") is None, reason="needs msgfmt and msgunfmt")
def test_update_changes_no_message_as_gettext_sees_it(tmp_path: Path) -> None:
    path = tmp_path / "demo.po"
    path.write_bytes(ESCAPED_PO.encode("utf-8"))
    before = gettext_view(path, tmp_path)
    from termalign.formats import write_alignment

    write_alignment(path, vein_alignment(), update=True)
    after = gettext_view(path, tmp_path)
    assert {key: after.get(key) for key in before} == before
    assert after[(None, "Drink enough water.")] == (None, "Minumlah cukup air.", ())


def test_update_refuses_nothing_msgfmt_accepts_in_the_header(tmp_path: Path) -> None:
    """A header field given twice (as in at-spi2-core's catalog) is kept, both times, in its place."""
    twice = ESCAPED_PO.replace('\n\nmsgid "\\a', '\n"Last-Translator: Budi <budi@example.org>\\n"\n\nmsgid "\\a')
    assert twice.count("Last-Translator") == 2
    catalog = load_catalog("demo.po", text=twice)
    update_catalog(catalog, vein_alignment())
    text = catalog_bytes(catalog).decode("utf-8")
    assert text.startswith(twice.split("\n\n", 1)[0] + "\n\n")


def test_a_changed_entry_keeps_the_lines_of_its_unchanged_fields() -> None:
    catalog = load_catalog("demo.po", text=ESCAPED_PO)
    bell = entry(catalog, "\atimed out waiting for input: auto-logout\n")
    bell.flags.append("fuzzy")
    bell.obsolete = True
    text = catalog_bytes(catalog).decode("utf-8")
    assert ('#, fuzzy\n#~ msgid "\\atimed out waiting for input: auto-logout\\n"\n'
            '#~ msgstr "\\awaktu habis menunggu masukan: keluar otomatis\\n"\n') in text
    again = load_catalog("demo.po", text=text)
    bell = next(e for e in again if e.msgid.startswith("\atimed"))
    assert bell.obsolete
    bell.obsolete = False
    bell.flags.remove("fuzzy")
    assert catalog_bytes(again).decode("utf-8") == ESCAPED_PO  # revived: the same lines without "#~ "


def test_reading_aligned_po_decodes_gettext_escapes_and_accepts_a_repeated_header_field(tmp_path: Path) -> None:
    """`terms --aligned x.po` read "v\\303\\251na" as the letters v, backslash, 3, 0, 3... and refused a catalog
    with a header field given twice, both of which msgfmt accepts."""
    path = tmp_path / "aligned.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: id\\n"\n"Language: id\\n"\n\n'
                    'msgid "vein"\nmsgstr "v\\303\\251na"\n\nmsgid "\\x41rtery"\nmsgstr "\\x41rteri"\n',
                    encoding="utf-8")
    alignment = read_aligned(path)
    assert [s.text for s in alignment.source] == ["vein", "Artery"]
    assert [s.text for s in alignment.target] == ["véna", "Arteri"]


MSGUNFMT = shutil.which("msgunfmt")
# bash (\a escapes), at-spi2-core (a header field given twice), iso_639-3 (decomposed text), and a few more.
SAMPLED = ("bash.mo", "at-spi2-core.mo", "iso_639-3.mo", "coreutils.mo")


@pytest.mark.skipif(MSGFMT is None or MSGUNFMT is None or not REAL_CATALOGS,
                    reason="needs msgfmt, msgunfmt and Indonesian .mo catalogs in /usr/share/locale/id/LC_MESSAGES")
@pytest.mark.slow
def test_update_into_real_catalogs_changes_no_entry_as_gettext_sees_it(tmp_path: Path) -> None:
    """Issue 11's acceptance test: each catalog as msgunfmt writes it, merged with an alignment that adds two
    sentences and meets one existing msgid, compiles to the same messages as before (msgfmt, then msgunfmt,
    compared entry by entry), with the header unchanged byte for byte. A sample of the catalogs by default;
    TERMALIGN_ALL_CATALOGS=1 runs every one (65 on the reference machine: 57,735 entries, none changed)."""
    from termalign.formats import write_alignment

    chosen = REAL_CATALOGS if os.environ.get("TERMALIGN_ALL_CATALOGS") else \
        [mo for mo in REAL_CATALOGS if mo.name in SAMPLED]
    if not chosen:
        pytest.skip("none of the sampled catalogs is installed")
    for mo in chosen:
        assert MSGUNFMT is not None
        path = tmp_path / f"{mo.stem}.po"
        path.write_bytes(subprocess.run([MSGUNFMT, str(mo)], check=True, capture_output=True).stdout)
        original = path.read_bytes()
        before = gettext_view(path, tmp_path)
        known = next(msgid for (ctxt, msgid), (plural, _, _) in before.items()
                     if ctxt is None and plural is None and msgid and msgid == " ".join(msgid.split()))
        alignment = Alignment((seg("Drink enough water.", 0, 1), seg(known, 1, 2), seg("Rest well.", 2, 3)),
                              (seg("Minumlah cukup air.", 0, 1), seg("Terjemahan lain.", 1, 2),
                               seg("Istirahatlah.", 2, 3)),
                              (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (2,), 0.9)),
                              "en", "id", "doc.en.txt", "doc.id.txt")
        report = write_alignment(path, alignment, update=True)
        assert report is not None and report.added == 2, mo.name
        after = gettext_view(path, tmp_path)
        changed = [key for key, value in before.items() if after.get(key) != value]
        assert changed == [], f"{mo.name}: {changed[:3]}"
        header = original.split(b"\n\n", 1)[0]
        assert path.read_bytes().startswith(header + b"\n\n"), mo.name
        # Every entry changed in a field gettext ignores: each is rewritten from its own lines plus a new
        # reference line, and every message must still compile to the same thing.
        catalog = load_catalog(str(path))
        for item in catalog:
            item.occurrences.append(("touched.c", "1"))
        path.write_bytes(catalog_bytes(catalog, name=str(path)))
        touched = gettext_view(path, tmp_path)
        assert [key for key, value in after.items() if touched.get(key) != value] == [], mo.name


# ---------------------------------------------------------------- --update with msgmerge's semantics (issue 13)

STONES_EN = ("Kidney stones hurt.", "Most stones consist of calcium oxalate.", "Drink enough water.")
STONES_ID = ("Batu ginjal terasa sakit.", "Sebagian besar batu terdiri atas kalsium oksalat.", "Minumlah cukup air.")


def stones(english: tuple[str, ...], indonesian: tuple[str | None, ...]) -> Alignment:
    """Three sentences aligned one to one (None: the sentence has no translation, a 1-0 bead)."""
    source = tuple(seg(text, i, i + 1) for i, text in enumerate(english))
    target = tuple(seg(text, i, i + 1) for i, text in enumerate(t for t in indonesian if t is not None))
    beads, j = [], 0
    for i, text in enumerate(indonesian):
        beads.append(Bead((i,), (j,) if text is not None else (), 0.9 if text is not None else 0.0))
        j += text is not None
    return Alignment(source, target, tuple(beads), "en", "id", "doc.en.txt", "doc.id.txt")


def merged_text(english: tuple[str, ...], indonesian: tuple[str | None, ...]) -> tuple[polib.POFile, str]:
    catalog = load_catalog("doc.po", text=to_po(stones(STONES_EN, STONES_ID)))
    report = update_catalog(catalog, stones(english, indonesian))
    return load_catalog("doc.po", text=catalog_bytes(catalog).decode("utf-8")), report.summary()


def test_an_edited_sentence_never_gets_the_old_translation_as_finished() -> None:
    """The English was edited, the Indonesian document not yet: the aligner pairs the new sentence with the old
    translation. --update gave it as a finished translation, appended the entry at the end, and named no
    previous msgid."""
    edited = (STONES_EN[0], "Few stones contain uric acid.", STONES_EN[2])
    catalog, summary = merged_text(edited, STONES_ID)
    new = entry(catalog, "Few stones contain uric acid.")
    assert new.msgstr == STONES_ID[1] and "fuzzy" in new.flags
    assert new.previous_msgid == "Most stones consist of calcium oxalate."
    assert [e.msgid for e in catalog if not e.obsolete] == list(edited)  # in document order
    assert [e.msgid for e in catalog][-1] == "Most stones consist of calcium oxalate."  # obsolete, at the end
    assert catalog[-1].obsolete
    assert "1 added (1 fuzzy from an edited or similar sentence)" in summary and "1 made obsolete" in summary


def test_an_untranslated_new_sentence_gets_the_most_similar_old_translation_as_fuzzy() -> None:
    edited = (STONES_EN[0], "Most kidney stones consist of calcium oxalate.", STONES_EN[2])
    catalog, _ = merged_text(edited, (STONES_ID[0], None, STONES_ID[2]))
    new = entry(catalog, edited[1])
    assert (new.msgstr, new.previous_msgid) == (STONES_ID[1], STONES_EN[1]) and "fuzzy" in new.flags
    unlike = (STONES_EN[0], "Eat less salt and fewer sweets.", STONES_EN[2])
    catalog, _ = merged_text(unlike, (STONES_ID[0], None, STONES_ID[2]))
    assert entry(catalog, unlike[1]).msgstr == "" and entry(catalog, unlike[1]).previous_msgid is None


def test_a_changed_entry_keeps_its_continued_msgstr_after_its_msgid() -> None:
    """A msgstr written over several lines: its continuation lines are the msgstr's, not the msgid's (found when
    merging the Python documentation's catalogs, where they had moved between msgid and msgstr)."""
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#: doc.rst:1\nmsgid ""\n"Two optional arguments must be given as keywords."\nmsgstr ""\n'
            '"Dua argumen opsional harus diberikan "\n"sebagai kata kunci."\n')
    catalog = load_catalog("doc.po", text=text)
    entry(catalog, "Two optional arguments must be given as keywords.").occurrences.append(("doc.rst", "9"))
    assert catalog_bytes(catalog).decode("utf-8") == text.replace("doc.rst:1\n", "doc.rst:1 doc.rst:9\n")


@pytest.mark.parametrize("text", [
    "",
    'msgid "a"\nmsgstr "b"',  # no line end at the end
    'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',  # no blank line between entries
    'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Language: id\\n"\n\nmsgid "c"\nmsgstr "d"\n',  # header not first
    'msgid "a"\nmsgstr "b"\n\n#~| msgid "old"\n#~ msgid "x"\n#~ msgstr "y"\n\n# a comment at the end\n',
    '#, fuzzy\n#| msgid "ol"\n#| "d"\nmsgid "a"\nmsgstr ""\n"b"\n"c"\n',
])
def test_a_catalog_read_and_written_back_unchanged_is_the_same_text(text: str) -> None:
    catalog = load_catalog("x.po", text=text)
    assert catalog_bytes(catalog).decode("utf-8") == (text + "\n" if text and not text.endswith("\n") else text)
    for item in catalog:  # a field changed in every entry: each still reads back the same
        item.occurrences.append(("x.c", "1"))
    again = load_catalog("x.po", text=catalog_bytes(catalog).decode("utf-8"))
    # (Obsolete entries keep no references, as polib and msgmerge write them.)
    assert [(e.msgid, e.msgstr, e.obsolete, [] if e.obsolete else e.occurrences) for e in again] == \
        [(e.msgid, e.msgstr, e.obsolete, [] if e.obsolete else e.occurrences) for e in catalog]
