"""Convert Debian's FreeDict eng-ind dictd database into the compact TSV word list termalign ships.

Usage (from the repository root, after ``apt-get install -y dict-freedict-eng-ind``)::

    python tools/convert_freedict.py [--index /usr/share/dictd/freedict-eng-ind.index] \
        [--out termalign/data/dictionary/freedict-eng-ind.tsv]

The output is ``english<TAB>indonesian1|indonesian2`` per headword (sorted, deterministic), preceded by
``#`` lines naming the source edition and its licence (CC BY-SA 3.0). Affix articles (``<suffix>``) and
sentence templates (``I need ...``) are left out; everything else is kept as FreeDict has it.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from termalign.aligner.lexicon import BilingualDictionary

DEFAULT_INDEX = "/usr/share/dictd/freedict-eng-ind.index"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "termalign/data/dictionary/freedict-eng-ind.tsv"


def edition(index_path: str) -> str:
    """The FreeDict edition line of the database ("Edition: 2022.11.18"), or ``"unknown"``."""
    stem = index_path.removesuffix(".index")
    try:
        with gzip.open(stem + ".dict.dz", "rt", encoding="utf-8") as handle:
            text = handle.read(4000)
    except OSError:
        return "unknown"
    match = re.search(r"Edition:\s*(\S+)", text)
    return match.group(1) if match else "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=DEFAULT_INDEX, help="dictd .index file (default: %(default)s)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="TSV to write (default: %(default)s)")
    args = parser.parse_args(argv)
    dictionary = BilingualDictionary.from_dictd(args.index)
    header = (
        f"# FreeDict English-Bahasa Indonesia dictionary (FreeDict+WikDict), edition {edition(args.index)}\n"
        "# Copyright 2000-2022 FreeDict contributors; built by WikDict from Wiktionary data (via DBnary).\n"
        "# Licence: Creative Commons Attribution-ShareAlike 3.0 Unported (CC BY-SA 3.0),\n"
        "# https://creativecommons.org/licenses/by-sa/3.0/ - see LICENSE-CC-BY-SA-3.0.txt beside this file.\n"
        "# Converted by tools/convert_freedict.py from Debian's dict-freedict-eng-ind package:\n"
        "# english<TAB>indonesian translations separated by |\n"
        "en\tid\n"
    )
    Path(args.out).write_text(header + dictionary.to_tsv(), encoding="utf-8")
    print(f"{args.out}: {len(dictionary)} headwords, {dictionary.pair_count} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
