"""The plan as a picture in the terminal: weeks as columns, one line per milestone.

Drawn in plain characters first, so the text pastes into an email unchanged; colour is laid
over it in one pass (through rich) only for a terminal that shows it. Every position comes
from `layout`; this module only turns units into characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspectcal.layout import Cell, Layout, Mark, Options, plan_layout
from inspectcal.pictures import day_text, week_label
from inspectcal.plan import Plan
from inspectcal.render import Styled

DAY_WIDTH = 3  # " 26": the day of the month right-aligned, a marker under its last digit
LABEL_MAX = 30
WHO_MAX = 18
WEEK = 5 * DAY_WIDTH + 1
WHO_FROM = 80  # narrower than this, who acts gives way to the grid

EVENT, DEADLINE = "●", "◆"
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


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def timeline_layout(plan: Plan, options: TimelineOptions, *, label_width: int) -> Layout:
    """The plan's geometry with as many weeks to a band as fit beside the labels."""
    room = options.width - label_width
    return plan_layout(
        plan,
        Options(
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
    label_w = min(LABEL_MAX, max(len(m.label) for m in plan.milestones))
    who_w = min(WHO_MAX, max(len(m.party) for m in plan.milestones))
    if options.width < WHO_FROM:
        who_w = 0  # a narrow terminal keeps the grid and drops who acts
        label_w = max(8, min(label_w, options.width - WEEK - 1))
    left = label_w + 1 + (who_w + 1 if who_w else 0)
    geometry = timeline_layout(plan, options, label_width=left)
    framework = plan.framework
    out = Styled()
    out.paragraph(
        f"{framework.title} ({framework.id}): timeline", width=options.width, style="bold"
    )
    out.paragraph(
        f"Notified {day_text(plan.notification)}; {plan.calendar.name} working days, "
        "Monday to Friday, weekends narrow.",
        width=options.width,
    )
    by_row: dict[tuple[int, int], list[Mark]] = {}
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
        _header(out, geometry, band.index, cells, left)
        for row in band.rows:
            spec = geometry.rows[row]
            item = plan.milestone(spec.key)
            text = _clip(spec.label, label_w).ljust(label_w)
            out.put(text, "bold" if item.deadline else "")
            if who_w:
                out.put(" " + _clip(spec.who, who_w).ljust(who_w), "dim")
            out.put(" ")
            _row(out, band.width, cells, by_row.get((band.index, row), []))
    _quiet(out, quiet)
    out.put("\n")
    out.paragraph(
        f"{EVENT} event  {DEADLINE} deadline  {BAR} phase (on working days)  "
        f"{SHADE['bank-holiday']} bank holiday  {SHADE['closure']} closure",
        width=options.width,
    )
    if geometry.days_off:
        out.put("Days off:\n", "bold")
        for off in geometry.days_off:
            kind = "closure" if off.kind == "closure" else "bank holiday"
            shade = SHADE[off.kind] if off.day.weekday() < 5 else " "
            out.paragraph(
                f"{day_text(off.day)}  {off.name} ({kind})",
                width=options.width,
                indent=f"  {shade} ",
            )
    for warning in plan.warnings:
        out.paragraph(f"warning: {warning}", width=options.width, style="yellow")
    return out.render(color=color)


def _quiet(out: Styled, days: list[date]) -> None:
    if days:
        first, last = days
        out.put(f"\n  (nothing from {first.day} {first:%b} to {last.day} {last:%b %Y})\n", "dim")


def _header(out: Styled, geometry: Layout, band: int, cells: list[Cell], left: int) -> None:
    weeks = geometry.bands[band].weeks
    line = [" "] * geometry.bands[band].width
    for week in weeks:
        text = week_label(week, geometry.bands[band])
        line[week.x : week.x + len(text)] = text
    out.put(" " * left + "".join(line).rstrip() + "\n", "bold")
    days = [" "] * geometry.bands[band].width
    rule = ["─"] * geometry.bands[band].width
    for cell in cells:
        if cell.day.weekday() >= 5:
            rule[cell.x] = " "
            continue
        days[cell.x : cell.x + cell.width] = f"{cell.day.day:>{cell.width}}"
        if cell.kind in SHADE:
            rule[cell.x : cell.x + cell.width] = SHADE[cell.kind] * cell.width
    out.put(" " * left + "".join(days).rstrip() + "\n", "dim")
    out.put(" " * left)
    while rule and rule[-1] == " ":
        rule.pop()
    _styled_cells(out, rule, cells)
    out.put("\n")


def _styled_cells(out: Styled, chars: list[str], cells: list[Cell]) -> None:
    """Put a line of cell characters, with days off shaded in their colour."""
    shaded = {c.x: c.kind for c in cells if c.kind in SHADE}
    x = 0
    while x < len(chars):
        kind = shaded.get(x)
        if kind is not None:
            size = next(c.width for c in cells if c.x == x and c.kind == kind)
            out.put("".join(chars[x : x + size]), STYLE[kind])
            x += size
            continue
        out.put(chars[x])
        x += 1


def _row(out: Styled, width: int, cells: list[Cell], marks: list[Mark]) -> None:
    chars = [" "] * width
    styles = [""] * width
    for cell in cells:
        if cell.kind in SHADE:
            chars[cell.x : cell.x + cell.width] = SHADE[cell.kind] * cell.width
            styles[cell.x : cell.x + cell.width] = [STYLE[cell.kind]] * cell.width
        elif cell.kind == "working":
            chars[cell.x + cell.width - 1] = "·"
            styles[cell.x + cell.width - 1] = "dim"
    for mark in marks:
        if mark.kind == "marker":
            at = mark.x + mark.width - 1
            chars[at] = DEADLINE if mark.deadline else EVENT
            styles[at] = STYLE["deadline" if mark.deadline else "event"]
            continue
        for cell in cells:
            if mark.first <= cell.day <= mark.last:
                on = cell.kind == "working"
                glyph = (DEADLINE_BAR if mark.deadline else BAR) if on else BAR_OFF
                chars[cell.x : cell.x + cell.width] = glyph * cell.width
                styles[cell.x : cell.x + cell.width] = [STYLE["bar"]] * cell.width
    end = len("".join(chars).rstrip())
    run_start = 0
    for x in range(1, end + 1):
        if x == end or styles[x] != styles[run_start]:
            out.put("".join(chars[run_start:x]), styles[run_start])
            run_start = x
    out.put("\n")
