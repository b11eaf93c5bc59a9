"""The plan drawn as SVG, alone or in one self-contained HTML page.

The geometry is `layout`'s, in the same units as the terminal's characters; this module only
scales units to pixels and writes each mark's tooltip. The templates (Jinja2, autoescaped)
place what is computed here, so a closure or timetable named `<script>` reaches the page as
text. Jinja2 is imported only when a picture is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from inspectcal.fields import (
    day_range,
    kind,
    long_date,
    rule_text,
    short_date,
    spoken_range,
    time_text,
)
from inspectcal.layout import (
    Band,
    Item,
    Layout,
    Mark,
    Options,
    Week,
    busy_weeks,
    plan_items,
    plan_layout,
    programme_layout,
    stacks,
)
from inspectcal.plan import Plan, PlannedMilestone

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import jinja2
    from markupsafe import Markup

    from inspectcal.plan import Plan, PlannedMilestone
    from inspectcal.programme import Programme

TEMPLATES = Path(__file__).parent / "templates"
UNIT = 8  # pixels per layout unit: a working day is 24 px, a weekend 8 px
LINE = 18  # pixels per line
LABEL = 330  # pixels for the label column
LABEL_CHARS = 46
TITLE = 8  # room above the first band
WEEKS_PER_BAND = 6  # fits A4 landscape beside the labels
LONG_WEEKS = 16  # a programme longer than this draws a day one unit wide, not three
PLAN_DESC = (
    "Weeks run left to right, Monday to Friday with the weekend narrow; one line per "
    "milestone. Bars are phases, circles events, diamonds deadlines; shaded columns are bank "
    "holidays and closures."
)
PROGRAMME_DESC = (
    "Weeks run left to right, Monday to Friday with the weekend narrow; one line per "
    "inspection. Bars are the weeks on site, circles notifications, diamonds the draft, the "
    "factual accuracy deadline and publication; a ringed circle is several on one day; shaded "
    "columns are bank holidays and closures, the red line is today."
)


@dataclass(frozen=True, kw_only=True)
class Placed:
    """What text and rectangles have in common: where they start, in pixels, and the CSS
    class the page's stylesheet draws them with."""

    x: int
    y: int
    css: str = ""


@dataclass(frozen=True, kw_only=True)
class Text(Placed):
    """A piece of text; (x, y) is where its baseline starts."""

    text: str


@dataclass(frozen=True, kw_only=True)
class Box(Placed):
    """A rectangle from its top-left corner; `title` is its tooltip (empty for pure
    background)."""

    width: int
    height: int
    title: str = ""


@dataclass(frozen=True, kw_only=True)
class Marker:
    """A one-day milestone: a circle (event) or a diamond (deadline) centred on its cell."""

    cx: int
    cy: int
    deadline: bool
    title: str
    count: int = 1  # several milestones on one day of one line share one combined marker

    @property
    def points(self) -> str:
        """The SVG points of a diamond or bar, computed once for the template."""
        r = 6
        corners = ((0, -r), (r, 0), (0, r), (-r, 0))
        return " ".join(f"{self.cx + dx},{self.cy + dy}" for dx, dy in corners)


@dataclass(frozen=True, kw_only=True)
class BandPicture:
    """One band of weeks, in its own coordinates: a page prints each band as its own image,
    scaled to fit the sheet, since one tall image cannot break across printed pages."""

    caption: str
    top: int
    height: int
    background: tuple[Box, ...]
    days_off: tuple[Box, ...]
    texts: tuple[Text, ...]
    bars: tuple[Box, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True, kw_only=True)
class Picture:
    """Everything the templates place, in pixels; no arithmetic is left to them."""

    width: int
    height: int
    title: str
    bands: tuple[BandPicture, ...]
    desc: str


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    made = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    made.globals["shapes"] = shapes
    made.globals["table_rows"] = table_rows
    return made


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """`escape` of a text that recurs across the pages of a programme (a CSS class, a row
    label, a week or day heading): worked out once, not once per mark of every page."""
    from markupsafe import escape

    return str(escape(text))


def shapes(band: BandPicture) -> Markup:
    """A band's marks as SVG elements, one a line, for the templates to place.

    Written here rather than by a template macro: a published programme draws a page per
    inspection with hundreds of marks each, and the macro's per-attribute lookups were most
    of a page's cost. Every text is escaped as the templates' autoescape would; the numbers
    are ints.
    """
    from markupsafe import Markup, escape

    out: list[str] = []
    add = out.append
    for box in band.background:
        add(
            f'<rect class="{_escaped(box.css)}" x="{box.x}" y="{box.y}" width="{box.width}" '
            f'height="{box.height}"/>\n'
        )
    for box in band.days_off:
        add(
            f'<rect class="{_escaped(box.css)}" x="{box.x}" y="{box.y}" width="{box.width}" '
            f'height="{box.height}"><title>{escape(box.title)}</title></rect>\n'
        )
    for text in band.texts:
        add(
            f'<text class="{_escaped(text.css)}" x="{text.x}" y="{text.y}">'
            f"{_escaped(text.text)}</text>\n"
        )
    for box in band.bars:
        add(
            f'<rect class="{_escaped(box.css)}" x="{box.x}" y="{box.y}" width="{box.width}" '
            f'height="{box.height}" rx="2"><title>{escape(box.title)}</title></rect>\n'
        )
    for marker in band.markers:
        title = escape(marker.title)
        if marker.count > 1:
            add(
                f'<circle class="mark several" cx="{marker.cx}" cy="{marker.cy}" r="6">'
                f"<title>{title}</title></circle>\n"
            )
        elif marker.deadline:
            add(
                f'<polygon class="mark deadline-mark" points="{escape(marker.points)}">'
                f"<title>{title}</title></polygon>\n"
            )
        else:
            add(
                f'<circle class="mark event" cx="{marker.cx}" cy="{marker.cy}" r="5">'
                f"<title>{title}</title></circle>\n"
            )
    return Markup("".join(out))


def table_rows(rows: Sequence[Mapping[str, Any]]) -> Markup:
    """The plan page's table rows, one a line, escaped as the template's autoescape would.

    Written here for the reason `shapes` is: the template's lookups per cell were a large
    part of a page, and a published programme draws a page per inspection.
    """
    from markupsafe import Markup, escape

    out: list[str] = []
    for row in rows:
        item: PlannedMilestone = row["item"]
        deadline = item.deadline
        css, marked = (' class="deadline"', " (deadline)") if deadline else ("", "")
        out.append(
            f"<tr{css}><td>{escape(row['when'])}</td>"
            f'<td>{escape(row["day"])}</td><td class="milestone">{_escaped(item.label)}'
            f"{marked}<br><small>{_escaped(item.title)}</small></td>"
            f"<td>{_escaped(item.party)}</td><td>{_escaped(row['rule'])}</td>"
            f'<td class="source">{_escaped(item.source)}</td></tr>\n'
        )
    return Markup("".join(out))


def when_text(item: PlannedMilestone) -> str:
    """The dates and time of a mark, as its tooltip and the page's table show them."""
    clock = time_text(item)
    when = spoken_range(item.date, item.end_date, short_date)
    return f"{when}, {clock}" if clock else when


def tooltip(plan: Plan, item: PlannedMilestone) -> str:
    """What pointing at a mark tells: the same fields the table and the feed show."""
    # The few fields a tooltip shows, each by the function `fields` uses, rather than all of
    # them: a programme's picture has thousands of marks.
    rule = rule_text(plan.framework, item)
    return (
        f"{item.title} ({kind(item)})\n{when_text(item)}\nWho: {item.party}\nRule: {rule}\n"
        f"Source: {item.source}"
    )


def item_tooltip(item: Item) -> str:
    """A mark's tooltip; in a programme it starts with the inspection, and the on-site bar
    gives the rules and sources of both its ends."""
    head = f"{item.inspection}\n" if item.inspection else ""
    if item.until is None:
        return head + tooltip(item.plan, item.milestone)
    start, end = item.milestone, item.until
    framework = item.plan.framework
    return (
        f"{head}On site (fieldwork)\n{short_date(start.date)} to {short_date(end.date)}\n"
        f"Starts: {rule_text(framework, start)}\nEnds: {rule_text(framework, end)}\n"
        f"Source: {start.source}; {end.source}"
    )


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def week_label(week: Week, band: Band) -> str:
    """'26 Sep', with the year on a band's first week and on the first week of January."""
    monday = week.monday
    text = f"{monday.day} {monday:%b}"
    if week is band.weeks[0] or (monday.month == 1 and monday.day <= 7):
        text += f" {monday:%Y}"
    return text


def _top(line: int, band: Band) -> int:
    """Pixels from the top of `band`'s own image to the top of layout line `line`."""
    return TITLE + (line - band.top) * LINE


def _band_shapes(
    geometry: Layout,
    band: Band,
    width: int,
    items: Mapping[str, Item],
    *,
    marks: Sequence[Mark],
    today: date | None = None,
    counts: Mapping[date, int] | None = None,
    limit: int | None = None,
) -> BandPicture:
    """One band's stripes, labels, week and day headings, shaded days off and marks."""
    header = geometry.options.header_lines
    # Weekends, days off and today are columns down the band's body, day headings included.
    column = partial(Box, y=_top(band.top + header - 1, band), height=(len(band.rows) + 1) * LINE)
    stripes, labels = _row_shapes(geometry, band, width)
    weekends, headings = _week_shapes(geometry, band, column, counts=counts, limit=limit)
    days_off, day_numbers = _day_shapes(geometry, band, column, today=today)
    bars, markers = _mark_shapes(band, items, marks)
    return BandPicture(
        caption=f"weeks of {short_date(band.first)} to {short_date(band.last)}",
        top=band.top * LINE,
        height=_top(band.top + header + len(band.rows), band) + 4,
        background=(*stripes, *weekends),
        days_off=tuple(days_off),
        texts=(*labels, *headings, *day_numbers),
        bars=tuple(bars),
        markers=tuple(markers),
    )


def _row_shapes(geometry: Layout, band: Band, width: int) -> tuple[list[Box], list[Text]]:
    """A stripe behind every other row, and each row's label (bold for a deadline)."""
    stripes: list[Box] = []
    labels: list[Text] = []
    for i, row in enumerate(band.rows):
        y = _top(band.top + geometry.options.header_lines + i, band)
        if i % 2 == 0:
            stripes.append(Box(x=0, y=y, width=width, height=LINE, css="stripe"))
        spec = geometry.rows[row]
        css = "label deadline" if spec.strong else "label"
        label = _clip(f"{spec.label} · {spec.who}" if spec.who else spec.label, LABEL_CHARS)
        labels.append(Text(x=4, y=y + LINE - 5, text=label, css=css))
    return stripes, labels


def _week_shapes(
    geometry: Layout,
    band: Band,
    column: Callable[..., Box],
    *,
    counts: Mapping[date, int] | None,
    limit: int | None,
) -> tuple[list[Box], list[Text]]:
    """Each week's heading and narrow weekend column, and how many inspections are on site
    that week (flagged over `limit`) when `counts` are given."""
    weekend_width = geometry.options.weekend_width
    weekends: list[Box] = []
    texts: list[Text] = []
    free = 0  # a week label wider than its week skips the next
    for week in band.weeks:
        x = LABEL + week.x * UNIT
        if x >= free:
            text = week_label(week, band)
            texts.append(Text(x=x + 2, y=_top(band.top, band) + LINE - 5, text=text, css="week"))
            free = x + 8 + len(text) * 7
        weekend_x = x + (week.width - weekend_width) * UNIT
        weekends.append(column(x=weekend_x, width=weekend_width * UNIT, css="weekend"))
        count = (counts or {}).get(week.monday, 0)
        if counts is not None and count:
            over = limit is not None and count > limit
            texts.append(
                Text(
                    x=x + 2,
                    y=_top(band.top + 1, band) + LINE - 5,
                    text=f"{count} on site" if week.width * UNIT >= 60 else str(count),
                    css="count over" if over else "count",
                )
            )
    return weekends, texts


def _day_shapes(
    geometry: Layout, band: Band, column: Callable[..., Box], *, today: date | None
) -> tuple[list[Box], list[Text]]:
    """Day numbers where a day is wide enough, each day off shaded and named in its tooltip,
    and a line on today."""
    days_off: list[Box] = []
    numbers: list[Text] = []
    y = _top(band.top + geometry.options.header_lines - 1, band) + LINE - 5
    numbers.extend(_day_numbers(geometry.band_weekdays(band.index), y))
    for cell in geometry.band_days_off(band.index):
        kind = "closure" if cell.kind == "closure" else "bank holiday"
        days_off.append(
            column(
                x=LABEL + cell.x * UNIT,
                width=cell.width * UNIT,
                css=f"off {cell.kind}",
                title=f"{short_date(cell.day)}: {cell.name} ({kind})",
            )
        )
    if today is not None and band.first <= today <= band.last:
        cell = geometry.cell(today)
        days_off.append(
            column(
                x=LABEL + cell.x * UNIT + cell.width * UNIT // 2 - 1,
                width=2,
                css="today",
                title=f"Today, {short_date(today)}",
            )
        )
    return days_off, numbers


@lru_cache(maxsize=256)  # pages come in date order: the bands of the last few years
def _day_numbers(columns: tuple[tuple[date, int, int], ...], y: int) -> tuple[Text, ...]:
    """A band's day numbers, where a day is wide enough; shared by the bands that start the
    same week (the pages of a programme overlap)."""
    return tuple(
        Text(x=LABEL + x * UNIT + width * UNIT // 2, y=y, text=str(day.day), css="day")
        for day, x, width in columns
        if width >= 2
    )


def _mark_shapes(
    band: Band, items: Mapping[str, Item], marks: Sequence[Mark]
) -> tuple[list[Box], list[Marker]]:
    """Bars for phases, circles and diamonds for one-day milestones, each with its tooltip;
    markers sharing a cell become one whose tooltip lists them all. `marks` are the band's."""
    bars: list[Box] = []
    markers: list[Marker] = []
    together = stacks(marks)
    done: set[tuple[int, int]] = set()
    for mark in marks:
        y = _top(mark.line, band)
        x = LABEL + mark.x * UNIT
        if mark.kind == "bar":
            css = "mark bar deadline" if mark.deadline else "mark bar"
            bars.append(
                Box(
                    x=x + 1,
                    y=y + 4,
                    width=mark.width * UNIT - 2,
                    height=LINE - 8,
                    css=css,
                    title=item_tooltip(items[mark.key]),
                )
            )
            continue
        group: list[Mark] = together.get((mark.line, mark.x), [mark])
        if (mark.line, mark.x) in done:
            continue
        done.add((mark.line, mark.x))
        markers.append(
            Marker(
                cx=x + mark.width * UNIT // 2,
                cy=y + LINE // 2,
                deadline=any(m.deadline for m in group),
                title="\n\n".join(item_tooltip(items[m.key]) for m in group),
                count=len(group),
            )
        )
    return bars, markers


def picture(
    geometry: Layout,
    items: Mapping[str, Item],
    *,
    title: str,
    desc: str = PLAN_DESC,
    today: date | None = None,
    counts: Mapping[date, int] | None = None,
    limit: int | None = None,
) -> Picture:
    """Units to pixels, and a tooltip for every mark and every day off.

    `items` says what each mark's key stands for, so one picture can hold many plans.
    """
    width = LABEL + max(band.width for band in geometry.bands) * UNIT + 4
    # Each band's marks, from one pass over them all (a programme has thousands).
    marks_in: dict[int, list[Mark]] = {}
    for mark in geometry.marks:
        marks_in.setdefault(mark.band, []).append(mark)
    return Picture(
        width=width,
        height=TITLE + geometry.lines * LINE + 4,
        title=title,
        desc=desc,
        bands=tuple(
            _band_shapes(
                geometry,
                band,
                width,
                items,
                marks=marks_in.get(band.index, []),
                today=today,
                counts=counts,
                limit=limit,
            )
            for band in geometry.bands
        ),
    )


def plan_picture(plan: Plan, geometry: Layout) -> Picture:
    """One inspection's picture: its own marks on the given geometry."""
    return picture(
        geometry,
        plan_items(plan),
        title=f"{plan.framework.title}: timeline, notified {short_date(plan.notification)}",
    )


def svg_layout(plan: Plan, *, start: date | None = None, end: date | None = None) -> Layout:
    """The terminal's units with two header lines (weeks, day numbers) and A4-wide bands."""
    return plan_layout(
        plan,
        Options(start=start, end=end, weeks_per_band=WEEKS_PER_BAND, header_lines=2),
    )


def timeline_svg(plan: Plan, *, start: date | None = None, end: date | None = None) -> str:
    """A standalone SVG file of one plan's timeline."""
    drawn = plan_picture(plan, svg_layout(plan, start=start, end=end))
    return _environment().get_template("timeline.svg.j2").render(picture=drawn, standalone=True)


def plan_page(plan: Plan) -> str:
    """One self-contained page: the timeline, then the plan's table; no script, no network."""
    drawn = plan_picture(plan, svg_layout(plan))
    rows = [
        {
            "item": m,
            "when": when_text(m),
            "rule": rule_text(plan.framework, m),
            "day": day_range(m.day, m.end_day),
        }
        for m in plan.milestones
    ]
    days_off = [(short_date(day), name) for day, name in plan.days_off]
    return (
        _environment()
        .get_template("plan.html.j2")
        .render(
            plan=plan,
            notified=long_date(plan.notification),
            picture=drawn,
            rows=rows,
            days_off=days_off,
        )
    )


def programme_picture(
    programme: Programme,
    *,
    today: date | None = None,
    start: date | None = None,
    end: date | None = None,
    max_onsite: int | None = None,
) -> Picture:
    """The programme view in pixels: a line per inspection, three units a day for a few
    months and one beyond, so a year fits A4 landscape in a few bands."""
    entries = programme.entries

    def options(weeks: int) -> Options:
        long = weeks > LONG_WEEKS
        return Options(
            start=start,
            end=end,
            weeks_per_band=WEEKS_PER_BAND * 16 // 6 if long else WEEKS_PER_BAND,
            day_width=1 if long else 3,
            header_lines=3,
        )

    geometry, items = programme_layout(programme, options)
    many = f"{len(entries)} inspection{'s' if len(entries) != 1 else ''}"
    return picture(
        geometry,
        items,
        title=f"Programme of {many}: timeline",
        desc=PROGRAMME_DESC,
        today=today,
        counts=busy_weeks(geometry),
        limit=max_onsite,
    )


class ProgrammeView(TypedDict, total=False):
    """`programme_picture`'s choices as a type: `programme_svg` passes them on as `**view`
    instead of restating the list, and mypy checks both."""

    today: date | None
    start: date | None
    end: date | None
    max_onsite: int | None


def programme_svg(
    programme: Programme, *, standalone: bool = False, **view: Unpack[ProgrammeView]
) -> str:
    """The programme view for the top of a published index page: a `<div>` holding one
    `<svg>` per band, since one tall image cannot break across printed pages. `standalone`
    gives one .svg file instead, the bands one under another."""
    drawn = programme_picture(programme, **view)
    name = "timeline.svg.j2" if standalone else "programme_figure.html.j2"
    return _environment().get_template(name).render(picture=drawn, standalone=standalone)
