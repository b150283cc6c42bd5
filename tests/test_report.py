"""The HTML review report: layout (term marks, finding placement, summary, map path) and the rendered page.

Built on hand-made :class:`Alignment`/:class:`TermPair`/:class:`Finding` objects, so these tests do not depend on
the aligner, term extraction or checks; ``test_cli_report_*`` run the real pipeline through the CLI.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from termalign.formats.html import render_html, render_marked
from termalign.model import Alignment, Bead, Finding, Location, Segment, TermOccurrence, TermPair
from termalign.report import (
    MAX_PATH_PIECES,
    Mark,
    alignment_path,
    build_report,
    layout,
    place_findings,
    score_bucket,
    summarize,
    term_marks,
)
from termalign.segment import segment
from termalign.textio import read_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" </div>'

# The alignment of examples/kidney-stones.* a careful human would make (0-based sentence indices).
EXAMPLE_BEADS: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...] = (
    ((0,), (0,), 0.97),
    ((1,), (1,), 0.95),
    ((2,), (2,), 0.93),
    ((3,), (3,), 0.90),
    ((4,), (4,), 0.88),
    ((5,), (5,), 0.84),
    ((), (6,), 0.35),  # "Nyeri ini disebut kolik ginjal." has no English counterpart
    ((6,), (7,), 0.91),
    ((7,), (8,), 0.72),
    ((8,), (9,), 0.86),
    ((9, 10), (10,), 0.64),
    ((11,), (11, 12), 0.58),
    ((12,), (13,), 0.81),
    ((13,), (), 0.15),  # page junk
    ((14,), (), 0.10),
)


def example_alignment() -> Alignment:
    """The kidney-stones example, segmented by termalign and aligned by hand (see EXAMPLE_BEADS)."""
    source = tuple(segment(read_text(EXAMPLES / "kidney-stones.en.txt"), "en"))
    target = tuple(segment(read_text(EXAMPLES / "kidney-stones.id.txt"), "id"))
    beads = tuple(Bead(s, t, score) for s, t, score in EXAMPLE_BEADS)
    return Alignment(
        source, target, beads, source_name="examples/kidney-stones.en.txt", target_name="examples/kidney-stones.id.txt"
    )


def example_pairs() -> list[TermPair]:
    return [
        TermPair(
            "kidney stones", "batu ginjal", "kidney stone", "batu ginjal", 0.93, 2, (0, 1),
            (("association", 0.9),),
            (TermOccurrence(0, "Kidney stones", "Batu ginjal"), TermOccurrence(1, "Kidney stones", "Batu ginjal")),
        ),
        TermPair("kidney", "ginjal", "kidney", "ginjal", 0.9, 2, (1, 4), (("dictionary", 1.0),)),
        TermPair("nephrolithiasis", "nefrolitiasis", "nephrolithiasis", "nefrolitiasis", 0.97, 1, (3,),
                 (("cognate", 0.96),)),
        TermPair("lithotripsy", "litotripsi", "lithotripsy", "litotripsi", 0.96, 1, (11,), (("cognate", 0.95),)),
        TermPair("calcium", "kalsium", "calcium", "kalsium", 0.95, 2, (2, 10), (("cognate", 0.97),)),
    ]


def example_findings() -> list[Finding]:
    target = "examples/kidney-stones.id.txt"
    return [
        # Line 9 holds three target sentences; the offset is into the line, the text in the second sentence.
        Finding("garbled-term", "error", "litotripsi", "looks like a garbled 'litotripsi'", "id",
                Location(target, 9, None, 103, 113), "litotripsi", ("folded: litotripsi",)),
        # Quoted text that is not in the sentence (a missing term): row only, the sentence its offset falls in
        # (line 5 holds four target sentences; offset 165 is in the third).
        Finding("missing-term", "warning", "kolik renal", "'renal colic' expected", "id",
                Location(target, 5, None, 165, 176), None),
        # About the English side.
        Finding("page-junk", "info", "Was this article helpful?", "page furniture", "en",
                Location("examples/kidney-stones.en.txt", 13, None, 0, 25)),
        # About another file altogether: listed, not placed.
        Finding("glossary-duplicate", "warning", "ginjal", "duplicate entry", "id", Location("medical.tsv", 4)),
    ]


class TagBalance(HTMLParser):
    """Checks that every non-void element is closed in order; records elements and script bodies."""

    VOID = frozenset({"meta", "link", "br", "input", "img", "hr", "wbr", "col", "area", "base", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("script", "style"):
            self._raw = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._raw is not None:
            (self.scripts if tag == "script" else self.styles).append(self._raw)
            self._raw = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


def parse(page: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return build_report(example_alignment(), term_pairs=example_pairs(), findings=example_findings())


# --------------------------------------------------------------------------------------------------- layout


def test_score_buckets() -> None:
    assert [score_bucket(s) for s in (0.0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0, float("nan"))] == [0, 0, 1, 2, 3, 4, 4, 0]


def test_term_marks_in_both_columns_longest_wins() -> None:
    a = example_alignment()
    marks, bead_terms = term_marks(a, example_pairs())
    # Bead 1: "Kidney stones are hard deposits ... inside the kidneys." / "Batu ginjal adalah ... di dalam ginjal."
    src = [(a.source[1].text[m.start : m.end], m.ref) for m in marks[("source", 1)]]
    tgt = [(a.target[1].text[m.start : m.end], m.ref) for m in marks[("target", 1)]]
    assert src[0] == ("Kidney stones", 0)  # "kidney stones" beats "kidney" where they overlap
    assert ("Batu ginjal", 0) in tgt and ("ginjal", 1) in tgt  # the lone "ginjal" later in the sentence
    assert all(ref != 1 for text, ref in src if text.lower().startswith("kidney stones"))
    assert bead_terms[1] == {0, 1}
    # A pair is only looked for in its own beads: "calcium" in bead 9 (sentence 8) is not in its beads.
    assert ("source", 8) not in marks
    # Indonesian inflected forms are found through the morphology rules.
    inflected = Alignment(
        (Segment("The phlebolith was seen.", 0),), (Segment("Flebolitnya terlihat.", 0),), (Bead((0,), (0,), 0.9),)
    )
    pair = TermPair("phlebolith", "flebolit", "phlebolith", "flebolit", 0.9, 1, (0,))
    found, _ = term_marks(inflected, [pair])
    t = found[("target", 0)][0]
    assert inflected.target[0].text[t.start : t.end] == "Flebolitnya"


def test_place_findings_by_line_offset_text_and_file() -> None:
    a = example_alignment()
    placed = place_findings(a, example_findings())
    garbled, missing, junk, other = placed
    assert (garbled.bead, garbled.side, garbled.segment) == (11, "target", 12)
    assert a.target[12].text[garbled.start : garbled.end] == "litotripsi"
    assert (missing.bead, missing.side, missing.start) == (6, "target", None)  # row only: text not there
    assert (junk.bead, junk.side, junk.segment, junk.start, junk.end) == (14, "source", 14, 0, 25)
    assert other.bead is None and other.side is None
    # Without an offset, a finding whose text is not on its line goes to the line's first sentence.
    (first,) = place_findings(a, [Finding("missing-term", "warning", "zzz", "m", "id", Location(a.target_name, 5))])
    assert (first.bead, first.segment, first.start) == (4, 4, None)


def test_place_findings_by_bead_entry() -> None:
    """The checks report an aligned pair as entry "bead N" (1-based), offsets into its joined sentences."""
    a = example_alignment()
    target, source = a.target_name, a.source_name
    joined = " ".join(a.target[i].text for i in (11, 12))  # bead 12 is 1-2
    at = joined.index("litotripsi")
    in_second = Finding("garbled-term", "error", "litotripsi", "m", "id", Location(target, 9, "bead 12", at, at + 10))
    # Source-side findings carry the target file name and the source line: the language decides the side.
    on_source = Finding("untranslated-term", "warning", "lithotripsy", "m", "en",
                        Location(target, 9, "bead 12", 135, 146))
    missing = Finding("missing-term", "warning", "kolik renal", "m", "id", Location(target, 5, "bead 7"))
    on_empty_side = Finding("x", "info", "Share", "m", "id", Location(target, None, "bead 14"))
    no_place = Finding("garbled-term", "error", "x", "m", "id", Location())
    p1, p2, p3, p4, p5 = place_findings(a, [in_second, on_source, missing, on_empty_side, no_place])
    assert (p1.bead, p1.side, p1.segment) == (11, "target", 12)
    assert a.target[12].text[p1.start : p1.end] == "litotripsi"
    assert (p2.bead, p2.side, p2.segment) == (11, "source", 11)
    assert a.source[11].text[p2.start : p2.end] == "lithotripsy"
    assert (p3.bead, p3.side, p3.segment, p3.start) == (6, "target", 6, None)
    assert (p4.bead, p4.side, p4.segment) == (13, "source", None)  # 1-0 bead: shown on the side with text
    assert p5.bead is None  # neither line nor entry: listed in the table only
    assert source is not None


def test_summary_counts() -> None:
    lay = layout(example_alignment(), example_pairs(), example_findings())
    s = lay.summary
    assert s is not None
    assert s.beads == 15 and s.linked == 12
    assert dict(s.bead_kinds) == {"1-1": 10, "0-1": 1, "1-0": 2, "2-1": 1, "1-2": 1}
    assert s.bead_kinds[0][0] == "1-1"
    # The mean of the linked beads, the number `termalign align` and the JSON stats show too.
    linked = [b[2] for b in EXAMPLE_BEADS if b[0] and b[1]]
    assert s.mean_score == pytest.approx(sum(linked) / len(linked))
    assert s.low_confidence == 3
    assert sum(s.buckets) == 15
    assert dict(s.by_severity) == {"error": 1, "warning": 2, "info": 1}
    assert s.by_code[0][0] == "garbled-term"  # errors first
    assert s.placed_findings == 3
    assert s.term_pairs == 5


def test_summary_without_alignment() -> None:
    s = summarize(None, [], example_findings())
    assert s.beads == 0 and s.mean_score is None and s.findings == 4


def test_path_follows_beads_and_unlinked_are_separate() -> None:
    a = example_alignment()
    runs = alignment_path(a, size=150.0)  # 10 map units per source sentence
    linked = [r for r in runs if r.bucket >= 0]
    gaps = [r for r in runs if r.bucket < 0]
    assert linked[0].points[0] == (0.0, 0.0)
    # The 0-1 bead runs down at x = 6 sentences; the two final 1-0 beads merge into one horizontal run.
    sy = 150.0 / 14
    assert any(r.points == ((60.0, round(6 * sy, 1)), (60.0, round(7 * sy, 1))) for r in gaps)
    assert any(r.points == ((130.0, 150.0), (150.0, 150.0)) for r in gaps)
    assert len(gaps) == 2


def _long_alignment(n: int, seed: int = 7) -> Alignment:
    rnd = random.Random(seed)
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    s = t = 0
    for b in range(n):
        r = rnd.random()
        ks, kt = (1, 1) if r < 0.86 else (1, 0) if r < 0.9 else (0, 1) if r < 0.94 else (2, 1) if r < 0.97 else (1, 2)
        if 5000 <= b < 5400:
            ks, kt = 1, 0  # a derailment: 400 source sentences skipped
        si, ti = tuple(range(s, s + ks)), tuple(range(t, t + kt))
        source += [Segment(f"Sentence {i} about the kidney.", i, line=i + 1) for i in si]
        target += [Segment(f"Kalimat {i} tentang ginjal.", i, line=i + 1) for i in ti]
        beads.append(Bead(si, ti, rnd.random()))
        s, t = s + ks, t + kt
    return Alignment(tuple(source), tuple(target), tuple(beads), source_name="long.en.txt", target_name="long.id.txt")


@pytest.mark.slow
def test_map_of_20000_beads_stays_small() -> None:
    a = _long_alignment(20_000)
    runs = alignment_path(a)
    points = sum(len(r.points) for r in runs if r.bucket >= 0)
    assert points <= 2 * MAX_PATH_PIECES
    gap_points = sum(len(r.points) for r in runs if r.bucket < 0)
    assert gap_points <= 6000  # snapped to map units: far fewer than the ~1,200 beads × 2 points unsnapped
    page = render_html(layout(a))
    svg = page[page.index('<svg id="mapsvg"') : page.index("</svg>", page.index('<svg id="mapsvg"')) + 6]
    assert len(svg) < 120_000
    assert svg.count("<rect") <= 2  # frame only: no rectangle per bead in long documents
    # The derailment shows as a long horizontal run of the unlinked style.
    assert re.search(r'class="path gap" d="[^"]*', svg)


@pytest.mark.slow
def test_render_20000_beads_is_fast_and_lean() -> None:
    a = _long_alignment(20_000)
    findings = [
        Finding("garbled-term", "error", "ginjal", "m", "id", Location("long.id.txt", line))
        for line in range(1, 19_000, 20)
    ]
    t0 = time.perf_counter()
    page = render_html(layout(a, findings=findings))
    elapsed = time.perf_counter() - t0
    assert elapsed < 10  # measured ~1 s on the 2-core CI machine
    text = sum(len(s.text) for s in a.source + a.target)
    per_row = (len(page) - text) / len(a.beads)
    assert per_row < 420, per_row  # markup per bead row, all overheads included
    assert page.count('class="chunk"') == 200
    assert "onclick" not in page and "onmouseover" not in page  # event delegation only


# ------------------------------------------------------------------------------------------------ rendering


def test_render_marked_nests_overlapping_spans() -> None:
    text = "garbled Flebolith here"
    marks = [Mark(0, 17, "term", 0), Mark(8, 22, "finding", 2)]
    out = render_marked(text, marks, ["info", "info", "error"])
    assert parse(f"<p>{out}</p>").errors == []
    assert re.sub(r"<[^>]+>", "", out) == text
    assert '<mark class="t" data-t="1"><mark class="f e" data-f="3">Flebolith</mark></mark>' in out


def test_page_structure(page: str) -> None:
    parsed = parse(page)
    assert parsed.errors == [] and parsed.stack == []
    ids = [attrs.get("id") for _, attrs in parsed.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    rows = [i for i in ids if re.fullmatch(r"b\d+", i or "")]
    assert rows == [f"b{n}" for n in range(1, 16)]
    # Every in-page link points at an element that exists.
    targets = {attrs["href"][1:] for _, attrs in parsed.tags if (attrs.get("href") or "").startswith("#")}
    assert targets <= set(ids)
    assert page.startswith("<!DOCTYPE html>")


def test_rows_show_kind_score_and_no_counterpart(page: str) -> None:
    row7 = re.search(r'<div class="r [^"]*" id="b7">.*?(?=<div class="r )', page, re.S)
    assert row7 is not None
    assert "0-1" in row7.group() and "0.35" in row7.group() and "no counterpart" in row7.group()
    assert 'class="r q1 u lo hf"' in row7.group()
    assert page.count("no counterpart</span>") == 3
    row11 = re.search(r'id="b11">.*?(?=<div class="r )', page, re.S)
    assert row11 is not None and "2-1" in row11.group() and row11.group().count("<p data-l=") == 3


def test_terms_and_findings_are_marked_inline(page: str) -> None:
    assert '<mark class="t" data-t="1">Kidney stones</mark>' in page
    assert '<mark class="t" data-t="1">Batu ginjal</mark>' in page
    # The garbled term is both a term-pair occurrence and a finding: the finding nests inside the term.
    assert '<mark class="t" data-t="4"><mark class="f e" data-f="1">litotripsi</mark></mark>' in page
    # The missing term is on its row (with code, message and link) but not marked in the text.
    row7 = re.search(r'id="b7">.*?(?=<div class="r )', page, re.S)
    assert row7 is not None
    assert '<a href="#f2">missing-term</a>' in row7.group() and "data-f=" not in row7.group()
    assert "→ litotripsi" in page  # the suggestion shown inline


def test_findings_table_filters_and_links(page: str) -> None:
    table = page[page.index('<table class="data" id="ftable">') : page.index("</table>", page.index('id="ftable"'))]
    rows = re.findall(r'<tr id="f(\d+)" data-c="([^"]+)" data-s="([^"]+)">', table)
    assert rows == [("2", "missing-term", "warning"), ("1", "garbled-term", "error"), ("3", "page-junk", "info"),
                    ("4", "glossary-duplicate", "warning")]  # document order, unplaced last
    assert '<a href="#b12">row 12</a>' in table
    assert "medical.tsv:4" in table
    assert '<option value="garbled-term">garbled-term (1)</option>' in page
    assert '<option value="warning">warning (2)</option>' in page
    assert "<details><summary>why</summary><ol><li>folded: litotripsi</li></ol></details>" in table


def test_summary_shows_counts_files_and_version(page: str) -> None:
    from termalign import __version__

    assert "examples/kidney-stones.en.txt" in page and "examples/kidney-stones.id.txt" in page
    assert f"<dt>termalign</dt><dd>{__version__}</dd>" in page
    assert "<b>1-1</b> 10" in page and "<b>2-1</b> 1" in page
    assert '<h3>Mean score of linked beads</h3><p class="big">0.83</p>' in page
    assert '<b>1</b> error' in page and '<b>2</b> warning' in page


def test_map_has_path_rects_and_finding_ticks(page: str) -> None:
    svg = page[page.index('<svg id="mapsvg"') : page.index("</svg>", page.index('<svg id="mapsvg"'))]
    assert re.search(r'<path class="path q4" d="M0 0L', svg)
    assert '<path class="path gap"' in svg
    assert svg.count('class="bead bq') == 12  # one rectangle per linked bead in a short document
    assert '<path class="m e"' in svg


def test_hostile_text_is_escaped_everywhere() -> None:
    a = Alignment(
        (Segment(HOSTILE, 0, line=1), Segment("Fine.", 1, line=2)),
        (Segment(f"Terjemahan {HOSTILE}", 0, line=1),),
        (Bead((0,), (0,), 0.9), Bead((1,), (), 0.2)),
        source_lang="en",
        target_lang="id",
        source_name=f"{HOSTILE}.en.txt",
        target_name="t.id.txt",
    )
    pair = TermPair(HOSTILE, HOSTILE, HOSTILE, HOSTILE, 0.5, 1, (0,), ((HOSTILE, 0.5),))
    finding = Finding(HOSTILE, "error", HOSTILE, HOSTILE, "id", Location("t.id.txt", 1, HOSTILE), HOSTILE, (HOSTILE,))
    page = render_html(layout(a, [pair], [finding]), title=HOSTILE, meta={HOSTILE: HOSTILE})
    parsed = parse(page)
    assert parsed.errors == []
    assert len(parsed.scripts) == 2  # the map geometry (JSON) and the page's own script: nothing else
    assert all("alert" not in body for body in parsed.scripts)
    assert not any(tag == "img" for tag, _ in parsed.tags)
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # The hostile sentence is marked as a term (in both columns) and as a finding, still as text.
    assert '<mark class="t" data-t="1"><mark class="f e" data-f="1">&lt;script&gt;' in page


def test_csp_allows_only_the_pages_own_script_and_style(page: str) -> None:
    parsed = parse(page)
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    script = parsed.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    style_digest = base64.b64encode(hashlib.sha256(parsed.styles[0].encode()).digest()).decode()
    assert f"style-src 'sha256-{style_digest}'" in csp
    # No style attributes (the CSP would block them) and nothing fetched from anywhere.
    assert not any("style" in attrs for _, attrs in parsed.tags)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:https?:|//)""", page)
    assert "@import" not in page and "url(" not in parsed.styles[0]


def test_output_is_deterministic_and_timestamp_only_when_asked() -> None:
    a, p, f = example_alignment(), example_pairs(), example_findings()
    first = build_report(a, term_pairs=p, findings=f)
    assert build_report(a, term_pairs=p, findings=f) == first
    assert "Generated" not in first
    stamped = build_report(a, term_pairs=p, findings=f, timestamp="2024-05-01 10:00 UTC")
    assert "<dt>Generated</dt><dd>2024-05-01 10:00 UTC</dd>" in stamped


def test_findings_only_page() -> None:
    page = render_html(layout(None, findings=example_findings()), title="PO check")
    parsed = parse(page)
    assert parsed.errors == []
    assert 'id="mapsvg"' not in page and 'id="rows"' not in page
    assert page.count('<tr id="f') == 4
    assert "examples/kidney-stones.id.txt:9" in page


def test_empty_inputs_render() -> None:
    empty = Alignment((), (), ())
    page = render_html(layout(empty))
    assert parse(page).errors == []
    assert "No sentences to show." in page and "No findings." in page


# ---------------------------------------------------------------------------------------------------- CLI


def _pipeline_available() -> bool:
    import importlib

    try:
        for module in ("termalign.aligner", "termalign.terms", "termalign.checks"):
            importlib.import_module(module)
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(not _pipeline_available(), reason="aligner/terms/checks not importable")


@pytest.mark.slow
@needs_pipeline
def test_cli_report_writes_one_self_contained_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from termalign.cli import cli

    out = tmp_path / "report.html"
    args = ["report", str(EXAMPLES / "kidney-stones.en.txt"), str(EXAMPLES / "kidney-stones.id.txt"),
            "-o", str(out), "--glossary", "medical"]
    result = CliRunner().invoke(cli, args, standalone_mode=False)
    assert result.exception is None, result.output
    page = out.read_text("utf-8")
    assert parse(page).errors == []
    assert page.count('<div class="r ') >= 13  # header row + one row per bead
    # Refuses to overwrite without --force; replaces with it, byte-identically.
    with pytest.raises(Exception, match="exists"):
        CliRunner().invoke(cli, args, standalone_mode=False, catch_exceptions=False)
    result = CliRunner().invoke(cli, [*args, "--force"], standalone_mode=False)
    assert result.exception is None
    assert out.read_text("utf-8") == page


def test_english_term_marks_take_the_english_noun_inflections():
    # A base form not found as written also matches in its plural, as lang.english inflects nouns (-ies too).
    from termalign.report import _english_spans

    text = "Both arteries narrowed, and two cells died."
    assert [text[s:e] for s, e in _english_spans(text, text.lower(), ("artery",))] == ["arteries"]
    assert [text[s:e] for s, e in _english_spans(text, text.lower(), ("cell",))] == ["cells"]
