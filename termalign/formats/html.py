"""The HTML review report: one self-contained page (inline CSS and JavaScript, no external requests).

:func:`render_html` is the format's entry point, used by ``termalign report`` and by ``--format html`` on the
other commands. It works on whatever it is given: an alignment with term pairs and findings (the full report),
an alignment alone, or findings alone (``alignment=None``: a findings table for a PO-file check).

Everything taken from the input is escaped, and a Content-Security-Policy allows only this page's own
script and style (by hash), so text containing ``<script>`` is shown and never run, and the page cannot load
anything from the network. Output is deterministic: the same input gives the same bytes.

The page is kept lean for 20,000-sentence documents: one element per bead row with short class names, rows
in chunks the browser may skip rendering until scrolled to (``content-visibility``), no per-row handlers (one
delegated listener per event type), and the alignment map drawn as a few simplified polylines.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from termalign.model import (
    BUCKET_EDGES,
    LOW_CONFIDENCE,
    MAP_SIZE,
    SEVERITY_ORDER,
    Alignment,
    Finding,
    Layout,
    Mark,
    Segment,
    Side,
    glued,
    score_bucket,
)

LANG_NAMES: dict[str, str] = {"en": "English", "id": "Indonesian"}
#: Rows per chunk of the alignment table (each chunk is skipped by the browser until scrolled near).
CHUNK_ROWS = 100
#: Up to this many beads the map also draws each bead as a rectangle with its own tooltip.
RECT_LIMIT = 400
_SEV_CLASS = {"error": "e", "warning": "w", "info": "i"}
_BUCKET_LABELS = ("< 0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "≥ 0.8")


def _esc(value: object) -> str:
    """Escape text for HTML element content and double-quoted attributes."""
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    """A file of ``termalign/data/report`` (the page's CSS and JavaScript)."""
    return resources.files("termalign.data").joinpath("report").joinpath(name).read_text("utf-8")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _json_for_script(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no HTML comment openers)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _lang_name(code: str) -> str:
    return LANG_NAMES.get(code, code)


def _fmt_score(score: float) -> str:
    return "–" if math.isnan(score) else f"{score:.2f}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


# ------------------------------------------------------------------------------------------- sentence text


def render_marked(text: str, marks: Sequence[Mark], severities: Sequence[str] = ()) -> str:
    """``text`` escaped, with term marks (outer) and finding marks (inner) wrapped around their spans.

    ``severities[ref]`` is the severity of finding ``ref`` (it picks the colour of the underline). Overlapping
    marks are split at every boundary, so the output always nests properly.
    """
    spans = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if not spans:
        return _esc(text)
    bounds = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    out: list[str] = []
    for a, b in pairwise(bounds):
        piece = _esc(text[a:b])
        active = [m for m in spans if m.start <= a and m.end >= b]
        # Innermost first: findings inside terms; several findings nest in a fixed order.
        for m in sorted(active, key=lambda m: (m.kind == "term", m.ref)):
            if m.kind == "term":
                piece = f'<mark class="t" data-t="{m.ref + 1}">{piece}</mark>'
            else:
                level = severities[m.ref] if m.ref < len(severities) else "info"
                piece = f'<mark class="f {_SEV_CLASS.get(level, "i")}" data-f="{m.ref + 1}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


# ------------------------------------------------------------------------------------------------ sections


def _header(title: str, lay: Layout) -> str:
    s = lay.summary
    assert s is not None
    links: list[tuple[str, str, int | None]] = [("summary", "Summary", None)]
    if lay.alignment is not None:
        links.append(("map", "Map", None))
    links.append(("findings", "Findings", s.findings))
    if lay.alignment is not None:
        links.append(("terms", "Term pairs", s.term_pairs))
        links.append(("alignment", "Alignment", s.beads))
    nav = "".join(
        f'<a href="#{anchor}">{label}' + (f' <span class="cnt">{count:,}</span>' if count is not None else "") + "</a>"
        for anchor, label, count in links
    )
    return (
        '<header class="top"><div class="bar">'
        f'<a class="brand" href="#summary" title="Back to the top"><span class="logo" aria-hidden="true">⇄</span>'
        f"<h1>{_esc(title)}</h1></a>"
        f'<nav aria-label="Sections">{nav}</nav></div></header>'
    )


def _file_line(label: str, name: str | None, lang: str, count: int | None) -> str:
    parts = [f"<dt>{label}</dt><dd><code>{_esc(name or '(unnamed)')}</code>"]
    extra = [_lang_name(lang)]
    if count is not None:
        extra.append(_plural(count, "sentence"))
    parts.append(f' <span class="muted">{_esc(" · ".join(extra))}</span></dd>')
    return "".join(parts)


def _summary(lay: Layout, version: str, meta: Mapping[str, str] | None, timestamp: str | None) -> str:
    s = lay.summary
    assert s is not None
    a = lay.alignment
    facts: list[str] = []
    if a is not None:
        facts.append(_file_line("Source", a.source_name, a.source_lang, s.source_segments))
        facts.append(_file_line("Target", a.target_name, a.target_lang, s.target_segments))
    for key, value in (meta or {}).items():
        facts.append(f"<dt>{_esc(key)}</dt><dd>{_esc(value)}</dd>")
    facts.append(f"<dt>termalign</dt><dd>{_esc(version)}</dd>")
    if timestamp:
        facts.append(f"<dt>Generated</dt><dd>{_esc(timestamp)}</dd>")
    banner = ""
    if a is not None:
        facts.append(f"<dt>Parallel</dt><dd>{'yes' if s.is_parallel else 'no'} "
                     f'<span class="muted">(parallel score {s.parallel_score:.2f})</span></dd>')
        if not s.is_parallel:
            banner = (
                '<p class="banner" role="alert"><strong>These texts do not look like translations of each '
                f"other</strong> (parallel score {s.parallel_score:.2f}): only confident links are shown, and "
                "term pairs and findings drawn from them deserve extra care.</p>"
            )
    cards: list[str] = []
    if a is not None:
        cards.append(_beads_card(lay))
        cards.append(_confidence_card(lay))
        cards.append(_terms_card(lay))
    cards.append(_findings_card(lay))
    return (
        '<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary" class="vh">Summary</h2>'
        f'{banner}<dl class="facts">{"".join(facts)}</dl><div class="cards">{"".join(cards)}</div></section>'
    )


def _beads_card(lay: Layout) -> str:
    s = lay.summary
    assert s is not None
    chips = "".join(
        f'<li class="chip{" u" if "0" in kind.split("-") else ""}"><b>{_esc(kind)}</b> {n:,}</li>'
        for kind, n in s.bead_kinds
    )
    unlinked = s.beads - s.linked
    note = (
        f'<p class="muted">{_plural(unlinked, "sentence")} without counterpart</p>'
        if unlinked
        else '<p class="muted">every sentence has a counterpart</p>'
    )
    return (
        '<div class="card"><h3>Beads</h3>'
        f'<p class="big">{s.beads:,}</p><ul class="chips" aria-label="Beads by kind">{chips}</ul>{note}</div>'
    )


def _confidence_card(lay: Layout) -> str:
    s = lay.summary
    assert s is not None
    mean = "–" if s.mean_score is None else f"{s.mean_score:.2f}"
    total = sum(s.buckets) or 1
    # A stacked bar of the confidence buckets, best first (an SVG: the page's CSP forbids style attributes).
    x = 0.0
    rects = []
    for bucket in range(len(s.buckets) - 1, -1, -1):
        n = s.buckets[bucket]
        if not n:
            continue
        width = 100.0 * n / total
        rects.append(
            f'<rect class="bq{bucket}" x="{x:.2f}" y="0" width="{width:.2f}" height="10">'
            f"<title>{_esc(_BUCKET_LABELS[bucket])}: {_plural(n, 'bead')}</title></rect>"
        )
        x += width
    bar = (
        '<svg class="hist" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="Beads by confidence">{"".join(rects)}</svg>'
    )
    legend = "".join(
        f'<li><span class="sw bq{b}" aria-hidden="true"></span>{_esc(_BUCKET_LABELS[b])}: {s.buckets[b]:,}</li>'
        for b in range(len(s.buckets) - 1, -1, -1)
    )
    low = (
        f'<p><a href="#alignment" data-view="lo">{_plural(s.low_confidence, "bead")} '
        f"below {LOW_CONFIDENCE:.1f}</a></p>"
        if s.low_confidence
        else f'<p class="muted">no bead below {LOW_CONFIDENCE:.1f}</p>'
    )
    drift = ""
    if s.max_drift_bead is not None:
        drift = (
            f'<p class="muted">largest distance from the diagonal: {s.max_drift:.1f} sentences '
            f'(<a href="#b{s.max_drift_bead + 1}">bead {s.max_drift_bead + 1}</a>)</p>'
        )
    return (
        f'<div class="card"><h3>Mean score of linked beads</h3><p class="big">{mean}</p>{bar}'
        f'<ul class="legend small">{legend}</ul>{low}{drift}</div>'
    )


def _terms_card(lay: Layout) -> str:
    s = lay.summary
    assert s is not None
    top = sorted(range(len(lay.term_pairs)), key=lambda i: (-lay.term_pairs[i].count, i))[:4]
    items = "".join(
        f'<li><a href="#t{i + 1}">{_esc(lay.term_pairs[i].source)} ↔ {_esc(lay.term_pairs[i].target)}</a>'
        f' <span class="muted">×{lay.term_pairs[i].count}</span></li>'
        for i in top
    )
    body = f'<ul class="plain small">{items}</ul>' if items else '<p class="muted">none found</p>'
    return f'<div class="card"><h3>Term pairs</h3><p class="big">{s.term_pairs:,}</p>{body}</div>'


def _findings_card(lay: Layout) -> str:
    s = lay.summary
    assert s is not None
    sev = "".join(
        f'<li class="chip sev {_SEV_CLASS.get(level, "i")}"><b>{n:,}</b> {_esc(level)}</li>'
        for level, n in s.by_severity
    )
    codes = "".join(
        f'<li><button type="button" class="link" data-code="{_esc(code)}">'
        f'<span class="dot {_SEV_CLASS.get(level, "i")}" aria-hidden="true"></span>{_esc(code)}</button> '
        f'<span class="muted">{n:,}</span></li>'
        for code, level, n in s.by_code
    )
    body = (
        f'<ul class="chips">{sev}</ul><ul class="plain small codes">{codes}</ul>'
        if s.findings
        else '<p class="ok">no findings</p>'
    )
    return f'<div class="card"><h3>Findings</h3><p class="big">{s.findings:,}</p>{body}</div>'


def _ticks(n: int) -> list[int]:
    """Round tick values from 0 to ``n`` (about five of them)."""
    if n <= 0:
        return [0]
    raw = n / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1, int(step))
    return list(range(0, n + 1, step))


def _points(points: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in points)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _map(lay: Layout) -> str:
    a = lay.alignment
    assert a is not None and lay.summary is not None
    ns, nt = len(a.source), len(a.target)
    size = MAP_SIZE
    sx, sy = size / max(1, ns), size / max(1, nt)
    parts: list[str] = []
    # Grid: one line per sentence in small documents, at the ticks otherwise.
    xticks, yticks = _ticks(ns), _ticks(nt)
    grid_x = range(ns + 1) if ns <= 60 else xticks
    grid_y = range(nt + 1) if nt <= 60 else yticks
    grid = "".join(f"M{_num(v * sx)} 0V{_num(size)}" for v in grid_x) + "".join(
        f"M0 {_num(v * sy)}H{_num(size)}" for v in grid_y
    )
    parts.append(f'<rect class="frame" x="0" y="0" width="{_num(size)}" height="{_num(size)}"/>')
    parts.append(f'<path class="grid" d="{grid}"/>')
    parts.append(f'<path class="diag" d="M0 0L{_num(size)} {_num(size)}"/>')
    labels = "".join(
        f'<text class="tick" x="{_num(v * sx)}" y="{_num(size + 34)}" text-anchor="middle">{v}</text>' for v in xticks
    ) + "".join(
        f'<text class="tick" x="-12" y="{_num(v * sy + 9)}" text-anchor="end">{v}</text>' for v in yticks
    )
    parts.append(labels)
    parts.append(
        f'<text class="axis" x="{_num(size / 2)}" y="{_num(size + 78)}" text-anchor="middle">'
        f"{_esc(_lang_name(a.source_lang))} sentence →</text>"
        f'<text class="axis" transform="translate(-112 {_num(size / 2)}) rotate(-90)" text-anchor="middle">'
        f"{_esc(_lang_name(a.target_lang))} sentence →</text>"
    )
    corners = lay.corners
    if len(a.beads) <= RECT_LIMIT:
        rects = []
        for b, ((s0, t0, s1, t1), bead) in enumerate(zip(corners, a.beads, strict=True)):
            if not bead.linked:
                continue
            rects.append(
                f'<rect class="bead bq{score_bucket(bead.score)}" data-b="{b + 1}" x="{_num(s0 * sx)}" '
                f'y="{_num(t0 * sy)}" width="{_num((s1 - s0) * sx)}" height="{_num((t1 - t0) * sy)}"/>'
            )
        parts.append(f'<g class="beads">{"".join(rects)}</g>')
    runs = lay.path
    for bucket in range(len(BUCKET_EDGES), -1, -1):
        d = "".join(_points(run.points) for run in runs if run.bucket == bucket)
        if d:
            parts.append(f'<path class="path q{bucket}" d="{d}"/>')
    gaps = "".join(_points(run.points) for run in runs if run.bucket < 0)
    if gaps:
        parts.append(f'<path class="path gap" d="{gaps}"/>')
    markers = lay.markers
    # Findings as ticks in a strip right of the grid, at the height of their row (like marks on a scroll
    # bar), so they never hide the path; one path per severity, the most severe drawn last (on top).
    for level in SEVERITY_ORDER[::-1]:
        d = "".join(f"M{_num(size + 8)} {_num(y)}h18" for _, y, sev, _ in markers if sev == level)
        if d:
            parts.append(f'<path class="m {_SEV_CLASS.get(level, "i")}" d="{d}"/>')
    svg = (
        '<svg id="mapsvg" class="map" viewBox="-130 -20 1160 1130" role="img" '
        f'aria-label="Alignment path through the sentence grid: {_esc(_plural(len(a.beads), "bead"))}">'
        + "".join(parts)
        + "</svg>"
    )
    legend_items = "".join(
        f'<li><span class="ln q{b}" aria-hidden="true"></span>confidence {_esc(_BUCKET_LABELS[b])}</li>'
        for b in range(len(BUCKET_EDGES), -1, -1)
    )
    legend_items += (
        '<li><span class="ln gap" aria-hidden="true"></span>no counterpart (1-0 runs right, 0-1 runs down)</li>'
        '<li><span class="ln diag" aria-hidden="true"></span>the straight diagonal, for reference</li>'
    )
    if markers:
        legend_items += (
            '<li><span class="ln tick" aria-hidden="true"></span>findings, at the height of their row '
            "(ticks right of the grid)</li>"
        )
    s = lay.summary
    return (
        '<section id="map" aria-labelledby="h-map"><h2 id="h-map">Alignment map</h2>'
        f'<div class="mapwrap"><figure>{svg}</figure><div class="mapinfo">'
        "<p>Each step of the line is one bead: it moves right by the number of source sentences and down by "
        "the number of target sentences it pairs. A sound alignment runs close to the diagonal; a long "
        "horizontal or vertical stretch is a block of one text with no counterpart in the other, and a path "
        "that wanders far from the diagonal is worth a look.</p>"
        f'<ul class="legend">{legend_items}</ul>'
        f'<p class="muted">Largest distance from the diagonal: {s.max_drift:.1f} target sentences. '
        "Click the map to jump to the nearest bead.</p></div></div></section>"
    )


def _geometry(a: Alignment, corners: Sequence[tuple[int, int, int, int]]) -> dict[str, object]:
    """What the page's script needs to find the bead under a click on the map: per-bead steps and buckets."""
    steps_s = [s1 - s0 for s0, _, s1, _ in corners]
    steps_t = [t1 - t0 for _, t0, _, t1 in corners]
    geometry: dict[str, object] = {
        "ns": len(a.source),
        "nt": len(a.target),
        "size": MAP_SIZE,
        "s0": [c[0] for c in corners[:1]],
        "t0": [c[1] for c in corners[:1]],
        "q": "".join(str(score_bucket(b.score)) if b.linked else "u" for b in a.beads),
    }
    if all(0 <= v <= 9 for v in steps_s + steps_t):
        geometry["ds"] = "".join(map(str, steps_s))
        geometry["dt"] = "".join(map(str, steps_t))
    else:
        geometry["ds"] = steps_s
        geometry["dt"] = steps_t
    return geometry


def _location_text(finding: Finding) -> str:
    loc = finding.location
    where = loc.file or ""
    if loc.line is not None:
        where += f":{loc.line}"
    elif loc.entry:
        where += f" [{loc.entry}]"
    return where


def _findings(lay: Layout) -> str:
    s = lay.summary
    assert s is not None
    if not lay.findings:
        return (
            '<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>'
            '<p class="ok">No findings.</p></section>'
        )
    code_options = "".join(f'<option value="{_esc(code)}">{_esc(code)} ({n:,})</option>' for code, _, n in s.by_code)
    sev_options = "".join(f'<option value="{_esc(level)}">{_esc(level)} ({n:,})</option>' for level, n in s.by_severity)
    placement = {p.finding: p for p in lay.placements}
    # Document order: by row, then the order the checks reported them; unplaced findings last.
    order = sorted(
        range(len(lay.findings)),
        key=lambda n: (placement[n].bead is None, placement[n].bead or 0, n),
    )
    rows: list[str] = []
    for n in order:
        f = lay.findings[n]
        p = placement[n]
        sev = _SEV_CLASS.get(f.severity, "i")
        where_parts = []
        if p.bead is not None:
            where_parts.append(f'<a href="#b{p.bead + 1}">row {p.bead + 1}</a>')
        loc = _location_text(f)
        if loc:
            where_parts.append(f'<span class="muted">{_esc(loc)}</span>')
        explanation = ""
        if f.explanation:
            steps = "".join(f"<li>{_esc(step)}</li>" for step in f.explanation)
            explanation = f"<details><summary>why</summary><ol>{steps}</ol></details>"
        suggestion = f'<span class="sugg">{_esc(f.suggestion)}</span>' if f.suggestion else ""
        rows.append(
            f'<tr id="f{n + 1}" data-c="{_esc(f.code)}" data-s="{_esc(f.severity)}">'
            f'<td class="num">{n + 1}</td>'
            f'<td><span class="sev {sev}">{_esc(f.severity)}</span></td>'
            f"<td><code>{_esc(f.code)}</code></td>"
            f'<td class="ftext" lang="{_esc(f.lang)}">{_esc(f.text)}</td>'
            f'<td><span class="msg">{_esc(f.message)}</span>{explanation}</td>'
            f"<td>{suggestion}</td>"
            f'<td class="where">{"<br>".join(where_parts)}</td></tr>'
        )
    return (
        '<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>'
        '<div class="toolbar" role="search">'
        f'<label>Code <select id="fcode"><option value="">all codes ({s.findings:,})</option>{code_options}'
        "</select></label>"
        f'<label>Severity <select id="fsev"><option value="">all severities</option>{sev_options}</select></label>'
        '<label>Text <input id="fq" type="search" placeholder="filter by any text…" autocomplete="off"></label>'
        f'<output id="fcount" aria-live="polite">{_plural(s.findings, "finding")}</output></div>'
        '<div class="scroll"><table class="data" id="ftable"><thead><tr><th class="num">#</th><th>Severity</th>'
        "<th>Code</th><th>Text</th><th>Message</th><th>Suggestion</th><th>Where</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p id="fnone" class="muted" hidden>No finding matches the filter.</p></section>'
    )


def _terms(lay: Layout) -> str:
    if not lay.term_pairs:
        return (
            '<section id="terms" aria-labelledby="h-terms"><h2 id="h-terms">Term pairs</h2>'
            '<p class="muted">No term pairs.</p></section>'
        )
    rows: list[str] = []
    a = lay.alignment
    assert a is not None
    marked_in: dict[int, set[int]] = {}
    for bead, refs in lay.bead_terms.items():
        for ref in refs:
            marked_in.setdefault(ref, set()).add(bead)
    for i, pair in enumerate(lay.term_pairs):
        # The beads the pair came from, whether or not it is highlighted there (a longer pair may cover it).
        seen = sorted(
            {b for b in (*pair.beads, *(o.bead for o in pair.occurrences)) if 0 <= b < len(a.beads)}
            | marked_in.get(i, set())
        )
        links = " ".join(f'<a href="#b{b + 1}">{b + 1}</a>' for b in seen[:6])
        if len(seen) > 6:
            links += f' <span class="muted">+{len(seen) - 6}</span>'
        evidence = " · ".join(
            f"{_esc(kind.replace('_', ' '))} {score:.2f}"
            for kind, score in sorted(pair.evidence, key=lambda e: (-e[1], e[0]))
            if score > 0
        )
        base = ""
        if pair.source_base != pair.source or pair.target_base != pair.target:
            base = f'<br><span class="muted small">base {_esc(pair.source_base)} / {_esc(pair.target_base)}</span>'
        flagged = ' class="flagged"' if pair.flagged else ""
        flags = {"source": "", "target": ""}
        for f in pair.findings:
            fix = f" → {_esc(f.suggestion)}" if f.suggestion else ""
            flags[f.side] += f'<br><span class="tflag small">⚑ {_esc(f.code)}{fix}</span>'
        rows.append(
            f'<tr id="t{i + 1}" data-t="{i + 1}"{flagged}>'
            f'<td class="num">{i + 1}</td>'
            f'<td lang="{_esc(a.source_lang)}"><span class="term">{_esc(pair.source)}</span>{base}'
            f'{flags["source"]}</td>'
            f'<td lang="{_esc(a.target_lang)}"><span class="term">{_esc(pair.target)}</span>{flags["target"]}</td>'
            f'<td class="num">{_fmt_score(pair.score)}</td><td class="num">{pair.count:,}</td>'
            f'<td class="small">{evidence}</td><td class="where">{links}</td></tr>'
        )
    return (
        '<section id="terms" aria-labelledby="h-terms"><h2 id="h-terms">Term pairs</h2>'
        '<p class="muted">Click a pair (here or in the text) to highlight it everywhere; '
        "the rows where it occurs are linked on the right. Pairs marked ⚑ were flagged by the QA checks "
        "(a garbled, glued, forbidden or non-standard form on that side; the standard form after the arrow).</p>"
        '<div class="scroll"><table class="data" id="ttable"><thead><tr><th class="num">#</th>'
        f"<th>{_esc(_lang_name(a.source_lang))}</th><th>{_esc(_lang_name(a.target_lang))}</th>"
        '<th class="num">Score</th><th class="num">Count</th><th>Evidence</th><th>Rows</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _cell(lay: Layout, side: Side, indices: Sequence[int], bead: int, lang: str, severities: Sequence[str]) -> str:
    a = lay.alignment
    assert a is not None
    segments = a.source if side == "source" else a.target
    cls = "src" if side == "source" else "tgt"
    if not indices:
        return f'<div class="c {cls} nc"><span>no counterpart</span></div>'
    # A sentence glued to the one before it in the input ("withdrawalThey") continues its paragraph with no
    # space, so the reviewer sees the text as written (Alignment.bead_text joins it the same way).
    paragraphs: list[list[str]] = []
    previous: Segment | None = None
    for i in indices:
        if not 0 <= i < len(segments):
            continue
        seg = segments[i]
        html = render_marked(seg.text, lay.marks.get((side, i), ()), severities)
        if previous is not None and paragraphs and glued(previous, seg):
            paragraphs[-1].append(html)
        else:
            paragraphs.append([f'<p data-l="{seg.line}">', html])
        previous = seg
    body = "".join("".join(p) + "</p>" for p in paragraphs)
    notes = []
    for n in lay.bead_findings.get(bead, ()):
        p = lay.placements[n]
        if p.side != side:
            continue
        f = lay.findings[n]
        sugg = f' <span class="sugg">→ {_esc(f.suggestion)}</span>' if f.suggestion else ""
        notes.append(
            f'<li class="{_SEV_CLASS.get(f.severity, "i")}"><a href="#f{n + 1}">{_esc(f.code)}</a> '
            f"{_esc(f.message)}{sugg}</li>"
        )
    fl = f'<ul class="fl">{"".join(notes)}</ul>' if notes else ""
    return f'<div class="c {cls}" lang="{_esc(lang)}">{body}{fl}</div>'


def _alignment(lay: Layout) -> str:
    a = lay.alignment
    assert a is not None
    out: list[str] = []
    severities = [f.severity for f in lay.findings]
    for b, bead in enumerate(a.beads):
        if b % CHUNK_ROWS == 0:
            if b:
                out.append("</div>")
            rows_here = min(CHUNK_ROWS, len(a.beads) - b)
            # A short last chunk says so (in tenths), so the browser reserves about the right height for it.
            size = "" if rows_here == CHUNK_ROWS else f" n{math.ceil(rows_here * 10 / CHUNK_ROWS)}"
            out.append(f'<div class="chunk{size}">')
        classes = [f"r q{score_bucket(bead.score)}"]
        if not bead.linked:
            classes.append("u")
        if bead.score < LOW_CONFIDENCE:
            classes.append("lo")
        if b in lay.bead_findings:
            classes.append("hf")
        if b in lay.bead_terms:
            classes.append("ht")
        out.append(
            f'<div class="{" ".join(classes)}" id="b{b + 1}">'
            f'<div class="c n"><a href="#b{b + 1}">{b + 1}</a></div>'
            f'<div class="c k">{bead.kind}</div>'
            f'<div class="c s"><span>{_fmt_score(bead.score)}</span></div>'
            + _cell(lay, "source", bead.source_index, b, a.source_lang, severities)
            + _cell(lay, "target", bead.target_index, b, a.target_lang, severities)
            + "</div>"
        )
    if a.beads:
        out.append("</div>")
    else:
        out.append('<p class="muted">No sentences to show.</p>')
    s = lay.summary
    assert s is not None
    views = [("all", f"all rows ({s.beads:,})")]
    if s.findings:
        views.append(("hf", f"rows with findings ({len(lay.bead_findings):,})"))
    views.append(("lo", f"confidence below {LOW_CONFIDENCE:.1f} ({s.low_confidence:,})"))
    views.append(("u", f"no counterpart ({s.beads - s.linked:,})"))
    if lay.term_pairs:
        views.append(("ht", f"rows with term pairs ({len(lay.bead_terms):,})"))
    options = "".join(f'<option value="{v}">{_esc(label)}</option>' for v, label in views)
    head = (
        '<div class="r head" aria-hidden="true"><div class="c n">#</div><div class="c k">Kind</div>'
        '<div class="c s">Score</div>'
        f'<div class="c src">{_esc(_lang_name(a.source_lang))} '
        f'<span class="muted">{_esc(a.source_name or "")}</span></div>'
        f'<div class="c tgt">{_esc(_lang_name(a.target_lang))} '
        f'<span class="muted">{_esc(a.target_name or "")}</span></div>'
        "</div>"
    )
    return (
        '<section id="alignment" aria-labelledby="h-alignment"><h2 id="h-alignment">Alignment</h2>'
        '<div class="toolbar"><label>Show <select id="view">'
        f"{options}</select></label>"
        '<span class="legend inline small"><span class="badge">0.93</span> aligner confidence (0–1), also shown '
        "by the coloured edge · hatched cell: no counterpart · "
        '<mark class="t demo">term</mark> term pair · <mark class="f demo">finding</mark> QA finding</span></div>'
        f'<div id="rows" class="rows{" cv" if len(a.beads) > CHUNK_ROWS else ""}">{head}{"".join(out)}</div>'
        "</section>"
    )


# -------------------------------------------------------------------------------------------------- the page


def render_html(
    lay: Layout,
    *,
    title: str | None = None,
    meta: Mapping[str, str] | None = None,
    timestamp: str | None = None,
    version: str | None = None,
) -> str:
    """The review report of ``lay`` (:func:`termalign.report.layout` of an alignment, its term pairs and
    findings) as one self-contained HTML page.

    The layout's alignment may be ``None`` (a findings-only page, e.g. for a PO-file check). ``meta`` adds
    ``label: value`` lines to the header (glossary, options); ``timestamp`` is printed as given, and only when
    given; ``version`` defaults to the installed termalign version.
    """
    if version is None:
        from termalign import __version__

        version = __version__
    alignment = lay.alignment
    if title is None:
        if alignment is not None and (alignment.source_name or alignment.target_name):
            title = f"{alignment.source_name or 'source'} ↔ {alignment.target_name or 'target'}"
        else:
            title = "termalign report"
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src '{_csp_hash(css)}'; script-src '{_csp_hash(js)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    body: list[str] = [_header(title, lay), "<main>", _summary(lay, version, meta, timestamp)]
    if alignment is not None:
        body.append(_map(lay))
    body.append(_findings(lay))
    if alignment is not None:
        body.append(_terms(lay))
        body.append(_alignment(lay))
    body.append("</main>")
    body.append(
        f'<footer>Made with termalign {_esc(version)}. This page is self-contained: it loads nothing from the '
        "network and works offline.</footer>"
    )
    body.append('<div id="tip" role="tooltip" hidden></div>')
    if alignment is not None:
        geometry = _json_for_script(_geometry(alignment, lay.corners))
        body.append(f'<script type="application/json" id="geom">{geometry}</script>')
    body.append(f"<script>{js}</script>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f'<meta name="generator" content="termalign {_esc(version)}">\n'
        f"<title>{_esc(title)} · termalign</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
