"""English-vs-Indonesian language identification, deterministic and restricted to the two languages.

Two steps, cheapest first:

1. a stopword count (word lists shipped in ``termalign/data``): decides most sentences of 5+ words at once;
2. langdetect, seeded (``DetectorFactory.seed = 0``) and given a prior of 0.5 for ``en`` and ``id`` only,
   for what the stopwords leave open. With Malay allowed, Indonesian is routinely reported as ``ms``; with the
   prior restricted it is not. langdetect-rs is used when installed (``pip install termalign[fast]``):
   same results, ~28x faster.

:func:`detect` returns ``"en"``, ``"id"`` or ``None`` when the text is too short or too mixed to decide.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

LANGS = ("en", "id")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_lock = threading.Lock()


@dataclass(frozen=True)
class Guess:
    """A language decision: ``lang`` (``en``/``id``/``None``), its ``confidence`` and which step decided it."""

    lang: str | None
    confidence: float
    method: str


@lru_cache(maxsize=2)
def stopwords(lang: str) -> frozenset[str]:
    """The shipped stopword list of ``lang`` (``en`` or ``id``)."""
    text = resources.files("termalign.data").joinpath(f"stopwords_{lang}.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _stopword_vote(words: list[str]) -> tuple[int, int]:
    en, idn = stopwords("en"), stopwords("id")
    # Words both lists share ("di" is not English; "a", "i" are not Indonesian) are counted for neither.
    return sum(1 for w in words if w in en and w not in idn), sum(1 for w in words if w in idn and w not in en)


@lru_cache(maxsize=1)
def _factory() -> tuple[str, Any, type[Exception]]:
    """A seeded detector factory: langdetect-rs when installed (same results, faster), else langdetect."""
    try:
        import langdetect_rs

        factory = langdetect_rs.DetectorFactory()
        factory.seed = 0
        factory.load_profile(langdetect_rs.PROFILES_DIRECTORY)
        return "langdetect-rs", factory, langdetect_rs.LangDetectException
    except (ImportError, AttributeError):
        pass
    import os

    import langdetect
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()
    factory.seed = 0
    factory.load_profile(os.path.join(os.path.dirname(langdetect.__file__), "profiles"))
    return "langdetect", factory, LangDetectException


def backend() -> str:
    """Which detector decides the hard cases: ``"langdetect-rs"`` (the ``fast`` extra) or ``"langdetect"``."""
    return _factory()[0]


def _langdetect(text: str) -> tuple[str | None, float]:
    _, factory, error = _factory()
    with _lock:
        detector = factory.create()
        detector.set_prior_map({"en": 0.5, "id": 0.5})
        detector.append(text)
        try:
            probs = detector.get_probabilities()
        except error:
            return None, 0.0
    if not probs:
        return None, 0.0
    best = max(probs, key=lambda p: p.prob)
    return (best.lang if best.lang in LANGS else None), float(best.prob)


def detect(text: str, *, min_words: int = 3) -> Guess:
    """Decide whether ``text`` is English or Indonesian.

    Texts with fewer than ``min_words`` words, or with no letters, get ``Guess(None, 0, "too-short")``.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < min_words:
        return Guess(None, 0.0, "too-short")
    en, idn = _stopword_vote(words)
    total = en + idn
    if total >= 3 and (en == 0 or idn == 0 or max(en, idn) >= 4 * min(en, idn)):
        lang = "en" if en > idn else "id"
        return Guess(lang, max(en, idn) / total, "stopwords")
    guess, prob = _langdetect(" ".join(words))
    return Guess(guess, prob, "langdetect")


def detect_document(segments: Iterable[str], *, sample: int = 60) -> Guess:
    """The language of a whole text, from up to ``sample`` of its longer segments (majority vote)."""
    candidates = sorted((s for s in segments if len(s.split()) >= 4), key=len, reverse=True)[:sample]
    if not candidates:
        return Guess(None, 0.0, "too-short")
    votes = {"en": 0, "id": 0}
    for text in candidates:
        guess = detect(text)
        if guess.lang:
            votes[guess.lang] += 1
    decided = votes["en"] + votes["id"]
    if not decided:
        return Guess(None, 0.0, "undecided")
    lang = max(votes, key=lambda k: votes[k])
    return Guess(lang, votes[lang] / decided, "vote")
