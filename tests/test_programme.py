"""The programme library: the file reader, planning once, agenda, clashes and the bulk check.

The programme is examples/programme.csv, checked on a calendar of winter 2016-17:
- Barsetshire JTAI 2016, notified Tue 29 Nov 2016 (day 0), Ann Smith (lead) and Bob Jones.
  Working days after it: Wed 30 Nov = 1, ... Fri 9 Dec = 8, Mon 12 Dec = 9 (fieldwork starts),
  Fri 16 Dec = 13 (fieldwork ends), Mon 19 = 14, Wed 21 = 16, Fri 23 = 18; Sat 24, Sun 25,
  Mon 26 (Boxing Day), Tue 27 (substitute day for Christmas Day) are off; Wed 28 = 19,
  Fri 30 = 21; Mon 2 Jan 2017 (substitute day for New Year's Day) is off; Tue 3 = 22,
  Thu 5 Jan = 24 (draft letter).
- Wessex CP 2016, notified Mon 5 Dec 2016 (day 1, fieldwork starts the same day), Bob Jones
  (lead) and Carol White: day 8 = Wed 14 Dec (fieldwork ends), day 11 = Mon 19 Dec (QA
  begins), day 18 = Fri 30 Dec (draft report: 20, 21, 22, 23, 28, 29, 30 are days 12-18).
- Barsetshire SLAC 2016 (slac-2010), notified Wed 7 Dec 2016 (day 1), Carol White (lead) and
  Dan Brown (QA): day 11 = Wed 21 Dec (fieldwork starts), day 20 = Fri 6 Jan 2017 (fieldwork
  ends: 22, 23, 28, 29, 30 Dec, 3, 4, 5, 6 Jan are days 12-20).
"""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.agenda import agenda, clashes, window
from inspectcal.audit import check_programme, median, read_programme_actuals
from inspectcal.errors import BadInput, MalformedDataFile
from inspectcal.programme import Inputs, Inspection, Person, load_programme, read_inspections
from inspectcal.render import due_text
from tests.helpers import d

EXAMPLES = Path(__file__).parent.parent / "examples"
PROGRAMME = EXAMPLES / "programme.csv"
ACTUALS = EXAMPLES / "programme-actuals.csv"
JTAI, CP, SLAC = "Barsetshire JTAI 2016", "Wessex CP 2016", "Barsetshire SLAC 2016"


# -- reading the file -------------------------------------------------------------------------


def test_reads_the_optional_columns() -> None:
    jtai, cp, slac = read_inspections(PROGRAMME)
    assert (jtai.name, jtai.framework, jtai.notify) == (JTAI, "jtai", d("2016-11-29"))
    assert jtai.authority == "Barsetshire" and slac.authority == "Barsetshire"
    assert jtai.people == (Person(name="Ann Smith", role="lead"), Person(name="Bob Jones"))
    assert slac.people[1] == Person(name="Dan Brown", role="QA")
    assert cp.calendar is None and cp.closures is None
    assert jtai.origin == f"{PROGRAMME}, line 6"  # after four comment lines and the header


def test_bom_crlf_comments_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "closed.txt").write_text("2016-09-16\n")
    (tmp_path / "file.csv").write_bytes(
        "\ufeff# our programme\r\nname,framework,notify,closures,calendar\r\n"
        "A,jtai,2016-09-13,closed.txt,england-and-wales\r\n".encode()
    )
    (item,) = read_inspections(tmp_path / "file.csv")
    assert item.closures == tmp_path / "closed.txt" and item.calendar == "england-and-wales"
    # The closure on Fri 16 Sep 2016 moves JTAI day 9 (fieldwork) from Mon 26 to Tue 27 Sep.
    (entry,) = load_programme(tmp_path / "file.csv")
    assert entry.date_of("fieldwork-start") == d("2016-09-27")


def test_a_timetable_path_is_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "file.csv").write_text("name,framework,notify\nA,mine.toml,2016-09-13\n")
    (item,) = read_inspections(tmp_path / "file.csv")
    assert item.framework == str(tmp_path / "mine.toml")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("A,jtai,20160913,", r"line 2: malformed notification date '20160913'"),
        ("A,jtai,2016-W37-2,", r"line 2: malformed notification date '2016-W37-2'"),
        (
            "A,jtai,,setup=2016-09-13;setup=2016-09-14",
            r"line 2: setup is pinned twice \(2016-09-13 and 2016-09-14\); give it once",
        ),
        ("A,jtai,2016-09-13,\na,jtai,2016-09-20,", r"line 3: 'a' is already on line 2"),
    ],
)
def test_refuses_ambiguous_rows(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "file.csv"
    path.write_text(f"name,framework,notify,pins\n{rows}\n")
    with pytest.raises(MalformedDataFile, match=message):
        read_inspections(path)


def test_the_same_pin_twice_with_one_date_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_text("name,framework,notify,pins\nA,jtai,,setup=2016-09-13;setup=2016-09-13\n")
    assert dict(read_inspections(path)[0].pins) == {"setup": d("2016-09-13")}


def test_people_must_be_named(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_text("name,framework,notify,people\nA,jtai,2016-09-13,lead:\n")
    with pytest.raises(MalformedDataFile, match=r"line 2: person 'lead:' must be Name or"):
        read_inspections(path)


@pytest.mark.parametrize(
    ("people", "problem"),
    [
        # Ann is listed twice before `lead:` names nobody: the first problem is told.
        ("Ann;ann;lead:", "ann is listed twice in 'people'; list each person once"),
        ("lead:;Ann;ann", "person 'lead:' must be Name or role:Name (several separated by ';')"),
        (":Ann", "person ':Ann' must be Name or role:Name (several separated by ';')"),
    ],
)
def test_the_first_problem_with_the_people_is_told(
    tmp_path: Path, people: str, problem: str
) -> None:
    path = tmp_path / "file.csv"
    path.write_text(
        f"name,framework,notify,people\nA,jtai,2016-09-13,Bob\nB,jtai,2016-09-13,{people}\n"
    )
    with pytest.raises(MalformedDataFile) as caught:
        read_inspections(path)
    assert str(caught.value) == f"{path}, line 3: {problem}"


def test_a_row_is_the_inspection_its_constructor_makes(tmp_path: Path) -> None:
    """The reader makes each `Inspection` without `__init__`: it must be the same object,
    field for field and in the same order, as the one `Inspection(...)` makes."""
    (tmp_path / "closed.txt").write_text("2016-09-16\n")
    path = tmp_path / "file.csv"
    path.write_text(
        "name,framework,notify,pins,authority,people,calendar,closures\n"
        "A  B,jtai,2016-09-13,fieldwork-start=2016-09-26, Wessex  North ,lead:Ann;Bob,"
        "england-and-wales,closed.txt\n"
        "C,cp,2016-09-14,,,,,\n"
    )
    first, second = read_inspections(path)
    made = Inspection(
        name="A B",
        framework="jtai",
        notify=d("2016-09-13"),
        pins={"fieldwork-start": d("2016-09-26")},
        authority="Wessex North",
        people=(Person(name="Ann", role="lead"), Person(name="Bob")),
        calendar="england-and-wales",
        closures=tmp_path / "closed.txt",
        origin=f"{path}, line 2",
    )
    assert first == made and list(vars(first).items()) == list(vars(made).items())
    plain = Inspection(name="C", framework="cp", notify=d("2016-09-14"), origin=f"{path}, line 3")
    assert second == plain and list(vars(second).items()) == list(vars(plain).items())
    assert hash(first.people) == hash(made.people)


def test_a_row_that_cannot_be_planned_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_text("name,framework,notify\nA,jtai,2016-09-13\nB,jtai,2016-12-26\n")
    with pytest.raises(BadInput, match=r"file.csv, line 3 \(B\): notification date 2016-12-26"):
        load_programme(path)


# -- loading once -------------------------------------------------------------------------------


def test_each_calendar_and_framework_is_loaded_once(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_text(
        "name,framework,notify\nA,jtai,2016-09-13\nB,jtai,2016-09-13\nC,jtai,2016-09-20\n"
    )
    programme = load_programme(path)
    a, b, c = programme.entries
    assert a.plan is b.plan  # the same inputs: one plan, shared
    assert a.plan.calendar is c.plan.calendar and a.plan.framework is c.plan.framework
    # JTAI notified Tue 20 Sep 2016: day 9 is Mon 3 Oct (a week after 26 Sep).
    assert c.date_of("fieldwork-start") == d("2016-10-03")


def test_inputs_cache_by_calendar_and_closures(tmp_path: Path) -> None:
    closed = tmp_path / "closed.txt"
    closed.write_text("2016-09-16\n")
    inputs = Inputs()
    assert inputs.calendar("england-and-wales") is inputs.default
    assert inputs.calendar("england-and-wales", closed) is inputs.calendar(
        "england-and-wales", tmp_path / "." / "closed.txt"
    )
    assert inputs.calendar("england-and-wales", closed) is not inputs.default


# -- agenda ---------------------------------------------------------------------------------------


def test_the_agenda_of_the_christmas_fortnight() -> None:
    found = agenda(load_programme(PROGRAMME), start=d("2016-12-19"), end=d("2016-12-30"))
    got = [
        (i.milestone.date, i.milestone.end_date, i.inspection.name, i.milestone.id)
        for i in found.items
    ]
    assert got == [
        # JTAI days 14-16, Mon 19 - Wed 21 Dec; CP days 11-18, Mon 19 - Fri 30 Dec.
        (d("2016-12-19"), d("2016-12-21"), JTAI, "letter-consolidation"),
        (d("2016-12-19"), d("2016-12-30"), CP, "qa-procedures"),
        # JTAI day 16 (all-day items before timed ones; no clock time, "by lunchtime").
        (d("2016-12-21"), None, JTAI, "draft-letter-agreed"),
        (d("2016-12-21"), d("2016-12-30"), JTAI, "draft-letter-partner-review"),  # days 16-21
        # SLAC day 11: fieldwork Wed 21 Dec to day 20, Fri 6 Jan.
        (d("2016-12-21"), None, SLAC, "fieldwork-start"),
        (d("2016-12-21"), None, SLAC, "case-audits-shared"),
        (d("2016-12-21"), None, SLAC, "additional-cases-selected"),  # "at the start"
        (d("2016-12-21"), d("2017-01-06"), SLAC, "fieldwork"),
        (d("2016-12-21"), d("2017-01-06"), SLAC, "daily-dcs-discussions"),  # every fieldwork day
        # Nothing from Thu 22 to Thu 29: JTAI days 17-20 and CP days 12-17 start no step.
        (d("2016-12-30"), None, JTAI, "draft-letter-partner-signoff"),  # day 21
        (d("2016-12-30"), d("2017-01-03"), JTAI, "draft-letter-director-signoff"),  # days 21-22
        (d("2016-12-30"), None, CP, "draft-report"),  # CP day 18
        (d("2016-12-30"), None, CP, "childrens-summary-draft"),
        (d("2016-12-30"), d("2017-01-09"), CP, "factual-accuracy-check"),  # days 18-23
    ]


def test_a_phase_that_began_before_the_window_is_in_it() -> None:
    # Thu 15 Dec: JTAI fieldwork (Mon 12 - Fri 16) is under way, CP's ended Wed 14.
    found = agenda(load_programme(PROGRAMME), start=d("2016-12-15"), end=d("2016-12-15"))
    ids = {(i.inspection.name, i.milestone.id) for i in found.items}
    assert (JTAI, "fieldwork") in ids and (CP, "fieldwork") not in ids


def test_agenda_filters() -> None:
    programme = load_programme(PROGRAMME)
    start, end = d("2016-12-19"), d("2016-12-23")
    dan = agenda(programme, who="dan  BROWN", start=start, end=end)
    assert {i.inspection.name for i in dan.items} == {SLAC}
    wessex = agenda(programme, authority="wessex", start=start, end=end)
    assert {i.inspection.name for i in wessex.items} == {CP}
    due = agenda(programme, deadlines=True, start=start, end=end)
    # Deadlines of Mon 19 - Fri 23 Dec: the JTAI draft letter agreed (day 16) and SLAC's
    # case audits (day 11), both Wed 21 Dec.
    assert [i.milestone.id for i in due.items] == ["draft-letter-agreed", "case-audits-shared"]
    la = agenda(programme, audience="la", start=start, end=end)
    assert "draft-letter-agreed" not in {i.milestone.id for i in la.items}  # inspectorate's
    with pytest.raises(BadInput, match="unknown audience 'council'"):
        agenda(programme, audience="council", start=start, end=end)


def test_the_default_window_is_today_and_ten_working_days() -> None:
    england = Inputs().default
    # From Mon 19 Dec 2016: Tue 20 = 1, ..., Fri 23 = 4, Wed 28 = 5, Fri 30 = 7, Tue 3 Jan = 8,
    # Wed 4 = 9, Thu 5 Jan = 10.
    assert window(england, today=d("2016-12-19")) == (d("2016-12-19"), d("2017-01-05"))
    assert window(england, today=d("2016-12-19"), days=3) == (d("2016-12-19"), d("2016-12-22"))
    assert window(england, today=date(2000, 1, 1), start=d("2016-12-01"), end=d("2016-12-02")) == (
        d("2016-12-01"),
        d("2016-12-02"),
    )
    with pytest.raises(BadInput, match="before it starts"):
        window(england, today=d("2016-12-19"), end=d("2016-12-18"))
    with pytest.raises(BadInput, match="give the window's end once"):
        window(england, today=d("2016-12-19"), end=d("2016-12-20"), days=1)


# -- clashes --------------------------------------------------------------------------------------


def test_clashes_of_the_example_programme() -> None:
    found = clashes(load_programme(PROGRAMME), max_onsite=1)
    got = [(c.kind, c.who, c.inspections, c.start, c.end) for c in found]
    assert got == [
        # Bob Jones: CP on site Mon 5 - Wed 14 Dec, JTAI Mon 12 - Fri 16 Dec.
        ("person", "Bob Jones", (CP, JTAI), d("2016-12-12"), d("2016-12-14")),
        # Barsetshire: JTAI notified Tue 29 Nov, published Wed 1 Feb (day 43); SLAC notified
        # Wed 7 Dec, published Fri 10 Feb (day 45). Carol White's CP and SLAC do not overlap.
        ("authority", "Barsetshire", (JTAI, SLAC), d("2016-12-07"), d("2017-02-01")),
        # Two on site Mon 12 - Wed 14 Dec (JTAI and CP); SLAC is on site alone.
        ("capacity", "2 on site (more than 1)", (JTAI, CP), d("2016-12-12"), d("2016-12-14")),
    ]
    assert [c.kind for c in clashes(load_programme(PROGRAMME), max_onsite=2)] == [
        "person",
        "authority",
    ]


# -- bulk check -----------------------------------------------------------------------------------


def test_the_bulk_check_of_the_example() -> None:
    items = read_inspections(PROGRAMME)
    actuals = read_programme_actuals(ACTUALS, [i.name for i in items])
    result = check_programme(items, actuals, inputs=Inputs(), as_of=d("2017-03-01"), side="la")
    verdicts = {
        (j.inspection.name, r.id): (due_text(r), r.status, r.late)
        for j in result.judged
        for r in j.report.results
    }
    # JTAI draft due day 24, Thu 5 Jan 2017 by midday; sent Fri 6 Jan: 1 working day late.
    assert verdicts[JTAI, "draft-report"] == ("2017-01-05T12:00", "missed", 1)
    # Response due 9 working days after the draft really sent (Fri 6 Jan): Thu 19 Jan.
    assert verdicts[JTAI, "factual-accuracy-deadline"] == ("2017-01-19", "met", None)
    # CP: response due day 23, Mon 9 Jan; sent Tue 10 Jan: 1 working day late.
    assert verdicts[CP, "factual-accuracy-deadline"] == ("2017-01-09", "missed", 1)
    # CP final report due day 28, "within 20 working days of the end of fieldwork" (day 8, Wed
    # 14 Dec): 15-16, 19-23, 28-30 Dec (26-27 Dec and 2 Jan are bank holidays), 3-6, 9-13 and
    # 16 Jan = Mon 16 Jan, however late the council's response was. No record by Wed 1 Mar
    # 2017: overdue by the working days in (16 Jan, 1 Mar]: 11 in January, 20 in February, 1.
    assert verdicts[CP, "final-report"] == ("2017-01-16", "overdue", 32)
    # SLAC draft due day 30, Fri 20 Jan, sent that day.
    assert verdicts[SLAC, "draft-report"] == ("2017-01-20", "met", None)
    by_id = {s.id: s for s in result.milestones}
    draft = by_id["draft-report"]
    assert (draft.judged, draft.met, draft.missed, draft.overdue) == (3, 2, 1, 0)
    assert draft.on_time == pytest.approx(2 / 3)
    assert (draft.median_late, draft.worst_late) == (1, 1)
    final = by_id["final-report"]
    # JTAI's final letter is due day 41, 28 working days after the last on-site day (Fri 16
    # Dec): Mon 30 Jan, whatever the late draft; sent Wed 1 Feb, 2 working days late. CP's is
    # overdue 32; SLAC's (due day 40, Fri 3 Feb) overdue 18: 18 working days in (3 Feb, 1 Mar].
    assert verdicts[JTAI, "final-report"] == ("2017-01-30", "missed", 2)
    assert (final.missed, final.overdue, final.median_late, final.worst_late) == (1, 2, 18, 32)
    assert result.failed


def test_lateness_in_calendar_days_and_months_is_summed_up_in_working_days(
    tmp_path: Path,
) -> None:
    # A SLAC 2009 report published Fri 25 Mar 2011 opens a 30-calendar-day complaint window
    # to Sun 24 Apr; a complaint lodged Thu 28 Apr is 4 calendar days late, but 3 working
    # days (Mon 25 Apr was Easter Monday: Tue 26, Wed 27, Thu 28). A CP report published Fri
    # 13 Jan 2017 gives the council three months, to Thu 13 Apr; overdue on Wed 19 Apr by 6
    # calendar days, 2 working days (Good Friday 14 Apr, the weekend, Easter Monday 17 Apr,
    # then Tue 18 and Wed 19). Each verdict keeps its rule's unit; the programme's summary
    # compares lateness in working days.
    programme = tmp_path / "programme.csv"
    programme.write_text("name,framework,notify\nS,slac-2009,2011-01-10\nC,cp-2012,2016-11-28\n")
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(
        "inspection,id,date\nS,publication,2011-03-25\nS,complaint-deadline,2011-04-28\n"
        "C,publication,2017-01-13\n"
    )
    items = read_inspections(programme)
    found = read_programme_actuals(actuals, [i.name for i in items])
    result = check_programme(items, found, inputs=Inputs(), as_of=d("2017-04-19"))
    verdicts = {
        (j.inspection.name, r.id): (due_text(r), r.status, r.late, r.late_unit)
        for j in result.judged
        for r in j.report.results
    }
    assert verdicts["S", "complaint-deadline"] == ("2011-04-24", "missed", 4, "calendar-days")
    assert verdicts["C", "improvement-three-months"] == (
        "2017-04-13",
        "overdue",
        6,
        "calendar-days",
    )
    by_id = {s.id: s for s in result.milestones}
    window, improvement = by_id["complaint-deadline"], by_id["improvement-three-months"]
    assert (window.missed, window.median_late, window.worst_late) == (1, 3, 3)
    assert (improvement.overdue, improvement.median_late, improvement.worst_late) == (1, 2, 2)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=60))
def test_the_median_lateness_is_the_statistics_modules(values: list[int]) -> None:
    # Even or odd, and of the same type: an int for an odd count, as the JSON prints it.
    found = median(values)
    assert found == statistics.median(values)
    assert type(found) is type(statistics.median(values))


def test_actuals_rows_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "actuals.csv"
    path.write_text("inspection,id,date\nNobody,draft-report,2017-01-05\n")
    with pytest.raises(MalformedDataFile, match=r"line 2: no inspection named 'Nobody'"):
        read_programme_actuals(path, [JTAI])
    path.write_text(f"inspection,id,date\n{JTAI},x,2017-01-05\n{JTAI},x,2017-01-05\n")
    with pytest.raises(MalformedDataFile, match=r"line 3: x of .* is already given on line 2"):
        read_programme_actuals(path, [JTAI])
    # The earlier row is found under another spelling of the name, past other rows.
    path.write_text(
        f"inspection,id,date\n{JTAI},x,2017-01-05\n{CP},x,2017-01-05\n"
        f" {JTAI.upper()} ,y,2017-01-05\n{JTAI.lower()},x,2017-01-06\n"
    )
    with pytest.raises(MalformedDataFile, match=r"line 5: x of .* is already given on line 2"):
        read_programme_actuals(path, [JTAI, CP])
    path.write_text(f"inspection,id,date\n{JTAI},x,05/01/2017\n")
    with pytest.raises(MalformedDataFile, match=r"line 2: '05/01/2017' is not a date"):
        read_programme_actuals(path, [JTAI])
