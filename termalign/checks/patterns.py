"""Small named patterns the checks use to tell prose from code, names and units.

Each pattern says what real text it was seen in and why it matters, in the spirit of ftfy's ``badness.py``:
a check that flags ``pushDefault`` as two glued words, or ``%s`` as an untranslated term, is worse than no
check, because users learn to ignore it. Everything here is deliberately narrow; a pattern that fires too
often hides real errors.
"""

from __future__ import annotations

import re

from termalign.lang.base import glued_pattern, word_pattern

# --- words ----------------------------------------------------------------------------------------------

#: A word of running text: letters with inner hyphens or apostrophes ("sel-sel", "don't", "flebolitnya").
#: Digits and underscores end a word, so "utf8" or "snake_case" never reach the fuzzy matcher whole.
WORD = word_pattern(digits=False, joiners="-'’")

#: A token with letters and at least one digit or underscore: identifiers and codes ("ext4", "x86_64",
#: "i18n", "core_pattern"). Never a garbled term.
CODEISH = re.compile(r"(?<![\w.-])[\w.-]*(?:\d|_)[\w.-]*")  # starts only where a run starts: linear time

# --- glued words ----------------------------------------------------------------------------------------

#: Two words run together with no space, the second capitalised: "sessionCalcium", "withdrawalThey" (MT
#: pipeline output where a sentence boundary lost its space), "sajaAnda" (a real Indonesian .mo string).
#: The shape of :func:`termalign.lang.base.glued_pattern` (as :data:`termalign.segment.GLUE`: 4+ lower-case
#: letters, then a capitalised word of 3+ letters), here also not touching code punctuation (paths, options,
#: placeholders). "iPhone", "McDonald", "mmHg", "eGFR", "pH" do not fit the shape at all (fewer than four
#: lower-case letters before the capital).
GLUED = glued_pattern(not_after=r"\w.\-/@$%{\\", not_before=r"\w(\-/=:\\\[{")

#: A sentence end with the space lost: "tissue.Calcium", "jaringan.Kalsium". Seen when lines are joined by
#: a converter that drops the newline. File names and domains ("setup.Py", "example.Com") are rare with a
#: capitalised lower-case tail, and both halves must be known words before this is reported.
MISSING_SPACE = re.compile(r"(?<![\w.\-/@])([a-z]{3,})[.!?]([A-Z][a-z]{2,})(?![\w.(\-/=:])")

# --- code and markup context ----------------------------------------------------------------------------

#: printf/Python/ICU/shell placeholders and format specifiers: "%s", "%1$s", "%(name)s", "{0}", "{name}",
#: "${VAR}", "$(cmd)", "<b>", "&amp;". Seen in every .mo catalog (gettext, glib, git); text inside them is
#: never prose.
PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+ #0]*(?:\*|\d+)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcspnm%]"
    r"|%\([^)\s]{1,40}\)[-+ #0]*\d*(?:\.\d+)?[sdrifgxXeE]"
    r"|\{[\w.:!\-\[\]]{0,40}\}"
    r"|\$\{[^}\s]{1,40}\}|\$\([^)\s]{1,40}\)|\$[A-Za-z_]\w*"
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]{0,200})?/?>"
    r"|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"
)

#: Inline code and quoted literals: `git config pushDefault`, ``len(x)`` (reST, paired as a whole so that the
#: single backquotes of roles around it pair up right), "core.autocrlf", 'HEAD', «nama». Git's .mo
#: strings quote config names ("'push.default'") and commands; GNOME strings quote key names with “…”.
QUOTED = re.compile(
    r"``[^`\n]{1,200}``|`[^`\n]{1,200}`|(?<!\w)'[^'\n]{1,80}'(?!\w)|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”|(?<!\w)‘[^’\n]{1,80}’(?!\w)"
    r"|«[^»\n]{1,80}»"
)

#: A keyboard-accelerator marker inside a word: "Ukura_n", "Lepa_s" (GTK mnemonics), "Ber&kas" (Qt), "Si~mpan"
#: (LibreOffice).
ACCELERATOR_INSIDE = re.compile(r"(?<=[^\W\d_])[_&~](?=[^\W\d_])")
#: Every keyboard-accelerator marker: one inside a word, or "&", "~" or "_" before one ("&Berkas", "~Buka",
#: "_Buka").
ACCELERATOR = re.compile(ACCELERATOR_INSIDE.pattern + r"|(?<![\w&~])[&~](?=[^\W\d_])|(?<![\w_])_(?=[^\W\d_])")

#: reST role names before their backquoted target (":class:`list`", ":c:type:`ssize_t`", ":term:`object`"), in the
#: 518 catalogs of the Python documentation (python-docs-id): markup, never prose (the target is :data:`QUOTED`).
REST_ROLE = re.compile(r"(?<![\w:]):[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:(?=`)")

#: reST/Markdown emphasis "*list*", "*deep copy*": the Python documentation writes parameter names so, and
#: Indonesian style (PUEBI) italicises a foreign word kept on purpose ("daftar *list*"): not an untranslated
#: term. Counted with the quotations (a garbled word in italics is still a garble).
EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])[^*\n]{1,80}(?<=[^\s*\\])\*(?![\w*])")

#: Settings written as code: environment assignments ("GDK_GL=disable", "LC_ALL=C") and special key:value strings
#: of GTK catalogs ("calendar:MY", "calendar:week_start:0": the translator picks a value, no prose has a
#: colon without a space after it between letters).
ASSIGNMENT = re.compile(r"(?<![\w-])[A-Z][A-Z0-9_]+=\S*|(?<![\w:-])[a-z][\w-]*:[A-Za-z0-9_][\w]*(?::\w+)*(?![\w:/])")

#: Key combinations: "Ctrl+Shift+Delete", "Alt + F4", "Super+Tab" (GNOME and Xfce help strings): the key names
#: are printed on the keys, not translated.
KEY_COMBO = re.compile(r"\b(?:Ctrl|Control|Shift|Alt|AltGr|Super|Meta|Cmd|Command|Fn|Win)(?:[ ]?\+[ ]?[\w]+)+")

#: GNU-style quotes (`name'), used by bash, binutils and coreutils messages around commands and literals (not
#: part of :data:`QUOTED`: the missing-term and untranslated-term checks use it on their own).
GNU_QUOTE = re.compile(r"`[^`'\n]{1,80}'")

#: Command-line options and config keys: "--force-with-lease", "-n", "core.pushDefault", "user.name" (each
#: dotted part starts in lower case, so a sentence run into the next, "tissue.Calcium", is not a key).
#: From git.mo, coreutils.mo, tar.mo: options and dotted keys are kept in English by design.
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(?:=\S*)?|(?<![\w-])[a-z][\w-]*(?:\.[a-z][\w-]*)+\b")

#: URLs, e-mail addresses and file paths ("https://…", "bug-tar@gnu.org", "/etc/passwd", "~/.gitconfig",
#: "C:\\Temp"). Seen in the headers and help texts of GNU catalogs. An address is matched from the start of its run of
#: address characters (leading dots or dashes included), so a long run is scanned once: linear time.
URL_PATH = re.compile(
    r"\b(?:https?|ftp|file)://\S+|(?<![\w.+-])[.+-]*\w[\w.+-]*@[\w-]+(?:\.[\w-]+)+|(?:~|\.{1,2})?/[\w.~+-]+(?:/[\w.~+-]*)*"
    r"|\b[A-Za-z]:\\[^\s]*"
)

#: An identifier shape: a word with an inner capital after a lower-case letter *and* something else
#: unusual for prose: a second inner capital (getElementById), a digit, or an underscore.
# Each alternative starts only where its leading run of letters starts (the lookbehinds), so a long word is
# scanned once, not from each of its letters; the matches are the same.
IDENTIFIER = re.compile(
    r"(?<![a-z])[a-z]+(?:[A-Z][a-z0-9]*){2,}|(?<![A-Za-z])[A-Za-z]+[0-9_]\w*|(?<![a-z])[a-z]+[A-Z]{2,}\w*"
)

# --- names and units ------------------------------------------------------------------------------------

#: Product and brand names whose inner capital is part of the name. A pattern can't know these; the list is
#: what shows up in consumer-health and software text (the medical pages we started from, GNOME/git
#: catalogs). Lower-cased for lookup.
_PRODUCT_NAMES = (
    "iPhone iPad iPod iTunes iCloud iMac iOS macOS watchOS tvOS iPadOS MacBook AirDrop FaceTime "
    "JavaScript TypeScript CoffeeScript PowerPoint PowerShell OneDrive OneNote SharePoint YouTube "
    "WordPress PayPal LinkedIn WhatsApp TikTok GitHub GitLab BitBucket DevOps OpenSSL OpenSSH OpenGL "
    "PostgreSQL MySQL MariaDB SQLite MongoDB NoSQL GraphQL PyPI NumPy SciPy PyTorch TensorFlow "
    "McDonald McDonalds McGraw McKinsey MacDonald DreamWorks PlayStation FireWire DisplayPort "
    "ThinkPad LibreOffice OpenOffice NetworkManager PackageKit PulseAudio PipeWire GNOME KDE "
    "WiFi BlackBerry SmartCard PostScript TrueType OpenType FreeType NetBSD FreeBSD OpenBSD DragonFly"
)
PRODUCT_NAMES = frozenset(name.lower() for name in _PRODUCT_NAMES.split())
#: Names that are also common English words, so only their exact spelling counts ("Windows" the system, not
#: "windows" left untranslated; GNOME and GLib catalogs keep it in Indonesian strings).
NAMES_EXACT = frozenset(("Windows", "Office", "Word", "Excel", "Outlook", "Chrome", "Edge", "Safari", "Firefox"))

#: Units and lab values written in mixed case on purpose: "mmHg" (blood pressure), "eGFR" (kidney function),
#: "pH", "mEq", "kDa", "mL", "dL", "HbA1c". Seen in the medical pages checks are written for.
_UNITS = "mmHg cmH2O eGFR pH pO2 pCO2 mEq mmol umol µmol kDa mL dL uL µL ng mg kg HbA1c IgG IgM IgE"
UNITS = frozenset(unit.lower() for unit in _UNITS.split())

#: Spans of a string that are not prose: the union of the patterns above, in the order they are tried.
NON_PROSE = (PLACEHOLDER, QUOTED, EMPHASIS, URL_PATH, OPTION, REST_ROLE, ASSIGNMENT, KEY_COMBO)
#: The patterns of :data:`NON_PROSE` that are quotations (left out with ``quotes=False``, except backticks).
_QUOTATIONS = (QUOTED, EMPHASIS)


#: Characters without which a pattern of :data:`NON_PROSE` cannot match: a pattern is only tried on a text
#: holding one of them (most strings hold none of them, and the patterns are the costly part of the checks).
_TRIGGERS: dict[re.Pattern[str], str] = {
    PLACEHOLDER: "%{$<&",
    QUOTED: "`'\"“‘«",
    URL_PATH: "/@:",
    OPTION: "-.",
    EMPHASIS: "*",
    REST_ROLE: ":",
    ASSIGNMENT: "=:",
    KEY_COMBO: "+",
}


#: One character class per pattern of :data:`_TRIGGERS`, and one for all of them (a C-level scan each).
_TRIGGER_RES: dict[re.Pattern[str], re.Pattern[str]] = {
    pattern: re.compile("[" + re.escape(chars) + "]") for pattern, chars in _TRIGGERS.items()
}
_ANY_TRIGGER = re.compile("[" + re.escape("".join(_TRIGGERS.values())) + "]")


def code_spans(text: str, *, quotes: bool = True) -> list[tuple[int, int]]:
    """Character spans of ``text`` that are code, placeholders, quotes, options, URLs or paths, reST roles and
    emphasis, settings and key combinations (sorted).

    With ``quotes=False`` quoted text counts as prose (a garbled term in quotes is still a garbled term);
    backticks still count as code.
    """
    spans: list[tuple[int, int]] = []
    if _ANY_TRIGGER.search(text) is None:
        return spans
    for pattern in NON_PROSE:
        if _TRIGGER_RES[pattern].search(text) is None:
            continue
        if not quotes and pattern in _QUOTATIONS:
            if pattern is QUOTED and "`" in text:
                spans.extend(m.span() for m in pattern.finditer(text) if m.group().startswith("`"))
            continue
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.sort()
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps any of ``spans``."""
    return any(s < end and start < e for s, e in spans)


def looks_like_identifier(token: str) -> bool:
    """Whether ``token`` is shaped like code rather than a (glued) word: getElementById, x86_64, eGFR."""
    if IDENTIFIER.fullmatch(token):
        return True
    lowered = token.lower()
    return lowered in PRODUCT_NAMES or lowered in UNITS


# --- names, constants and commands (not term occurrences) --------------------------------------------------

_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*) $")
_WORD_AFTER = re.compile(r" ([^\W\d_])")


def capitalised(token: str) -> bool:
    """``Windows``, not ``windows`` nor ``WINDOWS``."""
    return len(token) >= 2 and token[0].isupper() and token[1:].islower()


def is_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a capitalised word ("Windows"), is used as a name in ``text``.

    A glossary term written with a capital letter inside a sentence is part of a name: a product, an
    application, a licence, a format, a menu ("Use Windows high-resolution clock", "lihat GNU General Public
    License versi 2", "dalam Import Library Format header", "widget Container"), not the term ("window",
    "license"). The capitalised words around the token form its name; the name must follow a word in lower
    case on the same line (one space between), or, at the start of a line, be followed by one (the first
    word is then capitalised for the sentence: "Use Windows high-resolution clock"). A title-case line
    ("Close All Windows", "The Export Tables (interpreted ...)") and capitals at the start of a line or of a
    column of option help ("--list    List unmatched pieces") say nothing: the term is reported as usual.
    """
    if not start or text[start - 1] != " " or not capitalised(text[start:end]):
        return False  # a name follows a word and one space (else the token starts its line or a column)
    first = start  # the capitalised words before the token, back to the start of its name
    while True:
        m = _WORD_BEFORE.search(text, max(0, first - 40), first)
        if m is None or m.start() != first - len(m.group()) or not m.group(1)[0].isupper():
            break
        first = m.start()
    before = _WORD_BEFORE.search(text, max(0, first - 40), first)
    if before is not None and before.end() == first:
        word = before.group(1)
        return word[0].islower() and word.lower() not in _TITLE_CASE_MINOR  # "Save the File" is title case
    if first == start or text[:first].rstrip(" \t").rpartition("\n")[2]:
        return False  # the token itself starts the line, or something other than a word stands before the name
    last = end  # the capitalised words after the token, to the end of its name
    while (m := _WORD_AFTER.match(text, last)) is not None and m.group(1).isupper():
        last = _TOKEN_END.match(text, m.end()).end()  # type: ignore[union-attr]
    after = _WORD_AFTER.match(text, last)
    return after is not None and after.group(1).islower()


_TOKEN_END = re.compile(r"[\w'’-]*")
#: Words title case leaves in lower case ("Save the File", "Print to File"): after one of them a capital says
#: nothing about a name.
_TITLE_CASE_MINOR = frozenset((
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "at", "by", "in", "of", "off", "on", "to", "up",
    "as", "per", "via", "with", "from", "into", "onto", "over", "than",
))


def is_constant(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a word in capitals ("WIDTH", "FILE", "HEAD"), is a constant or a
    metavariable rather than prose: the string has words in lower case too, and the word is not a leading
    label ("WARNING: ..."), which translators do translate."""
    token = text[start:end]
    if len(token) < 2 or not token.isupper():
        return False
    if not text[:start].strip() and text[end : end + 1] == ":":
        return False
    return any(c.islower() for c in text)


#: The synopsis of a command at the start of a line, with what the line may start with ("usage:", "or:",
#: Indonesian "penggunaan:"/"atau"): one or two lower-case command words, then an option or a bracketed
#: argument ("git branch [<options>]", "exit [n]", "enable [-a] [name ...]"; not "[%lx]", a value). From git,
#: bash and coreutils catalogs: the command words are the program's names and stay as they are.
def _synopsis(more_words: str, also: str = "") -> re.Pattern[str]:
    """A synopsis-line pattern: one command word, then ``more_words`` (a quantifier of further words), then
    what may follow them besides an option or a bracketed argument (``also``, an alternative of the lookahead)."""
    return re.compile(
        r"^[ \t]*(?:(?i:usage|penggunaan|or|atau):?[ \t]+)?(?P<cmd>[a-z][\w.+-]*(?:[ \t]+[a-z][\w.+-]*)"
        + more_words + r")[ \t]+(?=\[[-<\w]|<\w|--?[A-Za-z]" + also + ")",
        re.MULTILINE,
    )


SYNOPSIS = _synopsis("?")
#: The same with up to three command words and a parenthesised argument ("git submodule deinit [--quiet]", "git
#: commit-graph verify [--object-dir <dir>]"): untranslated-term leaves such words alone when the source's line
#: starts with them too.
SYNOPSIS3 = _synopsis("{0,2}", r"|\(")


def command_spans(text: str) -> list[tuple[int, int]]:
    """Spans of command words at the start of synopsis lines of ``text`` (see :data:`SYNOPSIS`)."""
    if "[" not in text and "<" not in text and "-" not in text:
        return []
    return [m.span("cmd") for m in SYNOPSIS.finditer(text)]
