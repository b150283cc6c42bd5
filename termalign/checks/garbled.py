"""``garbled-term``: a word close to a glossary term but not it, and not a real word either.

Machine translation and OCR damage rare terms in recognisable ways: "Flebolith" and "Pleborlithy" for
phlebolith, "osificans" for ossificans, "Fagocytic" for phagocytic. Two routes find them:

* **expected term** (bilingual units): the source contains a glossary term, the target has none of its
  accepted forms, but a window of the target is a near miss of one (folded Indel ratio ≥ 85, edits bounded
  by word length, the differing words unknown). Only the terms the source calls for are compared;
* **token scan** (every unit, also plain monolingual text): tokens that are neither glossary words nor known
  words are compared with the glossary's folded vocabulary (see :mod:`termalign.checks.engine`).

A near miss that only differs in a word ending ("kalsifikasi distrofi" for "kalsifikasi distrofik") is a
*variant*: when the accepted form is used elsewhere in the same file or run it is reported as
``inconsistent-term`` instead; otherwise it is a garbled term like the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termalign.checks.base import BaseCheck, CheckContext, Note, Unit
from termalign.checks.engine import Batch
from termalign.checks.inconsistent import defer_variant, resolve_variants
from termalign.model import Finding


class GarbledTermCheck(BaseCheck):
    """Near misses of glossary terms that are not known words (see the module docstring)."""

    code = "garbled-term"
    severity = "error"
    description = "A word close to a glossary term but not it (a misspelt or machine-garbled term)."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding | Note]]:
        for i, unit in enumerate(batch.units):
            taken: list[tuple[int, int]] = []
            for exp in batch.expectations[i]:
                if exp.status != "near" or exp.span is None:
                    continue
                s, e = exp.span
                taken.append((s, e))
                entry = ctx.index.entries[exp.entry]
                if exp.expected in entry.targets:
                    suggestion = exp.expected  # the accepted form it is a near miss of
                else:
                    suggestion = entry.targets[0] if unit.lang == "id" else entry.sources[0]
                steps = (
                    f"source term {unit.source[exp.source_hit.start:exp.source_hit.end]!r} (glossary: "  # type: ignore[index]
                    f"{entry.source} → {entry.target})",
                    *exp.steps,
                )
                if exp.variant:
                    yield i, Note((s, e, exp.entry, suggestion, steps))
                    continue
                yield i, self.finding(
                    unit, s, e,
                    f"{exp.surface!r} looks like a garbled {suggestion!r} (expected by the source term "
                    f"{entry.source!r})",
                    suggestion=suggestion,
                    explanation=steps,
                )
            for g in batch.token_garbles[i]:
                if any(s <= g.start and g.end <= e for s, e in taken):
                    continue
                if g.variant:
                    yield i, Note((g.start, g.end, g.entry, g.suggestion, g.steps))
                    continue
                yield i, self.finding(
                    unit, g.start, g.end,
                    f"{g.surface!r} looks like a garbled {g.suggestion!r} (glossary term)",
                    suggestion=g.suggestion,
                    explanation=g.steps,
                )

    def observe(self, ctx: CheckContext, position: int, unit: Unit, data: Any) -> None:
        start, end, entry, suggestion, steps = data
        defer_variant(ctx, position, unit, start, end, entry, suggestion, steps)

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        for position, unit, variant, used in resolve_variants(ctx):
            if used and "inconsistent-term" in ctx.enabled:
                continue  # reported by inconsistent-term
            yield position, unit, self.finding(
                unit, variant.start, variant.end,
                f"{variant.surface!r} is a variant of the glossary term {variant.suggestion!r}",
                suggestion=variant.suggestion,
                severity="warning",
                explanation=(*variant.steps, "differs from the glossary form only in a word ending"),
            )
