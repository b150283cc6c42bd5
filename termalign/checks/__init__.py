"""Terminology QA: garbled, glued, untranslated, missing, forbidden and inconsistent terms, wrong language.

One module per check (like sacrebleu's metrics), a runner with the analyses they share, and readers for
PO/MO/TMX/text inputs::

    >>> from termalign.checks import check_text, check_pair, check_po
    >>> findings = check_text("Phleboliths and Flebolith were seen.", "en", "medical")
    >>> [(f.code, f.text, f.suggestion) for f in findings]
    [('garbled-term', 'Flebolith', 'phlebolith')]

``check(units_or_inputs, glossary)`` is the general form: it takes :class:`Unit` objects or inputs from
:mod:`termalign.checks.inputs` (``PoInput``, ``MoInput``, ``TmxInput``, ``TextInput``, ``PairInput``,
``AlignmentInput``) and a glossary (a :class:`~termalign.model.Glossary`, a shipped name such as ``"medical"``, a
file path, or a list of those). ``run_checks`` returns a :class:`CheckResult` with fingerprints and counts as
well, for baselines and reports; :class:`CheckRun` is the same run as a stream of findings (what the command line
uses: memory does not grow with the number of findings). See ``docs/checks.md`` for what each check does and how
to silence a false alarm.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from termalign.checks.base import BaseCheck, Check, CheckContext, CheckOptions, Inputs, Note, Unit
from termalign.checks.baseline import Baseline, baseline_json
from termalign.checks.inputs import AlignmentInput, MoInput, PairInput, PoInput, TextInput, TmxInput, open_input
from termalign.checks.runner import CHECKS, CheckResult, CheckRun, check_class, fingerprint, run_checks, select_checks
from termalign.model import Finding, Glossary

if TYPE_CHECKING:
    from termalign.glossary import GlossaryIssue

__all__ = [
    "CHECKS",
    "AlignmentInput",
    "BaseCheck",
    "Baseline",
    "Check",
    "CheckContext",
    "CheckOptions",
    "CheckResult",
    "CheckRun",
    "MoInput",
    "Note",
    "PairInput",
    "PoInput",
    "TextInput",
    "TmxInput",
    "Unit",
    "baseline_json",
    "check",
    "check_class",
    "check_pair",
    "check_po",
    "check_rules",
    "check_text",
    "fingerprint",
    "open_input",
    "oriented_inputs",
    "pair_direction_of",
    "resolve_glossary",
    "run_checks",
    "select_checks",
]

GlossaryLike = Glossary | str | os.PathLike[str] | Sequence[Glossary | str | os.PathLike[str]] | None
DEFAULT_GLOSSARY = "medical"


def resolve_glossary(glossary: GlossaryLike, *, issues: list[GlossaryIssue] | None = None) -> Glossary:
    """A :class:`Glossary` from a glossary, a shipped name, a path, or a list of those (merged); None = medical.

    Loading is strict (the first error raises :class:`~termalign.errors.InputError`). When ``issues`` is a list,
    the issues of each glossary file (what ``termalign glossary validate FILE`` reports) are appended to it; notes
    about merging the files (a later glossary repeating or overriding an entry of an earlier one) are not.
    """
    from termalign.glossary import load_glossary, merge_glossaries

    if glossary is None:
        return load_glossary(DEFAULT_GLOSSARY, issues=issues)
    if isinstance(glossary, Glossary):
        return glossary
    if isinstance(glossary, (str, os.PathLike)):
        return load_glossary(glossary, issues=issues)
    loaded = [g if isinstance(g, Glossary) else load_glossary(g, issues=issues) for g in glossary]
    if not loaded:
        raise ValueError("no glossary given")
    return loaded[0] if len(loaded) == 1 else merge_glossaries(loaded)


def check(
    units_or_inputs: Inputs,
    glossary: GlossaryLike = None,
    *,
    checks: Iterable[str] | None = None,
    disable: Iterable[str] = (),
    options: CheckOptions | None = None,
    baseline: Baseline | None = None,
) -> list[Finding]:
    """Run the checks (all by default) over units or inputs; findings in input order.

    Each aligned pair checks against the glossary turned its own way (:func:`oriented_inputs`): an
    English→Indonesian glossary checks an Indonesian→English :class:`PairInput` with its English forms as the
    expected target, as ``termalign check --source-lang id --target-lang en`` does, and pairs of both directions
    may be checked in one call (one run per stretch of inputs of one direction, findings in input order)."""
    resolved = resolve_glossary(glossary)
    items = [units_or_inputs] if not isinstance(units_or_inputs, (list, tuple)) else list(units_or_inputs)
    groups = oriented_inputs(items, resolved)
    if len(groups) == 1:
        return run_checks(units_or_inputs, groups[0][1], checks=checks, disable=disable, options=options,
                          baseline=baseline).findings
    findings: list[Finding] = []
    for group, oriented in groups:
        findings += run_checks(group, oriented, checks=checks, disable=disable, options=options,
                               baseline=baseline).findings
    return findings


def pair_direction_of(item: object) -> tuple[str, str] | None:
    """``(source language, target language)`` of an aligned-pair input (its settings' languages when it has
    settings, as :meth:`PairInput.units` uses them); None for any other input."""
    if not isinstance(item, PairInput):
        return None
    if item.settings is not None:
        return item.settings.source_lang, item.settings.target_lang
    return item.source_lang, item.target_lang


def oriented_inputs(items: Sequence[Any], glossary: Glossary) -> list[tuple[list[Any], Glossary]]:
    """``items`` cut into stretches that check against the same orientation of ``glossary``, in order: each
    aligned pair against :func:`~termalign.glossary.orient_glossary` for its own direction (an Indonesian→English
    pair against the glossary read backwards), every other input against ``glossary`` as it is. Consecutive
    inputs of one orientation stay together, so inputs of one direction are one run."""
    from termalign.glossary import orient_glossary

    turned: dict[tuple[str, str], Glossary] = {}
    out: list[tuple[list[Any], Glossary]] = []
    for item in items:
        direction = pair_direction_of(item)
        oriented = glossary if direction is None else turned.setdefault(
            direction, orient_glossary(glossary, *direction))
        if out and out[-1][1] is oriented:
            out[-1][0].append(item)
        else:
            out.append(([item], oriented))
    return out or [([], glossary)]


def check_text(text: str, lang: str, glossary: GlossaryLike = None, **kwargs: Any) -> list[Finding]:
    """Check a plain text in ``lang`` (``en`` or ``id``): the monolingual checks, line by line."""
    return check(TextInput(text=text, lang=lang, name=kwargs.pop("name", "<text>")), glossary, **kwargs)


def check_pair(source_text: str, target_text: str, glossary: GlossaryLike = None, **kwargs: Any) -> list[Finding]:
    """Align an English text with its Indonesian translation and check every aligned pair.

    The pair goes through :func:`termalign.pipeline.align_texts` as ``termalign check --source --target`` does:
    a glossary given here is also the aligner's anchors (the default one, as for ``termalign align``, is not), and
    swapped, wrong-language or unrelated texts raise
    :class:`~termalign.errors.InputError`.
    """
    from termalign.pipeline import PairSettings

    resolved = resolve_glossary(glossary)
    pair = PairInput(
        source_text=source_text, target_text=target_text,
        source_name=kwargs.pop("source_name", "<source>"), target_name=kwargs.pop("target_name", "<target>"),
        settings=PairSettings(glossary=resolved if glossary is not None else None),
    )
    return check(pair, resolved, **kwargs)


def check_po(path: str | os.PathLike[str], glossary: GlossaryLike = None, **kwargs: Any) -> list[Finding]:
    """Check a PO or MO catalog (translations against their msgids)."""
    return check(open_input(os.fspath(path)), glossary, **kwargs)


def check_rules(codes: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
    """Code → (one-line description, default severity) of termalign's checks (all of them, or ``codes``), for
    reports that describe their rules (``SarifRenderer(rules=...)``); unknown codes are left out."""
    wanted = CHECKS if codes is None else [code for code in codes if code in CHECKS]
    return {code: (check_class(code).description, check_class(code).severity) for code in wanted}
