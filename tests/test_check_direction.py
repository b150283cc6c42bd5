"""``termalign check`` in both directions: an Indonesian source with its English translation as well as the other way
round (issue 14 item 1). The texts are written for these tests."""

from __future__ import annotations

import pytest

from termalign.checks.inputs import PairInput
from termalign.checks.runner import run_checks
from termalign.cli import main
from termalign.glossary import load_glossary, reverse_glossary
from termalign.model import Glossary, GlossaryEntry
from termalign.pipeline import PairSettings, pair_direction

ID_CLEAN = (
    "Pasien datang dengan demam tinggi dan sakit kepala yang berat.\n\n"
    "Dokter memeriksa tekanan darah dan menemukan hipertensi.\n\n"
    "Hasil pemeriksaan menunjukkan adanya batu ginjal di sebelah kiri.\n\n"
    "Dokter memberikan antibiotik untuk mengobati infeksi saluran kemih.\n\n"
    "Pasien diminta kembali minggu depan untuk pemeriksaan ulang.\n"
)
EN_CLEAN = (
    "The patient came with a high fever and a severe headache.\n\n"
    "The doctor checked the blood pressure and found hypertension.\n\n"
    "The examination showed a kidney stone on the left side.\n\n"
    "The doctor gave an antibiotic to treat the urinary tract infection.\n\n"
    "The patient was asked to return next week for a follow-up examination.\n"
)
# The English translation damaged: fever dropped, a garble, Indonesian left in, two words glued.
EN_DAMAGED = (EN_CLEAN.replace("high fever", "high temperature").replace("hypertension", "hypertensoin")
              .replace("a kidney stone", "a batu ginjal").replace("next week for", "next weekFor"))
ID_DAMAGED = (ID_CLEAN.replace("demam tinggi", "suhu tinggi").replace("batu ginjal", "kidney stone")
              .replace("minggu depan untuk", "minggu depanUntuk"))


def codes(findings) -> set[tuple[str, str]]:
    return {(f.code, f.text) for f in findings}


def check_pair(source: str, target: str, source_lang: str, target_lang: str):
    glossary = load_glossary("medical")
    if source_lang == "id":
        glossary = reverse_glossary(glossary)
    settings = PairSettings(source_lang=source_lang, target_lang=target_lang)
    return run_checks(PairInput(source_text=source, target_text=target, settings=settings), glossary).findings


def test_indonesian_to_english_finds_every_kind():
    found = codes(check_pair(ID_CLEAN, EN_DAMAGED, "id", "en"))
    assert ("garbled-term", "hypertensoin") in found
    assert ("untranslated-term", "batu ginjal") in found
    assert ("glued-words", "weekFor") in found
    assert ("missing-term", "demam") in found


def test_indonesian_to_english_clean_translation_has_no_finding():
    assert check_pair(ID_CLEAN, EN_CLEAN, "id", "en") == []


def test_english_to_indonesian_still_finds_them():
    found = codes(check_pair(EN_CLEAN, ID_DAMAGED, "en", "id"))
    assert ("untranslated-term", "kidney stone") in found
    assert ("glued-words", "depanUntuk") in found
    assert ("missing-term", "fever") in found


def test_reverse_glossary_merges_entries_sharing_a_translation():
    glossary = Glossary(entries=(
        GlossaryEntry("calcification", "kalsifikasi", forbidden=("kalsifikasie",)),
        GlossaryEntry("calcified", "kalsifikasi"),
        GlossaryEntry("fever", "demam"),
    ))
    back = reverse_glossary(glossary)
    assert (back.source_lang, back.target_lang) == ("id", "en")
    assert [(e.source, e.targets, e.forbidden) for e in back.entries] == [
        ("kalsifikasi", ("calcification", "calcified"), ()), ("demam", ("fever",), ())]


def test_pair_direction_from_options_or_the_texts():
    assert pair_direction(ID_CLEAN, EN_CLEAN) == ("id", "en")
    assert pair_direction(EN_CLEAN, ID_CLEAN) == ("en", "id")
    assert pair_direction(ID_CLEAN, EN_CLEAN, "en", None) == ("en", "id")  # given: kept (then refused)
    assert pair_direction(ID_CLEAN, EN_CLEAN, None, "en") == ("id", "en")


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["check", *args])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.id.txt").write_text(ID_CLEAN, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN_DAMAGED, encoding="utf-8")
    return str(tmp_path / "a.id.txt"), str(tmp_path / "a.en.txt")


def test_cli_detects_indonesian_to_english(capsys, files):
    source, target = files
    code, out, _ = run(capsys, "--source", source, "--target", target)
    assert code == 1
    assert "garbled-term 'hypertensoin'" in out and "untranslated-term Indonesian term 'batu ginjal'" in out
    code, out, _ = run(capsys, "--source", source, "--target", target, "--source-lang", "id")
    assert code == 1 and "glued-words 'weekFor'" in out


def test_cli_refuses_swapped_sides_like_align(capsys, files):
    source, target = files
    code, _, err = run(capsys, "--source", source, "--target", target, "--source-lang", "en", "--target-lang", "id")
    assert code == 2 and "look swapped" in err
    with pytest.raises(SystemExit) as exc:
        main(["align", source, target])
    assert exc.value.code == 2 and "look swapped" in capsys.readouterr().err


def test_cli_direction_usage_errors(capsys, files):
    _, target = files
    code, _, err = run(capsys, "--source-lang", "id", target)
    assert code == 2 and "--source-lang" in err


def test_cli_checks_an_indonesian_to_english_pair_with_english_to_indonesian_inputs(capsys, files, tmp_path):
    # one run, each input against the glossary turned its own way: the catalog's Indonesian is the target there
    source, target = files
    po = tmp_path / "x.po"
    po.write_text('msgid "The patient has a fever"\nmsgstr "Pasien itu demum"\n', encoding="utf-8")
    code, out, err = run(capsys, "--glossary", "medical", "--source", source, "--target", target, str(po))
    assert code == 1, err
    assert "x.po:2:12: error garbled-term 'demum'" in out and "(suggest: demam)" in out
    assert "untranslated-term Indonesian term 'batu ginjal'" in out and "glued-words 'weekFor'" in out
    # a stats file holds a run of one direction: asked for both, the command refuses and writes nothing
    stats = tmp_path / "s.stats"
    code, _, err = run(capsys, "--glossary", "medical", "--source", source, "--target", target, str(po),
                       "--save-stats", str(stats))
    assert code == 2 and "--save-stats" in err and not stats.exists()


def test_seed_002_to_000_finds_what_the_english_text_alone_shows():
    from conftest import seed_path

    findings = run_checks(PairInput(source=str(seed_path("002")), target=str(seed_path("000")),
                                    settings=PairSettings(source_lang="id", target_lang="en")),
                          reverse_glossary(load_glossary("medical"))).findings
    found = {f.text for f in findings if f.code in ("garbled-term", "glued-words")}
    assert {"Flebolith", "Pleborlithy", "osificans", "Fagocytic", "withdrawalThey", "sessionCalcium"} <= found


def test_library_check_turns_the_glossary_round_for_an_indonesian_to_english_pair():
    # termalign.checks.check orients the glossary by the pair's languages, as the CLI does: no manual reverse.
    from termalign.checks import check

    pair = PairInput(source_text=ID_CLEAN, target_text=EN_DAMAGED, source_lang="id", target_lang="en")
    assert codes(check(pair, "medical")) == codes(check_pair(ID_CLEAN, EN_DAMAGED, "id", "en"))
    assert ("untranslated-term", "batu ginjal") in codes(check(pair, "medical"))
    forward = PairInput(source_text=EN_CLEAN, target_text=ID_DAMAGED)
    assert codes(check(forward, "medical")) == codes(check_pair(EN_CLEAN, ID_DAMAGED, "en", "id"))


def test_library_check_takes_pairs_of_both_directions_in_one_call():
    from termalign.checks import check

    backward = PairInput(source_text=ID_CLEAN, target_text=EN_DAMAGED, source_lang="id", target_lang="en")
    forward = PairInput(source_text=EN_CLEAN, target_text=ID_DAMAGED)
    both = [(f.code, f.text, f.lang) for f in check([backward, forward, backward], "medical")]
    one = [(f.code, f.text, f.lang) for f in check(backward, "medical")]
    other = [(f.code, f.text, f.lang) for f in check(forward, "medical")]
    assert both == one + other + one  # each pair as in its own run, in input order
    assert ("untranslated-term", "batu ginjal", "en") in both and ("untranslated-term", "kidney stone", "id") in both
