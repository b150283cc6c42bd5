"""Shared machinery of the fuzz targets: byte mutations, the seed corpus, and a runner with or without atheris.

Each ``fuzz_<parser>.py`` defines ``target(data: bytes) -> None``: it feeds the bytes to a public reader of
termalign and checks what must hold whatever the input. A reader may refuse input only with
:class:`~termalign.errors.InputError` (which the CLI shows as ``file:line: message``, exit 2); any other
exception, or a broken invariant (an accepted file that does not read back the same after writing), is a bug.

Run a target for a bounded time::

    python -m tests.fuzz.fuzz_po --seconds 300          # atheris (coverage-guided) when installed
    python -m tests.fuzz.fuzz_po --seconds 300 --random # seeded random mutations of the seed corpus

Both start from ``tests/fuzz_corpus/<parser>/`` and print how many inputs were tried. ``tests/test_fuzz.py``
runs every target over its seed corpus plus a bounded number of hypothesis-mutated inputs on every test run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

CORPUS_ROOT = Path(__file__).resolve().parent.parent / "fuzz_corpus"
MAX_INPUT = 64 * 1024  # larger inputs test speed, not parsing; the benchmarks cover size

# Mutation operations: (name, position, payload) applied in order to a seed.
Op = tuple[str, int, bytes]
OPS = ("flip", "insert", "delete", "replace", "duplicate", "splice", "token")


def corpus(parser: str) -> list[bytes]:
    """The seed inputs of a parser (sorted by file name, so runs are reproducible)."""
    folder = CORPUS_ROOT / parser
    return [path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()]


def mutate(seed: bytes, ops: Sequence[Op], tokens: Sequence[bytes], other: bytes = b"") -> bytes:
    """``seed`` changed by ``ops``: bit flips, insertions/deletions, duplicated spans, format tokens, splices."""
    data = bytearray(seed)
    for name, position, payload in ops:
        at = position % (len(data) + 1)
        if name == "flip" and data:
            data[at % len(data)] ^= 1 << (position % 8)
        elif name == "insert":
            data[at:at] = payload
        elif name == "delete":
            del data[at : at + 1 + len(payload)]
        elif name == "replace":
            data[at : at + len(payload)] = payload
        elif name == "duplicate":
            data[at:at] = data[at : at + 1 + 4 * len(payload)]
        elif name == "splice" and other:
            cut = position % (len(other) + 1)
            data = data[:at] + bytearray(other[cut:])
        elif name == "token" and tokens:
            data[at:at] = tokens[position % len(tokens)]
    return bytes(data[:MAX_INPUT])


def random_ops(rng: random.Random) -> list[Op]:
    """A few random mutation operations (the runner's mutator without atheris)."""
    return [(rng.choice(OPS), rng.randrange(1 << 20), rng.randbytes(rng.randrange(0, 9)))
            for _ in range(rng.randrange(1, 9))]


def main(parser: str, target: Callable[[bytes], None], tokens: Sequence[bytes],
         argv: Sequence[str] | None = None) -> int:
    """Command-line runner of one target (see the module docstring). Exits 1 on the first crash."""
    args = argparse.ArgumentParser(description=f"fuzz the {parser} reader")
    args.add_argument("--seconds", type=float, default=60.0, help="time budget")
    args.add_argument("--random", action="store_true", help="random mutations even when atheris is installed")
    args.add_argument("--seed", type=int, default=0, help="seed of the random mutator")
    options, rest = args.parse_known_args(argv)
    seeds = corpus(parser)
    for data in seeds:
        target(data)
    if not options.random:
        try:
            import atheris
        except ImportError:
            print("atheris not installed: using seeded random mutations", file=sys.stderr)
        else:
            return _atheris(atheris, parser, target, options.seconds, rest)
    rng = random.Random(options.seed)
    tried, start = 0, time.monotonic()
    while time.monotonic() - start < options.seconds:
        data = mutate(rng.choice(seeds), random_ops(rng), tokens, rng.choice(seeds))
        try:
            target(data)
        except Exception:
            print(f"CRASH after {tried} inputs; input: {data!r}", file=sys.stderr)
            raise
        tried += 1
    print(f"{parser}: {tried} inputs in {time.monotonic() - start:.0f} s (random mutations, seed {options.seed}),"
          " no crash")
    return 0


def _atheris(atheris: object, parser: str, target: Callable[[bytes], None], seconds: float,
             rest: Sequence[str]) -> int:
    """Coverage-guided fuzzing with libFuzzer; the seed corpus folder is copied so it is never written to."""
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{parser}-"))
    shutil.copytree(CORPUS_ROOT / parser, work / "corpus")
    flags = [sys.argv[0], str(work / "corpus"), f"-max_total_time={int(seconds)}", f"-max_len={MAX_INPUT}",
             "-print_final_stats=1", "-timeout=20", "-rss_limit_mb=4096", f"-artifact_prefix={work}/", *rest]
    atheris.instrument_all()  # type: ignore[attr-defined]  # coverage of termalign (already imported)
    atheris.Setup(flags, target)  # type: ignore[attr-defined]
    atheris.Fuzz()  # type: ignore[attr-defined]
    return 0
