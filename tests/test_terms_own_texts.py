"""Term extraction on our own medical texts (asthma, anaemia) against our own gold lists.

The texts in tests/data/terms are written for this project (correct standard Indonesian, one sentence per line,
line i of .en ↔ line i of .id); the gold lists are our terminology judgement. The figures these tests pin are
reported in docs/terms.md: a drop below them is a regression.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.model import Alignment, Bead
from termalign.segment import from_lines
from termalign.terms import extract_terms
from termalign.terms.evaluate import evaluate, read_gold

DATA = Path(__file__).resolve().parent / "data" / "terms"


def line_aligned(name: str) -> Alignment:
    source = from_lines((DATA / f"{name}.en.txt").read_text("utf-8"))
    target = from_lines((DATA / f"{name}.id.txt").read_text("utf-8"))
    assert len(source) == len(target), "test texts are line-aligned"
    beads = tuple(Bead((i,), (i,), 1.0) for i in range(len(source)))
    return Alignment(tuple(source), tuple(target), beads)


@pytest.mark.parametrize(("name", "min_recall", "min_precision"), [("asthma", 0.80, 0.95), ("anemia", 0.90, 0.95)])
def test_own_texts_against_gold(name: str, min_recall: float, min_precision: float) -> None:
    pairs = extract_terms(line_aligned(name))
    result = evaluate(pairs, read_gold(DATA / f"{name}.gold.tsv"))
    missed = [m.english[0] for m in result.missed]
    wrong = [(p.source_base, p.target) for p in result.wrong]
    assert result.recall >= min_recall, f"{name}: recall {result.recall:.3f}, missed {missed}"
    assert result.precision >= min_precision, f"{name}: precision {result.precision:.3f}, wrong {wrong}"


def test_own_texts_show_indonesian_morphology() -> None:
    pairs = {p.source_base: p for p in extract_terms(line_aligned("asthma"))}
    # "inhalernya" (possessive clitic) is reported as written and paired on its base.
    assert pairs["inhaler"].target == "inhalernya" and pairs["inhaler"].target_base == "inhaler"
    # One English word, two Indonesian words: the free neighbour every occurrence shares joins the term.
    assert pairs["airway"].target_base == "saluran napas"
    anemia = {p.source_base: p for p in extract_terms(line_aligned("anemia"))}
    assert anemia["iron deficiency"].target_base == "kekurangan zat besi"
    assert anemia["red blood cell"].target_base == "sel darah merah"
