"""Term-list writers: JSON (public contract), OmegaT TSV, CSV, PO glossary (read back by the glossary loader), TBX."""

from __future__ import annotations

import csv
import io
import json

import polib
import pytest

from termalign.errors import InputError
from termalign.formats import termlist
from termalign.model import TermOccurrence, TermPair

PAIRS = [
    TermPair("macrophages", "makrofag", "macrophage", "makrofag", 0.98765, 2, (1, 4),
             (("cognate", 1.0), ("position", 0.9)),
             (TermOccurrence(1, "macrophages", "makrofag"), TermOccurrence(4, "Macrophages", "makrofag"))),
    TermPair("white blood cells", "sel-sel darah putih", "white blood cell", "sel darah putih", 0.7, 1, (3,),
             (("dictionary", 0.9),), (TermOccurrence(3, "white blood cells", "sel-sel darah putih"),)),
    TermPair("tuberculosis", "TBC", "tuberculosis", "tbc", 0.6, 1, (5,), ()),
    TermPair("tuberculosis", "tuberkulosis", "tuberculosis", "tuberkulosis", 0.55, 2, (6, 7), ()),
]


def test_json_contract() -> None:
    doc = json.loads(termlist.to_json(PAIRS, inputs=["a.en.txt", "a.id.txt"], settings={"min_score": 0.5}))
    assert doc["schema_version"] == 1 and doc["source_lang"] == "en" and doc["target_lang"] == "id"
    assert doc["inputs"] == ["a.en.txt", "a.id.txt"] and doc["settings"] == {"min_score": 0.5}
    first = doc["pairs"][0]
    assert set(first) == {"source", "target", "source_base", "target_base", "score", "count", "beads",
                          "evidence", "occurrences", "findings", "examples"}
    assert first["score"] == 0.9877 and first["count"] == 2 and first["beads"] == [1, 4]
    assert first["evidence"] == {"cognate": 1.0, "position": 0.9}
    assert first["occurrences"][1] == {"bead": 4, "source": "Macrophages", "target": "makrofag"}
    assert termlist.to_json(PAIRS) == termlist.to_json(PAIRS)  # deterministic


def test_omegat_tsv_is_three_columns_without_header_and_uses_dictionary_forms() -> None:
    lines = termlist.to_tsv(PAIRS).splitlines()
    assert len(lines) == 4 and all(len(line.split("\t")) == 3 for line in lines)
    assert lines[0].startswith("macrophage\tmakrofag\tscore 0.99; seen 2× in beads 2,5; as written: macrophages")
    assert lines[1].split("\t")[:2] == ["white blood cell", "sel darah putih"]
    assert lines[2].split("\t")[:2] == ["tuberculosis", "TBC"]  # inner capitals kept


def test_tsv_comment_lists_bead_numbers_one_based_and_cut_after_five() -> None:
    many = TermPair("lymph node", "kelenjar getah bening", "lymph node", "kelenjar getah bening", 0.9, 7,
                    (0, 2, 4, 6, 8, 10, 12), ())
    lines = termlist.to_tsv([PAIRS[2], many]).splitlines()
    assert lines[0].split("\t")[2] == "score 0.60; seen 1× in bead 6"
    assert lines[1].split("\t")[2] == "score 0.90; seen 7× in beads 1,3,5,7,9…"


def test_csv_has_header_and_all_pairs() -> None:
    rows = list(csv.reader(io.StringIO(termlist.to_csv(PAIRS))))
    assert tuple(rows[0]) == termlist.CSV_COLUMNS and len(rows) == 5
    assert rows[1][:6] == ["macrophages", "makrofag", "macrophage", "makrofag", "0.9877", "2"]
    assert rows[1][6] == "1 4" and rows[1][7] == "cognate 1.00; position 0.90"


def test_glossary_groups_targets_of_one_source_as_variants() -> None:
    glossary = termlist.to_glossary(PAIRS, name="draft")
    entries = {e.source: e for e in glossary.entries}
    assert entries["tuberculosis"].target == "TBC" and entries["tuberculosis"].target_variants == ("tuberkulosis",)
    assert "score 0.99" in entries["macrophage"].note


def test_po_glossary_is_valid_and_reads_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = termlist.to_po(PAIRS, name="draft")
    catalog = polib.pofile(text)
    assert [(e.msgid, e.msgstr) for e in catalog][:2] == [
        ("macrophage", "makrofag"),
        ("white blood cell", "sel darah putih"),
    ]
    from termalign.glossary import load_glossary

    path = tmp_path / "draft.po"
    path.write_text(text, encoding="utf-8")
    glossary = load_glossary(path)
    assert {e.source: e.target for e in glossary.entries}["white blood cell"] == "sel darah putih"


def test_tbx_contains_every_entry_and_refuses_an_empty_list() -> None:
    text = termlist.to_tbx(PAIRS, name="draft")
    assert "<term>macrophage</term>" in text and "<term>sel darah putih</term>" in text
    with pytest.raises(InputError):
        termlist.to_tbx([])


def test_render_dispatch() -> None:
    assert termlist.render(PAIRS, "tsv") == termlist.to_tsv(PAIRS)
    with pytest.raises(ValueError):
        termlist.render(PAIRS, "xlsx")
