"""A small on-disk cache of data termalign derives from its inputs: the checks' glossary index, word lists.

Why: a pre-commit hook runs ``termalign check`` on one or two files per commit, and most of its start-up went into
rebuilding the same structures from the same glossary and word lists on every run. Each is stored here once,
under a key that names everything it was built from, and read back on later runs.

Where (the platform's conventions, no extra dependency): ``$TERMALIGN_CACHE_DIR`` when set; else
``$XDG_CACHE_HOME/termalign`` (default ``~/.cache/termalign``) on Linux and other POSIX systems,
``~/Library/Caches/termalign`` on macOS, ``%LOCALAPPDATA%\\termalign\\Cache`` on Windows. (``platformdirs``
computes the same three folders; ten lines here do not justify a dependency.)

Rules:

* **Off switch.** ``TERMALIGN_NO_CACHE`` set to anything but ``""``/``0``, or :func:`disable` (the CLI's
  ``--no-cache``): nothing is read or written.
* **Keys.** A caller names a ``kind`` and gives the key material (content hashes, options); termalign's version
  and the Python version are always part of the key. A change of either means another file name, so a stale
  entry is never read; old files of a kind are pruned beyond :data:`KEEP` per kind.
* **Integrity.** A file holds a magic line, the SHA-256 of its full key and the SHA-256 of its payload, then the
  payload (a pickle). A file whose header or digest does not match (truncated, corrupt, written by another
  version) is ignored and rebuilt: a cache problem never fails a run and never exits with status 3.
* **Concurrency.** A file is written to a temporary name in the same folder and renamed over the final name
  (``os.replace``, atomic): two runs writing the same entry each write a whole file, the last rename wins, and a
  reader sees one whole file or none.
* **Trust.** The payload is a pickle, which can run code when loaded; it is only read from the user's own cache
  folder (the same trust as their shell start-up files: whoever can write there can already run code as the
  user), and only after its digest and key check out, so a file from another version or a damaged file is never
  unpickled. Nothing from an input file is ever unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

MAGIC = b"termalign-cache 1\n"
#: Files kept per kind (the newest by modification time); older ones are removed when a new one is written.
KEEP = 16
_disabled = False


def disable() -> None:
    """Turn the cache off for the rest of the process (the CLI's ``--no-cache``)."""
    global _disabled
    _disabled = True


def enabled() -> bool:
    """Whether the cache is read and written (see the module docstring's off switch)."""
    return not _disabled and os.environ.get("TERMALIGN_NO_CACHE", "").strip() in ("", "0")


def cache_dir() -> Path:
    """The folder termalign's cache lives in (see the module docstring); it may not exist yet."""
    override = os.environ.get("TERMALIGN_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "termalign" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "termalign"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "termalign"


def full_key(kind: str, *parts: object) -> bytes:
    """The SHA-256 of everything an entry of ``kind`` depends on: ``parts``, termalign's and Python's versions."""
    from termalign import __version__

    material = repr((kind, __version__, sys.version_info[:2], pickle.HIGHEST_PROTOCOL, parts))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).digest()


def code_identity(*modules: str) -> tuple[tuple[str, int, int], ...]:
    """The size and modification time of each named module's file (``-1`` for one not imported or without a
    file): part of a key whose entry those modules' rules shape, so that an edited rule in a development checkout
    means a new key even though termalign's version is unchanged."""
    out = []
    for name in modules:
        path = getattr(sys.modules.get(name), "__file__", None)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            stat = None
        out.append((name, stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1))
    return tuple(out)


def _path(kind: str, key: bytes) -> Path:
    return cache_dir() / f"{kind}-{key.hex()[:32]}.bin"


def load(kind: str, key: bytes) -> Any | None:
    """The value stored for ``key`` (from :func:`full_key`), or None when there is none, the cache is off, or
    the file is unreadable, damaged or not for this key."""
    if not enabled():
        return None
    try:
        data = _path(kind, key).read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 64
    if len(data) < head or not data.startswith(MAGIC) or data[len(MAGIC):len(MAGIC) + 32] != key:
        return None
    payload = memoryview(data)[head:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC) + 32:head]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a digest-checked file that still fails to load: treat it as absent, rebuild
        return None


def store(kind: str, key: bytes, value: Any) -> bool:
    """Store ``value`` under ``key`` (atomic; see the module docstring). Returns whether it was written: a cache
    that cannot be written (read-only home, full disk) is skipped silently."""
    if not enabled():
        return False
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return False
    folder = cache_dir()
    target = _path(kind, key)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + key + hashlib.sha256(payload).digest())
            handle.write(payload)
        os.replace(tmp, target)
        tmp = None
        _prune(folder, kind, target)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Remove the oldest files of ``kind`` beyond :data:`KEEP` (never ``keep``, the one just written)."""
    try:
        found = [p for p in folder.glob(f"{kind}-*.bin") if p != keep]
        if len(found) < KEEP:
            return
        found.sort(key=lambda p: p.stat().st_mtime)
        for old in found[:len(found) - KEEP + 1]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
