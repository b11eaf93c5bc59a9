"""One geometry for every picture of a plan: dates to columns, rows to lines.

The terminal timeline and the SVG both draw from `layout()`, so a bank holiday or a fieldwork
bar lands in the same cell in each; renderers only scale units to characters or pixels. The
geometry knows rows and spans, not milestones or frameworks: a plan is one row per milestone,
and a programme is one row per inspection with several spans on it, on the same grid.

Units: a working-day column (Monday to Friday) is `day_width` units wide, a weekend is one
narrow column of `weekend_width` units (Saturday and Sunday share it: nothing is planned there
except calendar-day deadlines, which still need a place to show). Weeks follow each other in
bands of `weeks_per_band`, each band starting again at x = 0. Vertical positions are lines:
each band has `header_lines` of header, then one line per row that has a mark in the band.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from inspectcal.errors import BadInput

if TYPE_CHECKING:
    from inspectcal.plan import Plan, PlannedMilestone
    from inspectcal.programme import Programme

CellKind = Literal["working", "weekend", "bank-holiday", "closure"]
MarkKind = Literal["bar", "marker"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """Something to draw on a row: one day (a marker) or a phase from `first` to `last`."""

    key: str
    first: date
    last: date
    phase: bool
    deadline: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class RowSpec:
    """A row to lay out: its label, who acts, and the spans drawn on it."""

    key: str
    label: str
    who: str
    spans: tuple[Span, ...]
    strong: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
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


@dataclass(frozen=True, kw_only=True, slots=True)
class Cell:
    """Where one date is drawn. Saturday and Sunday share their week's weekend column."""

    day: date
    band: int
    x: int
    width: int
    kind: CellKind
    name: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Week:
    """One Monday-to-Sunday column group: where it sits (band, x) and how wide it is drawn."""

    monday: date
    band: int
    x: int
    width: int


@dataclass(frozen=True, kw_only=True, slots=True)
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


@dataclass(frozen=True, kw_only=True, slots=True)
class Band:
    """A run of weeks drawn side by side; `top` is its first line, header included."""

    index: int
    first: date
    last: date
    top: int
    weeks: tuple[Week, ...]
    rows: tuple[int, ...]
    width: int


@dataclass(frozen=True, kw_only=True, slots=True)
class DayOff:
    """A named day nobody works (a bank holiday or a closure), shaded and named in the legend."""

    day: date
    name: str
    kind: Literal["bank-holiday", "closure"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Layout:
    """Everything a renderer places. Cells are computed on demand (`cell`, `band_cells`):
    a thousand layouts for a programme need only the marks, not a Cell for every day."""

    rows: tuple[RowSpec, ...]
    bands: tuple[Band, ...]
    marks: tuple[Mark, ...]
    days_off: tuple[DayOff, ...]
    week_width: int
    weeks_per_band: int
    lines: int
    options: Options

    @property
    def first(self) -> date:
        """The Monday the picture starts on: its first band's."""
        return self.bands[0].first

    @property
    def last(self) -> date:
        """The Sunday the picture ends on: its last band's."""
        return self.bands[-1].last

    def cell(self, day: date) -> Cell:
        """Where one day is drawn, computed on demand: 1,000 layouts need few of their cells."""
        if not self.first <= day <= self.last:
            raise KeyError(day)
        return _cell(day, self.first, self.weeks_per_band, self.options, self._named())

    def band_cells(self, band: int) -> list[Cell]:
        """The cells of one band, Monday of its first week to Sunday of its last."""
        info = self.bands[band]
        named = self._named()
        return [
            _cell(
                info.first + timedelta(days=i), self.first, self.weeks_per_band, self.options, named
            )
            for i in range((info.last - info.first).days + 1)
        ]

    def band_weekdays(self, band: int) -> tuple[tuple[date, int, int], ...]:
        """(day, x, width) of each Monday to Friday of one band: what a picture numbers,
        without a Cell for every day (a published programme draws a page per inspection)."""
        info = self.bands[band]
        return _weekday_columns(info.first, len(info.weeks), self.options)

    def band_days_off(self, band: int) -> list[Cell]:
        """The cells of one band's named days off that fall Monday to Friday, in date order."""
        info = self.bands[band]
        return [
            self.cell(off.day)
            for off in self.days_off
            if info.first <= off.day <= info.last and off.day.weekday() < 5
        ]

    @property
    def cells(self) -> list[Cell]:
        """Every day's cell, for a renderer that shades the whole grid."""
        return [cell for band in self.bands for cell in self.band_cells(band.index)]

    def _named(self) -> dict[date, DayOff]:
        return {off.day: off for off in self.days_off}


def _place(day: date, first: date, per_band: int, options: Options) -> tuple[int, int, int]:
    """The one formula from a date to (band, x, width): weekdays abut, the weekend is narrow."""
    week, weekday = divmod((day - first).days, 7)
    band, week_in_band = divmod(week, per_band)
    base = week_in_band * (5 * options.day_width + options.weekend_width)
    if weekday >= 5:
        return band, base + 5 * options.day_width, options.weekend_width
    return band, base + weekday * options.day_width, options.day_width


@lru_cache(maxsize=256)  # pages come in date order: the bands of the last few years
def _weekday_columns(
    first: date, weeks: int, options: Options
) -> tuple[tuple[date, int, int], ...]:
    """The weekdays' columns of a band starting on the Monday `first`. `_place` counts whole
    bands from the picture's first day, so a band's columns depend on nothing else: the
    pages of a programme whose bands start the same week share them."""
    found: list[tuple[date, int, int]] = []
    for offset in range(7 * weeks):
        if offset % 7 < 5:
            day = first + timedelta(days=offset)
            _, x, width = _place(day, first, weeks, options)
            found.append((day, x, width))
    return tuple(found)


def _cell(
    day: date, first: date, per_band: int, options: Options, named: Mapping[date, DayOff]
) -> Cell:
    band, x, width = _place(day, first, per_band, options)
    off = named.get(day)
    kind: CellKind = "weekend" if day.weekday() >= 5 else "working" if off is None else off.kind
    return Cell(day=day, band=band, x=x, width=width, kind=kind, name=off.name if off else None)


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
    first, last = _weeks_shown(rows, options)
    week_width = 5 * options.day_width + options.weekend_width
    weeks_total = (last - first).days // 7 + 1
    per_band = max(1, options.weeks_per_band or weeks_total)
    grid = _Grid(first=first, last=last, per_band=per_band, options=options)
    pieces = _pieces(rows, grid)
    bands, lines = _bands(pieces, grid, weeks_total, week_width)
    return Layout(
        rows=tuple(rows),
        bands=bands,
        marks=_marks(pieces, bands, grid),
        days_off=tuple(
            DayOff(
                day=day,
                name=name,
                kind="closure" if closures.get(day) == name else "bank-holiday",
            )
            for day, name in sorted(dict(days_off).items())
            if first <= day <= last
        ),
        week_width=week_width,
        weeks_per_band=per_band,
        lines=lines,
        options=options,
    )


def _weeks_shown(rows: Sequence[RowSpec], options: Options) -> tuple[date, date]:
    """Monday of the first week and Sunday of the last: the crop, or every span's days."""
    spans = [span for row in rows for span in row.spans]
    if not spans and (options.start is None or options.end is None):
        raise BadInput("nothing to draw: no milestones and no date range")
    start = options.start or min(span.first for span in spans)
    end = options.end or max(span.last for span in spans)
    if end < start:
        raise BadInput(f"the timeline would end ({end}) before it starts ({start})")
    return _monday(start), _monday(end) + timedelta(days=6)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Grid:
    """The weeks shown and how they are cut into bands, which every step of `layout` reads."""

    first: date
    last: date
    per_band: int
    options: Options

    def band_first(self, band: int) -> date:
        return self.first + timedelta(days=7 * self.per_band * band)

    def band_last(self, band: int) -> date:
        return min(self.last, self.band_first(band) + timedelta(days=7 * self.per_band - 1))


# One span's piece inside one band, before lines are known: (row, span, band, first, last).
_Piece = tuple[int, Span, int, date, date]


def _pieces(rows: Sequence[RowSpec], grid: _Grid) -> list[_Piece]:
    """Each span cut at the crop and at the band edges it crosses."""
    first, last, per_band = grid.first, grid.last, grid.per_band
    band_days = timedelta(days=7 * per_band)
    pieces: list[_Piece] = []
    for index, row in enumerate(rows):
        for span in row.spans:
            lo, hi = max(span.first, first), min(span.last, last)
            if lo > hi:
                continue
            band_lo = (lo - first).days // 7 // per_band
            band_hi = (hi - first).days // 7 // per_band
            for band in range(band_lo, band_hi + 1):
                band_first = first + band_days * band
                band_last = band_first + band_days - timedelta(days=1)
                pieces.append((index, span, band, max(lo, band_first), min(hi, band_last)))
    return pieces


def _bands(
    pieces: list[_Piece], grid: _Grid, weeks_total: int, week_width: int
) -> tuple[tuple[Band, ...], int]:
    """The bands with their weeks and the rows that have a piece in them, one under another;
    and the lines they take together."""
    per_band, options = grid.per_band, grid.options
    bands: list[Band] = []
    top = 0
    # The rows in each band, from one pass over the pieces (a programme has thousands).
    rows_in: dict[int, set[int]] = {}
    for index, _, b, _, _ in pieces:
        rows_in.setdefault(b, set()).add(index)
    for band in range((weeks_total + per_band - 1) // per_band):
        shown = tuple(sorted(rows_in.get(band, ())))
        weeks = tuple(
            Week(
                monday=grid.first + timedelta(days=7 * week),
                band=band,
                x=(week % per_band) * week_width,
                width=week_width,
            )
            for week in range(band * per_band, min(weeks_total, (band + 1) * per_band))
        )
        bands.append(
            Band(
                index=band,
                first=grid.band_first(band),
                last=grid.band_last(band),
                top=top,
                weeks=weeks,
                rows=shown,
                width=len(weeks) * week_width,
            )
        )
        top += options.header_lines + len(shown) + options.gap_lines
    return tuple(bands), max(0, top - options.gap_lines)


def _marks(pieces: list[_Piece], bands: tuple[Band, ...], grid: _Grid) -> tuple[Mark, ...]:
    """Each piece placed: its line in its band, and its columns from its first to last day."""
    header = grid.options.header_lines
    line_of = {(b.index, row): b.top + header + i for b in bands for i, row in enumerate(b.rows)}
    marks: list[Mark] = []
    for index, span, band, lo, hi in pieces:
        _, left, _ = _place(lo, grid.first, grid.per_band, grid.options)
        _, right, right_width = _place(hi, grid.first, grid.per_band, grid.options)
        marks.append(
            Mark(
                row=index,
                key=span.key,
                band=band,
                line=line_of[band, index],
                x=left,
                width=right + right_width - left,
                kind="bar" if span.phase else "marker",
                deadline=span.deadline,
                first=lo,
                last=hi,
                clipped_before=lo > span.first,
                clipped_after=hi < span.last,
            )
        )
    return tuple(marks)


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
            strong=m.deadline,
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


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """What a span stands for, so one picture can draw marks of many plans.

    `until` is the milestone an on-site bar ends with; `inspection` names the programme row.
    """

    plan: Plan
    milestone: PlannedMilestone
    inspection: str | None = None
    until: PlannedMilestone | None = None


def plan_items(plan: Plan) -> dict[str, Item]:
    """One plan's marks by key, so the renderers look milestones up the same way for one plan
    as for a programme."""
    return {m.id: Item(plan=plan, milestone=m) for m in plan.milestones}


# The programme view's marks: the steps a planner looks for, by the shared ids of
# docs/timetables.md; the on-site bar runs from fieldwork-start to fieldwork-end.
PROGRAMME_MARKERS = ("notification", "draft-report", "factual-accuracy-deadline", "publication")
ONSITE = ("fieldwork-start", "fieldwork-end")


def programme_rows(programme: Programme) -> tuple[list[RowSpec], dict[str, Item]]:
    """One row per inspection: on-site fieldwork as a bar, the key steps as markers.

    Span keys are `row:milestone` (two inspections share milestone ids); the mapping says
    which inspection and milestone each key stands for.
    """
    rows: list[RowSpec] = []
    items: dict[str, Item] = {}
    for index, entry in enumerate(programme):
        plan, name = entry.plan, entry.inspection.name
        found = {m.id: m for m in plan.milestones}
        spans: list[Span] = []
        start, end = (found.get(key) for key in ONSITE)
        if start is not None and end is not None:
            key = f"{index}:onsite"
            spans.append(Span(key=key, first=start.date, last=end.date, phase=True, deadline=False))
            items[key] = Item(plan=plan, milestone=start, inspection=name, until=end)
        for mid in PROGRAMME_MARKERS:
            m = found.get(mid)
            if m is None:
                continue
            key = f"{index}:{mid}"
            spans.append(Span(key=key, first=m.date, last=m.date, phase=False, deadline=m.deadline))
            items[key] = Item(plan=plan, milestone=m, inspection=name)
        who = entry.inspection.authority or ""
        rows.append(RowSpec(key=str(index), label=name, who=who, spans=tuple(spans)))
    return rows, items


def stacks(marks: Sequence[Mark]) -> dict[tuple[int, int], list[Mark]]:
    """Markers that share a cell on one line, by (line, x): drawn as one combined marker
    whose tooltip or legend lists each, so none hides another."""
    found: dict[tuple[int, int], list[Mark]] = {}
    for mark in marks:
        if mark.kind == "marker":
            found.setdefault((mark.line, mark.x), []).append(mark)
    return {at: group for at, group in found.items() if len(group) > 1}


def busy_weeks(geometry: Layout) -> dict[date, int]:
    """How many rows have a bar on a working day of each week (the programme view's
    inspections on site), by Monday; weeks with none are left out."""
    rows: dict[date, set[int]] = {}
    for mark in geometry.marks:
        if mark.kind != "bar":
            continue
        day = _monday(mark.first)
        while day <= mark.last:
            if day + timedelta(days=4) >= mark.first:
                rows.setdefault(day, set()).add(mark.row)
            day += timedelta(days=7)
    return {monday: len(found) for monday, found in sorted(rows.items())}


def programme_layout(
    programme: Programme, options: Callable[[int], Options]
) -> tuple[Layout, dict[str, Item]]:
    """The geometry of a programme, with the days off of the run's calendar.

    `options` is given the number of weeks to draw (after any crop), so a long programme
    can take a narrower day than a few months do.
    """
    rows, items = programme_rows(programme)
    spans = [span for row in rows for span in row.spans]
    if not spans:
        raise BadInput("nothing to draw: no inspection has a milestone to show")
    chosen = options(0)
    start = chosen.start or min(span.first for span in spans)
    end = chosen.end or max(span.last for span in spans)
    chosen = options(max(0, (_monday(end) - _monday(start)).days // 7 + 1))
    lo, hi = _monday(min(start, end)), _monday(max(start, end)) + timedelta(days=6)
    calendar = programme.inputs.default
    geometry = layout(
        rows, days_off=calendar.days_off(lo, hi), closures=calendar.closures, options=chosen
    )
    return geometry, items
