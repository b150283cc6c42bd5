"""termalign's one PO grammar: a streaming tokenizer that serves both the strict check and the fast reader.

polib (which termalign uses to read and rewrite catalogs) is forgiving in ways that lose data: an
unterminated string loses its last character, an unknown escape such as ``\\q`` is kept as two characters,
a second definition of the same ``msgid`` is kept twice (``msgfmt`` rejects the file), ``msgstr[2]`` after
``msgstr[0]`` is accepted, a trailing flag line is dropped. :func:`iter_raw_entries` follows GNU gettext's
grammar line by line and raises :class:`~termalign.errors.InputError` naming the file and line of the first
problem, what is wrong and what to do. It keeps one entry in memory at a time plus what it needs to find
duplicates, so it reads a catalog of any size, and it is the checker's hot path (100,000+ entries): one loop
with local variables, no regular expression on the common line shapes, unescaping only when a string holds a
backslash.

Both modes reject (each with ``file:line``): a keyword not followed by one quoted string, an unterminated
string, text after the closing quote, an invalid escape sequence, a string continuation with no keyword before
it, a comment inside an entry, ``msgctxt``/``msgid`` where an entry is incomplete, an entry without ``msgstr``,
``msgid_plural`` without plural ``msgstr[N]`` (or the reverse), plural forms not numbered 0, 1, 2... , a number
of plural forms that contradicts the header's ``Plural-Forms: nplurals=N``, a header line that is not ``Name:
value``, and a second definition of the same message (same ``msgctxt`` and ``msgid``). Obsolete (``#~``)
entries are checked for string syntax and structure but may repeat live ones, as ``msgmerge`` writes them.

``strict=True`` is the check run before polib parses a catalog (:func:`check_po_text`, used by
:func:`termalign.formats.po.load_catalog`); it gives strings as written (still escaped, as polib and the
check's :class:`PoStats` keys compare them) and, because polib would lose or corrupt data there, also
rejects: an empty ``msgid_plural``, a ``#| "..."`` continuation with no ``#| msgid`` line before it (and an
invalid string in a ``#|`` line), a comment in an obsolete entry (``#~ #``), and a header field holding a
line-break character. Duplicates are compared as written and reported with the first definition's line. It
reads a byte order mark at the start of the text. ``strict=False`` (the checker's reader,
:mod:`termalign.checks.catalogs`, and :func:`termalign.formats.po.load_catalog` for the values polib gets
wrong) gives decoded strings, keeps the comments of obsolete entries, and finds duplicates with 128-bit hashes
of the decoded keys so memory stays small however big the catalog. The modes also word a few messages
differently and, where one line has two problems, may report the other one first
(``tests/test_formats_po_syntax.py`` pins these differences).

Escapes follow GNU gettext's PO lexer, which is what ``msgfmt`` compiles: ``\\n \\t \\r \\a \\b \\f \\v \\\\
\\"``, octal ``\\NNN`` (one to three digits) and hex ``\\xN...`` (every hex digit that follows) giving one byte
of the catalog's charset. Anything else after a backslash (``\\'``, ``\\?``, ``\\e``...) is an error, as it is to
``msgfmt``, and so is an escape giving a NUL byte (gettext would cut the string there).
"""

from __future__ import annotations

import re
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from termalign.errors import InputError

HINT = "check the file with msgfmt -c"

#: The escapes GNU gettext's PO lexer knows (po-lex.c): ``\\'`` and ``\\?`` (valid in C) are errors to msgfmt.
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"',
}
#: One escape sequence: octal (one to three digits) or hex (every hex digit that follows, as gettext reads it)
#: giving one byte, or a single character (validated separately).
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))", re.DOTALL)
#: A complete quoted string with nothing but white space after it.
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$', re.DOTALL)
_KEYWORD_LINE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_HEADER_LINE = re.compile(r"^[A-Za-z0-9][\w.-]*\s*:")
_KEYWORDS = {"msgctxt": 1, "msgid": 2, "msgid_plural": 3, "msgstr": 4}
_MASK = (1 << 64) - 1


class KeySet:
    """A set of 128-bit keys, each given as two 64-bit halves, in two flat arrays (open addressing, linear
    probing): 16 bytes a slot at most 70% full, about 24 bytes a key, where a Python ``set`` of 128-bit ints takes
    about 95 (a 44-byte int object plus the set's slots). The reader keeps one key per entry to catch duplicate
    definitions, so on a 164,000-entry catalog this is 4 MiB instead of 15.

    The all-zero first half marks an empty slot, so a zero first half is stored as 1 (one value in 2⁶⁴).
    """

    __slots__ = ("_first", "_mask", "_second", "_size")

    def __init__(self) -> None:
        self._first = array("Q", bytes(8 * 1024))
        self._second = array("Q", bytes(8 * 1024))
        self._mask = 1023
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, first: int, second: int) -> bool:
        """Add the key ``(first, second)`` (any ints, reduced to 64 bits); False when it was there already."""
        first = (first & _MASK) or 1
        second &= _MASK
        firsts, seconds, mask = self._first, self._second, self._mask
        slot = first & mask
        while True:
            there = firsts[slot]
            if not there:
                break
            if there == first and seconds[slot] == second:
                return False
            slot = (slot + 1) & mask
        firsts[slot] = first
        seconds[slot] = second
        self._size += 1
        if self._size * 10 > (mask + 1) * 7:
            self._grow()
        return True

    def _grow(self) -> None:
        old = zip(self._first, self._second, strict=True)
        size = 2 * (self._mask + 1)
        self._first, self._second = array("Q", bytes(8 * size)), array("Q", bytes(8 * size))
        self._mask, self._size = size - 1, 0
        for first, second in old:
            if first:
                self.add(first, second)

# Entry states.
_START, _CTXT, _ID, _PLURAL, _STR, _STRS = 0, 1, 2, 3, 4, 5

#: One entry as :func:`iter_raw_entries` yields it (a plain tuple, cheap to make): ``(msgctxt, msgid,
#: msgid_plural, msgstrs, msgstr_lines, tcomment, flags, linenum, line, obsolete, comment)``.
RawEntry = tuple[
    "str | None", str, "str | None", list[str], dict[int, int], str, list[str], int, int, bool, str
]


@dataclass
class PoStats:
    """What a strictly checked catalog holds (used to verify that a parser kept every entry)."""

    entries: int = 0  # live entries, the header excluded
    obsolete: int = 0
    header: bool = False
    plural_entries: int = 0
    nplurals: int | None = None
    keys: list[tuple[str | None, str]] = field(default_factory=list)  # raw (escaped) keys in file order


def unescape(body: str, charset: str = "utf-8") -> str:
    """A PO string body with its escape sequences decoded as GNU gettext decodes them (the body must have been
    validated): octal and hex escapes are bytes in the catalog's ``charset`` (one character per byte, as
    Latin-1, where they do not decode in it)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    pending = bytearray()
    last = 0
    for m in _ESCAPE.finditer(body):
        if m.start() > last:
            if pending:
                out.append(_bytes_text(pending, charset))
                pending = bytearray()
            out.append(body[last : m.start()])
        octal, hexa, char = m.groups()
        if octal is not None:
            pending.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            pending.append(int(hexa, 16) & 0xFF)
        else:
            if pending:
                out.append(_bytes_text(pending, charset))
                pending = bytearray()
            out.append(_SIMPLE_ESCAPES[char])
        last = m.end()
    if pending:
        out.append(_bytes_text(pending, charset))
    out.append(body[last:])
    return "".join(out)


def _bytes_text(data: bytearray, charset: str = "utf-8") -> str:
    """Bytes written as octal/hex escapes, in the catalog's charset, else one character per byte."""
    try:
        return bytes(data).decode(charset)
    except (UnicodeDecodeError, LookupError):
        return bytes(data).decode("latin-1")


def closing_quote(text: str) -> int | None:
    """Index of the quote that closes the string starting at ``text[0]``, or None when it is never closed."""
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return None


class _Syntax:
    """The rare and slow parts of the grammar (errors, escapes, the header, duplicates), for either mode.

    The loop in :func:`_entries` calls these only off its fast path, so what differs between the strict
    check and the reader lives here, behind ``strict``, at no cost to the reader.
    """

    def __init__(self, name: str, *, strict: bool = False, keep_keys: bool = False, charset: str = "utf-8") -> None:
        self.name = name
        self.charset = charset
        self.strict = strict
        self.keep_keys = keep_keys
        self.stats = PoStats()
        self.seen = KeySet()  # reader: 128-bit hashes of decoded keys
        self.first: dict[tuple[str | None, str], int] = {}  # strict: raw key -> its msgid line
        self.nplurals: int | None = None
        self.plural_lines: list[tuple[int, int]] = []  # (line, forms) of plural entries before the header said N
        self.previous_at = 0  # strict: line of the "#| msgid" that a "#| "..."" continuation may follow, or 0

    def fail(self, line: int, message: str, hint: str | None = HINT) -> InputError:
        return InputError(f"not a valid PO file: {message}", file=self.name, line=line, hint=hint)

    # -------------------------------------------------------------------------------------------- strings

    def body(self, number: int, text: str, head: str = "") -> str:
        """The body of the quoted string ``text`` (stripped) on line ``number``, still escaped, once valid."""
        if not text:
            raise self.fail(number, f"{head} without a string (write {head} \"\" for an empty one)")
        m = _STRING.match(text)
        if m is None:
            closing = closing_quote(text) if self.strict or text.startswith('"') else None
            if closing is None:
                raise self.fail(number, "unterminated string (no closing double quote)",
                                'end the string with " (a quote inside a string is written \\")')
            raise self.fail(number, f"text after the closing quote: {text[closing + 1:].strip()[:30]!r}",
                            'write a quote inside a string as \\", and continue a string on the next line')
        body = m.group(1)
        if "\\" in body:
            for esc in _ESCAPE.finditer(body):
                char = esc.group(3)
                if char is not None and char not in _SIMPLE_ESCAPES:
                    if char == "x":
                        raise self.fail(number, "\\x without hexadecimal digits in a string")
                    raise self.fail(number, f"invalid escape sequence \\{char} in a string",
                                    "valid escapes: \\n \\t \\\" \\\\ \\r \\a \\b \\f \\v, octal \\NNN, "
                                    "hex \\xNN; a backslash itself is \\\\")
                if char is None and not int(esc.group(1) or esc.group(2), 8 if esc.group(1) else 16) & 0xFF:
                    # gettext stores the string up to that byte: the rest would silently vanish from the catalog.
                    raise self.fail(number, f"the escape {esc.group()} is a NUL byte, which ends the string for "
                                            "gettext", "remove it (a PO string cannot hold a NUL byte)")
        return body

    def string(self, number: int, text: str, head: str = "") -> str:
        """The decoded value of the quoted string ``text`` (stripped) on line ``number``."""
        if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
            body = text[1:-1]
            if "\\\\" not in body:
                # Common escapes only (\n, \t, \"), no escaped backslash, no bare quote: three replaces.
                quotes = body.count('\\"')
                newlines = body.count("\\n")
                tabs = body.count("\\t")
                if body.count("\\") == quotes + newlines + tabs and body.count('"') == quotes:
                    if newlines:
                        body = body.replace("\\n", "\n")
                    if tabs:
                        body = body.replace("\\t", "\t")
                    return body.replace('\\"', '"') if quotes else body
        return unescape(self.body(number, text, head), self.charset)

    # -------------------------------------------------------------------------------------------- lines

    def keyword(self, number: int, text: str) -> tuple[int, int | None, str]:
        """``(kind, plural index, rest)`` of a keyword line not of the plain ``msgid "..."`` shape."""
        m = _KEYWORD_LINE.match(text)
        if m is None:
            word = text.split()[0][:30] if text.split() else text
            raise self.fail(number, f"not PO syntax: {word!r} (expected msgctxt, msgid, msgid_plural, msgstr, a "
                                    "quoted string or a # comment)")
        head, index = m.group(1), m.group(2)
        rest = text[m.end():].strip()
        if self.strict and (not rest or (index is not None and head != "msgstr")):
            self.body(number, rest, head)  # the string's problems come first, named by the bare keyword
        if index is not None and head != "msgstr":
            raise self.fail(number, f"{head}[{index}]: only msgstr takes a plural index")
        return _KEYWORDS[head], None if index is None else int(index), rest

    def comment(self, number: int, text: str, live_entry: bool) -> None:
        """Strict: a live comment line. A ``#|`` line (the previous msgid of a fuzzy entry) is a keyword and a
        string, or a string continuing one; ``live_entry`` says a live entry has begun since that keyword."""
        if text[1:2] != "|":
            self.previous_at = 0
            return
        rest = text[2:].strip()
        if rest.startswith('"'):
            if not self.previous_at or live_entry:
                # polib appends such a string to the msgstr of the entry before: refuse rather than corrupt it.
                raise self.fail(number, '"#| "..."" continues a previous string, but no "#| msgid" line comes '
                                        "before it", 'write "#| msgid "..."" or remove the line')
            self.body(number, rest)
            return
        m = _KEYWORD_LINE.match(rest)
        if m is None or m.group(1) == "msgstr" or m.group(2) is not None:
            self.previous_at = 0
            return  # free text after #|: a comment to gettext, kept by polib as such
        self.body(number, rest[m.end():].strip() or '""')
        self.previous_at = number

    # -------------------------------------------------------------------------------------------- entries

    def end(self, msgctxt: str | None, msgid: str, plural: str | None, forms: int, line: int,
            header: str | None) -> None:
        """Checks at the end of a live entry (``line`` is its msgid's): duplicates, the header, plural counts."""
        if self.strict:
            if plural == "":
                self._empty_plural(line)
            if line > self.previous_at:
                self.previous_at = 0  # a live entry came after the "#| msgid" line
            key = (msgctxt, msgid)
            first = self.first.get(key)
            if first is not None:
                raise self.fail(line, f"duplicate message definition (first defined at line {first})",
                                "a catalog may define each msgid (in one msgctxt) once: merge the two entries")
            self.first[key] = line
            if self.keep_keys:
                self.stats.keys.append(key)
            if header is None:
                self.stats.entries += 1
                if plural is not None:
                    self.stats.plural_entries += 1
        else:
            # Two hashes of different strings (so independent): a false "duplicate" needs both to collide.
            second = hash(msgid + ("\x04" + msgctxt if msgctxt is not None else "\x00"))
            if not self.seen.add(hash((msgctxt, msgid)), second):
                raise self.fail(line, "duplicate message definition (the same msgctxt and msgid as an earlier "
                                      "entry)", "a catalog may define each msgid (in one msgctxt) once: merge the "
                                                "two entries")
        if header is not None:
            self.header(header, line)
        elif forms:
            if self.nplurals is not None and forms != self.nplurals:
                raise self.fail(line, f"plural entry with {forms} form(s) but the header says "
                                      f"nplurals={self.nplurals}", "give one msgstr[N] per plural form of the language")
            if self.nplurals is None and len(self.plural_lines) < 1000:
                self.plural_lines.append((line, forms))

    def end_obsolete(self, plural: str | None, line: int) -> None:
        """Strict: checks at the end of an obsolete entry (the reader has none)."""
        if plural == "":
            self._empty_plural(line)
        self.stats.obsolete += 1

    def _empty_plural(self, line: int) -> None:
        raise self.fail(line, "empty msgid_plural (polib and other tools drop it, which would turn this entry's "
                              "msgstr[N] into a syntax error)", "give the plural English text, or make the entry "
                                                                "singular")

    def header(self, text: str, line: int) -> None:
        """The header entry's msgstr (decoded, or as written when strict): ``Name: value`` lines, Plural-Forms."""
        self.stats.header = True
        if self.strict:
            text = unescape(text, self.charset)
        for offset, row in enumerate(text.split("\n")):
            if self.strict and len(row.splitlines()) > 1:
                # polib (like many tools) splits header lines on \r, \v, \f, U+2028...: the header would change.
                raise self.fail(line + 1, f"header line {row[:40]!r} contains a line-break character",
                                "end each header line with \\n only")
            if row.strip() and not _HEADER_LINE.match(row):
                raise self.fail(line + 1 + offset if offset else line + 1,
                                f"bad header line {row[:40]!r}: header lines are 'Name: value'",
                                "fix the header, e.g. \"Content-Type: text/plain; charset=UTF-8\\n\"")
            if row.lower().startswith("plural-forms:"):
                found = _NPLURALS.search(row)
                if found is None or int(found.group(1)) < 1:
                    raise self.fail(line + 1, f"bad Plural-Forms header {row[:60]!r}",
                                    "write e.g. Plural-Forms: nplurals=1; plural=0;")
                self.nplurals = self.stats.nplurals = int(found.group(1))
        if self.nplurals is not None:
            for where, forms in self.plural_lines:
                if forms != self.nplurals:
                    raise self.fail(where, f"plural entry with {forms} form(s) but the header says "
                                           f"nplurals={self.nplurals}")
        self.plural_lines = []


def iter_raw_entries(blocks: Iterable[str], name: str = "<po>", *, obsolete: bool = False,
                     strict: bool = False, charset: str = "utf-8") -> Iterator[RawEntry]:
    """Entries of a PO text given as consecutive blocks that each end at a line end (the last may not), as
    :data:`RawEntry` tuples; the header (``msgid ""``) included, obsolete entries only with ``obsolete=True``.

    ``strict=False`` is the checker's reader (decoded strings); ``strict=True`` the check run before polib
    (strings as written, the extra rejections of the module docstring). ``charset`` is the catalog's: octal and
    hex escapes are bytes in it.
    """
    return _entries(blocks, _Syntax(name, strict=strict, charset=charset), obsolete)


def _entries(blocks: Iterable[str], syn: _Syntax, obsolete: bool) -> Iterator[RawEntry]:
    """The grammar: :func:`iter_raw_entries` with its :class:`_Syntax`.

    One loop with local variables: this is the checker's hot path (see the module docstring).
    """
    strict = syn.strict
    string = syn.body if strict else syn.string
    keywords = _KEYWORDS
    number = 0
    state = _START
    start = mid_line = line = 0
    obs = False
    ctxt: list[str] | None = None
    mid: list[str] | None = None
    plural: list[str] | None = None
    cur: list[str] | None = None
    strs: list[list[str]] = []
    str_lines: dict[int, int] = {}
    tcom: list[str] = []
    com: list[str] = []
    flags: list[str] = []
    pending: InputError | None = None
    if strict:
        given = iter(blocks)
        blocks = chain(((next(given, "") or "").lstrip("\ufeff"),), given)  # a byte order mark read as text
    for block in chain(blocks, (None,)):
        if block is None:  # the end of the text
            if state and state < _STR:
                what = "msgstr[0]" if plural is not None else "msgstr"
                raise syn.fail(line if strict else start, f"the entry that starts here has no {what} (at the end "
                                                          "of the file)", f"add {what} \"\" (untranslated) or remove "
                                                                          "the entry")
            lines = ["#"]  # a comment ends the last entry
        else:
            lines = block.split("\n")
            if block.endswith("\n"):
                lines.pop()
        for raw in lines:
            number += 1
            text = raw.strip()
            if not text:
                continue
            c = text[0]
            is_obs = False
            if c == "#" and text[1:2] == "~":
                text = text[2:].lstrip()
                if not text or text[0] == "|":
                    continue  # an empty obsolete line, or an obsolete previous-msgid line (#~|)
                c = text[0]
                is_obs = True
                if strict and c == "#":
                    c = ""  # strict: "#~ #..." is no comment but a line that is not PO syntax
            # What the line is: 0 comment, -1 string continuation, 1-4 msgctxt/msgid/msgid_plural/msgstr.
            index: int | None = None
            value = ""
            if c == "#":
                kind = 0
                if strict:  # "#|" lines are checked too
                    syn.comment(number, text, bool(state) and not obs)
            elif c == '"':
                kind = -1
            else:
                try:
                    head, _, rest = text.partition(" ")
                    kind = keywords.get(head, 0)
                    if kind:
                        rest = rest.lstrip()
                    else:
                        kind, index, rest = syn.keyword(number, text)
                    if len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"' and "\\" not in rest \
                            and '"' not in rest[1:-1]:
                        value = rest[1:-1]
                    else:
                        value = string(number, rest, head)
                except InputError as exc:
                    if not (strict and state and obs != is_obs):
                        raise
                    kind, pending = -2, exc  # strict: the switch to/from obsolete is reported first
            # An entry ends at the comment, msgctxt or msgid (or the switch to/from obsolete) after its msgstr.
            if state >= _STR and (kind in (0, 1, 2) or obs != is_obs):
                msgid = mid[0] if mid is not None and len(mid) == 1 else "".join(mid or ())
                msgctxt = None if ctxt is None else "".join(ctxt)
                values = [s[0] if len(s) == 1 else "".join(s) for s in strs]
                plural_text = None if plural is None else "".join(plural)
                if not obs:
                    syn.end(msgctxt, msgid, plural_text, len(strs) if plural is not None else 0, mid_line,
                            values[0] if not msgid and msgctxt is None else None)
                elif strict:
                    syn.end_obsolete(plural_text, mid_line)
                if pending is not None:
                    raise pending
                if not obs or obsolete:
                    yield (msgctxt, msgid, plural_text, values, str_lines, "\n".join(tcom) if tcom else "", flags,
                           start, line, obs, "\n".join(com) if com else "")
                state = _START
                start = mid_line = line = 0
                ctxt = mid = plural = cur = None
                strs = []
                str_lines = {}
                tcom = []
                com = []
                flags = []
            elif state and obs != is_obs and kind:
                what = "obsolete (#~)" if obs else "live"
                raise syn.fail(number, f"the {what} entry that starts at line {line if strict else start} is cut "
                                       f"short by {'an obsolete' if is_obs else 'a live'} line")
            if kind == 0:
                if state:
                    raise syn.fail(number, f"comment inside the entry that starts at line {line if strict else start}"
                                           " (comments go before msgctxt/msgid)")
                if not start:
                    start = number
                second = text[1:2]
                if second == ",":
                    if text[2:].strip():
                        flags.extend(f.strip() for f in text[2:].split(","))
                elif second == ".":
                    if text[2:].strip():
                        com.append(text[3:])
                elif second not in (":", "|"):  # references and previous strings are not needed
                    body = text.lstrip("#")
                    tcom.append(body[1:] if body[:1] == " " else body)
                continue
            if kind < 0:
                if cur is None:
                    raise syn.fail(number, "a quoted string with no keyword before it",
                                   "start the entry with msgid, or join this string to the line above")
                if len(text) >= 2 and text[-1] == '"' and "\\" not in text and '"' not in text[1:-1]:
                    cur.append(text[1:-1])
                else:
                    cur.append(string(number, text))
                continue
            if kind <= 2:  # msgctxt, msgid
                if state == _START or (kind == 2 and state == _CTXT):
                    if not start:
                        start = number
                    obs = is_obs
                    cur = [value]
                    if kind == 1:
                        ctxt = cur
                        line = number
                    else:
                        mid = cur
                        mid_line = number
                        if not line:
                            line = number
                    state = kind
                    continue
                if state == _CTXT:
                    raise syn.fail(number, "msgctxt twice in one entry")
                follows = "msgctxt" if kind == 1 else "msgid"
                raise syn.fail(line if strict else start, f"the entry that starts here has no msgstr ({follows} "
                                                          f"follows at line {number})",
                               "add msgstr \"\" (untranslated) or remove the entry")
            if kind == 3:  # msgid_plural
                if state != _ID:
                    raise syn.fail(number, "msgid_plural must follow the msgid of its entry")
                plural = cur = [value]
                state = _PLURAL
                continue
            # msgstr / msgstr[N]
            if state == _START:
                raise syn.fail(number, "msgstr without a msgid before it")
            if state == _CTXT:
                raise syn.fail(number, "msgstr right after msgctxt: the entry has no msgid")
            if index is None:
                if plural is not None:
                    raise syn.fail(number, "the entry has msgid_plural, so its translations are msgstr[0], "
                                           "msgstr[1]... not msgstr")
                if state != _ID:
                    raise syn.fail(number, "a second msgstr in one entry")
                cur = [value]
                strs.append(cur)
                str_lines[-1] = number
                state = _STR
                continue
            if plural is None:
                raise syn.fail(number, f"msgstr[{index}] in an entry without msgid_plural",
                               "use msgstr for a singular entry, or add msgid_plural")
            if index != len(strs):
                raise syn.fail(number, f"msgstr[{index}] where msgstr[{len(strs)}] was expected "
                                       "(plural forms are numbered 0, 1, 2... without gaps)")
            cur = [value]
            strs.append(cur)
            str_lines[index] = number
            state = _STRS


class PoSyntax:
    """The strict check of a PO text given as lines (with or without their line ends): :meth:`feed_lines`."""

    def __init__(self, name: str = "<po>", *, keep_keys: bool = False) -> None:
        self.name = name
        self._syntax = _Syntax(name, strict=True, keep_keys=keep_keys)
        self.stats = self._syntax.stats

    def feed_lines(self, lines: Iterable[str]) -> PoStats:
        """Check every line of an iterable (a file handle or ``text.splitlines()``); the first problem raises
        :class:`InputError`. Returns what the catalog holds."""
        deque(_entries(lines, self._syntax, False), maxlen=0)
        return self.stats


def check_po_text(text: str, name: str = "<po>", *, keep_keys: bool = False) -> PoStats:
    """Check a whole PO text strictly; returns what it holds, or raises :class:`InputError` at the first problem."""
    return PoSyntax(name, keep_keys=keep_keys).feed_lines((text,))
