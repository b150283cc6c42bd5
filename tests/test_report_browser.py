"""The HTML report in a real browser: Debian's Chromium driven by Playwright (nothing is downloaded).

The report is made by the real pipeline (``termalign report``) from ``examples/kidney-stones.*.txt``, and from
a copy of the Indonesian side with four machine-translation slips put in (a garbled, an untranslated and a
forbidden term, and a term gone missing), so that the findings table has several codes to filter by.
Skipped, with the reason, when there is no ``/usr/bin/chromium`` or Playwright is not installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Slips a careless machine translation could make in our own example text.
SLIPS = (
    ("nefrolitiasis", "Nefrolithiasis"),  # garbled spelling
    ("hiperparatiroidisme", "hyperparathyroidism"),  # left in English
    ("obesitas", "kegemukan"),  # an accepted variant in the glossary: must NOT be flagged
    ("darah dalam urine", "darah dalam urin"),  # forbidden non-standard form
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("no browser driver: the playwright package is not importable (pip install '.[test]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _report(source: Path, target: Path, out: Path) -> Path:
    from click.testing import CliRunner

    from termalign.cli import cli

    args = ["report", str(source), str(target), "-o", str(out), "--glossary", "medical", "--title", "Kidney stones"]
    result = CliRunner().invoke(cli, args, standalone_mode=False, catch_exceptions=False)
    assert result.exception is None, result.output
    return out


@pytest.fixture(scope="module")
def slipped_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    text = (EXAMPLES / "kidney-stones.id.txt").read_text("utf-8")
    for good, bad in SLIPS:
        assert good in text
        text = text.replace(good, bad)
    target = folder / "kidney-stones.mt.id.txt"
    target.write_text(text, "utf-8")
    return _report(EXAMPLES / "kidney-stones.en.txt", target, folder / "slipped.html")


class Page:
    """A loaded report page, with every console message, page error and network request it caused."""

    def __init__(self, browser: Any, path: Path, width: int = 1400, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.messages: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri(), wait_until="load")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def slipped(browser: Any, slipped_report: Path) -> Iterator[Page]:
    page = Page(browser, slipped_report)
    yield page
    page.close()


def test_example_report_renders_offline_and_clean(browser: Any, tmp_path: Path) -> None:
    out = _report(EXAMPLES / "kidney-stones.en.txt", EXAMPLES / "kidney-stones.id.txt", tmp_path / "report.html")
    view = Page(browser, out)
    page = view.page
    try:
        rows = page.locator("#rows .r:not(.head)")
        beads = int(page.locator('nav a[href="#alignment"] .cnt').inner_text())
        assert rows.count() == beads >= 10
        assert rows.first.is_visible()
        assert page.locator("#rows .r.u").count() >= 1  # the page junk at the end has no counterpart
        assert page.locator("#rows .r.u .nc").first.inner_text() == "no counterpart"
        # Term pairs highlighted in both columns, visibly.
        assert page.locator("#rows .src mark.t").count() >= 5
        assert page.locator("#rows .tgt mark.t").count() >= 5
        background = page.locator("#rows .tgt mark.t").first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        # The map has a path that starts at the origin.
        d = page.locator("#mapsvg path.path").first.get_attribute("d")
        assert d is not None and d.startswith("M0 0L")
        assert page.locator("#mapsvg").bounding_box()["width"] > 250
        page.screenshot(path=str(tmp_path / "report-kidney-stones.png"), full_page=True)
        assert (tmp_path / "report-kidney-stones.png").stat().st_size > 20_000
        # Self-contained: nothing but the file itself was requested, and no error or CSP violation was logged.
        assert view.requests == [out.as_uri()]
        assert view.messages == []
    finally:
        view.close()


def test_findings_table_filters_by_code_severity_and_text(slipped: Page) -> None:
    page = slipped.page
    table_rows = page.locator("#ftable tbody tr")
    total = table_rows.count()
    codes = {table_rows.nth(i).get_attribute("data-c") for i in range(total)}
    assert {"garbled-term", "untranslated-term", "forbidden-term"} <= codes
    assert page.locator("#ftable tbody tr:visible").count() == total

    page.select_option("#fcode", "garbled-term")
    visible = page.locator("#ftable tbody tr:visible")
    assert visible.count() == 1
    assert visible.first.get_attribute("data-c") == "garbled-term"
    assert "Nefrolithiasis" in visible.first.inner_text()
    assert page.locator("#fcount").inner_text() == f"1 of {total} findings"

    page.select_option("#fcode", "")
    page.select_option("#fsev", "error")
    sev = [r.get_attribute("data-s") for r in page.locator("#ftable tbody tr:visible").all()]
    assert sev and set(sev) == {"error"}

    page.select_option("#fsev", "")
    page.fill("#fq", "urin")
    texts = [r.inner_text() for r in page.locator("#ftable tbody tr:visible").all()]
    assert texts and all("urin" in t.lower() for t in texts)
    page.fill("#fq", "no such thing at all")
    assert page.locator("#ftable tbody tr:visible").count() == 0
    assert page.locator("#fnone").is_visible()
    page.fill("#fq", "")
    assert page.locator("#ftable tbody tr:visible").count() == total
    assert slipped.messages == []


def test_summary_code_link_sets_the_filter(slipped: Page) -> None:
    page = slipped.page
    page.click('button[data-code="untranslated-term"]')
    assert page.locator("#fcode").input_value() == "untranslated-term"
    visible = page.locator("#ftable tbody tr:visible")
    assert visible.count() >= 1 and {r.get_attribute("data-c") for r in visible.all()} == {"untranslated-term"}


def test_findings_are_marked_inline_and_linked(slipped: Page) -> None:
    page = slipped.page
    garbled = page.locator("#rows mark.f", has_text="Nefrolithiasis")
    assert garbled.count() == 1
    underline = garbled.evaluate("e => getComputedStyle(e).textDecorationStyle")
    assert underline == "wavy"
    garbled.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert "garbled-term" in tip.inner_text() and "nefrolitiasis" in tip.inner_text()
    # The row lists the finding and links to the table; the table links back to the row.
    row_id = garbled.evaluate("e => e.closest('.r').id")
    assert re.fullmatch(r"b\d+", row_id)
    link = page.locator(f"#{row_id} .fl a").first
    finding_id = link.get_attribute("href")
    assert finding_id is not None
    assert page.locator(f'{finding_id} a[href="#{row_id}"]').count() == 1
    # The accepted variant "kegemukan" is not flagged.
    assert page.locator("#rows mark.f", has_text="kegemukan").count() == 0


def test_hovering_a_term_shows_the_pair_and_clicking_highlights_the_partner(slipped: Page) -> None:
    page = slipped.page
    mark = page.locator("#rows .tgt mark.t", has_text="kalsium oksalat").first
    n = mark.get_attribute("data-t")
    pair_row = page.locator(f"#t{n}")
    english = pair_row.locator("td").nth(1).locator(".term").inner_text()
    indonesian = pair_row.locator("td").nth(2).locator(".term").inner_text()
    assert (english, indonesian) == ("calcium oxalate", "kalsium oksalat")
    mark.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert f"{english} ↔ {indonesian}" in tip.inner_text()

    mark.click()
    row_id = mark.evaluate("e => e.closest('.r').id")
    partner = page.locator(f'#{row_id} .src mark.t[data-t="{n}"]')
    assert partner.count() >= 1
    assert "pt" in (partner.first.get_attribute("class") or "")
    assert "on" in (partner.first.get_attribute("class") or "")
    assert "sel" in (pair_row.get_attribute("class") or "")
    page.keyboard.press("Escape")
    assert page.locator("mark.on").count() == 0


def test_map_click_opens_the_nearest_row_and_views_filter_rows(slipped: Page) -> None:
    page = slipped.page
    svg = page.locator("#mapsvg")
    svg.scroll_into_view_if_needed()
    frame = page.locator("#mapsvg rect.frame").bounding_box()
    assert frame is not None
    # The middle of the grid: the bead nearest the centre of the document.
    page.mouse.move(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
    assert "bead" in page.locator("#tip").inner_text()
    page.mouse.click(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
    page.wait_for_function("/^#b\\d+$/.test(location.hash)")
    target = page.evaluate("location.hash")
    beads = int(page.locator('nav a[href="#alignment"] .cnt').inner_text())
    assert abs(int(target[2:]) - beads / 2) <= 3
    assert page.locator(target).is_visible()
    box = page.locator(target).bounding_box()
    assert box is not None and 0 <= box["y"] < 900

    page.select_option("#view", "hf")
    shown = page.locator("#rows .r:not(.head):visible")
    assert shown.count() >= 3
    assert all("hf" in (r.get_attribute("class") or "").split() for r in shown.all())
    page.select_option("#view", "all")
    assert page.locator("#rows .r:not(.head):visible").count() == beads


def test_screenshots_look_right(slipped: Page, tmp_path: Path) -> None:
    """Screenshots for a human to look at (paths printed with -s); basic sanity checks only."""
    page = slipped.page
    page.screenshot(path=str(tmp_path / "report-top.png"))
    page.locator("#alignment").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "report-alignment.png"))
    page.screenshot(path=str(tmp_path / "report-full.png"), full_page=True)
    page.set_viewport_size({"width": 420, "height": 800})
    page.locator("#b4").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "report-narrow.png"))
    # On a narrow screen the two texts stack: target below source in the same row.
    src = page.locator("#b4 .src").bounding_box()
    tgt = page.locator("#b4 .tgt").bounding_box()
    assert src is not None and tgt is not None and tgt["y"] >= src["y"] + src["height"] - 1
    # The sticky header does not cover the page: the title is on screen and not wider than it.
    title = page.locator("header h1").bounding_box()
    assert title is not None and title["x"] + title["width"] <= 420
    for name in ("report-top", "report-alignment", "report-full", "report-narrow"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    print("screenshots:", tmp_path)


def test_hostile_text_does_not_run(browser: Any, tmp_path: Path) -> None:
    from termalign.model import Alignment, Bead, Finding, Location, Segment, TermPair
    from termalign.report import build_report

    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    a = Alignment(
        (Segment(f"Source {hostile}", 0),), (Segment(f"Target {hostile}", 0),), (Bead((0,), (0,), 0.9),),
        source_name=f"{hostile}.en.txt", target_name="t.id.txt",
    )
    page_html = build_report(
        a,
        term_pairs=[TermPair(hostile, hostile, hostile, hostile, 0.9, 1, (0,))],
        findings=[Finding("x", "error", hostile, hostile, "id", Location("t.id.txt", 1), hostile)],
        title=hostile,
    )
    out = tmp_path / "hostile.html"
    out.write_text(page_html, "utf-8")
    view = Page(browser, out)
    try:
        page = view.page
        assert page.evaluate("window.pwned") is None
        assert page.locator("img").count() == 0
        assert hostile in page.locator("#b1 .src").inner_text()
        assert view.requests == [out.as_uri()]  # the <img src=x> was never fetched
    finally:
        view.close()
