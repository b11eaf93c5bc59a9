"""The one parser of dates, date-times and `ID=DATE` pins, for the command line and every CSV."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspectcal.dates import (
    Actual,
    actual_in_file,
    iso_date,
    iso_moment,
    parse_actuals,
    parse_date,
    parse_pins,
)
from inspectcal.errors import BadInput, InspectcalError, MalformedDataFile, MalformedDate
from inspectcal.programme import read_inspections
from tests.helpers import d


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_date_written_as_iso_reads_back(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert iso_moment(day.isoformat()) == (day, None)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_the_compact_and_week_forms_are_refused(day: date) -> None:
    # Python's own reader takes both: 20160913 and 2016-W37-2 are 13 Sep 2016.
    iso_year, week, weekday = day.isocalendar()
    for text in (f"{day:%Y%m%d}", f"{iso_year:04d}-W{week:02d}-{weekday}"):
        assert date.fromisoformat(text) == day
        assert iso_date(text) is None


@pytest.mark.parametrize("text", ["2016-9-13", " 2016-09-13", "2016-09-13T10:15", "", "٢٠١٦-٠٩-١٣"])
def test_anything_but_yyyy_mm_dd_is_a_malformed_date(text: str) -> None:
    with pytest.raises(MalformedDate) as caught:
        parse_date(text, "notification date")
    assert str(caught.value) == (
        f"malformed notification date {text!r}; write it as YYYY-MM-DD, e.g. 2016-09-13"
    )


@pytest.mark.parametrize("text", ["2016-09-31", "2016-02-30", "2015-02-29", "2016-13-01"])
def test_the_right_form_for_a_day_that_does_not_exist(text: str) -> None:
    # September has 30 days; 2015 was no leap year; there is no 13th month.
    with pytest.raises(MalformedDate) as caught:
        parse_date(text, "notification date")
    assert str(caught.value) == (
        f"notification date {text!r} is not a real date; check the day and the month"
    )


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2016-09-13", (d("2016-09-13"), None)),
        ("2016-09-13T10:15", (d("2016-09-13"), time(10, 15))),
        (" 2016-09-13 23:59 ", (d("2016-09-13"), time(23, 59))),
        ("2016-09-13T24:00", None),
        ("20160913T1015", None),
        ("2016-09-13T10:15:00", None),
    ],
)
def test_actual_date_times(text: str, moment: tuple[date, time | None] | None) -> None:
    assert iso_moment(text) == moment


def test_pins_the_same_pin_twice_is_harmless() -> None:
    pins = ["fieldwork-start=2016-09-26", " fieldwork-start = 2016-09-26 "]
    assert parse_pins(pins) == {"fieldwork-start": d("2016-09-26")}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            ["fieldwork-start=2016-09-26", "fieldwork-start=2016-10-03"],
            "fieldwork-start is pinned twice (2016-09-26 and 2016-10-03); give it once",
        ),
        (
            ["fieldwork-start"],
            "malformed pin 'fieldwork-start'; write ID=YYYY-MM-DD, e.g. fieldwork-start=2016-09-26",
        ),
        (["=2016-09-26"], "malformed pin '=2016-09-26'; write ID=YYYY-MM-DD, e.g. "),
        (
            ["draft-report=20161017"],
            "malformed pin date for draft-report '20161017'; write it as YYYY-MM-DD, e.g. "
            "2016-09-13",
        ),
    ],
)
def test_bad_pins_speak_of_pins_not_flags(values: list[str], message: str) -> None:
    with pytest.raises(InspectcalError) as caught:
        parse_pins(values)
    assert str(caught.value).startswith(message)
    assert "--" not in str(caught.value)


def test_the_command_line_names_its_flag() -> None:
    with pytest.raises(MalformedDate) as caught:
        parse_pins(["draft-report=17/10/2016"], what="--at")
    assert str(caught.value).startswith("malformed --at date for draft-report '17/10/2016';")


def test_actuals_same_rule_as_pins() -> None:
    same = parse_actuals(["draft-report=2016-10-17T11:00", "draft-report=2016-10-17T11:00"])
    assert same == {
        "draft-report": Actual(
            day=d("2016-10-17"), at=time(11, 0), where="actual draft-report=2016-10-17T11:00"
        )
    }
    with pytest.raises(BadInput) as caught:
        parse_actuals(["draft-report=2016-10-17", "draft-report=2016-10-18"])
    assert str(caught.value) == (
        "draft-report has two actual dates: 2016-10-17 (actual draft-report=2016-10-17) and "
        "2016-10-18 (actual draft-report=2016-10-18); give it once"
    )
    with pytest.raises(BadInput) as caught:
        parse_actuals(["draft-report"])
    assert str(caught.value) == (
        "actual 'draft-report': write it as ID=DATE, e.g. actual draft-report=2016-10-17"
    )


@given(
    st.sampled_from(["2016-09-13", "2016-09-13T10:15", " 2016-02-29 09:05 ", "2016-02-30"]),
    st.integers(min_value=1, max_value=10**6),
)
def test_an_actual_from_a_file_is_the_one_its_constructor_makes(text: str, line: int) -> None:
    """`actual_in_file` makes each `Actual` without `__init__` and parses a cell once: the
    same object, field for field and in order, as `Actual(...)` from `iso_moment`'s parse,
    the first time a cell is read and every time after."""
    path = Path("files/actuals.csv")
    moment = iso_moment(text)
    for _ in range(2):
        if moment is None:
            with pytest.raises(MalformedDataFile) as caught:
                actual_in_file(text, path=path, line=line)
            assert (
                str(caught.value) == f"{path}, line {line}: {text.strip()!r} is not a date; "
                "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2016-09-13T10:15"
            )
            continue
        found = actual_in_file(text, path=path, line=line)
        made = Actual(day=moment[0], at=moment[1], where=f"files/actuals.csv, line {line}")
        assert found == made and list(vars(found).items()) == list(vars(made).items())
        assert hash(found) == hash(made) and found.text == made.text


# -- the review's bugs, read through the programme file -------------------------------------------


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        # 20160913 is 13 Sep 2016 to Python, a typo to a planner.
        ("A,jtai,20160913,", "malformed notification date '20160913'; write it as YYYY-MM-DD"),
        # Two dates for one milestone: the last one silently won.
        (
            "A,jtai,2016-09-13,fieldwork-start=2016-09-26;fieldwork-start=2016-10-03",
            "fieldwork-start is pinned twice (2016-09-26 and 2016-10-03); give it once",
        ),
    ],
)
def test_the_programme_file_reads_dates_as_the_command_line_does(
    tmp_path: Path, row: str, problem: str
) -> None:
    path = tmp_path / "programme.csv"
    path.write_text(f"name,framework,notify,pins\n{row}\n")
    with pytest.raises(MalformedDataFile) as caught:
        read_inspections(path)
    assert str(caught.value).startswith(f"{path}, line 2: {problem}")


@pytest.mark.parametrize("line", ["٢٠١٦-٠٩-١٤ Staff day", "2016-09-14..٢٠١٦-٠٩-١٦ Move"])
def test_a_closures_list_reads_dates_as_strictly(tmp_path: Path, line: str) -> None:
    # Python reads Arabic-Indic digits as a date; a closures list must not.
    from inspectcal.bankholidays import read_closures

    path = tmp_path / "closures.txt"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(MalformedDataFile) as caught:
        read_closures(path)
    assert str(caught.value).startswith(f"{path}, line 1: expected a date (YYYY-MM-DD)")
