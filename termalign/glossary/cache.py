"""Glossary files read once: the parsed, validated glossary and its issues kept in termalign's user cache.

Reading and validating the shipped medical glossary (867 entries) took longer than checking a one-entry PO file;
a pre-commit hook pays it on every commit. :func:`load_bytes` gives what
:func:`termalign.glossary.load._load_bytes` gives for the same bytes and options, from :mod:`termalign.cache`
when the same file was read before. The key is the SHA-256 of the file's bytes, every option of the read (name,
format, language pair, encoding) and the identity of the modules that parse and validate glossaries (see
:func:`termalign.cache.code_identity`); the value is never used for other bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from termalign.glossary.rows import GlossaryIssue
from termalign.model import Glossary

#: Modules whose rules decide what a glossary file loads as.
_MODULES = ("termalign.glossary.load", "termalign.glossary.rows", "termalign.glossary.conflicts",
            "termalign.formats.glossary_tsv", "termalign.formats.glossary_po", "termalign.formats.tbx",
            "termalign.formats.charset", "termalign.textio", "termalign.model")

_Loaded = tuple[Glossary, list[GlossaryIssue]]


def load_bytes(loader: Callable[..., _Loaded], data: bytes, **options: Any) -> _Loaded:
    """``loader(data, **options)`` (the glossary reader), from the user cache when these bytes were read before
    with these options; stored there otherwise. Errors (an :class:`~termalign.errors.InputError`) are raised as
    the loader raises them and never cached."""
    from termalign import cache

    if not cache.enabled():
        return loader(data, **options)
    key = cache.full_key("glossary", hashlib.sha256(data).hexdigest(), sorted(options.items()),
                         cache.code_identity(*_MODULES))
    found = cache.load("glossary", key)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Glossary) \
            and isinstance(found[1], list):
        return found[0], found[1]
    glossary, issues = loader(data, **options)
    cache.store("glossary", key, (glossary, issues))
    return glossary, issues
