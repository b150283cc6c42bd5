"""Writers for lists of :class:`~termalign.model.TermPair`: JSON, TSV (OmegaT glossary), CSV, PO and TBX.

===========  =====================================================================================
format       what it is for
===========  =====================================================================================
``json``     everything, for tooling: ``{"schema_version": 1, ..., "pairs": [...]}`` (``docs/terms.md``)
``tsv``      an OmegaT glossary file: ``source<TAB>target<TAB>comment``, no header, UTF-8
``csv``      a spreadsheet for review: header row, one pair per row, scores and forms as seen
``po``       a PO glossary (``msgid`` English, ``msgstr`` Indonesian), the layout ``termalign glossary`` reads
``tbx``      TBX-Basic, through :func:`termalign.formats.tbx.write_tbx`
===========  =====================================================================================

The glossary formats (TSV, PO, TBX) carry *dictionary forms*: the English base (singular, lower case) and the
Indonesian base (without clitics or reduplication), keeping capitals only where the text has them inside a
word ("TBC", "pH"). JSON and CSV carry both the forms as seen and the bases. All output is deterministic:
pairs in the order given, scores rounded to 4 decimals, a final newline.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from termalign import __version__
from termalign.formats.registry import TERM_LISTS
from termalign.model import Glossary, GlossaryEntry, TermPair

SCHEMA_VERSION = 1
FORMATS = TERM_LISTS.names
#: The formats that are glossary drafts: a pair the QA checks flagged is not an entry as it stands.
DRAFT_FORMATS = ("tsv", "po", "tbx")
CSV_COLUMNS = ("source", "target", "source_base", "target_base", "score", "count", "beads", "evidence", "findings",
               "example")


def _keeps_case(form: str) -> bool:
    """Whether a surface form has capitals beyond an initial one (an acronym or a name: "TBC", "pH")."""
    return any(c.isupper() for c in form[1:])


def glossary_source(pair: TermPair) -> str:
    """The English side as a glossary entry: the base form, or the form as seen when it has inner capitals."""
    return pair.source if _keeps_case(pair.source) else pair.source_base


def glossary_target(pair: TermPair) -> str:
    """The Indonesian side as a glossary entry (see :func:`glossary_source`)."""
    return pair.target if _keeps_case(pair.target) else pair.target_base


NOTE_BEADS = 5  # bead numbers a note lists before "…"


def _note(pair: TermPair) -> str:
    """A one-line comment: score, count, where the pair was seen (bead numbers, 1-based as in every readable
    output, so a reviewer can find the sentences), and the forms as seen when they differ from the entry."""
    parts = [f"score {pair.score:.2f}", f"seen {pair.count}×"]
    if pair.beads:
        shown = ",".join(str(b + 1) for b in pair.beads[:NOTE_BEADS])
        parts[-1] += f" in {'bead' if len(pair.beads) == 1 else 'beads'} {shown}"
        parts[-1] += "…" if len(pair.beads) > NOTE_BEADS else ""
    seen = []
    if pair.source != glossary_source(pair):
        seen.append(pair.source)
    if pair.target != glossary_target(pair):
        seen.append(pair.target)
    if seen:
        parts.append("as written: " + " / ".join(seen))
    parts.extend(f"{f.code} ({f.side})" + (f": use {f.suggestion}" if f.suggestion else "") for f in pair.findings)
    return "; ".join(parts)


def _clean(value: str) -> str:
    """A value for a line-based format: tabs and line breaks become spaces."""
    return " ".join(value.replace("\t", " ").split())


# -- JSON --------------------------------------------------------------------------------------------------------


def pair_to_dict(pair: TermPair) -> dict[str, Any]:
    """One pair as a JSON object (the ``pairs`` items of :func:`to_json`)."""
    return {
        "source": pair.source,
        "target": pair.target,
        "source_base": pair.source_base,
        "target_base": pair.target_base,
        "score": round(pair.score, 4),
        "count": pair.count,
        "beads": list(pair.beads),
        "evidence": {kind: round(value, 4) for kind, value in pair.evidence},
        "occurrences": [
            {"bead": occ.bead, "source": occ.source_form, "target": occ.target_form} for occ in pair.occurrences
        ],
        "findings": [
            {"code": f.code, "side": f.side, "text": f.text, "suggestion": f.suggestion} for f in pair.findings
        ],
        "examples": [{"bead": bead, "source": source, "target": target} for bead, source, target in pair.examples],
    }


def to_json(
    pairs: Sequence[TermPair],
    *,
    source_lang: str = "en",
    target_lang: str = "id",
    inputs: Sequence[str] = (),
    settings: dict[str, Any] | None = None,
) -> str:
    """The pairs as termalign's term-list JSON (schema in ``docs/terms.md``)."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "termalign_version": __version__,
        "source_lang": source_lang,
        "target_lang": target_lang,
        "inputs": list(inputs),
        "settings": dict(sorted((settings or {}).items())),
        "pairs": [pair_to_dict(p) for p in pairs],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- TSV (OmegaT) and CSV ----------------------------------------------------------------------------------------


def to_tsv(pairs: Sequence[TermPair]) -> str:
    """The pairs as an OmegaT glossary: ``source<TAB>target<TAB>comment`` per line, no header."""
    from termalign.formats.glossary_tsv import quote_first

    lines = [f"{quote_first(_clean(glossary_source(p)))}\t{_clean(glossary_target(p))}\t{_clean(_note(p))}"
             for p in pairs]
    return "".join(line + "\n" for line in lines)


def to_csv(pairs: Sequence[TermPair]) -> str:
    """The pairs as CSV with a header row (columns :data:`CSV_COLUMNS`); beads and evidence as text. Cells a
    spreadsheet would run as formulas are protected as in glossary CSV (:func:`.glossary_tsv.write_csv_row`)."""
    from termalign.formats.glossary_tsv import write_csv_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in pairs:
        write_csv_row(
            buffer,
            writer,
            [
                p.source,
                p.target,
                p.source_base,
                p.target_base,
                f"{p.score:.4f}",
                str(p.count),
                " ".join(str(b) for b in p.beads),
                "; ".join(f"{kind} {value:.2f}" for kind, value in p.evidence),
                "; ".join(f"{f.code} ({f.side})" + (f" → {f.suggestion}" if f.suggestion else "") for f in p.findings),
                " | ".join(f"{source} ⇄ {target}" for _, source, target in p.examples[:1]),
            ]
        )
    return buffer.getvalue()


# -- PO and TBX, through a Glossary -----------------------------------------------------------------------------


def to_glossary(
    pairs: Sequence[TermPair], *, name: str = "", source_lang: str = "en", target_lang: str = "id"
) -> Glossary:
    """The pairs as a :class:`Glossary`: one entry per English term, further translations as target variants.

    The note of each entry records the score, the count and the forms as written, so a reviewer can judge
    the draft entry; entries keep the order of their first pair.
    """
    entries: dict[str, tuple[TermPair, list[str]]] = {}
    for pair in pairs:
        source, target = glossary_source(pair), glossary_target(pair)
        if source in entries:
            first, variants = entries[source]
            if target != glossary_target(first) and target not in variants:
                variants.append(target)
            continue
        entries[source] = (pair, [])
    out = [
        GlossaryEntry(
            source=source,
            target=glossary_target(pair),
            target_variants=tuple(variants),
            note=_note(pair),
        )
        for source, (pair, variants) in entries.items()
    ]
    return Glossary(tuple(out), name=name, source_lang=source_lang, target_lang=target_lang)


def to_po(pairs: Sequence[TermPair], *, name: str = "terms", source_lang: str = "en", target_lang: str = "id") -> str:
    """The pairs as a PO glossary (``termalign glossary`` reads it back)."""
    from termalign.formats.glossary_po import write_po

    return write_po(to_glossary(pairs, name=name, source_lang=source_lang, target_lang=target_lang))


def to_tbx(pairs: Sequence[TermPair], *, name: str = "terms", source_lang: str = "en", target_lang: str = "id") -> str:
    """The pairs as TBX-Basic (raises :class:`~termalign.errors.InputError` when there are none)."""
    from termalign.formats.tbx import write_tbx

    return write_tbx(to_glossary(pairs, name=name, source_lang=source_lang, target_lang=target_lang))


def render(pairs: Sequence[TermPair], fmt: str, *, keep_flagged: bool = False, **options: Any) -> str:
    """The pairs in format ``fmt`` (one of :data:`FORMATS`); ``options`` go to the JSON/PO/TBX writers (each
    takes the ones it knows: see :data:`termalign.formats.registry.TERM_LISTS`). The glossary drafts
    (:data:`DRAFT_FORMATS`) leave out pairs the QA checks flagged unless ``keep_flagged``."""
    if fmt not in TERM_LISTS:
        raise ValueError(f"unknown term-list format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt in DRAFT_FORMATS and not keep_flagged:
        pairs = [p for p in pairs if not p.flagged]
    spec = TERM_LISTS[fmt]
    text: str = spec.write_function()(pairs, **spec.writer_options(options))
    return text
