"""Software catalogs as prose for term extraction: accelerator markers out, machine labels left unpaired.

A GTK or Qt catalog marks keyboard accelerators inside its labels ("Op_acity" / "Op_asitas", "&File"): read as
they are, the words split at the marker and pair as "acity → asitas". Catalogs also list labels for machines
(keysyms "KP_Enter", key names "AudioMute", paper sizes "A10") whose translation is the same token: they fill
the top of a term list with pairs that are no terms. :func:`catalog_prose` removes the markers with the
checks' own rule (:func:`termalign.checks.inputs.strip_accelerator`) and unlinks the beads of such labels.
"""

from __future__ import annotations

import re
from dataclasses import replace

from termalign.checks.inputs import strip_accelerator
from termalign.model import Alignment, Segment

#: The formats of :data:`termalign.formats.registry.ALIGNMENTS` that are software catalogs.
CATALOG_FORMATS = ("po", "mo")
_CODE_WORD = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]|[\d_]")


def code_like(msgid: str) -> bool:
    """A msgid (accelerator stripped) that is one token with an inner capital, a digit or an underscore (a
    keysym "KP_Enter" → "KPEnter", a name "AudioMute", a size "A10"): a label for a machine, not prose.
    Acronyms ("URL") and words ("Opacity") are prose."""
    token = msgid.strip()
    return bool(token) and " " not in token and _CODE_WORD.search(token) is not None


def catalog_prose(alignment: Alignment) -> Alignment:
    """A catalog's alignment for term extraction: accelerator markers removed from both sides ("Op_acity" /
    "Op_asitas" → "Opacity" / "Opasitas") and the beads of code-like msgids unlinked (:func:`code_like`). Bead
    numbers stay those of the catalog's entries."""

    def stripped(seg: Segment) -> Segment:
        text = strip_accelerator(seg.text)
        return seg if text == seg.text else replace(seg, text=text, end=seg.start + len(text))

    source = tuple(stripped(s) for s in alignment.source)
    target = tuple(stripped(t) for t in alignment.target)
    beads = tuple(
        replace(b, target_index=()) if b.source_index and code_like(source[b.source_index[0]].text) else b
        for b in alignment.beads
    )
    return replace(alignment, source=source, target=target, beads=beads)
