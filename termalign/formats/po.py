"""Gettext PO output of an alignment, and merging an alignment into an existing PO catalog (``--update``).

One entry per English sentence group: ``msgid`` is the English side of a bead (sentences joined with a
space), ``msgstr`` the Indonesian side. Choices (documented in ``docs/formats.md``):

* **Fuzzy.** A linked bead whose score is under ``fuzzy_below`` (default 0.5) is flagged ``fuzzy``, so
  ``msgfmt`` leaves it out of the compiled catalog until a translator confirms it.
* **References.** ``#: source.en.txt:3 target.id.txt:4`` lists the lines of every sentence of the bead on both
  sides. White space in a file name is written as ``_`` (PO references are space-separated).
* **Extracted comments** (``#.``) carry what termalign knows, one line each, always starting with
  ``termalign: SOURCE-NAME``: the bead number (1-based position in the JSON ``beads`` list), kind and score.
* **Duplicates.** The same English text in several beads gives *one* entry carrying all references (a PO file
  may hold a msgid only once per context, and contexts made of bead numbers would change on every
  re-alignment, defeating ``--update``). The first translation is kept; a different translation of a
  later occurrence is listed in a comment (``also aligned with: ...``) and the entry is marked fuzzy so a
  translator picks one.
* **Unlinked English** sentences (1-0 beads) become untranslated entries (empty ``msgstr``).
* **Unlinked Indonesian** sentences (0-1 beads) cannot be entries (no msgid); they are kept as a comment
  ``unaligned id text at target.id.txt:12: ...`` on the entry just before them (the next one for text at
  the very start; the header comment when the catalog has no entry at all), so nothing is silently dropped.
* No dates: ``PO-Revision-Date`` is empty unless a date is given, so the same inputs give the same bytes.

:func:`update_catalog` merges an alignment into a catalog a translator already works on, in the spirit of
``msgmerge`` but never at the expense of existing work: existing ``msgstr``, flags and translator comments
are kept; new English sentences are added; an untranslated entry whose msgid the alignment translates is
filled in and marked fuzzy; an entry termalign wrote earlier from the same source file whose aligned
translation changed is marked fuzzy (the new text is given in a comment); such an entry whose sentence
vanished from the source is made obsolete (``#~``). Entries termalign did not write are never changed.
Sentences are matched composed (NFC), but a catalog read by :func:`load_catalog` is written back from its own
lines (:class:`SourcedCatalog`): what the merge did not change comes back byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from termalign import __version__
from termalign.errors import InputError
from termalign.formats.charset import declared_charset, header_charset
from termalign.formats.po_syntax import PoStats, check_po_text, iter_raw_entries
from termalign.model import Alignment, Bead
from termalign.textio import decode, display_name, read_bytes, text_codec

DEFAULT_FUZZY_BELOW = 0.5
MARKER = "termalign:"
# Plural-Forms of the languages termalign targets (CLDR/gettext): Indonesian and Malay have one form.
PLURAL_FORMS = {
    "id": "nplurals=1; plural=0;",
    "ms": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
}
_NEWLINES = re.compile(r"\s*[\n\r\u2028\u2029]\s*")


def reference_name(name: str | None, default: str) -> str:
    """A file name as written in a ``#:`` reference: white space becomes ``_`` (references are space-separated)."""
    return re.sub(r"\s", "_", name) if name else default


def _one_line(text: str) -> str:
    """A bead side's text (:meth:`Alignment.bead_text`) on one line: line breaks inside (only possible with
    caller-made segments) folded."""
    return _NEWLINES.sub(" ", text).strip()


@dataclass
class _Names:
    source: str
    target: str
    target_lang: str

    @property
    def prefix(self) -> str:
        """The start of every comment line this alignment owns (``termalign: a.en.txt ``)."""
        return f"{MARKER} {self.source} "


def _names(alignment: Alignment, source_file: str | None, target_file: str | None) -> _Names:
    return _Names(
        source=reference_name(source_file or alignment.source_name, "source"),
        target=reference_name(target_file or alignment.target_name, "target"),
        target_lang=alignment.target_lang,
    )


def _occurrences(alignment: Alignment, bead: Bead, names: _Names) -> list[tuple[str, str]]:
    refs = [(names.source, str(alignment.source[i].line)) for i in bead.source_index]
    refs += [(names.target, str(alignment.target[i].line)) for i in bead.target_index]
    return list(dict.fromkeys(refs))


def _entries(alignment: Alignment, names: _Names, fuzzy_below: float) -> tuple[list[polib.POEntry], list[str]]:
    """Draft entries in source order, plus comment lines of unaligned target text no entry could take."""
    entries: dict[str, polib.POEntry] = {}
    comments: dict[str, list[str]] = {}
    orphans: list[str] = []  # unaligned target text seen before the first entry
    last: str | None = None
    for number, bead in enumerate(alignment.beads, start=1):
        msgid = _one_line(alignment.bead_text(bead, "source"))
        msgstr = _one_line(alignment.bead_text(bead, "target"))
        if not msgid:
            for i in bead.target_index:
                seg = alignment.target[i]
                note = f"{names.prefix}unaligned {names.target_lang} text at {names.target}:{seg.line}: {seg.text}"
                if last is None:
                    orphans.append(note)
                else:
                    comments[last].append(note)
            continue
        info = f"{names.prefix}bead {number} ({bead.kind}), score {bead.score:.2f}"
        fuzzy = bool(msgstr) and bead.score < fuzzy_below
        entry = entries.get(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=_occurrences(alignment, bead, names))
            entries[msgid] = entry
            comments[msgid] = [*orphans, info]
            orphans = []
        else:
            entry.occurrences = list(dict.fromkeys([*entry.occurrences, *_occurrences(alignment, bead, names)]))
            comments[msgid].append(info)
            if msgstr and not entry.msgstr:
                entry.msgstr = msgstr
            elif msgstr and msgstr != entry.msgstr:
                comments[msgid].append(f"{names.prefix}bead {number} also aligned with: {msgstr}")
                fuzzy = True
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        last = msgid
    for msgid, entry in entries.items():
        entry.comment = "\n".join(comments[msgid])
    return list(entries.values()), orphans


def build_catalog(
    alignment: Alignment,
    *,
    fuzzy_below: float = DEFAULT_FUZZY_BELOW,
    source_file: str | None = None,
    target_file: str | None = None,
    project: str | None = None,
    revision_date: str = "",
) -> polib.POFile:
    """A new :class:`polib.POFile` for ``alignment`` (see the module docstring for the choices made).

    ``source_file``/``target_file`` name the texts in references (default: the alignment's names);
    ``project`` fills Project-Id-Version (default: the source file name up to its first dot);
    ``revision_date`` fills PO-Revision-Date (``YYYY-MM-DD HH:MM+ZZZZ``; empty by default for
    reproducible output).
    """
    names = _names(alignment, source_file, target_file)
    entries, orphans = _entries(alignment, names, fuzzy_below)
    catalog = polib.POFile(wrapwidth=78)
    stem = Path(source_file or alignment.source_name or "").name.split(".")[0].strip("<>")
    stem = "" if stem == "stdin" else stem
    header = [
        f"Aligned with termalign {__version__}: {names.source} ({alignment.source_lang}) and "
        f"{names.target} ({alignment.target_lang}).",
        f"Entries scored under {fuzzy_below:.2f} are marked fuzzy; see the #. comments for bead scores.",
    ]
    catalog.header = "\n".join(header + orphans)
    metadata = {
        "Project-Id-Version": project or stem or "termalign",
        "PO-Revision-Date": revision_date,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": alignment.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if alignment.target_lang in PLURAL_FORMS:
        metadata["Plural-Forms"] = PLURAL_FORMS[alignment.target_lang]
    metadata["X-Generator"] = f"termalign {__version__}"
    catalog.metadata = metadata
    for entry in entries:
        catalog.append(entry)
    return catalog


def to_po(
    alignment: Alignment,
    *,
    fuzzy_below: float = DEFAULT_FUZZY_BELOW,
    source_file: str | None = None,
    target_file: str | None = None,
    project: str | None = None,
    revision_date: str = "",
) -> str:
    """The alignment as PO text (UTF-8 catalog; see :func:`build_catalog`)."""
    catalog = build_catalog(alignment, fuzzy_below=fuzzy_below, source_file=source_file,
                            target_file=target_file, project=project, revision_date=revision_date)
    return catalog_text(catalog)


def catalog_text(catalog: polib.POFile) -> str:
    """The text of a catalog, ending with a newline.

    A catalog read by :func:`load_catalog` is written back from the lines it was read from: an entry (or the
    header) that nobody changed comes back byte for byte, and a changed entry keeps the lines of every field
    that did not change (see :class:`SourcedCatalog`). Other catalogs are written by polib.
    """
    if isinstance(catalog, SourcedCatalog):
        return catalog.source_text()
    return _polib_text(catalog)


def _polib_text(catalog: polib.POFile) -> str:
    """The text polib writes for a catalog, with polib's quirks in header comments corrected."""
    text = str(catalog)
    if not catalog.header and text.startswith("#\n"):
        text = text[2:]  # polib writes an empty header comment as a lone "#"
    elif catalog.header:
        # polib writes a header comment line that starts with "," or ":" as "#,..." / "#:...", which reads back
        # as a flags or references line of the header entry: keep the space that makes it a comment.
        count = len(catalog.header.split("\n"))
        lines = text.split("\n")
        lines[:count] = ["# " + line[1:] if line[:2] in ("#,", "#:") else line for line in lines[:count]]
        text = "\n".join(lines)
    return text if text.endswith("\n") else text + "\n"


def catalog_bytes(catalog: polib.POFile, *, name: str = "<po>") -> bytes:
    """The catalog encoded in its own charset (an ISO-8859-1 catalog stays ISO-8859-1).

    Raises :class:`InputError` when new text cannot be written in that charset.
    """
    encoding = catalog.encoding or "utf-8"
    try:
        return catalog_text(catalog).encode(encoding)
    except UnicodeEncodeError as exc:
        raise InputError(
            f"the catalog's charset {encoding} cannot hold the character {exc.object[exc.start]!r}",
            file=name,
            hint="convert the catalog to UTF-8 first (msgconv --to-code=UTF-8)",
        ) from None
    except LookupError:
        raise InputError(f"unknown charset {encoding!r} in the catalog header", file=name) from None


_POLIB_LINE = re.compile(r"\(line (\d+)\)")
# Characters str.splitlines() treats as line ends besides \n (\r is already gone: textio normalises line ends).
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def decode_po(data: bytes, name: str, encoding: str | None = None, *, exact: bool = False) -> str:
    """PO bytes decoded in the charset its header declares (or ``encoding`` when given; UTF-8 by default).

    Goes through :func:`termalign.textio.decode`, so a BOM, undecodable bytes (named with line and byte offset)
    and an unknown charset all give an :class:`InputError`. That also composes the text to NFC and drops
    zero-width characters, which is right for matching but not for writing back: gettext looks messages up by
    their bytes. ``exact=True`` (the catalog ``--update`` rewrites) decodes the text as it is, only making line
    ends ``\\n``.
    """
    return decode(data, name=name, encoding=encoding if encoding is not None else header_charset(data), exact=exact)


_FieldState = dict[str, object]


def _field_state(entry: polib.POEntry) -> _FieldState:
    """What each group of an entry's lines says, compared to tell which lines must be written anew."""
    return {
        "tcomment": entry.tcomment or "",
        "comment": entry.comment or "",
        "occurrences": tuple(map(tuple, entry.occurrences)),
        "flags": tuple(entry.flags),
        "previous": (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        "key": (entry.msgctxt, entry.msgid, entry.msgid_plural),
        "str": (entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))),
        "obsolete": bool(entry.obsolete),
    }


def _header_state(catalog: polib.POFile) -> _FieldState:
    return {"header": catalog.header, "metadata": tuple(catalog.metadata.items()), "fuzzy": catalog.metadata_is_fuzzy}


def _line_group(line: str, strings: str = "key") -> str:
    """The field a line of an entry belongs to: a comment kind, ``key`` (msgctxt/msgid/msgid_plural) or ``str``.

    A string continuation line belongs to the keyword before it: ``strings`` is that keyword's group.
    """
    text = line.strip()
    if text.startswith("#~"):
        text = text[2:].lstrip()
        if text.startswith("|"):
            return "previous"
        if not text.startswith(("msg", '"')):
            return "tcomment"
    if text.startswith("#"):
        return {",": "flags", ".": "comment", ":": "occurrences", "|": "previous"}.get(text[1:2], "tcomment")
    if text.startswith('"'):
        return strings
    return "str" if text.startswith("msgstr") else "key"


def _line_groups(lines: list[str]) -> list[tuple[str, str]]:
    """Each line of an entry with the group :func:`_line_group` gives it, continuation lines included."""
    out: list[tuple[str, str]] = []
    strings = "key"
    for line in lines:
        group = _line_group(line, strings)
        if group in ("key", "str"):
            strings = group
        out.append((group, line))
    return out


def _is_string_line(line: str) -> bool:
    text = line.strip()
    if text.startswith("#~"):
        text = text[2:].lstrip()
    return text.startswith(('"', "msg"))


@dataclass
class _Source:
    """The lines an entry was read from (each with its line end): ``body`` up to its last string, then ``gap``,
    the blank lines (and stray comments) before the next entry; and its fields as read."""

    body: list[str]
    gap: list[str]
    state: _FieldState


class SourcedCatalog(polib.POFile):
    """A polib catalog that remembers the text it was read from, so that writing it back changes only what
    was changed (:func:`load_catalog` makes these; :func:`catalog_text` writes them).

    polib alone would rewrite every entry: it re-wraps strings, writes header fields in its own order (and
    keeps one of two fields with the same name), moves obsolete entries to the end, and misreads the gettext
    escapes it does not know (``\\a``, octal ``\\NNN``, hex ``\\xNN``), writing them back with a doubled
    backslash, which changes the msgid. Here the string values come from termalign's own PO grammar
    (:func:`termalign.formats.po_syntax.iter_raw_entries`), and an entry is written back from its own lines:
    all of them when none of its fields changed, else the lines of every unchanged field (its msgid lines
    always, unless the msgid itself was changed) and polib's rendering of the changed fields only.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.sources: dict[int, _Source] = {}
        self.preamble: list[str] = []
        self.header_source: _Source | None = None
        self.header_after: int | None = None  # id of the entry the header follows (None: the header comes first)

    def attach_source(self, text: str, name: str, charset: str) -> None:
        """Take the string values and the lines of every entry from ``text`` (the text polib parsed)."""
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        raws = list(iter_raw_entries((text,), name, obsolete=True, charset=charset))
        header = next((i for i, r in enumerate(raws) if not r[9] and not r[1] and r[0] is None), None)
        entries = [r for i, r in enumerate(raws) if i != header]
        if len(entries) != len(self) or any(r[9] != bool(e.obsolete) for r, e in zip(entries, self, strict=False)):
            raise InputError(f"the PO reader read {len(self)} entries where termalign's grammar reads "
                             f"{len(entries)}", file=name, hint="please report this file; check it with msgfmt -c")
        starts = [r[7] - 1 for r in raws] + [len(lines)]
        self.preamble = lines[: starts[0]] if raws else lines
        spans: list[tuple[list[str], list[str]]] = []
        for i in range(len(raws)):
            region = lines[starts[i] : starts[i + 1]]
            end = max((k for k, line in enumerate(region) if _is_string_line(line)), default=len(region) - 1) + 1
            spans.append((region[:end], region[end:]))
        for i in range(len(spans) - 1):
            body, gap = spans[i]
            stray = len(gap)
            while stray and gap[stray - 1].strip():
                stray -= 1
            if stray < len(gap):  # comment lines right before the next entry (#~| lines) are the next entry's
                spans[i + 1] = (gap[stray:] + spans[i + 1][0], spans[i + 1][1])
                spans[i] = (body, gap[:stray])
        entry_spans = [span for i, span in enumerate(spans) if i != header]
        for entry, raw, (body, gap) in zip(self, entries, entry_spans, strict=True):
            msgctxt, msgid, plural, values = raw[0], raw[1], raw[2], raw[3]
            entry.msgctxt = msgctxt  # type: ignore[assignment]  # polib uses None for "no context"; its stubs say str
            entry.msgid = msgid
            entry.msgid_plural = plural if plural is not None else ""  # polib's "no plural"
            if plural is None:
                entry.msgstr = values[0] if values else ""
            else:
                entry.msgstr_plural = dict(enumerate(values))
            self.sources[id(entry)] = _Source(body, gap, _field_state(entry))
        if header is not None:
            body, gap = spans[header]
            self.header_source = _Source(body, gap, _header_state(self))
            self.header_after = id(self[header - 1]) if header else None

    def __unicode__(self) -> str:
        """The catalog's text as :meth:`source_text` writes it (so ``str()`` and polib's ``save()`` agree)."""
        return self.source_text()

    def __str__(self) -> str:
        return self.source_text()

    def source_text(self) -> str:
        """The catalog's text: the lines it was read from where nothing changed (see the class docstring)."""
        out: list[str] = list(self.preamble)
        header = self.header_source
        raw_header = header is not None and header.state == _header_state(self)
        after = self.header_after if raw_header and any(id(e) == self.header_after for e in self) else None
        if raw_header and after is None:
            assert header is not None
            out += header.body + header.gap
        elif not raw_header and (header is not None or self.header or self.metadata):
            blank = polib.POFile(wrapwidth=self.wrapwidth)
            blank.header, blank.metadata, blank.metadata_is_fuzzy = self.header, self.metadata, self.metadata_is_fuzzy
            out += _polib_text(blank).splitlines(keepends=True)
        raw_before = raw_header and after is None
        for entry in self:
            source = self.sources.get(id(entry))
            state = _field_state(entry)
            if source is not None and source.state == state:
                lines, gap, raw = source.body, source.gap, True
            else:
                lines = self._entry_lines(entry, source, state)
                gap, raw = (source.gap if source is not None else []), False
            if out and not (raw and raw_before) and out[-1].strip():
                out.append("\n")  # a blank line between entries where one of them is written anew
            out += lines + gap
            raw_before = raw
            if after is not None and id(entry) == after and header is not None:  # a header not first stays there
                if out[-1].strip():
                    out.append("\n")
                out += header.body + header.gap
        text = "".join(out)
        return text if text.endswith("\n") or not text else text + "\n"

    def _entry_lines(self, entry: polib.POEntry, source: _Source | None, state: _FieldState) -> list[str]:
        """An entry's lines: its own for each field that did not change, polib's for the others."""
        if source is None or state["key"] != source.state["key"]:
            return entry.__unicode__(self.wrapwidth).splitlines(keepends=True)
        old = source.state
        groups: dict[str, list[str]] = {}
        grouped = _line_groups(source.body)
        for group, line in grouped:
            groups.setdefault(group, []).append(line)
        moved = old["obsolete"] != state["obsolete"]
        if moved:  # obsolete <-> live: the same strings with or without the "#~ " mark
            for group in ("previous", "key", "str"):
                groups[group] = [_obsolete_line(line, bool(entry.obsolete)) for line in groups.get(group, [])]
        comments = ("tcomment", "comment", "occurrences", "flags", "previous")
        if not moved and all(old[g] == state[g] for g in comments):
            head = [line for group, line in grouped if group in comments]
        else:
            head = []
            for group in comments:
                if old[group] == state[group]:
                    head += groups.get(group, [])
                else:
                    head += _polib_field_lines(entry, group, self.wrapwidth)
        if entry.obsolete:  # polib and msgmerge keep no extracted comments or references in obsolete entries
            head = [line for line in head if _line_group(line) not in ("comment", "occurrences")]
        strings = groups.get("str", []) if old["str"] == state["str"] else \
            _polib_field_lines(entry, "str", self.wrapwidth)
        return head + groups.get("key", []) + strings


def _obsolete_line(line: str, obsolete: bool) -> str:
    """A string or ``#|`` line of an entry marked obsolete (``#~ ``), or with that mark removed."""
    text = line.lstrip()
    if obsolete:
        return line if text.startswith("#~") else ("#~" + line[1:] if text.startswith("#|") else "#~ " + line)
    if not text.startswith("#~"):
        return line
    rest = text[2:]
    return "#" + rest if rest.startswith("|") else rest[1:] if rest.startswith(" ") else rest


def _polib_field_lines(entry: polib.POEntry, group: str, wrapwidth: int) -> list[str]:
    """polib's lines for one field group of ``entry`` (written alone, from a copy holding only that field)."""
    copy = polib.POEntry(msgid="", obsolete=entry.obsolete)
    if group == "str":
        if entry.msgid_plural:
            copy.msgid_plural = "x"
            copy.msgstr_plural = dict(entry.msgstr_plural)
        else:
            copy.msgstr = entry.msgstr
        lines = copy.__unicode__(wrapwidth).splitlines(keepends=True)
        return lines[2 if entry.msgid_plural else 1 :]  # after the copy's one-line msgid (and msgid_plural)
    if group == "previous":
        copy.previous_msgctxt, copy.previous_msgid = entry.previous_msgctxt, entry.previous_msgid
        copy.previous_msgid_plural = entry.previous_msgid_plural
    else:
        setattr(copy, group, getattr(entry, group))
    return [line for kind, line in _line_groups(copy.__unicode__(wrapwidth).splitlines(keepends=True))
            if kind == group]


def load_catalog(path: str, *, text: str | None = None, encoding: str | None = None) -> polib.POFile:
    """Parse a PO file (or ``text`` given for it) with polib, refusing anything polib would get wrong.

    The text is checked first by :mod:`termalign.formats.po_syntax` (strict gettext grammar, duplicates,
    plural forms), so every syntax problem is an :class:`InputError` naming the file and line; then the
    entries polib read are counted against those the check saw, so an entry polib drops is reported too.
    The catalog keeps the charset of its header (``catalog.encoding``) for writing back.
    """
    name = display_name(path)
    if text is None:
        text = decode_po(read_bytes(path), name, encoding, exact=True)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("not a valid PO file: NUL character", file=name, line=line,
                         hint="a PO file is text; remove the NUL byte")
    odd = _LINE_BREAKS.search(text)
    if odd:
        # polib splits lines with str.splitlines(), which also breaks at these: the entry would be misread.
        raise InputError(f"not a valid PO file: the control character U+{ord(odd.group()):04X} (a line break for "
                         "many tools) inside a line", file=name, line=text.count("\n", 0, odd.start()) + 1,
                         hint="remove it, or write it as an escape such as \\v or \\f")
    stats = check_po_text(text, name, keep_keys=True)
    try:
        # polib takes a one-line string for a path; a trailing newline rules that out.
        catalog = polib.pofile(text if text.endswith("\n") else text + "\n", wrapwidth=78, klass=SourcedCatalog)
    except OSError as exc:
        message = str(exc)
        match = _POLIB_LINE.search(message)
        raise InputError("not a valid PO file: syntax error", file=name,
                         line=int(match.group(1)) if match else None,
                         hint="check it with msgfmt -c") from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise InputError(f"cannot read PO file: {exc}", file=name,
                         hint="the header's charset must match the file's encoding") from None
    verify_catalog(catalog, stats, name)
    charset = declared_charset(text)
    content_type = next((v for k, v in catalog.metadata.items() if k.strip().lower() == "content-type"), "")
    parsed = declared_charset("Content-Type: " + content_type)
    if parsed.lower() != charset.lower():
        raise InputError(f"the header's Content-Type charset reads as {parsed!r} once its strings are joined, "
                         f"but as {charset!r} on its line", file=name,
                         hint="write the whole Content-Type header on one line ending with \\n")
    text_codec(charset, name)  # unknown, or not a text encoding (hex, punycode): refused by name
    catalog.encoding = charset  # polib guesses on its own; write back in the charset the file is read with
    assert isinstance(catalog, SourcedCatalog)
    catalog.attach_source(text, name, charset)
    return catalog


def verify_catalog(catalog: polib.POFile, stats: PoStats, name: str) -> None:
    """Raise :class:`InputError` when polib's catalog lacks an entry the syntax check counted."""
    live = [e for e in catalog if not e.obsolete]
    obsolete = len(catalog) - len(live)
    if len(live) == stats.entries and obsolete == stats.obsolete:
        mine = [(ctxt if ctxt is None else polib.unescape(ctxt), polib.unescape(msgid))
                for ctxt, msgid in stats.keys if msgid or ctxt is not None]
        if mine == [(e.msgctxt, e.msgid) for e in live]:
            return
    theirs = {(e.msgctxt, e.msgid) for e in live}
    missing = next((key for key in stats.keys if key[1] and (key[0], polib.unescape(key[1])) not in theirs), None)
    what = f"the entry {missing[1][:40]!r}" if missing else f"{abs(stats.entries - len(live))} entr(y/ies)"
    raise InputError(
        f"the PO reader lost {what}: {stats.entries} live and {stats.obsolete} obsolete entries in the file, "
        f"{len(live)} and {obsolete} read",
        file=name,
        hint="please report this file; check it with msgfmt -c",
    )


def termalign_notes(comment: str) -> tuple[list[str], list[str]]:
    """An extracted comment split into (other lines, termalign's logical lines).

    polib wraps long comment lines when writing, and reading gives the pieces back as separate lines; a
    line that does not start with ``termalign:`` but follows one of termalign's is a continuation and is
    joined back to it. Lines before the first ``termalign:`` line belong to someone else (xgettext notes).
    """
    other: list[str] = []
    notes: list[str] = []
    for line in comment.split("\n") if comment else []:
        if line.startswith(MARKER):
            notes.append(line)
        elif notes:
            # polib's wrapping breaks words after a hyphen ("kidney-" / "stones.id.txt"): no space there.
            glue = "" if re.search(r"\w-$", notes[-1]) else " "
            notes[-1] = f"{notes[-1]}{glue}{line}".rstrip()
        else:
            other.append(line)
    return other, notes
