"""QA findings as text (one line each, like a compiler) and as JSON, rendered as they arrive.

Text: ``file:line:column: severity code message`` (``file:line:`` for a finding about a whole segment, such as
a missing term; ``file [entry]:`` when there is no line number, as in MO and TMX input; the column counts
characters of the checked string from 1), followed by `` (suggest: X)`` when there is a suggestion; with
``explain`` every step that led to the finding is listed below it, indented. A summary line ends the output.

JSON: ``{"findings": [...], "summary": {...}}``; each finding is the :class:`~termalign.model.Finding`
fields (``location`` nested) plus its baseline ``fingerprint`` when known. Stable key order, UTF-8, indented
by two spaces (byte for byte what ``json.dumps(..., ensure_ascii=False, indent=2)`` writes, but made by
:func:`dump_json`, several times faster: ``json`` falls back to pure Python as soon as it indents).

Every format of ``termalign check`` has a *renderer* (:class:`TextRenderer`, :class:`JsonRenderer`, and in
the sibling modules ``SarifRenderer``, ``JunitRenderer``, ``GithubRenderer``): :meth:`add` turns one finding
into its text at once, so a run keeps output text, not finding objects; :meth:`finish` returns the
document. The ``to_*`` functions render a list in one go.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from termalign.errors import printable
from termalign.model import Finding

_encode_string = json.encoder.encode_basestring  # the C encoder json uses with ensure_ascii=False


def where(finding: Finding) -> str:
    """``file:line:column``, ``file:line`` (a finding about a whole segment), or ``file [entry]`` (or ``<input>``)
    for a finding. The column is 1-based, counted in the checked string: the line of a plain text, the
    ``msgstr`` of a PO entry, the sentences of a bead; it tells two findings on one line apart."""
    loc = finding.location
    name = loc.file or "<input>"
    if loc.line is not None:
        if loc.start is not None:
            return f"{name}:{loc.line}:{loc.start + 1}"
        return f"{name}:{loc.line}"
    if loc.entry:
        return f"{name} [{loc.entry}]"
    return name


class Counts:
    """Findings counted per severity and per code as they stream past (for summaries and the exit status)."""

    def __init__(self) -> None:
        self.total = 0
        self.by_severity: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
        self.by_code: dict[str, int] = {}

    def add(self, finding: Finding) -> None:
        """Count one finding."""
        self.total += 1
        self.by_severity[finding.severity] = self.by_severity.get(finding.severity, 0) + 1
        self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1


def summary(findings: Sequence[Finding] | Counts, *, units: int | None = None, files: Sequence[str] = (),
            checks: Sequence[str] = (), ignored: int = 0, baselined: int = 0, glossary: str | None = None
            ) -> dict[str, Any]:
    """Counts for a report: per severity, per code, units/files checked, findings silenced, the glossary
    checked against (its name, and why when it is the default).

    ``findings`` is the list of findings, or their :class:`Counts` when they were streamed.
    """
    if isinstance(findings, Counts):
        counts = findings
    else:
        counts = Counts()
        for f in findings:
            counts.add(f)
    out: dict[str, Any] = {
        "findings": counts.total,
        "by_severity": dict(counts.by_severity),
        "by_code": dict(sorted(counts.by_code.items())),
        "ignored_inline": ignored,
        "baselined": baselined,
    }
    if units is not None:
        out["units"] = units
    if files:
        out["files"] = list(files)
    if checks:
        out["checks"] = list(checks)
    if glossary:
        out["glossary"] = glossary
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
    if info.get("glossary"):
        text += f"; glossary: {info['glossary']}"
    return text


def text_line(finding: Finding) -> str:
    """The text-format line of one finding (see the module docstring), control characters escaped
    (:func:`~termalign.errors.printable`: a catalog string must not drive the terminal it is shown on)."""
    place = where(finding)
    suggestion = finding.suggestion
    if not suggestion:
        line = f"{place}: {finding.severity} {finding.code} {finding.message}"
    elif finding.code != "glued-words":
        line = f"{place}: {finding.severity} {finding.code} {finding.message} (suggest: {suggestion})"
    else:
        line = f"{place}: {finding.severity} {finding.code} {finding.message} (suggest: {suggestion!r})"
    return printable(line, one_line=True)


def text_lines(finding: Finding, *, explain: bool = False) -> list[str]:
    """The text-format line of one finding (and its explanation lines with ``explain``)."""
    line = text_line(finding)
    if not explain:
        return [line]
    return [line, *(printable(f"    - {step}", one_line=True) for step in finding.explanation)]


class Pieces:
    """Many small pieces of output text (lines, JSON objects) joined by ``sep``, kept compact: every few
    thousand pieces are joined, UTF-8 encoded and appended to one growing buffer, so a run with 100,000
    findings holds one byte buffer rather than 100,000 string objects, and :meth:`encode` copies nothing.

    With a ``sink`` (:meth:`stream`), chunks are handed to it as soon as they are made (standard output):
    nothing is kept at all. ``head`` is written before the first chunk.
    """

    _FLUSH = 4096

    def __init__(self, sep: str) -> None:
        self.sep = sep
        self.count = 0
        self._pending: list[str] = []
        self._buffer = bytearray()
        self._sink: Callable[[bytes], None] | None = None
        self._head = ""
        self._sent = False

    def stream(self, sink: Callable[[bytes], None], head: str = "") -> None:
        """Hand chunks to ``sink`` from now on, ``head`` first."""
        self._sink, self._head = sink, head

    def add(self, piece: str) -> None:
        """Append one piece."""
        self._pending.append(piece)
        self.count += 1
        if len(self._pending) >= self._FLUSH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        first = not self._buffer and not self._sent
        chunk = ("" if first else self.sep) + self.sep.join(self._pending)
        self._pending = []
        if self._sink is None:
            self._buffer += chunk.encode("utf-8")
        else:
            self._sink(((self._head if first else "") + chunk).encode("utf-8"))
            self._sent = True

    @property
    def streamed(self) -> bool:
        """Whether something was handed to the sink already (then the head was too)."""
        return self._sent

    def encode(self, head: str = "", tail: str = "") -> bytes:
        """What is left to write: ``head`` (unless already streamed) + the pieces joined by ``sep`` + ``tail``,
        as UTF-8 (a ``bytearray``: the buffer itself, not a copy of it). The pieces are released."""
        if self._sink is not None and self._sent:
            head = ""
        self._sink = None
        self._flush()
        out, self._buffer = self._buffer, bytearray()
        if head:
            out[0:0] = head.encode("utf-8")
        out += tail.encode("utf-8")
        return out  # type: ignore[return-value]  # a bytearray is written like bytes


class TextRenderer:
    """The text format, line by line (see the module docstring). With a ``sink``, lines are handed to it in
    chunks as the findings arrive (standard output), and :meth:`render` returns only the rest."""

    def __init__(self, *, explain: bool = False, sink: Callable[[bytes], None] | None = None) -> None:
        self.explain = explain
        self.lines = Pieces("\n")
        if sink is not None:
            self.lines.stream(sink)

    def add(self, finding: Finding, fingerprint: str | None = None) -> None:
        """Render one finding."""
        if self.explain:
            for line in text_lines(finding, explain=True):
                self.lines.add(line)
        else:
            self.lines.add(text_line(finding))

    def render(self, info: dict[str, Any] | None = None) -> bytes:
        """The whole text, UTF-8: the findings' lines and, with ``info``, the summary line."""
        if info is not None:
            self.lines.add(summary_line(info))
        return self.lines.encode(tail="\n" if self.lines.count else "")

    def finish(self, info: dict[str, Any] | None = None) -> str:
        """:meth:`render` as a string."""
        return self.render(info).decode("utf-8")


def to_text(findings: Sequence[Finding], *, explain: bool = False, info: dict[str, Any] | None = None) -> str:
    """One line per finding (see the module docstring); a summary line at the end when ``info`` is given."""
    renderer = TextRenderer(explain=explain)
    for f in findings:
        renderer.add(f)
    return renderer.finish(info)


def finding_dict(finding: Finding, fingerprint: str | None = None) -> dict[str, Any]:
    """A finding as a plain dict (JSON-ready)."""
    loc = finding.location
    data: dict[str, Any] = {
        "code": finding.code,
        "severity": finding.severity,
        "text": finding.text,
        "message": finding.message,
        "lang": finding.lang,
        "location": {"file": loc.file, "line": loc.line, "entry": loc.entry, "start": loc.start, "end": loc.end},
        "suggestion": finding.suggestion,
        "explanation": list(finding.explanation),
    }
    if fingerprint is not None:
        data["fingerprint"] = fingerprint
    return data


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def dump_json(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, nested ``level`` deep (so a
    fragment can be placed inside a larger document). Dicts need string keys."""
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        return ("{" + inner + ("," + inner).join(_encode_string(k) + ": " + dump_json(v, level + 1)
                                                 for k, v in value.items()) + "\n" + "  " * level + "}")
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return "[" + inner + ("," + inner).join(dump_json(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    return json.dumps(value, ensure_ascii=False)


class JsonRenderer:
    """The JSON format: each finding encoded when it arrives, the document assembled at the end (or, with a
    ``sink``, handed to it in chunks as the findings arrive; :meth:`render` returns the rest)."""

    _HEAD = '{\n  "findings": [\n    '

    def __init__(self, *, sink: Callable[[bytes], None] | None = None) -> None:
        self.items = Pieces(",\n    ")
        if sink is not None:
            self.items.stream(sink, self._HEAD)

    def add(self, finding: Finding, fingerprint: str | None = None) -> None:
        """Render one finding."""
        self.items.add(dump_json(finding_dict(finding, fingerprint), 2))

    def render(self, info: dict[str, Any]) -> bytes:
        """``{"findings": [...], "summary": {...}}`` as UTF-8."""
        tail = ',\n  "summary": ' + dump_json(info, 1) + "\n}\n"
        if not self.items.count:
            return self.items.encode('{\n  "findings": []', tail)
        return self.items.encode(self._HEAD, "\n  ]" + tail)

    def finish(self, info: dict[str, Any]) -> str:
        """:meth:`render` as a string."""
        return self.render(info).decode("utf-8")


def to_json(findings: Sequence[Finding], *, fingerprints: Sequence[str] | None = None,
            info: dict[str, Any] | None = None) -> str:
    """``{"findings": [...], "summary": {...}}`` as indented JSON text."""
    fps: Iterable[str | None] = fingerprints if fingerprints is not None else [None] * len(findings)
    renderer = JsonRenderer()
    for f, fp in zip(findings, fps, strict=True):
        renderer.add(f, fp)
    return renderer.finish(info if info is not None else summary(findings))
