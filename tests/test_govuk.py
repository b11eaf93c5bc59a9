"""gov.uk's bank-holidays.json: reading, `holidays --compare`, and `--holidays-file` planning.

tests/fixtures/holidays/bank-holidays.json is in gov.uk's format, 2011-2027, all three
divisions (regenerate with `python -m tests.fixtures.holidays.make_fixture`). The one-off
days below are checked against a calendar by hand, not read from the fixture's generator.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspectcal.bankholidays import load_calendar
from inspectcal.cli import app
from inspectcal.errors import MalformedDataFile
from inspectcal.govuk import compare, read_bank_holidays, same_day_name
from inspectcal.plan import make_plan

FIXTURE = Path(__file__).parent / "fixtures" / "holidays" / "bank-holidays.json"
runner = CliRunner()


def test_fixture_has_the_real_one_off_days() -> None:
    official = read_bank_holidays(FIXTURE)
    ew = official.division("england-and-wales").days
    assert ew[date(2011, 4, 29)] == "Royal wedding"  # a Friday
    # 2012: the spring bank holiday moved from Mon 28 May to Mon 4 June, the jubilee Tue 5 June.
    assert date(2012, 5, 28) not in ew
    assert ew[date(2012, 6, 4)] == "Spring bank holiday"
    assert ew[date(2012, 6, 5)] == "Queen’s Diamond Jubilee"
    # 2020: the early May bank holiday moved from Mon 4 May to Fri 8 May (VE day).
    assert date(2020, 5, 4) not in ew
    assert ew[date(2020, 5, 8)] == "Early May bank holiday (VE day)"
    # 2022: spring bank holiday Thu 2 June, Platinum Jubilee Fri 3 June; state funeral Mon 19 Sep.
    assert {date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)} <= set(ew)
    assert date(2022, 5, 30) not in ew  # the last Monday of May 2022 was worked
    assert ew[date(2023, 5, 8)] == "Bank holiday for the coronation of King Charles III"
    scotland = official.division("scotland").days
    assert date(2026, 6, 15) in scotland  # a Monday; in the holidays package's Scotland list
    assert date(2026, 6, 15) not in ew
    assert date(2026, 6, 15) not in official.division("northern-ireland").days
    for division in official.divisions.values():
        assert (division.first_year, division.last_year) == (2011, 2027)


def test_no_differences_with_the_shipped_calendars() -> None:
    official = read_bank_holidays(FIXTURE)
    for name, division in official.divisions.items():
        assert compare(division, load_calendar(name)) == []
    result = runner.invoke(app, ["holidays", "--compare", str(FIXTURE)])
    assert result.exit_code == 0
    assert result.stdout.endswith("no differences\n")


def test_gov_uk_names_match_the_packages() -> None:
    assert same_day_name("Early May bank holiday (VE day)", "May Day")
    assert same_day_name("St Andrew’s Day", "Saint Andrew's Day (observed)")
    assert same_day_name("2nd January", "New Year Holiday; New Year's Day (observed)")
    assert not same_day_name("Royal wedding", "Boxing Day")


def _edited(tmp_path: Path, change: str) -> Path:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    events = data["england-and-wales"]["events"]
    if change == "made-up":
        # Monday 19 September 2016: an invented one-off day, inside a JTAI plan's notice period.
        events.append({"title": "Made-up day", "date": "2016-09-19", "notes": "", "bunting": True})
    elif change == "dropped-and-renamed":
        events[:] = [e for e in events if e["date"] != "2011-04-29"]
        for event in events:
            if event["date"] == "2016-12-26":
                event["title"] = "St Stephen’s Day"
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_made_up_one_off_day_is_reported_and_moves_the_plan(tmp_path: Path) -> None:
    path = _edited(tmp_path, "made-up")
    result = runner.invoke(app, ["holidays", "--compare", str(path)])
    assert result.exit_code == 1
    assert (
        "england-and-wales 2016:\n  Mon 2016-09-19  missing from the calendar: Made-up day\n"
        in (result.stdout)
    )
    assert result.stdout.endswith("\n1 difference\n")
    # Notified Tue 13 Sep 2016; fieldwork starts 9 working days later. Shipped calendar:
    # 14, 15, 16, 19, 20, 21, 22, 23, 26 -> Mon 26 Sep. With 19 Sep off: 14, 15, 16, 20, 21,
    # 22, 23, 26, 27 -> Tue 27 Sep.
    shipped = make_plan(framework="jtai", notify=date(2016, 9, 13))
    official = make_plan(framework="jtai", notify=date(2016, 9, 13), holidays_file=path)
    assert shipped.milestone("fieldwork-start").date == date(2016, 9, 26)
    assert official.milestone("fieldwork-start").date == date(2016, 9, 27)
    plan = runner.invoke(
        app, ["plan", "-f", "jtai", "-n", "2016-09-13", "--holidays-file", str(path)]
    )
    assert plan.exit_code == 0
    assert (
        "England and Wales (official list bank-holidays.json for 2011-2027, shipped beyond)"
        in " ".join(plan.stdout.split())
    )


def test_extra_and_renamed_days_are_reported(tmp_path: Path) -> None:
    path = _edited(tmp_path, "dropped-and-renamed")
    result = runner.invoke(app, ["holidays", "--compare", str(path)])
    assert result.exit_code == 1
    assert "england-and-wales 2011:\n  Fri 2011-04-29  not on the official list: Wedding of " in (
        result.stdout
    )
    assert (
        "england-and-wales 2016:\n  Mon 2016-12-26  different name: 'St Stephen’s Day' / "
        "'Boxing Day'\n" in result.stdout
    )


def test_years_outside_the_official_list_come_from_the_shipped_calendar() -> None:
    calendar = load_calendar("england-and-wales", holidays_file=FIXTURE)
    # 2010 and 2028 are outside the fixture: Easter Monday 5 April 2010, 17 April 2028.
    assert not calendar.is_working_day(date(2010, 4, 5))
    assert not calendar.is_working_day(date(2028, 4, 17))


@pytest.mark.parametrize(
    ("broken", "where"),
    [
        ("[]", "(top level): expected an object keyed by division"),
        ('{"wales": {}}', "(top level): none of the divisions"),
        ('{"scotland": {"division": "scotland", "events": "x"}}', "scotland.events: expected"),
        (
            '{"england-and-wales": {"division": "england-and-wales", "events": ['
            '{"title": "a", "date": "2020-01-01"}, {"title": "b", "date": "2020-13-01"}]}}',
            "england-and-wales.events[1].date: '2020-13-01' is not a YYYY-MM-DD date",
        ),
        (
            '{"england-and-wales": {"division": "england-and-wales", "events": ['
            '{"title": "", "date": "2020-01-01"}]}}',
            "england-and-wales.events[0].title: expected a non-empty string",
        ),
    ],
)
def test_malformed_file_names_the_key_path(tmp_path: Path, broken: str, where: str) -> None:
    path = tmp_path / "bank-holidays.json"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(MalformedDataFile) as raised:
        read_bank_holidays(path)
    assert str(raised.value).startswith(f"{path}: {where}")


def test_cli_malformed_file_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bank-holidays.json"
    path.write_text(
        '{"england-and-wales": {"division": "england-and-wales", "events": ['
        '{"title": "a", "date": "2020-01-01"}, {"title": "b", "date": "2020-01-02"}, '
        '{"title": "c", "date": "2020-01-03"}, {"title": "d", "date": "3 May"}]}}',
        encoding="utf-8",
    )
    for argv in (
        ["holidays", "--compare", str(path)],
        ["plan", "-f", "jtai", "-n", "2016-09-13", "--holidays-file", str(path)],
        ["holidays", "2020", "--holidays-file", str(path)],
    ):
        result = runner.invoke(app, argv)
        assert result.exit_code == 2
        assert result.stderr == (
            f"inspectcal: error: {path}: england-and-wales.events[3].date: '3 May' is not a "
            "YYYY-MM-DD date\n"
        )


def test_a_division_missing_from_the_file_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "bank-holidays.json"
    path.write_text(
        '{"scotland": {"division": "scotland", "events": [{"title": "a", "date": "2020-01-01"}]}}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["holidays", "2020", "--holidays-file", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"inspectcal: error: {path} has no 'england-and-wales' division; it has: scotland\n"
    )
