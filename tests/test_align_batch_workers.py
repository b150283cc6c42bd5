"""``align --batch`` over worker processes (issue 16): forked workers (``-j N``), pairs sent in chunks, the local
Dask cluster's settings, and the token caches the featurizers of one dictionary share. Own texts only (the
examples folder and sentences written here).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as run

from termalign.aligner import anchors
from termalign.aligner.anchors import Featurizer
from termalign.aligner.lexicon import BilingualDictionary
from termalign.cli.align_cmd import CHUNK_BYTES, BatchPair, _chunks
from termalign.distributed import ForkPool, Scheduler, WorkFailed, can_fork

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
needs_fork = pytest.mark.skipif(not can_fork(), reason="worker processes are forked, which this system cannot do")


def _listing(path: Path, pairs: int, *, empty_at: int | None = None) -> Path:
    """A JSON Lines batch of ``pairs`` short document pairs (sentences written here), one empty when asked."""
    en = ["The nurse cleaned the wound.", "The doctor gave the patient an injection.", "Drink water every day.",
          "The kidney filters the blood.", "Rest for two days after the operation."]
    idn = ["Perawat membersihkan luka itu.", "Dokter memberi pasien itu suntikan.", "Minumlah air setiap hari.",
           "Ginjal menyaring darah.", "Beristirahatlah selama dua hari setelah operasi."]
    with path.open("w", encoding="utf-8") as handle:
        for k in range(pairs):
            picks = [(k + j) % len(en) for j in range(3)]
            source = " ".join(en[p] for p in picks) if k != empty_at else ""
            handle.write(json.dumps({"id": f"doc-{k}", "source": source,
                                     "target": " ".join(idn[p] for p in picks)}) + "\n")
    return path


def _exit_at_two(x: int) -> int:
    if x == 2:
        os._exit(1)  # the worker process vanishes, as under the out-of-memory killer
    return x


# ------------------------------------------------------------------------------------------- forked workers


@needs_fork
def test_fork_pool_keeps_order_errors_per_item_and_shared() -> None:
    import operator

    with ForkPool(2) as pool:
        got = list(pool.imap(int, ["5", "6", "seven", "8", "9"]))
        assert [item for item, _ in got] == ["5", "6", "seven", "8", "9"]
        assert [r for _, r in got if not isinstance(r, BaseException)] == [5, 6, 8, 9]
        assert isinstance(got[2][1], ValueError) and "seven" in str(got[2][1])
        assert [r for _, r in pool.imap(operator.mul, [1, 2, 3], shared=100)] == [100, 200, 300]


@needs_fork
def test_fork_pool_reports_a_dead_worker_with_its_item() -> None:
    with pytest.raises(WorkFailed, match=r"item [0-3]: the worker could not finish it"):
        list(ForkPool(2).imap(_exit_at_two, [0, 1, 2, 3], name=lambda x: f"item {x}"))


@needs_fork
def test_align_batch_on_forked_workers_is_byte_identical(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    listing = _listing(tmp_path / "pairs.jsonl", 9, empty_at=4)
    alone = run(capsys, "align", "--batch", str(listing), "--format", "jsonl")
    spread = run(capsys, "align", "--batch", str(listing), "--format", "jsonl", "-j", "2")
    assert alone[0] == spread[0] == 2  # the empty pair fails, the others are written
    assert spread[1] == alone[1] and len(alone[1].splitlines()) > 20
    assert "pairs.jsonl:5: doc-4: the source text is empty" in spread[2]


@needs_fork
def test_align_batch_into_a_folder_on_forked_workers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = tmp_path / "pairs.tsv"
    listing.write_text("".join(f"{EXAMPLES / n}.en.txt\t{EXAMPLES / n}.id.txt\t{n}.json\n"
                               for n in ("kidney-stones", "phleboliths")), encoding="utf-8")
    assert run(capsys, "align", "--batch", str(listing), "--output-dir", str(tmp_path / "one"))[0] == 0
    assert run(capsys, "align", "--batch", str(listing), "--output-dir", str(tmp_path / "two"), "-j", "2")[0] == 0
    for name in ("kidney-stones.json", "phleboliths.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@pytest.mark.parametrize("args", [["a.txt", "b.txt", "-j", "2"],
                                  ["--batch", "x.jsonl", "--format", "jsonl", "-j", "2", "--scheduler", "local:2"]])
def test_jobs_needs_a_batch_and_no_scheduler(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, _, err = run(capsys, "align", *args)
    assert status == 2 and "-j/--jobs" in err


# ------------------------------------------------------------------------------------------- chunks


def _pair(k: int, size: int) -> BatchPair:
    return BatchPair(k + 1, f"doc-{k}", f"doc-{k}", f"doc-{k}", None, "a" * (size // 2), "b" * (size - size // 2))


def test_chunks_keep_the_order_and_group_small_pairs() -> None:
    pairs = [_pair(k, 4_000) for k in range(100)]
    chunks = _chunks(pairs, 2)
    assert [p for c in chunks for p in c] == pairs
    assert len(chunks) >= 8  # at least four tasks per worker
    assert all(sum(p.size for p in c[:-1]) < CHUNK_BYTES for c in chunks)  # a task closes once it is big enough
    assert len(chunks) < len(pairs)
    big = [_pair(k, 2 * CHUNK_BYTES) for k in range(3)]
    assert _chunks(big, 2) == [(p,) for p in big]  # a large pair is a task of its own


class _Recording(Scheduler):
    """Runs here, like :class:`InProcess`, but as a pool of two workers would be given the work; records it."""

    workers = 2

    def __init__(self) -> None:
        self.items: list[Any] = []

    def imap(self, fn: Callable[..., Any], items: Iterable[Any], *, shared: Any = None,
             name: Callable[[Any], str] = str) -> Iterator[tuple[Any, Any]]:
        for item in items:
            self.items.append(item)
            yield item, fn(shared, item)


def test_batch_sends_pairs_to_workers_in_chunks_with_the_same_output(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    from termalign.cli.align_cmd import AlignOptions, _run_pairs, read_batch_list
    from termalign.pipeline import aligner_dictionary

    listing = _listing(tmp_path / "pairs.jsonl", 24, empty_at=7)
    pairs = read_batch_list(str(listing), None, "jsonl", "en")
    options = AlignOptions(fmt="jsonl", segmented=False, encoding=None, source_lang="en", target_lang="id",
                           lang_check=True, dictionary=aligner_dictionary(), glossary=None, fuzzy_below=0.5,
                           force=False, update=False)
    outputs = []
    for scheduler in (None, _Recording()):
        stream = tmp_path / f"out-{len(outputs)}.jsonl"
        with stream.open("wb") as handle:
            assert _run_pairs(pairs, str(listing), options, False, handle, scheduler) == 1
        outputs.append(stream.read_bytes())
        if scheduler is not None:  # one task per chunk of pairs, not one per pair
            assert 2 <= len(scheduler.items) <= 8 and [p for c in scheduler.items for p in c] == pairs
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 50
    assert capsys.readouterr().err.count("doc-7: the source text is empty") == 2


# ------------------------------------------------------------------------------------------- shared caches


def test_featurizers_of_one_dictionary_share_their_token_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    dictionary = BilingualDictionary({"wound": ["luka"], "water": ["air"]})
    first = Featurizer("en", "source", dictionary)
    features = first.features("The wound needs clean water.")
    again = Featurizer("en", "source", dictionary)
    assert again._token_cache is first._token_cache and "wwound" in again._token_cache
    assert again.features("The wound needs clean water.") == features
    assert Featurizer("id", "target", dictionary)._token_cache is not first._token_cache
    assert Featurizer("en", "source", BilingualDictionary({"wound": ["cedera"]}))._token_cache is not \
        first._token_cache
    # Bounded: once the shared cache holds the limit, the next featurizer starts it afresh.
    monkeypatch.setattr(anchors, "SHARED_TOKEN_LIMIT", 2)
    assert Featurizer("en", "source", dictionary)._token_cache == {}


def test_alignments_do_not_depend_on_what_was_aligned_before() -> None:
    from termalign.formats.json_ import to_json
    from termalign.pipeline import align

    en = (EXAMPLES / "kidney-stones.en.txt").read_text(encoding="utf-8")
    idn = (EXAMPLES / "kidney-stones.id.txt").read_text(encoding="utf-8")
    dictionary = BilingualDictionary({"kidney": ["ginjal"], "stone": ["batu"], "pain": ["nyeri", "sakit"]})
    fresh = to_json(align(en, idn, dictionary=dictionary))
    align((EXAMPLES / "phleboliths.en.txt").read_text(encoding="utf-8"),
          (EXAMPLES / "phleboliths.id.txt").read_text(encoding="utf-8"), dictionary=dictionary)
    assert to_json(align(en, idn, dictionary=dictionary)) == fresh


# ------------------------------------------------------------------------------------------- local cluster


@pytest.mark.slow
def test_the_local_cluster_runs_without_the_per_tick_costs() -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'termalign[dask]')")
    import dask

    from termalign.distributed import get_scheduler

    before = dask.config.get("distributed.worker.profile.enabled")
    with get_scheduler("local:1") as scheduler:
        client = scheduler._client  # type: ignore[attr-defined]
        seen = client.run(lambda: (dask.config.get("distributed.worker.profile.enabled"),
                                   dask.config.get("distributed.admin.tick.interval")))
    assert list(seen.values()) == [(False, "500ms")]
    assert dask.config.get("distributed.worker.profile.enabled") == before  # the caller's settings are kept


def test_a_stream_pair_comes_back_written_out_and_a_file_pair_as_its_alignment(tmp_path: Path) -> None:
    """Workers render a JSON Lines stream's records themselves: the calling process, which every pair passes
    through, only writes text. A pair with its own output file comes back as the alignment (written here)."""
    from termalign.cli.align_cmd import AlignOptions, _align_chunk, _Records
    from termalign.formats.jsonl import alignment_to_jsonl
    from termalign.model import Alignment
    from termalign.pipeline import aligner_dictionary

    options = AlignOptions(fmt="jsonl", segmented=False, encoding=None, source_lang="en", target_lang="id",
                           lang_check=True, dictionary=aligner_dictionary(), glossary=None, fuzzy_below=0.5,
                           force=False, update=False)
    text = ("The nurse cleaned the wound. Drink water every day.", "Perawat membersihkan luka itu. Minumlah air "
            "setiap hari.")
    stream_pair = BatchPair(1, "doc-1", "doc-1", "doc-1", None, *text)
    file_pair = BatchPair(2, "doc-2", "doc-2", "doc-2", tmp_path / "doc-2.json", *text)
    empty = BatchPair(3, "doc-3", "doc-3", "doc-3", None, "", text[1])
    records, alignment, failed = _align_chunk(options, (stream_pair, file_pair, empty))
    assert isinstance(records, _Records) and isinstance(alignment, Alignment)
    assert records.text == alignment_to_jsonl(alignment, id="doc-1")
    assert "beads" in records.summary and isinstance(failed, Exception)
