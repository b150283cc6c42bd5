"""QA findings as SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

One run, tool ``termalign`` with one rule per check (id = the check code, help text pointing at the section
of ``docs/checks.md``); one result per finding with ``level`` (error/warning/note), the message, the file and
line (a logical location naming the entry when there is no line), and ``partialFingerprints`` carrying the
baseline fingerprint so dashboards track a finding across edits. Paths are written as given, with ``/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from termalign import __version__
from termalign.model import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rules(codes: Sequence[str]) -> list[dict[str, Any]]:
    from termalign.checks.engine import CHECKS, check_class

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


def to_sarif(findings: Sequence[Finding], *, fingerprints: Sequence[str] | None = None,
             checks: Sequence[str] = ()) -> str:
    """A SARIF 2.1.0 log (JSON text) for ``findings``; ``checks`` lists the codes that ran (all rules)."""
    codes = list(dict.fromkeys([*checks, *(f.code for f in findings)]))
    rule_index = {code: i for i, code in enumerate(codes)}
    results = []
    for n, f in enumerate(findings):
        message = f.message + (f" (suggest: {f.suggestion})" if f.suggestion else "")
        location: dict[str, Any] = {}
        if f.location.file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": f.location.file.replace("\\", "/")}}
            if f.location.line is not None:
                physical["region"] = {"startLine": f.location.line}
            location["physicalLocation"] = physical
        if f.location.entry:
            location["logicalLocations"] = [{"name": f.location.entry, "kind": "member"}]
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": rule_index[f.code],
            "level": _LEVEL.get(f.severity, "warning"),
            "message": {"text": message},
            "locations": [location] if location else [],
            "properties": {"text": f.text, "lang": f.lang, "explanation": list(f.explanation)},
        }
        if f.suggestion:
            result["properties"]["suggestion"] = f.suggestion
        if f.location.start is not None:
            result["properties"]["offsets"] = [f.location.start, f.location.end]
        if fingerprints is not None:
            result["partialFingerprints"] = {"termalign/v1": fingerprints[n]}
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "termalign", "version": __version__, "rules": _rules(codes)}},
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
