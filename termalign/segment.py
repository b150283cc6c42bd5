"""Sentence splitting for English and Indonesian.

A small rule set that beat every library measured on English–Indonesian text (see ``docs/benchmarks.md``):

* a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets) followed by space and an
  upper-case letter, digit, opening quote or a mixed-case word that starts lower case (``mRNA``, ``iPhone``,
  ``eGFR``) — unless the word before the period is an abbreviation of the language (data in
  ``termalign/data/abbreviations_*.txt``), an initial, a dotted abbreviation (``e.g.``, ``a.l.``) or the
  number of a numbered item at the start of a segment (``1. First...``);
* some abbreviations may end a sentence (the language's :class:`~termalign.lang.base.SentenceRules`): one that
  closes a list ("etc.", "dsb.") ends it before a capitalised word, "a.m." or "Inc." before a capitalised
  function word ("at 4 a.m. The"), and "No." or Indonesian "hal." are abbreviations only before a number;
* a single capital before a period is an initial only when the context says so: another initial follows
  ("J. R. R. Tolkien"), or a name-like word follows and the word before is a capitalised word, a function
  word or nothing ("John F. Kennedy", "by J. Smith"); "vitamin D. Large" and "sel T. Imunitas" end there;
* a line break ends a segment unless the next line starts in lower case (a hard-wrapped sentence), so
  titles and headings without final punctuation are segments of their own;
* a blank line starts a new paragraph; in a text with no blank lines every line that starts a segment is
  a paragraph of its own (web pages copied as one paragraph per line);
* sentences glued by a broken pipeline (``…withdrawalThey take…``) are split at the glued capital.

Offsets are character offsets into the (normalised) text given; a segment's ``text`` is the span with
runs of white space folded to one space.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from termalign.lang.base import SentenceRules, get_language, glued_pattern
from termalign.lang.wordlists import abbreviations, stopwords
from termalign.model import Segment

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
# A candidate sentence end: terminal punctuation, optional closers, then white space.
# A run of [.!?] is tried from its first character only: retrying from each later one rescanned the run (quadratic
# on a long run of dots followed by no space).
_END = re.compile(r"(?:(?<![.!?])(?:\.{2,}|[.!?]+)|…)[" + re.escape(_CLOSERS) + r"]*(?=\s)")
# What may start a sentence after a boundary: capital, digit, opening quote/bracket/backtick, bullet or dash.
_STARTER = re.compile(r"[\s]*([\"'“‘«(\[{¿¡•*–—`-]*)(\S)")
# A reST role starting a sentence (":func:`len` returns..."), as in the documentation catalogs termalign checks.
_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`")
_WS = re.compile(r"\s+")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
# Two sentences run together with no space (:func:`termalign.lang.base.glued_pattern`); a word with digits,
# underscores, dots or a second inner capital is an identifier (getElementById) and is left alone, as is a word
# after code punctuation (``*userData``, ``$sessionId``, `` `fooBar` ``); a period
# counts as part of an identifier only when a word character follows it (obj.sessionName.length).
GLUE = glued_pattern(not_after=r"\w.*`$@#&~^", not_before=r"\w")
_LOWER_START = re.compile(r"^[a-zà-ÿ]")
# A word that starts lower case but is written with a capital inside (mRNA, iPhone, eGFR, siRNA, pH): it may
# start a sentence.
_MIXED_CASE = re.compile(r"[a-z]{1,3}[A-Z]")
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")
_INITIAL = re.compile(r"[A-Z]\.")
_ROMAN = re.compile(r"[IVXLC]{2,}|[ivxlc]{2,}")


class _Rules:
    """The language knowledge one call of :func:`segment` uses: abbreviations, which of them may end a
    sentence, and the function words that start sentences."""

    def __init__(self, lang: str, extra: tuple[str, ...]) -> None:
        codes = (lang,) if lang in ("en", "id") else ("en", "id")
        self.abbrevs = frozenset().union(*(abbreviations(c) for c in codes))
        self.abbrevs |= frozenset(a.rstrip(".") for a in extra)
        rules = [get_language(c).sentence_rules for c in codes]
        self.sentence = SentenceRules(
            frozenset().union(*(r.enders for r in rules)),
            frozenset().union(*(r.final for r in rules)),
            frozenset().union(*(r.before_number for r in rules)),
        )
        self.stopwords = frozenset().union(*(stopwords(c) for c in codes))

    def continues(self, token: str, previous: str, following: str, segment_start: bool) -> bool:
        """Whether the period after the word ``token`` does not end the sentence. ``previous`` is the word
        before ``token`` ("" at the start of a sentence), ``following`` the next token (after any opening
        quote or bracket)."""
        token = token.lstrip(_OPENERS)
        match = _WORD.match(following)
        next_word = match.group() if match else ""
        function_word = next_word.lower() in self.stopwords
        key = token if token in self.abbrevs else f"{previous} {token}"
        if key in self.abbrevs:
            if key in self.sentence.before_number:
                return next_word[:1].isdigit() or _ROMAN.fullmatch(next_word) is not None
            if key in self.sentence.enders:
                return not next_word[:1].isupper()
            if key in self.sentence.final:
                return not function_word
            return True
        if len(token) == 1 and token.isupper():
            return self._initial(previous, following, function_word)
        if _DOTTED.match(token):
            return True  # e.g / i.e / a.l / U.S
        # The number of a numbered item: "1. Take the tablet" at the start of a segment.
        return segment_start and token.rstrip(")").isdigit() and len(token) <= 3

    def _initial(self, previous: str, following: str, function_word: bool) -> bool:
        """Whether a single capital before a period is an initial ("J. Smith") rather than a letter ending a
        sentence ("vitamin D. Large"): another initial follows, or a word that is not a function word follows
        and the word before is nothing, a capitalised word or a function word ("by J. Smith")."""
        if _INITIAL.match(following):
            return True
        if function_word:
            return False
        before = _WORD.findall(previous)
        word = before[-1] if before else ""
        return not word or word[0].isupper() or word.lower() in self.stopwords


class _Words:
    """Where the white-space runs and line ends of a text are, to find the words before an offset in
    logarithmic time (re-reading the text from the last sentence cut at every period was quadratic: 20 kB
    of "J. " took 15 s)."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _WS.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def word_start(self, end: int, floor: int) -> int:
        """Start of the non-space run ending at ``end`` (``end`` itself when ``text[end - 1]`` is a space),
        not before ``floor``."""
        i = bisect_right(self.ends, end) - 1
        return max(self.ends[i] if i >= 0 else 0, floor)

    def blank(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is empty or white space only."""
        if start >= end:
            return True
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def line_start(self, offset: int) -> int:
        """Offset of the start of the line holding ``offset``."""
        i = bisect_left(self.newlines, offset) - 1
        return self.newlines[i] + 1 if i >= 0 else 0

    def before_period(self, start: int, end: int) -> tuple[str, str]:
        """The last word of ``text[start:end]`` and the word before it ("" when there is none), as
        ``str.split()`` would give them (a line end just before ``end`` is skipped, as ``(\\S+)$`` did)."""
        text = self.text
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end <= start or text[end - 1].isspace():
            return "", ""
        begin = self.word_start(end, start)
        token = text[begin:end]
        i = bisect_right(self.ends, begin) - 1
        if i < 0 or self.ends[i] != begin or self.starts[i] <= start:
            return token, ""
        gap = self.starts[i]
        return token, text[self.word_start(gap, start):gap]


@lru_cache(maxsize=32)
def _rules(lang: str, extra: tuple[str, ...]) -> _Rules:
    """The rules of ``lang`` with the caller's extra abbreviations, built once per combination."""
    return _Rules(lang, extra)


def _line_breaks(text: str) -> Iterator[tuple[int, bool, bool]]:
    """Yield ``(offset, is_boundary, is_blank)`` for each run of line breaks in ``text``."""
    for match in re.finditer(r"[ \t\f\v\xa0]*\n(?:[ \t\f\v\xa0]*\n)*", text):
        blank = match.group().count("\n") > 1
        rest = text[match.end() : match.end() + 1]
        boundary = blank or not _LOWER_START.match(rest)
        yield match.start(), boundary, blank


def glued_splits(text: str) -> list[int]:
    """Offsets inside ``text`` where two words were glued together (``sessionCalcium`` → after "session")."""
    return [m.end(1) for m in GLUE.finditer(text)]


def segment(
    text: str,
    lang: str = "en",
    *,
    abbreviations_extra: Iterable[str] = (),
    split_glued: bool = True,
) -> list[Segment]:
    """Split ``text`` into sentences and headings.

    ``lang`` picks the abbreviation list (``en``/``id``; other codes get the union of both).
    ``abbreviations_extra`` adds abbreviations (without final period). ``split_glued`` splits sentences
    run together without a space. Returns segments with offsets, paragraph index and line number.
    """
    rules = _rules(lang, tuple(abbreviations_extra))

    has_blank_lines = re.search(r"\n[ \t\f\v\xa0]*\n", text.strip()) is not None
    # Boundary offsets: (offset, new_paragraph).
    cuts: list[tuple[int, bool]] = []
    for offset, boundary, blank in _line_breaks(text):
        if boundary:
            cuts.append((offset, blank or not has_blank_lines))
    line_cut_offsets = {c[0] for c in cuts}
    words = _Words(text)
    last_start = 0
    sentence_cuts: list[int] = []
    for match in _END.finditer(text):
        end = match.end()
        if end in line_cut_offsets:
            continue
        starter = _STARTER.match(text, end)
        if not starter:
            continue
        first = starter.group(2)
        at = starter.start(2)
        if not (first.isupper() or first.isdigit() or starter.group(1) or _MIXED_CASE.match(text, at)
                or _ROLE.match(text, at)):
            continue
        punct = match.group()
        if punct.startswith(".") and not punct.startswith(".."):
            period = match.start()
            token, previous = words.before_period(last_start, period)
            if token:
                # At the start of a segment: at most one word between the line start or last cut and the period.
                prior = max(words.line_start(period), sentence_cuts[-1] if sentence_cuts else 0)
                at_start = words.blank(prior, period) or words.blank(prior, words.word_start(period, prior))
                following = _TOKEN.match(text, at)
                if rules.continues(token, previous, following.group() if following else "", at_start):
                    continue
        sentence_cuts.append(end)
        last_start = end
    if split_glued:
        sentence_cuts.extend(glued_splits(text))
    all_cuts = sorted({(o, p) for o, p in cuts} | {(o, False) for o in sentence_cuts})

    segments: list[Segment] = []
    paragraph = 0
    pos = 0
    pending_paragraph = False
    line, counted = 1, 0  # line number at offset ``counted``: counted on from the previous segment (linear)
    for offset, new_paragraph in [*all_cuts, (len(text), False)]:
        span = text[pos:offset]
        stripped = span.strip()
        if stripped:
            lead = len(span) - len(span.lstrip())
            start = pos + lead
            end = start + len(stripped)
            line += text.count("\n", counted, start)
            counted = start
            if pending_paragraph and segments:
                paragraph += 1
            pending_paragraph = False
            segments.append(
                Segment(
                    text=_WS.sub(" ", stripped),
                    index=len(segments),
                    paragraph=paragraph,
                    start=start,
                    end=end,
                    line=line,
                )
            )
        if new_paragraph:
            pending_paragraph = True
        pos = offset
    return segments


def from_lines(text: str) -> list[Segment]:
    """Segments of a pre-segmented text: one segment per non-empty line, a blank line separates paragraphs.

    This is ``--segmented`` input: the user's own segmentation is kept exactly (only leading/trailing
    white space is trimmed).
    """
    segments: list[Segment] = []
    paragraph = 0
    blank_seen = False
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            blank_seen = True
        else:
            if blank_seen and segments:
                paragraph += 1
            blank_seen = False
            start = offset + (len(line) - len(line.lstrip()))
            segments.append(
                Segment(
                    text=stripped,
                    index=len(segments),
                    paragraph=paragraph,
                    start=start,
                    end=start + len(stripped),
                    line=number,
                )
            )
        offset += len(line) + 1
    return segments


def from_strings(sentences: Iterable[str]) -> list[Segment]:
    """Segments for a list of sentence strings the caller split already (offsets into ``"\\n".join``)."""
    segments: list[Segment] = []
    offset = 0
    for number, sentence in enumerate(sentences, start=1):
        if not isinstance(sentence, str):
            raise TypeError(f"segment {number - 1} is {type(sentence).__name__}, not str")
        segments.append(
            Segment(text=sentence, index=number - 1, paragraph=0, start=offset, end=offset + len(sentence),
                    line=number)
        )
        offset += len(sentence) + 1
    return segments
