"""An English→Indonesian word dictionary: the aligner's strongest lexical anchor, and a lexicon for term pairing.

A :class:`BilingualDictionary` maps an English word (or phrase) to the set of its Indonesian translations.
Lookups forgive inflection on both sides:

* English: lower-cased and lightly lemmatised (:func:`termalign.lang.english.lemmas`) — possessive ``'s``,
  plurals ``-s``/``-es``/``-ies``, and as a last resort verb forms ``-ed``/``-ing`` (``stones`` → ``stone``,
  ``kidneys`` → ``kidney``, ``studies`` → ``study``, ``caused`` → ``cause``);
* Indonesian: a word matches a translation when it is the translation or an affixed/reduplicated form of it
  (:func:`termalign.lang.indonesian.base_forms` restricted to the dictionary's own Indonesian vocabulary, so
  ``menyebabkan`` matches ``sebab`` and ``sel-sel`` matches ``sel`` but no unknown base is ever guessed).

Sources: the shipped FreeDict eng-ind word list (:func:`load_default`, CC BY-SA 3.0, attribution in
``termalign/data/dictionary/README.md``), dictd databases (:meth:`BilingualDictionary.from_dictd`, e.g. Debian's
``dict-freedict-eng-ind`` under ``/usr/share/dictd/``), plain TSV word lists
(:meth:`BilingualDictionary.from_tsv`), and a user's glossary merged in (:meth:`BilingualDictionary.with_glossary`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources

from termalign.errors import InputError
from termalign.lang.english import lemmas
from termalign.lang.indonesian import WORD as _ID_WORD
from termalign.lang.indonesian import base_forms
from termalign.lang.wordlists import stopwords
from termalign.model import Glossary

DEFAULT_NAME = "freedict-eng-ind"
_DICTD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_DICTD_VALUE = {c: i for i, c in enumerate(_DICTD_ALPHABET)}
_SENSE = re.compile(r"^\s*(\d+)\.\s*(.*)$")
_TRAILING_SENSE = re.compile(r"\s+\d+\.\s*$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_HEADER_POS = re.compile(r"<([^>]*)>\s*$")
# Parts of speech whose "translations" are affix fragments ("e, em-, eng-"), not words.
_SKIP_POS = frozenset({"suffix", "prefix", "affix", "infix", "interfix", "circumfix"})


class BilingualDictionary:
    """English word or phrase → set of Indonesian translations, with inflection-tolerant lookups.

    Build one from a mapping (``{"kidney": ["ginjal"]}``), a TSV word list, a dictd database or the shipped
    default; combine them with :meth:`merge` and :meth:`with_glossary`. Instances are treated as immutable
    once built (lookups are cached), so mutate only through the constructor-like methods.
    """

    def __init__(self, entries: Mapping[str, Iterable[str] | str] | None = None, *, name: str = "") -> None:
        self.name = name
        self._entries: dict[str, frozenset[str]] = {}
        if entries:
            for source, targets in entries.items():
                self._add(source, targets)
        self._reset_caches()

    # -- building -------------------------------------------------------------------------------------------
    def _add(self, source: str, targets: Iterable[str] | str) -> None:
        if isinstance(targets, str):
            targets = (targets,)  # {"stone": "batu"} means one translation, not five letters
        key = " ".join(source.lower().split())
        clean = {" ".join(t.split()) for t in targets}
        clean.discard("")
        if not key or not clean:
            return
        self._entries[key] = self._entries.get(key, frozenset()) | frozenset(clean)

    def _reset_caches(self) -> None:
        self._id_vocab: frozenset[str] | None = None
        self._phrase_lengths: dict[str, int] | None = None
        self._phrase_sizes: dict[str, tuple[int, ...]] | None = None
        self._lookup_cache: dict[str, frozenset[str]] = {}
        self._words_cache: dict[str, tuple[str, frozenset[str]]] = {}
        self._id_cache: dict[str, tuple[str, ...]] = {}
        self._head_keys: dict[str, frozenset[str]] = {}  # headword → its anchor keys (see anchor_keys)
        self._anchor_cache: dict[str, frozenset[str]] = {}

    def __getstate__(self) -> dict[str, object]:
        """What a pickle keeps (the user cache, a Dask worker's copy): the entries and what :meth:`compile` works
        out, not the caches of the words looked up so far."""
        state = dict(self.__dict__)
        for name in ("_lookup_cache", "_words_cache", "_id_cache", "_anchor_cache"):
            state[name] = {}
        return state

    def compile(self) -> BilingualDictionary:
        """Work out now, for every headword, what lookups would work out on first use: the Indonesian vocabulary,
        the phrase lengths and each headword's :meth:`anchor_keys`. Done once for the shipped dictionary, whose
        compiled form is kept in the user cache (:func:`load_default`). Returns the dictionary."""
        self.phrase_lengths()
        self.phrase_sizes()
        for head in self._entries:
            self._keys_of_head(head)
        return self

    def merge(self, other: BilingualDictionary) -> BilingualDictionary:
        """A new dictionary with the entries of both (translations of a shared headword are united)."""
        out = BilingualDictionary(name="+".join(n for n in (self.name, other.name) if n))
        for source, targets in (*self._entries.items(), *other._entries.items()):
            out._add(source, targets)
        out._reset_caches()
        return out

    def with_glossary(self, glossary: Glossary) -> BilingualDictionary:
        """A new dictionary with every English form of each glossary entry mapped to its accepted Indonesian forms.

        Forbidden forms are not added (they are what the glossary says must *not* be used).
        """
        extra = BilingualDictionary(name=glossary.name or "glossary")
        for entry in glossary.entries:
            for source in entry.sources:
                extra._add(source, entry.targets)
        extra._reset_caches()
        return self.merge(extra)

    # -- reading --------------------------------------------------------------------------------------------
    @classmethod
    def from_tsv(cls, path: str | os.PathLike[str], *, name: str | None = None) -> BilingualDictionary:
        """Read a TSV word list: ``english<TAB>indonesian`` per line.

        The Indonesian column may list alternatives separated by ``|``; further columns are ignored; a header
        line ``en<TAB>id`` (or ``source<TAB>target``) and ``#`` comment lines are skipped; a headword may
        repeat. Raises :class:`~termalign.errors.InputError` naming the line of a malformed row.
        """
        from termalign.textio import display_name, read_text

        text = read_text(path)
        return cls.from_tsv_text(text, name=name or os.path.basename(os.fspath(path)), file=display_name(path))

    @classmethod
    def from_tsv_text(cls, text: str, *, name: str = "", file: str | None = None) -> BilingualDictionary:
        """Parse TSV word-list text (see :meth:`from_tsv`)."""
        out = cls(name=name)
        first = True
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            is_first, first = first, False
            cols = line.split("\t")
            if len(cols) < 2:
                raise InputError(
                    "dictionary line has no tab-separated Indonesian column",
                    file=file,
                    line=lineno,
                    hint="write one 'english<TAB>indonesian' pair per line",
                )
            source, target = cols[0].strip(), cols[1].strip()
            if is_first and source.lower() in ("en", "english", "source") and target.lower() in (
                "id",
                "indonesian",
                "target",
            ):
                continue
            out._add(source, (t.strip() for t in target.split("|")))
        out._reset_caches()
        return out

    @classmethod
    def from_dictd(
        cls,
        index_path: str | os.PathLike[str],
        dict_path: str | os.PathLike[str] | None = None,
        *,
        name: str | None = None,
    ) -> BilingualDictionary:
        """Read a dictd database (``NAME.index`` + ``NAME.dict.dz`` or ``NAME.dict``) in FreeDict's layout.

        Each article is a header line (``word /pronunciation/ <pos>``) followed by senses: a line of
        comma-separated translations (numbered ``1.``, ``2.``… when there are several) and an English gloss
        line. Only the translation lines are kept; affix articles (``<suffix>``) are skipped.
        """
        entries: dict[str, set[str]] = {}
        for headword, pos, translations in read_dictd(index_path, dict_path):
            if pos in _SKIP_POS:
                continue
            entries.setdefault(headword, set()).update(translations)
        base = os.path.basename(os.fspath(index_path))
        return cls(entries, name=name or base.removesuffix(".index"))

    def to_tsv(self) -> str:
        """The dictionary as TSV text (``english<TAB>id1|id2``, headwords sorted), readable by :meth:`from_tsv`."""
        lines = [f"{source}\t{'|'.join(sorted(targets))}" for source, targets in sorted(self._entries.items())]
        return "\n".join(lines) + ("\n" if lines else "")

    # -- looking up -----------------------------------------------------------------------------------------
    def __len__(self) -> int:
        """Number of English headwords."""
        return len(self._entries)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.lookup(word))

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def items(self) -> Iterator[tuple[str, frozenset[str]]]:
        """``(english, translations)`` pairs, headwords sorted."""
        for key in sorted(self._entries):
            yield key, self._entries[key]

    @property
    def pair_count(self) -> int:
        """Number of (English, Indonesian) translation pairs."""
        return sum(len(t) for t in self._entries.values())

    def headword(self, word: str) -> str | None:
        """The headword ``word`` is looked up under (after lemmatisation), or ``None`` if unknown."""
        return self._translation_words(word)[0] or None

    def lookup(self, word: str) -> frozenset[str]:
        """Indonesian translations of an English ``word`` or phrase (case-insensitive, lightly lemmatised)."""
        cached = self._lookup_cache.get(word)
        if cached is not None:
            return cached
        result: frozenset[str] = frozenset()
        key = " ".join(word.lower().split())
        if key in self._entries:
            result = self._entries[key]
        elif " " not in key:
            for cand in lemmas(key)[1:]:
                if cand in self._entries:
                    result = self._entries[cand]
                    break
        self._lookup_cache[word] = result
        return result

    @property
    def headwords(self) -> Mapping[str, frozenset[str]]:
        """Headword (lower case, single-spaced) → translations, as stored: exact lookups without lemmatising."""
        return self._entries

    def phrase_lengths(self) -> dict[str, int]:
        """First word of each multi-word headword → the most words a headword starting with it has."""
        if self._phrase_lengths is None:
            out: dict[str, int] = {}
            for key in self._entries:
                if " " in key:
                    words = key.split()
                    out[words[0]] = max(out.get(words[0], 0), len(words))
            self._phrase_lengths = out
        return self._phrase_lengths

    def phrase_sizes(self) -> dict[str, tuple[int, ...]]:
        """First word of each multi-word headword → the numbers of words of the headwords starting with it,
        largest first (a phrase of any other size starting with that word is not a headword)."""
        if self._phrase_sizes is None:
            sizes: dict[str, set[int]] = {}
            for key in self._entries:
                if " " in key:
                    words = key.split()
                    sizes.setdefault(words[0], set()).add(len(words))
            self._phrase_sizes = {first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()}
        return self._phrase_sizes

    @property
    def id_vocabulary(self) -> frozenset[str]:
        """Every lower-cased Indonesian word that occurs in a translation."""
        if self._id_vocab is None:
            vocab: set[str] = set()
            for targets in self._entries.values():
                for target in targets:
                    vocab.update(w.lower() for w in _ID_WORD.findall(target))
            self._id_vocab = frozenset(vocab)
        return self._id_vocab

    def translation_words(self, word: str) -> frozenset[str]:
        """The Indonesian words (lower case) whose presence in a sentence signals a translation of ``word``.

        Translations are split into words; Indonesian function words are dropped unless they are the whole
        translation ("tidak" for "not" stays, "yang" in "yang lebih besar" goes).
        """
        return self._translation_words(word)[1]

    def _translation_words(self, word: str) -> tuple[str, frozenset[str]]:
        cached = self._words_cache.get(word)
        if cached is not None:
            return cached
        head = self._head(word)
        translations = self._entries[head] if head else frozenset()
        words: set[str] = set()
        stop = stopwords("id")
        for target in translations:
            toks = [w.lower() for w in _ID_WORD.findall(target)]
            content = [w for w in toks if w not in stop]
            words.update(content or toks)
        result = (head, frozenset(words))
        self._words_cache[word] = result
        return result

    def anchor_keys(self, word: str) -> frozenset[str]:
        """The aligner's dictionary keys of an English ``word`` (see :mod:`termalign.aligner.anchors`): ``"d"`` and
        each base of each of its :meth:`translation_words` that the dictionary knows (:meth:`indonesian_bases`),
        bases of three letters or less only as the word itself. An Indonesian word whose own
        :meth:`indonesian_bases` meet them translates ``word``."""
        cached = self._anchor_cache.get(word)
        if cached is None:
            head = self._head(word)
            cached = self._anchor_cache[word] = self._keys_of_head(head) if head else frozenset()
        return cached

    def _head(self, word: str) -> str:
        """The headword ``word`` is looked up under ("" if none): the word, or a phrase, as written, else its
        first lemma the dictionary has."""
        key = " ".join(word.lower().split())
        for cand in [key] if " " in key else lemmas(key):
            if cand in self._entries:
                return cand
        return ""

    def _keys_of_head(self, head: str) -> frozenset[str]:
        keys = self._head_keys.get(head)
        if keys is None:
            keys = self._head_keys[head] = frozenset(
                "d" + base for word in self._translation_words(head)[1] for base in self.indonesian_bases(word)
                if base == word or len(base) >= 4)
        return keys

    def indonesian_bases(self, word: str) -> tuple[str, ...]:
        """``word`` (lower case) and those of its affix-stripped bases that occur in the dictionary's vocabulary.

        ``"menyebabkan"`` → ``("menyebabkan", "sebab")`` when "sebab" is a translation somewhere; never a base
        the dictionary does not know, so general words are not corrupted.
        """
        cached = self._id_cache.get(word)
        if cached is not None:
            return cached
        lowered = word.lower()
        vocab = self.id_vocabulary
        result = tuple(dict.fromkeys([lowered, *(b for b in base_forms(lowered) if b in vocab)]))
        self._id_cache[word] = result
        return result

    def matches(self, english: str, indonesian: str) -> bool:
        """Whether the Indonesian word ``indonesian`` (any inflected form) translates the English ``english``."""
        words = self.translation_words(english)
        return bool(words) and any(b in words for b in self.indonesian_bases(indonesian))

    def __repr__(self) -> str:
        return f"BilingualDictionary(name={self.name!r}, entries={len(self)})"


# -- dictd ----------------------------------------------------------------------------------------------------
def _b64_number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _DICTD_VALUE[char]
    return value


def _open_dict_data(dict_path: str) -> bytes:
    with open(dict_path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":  # dictzip is gzip with random-access extras; gzip reads it whole
        return gzip.decompress(data)
    return data


def parse_dictd_article(article: str) -> tuple[str, list[str]]:
    """The part of speech and translations of one FreeDict dictd article.

    ``"house /haʊs/ <n>\\n1. balai, rumah\\nhuman abode\\n2. kandang\\nhome for animal"`` →
    ``("n", ["balai", "rumah", "kandang"])``. Parenthesised notes are removed; translations containing
    ``...`` (sentence templates) are dropped.
    """
    lines = article.split("\n")
    match = _HEADER_POS.search(lines[0]) if lines else None
    pos = match.group(1).strip() if match else ""
    translations: list[str] = []
    expect_translation = True
    for line in lines[1:]:
        sense = _SENSE.match(line)
        if sense:
            text = sense.group(2)
        elif expect_translation:
            text = line
        else:
            continue  # a gloss line
        expect_translation = False
        text = _TRAILING_SENSE.sub("", text)
        for raw in re.split(r"[,;]", _PARENS.sub("", text)):
            if "..." in raw or "…" in raw:
                continue  # a sentence template ("saya perlu ..."), not a translation
            part = " ".join(raw.replace("/", " ").replace("]", " ").split()).strip(" .!?")
            if part:
                translations.append(part)
    return pos, translations


def read_dictd(
    index_path: str | os.PathLike[str], dict_path: str | os.PathLike[str] | None = None
) -> Iterator[tuple[str, str, list[str]]]:
    """Yield ``(headword, pos, translations)`` for every article of a dictd database.

    ``dict_path`` defaults to the index's name with ``.dict.dz`` (or ``.dict``). Metadata articles
    (``00database…``) are skipped. Raises :class:`~termalign.errors.InputError` for unreadable or malformed files.
    """
    index_path = os.fspath(index_path)
    if dict_path is None:
        stem = index_path.removesuffix(".index")
        dict_path = stem + ".dict.dz" if os.path.exists(stem + ".dict.dz") else stem + ".dict"
    dict_path = os.fspath(dict_path)
    try:
        with open(index_path, encoding="utf-8") as handle:
            index_lines = handle.read().splitlines()
        data = _open_dict_data(dict_path)
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read dictd database: {exc}", file=index_path, hint="pass NAME.index beside "
                         "NAME.dict.dz, as installed under /usr/share/dictd/") from exc
    for lineno, line in enumerate(index_lines, 1):
        cols = line.split("\t")
        if len(cols) < 3:
            raise InputError("malformed dictd index line", file=index_path, line=lineno)
        headword = cols[0]
        if headword.startswith(("00database", "00-database")):
            continue
        try:
            offset, length = _b64_number(cols[1]), _b64_number(cols[2])
        except KeyError as exc:
            raise InputError("malformed dictd index offset", file=index_path, line=lineno) from exc
        article = data[offset : offset + length].decode("utf-8", errors="replace")
        pos, translations = parse_dictd_article(article)
        if translations and "..." not in headword:
            yield headword, pos, translations


# -- the shipped dictionary -----------------------------------------------------------------------------------
#: The modules whose rules shape a compiled dictionary (its keys, bases and lemmas): part of its cache key.
_COMPILED_BY = ("termalign.aligner.lexicon", "termalign.lang.english", "termalign.lang.indonesian",
                "termalign.lang.base", "termalign.lang.wordlists")


@lru_cache(maxsize=1)
def load_default() -> BilingualDictionary:
    """The shipped FreeDict eng-ind word list (CC BY-SA 3.0; see ``termalign/data/dictionary/README.md``).

    Compiled (:meth:`BilingualDictionary.compile`) and kept in the user cache (:mod:`termalign.cache`), keyed by
    the list's content, the Indonesian stopwords and the rules' code: a later process reads the compiled form
    instead of parsing the list and working out each headword's keys again (about 0.15 s of an align run).
    """
    from termalign import cache

    folder = resources.files("termalign.data")
    data = folder.joinpath("dictionary").joinpath(f"{DEFAULT_NAME}.tsv").read_bytes()
    stop = folder.joinpath("stopwords_id.txt").read_bytes()
    key = cache.full_key("dictionary", hashlib.sha256(data + b"\0" + stop).hexdigest(),
                         cache.code_identity(*_COMPILED_BY))
    got = cache.load("dictionary", key)
    if isinstance(got, BilingualDictionary):
        return got
    dictionary = BilingualDictionary.from_tsv_text(data.decode("utf-8"), name=DEFAULT_NAME,
                                                   file=f"{DEFAULT_NAME}.tsv")
    if cache.enabled():
        cache.store("dictionary", key, dictionary.compile())
    return dictionary


def load(
    spec: str | os.PathLike[str] | BilingualDictionary | Mapping[str, Iterable[str]] | None,
) -> BilingualDictionary | None:
    """Resolve a user's dictionary argument: ``None``/``"default"`` → shipped, ``"none"`` → no dictionary,
    a ``.index`` path → dictd, any other path → TSV word list, a mapping → a dictionary of it, an instance →
    itself."""
    if isinstance(spec, BilingualDictionary):
        return spec
    if isinstance(spec, Mapping):
        return BilingualDictionary(spec, name="custom")
    if spec is None or spec == "default":
        return load_default()
    if spec == "none":
        return None
    path = os.fspath(spec)
    if path.endswith(".index"):
        return BilingualDictionary.from_dictd(path)
    return BilingualDictionary.from_tsv(path)
