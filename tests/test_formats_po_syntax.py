"""termalign's one PO grammar (termalign.formats.po_syntax) in its two modes: the strict check run before polib
(``strict=True``, :func:`check_po_text`) and the checker's fast reader (``strict=False``).

Both modes are the same tokenizer; where they differ on purpose (the strict check refuses what polib would lose,
the reader decodes strings and hashes its duplicate keys) each keeps the behaviour it had when they were two
implementations. ``MODES`` pins every such difference, so that a change to one mode's behaviour shows up here.
"""

from __future__ import annotations

import pytest

import termalign.checks.catalogs as catalogs
from termalign.errors import InputError
from termalign.formats.po_syntax import PoSyntax, check_po_text, iter_raw_entries

# name: (PO text, strict outcome, reader outcome); an outcome is None (accepted) or (line, words in the message).
MODES: dict[str, tuple[str, tuple[int, str] | None, tuple[int, str] | None]] = {
    # What the strict check refuses because polib would lose or corrupt it; the reader has no polib behind it.
    "empty-msgid_plural": ('msgid "file"\nmsgid_plural ""\nmsgstr[0] "berkas"\n', (1, "empty msgid_plural"), None),
    "previous-without-msgid": ('#| "old"\nmsgid "a"\nmsgstr "b"\n', (1, 'no "#| msgid" line'), None),
    "previous-bad-escape": ('#| msgid "old\\q"\nmsgid "a"\nmsgstr "b"\n', (1, "invalid escape sequence \\q"), None),
    "previous-after-live-entry": ('#| msgid "old"\nmsgid "x"\nmsgstr "y"\n#| "er"\nmsgid "a"\nmsgstr "b"\n',
                                  (4, 'no "#| msgid" line'), None),
    "comment-in-obsolete-entry": ('#~ msgid "old"\n#~ msgstr "lama"\n#~ # note\n', (3, "not PO syntax: '#'"), None),
    "header-line-break": ('msgid ""\nmsgstr "X-Note: a\\rb\\n"\n', (2, "contains a line-break character"), None),
    # Duplicates: the strict check compares keys as written and names the first definition; the reader
    # compares decoded keys (hashed).
    "duplicate": ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', (4, "(first defined at line 1)"),
                  (4, "(the same msgctxt and msgid as an earlier entry)")),
    "duplicate-once-decoded": ('msgid "A"\nmsgstr "x"\n\nmsgid "\\101"\nmsgstr "y"\n', None,
                               (4, "duplicate message definition")),
    # The strict check reads a byte order mark; the reader's blocks come decoded (textio removed it).
    "byte-order-mark": ('\ufeffmsgid "a"\nmsgstr "b"\n', None, (1, "not PO syntax: '\\ufeffmsgid'")),
    # Where an entry "starts": its first keyword (strict) or its first comment (reader).
    "no-msgstr-after-comment": ('# note\nmsgid "a"\n\nmsgid "b"\nmsgstr "c"\n', (2, "has no msgstr (msgid follows"),
                                (1, "has no msgstr (msgid follows")),
    "comment-inside": ('# note\nmsgid "a"\n# late\nmsgstr "c"\n', (3, "entry that starts at line 2"),
                       (3, "entry that starts at line 1")),
    # One line, two problems or two wordings: each mode reports as it always did.
    "msgstr[0]-without-string": ('msgid "a"\nmsgid_plural "b"\nmsgstr[0]\n', (3, "msgstr without a string"),
                                 (3, "msgstr[0] without a string")),
    "msgid[0]-without-string": ("msgid[0]\n", (1, "msgid without a string"), (1, "msgid[0]: only msgstr takes")),
    "text-before-the-quote": ('msgid x"y"\nmsgstr "z"\n', (1, "text after the closing quote"),
                              (1, "unterminated string")),
    "cut-short-and-unterminated": ('msgid "a"\n#~ msgid "b\n', (2, "the live entry that starts at line 1 is cut short"),
                                   (2, "unterminated string")),
    # The same in both modes.
    "previous-continued": ('#| msgid "old"\n#| "er"\nmsgid "a"\nmsgstr "b"\n', None, None),
    "previous-after-obsolete-entry": ('#| msgid "old"\n#~ msgid "x"\n#~ msgstr "y"\n#| "er"\nmsgid "a"\nmsgstr "b"\n',
                                      None, None),
    "unterminated": ('msgid "Vein\nmsgstr "Vena"\n', (1, "unterminated string"), (1, "unterminated string")),
    # msgfmt accepts a header field given twice (at-spi2-core's catalog has one), and --update writes the
    # header back as it was read, so neither mode refuses it.
    "header-field-twice": ('msgid ""\nmsgstr ""\n"Language: id\\n"\n"language: en\\n"\n', None, None),
    # Escapes as msgfmt reads them: \' and \? are C escapes gettext does not know; a NUL byte would cut the string.
    "quote-escape": ('msgid "it\\\'s"\nmsgstr "x"\n', (1, "invalid escape sequence \\'"),
                     (1, "invalid escape sequence \\'")),
    "question-escape": ('msgid "why\\?"\nmsgstr "x"\n', (1, "invalid escape sequence \\?"),
                        (1, "invalid escape sequence \\?")),
    "nul-escape": ('msgid "a"\nmsgstr "b\\000c"\n', (2, "is a NUL byte"), (2, "is a NUL byte")),
    "plural-gap": ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', (4, "without gaps"),
                   (4, "without gaps")),
}


def _outcome(run: object) -> tuple[int, str] | None:
    try:
        run()  # type: ignore[operator]
    except InputError as exc:
        assert exc.file == "x.po" and exc.line is not None
        return exc.line, exc.message
    return None


@pytest.mark.parametrize("case", sorted(MODES))
def test_each_mode_keeps_its_behaviour(case: str) -> None:
    text, strict, reader = MODES[case]
    got = {
        "check_po_text": _outcome(lambda: check_po_text(text, "x.po")),
        "strict": _outcome(lambda: list(iter_raw_entries([text], "x.po", obsolete=True, strict=True))),
        "reader": _outcome(lambda: list(iter_raw_entries([text], "x.po", obsolete=True))),
        "reader by lines": _outcome(lambda: list(iter_raw_entries(text.splitlines(keepends=True), "x.po"))),
    }
    for mode, expected in (("check_po_text", strict), ("strict", strict), ("reader", reader),
                           ("reader by lines", reader)):
        if expected is None:
            assert got[mode] is None, (mode, got[mode])
        else:
            assert got[mode] is not None and got[mode][0] == expected[0] and expected[1] in got[mode][1], (mode, got)


SAMPLE = '''msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# translator
#, fuzzy
msgctxt "menu"
msgid "Open\\t%s"
msgstr "Buka \\"%s\\" \\101"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "satu berkas"
msgstr[1] "%d berkas"

#~ msgid "old"
#~ msgstr "lama"
'''


def test_strict_mode_gives_strings_as_written_and_the_reader_decodes_them() -> None:
    strict = list(iter_raw_entries([SAMPLE], "s.po", obsolete=True, strict=True))
    reader = list(iter_raw_entries([SAMPLE], "s.po", obsolete=True))
    assert [e[1] for e in strict] == ["", "Open\\t%s", "one file", "old"]
    assert [e[1] for e in reader] == ["", "Open\t%s", "one file", "old"]
    assert strict[1][3] == ['Buka \\"%s\\" \\101'] and reader[1][3] == ['Buka "%s" A']
    # Everything but the strings is the same: contexts, plurals, lines, comments, flags, obsolete state.
    assert [(e[0], e[2], e[4], e[5], e[6], e[7], e[8], e[9]) for e in strict] == \
        [(e[0], e[2], e[4], e[5], e[6], e[7], e[8], e[9]) for e in reader]


@pytest.mark.parametrize(("written", "value"), [
    ("\\atimed out", "\atimed out"),  # bash.mo's msgid: BEL, not a backslash and "a"
    ("v\\303\\251na", "véna"),  # octal bytes of the catalog's charset (UTF-8)
    ("\\x41", "A"),
    ("\\x41b", "\x1b"),  # gettext reads every hex digit that follows and keeps the last byte
    ("\\1014", "A4"),  # octal stops after three digits
    ("\\b\\f\\v\\r\\\\\\\"", "\b\f\v\r\\\""),
])
def test_the_reader_decodes_escapes_as_gettext_does(written: str, value: str) -> None:
    """What msgfmt compiles these escapes to (checked with msgfmt + msgunfmt, GNU gettext 0.21)."""
    entries = list(iter_raw_entries([f'msgid "{written}"\nmsgstr "x"\n'], "e.po"))
    assert entries[0][1] == value


def test_octal_escapes_are_bytes_of_the_catalogs_charset() -> None:
    text = 'msgid "caf\\351"\nmsgstr "x"\n'
    assert next(iter_raw_entries([text], "e.po", charset="iso-8859-1"))[1] == "café"
    assert next(iter_raw_entries([text], "e.po"))[1] == "café"  # not UTF-8: one character per byte


def test_strict_check_counts_what_the_catalog_holds() -> None:
    stats = check_po_text(SAMPLE, "s.po", keep_keys=True)
    assert (stats.entries, stats.obsolete, stats.header, stats.plural_entries, stats.nplurals) == (2, 1, True, 1, 2)
    assert stats.keys == [(None, ""), ("menu", "Open\\t%s"), (None, "one file")]
    assert check_po_text(SAMPLE, "s.po").keys == []  # kept only when asked for
    by_lines = PoSyntax("s.po", keep_keys=True).feed_lines(("\ufeff" + SAMPLE).splitlines(keepends=True))
    assert by_lines == stats


def test_the_reader_is_the_same_grammar() -> None:
    assert catalogs.iter_raw_entries is iter_raw_entries
    assert [e.msgid for e in catalogs.iter_po_entries(SAMPLE)] == ["", "Open\t%s", "one file"]


def test_key_set_agrees_with_a_python_set():
    """The reader's compact duplicate set (growing through several sizes, with colliding first halves and the
    zero first half) answers exactly like a set of (first, second) pairs."""
    import random

    from termalign.formats.po_syntax import KeySet

    rng = random.Random(20261121)
    keys, reference = KeySet(), set()
    for _ in range(20_000):
        first = rng.choice([0, 1, 2**64, -1, 7]) if rng.random() < 0.05 else rng.getrandbits(70) - 2**69
        second = rng.getrandbits(2)  # few second halves: many keys share a first half's slot chain
        key = ((first & (2**64 - 1)) or 1, second & (2**64 - 1))
        assert keys.add(first, second) is (key not in reference)
        reference.add(key)
    assert len(keys) == len(reference) > 10_000
