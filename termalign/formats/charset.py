"""The one place that reads which character set a catalog declares: the ``charset=`` of a PO/MO header.

Every reader of gettext catalogs asks here (the PO reader and writer, the streaming PO input of the checks), so
a catalog is decoded the same way wherever it is read and written back in the charset it was read with. A byte
order mark is found by :func:`termalign.textio.decode`, and an XML file's declared encoding by the XML parser.
"""

from __future__ import annotations

import codecs
import re

# The charset of the Content-Type header, also when a long header line was wrapped over several strings.
# (Anchored at a string line: "Content-Type: ..." quoted in a comment or a msgid does not count.)
_STRING_BREAK = r'"[ \t]*\r?\n[ \t]*"'  # one string ends, the next continues it
_CHARSET = re.compile(
    r'^[ \t]*(?:msgstr[ \t]+)?"?Content-Type:(?:[^"\n\\]|\\[^n]|' + _STRING_BREAK + r")*?charset="
    r"((?:[A-Za-z0-9_.:-]|" + _STRING_BREAK + r")+)",
    re.IGNORECASE | re.MULTILINE,
)
_CONTINUATION = re.compile(_STRING_BREAK)
#: How far into a file the header is looked for.
HEAD_BYTES = 8192


def declared_charset(text: str) -> str:
    """The charset a PO header declares (``utf-8`` when none, or the ``CHARSET`` placeholder of a template).

    ``text`` is the start of a PO file, or a header's ``Content-Type: ...`` line. UTF-8 under any of its names
    (``utf8``, ``UTF``, ``U8``) is ``utf-8``; another name is returned as written (an unknown one too: the
    decoder reports it).
    """
    match = _CHARSET.search(text[:HEAD_BYTES])
    charset = _CONTINUATION.sub("", match.group(1)).rstrip('"') if match else ""
    if not charset or charset.lower() == "charset":
        return "utf-8"
    try:
        if codecs.lookup(charset).name == "utf-8":  # utf8, UTF, U8...: one codec, one name
            return "utf-8"
    except LookupError:
        pass
    return charset


def header_charset(data: bytes) -> str | None:
    """The charset to decode PO bytes with, from the header in their first :data:`HEAD_BYTES`; ``None`` when that
    is UTF-8 (the default), so a byte order mark still decides."""
    declared = declared_charset(data[:HEAD_BYTES].decode("ascii", "replace"))
    return None if declared == "utf-8" else declared
