"""JSON Lines (``--format jsonl``): one compact JSON record per line, written as it is produced.

A stream a shell pipeline, ``jq``, a Snakemake rule or a Spark/Dask job reads line by line, and that
concatenates: the outputs of the shards of a ``--shard I/N`` run, joined in shard order, are the output of the
unsharded run (see ``docs/scale.md``). So no record is a header or a summary; counts go to standard error.

* ``align``: one record per bead: ``{"id": ..., "bead": N, ...}``, ``id`` being the pair's id in a batch (else
  the source file name), ``bead`` its 1-based number, and the rest the keys of a bead of the JSON format
  (``docs/formats.md``).
* ``check``: one record per finding: the keys of a finding of the JSON format, with its ``fingerprint``.
* ``terms``: one record per term pair: the keys of a pair of the term-list JSON (``docs/terms.md``).

Keys in a fixed order, UTF-8 characters as they are, no spaces, ``\\n`` after every record. Written to a file, the
output is put in place atomically once complete; to standard output it is handed over record by record.
:func:`iter_records` reads JSON Lines back (``align --batch pairs.jsonl``), naming the line of a bad record;
:func:`alignment_from_jsonl` reads an ``align`` stream back as one alignment (``terms --aligned beads.jsonl``: the
beads of every pair, pooled).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from termalign.errors import InputError
from termalign.formats.findings import Pieces, finding_dict
from termalign.formats.json_ import bead_to_dict
from termalign.formats.termlist import pair_to_dict
from termalign.model import Alignment, Bead, Finding, Segment, TermPair

_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def record(value: dict[str, Any]) -> str:
    """One JSON Lines record (without its newline)."""
    return _ENCODER.encode(value)


def iter_alignment_jsonl(alignment: Alignment, *, id: str | None = None) -> Iterator[str]:
    """The records of ``alignment``, one line each (newline included), bead by bead."""
    name = id if id is not None else alignment.source_name
    for number, bead in enumerate(alignment.beads, start=1):
        yield record({"id": name, "bead": number, **bead_to_dict(alignment, bead)}) + "\n"


def alignment_to_jsonl(alignment: Alignment, *, id: str | None = None) -> str:
    """The alignment as JSON Lines text (see :func:`iter_alignment_jsonl`)."""
    return "".join(iter_alignment_jsonl(alignment, id=id))


def terms_to_jsonl(pairs: Sequence[TermPair]) -> str:
    """Term pairs as JSON Lines text, one pair per line, in the order given."""
    return "".join(record(pair_to_dict(pair)) + "\n" for pair in pairs)


class JsonlRenderer:
    """The ``check`` findings renderer of ``--format jsonl``: one record per finding, handed to ``sink`` in chunks
    as they arrive when there is one (standard output), else kept compact until :meth:`render`."""

    def __init__(self, *, sink: Callable[[bytes], None] | None = None) -> None:
        self.lines = Pieces("\n")
        if sink is not None:
            self.lines.stream(sink)

    def add(self, finding: Finding, fingerprint: str | None = None) -> None:
        """Render one finding."""
        self.lines.add(record(finding_dict(finding, fingerprint)))

    def render(self, info: dict[str, Any] | None = None) -> bytes:
        """What is left to write (no summary record: shard outputs must concatenate)."""
        return self.lines.encode(tail="\n" if self.lines.count else "")


def iter_records(text: str, *, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, object)`` for each non-blank line of JSON Lines ``text``; a line that is not a JSON object raises
    :class:`InputError` naming it."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise InputError(f"not a JSON record: {exc}", file=name, line=number,
                             hint="JSON Lines: one JSON object per line") from None
        if not isinstance(value, dict):
            raise InputError(f"a JSON record must be an object, not {type(value).__name__}", file=name, line=number)
        yield number, value


def alignment_from_jsonl(data: bytes, *, name: str, encoding: str | None = None, source_lang: str | None = None,
                         target_lang: str | None = None) -> Alignment:
    """The registry's reader: the bead records of an ``align --format jsonl`` stream (``source`` and ``target``
    lists of sentences and a ``score`` each; ``source_lines``/``target_lines`` when present), pooled into one
    alignment in stream order. A record without them raises :class:`InputError` naming its line."""
    from termalign.textio import decode

    sides: tuple[list[Segment], list[Segment]] = ([], [])
    beads: list[Bead] = []
    for number, data_ in iter_records(decode(data, name=name, encoding=encoding), name=name):
        score = data_.get("score")
        if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0.0 <= score <= 1.0:
            raise InputError('a bead record needs a "score" between 0 and 1', file=name, line=number)
        indices: list[tuple[int, ...]] = []
        for key, segments in (("source", sides[0]), ("target", sides[1])):
            texts, lines = data_.get(key), data_.get(f"{key}_lines")
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise InputError(f'a bead record needs "{key}": a list of sentences', file=name, line=number)
            if not isinstance(lines, list) or len(lines) != len(texts) or not all(type(n) is int for n in lines):
                lines = [number] * len(texts)
            first = len(segments)
            for text, line in zip(texts, lines, strict=True):
                start = segments[-1].end + 1 if segments else 0
                segments.append(Segment(text=text, index=len(segments), start=start, end=start + len(text),
                                        line=line))
            indices.append(tuple(range(first, len(segments))))
        beads.append(Bead(source_index=indices[0], target_index=indices[1], score=float(score)))
    return Alignment(source=tuple(sides[0]), target=tuple(sides[1]), beads=tuple(beads),
                     source_lang=source_lang or "en", target_lang=target_lang or "id", source_name=name,
                     target_name=name)


__all__ = ["JsonlRenderer", "alignment_from_jsonl", "alignment_to_jsonl", "iter_alignment_jsonl", "iter_records",
           "record", "terms_to_jsonl"]
