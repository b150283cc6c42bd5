"""``missing-term``: the source has a glossary term, the aligned target has none of its accepted forms.

Bilingual units only (PO entries, TMX units, aligned text pairs). Morphology-aware: any affixed or reduplicated
form of an accepted translation counts ("terkalsifikasi" for "kalsifikasi", "memindai" for "pindai", "sel-sel"
for "sel"; :func:`termalign.morphology.find_term`). Per-term glossary options are honoured: case-sensitive
terms must match in case, any listed variant is accepted, and a do-not-translate term is expected unchanged.
When the English form was left in, ``untranslated-term`` reports it instead; when a near miss of the expected
form is there, ``garbled-term`` does. A term used as a name ("Windows" in "Use Windows high-resolution clock")
or as a constant ("FILE" among lower-case words) is not expected to be translated (see
:func:`termalign.checks.engine.not_the_term`). Each missing term of a unit is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termalign.checks.base import BaseCheck, CheckContext
from termalign.model import Finding


class MissingTermCheck(BaseCheck):
    """Glossary terms of the source with no accepted translation in the target (see the module docstring)."""

    code = "missing-term"
    severity = "warning"
    description = "A glossary term of the source has none of its accepted translations in the target."
    needs_source = True

    def run(self, batch: Any, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        entries = ctx.index.entries
        for i, expectations in enumerate(batch.expectations):
            for exp in expectations:
                if exp.status != "missing":
                    continue
                unit = batch.units[i]
                entry = entries[exp.entry]
                hit = exp.source_hit
                surface = (unit.source or "")[hit.start:hit.end]
                message, steps = self.memo((surface, exp.entry), _message, surface, entry)
                yield i, self.finding(unit, None, None, message, text=surface, suggestion=entry.targets[0],
                                      explanation=steps)


def _message(surface: str, entry: Any) -> tuple[str, tuple[str, ...]]:
    accepted = " | ".join(entry.targets)
    steps = [
        f"source term {surface!r} = glossary entry {entry.source} → {accepted}",
        "no accepted form (nor an affixed or reduplicated form of one) in the target",
        "no near miss of an accepted form and no English form left in the target",
    ]
    if entry.case_sensitive:
        steps.append("the term is case-sensitive: forms differing in case do not count")
    if entry.do_not_translate:
        steps.append("the term is do-not-translate: the target should keep it unchanged")
    message = f"source term {surface!r} has no accepted translation in the target (expected {accepted!r})"
    return message, tuple(steps)
