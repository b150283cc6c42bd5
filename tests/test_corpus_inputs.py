"""Many inputs (issue 16 items 1 and 3): folders walked in a fixed order with --include/--exclude, a bad file
reported while the others are checked, --format jsonl streams, and --shard I/N slices whose outputs concatenate
to the unsharded run (check, align --batch), the same findings single-process and with -j 2. Own texts only."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from conftest import run_cli as run

from termalign.errors import InputError
from termalign.formats.inputs_walk import expand_inputs, parse_shard, shard_slice, walk_folder

DATA = Path(__file__).resolve().parent / "data"
GLOSSARY = str(DATA / "checks" / "glossary.tsv")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def po(path: Path, *pairs: tuple[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in pairs), encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of catalogs with one finding or more each (garbled and untranslated terms), nested."""
    root = tmp_path / "locales"
    po(root / "b" / "scan.po", ("The phlebolith is visible", "Flebolith terlihat jelas"),
       ("Scan the tissue", "Pindai jaringan"))
    po(root / "a.po", ("Calcium level", "Tingkat kalsum"))
    po(root / "b" / "deep" / "z.po", ("Remove the phlebolith", "Angkat phlebolith itu"))
    po(root / "c" / "y.po", ("Calcified tissue", "Jaringan terkalsifkasi"), ("Calcium", "Kalsum"))
    po(root / "template.pot", ("Calcium", ""))
    (root / ".git").mkdir()
    po(root / ".git" / "hidden.po", ("Calcium", "Kalsum"))
    (root / "notes.txt").write_text("not read from a folder\n")
    return root


# ---------------------------------------------------------------------------------------------- walking


def test_folders_are_walked_sorted_recursively_without_hidden_folders(tree: Path) -> None:
    found = [Path(p).relative_to(tree).as_posix() for p in walk_folder(str(tree))]
    assert found == ["a.po", "b/deep/z.po", "b/scan.po", "c/y.po", "template.pot"]


def test_include_exclude_and_argument_order(tree: Path) -> None:
    rel = lambda paths: [Path(p).relative_to(tree).as_posix() for p in paths]  # noqa: E731
    assert rel(expand_inputs([str(tree)], exclude=["*.pot"])) == ["a.po", "b/deep/z.po", "b/scan.po", "c/y.po"]
    assert rel(expand_inputs([str(tree)], include=["b/*"])) == ["b/deep/z.po", "b/scan.po"]
    assert rel(expand_inputs([str(tree)], include=["scan.po"])) == ["b/scan.po"]  # a name matches at any depth
    # arguments keep their order; a file reached twice is read once; a named file ignores the globs
    named = str(tree / "c" / "y.po")
    assert rel(expand_inputs([named, str(tree / "c")])) == ["c/y.po"]
    assert rel(expand_inputs([str(tree / "template.pot"), str(tree / "c")], exclude=["*.pot"])) == [
        "template.pot", "c/y.po"]


def test_a_folder_with_nothing_to_read_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no file to read"):
        expand_inputs([str(tmp_path / "empty")])


def test_shard_slices_partition_in_order_whatever_the_weights() -> None:
    rng = random.Random(16)
    for _ in range(300):
        items = list(range(rng.randint(0, 40)))
        weights = {i: rng.choice([0, 1, 5, 1000]) for i in items}
        count = rng.randint(1, 9)
        slices = [shard_slice(items, k, count, weight=weights.__getitem__) for k in range(1, count + 1)]
        assert [i for s in slices for i in s] == items
    sizes = [len(shard_slice(list(range(100)), k, 4)) for k in range(1, 5)]
    assert sizes == [25, 25, 25, 25]
    heavy = shard_slice(list(range(10)), 1, 2, weight=lambda i: 100 if i == 0 else 1)
    assert heavy == [0]  # the slices hold about equal amounts of data, not of items


@pytest.mark.parametrize("value", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_bad_shard_values(value: str) -> None:
    with pytest.raises(ValueError):
        parse_shard(value)
    assert parse_shard("2/3") == (2, 3)


# ---------------------------------------------------------------------------------------------- check


def test_check_a_folder_reports_per_file(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    status, out, err = run(capsys, "check", "-g", GLOSSARY, str(tree), "--format", "jsonl")
    assert status == 1
    files = [Path(json.loads(line)["location"]["file"]).relative_to(tree).as_posix() for line in out.splitlines()]
    assert files == sorted(files, key=["a.po", "b/deep/z.po", "b/scan.po", "c/y.po"].index)
    assert set(files) == {"a.po", "b/deep/z.po", "b/scan.po", "c/y.po"}  # the empty template is no error
    assert "termalign: error" not in err


def test_a_bad_file_is_reported_and_the_others_checked(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    bad = tree / "b" / "broken.po"
    bad.write_text(HEADER + 'msgid "Calcium"\nmsgstr "Kalsum\n', encoding="utf-8")
    status, out, err = run(capsys, "check", "-g", GLOSSARY, str(tree), "--format", "jsonl")
    assert status == 2
    assert f"termalign: error: {bad}:6:" in err and "1 of 6 inputs could not be read" in err
    assert {Path(json.loads(line)["location"]["file"]).name for line in out.splitlines()} == {
        "a.po", "z.po", "scan.po", "y.po"}
    report = tree.parent / "report.jsonl"
    status, _, err = run(capsys, "check", "-g", GLOSSARY, str(tree), "-o", str(report))
    assert status == 2 and not report.exists() and "was not written" in err  # nothing written half-way


def test_a_named_empty_file_among_several_is_still_an_error(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    status, _, err = run(capsys, "check", "-g", GLOSSARY, str(tree / "a.po"), str(tree / "template.pot"))
    assert status == 2 and "nothing to check" in err
    assert run(capsys, "check", "-g", GLOSSARY, str(tree), "--include", "*.pot")[0] == 0


def test_check_jsonl_shards_and_jobs_give_the_same_output(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    base = ["check", "-g", GLOSSARY, str(tree), "--format", "jsonl", "--fail-on", "never"]
    _, whole, _ = run(capsys, *base)
    assert len(whole.splitlines()) >= 5
    for line in whole.splitlines():
        assert json.loads(line)["fingerprint"]
    _, jobs, _ = run(capsys, *base, "-j", "2")
    assert jobs == whole
    for count in (2, 3, 7):
        parts = [run(capsys, *base, "--shard", f"{k}/{count}")[1] for k in range(1, count + 1)]
        assert "".join(parts) == whole


def test_check_shards_hold_the_same_findings_with_run_wide_checks_per_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # "suntikan" and its accepted variant "injeksi" in one file: inconsistent-term, reported at the end of a run.
    root = tmp_path / "mixed"
    for k in range(4):
        po(root / f"f{k}.po", ("Give the injection", "Berikan suntikan"), ("One injection", "Satu injeksi"),
           ("Calcium level", "Tingkat kalsum"))
    base = ["check", "-g", GLOSSARY, str(root), "--format", "jsonl", "--consistency", "file"]
    _, whole, _ = run(capsys, *base)
    assert any(json.loads(line)["code"] == "inconsistent-term" for line in whole.splitlines())
    parts = "".join(run(capsys, *base, "--shard", f"{k}/2")[1] for k in (1, 2))
    assert sorted(parts.splitlines()) == sorted(whole.splitlines())


# ---------------------------------------------------------------------------------------------- align --batch


def _pairs_jsonl(path: Path) -> Path:
    texts = [(EXAMPLES / f"{name}.en.txt").read_text(encoding="utf-8") for name in ("kidney-stones", "phleboliths")]
    trans = [(EXAMPLES / f"{name}.id.txt").read_text(encoding="utf-8") for name in ("kidney-stones", "phleboliths")]
    with path.open("w", encoding="utf-8") as handle:
        for k in range(5):
            handle.write(json.dumps({"id": f"doc-{k}", "source": texts[k % 2], "target": trans[k % 2]}) + "\n")
    return path


def test_batch_jsonl_stream_and_shards_concatenate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = _pairs_jsonl(tmp_path / "pairs.jsonl")
    status, whole, err = run(capsys, "align", "--batch", str(listing), "--format", "jsonl")
    assert status == 0 and "batch: 5 of 5 pairs aligned, 0 failed" in err
    records = [json.loads(line) for line in whole.splitlines()]
    assert [r["id"] for r in records if r["bead"] == 1] == [f"doc-{k}" for k in range(5)]
    parts = [run(capsys, "align", "--batch", str(listing), "--format", "jsonl", "--shard", f"{k}/3")[1]
             for k in (1, 2, 3)]
    assert all(parts) and "".join(parts) == whole
    out = tmp_path / "all.jsonl"
    assert run(capsys, "align", "--batch", str(listing), "--format", "jsonl", "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8") == whole


def test_batch_jsonl_into_an_output_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = _pairs_jsonl(tmp_path / "pairs.jsonl")
    status, out, _ = run(capsys, "align", "--batch", str(listing), "--output-dir", str(tmp_path / "out"),
                         "--format", "xliff")
    assert status == 0 and sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"doc-{k}.xlf" for k in range(5)]
    assert "batch: 5 of 5 pairs aligned" in out


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "source": "x"}', '"source" and "target"'),
    ('{"source": "x", "target": "y"}', '"id"'),
    ("[1, 2]", "must be an object"),
    ("{oops", "not a JSON record"),
    ('{"id": "doc-0", "source": "x", "target": "y"}', "also the id of the record on line 1"),
])
def test_bad_jsonl_batch_records_name_their_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str,
                                                 message: str) -> None:
    listing = _pairs_jsonl(tmp_path / "pairs.jsonl")
    listing.write_text(listing.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    status, out, err = run(capsys, "align", "--batch", str(listing), "--format", "jsonl")
    assert status == 2 and "pairs.jsonl:6: " in err and message in err and out == ""


def test_batch_keeps_going_past_a_bad_pair(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = _pairs_jsonl(tmp_path / "pairs.jsonl")
    listing.write_text(listing.read_text(encoding="utf-8") + json.dumps(
        {"id": "empty", "source": "", "target": "Teks."}) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "align", "--batch", str(listing), "--format", "jsonl")
    assert status == 2 and "pairs.jsonl:6: empty: the source text is empty" in err
    assert {json.loads(line)["id"] for line in out.splitlines()} == {f"doc-{k}" for k in range(5)}


def test_shard_needs_batch(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "align", "a.txt", "b.txt", "--shard", "1/2")
    assert status == 2 and "--shard splits a --batch run" in err


# ---------------------------------------------------------------------------------------------- terms


def test_terms_aligned_folder_pools_the_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "aligned"
    folder.mkdir()
    for name in ("kidney-stones", "phleboliths"):
        assert run(capsys, "align", str(EXAMPLES / f"{name}.en.txt"), str(EXAMPLES / f"{name}.id.txt"),
                   "-o", str(folder / f"{name}.json"))[0] == 0
    _, pooled, _ = run(capsys, "terms", "--aligned", str(folder), "--format", "jsonl")
    sources = {json.loads(line)["source"] for line in pooled.splitlines()}
    # Pooled evidence is not the union of per-file drafts (scores and termhood change with the corpus), but
    # the pool holds terms that only one file or only the other file contains.
    alone = {}
    for name in ("kidney-stones", "phleboliths"):
        _, one, _ = run(capsys, "terms", "--aligned", str(folder / f"{name}.json"), "--format", "jsonl")
        alone[name] = {json.loads(line)["source"] for line in one.splitlines()}
    only_kidney = alone["kidney-stones"] - alone["phleboliths"]
    only_phlebo = alone["phleboliths"] - alone["kidney-stones"]
    assert sources & only_kidney and sources & only_phlebo
    assert sources != alone["kidney-stones"] and sources != alone["phleboliths"]
    (folder / "bad.tmx").write_text("<tmx>", encoding="utf-8")
    status, _, err = run(capsys, "terms", "--aligned", str(folder), "-o", str(tmp_path / "t.tsv"))
    assert status == 2 and "bad.tmx" in err and not (tmp_path / "t.tsv").exists()


def test_terms_reads_an_align_stream_like_the_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = _pairs_jsonl(tmp_path / "pairs.jsonl")
    stream = tmp_path / "beads.jsonl"
    assert run(capsys, "align", "--batch", str(listing), "--format", "jsonl", "-o", str(stream))[0] == 0
    folder = tmp_path / "json"
    assert run(capsys, "align", "--batch", str(listing), "--output-dir", str(folder), "--format", "json")[0] == 0
    _, from_stream, _ = run(capsys, "terms", "--aligned", str(stream), "--format", "jsonl")
    _, from_files, _ = run(capsys, "terms", "--aligned", str(folder), "--format", "jsonl")
    assert from_stream == from_files != ""
    stream.write_text('{"id": "x", "bead": 1, "source": ["A"], "target": "B", "score": 1}\n', encoding="utf-8")
    status, _, err = run(capsys, "terms", "--aligned", str(stream))
    assert status == 2 and f"{stream}:1: " in err and '"target": a list of sentences' in err


def test_batch_folder_pairs_names_by_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    for name, where in (("kidney-stones", docs), ("phleboliths", docs / "sub")):
        for lang in ("en", "id"):
            (where / f"{name}.{lang}.txt").write_bytes((EXAMPLES / f"{name}.{lang}.txt").read_bytes())
    (docs / "sub" / "orphan.en.txt").write_bytes((EXAMPLES / "phleboliths.en.txt").read_bytes())
    out = tmp_path / "out"
    status, stdout, err = run(capsys, "align", "--batch", str(docs), "--output-dir", str(out))
    assert status == 2 and "batch: 2 of 3 pairs aligned, 1 failed" in stdout
    assert f"termalign: error: {docs / 'sub' / 'orphan.id.txt'}: no such file" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "kidney-stones.json", "sub/phleboliths.json"]
    base = ["align", "--batch", str(docs), "--format", "jsonl", "--exclude", "orphan*"]
    status, whole, _ = run(capsys, *base)
    assert status == 0 and "".join(run(capsys, *base, "--shard", f"{k}/2")[1] for k in (1, 2)) == whole
    assert json.loads(whole.splitlines()[0])["id"] == str(docs / "kidney-stones.en.txt")


def test_check_reads_a_termalign_json_alignment_in_a_folder(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    en, tr = tmp_path / "x.en.txt", tmp_path / "x.id.txt"
    en.write_text("The phlebolith is visible on the scan.\n\nCalcium levels were normal.\n", encoding="utf-8")
    tr.write_text("Flebolith terlihat pada pindaian.\n\nKadar kalsum normal.\n", encoding="utf-8")
    assert run(capsys, "align", str(en), str(tr), "-o", str(folder / "x.json"), "--no-lang-check")[0] == 0
    status, out, _ = run(capsys, "check", "-g", GLOSSARY, str(folder), "--format", "jsonl")
    found = [json.loads(line) for line in out.splitlines()]
    assert status == 1 and {(f["text"], f["location"]["entry"]) for f in found} >= {
        ("Flebolith", "bead 1"), ("kalsum", "bead 2")}
