"""``glued-words``: two words run together with no space ("sessionCalcium", "nyeridada", "tangan.Ilmuwan").

A broken pipeline (MT output re-joined without spaces, a converter dropping newlines) or a hurried translator
runs words together. Three shapes are looked for:

* **case glue** (:data:`~termalign.checks.patterns.GLUED`, and :data:`HYPHEN_GLUED` when the first word is a
  hyphenated one, "bertahun-tahunBentuk"): a lower-case letter, then a capitalised word, no space;
* **punctuation glue** (:data:`PUNCT_GLUE`): a word, a full stop, comma, semicolon, ``!`` or ``?``, and the
  next word with no space ("tangan.Ilmuwan", "demam,keringat"); after ``.``/``!``/``?`` the second word must
  be capitalised (a lower-case tail is a file name, a domain or code: "setup.py", "os.path");
* **glue without a capital** (:meth:`~termalign.checks.known_words.KnownWords.glued_split`): a word that is not
  a word of the text's language but splits into two that are ("nyeridada" → nyeri + dada, "thesame",
  "vaksindengue"). A capitalised one counts only at the start of a sentence (elsewhere it is a name).

Every shape is also code's, so a hit is only reported when

* it is not inside code, placeholders, quotes, options, URLs or paths (```pushDefault```, ``'core.editor'``),
* the token is not identifier-shaped (getElementById, x86_64), a product name (iPhone, JavaScript, PowerPoint,
  YouTube, McDonald) or a unit (mmHg, eGFR, pH); the word before a full stop is not an abbreviation ("dr.");
  the run of characters around a punctuation glue holds no digit, ``/``, ``@``, ``_`` or ``:``,
* the token does not also occur in the source (a config name kept as is, ``pushDefault``), and
* both halves are known words (:mod:`~termalign.checks.known_words`): ``session`` + ``Calcium``, ``saja`` +
  ``Anda``. Both known in the text's own language makes it an error, otherwise a warning.

On 105,597 real .mo strings the bare case shape fired 81 times, almost all on git config names; with these
conditions only the real error (``sajaAnda``) remains (``docs/benchmarks.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.garbled import GarbledState
from termalign.checks.index import lower_same_length
from termalign.checks.known_words import GLUE_EN_ZIPF
from termalign.checks.patterns import GLUED, WORD, inside, looks_like_identifier
from termalign.lang.english import bases as english_bases
from termalign.lang.wordlists import abbreviations, listed_zipf, stopwords
from termalign.model import Finding

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch

#: Case glue after a hyphenated word ("bertahun-tahunBentuk", "paru-paruDiagnosis"): :data:`GLUED` leaves a
#: word after a hyphen alone (it is half of a code name there), this pattern takes the whole hyphenated word.
HYPHEN_GLUED = re.compile(
    r"(?<![\w.\-/@$%{\\])((?:[^\W\d_]+-)+[a-z]{2,})([A-Z][a-z]{2,})(?![\w(\-/=:\\\[{]|\.\w)")

#: Case glue with a short word on one side ("theBacteria", "ofSputum", "jamTes", "nyeriDi"): reported only when
#: the short side (two or three letters) is a function word of the text's language or a glossary word, so that
#: "isEnabled", "getName" in prose stay identifiers.
SHORT_GLUED = re.compile(
    r"(?<![\w.\-/@$%{\\])(?:([a-z]{2,3})([A-Z][a-z]{2,})|([a-z]{4,})([A-Z][a-z]))(?![\w(\-/=:\\\[{]|\.\w)")

#: Case glue at a sentence start, the first word capitalised too ("VaksinDengue", "JumlahTrombosit"): reported
#: only at the start of a sentence and when the whole is not a known word ("GitHub", "PowerPoint" are).
PASCAL_GLUED = re.compile(r"(?<![\w.\-/@$%{\\])([A-Z][a-z]{2,})([A-Z][a-z]{2,})(?![\w(\-/=:\\\[{]|\.\w)")

#: A lower-case letter then a capital inside a word: an identifier ("TreeMenu", "sessionName").
_CAMEL = re.compile(r"[a-z][A-Z]")

#: Two words with sentence or list punctuation between and no space after it: "tangan.Ilmuwan",
#: "paru-paru.Diagnosis", "demam,keringat". Group 2 is the punctuation; what follows the second word must not
#: continue a name, a path or a call (``.Net.dll``, ``a.B(``).
PUNCT_GLUE = re.compile(
    r"(?<![\w\-/@.])((?:[^\W\d_]+-)*[^\W\d_]{2,})([.!?,;])([^\W\d_]{2,}(?:-[^\W\d_]+)*)"
    r"(?![\w(\-/=:@\\]|[.,]\w)")

#: An English sentence whose first word is "A" or "I" glued to the word before, with or without the full stop
#: ("appetiteA fever", "first.A rash", "tiredI think"): the one-letter words the other shapes leave out. Only
#: before a space and a lower-case word, so "vitamin.A" in code and "typeA" alone stay out.
ONE_LETTER_GLUED = re.compile(r"(?<![\w.\-/@$%{\\])([a-z]{3,})([.!?]?)([AI])(?= [a-z]{2,})")

#: What the case and punctuation shapes hold: a letter, maybe punctuation, then a letter that is a capital or
#: follows a comma or semicolon. A quick scan that rules out most texts before the costlier patterns are tried.
_SHAPE = re.compile(r"[^\W\d_](?:[.!?]?[A-Z]|[,;][^\W\d_])")

#: Characters that make a run of text around a punctuation glue code, a number, an address or a path.
_CODE_RUN = re.compile(r"[\d/@_:\\<>=%$#{}\[\]]")


class GluedWordsCheck(BaseCheck):
    """Words run together without a space (see the module docstring)."""

    code = "glued-words"
    severity = "error"
    description = "Two words (or two sentences) run together without a space."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        for i, unit in enumerate(batch.units):
            text = unit.text
            if not text:
                continue
            found: list[Finding] = []
            if _SHAPE.search(text) is not None:
                for pattern in (GLUED, HYPHEN_GLUED):
                    for m in pattern.finditer(text):
                        f = self._judge(batch, ctx, i, m.start(), m.end(), m.group(1), m.group(2), "")
                        if f is not None:
                            found.append(f)
                for m in SHORT_GLUED.finditer(text):
                    left, right = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                    short = left if m.group(1) else right
                    if _short_word_ok(short.lower(), unit.lang, ctx) or (
                            short.lower() in stopwords(unit.lang if unit.lang in ("en", "id") else "en")
                            and (right if m.group(1) else left).lower() in _expected_words(batch, i)) or (
                            short.lower() not in _IDENTIFIER_PREFIXES and ctx.known.is_common(short.lower(), unit.lang)
                            and _lost_sentence_break(text, unit.source)):
                        f = self._judge(batch, ctx, i, m.start(), m.end(), left, right, "")
                        if f is not None:
                            found.append(f)
                # a source with identifiers in it ("TreeMenu") makes "MenuPohon" a translated identifier
                pascal_ok = not unit.source or _CAMEL.search(unit.source) is None
                for m in PASCAL_GLUED.finditer(text) if pascal_ok else ():
                    if _sentence_start(text, m.start()) and not ctx.known.is_known(m.group().lower(), unit.lang):
                        f = self._judge(batch, ctx, i, m.start(), m.end(), m.group(1), m.group(2), "")
                        if f is not None:
                            found.append(f)
                for m in ONE_LETTER_GLUED.finditer(text) if unit.lang == "en" else ():
                    f = self._judge(batch, ctx, i, m.start(), m.end(), m.group(1), m.group(3), m.group(2))
                    if f is not None:
                        found.append(f)
                for m in PUNCT_GLUE.finditer(text):
                    if unit.source and re.search(re.escape(m.group(2)) + r"[^\W\d_]", unit.source):
                        continue  # the source writes it so too ("none,off", a value list)
                    if self._punctuation_ok(unit.text, unit.lang, m):
                        f = self._judge(batch, ctx, i, m.start(), m.end(), m.group(1), m.group(3), m.group(2))
                        if f is not None:
                            found.append(f)
            found.extend(self._without_capital(batch, ctx, i))
            taken: list[tuple[int, int]] = []
            for f in sorted(found, key=lambda f: (f.location.start or 0, -(f.location.end or 0))):
                s, e = f.location.start or 0, f.location.end or 0
                if not inside(taken, s, e):
                    taken.append((s, e))
                    yield i, f

    @staticmethod
    def _punctuation_ok(text: str, lang: str, m: re.Match[str]) -> bool:
        """Whether a :data:`PUNCT_GLUE` match can be prose: a capital after a sentence end, no abbreviation
        before a full stop, no code characters in the run of text it is part of."""
        left, mark, right = m.group(1), m.group(2), m.group(3)
        # two letters only when a function word starts the next sentence ("falls.In", "rumah.Di"): "No.It",
        # "Js" of "Node.Js" are not one
        long_enough = len(right) >= 3 or right.lower() in stopwords(lang if lang in ("en", "id") else "en")
        if mark in ".!?" and not (right[:1].isupper() and right[1:].islower() and long_enough and len(left) >= 3):
            return False
        if mark == "." and (left in abbreviations(lang) or left.lower() in abbreviations(lang)
                            or (len(left) <= 3 and left.isupper())):
            return False
        run_start = text.rfind(" ", 0, m.start()) + 1
        run_end = text.find(" ", m.end())
        run = text[run_start:run_end if run_end >= 0 else len(text)]
        return _CODE_RUN.search(run) is None and run.count(mark) <= 2

    def _without_capital(self, batch: Batch, ctx: CheckContext, i: int) -> Iterable[Finding]:
        """Glue with no capital ("nyeridada"): words (or parts of hyphenated words) that are not words of the
        text's language but split into two that are."""
        unit = batch.units[i]
        text, lang = unit.text, unit.lang
        split = ctx.known.glued_split
        # the garble scan's verdicts, when it ran first (it does, in the runner's order)
        garbles = ctx.state(GarbledState).verdicts.get(lang, {}) if "garbled-term" in ctx.enabled else {}
        near = batch.expectations[i] if "garbled-term" in ctx.enabled and unit.source else []
        for m in WORD.finditer(text):
            token = m.group()
            if len(token) < 5:
                continue
            offset = m.start()
            for part in token.split("-"):
                start, end = offset, offset + len(part)
                offset = end + 1
                if not part[1:].islower() or (part[0].isupper() and not _sentence_start(text, start)):
                    continue
                got = split(part.lower(), lang)
                if got is None and lang in ("en", "id"):
                    got = _glue_over_typo(part.lower(), lang, ctx)
                if got is None or garbles.get(part) is not None or any(
                        e.status == "near" and e.span is not None and e.span[0] < end and start < e.span[1]
                        for e in near):
                    continue  # not two words, or a garbled term ("filesistem"): garbled-term reports it
                cut = start + got[0]
                f = self._judge(batch, ctx, i, start, end, text[start:cut], text[cut:end], "")
                if f is not None:
                    yield f

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
        shape = ("lower-case word, then a capitalised word, with no space" if right[:1].isupper() and not separator
                 else f"a word, {separator!r} and the next word with no space" if separator
                 else "not a word, but two words with no space between")
        return self.finding(
            unit, start, end,
            f"{token!r} looks like two words run together ({left!r} + {right!r})",
            suggestion=_mend(unit.text, unit.source, unit.lang, left, separator, right, ctx),
            severity="error" if in_own_language else "warning",
            explanation=(
                shape,
                f"{left!r}: {why_left}",
                f"{right!r}: {why_right}",
                "not inside code, quotes or placeholders; not identifier-shaped, a product name or a unit; "
                "not copied from the source",
            ),
        )


def _mend(text: str, source: str | None, lang: str, left: str, separator: str, right: str, ctx: CheckContext) -> str:
    """The two words apart again: a space after the punctuation, and for case glue ("turunPada", "vaksinDengue")
    what the capital means. Two sentences run together lost their full stop ("withdrawalThey" → "withdrawal.
    They"): so when the source has more sentences than the target; without a source, when the capitalised
    word is a function word, which is capitalised only at a sentence start. A source with no more sentences
    than the target says the capital is not a sentence start ("feverThat" → "fever that"). Otherwise a word in
    everyday use is put back in lower case ("vaksinDengue" → "vaksin dengue"), and a name or a word that is
    always capitalised stays as it is ("sajaAnda" → "saja Anda")."""
    if separator or not right[:1].isupper() or not right[1:].islower():
        return f"{left}{separator} {right}"
    lowered = right.lower()
    if source:
        sentence_end = _lost_sentence_break(text, source)
    else:
        sentence_end = lowered in stopwords(lang if lang in ("en", "id") else "en") and lowered not in _ALWAYS_CAPITAL
    if sentence_end:
        return f"{left}. {right}"
    if lowered not in _ALWAYS_CAPITAL and ctx.known.is_common(lowered, lang) and not _name_in(source, right):
        return f"{left} {lowered}"
    return f"{left} {right}"


#: A sentence boundary inside a text: an end mark, space, then a capital.
_SENTENCE_BREAK = re.compile(r"[.!?][\"')”’]*\s+[\"'(“‘]*[A-Z]")
#: Words written with a capital in running text ("Anda", the polite Indonesian "you"; English "I").
_ALWAYS_CAPITAL = frozenset({"anda", "i"})


def _lost_sentence_break(text: str, source: str | None) -> bool:
    """Whether the source has more sentence breaks than ``text``: two sentences of the translation were run
    together ("dua jamTes yang sama" for "... within two hours. The same test ...")."""
    return bool(source) and len(_SENTENCE_BREAK.findall(source)) > len(  # type: ignore[arg-type]
        _SENTENCE_BREAK.findall(text))


def _name_in(source: str | None, word: str) -> bool:
    """Whether ``word`` (capitalised) appears capitalised inside the source, not at its start: a name."""
    if not source:
        return False
    return re.search(r"(?<=[^\W\d_]\s)" + re.escape(word) + r"\b", source) is not None


#: How much more common (wordfreq Zipf) the content half of an English glue with a function word must be than
#: the best known word one edit away (the typo reading): "feveris" is fever (4.2) + is, not feverish (2.8).
GLUE_OVER_TYPO_ZIPF = 0.5


def _glue_over_typo(word: str, lang: str, ctx: CheckContext) -> tuple[int, float] | None:
    """Glue that looks like a typo too ("feveris" → fever + is, "bloodtest" → blood + test, "gejaladan" →
    gejala + dan, "nyeridi" → nyeri + di): where lower-case ``word``, not a known word of ``lang``, splits into
    two words, each a function word of two or three letters or a common word of four letters or more (at least
    one of those), as :meth:`~termalign.checks.known_words.KnownWords.glued_split` answers.

    ``glued_split`` takes a word one edit from a known word for a typo of it ("feveris" of "feverish",
    "bloodtest" of "bloodiest", "gejaladan" of the junk listed form "gejalaan"); glue is the likelier reading
    when the rarer content half is clearly more common (:data:`GLUE_OVER_TYPO_ZIPF`) than any listed word one
    edit away: a dropped letter ("infectin" of the more common "infection") stays a typo. The same rule in both
    languages, except that in Indonesian one half must be a function word: two content words written solid are
    a learned compound more often than glue ("superposisi", "milidetik"), and a common word one edit away is the
    typo it looks like."""
    known = ctx.known
    if len(word) < 5 or not word.isalpha() or word in known.lexicon or known.is_known(word, lang):
        return None
    if lang == "id" and known.is_english_loan(word):
        return None  # "saturasi" (saturation), not "satu" + "rasi"
    function = stopwords(lang)
    best: tuple[float, int] | None = None
    for cut in range(2, len(word) - 1):
        halves = (word[:cut], word[cut:])
        if any(len(h) < 2 or (len(h) <= 3 and h not in function) for h in halves):
            continue
        content = [h for h in halves if len(h) >= 4 and h not in function]
        if not content:
            continue  # two function words ("befor": be + for) are a typo of one
        if lang == "id" and len(content) == 2:
            continue  # Indonesian writes learned compounds solid ("superposisi", "milidetik", "interseks")
        score = min(max(listed_zipf(b, lang) for b in (h, *_bases(h, lang))) for h in content)
        if score >= GLUE_EN_ZIPF and (best is None or score > best[0]):
            best = (score, cut)
    if best is None:
        return None
    typo = _typo_zipf(word, lang)
    if best[0] < typo + GLUE_OVER_TYPO_ZIPF or (lang == "id" and typo >= GLUE_EN_ZIPF):
        return None  # Indonesian: affixes make near forms common ("pindahakan" of "pindahkan"), a typo then
    return best[1], best[0]


def _bases(word: str, lang: str) -> Iterable[str]:
    """The forms an English word may be listed under (its inflection bases); an Indonesian half counts only as
    it is written (an affix base would make junk halves words: "mengawasan" of "awas")."""
    return english_bases(word) if lang == "en" else ()


def _typo_zipf(word: str, lang: str = "en") -> float:
    """The wordfreq Zipf of the most common ``lang`` word one edit (OSA) from lower-case ``word``; 0 if none."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    edits = {word[:i] + c + word[i + 1:] for i in range(len(word)) for c in letters}
    edits.update(word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters)
    edits.update(word[:i] + word[i + 1:] for i in range(len(word)))
    edits.update(word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1))
    edits.discard(word)
    return max((listed_zipf(e, lang) for e in edits), default=0.0)


def _expected_words(batch: Batch, i: int) -> frozenset[str]:
    """The lower-case words of the accepted forms of the glossary terms unit ``i``'s source calls for: a function
    word glued to one of them ("testTo" where the source has "tes darah" → blood test) is glue even when the
    function word also starts identifiers ("toString")."""
    if not batch.units[i].source:
        return frozenset()
    entries = batch.ctx.index.entries
    return frozenset(w.lower() for hit in batch.source_hits[i] for form in entries[hit.entry].targets
                     for w in WORD.findall(form))


def _short_word_ok(word: str, lang: str, ctx: CheckContext) -> bool:
    """Whether a two- or three-letter ``word`` can be one half of a glue: a function word or a glossary word."""
    if word in _IDENTIFIER_PREFIXES:
        return False
    return word in stopwords(lang if lang in ("en", "id") else "en") or word in ctx.known.lexicon


#: Short words that start identifiers ("isEnabled", "getName", "onClick", "setValue", "hasChildren").
_IDENTIFIER_PREFIXES = frozenset({"is", "get", "set", "has", "on", "can", "add", "new", "use", "max", "min", "num",
                                  "str", "len", "run", "put", "do", "to", "as"})


def _sentence_start(text: str, start: int) -> bool:
    """Whether offset ``start`` of ``text`` begins a sentence: the text's first word, or after ``.``/``!``/``?``
    (and spaces or an opening quote)."""
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:"


def _in_language(word: str, lang: str, ctx: CheckContext) -> bool:
    from termalign.lang.wordlists import listed_zipf as zipf
    from termalign.lang.wordlists import sastrawi_roots

    if "-" in word:  # a reduplication or compound ("bertahun-tahun"): each part
        return all(_in_language(part, lang, ctx) for part in word.split("-") if part)
    if lang == "en":
        return zipf(word, "en") >= ctx.known.en_min_zipf
    return zipf(word, "id") > 0 or word in sastrawi_roots() or (
        ctx.known.is_known(word, "id") and not zipf(word, "en"))
