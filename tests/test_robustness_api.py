"""Robustness of the Python API: properties for random texts, lossless round trips, atomic writes.

* For any pair of texts, :func:`termalign.align` covers every sentence of both sides exactly once, in order,
  with beads of the allowed shapes and scores in [0, 1] (``tests/test_align.py`` does the same for lists
  of sentences; this goes through segmentation with messy text).
* PO → termalign → PO keeps every entry (contexts, plurals, flags, comments, obsolete entries, charset);
  the shipped glossaries go TSV → TBX → TSV unchanged; an alignment read from TMX writes back to TMX that
  reads back the same.
* :func:`termalign.textio.write_output` leaves the old file and no temporary file when writing fails, and
  no module of the package writes a file any other way.
"""

from __future__ import annotations

import ast
import errno
import os
from pathlib import Path

import polib
import pytest
from conftest import check_invariants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import termalign
from termalign.errors import InputError
from termalign.formats import po_to_alignment, read_aligned, to_po, to_tmx
from termalign.formats.po import catalog_bytes, load_catalog
from termalign.formats.tmx import read_tmx, tmx_to_alignment
from termalign.glossary import available_glossaries, load_glossary, lost_in_format, parse_glossary, write_glossary
from termalign.textio import write_output

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "termalign"
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PIECES = st.sampled_from([
    "The stone is small.", "Batu itu kecil.", "Dr. Smith said so.", "e.g. 2.5 mg", "Apa?", "Ya!", "\n", "\n\n",
    "  ", "\t", "\u00a0", "\u200b", "é", "e\u0301", "“Quoted.”", "…", "Was this article helpful?", "sel-sel",
    "withdrawalThey", "1.", "(", ")", "x" * 300, "KIDNEY STONES", "Ginjal.", "\r\n", "\r",
])
TEXTS = st.one_of(st.lists(PIECES, max_size=30).map("".join), st.text(max_size=200))


@SETTINGS
@given(TEXTS, TEXTS)
def test_alignment_of_any_texts_covers_every_sentence_once_in_order(source: str, target: str) -> None:
    alignment = termalign.align(source, target)
    check_invariants(alignment)
    assert {bead.kind for bead in alignment.beads} <= {"1-0", "0-1", "1-1", "1-2", "2-1", "2-2"}


CATALOG = r'''# Translators' notes: keep this.
# , a header comment line starting with a comma
msgid ""
msgstr ""
"Project-Id-Version: robustness 1.0\n"
"Content-Type: text/plain; charset=ISO-8859-1\n"
"Language: id\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#. Extracted comment.
#: src/a.c:1 src/b.c:2
#, c-format
msgid "%d files"
msgstr "%d berkas"

#, fuzzy
#| msgid "Old vein"
msgctxt "anatomy"
msgid "Vein"
msgstr "Véna"

msgctxt "menu"
msgid "Vein"
msgstr ""

msgid "one stone"
msgid_plural "%d stones"
msgstr[0] "%d batu"

msgid ""
"A long message that was wrapped over two lines and carries \"quotes\", a tab\t"
"and a backslash \\ too."
msgstr ""
"Pesan panjang yang dibungkus dua baris dan membawa \"kutipan\", tab\t"
"dan garis miring terbalik \\ juga."

#~ msgid "Obsolete"
#~ msgstr "Usang"
'''


def snapshot(catalog: polib.POFile) -> list[tuple[object, ...]]:
    return [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())),
             tuple(e.flags), e.comment, e.tcomment, tuple(e.occurrences), e.previous_msgid, e.obsolete)
            for e in catalog]


def test_po_round_trip_keeps_every_entry_and_the_charset(tmp_path: Path) -> None:
    path = tmp_path / "id.po"
    path.write_bytes(CATALOG.encode("latin-1"))
    catalog = load_catalog(str(path))
    assert catalog.encoding == "ISO-8859-1"
    written = catalog_bytes(catalog, name=str(path))
    written.decode("latin-1")  # still latin-1, as its header says
    with pytest.raises(UnicodeDecodeError):
        written.decode("utf-8")
    path.write_bytes(written)
    again = load_catalog(str(path))
    assert snapshot(again) == snapshot(catalog)
    assert again.header == catalog.header and again.metadata == catalog.metadata
    assert catalog_bytes(again, name=str(path)) == written  # stable from the first rewrite on


def test_po_to_termalign_to_po_keeps_the_pairs(tmp_path: Path) -> None:
    path = tmp_path / "id.po"
    path.write_bytes(CATALOG.encode("latin-1"))
    alignment = read_aligned(path)
    out = tmp_path / "again.po"
    out.write_text(to_po(alignment), encoding="utf-8")
    pairs = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in load_catalog(str(path))
             if not e.obsolete and e.msgid}
    again = {(e.msgid, e.msgstr) for e in load_catalog(str(out)) if e.msgid}
    # Two contexts of "Vein" become one entry (the first translation) because PO output has no contexts.
    assert again == {p for p in pairs if p != ("Vein", "")}
    texts = [s.text for s in po_to_alignment(load_catalog(str(out))).source]
    assert texts == list(dict.fromkeys(s.text for s in alignment.source))


@pytest.mark.parametrize("name", ["medical", "software"])
def test_shipped_glossaries_tsv_to_tbx_to_tsv(name: str) -> None:
    if name not in available_glossaries():
        pytest.skip(f"no shipped glossary {name}")
    glossary = load_glossary(name)
    assert lost_in_format(glossary, "tbx") == []
    back = parse_glossary(write_glossary(glossary, "tbx"), "tbx", name=f"{name}.tbx")
    assert write_glossary(back, "tsv") == write_glossary(glossary, "tsv")


def test_alignment_tmx_round_trip() -> None:
    alignment = termalign.align("The stone is small. Drink water!", "Batu itu kecil. Minumlah air!")
    text = to_tmx(alignment)
    document = read_tmx(text.encode("utf-8"))
    assert document.to_string() == text
    back = tmx_to_alignment(document)
    linked = [b for b in alignment.beads if b.linked]
    assert [s.text for s in back.source] == [" ".join(alignment.source_text(b)) for b in linked]
    assert [s.text for s in back.target] == [" ".join(alignment.target_text(b)) for b in linked]
    assert [round(b.score, 4) for b in back.beads] == [round(b.score, 4) for b in linked]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError) as err:
        write_output(target, "new content" * 1000, overwrite=True)
    assert "no space left on device" in str(err.value) and err.value.file == str(target)
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def _writes(node: ast.Call) -> str | None:
    """A description of ``node`` when it writes a file without write_output, else None."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name in ("write_text", "write_bytes", "save", "save_as_pofile", "save_as_mofile", "replace", "rename",
                "mkstemp", "NamedTemporaryFile"):
        return name
    if name == "open":
        modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
        modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
        if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
            return f"open(..., {modes[0]!r})"
    return None


def test_every_writer_goes_through_write_output() -> None:
    """No module but termalign/textio.py opens a file for writing, renames or replaces one."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "textio.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (what := _writes(node)):
                if what == "replace" and not (isinstance(node.func, ast.Attribute)
                                              and isinstance(node.func.value, ast.Name)
                                              and node.func.value.id == "os"):
                    continue  # str.replace
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {what}")
    assert offenders == []
