"""``wrong-language``: a target segment that is not Indonesian (often the source copied), or a source that is
not English.

Language ID is the slow part of checking (langdetect: ~250 calls/s), and it is unreliable on short strings
(15% of 4–6-word Indonesian strings come back as another language). So it is only asked where it can decide:

1. segments of at least ``min_words`` words (5) after code, placeholders and quotes are removed;
2. a stopword count first (:func:`termalign.lang.langid.stopword_vote`): only a segment where the *other*
   language's stopwords outnumber its own (at least three of them) goes on (a target identical to its source is
   not enough: names and commands are rightly left as they are);
3. :func:`termalign.lang.langid.detect` (stopwords, then seeded langdetect restricted to en/id) decides.

Reported as an error when the stopwords decided or langdetect is at least 0.9 sure, else as a warning.

An Indonesian target that reads **Malay** is reported too (a warning naming the Malay words that decided it):
language ID cannot tell the two apart, a small word list can (:mod:`termalign.lang.malay`: two distinct marker
words at least, "sahaja", "kerana", "pesakit"...).
Checks that only make sense on a translated segment (untranslated, missing and garbled terms) are silenced
in a unit whose target is reported here: the whole segment is the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from termalign.checks.base import BaseCheck, CheckContext, Unit
from termalign.checks.index import lower_same_length
from termalign.checks.patterns import WORD, code_spans
from termalign.lang.langid import detect, stopword_vote
from termalign.model import Finding

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch

_NAMES = {"en": "English", "id": "Indonesian"}
# Stopwords of the other language a segment needs before language ID is asked: with three or more and none of
# its own, the stopword vote decides alone (langdetect, slow and unsure on short strings, is not even loaded).
_MIN_STOPWORDS = 3
_SPACE = re.compile(r"\s+")


def _prose(text: str) -> str:
    """``text`` with code, placeholders, quotes, options, URLs and paths blanked out."""
    spans = code_spans(text)
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for k in range(s, e):
            chars[k] = " "
    return "".join(chars)


class WrongLanguageCheck(BaseCheck):
    """Segments in the wrong language (see the module docstring)."""

    code = "wrong-language"
    severity = "error"
    description = "A target segment that is not Indonesian (e.g. the source copied), or a source not in English."
    #: A segment in the wrong language has no term to judge: term findings there are noise.
    suppresses = frozenset({"untranslated-term", "missing-term", "garbled-term"})

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        from termalign.lang.wordlists import stopwords

        sets = {"en": stopwords("en"), "id": stopwords("id")}
        # Per language: the other language's stopwords that are not its own (what the first vote counts).
        only = {"en": sets["id"] - sets["en"], "id": sets["en"] - sets["id"]}
        for i, unit in enumerate(batch.units):
            finding = self._judge(unit, unit.text, unit.lang, ctx, sets, only, on_source=False)
            if finding is None and unit.lang == "id":
                finding = self._malay(unit)
            if finding is not None:
                yield i, finding
            if unit.source:
                finding = self._judge(unit, unit.source, unit.source_lang, ctx, sets, only, on_source=True)
                if finding is not None:
                    yield i, finding

    def _malay(self, unit: Unit) -> Finding | None:
        """A finding when an Indonesian target reads Malay (:func:`termalign.lang.malay.looks_malay`)."""
        from termalign.lang.malay import MALAY_MARKERS, MALAY_THRESHOLD, looks_malay

        text = unit.text
        if text.count(" ") + 1 < 3:
            return None
        words = looks_malay(_prose(text))
        if words is None:
            return None
        shown = ", ".join(repr(w) for w in words)
        return self.finding(
            unit, 0, len(text), f"the target reads Malay, not Indonesian (Malay words: {shown})",
            text=text, severity="warning",
            explanation=(
                f"Malay markers {shown}: weight {sum(MALAY_MARKERS[w] for w in words):g} ≥ {MALAY_THRESHOLD:g} "
                "(1 per word Indonesian does not use, 0.5 per word Indonesian uses in another sense)",
                "Malay and Indonesian share most words: language ID alone cannot tell them apart",
            ),
        )

    def _judge(
        self, unit: Unit, text: str, lang: str, ctx: CheckContext, sets: dict[str, frozenset[str]],
        only: dict[str, frozenset[str]], *, on_source: bool
    ) -> Finding | None:
        if lang not in sets or not text or text.count(" ") + 1 < ctx.options.min_words:
            return None
        other = "en" if lang == "id" else "id"
        # Cheap stopword vote on the raw text first; code is blanked out only for the few candidates. (Lowering
        # the text keeps its words; a letter lowering to two characters, "İ", is in no stopword either way.)
        theirs_only = only[lang]
        if sum(map(theirs_only.__contains__, WORD.findall(lower_same_length(text)))) < _MIN_STOPWORDS:
            return None
        prose = _prose(text)
        words = [w.lower() for w in WORD.findall(prose)]
        if len(words) < ctx.options.min_words:
            return None
        votes = dict(zip(("en", "id"), stopword_vote(words), strict=True))
        own, theirs = votes[lang], votes[other]
        if not (theirs >= _MIN_STOPWORDS and theirs > own):
            return None
        copied = not on_source and unit.source is not None and _SPACE.sub(" ", text.strip()) == _SPACE.sub(
            " ", unit.source.strip()
        )
        guess = detect(prose)
        if guess.lang != other:
            return None
        sure = guess.method == "stopwords" or guess.confidence >= 0.9
        side = "source" if on_source else "target"
        message = (
            f"the {side} is {_NAMES[other]}, not {_NAMES.get(lang, lang)}"
            + (" (copied from the source)" if copied else "")
        )
        return self.finding(
            unit, 0, len(text), message,
            text=text,
            severity="error" if sure else "warning",
            on_source=on_source,
            explanation=(
                f"{len(words)} words; stopwords: {own} {lang}, {theirs} {other}",
                *(("the target is identical to the source",) if copied else ()),
                f"language ID: {guess.lang} (confidence {guess.confidence:.2f}, by {guess.method})",
            ),
        )
