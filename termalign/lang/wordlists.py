"""Every word list termalign reads, each loaded by one function here and cached for the process.

* the lists shipped in ``termalign/data/*.txt`` (stopwords, abbreviations, the term extractor's general words),
  one word or entry per line, ``#`` comment lines and blank lines skipped (:func:`data_lines`, :func:`word_set`);
* PySastrawi's list of Indonesian root words (:func:`sastrawi_roots`);
* wordfreq's frequency lists (:func:`frequencies`, :func:`zipf`, :func:`listed_zipf`).

Loading is lazy: nothing is read before a caller asks, and a list is read once however many stages use it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from itertools import repeat


@lru_cache(maxsize=64)
def data_lines(name: str) -> tuple[str, ...]:
    """The entries of the shipped data file ``termalign/data/NAME``: stripped lines, blank and ``#`` lines skipped.

    A missing file raises :class:`FileNotFoundError` (a shipped list that is not there is a packaging bug).
    """
    text = resources.files("termalign.data").joinpath(name).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=64)
def word_set(name: str) -> frozenset[str]:
    """The entries of the shipped data file ``termalign/data/NAME`` as a set."""
    return frozenset(data_lines(name))


def stopwords(lang: str) -> frozenset[str]:
    """The shipped stopword list of ``lang`` (``stopwords_LANG.txt``)."""
    return word_set(f"stopwords_{lang}.txt")


def abbreviations(lang: str) -> frozenset[str]:
    """The abbreviations shipped for ``lang`` (``abbreviations_LANG.txt``, without their final period); empty for
    a language with no list."""
    try:
        return word_set(f"abbreviations_{lang}.txt")
    except FileNotFoundError:
        return frozenset()


@lru_cache(maxsize=1)
def sastrawi_roots() -> frozenset[str]:
    """PySastrawi's Indonesian root words (~30,000, KBBI-based), lower case; empty if the package is missing.

    One root per line; the first word of a line is the root (one line of the list carries a stray note,
    ``oper "v,"``).
    """
    try:
        data = resources.files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - PySastrawi is a dependency
        return frozenset()
    return frozenset(line.split()[0].lower() for line in data.splitlines() if line.strip())


# -- wordfreq -------------------------------------------------------------------------------------------------

#: The lowest Zipf frequency the checks ever ask about, per language (rarer words need not be loaded).
FLOORS: dict[str, float] = {"en": 1.5}


def frequencies(lang: str, min_zipf: float | None = None) -> dict[str, float]:
    """wordfreq's ``best`` frequency list of ``lang`` (word → frequency), without the words rarer than
    ``min_zipf`` (default: :data:`FLOORS`, 0 for a language not listed there). Cached per (lang, floor)."""
    floor = FLOORS.get(lang, 0.0) if min_zipf is None else float(min_zipf)
    return _load_frequencies(lang, floor)


def listed_zipf(word: str, lang: str) -> float:
    """The Zipf frequency of a lower-case ``word`` as listed in :func:`frequencies` (0 when unlisted, and for
    words under the language's floor). A plain look-up: no tokenizing, unlike :func:`zipf`."""
    freq = frequencies(lang).get(word, 0.0)
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


@lru_cache(maxsize=262144)
def zipf(word: str, lang: str = "en") -> float:
    """wordfreq's Zipf frequency of ``word`` (its public ``zipf_frequency``: the word is tokenized, so
    "anti-inflammatory" is rated from its parts): ~7 for "the", ≥ 3 general words, < 2.5 terms."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


@lru_cache(maxsize=8)
def _load_frequencies(lang: str, min_zipf: float) -> dict[str, float]:
    """wordfreq's ``best`` list of ``lang`` as a dict (what ``wordfreq.get_frequency_dict`` returns), without
    the words rarer than ``min_zipf``.

    Why not only the public API: ``get_frequency_dict`` builds the whole list (English: 321,000 words, of which
    the 147,000 under Zipf 1.5 are 15 MB the checks never need) and importing wordfreq costs 0.1 s of modules
    the checks never use; measured 2.6 s against 1.1 s for this reader on a loaded machine. So the list is read
    from wordfreq's data file when its documented "cBpack" format is there (a gzipped msgpack list: a header,
    then one list of words per centibel of frequency); anything unexpected falls back to the public function.
    """
    floor = 10 ** (min_zipf - 9)
    data = _read_cbpack(lang, floor)
    if data is not None:
        out: dict[str, float] = {}
        for index, bucket in enumerate(data):
            if bucket:
                out.update(zip(bucket, repeat(10 ** (-index / 100))))
        return out
    from wordfreq import get_frequency_dict

    return {w: f for w, f in get_frequency_dict(lang, wordlist="best").items() if f >= floor}


def _read_cbpack(lang: str, floor: float) -> list[list[str]] | None:
    """The word buckets of wordfreq's best list for ``lang`` (large, else small) down to frequency ``floor``,
    or None if the file is not there or not in the expected format. The rarer buckets are never unpacked
    (a streaming unpacker stops at the first one below ``floor``)."""
    import gzip
    from importlib.util import find_spec
    from pathlib import Path

    try:
        spec = find_spec("wordfreq")
        import msgpack  # type: ignore[import-untyped]  # wordfreq's own dependency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name in (f"large_{lang}.msgpack.gz", f"small_{lang}.msgpack.gz"):
        path = folder / name
        if not path.is_file():
            continue
        try:
            with gzip.open(path, "rb") as handle:
                unpacker = msgpack.Unpacker(handle, raw=False)
                count = unpacker.read_array_header()
                header = unpacker.unpack() if count else None
                if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
                    return None
                buckets: list[list[str]] = []
                for index in range(count - 1):
                    if 10 ** (-index / 100) < floor:
                        break
                    bucket = unpacker.unpack()
                    if not isinstance(bucket, list):
                        return None
                    buckets.append(bucket)
                return buckets
        except (OSError, ValueError, msgpack.UnpackException):
            return None
    return None
