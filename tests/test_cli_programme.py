"""`plan -i`, `agenda`, `clashes` and `check -i` on the command line: exit statuses, formats,
errors. Dates are those derived in tests/test_programme.py for examples/programme.csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.test_cli_check import assert_error, run

EXAMPLES = Path(__file__).parent.parent / "examples"
PROGRAMME = str(EXAMPLES / "programme.csv")
ACTUALS = str(EXAMPLES / "programme-actuals.csv")
JTAI, CP, SLAC = "Barsetshire JTAI 2016", "Wessex CP 2016", "Barsetshire SLAC 2016"


# -- plan -i ----------------------------------------------------------------------------------


def test_plan_i_csv_has_the_key_dates() -> None:
    result = run("plan", "-i", PROGRAMME, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["inspection"] for r in rows] == [JTAI, CP, SLAC]
    jtai, cp, slac = rows
    # JTAI: day 9 Mon 12 Dec - day 13 Fri 16 Dec; draft day 24 Thu 5 Jan; publication day 43.
    assert (jtai["fieldwork_start"], jtai["fieldwork_end"]) == ("2016-12-12", "2016-12-16")
    assert (jtai["draft_report"], jtai["publication"]) == ("2017-01-05", "2017-02-01")
    assert cp["action_plan_deadline"] == ""  # CP 2012 has no action plan step
    assert (slac["fieldwork_start"], slac["fieldwork_end"]) == ("2016-12-21", "2017-01-06")


def test_plan_i_json_is_the_list_of_full_plans() -> None:
    listed = json.loads(run("plan", "-i", PROGRAMME, "--format", "json").stdout)
    single = json.loads(
        run("plan", "-f", "cp", "--notify", "2016-12-05", "--format", "json").stdout
    )
    assert [p["inspection"] for p in listed] == [JTAI, CP, SLAC]
    assert {k: v for k, v in listed[1].items() if k != "inspection"} == single


def test_plan_i_refuses_a_framework_too() -> None:
    assert_error(
        run("plan", "-i", PROGRAMME, "-f", "jtai"),
        "give either --inspections FILE or --framework/--notify/--at, not both",
    )
    assert_error(run("plan"), "give --framework (with --notify or --at), or --inspections FILE")


def test_a_bad_programme_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,framework,notify\nA,jtai,20160913\n")
    assert_error(
        run("plan", "-i", str(path)),
        f"{path}, line 2: malformed notification date '20160913'; write it as YYYY-MM-DD, "
        "e.g. 2016-09-13",
    )


# -- agenda -----------------------------------------------------------------------------------


def test_agenda_json() -> None:
    result = run(
        "agenda", "-i", PROGRAMME, "--from", "2016-12-19", "--days", "3", "--deadlines",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # Mon 19 Dec + 3 working days = Thu 22 Dec; the two deadlines are on Wed 21 Dec.
    assert json.loads(result.stdout) == {
        "from": "2016-12-19",
        "to": "2016-12-22",
        "items": [
            {
                "date": "2016-12-21",
                "end_date": None,
                "time": None,
                "inspection": JTAI,
                "framework": "jtai-2016",
                "id": "draft-letter-agreed",
                "title": "Lead inspector and Ofsted QA manager agree a draft findings letter",
                "deadline": True,
                "audience": "inspectorate",
                "people": [
                    {"name": "Ann Smith", "role": "lead"},
                    {"name": "Bob Jones", "role": None},
                ],
            },
            {
                "date": "2016-12-21",
                "end_date": None,
                "time": None,
                "inspection": SLAC,
                "framework": "slac-2010",
                "id": "case-audits-shared",
                "title": "Local authority shares its audit of the eight (or more) cases "
                "inspectors selected before fieldwork",
                "deadline": True,
                "audience": "all",  # the council's deliverable, in the inspectors' calendar too
                "people": [
                    {"name": "Carol White", "role": "lead"},
                    {"name": "Dan Brown", "role": "QA"},
                ],
            },
        ],
    }


def test_agenda_defaults_to_today_and_ten_working_days() -> None:
    result = run("agenda", "-i", PROGRAMME, "--today", "2016-12-19", "--format", "json")
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2016-12-19", "2017-01-05")  # see test_programme


def test_agenda_table_groups_by_day() -> None:
    result = run("agenda", "-i", PROGRAMME, "--from", "2016-12-21", "--to", "2016-12-21",
                 "--who", "Dan Brown")  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Agenda Wed 21 Dec 2016 to Wed 21 Dec 2016: 5 items",
        "",
        "Wednesday 21 December 2016",
        "  all day                 SLAC: Fieldwork starts [fieldwork-start] · "
        f"{SLAC} · Carol White, Dan Brown",
        "  all day                 SLAC: Case audits due from local authority "
        f"[case-audits-shared] (deadline) · {SLAC} · Carol White, Dan Brown",
        "  all day                 SLAC: Further 12 cases selected [additional-cases-selected] · "
        f"{SLAC} · Carol White, Dan Brown",
        # The day of the month unpadded, as the feed and the page write it (no "06 Jan").
        "  Wed 21 Dec – Fri 6 Jan  SLAC: On-site fieldwork [fieldwork] · "
        f"{SLAC} · Carol White, Dan Brown",
        "  Wed 21 Dec – Fri 6 Jan  SLAC: Daily discussions with DCS [daily-dcs-discussions] · "
        f"{SLAC} · Carol White, Dan Brown",
    ]


def test_a_long_time_phrase_takes_its_own_line_and_titles_stay_in_their_column() -> None:
    # CP notified Mon 5 Dec 2016 (day 1): day 8, the last on site, is Wed 14 Dec. Its steps'
    # times are phrases wider than the 23 characters of the time column.
    result = run("agenda", "-i", PROGRAMME, "--from", "2016-12-14", "--to", "2016-12-14",
                 "--who", "Carol White")  # fmt: skip
    assert result.exit_code == 0
    title = " " * 26  # the column where every title starts
    people = f"{CP} · Bob Jones, Carol White"
    assert result.stdout.splitlines() == [
        "Agenda Wed 14 Dec 2016 to Wed 14 Dec 2016: 5 items",
        "",
        "Wednesday 14 December 2016",
        f"  Mon 5 Dec – Wed 14 Dec  CP: Fieldwork (on site) [fieldwork] · {people}",
        f"  all day                 CP: Last day on site [fieldwork-end] · {people}",
        "  at the beginning of the day",
        f"{title}CP: Team finalises judgements [judgements-finalised] · {people}",
        "  at the beginning of the day",
        f"{title}CP: Judgement meeting with DCS [judgement-meeting] · {people}",
        "  before leaving the local authority",
        f"{title}CP: Feedback to DCS and partners [feedback] · {people}",
    ]


def test_agenda_csv_and_ics() -> None:
    # The deadlines of Fri 30 Dec 2016: JTAI day 21 and CP day 18.
    args = ("agenda", "-i", PROGRAMME, "--from", "2016-12-30", "--to", "2016-12-30", "--deadlines")
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [(r["date"], r["inspection"], r["id"]) for r in rows] == [
        ("2016-12-30", JTAI, "draft-letter-partner-signoff"),
        ("2016-12-30", CP, "draft-report"),
    ]
    assert rows[0]["people"] == "lead:Ann Smith;Bob Jones" and rows[0]["deadline"] == "yes"
    ics = run(*args, "--format", "ics").stdout
    assert ics.count("BEGIN:VEVENT") == 2
    assert "UID:draft-report.wessex-cp-2016-" in ics  # the UIDs export and publish give
    assert "X-WR-CALNAME:Inspections 2016-12-30 to 2016-12-30" in ics


def test_agenda_errors() -> None:
    assert_error(
        run("agenda", "-i", PROGRAMME, "--from", "2016-12-19", "--days", "2", "--to", "2017-01-01"),
        "give the window's end once: a number of working days or an end date",
    )
    assert_error(
        run("agenda", "-i", PROGRAMME, "--format", "html"),
        "unknown format 'html'; choose one of: table, json, csv, ics",
    )
    assert_error(
        run("agenda", "-i", PROGRAMME, "--from", "19/12/2016"),
        "malformed --from date '19/12/2016'; write it as YYYY-MM-DD, e.g. 2016-09-13",
    )


# -- clashes -------------------------------------------------------------------------------------


def test_clashes_exit_1_with_json() -> None:
    result = run("clashes", "-i", PROGRAMME, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "clashes": [
            {
                "kind": "person",
                "who": "Bob Jones",
                "inspections": [CP, JTAI],
                "from": "2016-12-12",
                "to": "2016-12-14",
            },
            {
                "kind": "authority",
                "who": "Barsetshire",
                "inspections": [JTAI, SLAC],
                "from": "2016-12-07",
                "to": "2017-02-01",
            },
        ]
    }


def test_no_clashes_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,framework,notify,people\nA,jtai,2016-09-13,Ann\nB,jtai,2016-12-06,Ann\n")
    result = run("clashes", "-i", str(path), "--max-onsite", "1")
    assert (result.exit_code, result.stdout) == (0, "No clashes.\n")


# -- check -i ------------------------------------------------------------------------------------


def test_bulk_check_csv_and_exit_status() -> None:
    args = ["check", "-i", PROGRAMME, "--actuals", ACTUALS, "--side", "la"]
    result = run(*args, "--today", "2017-03-01", "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {(r["inspection"], r["id"]): (r["status"], r["late"]) for r in rows}
    assert found[JTAI, "draft-report"] == ("missed", "1")  # see test_programme
    assert found[SLAC, "factual-accuracy-deadline"] == ("met", "")


def test_bulk_check_passes_when_nothing_is_late(tmp_path: Path) -> None:
    # SLAC 2010 notified Wed 7 Dec 2016: the draft is due day 30, Fri 20 Jan 2017. As of
    # Fri 13 Jan the case audits (day 11, Wed 21 Dec) are the only deadline passed: recorded.
    programme = tmp_path / "p.csv"
    programme.write_text("name,framework,notify\nS,slac,2016-12-07\n")
    actuals = tmp_path / "a.csv"
    actuals.write_text("inspection,id,date\nS,case-audits-shared,2016-12-21\n")
    result = run("check", "-i", str(programme), "--actuals", str(actuals), "--today", "2017-01-13",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["missed"] == data["summary"]["overdue"] == 0
    assert data["inspections"][0]["results"][1]["status"] == "met"


def test_bulk_check_errors() -> None:
    assert_error(
        run("check", "-i", PROGRAMME, "-f", "jtai"),
        "give either --inspections FILE or --framework/--notify/--actual, not both",
    )
