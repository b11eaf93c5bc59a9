"""Bank-holiday data files and closure lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspectcal.bankholidays import (
    CALENDARS,
    FIRST_YEAR,
    LAST_YEAR,
    calendar_dir,
    library_days,
    load_calendar,
    read_calendar_file,
    read_closures,
)
from inspectcal.errors import MalformedDataFile, UnknownCalendar
from tests.helpers import d


@pytest.mark.parametrize("calendar_id", list(CALENDARS))
def test_data_file_matches_the_holidays_library(calendar_id: str) -> None:
    """Fails when `holidays` learns a new day (or fixes one): run `make calendars`."""
    info = CALENDARS[calendar_id]
    table = read_calendar_file(calendar_dir() / f"{calendar_id}.csv")
    assert (table.first_year, table.last_year) == (FIRST_YEAR, LAST_YEAR)
    from_file = sorted(day for year in table.days.values() for day in year)
    assert from_file == library_days(info.subdiv, range(FIRST_YEAR, LAST_YEAR + 1))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2011-04-29", "Wedding of William and Catherine"),
        ("2012-06-04", "Spring Bank Holiday"),
        ("2012-06-05", "Diamond Jubilee of Elizabeth II"),
        ("2020-05-08", "May Day"),  # moved from Mon 4 May for the 75th VE Day anniversary
        ("2022-06-02", "Spring Bank Holiday"),
        ("2022-06-03", "Platinum Jubilee of Elizabeth II"),
        ("2022-09-19", "State Funeral of Queen Elizabeth II"),
        ("2023-05-08", "Coronation of Charles III"),
        ("2016-12-27", "Christmas Day (observed)"),
        ("2011-04-25", "Easter Monday"),  # plain GB (no subdiv) would omit it
    ],
)
def test_england_one_off_and_substitute_days(day: str, name: str) -> None:
    england = load_calendar("england-and-wales")
    assert england.days_off(d(day), d(day)) == [(d(day), name)]
    assert not england.is_working_day(d(day))


def test_unknown_calendar_lists_the_known_ones() -> None:
    with pytest.raises(UnknownCalendar) as err:
        load_calendar("wales")
    assert str(err.value) == (
        "unknown calendar 'wales'; choose one of: england-and-wales, scotland, northern-ireland"
    )


def test_plan_past_the_known_horizon_warns() -> None:
    england = load_calendar("england-and-wales")
    assert england.horizon_warnings(d("2026-01-05"), d("2027-06-01")) == []
    [warning] = england.horizon_warnings(d("2027-11-01"), d("2028-02-01"))
    assert "2028-02-01" in warning and "past 2027" in warning


def test_closures_text_file(tmp_path: Path) -> None:
    path = tmp_path / "closures.txt"
    path.write_text(
        "# Bedford Borough Council closures\n"
        "2016-12-28..2016-12-30 Christmas shutdown\n"
        "\n"
        "2017-04-18   # staff training day\n"
    )
    assert read_closures(path) == {
        d("2016-12-28"): "Christmas shutdown",
        d("2016-12-29"): "Christmas shutdown",
        d("2016-12-30"): "Christmas shutdown",
        d("2017-04-18"): "closure",
    }
    council = load_calendar("england-and-wales", closures=path)
    # Fri 23 Dec 2016 + 1: 26, 27 bank holidays, 28-30 closed, 2 Jan substitute: Tue 3 Jan.
    assert council.add_working_days(d("2016-12-23"), 1) == d("2017-01-03")


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("2016-12-28\n28/12/2016\n", 2, "expected a date (YYYY-MM-DD)"),
        ("# ok\n2016-02-30\n", 2, "'2016-02-30' is not a real date"),
        ("2016-12-30..2016-12-28\n", 1, "the range ends before it starts"),
    ],
)
def test_malformed_closures_name_file_and_line(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    path = tmp_path / "closures.txt"
    path.write_text(content)
    with pytest.raises(MalformedDataFile) as err:
        read_closures(path)
    assert str(err.value).startswith(f"{path}, line {line}: ")
    assert problem in str(err.value)


def test_missing_closures_file(tmp_path: Path) -> None:
    with pytest.raises(MalformedDataFile) as err:
        read_closures(tmp_path / "nope.txt")
    assert str(err.value) == (
        f"{tmp_path / 'nope.txt'}: cannot read the closures file (No such file or directory)"
    )


def test_closures_from_ics_all_day_events(tmp_path: Path) -> None:
    path = tmp_path / "closures.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20160101T000000Z\r\nSUMMARY:Office closed\r\n"
        "DTSTART;VALUE=DATE:20161228\r\nDTEND;VALUE=DATE:20161231\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20160101T000000Z\r\nSUMMARY:Team lunch\r\n"
        "DTSTART:20161222T120000Z\r\nDTEND:20161222T140000Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    # DTEND is exclusive: 28, 29, 30 December; the timed lunch closes nothing.
    assert read_closures(path) == {
        date(2016, 12, 28): "Office closed",
        date(2016, 12, 29): "Office closed",
        date(2016, 12, 30): "Office closed",
    }


def ics(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{i}\r\n{e}END:VEVENT\r\n" for i, e in enumerate(events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def test_recurring_closures_are_expanded_less_their_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "closures.ics"
    path.write_text(
        ics(
            "SUMMARY:Christmas shutdown\r\nDTSTART;VALUE=DATE:20151229\r\n"
            "DTEND;VALUE=DATE:20151231\r\nRRULE:FREQ=YEARLY;COUNT=4\r\n"
            "EXDATE;VALUE=DATE:20171229\r\n"
        )
    )
    # 29-30 Dec of 2015, 2016 and 2018; 2017 is excepted; COUNT=4 stops before 2019.
    assert sorted(read_closures(path)) == [
        d("2015-12-29"), d("2015-12-30"), d("2016-12-29"), d("2016-12-30"),
        d("2018-12-29"), d("2018-12-30"),
    ]  # fmt: skip


def test_a_malformed_ics_closure_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "closures.ics"
    path.write_text(ics("SUMMARY:Shutdown\r\nDTSTART;VALUE=DATE:2016122\r\n"))
    with pytest.raises(MalformedDataFile) as err:
        read_closures(path)
    # Line 7: the VCALENDAR header is 3 lines, then BEGIN:VEVENT, UID, SUMMARY, DTSTART.
    assert str(err.value).startswith(f"{path}, line 7: event 'Shutdown': bad DTSTART (")
