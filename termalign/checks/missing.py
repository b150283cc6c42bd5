"""``missing-term``: the source has a glossary term, the aligned target has none of its accepted forms.

Bilingual units only (PO entries, TMX units, aligned text pairs). Morphology-aware: any affixed or reduplicated
form of an accepted translation counts ("terkalsifikasi" for "kalsifikasi", "memindai" for "pindai", "sel-sel"
for "sel"; :func:`termalign.lang.indonesian.find_term`). Per-term glossary options are honoured: case-sensitive
terms must match in case, any listed variant is accepted, and a do-not-translate term is expected unchanged.
When the English form was left in, ``untranslated-term`` reports it instead; when a near miss of the expected
form is there, ``garbled-term`` does. A term used as a name ("Windows" in "Use Windows high-resolution clock")
or as a constant ("FILE" among lower-case words) is not expected to be translated (see
:func:`termalign.checks.analyses.not_the_term`). Each missing term of a unit is reported.

A term is not reported either when the target accounts for it in a way the exact search does not see (each
rule is a general cause of false alarms measured on real catalogs, ``benchmarks/quality_terms.py``):

* **left in English inside a longer term**: its English form lies inside a longer English (or forbidden) term
  the target has ("myositis" in "myositis ossificans" left untranslated): ``untranslated-term`` (or
  ``forbidden-term``) reports that place already, and a second finding would report one problem twice;
* **code kept as is**: the source term is inside code (an option, placeholder, quotation, URL, path, GNU
  `quote') or a hyphenated name ("pack-objects", "mime-type") that the target copies unchanged;
* **a constant, not the term**: a multi-word hit holding a word in capitals ("file NAME": a file and a
  metavariable, not "file name");
* **keyboard accelerators**: an accepted form split by a mnemonic marker ("Ukura_n", "&Berkas");
* **glued to a neighbour**: an accepted form run together with the word before it ("menganjurkanPemeriksaan"):
  ``glued-words`` reports that place;
* **another derivation of the same root**: the accepted form is derived with a suffix (-an, -kan, -i) and the
  target has a prefixed verb form of its root ("dirujuk", "mengacu" for "references" → rujukan, acuan;
  "teraplikasi" for "applied" → aplikasikan): the English word is both noun and verb, and the target chose
  the other part of speech;
* **idioms** where the word is not the term ("take into account");
* **an English derivation** (English targets, Indonesian→English): a target word sharing the first half (five
  letters at least) of a one-word accepted form ("infected" for "infection", "pelvic" for "pelvis").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from termalign.checks.base import BaseCheck, CheckContext
from termalign.checks.index import ENGLISH, FORBIDDEN, Hit, lower_same_length
from termalign.checks.patterns import ACCELERATOR, GNU_QUOTE, WORD, code_spans
from termalign.lang.english import inflections as english_inflections
from termalign.lang.indonesian import DERIVATIONAL, VERB_PREFIXES, base_forms
from termalign.model import Finding, GlossaryEntry

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch, Expectation

#: A token with inner hyphens ("pack-objects", "mime-type", "sub-filter-spec").
_HYPHENATED = re.compile(r"(?<![\w.])[\w.]+(?:-[\w.]+)+")  # starts only where a run starts: linear time
#: English idioms in which a glossary word is not the term: (word, pattern matched around the hit).
_IDIOMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("account", re.compile(r"\b(?:into|of) account\b|\bon account of\b|\baccount for\b", re.IGNORECASE)),
)


class MissingTermCheck(BaseCheck):
    """Glossary terms of the source with no accepted translation in the target (see the module docstring)."""

    code = "missing-term"
    severity = "warning"
    description = "A glossary term of the source has none of its accepted translations in the target."
    needs_source = True

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Finding]]:
        entries = ctx.index.entries
        for i, expectations in enumerate(batch.expectations):
            missing = [exp for exp in expectations if exp.status == "missing"]
            if not missing:
                continue
            unit = batch.units[i]
            source = unit.source or ""
            # Per unit, not per missing term: where each entry is in the source, what the target left in English.
            spans: dict[int, list[tuple[int, int]]] = {}
            for h in batch.source_hits[i]:
                spans.setdefault(h.entry, []).append((h.start, h.end))
            kept = [h for h in batch.target_hits[i] if h.kind in (ENGLISH, FORBIDDEN)]
            shared = _shared_source_terms(batch, i, expectations)
            for exp in missing:
                entry = entries[exp.entry]
                hit = exp.source_hit
                if shared.get((hit.start, hit.end), exp.entry) != exp.entry:
                    continue  # the same source words are a term of another entry, translated or reported there
                if _accounted_for(batch, i, ctx, exp.entry, entry, spans.get(exp.entry) or [(hit.start, hit.end)],
                                  kept):
                    continue
                surface = source[hit.start:hit.end]
                message, steps = self.memo((surface, exp.entry), _message, surface, entry)
                yield i, self.finding(unit, None, None, message, text=surface, suggestion=entry.targets[0],
                                      explanation=steps)


def _shared_source_terms(batch: Batch, i: int, expectations: list[Expectation]) -> dict[tuple[int, int], int]:
    """Source spans of unit ``i`` that are a term of several glossary entries ("demam berdarah" for both "dengue
    fever" and "dengue hemorrhagic fever", read backwards), each mapped to the one entry ``missing-term`` may
    report there.

    Any accepted form of any of them translates those words: when the target has one (or another check reports
    the place: an untranslated or garbled form), the span maps to that entry and the others are not missing;
    when none is there, only the first entry (the glossary's preferred reading) is reported, not one finding
    per entry."""
    by_span: dict[tuple[int, int], list[int]] = {}
    for h in batch.source_hits[i]:
        by_span.setdefault((h.start, h.end), []).append(h.entry)
    missing = {e.entry for e in expectations if e.status == "missing"}
    out: dict[tuple[int, int], int] = {}
    for span, entries in by_span.items():
        if len(entries) > 1:
            done = [k for k in entries if k not in missing]
            out[span] = done[0] if done else min(entries)
    return out


def _accounted_for(batch: Batch, i: int, ctx: CheckContext, index: int, entry: GlossaryEntry,
                   spans: list[tuple[int, int]], kept: list[Hit]) -> bool:
    """Whether the target accounts for the source term (at ``spans`` of unit ``i``'s source) although no accepted
    form was found (the rules of the module docstring); ``kept`` are the target's English and forbidden hits."""
    unit = batch.units[i]
    source, text = unit.source or "", unit.text
    if (kept and _inside_longer_english(batch, i, index, entry, kept)) or _accelerated(ctx, text, index) or \
            _glued(ctx, text, index) or \
            _other_derivation(text, entry) or (unit.lang == "en" and _english_derivation(text, entry)):
        return True
    # Every occurrence of the term in the source must be code, a constant or an idiom ("--all-symbols ...
    # export symbols" still expects "simbol" for the second one).
    return all(
        _kept_code(source, text, s, e) or _has_constant(source, s, e) or _idiom(source, s, e) for s, e in spans
    )


def _inside_longer_english(batch: Batch, i: int, index: int, entry: GlossaryEntry, kept: list[Hit]) -> bool:
    """Whether one of the entry's English forms is in the target inside an English or forbidden form of another
    entry (the longer term wins the target scan, so the shorter one's English form is not a hit of its own)."""
    hits = [h for h in kept if h.entry != index]
    if not hits:
        return False
    lowered = batch.lowered(i)
    tokens = _english_tokens(tuple(entry.sources), entry.pos)
    for hit in hits:
        span = lowered[hit.start:hit.end]
        if any(_has_word(span, token) for token in tokens):
            return True
    return False


@lru_cache(maxsize=8192)
def _english_tokens(sources: tuple[str, ...], pos: str | None) -> tuple[str, ...]:
    """The lower-case English forms of an entry and their inflections (cached: entries recur all run long)."""
    out: dict[str, None] = {}
    for form in sources:
        out[form.lower()] = None
        out.update(dict.fromkeys(english_inflections(form, pos)))
    return tuple(out)


def _has_word(text: str, token: str) -> bool:
    """Whether ``token`` occurs in ``text`` with no word character (``\\w``) touching it on either side."""
    at = text.find(token)
    while at >= 0:
        end = at + len(token)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        at = text.find(token, at + 1)
    return False


def _kept_code(source: str, text: str, start: int, end: int) -> bool:
    """Whether the source term is inside code or a hyphenated name that the target has unchanged."""
    return any(s <= start and end <= e and source[s:e] in text for s, e in _source_code(source))


@lru_cache(maxsize=4096)
def _source_code(source: str) -> tuple[tuple[int, int], ...]:
    """Spans of code, GNU quotes and hyphenated names in a source (cached: a source with several missing terms
    is asked once per term)."""
    spans = code_spans(source)
    if "`" in source:
        spans += [m.span() for m in GNU_QUOTE.finditer(source)]
    if "-" in source:
        spans += [m.span() for m in _HYPHENATED.finditer(source)]
    return tuple(spans)


def _has_constant(source: str, start: int, end: int) -> bool:
    """Whether a multi-word hit holds a word in capitals among lower-case text ("file NAME")."""
    words = WORD.findall(source[start:end])
    return len(words) > 1 and any(len(w) > 1 and w.isupper() for w in words) and \
        any(not w.isupper() for w in words) and any(c.islower() for c in source)


def _idiom(source: str, start: int, end: int) -> bool:
    """Whether the hit is part of an idiom in which its word is not the term (:data:`_IDIOMS`)."""
    word = source[start:end].lower()
    for head, pattern in _IDIOMS:
        if word.startswith(head):
            for m in pattern.finditer(source, max(0, start - 20), min(len(source), end + 20)):
                if m.start() <= start and end <= m.end():
                    return True
    return False


def _accelerated(ctx: CheckContext, text: str, index: int) -> bool:
    """Whether an accepted form is there once keyboard-accelerator markers are taken out of the target."""
    if "_" not in text and "&" not in text:
        return False
    clean = ACCELERATOR.sub("", text)
    return clean != text and ctx.index.find_accepted(clean, lower_same_length(clean), index) is not None


def _glued(ctx: CheckContext, text: str, index: int) -> bool:
    """Whether an accepted form is there once words run together are split ("menganjurkanPemeriksaan"):
    ``glued-words`` reports that place, the term itself is translated."""
    from termalign.segment import glued_splits

    cuts = glued_splits(text)
    if not cuts:
        return False
    clean = " ".join(text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True))
    return ctx.index.find_accepted(clean, lower_same_length(clean), index) is not None


@lru_cache(maxsize=8192)
def _roots(form: str) -> tuple[str, ...]:
    """The candidate roots of a single-word accepted form derived with a suffix: "rujukan" → "rujuk" (and
    "ruju"), "aplikasikan" → "aplikasi" (empty for forms without one, or multi-word forms)."""
    low = form.lower()
    if not low.isalpha():
        return ()
    # "rujukan" may be rujuk + -an or (wrongly) ruju + -kan: both candidates, the base must be a form of one.
    return tuple(low[: -len(s)] for s in DERIVATIONAL if low.endswith(s) and len(low) - len(s) >= 3)


def _other_derivation(text: str, entry: GlossaryEntry) -> bool:
    """Whether a target word is a prefixed verb form of the root of a suffixed accepted form ("dirujuk")."""
    roots = {r for form in entry.targets for r in _roots(form)}
    if not roots:
        return False
    for low in _prefixed_words(text):
        if not any(r[1:] in low for r in roots):
            continue
        if len(low) >= min(len(r) for r in roots) + 2 and roots.intersection(base_forms(low)[1:]):
            return True
    return False


def _english_derivation(text: str, entry: GlossaryEntry) -> bool:
    """Whether an English target has a derivation of a one-word accepted form: a word sharing its first half and
    at least five letters ("infected" for "infection", "calcified" for "calcification", "pelvic" for "pelvis"):
    the translation chose another part of speech of the same word (English targets: Indonesian→English)."""
    forms = [f.lower() for f in entry.targets if f.isalpha()]
    if not forms:
        return False
    for word in WORD.findall(text.lower()):
        for form in forms:
            need = max(5, (len(form) + 1) // 2)
            if len(word) >= need and word[:need] == form[:need]:
                return True
    return False


@lru_cache(maxsize=2048)
def _prefixed_words(text: str) -> tuple[str, ...]:
    """The lower-case words of a target that start with a verbal prefix (cached: asked once per missing term)."""
    return tuple(low for low in (w.lower() for w in WORD.findall(text)) if low.startswith(VERB_PREFIXES))


def _message(surface: str, entry: GlossaryEntry) -> tuple[str, tuple[str, ...]]:
    accepted = " | ".join(entry.targets)
    steps = [
        f"source term {surface!r} = glossary entry {entry.source} → {accepted}",
        "no accepted form (nor an affixed or reduplicated form of one) in the target",
        "no near miss of an accepted form and no English form left in the target",
    ]
    if entry.case_sensitive:
        steps.append("the term is case-sensitive: forms differing in case do not count")
    if entry.do_not_translate:
        steps.append("the term is do-not-translate: the target should keep it unchanged")
    message = f"source term {surface!r} has no accepted translation in the target (expected {accepted!r})"
    return message, tuple(steps)
