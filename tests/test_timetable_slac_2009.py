"""Golden plans for slac-2009 (Ofsted 2009 safeguarding and looked after children inspections).

Every expected date below was counted by hand on a printed calendar, skipping weekends and the
England and Wales bank holidays (calendars/england-and-wales.csv):
  2010: Sat 25 Dec, Sun 26 Dec, Mon 27 Dec (observed), Tue 28 Dec (observed)
  2011: Sat 1 Jan, Mon 3 Jan (observed), Fri 22 Apr (Good Friday), Mon 25 Apr (Easter
        Monday), Fri 29 Apr (royal wedding), Mon 2 May (May Day), Mon 30 May (spring).
Table 1 counts the notification as day 1, so day N is N - 1 working days after it.
"""

from __future__ import annotations

from inspectcal.frameworks import load_framework
from tests.helpers import (
    Expected,
    assert_every_milestone_listed,
    assert_plan_dates,
    d,
    plan_for,
)

# Notified Mon 11 Apr 2011. Working days:
#  1 Mon 11 Apr   2 Tue 12   3 Wed 13   4 Thu 14   5 Fri 15
#  6 Mon 18       7 Tue 19   8 Wed 20   9 Thu 21   (Fri 22 Good Friday, Mon 25 Easter Monday)
# 10 Tue 26 Apr  11 Wed 27  12 Thu 28  (Fri 29 royal wedding, Mon 2 May May Day)
# 13 Tue 3 May   14 Wed 4   15 Thu 5   16 Fri 6
# 17 Mon 9       18 Tue 10  19 Wed 11  20 Thu 12  21 Fri 13
# 22 Mon 16      23 Tue 17  24 Wed 18  25 Thu 19  26 Fri 20
# 27 Mon 23      28 Tue 24  29 Wed 25  30 Thu 26  31 Fri 27   (Mon 30 May spring holiday)
# 32 Tue 31 May  33 Wed 1 Jun  34 Thu 2  35 Fri 3
# 36 Mon 6 Jun   37 Tue 7   38 Wed 8   39 Thu 9   40 Fri 10 Jun
# Complaint: Fri 10 Jun + 30 calendar days = 10 Jul 2011, a Sunday.
EASTER_2011: dict[str, Expected] = {
    "notification": "2011-04-11",
    "setup-call": "2011-04-12",
    "core-documents": "2011-04-12",
    "survey-letters": "2011-04-13",
    "case-list": "2011-04-14",
    "setup": "2011-04-15",
    "initial-cases-selected": "2011-04-15",
    "case-file-audit": ("2011-04-18", "2011-04-26"),
    "fieldwork-start": "2011-04-27",
    "case-audits-received": "2011-04-27",
    "additional-cases-selected": "2011-04-27",
    "fieldwork-end": "2011-05-12",
    "fieldwork": ("2011-04-27", "2011-05-12"),
    "feedback": "2011-05-12",
    "survey-feedback": "2011-05-12",
    "report-drafting": ("2011-05-13", "2011-05-19"),
    "draft-report": "2011-05-19",
    "factual-accuracy-check": ("2011-05-20", "2011-05-26"),
    "factual-accuracy-deadline": "2011-05-26",
    "final-report": "2011-06-03",
    "publication": "2011-06-10",
    "complaint-deadline": "2011-07-10",
}


def test_full_plan_across_easter_and_the_royal_wedding_2011() -> None:
    plan = plan_for("slac-2009", "2011-04-11")
    assert_every_milestone_listed(plan, EASTER_2011)
    assert plan.warnings == ()
    off = {day for day, _ in plan.days_off}
    for holiday in ("2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30"):
        assert d(holiday) in off
    assert plan.milestone("fieldwork-end").time_label == "in the morning"
    assert plan.milestone("feedback").time_label == "in the afternoon"


def test_plan_across_christmas_and_new_year_with_a_sunday_complaint_deadline() -> None:
    # Notified Wed 1 Dec 2010. Working days:
    #  1 Wed 1 Dec   2 Thu 2    3 Fri 3
    #  4 Mon 6       5 Tue 7    6 Wed 8    7 Thu 9    8 Fri 10
    #  9 Mon 13     10 Tue 14  11 Wed 15  12 Thu 16  13 Fri 17
    # 14 Mon 20     15 Tue 21  16 Wed 22  17 Thu 23  18 Fri 24
    #    (Mon 27, Tue 28 Dec: Christmas Day and Boxing Day observed)
    # 19 Wed 29     20 Thu 30  21 Fri 31 Dec   (Mon 3 Jan: New Year's Day observed)
    # 22 Tue 4 Jan  23 Wed 5   24 Thu 6   25 Fri 7
    # 26 Mon 10     27 Tue 11  28 Wed 12  29 Thu 13  30 Fri 14
    # 31 Mon 17     32 Tue 18  33 Wed 19  34 Thu 20  35 Fri 21
    # 36 Mon 24     37 Tue 25  38 Wed 26  39 Thu 27  40 Fri 28 Jan
    # Complaint: Fri 28 Jan + 30 calendar days = 3 (to 31 Jan) + 27 = Sun 27 Feb 2011.
    plan = plan_for("slac-2009", "2010-12-01")
    assert_every_milestone_listed(
        plan,
        {
            "notification": "2010-12-01",
            "setup-call": "2010-12-02",
            "core-documents": "2010-12-02",
            "survey-letters": "2010-12-03",
            "case-list": "2010-12-06",
            "setup": "2010-12-07",
            "initial-cases-selected": "2010-12-07",
            "case-file-audit": ("2010-12-08", "2010-12-14"),
            "fieldwork-start": "2010-12-15",
            "case-audits-received": "2010-12-15",
            "additional-cases-selected": "2010-12-15",
            "fieldwork-end": "2010-12-30",
            "fieldwork": ("2010-12-15", "2010-12-30"),
            "feedback": "2010-12-30",
            "survey-feedback": "2010-12-30",
            "report-drafting": ("2010-12-31", "2011-01-07"),
            "draft-report": "2011-01-07",
            "factual-accuracy-check": ("2011-01-10", "2011-01-14"),
            "factual-accuracy-deadline": "2011-01-14",
            "final-report": "2011-01-21",
            "publication": "2011-01-28",
            "complaint-deadline": "2011-02-27",
        },
    )
    complaint = plan.milestone("complaint-deadline")
    assert complaint.unit == "calendar-days"
    assert complaint.weekday == "Sunday"  # not moved to Mon 28 Feb
    assert any("Sunday" in note and "not moved" in note for note in complaint.notes)


def test_backward_planning_from_a_pinned_fieldwork_start() -> None:
    # Fieldwork pinned to Tue 3 May 2011 (day 11). Counting 10 working days back:
    # Thu 28 Apr (1), Wed 27 (2), Tue 26 (3), [Mon 25, Fri 22 off], Thu 21 (4), Wed 20 (5),
    # Tue 19 (6), Mon 18 (7), Fri 15 (8), Thu 14 (9), Wed 13 Apr (10) = the notification.
    # Case file audit, days 6-10: Wed 20, Thu 21, Tue 26, Wed 27, Thu 28 Apr.
    # Forward from the pin: Wed 4 May (12) ... Mon 16 May (20); draft +5 = Mon 23 May;
    # factual accuracy +5 = Tue 31 May (Mon 30 May is a bank holiday); final +5 = Tue 7 Jun;
    # publication +5 = Tue 14 Jun; complaint + 30 calendar days = Thu 14 Jul.
    plan = plan_for("slac-2009", None, fieldwork_start="2011-05-03")
    assert plan.notification == d("2011-04-13")
    assert any("derived backwards" in warning for warning in plan.warnings)
    assert plan.milestone("fieldwork-start").pinned
    assert_plan_dates(
        plan,
        {
            "notification": "2011-04-13",
            "case-list": "2011-04-18",
            "setup": "2011-04-19",
            "case-file-audit": ("2011-04-20", "2011-04-28"),
            "fieldwork-start": "2011-05-03",
            "fieldwork": ("2011-05-03", "2011-05-16"),
            "fieldwork-end": "2011-05-16",
            "draft-report": "2011-05-23",
            "factual-accuracy-deadline": "2011-05-31",
            "final-report": "2011-06-07",
            "publication": "2011-06-14",
            "complaint-deadline": "2011-07-14",
        },
    )


def test_a_late_fieldwork_end_moves_everything_after_it() -> None:
    # Notified Mon 11 Apr 2011: fieldwork should end Thu 12 May (day 20) but ends Tue 17 May.
    # From Tue 17 May: drafting Wed 18 .. Tue 24 (Wed 18, Thu 19, Fri 20, Mon 23, Tue 24);
    # draft Tue 24 May; check Wed 25 .. Wed 1 Jun (Wed 25, Thu 26, Fri 27, [Mon 30 off],
    # Tue 31, Wed 1); final Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 Jun; publication Thu 9, Fri 10,
    # Mon 13, Tue 14, Wed 15 Jun; complaint Wed 15 Jun + 30 calendar days = Fri 15 Jul.
    plan = plan_for("slac-2009", "2011-04-11", fieldwork_end="2011-05-17")
    late = plan.milestone("fieldwork-end")
    assert late.pinned
    assert late.due == d("2011-05-12")
    unchanged = {
        key: EASTER_2011[key]
        for key in ("notification", "setup", "case-file-audit", "fieldwork-start")
    }
    assert_plan_dates(
        plan,
        {
            **unchanged,
            "fieldwork-end": "2011-05-17",
            "fieldwork": ("2011-04-27", "2011-05-17"),
            "feedback": "2011-05-17",
            "survey-feedback": "2011-05-17",
            "report-drafting": ("2011-05-18", "2011-05-24"),
            "draft-report": "2011-05-24",
            "factual-accuracy-check": ("2011-05-25", "2011-06-01"),
            "factual-accuracy-deadline": "2011-06-01",
            "final-report": "2011-06-08",
            "publication": "2011-06-15",
            "complaint-deadline": "2011-07-15",
        },
    )


def test_no_action_plan_deadline() -> None:
    # The 2009 framework defines no action plan, hence no action plan deadline.
    assert "action-plan-deadline" not in load_framework("slac-2009").ids
