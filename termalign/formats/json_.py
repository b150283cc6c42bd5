"""termalign's own JSON format for an :class:`~termalign.model.Alignment`: complete, versioned, round-trippable.

The schema is documented in ``docs/formats.md`` (it is a public contract: tooling may parse it). In short::

    {"schema_version": 1, "termalign_version": "...", "source_lang": "en", "target_lang": "id",
     "source_file": "a.en.txt", "target_file": "a.id.txt", "is_parallel": true, "parallel_score": 0.998,
     "stats": {...},
     "beads": [{"source": ["..."], "target": ["..."], "source_text": "...", "target_text": "...",
                "source_index": [0], "target_index": [0],
                "score": 0.93, "kind": "1-1", "length_score": 0.8, "evidence": [{"kind": ..., ...}],
                "source_offsets": [[0, 42]], "target_offsets": [[0, 47]], "source_span": [0, 42],
                "target_span": [0, 47], "source_lines": [1],
                "target_lines": [1], "source_paragraphs": [0], "target_paragraphs": [0]}, ...]}

Every segment of both texts appears in exactly one bead, so the reader rebuilds the segment lists from the
beads and the round trip ``from_json(to_json(a))`` gives back ``a`` (scores rounded to 4 decimals).
Output is deterministic: fixed key order, non-ASCII kept as is (``ensure_ascii=False``), indent 2 (flat lists
on one line) and a final newline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from termalign import __version__
from termalign.errors import InputError
from termalign.model import Alignment, Anchor, Bead, Segment
from termalign.summary import summarize_alignment

SCHEMA_VERSION = 1
# Scores are rounded so that outputs diff cleanly between runs and machines.
SCORE_DIGITS = 4


def _round(value: float) -> float:
    """A score rounded for output; NaN/inf (never produced by the aligner) become 0.0 to keep JSON valid."""
    if not math.isfinite(value):
        return 0.0
    return round(float(value), SCORE_DIGITS)


def summary_stats(alignment: Alignment) -> dict[str, Any]:
    """:func:`termalign.summary.summarize_alignment` as the JSON ``stats`` object.

    ``aligner`` holds the aligner's own ``Alignment.stats`` (dictionary entries used, length ratio...).
    """
    s = summarize_alignment(alignment)
    return {
        "source_segments": s.source_segments,
        "target_segments": s.target_segments,
        "beads": s.beads,
        "linked_beads": s.linked_beads,
        "beads_by_kind": dict(s.beads_by_kind),
        "mean_score": _round(s.mean_score) if s.mean_score is not None else 0.0,
        "unlinked_source": s.unlinked_source,
        "unlinked_target": s.unlinked_target,
        "aligner": {key: _plain(alignment.stats[key]) for key in sorted(alignment.stats)},
    }


def _plain(value: Any) -> Any:
    """A stats value as plain JSON (floats rounded, anything exotic as a string)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return _round(value) if not value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def bead_to_dict(alignment: Alignment, bead: Bead) -> dict[str, Any]:
    """One bead as a JSON object (see the module docstring for the keys)."""
    src = alignment.segments(bead, "source")
    tgt = alignment.segments(bead, "target")
    source_span = alignment.bead_span(bead, "source")
    target_span = alignment.bead_span(bead, "target")
    return {
        "source": [s.text for s in src],
        "target": [t.text for t in tgt],
        "source_text": alignment.bead_text(bead, "source"),
        "target_text": alignment.bead_text(bead, "target"),
        "source_index": list(bead.source_index),
        "target_index": list(bead.target_index),
        "score": _round(bead.score),
        "kind": bead.kind,
        "length_score": _round(bead.length_score),
        "evidence": [
            {"kind": a.kind, "source": a.source, "target": a.target, "weight": _round(a.weight)}
            for a in bead.evidence
        ],
        "source_offsets": [[s.start, s.end] for s in src],
        "target_offsets": [[t.start, t.end] for t in tgt],
        "source_span": list(source_span) if source_span else None,
        "target_span": list(target_span) if target_span else None,
        "source_lines": [s.line for s in src],
        "target_lines": [t.line for t in tgt],
        "source_paragraphs": [s.paragraph for s in src],
        "target_paragraphs": [t.paragraph for t in tgt],
    }


def to_dict(
    alignment: Alignment,
    *,
    source_file: str | None = None,
    target_file: str | None = None,
) -> dict[str, Any]:
    """The alignment as a JSON-ready dict; ``source_file``/``target_file`` default to the alignment's names."""
    data = _head(alignment, source_file, target_file)
    data["beads"] = [bead_to_dict(alignment, bead) for bead in alignment.beads]
    return data


def _head(alignment: Alignment, source_file: str | None, target_file: str | None) -> dict[str, Any]:
    """Every top-level field of the JSON but ``beads`` (which comes last), in output order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "termalign_version": __version__,
        "source_lang": alignment.source_lang,
        "target_lang": alignment.target_lang,
        "source_file": source_file if source_file is not None else alignment.source_name,
        "target_file": target_file if target_file is not None else alignment.target_name,
        "is_parallel": alignment.is_parallel,
        "parallel_score": _round(alignment.parallel_score),
        "stats": summary_stats(alignment),
    }


def to_json(
    alignment: Alignment,
    *,
    source_file: str | None = None,
    target_file: str | None = None,
) -> str:
    """The alignment as termalign JSON text (deterministic, UTF-8 characters kept, final newline)."""
    return "".join(iter_json(alignment, source_file=source_file, target_file=target_file))


def iter_json(
    alignment: Alignment,
    *,
    source_file: str | None = None,
    target_file: str | None = None,
) -> Iterator[str]:
    """:func:`to_json` in pieces, one bead at a time, for writing a large alignment without holding its whole
    text (or the dicts of all its beads) in memory; the pieces join to exactly :func:`to_json`'s text."""
    head = _head(alignment, source_file, target_file)
    yield "{\n" + "".join(f"  {_ENCODER.encode(k)}: {dumps(v, 1)},\n" for k, v in head.items()) + '  "beads": '
    if not alignment.beads:
        yield "[]\n}\n"
        return
    yield "[\n"
    for k, bead in enumerate(alignment.beads):
        yield ("    " if k == 0 else ",\n    ") + bead_json(alignment, bead)
    yield "\n  ]\n}\n"


def bead_json(alignment: Alignment, bead: Bead) -> str:
    """``dumps(bead_to_dict(alignment, bead), 2)``, written directly: the same text (a test compares them over
    whole alignments) in a fifth of the time, as the generic path asks the encoder for each of a bead's fifty
    small values; the beads are most of a JSON output."""
    src = alignment.segments(bead, "source")
    tgt = alignment.segments(bead, "target")
    text = _STRING
    if bead.evidence:
        evidence = "[\n        " + ",\n        ".join(
            f'{{"kind": {text(a.kind)}, "source": {text(a.source)}, "target": {text(a.target)}, '
            f'"weight": {_round(a.weight)!r}}}' for a in bead.evidence) + "\n      ]"
    else:
        evidence = "[]"
    return (
        f'{{\n      "source": [{", ".join([text(s.text) for s in src])}],'
        f'\n      "target": [{", ".join([text(t.text) for t in tgt])}],'
        f'\n      "source_text": {text(alignment.bead_text(bead, "source"))},'
        f'\n      "target_text": {text(alignment.bead_text(bead, "target"))},'
        f'\n      "source_index": [{", ".join(map(str, bead.source_index))}],'
        f'\n      "target_index": [{", ".join(map(str, bead.target_index))}],'
        f'\n      "score": {_round(bead.score)!r},'
        f'\n      "kind": {text(bead.kind)},'
        f'\n      "length_score": {_round(bead.length_score)!r},'
        f'\n      "evidence": {evidence},'
        f'\n      "source_offsets": [{", ".join([f"[{s.start}, {s.end}]" for s in src])}],'
        f'\n      "target_offsets": [{", ".join([f"[{t.start}, {t.end}]" for t in tgt])}],'
        f'\n      "source_span": {f"[{src[0].start}, {src[-1].end}]" if src else "null"},'
        f'\n      "target_span": {f"[{tgt[0].start}, {tgt[-1].end}]" if tgt else "null"},'
        f'\n      "source_lines": [{", ".join([str(s.line) for s in src])}],'
        f'\n      "target_lines": [{", ".join([str(t.line) for t in tgt])}],'
        f'\n      "source_paragraphs": [{", ".join([str(s.paragraph) for s in src])}],'
        f'\n      "target_paragraphs": [{", ".join([str(t.paragraph) for t in tgt])}]'
        "\n    }"
    )


def _is_flat(value: Any) -> bool:
    """A list printed on one line: scalars, or lists of scalars (offset pairs)."""
    return isinstance(value, list) and all(
        not isinstance(v, (dict, list)) or (isinstance(v, list) and not any(isinstance(x, (dict, list)) for x in v))
        for v in value
    )


def _is_record(value: Any) -> bool:
    """A small object of scalars in a list (an evidence item): printed on one line."""
    return isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values())


# One encoder for all the small pieces: json.dumps() with options builds a new encoder on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
# A string as that encoder writes it (ensure_ascii=False), without the encoder's per-call set-up.
_STRING = json.encoder.encode_basestring


def _inline(value: Any) -> str:
    return _ENCODER.encode(value)


def dumps(value: Any, indent: int = 0) -> str:
    """JSON text indented by 2, except that flat lists (``[0, 1]``, ``[[0, 42]]``, sentence lists) and
    evidence items stay on one line: a bead reads as one short block instead of forty lines. Keys keep
    insertion order; non-ASCII characters are written as they are."""
    pad = "  " * (indent + 1)
    if isinstance(value, dict) and value:
        items = [f"{pad}{_ENCODER.encode(k)}: {dumps(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list) and value and not _is_flat(value):
        items = [pad + (_inline(v) if _is_record(v) else dumps(v, indent + 1)) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
    return _inline(value)


# ---------------------------------------------------------------------------------------------- reading


def _fail(message: str, name: str, entry: str | None = None, hint: str | None = None) -> InputError:
    return InputError(message, file=name, entry=entry, hint=hint)


def _int_list(bead: dict[str, Any], key: str, length: int, name: str, entry: str, default: int) -> list[int]:
    """``bead[key]`` as a list of ``length`` ints (``default`` for each when the optional key is absent)."""
    value = bead.get(key)
    if value is None:
        return [default] * length
    if not isinstance(value, list) or len(value) != length or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise _fail(f"{key!r} must be a list of {length} integer(s)", name, entry)
    return value


def from_dict(data: Any, *, name: str = "<json>") -> Alignment:
    """Rebuild an :class:`Alignment` from a dict in termalign JSON form, validating it.

    Segments are rebuilt from the beads; every source and target index must occur exactly once, and the
    indices must be ``0..n-1``. Problems raise :class:`InputError` naming the bead (``beads[3]``).
    """
    if not isinstance(data, dict) or "beads" not in data:
        raise _fail("not a termalign alignment (no 'beads' list)", name,
                    hint="expected the output of 'termalign align --format json'")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise _fail(f"schema_version {version!r} is newer than this termalign understands ({SCHEMA_VERSION})",
                    name, hint="upgrade termalign")
    beads_in = data["beads"]
    if not isinstance(beads_in, list):
        raise _fail("'beads' must be a list", name)
    source: dict[int, Segment] = {}
    target: dict[int, Segment] = {}
    beads: list[Bead] = []
    for number, raw in enumerate(beads_in):
        entry = f"beads[{number}]"
        if not isinstance(raw, dict):
            raise _fail("a bead must be an object", name, entry)
        sides: dict[str, tuple[int, ...]] = {}
        for side, store in (("source", source), ("target", target)):
            texts = raw.get(side, [])
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise _fail(f"{side!r} must be a list of strings", name, entry)
            index = _int_list(raw, f"{side}_index", len(texts), name, entry, -1)
            if -1 in index and f"{side}_index" not in raw:
                raise _fail(f"{side}_index is missing", name, entry)
            offsets = raw.get(f"{side}_offsets")
            if offsets is None:
                offsets = [[0, len(t)] for t in texts]
            if not isinstance(offsets, list) or len(offsets) != len(texts) or not all(
                isinstance(o, list) and len(o) == 2 and all(isinstance(x, int) for x in o) for o in offsets
            ):
                raise _fail(f"{side}_offsets must be a list of [start, end] pairs, one per sentence", name, entry)
            lines = _int_list(raw, f"{side}_lines", len(texts), name, entry, 1)
            paragraphs = _int_list(raw, f"{side}_paragraphs", len(texts), name, entry, 0)
            for text, idx, (start, end), line, para in zip(texts, index, offsets, lines, paragraphs, strict=True):
                if idx in store:
                    raise _fail(f"{side} segment {idx} appears in two beads", name, entry)
                store[idx] = Segment(text=text, index=idx, paragraph=para, start=start, end=end, line=line)
            sides[side] = tuple(index)
        score = raw.get("score", 0.0)
        length_score = raw.get("length_score", 0.0)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (score, length_score)):
            raise _fail("'score' and 'length_score' must be numbers", name, entry)
        if not all(0.0 <= v <= 1.0 for v in (score, length_score)):  # also false for NaN
            raise _fail(f"score {score!r} / length_score {length_score!r}: scores must be between 0 and 1",
                        name, entry)
        evidence_in = raw.get("evidence", [])
        if not isinstance(evidence_in, list):
            raise _fail("'evidence' must be a list", name, entry)
        evidence: list[Anchor] = []
        for item in evidence_in:
            if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
                raise _fail("each evidence item needs a 'kind'", name, entry)
            weight = item.get("weight", 1.0)
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not math.isfinite(weight):
                raise _fail("an evidence item's 'weight' must be a finite number", name, entry)
            if not all(isinstance(item.get(k, ""), str) for k in ("source", "target")):
                raise _fail("an evidence item's 'source' and 'target' must be strings", name, entry)
            evidence.append(Anchor(kind=item["kind"], source=item.get("source", ""), target=item.get("target", ""),
                                   weight=float(weight)))
        beads.append(Bead(source_index=sides["source"], target_index=sides["target"], score=float(score),
                          evidence=tuple(evidence), length_score=float(length_score)))
    for side, store in (("source", source), ("target", target)):
        if sorted(store) != list(range(len(store))):
            # n distinct indices that are not 0..n-1: one is negative or one below n is missing (never build
            # range(max + 1): the largest index may be huge)
            missing = [] if min(store) < 0 else [i for i in range(len(store)) if i not in store][:5]
            raise _fail(f"{side} segment indices are not 0..{len(store) - 1}"
                        + (f" (missing {missing})" if missing else " (negative index)"), name)
    stats = data.get("stats", {})
    aligner = stats.get("aligner", {}) if isinstance(stats, dict) else {}
    return Alignment(
        source=tuple(source[i] for i in range(len(source))),
        target=tuple(target[i] for i in range(len(target))),
        beads=tuple(beads),
        source_lang=str(data.get("source_lang", "en")),
        target_lang=str(data.get("target_lang", "id")),
        source_name=data.get("source_file"),
        target_name=data.get("target_file"),
        stats=dict(aligner) if isinstance(aligner, dict) else {},
        parallel_score=_score_field(data, "parallel_score", name),
        is_parallel=bool(data.get("is_parallel", True)),
    )


def _score_field(data: dict[str, Any], key: str, name: str) -> float:
    """A probability field of the head (1.0 when absent: files written before the field existed)."""
    value = data.get(key, 1.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise _fail(f"'{key}' must be a number from 0 to 1", name)
    return float(value)


def load_json(text: str, *, name: str, what: str = "not valid JSON", hint: str | None = None) -> Any:
    """``json.loads(text)``, every way it can fail being an :class:`InputError` ``"<what>: <reason>"`` naming
    ``name`` (and the line for a syntax error).

    Besides syntax errors, the decoder raises ``RecursionError`` for arrays or objects nested a thousand deep
    and ``ValueError`` for an integer longer than Python's conversion limit (4,300 digits); both are input
    problems, not bugs.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what}: {exc.msg}", file=name, line=exc.lineno, hint=hint) from None
    except RecursionError:
        raise InputError(f"{what}: arrays or objects nested too deeply to read", file=name, hint=hint) from None
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion..."
        reason = str(exc).split(";")[0]
        raise InputError(f"{what}: a number too long to read ({reason})", file=name, hint=hint) from None


def from_json(text: str, *, name: str = "<json>") -> Alignment:
    """Parse termalign JSON text into an :class:`Alignment` (see :func:`from_dict`)."""
    return from_dict(load_json(text, name=name), name=name)
