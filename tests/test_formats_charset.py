"""One charset sniffer (termalign.formats.charset) for every reader of PO catalogs: the checks' streaming PO
input decodes a catalog exactly as the PO reader of align/terms does."""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.checks.inputs import PoInput
from termalign.formats.charset import declared_charset, header_charset
from termalign.formats.po import decode_po

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
ENTRY = 'msgid "Kidney stone"\nmsgstr "Batu ginjal kecil — dilihat"\n'


@pytest.mark.parametrize(("text", "expected"), [
    (HEADER.format(charset="UTF-8"), "utf-8"),
    (HEADER.format(charset="utf8"), "utf-8"),
    (HEADER.format(charset="CHARSET"), "utf-8"),
    (HEADER.format(charset="ISO-8859-1"), "ISO-8859-1"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; "\n"charset=cp1252\\n"\n', "cp1252"),  # wrapped line
    ("# no header at all\n", "utf-8"),
])
def test_declared_charset(text: str, expected: str) -> None:
    assert declared_charset(text) == expected


def test_a_charset_named_in_a_comment_is_not_the_header(tmp_path: Path) -> None:
    """A translator comment mentioning ``charset=cp1252`` above a UTF-8 header: every reader decodes UTF-8.

    The checks used to take the first ``charset=`` anywhere in the file, and read this catalog as cp1252
    (mojibake in every finding) while ``termalign align``/``terms`` read it as UTF-8.
    """
    text = "# converted from charset=cp1252 by an old tool\n" + HEADER.format(charset="UTF-8") + ENTRY
    path = tmp_path / "id.po"
    path.write_bytes(text.encode("utf-8"))
    assert header_charset(path.read_bytes()) is None
    units = list(PoInput(str(path)).units())
    assert [unit.text for unit in units] == ["Batu ginjal kecil — dilihat"]
    assert "Batu ginjal kecil — dilihat" in decode_po(path.read_bytes(), "id.po")


def test_a_declared_legacy_charset_is_used_by_the_checks(tmp_path: Path) -> None:
    text = HEADER.format(charset="ISO-8859-1") + 'msgid "Phlebolith"\nmsgstr "flebolit café"\n'
    path = tmp_path / "legacy.po"
    path.write_bytes(text.encode("iso-8859-1"))
    assert header_charset(path.read_bytes()) == "ISO-8859-1"
    assert [unit.text for unit in PoInput(str(path)).units()] == ["flebolit café"]
