"""``termalign terms --save-stats`` / ``--from-stats``: term extraction as batch jobs, one round at a time.

Term extraction is five map rounds, each followed by a merge (:mod:`termalign.terms.stats`). As batch jobs:
each shard (``--aligned DIR --shard I/N``) writes its statistics of a round with ``--save-stats``; ``--from-stats``
merges every shard's file of the round and writes the model for the next round (``--save-stats MODEL``), which
the shards then read with ``--stats-model MODEL``. After the last round ``--from-stats`` writes the term pairs,
the same bytes as one ``termalign terms --aligned DIR`` would. ``docs/scale.md`` has the loop.

The files say which round, options and inputs they belong to; a file of another round, made with other options
(glossaries, dictionaries, thresholds, checks) or over another input list, a missing or doubled shard, a damaged
file or one of another format version stops the merge with exit status 2, naming the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from termalign import __version__
from termalign.aligner.lexicon import BilingualDictionary
from termalign.cli.common import emit, info
from termalign.errors import InputError
from termalign.model import Glossary, TermPair
from termalign.textio import display_name, read_bytes

if TYPE_CHECKING:
    from termalign.model import Alignment
    from termalign.terms.stats import DocKey, Settings


@dataclass(frozen=True)
class TermOptions:
    """The options of a ``terms`` run that decide its statistics (and the output's ``settings``)."""

    glossaries: tuple[str, ...]
    dictionaries: tuple[str, ...]
    min_score: float
    min_termhood: float
    min_count: int
    checks: bool

    def fingerprint(self) -> str:
        """SHA-256 of the options with each glossary and dictionary file's content (a shipped name as itself)."""
        def content(name: str) -> str:
            try:
                return hashlib.sha256(read_bytes(name, binary=True)).hexdigest()
            except (InputError, OSError):
                return name  # a shipped glossary or dictionary name

        doc = {"version": __version__, "glossaries": [content(g) for g in self.glossaries],
               "dictionaries": [content(d) for d in self.dictionaries], "min_score": self.min_score,
               "min_termhood": self.min_termhood, "min_count": self.min_count, "checks": self.checks}
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()

    def settings(self, glossary: Glossary | None,
                 dictionary: BilingualDictionary | Mapping[str, Iterable[str]] | None) -> Settings:
        """The resolved settings of the extraction (:func:`termalign.terms.term_settings`)."""
        from termalign.terms import term_settings

        return term_settings(glossary=glossary, dictionary=dictionary, min_score=self.min_score,
                             min_termhood=self.min_termhood, min_count=self.min_count, qa=self.checks)




def _inputs_fingerprint(names: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()


def _read_model(path: str, options: TermOptions) -> tuple[dict[str, Any], Any]:
    from termalign.terms.statsfile import loads

    name = display_name(path)
    header, model = loads(read_bytes(path, binary=True), name)
    if header["kind"] != "model":
        raise InputError("this is a shard's statistics, not a model", file=name,
                         hint="merge the shards' files first: termalign terms --from-stats ... --save-stats MODEL")
    if header.get("settings") != options.fingerprint():
        raise InputError("the model was made with other options (glossaries, dictionaries, thresholds or checks)",
                         file=name)
    from termalign.terms.stats import Model

    if not isinstance(model, Model):
        raise InputError("term statistics file with a damaged payload (not a model)", file=name)
    return header, model


def read_docs(paths: Sequence[str], numbers: Sequence[int], **options: Any) -> list[tuple[DocKey, Alignment]]:
    """The documents of the aligned files ``paths`` (a shard of the input list: ``numbers`` are the files' places
    in it), keyed as :class:`~termalign.terms.stats.FileSource` keys them. Every file is read before giving up:
    each bad one is reported, then an :class:`InputError` stops the command (nothing written)."""
    from termalign.terms.stats import FileSource

    docs: list[tuple[DocKey, Alignment]] = []
    bad = 0
    for number, path in zip(numbers, paths, strict=True):
        try:
            docs += FileSource(number, path, tuple(sorted(options.items()))).docs()
        except InputError as err:
            if len(paths) == 1:
                raise
            bad += 1
            click.echo(f"termalign: error: {err}", err=True)
    if bad:
        raise InputError(f"{bad} of {len(paths)} aligned inputs could not be read (see above); nothing written")
    return docs


def save_shard_stats(
    paths: Sequence[str], shard: tuple[int, int] | None, stats_model: str | None, save_stats: str,
    options: TermOptions, glossary: Glossary | None, dictionary: BilingualDictionary | None, *, force: bool,
    read: Sequence[str], **read_options: Any,
) -> None:
    """Run one round's map over this shard's documents and write its statistics to ``save_stats``."""
    from termalign.formats.inputs_walk import file_size, shard_slice
    from termalign.terms.stats import MAPS, ROUNDS, Doc, Static
    from termalign.terms.statsfile import dumps

    names = [display_name(p) for p in paths]
    index, count = shard or (1, 1)
    model = None
    round_name = ROUNDS[0]
    inputs = list(read)
    if stats_model is not None:
        header, model = _read_model(stats_model, options)
        if header.get("inputs") != _inputs_fingerprint(names):
            raise InputError("the model was made over another list of inputs", file=display_name(stats_model))
        if header.get("shards") != count:
            raise InputError(f"the model was made from {header.get('shards')} shards, not {count}",
                             file=display_name(stats_model))
        round_name = model.next
        inputs.append(stats_model)
    numbered = list(enumerate(paths))
    mine = shard_slice(numbered, index, count, weight=lambda item: file_size(item[1]))
    docs = read_docs([p for _, p in mine], numbers=[n for n, _ in mine], **read_options) if mine else []
    static = Static(options.settings(glossary, dictionary))
    fn = MAPS[round_name]
    work = [Doc(key, alignment) for key, alignment in docs]
    stats = fn(static, work) if model is None else fn(static, model, work)
    header = {"kind": "part", "round": round_name, "settings": options.fingerprint(),
              "inputs": _inputs_fingerprint(names), "input_names": names, "shard": [index, count]}
    emit(dumps(header, stats), save_stats, force=force, inputs=inputs)
    step = ROUNDS.index(round_name) + 1
    info(f"wrote {save_stats}: round {step} of {len(ROUNDS)} ({round_name}) over {len(docs)} documents "
         f"(shard {index}/{count}); merge the shards' files with --from-stats")


def merge_stats(
    files: Sequence[str], stats_model: str | None, save_stats: str | None, options: TermOptions,
    glossary: Glossary | None, dictionary: BilingualDictionary | None, *, force: bool, inputs: Sequence[str],
) -> tuple[list[TermPair], int, list[str], tuple[str, str]] | None:
    """Merge every shard's statistics of one round. Before the last round, write the next model to
    ``save_stats`` and return None; after it, return ``(pairs, linked beads, input names, languages)``."""
    from termalign.terms import drafted
    from termalign.terms.stats import ROUND_STATS, ROUNDS, Model, Static, advance
    from termalign.terms.statsfile import dumps, loads

    fingerprint = options.fingerprint()
    parts: list[tuple[str, dict[str, Any], Any]] = []
    for path in files:
        name = display_name(path)
        header, payload = loads(read_bytes(path, binary=True), name)
        if header["kind"] != "part":
            raise InputError("this is a model, not a shard's statistics", file=name,
                             hint="give it with --stats-model, and the shards' files with --from-stats")
        if header.get("settings") != fingerprint:
            raise InputError("these statistics were made with other options (glossaries, dictionaries, "
                             "thresholds or checks) than this command's", file=name)
        shard = header.get("shard")
        if (not isinstance(payload, ROUND_STATS.get(header["round"], ())) or not isinstance(shard, list)
                or len(shard) != 2 or not all(isinstance(k, int) and k >= 1 for k in shard) or shard[0] > shard[1]):
            raise InputError("term statistics file with a damaged payload (not the statistics of its round and "
                             "shard)", file=name)
        first = parts[0][1] if parts else header
        for what in ("round", "inputs"):
            if header.get(what) != first.get(what):
                raise InputError(f"these statistics are of another {what} than {parts[0][0]}'s", file=name)
        parts.append((name, header, payload))
    round_name = parts[0][1]["round"]
    count = parts[0][1]["shard"][1]
    shards: dict[int, str] = {}
    for name, header, _ in parts:
        index, n = header["shard"]
        if n != count or index in shards:
            raise InputError(f"shard {index}/{n} is given twice or does not fit shard .../{count}", file=name)
        shards[index] = name
    missing = [str(i) for i in range(1, count + 1) if i not in shards]
    if missing:
        raise InputError(f"the statistics of shard {', '.join(missing)} of {count} are missing (round "
                         f"{round_name})", file=parts[0][0])
    model: Model | None = None
    if round_name != ROUNDS[0]:
        if stats_model is None:
            raise click.UsageError(f"the statistics are of round {round_name}: give the model they were made with "
                                   "(--stats-model FILE)")
        header, model = _read_model(stats_model, options)
        if model.next != round_name or header.get("inputs") != parts[0][1]["inputs"]:
            raise InputError(f"the model is for round {model.next} over its inputs, not these statistics of round "
                             f"{round_name}", file=display_name(stats_model))
    merged = None
    for name, _, payload in parts:
        try:
            if merged is None:
                merged = payload
            else:
                merged.merge(payload)
        except (ValueError, AttributeError, TypeError) as exc:
            raise InputError(f"cannot merge these statistics: {exc}", file=name) from None
    static = Static(options.settings(glossary, dictionary))
    got = advance(static, model, round_name, merged)
    names = parts[0][1]["input_names"]
    if isinstance(got, list):
        assert model is not None  # the pairs come after the first round
        counts = model.counts
        langs = counts.langs[min(counts.langs)] if counts.langs else ("en", "id")
        return drafted(got), counts.linked, names, langs
    if save_stats is None:
        raise click.UsageError(f"round {round_name} merged: write the model for the next round with --save-stats "
                               "FILE, then run each shard again with --stats-model FILE")
    header = {"kind": "model", "round": got.next, "settings": fingerprint, "inputs": parts[0][1]["inputs"],
              "shards": count}
    emit(dumps(header, got), save_stats, force=force, inputs=inputs)
    step = ROUNDS.index(got.next) + 1
    info(f"wrote {save_stats}: the model for round {step} of {len(ROUNDS)} ({got.next}); run each shard with "
         f"--stats-model {save_stats} --save-stats FILE")
    return None
