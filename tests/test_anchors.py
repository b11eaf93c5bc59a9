"""Deadlines on the anchors their sources name, once real dates are recorded.

One scenario per framework, across Christmas or Easter, with each side late and early. Every
date was counted by hand on a printed calendar with the England and Wales bank holidays
(calendars/england-and-wales.csv); the working-day numbers are the source's own. Then a
property over all four frameworks: with nothing recorded `check` agrees with `plan`, and an
on-time actual for one party's step never moves the other party's due dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from inspectcal.bankholidays import load_calendar
from inspectcal.check import CheckReport, check, make_check
from inspectcal.dates import parse_actuals
from inspectcal.errors import ActualOutOfOrder
from inspectcal.frameworks import MilestoneSpec, list_frameworks
from inspectcal.ical import select
from inspectcal.plan import build_plan
from inspectcal.render import headline
from tests.helpers import d, plan_for
from tests.test_check import assert_verdicts, check_for, verdict

CALENDAR = load_calendar("england-and-wales")


def test_cp_2012_across_christmas_2012() -> None:
    # Notified Mon 10 Dec 2012 (day 1). Working days, with Tue 25, Wed 26 Dec and Tue 1 Jan off:
    # Wed 19 Dec = day 8 (fieldwork ends); Mon 24 = 11, Thu 27 = 12, Fri 28 = 13, Mon 31 = 14,
    # Wed 2 Jan = 15, Thu 3 = 16, Fri 4 = 17, Mon 7 = 18 (draft), Tue 8 = 19, Wed 9 = 20,
    # Thu 10 = 21, Fri 11 = 22, Mon 14 = 23 (DCS response), Tue 15 = 24, ..., Mon 21 = 28
    # (pre-publication report), Tue 22 = 29, Wed 23 = 30 (publication).
    # Ofsted early: the draft goes Fri 4 Jan (day 17). The DCS keeps day 23, Mon 14 Jan, and
    # answers Tue 15 Jan: 1 working day late. Ofsted sends the pre-publication report Tue 22
    # Jan: due Mon 21 Jan (day 28, "within 20 working days of the end of fieldwork"), 1 working
    # day late - the DCS's late response does not excuse it. Publication Wed 23 Jan: met.
    early = check_for(
        "cp",
        "2012-12-10",
        "2013-01-24",
        annex_a_information="2012-12-11",
        draft_report="2013-01-04",
        factual_accuracy_deadline="2013-01-15",
        final_report="2013-01-22",
        publication="2013-01-23",
    )
    assert_verdicts(
        early,
        {
            "annex-a-information": "met due 2012-12-11",
            "draft-report": "met due 2013-01-07",
            "factual-accuracy-deadline": "missed due 2013-01-14, late 1 working day",
            "final-report": "missed due 2013-01-21, late 1 working day",
            "publication": "met due 2013-01-23",
        },
    )
    # Ofsted late: the draft goes Wed 9 Jan (day 20), 2 working days late (Tue 8, Wed 9). The
    # DCS keeps the planned 5 working days after it: Thu 10, Fri 11, Mon 14, Tue 15, Wed 16 Jan,
    # later than day 23, so a response on Wed 16 Jan is on time. The pre-publication report is
    # still due Mon 21 Jan; as of Thu 17 Jan that is 2 working days off: "due".
    late = check_for(
        "cp",
        "2012-12-10",
        "2013-01-17",
        annex_a_information="2012-12-11",
        draft_report="2013-01-09",
        factual_accuracy_deadline="2013-01-16",
    )
    assert_verdicts(
        late,
        {
            "draft-report": "missed due 2013-01-07, late 2 working days",
            "factual-accuracy-deadline": "met due 2013-01-16",
            "final-report": "due due 2013-01-21",
        },
    )
    response = late.plan.milestone("factual-accuracy-deadline")
    assert (response.day, response.source_day) == (25, 23)


def test_jtai_2016_across_christmas_2016() -> None:
    # Notified Tue 6 Dec 2016 (day 0): Wed 7 = 1, Thu 8 = 2, Fri 9 = 3, Mon 12 = 4, Tue 13 = 5
    # (case file documents), Wed 14 = 6, Thu 15 = 7 (joint evaluations), Fri 16 = 8 (consent),
    # Mon 19 = 9 .. Fri 23 Dec = 13 (fieldwork). Mon 26, Tue 27 Dec and Mon 2 Jan are off:
    # Wed 28 = 14, Thu 29 = 15, Fri 30 = 16, Tue 3 Jan = 17, ..., Mon 9 = 21, Tue 10 = 22,
    # Wed 11 = 23, Thu 12 = 24 (draft), ..., Wed 25 = 33 (factual accuracy), Thu 26 = 34,
    # Fri 27 = 35, Mon 30 = 36, Tue 31 = 37, Wed 1 Feb = 38, Thu 2 = 39, Fri 3 = 40,
    # Mon 6 = 41 (final letter), Tue 7 = 42, Wed 8 = 43 (publication).
    # The council is late once: the deep-dive list goes Wed 7 Dec, 1 working day late. Its
    # week-two deadlines stay on their days: joint evaluations Thu 15 Dec (met), consent
    # Fri 16 Dec, given Mon 19 Dec: 1 working day late. Ofsted's selection stays day 1.
    # Ofsted is early: the draft goes Tue 10 Jan (day 22). Nine working days from it would be
    # Mon 23 Jan, but day 33, Wed 25 Jan, stands; a response that day is on time.
    council = check_for(
        "jtai",
        "2016-12-06",
        "2017-01-25",
        deep_dive_list="2016-12-07",
        select_20_children="2016-12-07T11:00",
        joint_evaluations_submitted="2016-12-15",
        consent_confirmed="2016-12-19",
        draft_report="2017-01-10T10:00",
        factual_accuracy_deadline="2017-01-25",
    )
    assert_verdicts(
        council,
        {
            "deep-dive-list": "missed due 2016-12-06, late 1 working day",
            "select-20-children": "met due 2016-12-07T12:00",
            "joint-evaluations-submitted": "met due 2016-12-15",
            "consent-confirmed": "missed due 2016-12-16, late 1 working day",
            "draft-report": "met due 2017-01-12T12:00",
            "factual-accuracy-deadline": "met due 2017-01-25",
            "final-report": "pending due 2017-02-06",
        },
    )
    # The council is early: the response goes Mon 16 Jan (day 26). Ofsted's days stay put:
    # comments considered by day 34, Thu 26 Jan ("due" as of Wed 25 Jan, not overdue), the
    # final letter day 41, Mon 6 Feb, publication day 43, Wed 8 Feb.
    early = check_for(
        "jtai",
        "2016-12-06",
        "2017-01-25",
        draft_report="2017-01-12T11:00",
        factual_accuracy_deadline="2017-01-16",
    )
    assert_verdicts(
        early,
        {
            "factual-accuracy-deadline": "met due 2017-01-25",
            "factual-accuracy-considered": "due due 2017-01-26",
            "final-report": "pending due 2017-02-06",
            "publication": "pending due 2017-02-08",
        },
    )


def test_slac_2009_across_christmas_2009() -> None:
    # Notified Mon 30 Nov 2009 (day 1): Tue 1 Dec = 2, Wed 2 = 3, Thu 3 = 4 (case list).
    # Fieldwork ends Tue 29 Dec (day 20; Fri 25 and Mon 28 Dec off). Fri 1 Jan off: Wed 30 = 21,
    # Thu 31 = 22, Mon 4 Jan = 23, Tue 5 = 24, Wed 6 = 25 (draft), Thu 7 .. Wed 13 = 30
    # (return), Thu 14 .. Wed 20 = 35 (final report), Thu 21 .. Wed 27 = 40 (publication).
    # The council is late once: the case list goes Fri 4 Dec, 1 working day late.
    # Ofsted is early: the draft goes Mon 4 Jan (day 23). "Within five days" of it would be
    # Mon 11 Jan, but "(10 working days after the end of the inspection)" is Wed 13 Jan, and
    # the later stands: a return on Wed 13 Jan is on time.
    # Ofsted is late: the final report goes Thu 21 Jan (1 working day late); publication is
    # still due Wed 27 Jan (para 59 counts from the end of the inspection), so Thu 28 Jan is
    # 1 working day late too. The complaint window runs 30 calendar days from the real
    # publication: Sat 27 Feb 2010, open as of Mon 1 Feb.
    report = check_for(
        "slac-2009",
        "2009-11-30",
        "2010-02-01",
        core_documents="2009-12-01",
        survey_letters="2009-12-02",
        case_list="2009-12-04",
        case_audits_received="2009-12-14",
        draft_report="2010-01-04",
        factual_accuracy_deadline="2010-01-13",
        final_report="2010-01-21",
        publication="2010-01-28",
    )
    assert_verdicts(
        report,
        {
            "case-list": "missed due 2009-12-03, late 1 working day",
            "draft-report": "met due 2010-01-06",
            "factual-accuracy-deadline": "met due 2010-01-13",
            "final-report": "missed due 2010-01-20, late 1 working day",
            "publication": "missed due 2010-01-27, late 1 working day",
            "complaint-deadline": "open due 2010-02-27",
        },
    )
    assert headline(report) == "3 of 8 deadlines missed"


def test_slac_2010_across_easter_and_the_royal_wedding_2011() -> None:
    # Notified Mon 11 Apr 2011 (day 1). Off: Fri 22 and Mon 25 Apr (Easter), Fri 29 Apr (royal
    # wedding), Mon 2 May (May Day), Mon 30 May (Spring bank holiday). Fieldwork Wed 27 Apr
    # (day 11) to Thu 12 May (day 20); draft day 30 = Thu 26 May; return day 35 = Fri 3 Jun
    # (Fri 27 May = 31, Tue 31 = 32, Wed 1 Jun = 33, Thu 2 = 34); final report day 40 = Fri
    # 10 Jun; publication day 45 = Fri 17 Jun.
    # The council is late once: its case audits come Thu 28 Apr, 1 working day late.
    # Ofsted is late: the draft goes Tue 31 May, 2 working days late (Fri 27, Tue 31). The
    # council keeps five working days from it: Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 Jun, later
    # than day 35, so a return on Mon 6 Jun is on time. The final report is still due Fri
    # 10 Jun (20 working days after the end of the inspection) and is met; publication Fri
    # 17 Jun is "due" as of Wed 15 Jun.
    report = check_for(
        "slac-2010",
        "2011-04-11",
        "2011-06-15",
        case_audits_shared="2011-04-28",
        draft_report="2011-05-31",
        factual_accuracy_deadline="2011-06-06",
        final_report="2011-06-10",
    )
    assert_verdicts(
        report,
        {
            "case-audits-shared": "missed due 2011-04-27, late 1 working day",
            "draft-report": "missed due 2011-05-26, late 2 working days",
            "factual-accuracy-deadline": "met due 2011-06-07",
            "final-report": "met due 2011-06-10",
            "publication": "due due 2011-06-17",
        },
    )


def test_inspectors_see_the_councils_deliverables_but_do_not_answer_for_them() -> None:
    plan = plan_for("jtai", "2016-09-13")
    feed = {m.id for m in select(plan, "inspectorate")}
    council = {
        "deep-dive-list", "joint-evaluations-submitted", "factual-accuracy-deadline",
        "complaint-deadline", "action-plan-deadline", "case-file-documents", "consent-confirmed",
    }  # fmt: skip
    assert council <= feed
    assert {m.id for m in select(plan, "la")} >= council
    everyone = check_for("jtai", "2016-09-13", "2017-03-01")
    assert council - {"complaint-deadline"} <= {r.id for r in everyone.deadlines}
    only_inspectors = make_check(
        framework="jtai", notify=d("2016-09-13"), as_of=d("2017-03-01"), side="inspectorate"
    )
    for milestone_id in council - {"complaint-deadline"}:
        assert verdict(only_inspectors, milestone_id) == "not listed", milestone_id
    # The complaint window is shown, never judged: nobody fails a check over a window.
    assert verdict(only_inspectors, "complaint-deadline") == "closed due 2016-11-25"
    assert verdict(only_inspectors, "factual-accuracy-considered").startswith("overdue")
    # The same split in the other frameworks: the council's return is in both feeds.
    for framework, notify in (
        ("cp", "2012-05-28"),
        ("slac-2009", "2009-11-30"),
        ("slac", "2011-04-11"),
    ):
        inspectorate_feed = {m.id for m in select(plan_for(framework, notify), "inspectorate")}
        assert "factual-accuracy-deadline" in inspectorate_feed, framework
    assert "annex-a-information" in {
        m.id for m in select(plan_for("cp", "2012-05-28"), "inspectorate")
    }


# -- the property -------------------------------------------------------------------------

FRAMEWORKS = {fw.id: fw for fw in list_frameworks()}


def _owner(spec: MilestoneSpec) -> str | None:
    """Which party must meet a deadline: its `side`, else Ofsted's own steps by their party."""
    if spec.side is not None:
        return spec.side
    if spec.party.startswith(("Ofsted", "Inspection team", "The relevant inspectorate")):
        return None if "senior leaders" in spec.party else "inspectorate"
    return None


def _is_complaint_step(framework_id: str, milestone_id: str) -> bool:
    """A complaint's handling is timed from the complaint itself, the anchor Annex D names."""
    fw = FRAMEWORKS[framework_id]
    steps = {"complaint-deadline", "complaint-made"}
    for spec in fw.milestones:
        if spec.after in steps:
            steps.add(spec.id)
    return milestone_id in steps


def _report(framework_id: str, notify: date, actuals: dict[str, str], as_of: date) -> CheckReport:
    return check(
        framework=FRAMEWORKS[framework_id],
        calendar=CALENDAR,
        notify=notify,
        actuals=parse_actuals(f"{k}={v}" for k, v in actuals.items()),
        as_of=as_of,
    )


working_days = st.dates(min_value=date(2011, 1, 3), max_value=date(2019, 6, 28)).filter(
    CALENDAR.is_working_day
)


@settings(max_examples=60, deadline=None)
@given(
    framework_id=st.sampled_from(sorted(FRAMEWORKS)),
    notify=working_days,
    pick=st.integers(min_value=0, max_value=10_000),
    early=st.integers(min_value=0, max_value=4),
)
def test_on_time_actuals_never_move_the_other_partys_deadlines(
    framework_id: str, notify: date, pick: int, early: int
) -> None:
    framework = FRAMEWORKS[framework_id]
    plan = build_plan(framework=framework, calendar=CALENDAR, notify=notify, pins={})
    as_of = notify + timedelta(days=900)
    baseline = _report(framework_id, notify, {}, as_of)
    # With nothing recorded, check's due dates are the plan's dates.
    for result in baseline.results:
        assert result.due == plan.milestone(result.id).date, result.id
    owned = [
        s
        for s in framework.milestones
        if s.deadline and _owner(s) and not _is_complaint_step(framework_id, s.id)
    ]
    spec = owned[pick % len(owned)]
    planned = plan.milestone(spec.id)
    if spec.unit == "working-days":
        on_time = CALENDAR.add_working_days(planned.due, -early)
    else:  # a calendar-day or month deadline may fall on a weekend, and is met there
        on_time = planned.due - timedelta(days=early)
    try:
        recorded = _report(framework_id, notify, {spec.id: on_time.isoformat()}, as_of)
    except ActualOutOfOrder:
        assume(False)
        return
    assert verdict(recorded, spec.id).startswith("met due "), verdict(recorded, spec.id)
    before = {r.id: r.due for r in baseline.results}
    for result in recorded.results:
        other = framework.milestone(result.id)
        # Only a deadline whose source counts it from this very step (a complaint window "from
        # the date of publication") may move with it; nothing moves through a chain.
        named = other.after == spec.id or any(b.after == spec.id for b in other.not_before)
        if other.deadline and _owner(other) not in (None, _owner(spec)) and not named:
            assert result.due == before[result.id], (spec.id, on_time, result.id)


def test_the_property_covers_both_sides_of_every_framework() -> None:
    for framework_id, framework in FRAMEWORKS.items():
        owners = {_owner(s) for s in framework.milestones if s.deadline}
        assert {"la", "inspectorate"} <= owners, framework_id
