"""QA findings as JUnit XML, the test-report format every CI server displays.

One ``<testsuite>`` per checked file, one ``<testcase>`` per finding (``classname`` = the check code,
``name`` = ``line N: text``) with a ``<failure>`` (errors) or, for warnings and info, ``<system-out>`` only
unless ``fail_on`` includes them. A file without findings gets one passing test case, so a clean run shows as
"passed" rather than "no tests". Deterministic: no timestamps, no host names.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from termalign.formats.findings import where
from termalign.model import SEVERITIES, Finding

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return "".join(c if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
                   else "\ufffd" for c in text)


def to_junit(findings: Sequence[Finding], *, files: Sequence[str] = (), fail_on: str = "error",
             name: str = "termalign check") -> str:
    """JUnit XML for ``findings``; ``files`` lists every checked file (clean ones get a passing case)."""
    threshold = _ORDER.get(fail_on, len(SEVERITIES))
    by_file: dict[str, list[Finding]] = {f: [] for f in files}
    for finding in findings:
        by_file.setdefault(finding.location.file or "<input>", []).append(finding)
    suites = []
    total = failures = 0
    for file_name, items in by_file.items():
        cases = []
        suite_failures = 0
        for f in items:
            label = f.location.line if f.location.line is not None else f.location.entry
            case_name = _clean(f"{where(f)}: {f.text}" if label is not None else f.text)
            body = _clean(f.message + (f" (suggest: {f.suggestion})" if f.suggestion else "")
                          + "".join(f"\n- {s}" for s in f.explanation))
            if _ORDER.get(f.severity, 0) >= threshold:
                suite_failures += 1
                inner = (f"<failure type={quoteattr(f.severity)} message={quoteattr(_clean(f.message))}>"
                         f"{escape(body)}</failure>")
            else:
                inner = f"<system-out>{escape(f.severity + ': ' + body)}</system-out>"
            cases.append(f"    <testcase classname={quoteattr(f.code)} name={quoteattr(case_name)}>{inner}</testcase>")
        if not items:
            cases.append(f"    <testcase classname=\"termalign\" name={quoteattr(_clean(file_name))}/>")
        count = max(1, len(items))
        total += count
        failures += suite_failures
        head = (f"  <testsuite name={quoteattr(_clean(file_name))} tests=\"{count}\" "
                f"failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">\n")
        suites.append(head + "\n".join(cases) + "\n  </testsuite>")
    if not suites:
        suites.append(f"  <testsuite name={quoteattr(name)} tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
                      f"    <testcase classname=\"termalign\" name=\"no input\"/>\n  </testsuite>")
        total = 1
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<testsuites name={quoteattr(name)} tests=\"{total}\" failures=\"{failures}\" errors=\"0\">\n"
        + "\n".join(suites) + "\n</testsuites>\n"
    )
