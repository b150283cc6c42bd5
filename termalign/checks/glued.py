"""``glued-words``: two words run together with no space ("sessionCalcium", "withdrawalThey", "sajaAnda").

A broken pipeline (MT output re-joined without spaces, a converter dropping newlines) glues the end of one
sentence to the start of the next. The shape (:data:`~termalign.checks.patterns.GLUED`: 4+ lower-case
letters, then a capitalised word) also fits code, so a hit is only reported when

* it is not inside code, placeholders, quotes, options, URLs or paths (```pushDefault```, ``'core.editor'``),
* the token is not identifier-shaped (getElementById, x86_64), a product name (iPhone, JavaScript, PowerPoint,
  YouTube, McDonald) or a unit (mmHg, eGFR, pH),
* the token does not also occur in the source (a config name kept as is, ``pushDefault``), and
* both halves are known words (:mod:`~termalign.checks.known_words`): ``session`` + ``Calcium``, ``saja`` +
  ``Anda``. Both known in the text's own language makes it an error, otherwise a warning.

On 105,597 real .mo strings the bare shape fired 81 times, almost all on git config names; with these
conditions only the real error (``sajaAnda``) remains (``docs/benchmarks.md``).
A lost space after a full stop ("tissue.Calcium") is reported the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.index import lower_same_length
from termalign.checks.patterns import GLUED, MISSING_SPACE, inside, looks_like_identifier
from termalign.model import Finding

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch

#: What both shapes hold: a lower-case letter, then a capital, maybe after a full stop. A quick scan that rules
#: out almost every text before the two costlier patterns (with their look-behinds) are tried.
_SHAPE = re.compile(r"[a-z][.!?]?[A-Z]")


class GluedWordsCheck(BaseCheck):
    """Words run together without a space (see the module docstring)."""

    code = "glued-words"
    severity = "error"
    description = "Two words (or two sentences) run together without a space."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        for i, unit in enumerate(batch.units):
            text = unit.text
            if not text or _SHAPE.search(text) is None:
                continue
            for pattern, joiner in ((GLUED, ""), (MISSING_SPACE, ".")):
                for m in pattern.finditer(text):
                    finding = self._judge(batch, ctx, i, m.start(), m.end(), m.group(1), m.group(2), joiner)
                    if finding is not None:
                        yield i, finding

    def _judge(
        self, batch: Batch, ctx: CheckContext, i: int, start: int, end: int, left: str, right: str, joiner: str
    ) -> Finding | None:
        unit = batch.units[i]
        token = unit.text[start:end]
        if not joiner and looks_like_identifier(token):
            return None
        if inside(batch.code_spans(i), start, end):
            return None
        if unit.source and token.lower() in lower_same_length(unit.source):
            return None
        known = ctx.known
        why_left, why_right = known.reason(left.lower(), unit.lang), known.reason(right.lower(), unit.lang)
        if why_left is None or why_right is None:
            return None
        own = unit.lang in ("en", "id")
        in_own_language = own and all(_in_language(w, unit.lang, ctx) for w in (left.lower(), right.lower()))
        separator = unit.text[start + len(left) : end - len(right)]
        suggestion = f"{left}{separator} {right}" if separator else f"{left} {right}"
        return self.finding(
            unit, start, end,
            f"{token!r} looks like two words run together ({left!r} + {right!r})",
            suggestion=suggestion,
            severity="error" if in_own_language else "warning",
            explanation=(
                "lower-case word, then a capitalised word, with no space" + (" (a full stop but no space)"
                                                                               if separator else ""),
                f"{left!r}: {why_left}",
                f"{right!r}: {why_right}",
                "not inside code, quotes or placeholders; not identifier-shaped, a product name or a unit; "
                "not copied from the source",
            ),
        )


def _in_language(word: str, lang: str, ctx: CheckContext) -> bool:
    from termalign.lang.wordlists import listed_zipf as zipf
    from termalign.lang.wordlists import sastrawi_roots

    if lang == "en":
        return zipf(word, "en") >= ctx.known.en_min_zipf
    return zipf(word, "id") > 0 or word in sastrawi_roots()
