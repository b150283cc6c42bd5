"""QA findings as SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

One run, tool ``termalign`` with one rule per check (id = the check code, help text pointing at the section
of ``docs/checks.md``); one result per finding with ``level`` (error/warning/note), the message, the file and
line (a logical location naming the entry when there is no line), and ``partialFingerprints`` carrying the
baseline fingerprint so dashboards track a finding across edits. Paths are written as given, with ``/``, as
URI references (:func:`artifact_uri`: characters a URI cannot hold are percent-encoded, absolute paths become
``file:`` URIs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from termalign import __version__
from termalign.formats.findings import Pieces, dump_json
from termalign.model import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
#: What may stay unescaped in a URI path (RFC 3986 pchar and "/"): the rest, spaces, "#", "?" and "%"
#: included, is percent-encoded, so "po/my file#2.po" stays one path and does not become a fragment.
_PATH_SAFE = "/!$&'()*+,;=:@-._~"
_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_uri(path: str) -> str:
    """``path`` as a SARIF ``artifactLocation.uri`` (a URI reference, SARIF 2.1.0 §3.4.3, RFC 3986).

    A relative path stays relative (dashboards resolve it against the repository root), with ``/`` separators
    and percent-encoding; an absolute POSIX or Windows path becomes a ``file:`` URI.
    """
    slashed = path.replace("\\", "/")
    if slashed.startswith("/"):
        return "file://" + quote(slashed, safe=_PATH_SAFE)
    if _DRIVE.match(slashed):
        return "file:///" + quote(slashed, safe=_PATH_SAFE)
    encoded = quote(slashed, safe=_PATH_SAFE)
    # A first segment with ":" would read as a scheme ("c:notes.po"): "./" keeps it a path.
    first = encoded.split("/", 1)[0]
    return "./" + encoded if ":" in first else encoded


def _rules(codes: Sequence[str]) -> list[dict[str, Any]]:
    from termalign.checks.runner import CHECKS, check_class

    rules = []
    for code in codes:
        cls = check_class(code) if code in CHECKS else None
        description = cls.description if cls is not None else code
        default = cls.severity if cls is not None else "warning"
        rules.append({
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": description},
            "help": {"text": f"{description} See docs/checks.md, section {code}."},
            "defaultConfiguration": {"level": _LEVEL.get(default, "warning")},
        })
    return rules


def result_dict(finding: Finding, rule_index: int, fingerprint: str | None) -> dict[str, Any]:
    """One SARIF ``result`` for ``finding``."""
    f = finding
    message = f.message + (f" (suggest: {f.suggestion})" if f.suggestion else "")
    location: dict[str, Any] = {}
    if f.location.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.location.file)}}
        if f.location.line is not None:
            physical["region"] = {"startLine": f.location.line}
        location["physicalLocation"] = physical
    if f.location.entry:
        location["logicalLocations"] = [{"name": f.location.entry, "kind": "member"}]
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(f.severity, "warning"),
        "message": {"text": message},
        "locations": [location] if location else [],
        "properties": {"text": f.text, "lang": f.lang, "explanation": list(f.explanation)},
    }
    if f.suggestion:
        result["properties"]["suggestion"] = f.suggestion
    if f.location.start is not None:
        result["properties"]["offsets"] = [f.location.start, f.location.end]
    if fingerprint is not None:
        result["partialFingerprints"] = {"termalign/v1": fingerprint}
    return result


class SarifRenderer:
    """SARIF rendered as findings arrive: each result is encoded at once; rules and the log come at the end.

    ``checks`` lists the codes that ran (one rule each, in that order); a finding of another code adds a rule.
    """

    def __init__(self, *, checks: Sequence[str] = ()) -> None:
        self.codes: dict[str, int] = {code: i for i, code in enumerate(dict.fromkeys(checks))}
        self.results = Pieces(",\n        ")

    def add(self, finding: Finding, fingerprint: str | None = None) -> None:
        """Render one finding."""
        index = self.codes.setdefault(finding.code, len(self.codes))
        self.results.add(dump_json(result_dict(finding, index, fingerprint), 4))

    def render(self, info: dict[str, Any] | None = None) -> bytes:
        """The SARIF 2.1.0 log as UTF-8 JSON (``info`` is not used: SARIF has no summary)."""
        tool = {"driver": {"name": "termalign", "version": __version__, "rules": _rules(list(self.codes))}}
        head = ("{\n"
                f'  "$schema": {dump_json(SCHEMA)},\n'
                '  "version": "2.1.0",\n'
                '  "runs": [\n'
                "    {\n"
                f'      "tool": {dump_json(tool, 3)},\n'
                '      "results": ')
        tail = "\n    }\n  ]\n}\n"
        if not self.results.count:
            return self.results.encode(head + "[]", tail)
        return self.results.encode(head + "[\n        ", "\n      ]" + tail)

    def finish(self, info: dict[str, Any] | None = None) -> str:
        """:meth:`render` as a string."""
        return self.render(info).decode("utf-8")


def to_sarif(findings: Sequence[Finding], *, fingerprints: Sequence[str] | None = None,
             checks: Sequence[str] = ()) -> str:
    """A SARIF 2.1.0 log (JSON text) for ``findings``; ``checks`` lists the codes that ran (all rules)."""
    renderer = SarifRenderer(checks=checks)
    for n, f in enumerate(findings):
        renderer.add(f, fingerprints[n] if fingerprints is not None else None)
    return renderer.finish()
