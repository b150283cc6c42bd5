"""Shared language knowledge: what every stage knows of English and Indonesian, each rule in one place.

* :mod:`termalign.lang.base` — the interface a language implements and the registry (:func:`get_language`);
* :mod:`termalign.lang.english`, :mod:`termalign.lang.indonesian` — one module per language: tokenizer,
  inflection and affix rules, clitics;
* :mod:`termalign.lang.spelling` — English→Indonesian loanword spelling rules (cognates);
* :mod:`termalign.lang.wordlists` — the one loader of word lists (shipped lists, Sastrawi roots, wordfreq);
* :mod:`termalign.lang.langid` — English-vs-Indonesian language identification.

This package imports no stage (aligner, anchors, terms, checks, glossary, formats, report, cli): the stages
import from it.
"""

from __future__ import annotations

from termalign.lang.base import Language, get_language

__all__ = ["Language", "get_language"]
