"""Fuzz target: compiled gettext catalogs (``termalign.checks.catalogs.iter_mo_entries``, what ``check x.mo`` reads).

Invariants for any bytes: reading succeeds or raises ``InputError`` (wrong magic, cut short, offsets past the
end, a header charset that is unknown or not a text encoding, undecodable strings); every string read is text
(no lone surrogate); the entries read, compiled again as a UTF-8 MO file, read back the same.
"""

from __future__ import annotations

import struct
import sys

from termalign.checks.catalogs import PoEntry, iter_mo_entries
from termalign.errors import InputError
from tests.fuzz.common import main

TOKENS = [b"\xde\x12\x04\x95", b"\x95\x04\x12\xde", b"\x00", b"\x04", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00",
          b"\x01\x00\x00\x00", b"\x1c\x00\x00\x00", b"charset=UTF-8", b"charset=ISO-8859-1", b"charset=UTF-7",
          b"charset=hex", b"charset=undefined", b"Content-Type: text/plain; ", b"\n", b"+2AA-", "é".encode()]


def key(entry: PoEntry) -> tuple[object, ...]:
    return entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))


def compile_mo(entries: list[PoEntry], charset: str = "UTF-8") -> bytes:
    """A little-endian MO file holding ``entries`` (in the given order, after a header naming ``charset``),
    its strings written in UTF-8."""
    pairs = [(b"", f"Content-Type: text/plain; charset={charset}\n".encode())]
    for e in entries:
        original = (e.msgctxt.encode() + b"\x04" if e.msgctxt is not None else b"") + e.msgid.encode()
        if e.msgid_plural is not None:
            original += b"\x00" + e.msgid_plural.encode()
            translated = b"\x00".join(e.msgstr_plural[i].encode() for i in sorted(e.msgstr_plural))
        else:
            translated = e.msgstr.encode()
        pairs.append((original, translated))
    count = len(pairs)
    at = 28 + 16 * count
    originals: list[int] = []
    translations: list[int] = []
    for table, index in ((originals, 0), (translations, 1)):
        for pair in pairs:
            table += [len(pair[index]), at]
            at += len(pair[index]) + 1
    return (struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
            + struct.pack(f"<{4 * count}I", *originals, *translations)
            + b"".join(p[0] + b"\x00" for p in pairs) + b"".join(p[1] + b"\x00" for p in pairs))


def target(data: bytes) -> None:
    try:
        entries = list(iter_mo_entries(data, "<fuzz>"))
    except InputError:
        return
    for entry in entries:
        for text in (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr,
                     *entry.msgstr_plural.values()):
            text.encode("utf-8")  # UnicodeEncodeError on a lone surrogate
    # A string holding NUL or EOT cannot be compiled back as it was read; everything else must round-trip.
    if any("\x00" in (e.msgctxt or "") or "\x04" in e.msgid or "\x00" in e.msgid for e in entries):
        return
    again = list(iter_mo_entries(compile_mo(entries), "<compiled>"))
    assert [key(e) for e in again] == [key(e) for e in entries], (entries, again)


if __name__ == "__main__":
    sys.exit(main("mo", target, TOKENS))
