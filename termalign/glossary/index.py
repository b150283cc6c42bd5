"""Lookups into a glossary: entries by English form, by accepted Indonesian form, by forbidden form, by spelling."""

from __future__ import annotations

from collections.abc import Iterable

from termalign.glossary.rows import fold_case, normalize_form
from termalign.model import Glossary, GlossaryEntry


class _FormMap:
    """Entries by term form: exact keys for case-sensitive entries, case-folded keys for the others."""

    def __init__(self) -> None:
        self.exact: dict[str, list[GlossaryEntry]] = {}
        self.folded: dict[str, list[GlossaryEntry]] = {}
        self._seen: set[tuple[bool, str, int]] = set()  # (case-sensitive, key, id(entry)): O(1) duplicate test

    def add(self, form: str, entry: GlossaryEntry) -> None:
        key = normalize_form(form) if entry.case_sensitive else fold_case(form)
        marker = (entry.case_sensitive, key, id(entry))
        if marker in self._seen:
            return
        self._seen.add(marker)
        (self.exact if entry.case_sensitive else self.folded).setdefault(key, []).append(entry)

    def get(self, form: str) -> tuple[GlossaryEntry, ...]:
        norm = normalize_form(form)
        exact = self.exact.get(norm, ())
        folded = self.folded.get(norm.casefold(), ())
        if not exact:
            return tuple(folded)
        if not folded:
            return tuple(exact)
        return tuple(exact) + tuple(entry for entry in folded if not any(entry is e for e in exact))


class GlossaryIndex:
    """Lookups into a glossary, built once: by English form, by accepted Indonesian form, by forbidden form.

    Keys are :func:`normalize_form`-ed and case-folded, except for ``case-sensitive`` entries, which only match
    their exact spelling (``PDF`` does not match ``pdf``). Results keep glossary order. ``by_spelling`` matches on
    :func:`termalign.lang.spelling.fold` keys instead ("Flebolith" finds the entry for "flebolit"), built on first use.
    """

    def __init__(self, glossary: Glossary | Iterable[GlossaryEntry]) -> None:
        self.entries: tuple[GlossaryEntry, ...] = tuple(
            glossary.entries if isinstance(glossary, Glossary) else glossary
        )
        self._source = _FormMap()
        self._target = _FormMap()
        self._forbidden = _FormMap()
        self.max_source_words = 0
        self.max_target_words = 0
        for entry in self.entries:
            for form in entry.sources:
                self._source.add(form, entry)
                self.max_source_words = max(self.max_source_words, len(form.split()))
            for form in entry.targets:
                self._target.add(form, entry)
                self.max_target_words = max(self.max_target_words, len(form.split()))
            for form in entry.forbidden:
                self._forbidden.add(form, entry)
                self.max_target_words = max(self.max_target_words, len(form.split()))
        self._spelling: dict[str, dict[str, list[GlossaryEntry]]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def key(form: str, *, case_sensitive: bool = False) -> str:
        """The lookup key of ``form``: what :meth:`by_source` and friends compare."""
        return normalize_form(form) if case_sensitive else fold_case(form)

    def by_source(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries with ``form`` as their English term or one of its variants."""
        return self._source.get(form)

    def by_target(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries accepting ``form`` in Indonesian (term, variants, or the English term if do-not-translate)."""
        return self._target.get(form)

    def by_forbidden(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries that list ``form`` as forbidden."""
        return self._forbidden.get(form)

    def lookup(self, form: str) -> tuple[GlossaryEntry, ...]:
        """Entries that mention ``form`` on any side (English, accepted Indonesian, forbidden), in glossary order."""
        found = [*self.by_source(form), *self.by_target(form), *self.by_forbidden(form)]
        unique: list[GlossaryEntry] = []
        for entry in found:
            if not any(entry is e for e in unique):
                unique.append(entry)
        order = {id(entry): i for i, entry in enumerate(self.entries)}
        unique.sort(key=lambda entry: order.get(id(entry), len(order)))
        return tuple(unique)

    def source_forms(self) -> dict[str, tuple[GlossaryEntry, ...]]:
        """Every English form → its entries (case-folded forms for case-insensitive entries)."""
        merged: dict[str, tuple[GlossaryEntry, ...]] = {}
        for key, entries in (*self._source.folded.items(), *self._source.exact.items()):
            merged[key] = merged.get(key, ()) + tuple(entries)
        return merged

    def target_forms(self) -> dict[str, tuple[GlossaryEntry, ...]]:
        """Every accepted Indonesian form → its entries (same keys as :meth:`source_forms`)."""
        merged: dict[str, tuple[GlossaryEntry, ...]] = {}
        for key, entries in (*self._target.folded.items(), *self._target.exact.items()):
            merged[key] = merged.get(key, ()) + tuple(entries)
        return merged

    @staticmethod
    def spelling_key(form: str) -> str:
        """The loanword-spelling key of a (multi-word) form: :func:`termalign.lang.spelling.fold` of each word."""
        from termalign.lang.spelling import fold

        return " ".join(fold(word) for word in normalize_form(form).split())

    def by_spelling(self, form: str, *, side: str = "target") -> tuple[GlossaryEntry, ...]:
        """Entries whose ``side`` (``source``, ``target`` or ``forbidden``) has a form spelt like ``form``."""
        if self._spelling is None:
            self._spelling = {"source": {}, "target": {}, "forbidden": {}}
            for entry in self.entries:
                for name, forms in (
                    ("source", entry.sources),
                    ("target", entry.targets),
                    ("forbidden", entry.forbidden),
                ):
                    for item in forms:
                        bucket = self._spelling[name].setdefault(self.spelling_key(item), [])
                        if not any(e is entry for e in bucket):
                            bucket.append(entry)
        if side not in self._spelling:
            raise ValueError(f"side must be source, target or forbidden, not {side!r}")
        return tuple(self._spelling[side].get(self.spelling_key(form), ()))
