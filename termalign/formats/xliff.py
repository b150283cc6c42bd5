"""XLIFF 1.2 and 2.x: reading translation units safely, and writing an alignment as XLIFF 2.0.

XLIFF is what CAT tools and localisation platforms (Trados, memoQ, Phrase, Crowdin, Weblate, OmegaT through
Okapi, translate-toolkit's ``po2xliff``) exchange.

Reading (:func:`read_xliff`) uses defusedxml like the TMX reader (entity declarations and external references
are refused) and gives one :class:`XliffUnit` per segment with a source:

* **XLIFF 1.x** (``urn:oasis:names:tc:xliff:document:1.1``/``1.2``, or no namespace): each ``<trans-unit>``
  (its ``id``), its ``<source>`` and ``<target>``, the target's ``state`` and the unit's ``approved``, its
  ``<note>`` texts. The gettext header that ``po2xliff`` writes (``restype="x-gettext-domain-header"``) is not a
  unit. The languages are the ``<file>``'s ``source-language`` and ``target-language``.
* **XLIFF 2.x** (``urn:oasis:names:tc:xliff:document:2.0``/``2.1``/``2.2``): each ``<segment>`` of each
  ``<unit>`` (entry ``unit-id``, or ``unit-id/segment-id`` when a unit has several segments), the segment's
  ``state``, the unit's ``<notes>``. The languages are the root's ``srcLang`` and ``trgLang``.

Inline codes are left out of the text, as for TMX: the content of native-code elements (1.2 ``<bpt>``,
``<ept>``, ``<ph>``, ``<it>``, ``<ut>``; 2.x ``<ph>``, ``<sc>``, ``<ec>``, ``<sm>``, ``<em>`` are empty) is not
text; the content of ``<g>``, ``<pc>``, ``<mrk>`` is. ``line`` is the line of the ``<source>``/``<target>``
element, so a finding points at the unit id and its line.

A unit whose state says it is not a finished translation (1.2 ``new`` and the ``needs-*`` states; 2.x
``initial``) is *unconfirmed*, like a fuzzy PO entry: ``termalign check`` skips it unless ``--include-fuzzy``,
and as an alignment it is a bead scored 0.0 (1.0 otherwise).

Writing (:func:`to_xliff`): XLIFF 2.0 core, ``srcLang``/``trgLang`` from the alignment, one ``<file>`` (``id``
``f1``, ``original`` = the source file name), one ``<unit>`` per bead with a source side (``id`` = the bead
number, 1-based, as in TMX ``tuid`` and the JSON ``beads`` list), a ``<notes>`` with the bead's score and kind,
and one ``<segment>`` holding the bead's text as written (:meth:`~termalign.model.Alignment.bead_text`, as
every writer) whose ``state`` is ``translated`` for a bead scored at least ``fuzzy_below`` and
``initial`` below it or without a target. 0-1 beads (a target sentence with no source) have no place in XLIFF
and are left out. Deterministic (no dates).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from termalign.errors import InputError
from termalign.formats.tmx import _escape_attr, _escape_text, _local, parse_xml, seg_text
from termalign.model import Alignment, Bead, Segment

NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
#: Native-code elements whose content is not text (XLIFF 1.2; the 2.x code elements are empty).
_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut", "sc", "ec", "sm", "em", "x", "bx", "ex"})
#: Target states that do not make a finished translation.
UNCONFIRMED_STATES = frozenset({
    "new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
    "needs-review-adaptation", "needs-review-l10n", "initial",
})
DEFAULT_FUZZY_BELOW = 0.5


@dataclass(frozen=True)
class XliffUnit:
    """One source/target pair of an XLIFF file (a 1.x ``<trans-unit>`` or a 2.x ``<segment>``).

    ``target`` is None when there is no ``<target>`` (or it is empty); ``state`` is the target's or segment's
    state attribute (``""`` when absent), ``approved`` the 1.x ``approved`` attribute (None when absent).
    """

    id: str
    source: str
    target: str | None
    line: int | None
    source_line: int | None
    state: str = ""
    approved: bool | None = None
    notes: tuple[str, ...] = ()

    @property
    def confirmed(self) -> bool:
        """Whether the target is a finished translation (see the module docstring)."""
        return self.state not in UNCONFIRMED_STATES


@dataclass(frozen=True)
class XliffDocument:
    """A read XLIFF file: its version (``"1.2"``, ``"2.0"``...), languages and units in document order."""

    name: str
    version: str
    source_lang: str
    target_lang: str
    units: tuple[XliffUnit, ...]


def inline_text(element: ET.Element) -> str:
    """The plain text of a ``<source>``/``<target>``: text and ``<g>``/``<pc>``/``<mrk>`` content, without inline
    codes (TMX's walk, :func:`~termalign.formats.tmx.seg_text`, with XLIFF's code elements)."""
    return seg_text(element, subflows=False, codes=_CODE_ELEMENTS)


def read_xliff(data: bytes | str, *, name: str = "<xliff>") -> XliffDocument:
    """Parse an XLIFF 1.x or 2.x file (see the module docstring). Malformed XML, entities, a root that is not
    ``<xliff>``, a unit without an id or a source raise :class:`InputError` naming the line."""
    root, lines = parse_xml(data, name, kind="XLIFF")
    if _local(root.tag) != "xliff":
        raise InputError(f"not an XLIFF file: the root element is <{_local(root.tag)}>, not <xliff>", file=name,
                         line=lines.get(id(root)), hint="termalign reads XLIFF 1.2 and 2.x")
    version = root.get("version", "")
    two = version.startswith("2") or root.tag.startswith("{urn:oasis:names:tc:xliff:document:2")
    units = tuple(_units_2(root, name, lines) if two else _units_1(root, name, lines))
    if two:
        src, tgt = root.get("srcLang", ""), root.get("trgLang", "")
    else:
        first = next((el for el in root if _local(el.tag) == "file"), None)
        src = first.get("source-language", "") if first is not None else ""
        tgt = first.get("target-language", "") if first is not None else ""
    return XliffDocument(name=name, version=version or ("2.0" if two else "1.2"), source_lang=_primary(src),
                         target_lang=_primary(tgt), units=units)


def _primary(lang: str) -> str:
    primary = lang.split("-")[0].split("_")[0].lower()
    return "id" if primary == "in" else primary


def _children(element: ET.Element, tag: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == tag]


def _need_id(element: ET.Element, what: str, name: str, lines: dict[int, int]) -> str:
    ident = element.get("id")
    if not ident:
        raise InputError(f"a <{what}> without an id", file=name, line=lines.get(id(element)),
                         hint=f"every <{what}> needs an id attribute")
    return ident


def _units_1(root: ET.Element, name: str, lines: dict[int, int]) -> Iterator[XliffUnit]:
    for tu in root.iter():
        if _local(tu.tag) != "trans-unit" or tu.get("restype") == "x-gettext-domain-header":
            continue
        ident = _need_id(tu, "trans-unit", name, lines)
        sources, targets = _children(tu, "source"), _children(tu, "target")
        if not sources:
            raise InputError(f"trans-unit {ident!r} has no <source>", file=name, line=lines.get(id(tu)))
        target = targets[0] if targets else None
        text = inline_text(target) if target is not None else ""
        approved = tu.get("approved")
        yield XliffUnit(
            id=ident, source=inline_text(sources[0]), target=text or None,
            line=lines.get(id(target)) if target is not None else lines.get(id(tu)),
            source_line=lines.get(id(sources[0])), state=(target.get("state") or "") if target is not None else "",
            approved=None if approved is None else approved == "yes",
            notes=tuple(note.text or "" for note in _children(tu, "note")),
        )


def _units_2(root: ET.Element, name: str, lines: dict[int, int]) -> Iterator[XliffUnit]:
    for unit in root.iter():
        if _local(unit.tag) != "unit":
            continue
        ident = _need_id(unit, "unit", name, lines)
        notes = tuple(note.text or "" for block in _children(unit, "notes") for note in _children(block, "note"))
        segments = _children(unit, "segment")
        for number, segment in enumerate(segments, start=1):
            sources, targets = _children(segment, "source"), _children(segment, "target")
            if not sources:
                raise InputError(f"unit {ident!r} has a <segment> without <source>", file=name,
                                 line=lines.get(id(segment)))
            target = targets[0] if targets else None
            text = inline_text(target) if target is not None else ""
            entry = ident if len(segments) == 1 else f"{ident}/{segment.get('id') or number}"
            yield XliffUnit(
                id=entry, source=inline_text(sources[0]), target=text or None,
                line=lines.get(id(target)) if target is not None else lines.get(id(segment)),
                source_line=lines.get(id(sources[0])), state=segment.get("state") or "", notes=notes,
            )


def xliff_to_alignment(document: XliffDocument, *, source_lang: str | None = None,
                       target_lang: str | None = None) -> Alignment:
    """An :class:`Alignment` from an XLIFF document: one bead per unit (segment), a 1-0 bead when it has no
    target; scored 1.0, or 0.0 when unconfirmed (see the module docstring). Each segment's ``line`` is its
    element's line; offsets index the segments joined by newlines."""
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    for unit in document.units:
        indices: list[tuple[int, ...]] = []
        for text, line, segments in ((unit.source, unit.source_line, source), (unit.target, unit.line, target)):
            if not text:
                indices.append(())
                continue
            start = segments[-1].end + 1 if segments else 0
            segments.append(Segment(text=text, index=len(segments), start=start, end=start + len(text),
                                    line=line or 1))
            indices.append((len(segments) - 1,))
        if indices[0] or indices[1]:
            beads.append(Bead(source_index=indices[0], target_index=indices[1],
                              score=1.0 if unit.confirmed else 0.0))
    return Alignment(source=tuple(source), target=tuple(target), beads=tuple(beads),
                     source_lang=source_lang or document.source_lang or "en",
                     target_lang=target_lang or document.target_lang or "id",
                     source_name=document.name, target_name=document.name)


# ---------------------------------------------------------------------------------------------- writing


def to_xliff(alignment: Alignment, *, fuzzy_below: float = DEFAULT_FUZZY_BELOW, source_file: str | None = None
             ) -> str:
    """The alignment as XLIFF 2.0 text (see the module docstring)."""
    original = source_file or alignment.source_name or "source"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NS_20}" version="2.0" srcLang="{_escape_attr(alignment.source_lang)}" '
        f'trgLang="{_escape_attr(alignment.target_lang)}">',
        f'  <file id="f1" original="{_escape_attr(original)}">',
    ]
    for number, bead in enumerate(alignment.beads, start=1):
        if not bead.source_index:
            continue
        source = alignment.bead_text(bead, "source")
        target = alignment.bead_text(bead, "target") if bead.target_index else None
        state = "translated" if target is not None and bead.score >= fuzzy_below else "initial"
        out += [
            f'    <unit id="{number}">',
            f'      <notes><note category="termalign">score {bead.score:.4f}, kind {bead.kind}</note></notes>',
            f'      <segment state="{state}">',
            f'        <source xml:space="preserve">{_escape_text(source)}</source>',
        ]
        if target is not None:
            out.append(f'        <target xml:space="preserve">{_escape_text(target)}</target>')
        out += ["      </segment>", "    </unit>"]
    out += ["  </file>", "</xliff>"]
    return "\n".join(out) + "\n"


def alignment_from_xliff(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
                         target_lang: str | None = None) -> Alignment:
    """The registry's reader: an XLIFF file (its XML declaration names the encoding; ``encoding`` is unused)."""
    return xliff_to_alignment(read_xliff(data, name=name), source_lang=source_lang, target_lang=target_lang)


__all__ = ["NS_20", "UNCONFIRMED_STATES", "XliffDocument", "XliffUnit", "alignment_from_xliff",
           "inline_text", "read_xliff", "to_xliff", "xliff_to_alignment"]
