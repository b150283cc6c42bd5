"""``--update``: merge a new alignment into an existing PO catalog the way GNU msgmerge merges a template.

An unchanged msgid keeps its entry byte for byte; an edited source sentence gets the old translation only as a
fuzzy suggestion with its previous msgid (``#| msgid``); a new sentence with no aligned translation may get the
translation of the most similar translated msgid, fuzzy; entries follow the document's order; sentences that
are gone become obsolete (``#~``). The catalog's own lines come from :class:`termalign.formats.po.SourcedCatalog`,
so whatever the merge does not change is written back as it was read. Measured against msgmerge in
``benchmarks/bench_merge.py``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import polib

from termalign.formats.po import DEFAULT_FUZZY_BELOW, _entries, _names, termalign_notes
from termalign.model import Alignment


@dataclass
class UpdateReport:
    """What :func:`update_catalog` did, entry by entry kind."""

    added: int = 0
    filled: int = 0
    unchanged: int = 0
    changed: int = 0
    conflicts: int = 0
    revived: int = 0
    obsoleted: int = 0
    untouched: int = 0
    previous: int = 0  # added entries made fuzzy from the translation of another (edited or similar) msgid

    def summary(self) -> str:
        """One line for the terminal."""
        previous = f" ({self.previous} fuzzy from an edited or similar sentence)" if self.previous else ""
        return (
            f"{self.added} added{previous}, {self.filled} filled in (fuzzy), {self.changed} changed (fuzzy), "
            f"{self.unchanged} unchanged, {self.conflicts} kept (existing translation differs), "
            f"{self.revived} revived, {self.obsoleted} made obsolete, {self.untouched} other entries untouched"
        )


#: How alike two msgids must be (difflib ratio) for one's translation to be offered, fuzzy, for the other; msgmerge's
#: own threshold (fstrcmp) is also 0.6.
SIMILAR = 0.6


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _features(msgid: str) -> frozenset[str]:
    """What :class:`_Similar` indexes a msgid by: its lower-cased words, and for a short one (identifiers,
    titles) its character trigrams too (marked with a NUL so that no word equals one)."""
    text = msgid.lower()
    words = set(_WORD.findall(text))
    if len(msgid) <= _Similar.SHORT:
        words.update("\0" + text[i : i + 3] for i in range(len(text) - 2))
    return frozenset(words)


class _Similar:
    """The most similar msgid among translated entries, as msgmerge's fuzzy search finds one.

    Comparing a msgid with every candidate by :class:`difflib.SequenceMatcher` is quadratic, and slow on long
    paragraphs; so the candidates sharing the most words (Dice coefficient on lower-cased word sets, through an
    index of words, visiting at most :data:`BUDGET` postings) are ranked first and only the best
    :data:`SHORTLIST` are compared character by character.
    """

    SHORTLIST = 24
    BUDGET = 2000
    TOKENS = 0.4  # token-level ratio a candidate needs before the character-level one is computed
    SHORT = 60  # msgids up to this long are also indexed by character trigrams (T_ULONGLONG ~ T_ULONGULONG)
    CLOSEST = 3

    def __init__(self, candidates: list[polib.POEntry]) -> None:
        self.candidates = candidates
        self.words = [_features(e.msgid) for e in candidates]
        self.tokens = [_TOKEN.findall(e.msgid) for e in candidates]
        self.index: dict[str, list[int]] = {}
        for number, words in enumerate(self.words):
            for word in words:
                self.index.setdefault(word, []).append(number)

    def best(self, msgid: str) -> polib.POEntry | None:
        """The candidate whose msgid is most like ``msgid`` (ratio at least :data:`SIMILAR`), or None."""
        words = _features(msgid)
        short = len(msgid) <= self.SHORT
        shared: Counter[int] = Counter()
        # The rarest words first, and no more postings than a budget: "the" in a 10,000-entry catalog would make
        # every lookup visit every entry. A word shared with a similar msgid is seldom only a common one.
        budget = self.BUDGET
        for word in sorted(words, key=lambda w: len(self.index.get(w, ()))):
            postings = self.index.get(word, ())
            if len(postings) > budget and shared:
                break
            shared.update(postings[: max(budget, 1)])
            budget -= len(postings)
        size = len(words)
        shortlist = sorted(shared, key=lambda n: (-2 * shared[n] / (size + len(self.words[n])), n))[: self.SHORTLIST]
        # Then compared token by token (a few dozen tokens, not hundreds of characters), and only the closest
        # few character by character: difflib on long paragraphs is what costs.
        tokens = _TOKEN.findall(msgid)
        by_tokens = difflib.SequenceMatcher(autojunk=False)
        by_tokens.set_seq2(tokens)
        close: list[tuple[float, int]] = []
        for number in shortlist:
            if self.candidates[number].msgid == msgid:
                continue
            if short:  # a few words or one identifier: ranked by shared words and trigrams alone
                close.append((-2 * shared[number] / (size + len(self.words[number])), number))
                continue
            by_tokens.set_seq1(self.tokens[number])
            if by_tokens.real_quick_ratio() >= self.TOKENS and by_tokens.quick_ratio() >= self.TOKENS:
                close.append((-by_tokens.ratio(), number))
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        best, best_ratio = None, SIMILAR
        for score, number in sorted(close)[: self.CLOSEST]:
            if -score < self.TOKENS and not short:
                break
            candidate = self.candidates[number]
            matcher.set_seq1(candidate.msgid)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio or (ratio == best_ratio and best is None):
                    best, best_ratio = candidate, ratio
        return best


def update_catalog(
    catalog: polib.POFile,
    alignment: Alignment,
    *,
    fuzzy_below: float = DEFAULT_FUZZY_BELOW,
    source_file: str | None = None,
    target_file: str | None = None,
    claim_all: bool = False,
) -> UpdateReport:
    """Merge ``alignment`` into ``catalog`` in place (rules in the module docstring and ``docs/formats.md``) and
    say what changed.

    An entry "belongs" to this alignment when its extracted comment has a line starting with
    ``termalign: SOURCE-NAME``; only such entries get their references and comments refreshed, are marked
    fuzzy on a changed translation, or made obsolete. Other entries keep every field, except that an
    untranslated one (empty msgstr, same msgid, no context, not plural) is filled in and flagged fuzzy.
    A plural entry with the msgid of an aligned sentence is left alone and no second entry is added.
    ``claim_all`` treats every entry without ``msgctxt`` as belonging to this alignment, as ``msgmerge`` treats a
    catalog and its template (one document, one catalog).

    As ``msgmerge`` does: a new sentence goes where it is in the document (after the entry of the sentence
    before it), never with a finished translation that another msgid of the catalog holds (the English was
    edited, the Indonesian document not yet): that translation is kept but the entry is fuzzy and names the
    other msgid as its previous one (``#| msgid``); a new sentence the alignment left untranslated gets, fuzzy
    with ``#| msgid``, the translation of the most similar translated msgid (:data:`SIMILAR`, :class:`_Similar`);
    and an entry made obsolete moves to the end of the catalog.
    """
    names = _names(alignment, source_file, target_file)
    drafts, _orphans = _entries(alignment, names, fuzzy_below)
    index: dict[str, polib.POEntry] = {}
    for entry in catalog:
        if entry.msgctxt is None and entry.msgid:
            # Matched composed (NFC), as the alignment's text is; a live entry before an obsolete one of the same msgid.
            key = _nfc(entry.msgid)
            if key not in index or (index[key].obsolete and not entry.obsolete):
                index[key] = entry
    aligned = {_nfc(new.msgid) for new in drafts}
    # Translations held by msgids the alignment no longer has: where a sentence's English was edited.
    gone = [e for e in catalog if e.msgctxt is None and e.msgid and e.msgstr and not e.msgid_plural
            and not e.obsolete and "fuzzy" not in e.flags and _nfc(e.msgid) not in aligned]
    held: dict[str, polib.POEntry] = {}
    for entry in gone:
        held.setdefault(_nfc(entry.msgstr), entry)
    # Fuzzy suggestions come, as msgmerge's do, from every finished translation of another msgid.
    similar = _Similar([e for e in catalog if e.msgctxt is None and e.msgid and e.msgstr and not e.msgid_plural
                        and not e.obsolete and "fuzzy" not in e.flags])
    report = UpdateReport()
    touched: set[int] = set()
    after: dict[int | None, list[polib.POEntry]] = {}  # new entries to place after an existing one (None: first)
    anchor: int | None = None
    first_matched: int | None = None
    for new in drafts:
        old = index.get(_nfc(new.msgid))
        if old is None:
            other = held.get(new.msgstr) if new.msgstr else None
            if other is None and not new.msgstr:
                other = similar.best(new.msgid)
                if other is not None:
                    new.msgstr = other.msgstr
            if other is not None:
                new.previous_msgid = other.msgid
                if "fuzzy" not in new.flags:
                    new.flags.append("fuzzy")
                report.previous += 1
            after.setdefault(anchor, []).append(new)
            touched.add(id(new))
            report.added += 1
            continue
        anchor = id(old)
        if first_matched is None:
            first_matched = anchor
        touched.add(id(old))
        if old.msgid_plural:
            # A plural entry already owns this msgid (a second entry would be a duplicate definition).
            report.conflicts += 1
            continue
        other_notes, notes = termalign_notes(old.comment)
        owned = claim_all or any(note.startswith(names.prefix) for note in notes)
        refresh = owned
        extra: list[str] = []
        if old.obsolete:
            old.obsolete = False
            report.revived += 1
            refresh = True
            if old.msgstr and "fuzzy" not in old.flags:
                old.flags.append("fuzzy")
        if not old.msgstr:
            if new.msgstr:
                old.msgstr = new.msgstr
                stale = new.msgstr in held  # the translation of another msgid
                if (not owned or stale or "fuzzy" in new.flags) and "fuzzy" not in old.flags:
                    old.flags.append("fuzzy")
                report.filled += 1
                refresh = True
            else:
                report.unchanged += 1
        elif new.msgstr and new.msgstr != _nfc(old.msgstr):
            if owned:
                if "fuzzy" not in old.flags:
                    old.flags.append("fuzzy")
                extra.append(f"{names.prefix}aligned translation is now: {new.msgstr}")
                report.changed += 1
            else:
                report.conflicts += 1
        else:
            report.unchanged += 1
        if refresh:
            keep = [o for o in old.occurrences if o[0] not in (names.source, names.target)]
            old.occurrences = list(dict.fromkeys([*keep, *new.occurrences]))
            foreign = [note for note in notes if not note.startswith(names.prefix)]
            old.comment = "\n".join([*other_notes, *foreign, *new.comment.split("\n"), *extra])
    obsoleted: list[polib.POEntry] = []
    for entry in catalog:
        if id(entry) in touched or entry.obsolete:
            continue
        other_notes, notes = termalign_notes(entry.comment)
        foreign = [note for note in notes if not note.startswith(names.prefix)]
        if not claim_all and len(foreign) == len(notes):
            report.untouched += 1
            continue
        if claim_all and (entry.msgctxt is not None or not entry.msgid):
            report.untouched += 1
            continue
        # Written from this source earlier, and its sentence is gone from the new alignment.
        entry.comment = "\n".join([*other_notes, *foreign])
        entry.occurrences = [o for o in entry.occurrences if o[0] not in (names.source, names.target)]
        if not foreign:
            entry.obsolete = True
            obsoleted.append(entry)
            report.obsoleted += 1
    _reorder(catalog, after, first_matched, obsoleted)
    return report


def _reorder(catalog: polib.POFile, after: dict[int | None, list[polib.POEntry]], first: int | None,
             obsoleted: list[polib.POEntry]) -> None:
    """Put new entries in document order (after the existing entry of the sentence before them; those before
    every matched sentence just before the first one) and entries just made obsolete at the end, as msgmerge
    writes them. Existing entries keep their order."""
    if first is None:  # no sentence of the alignment was in the catalog: its entries go at the end
        after = {first: after.pop(None, []) + [e for group in after.values() for e in group]}
    moved = {id(e) for e in obsoleted}
    order: list[polib.POEntry] = []
    for entry in catalog:
        if id(entry) in moved:
            continue
        if id(entry) == first:
            order += after.get(None, [])
        order.append(entry)
        order += after.get(id(entry), [])
    if first is None:
        order += after.get(None, [])
    catalog[:] = order + obsoleted
