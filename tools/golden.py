"""Golden outputs: the JSON that ``align``, ``terms`` and ``check`` print today, recorded so a refactoring that
changes any of it is caught (``tests/test_golden.py``).

    python tools/golden.py            # compare every case with the recorded output; exit 1 on a difference
    python tools/golden.py --write    # re-record the golden file (and the example outputs)

Only run ``--write`` for a deliberate, documented output change: a commit that changes what a command prints says
why in its message, and re-records the golden data in the same commit. Never run it to make a failing golden test
pass after a change that was meant to keep the output the same: that failure is the bug.

Each case runs the real CLI in-process (its entry point ``termalign.cli.main``, ``-o`` into a temporary folder,
the inputs passed by bare file name from their own folder so no machine path enters the output) with deterministic
options (one job, the shipped dictionary and glossaries). Three groups:

* ``examples``: the files in ``examples/``. Their outputs are stored whole under ``tests/data/golden/examples/``,
  so a difference shows as a readable diff.
* ``seeds``: the real pages in ``../shared/seeds`` (``$TERMALIGN_SHARED/seeds`` when set; outside the project).
  Only a sha256 of each output is stored: the seed texts must not be copied into the repository, and the outputs
  quote them.
* ``ted``: slices of the four IWSLT17 TED test sets in ``../shared/corpora/iwslt17-ted-en-id`` (CC BY-NC-ND, never
  copied into the repository), unpacked at run time into a cache folder. Only sha256 digests are stored.

A group whose data is absent is skipped (the test says so); the golden file keeps its entries.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from termalign.cli import main  # noqa: E402
from tools.robustness_cases import _inside  # noqa: E402  (chdir for the run, restored after)

EXAMPLES = ROOT / "examples"
# ../shared beside the checkout; TERMALIGN_SHARED points elsewhere (e.g. from a git worktree).
SHARED = Path(os.environ.get("TERMALIGN_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
TED_DIR = SHARED / "corpora" / "iwslt17-ted-en-id"
TED_SETS = ("tst2010", "tst2011", "tst2013", "tst2014")
# Slices of each TED set: (first line, line count). The talk boundaries were stripped from the files, so a slice
# stands in for a document; two per set, small enough to keep the whole golden test well under 20 s.
TED_SLICES = ((0, 40), (400, 40))
GOLDEN_DIR = ROOT / "tests" / "data" / "golden"
GOLDEN_FILE = GOLDEN_DIR / "golden.json"
OUTPUT = "out.json"


@dataclass(frozen=True)
class Case:
    """One CLI run. ``inputs`` maps the bare file names the arguments use to where the files come from."""

    name: str
    group: str  # "examples", "seeds" or "ted"
    args: tuple[str, ...]
    inputs: dict[str, Path] = field(default_factory=dict, hash=False)

    @property
    def stored_whole(self) -> bool:
        """Whether the output itself is kept in the repository (only for our own example texts)."""
        return self.group == "examples"

    @property
    def stored_path(self) -> Path:
        return GOLDEN_DIR / "examples" / f"{self.name}.json"


def _example_case(name: str, *args: str) -> Case:
    files = {a: EXAMPLES / a for a in args if (EXAMPLES / a).is_file()}
    return Case(name, "examples", tuple(args), files)


EXAMPLE_CASES: tuple[Case, ...] = (
    _example_case("align-kidney-stones", "align", "kidney-stones.en.txt", "kidney-stones.id.txt", "-f", "json"),
    _example_case("align-kidney-stones-revised", "align", "kidney-stones.en.txt", "kidney-stones.revised.id.txt",
                  "-f", "json"),
    _example_case("align-phleboliths", "align", "phleboliths.en.txt", "phleboliths.id.txt", "-f", "json"),
    _example_case("align-phleboliths-glossary", "align", "phleboliths.en.txt", "phleboliths.id.txt",
                  "--glossary", "medical", "-f", "json"),
    _example_case("terms-kidney-stones", "terms", "kidney-stones.en.txt", "kidney-stones.id.txt", "-f", "json"),
    _example_case("terms-kidney-stones-glossary", "terms", "kidney-stones.en.txt", "kidney-stones.id.txt",
                  "--glossary", "kidney-stones.glossary.tsv", "-f", "json"),
    _example_case("terms-phleboliths", "terms", "phleboliths.en.txt", "phleboliths.id.txt", "-f", "json"),
    _example_case("check-phleboliths-pair", "check", "--source", "phleboliths.en.txt",
                  "--target", "phleboliths.id.txt", "-f", "json"),
    _example_case("check-phleboliths-id", "check", "--lang", "id", "phleboliths.id.txt", "-f", "json"),
    _example_case("check-kidney-stones-pair", "check", "--glossary", "medical", "--glossary",
                  "kidney-stones.glossary.tsv", "--source", "kidney-stones.en.txt", "--target",
                  "kidney-stones.id.txt", "-f", "json"),
    _example_case("check-notes-po", "check", "--glossary", "software", "notes.id.po", "-f", "json"),
    _example_case("check-notes-po-fuzzy", "check", "--glossary", "software", "--include-fuzzy", "notes.id.po",
                  "-f", "json"),
)


def _seed(prefix: str) -> tuple[str, Path]:
    """The bare name and path of the seed page whose name starts with ``prefix`` (a placeholder when absent)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    path = matches[0] if matches else SEEDS / f"{prefix}_missing.txt"
    return f"seed{prefix}.txt", path


def _seed_case(name: str, *args: str) -> Case:
    inputs = dict(_seed(a[4:7]) for a in args if a.startswith("seed"))
    return Case(name, "seeds", tuple(args), inputs)


SEED_CASES: tuple[Case, ...] = (
    _seed_case("seeds-align-000-002", "align", "seed000.txt", "seed002.txt", "-f", "json"),
    _seed_case("seeds-terms-000-002", "terms", "seed000.txt", "seed002.txt", "-f", "json"),
    _seed_case("seeds-check-000-002-pair", "check", "--source", "seed000.txt", "--target", "seed002.txt",
               "-f", "json"),
    _seed_case("seeds-check-000-en", "check", "--lang", "en", "seed000.txt", "-f", "json"),
    _seed_case("seeds-check-001-en", "check", "--lang", "en", "seed001.txt", "-f", "json"),
    _seed_case("seeds-check-002-id", "check", "--lang", "id", "seed002.txt", "-f", "json"),
    # 003 and 004 are other articles on the topic, not translations: refused without --allow-nonparallel
    # (tests/test_pipeline.py); with it, only the confident links are kept.
    _seed_case("seeds-align-003-002", "align", "seed003.txt", "seed002.txt", "-f", "json", "--allow-nonparallel"),
    _seed_case("seeds-align-004-002", "align", "seed004.txt", "seed002.txt", "-f", "json", "--allow-nonparallel"),
    _seed_case("seeds-terms-003-002", "terms", "seed003.txt", "seed002.txt", "-f", "json", "--allow-nonparallel"),
    _seed_case("seeds-terms-004-002", "terms", "seed004.txt", "seed002.txt", "-f", "json", "--allow-nonparallel"),
)


def _ted_cases() -> tuple[Case, ...]:
    cases: list[Case] = []
    for name in TED_SETS:
        for start, count in TED_SLICES:
            stem = f"{name}-{start}"
            en, id_ = f"{stem}.en.txt", f"{stem}.id.txt"
            # Paths are resolved by ted_inputs() into the cache; here they only name the slice.
            inputs = {en: Path(f"ted:{name}:en:{start}:{count}"), id_: Path(f"ted:{name}:id:{start}:{count}")}
            cases.append(Case(f"ted-align-{stem}", "ted", ("align", "--segmented", en, id_, "-f", "json"), inputs))
            cases.append(Case(f"ted-terms-{stem}", "ted", ("terms", "--segmented", en, id_, "-f", "json"), inputs))
            cases.append(Case(f"ted-check-{stem}", "ted", ("check", "--source", en, "--target", id_, "-f", "json"),
                              inputs))
    return tuple(cases)


TED_CASES = _ted_cases()
CASES: tuple[Case, ...] = EXAMPLE_CASES + SEED_CASES + TED_CASES


def missing_data(group: str) -> str | None:
    """Why the cases of ``group`` cannot run here, or None when their data is present."""
    if group == "seeds":
        absent = sorted({name[4:7] for case in SEED_CASES for name, path in case.inputs.items() if not path.is_file()})
        return f"seed pages {', '.join(absent)} not available in {SEEDS} (outside the project)" if absent else None
    if group == "ted":
        absent = [n for n in TED_SETS if not (TED_DIR / f"IWSLT17.TED.{n}.en-id.tgz").is_file()]
        return f"TED test sets {', '.join(absent)} not available in {TED_DIR} (outside the project)" if absent else None
    return None


def _ted_cache() -> Path:
    """The folder the TED archives are unpacked into (``TERMALIGN_GOLDEN_CACHE`` or one under the temp folder)."""
    folder = os.environ.get("TERMALIGN_GOLDEN_CACHE")
    return Path(folder) if folder else Path(tempfile.gettempdir()) / f"termalign-golden-{os.getuid()}"


def _ted_lines(name: str, lang: str) -> list[str]:
    """The lines of one side of a TED set, unpacked once into the cache folder (outside the repository)."""
    cache = _ted_cache() / name
    target = cache / f"IWSLT17.TED.{name}.en-id.{lang}"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(TED_DIR / f"IWSLT17.TED.{name}.en-id.tgz") as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.endswith((".en", ".id")):
                    source = tar.extractfile(member)
                    assert source is not None
                    part = cache / (Path(member.name).name + ".part")
                    part.write_bytes(source.read())
                    part.replace(cache / Path(member.name).name)  # atomic: a killed run leaves no half file
    return target.read_text(encoding="utf-8").splitlines()


def _materialise(source: Path, destination: Path) -> None:
    """Copy one input of a case into the run folder (a TED slice is cut from its unpacked set)."""
    spec = str(source)
    if spec.startswith("ted:"):
        _, name, lang, start, count = spec.split(":")
        lines = _ted_lines(name, lang)[int(start):int(start) + int(count)]
        destination.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        shutil.copyfile(source, destination)


def run_case(case: Case) -> tuple[int, bytes]:
    """Run ``case`` through the CLI in-process; its exit status and the bytes it wrote to ``-o``."""
    with tempfile.TemporaryDirectory(prefix="termalign-golden-") as tmp:
        folder = Path(tmp)
        for name, source in case.inputs.items():
            _materialise(source, folder / name)
        messages = io.StringIO()
        exit_code: int | str | None = 0
        with _inside(folder), redirect_stdout(messages), redirect_stderr(messages):
            try:
                main([*case.args, "--quiet", "-o", OUTPUT])
            except SystemExit as exc:  # the entry point always exits: its status is part of the golden record
                exit_code = exc.code
        if not isinstance(exit_code, int):
            exit_code = 0 if exit_code is None else 1
        output = folder / OUTPUT
        if not output.is_file():
            raise AssertionError(f"{case.name}: exit {exit_code}, no output written; {messages.getvalue()}")
        return exit_code, output.read_bytes()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_golden() -> dict[str, dict[str, object]]:
    """The recorded entries: case name → {"exit": status, "sha256": digest of the output}."""
    if not GOLDEN_FILE.is_file():
        return {}
    recorded: dict[str, dict[str, object]] = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["cases"]
    return recorded


def difference(case: Case, exit_code: int, output: bytes, recorded: dict[str, dict[str, object]]) -> str | None:
    """What differs between a run and the record, or None when nothing does."""
    entry = recorded.get(case.name)
    if entry is None:
        return f"{case.name}: no golden entry (run tools/golden.py --write for a new case)"
    problems = []
    if entry["exit"] != exit_code:
        problems.append(f"exit status {exit_code}, recorded {entry['exit']}")
    if entry["sha256"] != digest(output):
        problems.append("output differs from the recorded one"
                        + (f" ({case.stored_path.relative_to(ROOT)})" if case.stored_whole else " (sha256)"))
    return f"{case.name} ({' '.join(case.args)}): {'; '.join(problems)}" if problems else None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)


def write(cases: Sequence[Case]) -> list[str]:
    """Re-record every case whose data is present (entries of absent groups are kept); the skipped groups."""
    recorded = load_golden()
    skipped: list[str] = []
    for case in cases:
        reason = missing_data(case.group)
        if reason:
            if reason not in skipped:
                skipped.append(reason)
            continue
        exit_code, output = run_case(case)
        recorded[case.name] = {"exit": exit_code, "sha256": digest(output)}
        if case.stored_whole:
            _write_atomically(case.stored_path, output)
    known = {case.name for case in cases}
    body = {
        "about": "Golden outputs of align/terms/check JSON; regenerate only with tools/golden.py --write for a "
                 "deliberate, documented output change.",
        "cases": {name: recorded[name] for name in sorted(recorded) if name in known},
    }
    _write_atomically(GOLDEN_FILE, (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return skipped


def main_(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true",
                        help="re-record the golden outputs (only for a deliberate, documented output change)")
    args = parser.parse_args(argv)
    if args.write:
        for skipped in write(CASES):
            print(f"skipped: {skipped}", file=sys.stderr)
        print(f"wrote {GOLDEN_FILE.relative_to(ROOT)}")
        return 0
    recorded = load_golden()
    failures = 0
    for case in CASES:
        if missing_data(case.group):
            continue
        problem = difference(case, *run_case(case), recorded)
        if problem:
            failures += 1
            print(problem)
    print(f"{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main_())
