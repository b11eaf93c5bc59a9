"""Golden tests for jtai-2016 (joint targeted area inspections, August 2016, No. 150149).

Every expected date was counted by hand on a printed calendar (`calendar.month(2016, 9)` to
`calendar.month(2017, 8)`) with the England and Wales bank holidays from
calendars/england-and-wales.csv: 26 Dec 2016 (Boxing Day), 27 Dec 2016 (substitute Christmas
Day), 2 Jan 2017 (substitute New Year's Day), 14 and 17 Apr 2017 (Easter), 1 May 2017 (May
Day), 29 May 2017 (Spring Bank Holiday), 28 Aug 2017 (Late Summer Bank Holiday). The last
one before the first plan is 29 Aug 2016, so it does not touch a 13 Sep 2016 notification.

Day numbers (notification = day 0, para 9 timeline table): preparation -1; fieldwork 9-13
with feedback on 13; draft letter 24 (11 after fieldwork ends); factual accuracy by the end of
33 (9 after the draft, and not before day 33); final letter 41 (28 after fieldwork ends);
publication 43 (30 after fieldwork ends); statement of proposed action 70 working days after
the final letter; complaint 10 working days after publication; complaint handling
5/10/20/22/25/30 working days after the complaint is made.
"""

from __future__ import annotations

from inspectcal.frameworks import load_framework
from tests.helpers import assert_every_milestone_listed, assert_plan_dates, d, plan_for


def test_the_example_plan_in_full_notified_tuesday_13_september_2016() -> None:
    # `inspectcal plan --framework jtai --notify 2016-09-13`. 13 Sep 2016 is a Tuesday (day 0).
    # Week one: Mon 12 (day -1), Tue 13 (0), Wed 14 (1), Thu 15 (2), Fri 16 (3).
    # Week two: Mon 19 (4), Tue 20 (5), Wed 21 (6), Thu 22 (7), Fri 23 (8).
    # Week three, on site: Mon 26 (9), Tue 27 (10), Wed 28 (11), Thu 29 (12), Fri 30 Sep (13).
    # Week four: Mon 3 Oct (14), Tue 4 (15), Wed 5 (16); Thu 6 (17), Fri 7 (18),
    # Mon 10 (19), Tue 11 (20), Wed 12 (21), Thu 13 (22), Fri 14 (23).
    # Draft: Mon 17 Oct (24). Tue 18 .. Fri 21 (25-28), Mon 24 .. Fri 28 Oct (29-33).
    # Mon 31 Oct (34), Tue 1 Nov (35), Wed 2 (36), Thu 3 (37), Fri 4 (38), Mon 7 (39),
    # Tue 8 (40), Wed 9 Nov (41, final letter), Thu 10 (42), Fri 11 Nov (43, publication).
    # No bank holiday between 29 Aug and 25 Dec 2016, so days 0-43 are plain weekdays.
    # Complaint: 10 working days after Fri 11 Nov = Fri 25 Nov; complaint made that day.
    #   +5 Fri 2 Dec; +10 Fri 9 Dec; +20 Fri 23 Dec; then Mon 26 and Tue 27 Dec are off:
    #   Wed 28 (21), Thu 29 Dec (22); Fri 30 (23), Mon 2 Jan off, Tue 3 (24), Wed 4 Jan (25);
    #   Thu 5 (26), Fri 6 (27), Mon 9 (28), Tue 10 (29), Wed 11 Jan 2017 (30).
    # Action plan: 70 working days after Wed 9 Nov 2016 = 14 weeks (Wed 15 Feb 2017) plus the
    #   3 bank holidays in between (26, 27 Dec, 2 Jan): Thu 16, Fri 17, Mon 20 Feb 2017.
    plan = plan_for("jtai", "2016-09-13")
    assert_every_milestone_listed(
        plan,
        {
            "preparation": "2016-09-12",
            "notification": "2016-09-13",
            "written-confirmation": "2016-09-13",
            "lscb-chair-notified": "2016-09-13",  # day 0, "as soon as possible" (para 14)
            "partner-notification": "2016-09-13",
            "information-request": "2016-09-13",
            "setup": "2016-09-13",
            "deep-dive-list": "2016-09-13",
            "select-20-children": "2016-09-14",
            "additional-information-20": "2016-09-15",
            "select-children-for-evaluation": "2016-09-15",
            "case-file-lists": "2016-09-15",
            "multi-agency-meetings-list": "2016-09-15",
            "briefing-note": "2016-09-16",
            "joint-evaluation": ("2016-09-16", "2016-09-22"),
            "preparation-off-site": "2016-09-19",
            "timetable-development": ("2016-09-19", "2016-09-23"),
            "annex-a-outstanding": "2016-09-20",
            "case-file-documents": "2016-09-20",
            "case-file-review": "2016-09-21",
            "joint-evaluations-submitted": "2016-09-22",
            "joint-evaluation-considered": "2016-09-23",
            "consent-confirmed": "2016-09-23",
            "onsite-programme-agreed": "2016-09-23",
            "fieldwork-start": "2016-09-26",
            "team-briefing": "2016-09-26",
            "initial-leaders-meeting": "2016-09-26",
            "evidence-collection": ("2016-09-26", "2016-09-29"),
            "senior-analyst-on-site": ("2016-09-26", "2016-09-27"),
            "kit-meeting-1": "2016-09-28",
            "kit-meeting-2": "2016-09-29",
            "evidence-collection-ends": "2016-09-29",
            "sea-entries-made": "2016-09-29",
            "provisional-findings-meeting": "2016-09-29",
            "qa-manager-on-site": ("2016-09-29", "2016-09-30"),
            "fieldwork-end": "2016-09-30",
            "fieldwork": ("2016-09-26", "2016-09-30"),
            "key-findings-meeting": "2016-09-30",
            "feedback": "2016-09-30",
            "key-findings-submitted": "2016-09-30",
            "sea-complete": "2016-09-30",
            "letter-consolidation": ("2016-10-03", "2016-10-05"),
            "draft-letter-agreed": "2016-10-05",
            "draft-letter-partner-review": ("2016-10-05", "2016-10-12"),
            "draft-letter-partner-signoff": "2016-10-12",
            "draft-letter-director-signoff": ("2016-10-12", "2016-10-13"),
            "draft-letter-edit": "2016-10-14",
            "draft-report": "2016-10-17",
            "factual-accuracy-check": ("2016-10-17", "2016-10-28"),
            "factual-accuracy-deadline": "2016-10-28",
            "factual-accuracy-considered": "2016-10-31",
            "final-letter-agreed": "2016-11-03",
            "final-letter-director-signoff": ("2016-11-04", "2016-11-07"),
            "final-letter-edit": "2016-11-08",
            "final-report": "2016-11-09",
            "publication": "2016-11-11",
            "action-plan-deadline": "2017-02-20",
            "complaint-deadline": "2016-11-25",
            "complaint-made": "2016-11-25",
            "complaint-acknowledged": "2016-12-02",
            "complaint-inspector-comments": "2016-12-09",
            "complaint-draft-response": "2016-12-23",
            "complaint-inspectorate-comments": "2016-12-29",
            "complaint-response-finalised": "2017-01-04",
            "complaint-final-response": "2017-01-11",
            "conduct-complaint-acknowledged": "2016-12-02",
            "conduct-complaint-final-response": "2017-01-11",
        },
    )
    assert plan.warnings == ()
    holidays = {day for day, _ in plan.days_off}
    assert {d("2016-12-26"), d("2016-12-27"), d("2017-01-02")} <= holidays
    assert d("2016-08-29") not in holidays


def test_publication_weekday_note_day_43_is_a_friday_not_the_printed_tuesday() -> None:
    plan = plan_for("jtai", "2016-09-13")
    publication = plan.milestone("publication")
    assert publication.date == d("2016-11-11")
    assert publication.weekday == "Friday"
    assert any("Tuesday" in note and "Friday" in note for note in publication.notes)
    # Every other printed weekday agrees with a Tuesday notification.
    framework = load_framework("jtai")
    wrong = [
        spec.id
        for spec in framework.milestones
        if spec.weekday is not None and plan.milestone(spec.id).weekday != spec.weekday
    ]
    assert wrong == ["publication"]


def test_plan_across_easter_may_day_and_the_summer_bank_holidays_2017() -> None:
    # Notified Tuesday 21 Mar 2017 (day 0). Wed 22 (1), Thu 23 (2), Fri 24 (3), Mon 27 (4),
    # Tue 28 (5), Wed 29 (6), Thu 30 (7), Fri 31 Mar (8), Mon 3 Apr (9) .. Fri 7 Apr (13).
    # Mon 10 (14), Tue 11 (15), Wed 12 (16), Thu 13 (17); Fri 14 Good Friday and Mon 17
    # Easter Monday off; Tue 18 (18), Wed 19 (19), Thu 20 (20), Fri 21 (21), Mon 24 (22),
    # Tue 25 (23), Wed 26 Apr (24, draft). Thu 27 (25), Fri 28 (26); Mon 1 May off;
    # Tue 2 (27) .. Fri 5 (30), Mon 8 (31), Tue 9 (32), Wed 10 May (33, factual accuracy).
    # Thu 11 (34), Fri 12 (35), Mon 15 (36) .. Fri 19 (40), Mon 22 May (41, final letter),
    # Tue 23 (42), Wed 24 May (43, publication).
    # Complaint: Thu 25 (1), Fri 26 (2), Mon 29 May off, Tue 30 (3), Wed 31 (4), Thu 1 Jun (5),
    #   Fri 2 (6), Mon 5 (7), Tue 6 (8), Wed 7 (9), Thu 8 Jun (10).
    # Action plan: 70 working days after Mon 22 May = 14 weeks (Mon 28 Aug) less the two bank
    #   holidays in between (29 May, 28 Aug): 68 by then, so Tue 29 (69), Wed 30 Aug 2017 (70).
    plan = plan_for("jtai", "2017-03-21")
    assert_plan_dates(
        plan,
        {
            "preparation": "2017-03-20",
            "notification": "2017-03-21",
            "joint-evaluation": ("2017-03-24", "2017-03-30"),
            "fieldwork": ("2017-04-03", "2017-04-07"),
            "feedback": "2017-04-07",
            "letter-consolidation": ("2017-04-10", "2017-04-12"),
            "draft-letter-agreed": "2017-04-12",
            "draft-letter-partner-review": ("2017-04-12", "2017-04-21"),
            "draft-letter-edit": "2017-04-25",
            "draft-report": "2017-04-26",
            "factual-accuracy-check": ("2017-04-26", "2017-05-10"),
            "factual-accuracy-deadline": "2017-05-10",
            "final-report": "2017-05-22",
            "publication": "2017-05-24",
            "complaint-deadline": "2017-06-08",
            "action-plan-deadline": "2017-08-30",
        },
    )
    # Easter pushed the draft from its printed Monday to a Wednesday: the plan says so.
    draft = plan.milestone("draft-report")
    assert draft.weekday == "Wednesday"
    assert any("Monday" in note and "Wednesday" in note for note in draft.notes)
    holidays = {day for day, _ in plan.days_off}
    assert {d("2017-04-14"), d("2017-04-17"), d("2017-05-01"), d("2017-05-29")} <= holidays


def test_plan_across_christmas_and_new_year_2016() -> None:
    # Notified Tuesday 29 Nov 2016 (day 0). Wed 30 Nov (1), Thu 1 Dec (2), Fri 2 (3),
    # Mon 5 (4) .. Fri 9 (8), Mon 12 (9) .. Fri 16 Dec (13, feedback).
    # Mon 19 (14), Tue 20 (15), Wed 21 (16), Thu 22 (17), Fri 23 (18); Mon 26 and Tue 27 off;
    # Wed 28 (19), Thu 29 (20), Fri 30 (21); Mon 2 Jan off; Tue 3 (22), Wed 4 (23),
    # Thu 5 Jan (24, draft). Fri 6 (25), Mon 9 (26) .. Fri 13 (30), Mon 16 (31), Tue 17 (32),
    # Wed 18 Jan (33). Thu 19 (34), Fri 20 (35), Mon 23 (36) .. Fri 27 (40), Mon 30 Jan (41),
    # Tue 31 (42), Wed 1 Feb 2017 (43). Complaint: 10 working days after, Wed 15 Feb.
    # Action plan: 70 after Mon 30 Jan = 14 weeks (Mon 8 May) plus 14 Apr, 17 Apr and 1 May
    #   off: Tue 9, Wed 10, Thu 11 May 2017.
    plan = plan_for("jtai", "2016-11-29")
    assert_plan_dates(
        plan,
        {
            "notification": "2016-11-29",
            "fieldwork-start": "2016-12-12",
            "fieldwork": ("2016-12-12", "2016-12-16"),
            "feedback": "2016-12-16",
            "letter-consolidation": ("2016-12-19", "2016-12-21"),
            "draft-letter-agreed": "2016-12-21",
            "draft-letter-partner-review": ("2016-12-21", "2016-12-30"),
            "draft-letter-partner-signoff": "2016-12-30",
            "draft-letter-director-signoff": ("2016-12-30", "2017-01-03"),
            "draft-letter-edit": "2017-01-04",
            "draft-report": "2017-01-05",
            "factual-accuracy-check": ("2017-01-05", "2017-01-18"),
            "factual-accuracy-deadline": "2017-01-18",
            "final-report": "2017-01-30",
            "publication": "2017-02-01",
            "complaint-deadline": "2017-02-15",
            "action-plan-deadline": "2017-05-11",
        },
    )
    holidays = {day for day, _ in plan.days_off}
    assert {d("2016-12-26"), d("2016-12-27"), d("2017-01-02")} <= holidays


def test_backward_from_a_fieldwork_start() -> None:
    # Fieldwork Monday 26 Sep 2016 is day 9: nine working days back is Tuesday 13 Sep.
    plan = plan_for("jtai", None, fieldwork_start="2016-09-26")
    assert plan.notification == d("2016-09-13")
    assert_plan_dates(
        plan,
        {
            "preparation": "2016-09-12",
            "notification": "2016-09-13",
            "setup": "2016-09-13",
            "fieldwork": ("2016-09-26", "2016-09-30"),
            "draft-report": "2016-10-17",
            "factual-accuracy-deadline": "2016-10-28",
            "final-report": "2016-11-09",
            "publication": "2016-11-11",
        },
    )
    assert any("derived backwards" in warning for warning in plan.warnings)


def test_backward_from_a_publication_target_across_christmas() -> None:
    # Publication Wed 1 Feb 2017 (day 43). Back 2: Mon 30 Jan (41). Back 8: Wed 18 Jan (33).
    # Back 9: Thu 5 Jan (24). Back 11 over Mon 2 Jan and 26-27 Dec: Wed 4, Tue 3, Fri 30,
    # Thu 29, Wed 28, Fri 23, Thu 22, Wed 21, Tue 20, Mon 19, Fri 16 Dec (13).
    # Back 4: Mon 12 Dec (9). Back 9: Tue 29 Nov 2016 (0).
    plan = plan_for("jtai", None, publication="2017-02-01")
    assert plan.notification == d("2016-11-29")
    assert_plan_dates(
        plan,
        {
            "notification": "2016-11-29",
            "fieldwork-start": "2016-12-12",
            "feedback": "2016-12-16",
            "draft-report": "2017-01-05",
            "factual-accuracy-deadline": "2017-01-18",
            "final-report": "2017-01-30",
            "publication": "2017-02-01",
        },
    )


def test_pinned_late_fieldwork_moves_the_letters_and_publication() -> None:
    # Notified Tue 13 Sep 2016 but fieldwork held a week late: Mon 3 - Fri 7 Oct.
    # Draft: 11 after Fri 7 Oct: Mon 10 .. Fri 14 (5), Mon 17 .. Fri 21 (10), Mon 24 Oct.
    # Factual accuracy: 9 after: Tue 25 .. Fri 28 (4), Mon 31 .. Thu 3 Nov (8), Fri 4 Nov.
    # Final: 8 after: Mon 7 .. Fri 11 (5), Mon 14, Tue 15, Wed 16 Nov. Publication: Fri 18 Nov.
    # Action plan: 70 after Wed 16 Nov = Wed 22 Feb 2017 + 3 holidays: Mon 27 Feb 2017.
    plan = plan_for("jtai", "2016-09-13", fieldwork_start="2016-10-03")
    assert_plan_dates(
        plan,
        {
            "notification": "2016-09-13",
            "setup": "2016-09-13",  # "later that day": not moved by the pin
            "consent-confirmed": "2016-09-23",
            "fieldwork": ("2016-10-03", "2016-10-07"),
            "kit-meeting-1": "2016-10-05",
            "feedback": "2016-10-07",
            "letter-consolidation": ("2016-10-10", "2016-10-12"),
            "draft-report": "2016-10-24",
            "factual-accuracy-deadline": "2016-11-04",
            "final-report": "2016-11-16",
            "publication": "2016-11-18",
            "action-plan-deadline": "2017-02-27",
        },
    )
    start = plan.milestone("fieldwork-start")
    assert start.pinned
    assert start.due == d("2016-09-26")


def test_pinned_complaint_date_moves_the_complaint_handling() -> None:
    # A complaint made on Mon 21 Nov 2016 (before the last allowed day, Fri 25 Nov).
    # +5: Mon 28 Nov. +30: six weeks is Mon 2 Jan 2017, but 26 Dec, 27 Dec and 2 Jan are off:
    # Tue 3, Wed 4, Thu 5 Jan 2017.
    plan = plan_for("jtai", "2016-09-13", complaint_made="2016-11-21")
    assert_plan_dates(
        plan,
        {
            "complaint-deadline": "2016-11-25",
            "complaint-made": "2016-11-21",
            "complaint-acknowledged": "2016-11-28",
            "complaint-final-response": "2017-01-05",
            "conduct-complaint-final-response": "2017-01-05",
        },
    )
