"""Fuzz target: glossary CSV (``parse_glossary(..., "csv")``: comma or semicolon, quoted fields, header).

Invariants for any bytes: decoding and reading succeed or raise ``InputError``; what is read (leniently)
writes as canonical CSV (or is refused with ``InputError`` when a quoted field holds a tab or line break,
which a glossary table cannot hold) that reads back strictly without an error and writes byte-identical.
"""

from __future__ import annotations

import sys

from termalign.errors import InputError
from termalign.glossary import parse_glossary, write_glossary
from termalign.textio import decode
from tests.fuzz.common import main

TOKENS = [b"source,target,source_variants,target_variants,forbidden,pos,domain,note,flags\n", b"source;target\n",
          b",", b";", b"\t", b"\n", b"\r\n", b'"', b'""', b'","', b"|", b"#", b"case-sensitive", b"do-not-translate",
          b"noun", b"\xef\xbb\xbf", b"\xc2\xa0", b"\xe2\x80\x8b", "é".encode(), "e\u0301".encode(), b"\x00",
          b"\\", b"x" * 300]


def target(data: bytes) -> None:
    try:
        text = decode(data, name="<fuzz>")
        glossary = parse_glossary(text, "csv", name="<fuzz>", strict=False)
    except InputError:
        return
    try:
        written = write_glossary(glossary, "csv")
    except InputError:
        return  # a quoted field holding a tab or line break: read, but refused on writing (nothing written)
    again = parse_glossary(written, "csv", name="<written>")  # strict: our own output has no error
    assert write_glossary(again, "csv") == written


if __name__ == "__main__":
    sys.exit(main("glossary_csv", target, TOKENS))
