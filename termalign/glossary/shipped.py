"""The glossaries shipped with termalign: where they are, what they are called, and resolving a name or a path.

Shipped glossaries are ``*.tsv`` files in the package's ``glossaries`` folder (or the source checkout's, in an
editable install). They are named ``glossary:NAME`` in messages and entry origins, never by where the package
happens to be installed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from termalign.errors import InputError
from termalign.textio import display_name, read_bytes

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

SHIPPED_EXTENSION = ".tsv"
# Shipped glossaries are named ``glossary:NAME`` in messages and entry origins (``glossary:medical:635``), never
# by where the package happens to be installed, so reports are the same on every machine; the name also works
# as input (``--glossary glossary:medical``) and cannot be mistaken for a user's file.
SHIPPED_PREFIX = "glossary:"


def _shipped_dirs() -> list[Path | Traversable]:
    """Where shipped glossaries live: inside the installed package, then the source checkout (editable installs)."""
    found: list[Path | Traversable] = []
    packaged = resources.files("termalign").joinpath("glossaries")
    if packaged.is_dir():
        found.append(packaged)
    checkout = Path(__file__).resolve().parents[2] / "glossaries"
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        found.append(checkout)
    return found


def _shipped_files() -> dict[str, Path | Traversable]:
    files: dict[str, Path | Traversable] = {}
    for folder in _shipped_dirs():
        for item in folder.iterdir():
            name = item.name
            if name.endswith(SHIPPED_EXTENSION) and item.is_file() and not name.startswith("."):
                files.setdefault(name[: -len(SHIPPED_EXTENSION)], item)
    return dict(sorted(files.items()))


def available_glossaries() -> list[str]:
    """Names of the glossaries shipped with termalign (``["medical", "software"]``), sorted."""
    return list(_shipped_files())


def shipped_glossary_path(name: str) -> str:
    """Where the shipped glossary ``name`` is read from on this machine (for ``glossary list``).

    Messages and entry origins do not use this path (it differs between installs): they use
    :func:`shipped_display_name`.
    """
    name = name.removeprefix(SHIPPED_PREFIX)
    files = _shipped_files()
    if name not in files:
        raise _unknown_name(name, files)
    return str(files[name])


def shipped_display_name(name: str) -> str:
    """How the shipped glossary ``name`` is named in messages and entry origins: ``glossary:medical``.

    The same on every machine and install (unlike the file's path), and accepted back as a glossary name.
    """
    return SHIPPED_PREFIX + name.removeprefix(SHIPPED_PREFIX)


def _unknown_name(name: str, files: Mapping[str, object]) -> InputError:
    names = ", ".join(files) or "none installed"
    return InputError(
        "no such glossary file or shipped glossary",
        file=name,
        hint=f"shipped glossaries: {names}; or give a path to a .tsv, .csv, .txt, .tbx or .po file",
    )


def _looks_like_path(name: str) -> bool:
    return os.sep in name or "/" in name or (os.altsep is not None and os.altsep in name) or "." in name


def _resolve(name_or_path: str | os.PathLike[str]) -> tuple[str, bytes, str | None, bool]:
    """(display name, bytes, glossary name, shipped?) for a shipped name or a path."""
    text = os.fspath(name_or_path)
    if not isinstance(name_or_path, os.PathLike) and text.startswith(SHIPPED_PREFIX):
        # ``glossary:medical``: always the shipped glossary, even when a file of that name exists.
        files = _shipped_files()
        shipped = text[len(SHIPPED_PREFIX):]
        if shipped not in files:
            raise _unknown_name(text, files)
        return shipped_display_name(shipped), files[shipped].read_bytes(), shipped, True
    is_path = isinstance(name_or_path, os.PathLike) or _looks_like_path(text) or text == "-"
    if not is_path:
        files = _shipped_files()
        if text in files:
            return shipped_display_name(text), files[text].read_bytes(), text, True
        if not Path(text).is_file():
            raise _unknown_name(text, files)
    stem = Path(text).name.split(".")[0] if text != "-" else "stdin"
    return display_name(text), read_bytes(text), stem, False


#: File endings of software message catalogs: checked against the ``software`` glossary unless one is given.
CATALOG_SUFFIXES = (".po", ".pot", ".mo")
#: Exchange formats that carry either kind of content (a CAT tool's XLIFF or TMX of an app or of an article, an
#: alignment): they follow the other inputs of the run, and alone count as texts.
EITHER_SUFFIXES = (".tmx", ".xlf", ".xliff", ".json", ".jsonl")


def default_glossary(paths: Sequence[str], *, texts: int = 0) -> tuple[str, str]:
    """The shipped glossary ``termalign check`` uses when none is given, and why: ``("software", "the default
    for PO/MO catalogs")`` when the inputs are message catalogs, ``("medical", "the default for texts")`` when
    none is (plain texts, a text pair: ``texts`` counts inputs that are not in ``paths``). XLIFF, TMX and JSON
    files (:data:`EITHER_SUFFIXES`) go with the catalogs or texts beside them, and alone count as texts.

    A run mixing catalogs and texts has no sensible default (a catalog checked against the medical glossary
    reports UI words as missing medical terms, and the other way round): :class:`~termalign.errors.InputError`
    asks for ``--glossary``.
    """
    catalogs = [p for p in paths if str(p).lower().endswith(CATALOG_SUFFIXES)]
    either = [p for p in paths if str(p).lower().endswith(EITHER_SUFFIXES)]
    others = len(paths) - len(catalogs) - len(either) + texts
    if catalogs and not others:
        return "software", "the default for PO/MO catalogs"
    if not catalogs:
        return "medical", "the default for texts"
    raise InputError(
        "these inputs mix message catalogs (PO/MO, checked against the software glossary by default) with texts "
        "(medical glossary by default)",
        file=display_name(catalogs[0]),
        hint="name the glossary with --glossary NAME|FILE, or check them in separate runs",
    )
