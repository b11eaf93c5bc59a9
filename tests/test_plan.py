"""The plan engine's own rules: pins, backward planning, warnings. Framework-specific dates
live in the test_timetable_* files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.errors import BadInput, ContradictoryPins, NotAWorkingDay
from tests.helpers import assert_plan_dates, d, plan_for


def test_the_pinned_milestone_nearest_the_notification_anchors_backward_planning() -> None:
    # Two pins: fieldwork (day 9) is nearer day 0 than publication (day 43), so it decides.
    plan = plan_for("jtai", None, fieldwork_start="2016-09-26", publication="2016-11-18")
    assert_plan_dates(
        plan,
        {
            "notification": "2016-09-13",
            "final-report": "2016-11-09",  # day 41 from the fieldwork anchor
            "publication": "2016-11-18",  # pinned a week later than day 43 (Fri 11 Nov)
        },
    )


def test_notify_and_a_notification_pin_must_agree() -> None:
    with pytest.raises(ContradictoryPins, match="give the notification date once"):
        plan_for("jtai", "2016-09-13", notification="2016-09-20")


def test_a_pin_on_a_day_off_names_the_next_working_day() -> None:
    with pytest.raises(NotAWorkingDay) as err:
        plan_for("jtai", "2016-09-13", draft_report="2016-12-26")
    assert str(err.value) == (
        "pinned date for draft-report 2016-12-26 is not a working day (Monday, Boxing Day); "
        "the next working day is Wednesday 2016-12-28"
    )


def test_a_phase_between_two_milestones_cannot_be_pinned() -> None:
    with pytest.raises(BadInput, match="pin those milestones instead"):
        plan_for("jtai", "2016-09-13", fieldwork="2016-09-26")


def test_a_pin_before_the_notification_contradicts_it() -> None:
    with pytest.raises(ContradictoryPins, match="publication = 2016-09-01 must fall after"):
        plan_for("jtai", "2016-09-13", publication="2016-09-01")


def test_a_plan_past_the_known_one_off_days_warns() -> None:
    # Tue 2 Nov 2027 + 43 working days runs into January 2028.
    plan = plan_for("jtai", "2027-11-02")
    assert any("past 2027" in warning for warning in plan.warnings)
    assert not plan_for("jtai", "2016-09-13").warnings


def test_an_unusual_notification_weekday_is_planned_with_a_warning() -> None:
    # JTAI is usually notified on a Tuesday. Notified Wed 14 Sep 2016 (day 0), day 9 is
    # Tue 27 Sep: Thu 15 .. Fri 16 (2), Mon 19 .. Fri 23 (7), Mon 26 (8), Tue 27 (9).
    plan = plan_for("jtai", "2016-09-14")  # a Wednesday
    assert plan.milestone("fieldwork-start").date == d("2016-09-27")
    assert plan.warnings == (
        "JTAI inspections are usually notified on a Tuesday; 2016-09-14 is a Wednesday, so "
        "the weekdays the guidance prints will not match",
    )
    # ...and the printed weekdays are then not compared one by one.
    assert not any("source prints" in n for m in plan.milestones for n in m.notes)


def test_scotland_plan_differs_across_easter() -> None:
    # slac-2009 notified Mon 11 Apr 2011. In England Easter Monday 25 Apr is a holiday;
    # in Scotland it is not, so every later date is a working day earlier until the royal
    # wedding (29 Apr, a holiday in both) and May Day (2 May, both).
    england = plan_for("slac-2009", "2011-04-11")
    scotland = plan_for("slac-2009", "2011-04-11", calendar="scotland")
    assert england.milestone("fieldwork-start").date == d("2011-04-27")
    assert scotland.milestone("fieldwork-start").date == d("2011-04-26")


def test_days_off_inside_the_plan_are_listed() -> None:
    plan = plan_for("cp", "2012-05-28")
    assert plan.days_off[:2] == (
        (d("2012-06-04"), "Spring Bank Holiday"),
        (d("2012-06-05"), "Diamond Jubilee of Elizabeth II"),
    )


def test_after_a_pin_the_day_is_the_real_working_day_and_the_source_day_is_kept() -> None:
    # cp-2012 notified Mon 28 May 2012 (day 1); 4 and 5 Jun are bank holidays. The draft (day
    # 18, Fri 22 Jun) pinned to Wed 27 Jun: Mon 25 = 19, Tue 26 = 20, Wed 27 = 21. The DCS then
    # has until Wed 4 Jul: Thu 28 = 22, Fri 29 = 23, Mon 2 = 24, Tue 3 = 25, Wed 4 = 26.
    import json

    from inspectcal.render import plan_json, plan_table

    plan = plan_for("cp", "2012-05-28", draft_report="2012-06-27")
    records = {m["id"]: m for m in json.loads(plan_json(plan))["milestones"]}
    draft, response = records["draft-report"], records["factual-accuracy-deadline"]
    assert (draft["day"], draft["source_day"]) == (21, 18)
    assert (response["day"], response["source_day"]) == (26, 23)
    assert response["audience"] == "all"
    assert response["side"] == "la"
    assert response["deadline"] is True
    check_phase = records["factual-accuracy-check"]
    assert (check_phase["day"], check_phase["end_day"]) == (21, 26)
    assert (check_phase["source_day"], check_phase["source_end_day"]) == (18, 23)
    publication = records["publication"]  # counted from the end of fieldwork: not moved
    assert (publication["day"], publication["source_day"]) == (30, 30)
    assert (publication["side"], publication["audience"]) == (None, "all")
    table = plan_table(plan, color=False, width=160)
    assert "21 (18)" in table
    assert (
        "Day 21 (18): the pins moved draft-report to working day 21; the source numbers it 18."
        in table
    )
    # Without a pin, the two agree everywhere and the table has no marks.
    unpinned = plan_for("cp", "2012-05-28")
    assert all(m.day == m.source_day for m in unpinned.milestones)
    assert "the pins moved" not in plan_table(unpinned, color=False, width=160)


def test_a_pin_before_the_step_it_is_counted_from_warns_naming_both() -> None:
    # JTAI notified Tue 13 Sep 2016: fieldwork ends on day 13, Fri 30 Sep 2016; the draft
    # letter is counted 11 working days forward from it, so a draft pinned on Wed 14 Sep comes
    # before its anchor. `check` refuses such an actual; a plan is a sketch, so it warns.
    plan = plan_for("jtai", "2016-09-13", draft_report="2016-09-14")
    assert plan.milestone("draft-report").date == d("2016-09-14")
    assert [w for w in plan.warnings if "counted from" in w] == [
        "draft-report is pinned to 2016-09-14, before fieldwork-end on 2016-09-30, which it is "
        "counted from; the day numbers and later dates no longer follow the source"
    ]


def test_a_step_made_by_its_anchor_may_come_before_it_without_a_warning() -> None:
    # complaint-made counts 0 days from complaint-deadline: a complaint is made *by* the
    # deadline, so one made on Wed 14 Sep 2016, long before it, is ordinary.
    plan = plan_for("jtai", "2016-09-13", complaint_made="2016-09-14")
    assert plan.milestone("complaint-made").date < plan.milestone("complaint-deadline").date
    assert not [w for w in plan.warnings if "counted from" in w]


@settings(max_examples=150, deadline=None)
@given(
    framework=st.sampled_from(["jtai", "cp", "slac-2009", "slac-2010"]),
    notify=st.dates(min_value=d("2010-01-04"), max_value=d("2026-06-30")),
    pin_at=st.integers(min_value=0, max_value=40),
    pin_shift=st.integers(min_value=-5, max_value=90),
)
def test_day_numbers_count_working_days_from_the_notification(
    framework: str, notify: date, pin_at: int, pin_shift: int
) -> None:
    # The plan counts most days by addition along the chain; a day-by-day count must agree,
    # with or without a pin (on any day, as `check` allows) moving part of the chain.
    from inspectcal.bankholidays import load_calendar
    from inspectcal.frameworks import load_framework
    from inspectcal.plan import build_plan

    spec = load_framework(framework)
    calendar = load_calendar("england-and-wales")
    pinnable = [m.id for m in spec.milestones if m.span is None and m.after is not None]
    pins = {pinnable[pin_at % len(pinnable)]: notify + timedelta(days=pin_shift)}
    plan = build_plan(framework=spec, calendar=calendar, notify=notify, pins=pins,
                      allow_any_day=True)  # fmt: skip
    start = calendar.roll_forward(notify)

    def count(day: date) -> int:
        rolled, n = calendar.roll_forward(day), 0
        step = 1 if rolled >= start else -1
        walk = start
        while walk != rolled:
            walk += timedelta(days=step)
            n += step if calendar.is_working_day(walk) else 0
        return spec.notification_day + n

    for m in plan.milestones:
        if m.source_day is not None:
            assert m.day == count(m.date), m.id
        if m.end_date is not None and m.source_end_day is not None:
            assert m.end_day == count(m.end_date), m.id


def test_a_remembered_expansion_is_never_another_calendars() -> None:
    # The same framework object and notification (Mon 11 Apr 2011) on two calendars: Easter
    # Monday, 25 Apr, is a holiday in England only, so fieldwork starts a day later there.
    from inspectcal.bankholidays import load_calendar
    from inspectcal.frameworks import load_framework
    from inspectcal.plan import build_plan

    spec = load_framework("slac-2009")
    england, scotland = load_calendar("england-and-wales"), load_calendar("scotland")
    notify = d("2011-04-11")
    first = build_plan(framework=spec, calendar=england, notify=notify, pins={})
    other = build_plan(framework=spec, calendar=scotland, notify=notify, pins={})
    again = build_plan(framework=spec, calendar=england, notify=notify, pins={})
    assert first.milestone("fieldwork-start").date == d("2011-04-27")
    assert other.milestone("fieldwork-start").date == d("2011-04-26")
    assert again.milestones == first.milestones


@settings(max_examples=500)
@given(st.dates(), st.integers(min_value=-30_000, max_value=30_000))
def test_months_are_counted_as_dateutil_counts_them(start: date, months: int) -> None:
    # The rule of a letter: the same day of the month, or the month's last day where it is
    # shorter; a count leaving the years Python has fails the same way in both.
    from dateutil.relativedelta import relativedelta

    from inspectcal.plan import _months_after

    try:
        expected: date | str = start + relativedelta(months=months)
    except ValueError as err:
        expected = str(err)
    try:
        found: date | str = _months_after(start, months)
    except ValueError as err:
        found = str(err)
    assert found == expected


def test_months_at_the_ends_of_months() -> None:
    from inspectcal.plan import _months_after

    # 31 Aug 2016 + 6 months: February 2017 has 28 days. 29 Feb 2016 + 12: 28 Feb 2017.
    assert _months_after(d("2016-08-31"), 6) == d("2017-02-28")
    assert _months_after(d("2016-02-29"), 12) == d("2017-02-28")
    assert _months_after(d("2016-02-29"), 48) == d("2020-02-29")
    # Backwards across a year: 31 Mar 2017 - 3 months = 31 Dec 2016; - 1 month = 28 Feb.
    assert _months_after(d("2017-03-31"), -3) == d("2016-12-31")
    assert _months_after(d("2017-03-31"), -1) == d("2017-02-28")
