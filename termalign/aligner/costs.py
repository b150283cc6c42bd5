"""The cost of a bead, piece by piece: one definition of each term, shared by every search path.

A bead's cost is a negative log-likelihood-like figure, lower is better::

    cost = prior(shape) + length_cost(characters) + lexical_cost(content tokens, matched anchors)
           + hints (orphaned merge segment, merge across a paragraph break, page furniture)

and a ``1-0``/``0-1`` bead costs :func:`omission_cost`. The generic programme
(:meth:`termalign.aligner.pair.TextPair.bead_cost`), the row cells of 1-1 beads
(:meth:`~termalign.aligner.pair.TextPair.row_cells`), the fast programme's merges
(:func:`termalign.aligner.search.dp`) and the bead scores (:mod:`termalign.aligner.beads`) all call these
functions; the one place that rearranges a term for speed (the fast programme's merge lexical term, split so
a merge that cannot win is dropped before its length cost is computed) is held equal to :func:`lexical_cost`
by ``tests/test_aligner_costs.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# -- model constants, tuned on TED dev sets (tst2010/2011) and checked on held-out ones (tst2013/2014) ---------
# Extra cost of an n-m bead with several segments on both sides (2-2): its cross pairs collect chance anchors.
CROSS_MERGE_COST = 4.0
# How anchors count, as a likelihood ratio: a content token of a true pair anchors with probability
# MATCH_TRUE, one of a neighbouring (wrong) pair with MATCH_RANDOM (measured on English–Indonesian TED talks).
MATCH_TRUE = 0.43
MATCH_RANDOM = 0.058
# A segment merged into an n-m bead that shares no anchor with the other side costs this much extra
# (when it has at least ORPHAN_MIN_TOKENS content tokens that could have anchored).
ORPHAN_COST = 2.0
ORPHAN_MIN_TOKENS = 2
# Leaving recognised page furniture unaligned costs this share of omission_cost.
BOILERPLATE_FACTOR = 0.3
# The length cost of a length difference so unlikely that its probability underflows (-log(1e-300) ≈ 690.8).
LENGTH_COST_CAP = 690.0
_SQRT2 = math.sqrt(2.0)

# Page furniture that sites add on one language version and not the other; matched against a whole short
# segment (lower case, punctuation removed). A match makes leaving the segment unaligned cheap.
BOILERPLATE = re.compile(
    r"^(?:was this (?:article|page|answer|information) (?:helpful|useful)|share(?: this(?: article| page| post)?)?"
    r"|share on \w+|thanks? (?:you )?for (?:the|your) feedback|how can we help(?: you)?|in other languages"
    r"|related (?:articles?|posts?|pages?|topics?)|read more|print(?: this page)?|e-?mail|tweet|subscribe"
    r"|sign (?:in|up)|log ?in|skip to (?:main )?content|back to top|table of contents|follow us(?: on \w+)?"
    r"|you may also like|leave a (?:comment|reply)|advertisement|all rights reserved|cookie settings"
    r"|apakah (?:artikel|halaman|informasi) ini (?:membantu|bermanfaat)|bagikan(?: artikel ini| ke \w+)?"
    r"|terima kasih atas (?:masukan|umpan balik)(?: anda)?|apa yang bisa kami bantu|dalam bahasa lain"
    r"|artikel terkait|baca juga|baca selengkapnya|berlangganan|kembali ke atas|daftar isi"
    r"|ikuti kami(?: di \w+)?|hak cipta dilindungi(?: undang-undang)?)"
    r"(?: (?:was this|thanks?|how can|share|apakah|terima kasih|bagikan)[\w ]*)*$"
)
_PUNCT = re.compile(r"[^\w\s-]+")


def is_boilerplate(text: str) -> bool:
    """Whether ``text`` is page furniture ("Was this article helpful?", "Share this article", "Bagikan")."""
    if len(text) > 200 or text.count(" ") > 24:
        return False
    words = _PUNCT.sub(" ", text.lower()).split()
    return 0 < len(words) <= 12 and BOILERPLATE.match(" ".join(words)) is not None


@dataclass(frozen=True)
class Params:
    """The figures every cost needs: the length model (estimated per input) and the caller's knobs."""

    ratio: float
    variance: float
    omission_cost: float
    merge_cost: float
    paragraph_penalty: float
    match_gain: float = math.log(MATCH_TRUE / MATCH_RANDOM)
    miss_cost: float = math.log((1 - MATCH_RANDOM) / (1 - MATCH_TRUE))


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    """Bead shapes searched: 1-1, 1-0, 0-1, then n-m with 1 ≤ n, m ≤ ``max_bead`` (2-1, 1-2, 2-2, 3-1...).

    The order is part of the fast path in :func:`termalign.aligner.search.dp` (indices 3, 4, 5 are 2-1, 1-2,
    2-2).
    """
    types = [(1, 1), (1, 0), (0, 1)]
    for total in range(3, 2 * max_bead + 1):
        for a in range(max_bead, 0, -1):
            b = total - a
            if 1 <= b <= max_bead:
                types.append((a, b))
    return types


def prior(a: int, b: int, merge_cost: float) -> float:
    """Cost of the bead shape itself: 0 for 1-1, ``merge_cost`` per extra segment beyond the first on each side."""
    return merge_cost * ((a - 1) + (b - 1)) + CROSS_MERGE_COST * (a - 1) * (b - 1)


def length_probability(ls: float, lt: float, ratio: float, variance: float) -> float:
    """Gale–Church: the probability of a length difference at least this large between ``ls`` source and ``lt``
    target characters, when target ≈ ``ratio`` × source with variance ``variance`` per character."""
    mean = (ls + lt / ratio) * 0.5
    return math.erfc(abs(lt - ratio * ls) / math.sqrt(variance * (mean if mean > 1.0 else 1.0)) / _SQRT2)


def length_cost(ls: float, lt: float, ratio: float, variance: float) -> float:
    """The length term of a bead's cost: ``-log`` of :func:`length_probability`, capped where it underflows."""
    p = length_probability(ls, lt, ratio, variance)
    return -math.log(p) if p > 1e-300 else LENGTH_COST_CAP


def lexical_cost(tokens: int, matched: int, match_gain: float, miss_cost: float) -> float:
    """The lexical term: minus the log-likelihood ratio of ``matched`` anchors among ``tokens`` content tokens
    (both sides together; each matched anchor pairs one token of each side).

    Each matched anchor lowers the cost by ``match_gain``; each content token left unmatched raises it by half
    of ``miss_cost`` (half, because a miss on one side is usually a miss on the other too).
    """
    return (tokens * 0.5 - matched) * miss_cost - matched * match_gain


def omission_cost(boilerplate: bool, params: Params) -> float:
    """Cost of leaving one segment unaligned: ``omission_cost``, less for recognised page furniture."""
    cost = params.omission_cost
    if boilerplate:
        cost *= BOILERPLATE_FACTOR
    return cost
