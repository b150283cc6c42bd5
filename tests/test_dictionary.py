"""The bilingual dictionary: lemmatised lookups, Indonesian inflection, TSV/dictd readers, shipped list, glossary."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from termalign.aligner.lexicon import (
    BilingualDictionary,
    load,
    load_default,
    parse_dictd_article,
    read_dictd,
)
from termalign.errors import InputError
from termalign.lang.english import lemmas as english_lemmas
from termalign.model import Glossary, GlossaryEntry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "termalign" / "data" / "dictionary"
DEBIAN_INDEX = Path("/usr/share/dictd/freedict-eng-ind.index")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("stones", "stone"),
        ("kidneys", "kidney"),
        ("studies", "study"),
        ("boxes", "box"),
        ("caused", "cause"),
        ("walked", "walk"),
        ("stopped", "stop"),
        ("patient's", "patient"),
        ("Cells", "cell"),
    ],
)
def test_english_lemmas_include_the_base(word: str, expected: str) -> None:
    lemmas = english_lemmas(word)
    assert lemmas[0] == word.lower()
    assert expected in lemmas


def test_english_lemmas_leave_short_and_s_final_words_alone() -> None:
    assert english_lemmas("virus") == ["virus"]
    assert english_lemmas("glass") == ["glass"]
    assert english_lemmas("is") == ["is"]


def small() -> BilingualDictionary:
    return BilingualDictionary(
        {"stone": ["batu"], "cause": ["menyebabkan", "sebab"], "kidney": ["ginjal"], "cell": ["sel"],
         "thank you": ["terima kasih"], "larger": ["yang lebih besar"]},
        name="small",
    )


def test_lookup_is_case_insensitive_and_lemmatised() -> None:
    d = small()
    assert d.lookup("Stones") == frozenset({"batu"})
    assert d.lookup("causes") == frozenset({"menyebabkan", "sebab"})
    assert d.lookup("thank you") == frozenset({"terima kasih"})
    assert d.lookup("unknownword") == frozenset()
    assert d.headword("kidneys") == "kidney"
    assert d.headword("unknownword") is None
    assert "stones" in d and "rocks" not in d
    assert len(d) == 6 and d.pair_count == 7


def test_indonesian_inflected_forms_match() -> None:
    d = small()
    assert d.matches("cause", "menyebabkan")
    assert d.matches("cause", "penyebabnya")  # pe(N)- + -nya → sebab, a translation
    assert d.matches("cells", "sel-sel")  # reduplication
    assert d.matches("kidney", "ginjalnya")
    assert not d.matches("kidney", "batu")
    assert not d.matches("unknownword", "batu")


def test_translation_words_drop_function_words_of_phrases() -> None:
    d = small()
    assert d.translation_words("larger") == frozenset({"besar"})  # "yang", "lebih" are function words
    assert d.translation_words("thank you") == frozenset({"terima", "kasih"})


def test_indonesian_bases_only_known_to_the_dictionary() -> None:
    d = small()
    bases = d.indonesian_bases("penyebabnya")
    assert bases[0] == "penyebabnya" and "sebab" in bases
    assert all(b in d.id_vocabulary for b in bases[1:])


def test_tsv_round_trip_header_comments_and_variants() -> None:
    text = "# a comment\nen\tid\nstone\tbatu|batuan\nstone\tkarang\n\nkidney\tginjal\textra column\n"
    d = BilingualDictionary.from_tsv_text(text, name="t")
    assert d.lookup("stone") == frozenset({"batu", "batuan", "karang"})
    assert d.lookup("kidney") == frozenset({"ginjal"})
    again = BilingualDictionary.from_tsv_text(d.to_tsv())
    assert dict(again.items()) == dict(d.items())


def test_tsv_without_tab_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "words.tsv"
    path.write_text("stone\tbatu\nkidney ginjal\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        BilingualDictionary.from_tsv(path)
    assert info.value.line == 2
    assert "words.tsv" in str(info.value)


def test_tsv_file_reader(tmp_path: Path) -> None:
    path = tmp_path / "words.tsv"
    path.write_text("\ufeffstone\tbatu\r\nkidney\tginjal\r\n", encoding="utf-8")
    d = BilingualDictionary.from_tsv(path)
    assert d.lookup("kidneys") == frozenset({"ginjal"}) and d.name == "words.tsv"
    assert load(str(path)).lookup("stone") == frozenset({"batu"})  # type: ignore[union-attr]


def test_merge_and_glossary() -> None:
    glossary = Glossary(
        (
            GlossaryEntry("phlebolith", "flebolit", source_variants=("phleboliths",), forbidden=("phlebolith",)),
            GlossaryEntry("stone", "kalkulus"),
        ),
        name="med",
    )
    merged = small().with_glossary(glossary)
    assert merged.lookup("phlebolith") == frozenset({"flebolit"})
    assert merged.lookup("stone") == frozenset({"batu", "kalkulus"})
    assert "phlebolith" not in merged.lookup("phlebolith")  # forbidden forms are not translations
    assert small().merge(BilingualDictionary({"x-ray": ["sinar-x"]})).lookup("x-ray") == frozenset({"sinar-x"})


def test_load_resolves_specs() -> None:
    assert load("none") is None
    assert load(None) is load_default()
    assert load("default") is load_default()
    d = small()
    assert load(d) is d
    assert load({"stone": ["batu"]}).lookup("stones") == frozenset({"batu"})  # type: ignore[union-attr]
    assert BilingualDictionary({"stone": "batu"}).lookup("stone") == frozenset({"batu"})


def test_parse_dictd_article_senses_and_glosses() -> None:
    article = "house //haʊs// <n>\n1. balai, rumah\narchetypal structure\n2. kandang (kuda)\nhome for animal\n"
    assert parse_dictd_article(article) == ("n", ["balai", "rumah", "kandang"])
    single = "music /ˈmjuːzɪk/ <n>\nmusik\nsound, organized in time\n"
    assert parse_dictd_article(single) == ("n", ["musik"])
    template = "I need ... /aɪ/ <phraseologicalUnit>\nsaya perlu ...\nI need something\n"
    assert parse_dictd_article(template) == ("phraseologicalUnit", [])


def _b64(value: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = ""
    while True:
        out = alphabet[value % 64] + out
        value //= 64
        if not value:
            return out


def _write_dictd(folder: Path, articles: list[tuple[str, str]]) -> Path:
    body = b""
    index_lines = []
    for headword, article in articles:
        data = article.encode("utf-8")
        index_lines.append(f"{headword}\t{_b64(len(body))}\t{_b64(len(data))}")
        body += data
    (folder / "tiny.dict.dz").write_bytes(gzip.compress(body))
    index = folder / "tiny.index"
    index.write_text("\n".join(index_lines) + "\n", encoding="utf-8")
    return index


def test_dictd_reader_on_a_tiny_database(tmp_path: Path) -> None:
    index = _write_dictd(
        tmp_path,
        [
            ("00databaseinfo", "info\n"),
            ("ation", "ation /eɪʃən/ <suffix>\nasi, sasi\n-ation (suffix)\n"),
            ("kidney", "kidney /ˈkɪdni/ <n>\nginjal\norgan\n"),
            ("stone", "stone /stəʊn/ <n>\n1. batu\nrock\n2. biji\nseed\n"),
        ],
    )
    rows = list(read_dictd(index))
    assert [r[0] for r in rows] == ["ation", "kidney", "stone"]
    d = BilingualDictionary.from_dictd(index)
    assert d.name == "tiny"
    assert d.lookup("stones") == frozenset({"batu", "biji"})
    assert d.lookup("ation") == frozenset()  # affix articles are skipped
    assert load(str(index)).lookup("kidney") == frozenset({"ginjal"})  # type: ignore[union-attr]


def test_dictd_reader_reports_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_dictd(tmp_path / "absent.index"))


def test_shipped_dictionary_and_its_licence() -> None:
    d = load_default()
    assert len(d) > 9000 and d.pair_count > 13000
    assert d.lookup("kidneys") >= {"ginjal"}
    assert d.matches("cause", "menyebabkan")
    tsv = (DATA / "freedict-eng-ind.tsv").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in tsv.split("\n", 5)[2]
    licence = (DATA / "LICENSE-CC-BY-SA-3.0.txt").read_text(encoding="utf-8")
    assert licence.startswith("Attribution-ShareAlike 3.0 Unported")
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "FreeDict" in readme and "CC BY-SA 3.0" in readme


@pytest.mark.skipif(not DEBIAN_INDEX.exists(), reason="Debian package dict-freedict-eng-ind not installed")
def test_converter_reproduces_the_shipped_list(tmp_path: Path) -> None:
    out = tmp_path / "freedict.tsv"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "convert_freedict.py"), "--index", str(DEBIAN_INDEX), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == (DATA / "freedict-eng-ind.tsv").read_text(encoding="utf-8")
