"""Fuzz target: PO catalogs (``termalign.formats.po.load_catalog`` and what is built on it).

Invariants for any bytes: decoding and parsing either succeed or raise ``InputError``; an accepted catalog
converts to an alignment with scores in [0, 1]; written back (``catalog_bytes``) it passes the same strict
check and reads back with the same entries (context, msgid, plural, translations, flags, obsolete state).
"""

from __future__ import annotations

import sys

from termalign.errors import InputError
from termalign.formats.aligned import po_to_alignment
from termalign.formats.po import catalog_bytes, decode_po, load_catalog
from tests.fuzz.common import main

TOKENS = [b'msgid "', b'msgstr "', b'msgctxt "', b'msgid_plural "', b"msgstr[0] ", b"msgstr[1] ", b"msgstr[2] ",
          b'"\n', b'"', b"\\", b"\\n", b"\\x4", b"\\777", b"#~ ", b"#, fuzzy\n", b"#| msgid ", b"# c\n", b"\n\n",
          b"\r\n", b"\xef\xbb\xbf", b"charset=ISO-8859-1", b"charset=UTF-16", b"nplurals=2;", b"Plural-Forms: ",
          b"\xff\xfe", b"\x00", "é".encode()]


def entries(catalog: object) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Live entries in file order, and obsolete ones as a sorted list (polib writes those last, as msgmerge)."""
    rows = [(e.msgctxt or "", e.msgid, e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())),
             tuple(e.flags), e.obsolete) for e in catalog]  # type: ignore[attr-defined]
    return [r for r in rows if not r[-1]], sorted(r for r in rows if r[-1])


def target(data: bytes) -> None:
    try:
        catalog = load_catalog("<fuzz>", text=decode_po(data, "<fuzz>"))
    except InputError:
        return
    alignment = po_to_alignment(catalog)
    assert all(0.0 <= bead.score <= 1.0 for bead in alignment.beads)
    try:
        written = catalog_bytes(catalog, name="<fuzz>")
    except InputError:
        return  # a charset that cannot hold the text: refused, nothing written
    again = load_catalog("<fuzz>", text=decode_po(written, "<fuzz>"))
    assert entries(again) == entries(catalog), (entries(catalog), entries(again))


if __name__ == "__main__":
    sys.exit(main("po", target, TOKENS))
