"""The review report: what it shows, computed from the pipeline's data types.

:func:`build_report` turns an :class:`~termalign.model.Alignment` plus the term pairs and QA findings found in
it into one self-contained HTML page (see ``docs/report.md``). The markup lives in
:mod:`termalign.formats.html`; this module does the work the markup needs and that is worth testing on its own:

* :func:`term_marks` — where each term pair's surface forms occur inside the sentences of the beads the pair
  came from (longest match wins where two pairs overlap, so "kidney stones" is not split into "kidney");
* :func:`place_findings` — which bead, side, sentence and character span each finding points at (by the line
  it names and the text it quotes; a finding whose text is not in the sentence, such as a missing term, is
  attached to the row only);
* :func:`summarize` — bead counts by kind, mean confidence, findings by code and severity;
* :func:`alignment_path` — the path of the alignment through the sentence grid, simplified so that a
  20,000-sentence document still draws as a few hundred polyline points.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from termalign.lang.english import inflections as english_inflections
from termalign.model import (  # the layout's data types, defined with the others (re-exported from here)
    BUCKET_EDGES,
    MAP_SIZE,
    SEVERITY_ORDER,
    Alignment,
    Finding,
    Layout,
    Mark,
    PathRun,
    Placement,
    Segment,
    Side,
    Summary,
    TermOccurrence,
    TermPair,
    join_segments,
    score_bucket,
)
from termalign.summary import summarize_alignment

#: At most this many pieces of path in the alignment map, however long the document.
MAX_PATH_PIECES = 1500
#: At most this many finding markers in the alignment map (markers closer than 3 units are merged).
MAX_MARKERS = 600


# ----------------------------------------------------------------------------------------------- term marks

_WORD_CHAR = r"[^\W_]"


@lru_cache(maxsize=8192)
def _pattern(form: str, plural: bool = False) -> re.Pattern[str] | None:
    """A whole-word, case-insensitive pattern for ``form`` (any run of spaces inside); with ``plural``, its last
    word may also take an English noun inflection (:func:`termalign.lang.english.inflections`: "cells",
    "arteries", "cell's")."""
    words = form.split()
    if not words:
        return None
    last = re.escape(words[-1])
    if plural:
        forms = sorted(english_inflections(words[-1], "noun"), key=lambda f: (-len(f), f))
        last = "(?:" + "|".join([*(re.escape(f) for f in forms), last]) + ")"
    body = r"\s+".join([*(re.escape(w) for w in words[:-1]), last])
    return re.compile(rf"(?<!{_WORD_CHAR}){body}(?!{_WORD_CHAR})", re.IGNORECASE)


def _spans(text: str, lowered: str, form: str, plural: bool = False) -> list[tuple[int, int]]:
    """Spans of ``form`` in ``text`` (``lowered`` is ``text.lower()``, for a quick test before the regex)."""
    words = form.split()
    # An inflection may change the last letter of the last word ("artery" → "arteries").
    probe = words[0][:-1] if plural and len(words) == 1 else words[0] if words else ""
    if not words or probe.lower() not in lowered:
        return []
    pattern = _pattern(form, plural)
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


def _english_spans(text: str, lowered: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the first of ``forms`` found in ``text``; the last (the base) also matches with a plural ending."""
    for form in forms:
        if spans := _spans(text, lowered, form):
            return spans
    return _spans(text, lowered, forms[-1], plural=True) if forms else []


def _indonesian_spans(text: str, lowered: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the first of ``forms`` found in ``text``, exactly or (failing that) in an inflected form."""
    for form in forms:
        if spans := _spans(text, lowered, form):
            return spans
    from termalign.lang.indonesian import find_term

    for form in forms:
        # An inflected form contains the base (sel-sel, flebolitnya, terkalsifikasi): test that first.
        stem = form.split()[0].lower() if form.split() else ""
        if stem and stem in lowered and (spans := find_term(text, form)):
            return spans
    return []


def _resolve_overlaps(candidates: Iterable[Mark]) -> list[Mark]:
    """Keep the longest of overlapping term marks (ties: the earlier, then the lower pair index)."""
    kept: list[Mark] = []
    for mark in sorted(set(candidates), key=lambda m: (m.start - m.end, m.start, m.ref)):
        if all(mark.end <= other.start or mark.start >= other.end for other in kept):
            kept.append(mark)
    return sorted(kept, key=lambda m: (m.start, m.end, m.ref))


def term_marks(
    alignment: Alignment, term_pairs: Sequence[TermPair]
) -> tuple[dict[tuple[Side, int], list[Mark]], dict[int, set[int]]]:
    """Where the term pairs occur: marks per ``(side, segment index)`` and the pairs seen in each bead.

    Each pair is looked for only in the beads it came from (its ``occurrences``, or its ``beads`` with its
    main forms when it has no occurrences), by the surface form recorded there, then by its main form and
    base form; Indonesian forms also match inflected ("flebolitnya") through :mod:`termalign.lang.indonesian`.
    """
    candidates: dict[tuple[Side, int], list[Mark]] = {}
    beads = alignment.beads
    source_lower = [seg.text.lower() for seg in alignment.source]
    target_lower = [seg.text.lower() for seg in alignment.target]
    for ref, pair in enumerate(term_pairs):
        occurrences = pair.occurrences or tuple(TermOccurrence(b, pair.source, pair.target) for b in pair.beads)
        seen: set[int] = set()
        for occ in occurrences:
            if occ.bead in seen or not 0 <= occ.bead < len(beads):
                continue
            seen.add(occ.bead)
            bead = beads[occ.bead]
            source_forms = _unique((occ.source_form, pair.source, pair.source_base))
            target_forms = _unique((occ.target_form, pair.target, pair.target_base))
            for i in bead.source_index:
                for start, end in _english_spans(alignment.source[i].text, source_lower[i], source_forms):
                    candidates.setdefault(("source", i), []).append(Mark(start, end, "term", ref))
            for i in bead.target_index:
                for start, end in _indonesian_spans(alignment.target[i].text, target_lower[i], target_forms):
                    candidates.setdefault(("target", i), []).append(Mark(start, end, "term", ref))
    marks = {key: _resolve_overlaps(found) for key, found in candidates.items()}
    owner = _segment_owner(alignment)
    bead_terms: dict[int, set[int]] = {}
    for (side, index), found in marks.items():
        bead_terms.setdefault(owner[side][index], set()).update(m.ref for m in found)
    return marks, bead_terms


def _unique(forms: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for form in forms:
        if form and form.strip() and form not in out:
            out.append(form)
    return tuple(out)


def _segment_owner(alignment: Alignment) -> dict[Side, list[int]]:
    """For each side, the bead index that holds each segment."""
    owner: dict[Side, list[int]] = {"source": [-1] * len(alignment.source), "target": [-1] * len(alignment.target)}
    for b, bead in enumerate(alignment.beads):
        for i in bead.source_index:
            if 0 <= i < len(owner["source"]):
                owner["source"][i] = b
        for i in bead.target_index:
            if 0 <= i < len(owner["target"]):
                owner["target"][i] = b
    return owner


# ------------------------------------------------------------------------------------------ finding placement


def _same_file(a: str | None, b: str | None) -> bool:
    """Whether two file names refer to the same input (the same path, or the same base name)."""
    if not a or not b:
        return False
    return a == b or re.split(r"[\\/]", a)[-1] == re.split(r"[\\/]", b)[-1]


def _finding_side(alignment: Alignment, finding: Finding) -> Side | None:
    """The side a finding is about: by the file it names, else by its language.

    ``None`` when it names a file that is neither side (a finding about the glossary, say).
    """
    file = finding.location.file
    if file is not None and (alignment.source_name or alignment.target_name):
        if _same_file(file, alignment.target_name):
            return "target"
        if _same_file(file, alignment.source_name):
            return "source"
        return None
    if finding.lang == alignment.target_lang:
        return "target"
    if finding.lang == alignment.source_lang:
        return "source"
    return None


def _entry_bead(entry: str | None, count: int) -> int | None:
    """The bead named by a location's entry id (``"bead 12"``, 1-based, as the checks name aligned pairs), 0-based."""
    if not entry:
        return None
    match = re.fullmatch(r"\s*bead\s*#?\s*(\d+)\s*", entry, re.IGNORECASE)
    if not match:
        return None
    index = int(match.group(1)) - 1
    return index if 0 <= index < count else None


def _line_candidates(segments: Sequence[Segment], lines: list[int], line: int) -> list[int]:
    """Indices of the segments that start on ``line``, or of the segment running over it."""
    lo = bisect.bisect_left(lines, line)
    hi = bisect.bisect_right(lines, line)
    if hi > lo:
        return list(range(lo, hi))
    if lo > 0:
        return [lo - 1]
    return []


def _locate_text(
    segments: Sequence[Segment], candidates: Sequence[int], bases: Sequence[int], finding: Finding
) -> tuple[int, int | None, int | None]:
    """The segment among ``candidates`` holding the finding's text, and the span of the text in it.

    ``bases[k]`` is where candidate ``k`` starts in the string the finding's offsets refer to (the line the
    candidates share, or the bead's text, :meth:`Alignment.bead_text`); offsets into the sentence itself are tried too.
    """
    text = finding.text
    start = finding.location.start
    if text:
        if start is not None:
            for i, base in zip(candidates, bases, strict=True):
                seg = segments[i]
                for offset in (start - base, start):
                    if offset >= 0 and seg.text[offset : offset + len(text)] == text:
                        return i, offset, offset + len(text)
        best: tuple[int, int, int] | None = None
        for flags in (0, re.IGNORECASE):
            pattern = re.compile(re.escape(text), flags)
            for i, base in zip(candidates, bases, strict=True):
                for m in pattern.finditer(segments[i].text):
                    distance = abs(m.start() + base - start) if start is not None else 0
                    if best is None or distance < best[0]:
                        best = (distance, i, m.start())
            if best is not None:
                _, i, at = best
                return i, at, at + len(text)
    if start is not None:
        # Not quoting the sentence (a missing term): the sentence the offset falls into.
        for i, base in zip(candidates, bases, strict=True):
            if base <= start <= base + len(segments[i].text):
                return i, None, None
    return candidates[0], None, None


def place_findings(alignment: Alignment, findings: Sequence[Finding]) -> list[Placement]:
    """Where each finding lands: its bead, side, sentence and character span (see :class:`Placement`).

    A finding naming a bead (entry ``"bead 12"``, as the checks report aligned pairs) goes to that bead, on
    the side of its language, its offsets counted in the bead's text (:meth:`Alignment.bead_text`). Otherwise its
    line picks the sentences: those starting on that line, or the one running over it, and among them the
    one containing the finding's text nearest its offset. A finding whose text is not in the sentence (a
    missing term) is attached to the row without a span. Findings about another file (a glossary), or with
    neither entry nor line, are left unplaced: they are listed in the table only.
    """
    owner = _segment_owner(alignment)
    sides: dict[Side, Sequence[Segment]] = {"source": alignment.source, "target": alignment.target}
    order: dict[Side, list[int]] = {}
    line_keys: dict[Side, list[int]] = {}
    side: Side | None
    for side, segments in sides.items():
        # Segments are in text order, so their lines do not decrease; sort anyway for hand-built input.
        keys = [(seg.line, seg.start, i) for i, seg in enumerate(segments)]
        order[side] = sorted(range(len(segments)), key=keys.__getitem__)
        line_keys[side] = [segments[i].line for i in order[side]]
    placements: list[Placement] = []
    for n, finding in enumerate(findings):
        bead_index = _entry_bead(finding.location.entry, len(alignment.beads))
        if bead_index is not None:
            placements.append(_place_in_bead(alignment, n, finding, bead_index))
            continue
        side = _finding_side(alignment, finding)
        if side is None or finding.location.line is None:
            placements.append(Placement(n))
            continue
        segments = sides[side]
        candidates = [order[side][k] for k in _line_candidates(segments, line_keys[side], finding.location.line)]
        if not candidates:
            placements.append(Placement(n))
            continue
        first = segments[candidates[0]].start
        bases = [segments[i].start - first for i in candidates]
        index, start, end = _locate_text(segments, candidates, bases, finding)
        bead = owner[side][index]
        placements.append(Placement(n, bead if bead >= 0 else None, side, index, start, end))
    return placements


def _place_in_bead(alignment: Alignment, n: int, finding: Finding, bead_index: int) -> Placement:
    """Place a finding that names its bead: the side of its language, offsets into the bead's text."""
    bead = alignment.beads[bead_index]
    side: Side = (
        "source" if finding.lang == alignment.source_lang and finding.lang != alignment.target_lang else "target"
    )
    indices = bead.source_index if side == "source" else bead.target_index
    if not indices:
        # Nothing on that side (a 1-0 bead): the row still shows it, on the side that has text.
        side = "target" if side == "source" else "source"
        return Placement(n, bead_index, side)
    segments = alignment.source if side == "source" else alignment.target
    _, bases = join_segments([segments[i] for i in indices])
    index, start, end = _locate_text(segments, list(indices), bases, finding)
    return Placement(n, bead_index, side, index, start, end)


# ---------------------------------------------------------------------------------------------------- summary


def summarize(
    alignment: Alignment | None,
    term_pairs: Sequence[TermPair],
    findings: Sequence[Finding],
    placements: Sequence[Placement] = (),
) -> Summary:
    """The figures at the top of the report (see :class:`Summary`)."""
    beads = alignment.beads if alignment is not None else ()
    kinds = Counter(b.kind for b in beads)
    # 1-1 first, then the other kinds by frequency, ties by name: the usual reading order.
    kind_list = sorted(kinds.items(), key=lambda kv: (kv[0] != "1-1", -kv[1], kv[0]))
    scores = [b.score for b in beads if not math.isnan(b.score)]
    buckets = [0] * (len(BUCKET_EDGES) + 1)
    for s in scores:
        buckets[score_bucket(s)] += 1
    severities = Counter(f.severity for f in findings)
    by_severity = tuple((s, severities[s]) for s in SEVERITY_ORDER if severities[s])
    codes: dict[str, Counter[str]] = {}
    for f in findings:
        codes.setdefault(f.code, Counter())[f.severity] += 1
    by_code = tuple(
        sorted(
            ((code, _worst(counts), sum(counts.values())) for code, counts in codes.items()),
            key=lambda c: (_severity_rank(c[1]), -c[2], c[0]),
        )
    )
    drift, drift_bead = _max_drift(alignment) if alignment is not None else (0.0, None)
    numbers = summarize_alignment(alignment) if alignment is not None else None
    return Summary(
        beads=len(beads),
        bead_kinds=tuple(kind_list),
        linked=sum(1 for b in beads if b.linked),
        source_segments=len(alignment.source) if alignment is not None else 0,
        target_segments=len(alignment.target) if alignment is not None else 0,
        mean_score=numbers.mean_score if numbers is not None else None,
        low_confidence=numbers.low_confidence if numbers is not None else 0,
        buckets=tuple(buckets),
        term_pairs=len(term_pairs),
        findings=len(findings),
        by_severity=by_severity,
        by_code=by_code,
        placed_findings=sum(1 for p in placements if p.bead is not None),
        max_drift=drift,
        max_drift_bead=drift_bead,
        parallel_score=alignment.parallel_score if alignment is not None else 1.0,
        is_parallel=alignment.is_parallel if alignment is not None else True,
    )


def _severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def _worst(counts: Mapping[str, int]) -> str:
    return min(counts, key=lambda s: (_severity_rank(s), s))


def _max_drift(alignment: Alignment) -> tuple[float, int | None]:
    """How far the path strays from the straight diagonal, in target sentences, and at which bead.

    A sound alignment of two complete texts stays near the diagonal; a large drift means a block of one
    text has no counterpart (a missing section, page junk) or the alignment went off track.
    """
    ns, nt = len(alignment.source), len(alignment.target)
    if not ns or not nt:
        return 0.0, None
    ratio = nt / ns
    worst, where = 0.0, None
    s = t = 0
    for b, bead in enumerate(alignment.beads):
        s += len(bead.source_index)
        t += len(bead.target_index)
        drift = abs(t - s * ratio)
        if drift > worst + 1e-9:
            worst, where = drift, b
    return worst, where


# ---------------------------------------------------------------------------------------------- the path map


def bead_corners(alignment: Alignment) -> list[tuple[int, int, int, int]]:
    """Each bead as ``(s0, t0, s1, t1)``: the grid corners it runs between (sentence counts before/after)."""
    corners: list[tuple[int, int, int, int]] = []
    s = t = 0
    for bead in alignment.beads:
        s0 = bead.source_index[0] if bead.source_index else s
        t0 = bead.target_index[0] if bead.target_index else t
        s1, t1 = s0 + len(bead.source_index), t0 + len(bead.target_index)
        corners.append((s0, t0, s1, t1))
        s, t = s1, t1
    return corners


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker on a polyline (iterative, so long runs cannot overflow the stack)."""
    if len(points) <= 2:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        worst, at = -1.0, -1
        for k in range(first + 1, last):
            px, py = points[k]
            d = abs(dy * (px - x0) - dx * (py - y0)) / norm if norm else math.hypot(px - x0, py - y0)
            if d > worst:
                worst, at = d, k
        if worst > tolerance:
            keep[at] = True
            stack.append((first, at))
            stack.append((at, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def alignment_path(alignment: Alignment, size: float = 1000.0, tolerance: float = 0.75) -> list[PathRun]:
    """The alignment as runs of polyline in a ``size`` × ``size`` map, coloured by confidence bucket.

    Beads are grouped into at most :data:`MAX_PATH_PIECES` consecutive windows (one bead per window up to
    that many beads); a window is coloured by the mean score of its linked beads, consecutive windows of the
    same bucket join into a run, and each run is simplified to within ``tolerance`` map units. Unlinked beads
    (1-0, 0-1) come back separately as runs of bucket -1, drawn on top in their own style: consecutive ones
    merged, and in long documents snapped to whole map units so that they cost at most one piece per unit of
    path however many there are.
    """
    corners = bead_corners(alignment)
    if not corners:
        return []
    sx = size / max(1, len(alignment.source))
    sy = size / max(1, len(alignment.target))
    window = max(1, math.ceil(len(corners) / MAX_PATH_PIECES))
    runs: list[tuple[int, list[tuple[float, float]]]] = []
    for w in range(0, len(corners), window):
        group = range(w, min(w + window, len(corners)))
        scores = [alignment.beads[b].score for b in group if alignment.beads[b].linked]
        s0, t0 = corners[group[0]][:2]
        s1, t1 = corners[group[-1]][2:]
        start, end = (s0 * sx, t0 * sy), (s1 * sx, t1 * sy)
        if not scores:
            continue
        bucket = score_bucket(sum(scores) / len(scores))
        if runs and runs[-1][0] == bucket and runs[-1][1][-1] == start:
            runs[-1][1].append(end)
        else:
            runs.append((bucket, [start, end]))
    out = [PathRun(b, tuple(_round_points(_simplify(points, tolerance)))) for b, points in runs]
    # Snap unlinked beads to the map's resolution when sentences are smaller than a map unit.
    digits = 1 if min(sx, sy) >= 1 else 0
    gaps: list[list[tuple[float, float]]] = []
    for b, (s0, t0, s1, t1) in enumerate(corners):
        if alignment.beads[b].linked:
            continue
        start = (round(s0 * sx, digits), round(t0 * sy, digits))
        end = (round(s1 * sx, digits), round(t1 * sy, digits))
        if gaps and gaps[-1][-1] == start:
            if _same_direction(gaps[-1], end):
                gaps[-1][-1] = end
            else:
                gaps[-1].append(end)
        elif gaps and start in gaps[-1] and end in gaps[-1]:
            continue
        else:
            gaps.append([start, end])
    out.extend(PathRun(-1, tuple(points)) for points in gaps)
    return out


def _same_direction(points: list[tuple[float, float]], end: tuple[float, float]) -> bool:
    """Whether extending the polyline ``points`` to ``end`` keeps its last piece straight."""
    (x0, y0), (x1, y1) = points[-2] if len(points) > 1 else points[0], points[-1]
    return (x0 == x1 == end[0]) or (y0 == y1 == end[1])


def _round_points(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for x, y in points:
        p = (round(x, 1), round(y, 1))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return out


def finding_markers(
    alignment: Alignment, layout: Layout, size: float = 1000.0, cell: float = 3.0
) -> list[tuple[float, float, str, int]]:
    """Map markers for rows with findings: ``(x, y, worst severity, bead)``.

    Markers less than ``cell`` map units apart in height are merged (keeping the most severe), and at most
    :data:`MAX_MARKERS` are kept (the most severe first), so the map stays small for any number of findings.
    """
    corners = bead_corners(alignment)
    sx = size / max(1, len(alignment.source))
    sy = size / max(1, len(alignment.target))
    markers: dict[int, tuple[float, float, str, int]] = {}
    for bead, refs in sorted(layout.bead_findings.items()):
        s0, t0, s1, t1 = corners[bead]
        x, y = (s0 + s1) / 2 * sx, (t0 + t1) / 2 * sy
        severity = _worst(Counter(layout.findings[r].severity for r in refs))
        key = int(y // cell)
        old = markers.get(key)
        if old is None or _severity_rank(severity) < _severity_rank(old[2]):
            markers[key] = (round(x, 1), round(y, 1), severity, bead)
    ranked = sorted(markers.values(), key=lambda m: (_severity_rank(m[2]), m[3]))[:MAX_MARKERS]
    return sorted(ranked, key=lambda m: m[3])


# ----------------------------------------------------------------------------------------------------- layout


def layout(
    alignment: Alignment | None,
    term_pairs: Sequence[TermPair] = (),
    findings: Sequence[Finding] = (),
) -> Layout:
    """Compute everything the report shows (see the module docstring)."""
    pairs, found = tuple(term_pairs), tuple(findings)
    result = Layout(alignment, pairs, found)
    if alignment is not None:
        result.marks, result.bead_terms = term_marks(alignment, pairs)
        result.placements = tuple(place_findings(alignment, found))
        for p in result.placements:
            if p.bead is None:
                continue
            result.bead_findings.setdefault(p.bead, []).append(p.finding)
            if p.side is not None and p.segment is not None and p.start is not None and p.end is not None:
                result.marks.setdefault((p.side, p.segment), []).append(Mark(p.start, p.end, "finding", p.finding))
    else:
        result.placements = tuple(Placement(n) for n in range(len(found)))
    result.summary = summarize(alignment, pairs, found, result.placements)
    if alignment is not None:
        result.corners = bead_corners(alignment)
        result.path = alignment_path(alignment, MAP_SIZE)
        result.markers = finding_markers(alignment, result, MAP_SIZE)
    return result


def build_report(
    alignment: Alignment | None,
    *,
    term_pairs: Sequence[TermPair] | None = None,
    findings: Sequence[Finding] | None = None,
    title: str | None = None,
    meta: Mapping[str, str] | None = None,
    timestamp: str | None = None,
) -> str:
    """The HTML review report of an alignment, its term pairs and QA findings, as one self-contained page.

    ``meta`` adds lines to the header (``{"Glossary": "medical"}``); ``timestamp`` is printed as given and
    left out when ``None``, so the same input always gives byte-identical output.
    """
    from termalign.formats.html import render_html

    return render_html(layout(alignment, term_pairs or (), findings or ()), title=title, meta=meta,
                       timestamp=timestamp)
