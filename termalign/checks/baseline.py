"""Baselines: accept the findings a project has today so that CI fails only on new ones.

A baseline file lists finding fingerprints (:func:`termalign.checks.runner.fingerprint`): check code, file,
offending text and a hash of the unit's identity (``msgctxt``+``msgid`` for PO entries, the line for plain
text), never line numbers, so it survives edits elsewhere in the file. Each fingerprint carries a count:
three identical findings in one entry need three baseline slots, and a fourth is new.

Format (JSON, sorted, stable across runs)::

    {"version": 1, "tool": "termalign",
     "findings": [{"fingerprint": "…", "code": "garbled-term", "file": "id.po", "text": "Flebolith", "count": 1}]}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from termalign.errors import InputError
from termalign.model import Finding
from termalign.textio import display_name, read_text

VERSION = 1


class Baseline:
    """Known findings; :meth:`consume` answers "is this one of them?" once per baseline slot."""

    def __init__(self, counts: dict[str, int] | None = None) -> None:
        self._left: Counter[str] = Counter(counts or {})
        self.size = sum(self._left.values())

    def consume(self, fingerprint: str) -> bool:
        """True (and one slot used) when ``fingerprint`` is in the baseline with slots left."""
        if self._left.get(fingerprint, 0) > 0:
            self._left[fingerprint] -= 1
            return True
        return False

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline file; raises :class:`InputError` naming the file when it is not one."""
        return cls.from_text(read_text(path), name=display_name(path))

    @classmethod
    def from_text(cls, text: str, *, name: str = "<baseline>") -> Baseline:
        """A baseline from the text of a baseline file; raises :class:`InputError` naming ``name`` if it is not one."""
        from termalign.formats.json_ import load_json

        data = load_json(text, name=name, what="not a baseline file: invalid JSON",
                         hint="write one with --write-baseline")
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise InputError("not a termalign baseline file (version 1 with a findings list expected)", file=name,
                             hint="write one with --write-baseline")
        counts: Counter[str] = Counter()
        for number, item in enumerate(data["findings"], start=1):
            if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
                raise InputError(f"baseline finding {number} has no fingerprint", file=name)
            count = item.get("count", 1)
            counts[item["fingerprint"]] += count if isinstance(count, int) and count > 0 else 1
        return cls(dict(counts))


class BaselineBuilder:
    """Collects findings as they stream past into a baseline file (one item per fingerprint, with a count)."""

    def __init__(self) -> None:
        self._items: dict[str, dict[str, object]] = {}
        self.size = 0

    def add(self, finding: Finding, fingerprint: str) -> None:
        """Record one finding with its fingerprint."""
        item = self._items.get(fingerprint)
        if item is None:
            item = self._items[fingerprint] = {"fingerprint": fingerprint, "code": finding.code,
                                               "file": finding.location.file, "text": finding.text, "count": 0}
        item["count"] = int(item["count"]) + 1  # type: ignore[call-overload]
        self.size += 1

    def text(self) -> str:
        """The baseline file (JSON text, sorted, stable across runs)."""
        items = sorted(self._items.values(), key=lambda d: (str(d["file"]), str(d["code"]), str(d["text"]),
                                                            str(d["fingerprint"])))
        return json.dumps({"version": VERSION, "tool": "termalign", "findings": items}, ensure_ascii=False,
                          indent=1) + "\n"


def baseline_json(findings: Sequence[Finding], fingerprints: Sequence[str]) -> str:
    """The baseline file accepting exactly ``findings`` (with their ``fingerprints``), as JSON text."""
    builder = BaselineBuilder()
    for finding, fp in zip(findings, fingerprints, strict=True):
        builder.add(finding, fp)
    return builder.text()
