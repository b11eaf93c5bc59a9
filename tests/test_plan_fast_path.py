"""Planning on the calendar's day index against the reference expansion: the same milestones.

`plan._expand_fast` counts working days as positions in a precomputed list; `plan._expand`
asks the calendar for every date. Over random notifications (weekends and bank holidays
too, as `check` allows), random pins on any day, and random closures, every field of every
milestone must be the same, and the fast path must really answer (not hand every plan back).
Last, the pause of the cycle collector while a programme is planned must end, even on an error.
"""

from __future__ import annotations

import gc
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.bankholidays import load_calendar
from inspectcal.errors import BadInput
from inspectcal.frameworks import Framework, load_framework
from inspectcal.plan import PlannedMilestone, _expand, _expand_fast, _Expansion, build_plan
from inspectcal.programme import load_programme, uncollected
from inspectcal.workdays import WorkingCalendar
from tests.helpers import MINI, d

FRAMEWORKS = [load_framework(name) for name in ("jtai", "cp", "slac-2009", "slac-2010", MINI)]
ENGLAND = load_calendar("england-and-wales")

notifications = st.dates(min_value=date(1996, 1, 1), max_value=date(2039, 1, 1))


@st.composite
def pinned(draw: st.DrawFn, framework: Framework, notify: date) -> dict[str, date]:
    """Some steps (never a phase) pinned to any day within a year of the notification."""
    steps = [m.id for m in framework.milestones if m.span is None and m.after is not None]
    chosen = draw(st.lists(st.sampled_from(steps), unique=True, max_size=4))
    days = st.integers(min_value=-60, max_value=300).map(lambda n: notify + timedelta(days=n))
    return {key: draw(days) for key in chosen}


def same_milestones(got: _Expansion, want: list[PlannedMilestone]) -> None:
    # The dates it answers before making any milestone...
    assert [got.date_at(at) for at in range(len(want))] == [m.date for m in want]
    assert [want[at] for at in got.order()] == sorted(want, key=lambda m: m.date)
    assert got.span() == (
        min(m.date for m in want),
        max(m.end_date or m.date for m in want),
    )
    # ...and the milestones, field by field.
    assert len(got.in_order) == len(want)
    for fast, slow in zip(got.in_order, want, strict=True):
        assert vars(fast).keys() == vars(slow).keys(), slow.id
        for item in fields(PlannedMilestone):
            assert getattr(fast, item.name) == getattr(slow, item.name), (slow.id, item.name)


def both(
    framework: Framework, calendar: WorkingCalendar, pins: dict[str, date], *, usual: bool
) -> tuple[_Expansion | None, list[PlannedMilestone]]:
    # The reference first: it loads the years the plan reaches, which the index then covers.
    want = _expand(framework, calendar, pins, on_usual_weekday=usual)
    got = _expand_fast(framework, calendar, pins, on_usual_weekday=usual)
    return got, want


@settings(max_examples=300, deadline=None)
@given(
    framework=st.sampled_from(FRAMEWORKS), notify=notifications, usual=st.booleans(), data=st.data()
)
def test_the_day_index_gives_the_reference_milestones(
    framework: Framework, notify: date, usual: bool, data: st.DataObject
) -> None:
    pins = {"notification": notify, **data.draw(pinned(framework, notify))}
    got, want = both(framework, ENGLAND, pins, usual=usual)
    assert got is not None
    same_milestones(got, want)


@settings(max_examples=150, deadline=None)
@given(
    framework=st.sampled_from(FRAMEWORKS),
    notify=notifications,
    closed=st.lists(st.integers(min_value=-20, max_value=120), max_size=30),
    data=st.data(),
)
def test_closures_move_both_paths_alike(
    framework: Framework, notify: date, closed: list[int], data: st.DataObject
) -> None:
    council = WorkingCalendar(
        name="with closures",
        loader=ENGLAND.loader,
        closures={notify + timedelta(days=n): "closure" for n in closed},
        first_year=ENGLAND.first_year,
        last_year=ENGLAND.last_year,
    )
    pins = {"notification": notify, **data.draw(pinned(framework, notify))}
    got, want = both(framework, council, pins, usual=True)
    assert got is not None
    same_milestones(got, want)


def test_a_count_past_the_loaded_years_is_left_to_the_reference() -> None:
    # A fresh calendar has loaded nothing: the index has no answer yet, so the plan is the
    # reference's. JTAI notified Tue 13 Sep 2016, day 9 is Mon 26 Sep (two weekends later).
    fresh = load_calendar("england-and-wales")
    jtai = load_framework("jtai")
    first = {"notification": d("2016-09-13")}
    assert _expand_fast(jtai, fresh, first, on_usual_weekday=True) is None
    plan = build_plan(framework=jtai, calendar=fresh, notify=d("2016-09-13"), pins={})
    assert plan.milestone("fieldwork-start").date == d("2016-09-26")
    # That plan ran into February 2017, so 2016 and 2017 are loaded: the index answers a week
    # later, Tue 20 Sep + 9 working days = Mon 3 Oct, as the reference does.
    again = _expand_fast(jtai, fresh, {"notification": d("2016-09-20")}, on_usual_weekday=True)
    assert again is not None
    assert {m.id: m.date for m in again.in_order}["fieldwork-start"] == d("2016-10-03")
    # A notification in December 2017 reaches into 2018, not loaded yet: handed back.
    late = {"notification": d("2017-12-19")}
    assert _expand_fast(jtai, fresh, late, on_usual_weekday=True) is None
    assert _expand(jtai, fresh, late, on_usual_weekday=True)[-1].date.year == 2018


def test_the_cycle_collector_is_back_on_after_a_programme_fails(tmp_path: Path) -> None:
    # Planning pauses the collector (nothing it makes forms a cycle); a file refused halfway
    # must not leave it paused for the rest of the process.
    programme = tmp_path / "programme.csv"
    programme.write_text(
        "name,framework,notify\nA,jtai,2016-09-13\nB,jtai,2016-09-17\n", encoding="utf-8"
    )
    assert gc.isenabled()
    with pytest.raises(BadInput, match="line 3"):
        load_programme(programme)  # 17 Sep 2016 is a Saturday
    assert gc.isenabled()
    with uncollected():
        assert not gc.isenabled()
        with uncollected():  # nested: the outer one decides
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
