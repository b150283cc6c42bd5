"""Every bad input termalign's robustness suite feeds the real CLI, and a runner that records what a user sees.

One list, :data:`CASES`, serves two consumers: ``tests/test_robustness_cli.py`` (asserts each case: exit
status, message shape, nothing written, inputs unchanged) and ``tools/robustness_table.py`` (runs the same
cases and prints the Markdown table of ``docs/robustness.md``), so the documentation says what the code does.

A case is a few small files written into an empty folder, a ``termalign`` command line run there
in-process through :func:`termalign.cli.main` (the console script's entry point), and what must happen:
the exit status, a regular expression the first ``termalign: error:`` line must match, and which files may
be created. Every case also promises: no Python traceback, no ``internal error``, every pre-existing file
byte-for-byte unchanged, and for a refused input (status 2) no file created at all (no temporary file left).
All texts here are written for these tests.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import struct
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# -------------------------------------------------------------------------------------------- test texts

EN = """Phleboliths are small calcifications inside a vein.
They are common in the pelvis and usually cause no symptoms.

On an X-ray they look like small round stones.
Doctors must not mistake them for kidney stones.
"""
ID = """Flebolit adalah kalsifikasi kecil di dalam vena.
Flebolit sering ditemukan di panggul dan biasanya tidak menimbulkan gejala.

Pada foto rontgen, flebolit tampak seperti batu kecil yang bulat.
Dokter tidak boleh keliru menganggapnya sebagai batu ginjal.
"""
EN_LONG = EN + """Most phleboliths are found by chance on an X-ray taken for another reason.
They are more common after the age of forty.
A phlebolith is harmless and needs no treatment.
Rarely, many phleboliths point to a malformation of the veins.
"""
ID_OTHER = """Demam berdarah ditularkan oleh gigitan nyamuk Aedes.
Gejalanya berupa demam tinggi, nyeri sendi, dan ruam kulit.
Pasien perlu banyak minum untuk mencegah dehidrasi.
Tidak ada obat khusus untuk membunuh virus dengue.
Trombosit pasien harus dipantau setiap hari.
Genangan air di sekitar rumah harus dikuras secara teratur.
Kelambu membantu melindungi anak yang tidur siang.
Vaksin dengue kini tersedia di beberapa negara.
"""
EN2 = """Necrotic tissue can calcify over time.
This is called dystrophic calcification and it is seen on an X-ray.
"""
GLOSSARY_HEADER = "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n"
GLOSSARY = (GLOSSARY_HEADER + "phlebolith\tflebolit\t\t\tflebolith\tnoun\tmedical\t\t\n"
            "vein\tvena\t\t\t\tnoun\tmedical\t\t\n")
PO = """# Catalog written for termalign's robustness tests.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: id\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: a.c:1
msgid "Phleboliths are small calcifications inside a vein."
msgstr "Flebolit adalah kalsifikasi kecil di dalam vena."

#: a.c:2
msgid "Doctors must not mistake them for kidney stones."
msgstr "Dokter tidak boleh keliru menganggapnya sebagai batu ginjal."
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="tests" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en"
          srclang="en" datatype="plaintext"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="en"><seg>Phleboliths are small calcifications inside a vein.</seg></tuv>
      <tuv xml:lang="id"><seg>Flebolit adalah kalsifikasi kecil di dalam vena.</seg></tuv>
    </tu>
  </body>
</tmx>
"""
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>phlebolith</term></termSec></langSec>
      <langSec xml:lang="id"><termSec><term>flebolit</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

# XML attacks. Each is small on disk; a parser that expands it needs gigabytes or reads local files.
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<{root}>&lol9;</{root}>
"""


def quadratic_blowup(root: str) -> str:
    """One 50,000-character entity referenced 50,000 times: 2.5 GB once expanded."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY a "{"x" * 50_000}">]>\n'
            f"<{root}>{'&a;' * 50_000}</{root}>\n")


def external_entity(root: str) -> str:
    """An entity whose value is a local file (XXE)."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            f"<{root}>&xxe;</{root}>\n")


def external_dtd(root: str) -> str:
    """A DOCTYPE whose internal subset pulls a parameter entity from the network."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">'
            f" %remote;]>\n<{root}/>\n")


def _utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def mo_bytes(pairs: list[tuple[str, str]]) -> bytes:
    """A little-endian UTF-8 MO catalog holding ``(msgid, msgstr)`` pairs (sorted as msgfmt sorts them)."""
    import struct

    encoded = sorted((msgid.encode(), msgstr.encode()) for msgid, msgstr in pairs)
    strings = 28 + 16 * len(encoded)
    table, ttable, blob = b"", b"", b""
    for side in (0, 1):
        for pair in encoded:
            entry = struct.pack("<2I", len(pair[side]), strings + len(blob))
            table, ttable = (table + entry, ttable) if side == 0 else (table, ttable + entry)
            blob += pair[side] + b"\0"
    return struct.pack("<7I", 0x950412DE, 0, len(encoded), 28, 28 + 8 * len(encoded), 0, 0) + table + ttable + blob


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)) * 4
GOOD_MO_HEADER = bytes.fromhex("de120495")  # little-endian magic 0x950412de



def _mo(charset: str, translation: str) -> bytes:
    """A little-endian MO catalog: a header naming ``charset`` and one message, strings written as UTF-8."""
    strings = [(b"", f"Content-Type: text/plain; charset={charset}\n".encode()), (b"a vein", translation.encode())]
    at = 28 + 16 * len(strings)
    tables: list[int] = []
    for side in (0, 1):
        for pair in strings:
            tables += [len(pair[side]), at]
            at += len(pair[side]) + 1
    return (GOOD_MO_HEADER + struct.pack("<6I", 0, len(strings), 28, 28 + 8 * len(strings), 0, 0)
            + struct.pack(f"<{len(tables)}I", *tables) + b"".join(p[0] + b"\0" for p in strings)
            + b"".join(p[1] + b"\0" for p in strings))


# --------------------------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """One robustness case (see the module docstring)."""

    id: str
    group: str
    input: str
    argv: tuple[str, ...]
    files: dict[str, bytes | str] = field(default_factory=dict)
    status: int = 2
    message: str = ""  # regex searched in the first error line (status 2) or in stderr (other statuses)
    creates: tuple[str, ...] = ()  # files the command may create (only when it succeeds)
    stdin: bytes | None = None
    file_size_limit: int | None = None  # RLIMIT_FSIZE during the run: writing more fails like a full disk
    known_bug: str = ""  # set when the case fails today in code another engineer owns (tested as strict xfail)

    def command(self) -> str:
        """The command line as a user types it."""
        return "termalign " + " ".join(_quote(a) for a in self.argv)


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./:=,@+-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def _align(*extra: str) -> tuple[str, ...]:
    return ("align", "en.txt", "id.txt", *extra)


def _cases() -> list[Case]:
    c: list[Case] = []
    pair = {"en.txt": EN, "id.txt": ID}

    # -------- encodings and text shapes that are fine: the command works and writes what it is asked
    good = "accepted"
    for cid, text_bytes, what in (
        ("utf8-bom", codecs.BOM_UTF8 + ID.encode(), "UTF-8 with BOM"),
        ("utf16-bom", _utf16(ID), "UTF-16 LE with BOM"),
        ("utf16be-bom", codecs.BOM_UTF16_BE + ID.encode("utf-16-be"), "UTF-16 BE with BOM"),
        ("crlf", ID.replace("\n", "\r\n").encode(), "CRLF line ends"),
        ("cr", ID.replace("\n", "\r").encode(), "old Mac CR line ends"),
        ("nfd", _nfd(ID.replace("vena", "véna")).encode(), "NFD (decomposed) accents"),
        ("zero-width", ID.replace("kalsifikasi", "kalsi\u200bfikasi").replace(" di ", "\u00a0di\u00a0").encode(),
         "zero-width space inside a word, non-breaking spaces"),
    ):
        c.append(Case(f"enc-{cid}", "encoding", f"target text in {what}", _align("-o", "out.json"),
                      {"en.txt": EN, "id.txt": text_bytes}, status=0, creates=("out.json",), message=good))
    c.append(Case("enc-cp1252-named", "encoding", "cp1252 text named with --encoding",
                  _align("--encoding", "cp1252", "-o", "out.json"),
                  {"en.txt": EN, "id.txt": ID.replace("vena", "véna").encode("cp1252")},
                  status=0, creates=("out.json",), message=good))
    bad_utf8 = ID.replace("vena", "véna").encode("cp1252")
    c.append(Case("enc-invalid-utf8", "encoding", "cp1252 byte (é = 0xE9) in a UTF-8 file", _align("-o", "out.json"),
                  {"en.txt": EN, "id.txt": bad_utf8},
                  message=r"^id\.txt:1: not valid utf-8: undecodable byte\(s\) e9 .* at byte offset \d+ \(.*--enc"))
    c.append(Case("enc-utf16-no-bom", "encoding", "UTF-16 without a BOM", _align(),
                  {"en.txt": EN, "id.txt": ID.encode("utf-16-le")}, message=r"^id\.txt:1: looks like a binary file"))
    c.append(Case("enc-binary", "encoding", "a PNG image given as text", _align(),
                  {"en.txt": EN, "id.txt": PNG}, message=r"^id\.txt:\d+: looks like a binary file"))
    c.append(Case("enc-unknown", "encoding", "--encoding names no codec", _align("--encoding", "klingon"),
                  pair, message=r"^en\.txt: unknown encoding 'klingon'"))
    c.append(Case("enc-wrong-named", "encoding", "--encoding utf-16 on a UTF-8 file (odd length)",
                  _align("--encoding", "utf-16"), {"en.txt": EN + "x", "id.txt": ID},
                  message=r"^en\.txt:\d+: not valid utf-16"))
    for cmd, argv in (
        ("terms", ("terms", "en.txt", "id.txt", "-o", "out.tsv")),
        ("report", ("report", "en.txt", "id.txt", "-o", "out.html")),
        ("check-text", ("check", "--lang", "id", "id.txt")),
        ("check-pair", ("check", "--source", "en.txt", "--target", "id.txt")),
    ):
        c.append(Case(f"enc-invalid-{cmd}", "encoding", f"invalid UTF-8 byte ({cmd.split('-')[0]})", argv,
                      {"en.txt": EN, "id.txt": bad_utf8}, message=r"^id\.txt:1: not valid utf-8.*byte offset \d+"))
        c.append(Case(f"enc-binary-{cmd}", "encoding", f"binary file ({cmd.split('-')[0]})", argv,
                      {"en.txt": EN, "id.txt": PNG}, message=r"^id\.txt:\d+: looks like a binary file"))
    c.append(Case("enc-glossary-invalid", "encoding", "glossary TSV with an invalid UTF-8 byte",
                  ("glossary", "validate", "g.tsv"),
                  {"g.tsv": (GLOSSARY_HEADER + "vein\tv\xe9na\t\t\t\t\t\t\t\n").encode("latin-1")},
                  message=r"^g\.tsv:2: error: .*not valid utf-8.*byte offset \d+"))
    c.append(Case("enc-glossary-latin1", "encoding", "latin-1 glossary named with --encoding",
                  ("glossary", "validate", "--encoding", "latin-1", "g.tsv"),
                  {"g.tsv": (GLOSSARY_HEADER + "vein\tv\xe9na\t\t\t\t\t\t\t\n").encode("latin-1")},
                  status=0, message=r"0 error"))
    c.append(Case("enc-po-charset", "encoding", "PO whose header says charset=ISO-8859-1 (file in latin-1)",
                  ("check", "-g", "medical", "--fail-on", "never", "latin1.po"),
                  {"latin1.po": PO.replace("UTF-8", "ISO-8859-1").replace("vena.", "v\xe9na.").encode("latin-1")},
                  status=0, message=r"\d+ findings? "))
    c.append(Case("enc-po-bad-charset", "encoding", "PO header names an unknown charset", ("check", "x.po"),
                  {"x.po": PO.replace("UTF-8", "klingon-8")}, message=r"^x\.po(:1)?: unknown encoding 'klingon-8'"))
    for codec in ("undefined", "punycode", "unicode_escape", "hex"):
        c.append(Case(f"enc-not-text-{codec}", "encoding", f"--encoding {codec} (a codec, but not a text encoding)",
                      _align("--encoding", codec, "-o", "out.json"), pair,
                      message=rf"^en\.txt: '{codec}' is not a text encoding"))
    for codec in ("undefined", "punycode"):
        c.append(Case(f"enc-po-charset-{codec}", "encoding", f"PO header says charset={codec}", ("check", "x.po"),
                      {"x.po": PO.replace("UTF-8", codec)}, message=rf"^x\.po(:1)?: '{codec}' is not a text encoding"))
        c.append(Case(f"enc-mo-charset-{codec}", "encoding", f"MO header says charset={codec}", ("check", "x.mo"),
                      {"x.mo": _mo(codec, "vena")}, message=rf"^x\.mo: '{codec}' is not a text encoding"))
    c.append(Case("enc-utf7-surrogate", "encoding", "--encoding utf-7 text encoding a lone surrogate (+2AA-)",
                  _align("--encoding", "utf-7", "-o", "out.json"), {"en.txt": EN, "id.txt": "Vena +2AA- itu.\n"},
                  message=r"^id\.txt:1: not text: a lone surrogate U\+D800 at character 6"))
    c.append(Case("enc-mo-utf7-surrogate", "encoding", "MO in UTF-7 whose string decodes to a lone surrogate",
                  ("check", "x.mo"), {"x.mo": _mo("UTF-7", "vena +2AA-")}, message=r"^x\.mo: .*lone surrogate"))
    c.append(Case("enc-nul-named", "encoding", "NUL byte in a file read with --encoding utf-8",
                  _align("--encoding", "utf-8", "-o", "out.po"), {"en.txt": EN, "id.txt": ID.replace("vena", "ve\0na")},
                  message=r"^id\.txt:1: not text: a NUL character at character \d+"))
    c.append(Case("enc-zero-device", "encoding", "the zero device (/dev/zero) as the target", ("align", "en.txt",
                  "/dev/zero", "-o", "out.json"), {"en.txt": EN}, message=r"^/dev/zero:1: looks like a binary file"))

    # -------- missing, unreadable and degenerate inputs
    c.append(Case("file-missing", "files", "source file does not exist", ("align", "nope.txt", "id.txt"),
                  {"id.txt": ID}, message=r"^nope\.txt: no such file \(check the path\)"))
    c.append(Case("file-directory", "files", "a folder given as the source", ("align", "sub", "id.txt"),
                  {"sub/keep.txt": "x", "id.txt": ID}, message=r"^sub: is a directory"))
    for cmd, argv, name in (
        ("check-po", ("check", "nope.po"), "nope.po"),
        ("check-mo", ("check", "nope.mo"), "nope.mo"),
        ("check-tmx", ("check", "nope.tmx"), "nope.tmx"),
        ("terms-aligned", ("terms", "--aligned", "nope.po"), "nope.po"),
        ("glossary", ("glossary", "show", "nope.tsv"), "nope.tsv"),
        ("check-glossary", ("check", "--glossary", "nope.tsv", "--lang", "id", "id.txt"), "nope.tsv"),
    ):
        c.append(Case(f"file-missing-{cmd}", "files", f"missing file ({' '.join(argv[:2])})", argv, {"id.txt": ID},
                      message=rf"^{re.escape(name)}: .*(no such file|not found|does not exist)"))
    c.append(Case("file-dir-check-tmx", "files", "a folder without catalogs, named like a TMX (check)",
                  ("check", "d.tmx"), {"d.tmx/keep.txt": "x"}, message=r"^d\.tmx: no file to read in this folder"))
    c.append(Case("file-dir-check-mo", "files", "a folder without catalogs, named like an MO (check)",
                  ("check", "d.mo"), {"d.mo/keep.txt": "x"}, message=r"^d\.mo: no file to read in this folder"))
    c.append(Case("deg-empty-source", "degenerate", "empty source file", _align(), {"en.txt": "", "id.txt": ID},
                  message=r"^en\.txt: the source text is empty"))
    c.append(Case("deg-empty-target", "degenerate", "empty target file", _align(), {"en.txt": EN, "id.txt": ""},
                  message=r"^id\.txt: the target text is empty"))
    c.append(Case("deg-whitespace", "degenerate", "whitespace-only target (spaces, tabs, NBSP, blank lines)",
                  _align(), {"en.txt": EN, "id.txt": " \t\n\n\u00a0 \n"},
                  message=r"^id\.txt: the target text is empty"))
    c.append(Case("deg-empty-terms", "degenerate", "empty target (terms)", ("terms", "en.txt", "id.txt"),
                  {"en.txt": EN, "id.txt": ""}, message=r"^id\.txt: the target text is empty"))
    c.append(Case("deg-empty-report", "degenerate", "empty source (report)",
                  ("report", "en.txt", "id.txt", "-o", "r.html"), {"en.txt": "\n\n", "id.txt": ID},
                  message=r"^en\.txt: the source text is empty"))
    c.append(Case("deg-empty-check-text", "degenerate", "empty text (check --lang id)", ("check", "--lang", "id",
                  "id.txt"), {"id.txt": ""}, message=r"^id\.txt: nothing to check: the text is empty"))
    c.append(Case("deg-empty-check-allowed", "degenerate", "empty text, check --allow-empty",
                  ("check", "--allow-empty", "--lang", "id", "id.txt"), {"id.txt": " \n\n"}, status=0,
                  message=r"0 findings .* in 0 units"))
    c.append(Case("deg-empty-check-pair", "degenerate", "empty target of a pair (check)",
                  ("check", "--source", "en.txt", "--target", "id.txt"), {"en.txt": EN, "id.txt": ""},
                  message=r"^id\.txt: the target text is empty"))
    c.append(Case("deg-wrong-language", "degenerate", "target is English too", _align(),
                  {"en.txt": EN, "id.txt": EN2}, message=r"^id\.txt: the target text should be Indonesian"))
    c.append(Case("deg-swapped", "degenerate", "source and target swapped", ("align", "id.txt", "en.txt"),
                  pair, message=r"^id\.txt: the inputs look swapped"))
    unrelated = {"en.txt": EN_LONG, "id.txt": ID_OTHER}
    for command in (_align(), ("terms", "en.txt", "id.txt"), ("report", "en.txt", "id.txt", "-o", "r.html"),
                    ("check", "--source", "en.txt", "--target", "id.txt")):
        c.append(Case(f"deg-not-parallel-{command[0]}", "degenerate", f"two unrelated texts ({command[0]})",
                      command, unrelated,
                      message=r"^en\.txt: these texts do not look like translations of each other \(parallel score"))
    c.append(Case("deg-not-parallel-allowed", "degenerate", "two unrelated texts, --allow-nonparallel",
                  ("align", "en.txt", "id.txt", "--allow-nonparallel", "-o", "out.json"), unrelated, status=0,
                  creates=("out.json",), message=good))
    c.append(Case("deg-identical", "degenerate", "the same file as source and target", ("align", "en.txt", "en.txt"),
                  pair, message=r"^en\.txt: the target text should be Indonesian"))
    c.append(Case("deg-identical-forced", "degenerate", "the same file twice, --no-lang-check",
                  ("align", "en.txt", "en.txt", "--no-lang-check", "-o", "out.tsv"), pair, status=0,
                  creates=("out.tsv",), message=good))
    c.append(Case("deg-stdin-twice", "degenerate", "standard input for both sides", ("align", "-", "-"), {},
                  stdin=EN.encode(), message=r"^standard input \('-'\) can be used for one input only"))

    # -------- PO catalogs
    po_bad = {
        "unterminated": ('msgid "Phleboliths are small\nmsgstr "Flebolit"\n', r":1: .*(unterminated|malformed)"),
        "no-msgstr": ('msgid "Vein"\n\nmsgid "Stone"\nmsgstr "Batu"\n', r":\d+: .*msgstr"),
        "stray-text": ('msgid "Vein"\nmsgstr "Vena"\nthis is not PO\n', r":3: .*"),
        "bad-escape": ('msgid "Vein\\q"\nmsgstr "Vena"\n', r":1: .*invalid escape"),
        "quote-escaped-at-end": ('msgid "Vein\\"\nmsgstr "Vena"\n', r":1: .*unterminated string"),
        "msgstr-first": ('msgstr "Vena"\n', r":1: .*msgstr"),
        "continuation-first": ('"Vena"\nmsgid "x"\nmsgstr "y"\n', r":1: "),
        "c-only-escape": ('msgid "Vein\\\'s wall"\nmsgstr "Dinding vena"\n', r":1: .*invalid escape sequence \\'"),
        "nul-escape": ('msgid "Vein"\nmsgstr "Ve\\000na"\n', r":2: .*NUL byte"),
    }
    for cid, (text, where) in po_bad.items():
        for cmd, argv in (("check", ("check", "bad.po")), ("terms", ("terms", "--aligned", "bad.po", "-o", "t.tsv")),
                          ("glossary", ("glossary", "show", "bad.po"))):
            c.append(Case(f"po-{cid}-{cmd}", "po", f"PO: {cid.replace('-', ' ')} ({' '.join(argv[:2])})", argv,
                          {"bad.po": text}, message=r"^bad\.po" + where))
    c.append(Case("po-duplicate-check", "po", "PO: the same msgid twice (check)", ("check", "dup.po"),
                  {"dup.po": 'msgid "Vein"\nmsgstr "Vena"\n\nmsgid "Vein"\nmsgstr "Pembuluh"\n'},
                  message=r"^dup\.po:4: .*duplicate message definition"))
    c.append(Case("po-duplicate-terms", "po", "PO: the same msgid twice (terms --aligned)",
                  ("terms", "--aligned", "dup.po"),
                  {"dup.po": 'msgid "Vein"\nmsgstr "Vena"\n\nmsgid "Vein"\nmsgstr "Pembuluh"\n'},
                  message=r"^dup\.po:4: .*duplicate message definition"))
    c.append(Case("po-plural-gap", "po", "PO: plural entry with msgstr[0] and msgstr[2] but no msgstr[1]",
                  ("check", "pl.po"),
                  {"pl.po": 'msgid "one stone"\nmsgid_plural "%d stones"\nmsgstr[0] "batu"\nmsgstr[2] "batu"\n'},
                  message=r"^pl\.po:4: "))
    c.append(Case("po-plural-ok", "po", "PO: plural entry (nplurals=1) is checked", ("check", "plok.po"),
                  {"plok.po": PO + '\nmsgid "one stone"\nmsgid_plural "%d stones"\nmsgstr[0] "%d batu"\n'},
                  status=0, message=r"\d+ findings? "))
    c.append(Case("po-header-field-twice-terms", "po", "PO: a header field given twice, as msgfmt accepts (terms "
                  "--aligned)", ("terms", "--aligned", "two.po", "-o", "t.tsv"),
                  {"two.po": PO.replace('"Language: id\\n"\n', '"Language: id\\n"\n"Language: id\\n"\n')},
                  status=0, creates=("t.tsv",)))
    c.append(Case("po-glossary-latin1", "po", "PO glossary in ISO-8859-1 (its header's charset)",
                  ("glossary", "show", "g.po"),
                  {"g.po": ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
                            'msgid "vein"\nmsgstr "v\xe9na"\n').encode("latin-1")},
                  status=0))
    c.append(Case("po-update-broken", "po", "align --update into a broken catalog",
                  _align("-o", "cat.po", "--update"), {**pair, "cat.po": 'msgid "x\nmsgstr "y"\n'},
                  message=r"^cat\.po:1: .*unterminated string"))
    c.append(Case("po-update-duplicate", "po", "align --update into a catalog with a duplicate msgid",
                  _align("-o", "cat.po", "--update"),
                  {**pair, "cat.po": 'msgid "Vein"\nmsgstr "Vena"\n\nmsgid "Vein"\nmsgstr "Pembuluh"\n'},
                  message=r"^cat\.po:4: .*duplicate message definition"))
    c.append(Case("po-update-latin1", "po", "--update into an ISO-8859-1 catalog that cannot hold new text",
                  _align("-o", "cat.po", "--update"),
                  {"en.txt": EN, "id.txt": ID.replace("vena", "vena \u2013 pembuluh"),
                   "cat.po": PO.split("\n\n")[0].replace("UTF-8", "ISO-8859-1").encode("latin-1") + b"\n"},
                  message=r"^cat\.po: the catalog's charset ISO-8859-1 cannot hold"))
    c.append(Case("po-exists", "po", "align -o existing.po without --force/--update", _align("-o", "cat.po"),
                  {**pair, "cat.po": PO}, message=r"^cat\.po: output file exists; refusing to overwrite .*--update"))

    # -------- MO catalogs
    c.append(Case("mo-bad-magic", "mo", "MO: bad magic number", ("check", "bad.mo"),
                  {"bad.mo": b"\x00\x01\x02\x03" + bytes(40)}, message=r"^bad\.mo: .*(magic|not a|MO)"))
    c.append(Case("mo-truncated", "mo", "MO: right magic, truncated header", ("check", "short.mo"),
                  {"short.mo": GOOD_MO_HEADER + bytes(6)}, message=r"^short\.mo: "))
    c.append(Case("mo-bad-offsets", "mo", "MO: string table points past the end of the file", ("check", "off.mo"),
                  {"off.mo": GOOD_MO_HEADER + bytes(4) + (1).to_bytes(4, "little") + (28).to_bytes(4, "little")
                   + (36).to_bytes(4, "little") + bytes(8) + (50).to_bytes(4, "little") + (9999).to_bytes(4, "little")
                   + (50).to_bytes(4, "little") + (9999).to_bytes(4, "little")},
                  message=r"^off\.mo: "))
    c.append(Case("mo-empty", "mo", "MO: empty file", ("check", "empty.mo"), {"empty.mo": b""},
                  message=r"^empty\.mo: "))

    # -------- TMX
    for cid, text, msg in (
        ("not-xml", "this is not XML at all\n", r":1: not well-formed"),
        ("unclosed", TMX.replace("</body>", ""), r":\d+: not well-formed"),
        ("wrong-root", TMX.replace("<tmx ", "<xliff ").replace("</tmx>", "</xliff>"), r"(:\d+)?: not a TMX file"),
        ("no-body", '<?xml version="1.0"?>\n<tmx version="1.4"><header/></tmx>\n', r"(:\d+)?: not a TMX file"),
        ("billion-laughs", BILLION_LAUGHS.format(root="tmx"), r"(:\d+)?: refus"),
        ("quadratic", quadratic_blowup("tmx"), r"(:\d+)?: refus"),
        ("xxe", external_entity("tmx"), r"(:\d+)?: refus"),
        ("external-dtd", external_dtd("tmx"), r"(:\d+)?: refus"),
        ("bad-score", TMX.replace('<tu tuid="1">', '<tu tuid="1"><prop type="x-score">high</prop>'),
         r":\d+: x-score"),
        ("empty", "", r"(:\d+)?: (not well-formed|.*empty)"),
        ("unknown-encoding", TMX.replace('encoding="UTF-8"', 'encoding="UTFF-8"'), r"(:\d+)?: .*UTFF-8"),
    ):
        for cmd, argv in (("check", ("check", "bad.tmx")), ("terms", ("terms", "--aligned", "bad.tmx"))):
            if cid == "bad-score" and cmd == "check":
                continue  # the checker does not read scores
            c.append(Case(f"tmx-{cid}-{cmd}", "tmx", f"TMX: {cid.replace('-', ' ')} ({' '.join(argv[:2])})", argv,
                          {"bad.tmx": text}, message=r"^bad\.tmx" + msg))

    deep = TMX.replace("<seg>Phleboliths", "<seg>" + "<hi>" * 1500 + "Phleboliths").replace(
        "inside a vein.</seg>", "inside a vein." + "</hi>" * 1500 + "</seg>")
    c.append(Case("tmx-deep-terms", "tmx", "TMX: 1,500 nested inline elements (terms --aligned)",
                  ("terms", "--aligned", "deep.tmx", "-o", "out.tsv"), {"deep.tmx": deep}, status=0,
                  creates=("out.tsv",), message="accepted"))
    c.append(Case("tmx-deep-check", "tmx", "TMX: 1,500 nested inline elements (check)",
                  ("check", "--fail-on", "never", "deep.tmx"), {"deep.tmx": deep}, status=0, message=r"\d+ findings? "))
    c.append(Case("tmx-nested-subflows", "tmx", "TMX: 30 nested <bpt><sub> subflows (was 2^30 steps)",
                  ("terms", "--aligned", "sub.tmx", "-o", "out.tsv"),
                  {"sub.tmx": TMX.replace("inside a vein.</seg>", "inside a vein." + '<bpt i="1">x<sub>s' * 30
                                          + "</sub></bpt>" * 30 + "</seg>")},
                  status=0, creates=("out.tsv",), message="accepted"))

    # -------- TBX and glossaries
    for cid, text, msg in (
        ("not-xml", "phlebolith = flebolit\n", r":1: not well-formed"),
        ("wrong-root", TBX.replace("<tbx ", "<tmx ").replace("</tbx>", "</tmx>"), r"(:\d+)?: not a TBX file"),
        ("no-terms", '<?xml version="1.0"?>\n<tbx><text><body/></text></tbx>\n', r"(:\d+)?: no <conceptEntry>"),
        ("billion-laughs", BILLION_LAUGHS.format(root="tbx"), r"(:\d+)?: refused"),
        ("quadratic", quadratic_blowup("tbx"), r"(:\d+)?: refused"),
        ("xxe", external_entity("tbx"), r"(:\d+)?: refused"),
        ("external-dtd", external_dtd("tbx"), r"(:\d+)?: refused"),
        ("no-target-lang", TBX.replace('xml:lang="id"', 'xml:lang="fr"'), r": no concept has both"),
    ):
        for cmd, argv in (("glossary", ("glossary", "show", "bad.tbx")),
                          ("check", ("check", "--glossary", "bad.tbx", "--lang", "id", "id.txt"))):
            c.append(Case(f"tbx-{cid}-{cmd}", "tbx", f"TBX: {cid.replace('-', ' ')} ({' '.join(argv[:2])})", argv,
                          {"bad.tbx": text, "id.txt": ID}, message=r"^bad\.tbx" + msg))
    c.append(Case("tbx-convert-attack", "tbx", "TBX billion laughs converted to TSV",
                  ("glossary", "convert", "bad.tbx", "-o", "out.tsv"), {"bad.tbx": BILLION_LAUGHS.format(root="tbx")},
                  message=r"^bad\.tbx(:\d+)?: refused"))

    h = GLOSSARY_HEADER
    for cid, text, msg, status in (

        ("missing-target", h + "phlebolith\t\t\t\t\t\t\t\t\n", r":2: .*empty target term", 2),
        ("one-column", h + "phlebolith\n", r":2: .*no target column", 2),
        ("conflict", h + "vein\tvena\t\t\t\t\t\t\t\nvein\tpembuluh\t\t\t\t\t\t\t\n",
         r":3: .*conflicting translations", 2),
        ("empty", "", r": .*the file is empty", 2),
        ("header-only", h, r": .*no entries", 2),
        ("stray-quote", h + 'phlebolith\t"flebolit\t\t\t\t\t\t\t\n', r"g\.tsv:2: warning: .*stray quote", 0),
        ("bad-flag", h + "vein\tvena\t\t\t\t\t\t\tshouting\n", r"g\.tsv:2: warning: unknown flag", 0),
        ("pos-in-wrong-column", h + "vein\tvena\t\t\t\tvena\t\t\t\n", r"g\.tsv:2: warning: unknown part of speech", 0),
    ):
        if cid == "header-only":
            validate_status, validate_msg = 0, r"g\.tsv: warning: .*no entries"
        elif status == 2:
            validate_status, validate_msg = 2, r"^g\.tsv" + msg.replace(": .*", ": error: .*", 1)
        else:
            validate_status, validate_msg = 0, msg
        c.append(Case(f"gloss-{cid}-validate", "glossary", f"glossary TSV: {cid.replace('-', ' ')} (validate)",
                      ("glossary", "validate", "g.tsv"), {"g.tsv": text}, status=validate_status,
                      message=validate_msg))
        c.append(Case(f"gloss-{cid}-check", "glossary", f"glossary TSV: {cid.replace('-', ' ')} (check --glossary)",
                      ("check", "--glossary", "g.tsv", "--lang", "id", "id.txt"), {"g.tsv": text, "id.txt": ID},
                      status=status, message=r"^g\.tsv" + msg if status == 2 else good))
    c.append(Case("gloss-no-header-tsv", "glossary", "glossary .tsv without a header line (read as OmegaT)",
                  ("glossary", "validate", "g.tsv"), {"g.tsv": "phlebolith\tflebolit\n"}, status=0,
                  message=r"0 error\(s\)"))
    c.append(Case("gloss-bad-header", "glossary", "glossary TSV header naming an unknown column",
                  ("check", "--glossary", "g.tsv", "--lang", "id", "id.txt"),
                  {"g.tsv": "source\ttarget\tcolour\nvein\tvena\tred\n", "id.txt": ID},
                  message=r"^g\.tsv:1: unknown column 'colour'"))
    c.append(Case("gloss-duplicate", "glossary", "glossary TSV: the same entry twice (validate)",
                  ("glossary", "validate", "g.tsv"),
                  {"g.tsv": GLOSSARY_HEADER + "vein\tvena\t\t\t\t\t\t\t\nvein\tvena\t\t\t\t\t\t\t\n"},
                  status=0, message=r"g\.tsv:3: warning: .*"))
    c.append(Case("gloss-csv-stray-quote", "glossary", "glossary CSV: unbalanced quote",
                  ("glossary", "validate", "g.csv"),
                  {"g.csv": 'source,target\nphlebolith,"flebolit\nvein,vena\n'}, message=r"^g\.csv:\d+: error: "))
    c.append(Case("gloss-po-attack", "glossary", "glossary PO: unterminated string",
                  ("align", "en.txt", "id.txt", "--glossary", "g.po"), {**pair, "g.po": 'msgid "vein\nmsgstr "v"\n'},
                  message=r"^g\.po:1: "))
    c.append(Case("gloss-unknown-name", "glossary", "a shipped glossary name that does not exist",
                  ("check", "--glossary", "medicall", "--lang", "id", "id.txt"), {"id.txt": ID},
                  message=r"^medicall: "))

    # -------- aligned inputs of other kinds (terms --aligned)
    c.append(Case("json-broken", "aligned", "JSON alignment cut in the middle", ("terms", "--aligned", "a.json"),
                  {"a.json": '{"schema": 1, "source": ['}, message=r"^a\.json(:\d+)?: "))
    c.append(Case("json-wrong-shape", "aligned", "JSON that is not an alignment", ("terms", "--aligned", "a.json"),
                  {"a.json": "[1, 2, 3]\n"}, message=r"^a\.json(:\d+)?: "))
    c.append(Case("json-bad-index", "aligned", "JSON bead pointing past the last segment",
                  ("terms", "--aligned", "a.json"),
                  {"a.json": '{"beads": [{"source": ["Vein."], "target": ["Vena."], "source_index": [5], '
                             '"target_index": [0], "score": 1}]}'},
                  message=r"^a\.json(:\d+)?( \[.*\])?: "))
    c.append(Case("json-deep", "aligned", "JSON nested 100,000 deep", ("terms", "--aligned", "a.json"),
                  {"a.json": "[" * 100_000 + "]" * 100_000}, message=r"^a\.json: not valid JSON: .*nested too deeply"))
    c.append(Case("json-long-integer", "aligned", "JSON with a 5,000-digit integer", ("terms", "--aligned", "a.json"),
                  {"a.json": '{"beads": [], "schema_version": ' + "1" * 5000 + "}"},
                  message=r"^a\.json: not valid JSON: a number too long"))
    c.append(Case("json-huge-index", "aligned", "JSON bead with segment index 10^13",
                  ("terms", "--aligned", "a.json"),
                  {"a.json": '{"beads": [{"source": ["Vein."], "target": ["Vena."], "source_index": [0], '
                             '"target_index": [10000000000000], "score": 1}]}'},
                  message=r"^a\.json: target segment indices are not 0\.\.0 \(missing \[0\]\)"))
    c.append(Case("tsv-aligned-bad", "aligned", "aligned TSV with a non-numeric score",
                  ("terms", "--aligned", "a.tsv"), {"a.tsv": "Vein.\tVena.\t1\nStone.\tBatu.\tlots\n"},
                  message=r"^a\.tsv:2: score is not a number"))
    for cid, fmt, data, where in (
        ("tsv", "tsv", "Vein.\tVena.\t7\n", ":1"),
        ("tsv-nan", "tsv", "Vein.\tVena.\tnan\n", ":1"),
        ("tmx", "tmx", TMX.replace('<tu tuid="1">', '<tu tuid="1"><prop type="x-score">-3</prop>'), ":7"),
        ("json", "json", '{"beads": [{"source": ["Vein."], "target": ["Vena."], "source_index": [0], '
                         '"target_index": [0], "score": 42}]}', r" \[beads\[0\]\]"),
        ("json-nan", "json", '{"beads": [{"source": ["Vein."], "target": ["Vena."], "source_index": [0], '
                             '"target_index": [0], "score": NaN}]}', r" \[beads\[0\]\]"),
    ):
        shown = "nan" if "nan" in data else "out of range"
        c.append(Case(f"score-range-{cid}", "aligned", f"aligned {fmt.upper()} with a score outside [0, 1] ({shown})",
                      ("terms", "--aligned", f"a.{fmt}"), {f"a.{fmt}": data},
                      message=rf"^a\.{fmt}{where}: .*score .*(between 0 and 1|\[0, 1\])"))
    c.append(Case("aligned-unknown", "aligned", "aligned file of unknown format", ("terms", "--aligned", "a.dat"),
                  {"a.dat": "hello\n"}, message=r"^a\.dat: cannot tell the format"))

    # -------- bilingual dictionaries for the aligner (--dictionary)
    for cid, name, content, msg in (
        ("missing", "nope.tsv", None, r"^nope\.tsv: no such file"),
        ("binary", "d.tsv", PNG, r"^d\.tsv:\d+: looks like a binary file"),
        ("no-tab", "d.tsv", "vein\tvena\nstone batu\n", r"^d\.tsv:2: dictionary line has no tab"),
        ("dictd-no-data", "d.index", "vein\tA\tB\n", r"^d\.index: cannot read dictd database"),
    ):
        files: dict[str, bytes | str] = {**pair} if content is None else {**pair, name: content}
        c.append(Case(f"dict-{cid}", "dictionary", f"--dictionary: {cid.replace('-', ' ')}",
                      _align("--dictionary", name, "-o", "out.json"), files, message=msg))
    c.append(Case("batch-bad-line", "dictionary", "--batch list with a one-column line",
                  ("align", "--batch", "list.tsv", "--output-dir", "out"),
                  {**pair, "list.tsv": "en.txt\tid.txt\nen.txt\n", "out/keep.txt": "x"},
                  message=r"^list\.tsv:2: expected source<TAB>target"))

    c.append(Case("batch-long-field", "dictionary", "--batch list with a 140,000-character field",
                  ("align", "--batch", "list.tsv", "--output-dir", "out"),
                  {**pair, "list.tsv": "en.txt\t" + "x" * 140_000 + "\n", "out/keep.txt": "x"},
                  message=r"^list\.tsv:1: a file name longer than 255 bytes"))
    for cid, unit, what in (("dots", "a.", "90 kB of 'a.'"), ("initials", "J. ", "90 kB of 'J. '")):
        c.append(Case(f"slow-{cid}", "degenerate", f"target text of {what} (was quadratic: 18 s / minutes)",
                      _align("--no-lang-check", "-o", "out.json"),
                      {"en.txt": EN, "id.txt": unit * (90_000 // len(unit))},
                      status=0, creates=("out.json",), message="accepted"))

    # -------- outputs: never lose or half-write anything
    c.append(Case("out-exists", "output", "-o names an existing file, no --force", _align("-o", "out.json"),
                  {**pair, "out.json": "precious\n"}, message=r"^out\.json: output file exists; refusing"))
    c.append(Case("out-exists-report", "output", "report -o names an existing file", ("report", "en.txt", "id.txt",
                  "-o", "r.html"), {**pair, "r.html": "precious\n"}, message=r"^r\.html: output file exists"))
    c.append(Case("out-exists-terms", "output", "terms -o names an existing file", ("terms", "en.txt", "id.txt",
                  "-o", "t.tsv"), {**pair, "t.tsv": "precious\n"}, message=r"^t\.tsv: output file exists"))
    c.append(Case("out-exists-check", "output", "check -o names an existing file", ("check", "--lang", "id",
                  "id.txt", "-o", "r.txt"), {"id.txt": ID, "r.txt": "precious\n"},
                  message=r"^r\.txt: output file exists"))
    c.append(Case("out-exists-glossary", "output", "glossary convert -o names an existing file",
                  ("glossary", "convert", "g.tsv", "-o", "g.tbx"), {"g.tsv": GLOSSARY, "g.tbx": "precious\n"},
                  message=r"^g\.tbx: output file exists"))
    c.append(Case("out-no-folder", "output", "-o in a folder that does not exist", _align("-o", "missing/out.json"),
                  pair, message=r"^missing/out\.json: output folder does not exist"))
    c.append(Case("out-is-dir", "output", "-o names a folder", _align("-o", "sub"), {**pair, "sub/keep.txt": "x"},
                  message=r"^sub: is a directory"))
    c.append(Case("out-unwritable", "output", "-o in a folder nobody may write to (/sys)",
                  _align("-o", "/sys/out.json"), pair,
                  message=r"^/sys/out\.json: cannot write here: (permission denied|read-only file system)"))
    c.append(Case("out-disk-full", "output", "the disk fills up while writing -o (file size limit 2 kB)",
                  _align("-o", "out.json"), pair, file_size_limit=2048,
                  message=r"^out\.json: cannot write: file too large; nothing was written"))
    c.append(Case("out-disk-full-force", "output", "disk full while replacing an existing file (--force)",
                  _align("-o", "out.json", "--force"), {**pair, "out.json": "precious\n"}, file_size_limit=2048,
                  message=r"^out\.json: cannot write: file too large; nothing was written"))
    c.append(Case("out-baseline-dir", "output", "--write-baseline names a folder",
                  ("check", "--lang", "id", "id.txt", "--write-baseline", "sub"), {"id.txt": ID, "sub/keep.txt": "x"},
                  message=r"^sub: is a directory"))
    c.append(Case("out-batch-dup", "output", "batch list where two pairs write the same output",
                  ("align", "--batch", "list.tsv", "--output-dir", "out"),
                  {**pair, "list.tsv": "en.txt\tid.txt\tx.json\nen.txt\tid.txt\tx.json\n", "out/keep.txt": "x"},
                  message=r"^list\.tsv:2: output .* is also written"))
    # An input is never an output, whatever --force says; --write-baseline obeys the same rules as -o.
    inp = r"the output is also an input; refusing to write over an input, even with --force"
    for cid, what, argv, files in (
        ("check", "check -o names its own input", ("check", "--fail-on", "never", "c.po", "-o", "c.po", "--force"),
         {"c.po": PO}),
        ("align", "align -o names the source text", _align("-o", "en.txt", "--format", "tsv", "--force"), pair),
        ("glossary", "terms -o names the --glossary file", ("terms", "en.txt", "id.txt", "--glossary", "g.tsv",
                                                            "-o", "g.tsv", "--force"), {**pair, "g.tsv": GLOSSARY}),
        ("baseline", "check -o names the --baseline file", ("check", "--lang", "id", "id.txt", "--baseline",
                                                             "b.json", "-o", "b.json", "--force"),
         {"id.txt": ID, "b.json": '{"version": 1, "findings": []}\n'}),
        ("convert", "glossary convert -o names its input", ("glossary", "convert", "g.tsv", "-o", "g.tsv", "--force"),
         {"g.tsv": GLOSSARY}),
        ("report", "report -o names the target text", ("report", "en.txt", "id.txt", "-o", "id.txt", "--force"),
         pair),
        ("write-baseline", "check --write-baseline names the checked PO",
         ("check", "c.po", "--write-baseline", "c.po", "--force"), {"c.po": PO}),
    ):
        name = argv[argv.index("-o") + 1] if "-o" in argv else "c.po"
        c.append(Case(f"out-is-input-{cid}", "output", what, argv, files, message=rf"^{re.escape(name)}: {inp}"))
    c.append(Case("out-baseline-exists", "output", "--write-baseline names an existing file, no --force",
                  ("check", "--lang", "id", "id.txt", "--write-baseline", "b.json"),
                  {"id.txt": ID, "b.json": "precious\n"}, message=r"^b\.json: output file exists; refusing"))
    c.append(Case("out-baseline-and-o", "output", "--write-baseline with -o (no report is written)",
                  ("check", "--lang", "id", "id.txt", "--write-baseline", "b.json", "-o", "r.txt"), {"id.txt": ID},
                  message=r"--write-baseline writes the baseline instead of a report: -o is not used"))
    # --batch outputs stay inside --output-dir and are compared once resolved, all before any pair runs.
    for cid, what, rows, msg in (
        ("parent", "batch output ../x.json (outside --output-dir)", "en.txt\tid.txt\t../x.json\n",
         r"^list\.tsv:1: output out/\.\./x\.json is outside the output folder out"),
        ("absolute", "batch output with an absolute path", "en.txt\tid.txt\t/tmp/x.json\n",
         r"^list\.tsv:1: output /tmp/x\.json is outside the output folder out"),
        ("normalised-dup", "batch outputs x.json and sub/../x.json (the same file)",
         "en.txt\tid.txt\tx.json\nen.txt\tid.txt\tsub/../x.json\n",
         r"^list\.tsv:2: output out/sub/\.\./x\.json is also written by the pair on line 1 \(as out/x\.json\)"),
    ):
        c.append(Case(f"out-batch-{cid}", "output", what, ("align", "--batch", "list.tsv", "--output-dir", "out"),
                      {**pair, "list.tsv": rows, "out/keep.txt": "x"}, message=msg))
    c.append(Case("out-batch-input", "output", "batch output that is one of the inputs",
                  ("align", "--batch", "list.tsv", "--output-dir", "."),
                  {**pair, "list.tsv": "en.txt\tid.txt\tx.json\nen.txt\tid.txt\tid.txt\n"},
                  message=r"^list\.tsv:2: output id\.txt is the input id\.txt; refusing to write over an input"))
    c.append(Case("out-batch-new-dir", "output", "--output-dir that does not exist yet (created, said on stderr)",
                  ("align", "--batch", "list.tsv", "--output-dir", "new"), {**pair, "list.tsv": "en.txt\tid.txt\n"},
                  status=0, creates=("new/en.json",), message=r"created the output folder new"))
    c.append(Case("baseline-deep", "output", "--baseline file nested 100,000 deep",
                  ("check", "--lang", "id", "id.txt", "--baseline", "b.json"),
                  {"id.txt": ID, "b.json": "[" * 100_000 + "]" * 100_000},
                  message=r"^b\.json: not a baseline file: invalid JSON: .*nested too deeply"))
    c.append(Case("baseline-long-integer", "output", "--baseline file with a 5,000-digit count",
                  ("check", "--lang", "id", "id.txt", "--baseline", "b.json"),
                  {"id.txt": ID, "b.json": '{"version": 1, "findings": [{"fingerprint": "x", "count": '
                                           + "1" * 5000 + "}]}"},
                  message=r"^b\.json: not a baseline file: invalid JSON: a number too long"))
    c.append(Case("baseline-broken", "output", "--baseline file that is not JSON",
                  ("check", "--lang", "id", "id.txt", "--baseline", "b.json"), {"id.txt": ID, "b.json": "{oops"},
                  message=r"^b\.json(:\d+)?: "))
    c.extend(_more_cases(pair))
    return c


def _more_cases(pair: Mapping[str, bytes | str]) -> list[Case]:
    """Kinds of input added with issue 11: inputs with nothing to check, PO grammar errors the prose of
    docs/robustness.md names, terminal escapes in catalogs, glossary terms starting with ``#`` or ``=``."""
    c: list[Case] = []
    # -------- nothing to check: a CI gate must not pass on input it could not read
    for cid, name, content, what, msg in (
        ("tmx-no-lang", "t.tmx", TMX.replace(' xml:lang="en"', "").replace(' xml:lang="id"', ""),
         "TMX whose <tuv>s have no xml:lang", r"no <tu> with a <seg> in a target-language <tuv>"),
        ("tmx-no-tu", "t.tmx", TMX.split("<tu ")[0] + "</body>\n</tmx>\n", "TMX with an empty <body>",
         r"no <tu> with"),
        ("po-empty", "e.po", "", "empty PO file", r"no translated entry"),
        ("po-untranslated", "u.po", 'msgid "Vein"\nmsgstr ""\n', "PO without a translated entry",
         r"no translated entry"),
        ("mo-header-only", "h.mo", mo_bytes([("", "Content-Type: text/plain; charset=UTF-8\n")]),
         "MO holding only its header", r"no translated entry"),
    ):
        group = cid.split("-")[0]
        c.append(Case(f"{cid}-check", group, f"{what} (check)", ("check", name), {name: content},
                      message=rf"^{re.escape(name)}: nothing to check: {msg}.*--allow-empty"))
    c.append(Case("tmx-no-lang-allowed", "tmx", "TMX whose <tuv>s have no xml:lang, check --allow-empty",
                  ("check", "--allow-empty", "t.tmx"),
                  {"t.tmx": TMX.replace(' xml:lang="en"', "").replace(' xml:lang="id"', "")}, status=0,
                  message=r"0 findings .* in 0 units"))

    # -------- PO grammar errors named in docs/robustness.md
    header = 'msgid ""\nmsgstr ""\n'
    for cid, text, where, commands in (
        ("comment-inside", 'msgid "Vein"\n# a comment\nmsgstr "Vena"\n', r":2: .*comment inside the entry",
         ("check", "terms", "glossary")),
        ("plural-without-msgid-plural", 'msgid "Vein"\nmsgstr[0] "Vena"\n', r":2: .*without msgid_plural",
         ("check", "terms", "glossary")),
        ("nplurals-contradicted", header + '"Plural-Forms: nplurals=2; plural=n != 1;\\n"\n\nmsgid "stone"\n'
         'msgid_plural "stones"\nmsgstr[0] "batu"\n', r":5: .*nplurals=2", ("check", "terms", "glossary")),
        ("header-not-name-value", header + '"Language id\\n"\n\nmsgid "Vein"\nmsgstr "Vena"\n',
         r":\d: .*header lines are 'Name: value'", ("check", "terms", "glossary")),
        ("empty-msgid-plural", 'msgid "stone"\nmsgid_plural ""\nmsgstr[0] "batu"\n', r":1: .*empty msgid_plural",
         ("terms", "glossary")),
        ("header-line-break", header + '"Language: i\\rd\\n"\n\nmsgid "Vein"\nmsgstr "Vena"\n',
         r":\d: .*contains a line-break character", ("terms", "glossary")),
        ("nul-byte", 'msgid "Vein\0"\nmsgstr "Vena"\n', r":1: looks like a binary file",
         ("check", "terms", "glossary")),
    ):
        for cmd in commands:
            argv = {"check": ("check", "bad.po"), "terms": ("terms", "--aligned", "bad.po", "-o", "t.tsv"),
                    "glossary": ("glossary", "show", "bad.po")}[cmd]
            c.append(Case(f"po-{cid}-{cmd}", "po", f"PO: {cid.replace('-', ' ')} ({' '.join(argv[:2])})", argv,
                          {"bad.po": text}, message=r"^bad\.po" + where))
    for cid, text in (
        ("header-field-twice", header + '"Language: id\\n"\n"Language: en\\n"\n\nmsgid "Vein"\nmsgstr "Vena"\n'),
        ("header-line-break", header + '"Language: i\\rd\\n"\n\nmsgid "Vein"\nmsgstr "Vena"\n'),
        ("empty-msgid-plural", 'msgid "stone"\nmsgid_plural ""\nmsgstr[0] "batu"\n'),
    ):
        c.append(Case(f"po-{cid}-check", "po", f"PO: {cid.replace('-', ' ')} (check: no polib, nothing rewritten)",
                      ("check", "--fail-on", "never", "h.po"), {"h.po": text}, status=0, message=r"in 1 unit"))
    c.append(Case("enc-po-charset-wrapped", "encoding", "PO whose Content-Type line is wrapped over two strings "
                  "(latin-1 file)", ("check", "-g", "medical", "--fail-on", "never", "w.po"),
                  {"w.po": PO.replace('"Content-Type: text/plain; charset=UTF-8\\n"',
                                      '"Content-Type: text/plain; charset=ISO-88"\n"59-1\\n"')
                   .replace("vena.", "v\xe9na.").encode("latin-1")}, status=0, message=r"\d+ findings? "))
    for codec in ("uu", "hex"):
        c.append(Case(f"enc-not-text-codec-{codec}", "encoding", f"--encoding names a codec that is not a text "
                      f"encoding ({codec})", _align("--encoding", codec), dict(pair),
                      message=rf"^en\.txt: '{codec}' is not a text encoding"))
    c.append(Case("gloss-header-no-target", "glossary", "glossary TSV header without a target column",
                  ("check", "--glossary", "g.tsv", "--lang", "id", "id.txt"),
                  {"g.tsv": "source\tnote\nvein\tblood vessel\n", "id.txt": ID},
                  message=r"^g\.tsv:1: the header has no 'target' column"))

    # -------- terminal escapes in a catalog are shown escaped, never sent raw to the terminal
    c.append(Case("mo-terminal-escape", "mo", "MO msgid with terminal escape sequences, C1 CSI and a bidi override",
                  ("check", "--glossary", "g.tsv", "x.mo"),
                  {"g.tsv": GLOSSARY, "x.mo": mo_bytes([("\x1b]0;owned\x07Phleboliths\x1b[2J\u202e",
                                                          "Flebolith \x1b[31mkecil\u009b")])},
                  status=1, message=r"x\.mo \[\\x1b\]0;owned\\x07Phleboliths\\x1b\[2J\\u202e\]: error forbidden-term"))
    c.append(Case("file-name-escape", "files", "a file name holding an escape sequence",
                  ("check", "--lang", "id", "a\x1b[2J.txt"), {},
                  message=r"^a\\x1b\[2J\.txt: no such file"))

    # -------- glossary terms a spreadsheet or a reader could take for something else
    c.append(Case("gloss-hash-term-convert", "glossary", "glossary PO with a msgid starting with '#', to CSV",
                  ("glossary", "convert", "g.po", "-o", "g.csv"),
                  {"g.po": 'msgid "#include"\nmsgstr "#include"\n\nmsgid "vein"\nmsgstr "vena"\n'}, status=0,
                  creates=("g.csv",), message=r"wrote 2 entries to g\.csv"))
    c.append(Case("gloss-hash-term-read", "glossary", "glossary TSV whose first field is a quoted '#' term",
                  ("glossary", "show", "g.tsv"), {"g.tsv": GLOSSARY_HEADER + '"#include"\t#include\t\t\t\t\t\t\t\n'},
                  status=0, message=r"^#include → #include"))
    c.append(Case("gloss-formula-csv", "glossary", "glossary CSV cell protected against formulas ('=SUM...)",
                  ("glossary", "show", "g.csv"), {"g.csv": "source,target,note\n'=SUM(A1),'=JUMLAH(A1),'@x\n"},
                  status=0, message=r"^=SUM\(A1\) → =JUMLAH\(A1\)"))
    c.append(Case("tbx-zero-width", "tbx", "TBX term with a zero-width space and a decomposed accent",
                  ("glossary", "show", "z.tbx"),
                  {"z.tbx": TBX.replace("<term>flebolit</term>", "<term>fle\u200bboli\u0301t</term>")}, status=0,
                  message=r"^phlebolith → flebolít\n"))
    return c


# Cases that fail today in code the robustness work may not change (termalign/checks/**, the check command and
# its report formats): case id -> the bug. They run as strict xfails in tests/test_robustness_checks.py (so a fix
# turns them into a failure until the entry is removed here) and show as known bugs in the table. The 14 found
# first (MO reading, the checker's PO reader, TMX root and encoding, an empty translation) were fixed in
# termalign/checks.
KNOWN_BUGS: dict[str, str] = {}


def _with_known_bugs(cases: list[Case]) -> list[Case]:
    import dataclasses

    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), ("case ids must be unique", sorted({i for i in ids if ids.count(i) > 1}))
    assert set(KNOWN_BUGS) <= set(ids), set(KNOWN_BUGS) - set(ids)
    return [dataclasses.replace(case, known_bug=KNOWN_BUGS.get(case.id, "")) for case in cases]


CASES: list[Case] = _with_known_bugs(_cases())

# ------------------------------------------------------------------------------------------------ running


@dataclass
class Outcome:
    """What one case did."""

    status: int
    stdout: str
    stderr: str
    created: list[str]
    changed: list[str]

    @property
    def error_line(self) -> str:
        """The first ``termalign: error:`` line without its prefix ('' when there is none)."""
        for line in self.stderr.splitlines():
            if line.startswith("termalign: error: "):
                return line[len("termalign: error: "):]
        for line in self.stdout.splitlines():  # `glossary validate` lists problems as file:line: error: ...
            if ": error: " in line:
                return line
        return ""


def _snapshot(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _file_size_limit(limit: int | None) -> Iterator[None]:
    """Make writes beyond ``limit`` bytes fail with EFBIG (as a full disk would), for this process, briefly."""
    if limit is None:
        yield
        return
    import resource
    import signal

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def run_case(case: Case, folder: Path) -> Outcome:
    """Write the case's files into the empty ``folder``, run its command there, and report what happened."""
    from click.testing import CliRunner

    from termalign.cli import main

    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    before = _snapshot(folder)
    runner = CliRunner()
    with _inside(folder), _file_size_limit(case.file_size_limit), runner.isolation(input=case.stdin) as streams:
        try:
            main(list(case.argv))
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        stdout = streams[0].getvalue().decode("utf-8", "replace")
        stderr = streams[1].getvalue().decode("utf-8", "replace")
    after = _snapshot(folder)
    created = sorted(set(after) - set(before))
    changed = sorted(name for name in before if after.get(name) != before[name])
    return Outcome(status, stdout, stderr, created, changed)


def problems(case: Case, outcome: Outcome) -> list[str]:
    """Every way ``outcome`` breaks the case's promises (empty when it keeps them all)."""
    found = []
    if outcome.status != case.status:
        found.append(f"exit status {outcome.status}, expected {case.status}")
    if "Traceback" in outcome.stderr or "internal error" in outcome.stderr:
        found.append("a traceback or internal error reached the user")
    if outcome.changed:
        found.append(f"existing files changed: {outcome.changed}")
    allowed = set(case.creates) if outcome.status == 0 else set()
    unexpected = [name for name in outcome.created if name not in allowed]
    if unexpected:
        found.append(f"files created: {unexpected}")
    if case.status == 2:
        line = outcome.error_line
        if not line:
            found.append("no 'termalign: error:' line")
        elif case.message and not re.search(case.message, line):
            found.append(f"message {line!r} does not match {case.message!r}")
    elif case.message and case.message != "accepted" and not re.search(case.message, outcome.stderr + outcome.stdout):
        found.append(f"output does not match {case.message!r}")
    return found
