"""QA findings as JUnit XML, the test-report format every CI server displays.

One ``<testsuite>`` per checked file, one ``<testcase>`` per finding (``classname`` = the check code,
``name`` = ``line N: text``) with a ``<failure>`` (errors) or, for warnings and info, ``<system-out>`` only
unless ``fail_on`` includes them. A file without findings gets one passing test case, so a clean run shows as
"passed" rather than "no tests". Deterministic: no timestamps, no host names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from termalign.formats.findings import where
from termalign.model import SEVERITIES, Finding

_ORDER: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}  # keyed by str: looked up with --fail-on


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return "".join(c if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
                   else "\ufffd" for c in text)


class JunitRenderer:
    """JUnit XML: each finding becomes its test case when it arrives; suites are assembled at the end.

    ``files`` lists every checked file (clean ones get a passing case); ``fail_on`` is the lowest severity that
    counts as a failure.
    """

    def __init__(self, *, files: Sequence[str] = (), fail_on: str = "error", name: str = "termalign check") -> None:
        self.threshold = _ORDER.get(fail_on, len(SEVERITIES))
        self.name = name
        self.cases: dict[str, list[str]] = {f: [] for f in files}
        self.failures: dict[str, int] = dict.fromkeys(files, 0)

    def add(self, finding: Finding, fingerprint: str | None = None) -> None:
        """Render one finding."""
        f = finding
        file_name = f.location.file or "<input>"
        label = f.location.line if f.location.line is not None else f.location.entry
        case_name = _clean(f"{where(f)}: {f.text}" if label is not None else f.text)
        body = _clean(f.message + (f" (suggest: {f.suggestion})" if f.suggestion else "")
                      + "".join(f"\n- {s}" for s in f.explanation))
        if _ORDER.get(f.severity, 0) >= self.threshold:
            self.failures[file_name] = self.failures.get(file_name, 0) + 1
            inner = (f"<failure type={quoteattr(f.severity)} message={quoteattr(_clean(f.message))}>"
                     f"{escape(body)}</failure>")
        else:
            inner = f"<system-out>{escape(f.severity + ': ' + body)}</system-out>"
        self.cases.setdefault(file_name, []).append(
            f"    <testcase classname={quoteattr(f.code)} name={quoteattr(case_name)}>{inner}</testcase>")

    def set_files(self, files: Sequence[str]) -> None:
        """The checked files, known once the run is over: one suite each, first and in this order (a passing
        case for a file without findings)."""
        cases = {f: self.cases.get(f, []) for f in files}
        cases.update((f, c) for f, c in self.cases.items() if f not in cases)
        self.cases = cases

    def render(self, info: dict[str, Any] | None = None) -> bytes:
        """The JUnit XML document, UTF-8 (``info`` is not used)."""
        return self.finish(info).encode("utf-8")

    def finish(self, info: dict[str, Any] | None = None) -> str:
        """The JUnit XML document (``info`` is not used)."""
        suites = []
        total = failures = 0
        for file_name, cases in self.cases.items():
            suite_failures = self.failures.get(file_name, 0)
            lines = cases or [f"    <testcase classname=\"termalign\" name={quoteattr(_clean(file_name))}/>"]
            count = max(1, len(cases))
            total += count
            failures += suite_failures
            head = (f"  <testsuite name={quoteattr(_clean(file_name))} tests=\"{count}\" "
                    f"failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">\n")
            suites.append(head + "\n".join(lines) + "\n  </testsuite>")
        if not suites:
            suites.append(f"  <testsuite name={quoteattr(self.name)} tests=\"1\" failures=\"0\" errors=\"0\" "
                          f"skipped=\"0\">\n    <testcase classname=\"termalign\" name=\"no input\"/>\n  </testsuite>")
            total = 1
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<testsuites name={quoteattr(self.name)} tests=\"{total}\" failures=\"{failures}\" errors=\"0\">\n"
            + "\n".join(suites) + "\n</testsuites>\n"
        )


def to_junit(findings: Sequence[Finding], *, files: Sequence[str] = (), fail_on: str = "error",
             name: str = "termalign check") -> str:
    """JUnit XML for ``findings``; ``files`` lists every checked file (clean ones get a passing case)."""
    renderer = JunitRenderer(files=files, fail_on=fail_on, name=name)
    for finding in findings:
        renderer.add(finding)
    return renderer.finish()
