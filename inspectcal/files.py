"""Writing files so that nobody ever sees half of one.

A calendar app polling a feed, or a crash mid-write, must find either the old file or the new
one: write to a temporary file in the same folder, flush it to disk, then rename over the target.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from inspectcal.errors import BadInput, MalformedDataFile


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    protect: tuple[Path, ...] = (),
    parents: bool = False,
) -> None:
    """Replace `path` with `content` atomically.

    `protect` lists the user's input files: writing over one of them is refused, because an
    output path that names an input is almost always a typo that would destroy the input.
    A missing folder is created only when the caller owns the layout (`parents`): for a
    user's `-o` path it is a typo to report, not a directory tree to invent.
    """
    target = path.resolve()
    for guarded in protect:
        if guarded.exists() and guarded.resolve() == target:
            raise BadInput(f"refusing to overwrite the input file {path}; choose another -o path")
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.parent
    if parents:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise BadInput(f"cannot write {path}: the folder {path.parent} does not exist")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_text(path: Path) -> str:
    """A user's text file, or the one-line error that names it and why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        raise MalformedDataFile(str(path), None, f"cannot read it ({reason})") from err
