"""Bad inputs that once escaped as an internal error (issue 11): each must be an :class:`InputError` naming the file.

Codecs that are not text encodings, lone surrogates and NUL characters in decoded text, endless devices,
deeply nested XML and JSON, huge JSON integers and over-long batch-list fields. The CLI side of each is in
``tools/robustness_cases.py``; the pathological-regex inputs are in ``tests/test_regex_linear.py``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from termalign.checks.baseline import Baseline
from termalign.checks.catalogs import iter_mo_entries
from termalign.checks.inputs import PoInput, TmxInput
from termalign.cli.align_cmd import read_batch_list
from termalign.errors import InputError
from termalign.formats.json_ import from_json
from termalign.formats.po import decode_po, load_catalog
from termalign.formats.tmx import dump_tmx, read_tmx, seg_text, tmx_to_alignment
from termalign.glossary import parse_glossary
from termalign.textio import decode, read_bytes, read_text, text_codec

NOT_TEXT = ["undefined", "punycode", "idna", "unicode_escape", "raw_unicode_escape", "rot13", "hex", "base64",
            "zlib", "uu", "bz2", "quopri"]


@pytest.mark.parametrize("codec", NOT_TEXT)
def test_codec_that_is_not_a_text_encoding_is_refused_by_name(codec: str) -> None:
    with pytest.raises(InputError, match=f"'{codec}' is not a text encoding") as info:
        decode(b"Vena itu kecil.\n", name="id.txt", encoding=codec)
    assert info.value.file == "id.txt"


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "latin-1", "utf-16", "utf-7", "iso-8859-15", "gb18030"])
def test_text_encodings_pass(codec: str) -> None:
    assert text_codec(codec)


@pytest.mark.parametrize("codec", ["undefined", "punycode", "unicode_escape"])
def test_po_header_charset_that_is_not_a_text_encoding(codec: str) -> None:
    data = (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={codec}\\n"\n\n'
            'msgid "a vein"\nmsgstr "vena"\n').encode()
    with pytest.raises(InputError, match="not a text encoding"):
        load_catalog("x.po", text=decode_po(data, "x.po"))


def _mo(header: bytes, original: bytes, translated: bytes) -> bytes:
    """A little-endian MO catalog with a header entry and one message."""
    keys, values = [b"", original], [header, translated]
    head = 28 + 16 * 2
    ids = b"".join(k + b"\0" for k in keys)
    table: list[int] = []
    at = head
    for k in keys:
        table += [len(k), at]
        at += len(k) + 1
    vtable: list[int] = []
    for v in values:
        vtable += [len(v), at]
        at += len(v) + 1
    return (struct.pack("<7I", 0x950412DE, 0, 2, 28, 28 + 16, 0, 0) + struct.pack("<4I", *table)
            + struct.pack("<4I", *vtable) + ids + b"".join(v + b"\0" for v in values))


@pytest.mark.parametrize("codec", ["undefined", "punycode", "hex"])
def test_mo_header_charset_that_is_not_a_text_encoding(codec: str) -> None:
    data = _mo(b"Content-Type: text/plain; charset=" + codec.encode() + b"\n", b"a vein", b"vena")
    with pytest.raises(InputError, match="not a text encoding"):
        list(iter_mo_entries(data, "x.mo"))


def test_mo_lone_surrogate_from_utf7() -> None:
    data = _mo(b"Content-Type: text/plain; charset=UTF-7\n", b"a vein", b"vena +2AA-")
    with pytest.raises(InputError, match="lone surrogate"):
        list(iter_mo_entries(data, "x.mo"))


def test_mo_is_still_read_through_read_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.mo"
    path.write_bytes(_mo(b"Content-Type: text/plain; charset=UTF-8\n", b"a vein", b"vena"))
    assert [e.msgstr for e in iter_mo_entries(read_bytes(path, binary=True), "x.mo")] == ["vena"]


@pytest.mark.parametrize("codec", ["utf-7"])
def test_lone_surrogate_names_file_line_and_column(codec: str) -> None:
    with pytest.raises(InputError, match=r"lone surrogate U\+D800 at character 6") as info:
        decode(b"Satu.\nVena +2AA- itu.\n", name="id.txt", encoding=codec)
    assert (info.value.file, info.value.line) == ("id.txt", 2)


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "utf-16-le", None])
def test_nul_is_refused_whatever_the_encoding(encoding: str | None) -> None:
    text = "Satu.\nVena\x00 itu.\n"
    data = text.encode(encoding or "utf-16")  # None: UTF-16 with its BOM, read without --encoding
    with pytest.raises(InputError, match="NUL") as info:
        decode(data, name="id.txt", encoding=encoding)
    assert (info.value.file, info.value.line) == ("id.txt", 2)


def test_zero_device_is_refused_early() -> None:
    with pytest.raises(InputError, match="binary") as info:
        read_text("/dev/zero")
    assert info.value.file == "/dev/zero"


def test_utf32_text_with_long_zero_runs_is_read(tmp_path: Path) -> None:
    # "a" then U+20000 in UTF-32-LE: five NUL bytes in a row, still text
    text = "a\U00020000\u0100\U00020000 vena\n" * 3
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode("utf-32"))
    assert read_text(path) == text


def _tmx(seg: str) -> bytes:
    return ('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
            f'<seg>{seg}</seg></tuv><tuv xml:lang="id"><seg>vena</seg></tuv></tu></body></tmx>').encode()


def test_tmx_nested_5000_deep_reads_dumps_and_checks(tmp_path: Path) -> None:
    document = read_tmx(_tmx("<hi>" * 5000 + "vein" + "</hi>" * 5000), name="deep.tmx")
    assert [s.text for s in tmx_to_alignment(document).source] == ["vein"]
    dumped = dump_tmx(document)
    assert dump_tmx(read_tmx(dumped.encode(), name="again.tmx")) == dumped
    path = tmp_path / "deep.tmx"
    path.write_bytes(_tmx("<hi>" * 5000 + "vein" + "</hi>" * 5000))
    assert [u.text for u in TmxInput(str(path)).units()] == ["vena"]


def test_tmx_deep_structure_dump_stays_linear() -> None:
    data = ('<tmx version="1.4"><header srclang="en"/><body>' + "<tu>" * 5000 + "</tu>" * 5000
            + "</body></tmx>").encode()
    dumped = dump_tmx(read_tmx(data, name="deep.tmx"))
    assert len(dumped) < 50 * len(data)


@pytest.mark.timeout(20)
def test_tmx_nested_subflows_in_codes_are_read_once() -> None:
    # 30 nested <bpt><sub>: reading every descendant <sub> of each code took 2**30 steps
    seg = "a " + '<bpt i="1">x<sub>s' * 30 + "</sub></bpt>" * 30 + " b"
    text = seg_text(read_tmx(_tmx(seg), name="x.tmx").root.find(".//seg"))  # type: ignore[arg-type]
    assert text == "a " + "s" * 30 + " b"


def test_tbx_nested_5000_deep() -> None:
    data = ('<tbx><text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>' + "<hi>" * 5000
            + "vein" + "</hi>" * 5000 + '</term></termSec></langSec><langSec xml:lang="id"><termSec><term>vena'
            "</term></termSec></langSec></conceptEntry></body></text></tbx>").encode()
    glossary = parse_glossary(data, "tbx", name="deep.tbx")
    assert [(e.source, e.target) for e in glossary.entries] == [("vein", "vena")]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"version": 1, "findings": [{"fingerprint": "x", "count": ' + "1" * 5000 + "}]}"])
def test_json_nested_too_deep_or_huge_integer(text: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not valid JSON: (arrays or objects nested|a number too long)") as info:
        from_json(text, name="a.json")
    assert info.value.file == "a.json"
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(InputError, match="not a baseline file") as info:
        Baseline.load(str(path))
    assert info.value.file == str(path)


def test_json_bad_evidence_weight_and_huge_index() -> None:
    bead = '{"source": ["a"], "target": ["b"], "source_index": [0], "target_index": [%s], "score": 1%s}'
    with pytest.raises(InputError, match="weight"):
        from_json('{"beads": [%s]}' % (bead % ("0", ', "evidence": [{"kind": "n", "weight": "heavy"}]')))
    with pytest.raises(InputError, match="missing"):
        from_json('{"beads": [%s]}' % (bead % ("10000000000000", "")))


@pytest.mark.parametrize("line", ["en.txt\t" + "x" * 140_000, "en.txt\tid.txt\t" + "y" * 140_000 + ".json"])
def test_batch_list_field_over_the_csv_limit(line: str, tmp_path: Path) -> None:
    listing = tmp_path / "list.tsv"
    listing.write_text(line + "\n")
    with pytest.raises(InputError, match="a file name longer than 255 bytes") as info:
        read_batch_list(str(listing), tmp_path, "json", "en")
    assert (info.value.file, info.value.line) == (str(listing), 1)


@pytest.mark.timeout(60)
def test_zero_device_named_as_a_po_file_for_the_checker(tmp_path: Path) -> None:
    link = tmp_path / "z.po"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="binary") as info:
        list(PoInput(str(link)).units())
    assert info.value.file == str(link)
