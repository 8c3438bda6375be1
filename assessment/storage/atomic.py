"""Atomic file writes: a crash or a full disk mid-save never leaves a broken or half-written file."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

__all__ = ["STALE_SECONDS", "WINDOWS_RESERVED", "portable_stem", "write_atomic"]

#: names Windows refuses for a file whatever its extension (``nul.json`` is the device ``nul``)
WINDOWS_RESERVED = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{i}" for i in range(1, 10)),
        *(f"lpt{i}" for i in range(1, 10)),
    }
)


def portable_stem(stem: str) -> str:
    """``stem`` as a file name every system keeps: a name Windows reserves (``CON``, ``nul.x``)
    gets ``+`` after the reserved word (``CON+``, ``nul+.x``), one ending in a dot (which Windows
    drops) ``+`` after the dot. A unit's code never holds ``+``, so no two codes get one name."""
    head, dot, rest = stem.partition(".")
    if head.casefold() in WINDOWS_RESERVED:
        stem = f"{head}+{dot}{rest}"
    return stem + "+" if stem.endswith(".") else stem


#: A temporary file of an interrupted save older than this is removed by the next save.
STALE_SECONDS = 3600.0

#: Most file systems limit a file name to 255 bytes (not characters).
_NAME_BYTES = 255


def _temp_prefix(name: str) -> str:
    """``.<name>.``, cut on a character boundary so ``.<name>.<random>.tmp`` fits in 255 bytes."""
    room = _NAME_BYTES - len(".." + secrets.token_hex(6) + ".tmp")
    cut = name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f".{cut}."


def _remove_stale(folder: Path, prefix: str, now: float) -> None:
    """Remove temporary files an interrupted save to the same file left behind long ago.

    Only names of our own pattern (``.<name>.<random>.tmp``) are touched, and only when they are
    older than :data:`STALE_SECONDS`, so a save running at the same moment keeps its file.
    """
    pattern = re.compile(re.escape(prefix) + r"[A-Za-z0-9_]{6,16}\.tmp")
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)


def _open_temp(folder: Path, prefix: str) -> tuple[int, str]:
    """A new temporary file next to the target, created with mode 0666 less the umask."""
    for _ in range(100):
        tmp = os.path.join(folder, f"{prefix}{secrets.token_hex(6)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(tmp, flags, 0o666), tmp  # the kernel applies the umask
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
    raise FileExistsError(f"no free temporary file name in {folder}")  # pragma: no cover


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    if os.name != "posix":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(
    path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8"
) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The rename is atomic on POSIX and Windows (``os.replace``), so readers see either the old
    file or the new one, never a mix. The temporary file is flushed and fsynced first.

    A new file gets the mode any program would give it (0666 less the umask); an existing file
    keeps its mode. Saving through a symbolic link replaces the file it points to, and the link
    stays a link. The temporary file is named ``.<name>.<random>.tmp``; it is removed whatever
    goes wrong, and ones an interrupted save (a killed process) left over an hour ago are removed
    by the next save to the same path. Returns ``path``.
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    payload = data.encode(encoding) if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        keep_mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        keep_mode = None
    prefix = _temp_prefix(target.name)
    _remove_stale(target.parent, prefix, time.time())
    try:
        fd, tmp = _open_temp(target.parent, prefix)
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(given)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if keep_mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), keep_mode)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OSError(exc.errno, exc.strerror, str(given)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)
    return given
