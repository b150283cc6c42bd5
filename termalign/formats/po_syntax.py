"""A strict, streaming check of PO syntax, so that no entry of a user's catalog is silently lost.

polib (which termalign uses to read and rewrite catalogs) is forgiving in ways that lose data: an
unterminated string loses its last character, an unknown escape such as ``\\q`` is kept as two characters,
a second definition of the same ``msgid`` is kept twice (``msgfmt`` rejects the file), ``msgstr[2]`` after
``msgstr[0]`` is accepted, a trailing flag line is dropped. :class:`PoSyntax` follows GNU gettext's grammar
line by line and raises :class:`~termalign.errors.InputError` naming the file and line of the first problem,
what is wrong and what to do, before polib sees the text. It keeps one entry in memory at a time plus the
set of ``(msgctxt, msgid)`` keys seen (for duplicates), so it can check a catalog of any size.

What it rejects (each with ``file:line``): a keyword not followed by one quoted string, an unterminated string,
text after the closing quote, an invalid escape sequence, a string continuation with no keyword before it,
``msgctxt``/``msgid`` where an entry is incomplete, an entry without ``msgstr``, ``msgid_plural`` without plural
``msgstr[N]`` (or the reverse), plural forms not numbered 0, 1, 2... , a number of plural forms that
contradicts the header's ``Plural-Forms: nplurals=N``, a header line that is not ``Name: value``, and a
second definition of the same message (same ``msgctxt`` and ``msgid``). Obsolete (``#~``) entries are checked
for string syntax and structure but may repeat live ones, as ``msgmerge`` writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from termalign.errors import InputError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(.?)")
_VALID_ESCAPES = frozenset('\\"ntrabfv?\'01234567x')
_HEX = re.compile(r"\\x[0-9A-Fa-f]")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_HEADER_LINE = re.compile(r"^[A-Za-z0-9][\w.-]*\s*:")
HINT = "check the file with msgfmt -c"


@dataclass
class _Entry:
    """The entry being read: where it starts, what it has seen so far."""

    obsolete: bool = False
    start: int = 0
    state: str = "start"  # start, msgctxt, msgid, msgid_plural, msgstr, msgstr[]
    msgctxt: list[str] | None = None
    msgid: list[str] | None = None
    msgid_line: int = 0
    plural: bool = False
    msgid_plural: list[str] = field(default_factory=list)
    forms: int = 0
    msgstr: list[str] = field(default_factory=list)
    current: list[str] | None = None


@dataclass
class PoStats:
    """What a checked catalog holds (used to verify that a parser kept every entry)."""

    entries: int = 0  # live entries, the header excluded
    obsolete: int = 0
    header: bool = False
    plural_entries: int = 0
    nplurals: int | None = None
    keys: list[tuple[str | None, str]] = field(default_factory=list)  # raw (escaped) keys in file order


class PoSyntax:
    """Feed a PO file line by line (:meth:`feed`), then :meth:`close`; the first problem raises InputError."""

    def __init__(self, name: str = "<po>", *, keep_keys: bool = False) -> None:
        self.name = name
        self.stats = PoStats()
        self._keep_keys = keep_keys
        self._entry = _Entry()
        self._seen: dict[tuple[str | None, str], int] = {}
        self._plural_lines: list[tuple[int, int]] = []  # (line, forms) of plural entries before the header said N
        self._first = True
        self._previous = False  # the last line was a "#| msgid ..." (a "#| "..."" continuation may follow)

    # -------------------------------------------------------------------------------------------- errors

    def _fail(self, line: int, message: str, hint: str | None = HINT) -> InputError:
        return InputError(f"not a valid PO file: {message}", file=self.name, line=line, hint=hint)

    # -------------------------------------------------------------------------------------------- input

    def feed(self, number: int, raw: str) -> None:
        """Check line ``number`` (1-based), given without or with its line end."""
        line = raw.rstrip("\r\n")
        if self._first:
            line = line.lstrip("\ufeff")
            self._first = False
        stripped = line.strip()
        if not stripped:
            return
        if stripped.startswith("#~"):
            rest = stripped[2:].lstrip()
            if not rest or rest.startswith("|"):
                return  # an obsolete previous-msgid line (#~|) or an empty obsolete line
            self._content(number, rest, obsolete=True)
            return
        if stripped.startswith("#|"):
            self._previous_line(number, stripped[2:].strip())
            self._comment(number)
            return
        self._previous = False
        if stripped.startswith("#"):
            self._comment(number)
            return
        self._content(number, stripped, obsolete=False)

    def _previous_line(self, number: int, rest: str) -> None:
        """A ``#|`` line (the previous msgid of a fuzzy entry): a keyword and a string, or a continuation."""
        if rest.startswith('"'):
            if not self._previous:
                # polib appends such a string to the msgstr of the entry before: refuse rather than corrupt it.
                raise self._fail(number, '"#| "..."" continues a previous string, but no "#| msgid" line comes '
                                         "before it", 'write "#| msgid "..."" or remove the line')
            self._string(number, rest)
            return
        match = _KEYWORD.match(rest)
        if match is None or match.group(1) == "msgstr" or match.group(2) is not None:
            self._previous = False
            return  # free text after #|: a comment to gettext, kept by polib as such
        self._string(number, rest[match.end():].strip() or '""')
        self._previous = True

    def feed_lines(self, lines: Iterable[str]) -> PoStats:
        """Check every line of an iterable (a file handle or ``text.splitlines()``) and close."""
        for number, line in enumerate(lines, start=1):
            self.feed(number, line)
        return self.close()

    def close(self) -> PoStats:
        """End of file: finish the last entry and check plural counts against the header."""
        self._finish(None)
        return self.stats

    # -------------------------------------------------------------------------------------------- grammar

    def _comment(self, number: int) -> None:
        entry = self._entry
        if entry.state in ("msgstr", "msgstr[]"):
            self._finish(number)  # a comment starts the next entry
        elif entry.state != "start":
            raise self._fail(number, f"comment inside the entry that starts at line {entry.start} "
                                     "(comments go before msgctxt/msgid)")

    def _content(self, number: int, text: str, *, obsolete: bool) -> None:
        entry = self._entry
        if entry.state != "start" and entry.obsolete != obsolete:
            if entry.state in ("msgstr", "msgstr[]"):
                self._finish(number)
                entry = self._entry
            else:
                kind = "obsolete (#~)" if entry.obsolete else "live"
                raise self._fail(number, f"the {kind} entry that starts at line {entry.start} is cut short by "
                                         f"{'an obsolete' if obsolete else 'a live'} line")
        if text.startswith('"'):
            if entry.current is None:
                raise self._fail(number, "a quoted string with no keyword before it",
                                 "start the entry with msgid, or join this string to the line above")
            entry.current.append(self._string(number, text))
            return
        match = _KEYWORD.match(text)
        if match is None:
            word = text.split()[0][:30] if text.split() else text
            raise self._fail(number, f"not PO syntax: {word!r} (expected msgctxt, msgid, msgid_plural, msgstr, "
                                     "a quoted string or a # comment)")
        keyword, index = match.group(1), match.group(2)
        rest = text[match.end():].strip()
        if not rest:
            raise self._fail(number, f"{keyword} without a string (write {keyword} \"\" for an empty one)")
        value = self._string(number, rest)
        if index is not None and keyword != "msgstr":
            raise self._fail(number, f"{keyword}[{index}]: only msgstr takes a plural index")
        self._keyword(number, keyword, None if index is None else int(index), value, obsolete)

    def _keyword(self, number: int, keyword: str, index: int | None, value: str, obsolete: bool) -> None:
        entry = self._entry
        if keyword in ("msgctxt", "msgid"):
            if entry.state in ("msgstr", "msgstr[]"):
                self._finish(number)
                entry = self._entry
            if entry.state == "start" or (keyword == "msgid" and entry.state == "msgctxt"):
                if entry.state == "start":
                    entry.start = number
                entry.obsolete = obsolete
                if keyword == "msgctxt":
                    entry.msgctxt = [value]
                    entry.current = entry.msgctxt
                else:
                    entry.msgid = [value]
                    entry.msgid_line = number
                    entry.current = entry.msgid
                entry.state = keyword
                return
            if entry.state == "msgctxt":
                raise self._fail(number, "msgctxt twice in one entry")
            raise self._fail(entry.start, f"the entry that starts here has no msgstr ({keyword} follows at line "
                                          f"{number})", "add msgstr \"\" (untranslated) or remove the entry")
        if keyword == "msgid_plural":
            if entry.state != "msgid":
                raise self._fail(number, "msgid_plural must follow the msgid of its entry")
            entry.plural = True
            entry.state = "msgid_plural"
            entry.msgid_plural = [value]
            entry.current = entry.msgid_plural
            return
        # msgstr / msgstr[N]
        if entry.state == "start":
            raise self._fail(number, "msgstr without a msgid before it")
        if entry.state == "msgctxt":
            raise self._fail(number, "msgstr right after msgctxt: the entry has no msgid")
        if index is None:
            if entry.plural:
                raise self._fail(number, "the entry has msgid_plural, so its translations are msgstr[0], "
                                         "msgstr[1]... not msgstr")
            if entry.state != "msgid":
                raise self._fail(number, "a second msgstr in one entry")
            entry.msgstr = [value]
            entry.current = entry.msgstr
            entry.state = "msgstr"
            return
        if not entry.plural:
            raise self._fail(number, f"msgstr[{index}] in an entry without msgid_plural",
                             "use msgstr for a singular entry, or add msgid_plural")
        if index != entry.forms:
            expected = f"msgstr[{entry.forms}]"
            raise self._fail(number, f"msgstr[{index}] where {expected} was expected "
                                     "(plural forms are numbered 0, 1, 2... without gaps)")
        entry.forms += 1
        entry.current = [value]
        if index == 0:
            entry.msgstr = entry.current
        entry.state = "msgstr[]"

    def _finish(self, next_line: int | None) -> None:
        """Complete the current entry (at EOF when ``next_line`` is None) and start a new one."""
        entry = self._entry
        self._entry = _Entry()
        if entry.state == "start":
            return
        if entry.state in ("msgctxt", "msgid", "msgid_plural"):
            what = "msgstr[0]" if entry.plural else "msgstr"
            where = "at the end of the file" if next_line is None else f"before line {next_line}"
            raise self._fail(entry.start, f"the entry that starts here has no {what} ({where})",
                             f"add {what} \"\" (untranslated) or remove the entry")
        if entry.plural and not "".join(entry.msgid_plural):
            raise self._fail(entry.msgid_line, "empty msgid_plural (polib and other tools drop it, which would turn "
                                               "this entry's msgstr[N] into a syntax error)",
                             "give the plural English text, or make the entry singular")
        msgid = "".join(entry.msgid or [])
        msgctxt = "".join(entry.msgctxt) if entry.msgctxt is not None else None
        if entry.obsolete:
            self.stats.obsolete += 1
            return
        key = (msgctxt, msgid)
        if key in self._seen:
            raise self._fail(entry.msgid_line, f"duplicate message definition (first defined at line "
                                               f"{self._seen[key]})",
                             "a catalog may define each msgid (in one msgctxt) once: merge the two entries")
        self._seen[key] = entry.msgid_line
        if self._keep_keys:
            self.stats.keys.append(key)
        if msgid == "" and msgctxt is None:
            self._header(entry)
            return
        self.stats.entries += 1
        if entry.plural:
            self.stats.plural_entries += 1
            nplurals = self.stats.nplurals
            if nplurals is not None and entry.forms != nplurals:
                raise self._fail(entry.msgid_line, f"plural entry with {entry.forms} form(s) but the header says "
                                                   f"nplurals={nplurals}",
                                 "give one msgstr[N] per plural form of the language")
            if nplurals is None and len(self._plural_lines) < 1000:
                self._plural_lines.append((entry.msgid_line, entry.forms))

    def _header(self, entry: _Entry) -> None:
        self.stats.header = True
        text = _unescape("".join(entry.msgstr))
        names: set[str] = set()
        for offset, line in enumerate(text.split("\n")):
            field_name = line.split(":", 1)[0].strip().lower()
            if ":" in line and field_name in names:
                # polib keeps header fields in a dict: the first of two would be silently lost.
                raise self._fail(entry.msgid_line + 1, f"header field {line.split(':', 1)[0].strip()!r} appears twice",
                                 "keep one of them")
            names.add(field_name)
            if len(line.splitlines()) > 1:
                # polib (like many tools) splits header lines on \r, \v, \f, U+2028...: the header would change.
                raise self._fail(entry.msgid_line + 1, f"header line {line[:40]!r} contains a line-break character",
                                 "end each header line with \\n only")
            if line.strip() and not _HEADER_LINE.match(line):
                raise self._fail(entry.msgid_line + 1 + offset if offset else entry.msgid_line + 1,
                                 f"bad header line {line[:40]!r}: header lines are 'Name: value'",
                                 "fix the header, e.g. \"Content-Type: text/plain; charset=UTF-8\\n\"")
            if line.lower().startswith("plural-forms:"):
                found = _NPLURALS.search(line)
                if found is None or int(found.group(1)) < 1:
                    raise self._fail(entry.msgid_line + 1, f"bad Plural-Forms header {line[:60]!r}",
                                     "write e.g. Plural-Forms: nplurals=1; plural=0;")
                self.stats.nplurals = int(found.group(1))
        if self.stats.nplurals is not None:
            for line_number, forms in self._plural_lines:
                if forms != self.stats.nplurals:
                    raise self._fail(line_number, f"plural entry with {forms} form(s) but the header says "
                                                  f"nplurals={self.stats.nplurals}")
        self._plural_lines = []

    # -------------------------------------------------------------------------------------------- strings

    def _string(self, number: int, text: str) -> str:
        """The body of one quoted string (still escaped), or an error saying what is wrong with it."""
        match = _STRING.match(text)
        if match is None:
            closing = closing_quote(text)
            if closing is None:
                raise self._fail(number, "unterminated string (no closing double quote)",
                                 'end the string with " (a quote inside a string is written \\")')
            raise self._fail(number, f"text after the closing quote: {text[closing + 1:].strip()[:30]!r}",
                             'write a quote inside a string as \\", and continue a string on the next line')
        body = match.group(1)
        if "\\" in body:
            for esc in _ESCAPE.finditer(body):
                char = esc.group(1)
                if char not in _VALID_ESCAPES:
                    raise self._fail(number, f"invalid escape sequence \\{char} in a string",
                                     "valid escapes: \\n \\t \\\" \\\\ \\r \\a \\b \\f \\v, octal \\NNN, hex \\xNN; "
                                     "a backslash itself is \\\\")
                if char == "x" and not _HEX.match(body, esc.start()):
                    raise self._fail(number, "\\x without hexadecimal digits in a string")
        return body


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


def _unescape(text: str) -> str:
    import polib

    return str(polib.unescape(text))


def check_po_text(text: str, name: str = "<po>", *, keep_keys: bool = False) -> PoStats:
    """Check a whole PO text; returns what it holds, or raises :class:`InputError` at the first problem."""
    return PoSyntax(name, keep_keys=keep_keys).feed_lines(text.split("\n"))
