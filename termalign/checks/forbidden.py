"""``forbidden-term``: a form the glossary marks as forbidden or deprecated.

Glossary entries list forbidden Indonesian forms (a deprecated spelling, a loan the style guide rejects);
any inflected form counts ("dikopi" for a forbidden "kopi" is found through the affix rules). Occurrences in
code, placeholders, quotes, options, URLs or paths are skipped. Monolingual: works on a single text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.index import ENGLISH, FORBIDDEN
from termalign.checks.patterns import inside
from termalign.model import Finding


class ForbiddenTermCheck(BaseCheck):
    """Forbidden glossary forms in the text (see the module docstring)."""

    code = "forbidden-term"
    severity = "error"
    description = "A form the glossary marks as forbidden or deprecated."

    def run(self, batch: Any, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        for i, unit in enumerate(batch.units):
            hits = batch.target_hits[i]
            english = {(h.start, h.end, h.entry) for h in hits if h.kind == ENGLISH}
            for hit in hits:
                if hit.kind != FORBIDDEN or inside(batch.code_spans(i), hit.start, hit.end):
                    continue
                if (hit.start, hit.end, hit.entry) in english and "untranslated-term" in ctx.enabled:
                    continue  # the English term itself: reported as untranslated-term
                entry = ctx.index.entries[hit.entry]
                surface = unit.text[hit.start:hit.end]
                yield i, self.finding(
                    unit, hit.start, hit.end,
                    f"{surface!r} is a forbidden form for {entry.source!r}; use {entry.target!r}",
                    suggestion=entry.target,
                    explanation=(
                        f"{surface!r} is (a form of) {hit.form!r}, listed as forbidden in glossary entry "
                        f"{entry.source} → {entry.target}",
                        *((f"note: {entry.note}",) if entry.note else ()),
                    ),
                )
