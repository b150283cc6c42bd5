"""Fuzz target: glossary TSV (termalign's glossary format, ``parse_glossary(..., "tsv")``).

Invariants for any bytes: decoding and reading succeed or raise ``InputError``; what is read (leniently)
writes as canonical TSV that reads back strictly without an error and writes byte-identical.
"""

from __future__ import annotations

import sys

from termalign.errors import InputError
from termalign.glossary import parse_glossary, write_glossary
from termalign.textio import decode
from tests.fuzz.common import main

TOKENS = [b"source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n", b"\t", b"\n",
          b"|", b'"', b"#", b"case-sensitive", b"do-not-translate", b",", b"noun", b"\r\n", b"\xef\xbb\xbf",
          b"\xc2\xa0", b"\xe2\x80\x8b", "é".encode(), "e\u0301".encode(), b"\x00", b"\\t", b"\\n"]


def target(data: bytes) -> None:
    try:
        text = decode(data, name="<fuzz>")
        glossary = parse_glossary(text, "tsv", name="<fuzz>", strict=False)
    except InputError:
        return
    written = write_glossary(glossary, "tsv")
    again = parse_glossary(written, "tsv", name="<written>")  # strict: our own output has no error
    assert write_glossary(again, "tsv") == written


if __name__ == "__main__":
    sys.exit(main("glossary_tsv", target, TOKENS))
