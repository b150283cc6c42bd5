"""Reading users' text files into one clean, normalised string, and writing outputs without losing data.

Input text is decoded (UTF-8 with or without BOM, UTF-16/32 with BOM, or an encoding the user names),
line ends are made ``\\n``, Unicode is composed to NFC and zero-width characters are removed. All character
offsets termalign reports refer to this normalised text. Anything that cannot be decoded is an
:class:`~termalign.errors.InputError` naming the file, line and byte offset.

Outputs are written atomically: a temporary file in the target's folder, flushed, then renamed over the
target, so an interrupted run never leaves a truncated file. An existing file is only replaced when the
caller says so, an input is never written over, and a file several runs may update is locked
(:func:`locked`); see :func:`open_output` for symbolic links, devices and FIFOs.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from termalign.errors import InputError, Terminated

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Invisible characters that break words apart for a tokenizer but carry no text: zero-width space,
# zero-width non-joiner/joiner, word joiner, and a BOM left in the middle of a file by concatenation.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def display_name(path: str | os.PathLike[str]) -> str:
    """The name of an input as shown in messages (``<stdin>`` for ``-``)."""
    return "<stdin>" if str(path) == "-" else str(path)


def read_bytes(path: str | os.PathLike[str], *, binary: bool = False) -> bytes:
    """Read a file (or standard input for ``-``), turning OS errors into an :class:`InputError`.

    The file is read in blocks so that a device or pipe that never ends (``/dev/zero``, ``yes |``) is refused
    early instead of filling memory: a run of eight NUL bytes (impossible in text of any encoding termalign
    accepts: UTF-32 has at most five in a row without a U+0000, which is refused) stops the read, and so does a
    size over :data:`MAX_INPUT_BYTES`. For a ``binary`` format (a compiled MO catalog) only the size bound
    applies.
    """
    name = display_name(path)
    if str(path) == "-":
        return _read_bounded(sys.stdin.buffer, name, binary)
    try:
        with open(path, "rb") as handle:
            return _read_bounded(handle, name, binary)
    except OSError as exc:
        raise read_error(exc, name) from None


# The largest input read whole: far above any real document or catalog (the benchmarks read a few MB).
MAX_INPUT_BYTES = 1 << 30
_READ_BLOCK = 1 << 22
_NUL_RUN = b"\x00" * 8


def _read_bounded(handle: BinaryIO, name: str, binary: bool) -> bytes:
    """All of ``handle``, refusing binary data (a run of NUL bytes) and inputs over :data:`MAX_INPUT_BYTES`."""
    blocks: list[bytes] = []
    size = 0
    tail = b""
    while True:
        block = handle.read(_READ_BLOCK)
        if not block:
            return b"".join(blocks)
        run = -1 if binary else (tail + block).find(_NUL_RUN)
        if run >= 0:
            offset = size - len(tail) + run
            line = sum(b.count(b"\n") for b in blocks) + (tail + block).count(b"\n", len(tail), run) + 1
            raise InputError(f"looks like a binary file (NUL bytes at byte offset {offset})", file=name, line=line,
                             hint="termalign reads plain text")
        size += len(block)
        if size > MAX_INPUT_BYTES:
            raise InputError(f"larger than {MAX_INPUT_BYTES >> 20} MB; termalign reads text files whole",
                             file=name, hint="split the file into smaller parts")
        blocks.append(block)
        tail = block[-7:]


def read_error(exc: OSError, name: str) -> InputError:
    """The :class:`InputError` for an OS error met while reading input ``name`` (for readers that open the file
    themselves, such as the streaming TMX reader)."""
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file", file=name, hint="check the path")
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory, not a file", file=name)
    if isinstance(exc, PermissionError):
        return InputError("permission denied", file=name)
    return InputError(f"cannot read: {exc.strerror or exc}", file=name)


def decode(data: bytes, *, name: str = "<input>", encoding: str | None = None, exact: bool = False) -> str:
    """Decode bytes to normalised text (see the module docstring).

    A byte-order mark picks the encoding; otherwise ``encoding`` (default UTF-8) is used. Binary data
    (NUL bytes in a file without a UTF-16/32 BOM) and undecodable bytes raise :class:`InputError`.
    ``exact=True`` only unifies line ends: no NFC, no zero-width characters dropped (a catalog written back
    must keep its bytes: gettext looks messages up by them).
    """
    chosen = encoding
    body = data
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding is None or encoding.lower().replace("_", "-").startswith(bom_encoding[:6]):
                chosen = bom_encoding
            break
    if chosen is None:
        chosen = "utf-8"
        if b"\x00" in body:
            offset = body.index(b"\x00")
            raise InputError(
                f"looks like a binary file (NUL byte at byte offset {offset})",
                file=name,
                line=body.count(b"\n", 0, offset) + 1,
                hint="termalign reads plain text; UTF-16 files need a byte-order mark or --encoding utf-16",
            )
    text_codec(chosen, name)
    try:
        text = body.decode(chosen)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        line = data.count(b"\n", 0, offset) + 1
        bad = data[offset : offset + 4].hex(" ")
        raise InputError(
            f"not valid {chosen}: undecodable byte(s) {bad} at byte offset {offset}",
            file=name,
            line=line,
            hint="convert the file to UTF-8 or name its encoding with --encoding (e.g. cp1252)",
        ) from None
    except (UnicodeError, ValueError) as exc:  # a codec's own failure that is not a decode error proper
        raise InputError(f"not valid {chosen}: {exc}", file=name,
                         hint="convert the file to UTF-8 or name its encoding with --encoding (e.g. cp1252)") from None
    _refuse_control(text, name, chosen)
    if exact:
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    return normalise(text)


# Codecs Python counts as text encodings that do not read text files: they decode escapes or domain names,
# or always fail ("undefined"). Refused by name, like the bytes-to-bytes codecs (rot13, hex, zlib, base64...).
_NOT_TEXT_CODECS = frozenset({"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape",
                              "unicode-internal", "escape-codec", "string-escape"})
SURROGATE = re.compile("[\ud800-\udfff]")


def text_codec(encoding: str, name: str = "<input>") -> str:
    """The canonical name of ``encoding`` when it is a codec for text files; otherwise :class:`InputError`.

    Used for ``--encoding`` and for the charset a PO or MO header declares, before anything is decoded, so an
    unknown name, a bytes-to-bytes codec (``hex``, ``zlib``) or an escape/IDNA codec is refused by name.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        raise InputError(f"unknown encoding {encoding!r}", file=name, hint="try utf-8, utf-16 or cp1252") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_TEXT_CODECS:
        raise InputError(f"{encoding!r} is not a text encoding", file=name, hint="try utf-8, utf-16 or cp1252")
    return info.name


def _refuse_control(text: str, name: str, encoding: str) -> None:
    """Refuse a decoded text holding a NUL or a lone surrogate (UTF-7 can encode both), naming line and column.

    Neither is text: a NUL would be written into outputs (a PO file) that termalign and gettext refuse, and
    a lone surrogate cannot be encoded as UTF-8 when writing.
    """
    nul = text.find("\x00")
    surrogate = SURROGATE.search(text)
    if nul < 0 and surrogate is None:
        return
    at = min(p for p in (nul, surrogate.start() if surrogate else -1) if p >= 0)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    what = "a NUL character" if at == nul else f"a lone surrogate U+{ord(text[at]):04X}"
    raise InputError(f"not text: {what} at character {column} of the line (decoded as {encoding})", file=name,
                     line=line, hint="termalign reads plain text; check the file and its --encoding")


def normalise(text: str) -> str:
    """Unify line ends to ``\n``, compose Unicode (NFC) and drop zero-width characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _INVISIBLE_RE.search(text):
        text = text.translate(_INVISIBLE)
    return unicodedata.normalize("NFC", text)


def read_text(path: str | os.PathLike[str], *, encoding: str | None = None) -> str:
    """Read and decode a text file (``-`` is standard input); see :func:`decode`."""
    return decode(read_bytes(path), name=display_name(path), encoding=encoding)


def write_output(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    overwrite: bool = False,
    hint: str = "choose another name or pass --force to replace it",
    inputs: Iterable[str | os.PathLike[str]] = (),
    unchanged: os.stat_result | None = None,
) -> None:
    """Write ``data`` to ``path`` atomically (``-`` writes to standard output); see :func:`open_output`."""
    with open_output(path, overwrite=overwrite, hint=hint, inputs=inputs, unchanged=unchanged) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def open_output(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    hint: str = "choose another name or pass --force to replace it",
    inputs: Iterable[str | os.PathLike[str]] = (),
    unchanged: os.stat_result | None = None,
) -> Iterator[BinaryIO]:
    """A binary handle for writing an output to ``path`` without ever leaving it half-written (``-`` is
    standard output).

    * ``path`` is never one of ``inputs`` (the same file, also through a symbolic or hard link): refused whatever
      ``overwrite`` says, since the input would be gone before the run that reads it ends.
    * An existing file, including a symbolic link to nothing, is replaced only with ``overwrite``; otherwise an
      :class:`InputError` carrying ``hint`` (what the user can do instead) is raised before anything is written.
      A new file is put in place with a hard link, which fails if another run created the name meanwhile, so
      two runs writing one new output cannot both succeed.
    * A regular file is written to a temporary file in its folder, flushed, fsynced and renamed over it
      only when the block ends without an exception (the old file's permission bits are kept); otherwise the
      temporary file is removed, also on SIGTERM or SIGHUP, and the target is left as it was. A symbolic link is
      followed: the file it points to is replaced and the link stays.
    * ``unchanged`` (the target's ``os.stat`` when the caller read it) makes the rename fail if the file was
      changed on disk in between, so a merge never overwrites an edit it did not see.
    * A character device or a FIFO (``/dev/null``, a named pipe) is written in place: there is no file to lose
      and a rename would replace the device with a regular file. Other kinds of file are refused.
    """
    if str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    name = str(path)
    refuse_input(path, inputs)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a loop of symbolic links, a path through a file, no permission to look
        raise InputError(f"cannot write: {_reason(exc)}", file=name) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory; name an output file", file=name)
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        with _in_place(path) as handle:
            yield handle
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InputError("is neither a regular file, a character device nor a FIFO; refusing to write to it",
                         file=name)
    linked = os.path.islink(path)
    if (info is not None or linked) and not overwrite:
        raise InputError("output file exists; refusing to overwrite it", file=name, hint=hint)
    target = Path(os.path.realpath(path)) if linked else Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("output folder does not exist", file=name, hint="create it first or fix the path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write here: {_reason(exc)}", file=name,
                         hint="check the folder's permissions and free space") from None
    try:
        with _signals_unwind(), os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if info is not None:
                os.chmod(tmp, info.st_mode & 0o7777)  # keep the permissions of the file being replaced
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            _put_in_place(tmp, target, name=name, replace=info is not None, hint=hint, unchanged=unchanged)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, InputError):
            # Disk full, quota, file too large...: the target is untouched and the temporary file removed.
            raise InputError(f"cannot write: {_reason(exc)}; nothing was written", file=name,
                             hint="free some space or choose another folder") from None
        raise
    _sync_folder(folder)


def refuse_input(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`InputError` when ``output`` is the same file as one of ``inputs`` (compared by device and
    inode, so a symbolic or hard link to an input counts; ``-`` and names that are not files are skipped)."""
    if str(output) == "-":
        return
    try:
        out = os.stat(output)
    except OSError:
        return  # nothing there yet: it cannot be an input
    for candidate in inputs:
        if str(candidate) == "-":
            continue
        try:
            seen = os.stat(candidate)
        except OSError:
            continue  # a shipped glossary's name, or an input that will fail with its own message
        if (seen.st_dev, seen.st_ino) == (out.st_dev, out.st_ino):
            also = "" if os.fspath(candidate) == os.fspath(output) else f" ({display_name(candidate)})"
            raise InputError(f"the output is also an input{also}; refusing to write over an input, even with "
                             "--force", file=str(output), hint="write the result to another file")


@contextlib.contextmanager
def _in_place(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A character device or FIFO opened for writing as it is (no temporary file, no rename, no truncation)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot write: {_reason(exc)}", file=str(path)) from None
    with os.fdopen(fd, "wb") as handle:
        yield handle


def _put_in_place(tmp: str, target: Path, *, name: str, replace: bool, hint: str,
                  unchanged: os.stat_result | None) -> None:
    """Rename the finished temporary file over ``target`` (``replace``), or link it in as a new file that must not
    exist yet: a hard link fails when another run has created the name since the check, where a rename would
    silently replace that run's output."""
    if replace:
        if unchanged is not None:
            try:
                now = os.stat(target)
            except FileNotFoundError:
                now = None
            if now is None or _identity(now) != _identity(unchanged):
                raise InputError("the file was changed on disk while termalign was working on it; nothing was "
                                 "written", file=name, hint="run the command again to include that change")
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InputError("output file exists (another run wrote it meanwhile); refusing to overwrite it",
                         file=name, hint=hint) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # A file system without hard links (FAT, some network shares): check again just before the rename.
        if os.path.lexists(target):
            raise InputError("output file exists (another run wrote it meanwhile); refusing to overwrite it",
                             file=name, hint=hint) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file to disk (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_UNWIND_SIGNALS = tuple(getattr(signal, s) for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s))


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`~termalign.errors.Terminated` in this process instead of
    killing it outright, so ``finally`` blocks remove temporary files and release locks (SIGINT already raises
    KeyboardInterrupt). Only in the main thread, and only for signals left at their default action."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def unwind(signum: int, frame: object) -> None:
        if os.getpid() != owner:  # a forked worker inherited the handler: die the default way
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated(signum)

    previous = {}
    for signum in _UNWIND_SIGNALS:
        if signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, unwind)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an advisory lock on ``path`` for the block: ``flock`` on ``PATH.lock`` beside the real file (symbolic
    links followed), so two runs updating one file cannot interleave their read, merge and write.

    When another process holds the lock an :class:`InputError` naming the lock file is raised at once (no waiting).
    The kernel releases the lock when its holder ends however it ends, so a lock file left by a killed run blocks
    nobody. The lock file is removed on release (and a run that locked a file removed meanwhile locks again).
    Without ``fcntl`` (Windows) the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    name = str(path)
    real = Path(os.path.realpath(path))
    lock = real.with_name(real.name + ".lock")
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise InputError(f"cannot create the lock file {lock}: {_reason(exc)}", file=name,
                             hint="check the folder's permissions") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise InputError(f"another run is updating this file (it holds the lock {lock})", file=name,
                                 hint="wait for that run to finish, then run again") from None
            raise InputError(f"cannot lock {lock}: {_reason(exc)}", file=name) from None
        try:
            mine = os.stat(lock)
        except FileNotFoundError:
            mine = None
        held = os.fstat(fd)
        if mine is not None and (mine.st_dev, mine.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # the previous holder removed the file we locked: lock the one there now
    try:
        with _signals_unwind():
            yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _reason(exc: OSError) -> str:
    """The lower-case reason of an OS error ("permission denied", "no space left on device")."""
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]
