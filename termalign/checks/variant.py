"""``variant-term``: the target uses the regular loanword form of the source term, not the glossary's term.

"Hipertensi" for *hypertension* is correct Indonesian, not a misspelling; but when the glossary prescribes
"tekanan darah tinggi", the translation deviates from the terminology the client asked for. The shared
``expectations`` analysis (:func:`termalign.checks.analyses.loan_variant`) finds these: the source has a
one-word glossary term, the target has none of the term's accepted forms, and one of its words is the
source word respelled by the loanword rules (:mod:`termalign.lang.spelling`) and a word of the target
language. Reported as a **warning**: the text reads right and means the same, so a release need not be
blocked, but a glossary exists to be followed; the suggestion is the glossary's first accepted form.
Neither ``garbled-term`` nor ``missing-term`` reports such a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from termalign.checks.base import BaseCheck, CheckContext
from termalign.model import Finding

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch


class VariantTermCheck(BaseCheck):
    """Loanword forms of a source term where the glossary prescribes another term (see the module docstring)."""

    code = "variant-term"
    severity = "warning"
    description = "The target has the regular loanword form of a source term instead of the glossary's term."
    needs_source = True

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        entries = ctx.index.entries
        for i, expectations in enumerate(batch.expectations):
            unit = batch.units[i]
            for exp in expectations:
                if exp.status != "variant" or exp.span is None:
                    continue
                entry = entries[exp.entry]
                prescribed = entry.targets[0] if unit.lang == (ctx.index.glossary.target_lang or "id") \
                    else entry.sources[0]
                s, e = exp.span
                yield i, self.finding(
                    unit, s, e,
                    f"{exp.surface!r} is a loanword form of {entry.source!r}; the glossary prescribes {prescribed!r}",
                    suggestion=prescribed,
                    explanation=exp.steps,
                )

