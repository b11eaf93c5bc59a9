"""The command line: exact exit codes and messages, and the shapes of JSON and CSV output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from inspectcal.cli import WorkingDays, app, option_groups
from inspectcal.frameworks import load_framework

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_error(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert (code, out, err) == (2, "", f"inspectcal: error: {message}\n")


# -- errors: one line on stderr, exit 2, nothing on stdout ------------------------------------


def test_unknown_framework_lists_the_known_ones() -> None:
    assert_error(
        ["plan", "-f", "ofsted", "--notify", "2016-09-13"],
        "unknown framework 'ofsted'; known frameworks: cp-2012, jtai-2016, slac-2009, "
        "slac-2010, cp (= cp-2012), jtai (= jtai-2016), slac (= slac-2010) "
        "(or give the path of a timetable .toml file)",
    )


def test_malformed_date() -> None:
    assert_error(
        ["plan", "-f", "jtai", "--notify", "13/09/2016"],
        "malformed notification date '13/09/2016'; write it as YYYY-MM-DD, e.g. 2016-09-13",
    )


def test_notification_on_a_bank_holiday_names_the_next_working_day() -> None:
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2011-04-29"],
        "notification date 2011-04-29 is not a working day (Friday, Wedding of William and "
        "Catherine); the next working day is Tuesday 2011-05-03",
    )


def test_notification_on_a_weekend() -> None:
    assert_error(
        ["plan", "-f", "cp", "--notify", "2012-06-02"],
        "notification date 2012-06-02 is not a working day (a Saturday); the next working "
        "day is Wednesday 2012-06-06",
    )


def test_unknown_milestone_in_at_lists_the_valid_ids() -> None:
    code, out, err = run("plan", "-f", "slac", "--notify", "2010-12-01", "--at", "draft=2011-01-20")
    assert (code, out) == (2, "")
    assert err.startswith("inspectcal: error: unknown milestone 'draft' in slac-2010; valid ids: ")
    assert "draft-report, " in err and err.count("\n") == 1


def test_malformed_pin() -> None:
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2016-09-13", "--at", "fieldwork-start"],
        "malformed --at 'fieldwork-start'; write ID=YYYY-MM-DD, e.g. fieldwork-start=2016-09-26",
    )


PLAN_JTAI_FROM_FIELDWORK = ["plan", "-f", "jtai", "--at", "fieldwork-start=2016-09-26"]


def test_pins_that_contradict_each_other() -> None:
    assert_error(
        [*PLAN_JTAI_FROM_FIELDWORK, "--at", "draft-report=2016-09-20"],
        "pins contradict each other: draft-report = 2016-09-20 must fall after "
        "fieldwork-start = 2016-09-26, which it is timed from; correct one of the two dates",
    )


def test_unreadable_closures_file_names_file_and_line(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2016-12-28\nChristmas week\n")
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2016-09-13", "--closures", str(closures)],
        f"{closures}, line 2: expected a date (YYYY-MM-DD) or a range "
        "(YYYY-MM-DD..YYYY-MM-DD), found 'Christmas week'",
    )


def test_unknown_calendar_and_format() -> None:
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2016-09-13", "--calendar", "wales"],
        "unknown calendar 'wales'; choose one of: england-and-wales, scotland, northern-ireland",
    )
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2016-09-13", "--format", "xml"],
        "unknown format 'xml'; choose one of: table, json, csv, html",
    )


def test_neither_notification_nor_pin() -> None:
    assert_error(
        ["plan", "-f", "jtai"],
        "give the notification date or pin a milestone to count back from "
        "(--notify DATE, or --at ID=DATE)",
    )


def test_usage_errors_are_one_line_from_the_console_script() -> None:
    """Typer's own errors (a missing option) also become one line, through `main`."""
    result = subprocess.run(
        [sys.executable, "-c", "from inspectcal.cli import main; main()", "export"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "inspectcal: error: Missing option '--framework' / '-f'. (see `inspectcal export --help`)\n"
    )


# -- output ----------------------------------------------------------------------------------


def test_json_plan_shape_and_values() -> None:
    code, out, err = run("plan", "-f", "jtai", "--notify", "2016-09-13", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["framework"] == "jtai-2016"
    assert data["calendar"] == "England and Wales"
    by_id = {m["id"]: m for m in data["milestones"]}
    # Every record carries exactly the keys the README documents for `plan --format json`.
    documented = {
        "id", "title", "day", "end_day", "source_day", "source_end_day", "audience", "side",
        "deadline", "date", "end_date", "time", "time_label", "party", "rule", "source", "quote",
        "notes",
    }  # fmt: skip
    assert set(data) == {
        "framework", "calendar", "notification", "milestones", "days_off", "notes", "warnings",
    }  # fmt: skip
    assert [set(record) for record in data["milestones"]] == [documented] * len(by_id)
    assert sorted(by_id) == sorted(load_framework("jtai").ids)
    assert by_id["notification"]["date"] == "2016-09-13"
    assert by_id["notification"]["time"] == "09:30"
    assert by_id["fieldwork"]["date"] == "2016-09-26"
    assert by_id["fieldwork"]["end_date"] == "2016-09-30"
    assert by_id["publication"]["date"] == "2016-11-11"
    assert by_id["publication"]["end_date"] is None
    assert any("Friday" in note for note in by_id["publication"]["notes"])
    assert data["warnings"] == []


def test_csv_plan_has_one_row_per_milestone() -> None:
    code, out, _ = run("plan", "-f", "cp", "--notify", "2012-05-28", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(row["id"] for row in rows) == sorted(load_framework("cp").ids)
    by_id = {row["id"]: row for row in rows}
    # Day 8 of a Monday 28 May 2012 notification, over the 4 and 5 June bank holidays.
    assert by_id["feedback"]["date"] == "2012-06-08"


def test_table_lists_days_off_and_warnings() -> None:
    code, out, _ = run("plan", "-f", "jtai", "--notify", "2016-11-29")
    assert code == 0
    assert "Days off inside the plan" in out
    assert "Tue 2016-12-27  Christmas Day (observed)" in out


def test_backward_planning_warns_how_the_notification_was_derived() -> None:
    code, out, _ = run(
        "plan", "-f", "jtai", "--at", "fieldwork-start=2016-09-26", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["notification"] == "2016-09-13"
    assert data["warnings"] == [
        "notification date 2016-09-13 (Tuesday) derived backwards from fieldwork-start = 2016-09-26"
    ]


def test_output_file_is_written_and_inputs_are_protected(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    code, out, _ = run(
        "plan", "-f", "jtai", "--notify", "2016-09-13", "--format", "json", "-o", str(target)
    )
    assert (code, out) == (0, "")
    assert json.loads(target.read_text())["notification"] == "2016-09-13"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temp file left behind

    closures = tmp_path / "closures.txt"
    closures.write_text("2016-12-28\n")
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2016-09-13", "--closures", str(closures),
         "-o", str(closures)],
        f"refusing to overwrite the input file {closures}; choose another -o path",
    )  # fmt: skip
    assert closures.read_text() == "2016-12-28\n"


def test_frameworks_list_and_show() -> None:
    code, out, _ = run("frameworks", "--format", "json")
    assert code == 0
    assert [fw["id"] for fw in json.loads(out)] == [
        "cp-2012",
        "jtai-2016",
        "slac-2009",
        "slac-2010",
    ]
    code, out, _ = run("frameworks", "show", "jtai", "--format", "json")
    assert code == 0
    timetable = json.loads(out)
    draft = next(m for m in timetable["milestones"] if m["id"] == "draft-report")
    assert (draft["day"], draft["time"]) == (24, "12:00")
    response = next(m for m in timetable["milestones"] if m["id"] == "factual-accuracy-deadline")
    assert (response["after"], response["audience"], response["side"]) == (
        "draft-report",
        "all",
        "la",
    )
    assert response["not_before"] == [
        {"after": "fieldwork-end", "offset": 20, "unit": "working-days"}
    ]
    code, out, _ = run("frameworks", "show", "slac-2009")
    assert code == 0 and "Table 1" in out


SUBSTITUTE = "a substitute day follows"
FOR = "substitute day for"


@pytest.mark.parametrize(
    ("year", "calendar", "expected"),
    [
        (
            2012,
            "england-and-wales",
            [
                ("2012-01-01", "Sunday", "New Year's Day", f"falls on a Sunday: {SUBSTITUTE}"),
                ("2012-01-02", "Monday", "New Year's Day (observed)", f"{FOR} New Year's Day"),
                ("2012-04-06", "Friday", "Good Friday", "bank holiday"),
                ("2012-04-09", "Monday", "Easter Monday", "bank holiday"),
                ("2012-05-07", "Monday", "May Day", "bank holiday"),
                ("2012-06-04", "Monday", "Spring Bank Holiday", "bank holiday"),
                ("2012-06-05", "Tuesday", "Diamond Jubilee of Elizabeth II", "bank holiday"),
                ("2012-08-27", "Monday", "Late Summer Bank Holiday", "bank holiday"),
                ("2012-12-25", "Tuesday", "Christmas Day", "bank holiday"),
                ("2012-12-26", "Wednesday", "Boxing Day", "bank holiday"),
            ],
        ),
    ],
)  # fmt: skip
def test_holidays_json(year: int, calendar: str, expected: list[tuple[str, ...]]) -> None:
    code, out, _ = run("holidays", str(year), "--calendar", calendar, "--format", "json")
    assert code == 0
    got = [(r["date"], r["weekday"], r["name"], r["kind"]) for r in json.loads(out)]
    assert got == expected


def test_holidays_label_closures_as_closures(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2018-12-25 Office closed\n2018-12-27..2018-12-28 Christmas shutdown\n")
    code, out, _ = run("holidays", "2018", "--closures", str(closures), "--format", "csv")
    assert code == 0
    assert out.splitlines()[-4:] == [
        "2018-12-25,Tuesday,Christmas Day and Office closed,bank holiday; also a closure",
        "2018-12-26,Wednesday,Boxing Day,bank holiday",
        "2018-12-27,Thursday,Christmas shutdown,closure",
        "2018-12-28,Friday,Christmas shutdown,closure",
    ]


def test_output_into_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "plan.csv"
    assert_error(
        ["plan", "-f", "jtai", "--notify", "2016-09-13", "-o", str(target)],
        f"cannot write {target}: the folder {target.parent} does not exist",
    )
    assert not target.parent.exists()


def test_an_option_group_stands_in_its_place_and_arrives_as_one_value() -> None:
    """`option_groups` puts a dataclass's options where the group parameter stood (so --help
    keeps its order) and hands the command the dataclass, defaults included."""
    import inspect

    seen: list[object] = []

    @option_groups
    def command(*, first: Annotated[int, typer.Option("--first")] = 1, working: WorkingDays,
                last: Annotated[int, typer.Option("--last")] = 2) -> None:  # fmt: skip
        seen.append((first, working, last))

    names = list(inspect.signature(command).parameters)
    assert names == ["first", "calendar", "closures", "holidays_file", "last"]
    probe = typer.Typer()
    probe.command()(command)
    result = runner.invoke(probe, ["--closures", "shut.txt", "--last", "5"])
    assert result.exit_code == 0, result.output
    assert seen == [(1, WorkingDays(closures=Path("shut.txt")), 5)]


def _helps(names: list[list[str]], capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str]]:
    """Each command's --help through `run`."""
    from inspectcal.cli import run

    out = []
    for name in names:
        code = run([*name, "--help"])
        out.append((code, capsys.readouterr().out))
    return out


def test_a_run_builds_only_its_command_and_says_the_same(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` hands typer only the command named (building all thirteen is 5 ms of a start);
    each one's help, and the errors that need every command, read as the whole app's do."""
    from typer.main import get_command_name

    from inspectcal import cli as module

    names = [[get_command_name(c.callback.__name__)] for c in app.registered_commands if c.callback]
    names += [["frameworks"], ["frameworks", "show"], []]
    assert len(names) > 10
    assert len(module._app_for(["plan", "-f", "jtai"]).registered_commands) == 1
    one = _helps(names, capsys)
    assert module.run(["plna"]) == 2
    assert "No such command 'plna'. Did you mean 'plan'?" in capsys.readouterr().err
    monkeypatch.setattr(module, "_app_for", lambda args: app)
    assert one == _helps(names, capsys)
