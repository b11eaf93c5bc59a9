"""Inputs that reach far: they cost at most the years a plan can reach, and dates the tool
cannot answer for are refused in one line, never answered with a year without holidays.

The time and memory these cases take are measured in bench/bench.py (`make bench`).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.bankholidays import (
    LIBRARY_LAST_YEAR,
    library_days,
    load_calendar,
    read_closures,
)
from inspectcal.errors import MalformedDataFile, OutsideCalendar
from tests.helpers import cli, d

OUTSIDE = (
    "inspectcal: error: {day} is outside 1995-2100, the years with England and Wales "
    "bank-holiday data; inspectcal cannot count working days there\n"
)
# Every day closures can matter on: 1 Jan 1995 to 31 Dec 2100.
SUPPORTED_DAYS = (date(2100, 12, 31) - date(1995, 1, 1)).days + 1


# -- the years with bank-holiday data ------------------------------------------------------------


def test_the_library_last_year_is_the_packages_last_year_with_holidays() -> None:
    assert (date(2100, 12, 25), "Christmas Day") in library_days("ENG", [LIBRARY_LAST_YEAR])
    assert library_days("ENG", [LIBRARY_LAST_YEAR + 1]) == []


@pytest.mark.parametrize("notify", ["2150-12-25", "1990-01-02", "0001-01-01", "9999-12-31"])
def test_a_plan_outside_the_data_is_refused(
    notify: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "plan", "-f", "jtai", "--notify", notify) == (
        2,
        "",
        OUTSIDE.format(day=notify),
    )


def test_a_plan_running_past_2100_is_refused_where_it_leaves_the_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # JTAI notified Tue 14 Dec 2100 runs 43 working days, into 2101: refused at the first
    # day the arithmetic needs in 2101, not answered with a January without New Year's Day.
    code, out, err = cli(capsys, "plan", "-f", "jtai", "--notify", "2100-12-14")
    assert (code, out) == (2, "")
    assert err.startswith("inspectcal: error: 2101-") and "outside 1995-2100" in err


def test_holidays_of_the_last_year_and_after_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "holidays", "2100", "--format", "csv")
    assert code == 0 and "2100-12-25,Saturday,Christmas Day" in out
    assert cli(capsys, "holidays", "2150") == (2, "", OUTSIDE.format(day="2150-01-01"))


def test_check_today_in_9999_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "-f", "jtai", "--notify", "2016-09-13", "--today", "9999-12-25"]
    assert cli(capsys, *args) == (2, "", OUTSIDE.format(day="9999-12-25"))


def test_calendar_arithmetic_refuses_to_leave_the_data() -> None:
    england = load_calendar("england-and-wales")
    # Fri 24 Dec 2100 + 5 working days would need January 2101.
    with pytest.raises(OutsideCalendar):
        england.add_working_days(d("2100-12-24"), 5)
    with pytest.raises(OutsideCalendar):
        england.add_working_days(d("1995-01-03"), -5)
    with pytest.raises(OutsideCalendar):
        england.add_working_days(d("2016-09-13"), 10**9)
    # Mon 3 Jan 1995 (2 Jan was the New Year substitute) is still inside.
    assert england.add_working_days(d("1995-01-04"), -1) == d("1995-01-03")


def test_a_plan_whose_rules_run_past_2100_is_refused_when_it_is_made(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # CP notified Mon 4 Jan 2100 and published Thu 1 Jul 2100: its six-month improvement
    # step falls on 1 Jan 2101, a year with no bank-holiday data. Nothing is counted in
    # working days there, so it is the plan's last day that must be refused, as a plan and
    # as a check, and in a programme where an earlier row has loaded 2099-2100 (so the
    # plan is counted on the day index, which never looks at 2101).
    refused = OUTSIDE.format(day="2101-01-01")
    assert cli(
        capsys, "plan", "-f", "cp", "-n", "2100-01-04", "--at", "publication=2100-07-01"
    ) == (
        2,
        "",
        refused,
    )
    check = ["check", "-f", "cp", "-n", "2100-01-04", "-a", "publication=2100-07-01"]
    assert cli(capsys, *check, "--today", "2100-08-01") == (2, "", refused)
    programme = tmp_path / "programme.csv"
    programme.write_text("name,framework,notify\nEarly,jtai,2099-11-03\nLate,cp,2100-01-04\n")
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("inspection,id,date\nLate,publication,2100-07-01\n")
    found = cli(
        capsys, "check", "-i", str(programme), "--actuals", str(actuals), "--today", "2100-08-01"
    )
    assert found == (2, "", refused.replace("error: ", f"error: {programme}, line 3 (Late): "))


ENGLAND = load_calendar("england-and-wales")
# Days off of the years 300 working days from either edge can reach.
EDGE_DAYS_OFF = {
    day
    for year in (1995, 1996, 1997, 2098, 2099, 2100)
    for day, _ in ENGLAND.days_off(date(year, 1, 1), date(year, 12, 31))
}


def walk(start: date, n: int) -> date | None:
    """The n-th working day from `start`, a day at a time; None once it leaves 1995-2100."""
    day, step, left = start, (1 if n > 0 else -1), abs(n)
    while left:
        day += timedelta(days=step)
        if not date(1995, 1, 1) <= day <= date(2100, 12, 31):
            return None
        if day.weekday() < 5 and day not in EDGE_DAYS_OFF:
            left -= 1
    return day


@settings(max_examples=200, deadline=None)
@given(
    start=st.one_of(
        st.dates(min_value=date(1995, 1, 1), max_value=date(1995, 12, 31)),
        st.dates(min_value=date(2100, 1, 1), max_value=date(2100, 12, 31)),
    ),
    n=st.integers(min_value=-300, max_value=300).filter(bool),
)
def test_arithmetic_at_the_edges_answers_or_refuses_never_guesses(start: date, n: int) -> None:
    expected = walk(start, n)
    if expected is None:
        with pytest.raises(OutsideCalendar):
            ENGLAND.add_working_days(start, n)
    else:
        assert ENGLAND.add_working_days(start, n) == expected


# -- closures that reach far (the .ics cases are in tests/ics and test_icalread.py) ---------


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("0001-01-01..9999-12-31 everything", SUPPORTED_DAYS),
        ("9999-12-20..9999-12-31 far away", 0),
        ("2100-12-30..9999-12-31 from the end", 2),
    ],
)
def test_a_text_range_is_clipped(tmp_path: Path, line: str, count: int) -> None:
    path = tmp_path / "closures.txt"
    path.write_text(line + "\n")
    assert len(read_closures(path)) == count


def test_a_closures_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "closures.txt"
    path.write_bytes("\ufeff2016-09-14 Staff day\r\n".encode())
    assert read_closures(path) == {d("2016-09-14"): "Staff day"}


# -- other far-reaching values --------------------------------------------------------------------


def test_a_huge_timetable_offset_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "ical_mini.toml").read_text()
    timetable = tmp_path / "big.toml"
    timetable.write_text(text.replace("day = 2\n", "day = 1000000000\n", 1))
    with pytest.raises(MalformedDataFile, match=r"'day' = 1000000000 is out of range"):
        from inspectcal.frameworks import load_framework

        load_framework(str(timetable))


def test_a_timetable_that_is_not_utf8_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    timetable = tmp_path / "utf16.toml"
    timetable.write_text("[framework]\n", encoding="utf-16")
    assert cli(capsys, "plan", "-f", str(timetable), "--notify", "2016-09-13") == (
        2,
        "",
        f"inspectcal: error: {timetable}: not UTF-8 text; save the timetable as UTF-8\n",
    )


def test_a_huge_reminder_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["export", "-f", "jtai", "--notify", "2016-09-13", "--remind", "P99999999999999999999D"]
    assert cli(capsys, *args) == (
        2,
        "",
        "inspectcal: error: reminder 'P99999999999999999999D' is more than a year; choose a "
        "shorter reminder (--remind)\n",
    )


@pytest.mark.parametrize("option", ["--actuals", "--inspections"])
def test_a_csv_cell_over_128_kib_is_just_a_long_note(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = "x" * 200_000
    path = tmp_path / "rows.csv"
    if option == "--actuals":
        path.write_text(f"id,date,note\nnotification,2016-09-13,{note}\n")
        args = ["check", "-f", "jtai", "--actuals", str(path), "--today", "2016-09-13"]
    else:
        mini = Path(__file__).parent / "ical_mini.toml"
        path.write_text(f'name,framework,notify\n"Long {note[:10]}",{mini},2016-09-13\n')
        args = ["publish", str(tmp_path / "feeds"), "--inspections", str(path)]
    code, _, err = cli(capsys, *args)
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("pins", "notify", "problem"),
    [
        ("fieldwork-start=2016-09-26;fieldwork-start=2016-10-03", "2016-09-13",
         "fieldwork-start is pinned twice (2016-09-26 and 2016-10-03); give it once"),
        ("", "20160913", "malformed notification date '20160913'"),
        ("", "2016-W37-2", "malformed notification date '2016-W37-2'"),
    ],
)  # fmt: skip
def test_the_inspections_csv_reads_pins_and_dates_as_the_command_line_does(
    pins: str, notify: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "inspections.csv"
    path.write_text(f"name,framework,notify,pins\nBedford,jtai,{notify},{pins}\n")
    code, out, err = cli(capsys, "publish", str(tmp_path / "feeds"), "--inspections", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"inspectcal: error: {path}, line 2: {problem}")


def test_a_damaged_cache_entry_does_not_blame_a_good_timetable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectcal.frameworks import _cache_file, load_framework

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    timetable = tmp_path / "mini.toml"
    timetable.write_text((Path(__file__).parent / "ical_mini.toml").read_text())
    entry = _cache_file(timetable.read_text())
    entry.parent.mkdir(parents=True)
    entry.write_text('{"framework": {}}')  # valid JSON, but not this timetable
    assert load_framework(str(timetable)).id == "mini-2016"
    assert '"mini-2016"' in entry.read_text()  # and the entry is repaired
