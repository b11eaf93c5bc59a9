"""Golden tests for cp-2012: Ofsted's 2012 guidance for inspections of local authority
arrangements for the protection of children.

Every expected date below was counted by hand on a printed calendar (`ncal -b 2012`), with
the England and Wales bank holidays of calendars/england-and-wales.csv: in 2012 the Spring
bank holiday moved to Monday 4 June and Tuesday 5 June was the Diamond Jubilee; Christmas Day
Tue 25 Dec, Boxing Day Wed 26 Dec, New Year's Day Tue 1 Jan 2013. Day numbers are working
days and the notification is day 1 (day 0, the lead inspector's preparation, is the working
day before it).
"""

from __future__ import annotations

from datetime import date

from inspectcal.frameworks import load_framework
from tests.helpers import (
    Expected,
    assert_every_milestone_listed,
    assert_plan_dates,
    plan_for,
)

# Notified Monday 28 May 2012. Working days, by day number:
#   0 Fri 25 May | 1 Mon 28 | 2 Tue 29 | 3 Wed 30 | 4 Thu 31 | 5 Fri 1 Jun
#   (Mon 4 Jun Spring bank holiday, Tue 5 Jun Diamond Jubilee)
#   6 Wed 6 | 7 Thu 7 | 8 Fri 8 | 9 Mon 11 | 10 Tue 12 | 11 Wed 13 | 12 Thu 14 | 13 Fri 15
#   14 Mon 18 | 15 Tue 19 | 16 Wed 20 | 17 Thu 21 | 18 Fri 22 | 19 Mon 25 | 20 Tue 26
#   21 Wed 27 | 22 Thu 28 | 23 Fri 29 | 24 Mon 2 Jul | 25 Tue 3 | 26 Wed 4 | 27 Thu 5
#   28 Fri 6 | 29 Mon 9 | 30 Tue 10 Jul
#   Areas for improvement: Tue 10 Jul 2012 + 0, 3, 6 months = Tue 10 Jul, Wed 10 Oct 2012,
#   Thu 10 Jan 2013.
JUBILEE_2012_05_28: dict[str, Expected] = {
    "preparation": "2012-05-25",
    "notification": "2012-05-28",
    "fieldwork-start": "2012-05-28",
    "initial-meeting": "2012-05-28",  # on arrival: day 1 (paras 25-27)
    "phase-one-preparation": "2012-05-28",
    "day-one-briefing": "2012-05-28",
    "fieldwork": ("2012-05-28", "2012-06-08"),
    "annex-a-information": "2012-05-29",
    "setup": "2012-05-29",
    "phase-one-fieldwork": "2012-05-29",
    "team-preparation": "2012-05-29",
    "day-two-briefing": "2012-05-29",
    "fieldwork-continues": ("2012-05-30", "2012-06-07"),
    "emerging-findings-meeting": "2012-06-07",
    "fieldwork-end": "2012-06-08",
    "judgements-finalised": "2012-06-08",
    "judgement-meeting": "2012-06-08",
    "feedback": "2012-06-08",
    "report-drafting": ("2012-06-11", "2012-06-12"),
    "qa-procedures": ("2012-06-13", "2012-06-22"),
    "draft-report": "2012-06-22",
    "childrens-summary-draft": "2012-06-22",
    "factual-accuracy-check": ("2012-06-22", "2012-06-29"),
    "factual-accuracy-deadline": "2012-06-29",
    "final-qa": ("2012-07-02", "2012-07-06"),
    "final-report": "2012-07-06",
    "publication": "2012-07-10",
    "childrens-summary-published": "2012-07-10",
    "improvement-immediate": "2012-07-10",
    "improvement-three-months": "2012-10-10",
    "improvement-six-months": "2013-01-10",
}

# Notified Monday 3 December 2012. Working days, by day number:
#   0 Fri 30 Nov | 1 Mon 3 Dec | 2 Tue 4 | 3 Wed 5 | 4 Thu 6 | 5 Fri 7 | 6 Mon 10 | 7 Tue 11
#   8 Wed 12 | 9 Thu 13 | 10 Fri 14 | 11 Mon 17 | 12 Tue 18 | 13 Wed 19 | 14 Thu 20
#   15 Fri 21 | 16 Mon 24 | (Tue 25 Christmas, Wed 26 Boxing Day) | 17 Thu 27 | 18 Fri 28
#   19 Mon 31 | (Tue 1 Jan New Year's Day) | 20 Wed 2 Jan 2013 | 21 Thu 3 | 22 Fri 4
#   23 Mon 7 | 24 Tue 8 | 25 Wed 9 | 26 Thu 10 | 27 Fri 11 | 28 Mon 14 | 29 Tue 15
#   30 Wed 16 Jan 2013
#   Areas for improvement: Wed 16 Jan 2013 + 0, 3, 6 months = Wed 16 Jan, Tue 16 Apr,
#   Tue 16 Jul 2013.
CHRISTMAS_2012_12_03: dict[str, Expected] = {
    "preparation": "2012-11-30",
    "notification": "2012-12-03",
    "fieldwork-start": "2012-12-03",
    "initial-meeting": "2012-12-03",  # on arrival: day 1 (paras 25-27)
    "phase-one-preparation": "2012-12-03",
    "day-one-briefing": "2012-12-03",
    "fieldwork": ("2012-12-03", "2012-12-12"),
    "annex-a-information": "2012-12-04",
    "setup": "2012-12-04",
    "phase-one-fieldwork": "2012-12-04",
    "team-preparation": "2012-12-04",
    "day-two-briefing": "2012-12-04",
    "fieldwork-continues": ("2012-12-05", "2012-12-11"),
    "emerging-findings-meeting": "2012-12-11",
    "fieldwork-end": "2012-12-12",
    "judgements-finalised": "2012-12-12",
    "judgement-meeting": "2012-12-12",
    "feedback": "2012-12-12",
    "report-drafting": ("2012-12-13", "2012-12-14"),
    "qa-procedures": ("2012-12-17", "2012-12-28"),
    "draft-report": "2012-12-28",
    "childrens-summary-draft": "2012-12-28",
    "factual-accuracy-check": ("2012-12-28", "2013-01-07"),
    "factual-accuracy-deadline": "2013-01-07",
    "final-qa": ("2013-01-08", "2013-01-14"),
    "final-report": "2013-01-14",
    "publication": "2013-01-16",
    "childrens-summary-published": "2013-01-16",
    "improvement-immediate": "2013-01-16",
    "improvement-three-months": "2013-04-16",
    "improvement-six-months": "2013-07-16",
}


def test_no_complaint_or_action_plan_deadline() -> None:
    # The guidance sets no complaint time limit and no action plan: left out on purpose.
    ids = load_framework("cp-2012").ids
    assert "complaint-deadline" not in ids
    assert "action-plan-deadline" not in ids


def test_full_plan_across_the_diamond_jubilee() -> None:
    plan = plan_for("cp", "2012-05-28")
    assert_every_milestone_listed(plan, JUBILEE_2012_05_28)
    off = dict(plan.days_off)
    assert date(2012, 6, 4) in off
    assert date(2012, 6, 5) in off
    assert plan.warnings == ()
    # Day 1 is the Monday the guidance prints: no weekday note on the notification.
    assert not any("prints Monday" in note for note in plan.milestone("notification").notes)


def test_full_plan_across_christmas_and_new_year() -> None:
    plan = plan_for("cp-2012", "2012-12-03")
    assert_every_milestone_listed(plan, CHRISTMAS_2012_12_03)
    off = dict(plan.days_off)
    for holiday in (date(2012, 12, 25), date(2012, 12, 26), date(2013, 1, 1)):
        assert holiday in off


def test_backward_from_pinned_fieldwork_end() -> None:
    # Fri 8 Jun 2012 is day 8; seven working days back (over the Jubilee) is Mon 28 May.
    plan = plan_for("cp-2012", None, fieldwork_end="2012-06-08")
    assert plan.notification == date(2012, 5, 28)
    assert_every_milestone_listed(plan, JUBILEE_2012_05_28)
    assert any("derived backwards from fieldwork-end" in w for w in plan.warnings)


def test_backward_from_pinned_fieldwork_start() -> None:
    plan = plan_for("cp-2012", None, fieldwork_start="2012-12-03")
    assert plan.notification == date(2012, 12, 3)
    assert_plan_dates(
        plan,
        {
            "preparation": "2012-11-30",
            "fieldwork": ("2012-12-03", "2012-12-12"),
            "publication": "2013-01-16",
        },
    )


def test_backward_from_publication_target() -> None:
    # Publication Wed 9 Jan 2013 is day 30. Counting back 29 working days over New Year's Day,
    # Boxing Day and Christmas: day 28 Mon 7 Jan, day 23 Fri 28 Dec, day 18 Wed 19 Dec,
    # day 8 Wed 5 Dec, day 1 Mon 26 Nov 2012.
    plan = plan_for("cp-2012", None, publication="2013-01-09")
    assert plan.notification == date(2012, 11, 26)
    assert_plan_dates(
        plan,
        {
            "preparation": "2012-11-23",
            "notification": "2012-11-26",
            "setup": "2012-11-27",
            "fieldwork": ("2012-11-26", "2012-12-05"),
            "fieldwork-end": "2012-12-05",
            "feedback": "2012-12-05",
            "report-drafting": ("2012-12-06", "2012-12-07"),
            "qa-procedures": ("2012-12-10", "2012-12-19"),
            "draft-report": "2012-12-19",
            "factual-accuracy-check": ("2012-12-19", "2012-12-28"),
            "factual-accuracy-deadline": "2012-12-28",
            "final-qa": ("2012-12-31", "2013-01-07"),
            "final-report": "2013-01-07",
            "publication": "2013-01-09",
            "improvement-three-months": "2013-04-09",
            "improvement-six-months": "2013-07-09",
        },
    )
    assert any("derived backwards from publication" in w for w in plan.warnings)


def test_late_draft_moves_only_the_dcs_response() -> None:
    # The draft is due Fri 22 Jun (day 18) but goes on Wed 27 Jun (working day 21). The DCS
    # keeps at least the planned 5 working days after it: Thu 28, Fri 29, Mon 2, Tue 3,
    # Wed 4 Jul (working day 26), later than day 23 (Fri 29 Jun), so Wed 4 Jul stands. The
    # pre-publication report and publication are counted "of the end of fieldwork" (Fri 8 Jun,
    # day 8) and do not move: day 28 = Fri 6 Jul, day 30 = Tue 10 Jul; the areas for
    # improvement stay on 10 Jul, Wed 10 Oct 2012 and Thu 10 Jan 2013.
    plan = plan_for("cp-2012", "2012-05-28", draft_report="2012-06-27")
    draft = plan.milestone("draft-report")
    assert draft.pinned
    assert draft.due == date(2012, 6, 22)
    assert (draft.day, draft.source_day) == (21, 18)
    assert_plan_dates(
        plan,
        {
            "fieldwork-end": "2012-06-08",
            "qa-procedures": ("2012-06-13", "2012-06-22"),
            "draft-report": "2012-06-27",
            "childrens-summary-draft": "2012-06-27",
            "factual-accuracy-check": ("2012-06-27", "2012-07-04"),
            "factual-accuracy-deadline": "2012-07-04",
            "final-qa": ("2012-07-02", "2012-07-06"),
            "final-report": "2012-07-06",
            "publication": "2012-07-10",
            "childrens-summary-published": "2012-07-10",
            "improvement-immediate": "2012-07-10",
            "improvement-three-months": "2012-10-10",
            "improvement-six-months": "2013-01-10",
        },
    )
    response = plan.milestone("factual-accuracy-deadline")
    assert (response.day, response.source_day) == (26, 23)


def test_early_draft_keeps_day_23_for_the_dcs() -> None:
    # Draft sent Tue 19 Jun (day 15). Draft + 5 working days would be Tue 26 Jun (day 20),
    # but the table fixes day 23 = Fri 29 Jun, and the later limit stands.
    plan = plan_for("cp-2012", "2012-05-28", draft_report="2012-06-19")
    response = plan.milestone("factual-accuracy-deadline")
    assert response.date == date(2012, 6, 29)
    assert (response.day, response.source_day) == (23, 23)


def test_annex_c_five_weeks_is_a_note_on_publication() -> None:
    plan = plan_for("cp", "2012-05-28")
    notes = " ".join(plan.milestone("publication").notes)
    assert "five weeks after the end of the inspection" in notes
    assert "within 22 working days of the end of fieldwork" in notes
    assert "day 30" in notes
    # The plan follows the day numbers, not Annex C: five weeks after Fri 8 Jun would be
    # Fri 13 Jul; day 30 is Tue 10 Jul.
    assert plan.milestone("publication").date == date(2012, 7, 10)


def test_notification_on_a_tuesday_gives_a_warning() -> None:
    # Tue 29 May 2012 as day 1: the table's "(normally a Monday)" does not hold.
    plan = plan_for("cp", "2012-05-29")
    assert any(
        "usually notified on a Monday" in w and "2012-05-29 is a Tuesday" in w
        for w in plan.warnings
    )
    # Day 8 is then Mon 11 Jun: 29, 30, 31 May, 1 Jun, (4 and 5 Jun off) 6, 7, 8, 11 Jun.
    assert_plan_dates(plan, {"fieldwork": ("2012-05-29", "2012-06-11")})
