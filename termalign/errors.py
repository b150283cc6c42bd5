"""Errors a user can act on.

Every problem with a user's input is raised as :class:`InputError`, carrying the file, the line (or entry)
and a hint; the CLI prints it as ``file:line: message (hint)`` and exits with status 2, without a traceback.
"""

from __future__ import annotations

import re

# Characters that must not reach a terminal raw from a user's file: C0 controls (ESC starts terminal escape
# sequences; tab and, for multi-line messages, newline are kept), DEL, C1 controls (U+009B is a one-character
# CSI), and the bidi embeddings, overrides and isolates that make text display in another order than it reads.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE_LINES = re.compile(f"[{_UNSAFE}]")
_UNSAFE_LINE = re.compile(f"[{_UNSAFE}\n]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` safe to print on a terminal: each control character (see ``_UNSAFE``) written as a Python-style
    escape (``\\x1b``, ``\\u202e``); ``one_line`` escapes newlines too. Text without them is returned as is.

    Every message termalign prints that can quote a user's text (errors, warnings, text-format findings) goes
    through it, so a catalog string cannot recolour, clear or rewrite the user's terminal.
    """
    pattern = _UNSAFE_LINE if one_line else _UNSAFE_LINES
    return pattern.sub(_escaped, text) if pattern.search(text) else text


class TermalignError(Exception):
    """Base class of the errors termalign raises on purpose."""


class RunFailed(TermalignError):
    """The run could not finish for a reason outside the input and outside termalign's code: a worker process
    was killed, a Dask cluster lost its task. The message names the file being worked on; the CLI prints it
    without a traceback and exits with status 3 (nothing was written: outputs are atomic)."""


class InputError(TermalignError):
    """Bad input: a file that cannot be read, parsed, or used as asked.

    ``file`` and ``line`` say where; ``hint`` says what the user can do about it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        entry: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.entry = entry
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            elif self.entry is not None:
                where += f" [{self.entry}]"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)


class LanguageMismatchError(InputError):
    """A side of the input is not in the language it was declared to be in."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written: unwinds the stack so that temporary files are
    removed and locks released, then the CLI exits with status ``128 + signum`` (what a shell reports for a
    process the signal killed). A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that no
    ``except Exception`` on the way catches it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum
