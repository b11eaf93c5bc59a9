"""Working-day arithmetic: hand-checked dates, then properties against a day-by-day walk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.bankholidays import load_calendar
from inspectcal.workdays import WorkingCalendar
from tests.helpers import d

ENGLAND = load_calendar("england-and-wales")


def naive_is_working(calendar: WorkingCalendar, day: date) -> bool:
    """The reference: a weekday that is not a named day off (no index, no cleverness)."""
    names = dict(calendar.days_off(day, day))
    return day.weekday() < 5 and day not in names


def naive_add(calendar: WorkingCalendar, start: date, n: int) -> date:
    day, step, left = start, (1 if n > 0 else -1), abs(n)
    if n == 0:
        while not naive_is_working(calendar, day):
            day += timedelta(days=1)
        return day
    while left:
        day += timedelta(days=step)
        if naive_is_working(calendar, day):
            left -= 1
    return day


# -- hand-checked against a printed calendar ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        ("2016-09-13", 9, "2016-09-26", "JTAI day 0 Tue to day 9: the following-but-one Monday"),
        ("2016-09-13", 43, "2016-11-11", "JTAI day 43: a Friday, not the Tuesday printed"),
        ("2011-04-20", 1, "2011-04-21", "Wed to Thu before Good Friday"),
        ("2011-04-21", 1, "2011-04-26", "Thu 21 Apr 2011: skips Good Friday, weekend, Easter Mon"),
        ("2011-04-28", 1, "2011-05-03", "Thu 28 Apr 2011: skips royal wedding, weekend, May Day"),
        ("2012-06-01", 1, "2012-06-06", "Fri 1 Jun 2012: skips weekend, 4 Jun bank hol, jubilee"),
        ("2016-12-23", 1, "2016-12-28", "Fri 23 Dec 2016: 26 Boxing Day, 27 substitute Xmas"),
        ("2016-12-30", 1, "2017-01-03", "Fri 30 Dec 2016: 2 Jan 2017 substitute New Year"),
        ("2020-05-07", 1, "2020-05-11", "Thu 7 May 2020: VE Day moved May Day to Fri 8 May"),
        ("2022-09-16", 1, "2022-09-20", "Fri 16 Sep 2022: state funeral Mon 19 Sep"),
        ("2023-05-05", 1, "2023-05-09", "Fri 5 May 2023: coronation Mon 8 May"),
        ("2022-06-01", 1, "2022-06-06", "Wed 1 Jun 2022: platinum jubilee Thu 2 and Fri 3 Jun"),
        ("2011-05-03", -1, "2011-04-28", "back over May Day, the weekend and the royal wedding"),
        ("2017-01-03", -4, "2016-12-23", "back over New Year and both Christmas substitutes"),
        ("2016-12-25", 0, "2016-12-28", "zero days from Christmas Sunday: next working day"),
        ("2016-09-13", 0, "2016-09-13", "zero days from a working day: itself"),
    ],
)
def test_add_working_days_hand_checked(start: str, n: int, expected: str, why: str) -> None:
    assert ENGLAND.add_working_days(d(start), n) == d(expected), why


def test_counting_working_days_hand_checked() -> None:
    # December 2016 after the 13th: 14-16, 19-23, 28-30 (26, 27 are off) = 3 + 5 + 3 = 11.
    assert ENGLAND.working_days_between(d("2016-12-13"), d("2016-12-31")) == 11
    # April 2011 from Wed 20th to Tue 3 May: 21, 26, 27, 28, 3 May = 5.
    assert ENGLAND.working_days_between(d("2011-04-20"), d("2011-05-03")) == 5
    assert ENGLAND.working_days_between(d("2011-05-03"), d("2011-04-20")) == -5


def test_next_and_previous_working_day() -> None:
    assert ENGLAND.next_working_day(d("2012-06-01")) == d("2012-06-06")
    assert ENGLAND.previous_working_day(d("2012-06-06")) == d("2012-06-01")
    assert ENGLAND.roll_forward(d("2012-06-04")) == d("2012-06-06")
    assert ENGLAND.roll_back(d("2012-06-05")) == d("2012-06-01")


def test_days_off_lists_bank_holidays_in_a_range() -> None:
    assert ENGLAND.days_off(d("2012-06-01"), d("2012-06-30")) == [
        (d("2012-06-04"), "Spring Bank Holiday"),
        (d("2012-06-05"), "Diamond Jubilee of Elizabeth II"),
    ]


def test_scotland_and_northern_ireland_differ_from_england() -> None:
    scotland = load_calendar("scotland")
    northern_ireland = load_calendar("northern-ireland")
    # Easter Monday 25 Apr 2011 is not a bank holiday in Scotland; 2 Jan is.
    assert ENGLAND.is_working_day(d("2011-04-25")) is False
    assert scotland.is_working_day(d("2011-04-25")) is True
    assert scotland.is_working_day(d("2012-01-03")) is False  # 2 Jan holiday, substituted
    # St Patrick's Day, Thu 17 Mar 2016, and the Twelfth, Tue 12 Jul 2016, in Northern Ireland.
    assert northern_ireland.is_working_day(d("2016-03-17")) is False
    assert northern_ireland.is_working_day(d("2016-07-12")) is False
    assert ENGLAND.is_working_day(d("2016-07-12")) is True


def test_closures_are_days_off() -> None:
    shutdown = {d("2016-12-28"): "Council Christmas shutdown", d("2016-12-29"): "shutdown"}
    council = WorkingCalendar(
        name="England and Wales + closures",
        loader=ENGLAND.loader,
        closures=shutdown,
    )
    assert council.add_working_days(d("2016-12-23"), 1) == d("2016-12-30")
    assert council.why_closed(d("2016-12-28")) == "Wednesday, Council Christmas shutdown"


def test_years_outside_the_data_file_come_from_the_library() -> None:
    # 2060 is past the generated span (1995-2040): Christmas Day 2060 is a Saturday, so
    # Mon 27 Dec and Tue 28 Dec are the substitute days.
    assert ENGLAND.add_working_days(d("2060-12-24"), 1) == d("2060-12-29")


def test_ten_years_of_working_days_agree_with_a_day_by_day_walk() -> None:
    # Beyond the property tests' 400 days: ten years of days off, each year's index joined
    # to the next. (How long it takes is measured in bench/bench.py, not here.)
    far = ENGLAND.add_working_days(d("2016-09-13"), 2500)
    assert far == naive_add(ENGLAND, d("2016-09-13"), 2500)
    assert ENGLAND.working_days_between(d("2016-09-13"), far) == 2500
    assert ENGLAND.add_working_days(far, -2500) == d("2016-09-13")


# -- properties against the naive reference -----------------------------------------------------

# 400 working days are under 20 months: from 1997 back or 2039 forward they stay inside
# 1995-2100, the years with bank-holiday data (outside them the calendar refuses).
days = st.dates(min_value=date(1997, 1, 1), max_value=date(2039, 6, 30))
steps = st.integers(min_value=-400, max_value=400)


@settings(max_examples=300, deadline=None)
@given(start=days, n=steps)
def test_add_agrees_with_a_day_by_day_walk(start: date, n: int) -> None:
    assert ENGLAND.add_working_days(start, n) == naive_add(ENGLAND, start, n)


@settings(max_examples=300, deadline=None)
@given(start=days, n=steps)
def test_results_are_never_weekends_or_holidays(start: date, n: int) -> None:
    result = ENGLAND.add_working_days(start, n)
    assert result.weekday() < 5
    assert naive_is_working(ENGLAND, result)


@settings(max_examples=300, deadline=None)
@given(start=days, n=steps)
def test_add_then_subtract_returns_the_start(start: date, n: int) -> None:
    working = ENGLAND.roll_forward(start)
    assert ENGLAND.add_working_days(ENGLAND.add_working_days(working, n), -n) == working


@settings(max_examples=300, deadline=None)
@given(start=days, end=days)
def test_counting_agrees_with_adding(start: date, end: date) -> None:
    working = ENGLAND.roll_forward(start)
    count = ENGLAND.working_days_between(working, end)
    landed = ENGLAND.add_working_days(working, count)
    # Adding the count lands on `end` itself or, when `end` is a day off, on the last
    # working day before it - in either direction.
    assert landed == (working if count == 0 else ENGLAND.roll_back(end))


@settings(max_examples=300, deadline=None)
@given(due=days, day=days, indexed=st.booleans())
def test_lateness_counts_working_days_from_the_next_day_anyone_could_act(
    due: date, day: date, indexed: bool
) -> None:
    # By a day-by-day walk: the working days after `due` up to the first working day on or
    # after `day`. The calendar answers on its day index when it has one covering both
    # days, else by counting; both must agree with the walk, before and after `due`.
    calendar = load_calendar("england-and-wales")
    if indexed:
        for year in range(min(due, day).year, max(due, day).year + 1):
            calendar.add_working_days(date(year, 6, 1), 1)  # load the years, then index them
        assert calendar.day_index(due) is not None
    acted = day
    while not naive_is_working(calendar, acted):
        acted += timedelta(days=1)
    walk, step = 0, (1 if acted >= due else -1)
    here = due
    while here != acted:
        here += timedelta(days=step)
        if step > 0 and naive_is_working(calendar, here):
            walk += 1
        if step < 0 and naive_is_working(calendar, here + timedelta(days=1)):
            walk -= 1
    assert calendar.working_days_late(due.toordinal(), day.toordinal()) == walk


def test_lateness_from_a_year_the_day_index_does_not_cover() -> None:
    # With only 2019 and 2021 loaded, the day index around 2021 starts on 1 Jan 2021: a
    # deadline of Fri 20 Dec 2019 is counted by the calendar, not read off the index (a
    # position before its start would silently read from the other end of the list). The
    # working days after Fri 20 Dec 2019 up to Tue 5 Jan 2021: 23, 24, 27, 30 and 31 Dec
    # 2019; 2020's 262 weekdays less its 8 bank holidays (1 Jan, 10 and 13 Apr, 8 and 25 May,
    # 31 Aug, 25 and 28 Dec); Mon 4 and Tue 5 Jan 2021 (1 Jan a bank holiday): 5 + 254 + 2.
    calendar = load_calendar("england-and-wales")
    calendar.add_working_days(date(2019, 6, 3), 1)
    calendar.add_working_days(date(2021, 6, 1), 1)
    index = calendar.day_index(date(2021, 1, 5))
    assert index is not None and date.fromordinal(index.first) == date(2021, 1, 1)
    walk, here = 0, date(2019, 12, 20)
    while here < date(2021, 1, 5):
        here += timedelta(days=1)
        walk += naive_is_working(ENGLAND, here)
    late = calendar.working_days_late(date(2019, 12, 20).toordinal(), date(2021, 1, 5).toordinal())
    assert late == walk == 261


@settings(max_examples=200, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=60), closed=st.sets(days, max_size=40))
def test_closures_never_land_a_result(start: date, n: int, closed: set[date]) -> None:
    council = WorkingCalendar(
        name="with closures",
        loader=ENGLAND.loader,
        closures=dict.fromkeys(closed, "closure"),
    )
    result = council.add_working_days(start, n)
    assert result not in closed
    assert result == naive_add(council, start, n)
