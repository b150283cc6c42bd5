"""Term extraction as map → merge → score: the same pairs, byte for byte, whatever the partitioning of the corpus.

The corpus is our own texts (tests/data/terms, and a few lines written here) cut into documents; each trial puts
the documents into a seeded random number of partitions at random and compares the JSON output with the pooled
run's. The corpus exercises every statistic that needs the whole corpus: termhood, the Indonesian lexicon, word
association, the second termhood pass, a glossary variant whose accepted form is only in another document (the
run-wide state of ``inconsistent-term``), and bead numbers running on across documents.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import termalign.terms.stats as stats
from termalign.formats.termlist import render
from termalign.model import Alignment, Bead, Glossary, GlossaryEntry, Segment, TermPair
from termalign.terms.pairing import pair_terms

DATA = Path(__file__).resolve().parent / "data" / "terms"

# Our own lines: the first uses the glossary's form, the last a variant of it ("kalsifikasi distrofi"), so
# whether the variant is inconsistent-term or garbled-term depends on a document in another partition.
OWN = [
    ("Dystrophic calcification follows damage to soft tissue.",
     "Kalsifikasi distrofik terjadi setelah kerusakan jaringan lunak."),
    ("Macrophages digest necrotic tissue near the lesion.", "Makrofag mencerna jaringan nekrotik di dekat lesi."),
    ("The immune response clears dead cells.", "Respon imun membersihkan sel mati."),
    ("Macrophages also remove calcium deposits.", "Makrofag juga membuang endapan kalsium."),
    ("In dystrophic calcification, calcium salts settle in dead tissue.",
     "Pada kalsifikasi distrofi, garam kalsium mengendap di jaringan mati."),
]
GLOSSARY = Glossary((GlossaryEntry("dystrophic calcification", "kalsifikasi distrofik"),
                     GlossaryEntry("macrophage", "makrofag")))


def _alignment(pairs: list[tuple[str, str]], unlinked: bool = False) -> Alignment:
    source = tuple(Segment(en, i) for i, (en, _) in enumerate(pairs))
    target = tuple(Segment(id_, i) for i, (_, id_) in enumerate(pairs))
    beads = [Bead((i,), (i,), 1.0) for i in range(len(pairs))]
    if unlinked:
        beads[0] = Bead((0,), (), 0.0)  # an unlinked bead still counts in the numbering
        beads.insert(1, Bead((), (0,), 0.0))
    return Alignment(source, target, tuple(beads))


def corpus() -> list[Alignment]:
    """The test texts cut into documents of 3–8 lines (a fixed cut), plus our own lines in two documents."""
    rng = random.Random(1208)
    docs: list[Alignment] = []
    for name in ("asthma", "anemia"):
        en = (DATA / f"{name}.en.txt").read_text("utf-8").splitlines()
        id_ = (DATA / f"{name}.id.txt").read_text("utf-8").splitlines()
        k = 0
        while k < len(en):
            n = rng.randint(3, 8)
            docs.append(_alignment(list(zip(en[k : k + n], id_[k : k + n], strict=True)), unlinked=len(docs) == 1))
            k += n
    docs.insert(1, _alignment(OWN[:2]))
    docs.append(_alignment(OWN[2:]))
    return docs


def as_json(pairs: list[TermPair]) -> str:
    return render(pairs, "json", source_lang="en", target_lang="id")


OPTIONS = {"glossary": GLOSSARY, "check_glossary": GLOSSARY}


@pytest.fixture(scope="module")
def pooled() -> tuple[list[Alignment], list[TermPair], set[str]]:
    docs = corpus()
    added: set[str] = set()
    real = stats.second_pass

    def spy(static: stats.Static, model: stats.Model, paired: set[str]) -> None:
        real(static, model, paired)
        added.update(model.new)

    stats.second_pass = spy  # type: ignore[assignment]
    try:
        pairs = pair_terms(docs, **OPTIONS)
    finally:
        stats.second_pass = real  # type: ignore[assignment]
    return docs, pairs, added


def test_the_corpus_exercises_every_corpus_wide_statistic(
    pooled: tuple[list[Alignment], list[TermPair], set[str]],
) -> None:
    docs, pairs, added = pooled
    assert len(docs) >= 8 and len(pairs) > 20
    assert added, "the second termhood pass adds a candidate"
    codes = {f.code for p in pairs for f in p.findings}
    assert "inconsistent-term" in codes  # the variant in the last document, the accepted form in the second
    last = sum(len(d.beads) for d in docs[:-1])
    assert any(b >= last for p in pairs for b in p.beads)  # bead numbers run on to the last document


def test_any_partitioning_gives_the_pooled_output_byte_for_byte(
    pooled: tuple[list[Alignment], list[TermPair], set[str]],
) -> None:
    docs, pairs, _ = pooled
    expected = as_json(pairs)
    rng = random.Random(20261208)
    for trial in range(8):
        k = rng.randint(2, len(docs))
        parts: list[list[int]] = [[] for _ in range(k)]
        for n in range(len(docs)):
            parts[rng.randrange(k)].append(n)
        rng.shuffle(parts)  # partitions come back in any order
        parts = [p for p in parts if p]
        got = as_json(pair_terms(docs, partitions=parts, **OPTIONS))
        assert got == expected, f"trial {trial}: partitions {parts}"


def test_one_document_per_partition_and_no_checks() -> None:
    docs = corpus()
    expected = as_json(pair_terms(docs, glossary=GLOSSARY))
    assert as_json(pair_terms(docs, glossary=GLOSSARY, partitions=[[n] for n in range(len(docs))])) == expected


def test_a_document_in_two_partitions_is_refused() -> None:
    docs = corpus()
    with pytest.raises(ValueError, match="two partitions"):
        pair_terms(docs, partitions=[[0, 1], [1, 2]])
