"""Turn files and texts into checkable :class:`~termalign.checks.base.Unit` objects, with their locations.

* **PO** (``.po``/``.pot``): one unit per translated entry (each plural form separately); the unit's line is
  the ``msgstr`` line, so ``file:line`` points at the translation. Read by the streaming reader of
  :mod:`termalign.checks.catalogs` (one entry in memory at a time, a megabyte of text decoded at a time: a
  164,000-entry catalog checks in bounded memory; strict gettext syntax, errors name the line). Fuzzy and
  obsolete entries and the header are skipped unless asked, and so are key names (a ``msgctxt`` of
  ``keyboard label``: :data:`KEY_LABEL_CONTEXT`). A translator comment ``# termalign: ignore CODE``
  (several codes separated by commas or spaces; no code = every check) silences findings in that entry, and so
  does the same text in an extracted comment (``#.``, written by the program's developers next to the string).
  Comments are never checked as text: only the ``msgstr`` is.
* **MO** (``.mo``): read with :func:`termalign.checks.catalogs.iter_mo_entries`; no line numbers, so
  locations name the entry (its ``msgid``).
* **TMX** (``.tmx``): one unit per ``<tu>`` with an English and an Indonesian ``<tuv>``; inline codes
  (``<bpt>``, ``<ph>``...) are left out of the checked text. Parsed with defusedxml (entity attacks refused),
  incrementally. A ``<note>termalign: ignore CODE</note>`` in the ``<tu>`` silences findings there.
* **plain text** in one language: one unit per non-empty line (offsets are columns in that line).
* **a source/target text pair**: aligned by :func:`termalign.pipeline.align_texts`; one unit per bead with text on
  both sides (the target sentences joined by a space); unaligned target sentences become monolingual units.
* **an existing alignment** (:class:`AlignmentInput`): the same units from an :class:`~termalign.model.Alignment`
  already made (a report's beads), without aligning again.

:func:`open_input` picks the reader from the file name. :class:`Required` wraps an input that must give
something to check: ``termalign check`` refuses an input with no unit (exit status 2) unless ``--allow-empty``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from termalign.checks.base import IGNORE_ALL, Unit
from termalign.checks.catalogs import PoEntry, entry_of, iter_mo_entries, iter_po_entries, iter_raw_entries
from termalign.errors import InputError
from termalign.formats.charset import header_charset
from termalign.model import glued, join_segments
from termalign.textio import MAX_INPUT_BYTES, decode, display_name, read_bytes, read_error, read_text

if TYPE_CHECKING:
    from termalign.model import Alignment
    from termalign.pipeline import PairSettings

__all__ = [
    "PO_SUFFIXES",
    "AlignmentInput",
    "MoInput",
    "PairInput",
    "PoEntry",
    "PoInput",
    "Required",
    "TextInput",
    "TmxInput",
    "XliffInput",
    "iter_po_entries",
    "open_input",
    "parse_ignore",
    "strip_accelerator",
]

#: Message contexts whose strings are key names ("keyboard label|Battery", "keyboard label|Delete": the label
#: printed on a key, kept as the key shows it by GTK's translators): not text to check.
KEY_LABEL_CONTEXT = re.compile(r"\bkeyboard label\b|\bkeysym\b|\bkey ?name\b", re.IGNORECASE)
_IGNORE = re.compile(r"termalign:\s*ignore\b[ \t]*([\w, \t-]*)", re.IGNORECASE)
_ENTRY_PREVIEW = 60


def parse_ignore(comment: str) -> frozenset[str]:
    """Codes named by ``termalign: ignore CODE[,CODE]`` in ``comment``; ``{"*"}`` for a bare ``ignore``."""
    codes: set[str] = set()
    for m in _IGNORE.finditer(comment):
        named = [c for c in re.split(r"[,\s]+", m.group(1)) if c]
        codes.update(named or [IGNORE_ALL])
    return frozenset(codes)


def strip_accelerator(text: str) -> str:
    """A catalog string without its keyboard-accelerator marker ("Op_acity" → "Opacity", "_File" → "File",
    "&File" → "File"), for word-level work such as term extraction. A label has one marker; a string with
    several ("show_hidden_files") is an identifier and is left as it is."""
    from termalign.checks.patterns import ACCELERATOR

    markers = [m.start() for m in ACCELERATOR.finditer(text)]
    return text[: markers[0]] + text[markers[0] + 1 :] if len(markers) == 1 else text


def _preview(msgid: str, msgctxt: str | None = None) -> str:
    text = " ".join(msgid.split())
    if len(text) > _ENTRY_PREVIEW:
        text = text[: _ENTRY_PREVIEW - 1] + "…"
    return f"{msgctxt}|{text}" if msgctxt else text


# ---------------------------------------------------------------------------------------------- PO


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
        lang, source_lang, fuzzy = self.lang, self.source_lang, self.include_fuzzy
        for raw in iter_raw_entries(_po_blocks(self.path, name, self.encoding), name):
            ctxt, msgid, plural, values, lines, tcomment, flags, _, _, _, extracted = raw
            if extracted and "termalign" in extracted:
                tcomment = f"{tcomment}\n{extracted}" if tcomment else extracted
            if not msgid:
                continue  # the header
            if flags and not fuzzy and "fuzzy" in flags:
                continue
            if ctxt and KEY_LABEL_CONTEXT.search(ctxt):
                continue
            if plural is None:
                msgstr = values[0]
                if msgstr:
                    yield Unit(
                        text=msgstr, lang=lang, source=msgid, source_lang=source_lang, file=name,
                        line=lines[-1], entry=_preview(msgid, ctxt), key=f"{ctxt}\x04{msgid}" if ctxt else msgid,
                        ignore=parse_ignore(tcomment) if tcomment and "termalign" in tcomment else _NO_IGNORE,
                        group=name,
                    )
                continue
            entry = entry_of(raw)
            entry.tcomment = tcomment
            yield from _entry_units(entry, name, lang, source_lang)


_CHUNK = 1 << 20
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NO_IGNORE: frozenset[str] = frozenset()


def _po_blocks(path: str, name: str, encoding: str | None) -> Iterator[str]:
    """A PO file decoded a megabyte at a time, each block ending at a line end (memory stays flat however big
    the catalog).

    Each block goes through :func:`termalign.textio.decode` (BOM, charset, NFC, bad bytes named with their
    line). The charset comes from ``encoding`` or the PO header. UTF-16/32 files (rare for PO) are read whole.
    """
    head = read_bytes(path) if str(path) == "-" else None
    try:
        handle = open(path, "rb") if head is None else None  # noqa: SIM115 - closed below
    except OSError:
        head = read_bytes(path)  # raises the InputError naming the problem
        handle = None
    try:
        first = head if head is not None else handle.read(_CHUNK)  # type: ignore[union-attr]
        charset = encoding or header_charset(first)
        if first.startswith(_WIDE_BOMS) or head is not None:
            rest = b"" if head is not None else handle.read()  # type: ignore[union-attr]
            yield decode(first + rest, name=name, encoding=charset)
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
                if b"\x00" * 8 in more or len(data) > MAX_INPUT_BYTES:  # /dev/zero, or a stream with no line end
                    raise InputError("looks like a binary file (no line end, NUL bytes or over "
                                     f"{MAX_INPUT_BYTES >> 20} MB)", file=name, line=lines_before + 1)
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
            yield text
            if not more:
                break
    finally:
        if handle is not None:
            handle.close()


def _entry_units(entry: PoEntry, name: str, lang: str, source_lang: str) -> Iterator[Unit]:
    """The units of one catalog entry: its ``msgstr``, or each non-empty ``msgstr[N]`` of a plural entry."""
    msgid, msgctxt, tcomment = entry.msgid, entry.msgctxt, entry.tcomment
    if msgctxt and KEY_LABEL_CONTEXT.search(msgctxt):
        return
    ignore = parse_ignore(tcomment) if tcomment and "termalign" in tcomment else _NO_IGNORE
    key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
    preview = _preview(msgid, msgctxt)
    lines = entry.msgstr_lines
    if entry.msgid_plural is not None:
        for k in sorted(entry.msgstr_plural):
            value = entry.msgstr_plural[k]
            if value:
                yield Unit(
                    text=value, lang=lang, source=msgid if k == 0 else entry.msgid_plural,
                    source_lang=source_lang, file=name, line=lines.get(k) or None, entry=preview,
                    key=f"{key}\x00{k}", ignore=ignore, group=name,
                )
    elif entry.msgstr:
        yield Unit(
            text=entry.msgstr, lang=lang, source=msgid, source_lang=source_lang, file=name,
            line=lines.get(-1) or None, entry=preview, key=key, ignore=ignore, group=name,
        )


@dataclass(frozen=True)
class MoInput:
    """A compiled MO catalog to check (no line numbers: locations name the entry).

    Strings are composed (NFC) like every text termalign reads, so glossary forms match them.
    """

    path: str
    lang: str = "id"
    source_lang: str = "en"

    def units(self) -> Iterator[Unit]:
        name = display_name(self.path)
        for entry in iter_mo_entries(read_bytes(self.path, binary=True), name):
            _compose(entry)
            yield from _entry_units(entry, name, self.lang, self.source_lang)


def _compose(entry: PoEntry) -> None:
    """NFC-compose an MO entry's strings in place (most are ASCII and left as they are)."""
    for attr in ("msgid", "msgid_plural", "msgctxt", "msgstr"):
        value = getattr(entry, attr)
        if value is not None and not value.isascii():
            setattr(entry, attr, unicodedata.normalize("NFC", value))
    for k, value in entry.msgstr_plural.items():
        if not value.isascii():
            entry.msgstr_plural[k] = unicodedata.normalize("NFC", value)


# --------------------------------------------------------------------------------------------- TMX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


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

        from termalign.formats.tmx import seg_text

        name = display_name(self.path)
        target_prefixes = (self.target_lang, "in") if self.target_lang == "id" else (self.target_lang,)
        count = 0
        root: str | None = None
        body = False
        try:
            for event, elem in iterparse(os.fspath(self.path), events=("start", "end")):
                tag = _local(elem.tag)
                if event == "start":
                    if root is None:
                        root = tag
                        if tag != "tmx":
                            raise InputError(f"not a TMX file: the root element is <{tag}>, not <tmx>", file=name,
                                             hint="termalign reads TMX 1.4 translation memories")
                    elif tag == "body":
                        body = True
                    continue
                if tag != "tu":
                    continue
                count += 1
                source = target = None
                notes = []
                for child in elem:
                    ctag = _local(child.tag)
                    if ctag == "note":
                        notes.append(child.text or "")
                    if ctag != "tuv":
                        continue
                    lang = (child.get(_XML_LANG) or child.get("lang") or "").lower()
                    seg = next((c for c in child if _local(c.tag) == "seg"), None)
                    if seg is None:
                        continue
                    if lang.split("-")[0] == self.source_lang and source is None:
                        source = seg_text(seg, subflows=False)
                    elif lang.split("-")[0] in target_prefixes and target is None:
                        target = seg_text(seg, subflows=False)
                tuid = elem.get("tuid")
                elem.clear()
                if target:
                    ident = tuid or f"#{count}"
                    yield Unit(
                        text=target, lang=self.target_lang, source=source, source_lang=self.source_lang,
                        file=name, entry=ident, key=f"{tuid or ''}\x04{source or ''}",
                        ignore=parse_ignore("\n".join(notes)) if notes else frozenset(), group=name,
                    )
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            raise read_error(exc, name) from None
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else None
            raise InputError(f"not well-formed TMX: {exc}", file=name, line=line) from None
        except DefusedXmlException as exc:
            raise InputError(f"refused unsafe XML ({type(exc).__name__})", file=name,
                             hint="entity declarations are not allowed in TMX input") from None
        except LookupError as exc:  # an XML declaration naming an encoding Python does not know
            raise InputError(f"unknown encoding in the XML declaration ({exc})", file=name,
                             hint="save the file as UTF-8 and say encoding=\"UTF-8\"") from None
        if not body:
            raise InputError("not a TMX file: no <body> element", file=name,
                             hint="termalign reads TMX 1.4 translation memories")


@dataclass(frozen=True)
class XliffInput:
    """An XLIFF 1.2 or 2.x file to check (:mod:`termalign.formats.xliff`): one unit per segment with a target,
    located at the ``<target>`` line, its entry the unit id; unconfirmed states (``needs-*``, ``initial``) are
    skipped unless ``include_fuzzy``. A ``<note>termalign: ignore CODE</note>`` silences findings there."""

    path: str
    lang: str = "id"
    source_lang: str = "en"
    include_fuzzy: bool = False

    def units(self) -> Iterator[Unit]:
        from termalign.formats.xliff import read_xliff

        name = display_name(self.path)
        for u in read_xliff(read_bytes(self.path, binary=True), name=name).units:
            if u.target and (self.include_fuzzy or u.confirmed):
                yield Unit(text=u.target, lang=self.lang, source=u.source, source_lang=self.source_lang, file=name,
                           line=u.line, entry=u.id, key=f"{u.id}\x04{u.source}", group=name,
                           ignore=parse_ignore("\n".join(u.notes)) if u.notes else _NO_IGNORE,
                           source_line=u.source_line)


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
    """An English text and its Indonesian translation, aligned first by :func:`termalign.pipeline.align_texts`.

    Give paths (``source``/``target``) or texts (``source_text``/``target_text`` with optional names).
    ``settings`` are the pipeline's (language check, the glossary merged into the aligner's dictionary, what
    to do with texts that are not translations); by default the same as ``termalign align`` uses, so a swapped
    or unrelated pair is refused with the same message.
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
    settings: PairSettings | None = None

    def units(self) -> Iterator[Unit]:
        from termalign.pipeline import PairSettings, align_texts

        settings = self.settings or PairSettings(source_lang=self.source_lang, target_lang=self.target_lang,
                                                 source_encoding=self.encoding, target_encoding=self.encoding)
        src = self.source_text if self.source_text is not None else read_text(
            self._path(self.source), encoding=settings.source_encoding)
        tgt = self.target_text if self.target_text is not None else read_text(
            self._path(self.target), encoding=settings.target_encoding)
        src_name = self.source_name or (display_name(self.source) if self.source else "<source>")
        tgt_name = self.target_name or (display_name(self.target) if self.target else "<target>")
        alignment = align_texts(src, tgt, settings, source_name=src_name, target_name=tgt_name)
        yield from AlignmentInput(alignment).units()

    @staticmethod
    def _path(path: str | None) -> str:
        if path is None:
            raise ValueError("PairInput needs source and target paths or texts")
        return path


@dataclass(frozen=True)
class AlignmentInput:
    """The beads of an existing :class:`~termalign.model.Alignment` as check units (no aligning again).

    One unit per bead with a target side: the target text as written (:func:`~termalign.model.join_segments`, as
    :meth:`Alignment.bead_text`), the source text as its source (none for a 0-1 bead), entry ``"bead N"``
    (1-based, counting every bead; ``"beads N-M"`` for beads whose target sentences are glued together, which make
    one unit so the glued-words check sees the glue), the line of the first target sentence (and of the first
    source sentence for findings about the source). Findings then point at the very beads a report shows.
    :class:`PairInput` aligns two texts and checks them through this.
    """

    alignment: Alignment

    def units(self) -> Iterator[Unit]:
        a = self.alignment
        name = a.target_name or "<target>"
        # Beads whose target sentences touch (no space between: the splitter cut "tinggiDiabetes" apart) make
        # one unit, written as the target has it, so that the glued-words check sees the glue.
        groups: list[list[int]] = []
        for number, bead in enumerate(a.beads, start=1):
            if not bead.target_index:
                continue
            if groups and glued(a.target[a.beads[groups[-1][-1] - 1].target_index[-1]],
                                a.target[bead.target_index[0]]):
                groups[-1].append(number)
            else:
                groups.append([number])
        for numbers in groups:
            targets = [a.target[i] for n in numbers for i in a.beads[n - 1].target_index]
            sources = [a.source[i] for n in numbers for i in a.beads[n - 1].source_index]
            text = join_segments(targets)[0]
            source = join_segments(sources)[0] if sources else None
            entry = f"bead {numbers[0]}" if len(numbers) == 1 else f"beads {numbers[0]}-{numbers[-1]}"
            yield Unit(
                text=text, lang=a.target_lang, source=source, source_lang=a.source_lang, file=name,
                line=targets[0].line, entry=entry, key=f"{source or ''}\x04{text}", group=name,
                source_line=sources[0].line if sources else None,
            )


# ----------------------------------------------------------------------------------- nothing to check

#: Why an input of each kind can give no unit, and what to look at (for :class:`Required`'s message).
_EMPTY_REASONS: dict[type, tuple[str, str]] = {
    PoInput: ("no translated entry", "an empty or untranslated catalog; fuzzy entries count with --include-fuzzy"),
    MoInput: ("no translated entry", "an empty catalog"),
    TmxInput: ("no <tu> with a <seg> in a target-language <tuv>",
               'every <tuv> needs xml:lang="en" or xml:lang="id" (or "in")'),
    XliffInput: ("no unit with a finished translation", "units in a needs-* or initial state count with "
                 "--include-fuzzy"),
    TextInput: ("the text is empty", "a text to check has at least one non-blank line"),
}


@dataclass(frozen=True)
class Required:
    """An input that must give at least one unit: otherwise its :meth:`units` raises :class:`InputError` once
    the input is exhausted (``nothing to check``). A CI gate must not pass on a file it could not read: a TMX
    whose ``<tuv>`` carry no language, an empty catalog or text, would otherwise report "0 findings"."""

    input: PoInput | MoInput | TmxInput | XliffInput | TextInput | PairInput | AlignmentInput

    def units(self) -> Iterator[Unit]:
        empty = True
        for unit in self.input.units():
            empty = False
            yield unit
        if empty:
            reason, hint = _EMPTY_REASONS.get(type(self.input), ("no text to check", ""))
            raise InputError(f"nothing to check: {reason}", file=self.name,
                             hint=f"{hint}; pass --allow-empty if an empty input is expected" if hint
                             else "pass --allow-empty if an empty input is expected")

    @property
    def name(self) -> str:
        """The input's name as messages show it."""
        item = self.input
        if isinstance(item, (PoInput, MoInput, TmxInput, XliffInput)):
            return display_name(item.path)
        if isinstance(item, TextInput):
            return item.name or (display_name(item.path) if item.path else "<text>")
        if isinstance(item, PairInput):
            return item.target_name or (display_name(item.target) if item.target else "<target>")
        return item.alignment.target_name or "<target>"


# ------------------------------------------------------------------------------------------- choose

PO_SUFFIXES = (".po", ".pot")


def open_input(path: str, *, lang: str | None = None, encoding: str | None = None, include_fuzzy: bool = False
               ) -> PoInput | MoInput | TmxInput | XliffInput | AlignmentInput | TextInput:
    """The input reader for ``path``, chosen by its extension (``.po``/``.pot``, ``.mo``, ``.tmx``,
    ``.xlf``/``.xliff``, ``.json`` for a termalign alignment, else text).

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
    if suffix in (".xlf", ".xliff"):
        return XliffInput(str(path), lang=lang or "id", include_fuzzy=include_fuzzy)
    if suffix == ".json":
        from termalign.formats.aligned import read_aligned

        return AlignmentInput(read_aligned(path, fmt="json"))
    if lang is None:
        from termalign.lang.langid import document_language

        text = read_text(path, encoding=encoding)
        detected = document_language(text.split("\n"))
        if detected is None:
            raise InputError("cannot tell whether this text is English or Indonesian", file=display_name(path),
                             hint="give the language with --lang en or --lang id")
        return TextInput(text=text, lang=detected, name=display_name(path))
    return TextInput(str(path), lang=lang, encoding=encoding)
