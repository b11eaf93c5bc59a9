"""`inspectcal check` on the command line: each exit status, each error, each format.

Dates are the hand-checked ones of tests/test_check.py (SLAC 2010 notified Mon 1 Nov 2010:
draft due Fri 10 Dec, response Fri 17 Dec) and of the worked example in
docs/readme-check.md (examples/bedford-jtai-2016-actuals.csv).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inspectcal.cli import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "bedford-jtai-2016-actuals.csv"
SLAC = ["check", "-f", "slac-2010", "--notify", "2010-11-01"]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def assert_error(result: Result, message: str) -> None:
    """Exit 2, one line on stderr, nothing on stdout."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == f"inspectcal: error: {message}\n"


# -- exit status -------------------------------------------------------------------------------


def test_exit_0_when_nothing_is_missed_or_overdue() -> None:
    result = run(
        *SLAC, "--today", "2010-12-10", "--actual", "case-audits-shared=2010-11-15",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2010-12-10"
    assert data["summary"] == {
        "deadlines": 5, "met": 1, "missed": 0, "overdue": 0, "due": 2, "pending": 2,
    }  # fmt: skip


def test_exit_1_when_a_deadline_was_missed() -> None:
    # Draft due Fri 10 Dec, sent Mon 13 Dec: 1 working day late.
    result = run(
        *SLAC, "--today", "2010-12-13", "--actual", "case-audits-shared=2010-11-15",
        "-a", "draft-report=2010-12-13", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 1
    draft = next(r for r in json.loads(result.stdout)["results"] if r["id"] == "draft-report")
    assert draft == {
        "id": "draft-report",
        "title": "Draft report sent to the DCS (copied to PCT chief executives) for a factual "
        "accuracy check",
        "due": "2010-12-10",
        "actual": "2010-12-13",
        "status": "missed",
        "late": 1,
        "late_unit": "working-days",
    }


def test_exit_1_when_a_deadline_is_overdue() -> None:
    result = run(*SLAC, "--today", "2010-11-16")  # audits were due Mon 15 Nov
    assert result.exit_code == 1
    assert "0 of 5 deadlines missed; 1 overdue" in result.stdout


def test_worked_example_from_the_csv() -> None:
    result = run(
        "check", "-f", "jtai", "--actuals", str(EXAMPLE), "--side", "la",
        "--today", "2017-03-01", "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 1
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    verdicts = {
        key: (row["status"], row["due"], row["actual"], row["late"], row["late_unit"])
        for key, row in rows.items()
        if row["status"] != "met"
    }
    assert verdicts == {
        "notification": ("recorded", "2016-09-13T09:30", "2016-09-13T10:15", "", ""),
        "multi-agency-meetings-list": ("missed", "2016-09-15", "2016-09-16", "1", "working-days"),
        # The inspectors' own steps are recorded, not judged: the council answers for none.
        "select-20-children": ("recorded", "2016-09-14T12:00", "2016-09-14T11:40", "", ""),
        "select-children-for-evaluation": (
            "recorded",
            "2016-09-15T17:00",
            "2016-09-15T16:45",
            "",
            "",
        ),
        "evidence-collection-ends": ("recorded", "2016-09-29T15:00", "2016-09-29T15:00", "", ""),
        "fieldwork-start": ("recorded", "2016-09-26", "2016-09-26", "", ""),
        "fieldwork-end": ("recorded", "2016-09-30", "2016-09-30", "", ""),
        "draft-report": ("missed", "2016-10-17T12:00", "2016-10-17T12:40", "40", "minutes"),
        "final-report": ("missed", "2016-11-09", "2016-11-11", "2", "working-days"),
        # Final letter really sent Fri 11 Nov, two days late. Publication is day 43, counted
        # from the end of fieldwork, so it stays due Fri 11 Nov: published Tue 15 Nov, it is 2
        # working days late (Mon 14, Tue 15): Ofsted's lateness does not extend its own later
        # deadline. The statement of action counts from the letter the council really
        # received: 70 working days after 11 Nov is Wed 22 Feb 2017.
        "publication": ("missed", "2016-11-11", "2016-11-15", "2", "working-days"),
        "action-plan-deadline": ("missed", "2017-02-22", "2017-02-24", "2", "working-days"),
        "complaint-deadline": ("closed", "2016-11-29", "", "", ""),
    }
    # 14 deadlines judged for the council's side: the 5 missed above and 9 met.
    assert len([r for r in rows.values() if r["status"] == "met"]) == 9


def test_table_output_has_the_summary_line_and_no_colour_in_a_pipe() -> None:
    result = run(
        "check", "-f", "jtai", "--actuals", str(EXAMPLE), "--side", "la", "--today", "2017-03-01"
    )
    assert result.exit_code == 1
    assert "5 of 14 deadlines missed" in result.stdout
    assert "40 minutes" in result.stdout
    assert "\x1b[" not in result.stdout


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "verdict.json"
    result = run(*SLAC, "--today", "2010-11-16", "--format", "json", "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["overdue"] == 1


# -- bad input: exit 2, one line, nothing written ----------------------------------------------


def test_unknown_milestone_id() -> None:
    result = run(*SLAC, "--today", "2010-12-13", "--actual", "draft=2010-12-10")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "inspectcal: error: --actual draft=2010-12-10: unknown milestone 'draft' in slac-2010; "
        "valid ids: notification, setup,"
    )
    assert result.stderr.count("\n") == 1


def test_actual_earlier_than_the_milestone_it_depends_on() -> None:
    result = run(
        *SLAC, "--today", "2010-12-20", "-a", "draft-report=2010-12-10",
        "-a", "factual-accuracy-deadline=2010-12-09",
    )  # fmt: skip
    assert_error(
        result,
        "--actual factual-accuracy-deadline=2010-12-09: factual-accuracy-deadline = 2010-12-09 "
        "is earlier than draft-report = 2010-12-10 (--actual draft-report=2010-12-10), which "
        "it is timed from; correct one of the two dates",
    )


def test_missing_actuals_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = run(*SLAC, "--today", "2010-12-20", "--actuals", str(missing))
    assert_error(result, f"{missing}: no such actuals file; check the path")


def test_malformed_actuals_file_names_file_and_line(tmp_path: Path) -> None:
    record = tmp_path / "record.csv"
    record.write_text("id,date\ndraft-report,2010-12-10\nfinal-report,24/12/2010\n")
    result = run(*SLAC, "--today", "2010-12-20", "--actuals", str(record))
    assert_error(
        result,
        f"{record}, line 3: '24/12/2010' is not a date; write it as YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM, e.g. 2016-09-13T10:15",
    )


def test_nothing_written_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "verdict.csv"
    result = run(*SLAC, "--today", "2010-12-20", "-a", "nope=2010-12-10", "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists()


def test_output_may_not_overwrite_the_actuals_file(tmp_path: Path) -> None:
    record = tmp_path / "record.csv"
    record.write_text("id,date\ndraft-report,2010-12-10\n")
    result = run(*SLAC, "--today", "2010-12-20", "--actuals", str(record), "-o", str(record))
    assert_error(result, f"refusing to overwrite the input file {record}; choose another -o path")
    assert record.read_text() == "id,date\ndraft-report,2010-12-10\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--today", "20/12/2010"],
            "malformed --today date '20/12/2010'; write it as YYYY-MM-DD, e.g. 2016-09-13",
        ),
        (
            ["--today", "2010-12-20", "-a", "draft-report"],
            "--actual 'draft-report': write it as ID=DATE, e.g. --actual draft-report=2016-10-17",
        ),
        (
            ["--today", "2010-12-20", "--side", "council"],
            "unknown side 'council'; choose one of: la, inspectorate",
        ),
        (
            ["--today", "2010-12-20", "--format", "xml"],
            "unknown format 'xml'; choose one of: table, json, csv",
        ),
        (
            ["--today", "2010-12-20", "-a", "notification=2010-11-02"],
            "the notification date 2010-11-01 and the actual notification date 2010-11-02 "
            "(--actual notification=2010-11-02) disagree; give the notification date once",
        ),
    ],
)
def test_other_bad_input(args: list[str], message: str) -> None:
    assert_error(run(*SLAC, *args), message)


def test_no_notification_date() -> None:
    result = run("check", "-f", "slac-2010", "--today", "2010-12-20")
    assert_error(
        result,
        "give the notification date, or an actual date for the notification step "
        "(--notify DATE, --actual notification=DATE, or a 'notification' row in the --actuals "
        "file)",
    )


# -- dates that have not happened yet ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["--actual", "draft-report=2010-12-13"], "--actual draft-report=2010-12-13"),
        (["--notify", "2010-11-01"], "the notification date"),
    ],
)
def test_an_actual_later_than_today_is_refused(args: list[str], where: str) -> None:
    # As of Fri 12 Nov 2010, a draft "sent" on Mon 13 Dec has not happened: it would be judged
    # as met or missed although nobody can know yet.
    today = "2010-11-12" if args[0] == "--actual" else "2010-10-29"
    base = ["check", "-f", "slac-2010"] + (
        [] if args[0] == "--notify" else ["--notify", "2010-11-01"]
    )
    day = args[1].split("=")[-1]
    assert_error(
        run(*base, *args, "--today", today),
        f"{where}: {day} is after {today}, the date of the check; only what has happened can "
        "be judged: correct the date or check as of a later date (--today)",
    )
