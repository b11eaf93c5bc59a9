"""Golden tests for slac-2010 (Ofsted's 2010 safeguarding and looked after children framework).

Every expected date was counted by hand on a printed calendar (`ncal -b 2010`, `ncal -b 2011`)
with the England and Wales bank holidays: 25-28 Dec 2010 (27 and 28 are the substitute days),
3 Jan 2011 (substitute for New Year's Day), 22 and 25 Apr 2011 (Easter), 29 Apr 2011 (the
royal wedding), 2 May 2011 (May Day), 30 May 2011 (Spring Bank Holiday).

Day numbers (notification = day 1): set-up 5, fieldwork 11-20, final team meeting 19,
feedback 20, draft 30, factual accuracy 35, final report 40, publication 45; complaints
30 calendar days after publication.
"""

from __future__ import annotations

from inspectcal.frameworks import load_framework
from tests.helpers import assert_every_milestone_listed, assert_plan_dates, d, plan_for


def test_full_plan_across_christmas_and_new_year_2010() -> None:
    # Notified Wednesday 1 Dec 2010 (day 1).
    # Days 2-5: Thu 2, Fri 3, Mon 6, Tue 7 -> set-up Tue 7 Dec.
    # Days 6-11: Wed 8, Thu 9, Fri 10, Mon 13, Tue 14, Wed 15 -> fieldwork starts Wed 15 Dec.
    # Days 12-20: Thu 16, Fri 17, Mon 20, Tue 21, Wed 22, Thu 23, Fri 24, (Sat 25 - Tue 28
    # off: weekend, Christmas, Boxing Day and both substitute days) Wed 29 (day 19),
    # Thu 30 (day 20) -> fieldwork ends Thu 30 Dec.
    # Draft +10: Fri 31, (Mon 3 Jan off) Tue 4, Wed 5, Thu 6, Fri 7, Mon 10, Tue 11, Wed 12,
    # Thu 13, Fri 14 -> Fri 14 Jan 2011.
    # Factual accuracy +5: Mon 17 .. Fri 21 Jan. Final +5: Mon 24 .. Fri 28 Jan.
    # Publication +5: Mon 31 Jan, Tue 1 .. Fri 4 Feb. Complaint: 4 Feb + 30 = Sun 6 Mar 2011.
    plan = plan_for("slac-2010", "2010-12-01")
    assert_every_milestone_listed(
        plan,
        {
            "notification": "2010-12-01",
            "setup": "2010-12-07",
            "initial-cases-selected": "2010-12-07",  # arranged at the set-up meeting
            "fieldwork-start": "2010-12-15",
            "case-audits-shared": "2010-12-15",
            "additional-cases-selected": "2010-12-15",  # "at the start of the fieldwork"
            "fieldwork": ("2010-12-15", "2010-12-30"),
            "daily-dcs-discussions": ("2010-12-15", "2010-12-30"),
            "final-team-meeting": "2010-12-29",
            "fieldwork-end": "2010-12-30",
            "feedback": "2010-12-30",
            "draft-report": "2011-01-14",
            "factual-accuracy-check": ("2011-01-14", "2011-01-21"),
            "factual-accuracy-deadline": "2011-01-21",
            "final-report": "2011-01-28",
            "publication": "2011-02-04",
            "complaint-deadline": "2011-03-06",
        },
    )
    # Day 19 falls on a Wednesday, not the briefing note's "Thursday of week two".
    meeting = plan.milestone("final-team-meeting")
    assert meeting.weekday == "Wednesday"
    assert any("Thursday" in note and "Wednesday" in note for note in meeting.notes)
    holidays = {day for day, _ in plan.days_off}
    assert {d("2010-12-27"), d("2010-12-28"), d("2011-01-03")} <= holidays


def test_fieldwork_across_easter_and_the_royal_wedding_2011() -> None:
    # Notified Monday 4 Apr 2011 (day 1). Set-up: Tue 5, Wed 6, Thu 7, Fri 8 -> Fri 8 Apr.
    # Day 11: Mon 11 .. Fri 15 are days 6-10, Mon 18 is day 11.
    # Fieldwork: Tue 19 (12), Wed 20 (13), Thu 21 (14), (Fri 22 Good Friday, Mon 25 Easter
    # Monday off) Tue 26 (15), Wed 27 (16), Thu 28 (17), (Fri 29 royal wedding, Mon 2 May
    # May Day off) Tue 3 May (18), Wed 4 (19), Thu 5 (20).
    # Draft +10: Fri 6, Mon 9 .. Fri 13, Mon 16 .. Thu 19 -> Thu 19 May.
    # Factual +5: Fri 20, Mon 23 .. Thu 26 -> Thu 26 May.
    # Final +5: Fri 27, (Mon 30 Spring Bank Holiday off) Tue 31, Wed 1, Thu 2, Fri 3 -> 3 Jun.
    # Publication +5: Mon 6 .. Fri 10 Jun. Complaint: 10 Jun + 30 = Sun 10 Jul 2011.
    plan = plan_for("slac-2010", "2011-04-04")
    assert_plan_dates(
        plan,
        {
            "notification": "2011-04-04",
            "setup": "2011-04-08",
            "fieldwork": ("2011-04-18", "2011-05-05"),
            "final-team-meeting": "2011-05-04",
            "feedback": "2011-05-05",
            "draft-report": "2011-05-19",
            "factual-accuracy-check": ("2011-05-19", "2011-05-26"),
            "final-report": "2011-06-03",
            "publication": "2011-06-10",
            "complaint-deadline": "2011-07-10",
        },
    )
    holidays = {day for day, _ in plan.days_off}
    assert {d("2011-04-22"), d("2011-04-25"), d("2011-04-29"), d("2011-05-02")} <= holidays


def test_complaint_deadline_on_a_saturday_is_not_moved() -> None:
    # Notified Friday 9 Sep 2011; no bank holidays until Christmas 2011.
    # Day 11 = Fri 23 Sep; day 20 = Thu 6 Oct; draft Thu 20 Oct; factual Thu 27 Oct;
    # final Thu 3 Nov; publication Thu 10 Nov. 10 Nov + 30 days = Sat 10 Dec 2011.
    plan = plan_for("slac-2010", "2011-09-09")
    assert_plan_dates(
        plan,
        {
            "fieldwork": ("2011-09-23", "2011-10-06"),
            "draft-report": "2011-10-20",
            "factual-accuracy-deadline": "2011-10-27",
            "final-report": "2011-11-03",
            "publication": "2011-11-10",
            "complaint-deadline": "2011-12-10",
        },
    )
    complaint = plan.milestone("complaint-deadline")
    assert complaint.unit == "calendar-days"
    assert complaint.weekday == "Saturday"
    assert any("Saturday" in note and "not moved" in note for note in complaint.notes)


def test_backward_plan_from_a_pinned_fieldwork_start() -> None:
    # Fieldwork pinned to Monday 10 Jan 2011. Ten working days back: Fri 7, Thu 6, Wed 5,
    # Tue 4, (Mon 3 off) Fri 31 Dec, Thu 30, Wed 29, (Tue 28, Mon 27 off) Fri 24, Thu 23,
    # Wed 22 Dec -> notified Wed 22 Dec 2010.
    # Set-up +4: Thu 23, Fri 24, Wed 29, Thu 30 Dec.
    # Fieldwork: Mon 10 .. Fri 21 Jan (day 19 = Thu 20 Jan, the "Thursday of week two").
    # Draft +10: Fri 4 Feb; factual Fri 11 Feb; final Fri 18 Feb; publication Fri 25 Feb;
    # complaint 25 Feb + 30 = Sun 27 Mar 2011.
    plan = plan_for("slac-2010", None, fieldwork_start="2011-01-10")
    assert_every_milestone_listed(
        plan,
        {
            "notification": "2010-12-22",
            "setup": "2010-12-30",
            "initial-cases-selected": "2010-12-30",  # arranged at the set-up meeting
            "fieldwork-start": "2011-01-10",
            "case-audits-shared": "2011-01-10",
            "additional-cases-selected": "2011-01-10",  # "at the start of the fieldwork"
            "fieldwork": ("2011-01-10", "2011-01-21"),
            "daily-dcs-discussions": ("2011-01-10", "2011-01-21"),
            "final-team-meeting": "2011-01-20",
            "fieldwork-end": "2011-01-21",
            "feedback": "2011-01-21",
            "draft-report": "2011-02-04",
            "factual-accuracy-check": ("2011-02-04", "2011-02-11"),
            "factual-accuracy-deadline": "2011-02-11",
            "final-report": "2011-02-18",
            "publication": "2011-02-25",
            "complaint-deadline": "2011-03-27",
        },
    )
    assert plan.notification == d("2010-12-22")
    meeting = plan.milestone("final-team-meeting")
    assert meeting.weekday == "Thursday"
    assert not any("falls on a" in note for note in meeting.notes)


def test_late_draft_moves_only_the_factual_accuracy_return() -> None:
    # Notified Wed 1 Dec 2010: the draft is due Fri 14 Jan 2011 but is sent Wed 19 Jan.
    # The council keeps five working days from it: Thu 20, Fri 21, Mon 24, Tue 25, Wed 26 Jan,
    # later than "15 working days after the end of the inspection" (Fri 21 Jan), so Wed 26 Jan.
    # The final report (20) and publication (25) are counted from the end of the inspection
    # (Thu 30 Dec) and stay Fri 28 Jan and Fri 4 Feb; complaint 4 Feb + 30 = Sun 6 Mar 2011.
    plan = plan_for("slac-2010", "2010-12-01", draft_report="2011-01-19")
    assert_plan_dates(
        plan,
        {
            "fieldwork-end": "2010-12-30",
            "draft-report": "2011-01-19",
            "factual-accuracy-check": ("2011-01-19", "2011-01-26"),
            "factual-accuracy-deadline": "2011-01-26",
            "final-report": "2011-01-28",
            "publication": "2011-02-04",
            "complaint-deadline": "2011-03-06",
        },
    )
    draft = plan.milestone("draft-report")
    assert draft.pinned
    assert draft.due == d("2011-01-14")


def test_early_draft_keeps_the_printed_day_35() -> None:
    # Draft sent Mon 10 Jan 2011 (day 26). Five working days from it would be Mon 17 Jan,
    # but the bracketed "15 working days after the end of the inspection" is Fri 21 Jan
    # (day 35), and the later limit stands.
    plan = plan_for("slac-2010", "2010-12-01", draft_report="2011-01-10")
    assert plan.milestone("factual-accuracy-deadline").date == d("2011-01-21")


def test_notification_before_october_2010_names_slac_2009() -> None:
    plan = plan_for("slac", "2009-11-30")
    assert plan.framework.id == "slac-2010"
    assert (
        "slac-2010 applies from 2010-10-01, after the notification date 2009-11-30; "
        "slac-2009 is the framework for that date"
    ) in plan.warnings
    assert not any("applies from" in w for w in plan_for("slac", "2010-12-01").warnings)


def test_a_plan_by_the_alias_slac() -> None:
    by_alias = plan_for("slac", "2010-12-01")
    assert by_alias.framework.id == "slac-2010"
    assert_plan_dates(
        by_alias,
        {
            "setup": "2010-12-07",
            "fieldwork": ("2010-12-15", "2010-12-30"),
            "publication": "2011-02-04",
        },
    )


def test_no_action_plan_deadline_and_briefing_note_cited_by_name() -> None:
    # Neither document sets an action-plan deadline; the council's note is never cited as
    # if it were Ofsted's framework.
    framework = load_framework("slac-2010")
    assert "action-plan-deadline" not in framework.ids
    meeting = framework.milestone("final-team-meeting")
    assert "briefing note (not Ofsted's)" in framework.citation(meeting)
