"""Reading already-aligned data back into an :class:`~termalign.model.Alignment`: termalign JSON, PO, TMX, TSV.

This is how the later stages (term extraction, checks, reports) take input that was aligned earlier, by
termalign or by another tool, and how users bring their own translation memories or catalogs.
The format is taken from the file extension, or sniffed from the content when the extension says nothing.
"""

from __future__ import annotations

import os
import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import polib

from termalign.errors import InputError
from termalign.formats.json_ import from_json
from termalign.formats.po import MARKER, decode_po, load_catalog, termalign_notes
from termalign.formats.registry import ALIGNMENTS
from termalign.formats.tmx import read_tmx, tmx_to_alignment
from termalign.formats.tsv import from_tsv
from termalign.model import Alignment, Bead, Segment
from termalign.textio import decode, display_name, read_bytes

ALIGNED_FORMATS = tuple(sorted(ALIGNMENTS.readable))
_SCORE = re.compile(re.escape(MARKER) + r" \S+ bead \d+ \([^)]*\), score (\d+(?:\.\d+)?)")


def guess_format(path: str | os.PathLike[str], data: bytes | None = None) -> str | None:
    """The aligned-data format of a file from its extension, else from its first bytes; None if unknown."""
    fmt = ALIGNMENTS.by_extension(path)
    if fmt or data is None:
        return fmt
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    if b"<xliff" in head:
        return "xliff"
    if head.startswith(b"<?xml") or head.startswith(b"<tmx") or b"<tmx" in head:
        return "tmx"
    if re.search(rb"^msgid ", head, re.MULTILINE):
        return "po"
    if head[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
        return "mo"
    if b"\t" in head.split(b"\n", 1)[0]:
        return "tsv"
    return None


def _binary(path: str | os.PathLike[str]) -> bool:
    """Whether a file is read as binary data (an MO catalog) rather than as text (NUL bytes refused)."""
    return ALIGNMENTS.by_extension(path) == "mo"


def po_to_alignment(
    catalog: polib.POFile,
    *,
    name: str = "<po>",
    source_lang: str = "en",
    target_lang: str | None = None,
    include_obsolete: bool = False,
) -> Alignment:
    """An :class:`Alignment` from a PO catalog: one bead per entry (header and obsolete entries skipped).

    msgid is the source segment; msgstr (``msgstr[0]`` for plural entries) the target, an empty one giving a
    1-0 bead. The score is the one termalign wrote in the entry's ``#.`` comment when there is one, else 1.0
    for a translated entry and 0.0 for a fuzzy one (unconfirmed). Both segments' ``line`` is the line where
    the entry starts in the PO file; offsets index the segments joined by newlines.
    """
    rows: list[tuple[str, str, float, int]] = []
    for entry in catalog:
        if entry.obsolete and not include_obsolete:
            continue
        if not entry.msgid:
            continue
        msgstr = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
        match = next(filter(None, (_SCORE.match(note) for note in termalign_notes(entry.comment)[1])), None)
        unconfirmed = 0.0 if "fuzzy" in entry.flags else 1.0
        score = float(match.group(1)) if match else unconfirmed
        if not 0.0 <= score <= 1.0:  # a hand-edited comment: fall back to what the flags say
            score = unconfirmed
        rows.append((entry.msgid, msgstr, score, getattr(entry, "linenum", None) or 1))  # MO entries have none
    lang = target_lang or (catalog.metadata.get("Language") or "id").split("_")[0].split("-")[0] or "id"
    return _catalog_alignment(rows, name=name, source_lang=source_lang, target_lang=lang)


def _catalog_alignment(
    rows: Iterable[tuple[str, str, float, int]], *, name: str, source_lang: str, target_lang: str
) -> Alignment:
    """One bead per catalog entry ``(msgid, msgstr, score, line)``; an empty msgstr gives a 1-0 bead."""
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    for msgid, msgstr, score, line in rows:
        indices: list[tuple[int, ...]] = []
        for text, segments in ((msgid, source), (msgstr, target)):
            if not text:
                indices.append(())
                continue
            start = segments[-1].end + 1 if segments else 0
            segments.append(Segment(text=text, index=len(segments), start=start, end=start + len(text), line=line))
            indices.append((len(segments) - 1,))
        beads.append(Bead(source_index=indices[0], target_index=indices[1], score=score))
    return Alignment(source=tuple(source), target=tuple(target), beads=tuple(beads), source_lang=source_lang,
                     target_lang=target_lang, source_name=name, target_name=name)


def read_aligned(
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    data: bytes | None = None,
) -> Alignment:
    """Read an aligned file (``-`` for standard input) of format ``fmt`` (guessed when None); ``data`` is its
    content when already read.

    Raises :class:`InputError` when the format cannot be told or the file is malformed.
    """
    name = display_name(path)
    if data is None:
        data = read_bytes(path, binary=_binary(path))
    chosen = fmt or guess_format(path, data)
    if chosen not in ALIGNED_FORMATS:
        raise InputError(
            "cannot tell the format of this aligned file" if chosen is None else f"unknown format {chosen!r}",
            file=name,
            hint="use a .json, .jsonl, .po, .mo, .tmx, .xlf or .tsv file, or name the format",
        )
    reader = ALIGNMENTS[chosen].read_function()
    alignment: Alignment = reader(data, name=name, encoding=encoding, source_lang=source_lang,
                                  target_lang=target_lang)
    return alignment


# The readers of the formats in :data:`termalign.formats.registry.ALIGNMENTS`: one signature for all of them.


def alignment_from_json(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
              target_lang: str | None = None) -> Alignment:
    """termalign JSON (the languages are the file's own)."""
    return from_json(decode(data, name=name, encoding=encoding), name=name)


def alignment_from_tsv(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
             target_lang: str | None = None) -> Alignment:
    """Aligned TSV (English and Indonesian unless the languages are given)."""
    text = decode(data, name=name, encoding=encoding)
    return from_tsv(text, name=name, source_lang=source_lang or "en", target_lang=target_lang or "id")


def alignment_from_po(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
            target_lang: str | None = None) -> Alignment:
    """A PO catalog, decoded in the charset its header declares (see :func:`po_to_alignment`)."""
    catalog = load_catalog(name, text=decode_po(data, name, encoding))
    return po_to_alignment(catalog, name=name, source_lang=source_lang or "en", target_lang=target_lang)


def alignment_from_tmx(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
             target_lang: str | None = None) -> Alignment:
    """A TMX file (its XML declaration names the encoding; ``encoding`` is not used)."""
    document = read_tmx(data, name=name)
    return tmx_to_alignment(document, source_lang=source_lang, target_lang=target_lang)


def alignment_from_mo(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
                      target_lang: str | None = None) -> Alignment:
    """A compiled MO catalog, read by polib (its header names the charset; ``encoding`` is not used): one bead
    per entry as for PO (:func:`po_to_alignment`), strings composed (NFC) like every text termalign reads, and
    no line numbers (every segment is on line 1)."""
    try:
        catalog = polib.mofile(bytes(data))  # type: ignore[call-overload]  # polib reads the bytes themselves too
    except (OSError, ValueError, UnicodeDecodeError, struct.error) as exc:
        raise InputError(f"not a valid MO file ({exc})", file=name, hint="is it a compiled gettext catalog?") from None
    for entry in catalog:
        entry.msgid = unicodedata.normalize("NFC", entry.msgid)
        entry.msgstr = unicodedata.normalize("NFC", entry.msgstr or "")
        entry.msgstr_plural = {k: unicodedata.normalize("NFC", v) for k, v in entry.msgstr_plural.items()}
    return po_to_alignment(catalog, name=name, source_lang=source_lang or "en", target_lang=target_lang)


# -- several inputs -------------------------------------------------------------------------------------------

class AlignedInput(NamedTuple):
    """One aligned file read by :func:`iter_aligned_inputs`: its name as messages show it, its format (a name
    of :data:`termalign.formats.registry.ALIGNMENTS`) and its alignment."""

    name: str
    fmt: str
    alignment: Alignment


def iter_aligned_inputs(
    paths: Sequence[str | os.PathLike[str]],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    encoding: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Iterator[AlignedInput]:
    """Each aligned file that ``paths`` name (files and folders, walked by
    :func:`termalign.formats.inputs_walk.expand_inputs` with the ``include``/``exclude`` globs), read one at a
    time, in order: what ``termalign terms --aligned A --aligned DIR`` pools."""
    from termalign.formats.inputs_walk import ALIGNED_SUFFIXES, expand_inputs

    for path in expand_inputs([os.fspath(p) for p in paths], include, exclude, suffixes=ALIGNED_SUFFIXES):
        name = display_name(path)
        data = read_bytes(path, binary=_binary(path))
        fmt = guess_format(path, data)
        alignment = read_aligned(path, fmt=fmt, encoding=encoding, source_lang=source_lang,
                                 target_lang=target_lang, data=data)
        yield AlignedInput(name, fmt or "", alignment)
