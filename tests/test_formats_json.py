"""termalign JSON: the documented schema, deterministic bytes, lossless round trip and clear errors on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termalign import __version__
from termalign.errors import InputError
from termalign.formats import SCHEMA_VERSION, from_json, read_aligned, to_dict, to_json
from termalign.model import Alignment, Anchor, Bead, Segment

SOURCE = [
    "Kidney stones: causes and treatment",
    "Kidney stones are hard deposits of minerals.",
    "Most stones consist of calcium oxalate.",
    "Doctors call the condition nephrolithiasis.",
    "Share this article",
]
TARGET = [
    "Batu ginjal: penyebab dan pengobatan",
    "Batu ginjal adalah endapan mineral yang keras.",
    "Sebagian besar batu terdiri atas kalsium oksalat. Dokter menyebut kondisi ini nefrolitiasis.",
    "Apakah artikel ini membantu?",
]


def _segments(texts: list[str], lines: list[int], paragraphs: list[int]) -> tuple[Segment, ...]:
    out = []
    offset = 0
    for i, (text, line, para) in enumerate(zip(texts, lines, paragraphs, strict=True)):
        out.append(Segment(text=text, index=i, paragraph=para, start=offset, end=offset + len(text), line=line))
        offset += len(text) + 2
    return tuple(out)


def make_alignment() -> Alignment:
    source = _segments(SOURCE, [1, 3, 3, 4, 6], [0, 1, 1, 1, 2])
    target = _segments(TARGET, [1, 3, 4, 8], [0, 1, 1, 2])
    beads = (
        Bead((0,), (0,), 0.9512, (Anchor("cognate", "causes", "penyebab", 0.25),), 0.8),
        Bead((1,), (1,), 0.88, (Anchor("dictionary", "stones", "batu", 0.5), Anchor("cognate", "minerals",
                                                                                    "mineral", 0.7))),
        Bead((2, 3), (2,), 0.41, (Anchor("cognate", "calcium", "kalsium", 1.0),), 0.3),
        Bead((4,), (), 0.0),
        Bead((), (3,), 0.0),
    )
    return Alignment(source, target, beads, "en", "id", "doc.en.txt", "doc.id.txt",
                     {"dictionary_entries_used": 12.0, "length_ratio": 1.1234567})


def test_top_level_keys_and_order_are_the_documented_contract() -> None:
    data = json.loads(to_json(make_alignment()))
    assert list(data) == ["schema_version", "termalign_version", "source_lang", "target_lang", "source_file",
                          "target_file", "is_parallel", "parallel_score", "stats", "beads"]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["termalign_version"] == __version__
    assert (data["source_lang"], data["target_lang"]) == ("en", "id")
    assert (data["source_file"], data["target_file"]) == ("doc.en.txt", "doc.id.txt")


def test_bead_objects_carry_text_indices_score_and_positions() -> None:
    beads = json.loads(to_json(make_alignment()))["beads"]
    assert list(beads[0]) == ["source", "target", "source_text", "target_text", "source_index", "target_index",
                              "score", "kind", "length_score", "evidence", "source_offsets", "target_offsets",
                              "source_span", "target_span", "source_lines", "target_lines",
                              "source_paragraphs", "target_paragraphs"]
    merged = beads[2]
    assert merged["source"] == SOURCE[2:4]
    assert merged["target"] == [TARGET[2]]
    assert (merged["source_index"], merged["target_index"]) == ([2, 3], [2])
    assert merged["kind"] == "2-1" and merged["score"] == 0.41
    assert merged["source_lines"] == [3, 4] and merged["source_paragraphs"] == [1, 1]
    assert merged["evidence"] == [{"kind": "cognate", "source": "calcium", "target": "kalsium", "weight": 1.0}]
    start = sum(len(t) + 2 for t in SOURCE[:2])
    assert merged["source_offsets"][0] == [start, start + len(SOURCE[2])]
    assert merged["source_span"] == [start, merged["source_offsets"][1][1]]
    assert merged["source_text"] == " ".join(SOURCE[2:4])
    assert beads[3]["kind"] == "1-0" and beads[3]["target"] == [] and beads[3]["target_index"] == []
    assert beads[4]["kind"] == "0-1" and beads[4]["source"] == []


def test_stats_count_beads_by_kind_and_keep_aligner_stats() -> None:
    stats = json.loads(to_json(make_alignment()))["stats"]
    assert stats["source_segments"] == 5 and stats["target_segments"] == 4
    assert stats["beads"] == 5 and stats["linked_beads"] == 3
    assert stats["beads_by_kind"] == {"1-1": 2, "2-1": 1, "1-0": 1, "0-1": 1}
    assert list(stats["beads_by_kind"]) == ["1-1", "2-1", "1-0", "0-1"]
    assert stats["mean_score"] == round((0.9512 + 0.88 + 0.41) / 3, 4)
    assert (stats["unlinked_source"], stats["unlinked_target"]) == (1, 1)
    assert stats["aligner"] == {"dictionary_entries_used": 12.0, "length_ratio": 1.1235}


def test_output_is_deterministic_utf8_indented_with_final_newline() -> None:
    alignment = make_alignment()
    text = to_json(alignment)
    assert text == to_json(make_alignment())
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "beads": [\n    {\n      "source": ["Kidney stones: causes and treatment"],' in text
    special = Alignment((Segment("Café “naïve” – 2,5 mg", 0),), (Segment("Kafe “naif” – 2,5 mg", 0),),
                        (Bead((0,), (0,), 1.0),))
    out = to_json(special)
    assert "Café “naïve” – 2,5 mg" in out and "\\u" not in out


def test_round_trip_gives_the_same_alignment() -> None:
    alignment = make_alignment()
    again = from_json(to_json(alignment))
    assert again == alignment
    assert again.source == alignment.source and again.target == alignment.target
    assert again.beads[0].evidence == alignment.beads[0].evidence
    assert again.stats["dictionary_entries_used"] == 12.0
    assert to_json(again) == to_json(alignment)


def test_source_and_target_file_can_be_overridden() -> None:
    data = to_dict(make_alignment(), source_file="a.txt", target_file="b.txt")
    assert (data["source_file"], data["target_file"]) == ("a.txt", "b.txt")


def test_read_aligned_guesses_json_by_extension_and_content(tmp_path: Path) -> None:
    text = to_json(make_alignment())
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    (tmp_path / "a.out").write_text(text, encoding="utf-8")
    assert read_aligned(tmp_path / "a.json") == make_alignment()
    assert read_aligned(tmp_path / "a.out") == make_alignment()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{\n  \"beads\": [\n}", "not valid JSON"),
        ("[]", "no 'beads' list"),
        ('{"schema_version": 99, "beads": []}', "newer than this termalign"),
        ('{"beads": [{"source": ["a"], "target": [], "source_index": [0], "target_index": []},'
         ' {"source": ["b"], "target": [], "source_index": [0], "target_index": []}]}', "appears in two beads"),
        ('{"beads": [{"source": ["a"], "target": [], "source_index": [1], "target_index": []}]}',
         "indices are not 0..0"),
        ('{"beads": [{"source": ["a"], "target": []}]}', "source_index is missing"),
        ('{"beads": [{"source": "a", "target": []}]}', "must be a list of strings"),
        ('{"beads": [{"source": [], "target": [], "score": "high"}]}', "must be numbers"),
    ],
)
def test_bad_json_raises_input_error_naming_the_problem(text: str, expected: str) -> None:
    with pytest.raises(InputError) as err:
        from_json(text, name="bad.json")
    assert expected in str(err.value)
    assert str(err.value).startswith("bad.json")


def test_json_syntax_error_names_the_line() -> None:
    with pytest.raises(InputError) as err:
        from_json('{\n  "beads": [\n    oops\n  ]\n}', name="bad.json")
    assert err.value.line == 3


def test_duplicate_index_error_names_the_bead() -> None:
    text = ('{"beads": [{"source": ["a"], "target": [], "source_index": [0], "target_index": []},'
            ' {"source": ["b"], "target": [], "source_index": [0], "target_index": []}]}')
    with pytest.raises(InputError) as err:
        from_json(text, name="bad.json")
    assert err.value.entry == "beads[1]"


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(_text, max_size=2), st.lists(_text, max_size=2),
                          st.floats(0, 1, allow_nan=False)), max_size=6))
def test_any_alignment_round_trips(groups: list[tuple[list[str], list[str], float]]) -> None:
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    for src, tgt, score in groups:
        if not src and not tgt:
            continue
        s_idx = tuple(range(len(source), len(source) + len(src)))
        t_idx = tuple(range(len(target), len(target) + len(tgt)))
        source.extend(Segment(t, i, line=i + 1) for i, t in zip(s_idx, src, strict=True))
        target.extend(Segment(t, i, line=i + 1) for i, t in zip(t_idx, tgt, strict=True))
        beads.append(Bead(s_idx, t_idx, round(score, 4)))
    alignment = Alignment(tuple(source), tuple(target), tuple(beads))
    assert from_json(to_json(alignment)) == alignment


def test_write_alignment_picks_the_format_from_the_extension_and_refuses_to_overwrite(tmp_path: Path) -> None:
    from termalign.formats import write_alignment

    path = tmp_path / "a.json"
    assert write_alignment(path, make_alignment()) is None
    assert from_json(path.read_text(encoding="utf-8")) == make_alignment()
    with pytest.raises(InputError, match="refusing to overwrite"):
        write_alignment(path, make_alignment())
    write_alignment(path, make_alignment(), overwrite=True)
    with pytest.raises(ValueError, match="cannot tell the output format"):
        write_alignment(tmp_path / "a.txt", make_alignment())
    with pytest.raises(ValueError, match="PO catalogs only"):
        write_alignment(path, make_alignment(), update=True)


def test_json_in_pieces_joins_to_the_whole_text():
    """``iter_json`` (used to stream large reports) gives exactly ``to_json``'s bytes, with and without beads."""
    from dataclasses import replace

    from termalign import align
    from termalign.formats.json_ import dumps, iter_json, to_dict, to_json

    examples = Path(__file__).resolve().parent.parent / "examples"
    whole = align((examples / "kidney-stones.en.txt").read_text("utf-8"),
                  (examples / "kidney-stones.id.txt").read_text("utf-8"))
    for alignment in (whole, replace(whole, beads=whole.beads[:1]), replace(whole, beads=[])):
        pieces = list(iter_json(alignment, source_file="a.txt"))
        assert "".join(pieces) == to_json(alignment, source_file="a.txt") == dumps(
            to_dict(alignment, source_file="a.txt")) + "\n"
        assert len(pieces) == (len(alignment.beads) + 3 if alignment.beads else 2)  # one piece a bead
    assert json.loads(to_json(replace(whole, beads=[])))["beads"] == []
