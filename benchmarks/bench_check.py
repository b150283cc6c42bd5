"""Terminology-QA benchmark: ``termalign check`` against translate-toolkit's ``pofilter`` on real PO data.

Input: this machine's Indonesian message catalogs (``/usr/share/locale/id/LC_MESSAGES/*.mo``), merged into
one PO file (entries deduplicated by ``msgctxt``+``msgid``, first catalog in name order wins: ~42,000
entries) and a 4-copy file (each copy under its own ``msgctxt``: ~168,000 entries). Written to a temporary
folder outside the project, never committed.

Glossaries (built deterministically; see :func:`build_glossary`): the shipped ``software`` glossary, then
the catalogs' most frequent English words, each paired with the Indonesian word that co-occurs with it
most (Dice coefficient over msgid/msgstr pairs, at least 2 co-occurrences), until 5,000 entries; the
500-entry glossary is the first 500 of the same list. The pairs are noisy on purpose: they stand for a
large real-world termbase and make the term checks do real work.

Each tool runs end to end as a command in its own process (``termalign check -g GLOSSARY FILE -o OUT``, the
default text report, and ``pofilter FILE OUT``); the figures are its wall time and peak resident memory
(``wait4`` rusage, taken by a small wrapper process: Linux carries a parent's peak across fork+exec). Quality
on the same data (precision of garbled-term and glued-words with the software glossary) is measured by
:func:`precision_sample` against the labels in ``benchmarks/data/mo_labels.tsv``.

Run alone: ``python benchmarks/bench_check.py [--quick]``; normally through ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, fmt_int, log, machine_summary, markdown_table

MO_GLOB = "/usr/share/locale/id/LC_MESSAGES/*.mo"
LABELS = REPO_ROOT / "benchmarks" / "data" / "mo_labels.tsv"
_EN_WORD = re.compile(r"[A-Za-z][a-z]{2,}")
_ID_WORD = re.compile(r"[a-z]{3,}")
QUICK_CATALOGS = 12


def mo_files(quick: bool = False) -> list[str]:
    """The Indonesian .mo catalogs of this machine, in name order (a dozen in quick mode)."""
    files = sorted(glob.glob(MO_GLOB))
    return files[:QUICK_CATALOGS] if quick else files


def merged_entries(files: list[str]) -> list[tuple[str | None, str, str]]:
    """``(msgctxt, msgid, msgstr)`` of every translated singular entry, deduplicated, in catalog order."""
    import polib

    seen: set[tuple[str | None, str]] = set()
    out = []
    for path in files:
        for e in polib.mofile(path):
            if not e.msgid or not e.msgstr or e.msgid_plural:
                continue
            key = (e.msgctxt, e.msgid)
            if key not in seen:
                seen.add(key)
                out.append((e.msgctxt, e.msgid, e.msgstr))
    return out


def write_po(entries: list[tuple[str | None, str, str]], path: Path, copies: int = 1) -> int:
    """Write ``entries`` (``copies`` times, copy k > 1 under ``msgctxt`` "copyk") as a PO file; entry count."""
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "id"}
    for k in range(1, copies + 1):
        for ctxt, msgid, msgstr in entries:
            context = ctxt if k == 1 else f"copy{k}|{ctxt or ''}"
            po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return len(po)


def build_glossary(entries: list[tuple[str | None, str, str]], size: int) -> list[tuple[str, str]]:
    """A deterministic ``size``-entry EN→ID glossary: the shipped software glossary, then Dice-paired words."""
    from termalign.glossary import load_glossary
    from termalign.langid import stopwords

    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for e in load_glossary("software").entries:
        if e.source.lower() not in seen:
            seen.add(e.source.lower())
            pairs.append((e.source, e.target))
    stop_en, stop_id = stopwords("en"), stopwords("id")
    df_en: Counter[str] = Counter()
    df_id: Counter[str] = Counter()
    co: Counter[tuple[str, str]] = Counter()
    for _, msgid, msgstr in entries:
        en = {w.lower() for w in _EN_WORD.findall(msgid)} - stop_en
        idn = set(_ID_WORD.findall(msgstr.lower())) - stop_id
        if not en or not idn or len(en) > 25 or len(idn) > 25:
            continue
        df_en.update(en)
        df_id.update(idn)
        co.update((a, b) for a in en for b in idn)
    best: dict[str, tuple[float, str]] = {}
    for (a, b), n in co.items():
        if n < 2:
            continue
        dice = 2 * n / (df_en[a] + df_id[b])
        if a not in best or (dice, b) > best[a]:
            best[a] = (dice, b)
    for word, _ in sorted(df_en.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(pairs) >= size:
            break
        if word in seen or word not in best:
            continue
        seen.add(word)
        pairs.append((word, best[word][1]))
    return pairs[:size]


def write_glossary(pairs: list[tuple[str, str]], path: Path) -> None:
    """Write EN→ID pairs as a termalign TSV glossary (variants and flags empty)."""
    header = "source\ttarget\tsource_variants\ttarget_variants\tforbidden\tpos\tdomain\tnote\tflags\n"
    lines = [f"{s}\t{t}\t\t\t\t\tbench\t\t\n" for s, t in pairs]
    path.write_text(header + "".join(lines), encoding="utf-8")


# Linux keeps a process's peak RSS across fork+exec, so a command started straight from this (large) process
# would report our own peak. A small wrapper process starts the command instead and reports its peak.
_WRAPPER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execvp(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "sys.stderr.write('\\nPEAK-KIB %d\\n' % usage.ru_maxrss)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_command(args: list[str]) -> tuple[float, float, int]:
    """Run ``args``; return wall seconds, the command's own peak RSS in MiB and its exit status."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - t0
    peaks = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("PEAK-KIB ")]
    rss = int(peaks[-1]) / 1024 if peaks else float("nan")
    return wall, rss, proc.returncode


def termalign_cmd(po: Path, glossary: Path, out: Path, fmt: str = "text") -> list[str]:
    """The ``termalign check`` command line (text report to a file for timing; JSON for the quality run)."""
    return [sys.executable, "-m", "termalign", "check", "-g", str(glossary), str(po), "-f", fmt, "-o", str(out),
            "--force"]


def pofilter_cmd(po: Path, out: Path, language: bool = False) -> list[str] | None:
    """The ``pofilter`` command line (None when translate-toolkit is not installed)."""
    exe = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    if not Path(exe).exists():
        return None
    return [exe, *(["--language=id"] if language else []), str(po), str(out)]


def best_of(args: list[str], runs: int) -> tuple[float, float, int]:
    """Best wall time (and its peak RSS, status) over ``runs`` runs."""
    results = [run_command(args) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def findings_summary(path: Path) -> dict[str, int]:
    """``by_code`` counts from a termalign JSON report (empty when unreadable)."""
    try:
        return dict(json.loads(path.read_text("utf-8"))["summary"]["by_code"])
    except (OSError, ValueError, KeyError):
        return {}


def precision_sample(json_report: Path, labels: Path = LABELS) -> list[list[str]]:
    """Rows ``[code, findings, labelled true, labelled false, unlabelled, precision]`` for garbled/glued.

    ``labels`` is a TSV ``code<TAB>text<TAB>verdict<TAB>why`` (verdict ``true``/``false``), one row per
    distinct flagged text (case-insensitive), written by a reviewer reading each flagged entry.
    """
    verdicts: dict[tuple[str, str], str] = {}
    if labels.is_file():
        for line in labels.read_text("utf-8").splitlines():
            if line.startswith("#") or not line.strip() or line.startswith("code\t"):
                continue
            code, text, verdict = [*line.split("\t"), "", "", ""][:3]
            verdicts[(code, text.lower())] = verdict
    data = json.loads(json_report.read_text("utf-8"))
    rows = []
    for code in ("garbled-term", "glued-words"):
        found = [f for f in data["findings"] if f["code"] == code]
        tp = sum(1 for f in found if verdicts.get((code, f["text"].lower())) == "true")
        fp = sum(1 for f in found if verdicts.get((code, f["text"].lower())) == "false")
        unl = len(found) - tp - fp
        prec = f"{tp / (tp + fp):.2f}" if tp + fp else "–"
        rows.append([code, fmt_int(len(found)), fmt_int(tp), fmt_int(fp), fmt_int(unl), prec])
    return rows


def main(quick: bool = False) -> str:
    """Run the check benchmark and return its Markdown section (see the module docstring)."""
    files = mo_files(quick)
    if not files:
        msg = f"No catalogs at `{MO_GLOB}`: check benchmark skipped."
        log(msg)
        return f"## Terminology QA (check)\n\n{msg}\n"
    runs = 1 if quick else 2
    with tempfile.TemporaryDirectory(prefix="termalign-bench-check-") as tmp:
        folder = Path(tmp)
        log(f"check: merging {len(files)} catalogs")
        entries = merged_entries(files)
        one, four = folder / "merged.po", folder / "merged-x4.po"
        n1 = write_po(entries, one)
        n4 = write_po(entries, four, copies=4)
        log("check: building glossaries")
        pairs = build_glossary(entries, 5000)
        g5000, g500, gsw = folder / "g5000.tsv", folder / "g500.tsv", folder / "software.tsv"
        write_glossary(pairs, g5000)
        write_glossary(pairs[:500], g500)
        from termalign.glossary import load_glossary
        from termalign.glossary import write_glossary as dump

        gsw.write_text(dump(load_glossary("software"), "tsv"), encoding="utf-8")
        rows = []
        perf: dict[str, tuple[float, float]] = {}
        jobs = [
            ("termalign, 5,000-entry glossary", one, n1, termalign_cmd(one, g5000, folder / "t1.json")),
            ("termalign, 500-entry glossary", one, n1, termalign_cmd(one, g500, folder / "t2.json")),
            ("pofilter (default checks)", one, n1, pofilter_cmd(one, folder / "p1.po")),
            ("pofilter --language=id", one, n1, pofilter_cmd(one, folder / "p2.po", language=True)),
            ("termalign, 5,000-entry glossary", four, n4, termalign_cmd(four, g5000, folder / "t4.json")),
            ("pofilter (default checks)", four, n4, pofilter_cmd(four, folder / "p4.po")),
        ]
        for label, _path, n, cmd in jobs:
            if cmd is None:
                rows.append([label, fmt_int(n), "not installed", "–", "–", "–"])
                continue
            log(f"check: {label} on {n} entries")
            wall, rss, status = best_of(cmd, runs)
            perf[f"{label}@{n}"] = (wall, rss)
            rows.append([label, fmt_int(n), f"{wall:.2f} s", fmt_int(int(n / wall)), f"{rss:.0f} MiB", str(status)])
        run_command(termalign_cmd(one, g5000, folder / "t1.json", "json"))
        found = findings_summary(folder / "t1.json")
        log("check: software glossary (quality)")
        sw_json = folder / "sw.json"
        sw_cmd = termalign_cmd(one, gsw, sw_json, "json")
        run_command(sw_cmd)
        quality = precision_sample(sw_json)
        sw_found = findings_summary(sw_json)

    def speed(label: str, n: int) -> float:
        wall = perf.get(f"{label}@{n}", (float("nan"), 0.0))[0]
        return n / wall

    t_41 = speed("termalign, 5,000-entry glossary", n1)
    p_41 = speed("pofilter (default checks)", n1)
    t_164 = speed("termalign, 5,000-entry glossary", n4)
    p_164 = speed("pofilter (default checks)", n4)
    t_500 = speed("termalign, 500-entry glossary", n1)
    lines = [
        "## Terminology QA (check)",
        "",
        f"{machine_summary()}. Input: {len(files)} Indonesian `.mo` catalogs of this machine merged into one PO "
        f"file ({fmt_int(n1)} entries) and 4 copies ({fmt_int(n4)} entries). Each tool runs end to end as a "
        f"command in its own process; best of {runs} run(s); peak memory is the process's maximum RSS.",
        "",
        markdown_table(["tool", "entries", "wall", "entries/s", "peak memory", "exit"], rows),
        "",
        f"- termalign vs pofilter (default checks): **{t_41 / p_41:.1f}×** the throughput at {fmt_int(n1)} "
        f"entries, **{t_164 / p_164:.1f}×** at {fmt_int(n4)}.",
        f"- Growth with file size: {t_41:,.0f} → {t_164:,.0f} entries/s from 1× to 4× the entries "
        "(equal rates mean linear time).",
        f"- Glossary size: {t_500:,.0f} entries/s with 500 entries vs {t_41:,.0f} with 5,000. The scans themselves "
        "(Aho-Corasick, length/first-letter-bucketed fuzzy matching) do not loop over the glossary; the extra time "
        "goes with the extra term occurrences and findings a 10× larger termbase produces.",
        "- pofilter runs translate-toolkit's ~40 generic checks (punctuation, variables, accelerators...) and no "
        "glossary check; termalign runs its 7 terminology checks against a glossary. pofilter exits 0 whatever "
        "it finds; termalign exits 1 when an error-level finding remains.",
        f"- Findings with the 5,000-entry benchmark glossary: {json.dumps(found)}.",
        "",
        "Quality on the same catalogs with the shipped `software` glossary (every garbled-term and glued-words "
        "finding read and labelled by hand; labels in `benchmarks/data/mo_labels.tsv`):",
        "",
        markdown_table(["check", "findings", "true", "false", "unlabelled", "precision"], quality),
        "",
        f"All findings with the software glossary: {json.dumps(sw_found)}.",
        "",
        "The 5,000-entry glossary: the shipped `software` glossary, then the catalogs' most frequent English "
        "words (3+ letters, not stopwords) each paired with the Indonesian word of highest Dice co-occurrence "
        "(≥ 2 co-occurrences); the 500-entry one is its first 500 entries. Rebuilt identically on every run.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a dozen catalogs only (< 60 s)")
    print(main(quick=parser.parse_args().quick))
