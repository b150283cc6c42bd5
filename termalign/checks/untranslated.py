"""``untranslated-term``: an English glossary term left in an Indonesian target.

"phlebolith" in an Indonesian sentence where the glossary has "flebolit". Found by the target automaton
(:mod:`termalign.checks.index`): English forms of entries that are not do-not-translate and whose English form
differs from every accepted Indonesian form ("data", "virus" are never reported). Occurrences inside code,
placeholders, quotes, options, URLs or paths are skipped: ``--file`` or ``'HEAD'`` is not prose. Works on
monolingual Indonesian text too; with a source, the message says the source has the term.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.index import ACCEPTED, ENGLISH
from termalign.checks.patterns import NAMES_EXACT, inside
from termalign.model import Finding


class UntranslatedTermCheck(BaseCheck):
    """English glossary terms in Indonesian text (see the module docstring)."""

    code = "untranslated-term"
    severity = "error"
    description = "An English glossary term left untranslated in the Indonesian text."

    def run(self, batch: Any, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        for i, unit in enumerate(batch.units):
            hits = batch.target_hits[i]
            accepted = [(h.start, h.end) for h in hits if h.kind == ACCEPTED]
            for hit in hits:
                if hit.kind != ENGLISH:
                    continue
                if any(s <= hit.start and hit.end <= e for s, e in accepted):
                    continue  # part of an accepted form ("sel T" containing an English-looking "T")
                if inside(batch.code_spans(i), hit.start, hit.end):
                    continue
                entry = ctx.index.entries[hit.entry]
                surface = unit.text[hit.start:hit.end]
                if surface in NAMES_EXACT:
                    continue  # "Windows" the product, not "windows"
                in_source = bool(unit.source) and hit.form.lower() in unit.source.lower()  # type: ignore[union-attr]
                steps = [
                    f"{surface!r} matches the English form {hit.form!r} of glossary entry {entry.source} → "
                    f"{' | '.join(entry.targets)}",
                    "the entry is not do-not-translate and its English form differs from every accepted target",
                ]
                if in_source:
                    steps.append("the source segment contains the same English term")
                yield i, self.finding(
                    unit, hit.start, hit.end,
                    f"English term {surface!r} left untranslated; the glossary has {entry.target!r}",
                    suggestion=entry.target,
                    explanation=steps,
                )
