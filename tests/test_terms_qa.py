"""Term pairs and the QA checks agree: findings on either side of a drafted pair, flagged pairs ranked last and left
out of glossary drafts, standard forms offered, evidence (beads, examples) for a reviewer; several aligned inputs.

All texts here are our own. Alignments are built by hand (one bead per pair of lines), as in ``test_terms.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from termalign.cli import main
from termalign.formats import termlist
from termalign.formats.aligned import iter_aligned_inputs, po_to_alignment
from termalign.formats.html import render_html
from termalign.model import Alignment, Bead, Glossary, GlossaryEntry, Segment, TermFinding, TermPair
from termalign.report import layout
from termalign.terms import extract_terms
from termalign.terms.catalogs import catalog_prose

# A small article on a bone condition, written for these tests. The Indonesian side renders the term once as the
# variant "kalsifikasi distrofi" and uses "respon imun" (KBBI: "respons"); the English side has a garbled
# "Flebolith" where the Indonesian has the standard "flebolit".
TEXT = [
    ("Dystrophic calcification follows damage to soft tissue.",
     "Kalsifikasi distrofik terjadi setelah kerusakan jaringan lunak."),
    ("In dystrophic calcification, calcium salts settle in dead tissue.",
     "Pada kalsifikasi distrofi, garam kalsium mengendap di jaringan mati."),
    ("Doctors see dystrophic calcification on an X-ray.",
     "Dokter melihat kalsifikasi distrofik pada sinar-X."),
    ("The immune response clears the dead tissue.", "Respon imun membersihkan jaringan mati."),
    ("A Flebolith is a small calcified clot in a vein.", "Flebolit adalah bekuan kecil yang mengapur di vena."),
    ("Macrophages digest necrotic tissue.", "Makrofag mencerna jaringan nekrotik."),
    ("Macrophages also remove calcium deposits.", "Makrofag juga membuang endapan kalsium."),
]


def aligned(pairs: list[tuple[str, str]], *, glued: bool = False) -> Alignment:
    """One 1-1 bead per (English, Indonesian) pair; segments placed end to end (``glued``: with no space)."""
    source: list[Segment] = []
    target: list[Segment] = []
    pos_en = pos_id = 0
    gap = 0 if glued else 1
    for i, (en, id_) in enumerate(pairs):
        source.append(Segment(en, i, start=pos_en, end=pos_en + len(en)))
        target.append(Segment(id_, i, start=pos_id, end=pos_id + len(id_)))
        pos_en += len(en) + gap
        pos_id += len(id_) + gap
    return Alignment(tuple(source), tuple(target), tuple(Bead((i,), (i,), 1.0) for i in range(len(pairs))))


@pytest.fixture(scope="module")
def pairs() -> list[TermPair]:
    return extract_terms(aligned(TEXT))


def find(pairs: list[TermPair], source_base: str, target_base: str | None = None) -> TermPair:
    return next(p for p in pairs if p.source_base == source_base and target_base in (None, p.target_base))


def codes(pair: TermPair) -> set[tuple[str, str]]:
    return {(f.code, f.side) for f in pair.findings}


def test_garbled_english_side_is_flagged_with_its_standard_form(pairs: list[TermPair]) -> None:
    pair = find(pairs, "flebolith")
    assert ("garbled-term", "source") in codes(pair)
    assert (next(f.suggestion for f in pair.findings if f.code == "garbled-term") or "").lower() == "phlebolith"


def test_forbidden_and_nonstandard_indonesian_side_offers_respons(pairs: list[TermPair]) -> None:
    pair = find(pairs, "immune response")
    assert pair.target_base == "respon imun"
    assert {("forbidden-term", "target"), ("nonstandard-spelling", "target")} <= codes(pair)
    assert {f.suggestion for f in pair.findings} == {"respons imun"}


def test_variant_supports_the_standard_pair_and_is_listed_flagged(pairs: list[TermPair]) -> None:
    clean = find(pairs, "dystrophic calcification", "kalsifikasi distrofik")
    assert not clean.flagged and clean.count == 2
    assert dict(clean.evidence)["consistency"] == 1.0  # the mis-spelt third use counts for it
    variant = find(pairs, "dystrophic calcification", "kalsifikasi distrofi")
    assert variant.flagged
    assert all(f.suggestion == "kalsifikasi distrofik" for f in variant.findings)
    assert pairs.index(clean) < 5


def test_flagged_pairs_come_after_every_clean_pair(pairs: list[TermPair]) -> None:
    flags = [p.flagged for p in pairs]
    assert True in flags and flags == sorted(flags)


def test_a_finding_about_a_neighbouring_word_does_not_flag_the_pair(pairs: list[TermPair]) -> None:
    # "kalsifikasi distrofi" is flagged, but "kalsifikasi" in it is right: calcium, tissue... stay clean.
    assert not find(pairs, "calcium").flagged and not find(pairs, "macrophage").flagged


def test_no_checks_gives_no_findings() -> None:
    assert not any(p.findings for p in extract_terms(aligned(TEXT), qa=False))


def test_glossary_entry_wins_over_a_drafted_translation() -> None:
    glossary = Glossary((GlossaryEntry("macrophage", "sel makrofag"),))
    got = find(extract_terms(aligned(TEXT), glossary=glossary), "macrophage", "makrofag")
    assert ("glossary-term", "target") in codes(got)
    assert next(f.suggestion for f in got.findings if f.code == "glossary-term") == "sel makrofag"


def test_nonstandard_spelling_rules() -> None:
    from termalign.terms.links import WordLinks
    from termalign.terms.review import Spelling

    spelling = Spelling(WordLinks([], None, None), ["distrofik"],
                        Glossary((GlossaryEntry("myositis ossificans", "miositis osifikans"),)))
    assert spelling.standard("response", "respon") == "respons"  # cut short; KBBI root
    assert spelling.standard("dystrophic", "distrofi") == "distrofik"  # the adjective, attested in the corpus
    assert spelling.standard("myositis", "myositis") == "miositis"  # English copied; the glossary has the loan
    assert spelling.standard("phlebolith", "phlebolith") is None  # "flebolit" is not in the glossary
    assert spelling.standard("calcification", "kalsifikasi") is None
    assert spelling.standard("tissue", "jaringan") is None
    assert spelling.standard("economic", "ekonomi") is None  # "ekonomik" is not attested anywhere


def test_evidence_beads_and_examples(pairs: list[TermPair]) -> None:
    pair = find(pairs, "macrophage")
    assert pair.beads == (5, 6) and pair.count == 2
    assert pair.examples == ((5, *TEXT[5]), (6, *TEXT[6]))
    doc = json.loads(termlist.to_json([pair]))["pairs"][0]
    assert doc["beads"] == [5, 6]  # 0-based in JSON
    assert doc["examples"][0] == {"bead": 5, "source": TEXT[5][0], "target": TEXT[5][1]}


def test_drafts_leave_flagged_pairs_out_unless_kept(pairs: list[TermPair]) -> None:
    flagged = find(pairs, "immune response")
    tsv = termlist.render(pairs, "tsv")
    assert "respon imun" not in tsv and "makrofag" in tsv
    assert "respon imun" in termlist.render(pairs, "tsv", keep_flagged=True)
    assert "respon imun" not in termlist.render(pairs, "po", name="t")
    assert "respon imun" not in termlist.render(pairs, "tbx", name="t")
    assert "respon imun" in termlist.render(pairs, "csv") and "forbidden-term" in termlist.render(pairs, "csv")
    doc = json.loads(termlist.render(pairs, "json"))
    got = next(p for p in doc["pairs"] if p["source_base"] == "immune response")
    assert {"code": "forbidden-term", "side": "target", "text": "Respon imun", "suggestion": "respons imun"} in (
        got["findings"])
    assert flagged.flagged


def test_html_report_marks_flagged_pairs(pairs: list[TermPair]) -> None:
    page = render_html(layout(aligned(TEXT), pairs, ()))
    row = page[page.index(">immune response<") - 300 : page.index(">immune response<") + 400]
    assert 'class="flagged"' in row and "forbidden-term → respons imun" in row


def test_no_term_runs_across_sentences() -> None:
    # "...clot" + "Calcium ..." glued in the document ("clotCalcium") and split again by the segmenter: no term
    # across the two sentences of the bead.
    text = [("A phlebolith is a calcified clot", "Flebolit adalah bekuan yang mengapur"),
            ("Calcium deposits form in veins.", "Endapan kalsium terbentuk di vena.")]
    a = aligned(text, glued=True)
    merged = Alignment(a.source, a.target, (Bead((0, 1), (0, 1), 1.0),))
    got = {p.source_base for p in extract_terms(merged, min_score=0.0, min_termhood=0.0)}
    assert "calcium deposit" in got and not any(k.startswith("clot calcium") for k in got)


# -- several inputs, catalogs ------------------------------------------------------------------------------------


def run(*args: str | Path) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation() as streams:
        try:
            main(["terms", *map(str, args)])
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
        return status, streams[0].getvalue().decode("utf-8"), streams[1].getvalue().decode("utf-8")


def write_po(path: Path, entries: list[tuple[str, str]]) -> Path:
    body = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: id\\n"\n']
    body += [f'msgid "{a}"\nmsgstr "{b}"\n' for a, b in entries]
    path.write_text("\n".join(body), encoding="utf-8")
    return path


def test_several_aligned_inputs_are_pooled_and_folders_walked(tmp_path: Path) -> None:
    first = write_po(tmp_path / "a.po", [("Macrophages digest necrotic tissue.",
                                          "Makrofag mencerna jaringan nekrotik.")])
    folder = tmp_path / "more"
    (folder / "sub").mkdir(parents=True)
    write_po(folder / "sub" / "b.po", [("Macrophages also remove calcium deposits.",
                                        "Makrofag juga membuang endapan kalsium.")])
    (folder / "notes.txt").write_text("not read", encoding="utf-8")
    status, out, err = run("--aligned", first, "--aligned", folder, "--format", "json")
    assert status == 0, err
    doc = json.loads(out)
    assert len(doc["inputs"]) == 2
    macrophage = next(p for p in doc["pairs"] if p["source_base"] == "macrophage")
    assert macrophage["count"] == 2 and macrophage["beads"] == [0, 1]  # bead numbers run on across inputs


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    status, _, err = run("--aligned", tmp_path)
    assert status == 2 and "no file to read in this folder" in err


def test_catalog_given_as_plain_text_is_refused(tmp_path: Path) -> None:
    po = write_po(tmp_path / "id.po", [("Open File", "Buka Berkas")])
    text = tmp_path / "en.txt"
    text.write_text("Open the file.\n", encoding="utf-8")
    status, _, err = run(text, po)
    assert status == 2 and "already aligned" in err and "--aligned" in err
    renamed = tmp_path / "catalog.data"
    shutil.copy(po, renamed)  # sniffed from the content as well
    status, _, err = run(text, renamed)
    assert status == 2 and "PO file" in err


def test_catalog_accelerators_stripped_and_keysyms_left_out(tmp_path: Path) -> None:
    po = write_po(tmp_path / "gtk.po", [("Op_acity:", "Op_asitas:"), ("KP_Enter", "KP_Enter"),
                                        ("_Cancel", "_Batal"), ("AudioMute", "AudioMute")])
    (_name, fmt, raw), = iter_aligned_inputs([po])
    assert fmt == "po"
    alignment = catalog_prose(raw)
    assert [s.text for s in alignment.source] == ["Opacity:", "KPEnter", "Cancel", "AudioMute"]
    assert [b.linked for b in alignment.beads] == [True, False, True, False]
    assert len(alignment.beads) == 4  # bead numbers stay the catalog's entry numbers
    assert catalog_prose(po_to_alignment(__import__("polib").pofile(str(po)))).target[0].text == "Opasitas:"
    status, out, _ = run("--aligned", po, "--format", "json", "--min-termhood", "0", "--min-score", "0")
    assert status == 0
    sources = {p["source_base"] for p in json.loads(out)["pairs"]}
    assert "acity" not in sources and not any("kp" in s or "audio" in s for s in sources)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_mo_catalog_is_read(tmp_path: Path) -> None:
    po = write_po(tmp_path / "x.po", [("Macrophages digest necrotic tissue.", "Makrofag mencerna jaringan nekrotik.")])
    mo = tmp_path / "x.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    (_name, _fmt, alignment), = iter_aligned_inputs([mo])
    assert alignment.source[0].text.startswith("Macrophages") and alignment.beads[0].linked
    status, out, err = run("--aligned", mo, "--format", "json")
    assert status == 0, err
    assert any(p["source_base"] == "necrotic tissue" for p in json.loads(out)["pairs"])


def test_table_shows_one_based_beads_findings_and_examples(tmp_path: Path) -> None:
    en, id_ = tmp_path / "a.en.txt", tmp_path / "a.id.txt"
    en.write_text("\n".join(e for e, _ in TEXT) + "\n", encoding="utf-8")
    id_.write_text("\n".join(i for _, i in TEXT) + "\n", encoding="utf-8")
    status, out, err = run(en, id_, "--segmented", "--examples")
    assert status == 0, err
    lines = out.splitlines()
    macro = next(line for line in lines if line.split()[2:3] == ["macrophages"] or "macrophages [" in line)
    assert macro.rstrip().endswith("6,7")  # beads 5 and 6, 1-based
    assert "bead 6: Macrophages digest necrotic tissue." in out
    flagged_at = next(k for k, line in enumerate(lines) if line.startswith("-- flagged by the QA checks"))
    assert "! forbidden-term (Indonesian) 'Respon imun' → respons imun" in "\n".join(lines[flagged_at:])
    status, out, _ = run(en, id_, "--segmented", "--format", "tsv")
    assert "respon imun" not in out
    status, out, _ = run(en, id_, "--segmented", "--format", "tsv", "--keep-flagged")
    assert "respon imun" in out


def test_term_finding_is_exported() -> None:
    assert TermFinding("garbled-term", "source", "phlebolith").side == "source"


# -- misspelt words and names --------------------------------------------------------------------------------------

CLEAN = [
    ("The vaccine protects children against severe disease.", "Vaksin melindungi anak dari penyakit berat."),
    ("Every child should get the vaccine before school.", "Setiap anak sebaiknya mendapat vaksin sebelum sekolah."),
    ("Damaged kidneys cannot filter the blood.", "Ginjal yang rusak tidak dapat menyaring darah."),
    ("Healthy kidneys filter waste from the blood.", "Ginjal yang sehat menyaring limbah dari darah."),
    ("The nurse measures the oxygen level.", "Perawat mengukur kadar oksigen."),
]


def damaged(side: int, line: int, old: str, new: str) -> list[tuple[str, str]]:
    out = [list(pair) for pair in CLEAN]
    out[line][side] = out[line][side].replace(old, new, 1)
    return [(a, b) for a, b in out]


@pytest.mark.parametrize(("side", "line", "old", "new", "fix"), [
    (0, 0, "vaccine", "vacicne", "vaccine"),  # English: the corpus's own word, and a glossary word
    (1, 1, "vaksin", "vaksni", "vaksin"),  # Indonesian: the corpus's own word
    (0, 4, "oxygen", "oxyegn", "oxygen"),  # a known word the other side backs ("oksigen", a loan of it)
    (1, 4, "oksigen", "oksgien", "oksigen"),
])
def test_misspelt_word_in_a_pair_is_flagged(side: int, line: int, old: str, new: str, fix: str) -> None:
    pairs = extract_terms(aligned(damaged(side, line, old, new)))
    hit = [p for p in pairs if new in (p.source if side == 0 else p.target).lower().split()]
    assert hit and all(p.flagged for p in hit)
    # misspelt-word, or a QA check's own finding (garbled-term) where the check knows the word already
    finding = next(f for p in hit for f in p.findings if fix in (f.suggestion or "").lower())
    assert finding.side == ("source" if side == 0 else "target")


def test_clean_text_and_names_are_not_flagged() -> None:
    assert not any(p.flagged for p in extract_terms(aligned(CLEAN)))
    # A lower-case script name kept as it is, and a form the translator uses throughout: no misspelling.
    names = [("The carian script is old.", "Aksara carian sudah tua."),
             ("Pick a font.", "Pilih fonta."), ("The font is large.", "Fonta itu besar."),
             ("Change the font.", "Ubah fonta.")]
    flagged = [p for p in extract_terms(aligned(names), min_termhood=0.0) if p.flagged]
    assert not flagged, flagged


def test_nonstandard_rules_leave_kbbi_roots_and_unrespelt_words() -> None:
    from termalign.terms.links import WordLinks
    from termalign.terms.review import Spelling

    spelling = Spelling(WordLinks([], None, None), ["kanada", "statistika"])
    assert spelling.standard("statistics", "statistik") is None  # a KBBI root itself
    assert spelling.standard("variant", "varian") is None  # the rules leave "variant" as it is
    assert spelling.standard("kannada", "kannada") is None  # a copied name: only a glossary respells it
    assert spelling.standard("prototype", "prototipe") is None  # Indonesian's own respelling, in its word lists


def test_glue_next_to_a_term_does_not_flag_it() -> None:
    text = [("She won a scholarship.Macrophages digest necrotic tissue.",
             "Ia memenangi beasiswa. Makrofag mencerna jaringan nekrotik."),
            ("Macrophages also remove calcium deposits.", "Makrofag juga membuang endapan kalsium.")]
    pairs = extract_terms(aligned(text))
    assert not find(pairs, "macrophage").flagged
