"""The shortcuts that make ``termalign check`` fast give the answers of the plain rules they stand for: loanword
folding, affix and inflection rules, the known-word neighbour search, the term scans, the glued-words pre-scan,
the unknown-word index of a batch and the finding records. Each test compares a shortcut with a straightforward
statement of the rule (written here) or with hand-checked expectations. All texts are written for these tests."""

from __future__ import annotations

import dataclasses
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from termalign.checks.analyses import Batch
from termalign.checks.base import CheckOptions, Unit
from termalign.checks.glued import _SHAPE
from termalign.checks.known_words import KnownWords
from termalign.checks.patterns import GLUED, MISSING_SPACE, WORD, code_spans, is_name
from termalign.checks.runner import make_context
from termalign.lang.english import BASE_SUFFIXES as _EN_SUFFIXES
from termalign.lang.english import bases as english_bases
from termalign.lang.indonesian import _suffix_strips, _word_matches, base_forms, find_term
from termalign.lang.spelling import fold, strip_accents
from termalign.model import Finding, Glossary, GlossaryEntry, Location

# ------------------------------------------------------------------------------------------- spelling


# to_indonesian against its reference (spelling.explain): tests/test_lang.py


def test_fold_merges_spellings_and_strip_accents_keeps_ascii():
    assert fold("phlebolith") == fold("flebolit") == fold("Flebolith") == "plebolit"
    assert strip_accents("plain ascii") == "plain ascii"
    assert strip_accents("café crème") == "cafe creme"


# ----------------------------------------------------------------------------------- morphology


def _suffix_strips_reference(word: str) -> list[str]:
    layer = [word]
    for group in (("lah", "kah", "pun", "tah"), ("nya", "ku", "mu"), ("kan", "an", "i")):
        layer = layer + [w[: -len(s)] for w in layer for s in group if w.endswith(s) and len(w) - len(s) >= 3]
    return layer


@pytest.mark.parametrize("word", ["bukunyalah", "rumahku", "dikonfigurasikan", "kalsifikasinya", "meja", "sel"])
def test_suffix_strips_match_the_reference(word):
    assert _suffix_strips(word) == _suffix_strips_reference(word)


@pytest.mark.parametrize(("word", "base"), [
    ("menyerang", "serang"), ("memukul", "pukul"), ("dikonfigurasikan", "konfigurasi"), ("terkalsifikasi",
                                                                                         "kalsifikasi"),
    ("berenang", "renang"), ("sel-sel", "sel"), ("kalsifikasinya", "kalsifikasi"),
])
def test_base_forms_still_find_bases_behind_prefixes_and_suffixes(word, base):
    assert base in base_forms(word)


def test_words_without_a_listed_prefix_get_no_prefixed_base():
    # "kalsifikasi" starts with none of me-, pe-, di-, ke-, se-, be-, te-: only suffix stems are bases
    assert base_forms("kalsifikasi") == ["kalsifikasi", "kalsifikas"]


def _english_bases_reference(word: str) -> list[str]:
    out = [word]
    for suffix, replacement in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + replacement
            if base not in out:
                out.append(base)
            if suffix in ("ed", "ing") and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiou":
                out.append(base[:-1])
    return out


@pytest.mark.parametrize("word", ["granulomas", "stopped", "libraries", "nuclei", "vertebrae", "quickly",
                                  "calcium", "file", "saving", "carcinomata", "user's"])
def test_english_bases_match_the_reference(word):
    assert english_bases(word) == _english_bases_reference(word)


def _find_term_reference(text: str, term: str, case_sensitive: bool = False) -> list[tuple[int, int]]:
    words = term.split()
    if not words:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_]+(?:-[^\W_]+)*", text)]
    n = len(words)
    return [(tokens[i][0], tokens[i + n - 1][1]) for i in range(len(tokens) - n + 1)
            if all(_word_matches(tokens[i + k][2], w, k in (0, n - 1), case_sensitive) for k, w in enumerate(words))]


@pytest.mark.parametrize(("text", "term"), [
    ("Memindai berkas, lalu pindai lagi", "pindai"),
    ("sel-sel darah putihnya naik", "sel darah putih"),
    ("Terkalsifikasi dan kalsifikasinya", "kalsifikasi"),
    ("TBC dan tbc", "TBC"),
])
def test_find_term_matches_the_reference(text, term):
    for case_sensitive in (False, True):
        assert find_term(text, term, case_sensitive=case_sensitive) == _find_term_reference(text, term, case_sensitive)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["sel", "sel-sel", "darah", "putihnya", "memindai", "pindai", "Sel", "x", "di"]),
                max_size=8),
       st.sampled_from(["sel", "sel darah", "pindai", "darah putih", "Sel"]))
def test_find_term_matches_the_reference_on_any_sentence(words, term):
    text = " ".join(words)
    assert find_term(text, term) == _find_term_reference(text, term)


# ----------------------------------------------------------------------------------- known words


@pytest.fixture(scope="module")
def known():
    return KnownWords()


def _neighbour_reference(known: KnownWords, word: str, lang: str, max_distance: int) -> str | None:
    """The closest known word (OSA) within ``max_distance``, same first-letter class, alphabetically first."""
    from termalign.checks.known_words import _FIRST_LETTER_CLASSES

    best: tuple[int, str] | None = None
    buckets = known._buckets(lang)
    for first in _FIRST_LETTER_CLASSES.get(word[0], (word[0],)):
        for length in range(max(1, len(word) - max_distance), len(word) + max_distance + 1):
            for candidate in buckets.get((first, length), ()):
                d = OSA.distance(word, candidate)
                if d <= max_distance and (best is None or (d, candidate) < best):
                    best = (d, candidate)
    return best[1] if best else None


@pytest.mark.parametrize(("word", "lang", "distance"), [
    ("dearah", "id", 1), ("qualifikasi", "id", 1), ("kalsifikasy", "id", 2), ("flebolith", "en", 2),
    ("hospitel", "en", 1), ("zzzzqqq", "en", 3), ("phlebolit", "en", 3), ("tanggl", "id", 2),
])
def test_neighbour_is_the_closest_known_word(known, word, lang, distance):
    assert known.neighbour(word, lang, distance) == _neighbour_reference(known, word, lang, distance)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_is_known_answers_as_the_first_matching_rule_does(lang):
    words = ["rumah", "dikonfigurasikan", "flebolith", "granulomas", "calcified", "kalsifikasinya", "qwrtxz",
             "files", "menyimpan", "stopped", "osificans", "berkas", "phlebitis", "sel-sel", "tersimpan", "xyz"]
    known = KnownWords(lexicon=frozenset({"kalsifikasi", "calcify", "phlebolith"}), extra=("qwrtxz",))
    for word in words:
        assert known.is_known(word, lang) is (known._reason(word, lang, explain=False) is not None), word
    assert known.is_known("qwrtxz", lang) and known.is_known("kalsifikasi", lang)
    assert not known.is_known("flebolith", lang)


def _glued_split_reference(known: KnownWords, word: str, lang: str) -> tuple[int, float] | None:
    """glued_split's rule in its written order: known or not, the one-edit veto, the loan veto, then the cuts."""
    from termalign.checks.known_words import GLUE_KNOWN_EN_ZIPF, GLUE_KNOWN_HALF_ZIPF, LOAN_ENDINGS, _english_loans

    if len(word) < 5 or not word.isalpha() or word in known.lexicon:
        return None
    floor = None
    if known.is_known(word, lang):
        if lang != "en" or word in known.extra or known._zipf_en(word) >= GLUE_KNOWN_EN_ZIPF:
            return None
        floor = GLUE_KNOWN_HALF_ZIPF
    elif known._whole_word_after_all(word, lang):
        return None
    if lang == "id" and word.endswith(LOAN_ENDINGS) and word in _english_loans():
        return None
    return known._best_cut(word, lang, floor)


GLUE_WORDS = ["nyeridada", "thesame", "menderitamual", "paginasi", "enambahkan", "katagori", "treshold", "kanonikal",
              "meredirect", "ofthe", "dioverride", "antinyamuk", "qzxvkwrtplm", "rumahsakit", "filesistem", "onset"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_glued_split_answers_as_its_rule_in_written_order(lang):
    known = KnownWords(lexicon=frozenset({"kalsifikasi", "sistem"}))
    for word in GLUE_WORDS:
        assert known.glued_split(word, lang) == _glued_split_reference(known, word, lang), word


def test_glued_split_judges_the_one_edit_neighbourhood_only_of_a_word_that_splits(monkeypatch):
    known = KnownWords()
    judged: list[str] = []
    veto = KnownWords._whole_word_after_all
    monkeypatch.setattr(KnownWords, "_whole_word_after_all",
                        lambda self, word, lang: judged.append(word) or veto(self, word, lang))
    assert known.glued_split("qzxvkwrtplm", "id") is None  # no cut gives two words: nothing to veto
    assert judged == []
    assert known.glued_split("nyeridada", "id") == (5, pytest.approx(known.glued_split("nyeridada", "id")[1]))
    assert judged == ["nyeridada"]


# ----------------------------------------------------------------------------------------- scans


@pytest.fixture(scope="module")
def ctx():
    entries = (
        GlossaryEntry("file", "berkas"),
        GlossaryEntry("save", "simpan", pos="verb"),
        GlossaryEntry("GNU", "GNU", case_sensitive=True, do_not_translate=True),
        GlossaryEntry("log in", "masuk", pos="verb"),
        GlossaryEntry("window", "jendela", target_variants=("window",)),
    )
    return make_context(Glossary(entries), options=CheckOptions())


def test_scan_source_finds_plain_inflected_case_sensitive_and_phrase_forms(ctx):
    text = "Saving files: GNU gnu saved the file, log in, file-based, re-saves"
    got = [(text[h.start:h.end], h.entry) for h in ctx.index.scan_source(text)]
    # "file" in "file-based" is the word itself; "re-saves" keeps a verb's -s ending inside a compound
    assert got == [("Saving", 1), ("files", 0), ("GNU", 2), ("saved", 1), ("file", 0), ("log in", 3), ("file", 0),
                   ("saves", 1)]


def test_scan_target_skips_english_forms_inside_words_but_keeps_inflections(ctx):
    text = "profile berkas files windows"
    hits = ctx.index.scan_target(text, "id", accepted=False)
    assert [(text[h.start:h.end], h.kind) for h in hits] == [("files", "english")]


def test_loan_variant_respells_the_source_term_once_per_unit(ctx, monkeypatch):
    from termalign.checks import analyses

    entry = GlossaryEntry("hypertension", "tekanan darah tinggi")
    unit = Unit(text="Pasien dengan riwayat keluarga dan hipertensi kronis datang kembali", source="hypertension")
    calls: list[str] = []
    respell = analyses.to_indonesian
    monkeypatch.setattr(analyses, "to_indonesian", lambda word: calls.append(word) or respell(word))
    found = analyses.loan_variant(Batch([unit], ctx), 0, "hypertension", entry)
    assert found is not None and unit.text[found[0]:found[1]] == "hipertensi"
    assert calls.count("hypertension") <= 2  # once for the tokens, once for the explanation (was once per token)


def test_unknown_words_of_a_batch_are_the_words_the_guard_does_not_know(ctx):
    units = [Unit(text="Berkas flebolith tersimpan di qwrtxz", source="File saved"),
             Unit(text="Berkas tersimpan", source="File saved"),
             Unit(text="qwrtxz lagi", source="again")]
    batch = Batch(units, ctx)
    for i, unit in enumerate(units):
        tokens = [m.group() for m in WORD.finditer(unit.text)]
        expected = [k for k, tok in enumerate(tokens) if len(tok) >= 3 and not ctx.known.is_known(tok.lower(), "id")]
        assert batch.unknown(i) == expected
    assert batch.unknown(1) == []
    assert [tokens for tokens in (batch.tokens(0)[k][2] for k in batch.unknown(0))] == ["flebolith", "qwrtxz"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeXYZ.!? -_/", max_size=40))
def test_glued_pre_scan_never_hides_a_match(text):
    if GLUED.search(text) or MISSING_SPACE.search(text):
        assert _SHAPE.search(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab %{$<&`'\"/@:-.x1", max_size=30))
def test_code_spans_pre_scan_matches_every_pattern(text):
    from termalign.checks.patterns import NON_PROSE

    spans = sorted(m.span() for p in NON_PROSE for m in p.finditer(text))
    assert code_spans(text) == spans


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Use Windows high-resolution clock", "Windows", True),
    ("Windows is open", "Windows", False),
    ("use\tWindows here", "Windows", False),
    ("see  Windows here", "Windows", False),
    ("lihat GNU General Public License versi 2", "License", True),
])
def test_is_name_needs_a_word_and_one_space_before_the_name(text, word, expected):
    start = text.index(word)
    assert is_name(text, start, start + len(word)) is expected


# ----------------------------------------------------------------------------------------- records


def test_findings_and_locations_behave_as_frozen_dataclasses():
    loc = Location("a.po", 3, None, 1, 4)
    finding = Finding("missing-term", "warning", "file", "msg", "id", loc, "berkas", ("step",))
    assert finding == Finding(code="missing-term", severity="warning", text="file", message="msg", lang="id",
                              location=Location(file="a.po", line=3, start=1, end=4), suggestion="berkas",
                              explanation=("step",))
    assert hash(finding) == hash(pickle.loads(pickle.dumps(finding)))
    assert dataclasses.replace(finding, severity="error").severity == "error"
    assert dataclasses.asdict(loc) == {"file": "a.po", "line": 3, "entry": None, "start": 1, "end": 4}
    assert Location() == Location(None, None, None, None, None)
    assert Finding("c", "info", "t", "m", "id", loc).explanation == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "other"  # type: ignore[misc]


def test_units_behave_as_frozen_dataclasses():
    fields = dataclasses.fields(Unit)
    bare = Unit("teks")
    # Every field not given takes the default the dataclass declares, in declaration order.
    assert [getattr(bare, f.name) for f in fields[1:]] == [f.default for f in fields[1:]]
    values = ("teks", "id", "text", "en", "a.po", 3, "text", "k", frozenset({"*"}), "a.po", 2)
    unit = Unit(*values)
    assert [getattr(unit, f.name) for f in fields] == list(values)
    assert unit == Unit(**{f.name: v for f, v in zip(fields, values, strict=True)})
    assert hash(unit) == hash(Unit(*values))
    assert pickle.loads(pickle.dumps(unit)) == unit
    assert dataclasses.replace(unit, line=9).line == 9
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.text = "lain"  # type: ignore[misc]
