"""Robustness benchmark: time and peak memory of termalign on large and degenerate inputs, as whole commands.

What is measured (each ``termalign`` command in its own process; peak RSS is the child's own, from ``wait4``
via :func:`benchmarks.common.measure_command`):

* ``align`` on a synthetic English–Indonesian pair of 5,000, 10,000 and 20,000 sentences (JSON output), and
  the growth exponent between the last two sizes;
* ``check`` on synthetic PO catalogs of 25,000 and 100,000 entries;
* degenerate inputs: a single 1 MB line with no punctuation (align and check), 200,000 one-word lines
  (check as text, align with ``--segmented``), and XML entity attacks (billion laughs, quadratic blowup),
  which must be refused with exit status 2 in bounded time and memory.

The texts are generated here from a small bilingual vocabulary written for this benchmark (seeded, so every
run measures the same bytes) into a temporary folder. ``BUDGET_MB`` holds the documented bounds; a figure
over its bound is flagged in the table. ``--quick`` uses inputs a tenth of the size.

Run alone: ``python benchmarks/bench_robustness.py [--quick]``; normally ``python benchmarks/run.py --only
robustness``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fmt, fmt_int, log, loglog_slope, machine_summary, markdown_table, measure_command

# Documented bounds (MiB of peak RSS) for the two headline figures; docs/robustness.md quotes them.
BUDGET_MB = {"align-20000": 300.0, "check-po-100000": 200.0, "align-segmented-200000": 600.0}

# (English, Indonesian) pairs: nouns, then adjectives. Written for this benchmark.
NOUNS = [("kidney stone", "batu ginjal"), ("vein", "vena"), ("blood test", "tes darah"), ("doctor", "dokter"),
         ("patient", "pasien"), ("hospital", "rumah sakit"), ("water", "air"), ("pain", "nyeri"),
         ("medicine", "obat"), ("heart", "jantung"), ("bone", "tulang"), ("skin", "kulit"), ("child", "anak"),
         ("food", "makanan"), ("fever", "demam"), ("nurse", "perawat"), ("lung", "paru-paru"), ("eye", "mata")]
ADJECTIVES = [("small", "kecil"), ("large", "besar"), ("common", "umum"), ("dangerous", "berbahaya"),
              ("normal", "normal"), ("rare", "jarang"), ("important", "penting"), ("healthy", "sehat")]
TEMPLATES = [
    ("The {n1} of the {n2} is {a1}.", "{N1} pada {n2} itu {a1}."),
    ("A {a1} {n1} can cause {n2} problems in the body.", "{N1} yang {a1} dapat menyebabkan masalah {n2} dalam tubuh."),
    ("Doctors say that the {n1} and the {n2} are usually {a1}.",
     "Dokter mengatakan bahwa {n1} dan {n2} biasanya {a1}."),
    ("Is the {n1} {a1} or {a2}?", "Apakah {n1} itu {a1} atau {a2}?"),
    ("This {n1} is not as {a1} as the {n2}.", "{N1} ini tidak se{a1} {n2}."),
]


def parallel_sentences(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """``n`` English sentences and their Indonesian translations, from the templates above (seeded)."""
    rng = random.Random(seed)
    en, idn = [], []
    for _ in range(n):
        te, ti = rng.choice(TEMPLATES)
        (n1e, n1i), (n2e, n2i) = rng.sample(NOUNS, 2)
        (a1e, a1i), (a2e, a2i) = rng.sample(ADJECTIVES, 2)
        e = te.format(n1=n1e, n2=n2e, a1=a1e, a2=a2e)
        i = ti.format(n1=n1i, n2=n2i, a1=a1i, a2=a2i, N1=n1i[:1].upper() + n1i[1:])
        en.append(e[:1].upper() + e[1:])
        idn.append(i[:1].upper() + i[1:])
    return en, idn


def write_pair(folder: Path, n: int) -> tuple[Path, Path]:
    """A text pair of ``n`` sentences, five sentences per paragraph."""
    en, idn = parallel_sentences(n)
    paths = []
    for lang, sentences in (("en", en), ("id", idn)):
        paragraphs = [" ".join(sentences[k : k + 5]) for k in range(0, len(sentences), 5)]
        path = folder / f"pair{n}.{lang}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def write_po(folder: Path, n: int) -> Path:
    """A PO catalog of ``n`` translated entries (each msgid made unique by a number)."""
    en, idn = parallel_sentences(n, seed=2)
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: id\\n"', ""]
    for k, (e, i) in enumerate(zip(en, idn, strict=True)):
        lines += [f"#: src/file{k // 100}.c:{k % 100}", f'msgid "{e} ({k})"', f'msgstr "{i} ({k})"', ""]
    path = folder / f"catalog{n}.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_degenerate(folder: Path, scale: float) -> dict[str, Path]:
    """One long line without punctuation, many one-word lines, and two XML attacks."""
    rng = random.Random(3)
    words = int(170_000 * scale)
    en_words = [e for e, _ in NOUNS + ADJECTIVES]
    id_words = [i for _, i in NOUNS + ADJECTIVES]
    files = {
        "line.en.txt": " ".join(rng.choice(en_words) for _ in range(words)) + "\n",
        "line.id.txt": " ".join(rng.choice(id_words) for _ in range(words)) + "\n",
        "words.en.txt": "\n".join(rng.choice(en_words).split()[0] for _ in range(int(200_000 * scale))) + "\n",
        "words.id.txt": "\n".join(rng.choice(id_words).split()[0] for _ in range(int(200_000 * scale))) + "\n",
    }
    laughs = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">']
    for k in range(1, 10):
        inner = f"&lol{k - 1};" if k > 1 else "&lol;"
        laughs.append(f' <!ENTITY lol{k} "{inner * 10}">')
    laughs += ["]>"]
    files["laughs.tbx"] = "\n".join([*laughs, "<tbx>&lol9;</tbx>"]) + "\n"
    files["laughs.tmx"] = "\n".join([*laughs, "<tmx>&lol9;</tmx>"]) + "\n"
    files["blowup.tbx"] = (f'<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "{"x" * 50_000}">]>\n'
                           f"<tbx>{'&a;' * 50_000}</tbx>\n")
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _run(label: str, args: list[str], folder: Path, rows: list[list[str]], *, expect: int = 0,
         budget: float | None = None, size: str = "") -> tuple[float, float]:
    log(f"robustness: {label}")
    args = [Path(a).name if a.startswith(str(folder)) else a for a in args]  # names relative to cwd
    m = measure_command([sys.executable, "-m", "termalign", *args], cwd=folder, timeout_s=1800)
    status = m.returncode if m.error is None else m.error
    note = "" if status == expect else f" (expected exit {expect})"
    within = "–" if budget is None else ("yes" if m.peak_rss_mb <= budget else "**NO**")
    first = (m.stderr.strip().splitlines() or [""])[0][:90]
    command = "termalign " + " ".join(args)
    rows.append([label, size, f"`{command}`", fmt(m.wall_s, 2), fmt(m.peak_rss_mb, 0),
                 "–" if budget is None else f"{budget:.0f} ({within})", f"{status}{note}",
                 first if expect == 2 else ""])
    return m.wall_s, m.peak_rss_mb


def main(quick: bool = False) -> str:
    """Run the measurements and return the Markdown section."""
    scale = 0.1 if quick else 1.0
    rows: list[list[str]] = []
    growth = []
    with tempfile.TemporaryDirectory(prefix="termalign-robustness-") as tmp:
        folder = Path(tmp)
        for n in (int(5000 * scale), int(10000 * scale), int(20000 * scale)):
            en, idn = write_pair(folder, n)
            budget = BUDGET_MB["align-20000"] if n == 20000 else None
            wall, _ = _run(f"align {fmt_int(n)} sentences", ["align", str(en), str(idn), "-o", f"a{n}.json"],
                           folder, rows, budget=budget, size=f"{en.stat().st_size / 1e6:.1f} MB + "
                           f"{idn.stat().st_size / 1e6:.1f} MB")
            growth.append((n, wall))
        for n in (int(25000 * scale), int(100000 * scale)):
            po = write_po(folder, n)
            budget = BUDGET_MB["check-po-100000"] if n == 100000 else None
            _run(f"check PO, {fmt_int(n)} entries", ["check", "--fail-on", "never", str(po), "-o", f"c{n}.txt"],
                 folder, rows, budget=budget, size=f"{po.stat().st_size / 1e6:.1f} MB")
        d = write_degenerate(folder, scale)
        size = f"{d['line.en.txt'].stat().st_size / 1e6:.1f} MB"
        _run("align one long line", ["align", str(d["line.en.txt"]), str(d["line.id.txt"]), "-o", "line.json"],
             folder, rows, size=size)
        _run("check one long line", ["check", "--lang", "id", str(d["line.id.txt"]), "-o", "line.txt"], folder, rows,
             size=size)
        lines = f"{fmt_int(int(200_000 * scale))} lines"
        _run("check one-word lines", ["check", "--lang", "id", str(d["words.id.txt"]), "-o", "words.txt"], folder,
             rows, size=lines)
        _run("align one-word lines (--segmented)", ["align", "--segmented", "--no-lang-check", str(d["words.en.txt"]),
             str(d["words.id.txt"]), "-o", "words.json"], folder, rows, size=lines,
             budget=None if quick else BUDGET_MB["align-segmented-200000"])
        for name, args in (("billion laughs (TBX glossary)", ["glossary", "show", str(d["laughs.tbx"])]),
                           ("quadratic blowup (TBX glossary)", ["glossary", "show", str(d["blowup.tbx"])]),
                           ("billion laughs (TMX, check)", ["check", str(d["laughs.tmx"])]),
                           ("billion laughs (TMX, terms --aligned)", ["terms", "--aligned", str(d["laughs.tmx"])])):
            _run(name, args, folder, rows, expect=2, size=f"{Path(args[-1]).stat().st_size / 1e3:.0f} kB")
    (n1, t1), (n2, t2) = growth[-2], growth[-1]
    slope = loglog_slope(n1, t1, n2, t2)
    table = markdown_table(["input", "size", "command", "wall s", "peak RSS MiB", "budget MiB", "exit",
                            "message (refused inputs)"], rows)
    return "\n".join([
        "## Robustness: large and degenerate inputs" + (" (quick run)" if quick else ""),
        "",
        "Each command runs in its own process; peak RSS is that process's own (`wait4`). Inputs are generated "
        "by `benchmarks/bench_robustness.py` (seeded). Budgets are the documented bounds of "
        "[robustness.md](robustness.md#resource-bounds).",
        "",
        table,
        "",
        f"Alignment time grows as n^{slope:.2f} between {fmt_int(n1)} and {fmt_int(n2)} sentences.",
        "",
        machine_summary(),
    ]) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    print(main(quick=parser.parse_args().quick))
