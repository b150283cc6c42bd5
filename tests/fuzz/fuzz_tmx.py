"""Fuzz target: TMX translation memories (``termalign.formats.tmx.read_tmx`` and ``tmx_to_alignment``).

Invariants for any bytes: reading succeeds or raises ``InputError`` (entity attacks included); an accepted
file converts to an alignment with scores in [0, 1] or is refused with ``InputError``; ``dump_tmx`` output
reads back and dumps byte-identical (TMX → TMX is lossless and stable), giving the same alignment texts.
"""

from __future__ import annotations

import sys

from termalign.errors import InputError
from termalign.formats.tmx import dump_tmx, read_tmx, tmx_to_alignment
from tests.fuzz.common import main

TOKENS = [b"<tu>", b"</tu>", b'<tuv xml:lang="id">', b"<seg>", b"</seg>", b"<bpt i=\"1\">", b"</bpt>", b"<ph/>",
          b'<prop type="x-score">', b"</prop>", b"<note>", b"&amp;", b"&lt;", b"&#0;", b"&#x10FFFF;", b"<![CDATA[",
          b"]]>", b"<!ENTITY a 'b'>", b"<!DOCTYPE tmx [", b"]>", b"&a;", b'xmlns:x="urn:x"', b"<x:y/>", b"<?pi x?>",
          b"<!-- c -->", b'encoding="UTF-16"', b"\xef\xbb\xbf", b"\x00", b'<tu tuid="', b'srclang="*all*"']


def texts(document: object) -> tuple[list[str], list[str]] | None:
    try:
        alignment = tmx_to_alignment(document)  # type: ignore[arg-type]
    except InputError:
        return None
    assert all(0.0 <= bead.score <= 1.0 for bead in alignment.beads)
    return [s.text for s in alignment.source], [s.text for s in alignment.target]


def target(data: bytes) -> None:
    try:
        document = read_tmx(data, name="<fuzz>")
    except InputError:
        return
    before = texts(document)
    dumped = dump_tmx(document)
    again = read_tmx(dumped.encode("utf-8"), name="<dumped>")
    assert dump_tmx(again) == dumped
    assert texts(again) == before


if __name__ == "__main__":
    sys.exit(main("tmx", target, TOKENS))
