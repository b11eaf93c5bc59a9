"""`check`: actual dates judged against each framework, every verdict counted by hand.

Dates were counted on printed calendars (`ncal -b YEAR`) with the England and Wales bank
holidays that matter here: 25 and 28 Dec 2009 and 1 Jan 2010; 27 and 28 Dec 2010 and 3 Jan
2011; 7 May and 4-5 Jun 2012 (May Day, the moved spring holiday and the Diamond Jubilee);
26 and 27 Dec 2016 and 2 Jan 2017.

Each expected verdict reads "STATUS due DATE[, late N UNIT]". Due dates follow the chain: they
are counted from the *actual* date of the step they are timed from whenever it is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date, time
from pathlib import Path

import pytest

from inspectcal.check import JUDGED, CheckReport, CheckResult, check, make_check, read_actuals
from inspectcal.dates import Actual, parse_actuals
from inspectcal.errors import (
    ActualOutOfOrder,
    BadInput,
    InspectcalError,
    MalformedDataFile,
    MissingNotification,
    UnknownFramework,
)
from inspectcal.programme import load_inputs
from inspectcal.render import due_text, headline, late_text
from tests.helpers import d


def check_for(framework: str, notify: str | None, today: str, **actuals: str) -> CheckReport:
    """A check from ISO strings; ids use underscores for hyphens (draft_report=...)."""
    return make_check(
        framework=framework,
        notify=d(notify) if notify else None,
        actuals=parse_actuals(
            (f"{key.replace('_', '-')}={value}" for key, value in actuals.items()), what="--actual"
        ),
        as_of=d(today),
    )


def verdict(report: CheckReport, milestone_id: str) -> str:
    for result in report.results:
        if result.id == milestone_id:
            text = f"{result.status} due {due_text(result)}"
            return f"{text}, late {late_text(result)}" if late_text(result) else text
    return "not listed"


def assert_verdicts(report: CheckReport, expected: Mapping[str, str]) -> None:
    """Every listed milestone has the given verdict; all mismatches are reported at once."""
    wrong = [
        f"{mid}: expected {want!r}, got {verdict(report, mid)!r}"
        for mid, want in expected.items()
        if verdict(report, mid) != want
    ]
    assert not wrong, "\n".join(wrong)


# -- JTAI 2016 -------------------------------------------------------------------------------
# Notified Tue 13 Sep 2016 (day 0). Fieldwork Mon 26 - Fri 30 Sep (days 9-13), feedback
# Fri 30 Sep. Draft (feedback + 11): Mon 3 .. Fri 14 Oct are days 14-23, Mon 17 Oct is day 24,
# by midday. Factual accuracy (draft + 9): Tue 18 .. Fri 28 Oct (day 33). Final (+8): Mon 31 Oct
# .. Wed 9 Nov (day 41). Publication (+2): Fri 11 Nov. Complaint window (+10): Fri 25 Nov.


def test_jtai_on_time_record_meets_every_recorded_deadline() -> None:
    report = check_for(
        "jtai",
        "2016-09-13",
        "2016-11-14",
        draft_report="2016-10-17T11:55",
        factual_accuracy_deadline="2016-10-28T23:59",  # "by the end of the day": no clock
        final_report="2016-11-09",
        publication="2016-11-11",
    )
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2016-10-17T12:00",
            "factual-accuracy-deadline": "met due 2016-10-28",
            "final-report": "met due 2016-11-09",
            "publication": "met due 2016-11-11",
            "complaint-deadline": "open due 2016-11-25",
            "fieldwork-end": "not listed",  # no actual, not a deadline
        },
    )


def test_jtai_midday_limit_missed_by_minutes_then_by_days() -> None:
    on_the_dot = check_for("jtai", "2016-09-13", "2016-10-18", draft_report="2016-10-17T12:00")
    assert verdict(on_the_dot, "draft-report") == "met due 2016-10-17T12:00"
    forty = check_for("jtai", "2016-09-13", "2016-10-18", draft_report="2016-10-17T12:40")
    assert verdict(forty, "draft-report") == "missed due 2016-10-17T12:00, late 40 minutes"
    # Minutes late on the day do not move the factual accuracy deadline: still Fri 28 Oct.
    assert verdict(forty, "factual-accuracy-deadline") == "pending due 2016-10-28"
    next_morning = check_for("jtai", "2016-09-13", "2016-10-18", draft_report="2016-10-18T09:00")
    assert verdict(next_morning, "draft-report") == (
        "missed due 2016-10-17T12:00, late 1 working day"
    )
    # No clock recorded on the due date: the date alone cannot show the limit was missed.
    date_only = check_for("jtai", "2016-09-13", "2016-10-18", draft_report="2016-10-17")
    assert verdict(date_only, "draft-report") == "met due 2016-10-17T12:00"
    # Day 1, "by midday": the 20 children selected at 12:05 on Wed 14 Sep.
    early = check_for("jtai", "2016-09-13", "2016-09-14", select_20_children="2016-09-14T12:05")
    assert verdict(early, "select-20-children") == "missed due 2016-09-14T12:00, late 5 minutes"


def test_jtai_fieldwork_a_day_late_then_draft_two_days_late_moves_what_follows() -> None:
    # Fieldwork really ended Mon 3 Oct: feedback follows it, so the draft is due 11 working
    # days later: Tue 4 .. Fri 7, Mon 10 .. Fri 14, Mon 17, Tue 18 Oct - a day later.
    # Sent Thu 20 Oct: 2 working days late (Wed 19, Thu 20). The factual accuracy response is
    # then 9 working days after Thu 20: Fri 21, Mon 24 .. Fri 28, Mon 31, Tue 1, Wed 2 Nov -
    # two working days after the planned Fri 28 Oct.
    report = check_for(
        "jtai",
        "2016-09-13",
        "2016-10-21",
        fieldwork_end="2016-10-03",
        draft_report="2016-10-20T10:00",
    )
    assert_verdicts(
        report,
        {
            "fieldwork-end": "recorded due 2016-09-30",
            "draft-report": "missed due 2016-10-18T12:00, late 2 working days",
            "factual-accuracy-deadline": "pending due 2016-11-02",
        },
    )


def test_jtai_early_draft_does_not_take_day_33_away() -> None:
    # Draft sent Fri 14 Oct, a working day early. The DCS's 9 working days from it would end
    # Thu 27 Oct (Mon 17 .. Fri 21, Mon 24 .. Thu 27), but the table prints day 33, Fri 28 Oct,
    # and the later of the two limits stands: a response on Fri 28 Oct is on time.
    report = check_for(
        "jtai",
        "2016-09-13",
        "2016-10-31",
        draft_report="2016-10-14T09:00",
        factual_accuracy_deadline="2016-10-28",
    )
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2016-10-17T12:00",
            "factual-accuracy-deadline": "met due 2016-10-28",
        },
    )


def test_jtai_response_late_across_christmas_2016() -> None:
    # Notified Tue 8 Nov 2016: day 24 (the draft) is Mon 12 Dec, day 33 Fri 23 Dec. The
    # response on Wed 28 Dec is 1 working day late: Mon 26 and Tue 27 are bank holidays.
    # The final letter is day 41, counted from the end of fieldwork, not from the late
    # response: day 34 Wed 28, 35 Thu 29, 36 Fri 30 Dec, (Mon 2 Jan off) 37 Tue 3, 38 Wed 4,
    # 39 Thu 5, 40 Fri 6, 41 Mon 9 Jan 2017: within 5 working days of Wed 4 Jan, so "due".
    report = check_for(
        "jtai",
        "2016-11-08",
        "2017-01-04",
        draft_report="2016-12-12T11:00",
        factual_accuracy_deadline="2016-12-28",
    )
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2016-12-12T12:00",
            "factual-accuracy-deadline": "missed due 2016-12-23, late 1 working day",
            "final-report": "due due 2017-01-09",
        },
    )


def test_jtai_saturday_response_is_late_from_the_next_working_day() -> None:
    # JTAI has no calendar-day rule; a working-day deadline (Fri 28 Oct) met on Saturday
    # 29 Oct is 1 working day late, not 0: nobody can act on it before Monday.
    report = check_for("jtai", "2016-09-13", "2016-10-31", factual_accuracy_deadline="2016-10-29")
    assert verdict(report, "factual-accuracy-deadline") == (
        "missed due 2016-10-28, late 1 working day"
    )


def test_jtai_overdue_and_due_soon_as_of_a_fixed_day() -> None:
    # As of Fri 21 Oct with no draft recorded: the draft (Mon 17 Oct) is 4 working days
    # overdue (Tue 18 .. Fri 21). The response is due Fri 28 Oct, the 5th working day after
    # the 21st: "due". The final letter (Wed 9 Nov) is further off: "pending". The key
    # findings (day 13, Fri 30 Sep) are 15 working days overdue (Mon 3 Oct .. Fri 21 Oct).
    report = check_for("jtai", "2016-09-13", "2016-10-21")
    assert_verdicts(
        report,
        {
            "key-findings-submitted": "overdue due 2016-09-30, late 15 working days",
            "draft-report": "overdue due 2016-10-17T12:00, late 4 working days",
            "factual-accuracy-deadline": "due due 2016-10-28",
            "final-report": "pending due 2016-11-09",
        },
    )
    assert report.failed
    # As of the due day itself, nothing is overdue yet.
    today = check_for("jtai", "2016-09-13", "2016-10-17", draft_report="2016-10-17")
    assert verdict(today, "draft-report") == "met due 2016-10-17T12:00"
    assert verdict(check_for("jtai", "2016-09-13", "2016-10-17"), "draft-report") == (
        "due due 2016-10-17T12:00"
    )


def test_jtai_statement_of_action_counts_70_working_days_over_christmas() -> None:
    # Final letter Wed 9 Nov 2016. 70 working days: Thu 10 - Wed 30 Nov are 15, Thu 1 - Fri
    # 23 Dec 17 more (32), Wed 28 - Fri 30 Dec 3 (35; 26 and 27 Dec off), Tue 3 - Tue 31 Jan
    # 21 (56; 2 Jan off), Wed 1 - Fri 17 Feb 13 (69), Mon 20 Feb 2017 (70).
    report = check_for(
        "jtai", "2016-09-13", "2017-02-22", final_report="2016-11-09", publication="2016-11-11"
    )
    assert verdict(report, "action-plan-deadline") == (
        "overdue due 2017-02-20, late 2 working days"
    )


def test_jtai_complaint_window_and_handling() -> None:
    # No complaint: the window (Fri 25 Nov) is shown but never judged, and the steps that
    # follow a complaint are not listed.
    quiet = check_for("jtai", "2016-09-13", "2016-12-01", publication="2016-11-11")
    assert verdict(quiet, "complaint-deadline") == "closed due 2016-11-25"
    assert verdict(quiet, "complaint-acknowledged") == "not listed"
    # A complaint made Thu 24 Nov is in time; it must be acknowledged within 5 working days:
    # Fri 25, Mon 28 .. Thu 1 Dec. As of Fri 2 Dec with no acknowledgement, 1 working day
    # overdue. Final response 30 working days after: ... Fri 30 Dec is 24 (26, 27 Dec off),
    # Tue 3 .. Fri 6 Jan 28 (2 Jan off), Mon 9, Tue 10 Jan 2017.
    made = check_for(
        "jtai", "2016-09-13", "2016-12-02", publication="2016-11-11", complaint_made="2016-11-24"
    )
    assert_verdicts(
        made,
        {
            "complaint-deadline": "met due 2016-11-25",
            "complaint-made": "recorded due 2016-11-25",
            "complaint-acknowledged": "overdue due 2016-12-01, late 1 working day",
            "complaint-final-response": "pending due 2017-01-10",
        },
    )


# -- SLAC 2009 -------------------------------------------------------------------------------
# Notified Mon 2 Nov 2009 (day 1). Fieldwork Mon 16 - Fri 27 Nov (days 11-20). Draft (+5):
# Fri 4 Dec. Factual accuracy (+5): Fri 11 Dec. Final (+5): Fri 18 Dec. Publication (+5): Mon 21
# .. Thu 24, (Fri 25, Mon 28 Dec off) Tue 29 Dec. Complaints: 30 calendar days after publication.


def test_slac_2009_on_time() -> None:
    report = check_for(
        "slac-2009",
        "2009-11-02",
        "2009-12-30",
        core_documents="2009-11-03",
        survey_letters="2009-11-04",
        case_list="2009-11-05",
        case_audits_received="2009-11-16",
        draft_report="2009-12-04T16:30",  # no clock limit in this framework: judged by date
        factual_accuracy_deadline="2009-12-11",
        final_report="2009-12-18",
        publication="2009-12-29",
    )
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2009-12-04",
            "publication": "met due 2009-12-29",
            "complaint-deadline": "open due 2010-01-28",
        },
    )
    assert report.summary == {
        "deadlines": 8, "met": 8, "missed": 0, "overdue": 0, "due": 0, "pending": 0,
    }  # fmt: skip
    assert not report.failed


def test_slac_2009_publication_late_across_new_year() -> None:
    # Due Tue 29 Dec, published Mon 4 Jan 2010: Wed 30, Thu 31, (Fri 1 Jan off) Mon 4.
    report = check_for(
        "slac-2009", "2009-11-02", "2010-01-05", final_report="2009-12-18", publication="2010-01-04"
    )
    assert verdict(report, "publication") == "missed due 2009-12-29, late 3 working days"


def test_slac_2009_complaint_window_on_a_saturday_is_not_moved() -> None:
    # Published Thu 31 Dec 2009 (2 working days late: Wed 30, Thu 31). 30 calendar days later
    # is Sat 30 Jan 2010; a complaint on Mon 1 Feb is 2 calendar days late.
    report = check_for(
        "slac-2009",
        "2009-11-02",
        "2010-02-01",
        final_report="2009-12-18",
        publication="2009-12-31",
        complaint_deadline="2010-02-01",
    )
    assert_verdicts(
        report,
        {
            "publication": "missed due 2009-12-29, late 2 working days",
            "complaint-deadline": "missed due 2010-01-30, late 2 calendar days",
        },
    )


def test_slac_2009_late_fieldwork_and_early_draft_move_the_chain() -> None:
    # Fieldwork ended Mon 30 Nov: draft due Tue 1 .. Mon 7 Dec; sent Mon 7 Dec, on time.
    # Factual accuracy then due Tue 8 .. Mon 14 Dec, the 5th working day after 7 Dec: "due".
    late = check_for(
        "slac-2009",
        "2009-11-02",
        "2009-12-07",
        fieldwork_end="2009-11-30",
        draft_report="2009-12-07",
    )
    assert_verdicts(
        late,
        {
            "draft-report": "met due 2009-12-07",
            "factual-accuracy-deadline": "due due 2009-12-14",
        },
    )
    # Draft sent early, Wed 2 Dec. Five working days from it end Wed 9 Dec, but para 57 also
    # gives "(10 working days after the end of the inspection)": fieldwork ended Fri 27 Nov
    # (day 20), so Mon 30 Nov .. Fri 11 Dec (day 30). The later limit stands: Thu 10 is on time.
    early = check_for(
        "slac-2009",
        "2009-11-02",
        "2009-12-14",
        draft_report="2009-12-02",
        factual_accuracy_deadline="2009-12-10",
    )
    assert_verdicts(
        early,
        {
            "draft-report": "met due 2009-12-04",
            "factual-accuracy-deadline": "met due 2009-12-11",
        },
    )


def test_slac_2009_overdue_and_due_soon() -> None:
    # As of Mon 7 Dec 2009, nothing recorded. Core documents (day 2, Tue 3 Nov) are 24
    # working days overdue: Wed 4 .. Fri 6 (3), four full weeks (23), Mon 7 Dec (24).
    report = check_for("slac-2009", "2009-11-02", "2009-12-07")
    assert_verdicts(
        report,
        {
            "core-documents": "overdue due 2009-11-03, late 24 working days",
            "draft-report": "overdue due 2009-12-04, late 1 working day",
            "factual-accuracy-deadline": "due due 2009-12-11",
            "final-report": "pending due 2009-12-18",
        },
    )


# -- SLAC 2010 -------------------------------------------------------------------------------
# Notified Mon 1 Nov 2010 (day 1). Fieldwork Mon 15 - Fri 26 Nov. Draft (+10): Fri 10 Dec.
# Factual accuracy (+5): Fri 17 Dec. Final (+5): Fri 24 Dec. Publication (+5): Wed 29 .. Fri
# 31 Dec, (Mon 3 Jan off) Tue 4, Wed 5 Jan 2011. Complaints: 30 calendar days: Fri 4 Feb.


def test_slac_2010_on_time() -> None:
    report = check_for(
        "slac-2010",
        "2010-11-01",
        "2011-01-06",
        case_audits_shared="2010-11-15",
        draft_report="2010-12-10T23:30",
        factual_accuracy_deadline="2010-12-17",
        final_report="2010-12-24",
        publication="2011-01-05",
    )
    assert report.summary["met"] == 5
    assert headline(report) == "0 of 5 deadlines missed"
    assert not report.failed


def test_slac_2010_final_report_late_across_christmas_does_not_move_publication() -> None:
    # Final due Fri 24 Dec, sent Wed 29 Dec: only Wed 29 is a working day in between (27 and
    # 28 Dec are substitute bank holidays), so 1 working day late. Publication is "within 25
    # days of the end of the inspection" (para 53), not of the final report: still Wed 5 Jan,
    # one working day after Tue 4, so "due". Ofsted's own lateness buys it no time.
    report = check_for("slac-2010", "2010-11-01", "2011-01-04", final_report="2010-12-29")
    assert_verdicts(
        report,
        {
            "final-report": "missed due 2010-12-24, late 1 working day",
            "publication": "due due 2011-01-05",
        },
    )


def test_slac_2010_complaint_deadline_on_a_sunday() -> None:
    # Published Fri 7 Jan 2011 (due Wed 5: Thu 6, Fri 7 -> 2 working days late). 30 calendar
    # days later is Sun 6 Feb, not moved to Monday: a complaint on Mon 7 Feb is 1 day late.
    report = check_for(
        "slac-2010",
        "2010-11-01",
        "2011-02-08",
        final_report="2010-12-24",
        publication="2011-01-07",
        complaint_deadline="2011-02-07",
    )
    assert_verdicts(
        report,
        {
            "publication": "missed due 2011-01-05, late 2 working days",
            "complaint-deadline": "missed due 2011-02-06, late 1 calendar day",
        },
    )


def test_slac_2010_late_fieldwork_then_early_draft() -> None:
    # Fieldwork ended Mon 29 Nov (a working day late): the draft is due 10 working days later,
    # Tue 30 Nov .. Mon 13 Dec. Sent Wed 8 Dec, early. Five working days from the draft end
    # Wed 15 Dec, but "15 working days after the end of the inspection" (para 51) from Mon
    # 29 Nov is Tue 30 Nov (1) .. Fri 3 (4), .. Fri 10 (9), .. Fri 17 (14), Mon 20 Dec (15):
    # the later limit, Mon 20 Dec, stands; as of Mon 13 Dec it is 5 working days off, "due".
    report = check_for(
        "slac-2010",
        "2010-11-01",
        "2010-12-13",
        fieldwork_end="2010-11-29",
        draft_report="2010-12-08",
    )
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2010-12-13",
            "factual-accuracy-deadline": "due due 2010-12-20",
        },
    )


def test_slac_2010_due_soon_boundary_is_the_fifth_working_day() -> None:
    # As of Fri 10 Dec: the draft is due today ("due"); the response on Fri 17 Dec is the 5th
    # working day after (Mon 13 .. Fri 17): "due"; the final report (Fri 24 Dec) is "pending".
    report = check_for("slac-2010", "2010-11-01", "2010-12-10", case_audits_shared="2010-11-15")
    assert_verdicts(
        report,
        {
            "draft-report": "due due 2010-12-10",
            "factual-accuracy-deadline": "due due 2010-12-17",
            "final-report": "pending due 2010-12-24",
        },
    )
    assert not report.failed
    # As of Sat 11 Dec the draft is overdue: sent on Monday it would be 1 working day late.
    saturday = check_for("slac-2010", "2010-11-01", "2010-12-11", case_audits_shared="2010-11-15")
    assert verdict(saturday, "draft-report") == "overdue due 2010-12-10, late 1 working day"
    assert headline(saturday) == "0 of 5 deadlines missed; 1 overdue; 1 due within 5 working days"


# -- CP 2012 ---------------------------------------------------------------------------------
# Notified Mon 30 Apr 2012 (day 1). Fieldwork ends day 8: Tue 1 .. Fri 4, (Mon 7 May off)
# Tue 8 .. Thu 10 May. Draft (day 18, +10 after fieldwork): Fri 11 .. Thu 24 May. DCS response
# (day 23, +15): Thu 31 May. Final (day 28, +20): Fri 1 Jun, (Mon 4, Tue 5 Jun off) Wed 6 ..
# Mon 11 Jun. Publication (day 30, +22): Wed 13 Jun. Areas for improvement: 3 and 6 calendar
# months after publication ("immediately" is not a dated deadline).


def test_cp_2012_on_time() -> None:
    report = check_for(
        "cp",
        "2012-04-30",
        "2012-06-13",
        annex_a_information="2012-05-01",
        draft_report="2012-05-24T15:00",
        factual_accuracy_deadline="2012-05-31",
        final_report="2012-06-11",
        publication="2012-06-13",
    )
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2012-05-24",
            "final-report": "met due 2012-06-11",
            "publication": "met due 2012-06-13",
            "improvement-immediate": "not listed",
            "improvement-three-months": "pending due 2012-09-13",
            "improvement-six-months": "pending due 2012-12-13",
        },
    )
    assert not report.failed


def test_cp_2012_response_late_across_the_jubilee() -> None:
    # Response due Thu 31 May, received Wed 6 Jun: Fri 1 Jun and Wed 6 Jun are the only working
    # days between (Mon 4 and Tue 5 Jun are bank holidays), so 2 working days late. The
    # pre-publication report stays on day 28, Mon 11 Jun ("within 20 working days of the end of
    # fieldwork"): the council's lateness does not excuse Ofsted's ("due" as of Thu 7 Jun).
    report = check_for("cp", "2012-04-30", "2012-06-07", factual_accuracy_deadline="2012-06-06")
    assert_verdicts(
        report,
        {
            "factual-accuracy-deadline": "missed due 2012-05-31, late 2 working days",
            "final-report": "due due 2012-06-11",
        },
    )


def test_cp_2012_three_month_improvement_due_on_a_saturday() -> None:
    # Published Fri 15 Jun (2 working days late). Three calendar months on is Sat 15 Sep 2012,
    # not moved; done Mon 17 Sep, 2 calendar days late.
    report = check_for(
        "cp",
        "2012-04-30",
        "2012-09-17",
        final_report="2012-06-11",
        publication="2012-06-15",
        improvement_immediate="2012-06-15",
        improvement_three_months="2012-09-17",
    )
    assert_verdicts(
        report,
        {
            "publication": "missed due 2012-06-13, late 2 working days",
            "improvement-immediate": "recorded due 2012-06-15",
            "improvement-three-months": "missed due 2012-09-15, late 2 calendar days",
        },
    )


def test_cp_2012_late_fieldwork_and_early_draft() -> None:
    # Fieldwork ended Fri 11 May, a day late: the draft is due Mon 14 .. Fri 25 May.
    late = check_for("cp", "2012-04-30", "2012-05-25", fieldwork_end="2012-05-11")
    assert verdict(late, "draft-report") == "due due 2012-05-25"
    # Draft sent early on Tue 22 May (day 17). Five working days from it end Tue 29 May, but the
    # table fixes day 23, Thu 31 May, and the later limit stands: Wed 30 is on time.
    early = check_for(
        "cp",
        "2012-04-30",
        "2012-05-30",
        draft_report="2012-05-22",
        factual_accuracy_deadline="2012-05-30",
    )
    assert_verdicts(
        early,
        {
            "draft-report": "met due 2012-05-24",
            "factual-accuracy-deadline": "met due 2012-05-31",
        },
    )


def test_cp_2012_overdue_and_due_soon() -> None:
    # As of Fri 25 May, nothing recorded. Annex A (Tue 1 May) is 17 working days overdue:
    # Wed 2 .. Fri 4 (3), (Mon 7 off) Tue 8 .. Fri 11 (7), two full weeks (17).
    report = check_for("cp", "2012-04-30", "2012-05-25")
    assert_verdicts(
        report,
        {
            "annex-a-information": "overdue due 2012-05-01, late 17 working days",
            "draft-report": "overdue due 2012-05-24, late 1 working day",
            "factual-accuracy-deadline": "due due 2012-05-31",
            "final-report": "pending due 2012-06-11",
        },
    )


# -- the notification as an actual ------------------------------------------------------------


def test_notification_can_be_an_actual_instead_of_notify() -> None:
    report = check_for("slac-2010", None, "2010-12-10", notification="2010-11-01")
    assert report.plan.notification == date(2010, 11, 1)
    assert verdict(report, "draft-report") == "due due 2010-12-10"


def test_notify_and_an_agreeing_actual_notification_are_fine() -> None:
    report = check_for("slac-2010", "2010-11-01", "2010-12-10", notification="2010-11-01T09:10")
    assert verdict(report, "notification") == "recorded due 2010-11-01"


# -- bad input ---------------------------------------------------------------------------------


def test_actual_earlier_than_the_step_it_is_timed_from() -> None:
    with pytest.raises(ActualOutOfOrder) as err:
        check_for(
            "slac-2010",
            "2010-11-01",
            "2010-12-20",
            draft_report="2010-12-10",
            factual_accuracy_deadline="2010-12-09",
        )
    assert str(err.value) == (
        "--actual factual-accuracy-deadline=2010-12-09: factual-accuracy-deadline = 2010-12-09 "
        "is earlier than draft-report = 2010-12-10 (--actual draft-report=2010-12-10), "
        "which it is timed from; correct one of the two dates"
    )


def test_the_first_step_given_out_of_order_is_the_one_told() -> None:
    # JTAI notified Tue 13 Sep 2016, with two steps dated before the steps they are timed
    # from: the team briefing (Fri 23 Sep, before fieldwork started on Mon 26 Sep) and the
    # draft (Wed 28 Sep, before fieldwork ended on Fri 30 Sep). The same four facts in
    # another order, checked in the same run, name the other step first: the record's
    # order decides, whatever was checked before.
    facts = {
        "team-briefing": "2016-09-23",
        "draft-report": "2016-09-28",
        "fieldwork-end": "2016-09-30",
        "fieldwork-start": "2016-09-26",
    }
    framework, calendar = load_inputs("jtai")  # one framework: what it remembers is shared
    for first, earlier, timed_from in [
        ("team-briefing", "team-briefing = 2016-09-23", "fieldwork-start = 2016-09-26"),
        ("draft-report", "draft-report = 2016-09-28", "fieldwork-end = 2016-09-30"),
        ("team-briefing", "team-briefing = 2016-09-23", "fieldwork-start = 2016-09-26"),
    ]:
        given = {first: facts[first], **facts}
        with pytest.raises(ActualOutOfOrder) as err:
            check(
                framework=framework,
                calendar=calendar,
                notify=d("2016-09-13"),
                actuals=parse_actuals(f"{key}={day}" for key, day in given.items()),
                as_of=d("2017-01-01"),
            )
        assert f": {earlier} is earlier than {timed_from} (" in str(err.value)


def test_order_skips_unrecorded_steps_and_checks_the_clock_on_one_day() -> None:
    # The final report is timed from the end of fieldwork, which is not recorded: it is
    # checked against the start of fieldwork, the nearest recorded step.
    with pytest.raises(
        ActualOutOfOrder, match="final-report = 2010-11-12 is earlier than fieldwork-start = "
    ):
        check_for(
            "slac-2010", "2010-11-01", "2010-12-20", fieldwork_start="2010-11-15",
            final_report="2010-11-12",
        )  # fmt: skip
    # An answer may not come before the step it answers (a `not_before` anchor).
    with pytest.raises(
        ActualOutOfOrder, match=r"earlier than draft-report = 2012-05-24 \(.*\), which it answers"
    ):
        check_for(
            "cp", "2012-04-30", "2012-06-20", draft_report="2012-05-24",
            factual_accuracy_deadline="2012-05-23",
        )  # fmt: skip
    with pytest.raises(ActualOutOfOrder, match="earlier than notification"):
        check_for("slac-2010", "2010-11-01", "2010-12-20", draft_report="2010-10-29")
    # JTAI: the deep-dive list (day 0) sent at 09:00, before the 09:30 call that asks for it.
    with pytest.raises(ActualOutOfOrder, match="deep-dive-list = 2016-09-13T09:00"):
        check_for(
            "jtai", None, "2016-09-14", notification="2016-09-13T09:30",
            deep_dive_list="2016-09-13T09:00",
        )  # fmt: skip


def test_a_complaint_may_come_before_publication() -> None:
    report = check_for("slac-2010", "2010-11-01", "2010-12-01", complaint_deadline="2010-11-20")
    assert verdict(report, "complaint-deadline") == "met due 2011-02-04"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"drafts": "2010-12-10"},
            "--actual drafts=2010-12-10: unknown milestone 'drafts' in slac-2010; valid ids: ",
        ),
        (
            {"fieldwork": "2010-11-15"},
            "--actual fieldwork=2010-11-15: 'fieldwork' is a phase from fieldwork-start to "
            "fieldwork-end; give the actual dates of those two milestones instead",
        ),
        (
            {"draft_report": "2010-12-32"},
            "--actual draft-report=2010-12-32: '2010-12-32' is not a date; write it as "
            "YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2016-09-13T10:15",
        ),
        (
            {"draft_report": "10/12/2010"},
            "--actual draft-report=10/12/2010: '10/12/2010' is not a date",
        ),
        (
            {"notification": "2010-11-02"},
            "the notification date 2010-11-01 and the actual notification date 2010-11-02 "
            "(--actual notification=2010-11-02) disagree; give the notification date once",
        ),
    ],
)
def test_bad_actuals(args: dict[str, str], message: str) -> None:
    with pytest.raises(InspectcalError) as err:
        check_for("slac-2010", "2010-11-01", "2010-12-20", **args)
    assert str(err.value).startswith(message)


def test_complaint_steps_need_the_complaint() -> None:
    with pytest.raises(BadInput, match="complaint-acknowledged follows a complaint; give"):
        check_for("jtai", "2016-09-13", "2016-12-20", complaint_acknowledged="2016-12-01")


def test_no_notification_date_at_all() -> None:
    with pytest.raises(
        MissingNotification,
        match=r"^give the notification date, or an actual date for the notification step$",
    ):
        check_for("slac-2010", None, "2010-12-20", draft_report="2010-12-10")


def test_unknown_framework_is_refused_before_any_fact() -> None:
    with pytest.raises(UnknownFramework):
        make_check(framework="nope", notify=d("2010-11-01"), as_of=d("2010-12-20"))


# -- the actuals file ---------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "record.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_actuals_with_times_comments_blank_lines_extra_columns_and_bom(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "\ufeff# Bedford, 2016\nid,date,note\n\nnotification,2016-09-13T10:15,call\n"
        "draft-report, 2016-10-17 12:40 ,\n",
    )
    assert read_actuals(path) == {
        "notification": Actual(day=d("2016-09-13"), at=time(10, 15), where=f"{path}, line 4"),
        "draft-report": Actual(day=d("2016-10-17"), at=time(12, 40), where=f"{path}, line 5"),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", ": empty; expected the header 'id,date'"),
        ("milestone,when\nx,2016-01-01\n", ", line 1: expected the header 'id,date', found"),
        ("id,date\ndraft-report\n", ", line 2: expected an id and a date, e.g. 'id,date'"),
        ("id,date\ndraft-report,\n", ", line 2: expected an id and a date"),
        (
            "id,date\n\ndraft-report,17/10/2016\n",
            ", line 3: '17/10/2016' is not a date; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        ),
        (
            "id,date\ndraft-report,2016-10-17T25:00\n",
            ", line 2: '2016-10-17T25:00' is not a date",
        ),
        (
            "id,date\ndraft-report,2016-10-17\ndraft-report,2016-10-18\n",
            ", line 3: 'draft-report' is already given on line 2; keep one row",
        ),
    ],
)
def test_malformed_actuals_file(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(MalformedDataFile) as err:
        read_actuals(path)
    assert str(err.value).startswith(f"{path}{problem}")


def test_missing_actuals_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(MalformedDataFile) as err:
        read_actuals(path)
    assert str(err.value) == f"{path}: no such actuals file; check the path"


def test_unknown_id_in_file_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "id,date\nnotification,2016-09-13\ndraft,2016-10-17\n")
    with pytest.raises(BadInput) as err:
        make_check(framework="jtai", notify=None, actuals_file=path, as_of=d("2016-10-20"))
    assert str(err.value).startswith(f"{path}, line 3: unknown milestone 'draft' in jtai-2016")


def test_file_and_options_together(tmp_path: Path) -> None:
    path = write(tmp_path, "id,date\nnotification,2016-09-13\ndraft-report,2016-10-17T11:00\n")
    report = make_check(
        framework="jtai",
        notify=None,
        actuals_file=path,
        actuals=parse_actuals(
            ["factual-accuracy-deadline=2016-10-31", "draft-report=2016-10-17T11:00"],
            what="--actual",
        ),
        as_of=d("2016-11-01"),
    )
    assert verdict(report, "factual-accuracy-deadline") == (
        "missed due 2016-10-28, late 1 working day"
    )
    with pytest.raises(BadInput) as err:
        make_check(
            framework="jtai",
            notify=None,
            actuals_file=path,
            actuals=parse_actuals(["draft-report=2016-10-18"], what="--actual"),
            as_of=d("2016-11-01"),
        )
    assert str(err.value) == (
        f"draft-report has two actual dates: 2016-10-17T11:00 ({path}, line 3) and "
        "2016-10-18 (--actual draft-report=2016-10-18); give it once"
    )


def test_side_narrows_the_judging_to_one_partys_deadlines() -> None:
    # As of Fri 21 Oct 2016 the inspectorate's key findings (Fri 30 Sep) are overdue, but a
    # council judging its own side sees only its deadlines and the shared ones.
    council = make_check(
        framework="jtai", notify=d("2016-09-13"), as_of=d("2016-10-21"), side="la",
        actuals=parse_actuals(["key-findings-submitted=2016-09-30"], what="--actual"),
    )  # fmt: skip
    assert verdict(council, "key-findings-submitted") == "recorded due 2016-09-30"
    assert verdict(council, "draft-letter-agreed") == "not listed"
    assert verdict(council, "deep-dive-list") == "overdue due 2016-09-13, late 28 working days"
    assert verdict(council, "draft-report") == "overdue due 2016-10-17T12:00, late 4 working days"
    inspectorate = make_check(
        framework="jtai", notify=d("2016-09-13"), as_of=d("2016-10-21"), side="inspectorate"
    )
    assert verdict(inspectorate, "deep-dive-list") == "not listed"
    assert verdict(inspectorate, "key-findings-submitted") == (
        "overdue due 2016-09-30, late 15 working days"
    )
    with pytest.raises(BadInput, match="unknown side 'council'; choose one of: la, inspectorate"):
        make_check(framework="jtai", notify=d("2016-09-13"), as_of=d("2016-10-21"), side="council")


def test_a_weekend_actual_counts_from_the_next_working_day() -> None:
    # The JTAI draft goes early, on Saturday 15 Oct 2016. Nobody can act on it until Monday
    # 17 Oct, so the DCS still gets its days 24-33 counted from Monday: the response is due
    # 9 working days after Mon 17 Oct, i.e. Tue 18 .. Fri 28 Oct - as for an on-time draft,
    # not Thu 27 Oct as counting from the Saturday (or Friday) would give.
    report = check_for("jtai", "2016-09-13", "2016-10-18", draft_report="2016-10-15")
    assert_verdicts(
        report,
        {
            "draft-report": "met due 2016-10-17T12:00",
            "factual-accuracy-deadline": "pending due 2016-10-28",
        },
    )


def test_actual_earlier_than_the_planned_step_it_is_timed_from() -> None:
    # A draft dated 20 Sep 2016, before the end of fieldwork planned for Fri 30 Sep (day 13)
    # that it is timed from, and no actual date recorded for it: refused, not judged.
    with pytest.raises(ActualOutOfOrder) as err:
        check_for("jtai", "2016-09-13", "2016-12-01", draft_report="2016-09-20")
    assert str(err.value) == (
        "--actual draft-report=2016-09-20: draft-report = 2016-09-20 is earlier than "
        "fieldwork-end, planned for 2016-09-30 (no actual recorded), which it is timed from; "
        "correct the date, or record when fieldwork-end really happened "
        "(fieldwork-end=DATE)"
    )


def test_verdicts_in_timetable_order_each_on_its_plans_milestone() -> None:
    # JTAI notified Tue 13 Sep 2016: fieldwork starts Mon 26 Sep (day 9), the draft is due
    # Mon 17 Oct by midday (day 24). Fieldwork-start is no deadline: its actual is recorded
    # in its own row of the timetable, not after the deadlines; the draft at 11:00 is met.
    report = check_for(
        "jtai", "2016-09-13", "2016-10-21", fieldwork_start="2016-09-26",
        draft_report="2016-10-17T11:00",
    )  # fmt: skip
    order = report.plan.framework.ids
    ids = [result.id for result in report.results]
    assert ids == sorted(ids, key=order.index)
    assert ids.index("onsite-programme-agreed") < ids.index("fieldwork-start")
    assert ids.index("fieldwork-start") < ids.index("evidence-collection-ends")
    assert verdict(report, "fieldwork-start") == "recorded due 2016-09-26"
    assert verdict(report, "draft-report") == "met due 2016-10-17T12:00"
    for result, compact in zip(report.results, report.verdicts, strict=True):
        # The record is the compact verdict, field for field, on the report's plan.
        assert result.plan is report.plan
        assert tuple(getattr(result, f.name) for f in fields(CheckResult)[1:]) == compact
        assert result.milestone is report.plan.milestone(result.id)
        assert result.due == result.milestone.due
    statuses = [result.status for result in report.results]
    expected: dict[str, int] = {status: statuses.count(status) for status in JUDGED}
    assert report.summary == {"deadlines": sum(expected.values()), **expected}
