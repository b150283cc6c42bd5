"""Output formats of QA findings: text, JSON, SARIF 2.1.0, JUnit XML and GitHub workflow commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from termalign.formats.findings import summary, to_json, to_text
from termalign.formats.github import to_github
from termalign.formats.junit import to_junit
from termalign.formats.sarif import to_sarif
from termalign.model import Finding, Location

FINDINGS = [
    Finding("garbled-term", "error", "Flebolith", "'Flebolith' looks like a garbled 'flebolit'", "id",
            Location("po/id.po", 12, "The phlebolith", 0, 9), "flebolit", ("folded: plebolit", "ratio 100")),
    Finding("missing-term", "warning", "tissue", "no translation, 50% sure: a,b", "id",
            Location("po/id.po", None, "entry<1>", None, None), "jaringan", ()),
]


def test_text_format_lines_and_summary():
    text = to_text(FINDINGS, explain=True, info=summary(FINDINGS, units=3))
    lines = text.splitlines()
    assert lines[0] == ("po/id.po:12:1: error garbled-term 'Flebolith' looks like a garbled 'flebolit' "
                        "(suggest: flebolit)")
    assert lines[1] == "    - folded: plebolit"
    assert lines[3].startswith("po/id.po [entry<1>]: warning missing-term")
    assert lines[-1] == "2 findings (1 error, 1 warning, 0 info) in 3 units"


def test_json_format():
    data = json.loads(to_json(FINDINGS, fingerprints=["a", "b"]))
    assert data["summary"]["by_code"] == {"garbled-term": 1, "missing-term": 1}
    first = data["findings"][0]
    assert first["location"] == {"file": "po/id.po", "line": 12, "entry": "The phlebolith", "start": 0, "end": 9}
    assert first["fingerprint"] == "a" and first["explanation"] == ["folded: plebolit", "ratio 100"]


def test_sarif_format():
    log = json.loads(to_sarif(FINDINGS, fingerprints=["a", "b"], checks=["garbled-term", "missing-term"]))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["garbled-term", "missing-term"]
    first, second = run["results"]
    assert first["level"] == "error" and first["ruleIndex"] == 0
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}
    assert first["partialFingerprints"] == {"termalign/v1": "a"}
    assert second["level"] == "warning" and "region" not in second["locations"][0]["physicalLocation"]


def test_junit_format_is_valid_xml_with_failures():
    xml = to_junit(FINDINGS, files=["po/id.po", "po/clean.po"])
    root = ET.fromstring(xml)
    assert root.tag == "testsuites" and root.get("failures") == "1"
    suites = {s.get("name"): s for s in root}
    assert suites["po/id.po"].get("tests") == "2"
    assert suites["po/clean.po"].find("testcase") is not None  # a passing case for a clean file
    assert len(root.findall(".//failure")) == 1
    warn = to_junit(FINDINGS, files=["po/id.po"], fail_on="warning")
    assert ET.fromstring(warn).get("failures") == "2"


def test_github_format_escapes():
    out = to_github(FINDINGS).splitlines()
    assert out[0].startswith("::error file=po/id.po,line=12,title=termalign garbled-term::")
    assert out[1].startswith("::warning file=po/id.po,title=termalign missing-term::[entry<1>] no translation, 50%25")
    assert "%2C" not in out[1].split("::", 2)[2]  # commas are only escaped in properties


@pytest.mark.parametrize(("path", "uri"), [
    ("po/id.po", "po/id.po"),
    ("po\\id.po", "po/id.po"),
    ("po/my file#2.po", "po/my%20file%232.po"),
    ("50%.po", "50%25.po"),
    ("kamus/ü.po", "kamus/%C3%BC.po"),
    ("/srv/po/x y.po", "file:///srv/po/x%20y.po"),
    ("C:\\po\\id.po", "file:///C:/po/id.po"),
    ("c:notes.po", "./c:notes.po"),
])
def test_sarif_uris_are_uri_references(path, uri):
    from urllib.parse import unquote, urlsplit

    from termalign.formats.sarif import artifact_uri

    got = artifact_uri(path)
    assert got == uri
    parts = urlsplit(got)
    assert not parts.fragment and not parts.query
    assert unquote(parts.path).endswith(path.replace("\\", "/").split(":", 1)[-1].lstrip("/"))
