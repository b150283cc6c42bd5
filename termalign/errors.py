"""Errors a user can act on.

Every problem with a user's input is raised as :class:`InputError`, carrying the file, the line (or entry)
and a hint; the CLI prints it as ``file:line: message (hint)`` and exits with status 2, without a traceback.
"""

from __future__ import annotations


class TermalignError(Exception):
    """Base class of the errors termalign raises on purpose."""


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
        return text


class LanguageMismatchError(InputError):
    """A side of the input is not in the language it was declared to be in."""
