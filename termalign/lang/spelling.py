"""English→Indonesian loanword spelling rules: data in ``termalign/data/spelling_rules.tsv``, a small engine here.

Indonesian borrows scientific terms by respelling them ("calcification" → "kalsifikasi", "phagocyte" →
"fagosit", "dystrophic" → "distrofik"). Three stages reuse these rules:

* the aligner finds cognates in a sentence pair (an anchor that survives translation);
* term pairing scores an English term against Indonesian candidates;
* the QA checks compare a garbled token with the glossary term it was meant to be.

:func:`to_indonesian` gives the expected Indonesian spelling of an English word; :func:`fold` maps English and
Indonesian words to one comparison key so that cognates (and many garbles) become equal. :func:`explain`
applies the rules one by one, plainly, and says which applied: it is the reference :func:`to_indonesian`'s
faster path (suffix tables, skipped substitutions, precompiled replacements) is tested against.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from termalign.lang.wordlists import data_lines

_MIN_STEM = 2


@dataclass(frozen=True)
class Rule:
    """One spelling rule: ``english`` → ``indonesian``; ``kind`` is ``suffix`` or ``letter``."""

    kind: str
    english: str
    indonesian: str
    example: str


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The shipped rules, in file order."""
    out: list[Rule] = []
    for line in data_lines("spelling_rules.tsv"):
        if line.startswith("kind\t"):
            continue
        kind, english, indonesian, example = ([*line.split("\t"), "", "", "", ""])[:4]
        out.append(Rule(kind, english, indonesian, example))
    return tuple(out)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[re.Pattern[str], str], ...]]:
    suffixes = sorted(
        ((r.english, r.indonesian) for r in rules() if r.kind == "suffix"), key=lambda p: -len(p[0])
    )
    letters = tuple((re.compile(r.english), r.indonesian) for r in rules() if r.kind == "letter")
    return tuple(suffixes), letters


_LITERAL = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _letter_steps() -> tuple[tuple[str | None, re.Pattern[str], str | Callable[[re.Match[str]], str]], ...]:
    """The letter rules with, for a rule whose pattern is plain letters ("ph", "x"), that text: a word without
    it is left unchanged by the rule, so the substitution is skipped (None: always substituted).

    A replacement with group references ("\\1") becomes a function of the match: ``re`` parses such a template
    in Python on every ``sub`` call, matched or not, which was most of the cost of folding a glossary."""
    return tuple(
        (p.pattern if _LITERAL.fullmatch(p.pattern) else None, p, _replacement(r)) for p, r in _compiled()[1]
    )


def _replacement(template: str) -> str | Callable[[re.Match[str]], str]:
    """``template`` itself when it is plain text, else a function giving its expansion for a match."""
    if "\\" not in template:
        return template
    if template == "\\1":
        return _FIRST_GROUP
    return lambda m: m.expand(template)


_FIRST_GROUP: Callable[[re.Match[str]], str] = itemgetter(1)


@lru_cache(maxsize=1)
def _suffix_tables() -> tuple[tuple[int, dict[str, str]], ...]:
    """The suffix rules by length, longest first, each length as an ending → replacement dict (the first rule
    listed for an ending wins): the longest suffix a word ends in is found with one look-up per length."""
    tables: dict[int, dict[str, str]] = {}
    for english, indonesian in _compiled()[0]:
        if english:
            tables.setdefault(len(english), {}).setdefault(english, indonesian)
    return tuple(sorted(tables.items(), reverse=True))


def strip_accents(text: str) -> str:
    """``"café"`` → ``"cafe"``: drop combining marks after NFD decomposition."""
    if text.isascii():
        return text  # nothing to decompose
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def to_indonesian(word: str) -> str:
    """The Indonesian spelling the loanword rules give for an English ``word`` (lower case).

    ``"calcification"`` → ``"kalsifikasi"``, ``"phagocyte"`` → ``"fagosit"``, ``"phlebolith"`` →
    ``"flebolit"``. Words Indonesian did not borrow come out respelled all the same; callers compare the
    result with real Indonesian text rather than trusting it blindly.
    """
    lowered = strip_accents(word.lower())
    stem, tail = lowered, ""
    size = len(lowered)
    for length, table in _suffix_tables():
        if size - length >= _MIN_STEM:
            got = table.get(lowered[-length:])
            if got is not None:
                stem, tail = lowered[:-length], got
                break
    # The suffix is held in upper case so that letter rules leave it alone but can still look ahead at it.
    work = stem + tail.upper()
    for literal, pattern, replacement in _letter_steps():
        if literal is None or literal in work:
            work = pattern.sub(replacement, work)
    return work.lower()


@lru_cache(maxsize=131072)
def fold(word: str) -> str:
    """A comparison key shared by English words, their Indonesian loans and their garbles.

    After :func:`to_indonesian`, the letters Indonesian and MT output confuse most are merged (z/s, f/p/v,
    doubled letters), so "phlebolith", "flebolit" and "Flebolith" all fold to ``"plebolit"``.
    """
    key = to_indonesian(word)
    key = key.replace("z", "s").replace("v", "p").replace("f", "p")
    return _REPEATS.sub(_FIRST_GROUP, key)


_REPEATS = re.compile(r"(.)\1+")


def explain(word: str) -> tuple[str, list[str]]:
    """``word`` respelled by the loanword rules applied one by one, and the rules that changed it, in order, as
    readable steps: the longest suffix rule that leaves a stem of two letters, then every letter rule in file
    order. Gives what :func:`to_indonesian` gives, the slow and obvious way."""
    lowered = strip_accents(word.lower())
    steps: list[str] = []
    suffixes, letters = _compiled()
    stem, tail = lowered, ""
    for english, indonesian in suffixes:
        if lowered.endswith(english) and len(lowered) - len(english) >= _MIN_STEM:
            stem, tail = lowered[: -len(english)], indonesian
            steps.append(f"suffix -{english} → -{indonesian}")
            break
    # The suffix is held in upper case so that letter rules leave it alone but can still look ahead at it.
    work = stem + tail.upper()
    for pattern, replacement in letters:
        new = pattern.sub(replacement, work)
        if new != work:
            steps.append(f"{pattern.pattern} → {replacement or '∅'}: {work.lower()} → {new.lower()}")
            work = new
    return work.lower(), steps
