"""PO glossaries: ``msgid`` is the English term, ``msgstr`` the Indonesian one, everything else in comments.

This is the shape Weblate, Pootle and gettext-based teams keep glossaries in. termalign writes the other
fields as extracted comments, one ``key: value`` per line, and reads them back::

    #. pos: noun
    #. domain: medical
    #. note: a calcified venous thrombus
    #. source variants: phlebolite
    #. target variants: …
    #. forbidden: phlebolith | flebolith
    #. flags: case-sensitive, do-not-translate
    msgid "phlebolith"
    msgstr "flebolit"

When one English term appears twice (homonyms told apart by part of speech or domain), the writer gives
each a ``msgctxt`` so that ``msgfmt`` accepts the file; the reader ignores ``msgctxt``. On reading, other
extracted and translator comments become the note; fuzzy entries (not reviewed) and untranslated entries are
skipped with a warning, and obsolete (``#~``) entries are ignored.
"""

from __future__ import annotations

import re

import polib

from termalign.formats.po import load_catalog
from termalign.glossary.rows import (
    VARIANT_SEPARATOR,
    GlossaryIssue,
    IssueLog,
    build_entry,
    entry_flags,
)
from termalign.model import Glossary, GlossaryEntry

# Comment key → field name of :func:`termalign.glossary.build_entry`.
COMMENT_KEYS: dict[str, str] = {
    "pos": "pos",
    "domain": "domain",
    "note": "note",
    "source variants": "source_variants",
    "target variants": "target_variants",
    "forbidden": "forbidden",
    "flags": "flags",
}
_LIST_FIELDS = ("source_variants", "target_variants", "forbidden")
_KEY_LINE = re.compile(r"^\s*([a-z][a-z ]*?)\s*:\s*(.*)$")


def read_po(text: str, *, file: str | None = None) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Entries of a PO glossary and the issues of individual entries."""
    log = IssueLog(file)
    # Strict syntax check first (polib silently mangles unterminated strings and bad escapes), then polib.
    catalog = load_catalog(file or "<po>", text=text)
    entries: list[GlossaryEntry] = []
    for item in catalog:
        if item.obsolete:
            continue
        line = item.linenum or None
        if "fuzzy" in item.flags:
            log.warning(
                line,
                f"fuzzy entry {item.msgid!r} skipped (not reviewed)",
                "fuzzy",
                "review it and remove the fuzzy flag to use it",
            )
            continue
        msgstr = item.msgstr
        if not msgstr and item.msgstr_plural:
            # polib's parser gives int keys; an entry built in code may use "0"
            msgstr = {str(k): v for k, v in item.msgstr_plural.items()}.get("0", "")
        fields: dict[str, str] = {"source": item.msgid, "target": msgstr}
        notes: list[str] = []
        for comment_line in (item.comment or "").splitlines():
            match = _KEY_LINE.match(comment_line)
            key = match.group(1).lower() if match else ""
            if match and key in COMMENT_KEYS:
                name = COMMENT_KEYS[key]
                value = match.group(2).strip()
                if name == "note":
                    notes.append(value)
                elif name in _LIST_FIELDS and fields.get(name):
                    fields[name] += VARIANT_SEPARATOR + value
                else:
                    fields[name] = value
            elif comment_line.strip():
                notes.append(comment_line.strip())
        notes.extend(part.strip() for part in (item.tcomment or "").splitlines() if part.strip())
        fields["note"] = " ".join(notes)
        if not msgstr.strip() and "do-not-translate" not in fields.get("flags", ""):
            log.warning(
                line,
                f"untranslated term {item.msgid!r} skipped",
                "untranslated",
                "translate it, or add '#. flags: do-not-translate' if it stays in English",
            )
            continue
        entry = build_entry(fields, log=log, line=line, column_label={"source": "msgid", "target": "msgstr"})
        if entry is not None:
            entries.append(entry)
    return entries, log.issues


def _comment(entry: GlossaryEntry) -> str:
    lines = []
    if entry.pos:
        lines.append(f"pos: {entry.pos}")
    if entry.domain:
        lines.append(f"domain: {entry.domain}")
    if entry.note:
        lines.append(f"note: {entry.note}")
    for key, forms in (
        ("source variants", entry.source_variants),
        ("target variants", entry.target_variants),
        ("forbidden", entry.forbidden),
    ):
        if forms:
            lines.append(f"{key}: {' | '.join(forms)}")
    flags = entry_flags(entry)
    if flags:
        lines.append(f"flags: {', '.join(flags)}")
    return "\n".join(lines)


def write_po(glossary: Glossary) -> str:
    """``glossary`` as a PO file (deterministic: no dates, entries in glossary order)."""
    # No wrapping: a wrapped "#. key: value" comment would read back as a key line plus a note line.
    catalog = polib.POFile(wrapwidth=0)
    name = glossary.name or "glossary"
    catalog.header = (
        f"Glossary {name!r} ({glossary.source_lang} to {glossary.target_lang}), exported by termalign.\n"
        "msgid: English term; msgstr: Indonesian term; extracted comments: pos, domain, note, variants "
        "(separated by '|'), forbidden forms and flags."
    )
    catalog.metadata = {
        "Project-Id-Version": f"termalign glossary {name}",
        "Language": glossary.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
        "X-Generator": "termalign",
    }
    seen: dict[str, int] = {}
    for entry in glossary.entries:
        seen[entry.source] = seen.get(entry.source, 0) + 1
    used_contexts: set[tuple[str, str]] = set()
    for entry in glossary.entries:
        context = None
        if seen[entry.source] > 1:
            context = "/".join(part for part in (entry.domain, entry.pos) if part) or "sense"
            base, number = context, 2
            while (entry.source, context) in used_contexts:
                context, number = f"{base} {number}", number + 1
            used_contexts.add((entry.source, context))
        catalog.append(polib.POEntry(msgid=entry.source, msgstr=entry.target, comment=_comment(entry), msgctxt=context))
    return str(catalog)
