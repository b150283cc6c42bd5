"""``untranslated-term``: an English glossary term left in an Indonesian target.

"phlebolith" in an Indonesian sentence where the glossary has "flebolit". Found by the target automaton
(:mod:`termalign.checks.index`): English forms of entries that are not do-not-translate and whose English form
differs from every accepted Indonesian form ("data", "virus" are never reported). Left alone, because they are
not prose or not the term:

* occurrences inside code, placeholders, quotes, options, URLs or paths (``--file``, ``'HEAD'``);
* names: the term capitalised in the middle of a sentence-case string ("GNU General Public License", "widget
  Container", "Windows"), and the product names of :data:`~termalign.checks.patterns.NAMES_EXACT`;
* constants and metavariables: the term in capitals among lower-case words and kept so in the source too
  ("--width=WIDTH", "HEAD sekarang berada di");
* command names of a synopsis line that the source has too ("git branch [<opsi>]", "exit [n]").

Works on monolingual Indonesian text too; with a source, the explanation says the source has the term.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.index import ACCEPTED, ENGLISH
from termalign.checks.patterns import NAMES_EXACT, inside
from termalign.model import Finding, GlossaryEntry


class UntranslatedTermCheck(BaseCheck):
    """English glossary terms in Indonesian text (see the module docstring)."""

    code = "untranslated-term"
    severity = "error"
    description = "An English glossary term left untranslated in the Indonesian text."

    def run(self, batch: Any, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        from termalign.checks.engine import not_the_term

        entries = ctx.index.entries
        for i, unit, hit in self.hits_in_prose(batch, ENGLISH):
            hits = batch.target_hits[i]
            if any(h.kind == ACCEPTED and h.start <= hit.start and hit.end <= h.end for h in hits):
                continue  # part of an accepted form ("sel T" containing an English-looking "T")
            surface = unit.text[hit.start:hit.end]
            entry = entries[hit.entry]
            if surface in NAMES_EXACT or not_the_term(unit.text, hit, entry, unit.source):
                continue  # "Windows" the product, "WIDTH" the metavariable: not the term
            if inside(batch.commands(i), hit.start, hit.end):
                continue  # the command of a synopsis line ("git branch [<opsi>]")
            in_source = bool(unit.source) and hit.form.lower() in unit.source.lower()  # type: ignore[union-attr]
            message, steps = self.memo((surface, hit.entry, hit.form, in_source), _message, surface, hit.form,
                                       entry, in_source)
            yield i, self.finding(unit, hit.start, hit.end, message, suggestion=entry.target, explanation=steps)


def _message(surface: str, form: str, entry: GlossaryEntry, in_source: bool) -> tuple[str, tuple[str, ...]]:
    return (
        f"English term {surface!r} left untranslated; the glossary has {entry.target!r}",
        (f"{surface!r} matches the English form {form!r} of glossary entry {entry.source} → "
         f"{' | '.join(entry.targets)}",
         "the entry is not do-not-translate and its English form differs from every accepted target",
         *(("the source segment contains the same English term",) if in_source else ())),
    )
