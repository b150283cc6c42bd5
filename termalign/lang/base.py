"""The small interface a language implements, the word patterns languages build on, and the registry.

A language is one module of :mod:`termalign.lang` defining a :class:`Language` subclass and an instance of it
named ``LANGUAGE``; :func:`get_language` finds it by code. Adding a language (Malay is the next one users ask
for) is adding such a module and one line to :data:`MODULES`: the stages ask the language for what they need,
never for a rule of their own.

What a language answers:

* ``tokenize(text)`` — its words (:attr:`Language.word`, a pattern built by :func:`word_pattern`);
* ``lemmas(word)`` — the word and its candidate base forms, most likely first; ``inflections(form, pos)`` —
  forms a base form may take; ``is_form_of(word, base)``;
* ``stopwords()``, ``abbreviations()`` — the shipped lists (:mod:`termalign.lang.wordlists`), and
  ``sentence_rules`` — which abbreviations may end a sentence (:class:`SentenceRules`);
* ``zipf(word)`` — how common a word is (wordfreq), which is how the checks tell known words from garbles;
* ``clitics`` and ``prefixes`` / ``suffixes`` — the affixes its morphology strips (empty for English);
* ``from_english(word)`` — the spelling an English loanword takes (itself for English).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache

from termalign.lang import wordlists

#: Language code → module defining its ``LANGUAGE``.
MODULES: dict[str, str] = {
    "en": "termalign.lang.english",
    "id": "termalign.lang.indonesian",
}


@lru_cache(maxsize=16)
def word_pattern(*, digits: bool, joiners: str) -> re.Pattern[str]:
    """A word: a run of letters (and digits when ``digits``), runs joined by one of ``joiners`` ("-", "'")
    with a letter on both sides ("sel-sel", "don't"). Underscores always end a word."""
    run = r"[^\W_]+" if digits else r"[^\W\d_]+"
    if not joiners:
        return re.compile(run)
    return re.compile(rf"{run}(?:[{re.escape(joiners)}]{run})*")


#: Two words run together with no space: a lower-case word of 4+ letters, then a capitalised word of 3+ letters
#: ("withdrawalThey", "sessionCalcium" in MT pipeline output, "sajaAnda" in a real .mo string).
GLUED_SHAPE = r"([a-z]*[a-z]{4})([A-Z][a-z]{2,})"


@lru_cache(maxsize=8)
def glued_pattern(*, not_after: str, not_before: str) -> re.Pattern[str]:
    """:data:`GLUED_SHAPE` not preceded by a character of the class ``not_after`` and not followed by one of
    ``not_before`` nor by a full stop and a word character (``obj.sessionName.length`` is code). The two
    callers differ only in how much code punctuation rules a hit out (sentence splitting vs the checks)."""
    return re.compile(rf"(?<![{not_after}]){GLUED_SHAPE}(?![{not_before}]|\.\w)")


@dataclass(frozen=True)
class SentenceRules:
    """What sentence splitting (:mod:`termalign.segment`) needs to know of a language beyond its abbreviation
    list: which abbreviations may end a sentence, and which are abbreviations only before a number.

    * ``enders`` close a list or a measurement ("etc.", "dsb.", "3,000 ft."): a capitalised word after one
      starts a new sentence;
    * ``final`` may end a sentence ("4 a.m.", "Acme Inc."): a capitalised function word (a stopword: "The",
      "Ini") after one starts a new sentence, any other capitalised word is read as going on ("a.m. Eastern");
    * ``before_number`` abbreviate only before a number ("No. 5", "hal. 12"); elsewhere they are words that can
      end a sentence ("The answer is no.", Indonesian "hal." = "matter").

    Every other abbreviation (titles, "e.g.", "Fig.") never ends a sentence. Entries are written as in the
    abbreviation list (without the final period; "et al" as two words).
    """

    enders: frozenset[str] = frozenset()
    final: frozenset[str] = frozenset()
    before_number: frozenset[str] = frozenset()


class Language:
    """What the stages know of one language (see the module docstring). Subclasses set :attr:`code`,
    :attr:`name` and :attr:`word`, and override the rules their language has."""

    code: str = ""
    name: str = ""
    #: The pattern of one word of running text.
    word: re.Pattern[str] = word_pattern(digits=True, joiners="-")
    clitics: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    #: Which abbreviations may end a sentence (:class:`SentenceRules`).
    sentence_rules: SentenceRules = SentenceRules()

    def tokenize(self, text: str) -> list[str]:
        """The words of ``text``, as written."""
        return self.word.findall(text)

    def lemmas(self, word: str) -> list[str]:
        """``word`` (lower case) and its candidate base forms, most likely first."""
        return [word.lower()]

    def inflections(self, form: str, pos: str = "") -> frozenset[str]:
        """Forms (lower case) ``form`` may take in text besides itself."""
        return frozenset()

    def is_form_of(self, word: str, base: str) -> bool:
        """Whether ``word`` is ``base`` or an inflected form of it."""
        return word.lower() == base.lower()

    def stopwords(self) -> frozenset[str]:
        """The shipped stopword list."""
        return wordlists.stopwords(self.code)

    def abbreviations(self) -> frozenset[str]:
        """The shipped abbreviations (without their final period)."""
        return wordlists.abbreviations(self.code)

    def zipf(self, word: str) -> float:
        """wordfreq's Zipf frequency of ``word`` in this language (0 when unknown)."""
        return wordlists.zipf(word, self.code)

    def from_english(self, word: str) -> str:
        """The spelling an English loanword ``word`` takes in this language (lower case)."""
        return word.lower()

    def __repr__(self) -> str:
        return f"<Language {self.code}: {self.name}>"


def get_language(code: str) -> Language:
    """The language registered under ``code`` (``"en"``, ``"id"``). Raises :class:`KeyError` for an unknown
    code, naming the known ones."""
    module = MODULES.get(code)
    if module is None:
        raise KeyError(f"no language {code!r} (known: {', '.join(sorted(MODULES))})")
    language = importlib.import_module(module).LANGUAGE
    assert isinstance(language, Language)
    return language
