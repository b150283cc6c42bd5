"""Fuzz target: TBX glossaries (``termalign.glossary.parse_glossary`` with the TBX reader).

Invariants for any bytes: reading succeeds or raises ``InputError`` (entity attacks included); a glossary
read from TBX that TBX can hold whole (``lost_in_format`` is empty) writes as TBX and reads back with the
same entries.
"""

from __future__ import annotations

import dataclasses
import sys

from termalign.errors import InputError
from termalign.glossary import lost_in_format, parse_glossary, write_glossary
from termalign.model import Glossary, GlossaryEntry
from tests.fuzz.common import main

TOKENS = [b"<conceptEntry>", b"</conceptEntry>", b"<termEntry>", b'<langSec xml:lang="id">', b"</langSec>",
          b'<langSet xml:lang="en">', b"<termSec><term>", b"</term></termSec>", b"<tig><term>", b"</term></tig>",
          b'<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>',
          b'<termNote type="partOfSpeech">', b'<descrip type="subjectField">', b"</descrip>", b"<note>", b"</note>",
          b"termalign flags: do-not-translate", b"|", b"&amp;", b"<!ENTITY a 'b'>", b"&a;", b"<![CDATA[", b"]]>",
          b"\xef\xbb\xbf", b"\x00", b'xml:lang="in"', b"<hi>", b"</hi>"]


def target(data: bytes) -> None:
    try:
        glossary = parse_glossary(data, "tbx", name="<fuzz>", strict=False)
    except InputError:
        return
    if not glossary.entries or lost_in_format(glossary, "tbx"):
        return
    again = parse_glossary(write_glossary(glossary, "tbx"), "tbx", name="<written>", strict=False)
    assert plain(again) == plain(glossary), (glossary.entries, again.entries)


def plain(glossary: Glossary) -> list[GlossaryEntry]:
    """The entries without their origin (file and line differ between the two files by design)."""
    return [dataclasses.replace(entry, origin=None) for entry in glossary.entries]


if __name__ == "__main__":
    sys.exit(main("tbx", target, TOKENS))
