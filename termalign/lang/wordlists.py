"""Every word list termalign reads, each loaded by one function here and cached for the process.

* the lists shipped in ``termalign/data/*.txt`` (stopwords, abbreviations, the term extractor's general words),
  one word or entry per line, ``#`` comment lines and blank lines skipped (:func:`data_lines`, :func:`word_set`);
* PySastrawi's list of Indonesian root words (:func:`sastrawi_roots`);
* wordfreq's frequency lists (:func:`frequencies`, :func:`zipf`, :func:`listed_zipf`).

Loading is lazy: nothing is read before a caller asks, and a list is read once however many stages use it.
wordfreq's lists are also read only in part: :func:`frequencies` gives a :class:`FrequencyTable` that turns the
words of one two-letter prefix into a dict when a word of that prefix is first looked up (a one-entry check
looks up a few dozen words, not 174,000); the compact form it starts from (each prefix's words joined into one
string, their frequencies packed as doubles) is kept in termalign's user cache (:mod:`termalign.cache`), so a
later process reads one small file instead of unpacking wordfreq's data.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar, overload


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
    ``oper "v,"``). Kept in the user cache, keyed by the list file's path, size and modification time.
    """
    from termalign import cache

    try:
        source = resources.files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt")
        key = cache.full_key("sastrawi", *_file_identity(Path(str(source))))
        cached = cache.load("sastrawi", key)
        if isinstance(cached, frozenset):
            return cached
        data = source.read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - PySastrawi is a dependency
        return frozenset()
    roots = frozenset(line.split()[0].lower() for line in data.splitlines() if line.strip())
    cache.store("sastrawi", key, roots)
    return roots


def _file_identity(path: Path) -> tuple[str, int, int]:
    """What a cache entry built from file ``path`` depends on: its absolute path, size and modification time."""
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


# -- wordfreq -------------------------------------------------------------------------------------------------

#: The lowest Zipf frequency the checks ever ask about, per language (rarer words need not be loaded).
FLOORS: dict[str, float] = {"en": 1.5}


def frequencies(lang: str, min_zipf: float | None = None) -> FrequencyTable:
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


_T = TypeVar("_T")

#: A frequency list in compact form: two-letter prefix → (its words joined with newlines, their frequencies as
#: the bytes of an ``array("d")``, same order).
_Packed = dict[str, tuple[str, bytes]]


class FrequencyTable(Mapping[str, float]):
    """A read-only word → frequency mapping that unpacks the words of a two-letter prefix on first look-up.

    Look-ups answer exactly what the full dict would; :meth:`items` (and iteration) unpack every prefix.
    """

    __slots__ = ("_floats", "_packed", "_parts", "_prefixes", "_size")

    def __init__(self, packed: _Packed) -> None:
        self._packed = dict(packed)
        self._prefixes = tuple(packed)
        self._parts: dict[str, dict[str, float]] = {}
        self._floats: dict[float, float] = {}
        self._size = sum(len(values) // 8 for _, values in packed.values())

    def _part(self, prefix: str) -> dict[str, float]:
        part = self._parts.get(prefix)
        if part is None:
            words, values = self._packed.pop(prefix, ("", b""))  # unpacked once: the packed form is let go
            share = self._floats.setdefault  # a list has a few hundred distinct frequencies: one object each
            part = dict(zip(words.split("\n"), [share(v, v) for v in array("d", values)], strict=True)) \
                if values else {}
            self._parts[prefix] = part
        return part

    @overload
    def get(self, word: str, /) -> float | None: ...
    @overload
    def get(self, word: str, default: float | _T, /) -> float | _T: ...

    def get(self, word: str, default: object = None, /) -> object:
        """The frequency of ``word``, or ``default`` when it is not listed."""
        part = self._parts.get(word[:2])
        if part is None:
            part = self._part(word[:2])
        return part.get(word, default)

    def __getitem__(self, word: str) -> float:
        return self._part(word[:2])[word]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._part(word[:2])

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        for prefix in self._prefixes:
            yield from self._part(prefix)

    def items(self) -> Iterator[tuple[str, float]]:  # type: ignore[override]
        """Every ``(word, frequency)`` pair (a generator: the whole list is unpacked once, prefix by prefix)."""
        for prefix in self._prefixes:
            yield from self._part(prefix).items()


def _pack(lists: Iterable[tuple[float, Iterable[str]]]) -> _Packed:
    """The compact form (see :data:`_Packed`) of a frequency list given as ``(frequency, words)`` runs; a word
    listed twice keeps its last frequency, as a dict would. Prefixes keep the order they first appear in."""
    groups: defaultdict[str, tuple[list[str], array[float]]] = defaultdict(lambda: ([], array("d")))
    for freq, words in lists:
        for word in words:
            if "\n" not in word:  # never a token (and the separator of the packed form)
                group = groups[word[:2]]
                group[0].append(word)
                group[1].append(freq)
    return {prefix: ("\n".join(words), values.tobytes()) for prefix, (words, values) in groups.items()}


@lru_cache(maxsize=8)
def _load_frequencies(lang: str, min_zipf: float) -> FrequencyTable:
    """wordfreq's ``best`` list of ``lang`` (what ``wordfreq.get_frequency_dict`` returns), without the words
    rarer than ``min_zipf``, as a :class:`FrequencyTable`.

    Why not only the public API: ``get_frequency_dict`` builds the whole list (English: 321,000 words, of which
    the 147,000 under Zipf 1.5 are 15 MB the checks never need) and importing wordfreq costs 0.1 s of modules
    the checks never use; measured 2.6 s against 1.1 s for this reader on a loaded machine. So the list is read
    from wordfreq's data file when its documented "cBpack" format is there (a gzipped msgpack list: a header,
    then one list of words per centibel of frequency); anything unexpected falls back to the public function.
    The compact form is kept in the user cache, keyed by the data file and the floor.
    """
    from termalign import cache

    floor = 10 ** (min_zipf - 9)
    path = _cbpack_path(lang)
    key = cache.full_key("wordfreq", lang, min_zipf, list_identity(lang))
    packed = cache.load("wordfreq", key)
    if isinstance(packed, dict):
        return FrequencyTable(packed)
    data = _read_cbpack(path, floor) if path is not None else None
    if data is not None:
        packed = _pack((10 ** (-index / 100), bucket) for index, bucket in enumerate(data))
    else:
        from wordfreq import get_frequency_dict

        packed = _pack((f, (w,)) for w, f in get_frequency_dict(lang, wordlist="best").items() if f >= floor)
    cache.store("wordfreq", key, packed)
    return FrequencyTable(packed)


def list_identity(lang: str) -> tuple[str, int, int] | None:
    """What wordfreq's list of ``lang`` is read from (its data file's path, size and modification time), for the
    keys of cache entries built from it; None when there is no such file."""
    path = _cbpack_path(lang)
    return _file_identity(path) if path is not None else None


def _cbpack_path(lang: str) -> Path | None:
    """wordfreq's best data file for ``lang`` (large, else small), or None when there is none."""
    from importlib.util import find_spec

    try:
        spec = find_spec("wordfreq")
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name in (f"large_{lang}.msgpack.gz", f"small_{lang}.msgpack.gz"):
        if (folder / name).is_file():
            return folder / name
    return None


def _read_cbpack(path: Path, floor: float) -> list[list[str]] | None:
    """The word buckets of wordfreq's data file ``path`` down to frequency ``floor``, or None if it is not in
    the expected format. The rarer buckets are never unpacked (a streaming unpacker stops at the first one below
    ``floor``)."""
    import gzip

    try:
        import msgpack  # type: ignore[import-untyped]  # wordfreq's own dependency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return None
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
