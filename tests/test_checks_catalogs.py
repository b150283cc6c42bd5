"""The checker's streaming PO and MO readers (termalign.checks.catalogs) against polib and gettext's grammar.

The real-catalog tests read this machine's Indonesian ``.mo`` files (skipped when there are none): each is read
by our MO reader and by polib, then written as PO by polib (with flags, translator and extracted comments added)
and read back by our PO reader and by polib; every entry must agree on msgctxt, msgid, msgid_plural,
msgstr/msgstr[N], flags, comments and line number.
"""

from __future__ import annotations

import glob
import os
import struct

import pytest

from termalign.checks.catalogs import iter_mo_entries, iter_po_blocks, iter_po_entries, iter_raw_entries, unescape
from termalign.checks.inputs import MoInput, PoInput
from termalign.errors import InputError

MO_FILES = sorted(glob.glob("/usr/share/locale/id/LC_MESSAGES/*.mo"))


def _polib_view(entry, plural_keys=True):
    plural = {int(k): v for k, v in entry.msgstr_plural.items()} if plural_keys else {}
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None, entry.msgstr if not plural else "", plural)


def _our_view(entry):
    plural = entry.msgstr_plural
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr if not plural else "", plural)


@pytest.mark.slow
@pytest.mark.skipif(not MO_FILES, reason="no Indonesian .mo catalogs on this machine")
def test_mo_and_po_readers_match_polib_on_every_real_catalog(tmp_path):
    polib = pytest.importorskip("polib")
    entries = 0
    for number, path in enumerate(MO_FILES):
        with open(path, "rb") as handle:
            ours_mo = list(iter_mo_entries(handle.read(), path))
        catalog = polib.mofile(path)
        assert [_our_view(e) for e in ours_mo] == [_polib_view(e) for e in catalog], path
        po = polib.POFile()
        po.metadata = catalog.metadata
        for k, e in enumerate(catalog):
            po.append(polib.POEntry(
                msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr, msgid_plural=e.msgid_plural,
                msgstr_plural=e.msgstr_plural, flags=["c-format"] if (k + number) % 3 == 0 else [],
                tcomment="a note\nsecond line" if k % 5 == 0 else "", comment="extracted" if k % 7 == 0 else "",
                occurrences=[("src/a.c", str(k))] if k % 2 else [],
            ))
        target = tmp_path / (os.path.basename(path)[:-3] + ".po")
        po.save(str(target))
        ours = [e for e in iter_po_entries(target.read_text("utf-8"), str(target)) if e.msgid]
        theirs = list(polib.pofile(str(target)))
        assert len(ours) == len(theirs), path
        for a, b in zip(ours, theirs, strict=True):
            assert _our_view(a) == _polib_view(b)
            assert (a.flags, a.tcomment, a.comment, a.linenum) == (b.flags, b.tcomment, b.comment, b.linenum)
        entries += len(ours)
    assert entries > 1000


SAMPLE = '''# header comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# translator
#. extracted
#: a.c:1
#, c-format, fuzzy
msgctxt "menu"
msgid "Open %s"
msgstr "Buka %s"

msgid ""
"multi "
"line"
msgstr "baris "
"ganda\\t\\"kutip\\" \\\\ \\101\\x42"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "satu berkas"
msgstr[1] "%d berkas"

#~ msgid "old"
#~ msgstr "lama"
'''


def test_po_reader_fields_lines_escapes_and_obsolete():
    entries = list(iter_po_entries(SAMPLE, "s.po", obsolete=True))
    header, menu, multi, plural, old = entries
    assert header.msgid == "" and "nplurals=2" in header.msgstr
    assert (menu.msgctxt, menu.msgid, menu.msgstr) == ("menu", "Open %s", "Buka %s")
    assert menu.flags == ["c-format", "fuzzy"] and menu.tcomment == "translator" and menu.comment == "extracted"
    assert (menu.linenum, menu.line, menu.msgstr_lines) == (7, 11, {-1: 13})
    assert multi.msgid == "multi line" and multi.msgstr == 'baris ganda\t"kutip" \\ AB'
    assert plural.msgid_plural == "%d files" and plural.msgstr_plural == {0: "satu berkas", 1: "%d berkas"}
    assert plural.msgstr_lines == {0: 23, 1: 24}
    assert old.obsolete and old.msgid == "old"
    assert [e.msgid for e in iter_po_entries(SAMPLE)][-1] == "one file"  # obsolete entries skipped by default


@pytest.mark.parametrize("cut", [1, 7, 50, 200])
def test_po_reader_gives_the_same_entries_whatever_the_blocks(cut):
    lines = SAMPLE.splitlines(keepends=True)
    blocks = ["".join(lines[k : k + cut]) for k in range(0, len(lines), cut)]
    whole = list(iter_raw_entries([SAMPLE]))
    assert list(iter_raw_entries(blocks)) == whole


def test_unescape_gettext_sequences():
    assert unescape(r"a\nb\tc\\d\"e\af") == "a\nb\tc\\d\"e\af"  # \' and \? are not gettext escapes
    assert unescape(r"\303\251\x41") == "éA"  # octal bytes of UTF-8, a hex byte


BAD = {
    "unterminated": ('msgid "Vein\nmsgstr "Vena"\n', 1, "unterminated"),
    "no-msgstr": ('msgid "Vein"\n\nmsgid "Stone"\nmsgstr "Batu"\n', 1, "no msgstr"),
    "stray": ('msgid "Vein"\nmsgstr "Vena"\nthis is not PO\n', 3, "not PO syntax"),
    "bad-escape": ('msgid "Vein\\q"\nmsgstr "Vena"\n', 1, "invalid escape"),
    "quote-escaped-at-end": ('msgid "Vein\\"\nmsgstr "Vena"\n', 1, "unterminated"),
    "msgstr-first": ('msgstr "Vena"\n', 1, "msgstr"),
    "continuation-first": ('"Vena"\nmsgid "x"\nmsgstr "y"\n', 1, "no keyword"),
    "duplicate": ('msgid "Vein"\nmsgstr "Vena"\n\nmsgid "Vein"\nmsgstr "Pembuluh"\n', 4, "duplicate"),
    "plural-gap": ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4, "without gaps"),
    "text-after-quote": ('msgid "a" b\nmsgstr "x"\n', 1, "after the closing quote"),
    "comment-inside": ('msgid "a"\n# note\nmsgstr "x"\n', 2, "comment inside"),
    "eof-without-msgstr": ('msgid "a"\nmsgstr "x"\n\nmsgid "b"\n', 4, "end of the file"),
    "nplurals": ('msgid ""\nmsgstr "Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
                 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', 4, "nplurals=1"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_po_syntax_errors_name_the_line(case, tmp_path):
    text, line, words = BAD[case]
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(PoInput(str(path)).units())
    assert err.value.line == line and words in str(err.value)


def test_same_msgid_in_other_context_or_obsolete_is_no_duplicate():
    text = 'msgid "a"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "y"\n\n#~ msgid "a"\n#~ msgstr "z"\n'
    assert [e.msgstr for e in iter_po_entries(text)] == ["x", "y"]


def _mo(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """A little-endian MO file holding ``pairs`` (sorted as msgfmt sorts them)."""
    pairs = sorted(pairs)
    n = len(pairs)
    originals = 28
    translations = originals + 8 * n
    strings = translations + 8 * n
    table, ttable, blob = b"", b"", b""
    for msgid, _ in pairs:
        table += struct.pack("<2I", len(msgid), strings + len(blob))
        blob += msgid + b"\0"
    for _, msgstr in pairs:
        ttable += struct.pack("<2I", len(msgstr), strings + len(blob))
        blob += msgstr + b"\0"
    return struct.pack("<7I", 0x950412DE, 0, n, originals, translations, 0, 0) + table + ttable + blob


def test_mo_reader_contexts_plurals_and_charset(tmp_path):
    data = _mo([
        (b"", b"Content-Type: text/plain; charset=ISO-8859-1\n"),
        (b"menu\x04Open", b"Buka"),
        (b"file\x00files", b"berkas\x00berkas-berkas"),
        (b"caf\xe9", b"kaf\xe9"),
    ])
    entries = list(iter_mo_entries(data, "x.mo"))
    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr) for e in entries] == [
        (None, "café", None, "kafé"), (None, "file", "files", "berkas"), ("menu", "Open", None, "Buka"),
    ]
    assert entries[1].msgstr_plural == {0: "berkas", 1: "berkas-berkas"}
    path = tmp_path / "x.mo"
    path.write_bytes(data)
    units = list(MoInput(str(path)).units())
    assert [u.text for u in units] == ["kafé", "berkas", "berkas-berkas", "Buka"]
    assert units[3].entry == "menu|Open" and units[3].line is None


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\x03" + bytes(40), b"\xde\x12\x04\x95" + bytes(6),
                                  struct.pack("<7I", 0x950412DE, 0, 1, 28, 36, 0, 0) + struct.pack("<4I", 5, 999,
                                                                                                 5, 999)])
def test_broken_mo_files_are_input_errors(data, tmp_path):
    path = tmp_path / "bad.mo"
    path.write_bytes(data)
    with pytest.raises(InputError):
        list(MoInput(str(path)).units())


def test_missing_and_directory_mo_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(MoInput(str(tmp_path / "none.mo")).units())
    (tmp_path / "d.mo").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        list(MoInput(str(tmp_path / "d.mo")).units())


@pytest.mark.slow
def test_po_blocks_keep_line_numbers_across_megabyte_blocks(tmp_path):
    # Entries past the first 1 MB block still get their own msgstr line.
    entry = 'msgid "word {k}"\nmsgstr "kata {k}"\n\n'
    text = "".join(entry.format(k=k) for k in range(40_000))
    path = tmp_path / "big.po"
    path.write_text(text, encoding="utf-8")
    units = list(PoInput(str(path)).units())
    assert len(units) == 40_000
    assert units[-1].line == 3 * 39_999 + 2 and units[-1].text == "kata 39999"
    assert list(iter_po_blocks([text]))[-1].msgstr == "kata 39999"
