"""QA findings as GitHub Actions workflow commands: annotations on the pull request's changed files.

``::error file=po/id.po,line=12,title=termalign garbled-term::'Flebolith' looks like…`` (``warning`` for
warnings, ``notice`` for info). Values are escaped as the runner requires: ``%``, CR and LF everywhere, and
also ``:`` and ``,`` in properties. Findings without a line (MO/TMX input) are annotated on the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from termalign.model import Finding

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a message for a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) for a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Sequence[Finding]) -> str:
    """One workflow command per finding."""
    lines = []
    for f in findings:
        props = []
        if f.location.file:
            props.append(f"file={escape_property(f.location.file)}")
        if f.location.line is not None:
            props.append(f"line={f.location.line}")
        props.append(f"title={escape_property('termalign ' + f.code)}")
        message = f.message
        if f.suggestion:
            message += f" (suggest: {f.suggestion})"
        if f.location.line is None and f.location.entry:
            message = f"[{f.location.entry}] {message}"
        lines.append(f"::{_LEVEL.get(f.severity, 'warning')} {','.join(props)}::{escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
