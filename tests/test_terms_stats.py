"""Term extraction as map → merge → score: the same pairs, byte for byte, whatever the partitioning of the corpus.

The corpus is our own texts (tests/data/terms, and a few lines written here) cut into documents; each trial puts
the documents into a seeded random number of partitions at random and compares the JSON output with the pooled
run's. The corpus exercises every statistic that needs the whole corpus: termhood, the Indonesian lexicon, word
association, the second termhood pass, a glossary variant whose accepted form is only in another document (the
run-wide state of ``inconsistent-term``), and bead numbers running on across documents.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import termalign.terms.stats as stats
from termalign.formats.termlist import render
from termalign.model import Alignment, Bead, Glossary, GlossaryEntry, Segment, TermPair
from termalign.terms.stats import pair_terms

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


# -- the batch commands: --save-stats per shard, --from-stats to merge ------------------------------------------


def _folder(tmp_path: Path) -> Path:
    from termalign.formats.json_ import to_json

    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, alignment in enumerate(corpus()):
        (folder / f"doc{n:02}.json").write_text(to_json(alignment), "utf-8")
    return folder


@dataclass
class Ran:
    exit_code: int
    output: str


def _terms(*args: str) -> Ran:
    """``termalign terms ARGS`` through the real entry point (exit status, standard output and error)."""
    from click.testing import CliRunner

    from termalign.cli import main

    runner = CliRunner()
    with runner.isolation() as streams:
        try:
            main(["terms", *args])
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
        return Ran(status, streams[0].getvalue().decode("utf-8") + streams[1].getvalue().decode("utf-8"))


def _rounds(folder: Path, out: Path, shards: int, *options: str) -> Path:
    """The batch loop of docs/scale.md: every round's shards, then the merge; the pairs at the end."""
    model: list[str] = []
    for step in range(1, 6):
        parts = []
        for i in range(1, shards + 1):
            part = out / f"r{step}-{i}.stats.gz"
            got = _terms("--aligned", str(folder), "--shard", f"{i}/{shards}", *model, "--save-stats", str(part),
                         *options)
            assert got.exit_code == 0, got.output
            parts.append(str(part))
        if step < 5:
            target = out / f"model{step}.stats.gz"
            got = _terms("--from-stats", *parts, *model, "--save-stats", str(target), *options)
            assert got.exit_code == 0, got.output
            model = ["--stats-model", str(target)]
        else:
            result = out / "terms.json"
            got = _terms("--from-stats", *parts, *model, "-o", str(result), *options)
            assert got.exit_code == 0, got.output
    return result


@pytest.mark.parametrize("shards", [2, 3])
def test_batch_rounds_give_the_single_run_bytes(tmp_path: Path, shards: int) -> None:
    folder = _folder(tmp_path)
    single = tmp_path / "single.json"
    options = ("--min-score", "0.4")
    assert _terms("--aligned", str(folder), "-o", str(single), *options).exit_code == 0
    assert _rounds(folder, tmp_path, shards, *options).read_bytes() == single.read_bytes()


@pytest.fixture()
def first_round(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = _folder(tmp_path)
    parts = []
    for i in (1, 2):
        part = tmp_path / f"r1-{i}.gz"
        assert _terms("--aligned", str(folder), "--shard", f"{i}/2", "--save-stats", str(part)).exit_code == 0
        parts.append(str(part))
    return folder, parts


def test_bad_mismatched_and_missing_statistics_exit_2_naming_the_file(
    tmp_path: Path, first_round: tuple[Path, list[str]],
) -> None:
    import gzip
    import json

    _, parts = first_round
    model = str(tmp_path / "m.gz")
    junk = tmp_path / "junk.gz"
    junk.write_bytes(b"not gzip at all")
    got = _terms("--from-stats", parts[0], str(junk), "--save-stats", model)
    assert got.exit_code == 2 and "junk.gz" in got.output and "not a termalign term statistics file" in got.output
    future = tmp_path / "future.gz"
    doc = json.loads(gzip.decompress(Path(parts[1]).read_bytes()))
    doc["version"] = 99
    future.write_bytes(gzip.compress(json.dumps(doc).encode()))
    got = _terms("--from-stats", parts[0], str(future), "--save-stats", model)
    assert got.exit_code == 2 and "future.gz" in got.output and "version 99" in got.output
    got = _terms("--from-stats", *parts, "--save-stats", model, "--min-score", "0.7")
    assert got.exit_code == 2 and "other options" in got.output
    got = _terms("--from-stats", parts[0], "--save-stats", model)
    assert got.exit_code == 2 and "shard 2 of 2" in got.output
    got = _terms("--from-stats", parts[0], parts[0], "--save-stats", model)
    assert got.exit_code == 2 and "twice" in got.output
    # well-formed JSON of the right header, but a payload or shard that is not what the header says
    for damage in ({"payload": [1, 2, 3]}, {"shard": "1/2"}, {"shard": [3, 2]}):
        odd = tmp_path / "odd.gz"
        odd.write_bytes(gzip.compress(json.dumps({**json.loads(gzip.decompress(Path(parts[1]).read_bytes())),
                                                  **damage}).encode()))
        got = _terms("--from-stats", parts[0], str(odd), "--save-stats", model)
        assert got.exit_code == 2 and "odd.gz" in got.output, (damage, got.output)
    assert not Path(model).exists()  # nothing written on an error


def test_statistics_files_are_never_overwritten_without_force(
    tmp_path: Path, first_round: tuple[Path, list[str]],
) -> None:
    folder, parts = first_round
    before = Path(parts[0]).read_bytes()
    got = _terms("--aligned", str(folder), "--shard", "1/2", "--save-stats", parts[0])
    assert got.exit_code == 2 and Path(parts[0]).read_bytes() == before
    got = _terms("--aligned", str(folder), "--shard", "1/2", "--save-stats", parts[0], "--force")
    assert got.exit_code == 0 and Path(parts[0]).read_bytes() == before  # same statistics, same bytes
    got = _terms("--from-stats", *parts, "--save-stats", parts[1], "--force")
    assert got.exit_code == 2 and "input" in got.output  # never over an input, even with --force
    got = _terms("--from-stats", *parts)
    assert got.exit_code == 2 and "--save-stats" in got.output


# -- a real Dask cluster ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A 2-worker LocalCluster for the module (skipped only where the dask extra is not installed)."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install "
                                      "'termalign[dask]')")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as local:
        yield local.scheduler_address


@pytest.mark.slow
def test_terms_on_dask_give_the_single_process_bytes(tmp_path: Path, cluster: str) -> None:
    folder = _folder(tmp_path)
    alone, spread = tmp_path / "alone.json", tmp_path / "spread.json"
    assert _terms("--aligned", str(folder), "-o", str(alone)).exit_code == 0
    got = _terms("--aligned", str(folder), "-o", str(spread), "--scheduler", cluster)
    assert got.exit_code == 0, got.output
    assert spread.read_bytes() == alone.read_bytes()


@pytest.mark.slow
def test_dask_partitions_of_one_document_each(
    pooled: tuple[list[Alignment], list[TermPair], set[str]], cluster: str,
) -> None:
    from termalign.distributed import get_scheduler

    docs, pairs, _ = pooled
    with get_scheduler(cluster) as scheduler:
        got = pair_terms(docs, partitions=[[n] for n in reversed(range(len(docs)))], scheduler=scheduler, **OPTIONS)
    assert as_json(got) == as_json(pairs)


def test_large_inputs_are_read_a_partition_at_a_time_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path)
    kept, streamed = tmp_path / "kept.json", tmp_path / "streamed.json"
    assert _terms("--aligned", str(folder), "-o", str(kept)).exit_code == 0
    monkeypatch.setattr(stats, "KEEP_BYTES", 0)  # as if the corpus were large: files read again in each round
    monkeypatch.setattr(stats, "PARTITION_BYTES", 1500)
    assert _terms("--aligned", str(folder), "-o", str(streamed)).exit_code == 0
    assert streamed.read_bytes() == kept.read_bytes()
    (folder / "bad1.json").write_text("{not json", "utf-8")
    (folder / "bad2.tmx").write_text("<tmx", "utf-8")
    got = _terms("--aligned", str(folder), "-o", str(tmp_path / "never.json"))
    assert got.exit_code == 2 and "bad1.json" in got.output and "bad2.tmx" in got.output
    assert "2 of 12 aligned inputs could not be read" in got.output and not (tmp_path / "never.json").exists()
