"""Shared benchmark helpers: the TED evaluation corpus, isolated time/memory measurement, Markdown output.

Measurement runs each tool in a fresh Python subprocess (:func:`run_isolated`) so that one tool's imports,
caches and peak memory never show up in another tool's numbers. The subprocess reports its own peak resident
set size (Linux ``VmHWM``, else ``ru_maxrss``: what the operating system saw, so memory allocated by Rust/C
extensions counts too, unlike ``tracemalloc``) and the best wall-clock time over a few runs.

This file is also the worker: ``python benchmarks/common.py --worker JOB.json`` (called by
:func:`run_isolated`, not by people).
"""

from __future__ import annotations

import importlib
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Where the IWSLT17 TED EN–ID test sets live (outside the project: CC BY-NC-ND, evaluation only).
#: Override with the environment variable ``TERMALIGN_TED_DIR``.
DEFAULT_TED_DIR = REPO_ROOT.parent / "shared" / "corpora" / "iwslt17-ted-en-id"
TED_SETS = ("tst2010", "tst2011", "tst2013", "tst2014")

_RESULT_MARK = "BENCH-RESULT "


def log(message: str) -> None:
    """Progress for the person running the benchmark: stderr, so stdout stays clean Markdown."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class ParallelDoc:
    """One line-parallel document pair: ``source[i]`` (English) translates to ``target[i]`` (Indonesian)."""

    name: str
    source: list[str]
    target: list[str]

    def head(self, n: int | None) -> ParallelDoc:
        """The first ``n`` pairs (all of them when ``n`` is None)."""
        if n is None:
            return self
        return ParallelDoc(self.name, self.source[:n], self.target[:n])


def ted_dir() -> Path:
    """The folder holding the TED ``*.tgz`` archives (``TERMALIGN_TED_DIR`` or the shared default)."""
    return Path(os.environ.get("TERMALIGN_TED_DIR", DEFAULT_TED_DIR))


def load_ted(folder: Path | None = None) -> list[ParallelDoc]:
    """Read the four IWSLT17 TED EN–ID test sets as document pairs, or ``[]`` when the folder is absent.

    The archives are read in memory at run time: nothing is extracted into the project (the licence forbids
    redistributing the text). Raises ``ValueError`` if an archive's two sides differ in line count.
    """
    folder = folder or ted_dir()
    docs: list[ParallelDoc] = []
    if not folder.is_dir():
        return docs
    for name in TED_SETS:
        archive = folder / f"IWSLT17.TED.{name}.en-id.tgz"
        if not archive.is_file():
            continue
        sides: dict[str, list[str]] = {}
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                suffix = member.name.rsplit(".", 1)[-1]
                if member.isfile() and suffix in ("en", "id"):
                    handle = tar.extractfile(member)
                    assert handle is not None  # isfile() members always have a payload
                    text = io.TextIOWrapper(handle, encoding="utf-8").read()
                    sides[suffix] = [line.strip() for line in text.splitlines()]
        if set(sides) != {"en", "id"}:
            raise ValueError(f"{archive}: expected one .en and one .id file")
        if len(sides["en"]) != len(sides["id"]):
            raise ValueError(f"{archive}: {len(sides['en'])} English vs {len(sides['id'])} Indonesian lines")
        docs.append(ParallelDoc(name, sides["en"], sides["id"]))
    return docs


def cycle_pairs(docs: Sequence[ParallelDoc], n: int) -> ParallelDoc:
    """A document pair of exactly ``n`` sentence pairs: the documents concatenated, repeated as needed."""
    src = [s for d in docs for s in d.source]
    tgt = [t for d in docs for t in d.target]
    if not src:
        raise ValueError("no sentence pairs to build from")
    reps = -(-n // len(src))
    return ParallelDoc(f"ted-{n}", (src * reps)[:n], (tgt * reps)[:n])


# --------------------------------------------------------------------------------------- measurement


@dataclass
class Measurement:
    """What one isolated run measured.

    ``wall_s`` is the best wall-clock time over ``runs`` calls and ``cpu_s`` the process CPU time of that
    call (all threads: more than ``wall_s`` means the tool used several cores). ``peak_rss_mb`` is the
    process's peak resident memory over its whole life (interpreter and imports included: what a user
    running the tool sees); ``base_rss_mb`` the peak before the first measured call, after imports, input
    loading and a warm-up call on a tiny input. ``startup_s`` is import plus warm-up time. ``error`` is set
    (and the figures are NaN) when the run failed or timed out.
    """

    wall_s: float = math.nan
    cpu_s: float = math.nan
    runs: int = 0
    peak_rss_mb: float = math.nan
    base_rss_mb: float = math.nan
    startup_s: float = math.nan
    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the run finished and produced figures."""
        return self.error is None


def _maxrss_mb() -> float:
    """This process's peak resident memory so far, in MiB.

    On Linux this reads ``VmHWM`` from ``/proc/self/status``: ``getrusage``'s ``ru_maxrss`` survives
    ``exec`` and so starts at the *parent's* size in a freshly spawned worker, which would charge the
    benchmark runner's own memory to the tool under test.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    import resource  # POSIX only; imported here so the module imports everywhere

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def _resolve(target: str) -> Callable[..., Any]:
    module_name, _, func_name = target.partition(":")
    return getattr(importlib.import_module(module_name), func_name)


def run_isolated(
    target: str,
    args: Sequence[Any],
    *,
    warmup_args: Sequence[Any] | None = None,
    repeats: int = 5,
    budget_s: float = 2.0,
    timeout_s: float = 900.0,
    post: str | None = None,
    post_args: Sequence[Any] = (),
) -> Measurement:
    """Call ``target`` (``"package.module:function"``) on ``args`` in a fresh Python process and measure it.

    ``args`` must be JSON-serialisable; they are passed through a temporary file outside the project. The
    call is repeated (best time kept) while it is cheap: at most ``repeats`` times and only while the
    total stays under ``budget_s``. ``warmup_args``, when given, are used for one untimed call first so
    lazy imports and data loading count as start-up, not as the measured call. If the function returns a
    number or string it comes back as ``Measurement.value``; with ``post`` (another ``"module:function"``),
    ``post(result, *post_args)`` runs after the timing, untimed, and its JSON-serialisable return value comes
    back instead (how the alignment benchmark scores the beads it just timed without shipping them back).
    """
    job = {
        "target": target,
        "args": list(args),
        "warmup_args": warmup_args,
        "repeats": repeats,
        "budget_s": budget_s,
        "post": post,
        "post_args": list(post_args),
    }
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="termalign-bench-") as tmp:
        job_path = Path(tmp) / "job.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        try:
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--worker", str(job_path)],
                capture_output=True,
                text=True,
                timeout=timeout_s,
                env=env,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            return Measurement(error=f"timed out after {timeout_s:.0f} s")
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(_RESULT_MARK):
            return Measurement(**json.loads(line[len(_RESULT_MARK) :]))
    tail = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    return Measurement(error=(tail[-1] if tail else f"worker exited with status {proc.returncode}")[:300])


def _worker(job_path: str) -> None:
    """Subprocess side of :func:`run_isolated`: run the job, print one result line."""
    t0 = time.perf_counter()
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    func = _resolve(job["target"])
    result: dict[str, Any] = {}
    try:
        if job.get("warmup_args") is not None:
            func(*job["warmup_args"])
        result["startup_s"] = time.perf_counter() - t0
        result["base_rss_mb"] = _maxrss_mb()
        best_wall, best_cpu, spent, runs, value = math.inf, math.nan, 0.0, 0, None
        while runs < max(1, job["repeats"]) and (runs == 0 or spent + best_wall <= job["budget_s"]):
            c0, w0 = time.process_time(), time.perf_counter()
            value = func(*job["args"])
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            spent += wall
            runs += 1
            if wall < best_wall:
                best_wall, best_cpu = wall, cpu
        result.update(wall_s=best_wall, cpu_s=best_cpu, runs=runs, peak_rss_mb=_maxrss_mb())
        if job.get("post"):
            result["value"] = _resolve(job["post"])(value, *job["post_args"])
        elif isinstance(value, (int, float, str)):
            result["value"] = value
    except Exception as exc:  # reported to the parent as the measurement's error
        result = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    print(_RESULT_MARK + json.dumps(result), flush=True)


# A tiny launcher process sits between the benchmark and a measured command: ``wait4`` rusage of a child
# includes the RSS its parent had when it forked (Linux keeps the high-water mark across exec), so waiting
# for the command directly from a benchmark holding a corpus in memory would charge that corpus to the
# command. The launcher is a bare interpreter (~10 MB), which is then the floor of what can be reported.
_LAUNCHER = """
import json, os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
with open(out, "w") as f:
    json.dump({"wall_s": wall, "peak_rss_mb": rss, "returncode": os.waitstatus_to_exitcode(status),
               "cpu_s": usage.ru_utime + usage.ru_stime}, f)
"""


@dataclass
class CommandMeasurement:
    """Wall time, peak resident memory (MiB) and exit status of one external command, plus its output."""

    wall_s: float = math.nan
    peak_rss_mb: float = math.nan
    returncode: int | None = None
    cpu_s: float = math.nan  # user + system CPU time of the command (its waited-for children included)
    stdout: str = ""
    stderr: str = ""
    error: str | None = None
    #: With ``tree=True``: the peak, over samples every 10 ms, of the summed resident set (RSS) and proportional
    #: set (PSS: shared pages divided among the processes sharing them) of the command and all its descendants.
    tree_rss_mb: float = math.nan
    tree_pss_mb: float = math.nan


def _group_memory(pgid: int, skip: int) -> tuple[float, float]:
    """Summed RSS and PSS (MiB) of the processes of process group ``pgid`` other than ``skip`` (Linux /proc)."""
    rss = pss = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == skip:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != pgid:  # fields after "(comm)": state, ppid, pgrp, ...
                continue
            with open(f"/proc/{entry}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    return rss / 1024, pss / 1024


def measure_command(
    args: Sequence[str], *, timeout_s: float = 900.0, cwd: Path | str | None = None, env: dict[str, str] | None = None,
    tree: bool = False,
) -> CommandMeasurement:
    """Run an external command end to end and measure its wall time and its own peak RSS.

    Output is captured (read while the command runs, so a chatty command cannot block on a full pipe).
    On timeout the whole process group is killed and ``error`` says so. A command that cannot be started
    comes back with ``error`` set rather than raising. ``tree=True`` also samples the memory of the command's
    whole process tree (worker processes included: ``tree_rss_mb``/``tree_pss_mb``), Linux only.
    """
    with tempfile.TemporaryDirectory(prefix="termalign-bench-") as tmp:
        out = Path(tmp) / "measure.json"
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(out), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=cwd,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            return CommandMeasurement(error=f"{type(exc).__name__}: {exc}")
        sampler = _TreeSampler(proc.pid) if tree and os.path.exists("/proc/self/smaps_rollup") else None
        try:
            stdout, stderr = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            stdout, stderr = proc.communicate()
            return CommandMeasurement(stdout=stdout, stderr=stderr, error=f"timed out after {timeout_s:.0f} s")
        finally:
            peaks = sampler.stop() if sampler is not None else (math.nan, math.nan)
        if not out.exists():
            tail = stderr.strip().splitlines()[-1:] or [f"launcher exited with status {proc.returncode}"]
            return CommandMeasurement(stdout=stdout, stderr=stderr, error=tail[0][:300])
        data = json.loads(out.read_text(encoding="utf-8"))
        return CommandMeasurement(stdout=stdout, stderr=stderr, tree_rss_mb=peaks[0], tree_pss_mb=peaks[1], **data)


class _TreeSampler:
    """Samples, every 10 ms in a thread, the summed memory of a process group (the launcher excluded)."""

    def __init__(self, launcher: int) -> None:
        import threading

        self.launcher = launcher  # it leads a new session, so its pid is the group id
        self.peak = [0.0, 0.0]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.01):
            rss, pss = _group_memory(self.launcher, self.launcher)
            self.peak[0], self.peak[1] = max(self.peak[0], rss), max(self.peak[1], pss)

    def stop(self) -> tuple[float, float]:
        """Stop sampling; the peaks (RSS, PSS) in MiB."""
        self.done.set()
        self.thread.join()
        return self.peak[0], self.peak[1]


# ------------------------------------------------------------------------------------------- figures


def loglog_slope(n1: float, t1: float, n2: float, t2: float) -> float:
    """Growth exponent k in t ∝ nᵏ between two measurements (1 = linear, 2 = quadratic)."""
    if min(n1, t1, n2, t2) <= 0 or n1 == n2:
        return math.nan
    return math.log(t2 / t1) / math.log(n2 / n1)


def fmt(value: float | None, digits: int = 3, *, none: str = "–") -> str:
    """A number for a table cell; NaN/None become a dash. Scores print as ``.975`` like the papers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return none
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("0.") and digits >= 2 else text


def fmt_seconds(seconds: float) -> str:
    """Seconds with sensible precision: ``0.0123 s``, ``0.45 s``, ``12.3 s``, ``84 s``."""
    if math.isnan(seconds):
        return "–"
    if seconds < 0.1:
        return f"{seconds:.4f} s"
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 100:
        return f"{seconds:.1f} s"
    return f"{seconds:.0f} s"


def fmt_int(n: int) -> str:
    """An integer with thousands separators (``20,000``)."""
    return f"{n:,}"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub Markdown table; ``|`` inside cells is escaped."""

    def cell(v: Any) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_summary() -> str:
    """One line naming the interpreter and CPU count, printed above timing tables."""
    import platform

    return f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        _worker(sys.argv[2])
    else:
        sys.exit("usage: common.py --worker JOB.json  (internal: used by run_isolated)")



# --------------------------------------------------------------------------------- python-docs-id

#: The two python-docs-id snapshots (``git archive`` tarballs, CC0): Python 3.9 (2021) and 3.14 (2025).
PYDOCS_SNAPSHOTS = {"3.9": "python-docs-id-2a2868b.tar.gz", "3.14": "python-docs-id-425c128.tar.gz"}


def pydocs_dir() -> Path:
    """Where the python-docs-id tarballs live (override with ``TERMALIGN_PYDOCS_DIR``)."""
    default = REPO_ROOT.parent / "shared" / "corpora" / "python-docs-id"
    return Path(os.environ.get("TERMALIGN_PYDOCS_DIR", default))


def pydocs_document_name(relative: str) -> str:
    """One name per document across both snapshots' layouts.

    3.9 stores ``library/os.po``; 3.14 stores ``python-newest.library--os/id.po``. Both give ``library/os``.
    """
    path = relative.replace("\\", "/")
    if path.endswith("/id.po") and path.split("/")[-2].startswith("python-newest."):
        return path.split("/")[-2].removeprefix("python-newest.").rstrip("_").replace("--", "/")
    return path.removesuffix(".po")


def pydocs_split(name: str) -> str:
    """``"dev"`` or ``"test"`` for a python-docs-id document name (see :func:`pydocs_document_name`).

    The one split every evaluation on python-docs-id uses: a document (both snapshots of it) is in the test
    split when the first byte of the SHA-1 of its name is odd. Develop and tune on ``dev``; only report ``test``.
    """
    import hashlib

    return "test" if hashlib.sha1(name.encode("utf-8")).digest()[0] % 2 else "dev"


def pydocs_catalogs(version: str, dest: Path, split: str | None = None) -> list[tuple[str, Path]]:
    """Unpack one snapshot under ``dest`` (once) and list ``(document name, PO path)``, sorted by name.

    ``version`` is ``"3.9"`` or ``"3.14"``; ``split`` (``"dev"``/``"test"``) keeps one half. An empty list
    when the tarball is missing.
    """
    archive = pydocs_dir() / PYDOCS_SNAPSHOTS[version]
    if not archive.exists():
        return []
    root = dest / version
    if not root.exists():
        partial = dest / f".{version}.partial"
        with tarfile.open(archive) as tar:
            tar.extractall(partial, filter="data")
        partial.rename(root)
    found = []
    for path in root.rglob("*.po"):
        name = pydocs_document_name(str(path.relative_to(root)))
        if split is None or pydocs_split(name) == split:
            found.append((name, path))
    return sorted(found)
