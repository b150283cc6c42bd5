"""QA findings as GitHub Actions workflow commands: annotations on the pull request's changed files.

``::error file=po/id.po,line=12,title=termalign garbled-term::'Flebolith' looks like…`` (``warning`` for
warnings, ``notice`` for info). Values are escaped as the runner requires: ``%``, CR and LF everywhere, and
also ``:`` and ``,`` in properties. Findings without a line (MO/TMX input) are annotated on the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from termalign.formats.findings import Pieces
from termalign.model import Finding

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a message for a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) for a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    """The workflow command of one finding."""
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
    return f"::{_LEVEL.get(f.severity, 'warning')} {','.join(props)}::{escape_data(message)}"


class GithubRenderer:
    """GitHub workflow commands, one line per finding as it arrives (handed to ``sink`` in chunks when given)."""

    def __init__(self, *, sink: Callable[[bytes], None] | None = None) -> None:
        self.lines = Pieces("\n")
        if sink is not None:
            self.lines.stream(sink)

    def add(self, finding: Finding, fingerprint: str | None = None) -> None:
        """Render one finding."""
        self.lines.add(github_line(finding))

    def render(self, info: dict[str, Any] | None = None) -> bytes:
        """All the commands, UTF-8 (``info`` is not used)."""
        return self.lines.encode(tail="\n" if self.lines.count else "")

    def finish(self, info: dict[str, Any] | None = None) -> str:
        """:meth:`render` as a string."""
        return self.render(info).decode("utf-8")


def to_github(findings: Sequence[Finding]) -> str:
    """One workflow command per finding."""
    renderer = GithubRenderer()
    for f in findings:
        renderer.add(f)
    return renderer.finish()
