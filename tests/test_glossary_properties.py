"""Property tests: every format round-trips any glossary it can hold, and no input crashes a reader."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termalign.errors import InputError
from termalign.glossary import FORMATS, PARTS_OF_SPEECH, parse_glossary, write_glossary
from termalign.model import Glossary, GlossaryEntry

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

word = st.text(alphabet="abcdeklmnoprstuyzéö-'", min_size=1, max_size=8)
term = st.lists(word, min_size=1, max_size=3).map(" ".join)
note = st.text(alphabet="abc xyz,;:<>&\"'()é|#", max_size=30)


@st.composite
def entries(draw: st.DrawFn) -> GlossaryEntry:
    flags = draw(st.sets(st.sampled_from(["case-sensitive", "do-not-translate"])))
    return GlossaryEntry(
        source=draw(term),
        target=draw(term),
        source_variants=tuple(draw(st.lists(term, max_size=2))),
        target_variants=tuple(draw(st.lists(term, max_size=2))),
        forbidden=tuple(draw(st.lists(term, max_size=2))),
        pos=draw(st.sampled_from(("", *PARTS_OF_SPEECH))),
        domain=draw(st.sampled_from(("", "medical", "software"))),
        note=draw(note),
        case_sensitive="case-sensitive" in flags,
        do_not_translate="do-not-translate" in flags,
    )


def normalised(raw: list[GlossaryEntry]) -> Glossary:
    """What termalign makes of arbitrary entries: written as TSV and read back leniently (fixing overlaps)."""
    return parse_glossary(write_glossary(Glossary(tuple(raw)), "tsv"), "tsv", strict=False)


@pytest.mark.slow
@SETTINGS
@given(st.lists(entries(), min_size=1, max_size=8))
def test_every_format_round_trips(raw: list[GlossaryEntry]) -> None:
    glossary = normalised(raw)
    tsv = write_glossary(glossary, "tsv")
    assert write_glossary(parse_glossary(tsv, "tsv"), "tsv") == tsv  # canonical TSV is byte-identical
    for fmt in ("csv", "tbx", "po"):
        if fmt == "tbx" and not glossary.entries:
            continue
        again = parse_glossary(write_glossary(glossary, fmt), fmt)
        assert again.entries == glossary.entries, fmt


@SETTINGS
@given(st.text(alphabet='ab \t"#|,;\n<>&é=', max_size=200), st.sampled_from(["tsv", "csv", "omegat", "po"]))
def test_text_readers_never_crash(text: str, fmt: str) -> None:
    for header in ("", "source\ttarget\tforbidden\tflags\n", "source,target,note\n"):
        with contextlib.suppress(InputError):
            parse_glossary(header + text, fmt, strict=False)


@SETTINGS
@given(st.binary(max_size=300) | st.text(alphabet='<>/="! ?xmltbDOCTYPEENTITY&;:\n', max_size=300).map(str.encode))
def test_tbx_reader_never_crashes(data: bytes) -> None:
    with contextlib.suppress(InputError):
        parse_glossary(data, "tbx", strict=False)


def test_formats_constant_matches_writers() -> None:
    glossary = Glossary((GlossaryEntry(source="cell", target="sel"),))
    for fmt in FORMATS:
        assert write_glossary(glossary, fmt)
