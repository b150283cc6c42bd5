"""English-vs-Indonesian language identification, deterministic and restricted to the two languages.

Two steps, cheapest first:

1. a stopword count (:func:`stopword_vote`, on the lists shipped in ``termalign/data``): decides most sentences
   of 5+ words at once;
2. langdetect, seeded (``DetectorFactory.seed = 0``) and given a prior of 0.5 for ``en`` and ``id`` only,
   for what the stopwords leave open. With Malay allowed, Indonesian is routinely reported as ``ms``; with the
   prior restricted it is not. langdetect-rs is used when installed (``pip install termalign[fast]``):
   same results, ~28x faster.

:func:`detect` returns ``"en"``, ``"id"`` or ``None`` when the text is too short or too mixed to decide.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from termalign.lang.base import word_pattern
from termalign.lang.wordlists import stopwords

LANGS = ("en", "id")
#: Words as language ID counts them: letters only (numbers and codes say nothing of the language).
_WORD = word_pattern(digits=False, joiners="-")
_lock = threading.Lock()


@dataclass(frozen=True)
class Guess:
    """A language decision: ``lang`` (``en``/``id``/``None``), its ``confidence`` and which step decided it."""

    lang: str | None
    confidence: float
    method: str


def stopword_vote(words: Iterable[str]) -> tuple[int, int]:
    """How many of the lower-case ``words`` are English and how many Indonesian stopwords. Words both lists
    share ("di" is not English; "a", "i" are not Indonesian) are counted for neither."""
    en, idn = stopwords("en"), stopwords("id")
    only_en, only_id = 0, 0
    for w in words:
        if w in en:
            only_en += w not in idn
        elif w in idn:
            only_id += 1
    return only_en, only_id


@lru_cache(maxsize=1)
def _factory() -> tuple[str, Any, type[Exception]]:
    """A seeded detector factory: langdetect-rs when installed (same results, faster), else langdetect."""
    try:
        import langdetect_rs  # type: ignore[import-not-found]

        factory = langdetect_rs.DetectorFactory()
        factory.seed = 0
        factory.load_profile(langdetect_rs.PROFILES_DIRECTORY)
        return "langdetect-rs", factory, langdetect_rs.LangDetectException
    except (ImportError, AttributeError):
        pass
    import os

    import langdetect  # type: ignore[import-untyped]
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException  # type: ignore[import-untyped]

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
    guess = _by_stopwords(words)
    if guess is not None:
        return guess
    lang, prob = _langdetect(" ".join(words))
    return Guess(lang, prob, "langdetect")


def _by_stopwords(words: list[str]) -> Guess | None:
    """The stopword step of :func:`detect` on lower-case ``words``: a guess when it decides, else None."""
    en, idn = stopword_vote(words)
    total = en + idn
    if total >= 3 and (en == 0 or idn == 0 or max(en, idn) >= 4 * min(en, idn)):
        return Guess("en" if en > idn else "id", max(en, idn) / total, "stopwords")
    return None


def _document_candidates(segments: Iterable[str], sample: int) -> list[str]:
    """The segments :func:`detect_document` votes with: the ``sample`` longest of those with 4+ words."""
    return sorted((s for s in segments if len(s.split()) >= 4), key=len, reverse=True)[:sample]


def document_language(segments: Iterable[str], *, sample: int = 60) -> str | None:
    """``detect_document(segments, sample=sample).lang``, asking langdetect only while the vote is open.

    The stopword votes are counted first; langdetect (whose profiles take a second to load) is run on the other
    segments one at a time, and not at all once the segments left could no longer change the majority. Same
    answer as :func:`detect_document` (ties go to English there too); no confidence, which would need them all.
    """
    return _lazy_vote(_document_candidates(segments, sample), 0.0)


def detect_document(segments: Iterable[str], *, sample: int = 60) -> Guess:
    """The language of a whole text, from up to ``sample`` of its longer segments (majority vote)."""
    candidates = _document_candidates(segments, sample)
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


#: A long text's language is judged on about this many segments spread evenly across it (see :func:`spread_sample`).
SAMPLE_POOL = 240


def spread_sample(segments: Sequence[str], size: int = SAMPLE_POOL) -> Sequence[str]:
    """Up to ``size`` of ``segments``, spread evenly from the first to the last (all of them when there are no
    more): deterministic, and reading only the segments it takes, so judging a text's language costs the same
    for a page and for a book."""
    n = len(segments)
    if n <= size:
        return segments
    return [segments[k * (n - 1) // (size - 1)] for k in range(size)] if size > 1 else [segments[0]]


def document_verdict(segments: Sequence[str], share: float, *, sample_size: int = 60) -> str | None:
    """The language of a text when at least ``share`` of its decided segments vote for it, else ``None``.

    The same verdict as :func:`detect_document` on :func:`spread_sample` of ``segments`` (``lang`` when its
    confidence is at least ``share``), reached more cheaply: every sampled segment is first judged by its stopwords, and
    langdetect runs on the rest only when their votes could still change the verdict. A text whose stopwords
    already settle it never loads langdetect (whose profiles take a few tenths of a second and tens of MB).
    """
    pool = (s for s in spread_sample(segments) if len(s.split()) >= 4)
    return _lazy_vote(sorted(pool, key=len, reverse=True)[:sample_size], share)


def _lazy_vote(candidates: Sequence[str], share: float) -> str | None:
    """The majority language of ``candidates`` when it holds at least ``share`` of the decided votes, else None:
    :func:`detect`'s vote on each, with langdetect asked one open segment at a time and only while the open ones
    could still change the verdict (:func:`_settled`). The one lazy vote behind :func:`document_language` and
    :func:`document_verdict`; ties go to English, as in :func:`detect_document`."""
    votes = {"en": 0, "id": 0}
    open_: list[str] = []
    for text in candidates:
        guess = _stopword_guess(text)
        if guess is None:
            open_.append(text)
        elif guess.lang:
            votes[guess.lang] += 1
    for left in range(len(open_), 0, -1):
        if _settled(votes, left, share):
            break
        guess = detect(open_[len(open_) - left])
        if guess.lang:
            votes[guess.lang] += 1
    decided = votes["en"] + votes["id"]
    if not decided:
        return None
    lang = max(votes, key=lambda k: votes[k])
    return lang if votes[lang] / decided >= share else None


def _stopword_guess(text: str) -> Guess | None:
    """:func:`detect`'s answer when it needs no langdetect, else ``None`` (the text is left open)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return Guess(None, 0.0, "too-short")
    return _by_stopwords(words)


def _settled(votes: dict[str, int], open_: int, share: float) -> bool:
    """Whether ``open_`` more votes, however they fall (or abstain), leave the verdict of ``votes`` unchanged."""
    if not open_:
        return True
    en, idn = votes["en"], votes["id"]
    for lang, mine, other in (("en", en, idn), ("id", idn, en)):
        # The majority holds even if every open vote goes the other way (ties go to "en", the first key).
        wins = mine >= other + open_ if lang == "en" else mine > other + open_
        if wins and mine / (en + idn + open_) >= share:
            return True
    # No language reaches the share even with every open vote for the leader: the verdict is None whatever they say.
    return max(en, idn) + open_ < share * (en + idn + open_)
