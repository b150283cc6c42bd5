"""The align command's fast paths (issue 17) give what the plain paths give. Own texts only (the examples folder
and sentences written here); no timing is asserted (the benchmarks measure it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.formats.json_ import bead_json, bead_to_dict, dumps
from termalign.model import Alignment, Anchor, Bead, Segment
from termalign.pipeline import align

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example(name: str) -> Alignment:
    return align((EXAMPLES / f"{name}.en.txt").read_text(encoding="utf-8"),
                 (EXAMPLES / f"{name}.id.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["kidney-stones", "phleboliths"])
def test_bead_json_is_the_generic_json_of_each_bead(name: str) -> None:
    alignment = _example(name)
    kinds = {b.kind for b in alignment.beads}
    assert "1-1" in kinds and any(b.evidence for b in alignment.beads)
    for bead in alignment.beads:
        assert bead_json(alignment, bead) == dumps(bead_to_dict(alignment, bead), 2)


def test_bead_json_escapes_and_empty_sides_as_the_encoder_does() -> None:
    source = (Segment('He said "stop"\t\\ now', 0, 0, 0, 22, 1), Segment("Ünïcödé — ✓ \u2028", 1, 1, 24, 38, 3))
    target = (Segment("Dia berkata \"berhenti\"", 0, 0, 0, 22, 1),)
    beads = (Bead((0, 1), (0,), 0.123456, (Anchor("name", "Ü", "Ü", 0.9), Anchor("number", '"1"', "1", 1.0)),
                  2.0 / 3.0),
             Bead((), (), 1.0), Bead((), (), float("nan"), (), float("inf")))
    alignment = Alignment(source, target, beads, "en", "id")
    for bead in beads:
        assert bead_json(alignment, bead) == dumps(bead_to_dict(alignment, bead), 2)


@pytest.mark.parametrize("name", ["kidney-stones", "phleboliths"])
def test_a_beads_evidence_weighs_what_its_anchors_measured_again_weigh(name: str) -> None:
    """The calibration takes a linked bead's own anchor weight from its evidence instead of finding its anchors
    again: the same float, because make_beads keeps exactly the anchors between the bead's two sides."""
    from termalign.aligner.anchors import Featurizer, add_fuzzy_keys, fuzzy_cognate_keys
    from termalign.aligner.api import align_segments
    from termalign.aligner.calibration import _own_weight, _weight
    from termalign.aligner.lexicon import load_default
    from termalign.segment import segment

    src = segment((EXAMPLES / f"{name}.en.txt").read_text(encoding="utf-8"), "en")
    tgt = segment((EXAMPLES / f"{name}.id.txt").read_text(encoding="utf-8"), "id")
    raw = align_segments(src, tgt, calibrated=False)
    lexicon = load_default()
    fs = [Featurizer("en", "source", lexicon).features(s.text) for s in src]
    ft = [Featurizer("id", "target", lexicon).features(t.text) for t in tgt]
    folds_s = {k[1:] for f in fs for tok in f.tokens for k in tok.keys if k[0] == "~"}
    folds_t = {k[1:] for f in ft for tok in f.tokens for k in tok.keys if k[0] == "~"}
    fs = add_fuzzy_keys(fs, fuzzy_cognate_keys(folds_s, folds_t))
    linked = [b for b in raw.beads if b.linked]
    assert sum(1 for b in linked if b.evidence) >= 5
    for bead in linked:
        measured = _weight([fs[i] for i in bead.source_index], [ft[j] for j in bead.target_index])
        assert _own_weight(bead) == measured


def _pair(name: str) -> tuple[list[Segment], list[Segment]]:
    from termalign.segment import segment

    return (segment((EXAMPLES / f"{name}.en.txt").read_text(encoding="utf-8"), "en"),
            segment((EXAMPLES / f"{name}.id.txt").read_text(encoding="utf-8"), "id"))


def test_single_cell_masks_are_the_masks_of_the_rows() -> None:
    """cell_masks works a cell out from the postings alone; row_cells gives the same masks."""
    from termalign.aligner.anchors import Featurizer
    from termalign.aligner.costs import Params
    from termalign.aligner.lexicon import load_default
    from termalign.aligner.pair import TextPair

    src, tgt = _pair("kidney-stones")
    lexicon = load_default()
    fs = [Featurizer("en", "source", lexicon).features(s.text) for s in src]
    ft = [Featurizer("id", "target", lexicon).features(t.text) for t in tgt]
    pair = TextPair(src, tgt, fs, ft, 2)
    params = Params(ratio=1.1, variance=6.0, omission_cost=5.0, merge_cost=4.0, paragraph_penalty=2.0)
    anchored = 0
    for s in range(len(src)):
        _base, sm, tm, _ps, _pt, _c = pair.row_cells(s, 0, len(tgt) - 1, params)
        for t in range(len(tgt)):
            assert pair.cell_masks(s, t, params) == (sm[t], tm[t])
            anchored += bool(sm[t])
    assert anchored >= len(src)


def _old_anchor_keys(dictionary: object, word: str) -> frozenset[str]:
    """The dictionary keys of an English word as the featurizer worked them out before anchor_keys."""
    keys = set()
    for translation in dictionary.translation_words(word):  # type: ignore[attr-defined]
        for base in dictionary.indonesian_bases(translation):  # type: ignore[attr-defined]
            if base == translation or len(base) >= 4:
                keys.add("d" + base)
    return frozenset(keys)


def test_anchor_keys_and_the_compiled_cached_dictionary_give_the_old_keys(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from termalign.aligner import lexicon

    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TERMALIGN_NO_CACHE", raising=False)
    lexicon.load_default.cache_clear()
    try:
        first = lexicon.load_default()  # parsed, compiled and stored
        assert list((tmp_path / "cache").glob("dictionary-*.bin"))
        lexicon.load_default.cache_clear()
        cached = lexicon.load_default()  # read back
        assert cached is not first and cached._head_keys and not cached._words_cache
    finally:
        lexicon.load_default.cache_clear()
    fresh = lexicon.BilingualDictionary.from_tsv_text(first.to_tsv(), name="fresh")
    words = ["stones", "caused", "kidneys", "studied", "thank you", "houses", "running", "the", "xyzzy",
             *list(fresh)[::97]]
    assert sum(1 for w in words if _old_anchor_keys(fresh, w)) >= 20
    for word in words:
        assert cached.anchor_keys(word) == fresh.anchor_keys(word) == _old_anchor_keys(fresh, word)
    assert cached.phrase_sizes() == fresh.phrase_sizes() and cached.id_vocabulary == fresh.id_vocabulary


def test_phrase_tokens_are_found_as_by_trying_every_length() -> None:
    from termalign.aligner.anchors import Featurizer, TokenKeys
    from termalign.aligner.lexicon import BilingualDictionary

    dictionary = BilingualDictionary({"thank you": ["terima kasih"], "thank you very much": ["terima kasih banyak"],
                                      "blood pressure": ["tekanan darah"], "high blood pressure": ["hipertensi"],
                                      "blood": ["darah"], "take care of": ["merawat"]})
    featurizer = Featurizer("en", "source", dictionary)
    words = ["thank", "you", "very", "much", "for", "your", "high", "blood", "pressure", "take", "care", "of",
             "blood", "pressure", "thank", "you"]

    def every_length(seen: set[str]) -> list[TokenKeys]:
        lengths = dictionary.phrase_lengths()
        out = []
        for start, word in enumerate(words):
            for size in range(min(lengths.get(word, 0), len(words) - start), 1, -1):
                phrase = " ".join(words[start:start + size])
                if phrase in dictionary.headwords and phrase not in seen:
                    keys = featurizer.token_keys(phrase, "phrase")
                    if keys:
                        seen.add(phrase)
                        out.append(TokenKeys(phrase, keys))
                        break
        return out

    found = featurizer._phrase_tokens(words, set())
    assert [t.text for t in found] == ["thank you very much", "high blood pressure", "blood pressure",
                                       "take care of", "thank you"]
    assert found == every_length(set())


def test_bases_come_longest_first_then_alphabetically() -> None:
    """_bases sorts by text and then, stably, by length: the order (-len, text) the key function gave."""
    from termalign.lang.indonesian import base_forms

    for word in ("mempersembahkannya", "pemrograman", "sel-selnya", "menyanyikan", "berkeliling", "tumbuh-tumbuhan",
                 "buku"):
        bases = base_forms(word)
        assert bases[0] == word
        assert bases[1:] == sorted(bases[1:], key=lambda b: (-len(b), b))
    assert len(base_forms("mempersembahkannya")) > 5 and base_forms("buku") == ["buku"]
