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
:func:`iter_records` reads JSON Lines back (``align --batch pairs.jsonl``), naming the line of a bad record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from termalign.errors import InputError
from termalign.formats.findings import Pieces, finding_dict
from termalign.formats.json_ import bead_to_dict
from termalign.formats.termlist import pair_to_dict
from termalign.model import Alignment, Finding, TermPair

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


__all__ = ["JsonlRenderer", "alignment_to_jsonl", "iter_alignment_jsonl", "iter_records", "record",
           "terms_to_jsonl"]
