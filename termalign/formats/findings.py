"""QA findings as text (one line each, like a compiler) and as JSON.

Text: ``file:line: severity code message`` (``file [entry]:`` when there is no line number, as in MO and
TMX input), followed by `` (suggest: X)`` when there is a suggestion; with ``explain`` every step that led to
the finding is listed below it, indented. A summary line ends the output.

JSON: ``{"findings": [...], "summary": {...}}``; each finding is the :class:`~termalign.model.Finding`
fields (``location`` nested) plus its baseline ``fingerprint`` when known. Stable key order, UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from termalign.model import Finding


def where(finding: Finding) -> str:
    """``file:line`` or ``file [entry]`` (or ``<input>``) for a finding."""
    loc = finding.location
    name = loc.file or "<input>"
    if loc.line is not None:
        return f"{name}:{loc.line}"
    if loc.entry:
        return f"{name} [{loc.entry}]"
    return name


def summary(findings: Sequence[Finding], *, units: int | None = None, files: Sequence[str] = (),
            checks: Sequence[str] = (), ignored: int = 0, baselined: int = 0) -> dict[str, Any]:
    """Counts for a report: per severity, per code, units/files checked, findings silenced."""
    by_severity = {"error": 0, "warning": 0, "info": 0}
    by_code: dict[str, int] = {}
    for f in findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        by_code[f.code] = by_code.get(f.code, 0) + 1
    out: dict[str, Any] = {
        "findings": len(findings),
        "by_severity": by_severity,
        "by_code": dict(sorted(by_code.items())),
        "ignored_inline": ignored,
        "baselined": baselined,
    }
    if units is not None:
        out["units"] = units
    if files:
        out["files"] = list(files)
    if checks:
        out["checks"] = list(checks)
    return out


def summary_line(info: dict[str, Any]) -> str:
    """``3 findings (1 error, 2 warnings, 0 info) in 120 units`` plus silenced counts when any."""
    sev = info["by_severity"]
    text = (f"{info['findings']} finding{'s' if info['findings'] != 1 else ''} ({sev['error']} error"
            f"{'s' if sev['error'] != 1 else ''}, {sev['warning']} warning{'s' if sev['warning'] != 1 else ''}, "
            f"{sev['info']} info)")
    if "units" in info:
        text += f" in {info['units']} unit{'s' if info['units'] != 1 else ''}"
    silenced = []
    if info.get("ignored_inline"):
        silenced.append(f"{info['ignored_inline']} ignored inline")
    if info.get("baselined"):
        silenced.append(f"{info['baselined']} in the baseline")
    if silenced:
        text += "; " + ", ".join(silenced)
    return text


def to_text(findings: Sequence[Finding], *, explain: bool = False, info: dict[str, Any] | None = None) -> str:
    """One line per finding (see the module docstring); a summary line at the end when ``info`` is given."""
    lines: list[str] = []
    for f in findings:
        line = f"{where(f)}: {f.severity} {f.code} {f.message}"
        if f.suggestion and f.code != "glued-words":
            line += f" (suggest: {f.suggestion})"
        elif f.suggestion:
            line += f" (suggest: {f.suggestion!r})"
        lines.append(line)
        if explain:
            lines.extend(f"    - {step}" for step in f.explanation)
    if info is not None:
        lines.append(summary_line(info))
    return "\n".join(lines) + ("\n" if lines else "")


def finding_dict(finding: Finding, fingerprint: str | None = None) -> dict[str, Any]:
    """A finding as a plain dict (JSON-ready)."""
    data = asdict(finding)
    data["explanation"] = list(finding.explanation)
    if fingerprint is not None:
        data["fingerprint"] = fingerprint
    return data


def to_json(findings: Sequence[Finding], *, fingerprints: Sequence[str] | None = None,
            info: dict[str, Any] | None = None) -> str:
    """``{"findings": [...], "summary": {...}}`` as indented JSON text."""
    fps: Sequence[str | None] = fingerprints if fingerprints is not None else [None] * len(findings)
    payload = {
        "findings": [finding_dict(f, fp) for f, fp in zip(findings, fps, strict=True)],
        "summary": info if info is not None else summary(findings),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
