"""Writing files so that nobody ever sees half of one, and nothing else is ever destroyed.

A calendar app polling a feed, or a crash mid-write, must find either the old file or the new
one: write to a temporary file in the same folder, flush it to disk, then rename over the target.
A rename is only safe over a regular file, though: renamed over `/dev/null` (as root) it would
replace the system's device, over a FIFO it would leave the reader waiting for ever. Anything
that exists and is not a regular file is therefore opened and written in place.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inspectcal.errors import BadInput, MalformedDataFile, OutputFailed

# A temporary file this old belongs to a writer that died (SIGKILL, power loss): no atomic
# write takes minutes, so removing it cannot race a live writer.
STALE_AFTER = 600.0


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    protect: tuple[Path, ...] = (),
    parents: bool = False,
) -> None:
    """Replace `path` with `content` atomically when it is (or will be) a regular file.

    `protect` lists the user's input files: writing over one of them is refused, because an
    output path that names an input is almost always a typo that would destroy the input.
    A missing folder is created only when the caller owns the layout (`parents`): for a
    user's `-o` path it is a typo to report, not a directory tree to invent.

    Problems with the path the user chose are `BadInput` (exit 2); the system failing a write
    that should have worked (disk full, I/O error) is `OutputFailed` (exit 3).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not str(path).strip():
        raise BadInput("the output path is empty; give a file name")
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise BadInput(f"cannot write {path} ({err.strerror}); choose another path") from err
    for guarded in protect:
        if info is not None and _same_file(guarded, info):
            raise BadInput(f"refusing to overwrite the input file {path}; choose another -o path")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise BadInput(f"cannot write {path}: it is a folder; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(path, data)
        return
    # The mode bits too: root may write anywhere, but a file marked read-only is meant to stay.
    if info is not None and (not info.st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise BadInput(f"refusing to overwrite the read-only file {path}; choose another path")
    target = path.resolve()
    folder = target.parent
    if parents:
        make_folder(folder)
    elif not folder.is_dir():
        raise BadInput(f"cannot write {path}: the folder {path.parent} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadInput(f"cannot write {path}: the folder {folder} is not writable")
    _replace(path, target, data, info)


def _replace(path: Path, target: Path, data: bytes, info: os.stat_result | None) -> None:
    """Write a temporary file beside `target`, flush it to disk, then rename it over: a
    reader finds the old file or the new one, and a failed write leaves no temporary."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise _failure(path, err) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _give_mode(temp, info)
        os.replace(temp, target)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise _failure(path, err) from err
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class StagedWrites:
    """Many atomic writes with one flush to disk instead of one per file.

    A publish writes four files per inspection; an fsync each, waited for in turn, made the
    disk, not the work, the cost of a national programme. Each file is written at once to a
    temporary beside its target; `commit` makes all of them durable together and only then
    renames each over its target. A crash before the renames leaves every target as it was
    (the temporaries are removed as stale later); after, each rename swaps in a complete
    file: nobody ever sees half of one, and a failed write replaces nothing. Targets that
    are not plain writable files, or are inputs, take `write_atomic`'s own path (written
    through, or refused) straight away.
    """

    def __init__(self, *, protect: tuple[Path, ...] = ()) -> None:
        self.protect = protect
        self._staged: list[tuple[Path, Path, Path]] = []  # (temporary, target, as given)

    def write(self, path: Path, data: bytes, *, parents: bool = False) -> None:
        """Stage `data` for `path`; nothing is replaced before `commit`."""
        try:
            info: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            info = None
        except OSError:
            write_atomic(path, data, protect=self.protect, parents=parents)
            return
        if info is not None and (
            not stat.S_ISREG(info.st_mode)
            or not info.st_mode & 0o222
            or not os.access(path, os.W_OK)
            or any(_same_file(guarded, info) for guarded in self.protect)
        ):
            write_atomic(path, data, protect=self.protect, parents=parents)
            return
        target = path.resolve()
        if parents:
            make_folder(target.parent)
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as err:
            raise _failure(path, err) from err
        self._staged.append((Path(temp), target, path))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            _give_mode(temp, info)
        except OSError as err:
            raise _failure(path, err) from err

    def commit(self) -> None:
        """Flush every staged file to disk, then rename each over its target."""
        if not self._staged:
            return
        # One sync writes everything out at once; the fsync of each file after it then finds
        # nothing left to write and costs little, but still reports a failed write (a full
        # disk, an I/O error) for that file, which os.sync() alone would swallow.
        os.sync()
        for temp, _, path in self._staged:
            try:
                fd = os.open(temp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as err:
                self.discard()
                raise _failure(path, err) from err
        for done, (temp, target, path) in enumerate(self._staged):
            try:
                os.replace(temp, target)
            except OSError as err:
                del self._staged[:done]
                raise _failure(path, err) from err
        self._staged.clear()

    def discard(self) -> None:
        """Remove what is staged and not yet renamed (after a failure): the targets stay."""
        for temp, _, _ in self._staged:
            temp.unlink(missing_ok=True)
        self._staged.clear()


def read_text(path: Path) -> str:
    """A user's text file, or the one-line error that names it and why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        raise MalformedDataFile(str(path), None, f"cannot read it ({reason})") from err


def make_folder(folder: Path) -> None:
    """Create `folder` and its parents; a path through a file or a refusal is one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise BadInput(f"{folder} cannot be a folder: a part of its path is a file") from None
    except OSError as err:
        raise BadInput(f"cannot create the folder {folder} ({err.strerror})") from err


def remove_stale_temporaries(folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete the `.NAME.xxxx.tmp` files that killed writers left in `folder` and below."""
    cutoff = (time.time() if now is None else now) - STALE_AFTER
    removed: list[Path] = []
    for temp in folder.rglob(".*.tmp"):
        try:
            if temp.is_file() and not temp.is_symlink() and temp.stat().st_mtime < cutoff:
                temp.unlink()
                removed.append(temp)
        except OSError:
            continue  # someone else's file, or gone already: not ours to fuss over
    return removed


LOCK_NAME = ".lock"


@contextmanager
def folder_lock(folder: Path, *, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (an flock on its hidden `.lock` file).

    Two writers that each read the folder's state and write it back would lose one another's
    revisions; with the lock the second waits for the first, up to `wait` seconds. The kernel
    drops the lock when its holder dies, so a killed writer never blocks the next one.
    """
    import fcntl

    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise BadInput(f"cannot write into the folder {folder} ({err.strerror})") from err
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputFailed(
                        f"another publish into {folder} is still running after {wait:g} s; "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _give_mode(temp: str, info: os.stat_result | None) -> None:
    """The replaced file's permissions, or a new file's (the umask's), not mkstemp's 0600."""
    if info is not None:
        os.chmod(temp, info.st_mode & 0o777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)


def _same_file(guarded: Path, info: os.stat_result) -> bool:
    try:
        other = os.stat(guarded)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


def _write_through(path: Path, data: bytes) -> None:
    """A device, FIFO or `/dev/stdout`: written in place, never renamed over."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
    except PermissionError as err:
        raise BadInput(f"cannot write {path} ({err.strerror}); choose another path") from err
    except OSError as err:
        raise OutputFailed(f"writing {path} failed ({err.strerror or err})") from err


def _failure(path: Path, err: OSError) -> OutputFailed:
    return OutputFailed(f"writing {path} failed ({err.strerror or err}); nothing was replaced")
