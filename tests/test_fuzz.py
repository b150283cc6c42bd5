"""Every fuzz target (``tests/fuzz/``) over its seed corpus plus hypothesis-mutated inputs, on every test run.

A target may refuse an input only with ``InputError``; any other exception or a broken round trip fails
here. Mutations are derandomized (the same inputs on every run) and bounded so the file stays fast (300 inputs per
target; the environment variable ``TERMALIGN_FUZZ_EXAMPLES`` raises that for a longer run); the
long runs (atheris or ``--random``, minutes per target) are described in ``tests/fuzz/common.py`` and their
figures in ``docs/robustness.md``. The inputs that found bugs while fuzzing are kept in ``REGRESSIONS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termalign.checks.catalogs import PoEntry
from tests.fuzz import fuzz_glossary_csv, fuzz_glossary_tsv, fuzz_json, fuzz_mo, fuzz_po, fuzz_tbx, fuzz_tmx
from tests.fuzz.common import OPS, corpus, mutate

TARGETS: dict[str, tuple[Callable[[bytes], None], list[bytes]]] = {
    "po": (fuzz_po.target, fuzz_po.TOKENS),
    "mo": (fuzz_mo.target, fuzz_mo.TOKENS),
    "tmx": (fuzz_tmx.target, fuzz_tmx.TOKENS),
    "tbx": (fuzz_tbx.target, fuzz_tbx.TOKENS),
    "glossary_tsv": (fuzz_glossary_tsv.target, fuzz_glossary_tsv.TOKENS),
    "glossary_csv": (fuzz_glossary_csv.target, fuzz_glossary_csv.TOKENS),
    "json": (fuzz_json.target, fuzz_json.TOKENS),
}

# Inputs that crashed a target or broke a round trip before the fix named next to them.
REGRESSIONS: dict[str, list[bytes]] = {
    "po": [
        # Content-Type buried in another header line: decoded as latin-1, written back as UTF-8 (mojibake).
        b'msgid ""\nmsgstr ""\n"Contentype:Y+p(charset=ISO-8859-1\\n"\n\nmsgid "vein"\n'
        b'msgstr "v\xd0\xfc\xce\xfb \xe9na"\n',
        # \r in a header value: polib split it into a new header line ("set=UTF-8").
        b'msgid ""\nmsgstr ""\n"Project-Id-Version: fuzz\\rset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        # A codec that is not a text encoding: LookupError escaped as an internal error.
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UU\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        # Empty msgid_plural: polib drops it and writes msgstr[N] without it.
        b'msgid "file"\nmsgid_plural ""\nmsgstr[0] "berkas"\nmsgstr[1] "berkas"\n',
        # The same header field twice: polib's dict keeps one.
        b'msgid ""\nmsgstr ""\n"Plural-FOrms: nplurals=2\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n',
        # A header comment line starting with "," or ":": polib writes it back as a flags/references line.
        b"# ,d Translator\n", b'# :ia"\n',
        # Content-Type value continued in the next string, key in another case.
        b'msgid ""\nmsgstr ""\n"Content-TypE: text/plain; charset=UTF-8"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n',
        # "charset=" of another header field reached across an escaped \n.
        b'msgid ""\nmsgstr ""\n"X: fuzzcharset=UTF-16\\n"\n"Content-Type: text/plain; chna"\n',
        # A NUL byte next to a declared charset.
        b'msgid ""\nmsgstr ""\n"Content-Type: text-plai\x00n; charset=UTF\xef\xbb\xbf-8\\n"\n',
        # A hyphenated charset wrapped by polib over two strings ("ISO-8859-" "3").
        b'msgid ""\nmsgstr ""\n"Content-Type: tex' + b"\xff" * 38 + b't/pln; charset=ISO-8859-------3\\n"\n',
        # A raw U+001E (a line break for str.splitlines, which polib uses) inside a msgid: polib read it as "",
        # a second header, and the rewritten catalog no longer parsed.
        b'msgid ""\nmsgstr ""\n"Language: id\\n"\n\nmsgid "\x1e\x1e#~|\x1e"\nmsgstr ""\n"X-Not-A-Header: 1\\n"\n',
        # A "#| "..."" continuation with no "#| msgid": polib appended it to the header's msgstr.
        b'msgid ""\nmsgstr ""\n"Language: id\\n"\n#| "\\"D"Pr-s:s=1; pl;al\\0n"\n\nmsgid "a"\nmsgstr "b"\n',
        # A termalign score comment out of [0, 1].
        b'#. termalign: a.en.txt bead 1 (1-1), score 9.93\nmsgid "a"\nmsgstr "b"\n',
    ],
    "tmx": [
        b'<?xml version="1.0" encoding="UTFF-8"?>\n<tmx><body/></tmx>\n',  # LookupError from expat
        # 1,500 nested inline elements: RecursionError in seg_text and the writer.
        b'<tmx><body><tu><tuv xml:lang="en"><seg>' + b"<hi>" * 1500 + b"x" + b"</hi>" * 1500
        + b'</seg></tuv><tuv xml:lang="id"><seg>y</seg></tuv></tu></body></tmx>',
    ],
    "tbx": [
        b'<?xml version="1.0" encoding="UTG-8"?>\n<tbx/>\n',  # LookupError from expat
        # A duplicate concept merged a variant that clashed with another entry only after the merge.
        b'<tbx><text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>vein</term></termSec>'
        b'</langSec><langSec xml:lang="id"><termSec><term>vena</term></termSec></langSec></conceptEntry>'
        b'<conceptEntry id="c2"><langSec xml:lang="en"><termSec><term>vein</term></termSec><termSec><term>PDF'
        b'</term></termSec></langSec><langSec xml:lang="id"><termSec><term>vena</term></termSec></langSec>'
        b'</conceptEntry><conceptEntry id="c3"><langSec xml:lang="en"><termSec><term>PDF</term></termSec>'
        b'</langSec><note>termalign flags: do-not-translate</note></conceptEntry></body></text></tbx>',
    ],
    "glossary_tsv": [],
    "glossary_csv": [],
    "mo": [
        # A header charset that is not a text encoding: UnicodeError from the codec escaped as an internal error.
        fuzz_mo.compile_mo([PoEntry(msgid="a vein", msgstr="vena")], "undefined"),
        fuzz_mo.compile_mo([PoEntry(msgid="a vein", msgstr="vena")], "punycode"),
        fuzz_mo.compile_mo([PoEntry(msgid="a vein", msgstr="vena +2AA-")], "UTF-7"),  # a lone surrogate
    ],
    "json": [
        b"[" * 100_000 + b"]" * 100_000,  # RecursionError from the decoder
        b'{"version": 1, "findings": [{"fingerprint": "x", "count": ' + b"1" * 5000 + b"}]}",  # int digit limit
        b'{"beads": [{"source": ["a"], "target": ["b"], "source_index": [0], "target_index": [0], "score": 1,'
        b' "evidence": [{"kind": "number", "weight": "heavy"}]}]}',  # float("heavy")
        b'{"beads": [{"source": ["a"], "target": ["b"], "source_index": [0], "target_index": [10000000000000],'
        b' "score": 1}]}',  # set(range(max index + 1)) for the message: MemoryError
    ],
}


@pytest.mark.parametrize("parser", sorted(TARGETS))
def test_seed_corpus_and_regressions(parser: str) -> None:
    target, _ = TARGETS[parser]
    seeds = corpus(parser)
    assert seeds, f"tests/fuzz_corpus/{parser}/ is empty"
    for data in [*seeds, *REGRESSIONS[parser]]:
        target(data)


def _mutations(parser: str) -> st.SearchStrategy[bytes]:
    seeds = corpus(parser)
    tokens = TARGETS[parser][1]
    op = st.tuples(st.sampled_from(OPS), st.integers(0, 1 << 20), st.binary(max_size=8))
    return st.builds(lambda seed, ops, other: mutate(seed, ops, tokens, other),
                     st.sampled_from(seeds), st.lists(op, min_size=1, max_size=8), st.sampled_from(seeds))


# TERMALIGN_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py runs a longer (still derandomized) search.
FUZZ = settings(max_examples=int(os.environ.get("TERMALIGN_FUZZ_EXAMPLES", "300")), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@pytest.mark.parametrize("parser", sorted(TARGETS))
def test_mutated_inputs(parser: str) -> None:
    target, _ = TARGETS[parser]

    @FUZZ
    @given(_mutations(parser))
    def run(data: bytes) -> None:
        target(data)

    run()
