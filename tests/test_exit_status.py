"""The exit status contract, command by command, through the real entry point (`cli.run`).

0 ok; 1 a finding (a deadline missed or overdue, a clash, a lint finding, a holiday list that
differs); 2 bad input or usage; 3 the system failed
(disk full, a write refused mid-way); 4 a bug in inspectcal; 130 interrupted. Every failure is
one line on stderr; only `--debug` or INSPECTCAL_DEBUG=1 adds a traceback.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from tests.helpers import cli

MINI = str(Path(__file__).parent / "ical_mini.toml")
EXAMPLES = Path(__file__).parent.parent / "examples"
PROGRAMME = str(EXAMPLES / "programme.csv")
ACTUALS = str(EXAMPLES / "programme-actuals.csv")
GOVUK = str(Path(__file__).parent / "fixtures" / "holidays" / "bank-holidays.json")
LINT = Path(__file__).parent / "fixtures" / "lint"
# SLAC 2010 notified Mon 1 Nov 2010: case audits due Mon 15 Nov (tests/test_cli_check.py).
SLAC = ["check", "-f", "slac-2010", "--notify", "2010-11-01"]

COMMANDS: dict[str, list[str]] = {
    "plan": ["plan", "-f", "jtai", "--notify", "2016-09-13"],
    "export": ["export", "-f", "jtai", "--notify", "2016-09-13"],
    "check": [*SLAC, "--today", "2010-11-12"],
    "holidays": ["holidays", "2016"],
    "frameworks": ["frameworks"],
    "frameworks show": ["frameworks", "show", "jtai"],
    "publish": ["publish", "{tmp}/feeds", "-f", MINI, "--notify", "2016-09-13", "--name", "X"],
    "timeline": ["timeline", "-f", "jtai", "--notify", "2016-09-13"],
    "timeline -i": ["timeline", "-i", PROGRAMME, "--today", "2016-12-19"],
    "plan -i": ["plan", "-i", PROGRAMME],
    "agenda": ["agenda", "-i", PROGRAMME, "--from", "2016-12-19", "--days", "5"],
    "holidays --compare": ["holidays", "--compare", GOVUK],
}
# Exit 1: a finding a script gates on, never a failure of the tool.
FINDINGS: dict[str, list[str]] = {
    "check": [*SLAC, "--today", "2010-11-16"],
    "check -i": ["check", "-i", PROGRAMME, "--actuals", ACTUALS, "--today", "2017-03-01"],
    "clashes": ["clashes", "-i", PROGRAMME],
    "frameworks lint": ["frameworks", "lint", str(LINT / "d001-day-against-chain.toml")],
}
BAD: dict[str, list[str]] = {
    "plan": ["plan", "-f", "jtai", "--notify", "2016-02-30"],
    "export": ["export", "-f", "jtai", "--notify", "2016-09-13", "--remind", "1y"],
    "check": [*SLAC, "--today", "2010-13-01"],
    "holidays": ["holidays", "2150"],
    "frameworks": ["frameworks", "--format", "xml"],
    "frameworks show": ["frameworks", "show", "ofsted"],
    "publish": ["publish", "{tmp}/feeds", "-f", "jtai", "--notify", "2016-09-13"],
    "serve": ["serve", "{tmp}/missing"],
    "timeline": ["timeline", "-f", "jtai", "--notify", "2016-09-13", "--from", "13/09/2016"],
    "agenda": ["agenda", "-i", PROGRAMME, "--from", "2016-12-19", "--audience", "council"],
    "clashes": ["clashes", "-i", "{tmp}/missing.csv"],
    "check -i": ["check", "-i", PROGRAMME, "--actuals", "{tmp}/missing.csv"],
    "frameworks lint": ["frameworks", "lint", "{tmp}/missing.toml"],
    "frameworks new": ["frameworks", "new", "Not An Id", "--from", "jtai"],
    "holidays --compare": ["holidays", "--compare", "{tmp}/missing.json"],
}


def fill(args: list[str], tmp: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in args]


class FullDisk(io.StringIO):
    """Standard output on a full disk: every write fails as /dev/full does."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    @property
    def buffer(self) -> FullDisk:  # type: ignore[override]
        return self


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a file fails at its flush to disk, as it does when the disk fills up."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_0_when_all_is_well(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, *fill(COMMANDS[command], tmp_path))
    assert (code, err) == (0, "")
    assert out


@pytest.mark.parametrize("command", list(BAD))
def test_2_and_one_line_for_bad_input(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, *fill(BAD[command], tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith("inspectcal: error: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("command", list(COMMANDS))
def test_3_and_one_line_when_standard_output_is_full(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inspectcal.cli import run

    monkeypatch.setattr("sys.stdout", FullDisk())
    code = run(fill(COMMANDS[command], tmp_path))
    _, err = capsys.readouterr()
    assert code == 3
    assert err == "inspectcal: error: cannot write the output (No space left on device)\n"


@pytest.mark.parametrize("command", ["plan", "export", "check"])
def test_3_when_the_output_file_cannot_be_finished(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: None
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("earlier output\n")
    code, out, err = cli(capsys, *COMMANDS[command], "-o", str(target))
    assert (code, out) == (3, "")
    assert err == (
        f"inspectcal: error: writing {target} failed (No space left on device); "
        "nothing was replaced\n"
    )
    assert target.read_text() == "earlier output\n"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_3_when_publish_cannot_finish_a_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: None
) -> None:
    code, out, err = cli(capsys, *fill(COMMANDS["publish"], tmp_path))
    assert (code, out) == (3, "")
    assert err.startswith(f"inspectcal: error: writing {tmp_path}/feeds/")
    assert err.endswith(" failed (No space left on device); nothing was replaced\n")


@pytest.mark.parametrize("command", list(FINDINGS))
def test_1_for_a_finding(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, *FINDINGS[command])
    assert code == 1 and out and "error" not in err


def test_check_exits_1_only_for_a_missed_or_overdue_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli(capsys, *SLAC, "--today", "2010-11-12")[0] == 0  # audits due Mon 15 Nov
    assert cli(capsys, *SLAC, "--today", "2010-11-16")[0] == 1  # overdue since then


@pytest.mark.parametrize("command", list(COMMANDS))
def test_4_and_one_line_for_a_bug_never_1(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something\nunforeseen")

    # Every command works out which days are off: break that.
    monkeypatch.setattr("inspectcal.bankholidays.read_calendar_file", broken)
    monkeypatch.setattr("inspectcal.frameworks.parse_framework_file", broken)
    monkeypatch.delenv("INSPECTCAL_DEBUG", raising=False)
    code, out, err = cli(capsys, *fill(COMMANDS[command], tmp_path))
    assert (code, out) == (4, "")
    assert err == (
        "inspectcal: error: internal error (RuntimeError: something unforeseen); please report "
        "it (run with --debug for the traceback)\n"
    )


@pytest.mark.parametrize("how", ["option", "environment"])
def test_debug_shows_the_traceback(
    how: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unforeseen")

    monkeypatch.setattr("inspectcal.bankholidays.read_calendar_file", broken)
    args = COMMANDS["check"]
    if how == "option":
        args = ["--debug", *args]
    else:
        monkeypatch.setenv("INSPECTCAL_DEBUG", "1")
    code, out, err = cli(capsys, *args)
    assert (code, out) == (4, "")
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith(
        "RuntimeError: unforeseen\n"
        "inspectcal: error: internal error (RuntimeError: unforeseen); please report it\n"
    )


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["plan", "-f", "jtai", "--notify", "2016-09-13", "--notify", "2016-09-20"], "--notify"),
        (["plan", "-f", "jtai", "-f", "cp", "--notify", "2016-09-13"], "--framework"),
        ([*SLAC, "--today", "2010-11-12", "--today", "2010-11-16"], "--today"),
        (["plan", "-f", "jtai", "--notify", "2016-09-13", "-o", "a.txt", "-o", "b.txt"],
         "--output"),
        (["export", "-f", "jtai", "--notify", "2016-09-13", "--remind", "1d", "--remind", "2d"],
         "--remind"),
    ],
)  # fmt: skip
def test_a_single_value_option_given_twice_is_refused(
    args: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    command = " ".join(a for a in args[:2] if not a.startswith("-"))
    code, out, err = cli(capsys, *args)
    assert (code, out) == (2, "")
    assert err == (
        f"inspectcal: error: {option} is given twice; give it once "
        f"(see `inspectcal {command.split()[0]} --help`)\n"
    )


def test_repeatable_options_stay_repeatable(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "-f", "jtai", "--notify", "2016-09-13", "--format", "csv"]
    pins = ["--at", "fieldwork-start=2016-09-26", "--at", "fieldwork-start=2016-09-26"]
    assert cli(capsys, *args, *pins)[0] == 0


def test_an_empty_today_is_refused_not_read_as_the_clock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli(capsys, *SLAC, "--today", "") == (
        2,
        "",
        "inspectcal: error: malformed --today date ''; write it as YYYY-MM-DD, e.g. 2016-09-13\n",
    )


def test_version_needs_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert cli(capsys, "--version") == (0, f"inspectcal {version('inspectcal')}\n", "")
