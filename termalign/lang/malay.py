"""Malay delivered as Indonesian: the words that tell the two standard languages apart.

Malay (Bahasa Melayu/Malaysia) and Indonesian share most of their words, so a language identifier reading
Malay says "Indonesian" and every check runs happily on it, while its terms are wrong for an Indonesian reader
("batu karang" is coral in Indonesian, a kidney stone in Malay). What gives Malay away is a small set of words:
its spellings of shared words ("kerana", "bahawa", "sahaja", "ubat", "wang"), and words Indonesian does not use
("pesakit", "jangkitan", "perkhidmatan", "maklumat"...).

:data:`MALAY_MARKERS` gives each a weight: 1 for words that are not Indonesian at all, 0.5 for words that are
also Indonesian but mean something else or are rare there ("kerajaan" is a kingdom, "percuma" in vain, "bas" a
bass, "boleh" is "may"). Words that are ordinary Indonesian in some sense ("bilangan" in "bilangan bulat",
"rangkaian", "selepas", "doktor" the degree) are left out: an Indonesian text must never look Malay.
:func:`malay_evidence` adds up the weights of the distinct markers in a text; :data:`MALAY_THRESHOLD` (two
markers' worth, from two different words at least) is what the ``wrong-language`` check asks of a segment.
"""

from __future__ import annotations

import re

#: Malay word or phrase → weight (1: not Indonesian; 0.5: Indonesian too, in another sense or rarely).
MALAY_MARKERS: dict[str, float] = {
    # spellings of shared words
    "kerana": 1, "bahawa": 1, "sahaja": 1, "iaitu": 1, "mahu": 1, "wang": 1, "cuba": 1, "telefon": 1,
    "ubat": 1, "ubat-ubatan": 1, "justeru": 1, "kenderaan": 1, "kesihatan": 1, "universiti": 1, "kualiti": 1,
    "aktiviti": 1, "komuniti": 1, "projek": 1, "minit": 1, "akaun": 1, "mesej": 1,
    # words Indonesian does not use
    "pesakit": 1, "jangkitan": 1, "rawatan": 1, "jururawat": 1, "perubatan": 1, "buah pinggang": 1, "wad": 1,
    "perkhidmatan": 1, "kakitangan": 1, "syarikat": 1, "perniagaan": 1, "penyelidikan": 1, "kanak-kanak": 1,
    "berbanding": 1, "menerusi": 1, "memandangkan": 1, "pautan": 1, "tetingkap": 1, "amaran": 1,
    "pentadbir": 1, "tarikh": 1, "muat turun": 1, "kata laluan": 1, "kemas kini": 1, "jabatan kesihatan": 1,
    # Indonesian too, in another sense or rarely
    "kerajaan": 0.5, "percuma": 0.5, "boleh": 0.5, "bas": 0.5, "sila": 0.5, "berjaya": 0.5, "maklumat": 0.5,
    "pelayar": 0.5, "sokongan": 0.5, "kos": 0.5, "oleh itu": 0.5,
}
#: The evidence (sum of the weights of distinct markers) from which a segment is taken for Malay.
MALAY_THRESHOLD = 2.0

_MARKER = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(m) for m in sorted(MALAY_MARKERS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def malay_evidence(text: str) -> tuple[float, list[str]]:
    """The Malay evidence in ``text``: the summed weight of the distinct markers it holds, and those markers
    (lower case, in order of first occurrence)."""
    found: dict[str, None] = {}
    for m in _MARKER.finditer(text):
        found.setdefault(" ".join(m.group().lower().split()), None)
    words = list(found)
    return sum(MALAY_MARKERS[w] for w in words), words


def looks_malay(text: str) -> list[str] | None:
    """The Malay markers of ``text`` when they reach :data:`MALAY_THRESHOLD` from two words or more, else None."""
    score, words = malay_evidence(text)
    return words if score >= MALAY_THRESHOLD and len(words) >= 2 else None
