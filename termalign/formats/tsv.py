"""Tab-separated output of an alignment: one line per linked bead, ``source<TAB>target<TAB>score``.

No header line, so the file pastes straight into a spreadsheet or feeds ``cut``/``awk``. The score has
4 decimals. Each side is the bead's text as written (:meth:`~termalign.model.Alignment.bead_text`).
Inside a field a backslash, tab, newline and carriage return are written ``\\\\``, ``\\t``, ``\\n`` and
``\\r`` (the "linear TSV" convention also used by PostgreSQL ``COPY``), so every record is exactly one
line with exactly three fields; :func:`from_tsv` undoes the escaping. With ``include_unlinked=True`` 1-0
and 0-1 beads are written too, with an empty field.
"""

from __future__ import annotations

import re

from termalign.errors import InputError
from termalign.model import Alignment, Bead, Segment

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
_ESCAPED = re.compile(r"\\[\\tnr]")


def escape_field(text: str) -> str:
    """A field value with backslash, tab and line breaks escaped."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def unescape_field(text: str) -> str:
    """Undo :func:`escape_field` (a backslash before any other character is kept as it is)."""
    return _ESCAPED.sub(lambda m: _UNESCAPES[m.group()], text)


def to_tsv(alignment: Alignment, *, include_unlinked: bool = False) -> str:
    """The alignment as TSV text (see the module docstring)."""
    lines = []
    for bead in alignment.beads:
        if not bead.linked and not include_unlinked:
            continue
        source = escape_field(alignment.bead_text(bead, "source"))
        target = escape_field(alignment.bead_text(bead, "target"))
        lines.append(f"{source}\t{target}\t{bead.score:.4f}\n")
    return "".join(lines)


def from_tsv(text: str, *, name: str = "<tsv>", source_lang: str = "en", target_lang: str = "id") -> Alignment:
    """Read ``source<TAB>target[<TAB>score]`` lines back into an :class:`Alignment` (one segment per field).

    Blank lines are skipped; a missing score counts as 1.0; an empty field makes a 1-0/0-1 bead. Each
    segment's ``line`` is its line in the TSV file.
    """
    source: list[Segment] = []
    target: list[Segment] = []
    beads: list[Bead] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise InputError(f"expected 2 or 3 tab-separated fields, found {len(fields)}", file=name, line=number,
                             hint="source<TAB>target<TAB>score; escape tabs inside text as \\t")
        score = 1.0
        if len(fields) == 3 and fields[2].strip():
            try:
                score = float(fields[2])
            except ValueError:
                raise InputError(f"score is not a number: {fields[2]!r}", file=name, line=number) from None
            if not 0.0 <= score <= 1.0:  # also false for NaN
                raise InputError(f"score {fields[2].strip()!r} is not between 0 and 1", file=name, line=number)
        indices: list[tuple[int, ...]] = []
        for raw, segments in ((fields[0], source), (fields[1], target)):
            value = unescape_field(raw)
            if not value:
                indices.append(())
                continue
            start = segments[-1].end + 1 if segments else 0
            segments.append(Segment(text=value, index=len(segments), start=start, end=start + len(value),
                                    line=number))
            indices.append((len(segments) - 1,))
        if indices[0] or indices[1]:
            beads.append(Bead(source_index=indices[0], target_index=indices[1], score=score))
    return Alignment(source=tuple(source), target=tuple(target), beads=tuple(beads), source_lang=source_lang,
                     target_lang=target_lang, source_name=name, target_name=name)
