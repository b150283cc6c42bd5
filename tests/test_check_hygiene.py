"""Gate hygiene of ``termalign check`` and ``glossary validate`` (issue 14 item 9): typos in inline ignores, extracted
comments, columns, the glossary a catalog is checked against, near-duplicate glossary rows, column names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termalign.cli import main
from termalign.glossary import load_glossary

PO = '''msgid "Open the list"
msgstr "Buka list"

#. termalign: ignore untranslated-term
msgid "Save the list"
msgstr "Simpan list"

# termalign: ignore untranslatd-term
msgid "Close the list"
msgstr "Tutup list"
'''


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "app.po"
    path.write_text(PO, encoding="utf-8")
    return str(path)


def test_extracted_comment_ignores_and_a_misspelt_code_is_a_warning(capsys, po):
    code, out, err = run(capsys, "check", po)
    assert code == 1
    assert f"{po}:2:6: error untranslated-term" in out  # line and column
    assert f"{po}:6:" not in out  # "#. termalign: ignore" honoured
    assert f"{po}:10:7: error untranslated-term" in out  # the typo silences nothing...
    assert f"{po}:10: 'termalign: ignore' names an unknown check 'untranslatd-term'" in err  # ...and says so
    assert "1 ignored inline" in out


def test_two_findings_on_one_line_have_their_columns(capsys, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Pasien dengan flebolitt dan flebolitt lagi.\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--lang", "id", str(text))
    places = [line.split(": ")[0] for line in out.splitlines() if "garbled-term" in line]
    assert places == [f"{text}:1:15", f"{text}:1:29"]


def test_the_glossary_follows_the_inputs_and_is_named(capsys, po, tmp_path):
    _, out, _ = run(capsys, "check", "--fail-on", "never", po)
    assert out.rstrip().endswith("glossary: software (the default for PO/MO catalogs)")
    _, out, _ = run(capsys, "check", "--fail-on", "never", "-f", "json", po)
    assert json.loads(out)["summary"]["glossary"] == "software (the default for PO/MO catalogs)"
    text = tmp_path / "a.txt"
    text.write_text("Pasien dengan demam tinggi datang ke rumah sakit kemarin.\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--lang", "id", str(text))
    assert out.rstrip().endswith("glossary: medical (the default for texts)")
    _, out, _ = run(capsys, "check", "-g", "medical", "--fail-on", "never", po)
    assert out.rstrip().endswith("glossary: medical")
    code, _, err = run(capsys, "check", po, str(text))
    assert code == 2 and "--glossary" in err and "app.po" in err


def test_a_folder_of_catalogs_gets_the_catalog_glossary(capsys, po, tmp_path):
    # The folder is walked before the default is chosen: its files are catalogs, so the software glossary.
    folder = tmp_path / "locale"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "app.po").write_bytes(Path(po).read_bytes())
    _, out, _ = run(capsys, "check", "--fail-on", "never", str(folder))
    assert out.rstrip().endswith("glossary: software (the default for PO/MO catalogs)")
    # An XLIFF beside them (either kind of content) goes with them; alone it counts as a text.
    (folder / "sub" / "app.xlf").write_text(XLIFF, encoding="utf-8")
    _, out, _ = run(capsys, "check", "--fail-on", "never", str(folder))
    assert out.rstrip().endswith("glossary: software (the default for PO/MO catalogs)")
    _, out, _ = run(capsys, "check", "--fail-on", "never", str(folder / "sub" / "app.xlf"))
    assert out.rstrip().endswith("glossary: medical (the default for texts)")


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="id">
  <file id="f1"><unit id="u1"><segment><source>Save the file</source><target>Simpan berkas</target></segment></unit>
  </file>
</xliff>
"""


@pytest.mark.parametrize("header", ["en\tid", "sourceString\ttargetString", "term\ttranslation", "Source\tTarget"])
def test_common_column_names_are_read(tmp_path, header):
    path = tmp_path / "g.tsv"
    path.write_text(f"{header}\nkidney stone\tbatu ginjal\n", encoding="utf-8")
    assert [(e.source, e.target) for e in load_glossary(str(path)).entries] == [("kidney stone", "batu ginjal")]


def test_csv_with_other_column_names(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("sourceString,targetString\nfever,demam\n", encoding="utf-8")
    assert [(e.source, e.target) for e in load_glossary(str(path)).entries] == [("fever", "demam")]


def test_unknown_column_is_an_error_naming_file_and_line(capsys, tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\tlanguage\nfever\tdemam\tid\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "validate", str(path))
    err += out
    assert code == 2 and f"{path}:1: error: unknown column 'language'" in err


def test_near_duplicate_sources_are_reported(capsys, tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\ne-mail\tsurel\nemail\tsurel\nhome page\tberanda\nhomepage\tberanda\n"
                    "log in\tmasuk\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "validate", str(path))
    err += out
    assert code == 0
    assert f"{path}:3: warning: 'email' differs from 'e-mail' at line 2 only in spaces or hyphens" in err
    assert f"{path}:5: warning: 'homepage' differs from 'home page'" in err
    assert "log in" not in err
