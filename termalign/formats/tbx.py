"""TBX (TermBase eXchange, ISO 30042) glossaries: TBX-Basic v3 and v2 writers, a reader for both.

Writing produces TBX v3 (ISO 30042:2019) in the TBX-Basic dialect, DCA style::

    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc><p>…</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c1">
          <descrip type="subjectField">medical</descrip>          ← domain
          <note>…</note>                                           ← note
          <langSec xml:lang="en"><termSec><term>phlebolith</term>
            <termNote type="partOfSpeech">noun</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>…</langSec>
          <langSec xml:lang="id">…</langSec>
        </conceptEntry>…

The main term of each side is ``preferredTerm-admn-sts``, variants are ``admittedTerm-admn-sts`` and forbidden
Indonesian forms ``deprecatedTerm-admn-sts``. TBX-Basic has no data category for termalign's flags, so they
travel in a concept-level ``<note>termalign flags: case-sensitive, do-not-translate</note>``. The output points
at the LTAC TBX-Basic RelaxNG and Schematron schemas with ``xml-model`` processing instructions, so an XML
editor can validate it; termalign does not ship or fetch those schemas.

``write_tbx(glossary, version=2)`` writes the same data in the TBX v2 / TBX-Basic 2008 layout (``martif``,
``termEntry``, ``langSet``, ``tig``), which translate-toolkit (hence Weblate and Pootle) and older CAT tools
read and v3 they do not.

Reading accepts TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``, any namespace) and the older
TBX v2 / TBX-Basic 2008 layout most tools still export (``martif``/``termEntry``/``langSet``/``tig`` or
``ntig``/``termGrp``). ``administrativeStatus`` (or ``normativeAuthorization``) values meaning deprecated,
superseded, forbidden or obsolete make a form forbidden. Parsing goes through ``defusedxml``: entity
declarations (billion laughs, quadratic blowup, external entities) are refused with an
:class:`~termalign.errors.InputError`; an ordinary ``<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">`` is
accepted and never fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from termalign.errors import InputError
from termalign.glossary.rows import (
    PARTS_OF_SPEECH,
    VARIANT_SEPARATOR,
    GlossaryIssue,
    IssueLog,
    build_entry,
    entry_flags,
    normalize_form,
)
from termalign.model import Glossary, GlossaryEntry

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
SCHEMA_RNG = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBXcoreStructV03_TBX-Basic_integrated.rng"
SCHEMA_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
FLAGS_NOTE = "termalign flags:"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all (not even escaped).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORBIDDEN_WORDS = ("deprecated", "superseded", "forbidden", "obsolete", "rejected")
# Old Java locale code "in" and ISO 639-2/3 codes seen in real exports.
_LANG_ALIASES = {"in": "id", "ind": "id", "eng": "en"}


# --------------------------------------------------------------------------------------------------------------
# Parsing


# Elements whose start line is kept for messages (all of them would cost time on large files).
_LINE_TAGS = frozenset({"tbx", "martif", "conceptEntry", "termEntry", "term"})


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that drops namespaces from element names (TBX v2, v3 and its drafts use different ones)
    and remembers the start line of the elements messages point at."""

    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None
        self.lines: dict[ET.Element, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        if "}" in tag:
            tag = tag.rsplit("}", 1)[1]
        element = super().start(tag, attrs)
        if (tag in _LINE_TAGS or not self.lines) and self.expat is not None:
            self.lines[element] = self.expat.CurrentLineNumber
        return element

    def end(self, tag: str) -> ET.Element:
        return super().end(tag.rsplit("}", 1)[1] if "}" in tag else tag)


def parse_xml(data: bytes, *, file: str | None) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML safely (no entity declarations, no external references) → root and element start lines."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except EntitiesForbidden as exc:
        raise InputError(
            f"refused: the file declares the XML entity {exc.name!r}; entity declarations can expand a small "
            "file into gigabytes (billion laughs) or read local files, so termalign does not accept them",
            file=file,
            line=_line(parser),
            hint="remove the <!ENTITY> declarations from the DOCTYPE",
        ) from None
    except ExternalReferenceForbidden as exc:
        raise InputError(
            f"refused: the file references an external resource ({exc.sysid or exc.pubid})",
            file=file,
            line=_line(parser),
            hint="termalign reads only what is inside the file; inline the content",
        ) from None
    except DTDForbidden:  # not raised with forbid_dtd=False; kept so a future default change stays reported well
        raise InputError("refused: DOCTYPE declarations are not accepted", file=file, line=_line(parser)) from None
    except DefusedXmlException as exc:
        raise InputError(f"refused unsafe XML: {exc}", file=file, line=_line(parser)) from None
    except (LookupError, ValueError) as exc:  # an XML declaration naming an encoding expat does not know
        raise InputError(f"cannot read this XML: {exc}", file=file,
                         hint="save the file as UTF-8 with encoding=\"UTF-8\" in its XML declaration") from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        message = str(exc).split(":")[0]
        raise InputError(
            f"not well-formed XML: {message}", file=file, line=line, hint="is this really a TBX file?"
        ) from None
    return root, builder.lines


def _line(parser: Any) -> int | None:
    try:
        return int(parser.parser.CurrentLineNumber)
    except (AttributeError, TypeError, ValueError):
        return None


def _text(element: ET.Element) -> str:
    """All text inside an element (``<hi>`` and friends included), normalised as by every glossary reader
    (:func:`~termalign.glossary.normalize_form`: NFC, no zero-width characters, white space collapsed)."""
    return normalize_form("".join(element.itertext()))


def _lang(element: ET.Element) -> str:
    """Primary language subtag of a language section: ``en-US`` → ``en``, ``in``/``ind`` → ``id``."""
    value = element.get(_XML_LANG) or element.get("lang") or ""
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANG_ALIASES.get(primary, primary)


def _children(element: ET.Element, *names: str) -> Iterator[ET.Element]:
    for child in element:
        if child.tag in names:
            yield child


def _descrips(element: ET.Element) -> Iterator[ET.Element]:
    """``descrip`` children, directly or wrapped in a ``descripGrp``."""
    for child in element:
        if child.tag == "descrip":
            yield child
        elif child.tag == "descripGrp":
            yield from child.iterfind("descrip")


def _status(value: str) -> str:
    """``preferred``, ``admitted`` or ``forbidden`` for an administrativeStatus/normativeAuthorization value."""
    lowered = value.lower()
    if any(word in lowered for word in _FORBIDDEN_WORDS):
        return "forbidden"
    if "preferred" in lowered:
        return "preferred"
    return "admitted"


class _Term:
    """One term of a language section with the term notes termalign uses."""

    def __init__(self, text: str, status: str, pos: str, untranslatable: bool, line: int | None) -> None:
        self.text = text
        self.status = status
        self.pos = pos
        self.untranslatable = untranslatable
        self.line = line


def _terms(section: ET.Element, lines: dict[ET.Element, int]) -> list[_Term]:
    found: list[_Term] = []
    for holder in _children(section, "termSec", "tig", "ntig"):
        term_element = next(holder.iter("term"), None)
        if term_element is None:
            continue
        status = "admitted"
        explicit = False
        pos = ""
        untranslatable = False
        for note in holder.iter("termNote"):
            kind = (note.get("type") or "").strip()
            value = _text(note)
            if kind in ("administrativeStatus", "normativeAuthorization") and value:
                status, explicit = _status(value), True
            elif kind == "partOfSpeech" and not pos:
                pos = value.lower()
            elif kind == "translationNote" and value.lower() == "no":
                untranslatable = True
        if not explicit:
            status = "admitted"
        found.append(_Term(_text(term_element), status, pos, untranslatable, lines.get(term_element)))
    return found


def _split_sides(terms: list[_Term]) -> tuple[str, list[str], list[str]]:
    """(main term, other accepted terms, forbidden terms) of one language: preferred first, else first accepted."""
    accepted = [t for t in terms if t.status != "forbidden" and t.text]
    forbidden = [t.text for t in terms if t.status == "forbidden" and t.text]
    preferred = [t for t in accepted if t.status == "preferred"]
    main = preferred[0] if preferred else (accepted[0] if accepted else None)
    if main is None:
        return "", [], forbidden
    return main.text, [t.text for t in accepted if t is not main], forbidden


def read_tbx(
    data: bytes, *, file: str | None = None, source_lang: str = "en", target_lang: str = "id"
) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Entries of a TBX file (v3 or v2) for the ``source_lang`` → ``target_lang`` pair, and their issues."""
    root, lines = parse_xml(data, file=file)
    log = IssueLog(file)
    if root.tag not in ("tbx", "martif"):
        raise InputError(
            f"not a TBX file: the root element is <{root.tag}>, not <tbx> or <martif>",
            file=file,
            line=lines.get(root),
        )
    concepts = [*root.iter("conceptEntry"), *root.iter("termEntry")]
    if not concepts:
        raise InputError("no <conceptEntry> or <termEntry> elements: the TBX file has no terms", file=file)
    entries: list[GlossaryEntry] = []
    no_target: list[int | None] = []
    no_source: list[int | None] = []
    languages: set[str] = set()
    for concept in concepts:
        line = lines.get(concept)
        by_lang: dict[str, list[_Term]] = {}
        sections: dict[str, list[ET.Element]] = {}
        for section in _children(concept, "langSec", "langSet"):
            lang = _lang(section)
            languages.add(lang or "?")
            by_lang.setdefault(lang, []).extend(_terms(section, lines))
            sections.setdefault(lang, []).append(section)
        flags: list[str] = []
        notes: list[str] = []
        domains: list[str] = []
        for descrip in _descrips(concept):
            kind = descrip.get("type") or ""
            if kind == "subjectField":
                domains.append(_text(descrip))
        holders = [concept, *sections.get(source_lang, ())]
        for holder in holders:
            for descrip in _descrips(holder):
                if (descrip.get("type") or "definition") in ("definition", "Usage note", "explanation"):
                    notes.append(_text(descrip))
            for note in _children(holder, "note"):
                text = _text(note)
                if text and not text.lower().startswith(FLAGS_NOTE):
                    notes.append(text)
        for note in concept.iter("note"):
            text = _text(note)
            if text.lower().startswith(FLAGS_NOTE):
                flags.extend(part.strip() for part in text[len(FLAGS_NOTE) :].split(",") if part.strip() not in flags)
        source_terms = by_lang.get(source_lang, [])
        target_terms = by_lang.get(target_lang, [])
        if not source_terms:
            no_source.append(line)
            continue
        if not target_terms and "do-not-translate" not in flags:
            no_target.append(line)
            continue
        if any(t.untranslatable for t in source_terms + target_terms) and "do-not-translate" not in flags:
            flags.append("do-not-translate")
        source, source_variants, source_forbidden = _split_sides(source_terms)
        if not source and source_forbidden:
            source, source_variants, source_forbidden = source_forbidden[0], source_forbidden[1:], []
        source_variants += source_forbidden  # a deprecated English term still names the concept in a source text
        target, target_variants, forbidden = _split_sides(target_terms)
        if not target and forbidden and "do-not-translate" not in flags:
            log.error(
                line,
                f"{source!r} has only forbidden {target_lang} terms ({', '.join(forbidden)}), no accepted one",
                "empty-field",
                "mark one term preferredTerm-admn-sts or admittedTerm-admn-sts",
            )
            continue
        for term in (*source_terms, *target_terms):
            if VARIANT_SEPARATOR in term.text:
                log.warning(
                    term.line or line, f"term {term.text!r} contains '|' (read as two forms)", "separator-in-term"
                )
        pos = next((t.pos for t in source_terms if t.text == source and t.pos), "") or next(
            (t.pos for t in (*source_terms, *target_terms) if t.pos), ""
        )
        record = {
            "source": source,
            "target": target,
            "source_variants": VARIANT_SEPARATOR.join(source_variants),
            "target_variants": VARIANT_SEPARATOR.join(target_variants),
            "forbidden": VARIANT_SEPARATOR.join(forbidden),
            "pos": pos,
            "domain": ", ".join(dict.fromkeys(d for d in domains if d)),
            "note": "; ".join(dict.fromkeys(n for n in notes if n)),
            "flags": ",".join(f for f in flags if f),
        }
        entry = build_entry(record, log=log, line=line, entry_id=concept.get("id"))
        if entry is not None:
            entries.append(entry)
    found = sorted(languages - {"?"})
    if not entries and (no_target or no_source):
        missing = target_lang if no_target else source_lang
        raise InputError(
            f"no concept has both {source_lang!r} and {target_lang!r} terms (no {missing!r} language section)",
            file=file,
            hint=f"languages found: {', '.join(found) or 'none (langSec/langSet without xml:lang)'}",
        )
    if no_target:
        log.info(
            no_target[0],
            f"{len(no_target)} concept(s) without {target_lang!r} terms skipped",
            "missing-language",
        )
    if no_source:
        log.info(
            no_source[0],
            f"{len(no_source)} concept(s) without {source_lang!r} terms skipped",
            "missing-language",
        )
    return entries, log.issues


# --------------------------------------------------------------------------------------------------------------
# Writing


def _clean(value: str, entry: GlossaryEntry) -> str:
    if _XML_ILLEGAL.search(value):
        raise InputError(
            f"entry {entry.source!r} contains a control character that XML cannot hold",
            hint="remove it from the glossary",
        )
    return escape(value)


# Element names of the two layouts: TBX v3 (ISO 30042:2019) and TBX v2 / TBX-Basic 2008 ("martif").
_NAMES: dict[int, dict[str, str]] = {
    3: {"entry": "conceptEntry", "lang": "langSec", "term": "termSec"},
    2: {"entry": "termEntry", "lang": "langSet", "term": "tig"},
}


def _term_sec(term: str, status: str, pos: str, entry: GlossaryEntry, indent: str, name: str) -> list[str]:
    lines = [f"{indent}<{name}>", f"{indent}  <term>{_clean(term, entry)}</term>"]
    if pos:
        lines.append(f'{indent}  <termNote type="partOfSpeech">{pos}</termNote>')
    lines.append(f'{indent}  <termNote type="administrativeStatus">{status}</termNote>')
    lines.append(f"{indent}</{name}>")
    return lines


def _lang_sec(
    lang: str, terms: Iterable[tuple[str, str]], pos: str, entry: GlossaryEntry, names: dict[str, str]
) -> list[str]:
    lines = [f"        <{names['lang']} xml:lang={quoteattr(lang)}>"]
    for term, status in terms:
        lines.extend(_term_sec(term, status, pos, entry, "          ", names["term"]))
    lines.append(f"        </{names['lang']}>")
    return lines


def _header(glossary: Glossary, version: int) -> list[str]:
    source_lang = glossary.source_lang or "en"
    target_lang = glossary.target_lang or "id"
    described = f" {glossary.name!r}" if glossary.name else ""
    source_desc = [
        "      <sourceDesc>",
        f"        <p>Glossary{escape(described)} ({escape(source_lang)} to {escape(target_lang)}) "
        "exported by termalign.</p>",
        "      </sourceDesc>",
    ]
    title = ["      <titleStmt>", f"        <title>{escape(glossary.name)}</title>", "      </titleStmt>"]
    if version == 2:
        return [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
            f'<martif type="TBX-Basic-V1" xml:lang={quoteattr(source_lang)}>',
            "  <martifHeader>",
            "    <fileDesc>",
            *(title if glossary.name else []),
            *source_desc,
            "    </fileDesc>",
            "    <encodingDesc>",
            '      <p type="XCSURI">TBXBasicXCSV02.xcs</p>',
            "    </encodingDesc>",
            "  </martifHeader>",
        ]
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml-model href="{SCHEMA_RNG}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>',
        f'<?xml-model href="{SCHEMA_SCH}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>',
        f'<tbx type="TBX-Basic" style="dca" xml:lang={quoteattr(source_lang)} xmlns="{NAMESPACE}">',
        "  <tbxHeader>",
        "    <fileDesc>",
        *(title if glossary.name else []),
        *source_desc,
        "    </fileDesc>",
        "  </tbxHeader>",
    ]


def write_tbx(glossary: Glossary, *, version: int = 3) -> str:
    """``glossary`` as TBX: TBX-Basic v3 (DCA) by default, or the v2 ``martif`` layout with ``version=2``.

    v2 is for tools that do not read v3 yet (translate-toolkit, hence Weblate and Pootle; older CAT tools).
    Deterministic, UTF-8, two-space indented.
    """
    if version not in _NAMES:
        raise ValueError(f"TBX version must be 2 or 3, not {version!r}")
    if not glossary.entries:
        raise InputError("an empty glossary cannot be written as TBX (a TBX body needs at least one concept)")
    names = _NAMES[version]
    source_lang = glossary.source_lang or "en"
    target_lang = glossary.target_lang or "id"
    out = [*_header(glossary, version), "  <text>", "    <body>"]
    for number, entry in enumerate(glossary.entries, 1):
        pos = entry.pos if entry.pos in PARTS_OF_SPEECH else ("other" if entry.pos else "")
        out.append(f'      <{names["entry"]} id="c{number}">')
        if entry.domain:
            out.append(f'        <descrip type="subjectField">{_clean(entry.domain, entry)}</descrip>')
        if entry.note:
            out.append(f"        <note>{_clean(entry.note, entry)}</note>")
        flags = entry_flags(entry)
        if flags:
            out.append(f"        <note>{FLAGS_NOTE} {', '.join(flags)}</note>")
        source_terms = [(entry.source, PREFERRED)] + [(v, ADMITTED) for v in entry.source_variants]
        target_terms = (
            [(entry.target, PREFERRED)]
            + [(v, ADMITTED) for v in entry.target_variants]
            + [(v, DEPRECATED) for v in entry.forbidden]
        )
        out += _lang_sec(source_lang, source_terms, pos, entry, names)
        out += _lang_sec(target_lang, target_terms, pos, entry, names)
        out.append(f"      </{names['entry']}>")
    root = "martif" if version == 2 else "tbx"
    out += ["    </body>", "  </text>", f"</{root}>"]
    return "\n".join(out) + "\n"
