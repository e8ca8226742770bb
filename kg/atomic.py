"""Atomic file output: write to a temporary file beside the target, rename at the end.

An interrupted run leaves the previous file untouched and no temporary behind.
A symbolic link is followed, so the file it points to is replaced and the link
stays. A path that names something other than a regular file (a FIFO, a
terminal, a device such as /dev/stdout) cannot be replaced by renaming: the
output is written straight into it. A write that fails (a full disk) is
reported with the path.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import KGError

__all__ = ["atomic_open", "write_target"]

# errors of the writing itself, as opposed to errors of whatever produces the output
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EPIPE}


def write_target(path: str | Path) -> Path:
    """What writing to ``path`` writes: the file at the end of its symbolic links."""
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise KGError(f"{path}: is a folder; give the name of a file to write")
    return target


@contextmanager
def atomic_open(path: str | Path, binary: bool = False) -> Iterator[IO]:
    target = write_target(path)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    try:
        if mode is not None and not stat.S_ISREG(mode):
            with open(target, "wb" if binary else "w", **({} if binary else
                      {"encoding": "utf-8", "newline": "\n"})) as out:
                yield out
            return
        yield from _replace(target, binary, mode)
    except OSError as err:
        if err.errno in _WRITE_ERRORS:
            raise KGError(f"{path}: cannot write ({err.strerror}); nothing was replaced"
                          if mode is None or stat.S_ISREG(mode) else
                          f"{path}: cannot write ({err.strerror})") from None
        raise


def _replace(target: Path, binary: bool, mode: int | None) -> Iterator[IO]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as out:
            yield out
        if mode is None:  # mkstemp makes it private; give it a new file's usual mode
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, stat.S_IMODE(mode))  # a file replaced keeps its permissions
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
