"""The plan as a picture in the terminal: weeks as columns, one line per milestone; and a
programme's view, one line per inspection, on the same grid.

Drawn in plain characters first, so the text pastes into an email unchanged; colour is laid
over it in one pass (through rich) only for a terminal that shows it. Every position comes
from `layout`; this module only turns units into characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from inspectcal import layout
from inspectcal.fields import short_date
from inspectcal.pictures import LONG_WEEKS, week_label
from inspectcal.render import Styled

if TYPE_CHECKING:
    from inspectcal.plan import Plan
    from inspectcal.programme import Programme

DAY_WIDTH = 3  # " 26": the day of the month right-aligned, a marker under its last digit
LABEL_MAX = 30
WHO_MAX = 18
WEEK = 5 * DAY_WIDTH + 1
WHO_FROM = 80  # narrower than this, who acts gives way to the grid
EVENT, DEADLINE, STACK, TODAY, OVER = "●", "◆", "✱", "▼", "!"
BAR, DEADLINE_BAR, BAR_OFF = "━", "═", "─"
SHADE = {"bank-holiday": "░", "closure": "▒"}
STYLE = {
    "event": "green",
    "deadline": "bold red",
    "bar": "cyan",
    "bank-holiday": "yellow",
    "closure": "magenta",
}


@dataclass(frozen=True, kw_only=True)
class TimelineOptions:
    """Where to crop and how wide the text may be (characters)."""

    start: date | None = None
    end: date | None = None
    width: int = 100


@dataclass(frozen=True, kw_only=True)
class Columns:
    """The label column and the who-acts (or authority) column beside it, in characters."""

    label: int
    who: int

    @classmethod
    def fit(cls, labels: Iterable[str], whos: Iterable[str], width: int) -> Columns:
        """As wide as the longest label and who (up to a limit); a narrow terminal keeps
        the grid and drops who acts."""
        label = min(LABEL_MAX, max(map(len, labels)))
        if width < WHO_FROM:
            return cls(label=max(8, min(label, width - WEEK - 1)), who=0)
        return cls(label=label, who=min(WHO_MAX, max(map(len, whos))))

    @property
    def left(self) -> int:
        """Where the grid starts: every row's week cells line up after the same margin."""
        return self.label + 1 + (self.who + 1 if self.who else 0)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def timeline_layout(plan: Plan, options: TimelineOptions, *, label_width: int) -> layout.Layout:
    """The plan's geometry with as many weeks to a band as fit beside the labels."""
    room = options.width - label_width
    return layout.plan_layout(
        plan,
        layout.Options(
            start=options.start,
            end=options.end,
            weeks_per_band=max(1, room // WEEK),
            day_width=DAY_WIDTH,
            weekend_width=1,
            header_lines=3,
        ),
    )


def render_timeline(plan: Plan, options: TimelineOptions, *, color: bool) -> str:
    """The whole picture as text: a title, the bands of weeks, then the legend."""
    columns = Columns.fit(
        (m.label for m in plan.milestones), (m.party for m in plan.milestones), options.width
    )
    geometry = timeline_layout(plan, options, label_width=columns.left)
    framework = plan.framework
    out = Styled()
    out.paragraph(
        f"{framework.title} ({framework.id}): timeline", width=options.width, style="bold"
    )
    out.paragraph(
        f"Notified {short_date(plan.notification)}; {plan.calendar.name} working days, "
        "Monday to Friday, weekends narrow.",
        width=options.width,
    )
    _bands(out, geometry, columns)
    out.put("\n")
    _legend(out, geometry, layout.plan_items(plan), options.width)
    for warning in plan.warnings:
        out.paragraph(f"warning: {warning}", width=options.width, style="yellow")
    return out.render(color=color)


@dataclass(frozen=True, kw_only=True)
class ProgrammeOptions:
    """The programme view's crop, width, today's date and the on-site limit to flag."""

    start: date | None = None
    end: date | None = None
    width: int = 100
    today: date | None = None
    max_onsite: int | None = None


def programme_geometry(
    programme: Programme, options: ProgrammeOptions, *, label_width: int
) -> tuple[layout.Layout, dict[str, layout.Item]]:
    """One row per inspection, at three characters a day for a span of a few months and
    one a day beyond, so a year fits in a few bands."""
    room = options.width - label_width

    def grid(weeks: int) -> layout.Options:
        day_width = DAY_WIDTH if weeks <= LONG_WEEKS else 1
        return layout.Options(
            start=options.start,
            end=options.end,
            weeks_per_band=max(1, room // (5 * day_width + 1)),
            day_width=day_width,
            weekend_width=1,
            header_lines=4,
        )

    return layout.programme_layout(programme, grid)


def render_programme_timeline(
    programme: Programme, options: ProgrammeOptions, *, color: bool
) -> str:
    """The programme view: a line per inspection, on-site fieldwork as a bar, the draft,
    factual accuracy deadline and publication as markers, and a count of inspections on
    site each week under the dates."""
    entries = programme.entries
    columns = Columns.fit(
        (e.inspection.name for e in entries),
        (e.inspection.authority or "" for e in entries),
        options.width,
    )
    geometry, items = programme_geometry(programme, options, label_width=columns.left)
    out = Styled()
    out.paragraph(
        f"{len(entries)} inspection{'s' if len(entries) != 1 else ''}: timeline",
        width=options.width,
        style="bold",
    )
    out.paragraph(
        f"{programme.inputs.default.name} working days, Monday to Friday, weekends narrow; "
        "a line per inspection.",
        width=options.width,
    )
    counts = layout.busy_weeks(geometry)
    _bands(
        out,
        geometry,
        columns,
        today=options.today,
        counts=counts,
        limit=options.max_onsite,
    )
    out.put("\n")
    several = f"  {STACK} several on one day" if layout.stacks(geometry.marks) else ""
    out.paragraph(
        f"{BAR} on site  {EVENT} notification  {DEADLINE} draft, factual accuracy "
        f"deadline, publication{several}",
        width=options.width,
    )
    out.paragraph(
        f"{SHADE['bank-holiday']} bank holiday  {SHADE['closure']} closure", width=options.width
    )
    if options.today is not None and geometry.first <= options.today <= geometry.last:
        out.paragraph(f"{TODAY} today, {short_date(options.today)}", width=options.width)
    crowded = ""
    if options.max_onsite is not None:
        crowded = f"; {OVER} more than {options.max_onsite}"
    out.paragraph(f"On site: inspections on site that week{crowded}", width=options.width)
    _legend(out, geometry, items, options.width, key=False)
    return out.render(color=color)


def _bands(
    out: Styled,
    geometry: layout.Layout,
    columns: Columns,
    *,
    today: date | None = None,
    counts: Mapping[date, int] | None = None,
    limit: int | None = None,
) -> None:
    by_row: dict[tuple[int, int], list[layout.Mark]] = {}
    for mark in geometry.marks:
        by_row.setdefault((mark.band, mark.row), []).append(mark)
    quiet: list[date] = []  # first and last day of a run of bands with nothing in them
    for band in geometry.bands:
        if not band.rows:
            # A quiet stretch (a complaint window's empty weeks) gets one line, not a grid.
            quiet = [quiet[0] if quiet else band.first, band.last]
            continue
        _quiet(out, quiet)
        quiet = []
        cells = geometry.band_cells(band.index)
        out.put("\n")
        _header(out, geometry, band.index, cells, columns.left, today=today)
        if counts is not None:
            _counts(out, geometry, band, columns, counts, limit)
        base = _base(band.width, cells)
        for row in band.rows:
            spec = geometry.rows[row]
            text = _clip(spec.label, columns.label).ljust(columns.label)
            out.put(text, "bold" if spec.strong else "")
            if columns.who:
                out.put(" " + _clip(spec.who, columns.who).ljust(columns.who), "dim")
            out.put(" ")
            _row(out, base, band, cells, by_row.get((band.index, row), []))
    _quiet(out, quiet)


def _legend(
    out: Styled,
    geometry: layout.Layout,
    items: Mapping[str, layout.Item],
    width: int,
    *,
    key: bool = True,
) -> None:
    """The key to the marks (unless the caller wrote its own), then what shares a cell and
    the days off, each named."""
    together = layout.stacks(geometry.marks)
    several = f"{STACK} several on one day  " if together else ""
    if key:
        out.paragraph(
            f"{EVENT} event  {DEADLINE} deadline  {several}{BAR} phase (on working days)  "
            f"{SHADE['bank-holiday']} bank holiday  {SHADE['closure']} closure",
            width=width,
        )
    if together:
        out.put("On one day:\n", "bold")
        for group in together.values():
            first = items[group[0].key]
            where = f"{first.inspection}: " if first.inspection else ""
            names = "; ".join(items[mark.key].milestone.label for mark in group)
            out.paragraph(
                f"{short_date(group[0].first)}  {where}{names}", width=width, indent=f"  {STACK} "
            )
    if geometry.days_off:
        out.put("Days off:\n", "bold")
        for off in geometry.days_off:
            kind = "closure" if off.kind == "closure" else "bank holiday"
            shade = SHADE[off.kind] if off.day.weekday() < 5 else " "
            out.paragraph(
                f"{short_date(off.day)}  {off.name} ({kind})",
                width=width,
                indent=f"  {shade} ",
            )


def _quiet(out: Styled, days: list[date]) -> None:
    if days:
        first, last = days
        out.put(f"\n  (nothing from {first.day} {first:%b} to {last.day} {last:%b %Y})\n", "dim")


def _header(
    out: Styled,
    geometry: layout.Layout,
    band: int,
    cells: list[layout.Cell],
    left: int,
    *,
    today: date | None = None,
) -> None:
    weeks = geometry.bands[band].weeks
    line = [" "] * geometry.bands[band].width
    free = 0  # a week label too wide for its week (one character a day) skips a week
    for week in weeks:
        text = week_label(week, geometry.bands[band])
        if week.x < free:
            continue
        line[week.x : week.x + len(text)] = text
        free = week.x + len(text) + 1
    out.put((" " * left + "".join(line)[: geometry.bands[band].width]).rstrip() + "\n", "bold")
    days = [" "] * geometry.bands[band].width
    rule = ["─"] * geometry.bands[band].width
    for cell in cells:
        if cell.day.weekday() >= 5:
            rule[cell.x] = " "
            continue
        if cell.width >= 2:
            days[cell.x : cell.x + cell.width] = f"{cell.day.day:>{cell.width}}"
        if cell.kind in SHADE:
            rule[cell.x : cell.x + cell.width] = SHADE[cell.kind] * cell.width
    if today is not None and geometry.bands[band].first <= today <= geometry.bands[band].last:
        at = geometry.cell(today)
        rule[at.x + at.width - 1] = TODAY
    out.put((" " * left + "".join(days)).rstrip() + "\n", "dim")
    out.put(" " * left)
    while rule and rule[-1] == " ":
        rule.pop()
    _styled_cells(out, rule, cells)
    out.put("\n")


def _counts(
    out: Styled,
    geometry: layout.Layout,
    band: layout.Band,
    columns: Columns,
    counts: Mapping[date, int],
    limit: int | None,
) -> None:
    """The on-site count under each week's dates, flagged past the limit."""
    out.put("On site")
    at = -(columns.left - len("On site"))
    for week in band.weeks:
        count = counts.get(week.monday, 0)
        if not count:
            continue
        over = limit is not None and count > limit
        text = f"{count}{OVER if over else ''}"
        x = max(at, week.x + 5 * geometry.options.day_width - len(text))
        out.put(" " * (x - at))
        out.put(text, STYLE["deadline"] if over else "bold")
        at = x + len(text)
    out.put("\n")


def _styled_cells(out: Styled, chars: list[str], cells: list[layout.Cell]) -> None:
    """Put a line of cell characters, with days off shaded in their colour."""
    shaded = {c.x: c for c in cells if c.kind in SHADE}
    x = 0
    while x < len(chars):
        cell = shaded.get(x)
        if cell is not None:
            out.put("".join(chars[x : x + cell.width]), STYLE[cell.kind])
            x += cell.width
            continue
        out.put(chars[x])
        x += 1


def _base(width: int, cells: list[layout.Cell]) -> tuple[list[str], list[str]]:
    """A row with nothing on it: dots on working days, days off shaded; each row copies it."""
    chars = [" "] * width
    styles = [""] * width
    for cell in cells:
        if cell.kind in SHADE:
            chars[cell.x : cell.x + cell.width] = SHADE[cell.kind] * cell.width
            styles[cell.x : cell.x + cell.width] = [STYLE[cell.kind]] * cell.width
        elif cell.kind == "working":
            chars[cell.x + cell.width - 1] = "·"
            styles[cell.x + cell.width - 1] = "dim"
    return chars, styles


def _row(
    out: Styled,
    base: tuple[list[str], list[str]],
    band: layout.Band,
    cells: list[layout.Cell],
    marks: list[layout.Mark],
) -> None:
    chars, styles = list(base[0]), list(base[1])
    for mark in marks:
        if mark.kind == "marker":
            continue
        lo, hi = (mark.first - band.first).days, (mark.last - band.first).days
        for cell in cells[lo : hi + 1]:
            on = cell.kind == "working"
            glyph = (DEADLINE_BAR if mark.deadline else BAR) if on else BAR_OFF
            chars[cell.x : cell.x + cell.width] = glyph * cell.width
            styles[cell.x : cell.x + cell.width] = [STYLE["bar"]] * cell.width
    placed: dict[int, str] = {}
    for mark in marks:
        if mark.kind != "marker":
            continue
        at = mark.x + mark.width - 1
        glyph = DEADLINE if mark.deadline else EVENT
        # Two markers in one cell would hide one: both show as one combined marker, listed
        # under the picture.
        chars[at] = STACK if at in placed else glyph
        placed[at] = chars[at]
        styles[at] = STYLE["deadline" if mark.deadline or chars[at] == STACK else "event"]
    end = len("".join(chars).rstrip())
    run_start = 0
    for x in range(1, end + 1):
        if x == end or styles[x] != styles[run_start]:
            out.put("".join(chars[run_start:x]), styles[run_start])
            run_start = x
    out.put("\n")
