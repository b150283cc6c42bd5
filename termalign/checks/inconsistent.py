"""``inconsistent-term``: one glossary concept rendered in different ways within a file (or a run).

Two kinds of inconsistency are reported once every unit has been seen:

* a **variant** of the glossary form (a near miss differing only in a word ending, such as
  "kalsifikasi distrofi" where the glossary says "kalsifikasi distrofik") used where the accepted form is
  also used in the same scope: a warning at each variant occurrence, suggesting the accepted form. (Without
  the accepted form anywhere in scope the variant is a ``garbled-term`` warning instead.)
* two **accepted** forms of one entry (the term and a listed variant) both rendering its source term in the
  same scope: one ``info`` per less frequent form, at its first occurrence, naming the preferred form and the
  counts.

The scope is the whole run (``CheckOptions.consistency = "run"``, the default) or each file (``"file"``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from termalign.checks.base import BaseCheck, CheckContext, Note, Unit
from termalign.checks.index import ACCEPTED
from termalign.model import Finding

if TYPE_CHECKING:
    from termalign.checks.analyses import Batch


@dataclass(frozen=True)
class Variant:
    """A deferred near-miss variant: where it is, what it is, which entry and form it stands for."""

    position: int
    unit: Unit
    start: int
    end: int
    surface: str
    entry: int
    suggestion: str
    steps: tuple[str, ...]
    scope: str


def scope_of(ctx: CheckContext, unit: Unit) -> str:
    """The consistency scope of ``unit``: its file (``consistency="file"``) or the whole run."""
    return (unit.group or unit.file or "") if ctx.options.consistency == "file" else ""


@dataclass
class InconsistentState:
    """Run-wide state, kept compact: per scope a counter of entries whose accepted forms were seen (``seen``); per
    (scope, entry) a counter of the accepted forms rendering its source term (``counts``), with the first place
    of each form (``where``; entries with several accepted forms only); the deferred variants."""

    seen: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    counts: defaultdict[tuple[str, int], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    where: dict[tuple[str, int, str], tuple[int, Unit, int, int]] = field(default_factory=dict)
    variants: list[Variant] = field(default_factory=list)

    def merge(self, other: InconsistentState, offset: int) -> None:
        """Add ``other``, the state of a later part of the run whose positions start at ``offset`` here.

        Exact: counters add up, the first place of a form is the earlier of the two, variants keep run order when
        parts are merged in run order (:meth:`CheckRun.absorb <termalign.checks.runner.CheckRun.absorb>`), so the
        findings of :meth:`InconsistentTermCheck.finish` are those of one run over all parts together.
        """
        for scope, entries in other.seen.items():
            self.seen[scope].update(entries)
        for key, forms in other.counts.items():
            self.counts[key].update(forms)
        where = self.where
        for place, (position, unit, start, end) in other.where.items():
            mine = where.get(place)
            if mine is None or position + offset < mine[0]:
                where[place] = (position + offset, unit, start, end)
        self.variants.extend(replace(v, position=v.position + offset) if offset else v for v in other.variants)

    def entries_used(self) -> set[int]:
        """The glossary entries this state refers to (what :meth:`InconsistentTermCheck.finish` may look up)."""
        return {entry for _, entry in self.counts} | {v.entry for v in self.variants}

    def to_json(self, unit_ref: Callable[[Unit], int]) -> dict[str, Any]:
        """This state as JSON-ready lists (see :mod:`termalign.checks.stats`); units are written once,
        elsewhere, and referred to by the number ``unit_ref`` gives them."""
        return {
            "seen": [[scope, sorted(entries.items())] for scope, entries in self.seen.items()],
            "counts": [[scope, entry, sorted(forms.items())] for (scope, entry), forms in self.counts.items()],
            "where": [[scope, entry, form, position, unit_ref(unit), start, end]
                      for (scope, entry, form), (position, unit, start, end) in self.where.items()],
            "variants": [[v.position, unit_ref(v.unit), v.start, v.end, v.surface, v.entry, v.suggestion,
                          list(v.steps), v.scope] for v in self.variants],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], units: Sequence[Unit]) -> InconsistentState:
        """The state :meth:`to_json` wrote (``units`` resolves its unit numbers); raises ``ValueError``,
        ``TypeError``, ``KeyError`` or ``IndexError`` on anything else (the reader names the file)."""
        state = cls()
        for scope, entries in data["seen"]:
            state.seen[str(scope)].update({int(e): int(n) for e, n in entries})
        for scope, entry, forms in data["counts"]:
            state.counts[(str(scope), int(entry))].update({str(f): int(n) for f, n in forms})
        for scope, entry, form, position, unit, start, end in data["where"]:
            state.where[(str(scope), int(entry), str(form))] = (int(position), units[unit], int(start), int(end))
        for position, unit, start, end, surface, entry, suggestion, steps, scope in data["variants"]:
            state.variants.append(Variant(int(position), units[unit], int(start), int(end), str(surface),
                                          int(entry), str(suggestion), tuple(str(s) for s in steps), str(scope)))
        return state


def defer_variant(
    ctx: CheckContext, position: int, unit: Unit, start: int, end: int, entry: int, suggestion: str,
    steps: Iterable[str],
) -> None:
    """Remember a variant found in ``unit`` (at ``position`` in the run); it is reported in ``finish``."""
    ctx.state(InconsistentState).variants.append(
        Variant(position, unit, start, end, unit.text[start:end], entry, suggestion, tuple(steps),
                scope_of(ctx, unit))
    )


def record_seen(ctx: CheckContext, unit: Unit, entries: Iterable[int]) -> None:
    """Count accepted forms of ``entries`` seen in ``unit`` (with or without a source)."""
    ctx.state(InconsistentState).seen[scope_of(ctx, unit)].update(entries)


def record_use(ctx: CheckContext, position: int, unit: Unit, start: int, end: int, entry: int, form: str) -> None:
    """Count accepted ``form`` rendering ``entry``'s source term in a bilingual unit (the first location of each
    form is kept: it is where a finding about the form would point)."""
    state = ctx.state(InconsistentState)
    scope = scope_of(ctx, unit)
    key = form.lower()
    state.counts[(scope, entry)][key] += 1
    where = state.where
    if (scope, entry, key) not in where:
        where[(scope, entry, key)] = (position, unit, start, end)


def resolve_variants(ctx: CheckContext) -> list[tuple[int, Unit, Variant, bool]]:
    """Every deferred variant with whether an accepted form of its entry is used in the same scope."""
    state = ctx.state(InconsistentState)
    out = []
    seen: set[tuple[int, int, int]] = set()
    for v in state.variants:
        key = (v.position, v.start, v.end)
        if key in seen:
            continue
        seen.add(key)
        used = state.seen[v.scope][v.entry] > 0
        out.append((v.position, v.unit, v, used))
    return out


class InconsistentTermCheck(BaseCheck):
    """One concept, several renderings in one scope (see the module docstring)."""

    code = "inconsistent-term"
    severity = "warning"
    description = "One glossary term rendered in different ways within a file or run."

    def run(self, batch: Batch, ctx: CheckContext) -> Iterable[tuple[int, Note]]:
        entries = ctx.index.entries
        for i in range(len(batch.units)):
            seen = [hit.entry for hit in batch.target_hits[i] if hit.kind == ACCEPTED]
            seen.extend(batch.found_entries[i])
            uses = []
            for exp in batch.expectations[i]:
                if exp.status == "found" and exp.span is not None:
                    seen.append(exp.entry)
                    if len(entries[exp.entry].targets) > 1:
                        uses.append((exp.span[0], exp.span[1], exp.entry, exp.expected))
            if seen:
                # Kept for every distinct content of the run: the entries alone in the common case.
                yield i, Note((tuple(seen), tuple(uses)) if uses else tuple(seen))

    def observe(self, ctx: CheckContext, position: int, unit: Unit, data: Any) -> None:
        if type(data[0]) is int:
            record_seen(ctx, unit, data)
            return
        seen, uses = data
        record_seen(ctx, unit, seen)
        for start, end, entry, form in uses:
            record_use(ctx, position, unit, start, end, entry, form)

    def finish(self, ctx: CheckContext) -> Iterable[tuple[int, Unit, Finding]]:
        state = ctx.state(InconsistentState)
        counts = state.counts
        where_scope = "this file" if ctx.options.consistency == "file" else "this run"
        for position, unit, v, used in resolve_variants(ctx):
            if not used:
                continue
            entry = ctx.index.entries[v.entry]
            times = state.seen[v.scope][v.entry]
            usage = f"{' | '.join(entry.targets)!r} ({times}× in {where_scope})"
            yield position, unit, self.finding(
                unit, v.start, v.end,
                f"{v.surface!r} is used for {entry.source!r}, which is also rendered {usage}",
                suggestion=v.suggestion,
                explanation=(*v.steps, f"accepted forms of the entry used {times}× in {where_scope}"),
            )
        for (scope, entry_i), forms in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if len(forms) < 2:
                continue
            entry = ctx.index.entries[entry_i]
            main = entry.target.lower()
            preferred = max(forms, key=lambda f: (forms[f], f == main, f))
            usage = ", ".join(f"{f!r} ×{n}" for f, n in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])))
            for form in sorted(forms):
                if form == preferred:
                    continue
                where = state.where.get((scope, entry_i, form))
                if where is None:
                    continue
                # One finding per minority form, at its first occurrence: the count says how many more.
                position, unit, start, end = where
                yield position, unit, self.finding(
                    unit, start, end,
                    f"{entry.source!r} is rendered in several accepted ways in {where_scope} ({usage}); "
                    f"prefer {preferred!r}",
                    suggestion=preferred,
                    severity="info",
                    explanation=(f"glossary entry: {entry.source} → {' | '.join(entry.targets)}",
                                 f"forms used in {where_scope}: {usage}",
                                 f"reported once, at the first of the {forms[form]} uses of {form!r}"),
                )
