"""The one geometry behind the terminal timeline and the SVG, checked cell by cell.

Units: a working day is 3 wide, a weekend 1, so a week is 16; weeks are counted from the
Monday of the plan's first week and x starts again at 0 in each band.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspectcal.errors import BadInput
from inspectcal.layout import Layout, Mark, Options, RowSpec, Span, layout, plan_layout
from inspectcal.plan import make_plan
from tests.helpers import d, plan_for


def marks_of(geometry: Layout, key: str) -> list[Mark]:
    return [m for m in geometry.marks if m.key == key]


def only_mark(geometry: Layout, key: str) -> Mark:
    (mark,) = marks_of(geometry, key)
    return mark


def test_jtai_example_cells_and_fieldwork_bar() -> None:
    # Notified Tue 13 Sep 2016; the preparation day (day -1) is Mon 12 Sep, so the grid starts
    # on Mon 12 Sep. Fieldwork is days 9-13: Mon 26 - Fri 30 Sep, the third week (index 2).
    geometry = plan_layout(plan_for("jtai", "2016-09-13"), Options(weeks_per_band=5))
    assert geometry.first == d("2016-09-12")
    # The last milestone is the action plan, Mon 20 Feb 2017: the grid ends that Sunday.
    assert geometry.last == d("2017-02-26")
    assert geometry.week_width == 16
    notification = only_mark(geometry, "notification")
    assert (notification.band, notification.x, notification.width) == (0, 3, 3)
    assert notification.kind == "marker" and not notification.deadline
    fieldwork = only_mark(geometry, "fieldwork")
    # Week 2 starts at x = 2 * 16 = 32; five working days of 3 units end at 47 (the weekend
    # column, 47, is not on site).
    assert (fieldwork.band, fieldwork.x, fieldwork.width) == (0, 32, 15)
    assert (fieldwork.first, fieldwork.last) == (d("2016-09-26"), d("2016-09-30"))
    assert fieldwork.kind == "bar"
    # The draft letter (day 24, Mon 17 Oct) is a deadline, week 5: band 1, x = 0.
    draft = only_mark(geometry, "draft-report")
    assert (draft.band, draft.x, draft.deadline) == (1, 0, True)
    # 24 weeks from 12 Sep to 26 Feb, five a band: 5 bands.
    assert len(geometry.bands) == 5
    # Christmas 2016: Sun 25 (weekend column), Mon 26 Boxing Day, Tue 27 the substitute for
    # Christmas Day. Mon 26 Dec is 105 days = 15 weeks after 12 Sep: band 3, first week.
    boxing = geometry.cell(d("2016-12-26"))
    assert (boxing.band, boxing.x, boxing.kind, boxing.name) == (3, 0, "bank-holiday", "Boxing Day")
    observed = geometry.cell(d("2016-12-27"))
    assert (observed.x, observed.name) == (3, "Christmas Day (observed)")
    # Sun 25 Dec ends the week before (19 Dec, week 14): the last week of band 2, so its
    # weekend column is at 4 * 16 + 15 = 79.
    sunday = geometry.cell(d("2016-12-25"))
    assert (sunday.band, sunday.x, sunday.width, sunday.kind) == (2, 79, 1, "weekend")
    # Mon 2 Jan 2017, New Year's Day (observed), is the next week: x = 16.
    assert geometry.cell(d("2017-01-02")).x == 16
    assert [off.day for off in geometry.days_off] == [
        d("2016-12-25"),
        d("2016-12-26"),
        d("2016-12-27"),
        d("2017-01-01"),
        d("2017-01-02"),
    ]


def test_rows_and_lines_in_a_band() -> None:
    geometry = plan_layout(plan_for("jtai", "2016-09-13"), Options(weeks_per_band=5))
    band = geometry.bands[0]
    # Three header lines, then one line per row with a mark in the band, in plan order.
    assert band.top == 0
    assert geometry.rows[band.rows[0]].key == "preparation"
    assert only_mark(geometry, "preparation").line == 3
    assert only_mark(geometry, "notification").line == 4
    # The next band starts after this band's rows and one blank line.
    assert geometry.bands[1].top == 3 + len(band.rows) + 1


def test_cp_2012_across_the_diamond_jubilee() -> None:
    # Notified Mon 28 May 2012; the preparation day is Fri 25 May, so the grid starts Mon 21
    # May. Fieldwork is days 1-8: 28, 29, 30, 31 May, 1 June, then Mon 4 June (Spring Bank
    # Holiday) and Tue 5 June (Diamond Jubilee) are skipped, then 6, 7, 8 June.
    plan = plan_for("cp", "2012-05-28")
    geometry = plan_layout(plan, Options())
    assert geometry.first == d("2012-05-21")
    spring = geometry.cell(d("2012-06-04"))
    jubilee = geometry.cell(d("2012-06-05"))
    # Week 2 (4 June) starts at x = 32.
    assert (spring.x, spring.kind, spring.name) == (32, "bank-holiday", "Spring Bank Holiday")
    assert (jubilee.x, jubilee.kind) == (35, "bank-holiday")
    assert jubilee.name == "Diamond Jubilee of Elizabeth II"
    fieldwork = only_mark(geometry, "fieldwork")
    # From Mon 28 May (x = 16) to Fri 8 June (x = 32 + 12 = 44, 3 wide): 16..47.
    assert (fieldwork.x, fieldwork.width) == (16, 31)
    assert (fieldwork.first, fieldwork.last) == (d("2012-05-28"), d("2012-06-08"))
    # Working cells under the bar: 5 + 3 = 8 on-site days, the 8 of days 1-8.
    on_site = [
        c
        for c in geometry.cells
        if fieldwork.first <= c.day <= fieldwork.last and c.kind == "working"
    ]
    assert len(on_site) == 8
    # Day 18, the draft report: Fri 22 June 2012 (17 working days after 28 May, the jubilee
    # skipped): week 4, x = 64 + 12.
    assert only_mark(geometry, "draft-report").x == 76


def test_christmas_with_a_closures_file(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2016-12-28..2016-12-30  Council Christmas shutdown\n", encoding="utf-8")
    plan = make_plan(framework="jtai", notify=date(2016, 12, 6), closures=closures)
    # Notified Tue 6 Dec 2016, prepared Mon 5 Dec: weeks 5 Dec (0), 12 (1), 19 (2), 26 (3),
    # 2 Jan (4), 9 (5), 16 (6), 23 (7), 30 (8)... four weeks a band.
    geometry = plan_layout(plan, Options(weeks_per_band=4))
    # Fieldwork is day 9, Mon 19 Dec, to day 13, Fri 23 Dec: week 2, before Christmas.
    fieldwork = only_mark(geometry, "fieldwork")
    assert (fieldwork.band, fieldwork.x, fieldwork.width) == (0, 32, 15)
    # The Christmas week (week 3, x from 48): Mon 26 and Tue 27 bank holidays, Wed 28 to Fri
    # 30 the council's closure.
    kinds = [geometry.cell(d("2016-12-26") + timedelta(days=i)) for i in range(5)]
    assert [(c.x, c.kind) for c in kinds] == [
        (48, "bank-holiday"),
        (51, "bank-holiday"),
        (54, "closure"),
        (57, "closure"),
        (60, "closure"),
    ]
    assert kinds[2].name == "Council Christmas shutdown"
    closure_days = [off.day for off in geometry.days_off if off.kind == "closure"]
    assert closure_days == [d("2016-12-28"), d("2016-12-29"), d("2016-12-30")]
    # The draft letter, day 24, is 11 working days after Fri 23 Dec: 26 Dec to 2 Jan are all
    # off, so 3-6 Jan (4), 9-13 Jan (9), 16-17 Jan (11): Tue 17 Jan, week 6 = band 1, x = 35.
    draft = only_mark(geometry, "draft-report")
    assert (draft.first, draft.band, draft.x) == (d("2017-01-17"), 1, 35)
    # The factual accuracy check (Tue 17 to Mon 30 Jan) wraps: band 1 to the end of week 7
    # (x 35..64, weekend included), then Mon 30 Jan at x = 0 in band 2.
    first, second = marks_of(geometry, "factual-accuracy-check")
    assert (first.band, first.x, first.width, first.clipped_after) == (1, 35, 29, True)
    assert (second.band, second.x, second.width, second.clipped_before) == (2, 0, 3, True)


def test_from_and_to_crop_to_whole_weeks() -> None:
    plan = plan_for("jtai", "2016-09-13")
    # Wed 28 Sep to Tue 4 Oct: the weeks of 26 Sep and 3 Oct.
    geometry = plan_layout(plan, Options(start=d("2016-09-28"), end=d("2016-10-04")))
    assert (geometry.first, geometry.last) == (d("2016-09-26"), d("2016-10-09"))
    keys = {geometry.rows[row].key for band in geometry.bands for row in band.rows}
    assert "notification" not in keys and "draft-report" not in keys
    assert "fieldwork" in keys and "letter-consolidation" in keys
    fieldwork = only_mark(geometry, "fieldwork")
    assert (fieldwork.x, fieldwork.width) == (0, 15)
    # The joint evaluation (16-22 Sep) ends before the crop: it is not drawn at all.
    assert not marks_of(geometry, "joint-evaluation")


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    plan = plan_for("jtai", "2016-09-13")
    with pytest.raises(BadInput, match="before it starts"):
        plan_layout(plan, Options(start=d("2016-10-04"), end=d("2016-09-28")))


def test_a_programme_row_carries_several_spans() -> None:
    # The programme view will be one row per inspection; the geometry already allows it.
    rows = [
        RowSpec(
            key="bedford",
            label="Bedford",
            who="",
            spans=(
                Span(
                    key="n",
                    first=d("2016-09-13"),
                    last=d("2016-09-13"),
                    phase=False,
                    deadline=False,
                ),
                Span(
                    key="f", first=d("2016-09-26"), last=d("2016-09-30"), phase=True, deadline=False
                ),
            ),
        )
    ]
    geometry = layout(rows, days_off=[], closures={})
    assert [(m.key, m.line, m.x, m.width) for m in geometry.marks] == [
        ("n", 3, 3, 3),
        ("f", 3, 32, 15),
    ]


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=400),
    per_band=st.integers(min_value=1, max_value=12),
)
def test_every_day_has_one_cell_and_bands_run_left_to_right(
    start: date, days: int, per_band: int
) -> None:
    end = start + timedelta(days=days)
    span = Span(key="s", first=start, last=end, phase=True, deadline=False)
    geometry = layout(
        [RowSpec(key="r", label="r", who="", spans=(span,))],
        days_off=[],
        closures={},
        options=Options(weeks_per_band=per_band),
    )
    assert geometry.first.weekday() == 0 and geometry.last.weekday() == 6
    assert len(geometry.cells) == (geometry.last - geometry.first).days + 1
    for earlier, later in pairwise(geometry.cells):
        same = earlier.band == later.band
        if same and earlier.day.weekday() < 5:
            assert later.x == earlier.x + earlier.width  # Mon..Fri then the weekend, abutting
        if not same:
            assert later.band == earlier.band + 1 and later.x == 0
    # The span's pieces cover exactly its days, one piece per band it touches.
    pieces = geometry.marks
    assert pieces[0].first == start and pieces[-1].last == end
    for a, b in pairwise(pieces):
        assert b.first == a.last + timedelta(days=1) and b.band == a.band + 1


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=400),
    per_band=st.integers(min_value=1, max_value=12),
    day_width=st.integers(min_value=1, max_value=3),
    off=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
)
def test_a_bands_weekdays_and_days_off_are_its_cells(
    start: date, days: int, per_band: int, day_width: int, off: list[int]
) -> None:
    """The pictures number a band's weekdays and shade its days off from `band_weekdays` and
    `band_days_off`, shared between bands that start the same week, instead of a Cell for
    every day: both must be exactly what the cells say, in every band."""
    end = start + timedelta(days=days)
    span = Span(key="s", first=start, last=end, phase=True, deadline=False)
    named = {start + timedelta(days=n): f"day off {n}" for n in off}
    closures = {day: name for day, name in named.items() if day.toordinal() % 2}
    geometry = layout(
        [RowSpec(key="r", label="r", who="", spans=(span,))],
        days_off=sorted(named.items()),
        closures=closures,
        options=Options(weeks_per_band=per_band, day_width=day_width),
    )
    for band in geometry.bands:
        cells = geometry.band_cells(band.index)
        weekdays = [(c.day, c.x, c.width) for c in cells if c.kind != "weekend"]
        assert list(geometry.band_weekdays(band.index)) == weekdays
        shaded = [c for c in cells if c.kind in ("bank-holiday", "closure")]
        assert geometry.band_days_off(band.index) == shaded
