"""Turn files and texts into checkable :class:`~termalign.checks.base.Unit` objects, with their locations.

* **PO** (``.po``/``.pot``): one unit per translated entry (each plural form separately); the unit's line is
  the ``msgstr`` line, so ``file:line`` points at the translation. Read by a streaming reader (one entry in
  memory at a time: a 164,000-entry catalog checks in bounded memory), with polib's unescaping. Fuzzy and
  obsolete entries and the header are skipped unless asked. A translator comment ``# termalign: ignore CODE``
  (several codes separated by commas or spaces; no code = every check) silences findings in that entry.
* **MO** (``.mo``): read with polib; no line numbers, so locations name the entry (its ``msgid``).
* **TMX** (``.tmx``): one unit per ``<tu>`` with an English and an Indonesian ``<tuv>``; inline codes
  (``<bpt>``, ``<ph>``...) are left out of the checked text. Parsed with defusedxml (entity attacks refused),
  incrementally. A ``<note>termalign: ignore CODE</note>`` in the ``<tu>`` silences findings there.
* **plain text** in one language: one unit per non-empty line (offsets are columns in that line).
* **a source/target text pair**: aligned with :func:`termalign.align.align`; one unit per bead with text on
  both sides (the target sentences joined by a space); unaligned target sentences become monolingual units.

:func:`open_input` picks the reader from the file name.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from termalign.checks.base import IGNORE_ALL, Unit
from termalign.errors import InputError
from termalign.textio import decode, display_name, read_bytes, read_text

_IGNORE = re.compile(r"termalign:\s*ignore\b[ \t]*([\w, \t-]*)", re.IGNORECASE)
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_ENTRY_PREVIEW = 60


def parse_ignore(comment: str) -> frozenset[str]:
    """Codes named by ``termalign: ignore CODE[,CODE]`` in ``comment``; ``{"*"}`` for a bare ``ignore``."""
    codes: set[str] = set()
    for m in _IGNORE.finditer(comment):
        named = [c for c in re.split(r"[,\s]+", m.group(1)) if c]
        codes.update(named or [IGNORE_ALL])
    return frozenset(codes)


def _preview(msgid: str, msgctxt: str | None = None) -> str:
    text = " ".join(msgid.split())
    if len(text) > _ENTRY_PREVIEW:
        text = text[: _ENTRY_PREVIEW - 1] + "…"
    return f"{msgctxt}|{text}" if msgctxt else text


# ---------------------------------------------------------------------------------------------- PO


@dataclass
class PoEntry:
    """One PO entry as the streaming reader sees it (only what the checks need)."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    msgstr_lines: dict[int, int] = field(default_factory=dict)
    line: int = 0
    tcomment: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')


def _unquote(raw: str, name: str, line: int) -> str:
    raw = raw.strip()
    if len(raw) < 2 or not raw.startswith('"') or not raw.endswith('"'):
        raise InputError("malformed PO string (expected text in double quotes)", file=name, line=line,
                         hint="check the quoting on this line")
    body = raw[1:-1]
    if "\\" not in body:
        return body
    import polib

    return str(polib.unescape(body))


def iter_po_entries(text: str | Iterable[str], name: str = "<po>") -> Iterator[PoEntry]:
    """Entries of a PO text (a string or its lines) in file order; obsolete (``#~``) entries are skipped.

    Raises :class:`InputError` with the line number for lines that are not PO syntax.
    """
    entry = PoEntry()
    keyword: str | None = None
    index: int | None = None
    has_msgid = has_msgstr = False
    parts: list[str] = []

    def flush_string() -> None:
        nonlocal parts
        if keyword is None:
            return
        value = "".join(parts)
        if keyword == "msgctxt":
            entry.msgctxt = value
        elif keyword == "msgid":
            entry.msgid = value
        elif keyword == "msgid_plural":
            entry.msgid_plural = value
        elif keyword == "msgstr":
            entry.msgstr = value
        else:
            entry.msgstr_plural[index or 0] = value
        parts = []

    lines = io.StringIO(text) if isinstance(text, str) else text
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith('"'):
            if keyword is None:
                raise InputError("string continuation without a keyword before it", file=name, line=number)
            parts.append(_unquote(line, name, number))
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                flush_string()
                keyword = None
                continue
            if has_msgstr:
                flush_string()
                keyword = None
                yield entry
                entry, has_msgid, has_msgstr = PoEntry(), False, False
            if line.startswith("#,"):
                entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
            elif len(line) == 1 or line[1] in " \t":
                entry.tcomment.append(line[1:].strip())
            continue
        m = _KEYWORD.match(line)
        if m is None:
            raise InputError(f"not PO syntax: {line[:40]!r}", file=name, line=number,
                             hint="expected msgctxt, msgid, msgid_plural, msgstr or a quoted string")
        flush_string()
        kw = m.group(1)
        if kw in ("msgctxt", "msgid") and has_msgstr:
            yield entry
            entry, has_msgid, has_msgstr = PoEntry(), False, False
        if kw == "msgid":
            if not entry.line:
                entry.line = number
            has_msgid = True
        elif kw == "msgctxt":
            entry.line = number
        elif kw.startswith("msgstr"):
            if not has_msgid:
                raise InputError("msgstr without a msgid before it", file=name, line=number)
            has_msgstr = True
            index = int(m.group(2)) if m.group(2) is not None else None
            entry.msgstr_lines[index if index is not None else -1] = number
            kw = "msgstr" if index is None else "msgstr[]"
        keyword = kw
        parts = [_unquote(m.group(3), name, number)]
    flush_string()
    if has_msgstr:
        yield entry
    elif has_msgid:
        raise InputError("entry without msgstr at the end of the file", file=name, line=entry.line)


def _po_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    charset = m.group(1).decode("ascii", "replace").lower()
    return None if charset in ("utf-8", "utf8", "charset") else charset


@dataclass(frozen=True)
class PoInput:
    """A PO file to check (see the module docstring). ``lang`` is the language of its translations."""

    path: str
    lang: str = "id"
    source_lang: str = "en"
    include_fuzzy: bool = False
    encoding: str | None = None

    def units(self) -> Iterator[Unit]:
        name = display_name(self.path)
        for entry in iter_po_entries(_po_lines(self.path, name, self.encoding), name):
            if not entry.msgid:
                continue  # the header
            if "fuzzy" in entry.flags and not self.include_fuzzy:
                continue
            yield from _entry_units(
                entry.msgid, entry.msgid_plural, entry.msgctxt, entry.msgstr, entry.msgstr_plural,
                "\n".join(entry.tcomment), name, self.lang, self.source_lang, entry.msgstr_lines,
            )


_CHUNK = 1 << 20
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _po_lines(path: str, name: str, encoding: str | None) -> Iterator[str]:
    """The lines of a PO file, decoded a megabyte at a time (memory stays flat however big the catalog).

    Each block ends at a newline and goes through :func:`termalign.textio.decode` (BOM, charset, NFC, bad
    bytes named with their line). The charset comes from ``encoding`` or the PO header. UTF-16/32 files
    (rare for PO) are read whole.
    """
    head = read_bytes(path) if str(path) == "-" else None
    try:
        handle = open(path, "rb") if head is None else None  # noqa: SIM115 - closed below
    except OSError:
        head = read_bytes(path)  # raises the InputError naming the problem
        handle = None
    try:
        first = head if head is not None else handle.read(_CHUNK)  # type: ignore[union-attr]
        charset = encoding or _po_charset(first)
        if first.startswith(_WIDE_BOMS) or head is not None:
            rest = b"" if head is not None else handle.read()  # type: ignore[union-attr]
            yield from io.StringIO(decode(first + rest, name=name, encoding=charset))
            return
        pending = first
        lines_before = 0
        at_start = True
        while True:
            more = handle.read(_CHUNK) if handle is not None else b""
            data = pending + more
            if not data:
                break
            cut = data.rfind(b"\n") if more else len(data) - 1
            if cut < 0:
                pending = data
                continue
            block, pending = data[: cut + 1], data[cut + 1 :]
            try:
                text = decode(block, name=name, encoding=charset) if at_start else decode(
                    block, name=name, encoding=charset or "utf-8")
            except InputError as exc:
                exc.line = (exc.line or 1) + lines_before
                raise
            at_start = False
            lines_before += block.count(b"\n")
            yield from io.StringIO(text)
            if not more:
                break
    finally:
        if handle is not None:
            handle.close()


def _entry_units(
    msgid: str,
    msgid_plural: str | None,
    msgctxt: str | None,
    msgstr: str,
    msgstr_plural: dict[int, str],
    tcomment: str,
    name: str,
    lang: str,
    source_lang: str,
    lines: dict[int, int] | None,
) -> Iterator[Unit]:
    ignore = parse_ignore(tcomment) if tcomment and "termalign" in tcomment else frozenset()
    key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
    entry = _preview(msgid, msgctxt)
    if msgstr_plural:
        for k in sorted(msgstr_plural):
            value = msgstr_plural[k]
            if value:
                yield Unit(
                    text=value, lang=lang, source=msgid if k == 0 or not msgid_plural else msgid_plural,
                    source_lang=source_lang, file=name, line=(lines or {}).get(k), entry=entry,
                    key=f"{key}\x00{k}", ignore=ignore, group=name,
                )
    elif msgstr:
        yield Unit(
            text=msgstr, lang=lang, source=msgid, source_lang=source_lang, file=name,
            line=(lines or {}).get(-1), entry=entry, key=key, ignore=ignore, group=name,
        )


@dataclass(frozen=True)
class MoInput:
    """A compiled MO catalog to check (read with polib; locations name the entry, there are no lines)."""

    path: str
    lang: str = "id"
    source_lang: str = "en"

    def units(self) -> Iterator[Unit]:
        import polib

        name = display_name(self.path)
        try:
            catalog = polib.mofile(os.fspath(self.path))
        except (OSError, ValueError) as exc:
            raise InputError(
                f"cannot read MO file: {exc}", file=name, hint="is it a compiled gettext catalog?"
            ) from None
        for e in catalog:
            if not e.msgid or e.obsolete:
                continue
            plural = {int(k): v for k, v in e.msgstr_plural.items()} if e.msgstr_plural else {}
            yield from _entry_units(e.msgid, e.msgid_plural or None, e.msgctxt, e.msgstr, plural, e.tcomment or "",
                                    name, self.lang, self.source_lang, None)


# --------------------------------------------------------------------------------------------- TMX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _seg_text(seg: object) -> str:
    """The text of a ``<seg>`` without its inline codes (their tails are kept)."""
    parts: list[str] = [getattr(seg, "text", None) or ""]
    for child in list(seg):  # type: ignore[call-overload]
        if _local(child.tag) not in _INLINE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass(frozen=True)
class TmxInput:
    """A TMX translation memory to check: English ``<tuv>`` as source, Indonesian (``id``/``in``) as target."""

    path: str
    source_lang: str = "en"
    target_lang: str = "id"

    def units(self) -> Iterator[Unit]:
        from xml.etree.ElementTree import ParseError

        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import iterparse

        name = display_name(self.path)
        target_prefixes = (self.target_lang, "in") if self.target_lang == "id" else (self.target_lang,)
        count = 0
        try:
            for _event, elem in iterparse(os.fspath(self.path), events=("end",)):
                if _local(elem.tag) != "tu":
                    continue
                count += 1
                source = target = None
                notes = []
                for child in elem:
                    tag = _local(child.tag)
                    if tag == "note":
                        notes.append(child.text or "")
                    if tag != "tuv":
                        continue
                    lang = (child.get(_XML_LANG) or child.get("lang") or "").lower()
                    seg = next((c for c in child if _local(c.tag) == "seg"), None)
                    if seg is None:
                        continue
                    if lang.split("-")[0] == self.source_lang and source is None:
                        source = _seg_text(seg)
                    elif lang.split("-")[0] in target_prefixes and target is None:
                        target = _seg_text(seg)
                tuid = elem.get("tuid")
                elem.clear()
                if target:
                    ident = tuid or f"#{count}"
                    yield Unit(
                        text=target, lang=self.target_lang, source=source, source_lang=self.source_lang,
                        file=name, entry=ident, key=f"{tuid or ''}\x04{source or ''}",
                        ignore=parse_ignore("\n".join(notes)) if notes else frozenset(), group=name,
                    )
        except FileNotFoundError:
            raise InputError("no such file", file=name, hint="check the path") from None
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else None
            raise InputError(f"not well-formed TMX: {exc}", file=name, line=line) from None
        except DefusedXmlException as exc:
            raise InputError(f"refused unsafe XML ({type(exc).__name__})", file=name,
                             hint="entity declarations are not allowed in TMX input") from None


# --------------------------------------------------------------------------------------------- text


@dataclass(frozen=True)
class TextInput:
    """A plain text in one language: one unit per non-empty line. Give ``path`` or ``text`` (+ ``name``)."""

    path: str | None = None
    lang: str = "en"
    text: str | None = None
    name: str | None = None
    encoding: str | None = None

    def units(self) -> Iterator[Unit]:
        if self.text is not None:
            content, name = self.text, self.name or "<text>"
        elif self.path is not None:
            content, name = read_text(self.path, encoding=self.encoding), display_name(self.path)
        else:
            raise ValueError("TextInput needs a path or a text")
        for number, line in enumerate(content.split("\n"), start=1):
            if line.strip():
                yield Unit(text=line, lang=self.lang, source=None, file=name, line=number, key=line, group=name)


@dataclass(frozen=True)
class PairInput:
    """An English text and its Indonesian translation, aligned first (:func:`termalign.align.align`).

    Give paths (``source``/``target``) or texts (``source_text``/``target_text`` with optional names).
    """

    source: str | None = None
    target: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    source_name: str | None = None
    target_name: str | None = None
    source_lang: str = "en"
    target_lang: str = "id"
    encoding: str | None = None

    def units(self) -> Iterator[Unit]:
        from termalign.align import align

        src = self.source_text if self.source_text is not None else read_text(self._path(self.source),
                                                                              encoding=self.encoding)
        tgt = self.target_text if self.target_text is not None else read_text(self._path(self.target),
                                                                              encoding=self.encoding)
        src_name = self.source_name or (display_name(self.source) if self.source else "<source>")
        tgt_name = self.target_name or (display_name(self.target) if self.target else "<target>")
        alignment = align(src, tgt, source_lang=self.source_lang, target_lang=self.target_lang,
                          source_name=src_name, target_name=tgt_name)
        for number, bead in enumerate(alignment.beads, start=1):
            if not bead.target_index:
                continue
            targets = [alignment.target[i] for i in bead.target_index]
            sources = [alignment.source[i] for i in bead.source_index]
            text = " ".join(s.text for s in targets)
            source = " ".join(s.text for s in sources) if sources else None
            yield Unit(
                text=text, lang=self.target_lang, source=source, source_lang=self.source_lang, file=tgt_name,
                line=targets[0].line, entry=f"bead {number}", key=f"{source or ''}\x04{text}", group=tgt_name,
                source_line=sources[0].line if sources else None,
            )

    @staticmethod
    def _path(path: str | None) -> str:
        if path is None:
            raise ValueError("PairInput needs source and target paths or texts")
        return path


# ------------------------------------------------------------------------------------------- choose

PO_SUFFIXES = (".po", ".pot")


def open_input(path: str, *, lang: str | None = None, encoding: str | None = None, include_fuzzy: bool = False
               ) -> PoInput | MoInput | TmxInput | TextInput:
    """The input reader for ``path``, chosen by its extension (``.po``/``.pot``, ``.mo``, ``.tmx``, else text).

    Plain text needs ``lang`` (``en`` or ``id``); when it is None the language is detected from the text and an
    :class:`InputError` is raised if it cannot be decided.
    """
    suffix = Path(str(path)).suffix.lower()
    if suffix in PO_SUFFIXES:
        return PoInput(str(path), lang=lang or "id", include_fuzzy=include_fuzzy, encoding=encoding)
    if suffix == ".mo":
        return MoInput(str(path), lang=lang or "id")
    if suffix == ".tmx":
        return TmxInput(str(path))
    if lang is None:
        from termalign.langid import detect_document

        text = read_text(path, encoding=encoding)
        guess = detect_document(text.split("\n"))
        if guess.lang is None:
            raise InputError("cannot tell whether this text is English or Indonesian", file=display_name(path),
                             hint="give the language with --lang en or --lang id")
        return TextInput(text=text, lang=guess.lang, name=display_name(path))
    return TextInput(str(path), lang=lang, encoding=encoding)
