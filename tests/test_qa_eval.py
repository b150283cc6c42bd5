"""Suggestions that apply (issue 14 item 4), on the evaluation's own medical texts (dev split only: the test split
is held out): every finding at an injected damage, its suggestion applied to its span, must give back the
undamaged line; and no suggestion applied anywhere may leave a doubled piece of a word ("covid-19-19")."""

from __future__ import annotations

import re

import pytest

from benchmarks.qa_eval import DIRECTIONS, _check, damages, documents
from termalign.checks.runner import make_context
from termalign.glossary import load_glossary

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def glossary():
    return load_glossary("medical")


def _findings_on(d, src, tgt, source_lang, target_lang, glossary):
    lines = list(tgt)
    lines[d.line - 1] = d.damaged
    if d.merged_next:
        del lines[d.line]
    found = _check("\n".join(src) + "\n", "\n".join(lines) + "\n", source_lang, target_lang, glossary)
    return [f for f in found if f.location.line == d.line and f.lang == target_lang
            and f.suggestion is not None and f.location.start is not None]


def test_every_suggestion_at_injected_damage_gives_the_undamaged_text(glossary):
    known = make_context(glossary).known
    checked = restored = 0
    wrong = []
    for direction, _name, src, tgt, d in damages("dev", 1, 14, known, glossary):
        if not d.code or not d.suggestion_required:
            continue
        source_lang, target_lang = dict(DIRECTIONS)[direction]
        for f in _findings_on(d, src, tgt, source_lang, target_lang, glossary):
            loc = f.location
            if f.code != d.code or not (loc.start < d.end and d.start < loc.end):
                continue
            # the finding's text is exactly its span, and applying the suggestion there mends the line
            assert d.damaged[loc.start:loc.end] == f.text
            applied = d.damaged[:loc.start] + f.suggestion + d.damaged[loc.end:]
            checked += 1
            if applied == d.original:
                restored += 1
            else:
                wrong.append((d.kind, f.text, f.suggestion))
            break
    assert checked >= 20
    assert restored / checked >= 0.85, wrong


def test_no_suggestion_on_the_clean_texts_doubles_part_of_a_word(glossary):
    for _direction, (source_lang, target_lang) in DIRECTIONS:
        for _name, en, idl in documents("dev"):
            src, tgt = (en, idl) if source_lang == "en" else (idl, en)
            for f in _check("\n".join(src) + "\n", "\n".join(tgt) + "\n", source_lang, target_lang, glossary):
                loc = f.location
                if f.suggestion is None or loc.start is None or f.lang != target_lang:
                    continue
                line = tgt[loc.line - 1]
                if line[loc.start:loc.end] != f.text:
                    continue  # a line of several sentences: offsets are the sentence's
                applied = line[:loc.start] + f.suggestion + line[loc.end:]
                rest = re.match(r"\S*", line[loc.end:]).group()
                assert not rest or not f.suggestion.endswith(rest), (f.text, f.suggestion, applied)
