"""TBX glossaries: the TBX-Basic v3 writer, the v2/v3 reader, and refusal of hostile XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from termalign.errors import InputError
from termalign.formats.tbx import NAMESPACE, read_tbx, write_tbx
from termalign.glossary import GlossaryIssue, load_glossary, parse_glossary, validate_glossary, write_glossary
from termalign.model import Glossary, GlossaryEntry

DATA = Path(__file__).resolve().parent / "data" / "glossary"
SAMPLE = DATA / "sample.tsv"
NS = "{" + NAMESPACE + "}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# What the TBX-Basic DCA schemas (LTAC-Global/TBX-Basic_dialect: the integrated RelaxNG grammar and the
# Schematron rules) allow for the data categories the writer uses.
TERM_NOTE_TYPES = {
    "administrativeStatus",
    "grammaticalGender",
    "geographicalUsage",
    "partOfSpeech",
    "termLocation",
    "termType",
}
ADMIN_STATUS = {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "preferredTerm-admn-sts"}
PART_OF_SPEECH = {"adjective", "noun", "other", "verb", "adverb"}
DESCRIP_TYPES = {"context", "definition", "subjectField"}
AUX = {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"}
NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def tag(element: ET.Element) -> str:
    assert element.tag.startswith(NS), f"element outside the TBX namespace: {element.tag}"
    return element.tag[len(NS) :]


def check_tbx_basic_structure(text: str) -> ET.Element:
    """Structural rules of the TBX v3 core grammar + TBX-Basic DCA constraints, for the elements we write."""
    root = ET.fromstring(text.encode("utf-8"))
    assert tag(root) == "tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca" and root.get(XML_LANG)
    assert [tag(child) for child in root] == ["tbxHeader", "text"]
    header, body_parent = list(root)
    file_desc = list(header)
    assert [tag(e) for e in file_desc] == ["fileDesc"]
    parts = [tag(e) for e in file_desc[0]]
    assert parts[-1] == "sourceDesc" and set(parts) <= {"titleStmt", "publicationStmt", "sourceDesc"}
    assert all(tag(p) == "p" for p in file_desc[0].find(NS + "sourceDesc"))
    assert [tag(e) for e in body_parent] == ["body"]
    concepts = list(body_parent[0])
    assert concepts and all(tag(c) == "conceptEntry" for c in concepts)
    ids = [c.get("id") for c in concepts]
    assert len(set(ids)) == len(ids) and all(i and NCNAME.match(i) for i in ids)
    for concept in concepts:
        names = [tag(e) for e in concept]
        first_lang = names.index("langSec")
        assert set(names[:first_lang]) <= AUX and set(names[first_lang:]) == {"langSec"}
        for descrip in concept.iter(NS + "descrip"):
            assert descrip.get("type") in DESCRIP_TYPES
        for section in concept.findall(NS + "langSec"):
            assert section.get(XML_LANG)
            inner = [tag(e) for e in section]
            assert "termSec" in inner and set(inner) <= AUX | {"termSec"}
            for term_sec in section.findall(NS + "termSec"):
                children = [tag(e) for e in term_sec]
                assert children[0] == "term" and (term_sec[0].text or "").strip()
                notes_end = next((i for i, n in enumerate(children[1:], 1) if n != "termNote"), len(children))
                assert set(children[notes_end:]) <= AUX
                for note in term_sec.findall(NS + "termNote"):
                    assert note.get("type") in TERM_NOTE_TYPES
                    if note.get("type") == "administrativeStatus":
                        assert note.text in ADMIN_STATUS
                    if note.get("type") == "partOfSpeech":
                        assert note.text in PART_OF_SPEECH
    return root


def test_writer_output_is_well_formed_tbx_basic() -> None:
    text = write_tbx(load_glossary(SAMPLE))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="https://raw.githubusercontent.')
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in text
    root = check_tbx_basic_structure(text)
    concepts = root.findall(f"{NS}text/{NS}body/{NS}conceptEntry")
    assert len(concepts) == 13
    first = concepts[0]
    assert first.find(NS + "descrip").text == "medical"
    target = next(s for s in first.findall(NS + "langSec") if s.get(XML_LANG) == "id")
    statuses = [
        (ts.find(NS + "term").text, ts.find(NS + "termNote[@type='administrativeStatus']").text)
        for ts in target.findall(NS + "termSec")
    ]
    assert statuses == [
        ("flebolit", "preferredTerm-admn-sts"),
        ("phlebolith", "deprecatedTerm-admn-sts"),
        ("flebolith", "deprecatedTerm-admn-sts"),
    ]


def test_tsv_to_tbx_to_tsv_is_lossless(tmp_path: Path) -> None:
    tbx_path = tmp_path / "sample.tbx"
    tbx_path.write_text(write_glossary(load_glossary(SAMPLE), "tbx"), encoding="utf-8")
    assert write_glossary(load_glossary(tbx_path), "tsv") == SAMPLE.read_text(encoding="utf-8")


def test_v2_writer_uses_the_martif_layout_and_round_trips() -> None:
    glossary = load_glossary(SAMPLE)
    text = write_tbx(glossary, version=2)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic-V1" and root.get(XML_LANG) == "en"
    assert [child.tag for child in root] == ["martifHeader", "text"]
    entries = root.findall("text/body/termEntry")
    assert len(entries) == 13
    assert [s.get(XML_LANG) for s in entries[0].findall("langSet")] == ["en", "id"]
    assert [t.findtext("term") for t in entries[0].findall("langSet/tig")] == [
        "phlebolith",
        "phlebolite",
        "flebolit",
        "phlebolith",
        "flebolith",
    ]
    assert write_glossary(parse_glossary(text, "tbx"), "tsv") == SAMPLE.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="version"):
        write_tbx(glossary, version=4)


def test_translate_toolkit_reads_v2_output_and_writes_what_we_read() -> None:
    """Interoperability with translate-toolkit's TBX class (what Weblate and Pootle use), when it is installed."""
    ttk = pytest.importorskip("translate.storage.tbx")
    glossary = load_glossary(SAMPLE)
    store = ttk.tbxfile.parsestring(write_tbx(glossary, version=2).encode("utf-8"))
    assert [(unit.source, unit.target) for unit in store.units] == [(e.source, e.target) for e in glossary.entries]
    theirs = ttk.tbxfile()
    theirs.settargetlanguage("id")
    unit = theirs.addsourceunit("phagocyte")
    unit.target = "fagosit"
    unit.addnote("a cell that engulfs particles", origin="developer")
    entries = parse_glossary(bytes(theirs), "tbx").entries
    assert [(e.source, e.target, e.note) for e in entries] == [
        ("phagocyte", "fagosit", "a cell that engulfs particles")
    ]


def test_writer_escapes_and_maps_unknown_pos() -> None:
    entry = GlossaryEntry(source="R&D <lab>", target='litbang "lab"', pos="proper noun", note="a < b & c")
    text = write_tbx(Glossary((entry,), name="x & y"))
    root = check_tbx_basic_structure(text)
    assert root.find(f".//{NS}term").text == "R&D <lab>"
    assert {n.text for n in root.iter(NS + "termNote") if n.get("type") == "partOfSpeech"} == {"other"}
    entries, _ = read_tbx(text.encode())
    assert (entries[0].source, entries[0].target, entries[0].note) == ("R&D <lab>", 'litbang "lab"', "a < b & c")


def test_writer_refuses_empty_glossary_and_control_characters() -> None:
    with pytest.raises(InputError, match="at least one concept"):
        write_tbx(Glossary(()))
    with pytest.raises(InputError, match="control character"):
        write_tbx(Glossary((GlossaryEntry(source="a\x01", target="b"),)))


def test_reads_v2_martif_layout() -> None:
    issues: list[GlossaryIssue] = []
    glossary = load_glossary(DATA / "sample-v2.tbx", issues=issues)
    summary = [(e.source, e.target, e.source_variants, e.forbidden, e.pos, e.domain) for e in glossary.entries]
    assert summary == [
        ("dystrophic calcification", "kalsifikasi distrofik", (), ("kalsifikasi dystrophic",), "noun", "medical"),
        ("phagocyte", "fagosit", (), ("fagocyt",), "noun", ""),  # normativeAuthorization supersededTerm; lang "in"
        ("renal calculus", "batu ginjal", ("kidney stone",), ("batu ginjall",), "", ""),  # preferred first; <hi>
    ]
    first = glossary.entries[0]
    assert first.note == "Deposition of calcium salts in damaged or necrotic tissue."
    assert first.origin is not None and (first.origin.line, first.origin.entry) == (12, "t1")
    assert [(i.severity, i.code, i.line) for i in issues] == [("info", "missing-language", 60)]


def test_reads_v3_in_any_namespace_and_weblate_translation_note() -> None:
    for namespace in ("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0", ""):
        xmlns = f' xmlns="{namespace}"' if namespace else ""
        text = f"""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en"{xmlns}>
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>Linux</term>
<termNote type="translationNote">no</termNote></termSec></langSec>
<langSec xml:lang="id"><termSec><term>Linux</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""
        entries, issues = read_tbx(text.encode(), file="w.tbx")
        assert [(e.source, e.target, e.do_not_translate) for e in entries] == [("Linux", "Linux", True)]
        assert issues == []


def _tbx(body: str, root: str = "tbx") -> bytes:
    return (f'<?xml version="1.0"?>\n<{root} xml:lang="en"><text><body>\n{body}\n</body></text></{root}>\n').encode()


def test_only_forbidden_target_terms_is_an_error(tmp_path: Path) -> None:
    body = (
        '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>phagocyte</term></termSec></langSec>'
        '<langSec xml:lang="id"><termSec><term>fagocyt</term>'
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec></conceptEntry>'
    )
    path = tmp_path / "g.tbx"
    path.write_bytes(_tbx(body))
    issues = validate_glossary(path)
    assert [(i.line, i.severity, i.code) for i in issues] == [(3, "error", "empty-field")]
    with pytest.raises(InputError) as err:
        load_glossary(path)
    assert err.value.line == 3 and "only forbidden" in err.value.message


def test_no_indonesian_section_names_the_languages_found(tmp_path: Path) -> None:
    body = (
        '<termEntry><langSet xml:lang="en"><tig><term>cell</term></tig></langSet>'
        '<langSet xml:lang="ms"><tig><term>sel</term></tig></langSet></termEntry>'
    )
    with pytest.raises(InputError) as err:
        read_tbx(_tbx(body, "martif"), file="g.tbx")
    assert "no 'id' language section" in err.value.message and err.value.hint == "languages found: en, ms"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b'<?xml version="1.0"?>\n<html><body/></html>', "not a TBX file", 2),
        (b'<?xml version="1.0"?>\n<tbx>\n<text><body></body></text></tbx>', "no <conceptEntry>", None),
        (b'<?xml version="1.0"?>\n<tbx>\n<text>\n<body></text></tbx>', "not well-formed XML: mismatched tag", 4),
        (b"", "not well-formed XML", 1),
    ],
)
def test_bad_xml_is_an_input_error_with_a_line(data: bytes, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as err:
        read_tbx(data, file="bad.tbx")
    assert message in err.value.message and err.value.line == line and err.value.file == "bad.tbx"


def test_utf16_tbx_with_bom_is_read(tmp_path: Path) -> None:
    text = write_tbx(load_glossary(SAMPLE)).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "g.tbx"
    path.write_bytes(text.encode("utf-16"))
    assert len(load_glossary(path).entries) == 13


# ------------------------------------------------------------------------------------------------ hostile XML

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE tbx [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + ']>\n<tbx xml:lang="en"><text><body>&lol9;</body></text></tbx>\n'
)
QUADRATIC = (
    '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "'
    + "a" * 50_000
    + '">]>\n'
    + '<tbx xml:lang="en"><text><body><p>'
    + "&a;" * 50_000
    + "</p></body></text></tbx>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<tbx xml:lang="en"><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&xxe;</term>'
    "</termSec></langSec></conceptEntry></body></text></tbx>\n"
)
EXTERNAL_PARAMETER_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>\n'
    '<tbx xml:lang="en"><text><body/></text></tbx>\n'
)


@pytest.mark.parametrize(
    "payload",
    [BILLION_LAUGHS, QUADRATIC, EXTERNAL_ENTITY, EXTERNAL_PARAMETER_DTD],
    ids=["billion-laughs", "quadratic-blowup", "external-entity-file", "external-parameter-dtd"],
)
def test_xml_attacks_are_refused_quickly(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "evil.tbx"
    path.write_text(payload, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_glossary(path)
    assert err.value.message.startswith("refused:") and err.value.file == str(path)
    assert err.value.line in (2, 3) and err.value.hint
    issues = validate_glossary(path)
    assert [(i.severity, i.code) for i in issues] == [("error", "unreadable")]


def test_external_dtd_reference_is_accepted_but_never_loaded(tmp_path: Path) -> None:
    # A real TBX v2 export carries <!DOCTYPE martif SYSTEM "...dtd">: it must parse, without fetching anything.
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "from the DTD">', encoding="utf-8")
    plain = (
        (DATA / "sample-v2.tbx")
        .read_text(encoding="utf-8")
        .replace("TBXBasiccoreStructV02.dtd", "http://127.0.0.1:9/TBXBasiccoreStructV02.dtd")
    )
    path = tmp_path / "plain.tbx"
    path.write_text(plain, encoding="utf-8")
    assert len(load_glossary(path).entries) == 3
    # Were the DTD loaded, &secret; would expand; it is not, so the entity is undefined.
    uses = plain.replace("http://127.0.0.1:9/TBXBasiccoreStructV02.dtd", dtd.as_uri()).replace(
        "<term>phagocyte</term>", "<term>&secret;</term>"
    )
    path.write_text(uses, encoding="utf-8")
    with pytest.raises(InputError, match="undefined entity"):
        load_glossary(path)
