"""Scoring extracted term pairs against a reference ("gold") list, the way a terminologist would check them.

A gold list names the term pairs that should be found; each side may list accepted variants. Two figures:

* **recall**: the share of gold pairs for which some extracted pair has a gold English form *and* an accepted
  Indonesian form;
* **precision on gold terms**: of the extracted pairs whose English side is a gold term, the share whose
  Indonesian side is accepted. Pairs for English phrases that are not in the gold list are not judged (a gold
  list is never complete), so this measures whether the translations are right, not whether every candidate
  is a term.

English forms are compared as base forms (lower case, last word singular), Indonesian forms in lower case with
white space folded; an extracted pair matches when its base *or* its surface form is accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from termalign.errors import InputError
from termalign.lang.english import WORD, singular
from termalign.model import TermPair
from termalign.textio import display_name, read_text


@dataclass(frozen=True)
class GoldPair:
    """One reference pair: accepted English forms and accepted Indonesian forms."""

    english: tuple[str, ...]
    indonesian: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`: counts, the two ratios, and what was missed or wrong."""

    gold: int
    found: int
    judged: int
    correct: int
    missed: tuple[GoldPair, ...] = field(default=())
    wrong: tuple[TermPair, ...] = field(default=())

    @property
    def recall(self) -> float:
        """Share of gold pairs found with a right translation."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Share of judged pairs (English side in the gold list) whose translation is right."""
        return self.correct / self.judged if self.judged else 1.0


def english_key(text: str) -> str:
    """An English term as compared: lower-case words, the last one singular ("White blood cells" → ...cell)."""
    words = [m.group() for m in WORD.finditer(text)]
    if not words:
        return ""
    return " ".join([*(w.lower() for w in words[:-1]), singular(words[-1])])


def indonesian_key(text: str) -> str:
    """An Indonesian term as compared: lower case, white space folded."""
    return " ".join(text.lower().split())


def parse_gold(text: str, *, name: str = "<gold>") -> list[GoldPair]:
    """Parse a gold list: ``english<TAB>indonesian`` per line, ``|`` between variants, ``#`` comments, an
    optional ``english<TAB>indonesian`` header."""
    out: list[GoldPair] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError("gold line needs two tab-separated columns", file=name, line=number,
                             hint="write 'english<TAB>indonesian'")
        if cols[0].strip().lower() == "english" and cols[1].strip().lower() == "indonesian":
            continue
        english = tuple(english_key(v) for v in cols[0].split("|") if v.strip())
        indonesian = tuple(indonesian_key(v) for v in cols[1].split("|") if v.strip())
        if not english or not indonesian:
            raise InputError("gold line has an empty side", file=name, line=number)
        out.append(GoldPair(english, indonesian))
    return out


def read_gold(path: str | os.PathLike[str]) -> list[GoldPair]:
    """Read a gold list file (see :func:`parse_gold`)."""
    return parse_gold(read_text(path), name=display_name(path))


def _accepted(pair: TermPair, gold: GoldPair) -> bool:
    return indonesian_key(pair.target_base) in gold.indonesian or indonesian_key(pair.target) in gold.indonesian


def evaluate(pairs: Iterable[TermPair], gold: Sequence[GoldPair]) -> Evaluation:
    """Compare extracted ``pairs`` with a ``gold`` list (see the module docstring)."""
    by_english: dict[str, list[GoldPair]] = {}
    for item in gold:
        for form in item.english:
            by_english.setdefault(form, []).append(item)
    found: set[int] = set()
    judged = correct = 0
    wrong: list[TermPair] = []
    index = {id(item): n for n, item in enumerate(gold)}
    for pair in pairs:
        items = by_english.get(english_key(pair.source_base)) or by_english.get(english_key(pair.source))
        if not items:
            continue
        judged += 1
        hits = [item for item in items if _accepted(pair, item)]
        if hits:
            correct += 1
            found.update(index[id(item)] for item in hits)
        else:
            wrong.append(pair)
    missed = tuple(item for n, item in enumerate(gold) if n not in found)
    return Evaluation(len(gold), len(found), judged, correct, missed, tuple(wrong))
