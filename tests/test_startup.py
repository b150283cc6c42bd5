"""Start-up: the user cache (termalign.cache and its users), lazy imports, the collector's start-up pause, and
language detection that asks langdetect only while the vote is open."""

from __future__ import annotations

import gc
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import termalign
from termalign import cache
from termalign.checks.index import TermIndex
from termalign.glossary import load_glossaries, load_glossary
from termalign.lang import langid, wordlists

ONE_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: id\\n"

msgid "The phlebolith is visible on the scan."
msgstr "Flebolith terlihat jelas pada pindaian."
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(folder))
    monkeypatch.delenv("TERMALIGN_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_disabled", False)
    return folder


def _run(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    env.pop("TERMALIGN_NO_CACHE", None)
    env.update({k: v for k, v in env_extra.items()})
    return subprocess.run([sys.executable, "-m", "termalign", *args], capture_output=True, text=True, env=env,
                          check=False)


# ------------------------------------------------------------------------------------------- the store


def test_store_then_load_gives_the_value_back(cache_dir: Path) -> None:
    key = cache.full_key("demo", "content-hash", 5)
    assert cache.load("demo", key) is None  # miss
    assert cache.store("demo", key, {"a": (1, 2.5, "x")})
    assert cache.load("demo", key) == {"a": (1, 2.5, "x")}  # hit
    assert cache.load("demo", cache.full_key("demo", "other-hash", 5)) is None
    assert [p.name for p in cache_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_another_version_is_another_key(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.full_key("demo", "x")
    cache.store("demo", key, "old")
    monkeypatch.setattr(termalign, "__version__", "99.0")
    stale = cache.full_key("demo", "x")
    assert stale != key
    assert cache.load("demo", stale) is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "other-key"])
def test_a_damaged_file_is_a_miss(cache_dir: Path, damage: str) -> None:
    key = cache.full_key("demo", damage)
    cache.store("demo", key, list(range(1000)))
    (path,) = cache_dir.glob("demo-*.bin")
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-10] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(b"\x80\x05not a pickle at all" * 10)
    elif damage == "empty":
        data = bytearray()
    else:
        data[len(cache.MAGIC)] ^= 0xFF  # the stored key no longer matches the file name's
    path.write_bytes(bytes(data))
    assert cache.load("demo", key) is None
    assert cache.store("demo", key, [1])  # rebuilt over it
    assert cache.load("demo", key) == [1]


def test_a_digest_checked_payload_that_fails_to_unpickle_is_a_miss(cache_dir: Path) -> None:
    import hashlib

    key = cache.full_key("demo", "bad")
    payload = b"\x80\x05\x95\x00"  # a pickle cut short, but with a matching digest
    cache_dir.mkdir(parents=True)
    path = cache_dir / f"demo-{key.hex()[:32]}.bin"
    path.write_bytes(cache.MAGIC + key + hashlib.sha256(payload).digest() + payload)
    assert cache.load("demo", key) is None


def test_off_switches(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.full_key("demo", "off")
    cache.store("demo", key, 1)
    monkeypatch.setenv("TERMALIGN_NO_CACHE", "1")
    assert not cache.enabled()
    assert cache.load("demo", key) is None
    assert not cache.store("demo", cache.full_key("demo", "off2"), 2)
    monkeypatch.setenv("TERMALIGN_NO_CACHE", "0")
    assert cache.load("demo", key) == 1
    cache.disable()
    assert cache.load("demo", key) is None


def test_an_unwritable_cache_folder_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(cache, "_disabled", False)
    key = cache.full_key("demo", "x")
    assert not cache.store("demo", key, 1)
    assert cache.load("demo", key) is None


def test_old_files_of_a_kind_are_pruned(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 3)
    for k in range(6):
        cache.store("demo", cache.full_key("demo", k), k)
        cache.store("other", cache.full_key("other", k), k) if k == 0 else None
    assert len(list(cache_dir.glob("demo-*.bin"))) == 3
    assert cache.load("demo", cache.full_key("demo", 5)) == 5
    assert len(list(cache_dir.glob("other-*.bin"))) == 1


def test_platform_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TERMALIGN_CACHE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "termalign"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    assert cache.cache_dir() == Path.home() / ".cache" / "termalign"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache.cache_dir() == Path.home() / "Library" / "Caches" / "termalign"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert cache.cache_dir() == tmp_path / "local" / "termalign" / "Cache"


_WRITER = textwrap.dedent("""
    import sys
    from termalign import cache
    key = cache.full_key("race", "same")
    value = {"who": sys.argv[1], "data": list(range(20000))}
    bad = 0
    for _ in range(60):
        cache.store("race", key, value)
        got = cache.load("race", key)
        if got is None or got["data"] != value["data"]:
            bad += 1
    print(bad)
""")


def test_two_processes_writing_the_same_entry(cache_dir: Path) -> None:
    env = {**os.environ, "TERMALIGN_CACHE_DIR": str(cache_dir)}
    env.pop("TERMALIGN_NO_CACHE", None)
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, name], stdout=subprocess.PIPE, text=True, env=env)
             for name in ("a", "b")]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == ["0", "0"]  # every read saw a whole file
    got = cache.load("race", cache.full_key("race", "same"))
    assert got is not None and got["who"] in ("a", "b")
    assert [p for p in cache_dir.iterdir() if not p.name.endswith(".bin")] == []  # no temporary file left


# ---------------------------------------------------------------------------------------- the cache's users


def _index_answers(index: TermIndex) -> tuple[object, ...]:
    texts = ["The phlebolith and the phleboliths were seen.", "Flebolit dan kalsifikasi terlihat; virus data."]
    return (
        [index.scan_source(t) for t in texts],
        [index.scan_target(t) for t in texts],
        [index.scan_target(t, accepted=False) for t in texts],
        index.vocabulary("en"), index.vocabulary("id"), index.lexicon, index.forbidden_words,
        index.single_accepted, [index.find_accepted(t, t.lower(), e) for t in texts for e in range(20)],
    )


def test_a_cached_index_answers_as_a_fresh_one(cache_dir: Path) -> None:
    glossary = load_glossaries(["medical", "software"])
    fresh = _index_answers(TermIndex(glossary))
    cold = TermIndex.load(glossary)
    assert list(cache_dir.glob("index-*.bin"))
    warm = TermIndex.load(glossary)
    assert warm.glossary is glossary
    assert _index_answers(cold) == fresh
    assert _index_answers(warm) == fresh
    other = TermIndex.load(glossary, min_length=6)  # another option: another entry
    assert len(list(cache_dir.glob("index-*.bin"))) == 2
    assert other.min_length == 6


def test_a_corrupt_index_file_is_rebuilt(cache_dir: Path) -> None:
    glossary = load_glossary("software")
    TermIndex.load(glossary)
    (path,) = cache_dir.glob("index-*.bin")
    path.write_bytes(path.read_bytes()[:100])
    again = TermIndex.load(glossary)
    assert _index_answers(again) == _index_answers(TermIndex(glossary))


def test_a_cached_glossary_keeps_its_warnings(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\tpos\nscan\tpindai\tnoun\nscan\tpindai\tnoun\nfile\tberkas\tblah\n",
                    encoding="utf-8")  # two warnings: a duplicate row, an unknown part of speech
    first: list[object] = []
    cold = load_glossary(path, issues=first)  # type: ignore[arg-type]
    assert list(cache_dir.glob("glossary-*.bin"))
    second: list[object] = []
    warm = load_glossary(path, issues=second)  # type: ignore[arg-type]
    assert warm == cold
    assert [str(i) for i in second] == [str(i) for i in first] and len(first) == 2
    path.write_text("source\ttarget\nfile\tberkas\n", encoding="utf-8")  # new bytes: read again
    assert [e.source for e in load_glossary(path).entries] == ["file"]


def test_frequency_table_reads_like_a_dict() -> None:
    table = wordlists.frequencies("en")
    assert isinstance(table, wordlists.FrequencyTable)
    assert table.get("the", 0.0) > 0.01 and "the" in table and table["the"] == table.get("the")
    assert table.get("flebolith") is None and table.get("flebolith", 0.0) == 0.0 and "flebolith" not in table
    assert table.get("") is None and 5 not in table
    with pytest.raises(KeyError):
        table["zzqxj"]
    assert len(table) == sum(1 for _ in table) == len(dict(table.items()))


def test_english_loans_are_built_once_then_read_from_the_cache(cache_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from termalign.checks import known_words
    from termalign.lang import spelling

    known_words._english_loans.cache_clear()
    built = known_words._english_loans()
    assert "paginasi" in built and len(list(cache_dir.glob("loans-*.bin"))) == 1
    known_words._english_loans.cache_clear()
    monkeypatch.setattr(spelling, "to_indonesian", lambda word: pytest.fail("rebuilt"))
    try:
        assert known_words._english_loans() == built
    finally:
        known_words._english_loans.cache_clear()


def test_frequency_table_shares_one_object_per_frequency() -> None:
    table = wordlists.frequencies("id")
    values = [table[word] for word in table]  # every prefix unpacked
    assert len({id(v) for v in values}) == len(set(values)) < len(values) / 50


def test_cli_results_are_the_same_cold_warm_corrupt_and_without_cache(tmp_path: Path) -> None:
    po = tmp_path / "one.po"
    po.write_text(ONE_PO, encoding="utf-8")
    folder = tmp_path / "cache"
    env = {"TERMALIGN_CACHE_DIR": str(folder)}
    runs = [_run(["check", "-g", "medical", "--format", "json", str(po)], env)]  # cold: fills the cache
    assert sorted(p.name.split("-")[0] for p in folder.glob("*.bin")) == [
        "glossary", "index", "sastrawi", "vocab", "wordfreq", "wordfreq"]  # an unknown word: fuzzy matching
    runs.append(_run(["check", "-g", "medical", "--format", "json", str(po)], env))  # warm
    for path in folder.glob("*.bin"):  # every file damaged: rebuilt, never an internal error
        path.write_bytes(path.read_bytes()[:-7] + b"garbage")
    runs.append(_run(["check", "-g", "medical", "--format", "json", str(po)], env))
    empty = tmp_path / "empty"
    runs.append(_run(["check", "-g", "medical", "--no-cache", "--format", "json", str(po)],
                     {"TERMALIGN_CACHE_DIR": str(empty)}))
    runs.append(_run(["check", "-g", "medical", "--format", "json", str(po)],
                     {"TERMALIGN_CACHE_DIR": str(empty), "TERMALIGN_NO_CACHE": "1"}))
    assert not empty.exists()  # --no-cache and TERMALIGN_NO_CACHE write nothing
    assert [r.returncode for r in runs] == [1] * 5, [r.stderr for r in runs]
    assert len({r.stdout for r in runs}) == 1
    assert json.loads(runs[0].stdout)["findings"]


def test_a_first_run_on_a_clean_entry_builds_only_what_it_needs(tmp_path: Path) -> None:
    po = tmp_path / "one.po"
    po.write_text(CLEAN_PO, encoding="utf-8")  # every target word is in wordfreq's Indonesian list
    folder = tmp_path / "cache"
    for glossary in ("medical", "software"):
        run = _run(["check", "-g", glossary, str(po)], {"TERMALIGN_CACHE_DIR": str(folder / glossary)})
        assert run.returncode == 0, run.stderr
        # no English list, no Sastrawi roots, no fuzzy vocabulary: nothing in the entry asked for them
        assert sorted(p.name.split("-")[0] for p in (folder / glossary).glob("*.bin")) == [
            "glossary", "index", "wordfreq"]


def test_a_cached_index_keeps_its_fuzzy_vocabulary_apart(cache_dir: Path) -> None:
    glossary = load_glossary("medical")
    index = TermIndex.load(glossary)
    assert not list(cache_dir.glob("vocab-*.bin"))  # not built to be stored with the index
    assert index.vocabulary("id") == TermIndex(glossary).vocabulary("id")
    assert len(list(cache_dir.glob("vocab-*.bin"))) == 1
    assert TermIndex.load(glossary).vocabulary("en") == TermIndex(glossary).vocabulary("en")  # read back


# ------------------------------------------------------------------------------------------- imports


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_termalign_imports_no_stage() -> None:
    loaded = _modules_after("import termalign")
    assert {m for m in loaded if m.startswith("termalign.")} == set()
    assert "click" not in loaded


CLEAN_PO = ONE_PO.replace("The phlebolith is visible on the scan.", "Open the file.").replace(
    "Flebolith terlihat jelas pada pindaian.", "Buka berkasnya.")


def test_check_on_a_po_file_imports_only_what_it_uses(tmp_path: Path) -> None:
    po = tmp_path / "one.po"
    po.write_text(CLEAN_PO, encoding="utf-8")  # no unknown word: no fuzzy matching due, so no rapidfuzz
    loaded = _modules_after(textwrap.dedent(f"""
        import sys
        from termalign.cli import main
        try:
            main(["check", {str(po)!r}])
        except SystemExit:
            pass
    """))
    assert "termalign.checks.runner" in loaded  # it did run
    unused = {"termalign.formats.html", "termalign.formats.junit", "termalign.formats.tmx", "termalign.formats.po",
              "termalign.formats.json_", "termalign.formats.tsv", "termalign.formats.aligned", "termalign.aligner",
              "termalign.terms", "termalign.report", "termalign.segment", "langdetect", "langdetect_rs",
              "wordfreq", "xml.sax.saxutils", "urllib.request", "multiprocessing", "rapidfuzz",
              "concurrent.futures"}
    assert loaded & unused == set()


# ----------------------------------------------------------------------------------------- the collector


def test_main_leaves_the_collector_running(tmp_path: Path) -> None:
    from termalign.cli import main

    po = tmp_path / "one.po"
    po.write_text(ONE_PO, encoding="utf-8")
    assert gc.isenabled()
    for args in (["check", "--no-cache", str(po)], ["check", "--no-such-option"], ["check", str(tmp_path / "nope.po")],
                 ["--version"]):
        with pytest.raises(SystemExit):
            main(args)
        assert gc.isenabled(), args
    gc.unfreeze()


# ---------------------------------------------------------------------------------------- language of a text

EN = ["The patient was given an injection before the operation and it was fine.",
      "Open the file in the editor and save it before you close the window."]
ID = ["Pasien diberi suntikan sebelum operasi dan semuanya berjalan dengan baik.",
      "Buka berkas di penyunting dan simpan sebelum jendela ditutup oleh pengguna."]
HARD = ["Wound Care After Surgery", "Configuration Editor Window Settings", "Perawatan Luka Pascaoperasi Rumah",
        "Pengaturan Jendela Penyunting Berkas", "Zyx Qwv Plorg Mnbv"]


def test_document_language_matches_detect_document_and_asks_less(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    rng = random.Random(17)
    outcomes = {text: rng.choice([("en", 0.9), ("id", 0.8), (None, 0.0)]) for text in HARD}

    def fake(text: str) -> tuple[str | None, float]:
        calls.append(text)
        return next(v for k, v in outcomes.items() if " ".join(w.lower() for w in k.split()) == text)

    monkeypatch.setattr(langid, "_langdetect", fake)
    fewer = 0
    for _ in range(300):
        lines = rng.choices(EN, k=rng.randint(0, 3)) + rng.choices(ID, k=rng.randint(0, 3)) + \
            rng.choices(HARD, k=rng.randint(0, 4)) + ["short", ""]
        rng.shuffle(lines)
        calls.clear()
        expected = langid.detect_document(lines).lang
        full = len(calls)
        calls.clear()
        assert langid.document_language(lines) == expected, lines
        assert len(calls) <= full
        fewer += len(calls) < full
    assert fewer > 50  # it does skip langdetect where the vote is decided


def test_plain_text_check_without_lang_skips_langdetect_when_the_vote_is_decided(tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text(HARD[0] + "\n" + "\n".join(EN) + "\n", encoding="utf-8")
    loaded = _modules_after(textwrap.dedent(f"""
        from termalign.cli import main
        try:
            main(["check", {str(text)!r}])
        except SystemExit:
            pass
    """))
    assert "termalign.checks.runner" in loaded
    assert not {"langdetect", "langdetect_rs"} & loaded
