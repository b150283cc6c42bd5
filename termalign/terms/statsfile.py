"""Term statistics files (``terms --save-stats`` / ``--from-stats``): one round's statistics of a shard, or the model
merged from all shards, as gzip-compressed JSON.

The JSON is a header and a payload. The header says what the file is (``kind``: ``"part"`` or ``"model"``), the
format ``version``, the ``round`` (:data:`termalign.terms.stats.ROUNDS`), a fingerprint of the extraction options
(``settings``) and of the whole input list (``inputs``), and for a part its shard. The payload encodes the
statistics' objects with a tag per type (only the classes of :data:`CLASSES` are rebuilt: reading a file never
runs code from it); floats are written with Python's shortest round-trip form, so a number read back is the
number written.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import zlib
from collections import Counter
from typing import Any

import termalign.terms.indonesian as idn
from termalign.errors import InputError
from termalign.terms.candidates import Termhood
from termalign.terms.projection import Neighbour, Occurrence
from termalign.terms.review import SpanFinding
from termalign.terms.stats import (
    ROUNDS,
    CountStats,
    IndexStats,
    Model,
    PairStats,
    ProbeStats,
    TargetStats,
)

FORMAT = "termalign-term-stats"
VERSION = 1
CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    CountStats, IndexStats, ProbeStats, PairStats, TargetStats, Model, Termhood, Occurrence, Neighbour,
)}


def _encode(obj: Any) -> Any:
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, SpanFinding):
        return {"F": [_encode(v) for v in obj]}
    if isinstance(obj, Counter):
        return {"C": [[_encode(k), v] for k, v in obj.items()]}
    if isinstance(obj, dict):
        return {"D": [[_encode(k), _encode(v)] for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"T": [_encode(v) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        items = [_encode(v) for v in obj]
        items.sort(key=lambda v: json.dumps(v, ensure_ascii=False))
        return {"S" if isinstance(obj, set) else "Z": items}
    if isinstance(obj, idn.Lexicon):
        return {"L": sorted(obj.words)}
    name = type(obj).__name__
    if CLASSES.get(name) is type(obj) and dataclasses.is_dataclass(obj):
        return {"O": name, "V": {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                                 if not f.name.startswith("_")}}
    raise TypeError(f"cannot write a {name} to a statistics file")


def _decode(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_decode(v) for v in obj]
    if not isinstance(obj, dict):
        return obj
    if len(obj) == 1:
        (tag, value), = obj.items()
        if tag == "T":
            return tuple(_decode(v) for v in value)
        if tag == "C":
            return Counter({_decode(k): v for k, v in value})
        if tag == "D":
            return {_decode(k): _decode(v) for k, v in value}
        if tag == "S":
            return {_decode(v) for v in value}
        if tag == "Z":
            return frozenset(_decode(v) for v in value)
        if tag == "L":
            return idn.Lexicon(value)
        if tag == "F":
            return SpanFinding(*(_decode(v) for v in value))
    if set(obj) == {"O", "V"} and obj["O"] in CLASSES:
        cls = CLASSES[obj["O"]]
        return cls(**{k: _decode(v) for k, v in obj["V"].items()})
    raise ValueError("unknown object in the payload")


def dumps(header: dict[str, Any], payload: Any) -> bytes:
    """The file's bytes: gzip of ``{"format", "version", **header, "payload"}`` (mtime 0: same stats, same bytes)."""
    doc = {"format": FORMAT, "version": VERSION, **header, "payload": _encode(payload)}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def loads(data: bytes, name: str) -> tuple[dict[str, Any], Any]:
    """``(header, payload)`` of a statistics file; :class:`InputError` naming ``name`` when it is not one, or one
    of another format version."""
    try:
        doc = json.loads(gzip.decompress(data).decode("utf-8"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"not a termalign term statistics file ({type(exc).__name__}: {exc})", file=name,
                         hint="write one with: termalign terms --save-stats FILE") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError("not a termalign term statistics file", file=name)
    if doc.get("version") != VERSION:
        raise InputError(f"term statistics of format version {doc.get('version')!r}; this termalign reads version "
                         f"{VERSION}", file=name, hint="write the statistics again with this version")
    if doc.get("kind") not in ("part", "model") or doc.get("round") not in ROUNDS:
        raise InputError("term statistics file with a bad header", file=name)
    try:
        payload = _decode(doc["payload"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"term statistics file with a damaged payload ({exc})", file=name) from None
    header = {k: v for k, v in doc.items() if k != "payload"}
    return header, payload
