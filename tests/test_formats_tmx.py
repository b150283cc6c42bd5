"""TMX 1.4b: well-formed output with the required header, escaping, safe reading, and lossless TMX → TMX."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from termalign import __version__
from termalign.errors import InputError
from termalign.formats import dump_tmx, read_aligned, read_tmx, tmx_to_alignment, to_tmx
from termalign.model import Alignment, Anchor, Bead, Segment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def make_alignment() -> Alignment:
    source = (
        Segment("Kidney stones & <salts>: \"causes\"", 0, line=1),
        Segment("Most stones consist of calcium oxalate.", 1, line=3),
        Segment("Doctors call it nephrolithiasis.", 2, line=3),
        Segment("Share this article", 3, line=5),
    )
    target = (
        Segment("Batu ginjal & <garam>: \"penyebab\"", 0, line=1),
        Segment("Sebagian besar batu terdiri atas kalsium oksalat; dokter menyebutnya nefrolitiasis.", 1, line=3),
        Segment("Apakah artikel ini membantu?", 2, line=6),
    )
    beads = (
        Bead((0,), (0,), 0.93456),
        Bead((1, 2), (1,), 0.61, (Anchor("cognate", "calcium", "kalsium", 0.9), Anchor("number", "", "", 0.5))),
        Bead((3,), (), 0.0),
        Bead((), (2,), 0.0),
    )
    return Alignment(source, target, beads, "en", "id", "doc.en.txt", "doc.id.txt")


def test_output_is_well_formed_tmx_14_with_the_required_header() -> None:
    text = to_tmx(make_alignment())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.attrib == {
        "creationtool": "termalign", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": "en", "o-tmf": "termalign",
    }
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props == {"x-source-file": "doc.en.txt", "x-target-file": "doc.id.txt"}


def test_one_unit_per_linked_bead_with_score_kind_and_both_variants() -> None:
    root = ET.fromstring(to_tmx(make_alignment()).encode("utf-8"))
    units = root.findall("body/tu")
    assert [tu.get("tuid") for tu in units] == ["1", "2"]
    first = units[0]
    assert {p.get("type"): p.text for p in first.findall("prop")} == {"x-score": "0.9346", "x-kind": "1-1"}
    assert [tuv.get(XML_LANG) for tuv in first.findall("tuv")] == ["en", "id"]
    assert first.findtext("tuv/seg") == "Kidney stones & <salts>: \"causes\""
    assert first.findall("tuv/seg")[1].text == "Batu ginjal & <garam>: \"penyebab\""
    block = units[1]
    assert block.get("segtype") == "block"
    assert block.findtext("tuv/seg") == "Most stones consist of calcium oxalate. Doctors call it nephrolithiasis."
    assert block.findtext("note") == "evidence: cognate calcium=kalsium; number"


def test_escaping_and_characters_xml_cannot_carry() -> None:
    alignment = Alignment((Segment("a\x01b & c\r", 0),), (Segment("x\uffffy ]]> z", 0),), (Bead((0,), (0,), 1.0),))
    text = to_tmx(alignment)
    assert "&amp;" in text and "]]&gt;" in text and "&#13;" in text
    root = ET.fromstring(text.encode("utf-8"))
    segs = [s.text for s in root.iter("seg")]
    assert segs == ["a\ufffdb & c\r", "x\ufffdy ]]> z"]


def test_dates_only_when_asked() -> None:
    assert "creationdate" not in to_tmx(make_alignment())
    root = ET.fromstring(to_tmx(make_alignment(), date="20240102T030405Z").encode("utf-8"))
    assert root.find("header").get("creationdate") == "20240102T030405Z"  # type: ignore[union-attr]


def test_our_output_reads_back_and_dumps_byte_identical() -> None:
    text = to_tmx(make_alignment())
    document = read_tmx(text.encode("utf-8"), name="doc.tmx")
    assert dump_tmx(document) == text
    alignment = tmx_to_alignment(document)
    assert [b.score for b in alignment.beads] == [0.9346, 0.61]
    assert alignment.source_text(alignment.beads[0]) == ["Kidney stones & <salts>: \"causes\""]
    assert alignment.target_text(alignment.beads[1]) == [make_alignment().target[1].text]
    assert (alignment.source_name, alignment.target_name) == ("doc.en.txt", "doc.id.txt")
    # Segment lines point at the <seg> in the TMX file.
    lines = text.split("\n")
    assert "Kidney stones &amp; &lt;salts&gt;" in lines[alignment.source[0].line - 1]


THIRD_PARTY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="OtherTool" creationtoolversion="2.1" datatype="html" segtype="sentence"
  adminlang="en-US" srclang="en-US" o-tmf="ABC" creationdate="20230101T120000Z">
  <note>Header note &amp; more</note>
  <prop type="x-client">Clinic &lt;A&gt;</prop>
  <ude name="MacRoman" base="Macintosh"><map unicode="#xF8FF" code="#xF0" ent="Apple_logo" subst="[Apple]"/></ude>
</header>
<body>
  <tu tuid="abc-1" changedate="20230202T101010Z" usagecount="3">
    <note>checked</note>
    <prop type="x-domain">medical</prop>
    <tuv xml:lang="en-US" creationid="ann">
      <prop type="x-origin">web</prop>
      <seg>Press <bpt i="1" x="1">&lt;b&gt;</bpt>Start<ept i="1">&lt;/b&gt;</ept> now &amp; wait.&#13;</seg>
    </tuv>
    <tuv xml:lang="id-ID">
      <seg>Tekan <bpt i="1" x="1">&lt;b&gt;</bpt>Mulai<ept i="1">&lt;/b&gt;</ept> sekarang &amp; tunggu.  </seg>
    </tuv>
    <tuv xml:lang="fr"><seg>Appuyez</seg></tuv>
  </tu>
  <tu tuid="abc-2">
    <tuv xml:lang="en-US"><seg>Only English <ph x="2">{0}</ph> here <hi type="b">bold</hi>.</seg></tuv>
  </tu>
  <tu><tuv xml:lang="de"><seg>Nur Deutsch</seg></tuv></tu>
</body>
</tmx>
"""


def canonical(element: ET.Element) -> tuple[object, ...]:
    """An element as comparable data; white space between structural elements does not count."""
    structural = element.tag in {"tmx", "header", "body", "tu", "tuv", "ude"}
    text = (element.text or "").strip() if structural else element.text or ""
    return (element.tag, tuple(element.attrib.items()), text,
            tuple((canonical(c), (c.tail or "").strip() if structural else c.tail or "") for c in element))


def test_third_party_tmx_round_trips_losslessly(tmp_path: Path) -> None:
    original = read_tmx(THIRD_PARTY.encode("utf-8"), name="memory.tmx")
    dumped = dump_tmx(original)
    again = read_tmx(dumped.encode("utf-8"), name="again.tmx")
    assert canonical(again.root) == canonical(original.root)
    assert dump_tmx(again) == dumped
    assert 'tuid="abc-1" changedate="20230202T101010Z" usagecount="3"' in dumped
    assert '<seg>Press <bpt i="1" x="1">&lt;b&gt;</bpt>Start<ept i="1">&lt;/b&gt;</ept> now &amp; wait.&#13;</seg>' in (
        dumped)
    assert "sekarang &amp; tunggu.  </seg>" in dumped  # trailing spaces inside a segment are kept
    assert '<map unicode="#xF8FF" code="#xF0" ent="Apple_logo" subst="[Apple]"/>' in dumped


def test_third_party_tmx_to_alignment_matches_languages_by_primary_subtag() -> None:
    alignment = tmx_to_alignment(read_tmx(THIRD_PARTY.encode("utf-8"), name="memory.tmx"))
    assert alignment.source_lang == "en" and alignment.target_lang == "id"
    assert [b.kind for b in alignment.beads] == ["1-1", "1-0"]
    assert [b.score for b in alignment.beads] == [1.0, 1.0]
    assert alignment.source[0].text == "Press Start now & wait.\r"
    assert alignment.target[0].text == "Tekan Mulai sekarang & tunggu.  "
    assert alignment.source[1].text == "Only English  here bold."
    assert alignment.source[0].line == 16 and alignment.target[0].line == 19
    assert alignment.source_name == "memory.tmx"


def test_read_aligned_reads_tmx_files(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_bytes(THIRD_PARTY.encode("utf-8"))
    assert len(read_aligned(path).beads) == 2
    sniffed = tmp_path / "memory.xml"
    sniffed.write_bytes(THIRD_PARTY.encode("utf-8"))
    assert len(read_aligned(sniffed).beads) == 2


def test_utf16_tmx_is_read() -> None:
    text = to_tmx(make_alignment()).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    document = read_tmx(text.encode("utf-16"), name="u16.tmx")
    assert len(list(document.units())) == 2


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
         "<tmx><body>&b;</body></tmx>", "refusing to read XML with entity declarations"),
        ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<tmx><body>&x;</body></tmx>',
         "refusing to read XML"),
        ('<?xml version="1.0"?>\n<tmx>\n<body>\n<tu></body></tmx>', "not well-formed XML"),
        ("<xliff><body/></xliff>", "the root element is <xliff>"),
        ("<tmx><header/></tmx>", "no <body>"),
    ],
)
def test_unsafe_or_broken_xml_raises_input_error(data: str, expected: str) -> None:
    with pytest.raises(InputError) as err:
        read_tmx(data.encode("utf-8"), name="evil.tmx")
    assert expected in str(err.value)
    assert err.value.file == "evil.tmx"


def test_malformed_xml_error_names_the_line() -> None:
    with pytest.raises(InputError) as err:
        read_tmx(b'<?xml version="1.0"?>\n<tmx>\n<body>\n<tu></body></tmx>', name="bad.tmx")
    assert err.value.line == 4


def test_bad_score_prop_names_the_unit_line() -> None:
    data = (b'<tmx>\n<body>\n<tu>\n<prop type="x-score">high</prop>'
            b'<tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>')
    with pytest.raises(InputError) as err:
        tmx_to_alignment(read_tmx(data, name="bad.tmx"))
    assert err.value.line == 3
