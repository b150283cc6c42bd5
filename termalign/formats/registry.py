"""Which file formats termalign reads and writes, one registry per kind of data, in one place.

Each kind of data has a :class:`FormatRegistry`: :data:`ALIGNMENTS` (aligned text pairs), :data:`GLOSSARIES`
(reference glossaries), :data:`TERM_LISTS` (drafted term pairs) and :data:`FINDINGS` (QA reports). A registry
maps a format name to its reader and writer and to the file name endings that mean it; the library's dispatch
(``load_glossary``, ``read_aligned``, ``render``...) and the CLI's ``--format`` choices both come from here, so
a new format is one line in this module plus its reader/writer module.

Readers and writers are named as ``"module:function"`` (a module of this package) and imported on first use:
reading a TSV glossary does not import the TBX parser, and this module imports nothing of termalign (no import
cycles through it).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class FileFormat:
    """One format of one kind of data.

    ``extensions`` are the file name endings that mean this format when reading or writing (the first one is
    what an output in this format is named); ``reader``/``writer`` are ``"module:function"`` references to
    modules of :mod:`termalign.formats` (or
    ``None`` when termalign only writes or only reads the format). ``options`` are keyword arguments always
    given to the writer (``tbx2`` is the TBX writer with ``version=2``); ``accepts`` names the options a caller
    may pass on to the writer (``None``: all of them), so one call site can serve writers of different needs.
    ``binary`` readers take the raw bytes (they find the encoding themselves, as XML readers do); the others
    take decoded text.
    """

    name: str
    extensions: tuple[str, ...] = ()
    reader: str | None = None
    writer: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    accepts: tuple[str, ...] | None = None
    binary: bool = False

    @property
    def extension(self) -> str | None:
        """The ending of a file written in this format (``None`` when it has none of its own)."""
        return self.extensions[0] if self.extensions else None

    def read_function(self) -> Callable[..., Any]:
        """The reader, imported now (``LookupError`` when the format cannot be read)."""
        if self.reader is None:
            raise LookupError(f"format {self.name!r} cannot be read")
        return _resolve(self.reader)

    def write_function(self) -> Callable[..., Any]:
        """The writer with its fixed :attr:`options` applied (``LookupError`` when it cannot be written)."""
        if self.writer is None:
            raise LookupError(f"format {self.name!r} cannot be written")
        function = _resolve(self.writer)
        if not self.options:
            return function
        fixed = dict(self.options)
        return lambda *args, **kwargs: function(*args, **fixed, **kwargs)

    def writer_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """The part of ``options`` this format's writer takes (see :attr:`accepts`)."""
        if self.accepts is None:
            return dict(options)
        return {key: value for key, value in options.items() if key in self.accepts}


def _resolve(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return function


class FormatRegistry:
    """The formats of one kind of data (``kind`` names it in messages), in a fixed order."""

    def __init__(self, kind: str, formats: tuple[FileFormat, ...]) -> None:
        self.kind = kind
        self._formats = {fmt.name: fmt for fmt in formats}

    def __iter__(self) -> Iterator[FileFormat]:
        return iter(self._formats.values())

    def __contains__(self, name: object) -> bool:
        return name in self._formats

    def __getitem__(self, name: str) -> FileFormat:
        return self._formats[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Every format name, in registry order (the CLI's ``--format`` choices)."""
        return tuple(self._formats)

    @property
    def readable(self) -> tuple[str, ...]:
        """The names of the formats with a reader."""
        return tuple(fmt.name for fmt in self if fmt.reader is not None)

    @property
    def writable(self) -> tuple[str, ...]:
        """The names of the formats with a writer."""
        return tuple(fmt.name for fmt in self if fmt.writer is not None)

    def extensions(self, *, primary: bool = False) -> dict[str, str]:
        """File name ending → format name (``{".tsv": "tsv", ...}``); with ``primary``, only each format's first
        ending (the one its outputs are named with)."""
        found: dict[str, str] = {}
        for fmt in self:
            for ext in fmt.extensions[:1] if primary else fmt.extensions:
                found.setdefault(ext, fmt.name)
        return found

    def by_extension(self, path: str | os.PathLike[str], *, primary: bool = False) -> str | None:
        """The format a file name's ending means (case-insensitive), or ``None``."""
        return self.extensions(primary=primary).get(Path(str(path)).suffix.lower())


def _fmt(name: str, *extensions: str, **fields: Any) -> FileFormat:
    return FileFormat(name, tuple(extensions), **fields)


_LANGS = ("name", "source_lang", "target_lang")

#: Aligned text pairs (:class:`~termalign.model.Alignment`): what ``termalign align`` writes and every later
#: stage reads back. The readers (in :mod:`termalign.formats.aligned`) all take the file's bytes, its name,
#: an encoding and the language pair.
ALIGNMENTS = FormatRegistry("alignment", (
    _fmt("json", ".json", reader="aligned:alignment_from_json", writer="json_:to_json", binary=True),
    _fmt("tsv", ".tsv", ".tab", reader="aligned:alignment_from_tsv", writer="tsv:to_tsv", binary=True),
    _fmt("po", ".po", ".pot", reader="aligned:alignment_from_po", writer="po:to_po", binary=True),
    _fmt("tmx", ".tmx", reader="aligned:alignment_from_tmx", writer="tmx:to_tmx", binary=True),
    _fmt("mo", ".mo", reader="aligned:alignment_from_mo", binary=True),
    _fmt("xliff", ".xlf", ".xliff", reader="xliff:alignment_from_xliff", writer="xliff:to_xliff",
         accepts=("fuzzy_below", "source_file"), binary=True),
    _fmt("jsonl", ".jsonl", reader="jsonl:alignment_from_jsonl", writer="jsonl:alignment_to_jsonl", accepts=("id",),
         binary=True),
))

#: Reference glossaries (:class:`~termalign.model.Glossary`). ``tbx2`` writes the TBX v2 ("martif") layout
#: for tools that do not read v3 and reads like ``tbx``. OmegaT names its UTF-8 glossaries ``*.utf8``;
#: ``.txt``/``.tab`` are its other forms.
GLOSSARIES = FormatRegistry("glossary", (
    _fmt("tsv", ".tsv", reader="glossary_tsv:read_tsv", writer="glossary_tsv:write_tsv"),
    _fmt("csv", ".csv", reader="glossary_tsv:read_csv", writer="glossary_tsv:write_csv"),
    _fmt("omegat", ".txt", ".tab", ".utf8", reader="glossary_tsv:read_omegat", writer="glossary_tsv:write_omegat"),
    _fmt("tbx", ".tbx", reader="tbx:read_tbx", writer="tbx:write_tbx", options={"version": 3}, binary=True),
    _fmt("tbx2", reader="tbx:read_tbx", writer="tbx:write_tbx", options={"version": 2}, binary=True),
    _fmt("po", ".po", ".pot", reader="glossary_po:read_po", writer="glossary_po:write_po"),
))

#: Drafted term pairs (a list of :class:`~termalign.model.TermPair`), written by ``termalign terms``.
TERM_LISTS = FormatRegistry("term-list", (
    _fmt("json", ".json", writer="termlist:to_json"),
    _fmt("tsv", ".tsv", ".tab", ".utf8", writer="termlist:to_tsv", accepts=()),
    _fmt("csv", ".csv", writer="termlist:to_csv", accepts=()),
    _fmt("tbx", ".tbx", writer="termlist:to_tbx", accepts=_LANGS),
    _fmt("po", ".po", writer="termlist:to_po", accepts=_LANGS),
    _fmt("jsonl", ".jsonl", writer="jsonl:terms_to_jsonl", accepts=()),
))

#: QA findings, written by ``termalign check``. The writers are renderer classes (``add`` one finding,
#: ``render`` the document), made with the options each accepts.
FINDINGS = FormatRegistry("findings", (
    _fmt("text", writer="findings:TextRenderer", accepts=("explain", "sink")),
    _fmt("json", writer="findings:JsonRenderer", accepts=("sink",)),
    _fmt("junit", writer="junit:JunitRenderer", accepts=("fail_on",)),
    _fmt("sarif", writer="sarif:SarifRenderer", accepts=("checks", "rules")),
    _fmt("github", writer="github:GithubRenderer", accepts=("sink",)),
    _fmt("jsonl", ".jsonl", writer="jsonl:JsonlRenderer", accepts=("sink",)),
))

REGISTRIES: tuple[FormatRegistry, ...] = (ALIGNMENTS, GLOSSARIES, TERM_LISTS, FINDINGS)

__all__ = ["ALIGNMENTS", "FINDINGS", "GLOSSARIES", "REGISTRIES", "TERM_LISTS", "FileFormat", "FormatRegistry"]
