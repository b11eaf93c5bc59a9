"""One geometry for every picture of a plan: dates to columns, rows to lines.

The terminal timeline and the SVG both draw from `layout()`, so a bank holiday or a fieldwork
bar lands in the same cell in each; renderers only scale units to characters or pixels. The
geometry knows rows and spans, not milestones or frameworks: a plan is one row per milestone,
and a programme will be one row per inspection with several spans on it, on the same grid.

Units: a working-day column (Monday to Friday) is `day_width` units wide, a weekend is one
narrow column of `weekend_width` units (Saturday and Sunday share it: nothing is planned there
except calendar-day deadlines, which still need a place to show). Weeks follow each other in
bands of `weeks_per_band`, each band starting again at x = 0. Vertical positions are lines:
each band has `header_lines` of header, then one line per row that has a mark in the band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from inspectcal.errors import BadInput

if TYPE_CHECKING:
    from inspectcal.plan import Plan

CellKind = Literal["working", "weekend", "bank-holiday", "closure"]
MarkKind = Literal["bar", "marker"]


@dataclass(frozen=True, kw_only=True)
class Span:
    """Something to draw on a row: one day (a marker) or a phase from `first` to `last`."""

    key: str
    first: date
    last: date
    phase: bool
    deadline: bool


@dataclass(frozen=True, kw_only=True)
class RowSpec:
    """A row to lay out: its label, who acts, and the spans drawn on it."""

    key: str
    label: str
    who: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, kw_only=True)
class Options:
    """How much room there is; None for `weeks_per_band` puts every week in one band.

    `start`/`end` crop the picture to the whole weeks that contain them.
    """

    start: date | None = None
    end: date | None = None
    weeks_per_band: int | None = None
    day_width: int = 3
    weekend_width: int = 1
    header_lines: int = 3
    gap_lines: int = 1


@dataclass(frozen=True, kw_only=True)
class Cell:
    """Where one date is drawn. Saturday and Sunday share their week's weekend column."""

    day: date
    band: int
    x: int
    width: int
    kind: CellKind
    name: str | None


@dataclass(frozen=True, kw_only=True)
class Week:
    monday: date
    band: int
    x: int
    width: int


@dataclass(frozen=True, kw_only=True)
class Mark:
    """One span's piece inside one band: a bar, or a marker one cell wide.

    `clipped_before`/`clipped_after` say the span goes on outside this piece (into the
    previous or next band, or beyond the crop), so a renderer can draw an open end.
    """

    row: int
    key: str
    band: int
    line: int
    x: int
    width: int
    kind: MarkKind
    deadline: bool
    first: date
    last: date
    clipped_before: bool
    clipped_after: bool


@dataclass(frozen=True, kw_only=True)
class Band:
    """A run of weeks drawn side by side; `top` is its first line, header included."""

    index: int
    first: date
    last: date
    top: int
    weeks: tuple[Week, ...]
    rows: tuple[int, ...]
    width: int


@dataclass(frozen=True, kw_only=True)
class DayOff:
    day: date
    name: str
    kind: Literal["bank-holiday", "closure"]


@dataclass(frozen=True, kw_only=True)
class Layout:
    first: date
    last: date
    rows: tuple[RowSpec, ...]
    bands: tuple[Band, ...]
    cells: tuple[Cell, ...]
    marks: tuple[Mark, ...]
    days_off: tuple[DayOff, ...]
    week_width: int
    lines: int
    options: Options

    def cell(self, day: date) -> Cell:
        index = (day - self.first).days
        if not 0 <= index < len(self.cells):
            raise KeyError(day)
        return self.cells[index]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def layout(
    rows: Sequence[RowSpec],
    *,
    days_off: Sequence[tuple[date, str]],
    closures: Mapping[date, str],
    options: Options = Options(),
) -> Layout:
    """Lay out `rows` over whole weeks, with days off named in their cells.

    `days_off` are the calendar's named days off over (at least) the range, `closures` the
    ones that are the organisation's own; a day that is both is shown as a bank holiday.
    """
    spans = [span for row in rows for span in row.spans]
    if not spans and (options.start is None or options.end is None):
        raise BadInput("nothing to draw: no milestones and no date range")
    start = options.start or min(span.first for span in spans)
    end = options.end or max(span.last for span in spans)
    if end < start:
        raise BadInput(f"the timeline would end ({end}) before it starts ({start})")
    first = _monday(start)
    last = _monday(end) + timedelta(days=6)
    week_width = 5 * options.day_width + options.weekend_width
    weeks_total = (last - first).days // 7 + 1
    per_band = max(1, options.weeks_per_band or weeks_total)

    named = dict(days_off)
    cells: list[Cell] = []
    weeks: list[Week] = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        week, weekday = divmod(offset, 7)
        band, week_in_band = divmod(week, per_band)
        base = week_in_band * week_width
        if weekday == 0:
            weeks.append(Week(monday=day, band=band, x=base, width=week_width))
        name = named.get(day)
        kind: CellKind
        if weekday >= 5:
            kind = "weekend"
            cells.append(
                Cell(
                    day=day,
                    band=band,
                    x=base + 5 * options.day_width,
                    width=options.weekend_width,
                    kind=kind,
                    name=name,
                )
            )
            continue
        if name is None:
            kind = "working"
        else:
            kind = "closure" if closures.get(day) == name else "bank-holiday"
        cells.append(
            Cell(
                day=day,
                band=band,
                x=base + weekday * options.day_width,
                width=options.day_width,
                kind=kind,
                name=name,
            )
        )

    # Pieces of each span per band, before lines are known.
    pieces: list[tuple[int, Span, int, date, date]] = []
    for index, row in enumerate(rows):
        for span in row.spans:
            lo, hi = max(span.first, first), min(span.last, last)
            if lo > hi:
                continue
            band_lo = (lo - first).days // 7 // per_band
            band_hi = (hi - first).days // 7 // per_band
            for band in range(band_lo, band_hi + 1):
                band_first = first + timedelta(days=7 * per_band * band)
                band_last = band_first + timedelta(days=7 * per_band - 1)
                pieces.append((index, span, band, max(lo, band_first), min(hi, band_last)))

    band_count = (weeks_total + per_band - 1) // per_band
    bands: list[Band] = []
    top = 0
    for band in range(band_count):
        shown = tuple(sorted({index for index, _, b, _, _ in pieces if b == band}))
        band_first = first + timedelta(days=7 * per_band * band)
        band_weeks = tuple(w for w in weeks if w.band == band)
        bands.append(
            Band(
                index=band,
                first=band_first,
                last=min(last, band_first + timedelta(days=7 * per_band - 1)),
                top=top,
                weeks=band_weeks,
                rows=shown,
                width=len(band_weeks) * week_width,
            )
        )
        top += options.header_lines + len(shown) + options.gap_lines

    def at(day: date) -> Cell:
        return cells[(day - first).days]

    marks: list[Mark] = []
    for index, span, band, lo, hi in pieces:
        left, right = at(lo), at(hi)
        info = bands[band]
        marks.append(
            Mark(
                row=index,
                key=span.key,
                band=band,
                line=info.top + options.header_lines + info.rows.index(index),
                x=left.x,
                width=right.x + right.width - left.x,
                kind="bar" if span.phase else "marker",
                deadline=span.deadline,
                first=lo,
                last=hi,
                clipped_before=lo > span.first,
                clipped_after=hi < span.last,
            )
        )
    off = tuple(
        DayOff(
            day=day,
            name=name,
            kind="closure" if closures.get(day) == name else "bank-holiday",
        )
        for day, name in sorted(named.items())
        if first <= day <= last
    )
    return Layout(
        first=first,
        last=last,
        rows=tuple(rows),
        bands=tuple(bands),
        cells=tuple(cells),
        marks=tuple(marks),
        days_off=off,
        week_width=week_width,
        lines=max(0, top - options.gap_lines),
        options=options,
    )


def plan_rows(plan: Plan) -> list[RowSpec]:
    """One row per milestone, in the plan's order: the label and who acts, one span each."""
    return [
        RowSpec(
            key=m.id,
            label=m.label,
            who=m.party,
            spans=(
                Span(
                    key=m.id,
                    first=m.date,
                    last=m.end_date or m.date,
                    phase=m.is_phase,
                    deadline=m.deadline,
                ),
            ),
        )
        for m in plan.milestones
    ]


def plan_layout(plan: Plan, options: Options = Options()) -> Layout:
    """The geometry of one inspection's plan, with the days off of its calendar."""
    rows = plan_rows(plan)
    start = options.start or min(span.first for row in rows for span in row.spans)
    end = options.end or max(span.last for row in rows for span in row.spans)
    lo, hi = _monday(min(start, end)), _monday(max(start, end)) + timedelta(days=6)
    return layout(
        rows,
        days_off=plan.calendar.days_off(lo, hi),
        closures=plan.calendar.closures,
        options=options,
    )
