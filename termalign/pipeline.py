"""The one path from two texts to an alignment, shared by the API and every command.

read → decode → segment → language check → align (the glossary's terms merged into the aligner's dictionary)
→ parallel verdict. ``termalign align``, ``terms``, ``report``, ``check --source/--target``, ``align --batch``
and :func:`termalign.align` (:func:`align` here) all go through :func:`align_texts` (or :func:`align_files`,
which reads first), so they refuse the same inputs with the same messages and give the same beads and scores
for the same options (the API's defaults differ only in being lenient: see :func:`align`).

Nothing here prints or exits: problems are raised as :class:`~termalign.errors.InputError` (the CLI turns them
into exit status 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from termalign.errors import InputError, LanguageMismatchError
from termalign.model import Alignment, Bead, Segment
from termalign.textio import display_name, read_text

if TYPE_CHECKING:
    from termalign.aligner.lexicon import BilingualDictionary
    from termalign.model import Glossary

LANG_NAMES = {"en": "English", "id": "Indonesian"}
#: A side is declared to be in the wrong language only when this share of its sampled sentences says so.
LANG_MISMATCH_SHARE = 0.6
#: With ``on_nonparallel="unlink"``, linked beads whose probability is below this are split into unlinked
#: sentences: in texts that are not translations of each other only confident links are worth showing.
CONFIDENT_LINK = 0.5

NonParallel = Literal["refuse", "unlink", "keep"]


class NotParallelError(InputError):
    """The two texts do not look like translations of each other (see :attr:`Alignment.parallel_score`)."""


@dataclass(frozen=True)
class PairSettings:
    """How a text pair is read and aligned.

    ``dictionary`` is what :func:`aligner_dictionary` takes (None: the shipped FreeDict list); the glossary's
    term pairs are added to it. ``on_nonparallel`` says what to do when the verdict is "not parallel":
    ``refuse`` raises :class:`NotParallelError` (the commands, unless ``--allow-nonparallel``), ``unlink``
    keeps only the confident links (``--allow-nonparallel``), ``keep`` returns the alignment as it is (the API
    default: the verdict is in :attr:`Alignment.is_parallel`). ``allow_empty`` aligns a text with no sentences
    (every sentence of the other side left unlinked) instead of raising :class:`InputError`: the commands
    refuse an empty input, the API aligns it.
    """

    source_lang: str = "en"
    target_lang: str = "id"
    segmented: bool = False
    lang_check: bool = True
    dictionary: object = None
    glossary: Glossary | None = None
    on_nonparallel: NonParallel = "refuse"
    source_encoding: str | None = None
    target_encoding: str | None = None
    allow_empty: bool = False


def lang_name(lang: str | None) -> str:
    """``English`` for ``en``, ``Indonesian`` for ``id``, the code itself otherwise."""
    return LANG_NAMES.get(lang or "", lang or "unknown")


# ------------------------------------------------------------------------------------------ the stages


def segment_side(text: str, lang: str, segmented: bool) -> list[Segment]:
    """The text's segments: one per line when ``segmented``, else sentences (:func:`termalign.segment.segment`)."""
    from termalign.segment import from_lines, segment

    return from_lines(text) if segmented else segment(text, lang)


def check_languages(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    source_name: str,
    target_name: str,
) -> None:
    """Raise :class:`LanguageMismatchError` when the inputs are swapped or a side is in the wrong language.

    ``source``/``target`` are the segment texts. Only English and Indonesian can be told apart; other
    declared languages are not checked. A side too short to judge passes. The message names the file. Each side
    is judged on a deterministic sample of its segments spread across the text
    (:func:`termalign.lang.langid.document_verdict`), so the check costs the same for a page and a book.
    """
    from termalign.lang.langid import document_verdict

    checkable = {"en", "id"}
    s, t = (document_verdict(texts, LANG_MISMATCH_SHARE) if lang in checkable else None
            for texts, lang in ((source, source_lang), (target, target_lang)))
    if s is not None and t is not None and s == target_lang and t == source_lang and source_lang != target_lang:
        raise LanguageMismatchError(
            f"the inputs look swapped: this file looks {lang_name(s)} and {display_name(target_name)} looks "
            f"{lang_name(t)}, but the source should be {lang_name(source_lang)}",
            file=display_name(source_name),
            hint="give the source file first, or --no-lang-check to align them anyway",
        )
    for role, guessed, lang, name in (("source", s, source_lang, source_name), ("target", t, target_lang, target_name)):
        if guessed is not None and guessed != lang:
            raise LanguageMismatchError(
                f"the {role} text should be {lang_name(lang)} (--{role}-lang {lang}) but looks {lang_name(guessed)}",
                file=display_name(name),
                hint=f"check the file, set --{role}-lang, or pass --no-lang-check",
            )


def pair_direction(
    source_text: str, target_text: str, source_lang: str | None = None, target_lang: str | None = None
) -> tuple[str, str]:
    """The languages of a text pair: ``(source_lang, target_lang)``.

    Languages that are given are kept (a swapped pair is then refused by :func:`check_languages`, as ``align``
    refuses it); one that is not is the other of English and Indonesian when its side's is given, and when
    neither is given both are decided by the language check: Indonesian→English when the source reads
    Indonesian and the target English (each by :data:`LANG_MISMATCH_SHARE` of its sentences), English→Indonesian
    otherwise (the default, and what a pair too short to judge is taken to be).
    """
    other = {"en": "id", "id": "en"}
    if source_lang and target_lang:
        return source_lang, target_lang
    if source_lang:
        return source_lang, other.get(source_lang, "id")
    if target_lang:
        return other.get(target_lang, "en"), target_lang
    from termalign.lang.langid import detect_document

    guesses = []
    for text in (source_text, target_text):
        guess = detect_document(text.split("\n"))
        decided = guess.lang is not None and guess.confidence >= LANG_MISMATCH_SHARE
        guesses.append(guess.lang if decided else None)
    if guesses == ["id", "en"]:
        return "id", "en"
    return "en", "id"


def aligner_dictionary(spec: object = None, glossary: Glossary | None = None) -> BilingualDictionary | str:
    """The aligner's word list: ``spec`` loaded and merged, plus the glossary's term pairs.

    ``spec`` is None or ``"default"`` (the shipped FreeDict list), ``"none"``, a path, a
    :class:`~termalign.aligner.lexicon.BilingualDictionary`, a mapping of English word to Indonesian words, or a
    sequence of those (merged in order). Returns ``"none"`` when nothing is left (no dictionary, no glossary).
    """
    from termalign.aligner.lexicon import BilingualDictionary, load

    specs: Sequence[object]
    if spec is None or isinstance(spec, (str, BilingualDictionary, Mapping)):
        specs = [spec if spec is not None else "default"]
    else:
        specs = list(spec) if isinstance(spec, Sequence) else [spec]
        specs = specs or ["default"]
    merged: BilingualDictionary | None = None
    for item in specs:
        loaded = item if isinstance(item, BilingualDictionary) else load(item)  # type: ignore[arg-type]
        if loaded is not None:
            merged = loaded if merged is None else merged.merge(loaded)
    if glossary is not None and glossary.entries:
        merged = (merged if merged is not None else BilingualDictionary(name="glossary")).with_glossary(glossary)
    return merged if merged is not None else "none"


def unlink_unconfident(alignment: Alignment, threshold: float = CONFIDENT_LINK) -> Alignment:
    """The alignment with every linked bead below ``threshold`` split into unlinked sentences.

    Each sentence of a split bead becomes a 1-0 or 0-1 bead scored ``1 - p`` (``p`` the link's probability): the
    chance that the link was wrong, an upper bound on the chance that the sentence has no counterpart at all.
    """
    beads: list[Bead] = []
    for bead in alignment.beads:
        if bead.linked and bead.score < threshold:
            rest = round(1.0 - bead.score, 4)
            beads.extend(Bead((i,), (), rest) for i in bead.source_index)
            beads.extend(Bead((), (j,), rest) for j in bead.target_index)
        else:
            beads.append(bead)
    # Unlinked sentences stay in document order on each side; sources first, as the aligner emits them.
    return replace(alignment, beads=tuple(beads))


def not_parallel_message(alignment: Alignment) -> str:
    """The evidence behind a "not parallel" verdict, in words."""
    stats = alignment.stats
    linked = sum(1 for b in alignment.beads if b.linked)
    confident = sum(1 for b in alignment.beads if b.linked and b.score >= CONFIDENT_LINK)
    ratio = stats.get("parallel_contrast")
    parts = [f"parallel score {alignment.parallel_score:.2f}",
             f"{confident} of {linked} links confident"]
    if ratio is not None:
        parts.append(f"linked sentences share {ratio:.1f}× the anchors of sentences a few places away "
                     "(translations: 2 or more)")
    return "these texts do not look like translations of each other (" + "; ".join(parts) + ")"


def align_texts(
    source_text: str,
    target_text: str,
    settings: PairSettings = PairSettings(),
    *,
    source_name: str | None = None,
    target_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    **knobs: float | None,
) -> Alignment:
    """Segment, language-check and align two texts, then apply the parallel verdict (see :class:`PairSettings`).

    ``source_name``/``target_name`` name the inputs in messages and in the alignment (``-`` is shown as
    ``<stdin>``); without them messages say ``<source>``/``<target>`` and the alignment has no names. ``knobs``
    are passed to :func:`termalign.aligner.align_segments` (``max_bead``, ``omission_cost``...). Raises
    :class:`InputError` for an empty side (unless ``settings.allow_empty``), :class:`LanguageMismatchError` for
    swapped or wrong-language sides (when ``settings.lang_check``), :class:`NotParallelError` for texts that are
    not translations (when ``settings.on_nonparallel == "refuse"``).
    """
    from termalign.aligner import align_segments

    source_shown = display_name(source_name) if source_name is not None else "<source>"
    target_shown = display_name(target_name) if target_name is not None else "<target>"
    sides = []
    for text, lang, shown, role in ((source_text, settings.source_lang, source_shown, "source"),
                                    (target_text, settings.target_lang, target_shown, "target")):
        segments = segment_side(text, lang, settings.segmented)
        if not segments and not settings.allow_empty:
            raise InputError(f"the {role} text is empty (no sentences found)", file=shown,
                             hint="check that this is the right file; there is nothing to align")
        sides.append(segments)
    if settings.lang_check:
        check_languages([s.text for s in sides[0]], [s.text for s in sides[1]], source_lang=settings.source_lang,
                        target_lang=settings.target_lang, source_name=source_shown, target_name=target_shown)
    alignment = align_segments(
        sides[0], sides[1], source_lang=settings.source_lang, target_lang=settings.target_lang,
        dictionary=aligner_dictionary(settings.dictionary, settings.glossary),
        source_name=None if source_name is None else source_shown,
        target_name=None if target_name is None else target_shown, progress=progress,
        **knobs,  # type: ignore[arg-type]
    )
    if not alignment.is_parallel:
        if settings.on_nonparallel == "refuse":
            raise NotParallelError(not_parallel_message(alignment), file=source_shown,
                                   hint=f"check that {target_shown} translates it; pass "
                                   "--allow-nonparallel to keep only the confident links")
        if settings.on_nonparallel == "unlink":
            alignment = unlink_unconfident(alignment)
    return alignment


def check_stdin(paths: Iterable[str]) -> None:
    """Standard input (``-``) can feed one input only."""
    if sum(1 for p in paths if str(p) == "-") > 1:
        raise InputError("standard input ('-') can be used for one input only", hint="give file names for the others")


def read_pair(source: str, target: str, settings: PairSettings = PairSettings()) -> tuple[str, str]:
    """Read and decode both files (``-`` is standard input, for one of them at most)."""
    check_stdin((source, target))
    return (read_text(source, encoding=settings.source_encoding),
            read_text(target, encoding=settings.target_encoding))


def align_files(
    source: str,
    target: str,
    settings: PairSettings = PairSettings(),
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Alignment:
    """:func:`read_pair` then :func:`align_texts`, the files named in every message."""
    source_text, target_text = read_pair(source, target, settings)
    return align_texts(source_text, target_text, settings, source_name=source, target_name=target,
                       progress=progress)


def align(
    source_text: str,
    target_text: str,
    *,
    source_lang: str = "en",
    target_lang: str = "id",
    dictionary: object = None,
    glossary: Glossary | None = None,
    segmented: bool = False,
    lang_check: bool = False,
    on_nonparallel: NonParallel = "keep",
    source_name: str | None = None,
    target_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    **knobs: float | None,
) -> Alignment:
    """Split two texts into sentences and align them: :func:`termalign.align`, the library's entry point.

    The same path as the commands (:func:`align_texts`), with the library's defaults: no language check, an
    empty text aligned (its other side left unlinked) rather than refused, and an alignment of texts that are
    not translations of each other returned as it is (the verdict is in :attr:`Alignment.is_parallel`; pass
    ``on_nonparallel="refuse"`` or ``"unlink"`` to act on it, ``lang_check=True`` to refuse swapped or
    wrong-language texts). ``source_text`` is English and ``target_text`` Indonesian by default. ``dictionary``
    is what :func:`aligner_dictionary` takes, ``glossary`` a loaded :class:`~termalign.model.Glossary` whose term
    pairs are added to it; ``segmented`` reads one segment per line. ``knobs`` are the aligner's parameters
    (``max_bead``, ``omission_cost``, ``band``, ``paragraph_penalty``, ``merge_cost``, ``length_ratio``): see
    :func:`termalign.aligner.align_segments`, which also describes the result.
    """
    settings = PairSettings(source_lang=source_lang, target_lang=target_lang, segmented=segmented,
                            lang_check=lang_check, dictionary=dictionary, glossary=glossary,
                            on_nonparallel=on_nonparallel, allow_empty=True)
    return align_texts(source_text, target_text, settings, source_name=source_name, target_name=target_name,
                       progress=progress, **knobs)
