"""The benchmark harness itself: noise injection, bead scoring, docs sections, isolated runs (all on toy data).

These check that the numbers the benchmarks publish are computed right; they never time anything.
"""

from __future__ import annotations

import io
import math
import sys
import tarfile
from pathlib import Path

import pytest

# ``benchmarks`` is a folder of the repository, not part of the package
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run as bench_run
from benchmarks.bench_align import (
    align_galechurch,
    align_nltk,
    bead_kind,
    beads_from_links,
    check_beads,
    match_beads,
    score_alignment,
)
from benchmarks.common import (
    cycle_pairs,
    fmt,
    load_ted,
    loglog_slope,
    markdown_table,
    measure_command,
    run_isolated,
)
from benchmarks.noise import inject_noise, merge_sentences, natural_gold, split_point, split_sentence

WORDS_EN = ["river", "stone", "bridge", "lamp", "garden", "window", "paper", "music", "city", "doctor"]
WORDS_ID = ["sungai", "batu", "jembatan", "lampu", "taman", "jendela", "kertas", "musik", "kota", "dokter"]


def toy_pair(n: int) -> tuple[list[str], list[str]]:
    """Line-parallel toy sentences, long enough to split, with a number that identifies each pair."""
    src, tgt = [], []
    for i in range(n):
        a, b = WORDS_EN[i % 10], WORDS_EN[(i * 3 + 1) % 10]
        c, d = WORDS_ID[i % 10], WORDS_ID[(i * 3 + 1) % 10]
        src.append(f"Line {i} talks about the {a} near the old {b}, and then it ends quietly here.")
        tgt.append(f"Baris {i} membahas {c} di dekat {d} tua, lalu berakhir dengan tenang di sini.")
    return src, tgt


# ------------------------------------------------------------------------------------------- noise


def test_noise_is_seeded_and_counts_follow_rates() -> None:
    src, tgt = toy_pair(200)
    a = inject_noise(src, tgt, seed=7)
    b = inject_noise(src, tgt, seed=7)
    c = inject_noise(src, tgt, seed=8)
    assert (a.source, a.target, a.gold) == (b.source, b.target, b.gold)
    assert a.gold != c.gold
    assert a.counts == {"pairs": 200, "omissions": 10, "merges": 10, "splits": 4}
    assert len(a.unpaired) == 10


def test_noise_gold_beads_cover_both_sides_and_match_the_operations() -> None:
    src, tgt = toy_pair(300)
    noisy = inject_noise(src, tgt, omission_rate=0.1, merge_rate=0.1, split_rate=0.05, seed=3)
    assert check_beads(noisy.gold, len(noisy.source), len(noisy.target)) is None
    kinds = [bead_kind(b) for b in noisy.gold]
    assert kinds.count("1-0/0-1") == 30
    assert kinds.count("2-1/1-2") == 30 + 15  # merges and splits
    assert kinds.count("1-1") == 300 - 30 - 2 * 30 - 15
    assert len(noisy.source) + len(noisy.target) == 600 - 30 - 30 + 15
    unpaired = set()
    for s, t in noisy.gold:
        if not t:
            unpaired.add(("source", s[0]))
        if not s:
            unpaired.add(("target", t[0]))
    assert unpaired == set(noisy.unpaired)


def test_noise_keeps_each_bead_a_true_translation() -> None:
    """Every gold bead still pairs the right sentences: the pair number of each side agrees."""
    src, tgt = toy_pair(120)
    noisy = inject_noise(src, tgt, omission_rate=0.1, merge_rate=0.1, split_rate=0.1, seed=11)

    def numbers(texts: list[str]) -> set[str]:
        return {w for text in texts for w in text.replace(",", " ").split() if w.isdigit()}

    for s, t in noisy.gold:
        if s and t:
            assert numbers([noisy.source[i] for i in s]) == numbers([noisy.target[j] for j in t])
    assert {w for line in noisy.source for w in line.split() if w.isdigit()} <= {str(i) for i in range(120)}


def test_noise_with_zero_rates_is_the_identity() -> None:
    src, tgt = toy_pair(20)
    noisy = inject_noise(src, tgt, omission_rate=0, merge_rate=0, split_rate=0)
    assert noisy.source == src and noisy.target == tgt
    assert noisy.gold == natural_gold(20)


def test_noise_rejects_bad_input() -> None:
    src, tgt = toy_pair(10)
    with pytest.raises(ValueError, match="differ"):
        inject_noise(src, tgt[:-1])
    with pytest.raises(ValueError, match="rate"):
        inject_noise(src, tgt, omission_rate=1.5)
    with pytest.raises(ValueError, match="more sentence pairs"):
        inject_noise(src, tgt, merge_rate=0.5, omission_rate=0.5)


def test_split_prefers_a_clause_boundary_near_the_middle() -> None:
    sentence = "We walked along the quiet river, and the bridge was already closed for repairs."
    cut = split_point(sentence)
    assert cut is not None and sentence[:cut].endswith("river, ")
    assert split_sentence(sentence, cut) == (
        "We walked along the quiet river.",
        "And the bridge was already closed for repairs.",
    )
    assert split_point("Too short.") is None
    assert split_point("One two three") is None  # a split would leave a one-word part
    no_comma = "This sentence has no punctuation inside at all but is long enough"
    first, second = split_sentence(no_comma, split_point(no_comma))
    assert abs(len(first) - len(second)) < 15 and second[0].isupper()
    assert merge_sentences("First one. ", " Second one.") == "First one. Second one."


# ------------------------------------------------------------------------------------------ scorer


GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
PRED = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,))]


def test_perfect_prediction_scores_one_everywhere() -> None:
    score = score_alignment(GOLD, GOLD)
    for convention in ("vecalign", "all", "linked"):
        assert score.f1(convention) == 1.0
        assert score.f1(convention, lax=True) == 1.0
    assert score.omission_recall == 1.0 and score.null_precision == 1.0


def test_scores_on_a_hand_worked_example() -> None:
    score = score_alignment(GOLD, PRED)
    # vecalign: precision over all 5 predicted beads (3 exact, 1 more overlapping), recall over 3 linked gold
    assert score.prf("vecalign") == pytest.approx((3 / 5, 2 / 3, 2 * (3 / 5) * (2 / 3) / (3 / 5 + 2 / 3)))
    assert score.prf("vecalign", lax=True)[:2] == pytest.approx((4 / 5, 1.0))
    # all beads: gold null (3,)-() is found, so recall 3/4
    assert score.prf("all")[:2] == pytest.approx((3 / 5, 3 / 4))
    # linked only: 3 predicted linked beads, 2 exact
    assert score.prf("linked") == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert score.omission_recall == 1.0
    assert score.null_precision == 0.5


def test_scores_micro_average_over_documents() -> None:
    total = score_alignment(GOLD, GOLD)
    total.add(score_alignment(GOLD, PRED))
    assert total.precision["vecalign"].total == 4 + 5
    assert total.precision["vecalign"].strict == 4 + 3
    assert total.unpaired_gold == 2 and total.unpaired_found == 2 and total.unpaired_pred == 3


def test_lax_match_needs_overlap_on_both_sides() -> None:
    gold = [((0,), (0,)), ((1,), (1,))]
    assert match_beads(gold, [((0,), (1,))]).lax == 0  # source 0 is linked to target 0 only
    assert match_beads(gold, [((0, 1), (1,))]).lax == 1
    assert match_beads(gold, [((0,), ())]).lax == 0  # a wrong null bead is never lax-correct


def test_natural_condition_has_no_gold_nulls() -> None:
    score = score_alignment(natural_gold(3), [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))])
    assert math.isnan(score.omission_recall)
    assert score.null_precision == 0.0
    assert score.f1() < score.f1("linked") < 1.0


def test_beads_from_links_regroups_nltk_output() -> None:
    links = [(0, 0), (1, 1), (2, 1), (4, 2)]
    assert beads_from_links(links, 5, 3) == [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
    assert beads_from_links([(0, 0), (0, 1), (1, 0), (1, 1)], 2, 2) == [((0, 1), (0, 1))]


def test_check_beads_finds_broken_alignments() -> None:
    assert check_beads(GOLD, 5, 3) is None
    assert "source" in check_beads(GOLD[:-1], 5, 3)
    assert "repeated" in check_beads([*GOLD, ((4,), ())], 5, 3)
    assert check_beads([((0,), (1,)), ((1,), (0,))], 2, 2) == "beads cross"
    assert "consecutive" in check_beads([((0, 2), (0,)), ((1,), (1,))], 3, 2)


@pytest.mark.parametrize("align", [align_galechurch, align_nltk], ids=["galechurch", "nltk"])
def test_peer_adapters_return_valid_beads(align) -> None:
    pytest.importorskip("galechurch" if align is align_galechurch else "nltk")
    src, tgt = toy_pair(30)
    noisy = inject_noise(src, tgt, seed=1, omission_rate=0.1, merge_rate=0.1)
    beads = align(noisy.source, noisy.target)
    assert check_beads(beads, len(noisy.source), len(noisy.target)) is None


# --------------------------------------------------------------------------------- runner, helpers


def test_replace_section_appends_then_replaces_between_markers() -> None:
    doc = "# Benchmarks\n\nIntro.\n"
    once = bench_run.replace_section(doc, "align", "## A\nold")
    assert once.startswith(doc.rstrip()) and "<!-- bench:align:start -->\n## A\nold\n<!-- bench:align:end -->" in once
    twice = bench_run.replace_section(once + "\nTrailing text.\n", "align", "## A\nnew")
    assert "old" not in twice and "new" in twice and twice.endswith("Trailing text.\n")
    assert twice.count("bench:align:start") == 1
    with pytest.raises(ValueError, match="unbalanced"):
        bench_run.replace_section("<!-- bench:align:start -->\n", "align", "x")


def test_write_docs_keeps_other_sections(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    path.write_text("# B\n\n<!-- bench:terms:start -->\nterms\n<!-- bench:terms:end -->\n", encoding="utf-8")
    bench_run.write_docs({"align": "## Align"}, path)
    text = path.read_text(encoding="utf-8")
    assert "terms\n<!-- bench:terms:end -->" in text and "## Align" in text


def test_runner_discovers_the_alignment_benchmark() -> None:
    assert "align" in bench_run.discover()


def test_small_helpers() -> None:
    assert loglog_slope(500, 1.0, 20_000, 40.0) == pytest.approx(1.0)
    assert loglog_slope(500, 1.0, 2_000, 16.0) == pytest.approx(2.0)
    assert math.isnan(loglog_slope(500, 0.0, 2_000, 1.0))
    assert fmt(0.97512) == ".975" and fmt(1.0) == "1.000" and fmt(math.nan) == "–"
    assert markdown_table(["a", "b"], [[1, "x|y"]]) == "| a | b |\n|---|---|\n| 1 | x\\|y |"


def test_load_ted_reads_archives_in_memory(tmp_path: Path) -> None:
    assert load_ted(tmp_path / "absent") == []
    src, tgt = toy_pair(4)
    with tarfile.open(tmp_path / "IWSLT17.TED.tst2010.en-id.tgz", "w:gz") as tar:
        for suffix, lines in (("en", src), ("id", tgt)):
            data = ("\n".join(lines) + "\n").encode("utf-8")
            info = tarfile.TarInfo(f"IWSLT17.TED.tst2010.en-id.{suffix}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    docs = load_ted(tmp_path)
    assert [d.name for d in docs] == ["tst2010"] and docs[0].source == src and docs[0].target == tgt
    big = cycle_pairs(docs, 10)
    assert len(big.source) == 10 and big.source[4] == src[0] and big.target[9] == tgt[1]


def test_run_isolated_reports_value_and_errors() -> None:
    m = run_isolated("benchmarks.common:fmt_int", [1234567], repeats=2, budget_s=1.0, timeout_s=60)
    assert m.ok and m.value == "1,234,567" and 1 <= m.runs <= 2
    assert m.peak_rss_mb >= m.base_rss_mb > 0 and m.wall_s >= 0
    bad = run_isolated("benchmarks.common:fmt_int", ["not a number"], timeout_s=60)
    assert not bad.ok and "ValueError" in bad.error


def test_run_isolated_post_step_scores_the_timed_result() -> None:
    gold = [[[i], [i]] for i in range(3)]
    m = run_isolated(
        "benchmarks.noise:natural_gold",
        [3],
        repeats=1,
        timeout_s=60,
        post="benchmarks.bench_align:score_summary",
        post_args=[gold],
    )
    assert m.ok and m.value["f1"] == 1.0
    shifted = [[[0], [0]], [[1, 2], [1, 2]]]
    assert run_isolated(
        "benchmarks.noise:natural_gold",
        [3],
        repeats=1,
        post="benchmarks.bench_align:score_summary",
        post_args=[shifted],
    ).value["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_measure_command_charges_only_the_command_not_its_parent() -> None:
    ballast = bytearray(200 * 1024 * 1024)  # the benchmark process holding a big corpus...
    ballast[::4096] = bytes([1]) * (len(ballast) // 4096)  # ...in pages it has really touched
    m = measure_command([sys.executable, "-c", "import sys; x = bytearray(60 * 1024 * 1024); print('ok')"])
    del ballast
    assert m.error is None and m.returncode == 0 and m.stdout.strip() == "ok"
    assert 60 <= m.peak_rss_mb < 150  # the command's own ~70 MB, not the 200 MB parent
    failing = measure_command([sys.executable, "-c", "import sys; sys.stderr.write('boom' * 50000); sys.exit(3)"])
    assert failing.returncode == 3 and len(failing.stderr) == 200_000
    assert measure_command(["/nonexistent/tool"]).error is not None


def test_runner_reports_a_failing_module_and_rejects_unknown_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_run.run_module("no_such_module", quick=True) is None
    with pytest.raises(SystemExit) as exc:
        bench_run.main(["--only", "no_such_module"])
    assert exc.value.code == 2
