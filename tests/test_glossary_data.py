"""Checks on the glossary data that ships with termalign (``glossaries/*.tsv``), not on the code that reads it.

The files are read here with a small independent parser, so that a lenient reader cannot hide a malformed
row, and then through :mod:`termalign.glossary`, so that what users load is what these tests saw. The
Indonesian checks encode the review rules of ``glossaries/README.md``: standard spelling after KBBI and the
loanword rules (no ph/th/x/q, c only in native words, no doubled consonants), forbidden forms never
accepted anywhere, known non-standard spellings never accepted, variants that are mere inflections of another
accepted form left out (matching is morphology-aware), rows sorted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from termalign.glossary import available_glossaries, load_glossary, validate_glossary, write_glossary
from termalign.lang.indonesian import find_term

ROOT = Path(__file__).resolve().parent.parent
GLOSSARIES = ROOT / "glossaries"
SHIPPED = ("medical", "software")
HEADER = "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags"
POS = {"noun", "verb", "adjective"}
FLAGS = {"case-sensitive", "do-not-translate"}
DOMAINS = {
    "medical": {"pathology", "anatomy", "pharmacology", "procedure", "symptom", "disease", "laboratory", "general"},
    "software": {"files", "system", "security", "network", "development", "ui", "general"},
}
MINIMUM_ENTRIES = {"medical": 400, "software": 150}

# Words whose Indonesian spelling has a native "c" (KBBI): a "c" anywhere else is an English letter left in a
# loanword ("calsifikasi"). Matched as stems inside a token, so affixed forms (kecemasan, pencernaan) pass.
NATIVE_C_STEMS = (
    "acu", "cabang", "cacar", "cacing", "cair", "cakram", "campak", "cap", "cara", "cari", "cedera", "cegah",
    "cemas", "cepat", "cerah", "cerna", "cetak", "cipta", "citra", "coba", "contoh", "cuci", "cuplik", "encer",
    "kecil", "kencing", "kunci", "pacu", "racun",
)
# Native or KBBI words with a doubled consonant other than gg/kk/nn (which affixation produces).
DOUBLED_OK = {"massa"}
DOUBLED = re.compile(r"([bcdfhjlmpqrstvwxz])\1")
FOREIGN_LETTERS = re.compile(r"ph|th|x|q")

# Spellings that KBBI marks as non-standard (bentuk tidak baku): never an accepted form in any shipped glossary.
NON_STANDARD = {
    "respon": "respons", "analisa": "analisis", "praktek": "praktik", "sistim": "sistem", "tehnik": "teknik",
    "apotik": "apotek", "ijin": "izin", "syaraf": "saraf", "nafas": "napas", "pernafasan": "pernapasan",
    "resiko": "risiko", "diagnosa": "diagnosis", "urin": "urine", "kadaluarsa": "kedaluwarsa",
    "kadaluwarsa": "kedaluwarsa", "antrian": "antrean", "jadual": "jadwal", "obyek": "objek",
    "aktifitas": "aktivitas", "efektifitas": "efektivitas", "kwalitas": "kualitas", "frekwensi": "frekuensi",
    "kwantitas": "kuantitas", "hipotesa": "hipotesis", "sintesa": "sintesis", "metoda": "metode",
    "cidera": "cedera",
}
# The non-standard spellings the team brief names: each must be forbidden somewhere in the shipped data.
BRIEF_FORBIDDEN = ("respon", "analisa", "praktek", "sistim", "tehnik", "apotik", "ijin")

# Terms Indonesian writes exactly like English: accepted, and never listed as forbidden.
SAME_IN_BOTH = ("hematoma", "granuloma", "lipoprotein", "fibrosis", "tumor", "diagnosis", "trauma", "sepsis")

# The core of the medical glossary (team brief): English term -> standard target, accepted variants.
MEDICAL_CORE = {
    "calcification": ("kalsifikasi", ()),
    "dystrophic calcification": ("kalsifikasi distrofik", ()),
    "metastatic calcification": ("kalsifikasi metastatik", ()),
    "necrosis": ("nekrosis", ()),
    "necrotic tissue": ("jaringan nekrotik", ()),
    "macrophage": ("makrofag", ()),
    "phagocyte": ("fagosit", ()),
    "phagocytic": ("fagositik", ()),
    "phlebolith": ("flebolit", ()),
    "myositis ossificans": ("miositis osifikans", ()),
    "granuloma": ("granuloma", ()),
    "hydroxyapatite": ("hidroksiapatit", ()),
    "atherosclerosis": ("aterosklerosis", ()),
    "hypercalcemia": ("hiperkalsemia", ()),
    "calcinosis": ("kalsinosis", ()),
    "hyperparathyroidism": ("hiperparatiroidisme", ()),
    "dermatomyositis": ("dermatomiositis", ()),
    "scleroderma": ("skleroderma", ()),
    "sarcoma": ("sarkoma", ()),
    "hematoma": ("hematoma", ()),
    "lipoprotein": ("lipoprotein", ()),
    "inflammation": ("peradangan", ("inflamasi",)),
    "immune system": ("sistem kekebalan", ("sistem imun",)),
    "white blood cell": ("sel darah putih", ("leukosit",)),
    "blood clot": ("bekuan darah", ("gumpalan darah",)),
    "scar tissue": ("jaringan parut", ()),
    "cartilage": ("tulang rawan", ("kartilago",)),
    "tuberculosis": ("tuberkulosis", ("TBC", "TB")),
    "venous insufficiency": ("insufisiensi vena", ()),
    "infiltration": ("infiltrasi", ()),
    "fibrosis": ("fibrosis", ()),
    "computed tomography": ("tomografi terkomputasi", ()),
    "magnetic resonance imaging": ("pencitraan resonansi magnetik", ()),
    "kidney": ("ginjal", ()),
    "urine": ("urine", ()),
}
# English forms left untranslated that the medical glossary must forbid (brief examples).
MEDICAL_FORBIDDEN_ENGLISH = {
    "phlebolith": "phlebolith",
    "myositis ossificans": "myositis ossificans",
    "calcification": "calcification",
}
# Forms Debian's Indonesian translators really use, which must stay accepted so correct translations pass.
SOFTWARE_ACCEPTED = {
    "file": ("berkas", "file"),
    "directory": ("direktori", "folder"),
    "folder": ("folder", "direktori"),
    "password": ("kata sandi",),
    "download": ("unduh",),
    "upload": ("unggah",),
    "settings": ("pengaturan", "setelan"),
    "update": ("pembaruan",),
    "repository": ("repositori",),
    "option": ("opsi", "pilihan"),
}


@dataclass(frozen=True)
class Row:
    """One data line of a glossary file, split into its nine fields."""

    line: int
    source: str
    target: str
    source_variants: tuple[str, ...]
    target_variants: tuple[str, ...]
    forbidden: tuple[str, ...]
    pos: str
    domain: str
    note: str
    flags: tuple[str, ...]

    @property
    def accepted(self) -> tuple[str, ...]:
        """Indonesian forms this row accepts (the English ones for do-not-translate terms)."""
        if "do-not-translate" in self.flags:
            return (self.source, *self.source_variants)
        return (self.target, *self.target_variants)


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split("|")) if value else ()


def _read(name: str) -> tuple[str, list[Row]]:
    """The raw text of ``glossaries/NAME.tsv`` and its rows; malformed lines fail the test here."""
    path = GLOSSARIES / f"{name}.tsv"
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", f"{path.name}: the file must end with a newline"
    lines = lines[:-1]
    first = 0
    while first < len(lines) and lines[first].startswith("#"):
        first += 1
    assert first < len(lines) and lines[first] == HEADER, f"{path.name}: header line missing or wrong"
    rows = []
    for number, line in enumerate(lines[first + 1 :], start=first + 2):
        assert not line.startswith("#"), f"{path.name}:{number}: comments are only allowed at the top"
        fields = line.split("\t")
        assert len(fields) == 9, f"{path.name}:{number}: {len(fields)} fields, expected 9"
        rows.append(
            Row(number, fields[0], fields[1], _split(fields[2]), _split(fields[3]), _split(fields[4]),
                fields[5], fields[6], fields[7], tuple(f for f in fields[8].split(",") if f))
        )
    return text, rows


@pytest.fixture(scope="module", params=SHIPPED)
def shipped(request: pytest.FixtureRequest) -> tuple[str, str, list[Row]]:
    text, rows = _read(request.param)
    return request.param, text, rows


def _all_rows() -> list[tuple[str, Row]]:
    return [(name, row) for name in SHIPPED for row in _read(name)[1]]


def test_both_glossaries_are_shipped() -> None:
    assert set(SHIPPED) <= set(available_glossaries())


def test_file_encoding_and_layout(shipped: tuple[str, str, list[Row]]) -> None:
    name, text, _ = shipped
    assert not text.startswith("\ufeff"), f"{name}: no byte-order mark"
    assert "\r" not in text, f"{name}: LF line ends only"
    assert unicodedata.normalize("NFC", text) == text, f"{name}: text must be NFC"
    for number, line in enumerate(text.split("\n"), 1):
        assert line == line.rstrip(" "), f"{name}:{number}: trailing spaces"


def test_size(shipped: tuple[str, str, list[Row]]) -> None:
    name, _, rows = shipped
    assert len(rows) >= MINIMUM_ENTRIES[name]


def test_required_fields_and_vocabularies(shipped: tuple[str, str, list[Row]]) -> None:
    name, _, rows = shipped
    for row in rows:
        where = f"{name}:{row.line}"
        assert row.source and row.target and row.note, f"{where}: source, target and note are required"
        assert row.pos in POS, f"{where}: pos {row.pos!r}"
        assert row.domain in DOMAINS[name], f"{where}: domain {row.domain!r}"
        assert set(row.flags) <= FLAGS, f"{where}: flags {row.flags}"
        for value in (row.source, row.target, *row.source_variants, *row.target_variants, *row.forbidden):
            assert value, f"{where}: empty item in a variant list"
            assert value == " ".join(value.split()), f"{where}: stray white space in {value!r}"
        if "do-not-translate" in row.flags:
            assert row.target == row.source, f"{where}: a do-not-translate target repeats the source"
        assert row.source not in row.source_variants and row.target not in row.target_variants, where
        for group in (row.source_variants, row.target_variants, row.forbidden):
            assert len({v.casefold() for v in group}) == len(group), f"{where}: a variant is listed twice"


def test_rows_are_sorted(shipped: tuple[str, str, list[Row]]) -> None:
    name, _, rows = shipped
    keys = [(row.source.casefold(), row.source) for row in rows]
    assert keys == sorted(keys), f"{name}: rows must be sorted by source (case-folded)"


def test_no_english_term_twice(shipped: tuple[str, str, list[Row]]) -> None:
    name, _, rows = shipped
    seen: dict[str, int] = {}
    for row in rows:
        for form in (row.source, *row.source_variants):
            key = form.casefold()
            assert key not in seen, f"{name}:{row.line}: {form!r} already at line {seen[key]}"
            seen[key] = row.line


def test_forbidden_never_accepted_anywhere() -> None:
    """Across both files, as users merge them: a form forbidden by one row is accepted by none."""
    rows = _all_rows()
    accepted = {form.casefold(): (name, row.line) for name, row in rows for form in row.accepted}
    for name, row in rows:
        for form in row.forbidden:
            assert form.casefold() not in accepted, (
                f"{name}:{row.line}: forbidden {form!r} is accepted at {accepted[form.casefold()]}"
            )


def test_non_standard_spellings_never_accepted() -> None:
    for name, row in _all_rows():
        for form in row.accepted:
            for word in re.split(r"[\s-]+", form.casefold()):
                assert word not in NON_STANDARD, (
                    f"{name}:{row.line}: {word!r} is non-standard (KBBI: {NON_STANDARD[word]})"
                )


def test_brief_non_standard_spellings_are_forbidden() -> None:
    forbidden = {form.casefold() for _, row in _all_rows() for form in row.forbidden}
    missing = [word for word in BRIEF_FORBIDDEN if word not in forbidden]
    assert not missing, f"not forbidden anywhere: {missing}"


def _foreign_spelling(token: str) -> str | None:
    """Why an Indonesian word does not look like standard spelling, or None."""
    word = token.casefold()
    found = FOREIGN_LETTERS.search(word)
    if found:
        return f"letters {found.group()!r}"
    if "c" in word and not any(stem in word for stem in NATIVE_C_STEMS):
        return "'c' outside a native word"
    if DOUBLED.search(word) and word not in DOUBLED_OK:
        return "doubled consonant"
    return None


def test_indonesian_forms_follow_standard_spelling(shipped: tuple[str, str, list[Row]]) -> None:
    """ph→f, th→t, x→ks, c→k/s, doubled consonants single (loanword rules), in targets and accepted variants.

    Exempt: do-not-translate rows, acronyms and names (capitalised words), and, in variants only, English words
    of the row's own source that Indonesian usage keeps (software: "file", "path", "thread").
    """
    name, _, rows = shipped
    problems = []
    for row in rows:
        if "do-not-translate" in row.flags:
            continue
        english = {w.casefold() for form in (row.source, *row.source_variants) for w in re.split(r"[\s-]+", form)}
        for index, form in enumerate((row.target, *row.target_variants)):
            for token in re.split(r"[\s-]+", form):
                if not token or token[0].isupper():
                    continue
                if index > 0 and token.casefold() in english:
                    continue
                why = _foreign_spelling(token)
                if why:
                    problems.append(f"{name}:{row.line}: {form!r}: {token!r} has {why}")
    assert not problems, "\n".join(problems)


def test_spelling_rule_catches_garbles() -> None:
    """The spelling test above is able to fail: garbled loanwords are caught, native words are not."""
    for garble in ("flebolith", "calsifikasi", "phagosit", "toxik", "selluler", "nekrotic", "aterosclerosis"):
        assert _foreign_spelling(garble), garble
    for good in ("flebolit", "kalsifikasi", "pencernaan", "keracunan", "tenggorokan", "massa", "masukkan"):
        assert _foreign_spelling(good) is None, good


def test_variants_are_not_inflections_of_other_accepted_forms(shipped: tuple[str, str, list[Row]]) -> None:
    """The checks match affixed and reduplicated forms, so listing "terbuka" beside "buka" only adds noise
    (two accepted forms of one concept count as an inconsistency)."""
    name, _, rows = shipped
    problems = []
    for row in rows:
        forms = (row.target, *row.target_variants)
        for variant in row.target_variants:
            for other in forms:
                if other != variant and (0, len(variant)) in find_term(variant, other):
                    problems.append(f"{name}:{row.line}: {variant!r} is a form of {other!r}")
    assert not problems, "\n".join(problems)


def test_same_form_terms_are_not_forbidden() -> None:
    forbidden = {form.casefold() for _, row in _all_rows() for form in row.forbidden}
    _, rows = _read("medical")
    by_source = {row.source: row for row in rows}
    for word in SAME_IN_BOTH:
        assert word not in forbidden, word
        assert by_source[word].target == word, word


def test_medical_core_terms() -> None:
    _, rows = _read("medical")
    by_source = {row.source: row for row in rows}
    for source, (target, variants) in MEDICAL_CORE.items():
        row = by_source.get(source)
        assert row is not None, f"missing entry {source!r}"
        assert row.target == target, f"{source!r}: {row.target!r}, expected {target!r}"
        assert set(variants) <= set(row.target_variants), f"{source!r}: variants {row.target_variants}"
    for source, form in MEDICAL_FORBIDDEN_ENGLISH.items():
        assert form in by_source[source].forbidden, f"{source!r} must forbid the untranslated {form!r}"


def test_medical_acronyms_are_case_sensitive() -> None:
    _, rows = _read("medical")
    for row in rows:
        if row.source.isupper() and len(row.source) <= 4:
            assert "case-sensitive" in row.flags, f"medical:{row.line}: {row.source!r}"


def test_software_keeps_translators_forms() -> None:
    _, rows = _read("software")
    by_source = {row.source: row for row in rows}
    for source, forms in SOFTWARE_ACCEPTED.items():
        accepted = {form.casefold() for form in by_source[source].accepted}
        assert {form.casefold() for form in forms} <= accepted, f"{source!r}: {sorted(accepted)}"


def test_loader_reports_no_issue(shipped: tuple[str, str, list[Row]]) -> None:
    name, _, rows = shipped
    issues = validate_glossary(GLOSSARIES / f"{name}.tsv")
    assert issues == [], "\n".join(map(str, issues))
    glossary = load_glossary(name)
    assert len(glossary.entries) == len(rows)


def test_files_are_canonical(shipped: tuple[str, str, list[Row]]) -> None:
    """Reading and writing a shipped file gives it back byte for byte (comment lines aside)."""
    name, text, _ = shipped
    data = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    assert write_glossary(load_glossary(GLOSSARIES / f"{name}.tsv"), "tsv") == data
