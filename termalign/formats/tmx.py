"""TMX 1.4b: writing an alignment as a translation memory, and reading TMX files safely and losslessly.

Writing: one ``<tu>`` per linked bead (1-0/0-1 beads have nothing to pair), ``tuid`` = the bead number
(1-based position in the JSON ``beads`` list), ``<prop type="x-score">`` (4 decimals) and
``<prop type="x-kind">`` (``1-1``, ``2-1``...), an optional ``<note>`` listing the lexical evidence, then
``<tuv xml:lang="en">`` and ``<tuv xml:lang="id">``, each with a ``<seg>`` holding the bead's text as
written (:meth:`~termalign.model.Alignment.bead_text`: sentences joined by a space, glued ones by nothing).
A unit holding more than one sentence on a side says ``segtype="block"``. The header
names the tool (``creationtool="termalign"``, ``creationtoolversion``), ``srclang``, ``adminlang="en"``,
``datatype="plaintext"``, ``segtype="sentence"``, ``o-tmf="termalign"`` and, as ``x-source-file`` /
``x-target-file`` props, the aligned files. No dates unless asked (reproducible output).

Reading uses defusedxml (entity-expansion and external-entity attacks are refused, a ``<!DOCTYPE tmx SYSTEM
"tmx14.dtd">`` is fine) and keeps the whole element tree: every attribute (``tuid``, dates, ``xml:lang``),
``<prop>``, ``<note>``, ``<ude>`` and the inline markup of ``<seg>`` (``<bpt>``, ``<ph>``, ``<hi>``...) are
written back unchanged by :func:`dump_tmx`, so TMX → TMX is lossless (XML comments and processing
instructions are the exception; formatting white space between structural elements is re-indented).

Characters XML 1.0 cannot carry (C0 controls other than tab/newline/CR, U+FFFE/U+FFFF, lone surrogates)
are written as U+FFFD: they cannot appear in a well-formed file, not even escaped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from termalign import __version__
from termalign.errors import InputError
from termalign.model import Alignment, Bead, Segment

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
# Elements whose children are indented on output; everything else is mixed content, written verbatim.
_STRUCTURAL = frozenset({"tmx", "header", "body", "tu", "tuv", "ude"})
_MAX_INDENT = 16  # indentation levels; a pathological nesting would otherwise grow the output with its square
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Inline elements holding native codes (not text) in a <seg>: their content is left out of the plain text.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})


def _clean(text: str) -> str:
    return _ILLEGAL.sub("\ufffd", text)


def _escape_text(text: str) -> str:
    text = _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    text = _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class TmxDocument:
    """A parsed (or built) TMX file: the element tree plus the line of each element when read from a file."""

    root: ET.Element
    name: str = "<tmx>"
    lines: dict[int, int] = field(default_factory=dict)

    @property
    def header(self) -> ET.Element | None:
        """The ``<header>`` element."""
        return self.root.find("header")

    def units(self) -> Iterator[ET.Element]:
        """The ``<tu>`` elements of the body, in order."""
        body = self.root.find("body")
        return iter(body.findall("tu") if body is not None else [])

    def line_of(self, element: ET.Element) -> int | None:
        """The 1-based line where ``element`` starts in the file read (None for a built document)."""
        return self.lines.get(id(element))

    def to_string(self) -> str:
        """The document as TMX text (see :func:`dump_tmx`)."""
        return dump_tmx(self)


# ---------------------------------------------------------------------------------------------- writing


class _Writer:
    """Serialises an element tree deterministically: structural elements indented, mixed content verbatim."""

    def __init__(self, root: ET.Element) -> None:
        uris = sorted({tag[1:].split("}", 1)[0] for el in root.iter()
                       for tag in [el.tag, *el.attrib] if isinstance(tag, str) and tag.startswith("{")} - {XML_NS})
        self.prefixes = {uri: f"ns{i}" for i, uri in enumerate(uris)}

    def name(self, tag: str) -> str:
        if not tag.startswith("{"):
            return tag
        uri, local = tag[1:].split("}", 1)
        return f"xml:{local}" if uri == XML_NS else f"{self.prefixes[uri]}:{local}"

    def start(self, el: ET.Element, root: bool = False) -> str:
        attrs = "".join(f' {self.name(k)}="{_escape_attr(v)}"' for k, v in el.attrib.items())
        if root:
            attrs += "".join(f' xmlns:{p}="{_escape_attr(u)}"' for u, p in self.prefixes.items())
        return f"<{self.name(el.tag)}{attrs}"

    def inline(self, el: ET.Element, root: bool = False) -> str:
        """Mixed content written verbatim (``<x/>`` when empty), walked with a stack: any depth writes."""
        out: list[str] = []
        todo: list[tuple[ET.Element, bool] | str] = [(el, root)]
        while todo:
            item = todo.pop()
            if isinstance(item, str):
                out.append(item)
                continue
            node, is_root = item
            head, text = self.start(node, is_root), _escape_text(node.text or "")
            if not text and not len(node):
                out.append(f"{head}/>")
                continue
            out.append(f"{head}>{text}")
            pending: list[tuple[ET.Element, bool] | str] = []
            for child in node:
                pending += [(child, False), _escape_text(child.tail or "")]
            pending.append(f"</{self.name(node.tag)}>")
            todo.extend(reversed(pending))
        return "".join(out)

    def write(self, el: ET.Element, depth: int, out: list[str], root: bool = False) -> None:
        """Structural elements one per line, indented; everything else through :meth:`inline`."""
        todo: list[tuple[ET.Element, int, bool] | str] = [(el, depth, root)]
        while todo:
            item = todo.pop()
            if isinstance(item, str):
                out.append(item)
                continue
            node, level, is_root = item
            pad = "  " * min(level, _MAX_INDENT)  # deeper nesting (never in real TMX) is not indented further
            children = list(node)
            structural = (
                _local(node.tag) in _STRUCTURAL
                and not (node.text or "").strip()
                and not any((c.tail or "").strip() for c in children)
            )
            if not structural:
                out.append(pad + self.inline(node, is_root))
            elif not children:
                out.append(f"{pad}{self.start(node, is_root)}/>")
            else:
                out.append(f"{pad}{self.start(node, is_root)}>")
                todo.append(f"{pad}</{self.name(node.tag)}>")
                todo.extend((child, level + 1, False) for child in reversed(children) if isinstance(child.tag, str))


def dump_tmx(document: TmxDocument | ET.Element) -> str:
    """TMX text for a document or a ``<tmx>`` element: XML declaration, DOCTYPE, two-space indentation."""
    root = document.root if isinstance(document, TmxDocument) else document
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE tmx SYSTEM "tmx14.dtd">']
    _Writer(root).write(root, 0, out, root=True)
    return "\n".join(out) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.replace("_", "-") if k != "xml_lang" else XML_LANG: v
                                     for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _evidence_note(bead: Bead) -> str | None:
    if not bead.evidence:
        return None
    parts = [f"{a.kind} {a.source}={a.target}" if a.source or a.target else a.kind for a in bead.evidence]
    return "evidence: " + "; ".join(parts)


def alignment_to_tmx(
    alignment: Alignment,
    *,
    source_file: str | None = None,
    target_file: str | None = None,
    date: str | None = None,
    notes: bool = True,
) -> TmxDocument:
    """Build the TMX document of ``alignment`` (see the module docstring).

    ``date`` (``YYYYMMDDThhmmssZ``) sets the header's ``creationdate``; ``notes`` adds the evidence note.
    """
    root = ET.Element("tmx", {"version": "1.4"})
    header = _sub(root, "header", creationtool="termalign", creationtoolversion=__version__,
                  datatype="plaintext", segtype="sentence", adminlang="en",
                  srclang=alignment.source_lang, o_tmf="termalign")
    if date:
        header.set("creationdate", date)
    for kind, name in (("x-source-file", source_file or alignment.source_name),
                       ("x-target-file", target_file or alignment.target_name)):
        if name:
            _sub(header, "prop", name, type=kind)
    body = _sub(root, "body")
    for number, bead in enumerate(alignment.beads, start=1):
        if not bead.linked:
            continue
        tu = _sub(body, "tu", tuid=str(number))
        if len(bead.source_index) > 1 or len(bead.target_index) > 1:
            tu.set("segtype", "block")
        _sub(tu, "prop", f"{bead.score:.4f}", type="x-score")
        _sub(tu, "prop", bead.kind, type="x-kind")
        note = _evidence_note(bead) if notes else None
        if note:
            _sub(tu, "note", note)
        for lang, text in ((alignment.source_lang, alignment.bead_text(bead, "source")),
                           (alignment.target_lang, alignment.bead_text(bead, "target"))):
            tuv = _sub(tu, "tuv", xml_lang=lang)
            _sub(tuv, "seg", text)
    return TmxDocument(root=root, name=source_file or alignment.source_name or "<tmx>")


def to_tmx(
    alignment: Alignment,
    *,
    source_file: str | None = None,
    target_file: str | None = None,
    date: str | None = None,
    notes: bool = True,
) -> str:
    """The alignment as TMX 1.4b text (see :func:`alignment_to_tmx`)."""
    return dump_tmx(alignment_to_tmx(alignment, source_file=source_file, target_file=target_file,
                                     date=date, notes=notes))


# ---------------------------------------------------------------------------------------------- reading


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that records the line where each element starts (for messages that point at a unit)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:  # type: ignore[override]
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def read_tmx(data: bytes | str, *, name: str = "<tmx>") -> TmxDocument:
    """Parse TMX text safely (defusedxml) into a :class:`TmxDocument`.

    Bytes are decoded as the XML declaration says (UTF-8 by default; UTF-16 with a BOM). Malformed XML,
    entity declarations (billion laughs), external entities and a root that is not ``<tmx>`` raise
    :class:`InputError` naming the line.
    """
    root, lines = parse_xml(data, name, kind="TMX")
    if _local(root.tag) != "tmx":
        raise InputError(f"not a TMX file: the root element is <{_local(root.tag)}>, not <tmx>", file=name,
                         line=lines.get(id(root)))
    if root.find("body") is None:
        raise InputError("not a TMX file: no <body> element", file=name, line=lines.get(id(root)))
    return TmxDocument(root=root, name=name, lines=lines)


def parse_xml(data: bytes | str, name: str, *, kind: str) -> tuple[ET.Element, dict[int, int]]:
    """Parse an XML exchange file (TMX, XLIFF) safely with defusedxml: the root and each element's line (by
    ``id``). Malformed XML, entity declarations (billion laughs), external entities and an encoding expat does not
    know raise :class:`InputError` naming the file, the line where known, and ``kind`` in the hint."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        message = str(exc).split(": line")[0]
        raise InputError(f"not well-formed XML: {message}", file=name, line=line) from None
    except DefusedXmlException as exc:
        raise InputError(
            f"refusing to read XML with entity declarations or external references ({type(exc).__name__})",
            file=name,
            hint=f"{kind} files need no entities; this file may be an attack or was produced by a broken tool",
        ) from None
    except (LookupError, ValueError) as exc:  # an XML declaration naming an encoding expat does not know
        raise InputError(f"cannot read this XML: {exc}", file=name,
                         hint="save the file as UTF-8 with encoding=\"UTF-8\" in its XML declaration") from None
    return root, builder.lines


def seg_text(seg: ET.Element, *, subflows: bool = True, codes: frozenset[str] = _CODE_ELEMENTS) -> str:
    """The plain text of a ``<seg>``: its text and ``<hi>``/``<sub>`` text, without inline codes.

    Subflows (``<sub>``) inside a code (``<bpt>...<sub>text</sub>...``) are translatable text and count, unless
    ``subflows`` is false (the checker reads only the main flow). The tree is walked with an explicit stack,
    never recursion, so any nesting depth reads; each ``<sub>`` is read once (a code's outermost subflows only,
    the nested ones being part of their text), which keeps the work linear in the size of the segment.
    ``codes`` names the inline-code elements left out (TMX's by default; XLIFF passes its own).
    """
    parts: list[str] = []
    todo: list[ET.Element | str] = [seg]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        pending: list[ET.Element | str] = [item.text or ""]
        for child in item:
            if _local(child.tag) not in codes:
                pending.append(child)
            elif subflows:
                pending.extend(_subflows(child))
            pending.append(child.tail or "")
        todo.extend(reversed(pending))
    return "".join(parts)


def _subflows(code: ET.Element) -> list[ET.Element]:
    """The outermost ``<sub>`` elements inside an inline code, in document order."""
    found: list[ET.Element] = []
    todo = list(reversed(code))
    while todo:
        element = todo.pop()
        if _local(element.tag) == "sub":
            found.append(element)
        else:
            todo.extend(reversed(element))
    return found


def _lang_of(element: ET.Element) -> str:
    lang = element.get(XML_LANG) or element.get("lang") or ""
    primary = lang.split("-")[0].split("_")[0].lower()
    return "id" if primary == "in" else primary  # "in" is the withdrawn ISO 639 code for Indonesian


def _prop(element: ET.Element, kind: str) -> str | None:
    for prop in element.findall("prop"):
        if prop.get("type") == kind:
            return prop.text or ""
    return None


def tmx_to_alignment(
    document: TmxDocument,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Alignment:
    """An :class:`Alignment` from a TMX document: one bead per ``<tu>`` with a variant in either language.

    ``source_lang`` defaults to the header's ``srclang`` (``en`` when it is ``*all*``), ``target_lang`` to
    ``id``. Language codes match on their primary subtag (``en-US`` is ``en``). Each ``<seg>`` becomes one
    segment (its ``line`` is the line of the ``<seg>`` in the TMX file; offsets index the segments joined by
    newlines). The score is the ``x-score`` prop when present, else 1.0 (a unit in a translation memory is
    a confirmed pair). Units with neither language are skipped.
    """
    header = document.header
    srclang = header.get("srclang", "") if header is not None else ""
    src = (source_lang or (srclang if srclang and srclang != "*all*" else "en")).split("-")[0].lower()
    tgt = (target_lang or "id").split("-")[0].lower()
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    offsets = {"s": 0, "t": 0}
    for tu in document.units():
        found: dict[str, ET.Element] = {}
        for tuv in tu.findall("tuv"):
            lang = _lang_of(tuv)
            seg = tuv.find("seg")
            if seg is not None and lang in (src, tgt) and lang not in found:
                found[lang] = seg
        if not found:
            continue
        indices: dict[str, tuple[int, ...]] = {"s": (), "t": ()}
        for key, lang, segments in (("s", src, source), ("t", tgt, target)):
            seg = found.get(lang)
            if seg is None:
                continue
            text = seg_text(seg)
            start = offsets[key]
            segments.append(Segment(text=text, index=len(segments), paragraph=0, start=start,
                                    end=start + len(text), line=document.line_of(seg) or 1))
            offsets[key] = start + len(text) + 1
            indices[key] = (len(segments) - 1,)
        raw_score = _prop(tu, "x-score")
        try:
            score = float(raw_score) if raw_score is not None else 1.0
        except ValueError:
            raise InputError(f"x-score prop is not a number: {raw_score!r}", file=document.name,
                             line=document.line_of(tu)) from None
        if not 0.0 <= score <= 1.0:  # also false for NaN
            raise InputError(f"x-score prop {raw_score!r}: a score must be between 0 and 1", file=document.name,
                             line=document.line_of(tu))
        beads.append(Bead(source_index=indices["s"], target_index=indices["t"], score=score))
    names = {kind: _prop(header, kind) if header is not None else None for kind in ("x-source-file", "x-target-file")}
    return Alignment(
        source=tuple(source),
        target=tuple(target),
        beads=tuple(beads),
        source_lang=src,
        target_lang=tgt,
        source_name=names["x-source-file"] or document.name,
        target_name=names["x-target-file"] or document.name,
    )
