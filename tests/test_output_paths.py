"""Where `-o` and `publish` write: regular files atomically, anything else in place or not at all.

Every case records the target before and after (file type, bytes, permission bits): the point is
that nothing the user had is destroyed. Device nodes are only ever private ones made here.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import cli

MINI = str(Path(__file__).parent / "ical_mini.toml")
PLAN = ["plan", "-f", "jtai", "--notify", "2016-09-13", "--format", "csv"]


def state(path: Path) -> tuple[int, bytes | None, int]:
    """File type, content (regular files only) and permission bits, without following links."""
    info = os.lstat(path)
    content = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
    return stat.S_IFMT(info.st_mode), content, stat.S_IMODE(info.st_mode)


@pytest.fixture
def expected_plan(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = cli(capsys, *PLAN)
    assert code == 0
    return out


def test_a_fifo_is_written_into_and_stays_a_fifo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], expected_plan: str
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe, 0o600)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, out, err = cli(capsys, *PLAN, "-o", str(pipe))
    reader.join(10)
    assert (code, out, err) == (0, "", "")
    assert received == [expected_plan.encode()]
    assert state(pipe) == (stat.S_IFIFO, None, 0o600)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_is_written_to_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A private twin of /dev/null (char 1,3): before the fix, -o renamed a regular file over it.
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = (state(null), os.lstat(null).st_rdev)
    code, out, err = cli(capsys, *PLAN, "-o", str(null))
    assert (code, out, err) == (0, "", "")
    assert (state(null), os.lstat(null).st_rdev) == before
    assert sorted(os.listdir(tmp_path)) == ["null"]  # no temporary file left beside it


def test_dev_stdout_into_a_pipe_writes_the_plan(expected_plan: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from inspectcal.cli import main; main()", *PLAN,
         "-o", "/dev/stdout"],
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == expected_plan.encode()


@pytest.mark.parametrize("command", ["plan", "check", "export"])
def test_the_timetable_given_with_f_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    timetable = tmp_path / "my.toml"
    timetable.write_bytes(Path(MINI).read_bytes())
    before = state(timetable)
    extra = ["--today", "2016-09-14"] if command == "check" else []
    args = [command, "-f", str(timetable), "--notify", "2016-09-13", *extra, "-o", str(timetable)]
    assert cli(capsys, *args) == (
        2,
        "",
        f"inspectcal: error: refusing to overwrite the input file {timetable}; "
        "choose another -o path\n",
    )
    assert state(timetable) == before


def test_the_timetable_is_protected_through_a_symlink_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    timetable = tmp_path / "my.toml"
    timetable.write_bytes(Path(MINI).read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(timetable)
    before = state(timetable)
    code, _, err = cli(
        capsys, "plan", "-f", str(timetable), "--notify", "2016-09-13", "-o", str(link)
    )
    assert code == 2 and "refusing to overwrite the input file" in err
    assert state(timetable) == before


def test_a_read_only_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = tmp_path / "keep.txt"
    keep.write_text("precious\n")
    keep.chmod(0o444)
    assert cli(capsys, *PLAN, "-o", str(keep)) == (
        2,
        "",
        f"inspectcal: error: refusing to overwrite the read-only file {keep}; "
        "choose another path\n",
    )
    assert state(keep) == (stat.S_IFREG, b"precious\n", 0o444)


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    before = state(folder)
    assert cli(capsys, *PLAN, "-o", str(folder)) == (
        2,
        "",
        f"inspectcal: error: cannot write {folder}: it is a folder; give a file name\n",
    )
    assert state(folder) == before and list(folder.iterdir()) == []


def test_a_regular_file_is_replaced_atomically_keeping_its_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], expected_plan: str
) -> None:
    out = tmp_path / "plan.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    assert cli(capsys, *PLAN, "-o", str(out)) == (0, "", "")
    assert state(out) == (stat.S_IFREG, expected_plan.encode(), 0o640)
    assert sorted(os.listdir(tmp_path)) == ["plan.csv"]


def test_a_symlinked_output_is_written_through_and_the_link_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], expected_plan: str
) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli(capsys, *PLAN, "-o", str(link))[0] == 0
    assert link.is_symlink() and real.read_text() == expected_plan


def test_a_publish_folder_that_is_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "feeds"
    target.write_text("not a folder\n")
    before = state(target)
    args = ["publish", str(target), "-f", MINI, "--notify", "2016-09-13", "--name", "X"]
    assert cli(capsys, *args) == (
        2,
        "",
        f"inspectcal: error: {target} is a file, not a folder; give the feed folder's path\n",
    )
    assert state(target) == before
    code, _, err = cli(capsys, "publish", str(target / "sub"), *args[2:])
    assert (code, err) == (
        2,
        f"inspectcal: error: {target / 'sub'} cannot be a folder: a part of its path is a file\n",
    )
    assert state(target) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a 0555 folder")
def test_an_unwritable_publish_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir(mode=0o555)
    args = ["publish", str(folder), "-f", MINI, "--notify", "2016-09-13", "--name", "X"]
    assert cli(capsys, *args) == (
        2,
        "",
        f"inspectcal: error: cannot write into the folder {folder} (Permission denied)\n",
    )
    assert list(folder.iterdir()) == []


def test_a_refused_write_into_the_publish_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same case for a root run (which may write anywhere): the kernel's refusal is faked
    # where publish first creates something in the folder, its lock file.
    real_open = os.open

    def refusing(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)

    folder = tmp_path / "feeds"
    folder.mkdir()
    monkeypatch.setattr(os, "open", refusing)
    args = ["publish", str(folder), "-f", MINI, "--notify", "2016-09-13", "--name", "X"]
    assert cli(capsys, *args) == (
        2,
        "",
        f"inspectcal: error: cannot write into the folder {folder} (Permission denied)\n",
    )
    assert list(folder.iterdir()) == []
