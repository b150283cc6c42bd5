"""Reading users' files (encodings, line ends, Unicode forms) and writing outputs without losing data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from termalign.errors import InputError
from termalign.textio import decode, read_text, write_output

TEXT = "Kalsifikasi distrofik.\nCafé résumé."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-32"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
    ],
)
def test_encodings_and_line_ends_decode_to_the_same_text(data: bytes) -> None:
    assert decode(data) == TEXT


def test_nfd_is_composed_and_zero_width_removed() -> None:
    nfd = "Cafe\u0301 re\u0301sume\u0301 zero\u200bwidth\ufeff."
    assert decode(nfd.encode("utf-8")) == "Café résumé zerowidth."


def test_invalid_bytes_name_file_line_and_offset() -> None:
    with pytest.raises(InputError) as err:
        decode(b"line one\nline \xff two\n", name="bad.txt")
    message = str(err.value)
    assert message.startswith("bad.txt:2: ")
    assert "byte offset 14" in message and "--encoding" in message


def test_explicit_encoding_is_used() -> None:
    assert decode("café".encode("cp1252"), encoding="cp1252") == "café"
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"x", encoding="no-such-codec")


def test_binary_file_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="image.png")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_write_output_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.po"
    target.write_text("precious translations")
    with pytest.raises(InputError, match="exists"):
        write_output(target, "new")
    assert target.read_text() == "precious translations"
    write_output(target, "new", overwrite=True)
    assert target.read_text() == "new"


def test_write_output_leaves_no_temporary_files(tmp_path: Path) -> None:
    write_output(tmp_path / "a.json", "{}\n")
    assert sorted(os.listdir(tmp_path)) == ["a.json"]


def test_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.tmx"
    target.write_text("old")

    def boom(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_output(target, "new", overwrite=True)
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["out.tmx"]


def test_write_output_into_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        write_output(tmp_path / "nope" / "out.po", "x")
