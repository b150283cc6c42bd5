"""Bilingual term pairs drafted from aligned English–Indonesian text.

:func:`extract_terms` takes an :class:`~termalign.model.Alignment` (or several: a corpus) and returns
:class:`~termalign.model.TermPair` objects such as ``phlebolith``/``flebolit`` or
``white blood cells``/``sel darah putih``, each with the evidence that paired them. The stages live in
submodules: :mod:`.candidates` (English candidates and termhood), :mod:`.indonesian` (Indonesian words,
bases and chunks), :mod:`.links` (word links), :mod:`.projection` (one bead's links and projections) and
:mod:`.pairing` (the corpus passes and scoring). ``docs/terms.md`` describes the
method, the scores and the output formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from termalign.aligner.lexicon import BilingualDictionary
from termalign.aligner.lexicon import load as load_dictionary
from termalign.distributed import Scheduler
from termalign.errors import InputError
from termalign.lang.english import singular
from termalign.model import Alignment, Glossary, TermPair
from termalign.terms.candidates import MAX_WORDS, left_in_english
from termalign.terms.stats import Settings, pair_terms

__all__ = ["DEFAULT_MIN_SCORE", "DEFAULT_MIN_TERMHOOD", "extract_terms", "singular", "term_settings"]

DEFAULT_MIN_SCORE = 0.5
DEFAULT_MIN_TERMHOOD = 0.3


def extract_terms(
    alignment_or_corpus: Alignment | Iterable[Alignment],
    *,
    glossary: Glossary | None = None,
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | str | None = "default",
    min_score: float = DEFAULT_MIN_SCORE,
    min_termhood: float = DEFAULT_MIN_TERMHOOD,
    min_count: int = 1,
    max_words: int = MAX_WORDS,
    qa: bool | Glossary | str = True,
    scheduler: Scheduler | None = None,
) -> list[TermPair]:
    """Draft English–Indonesian term pairs from aligned text, best first.

    ``alignment_or_corpus`` is one :class:`Alignment` or an iterable of them; evidence is pooled over all of
    them, and bead numbers in the results run on from one alignment to the next (the first bead of the second
    alignment is ``len(first.beads)``). ``glossary`` entries are trusted translations: an English glossary term
    found in a bead is paired with the glossary's target wherever that occurs (in any inflected form), and its
    single words help link longer terms. ``dictionary`` maps English words to Indonesian words (general
    vocabulary such as ``tissue → jaringan``) and helps pair terms whose words are not loanwords: a
    :class:`~termalign.aligner.lexicon.BilingualDictionary`, a plain mapping, a path to a TSV word list or dictd
    index, ``"default"`` (the shipped FreeDict word list) or ``None``/``"none"`` for none.

    ``min_score`` drops pairs scoring below it (scores are in [0, 1]); ``min_termhood`` drops English candidates
    that look like general language (Zipf rarity and C-value independence, in [0, 1]); ``min_count`` drops pairs
    seen in fewer beads; ``max_words`` bounds the length of English candidates (1–6).

    ``qa`` runs the monolingual QA checks on both sides of every pair (:mod:`termalign.terms.review`): a pair
    whose English or Indonesian side is garbled, glued, forbidden, untranslated, a non-standard spelling or
    not the glossary's translation carries ``findings`` (with the standard form as suggestion where one is
    known) and comes after every clean pair. The checks use ``glossary`` when one is given, else the glossary
    ``termalign check`` uses by default; ``qa`` may also name the glossary (a :class:`Glossary`, a shipped
    name or a path). ``qa=False`` skips the checks.

    ``scheduler`` (:func:`termalign.distributed.get_scheduler`, e.g. a Dask ``local:2`` cluster) runs the
    per-document work on its workers; the pairs are the same, byte for byte (:mod:`termalign.terms.stats`).
    """
    if isinstance(alignment_or_corpus, Alignment):
        corpus = [alignment_or_corpus]
    else:
        try:
            corpus = list(alignment_or_corpus)
        except TypeError:
            raise InputError(
                f"extract_terms needs an Alignment or an iterable of them, not {type(alignment_or_corpus).__name__}"
            ) from None
        for item in corpus:
            if not isinstance(item, Alignment):
                raise InputError(f"extract_terms: corpus item is a {type(item).__name__}, not an Alignment")
    settings = term_settings(glossary=glossary, dictionary=dictionary, min_score=min_score,
                             min_termhood=min_termhood, min_count=min_count, max_words=max_words, qa=qa)
    pairs = pair_terms(
        corpus,
        check_glossary=settings.check_glossary,
        glossary=settings.glossary,
        dictionary=settings.dictionary,
        min_score=min_score,
        min_termhood=min_termhood,
        min_count=min_count,
        max_words=max_words,
        scheduler=scheduler,
    )
    return drafted(pairs)


def drafted(pairs: list[TermPair]) -> list[TermPair]:
    """The pairs worth drafting: not an English term left untranslated (the checks report those)."""
    return [p for p in pairs if not left_in_english(p.source, p.target_base)]


def term_settings(
    *,
    glossary: Glossary | None = None,
    dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | str | None = "default",
    min_score: float = DEFAULT_MIN_SCORE,
    min_termhood: float = DEFAULT_MIN_TERMHOOD,
    min_count: int = 1,
    max_words: int = MAX_WORDS,
    qa: bool | Glossary | str = True,
) -> Settings:
    """The options of :func:`extract_terms` checked and resolved (dictionary loaded, QA glossary chosen), as the
    statistics rounds of :mod:`termalign.terms.stats` take them."""
    if not 0.0 <= min_score <= 1.0:
        raise InputError(f"min_score must be between 0 and 1, not {min_score}")
    if not 0.0 <= min_termhood <= 1.0:
        raise InputError(f"min_termhood must be between 0 and 1, not {min_termhood}")
    if not 1 <= max_words <= 6:
        raise InputError(f"max_words must be between 1 and 6, not {max_words}")
    if min_count < 1:
        raise InputError(f"min_count must be at least 1, not {min_count}")
    if isinstance(dictionary, BilingualDictionary) or dictionary is None:
        words: BilingualDictionary | Mapping[str, Iterable[str]] | None = dictionary
    elif isinstance(dictionary, str):
        words = load_dictionary(dictionary)
    else:
        words = dictionary
    check_glossary: Glossary | None = None
    if qa is not False:
        from termalign.checks import resolve_glossary

        check_glossary = resolve_glossary(glossary if qa is True else qa)
    return Settings(glossary, words, min_score, min_termhood, min_count, max_words, check_glossary)
