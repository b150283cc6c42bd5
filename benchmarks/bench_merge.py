"""``align --update``'s merge against GNU ``msgmerge`` on a real catalog evolution (Python docs, 3.9 → 3.14).

The data: the Indonesian translation of the Python documentation at Python 3.9 (2021) and 3.14 (2025), two
``git archive`` tarballs in ``../shared/corpora/python-docs-id/`` (override with ``TERMALIGN_PYDOCS_DIR``): the
same documents, with edited English and the old translations. For each document present in both:

* the *template* is the 3.14 catalog's live msgids (msgctxt, msgid, plural, references), with empty translations;
* ``msgmerge --previous --no-wrap OLD.po TEMPLATE.pot`` merges the 3.9 catalog into it (fuzzy matching on);
* termalign merges the same 3.9 catalog (read with :func:`termalign.formats.po.load_catalog`) with
  :func:`termalign.formats.po_merge.update_catalog`, given an alignment whose English sentences are the template's
  msgids in order and which has no Indonesian side (every bead 1-0: the merge alone decides each translation),
  with ``claim_all=True`` (the whole catalog is this document's, as msgmerge assumes).

Each template msgid (no msgctxt, not plural, and one line as an alignment sentence is; the rest are counted and
left out) gets a state in both outputs: **kept** (translated, not fuzzy), **fuzzy** (a translation flagged
fuzzy) or **untranslated**; plus the number of entries each made obsolete. The table gives the agreement, and
the figure that must be zero: msgids termalign gives as finished translations where msgmerge leaves them fuzzy
or untranslated. With ``--samples N`` the script also prints (stderr) N msgids where the two fuzzy suggestions
differ, for judging by hand. The corpus text is read in memory and a temporary folder, never written here.

Run alone: ``python benchmarks/bench_merge.py [--quick] [--samples 20]``; normally ``python benchmarks/run.py
--only merge``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polib

from benchmarks.common import fmt_int, log, markdown_table
from termalign.errors import InputError
from termalign.formats.po import _one_line, catalog_bytes, load_catalog
from termalign.formats.po_merge import update_catalog
from termalign.model import Alignment, Bead, Segment

OLD, NEW = "python-docs-id-2a2868b.tar.gz", "python-docs-id-425c128.tar.gz"
STATES = ("kept", "fuzzy", "untranslated")


def corpus_dir() -> Path:
    return Path(os.environ.get("TERMALIGN_PYDOCS_DIR", Path(__file__).resolve().parents[2] / "shared" / "corpora"
                                / "python-docs-id"))


def pairs(root: Path) -> list[tuple[str, Path, Path]]:
    """(document name, 3.9 catalog, 3.14 catalog) for every document in both snapshots."""
    found = []
    for new in sorted((root / "new").glob("python-newest.*/id.po")):
        name = new.parent.name.removeprefix("python-newest.").rstrip("_").replace("--", "/")
        old = root / "old" / f"{name}.po"
        if old.exists():
            found.append((name, old, new))
    return found


def template(new: Path, out: Path) -> None:
    """The live msgids of a 3.14 catalog as a POT (empty translations), in their order."""
    source = polib.pofile(str(new))
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = dict(source.metadata)
    for e in source:
        if not e.obsolete:
            pot.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgid_plural=e.msgid_plural,
                                     msgstr_plural={0: ""} if e.msgid_plural else {}, occurrences=e.occurrences))
    pot.save(str(out))


def state(entry: polib.POEntry | None) -> str:
    if entry is None or not (entry.msgstr or any(entry.msgstr_plural.values())):
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "kept"


def merge_one(name: str, old: Path, new: Path, work: Path) -> dict[str, object]:
    """Both merges of one document; the per-msgid states and the fuzzy suggestions."""
    pot = work / "t.pot"
    template(new, pot)
    by_msgmerge = work / "mm.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "--no-wrap", str(old), str(pot), "-o", str(by_msgmerge)],
                   check=True, capture_output=True)
    mm = polib.pofile(str(by_msgmerge))
    ids = [e.msgid for e in polib.pofile(str(pot)) if e.msgctxt is None and not e.msgid_plural and e.msgid]
    usable = [m for m in ids if m == _one_line([m])]  # what an alignment sentence can be
    catalog = load_catalog(str(old))
    source = tuple(Segment(text=m, index=i, line=i + 1) for i, m in enumerate(usable))
    alignment = Alignment(source, (), tuple(Bead((i,), (), 0.0) for i in range(len(usable))), "en", "id",
                          "template.pot", "none")
    started = time.perf_counter()
    update_catalog(catalog, alignment, claim_all=True)
    seconds = time.perf_counter() - started
    by_termalign = work / "ta.po"
    by_termalign.write_bytes(catalog_bytes(catalog))
    ta = polib.pofile(str(by_termalign))
    mm_live = {e.msgid: e for e in mm if not e.obsolete and e.msgctxt is None}
    ta_live = {e.msgid: e for e in ta if not e.obsolete and e.msgctxt is None}
    pairs_ = Counter((state(ta_live.get(m)), state(mm_live.get(m))) for m in usable)
    differ = []
    for m in usable:
        a, b = ta_live.get(m), mm_live.get(m)
        if a is not None and b is not None and (state(a) == "fuzzy" or state(b) == "fuzzy") and \
                (a.previous_msgid or a.msgstr) != (b.previous_msgid or b.msgstr):
            differ.append((name, m, a.previous_msgid if state(a) == "fuzzy" else None,
                           b.previous_msgid if state(b) == "fuzzy" else None))
    previous = {e.previous_msgid for e in ta if not e.obsolete and e.previous_msgid}
    same_kept = sum(1 for m in usable if state(ta_live.get(m)) == state(mm_live.get(m)) == "kept"
                    and ta_live[m].msgstr == mm_live[m].msgstr)
    return {"pairs": pairs_, "skipped": len(ids) - len(usable),
            "obsolete_ta": sum(state(e) != "untranslated" for e in ta.obsolete_entries()),
            "obsolete_ta_unused": sum(state(e) != "untranslated" and e.msgid not in previous
                                      for e in ta.obsolete_entries()),
            "obsolete_mm": sum(state(e) != "untranslated" for e in mm.obsolete_entries()),
            "differ": differ, "same_kept": same_kept,
            "seconds": seconds}


def main(quick: bool = False, samples: int = 0) -> str:
    folder = corpus_dir()
    if not (folder / OLD).exists() or not (folder / NEW).exists() or shutil.which("msgmerge") is None:
        return "## Merge (`align --update`) against msgmerge\n\nSkipped: the python-docs-id tarballs or msgmerge " \
               "are missing.\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for tarball, sub in ((OLD, "old"), (NEW, "new")):
            with tarfile.open(folder / tarball) as tar:
                tar.extractall(root / sub, filter="data")
        docs = pairs(root)
        if quick:
            docs = docs[::20]
        total: Counter[tuple[str, str]] = Counter()
        skipped = obsolete_ta = obsolete_ta_unused = obsolete_mm = same_kept = refused = 0
        seconds = 0.0
        differ: list[tuple[str, str, str | None, str | None]] = []
        for number, (name, old, new) in enumerate(docs, start=1):
            if number % 50 == 0:
                log(f"merge: {number}/{len(docs)}")
            work = root / "work"
            work.mkdir(exist_ok=True)
            try:
                result = merge_one(name, old, new, work)
            except (InputError, subprocess.CalledProcessError) as exc:
                log(f"merge: {name}: {exc}")
                refused += 1
                continue
            total.update(result["pairs"])  # type: ignore[arg-type]
            skipped += result["skipped"]  # type: ignore[operator]
            obsolete_ta += result["obsolete_ta"]  # type: ignore[operator]
            obsolete_mm += result["obsolete_mm"]  # type: ignore[operator]
            obsolete_ta_unused += result["obsolete_ta_unused"]  # type: ignore[operator]
            same_kept += result["same_kept"]  # type: ignore[operator]
            seconds += result["seconds"]  # type: ignore[operator]
            differ += result["differ"]  # type: ignore[arg-type]
    msgids = sum(total.values())
    rows = [[f"termalign {a}"] + [fmt_int(total[(a, b)]) for b in STATES] + [fmt_int(sum(total[(a, b)]
                                                                                       for b in STATES))]
            for a in STATES]
    rows.append(["msgmerge total"] + [fmt_int(sum(total[(a, b)] for a in STATES)) for b in STATES] + [fmt_int(msgids)])
    unsafe = total[("kept", "fuzzy")] + total[("kept", "untranslated")]
    agree = sum(total[(s, s)] for s in STATES)
    text = [
        "## Merge (`align --update`) against msgmerge",
        "",
        f"Python docs in Indonesian, 3.9 catalogs merged into the 3.14 msgids: {len(docs)} documents"
        f"{' (quick: every 20th)' if quick else ''}, {fmt_int(msgids)} template msgids compared "
        f"({fmt_int(skipped)} with a line break or leading or trailing white space, which no aligned sentence has, "
        f"left out; {refused} documents "
        "refused). Rows: termalign's state of each msgid; columns: msgmerge's (GNU gettext "
        f"{_gettext_version()}, `--previous`, fuzzy matching on).",
        "",
        markdown_table(["", *(f"msgmerge {s}" for s in STATES), "total"], rows),
        "",
        f"* Same state: {fmt_int(agree)} of {fmt_int(msgids)} ({100 * agree / max(msgids, 1):.1f}%); kept with the "
        f"same translation by both: {fmt_int(same_kept)}.",
        f"* Finished translations where msgmerge leaves the msgid fuzzy or untranslated: **{unsafe}** (must be 0).",
        f"* Translated entries made obsolete: termalign {fmt_int(obsolete_ta)}, of which "
        f"{fmt_int(obsolete_ta_unused)} gave no fuzzy suggestion; msgmerge {fmt_int(obsolete_mm)}. msgmerge drops an "
        "old entry whose translation it moved to a fuzzy one (and untranslated ones whose msgid is gone); termalign "
        "keeps both, obsolete.",
        f"* Fuzzy suggestions that differ (other previous msgid, or one of the two has none): {fmt_int(len(differ))}.",
        f"* termalign's merge time: {seconds:.1f} s in all.",
        "",
    ]
    if samples:
        for name, msgid, ours, theirs in random.Random(13).sample(differ, min(samples, len(differ))):
            print(f"--- {name}\nNEW       {msgid[:300]!r}\nTERMALIGN {str(ours)[:300]!r}\n"
                  f"MSGMERGE  {str(theirs)[:300]!r}", file=sys.stderr)
    return "\n".join(text)


def _gettext_version() -> str:
    out = subprocess.run(["msgmerge", "--version"], capture_output=True, text=True).stdout.split("\n", 1)[0]
    return out.rsplit(" ", 1)[-1] if out else "?"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--samples", type=int, default=0, help="print N differing fuzzy suggestions to stderr")
    args = parser.parse_args()
    print(main(args.quick, args.samples))
