"""``forbidden-term``: a form the glossary marks as forbidden or deprecated.

Glossary entries list forbidden Indonesian forms (a deprecated spelling, a loan the style guide rejects);
any inflected form counts ("dikopi" for a forbidden "kopi" is found through the affix rules). Occurrences in
code, placeholders, quotes, options, URLs or paths are skipped. Monolingual: works on a single text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.index import ENGLISH, FORBIDDEN
from termalign.model import Finding, GlossaryEntry

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch


class ForbiddenTermCheck(BaseCheck):
    """Forbidden glossary forms in the text (see the module docstring)."""

    code = "forbidden-term"
    severity = "error"
    description = "A form the glossary marks as forbidden or deprecated."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        untranslated = "untranslated-term" in ctx.enabled
        entries = ctx.index.entries
        for i, unit, hit in self.hits_in_prose(batch, FORBIDDEN):
            if untranslated and any(h.kind == ENGLISH and (h.start, h.end, h.entry) == (hit.start, hit.end, hit.entry)
                                    for h in batch.target_hits[i]):
                continue  # the English term itself: reported as untranslated-term
            entry = entries[hit.entry]
            surface = unit.text[hit.start:hit.end]
            message, steps = self.memo((surface, hit.entry, hit.form), _message, surface, hit.form, entry)
            yield i, self.finding(unit, hit.start, hit.end, message,
                                  suggestion=_affixed(surface, hit.form, entry.target), explanation=steps)


def _affixed(surface: str, form: str, target: str) -> str:
    """The suggestion for ``surface``, a forbidden ``form`` perhaps with affixes: the same affixes around the
    glossary's ``target`` ("mengijinkan" → "mengizinkan", "resikonya" → "risikonya"), the bare target when the
    form is not written out inside the surface (nasal assimilation, an inflected multiword form)."""
    at = surface.lower().find(form.lower())
    if at < 0:
        return target
    return surface[:at] + target + surface[at + len(form):]


def _message(surface: str, form: str, entry: GlossaryEntry) -> tuple[str, tuple[str, ...]]:
    return (
        f"{surface!r} is a forbidden form for {entry.source!r}; use {entry.target!r}",
        (f"{surface!r} is (a form of) {form!r}, listed as forbidden in glossary entry {entry.source} → "
         f"{entry.target}", *((f"note: {entry.note}",) if entry.note else ())),
    )
