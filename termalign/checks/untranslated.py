"""``untranslated-term``: an English glossary term left in an Indonesian target.

"phlebolith" in an Indonesian sentence where the glossary has "flebolit". Found by the target automaton
(:mod:`termalign.checks.index`): English forms of entries that are not do-not-translate and whose English form
differs from every accepted Indonesian form ("data", "virus" are never reported). Left alone, because they are
not prose or not the term:

* occurrences inside code, placeholders, quotes, options, URLs or paths (``--file``, ``'HEAD'``);
* names: the term capitalised in the middle of a sentence-case string ("GNU General Public License", "widget
  Container", "Windows"), and the product names of :data:`~termalign.checks.patterns.NAMES_EXACT`;
* constants and metavariables: the term in capitals among lower-case words and kept so in the source too
  ("--width=WIDTH", "HEAD sekarang berada di");
* command names of a synopsis line that the source has too ("git branch [<opsi>]", "exit [n]"), up to three
  command words ("git submodule deinit [--quiet]");
* literal words of code a pattern of :mod:`~termalign.checks.patterns` does not cover: a key of ``key=value``
  ("source=%s", "[memory=bank-model]", "[name[=value]]"), a word right after a dot that does not end a word
  (the ``.text`` section, the ``.restore`` directive, ``.properties`` files), keywords of an alternation written
  without spaces ("blob|tree", "(control|prime|update)"), GNU-style quotes (```help help'``);
* hyphenated compounds the source has as they are: commands and values ("rev-list", "update-refs"), compound
  loanwords ("open-source");
* product, licence and model names copied from the source: the term is in a run of capitalised words that the
  source has unchanged and that holds a word with an inner capital, a digit or an acronym ("Bandai WonderSwan
  Color", "Microsoft Wireless Multimedia 1.0A", "GNU General Public License, versi 2"): a title-case run of
  ordinary words ("Source Files Header") is still reported;
* a name copied whole: a target equal to its source that is one token, in title case with an acronym, led by an
  acronym ("calendar:MY", "The MIT License (MIT)", "ZWJ Zero width _joiner"), or mostly code (two words at
  most outside code: "``O!`` (object) [*typeobject*]"). Prose copied whole ("Remove unused sections", "Source
  Files Header") is still reported;
* the name an acronym stands for, as the source has it: "CSV (Comma Separated Values)".

Works on monolingual Indonesian text too; with a source, the explanation says the source has the term. In the
other direction (an English translation of an Indonesian text, the glossary reversed) it reports an Indonesian
term left in the English target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from termalign.checks.analyses import Batch, not_the_term
from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.glued import _sentence_start as sentence_start
from termalign.checks.index import ACCEPTED, ENGLISH, Hit
from termalign.checks.known_words import COMMON_EN_ZIPF
from termalign.checks.patterns import GNU_QUOTE, NAMES_EXACT, SYNOPSIS3, code_spans, inside
from termalign.lang.wordlists import frequencies, listed_zipf
from termalign.model import Finding, GlossaryEntry
from termalign.pipeline import lang_name


class UntranslatedTermCheck(BaseCheck):
    """English glossary terms in Indonesian text (see the module docstring)."""

    code = "untranslated-term"
    severity = "error"
    description = "An English glossary term left untranslated in the Indonesian text."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        entries = ctx.index.entries
        for i, unit, hit in self.hits_in_prose(batch, ENGLISH):
            if unit.text == unit.source and _name_like(unit.text):
                continue  # a name copied whole on purpose (a licence, a protocol, a special string)
            hits = batch.target_hits[i]
            if any(h.kind == ACCEPTED and h.start <= hit.start and hit.end <= h.end for h in hits):
                continue  # part of an accepted form ("sel T" containing an English-looking "T")
            surface = unit.text[hit.start:hit.end]
            entry = entries[hit.entry]
            if unit.lang == "en" and _more_english(surface):
                continue  # an Indonesian form that is as much an English word ("plasma"): English here
            copied_capital = _sentence_case_copy(unit.text, unit.source, unit.lang, hit)
            if surface in NAMES_EXACT or (not_the_term(unit.text, hit, entry, unit.source) and not copied_capital):
                continue  # "Windows" the product, "WIDTH" the metavariable: not the term
            if _own_word(surface, hit.form, unit.lang, ctx):
                continue  # "virus dengue" in Indonesian, "a pet" or "a map" in English: a word of the target too
            if _spelt_out_acronym(unit.text, hit.start, hit.end):
                continue  # "ABC (airway, breathing, circulation)": what an acronym stands for, kept as it is
            if unit.lang == "id" and _species_epithet(unit.text, hit.start, surface, ctx):
                continue  # "Mycobacterium tuberculosis", "M. tuberculosis": a scientific name
            if unit.source and _kept_phrase(unit.text, unit.source, hit.start, hit.end, ctx):
                continue  # "Dexxa Wireless Desktop", "(tuple, frozenset, list)": a name kept with its words
            if inside(batch.commands(i), hit.start, hit.end) or _literal(unit.text, unit.source, hit.start, hit.end):
                continue  # the command of a synopsis line ("git branch [<opsi>]"), a key, a directive, a name
            in_source = bool(unit.source) and hit.form.lower() in unit.source.lower()  # type: ignore[union-attr]
            language = lang_name(ctx.index.glossary.source_lang or "en")
            message, steps = self.memo((surface, hit.entry, hit.form, in_source, language), _message, surface,
                                       hit.form, entry, in_source, language)
            found = self.finding(unit, hit.start, hit.end, message, suggestion=entry.target, explanation=steps)
            if copied_capital and not sentence_start(unit.text, hit.start):
                found = replace(found, suggestion=entry.target)  # the capital came from the source's sentence start
            yield i, found


def _message(surface: str, form: str, entry: GlossaryEntry, in_source: bool, language: str = "English"
             ) -> tuple[str, tuple[str, ...]]:
    """The message and explanation; ``language`` is the source language's name (Indonesian when an English
    translation of an Indonesian text is checked with the glossary reversed)."""
    return (
        f"{language} term {surface!r} left untranslated; the glossary has {entry.target!r}",
        (f"{surface!r} matches the {language} form {form!r} of glossary entry {entry.source} → "
         f"{' | '.join(entry.targets)}",
         f"the entry is not do-not-translate and its {language} form differs from every accepted target",
         *((f"the source segment contains the same {language} term",) if in_source else ())),
    )


@dataclass
class _TargetForms:
    """The words of the glossary's accepted target-language forms, collected once per run."""

    words: frozenset[str] | None = None


def _own_word(surface: str, form: str, lang: str, ctx: CheckContext) -> bool:
    """Whether a glossary form of the source language found in a ``lang`` text is not that term left
    untranslated but a word of ``lang`` itself:

    * an acronym form met in lower case ("pet" is not PET, "led" not LED);
    * a word of ``lang`` by its own word lists (:meth:`~termalign.checks.known_words.KnownWords.is_everyday`:
      a KBBI root, an English word of Zipf 3 or more) that the glossary's own ``lang`` forms use: "dengue" of
      "demam dengue" ("virus dengue" is standard Indonesian, not the English term kept), "plasma" of "blood
      plasma" in English;
    * in English text, an English word in everyday use, Zipf 4 or more ("map", the Indonesian for folder).
    """
    if len(form) >= 2 and form.isupper() and not surface.isupper():
        return True
    word = surface.lower()
    known = ctx.known
    if not word.isalpha() or not known.is_everyday(word, lang, COMMON_EN_ZIPF):
        return False
    if lang == "en" and not form.isupper() and known.is_everyday(word, lang):
        return True
    state = ctx.state(_TargetForms)
    if state.words is None:
        state.words = frozenset(w for e in ctx.index.entries for t in e.targets
                                for w in _LETTER_WORD.findall(t.lower()))
    return word in state.words


#: An acronym and, in parentheses, the words it stands for: "ABC (airway, breathing, circulation)".
_SPELT_OUT = re.compile(r"\b(?P<acronym>[A-Z]{2,})[ ]?\((?P<words>[^()]{3,120})\)")


def _spelt_out_acronym(text: str, start: int, end: int) -> bool:
    """Whether the hit is among the words in parentheses after an acronym whose letters they begin ("ABC
    (airway, breathing, circulation)", "SPS (sewaktu, pagi, sewaktu)"): the expansion, which keeps the
    language of the acronym. Any case, with or without a source (the source-only, capitalised form is
    :data:`_ACRONYM_EXPANSION`)."""
    if "(" not in text:
        return False
    for m in _SPELT_OUT.finditer(text):
        if m.start("words") <= start and end <= m.end("words"):
            initials = "".join(w[0] for w in _LETTER_WORD.findall(m.group("words"))
                               if w.lower() not in _MINOR).upper()
            return initials == m.group("acronym")
    return False


#: A genus before a species epithet: a capitalised word ("Mycobacterium") or its initial ("M.").
_GENUS = re.compile(r"(?:(?<![\w.-])(?P<genus>[A-Z][a-z]{2,})|(?<![\w.-])[A-Z]\.)[ ]$")
#: Endings of Latin species epithets ("tuberculosis", "pneumoniae", "typhi", "aureus", "falciparum").
_EPITHET_ENDINGS = ("is", "us", "um", "ae", "i", "a")


def _species_epithet(text: str, start: int, surface: str, ctx: CheckContext) -> bool:
    """Whether the lower-case hit at ``start`` is the epithet of a Latin binomial, written so in Indonesian
    too: after a genus ("Mycobacterium tuberculosis", "M. tuberculosis"). Indonesian capitalises names only,
    so a capitalised word right before is a name, unless it opens the sentence and is an Indonesian word
    ("Penderita tuberculosis" is the term left untranslated)."""
    if not surface.islower() or not surface.endswith(_EPITHET_ENDINGS):
        return False
    m = _GENUS.search(text, max(0, start - 40), start)
    if m is None:
        return False
    genus = m.group("genus")
    if genus is None:
        return True
    opens = not text[:m.start()].strip() or text[:m.start()].rstrip()[-1] in ".!?:;"
    word = genus.lower()
    return not opens or not (ctx.known.is_everyday(word, "id") or frequencies("id").get(word, 0.0) > 0)


#: A word of a run (letters and digits) and what may stand between two words of one run.
_RUN_WORD = re.compile(r"\w+")
_RUN_GAP = re.compile(r"[ ]|-|, ")


def _kept_phrase(text: str, source: str, start: int, end: int, ctx: CheckContext) -> bool:
    """Whether the hit at ``[start, end)`` is part of a longer run of words (joined by spaces, hyphens or
    commas) that the source has word for word and that holds a word of neither language, capitalised (a name:
    "Dexxa Wireless Desktop") or in a comma list (identifiers: "(range, tuple, frozenset, list)"): kept as
    written with what surrounds it. A term among translated words and a copied run of ordinary words or prose
    ("Source Files Header", "high blood pressure", "fever, cough", "unexpected address writeback") are still
    reported."""
    words = list(_RUN_WORD.finditer(text))
    inner = [k for k, w in enumerate(words) if w.end() > start and w.start() < end]
    if not inner:
        return False
    first, last = inner[0], inner[-1]

    def in_source(a: int, b: int) -> bool:
        pattern = "".join(re.escape(words[k].group()) + (r"\s+" if text[words[k].end():words[k + 1].start()]
                                                          == " " else re.escape(text[words[k].end():
                                                                                     words[k + 1].start()]))
                          for k in range(a, b)) + re.escape(words[b].group())
        return re.search(r"(?<![\w-])" + pattern + r"(?![\w-])", source, re.IGNORECASE) is not None

    def joined(k: int) -> bool:
        return _RUN_GAP.fullmatch(text[words[k].end():words[k + 1].start()]) is not None

    while first > 0 and joined(first - 1) and in_source(first - 1, last):
        first -= 1
    while last + 1 < len(words) and joined(last) and in_source(first, last + 1):
        last += 1
    if last - first + 1 <= len(inner):
        return False
    known = ctx.known
    listed = any(text[words[k].end():words[k + 1].start()] == ", " for k in range(first, last))
    # A name is capitalised ("Dexxa"); in a list, an identifier need not be ("frozenset"). A lower-case unknown
    # word in a phrase is prose left in English ("unexpected address writeback").
    return any(w.isalpha() and (listed or w[0].isupper()) and not known.is_known(w.lower(), "en")
               and not known.is_known(w.lower(), "id") for w in (m.group() for m in words[first:last + 1]))


def _more_english(surface: str) -> bool:
    """Whether every word of an Indonesian form found in an English target is an English word in everyday use
    (wordfreq Zipf ≥ :data:`~termalign.checks.known_words.COMMON_EN_ZIPF`) at least as common in English as in
    Indonesian: "plasma" of "plasma darah" (blood plasma) is English where it stands; "dada" (chest), listed in
    English as a name, is far more common in Indonesian and left in untranslated. An acronym written as one
    ("LED", laju endap darah) is the Indonesian abbreviation, whatever the lower-case word means in English."""
    if len(surface) >= 2 and surface.isupper():
        return False
    return all(COMMON_EN_ZIPF <= listed_zipf(w, "en") >= listed_zipf(w, "id") for w in surface.lower().split())


def _sentence_case_copy(text: str, source: str | None, lang: str, hit: Hit) -> bool:
    """Whether a capitalised hit that looks like part of a name in an English target ("The Dokter first asks")
    is the source's word copied with the capital it has there only for starting a sentence ("Dokter
    pertama-tama ..."): the word is an Indonesian word (wordfreq) and no English word in everyday use (Zipf <
    :data:`~termalign.checks.known_words.COMMON_EN_ZIPF`), and in the source it starts a sentence followed by a
    lower-case word, so it is no name there either. English targets only (Indonesian→English): an English
    word copied into an Indonesian target may be a class or product name of software ("widget Container")."""
    if lang != "en" or not source:
        return False
    word = text[hit.start:hit.end]
    english, indonesian = listed_zipf(word.lower(), "en"), listed_zipf(word.lower(), "id")
    if english >= COMMON_EN_ZIPF or indonesian <= english or word in NAMES_EXACT:
        return False  # an English word in everyday use, or more English than Indonesian: maybe a name
    pattern = r"(?:^|[.!?:]\s+)" + re.escape(word) + r"\s+[a-z]"
    return re.search(pattern, source) is not None


#: An acronym followed by what it stands for in parentheses, in capitalised words: "CSV (Comma Separated Values)".
_ACRONYM_EXPANSION = re.compile(r"\b[A-Z]{2,}[ ]?\(([A-Z][\w-]*(?:[ ][A-Z][\w-]*)+)\)")
#: A token with inner hyphens ("rev-list", "update-refs", "open-source").
_COMPOUND = re.compile(r"(?<![\w-])\w+(?:-\w+)+")


def _in_copied_compound(text: str, source: str, start: int, end: int) -> bool:
    """Whether the hit is part of a hyphenated compound that the source has as it is: a command or an option
    value ("rev-list", "index-pack"), or a compound loanword ("open-source"), not the glossary term."""
    for m in _COMPOUND.finditer(text, max(0, start - 60), min(len(text), end + 60)):
        if m.start() <= start and end <= m.end() and (m.start(), m.end()) != (start, end):
            return re.search(r"(?<![\w-])" + re.escape(m.group()) + r"(?![\w-])", source) is not None
    return False


_LETTER_WORD = re.compile(r"[^\W\d_]+")
#: Words title case leaves in lower case.
_MINOR = frozenset(("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"))


def _without_code(text: str) -> str:
    """``text`` with its code spans and quotations (:func:`~termalign.checks.patterns.code_spans`) taken out."""
    out, last = [], 0
    for s, e in code_spans(text):
        if s >= last:
            out.append(text[last:s])
            last = e
    out.append(text[last:])
    return " ".join(out)


def _name_like(text: str) -> bool:
    """Whether a string copied whole from its source is a name rather than prose left untranslated: one token
    ("calendar:MY", "signal"), title case with an acronym ("SSH File Transfer Protocol", "The MIT License (MIT)";
    not "Source Files Header"), or a short
    string led by an acronym (Unicode character names: "ZWJ Zero width _joiner"; five words at most: "CDX file
    does not list original urls" is prose)."""
    if not text.split() or len(text.split()) == 1:
        return True
    if code_spans(text) and len(_LETTER_WORD.findall(_without_code(text))) <= 2:
        return True  # mostly code: "``O!`` (object) [*typeobject*]" describes a format, no prose to translate
    words = _LETTER_WORD.findall(text.replace("_", ""))
    if words and len(words[0]) >= 2 and words[0].isupper() and len(words) <= 5:
        return True
    # Title case holding an acronym ("SSH File Transfer Protocol"); title case alone ("Source Files Header") may
    # be a heading left untranslated.
    return any(len(w) >= 2 and w.isupper() for w in words) and all(w[0].isupper() or w in _MINOR for w in words)


#: A run of capitalised words, acronyms and model numbers ("Microsoft Wireless Multimedia 1.0A").
# The run is the group "run"; the match starts at the start of the first word (any letters before its first
# capital or digit are skipped inside the match), so a long word is scanned once, not from each capital.
_CAPITALISED_RUN = re.compile(r"(?<![\w.@])(?:[^\W A-Z0-9]|[.@])*(?P<run>[A-Z0-9][\w.@]*(?:[ ][A-Z0-9][\w.@]*)+)")
#: A word shaped like a product or model name: an inner capital after a lower-case letter, a digit, or an
#: acronym of capitals ("GNU General Public License", "SSH File Transfer Protocol").
_MODEL_WORD = re.compile(r"[a-z][A-Z]|\d|\b[A-Z]{2,}\b")


def _literal(text: str, source: str | None, start: int, end: int) -> bool:
    """Whether the hit at ``[start, end)`` of ``text`` is a literal the translator keeps: a key, a directive,
    a keyword of an alternation, quoted or a command of a synopsis line, or a product name (module docstring)."""
    after = text[end:end + 2]
    if after[:1] == "=" or after == "[=":
        return True  # "source=%s", "name[=value]"
    if start and text[start - 1] == "." and (start == 1 or not (text[start - 2].isalnum() or text[start - 2] == "_")):
        return True  # ".text", ".restore", ".properties"
    if (start and text[start - 1] == "|" and start > 1 and text[start - 2].isalnum()) or (
            after[:1] == "|" and text[end + 1:end + 2].isalnum()):
        return True  # "blob|tree"
    if "`" in text and any(m.start() < start and end < m.end() for m in GNU_QUOTE.finditer(text)):
        return True
    if source and "(" in text and any(m.start(1) <= start and end <= m.end(1) and m.group(1) in source
                                      for m in _ACRONYM_EXPANSION.finditer(text)):
        return True  # "CSV (Comma Separated Values)": the name an acronym stands for, kept as the source has it
    if source and "-" in text and _in_copied_compound(text, source, start, end):
        return True  # "rev-list", "index-pack", "open-source": a hyphenated name the source has too
    if source:
        if any(m.start("cmd") <= start and end <= m.end("cmd") and m.group("cmd") in source
               for m in SYNOPSIS3.finditer(text)):
            return True
        if text[start:start + 1].isupper():
            for m in _CAPITALISED_RUN.finditer(text):
                run = m.group("run")
                if m.start("run") <= start and end <= m.end() and _MODEL_WORD.search(run) and run in source:
                    return True
    return False
