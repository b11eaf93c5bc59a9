"""Turning plans, frameworks and holiday lists into tables, JSON and CSV.

Rendering is separate from the engine so the library returns plain data and the command line
chooses how a person or a script sees it. Every renderer returns a string: the CLI decides
whether it goes to the terminal or, atomically, to a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from inspectcal.errors import BadInput, plural
from inspectcal.fields import (
    clock,
    day_range,
    fields,
    long_date,
    printed_days,
    time_text,
    weekday,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from inspectcal.check import CheckReport, CheckResult
    from inspectcal.frameworks import Framework
    from inspectcal.plan import Plan, PlannedMilestone

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, kw_only=True)
class Style:
    """How a person's terminal wants text: colour only for a terminal, its width if known."""

    color: bool = False
    width: int | None = None


def choose(formats: Mapping[str, R], fmt: str) -> R:
    """The renderer a command declares for `fmt`, or a refusal listing that command's own
    formats: a format one command has is no promise that another has it."""
    try:
        return formats[fmt]
    except KeyError:
        raise BadInput(f"unknown format {fmt!r}; choose one of: {', '.join(formats)}") from None


def format_help(formats: Mapping[str, object]) -> str:
    """The --format help text, from the mapping itself so the two cannot disagree."""
    names = list(formats)
    return f"{', '.join(names[:-1])} or {names[-1]}." if len(names) > 1 else f"{names[0]}."


# -- shared helpers ---------------------------------------------------------------------


def to_json(data: Any) -> str:
    """JSON as people diff it: indented, non-ASCII kept, one trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(fields: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """CSV with empty cells for missing values, so a spreadsheet never shows 'None'."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in fields})
    return out.getvalue()


def render_rich(
    *parts: RenderableType, width: int | None = None, color: bool = True, wrap: bool = True
) -> str:
    """Render rich objects to a string, coloured only when the caller says so (a terminal).

    `wrap=False` is for text already laid out to `width`: wrapping it again would cost more
    than laying it out did.
    """
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=width or 120,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
    )
    for part in parts:
        console.print(part, soft_wrap=not wrap)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


# -- plan -----------------------------------------------------------------------------------

PLAN_FIELDS = (
    "id", "title", "day", "date", "end_date", "time", "time_label", "party", "rule", "source",
    "quote", "notes",
)  # fmt: skip


def plan_record(item: PlannedMilestone) -> dict[str, Any]:
    """One milestone as plain values: the JSON and CSV rows of a plan share it."""
    return {
        "id": item.id,
        "title": item.title,
        "day": item.day,
        "end_day": item.end_day,
        "source_day": item.source_day,
        "source_end_day": item.source_end_day,
        "audience": item.audience,
        "side": item.side,
        "deadline": item.deadline,
        "date": item.date.isoformat(),
        "end_date": item.end_date.isoformat() if item.end_date else None,
        "time": clock(item) or None,
        "time_label": item.time_label,
        "party": item.party,
        "rule": item.rule,
        "source": item.source,
        "quote": item.quote,
        "notes": list(item.notes),
    }


def plan_data(plan: Plan) -> dict[str, Any]:
    """`plan --format json`'s object; `plan -i` lists one per inspection."""
    return {
        "framework": plan.framework.id,
        "calendar": plan.calendar.name,
        "notification": plan.notification.isoformat(),
        "milestones": [plan_record(m) for m in plan.milestones],
        "days_off": [{"date": d.isoformat(), "name": n} for d, n in plan.days_off],
        "notes": list(plan.notes),
        "warnings": list(plan.warnings),
    }


def plan_json(plan: Plan) -> str:
    """`plan --format json`: the plan for scripts."""
    return to_json(plan_data(plan))


def plan_csv(plan: Plan) -> str:
    """`plan --format csv`: one row a milestone, notes joined so a row stays one row."""
    rows = []
    for item in plan.milestones:
        record = plan_record(item)
        record["notes"] = " | ".join(item.notes)
        rows.append(record)
    return to_csv(PLAN_FIELDS, rows)


@dataclass(frozen=True, kw_only=True)
class Column:
    """A grid column: how wide its content wants to be and how narrow it may go."""

    header: str
    natural: int  # the widest cell, or the cap on it
    minimum: int
    justify: Literal["left", "right"] = "left"


class Styled:
    """Text with style spans, painted by rich only when there is colour to show.

    The plan table has up to ~70 rows of long, wrapping text. rich's `Table` measures every
    cell on every render and costs 20-40 ms for that, half of the whole start-up budget, and
    rich sanitises text on every append. A layout computed once into a plain string, with
    spans applied in one pass, costs a few milliseconds and reads the same.
    """

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.at = 0

    def put(self, text: str, style: str = "") -> None:
        """Append text, remembering its style only when there is something to paint."""
        self.pieces.append(text)
        if style and text.strip():
            self.spans.append((self.at, self.at + len(text), style))
        self.at += len(text)

    def paragraph(self, text: str, *, width: int, style: str = "", indent: str = "") -> None:
        """Append text wrapped to `width`, with a hanging indent for bullets."""
        import textwrap

        hang = " " * len(indent) if indent else ""
        lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=hang)
        self.put("\n".join(lines) + "\n", style)

    def render(self, *, color: bool) -> str:
        """Plain text for a pipe or a file; painted by rich only for a terminal."""
        plain = "".join(self.pieces)
        if not color:
            return plain
        from rich.text import Text

        text = Text(plain, end="")
        for first, last, style in self.spans:
            text.stylize(style, first, last)
        return render_rich(text, color=True, wrap=False)


def grid(
    out: Styled,
    columns: Sequence[Column],
    rows: Sequence[Sequence[tuple[str, str]]],
    *,
    width: int,
) -> None:
    """A plain-text table: header, rule, rows with wrapped cells. Cells are (text, style)."""
    import textwrap

    gap = 2
    widths = [c.natural for c in columns]
    spare = width - sum(widths) - gap * (len(columns) - 1)
    while spare < 0:
        # Take from the column furthest above its minimum: wide prose columns give way first,
        # and none goes below the width its content needs to stay readable.
        excess = [widths[i] - c.minimum for i, c in enumerate(columns)]
        widest = max(range(len(columns)), key=lambda i: excess[i])
        if excess[widest] <= 0:
            break
        take = min(-spare, max(1, excess[widest] // 4))
        widths[widest] -= take
        spare += take

    def emit_line(cells: Sequence[tuple[str, str]]) -> None:
        wrapped = [
            textwrap.wrap(text, w, break_long_words=True) or [""]
            for (text, _), w in zip(cells, widths, strict=True)
        ]
        for line_no in range(max(len(lines) for lines in wrapped)):
            line: list[tuple[str, str]] = []
            for i, lines in enumerate(wrapped):
                piece = lines[line_no] if line_no < len(lines) else ""
                right = columns[i].justify == "right"
                line.append(
                    (piece.rjust(widths[i]) if right else piece.ljust(widths[i]), cells[i][1])
                )
                line.append((" " * gap, ""))
            while line and not line[-1][0].strip():
                line.pop()  # no trailing blanks: they show up in diffs and copy-paste
            if line:
                line[-1] = (line[-1][0].rstrip(), line[-1][1])
            for text, style in line:
                out.put(text, style)
            out.put("\n")

    emit_line([(c.header, "bold") for c in columns])
    out.put("  ".join("─" * w for w in widths) + "\n", "dim")
    for row in rows:
        emit_line(row)


def natural(rows: Sequence[Sequence[tuple[str, str]]], index: int, cap: int, floor: int) -> int:
    """A column's natural width: its widest cell, between the header's width and a cap."""
    return max(floor, min(cap, max([len(row[index][0]) for row in rows] + [1])))


@dataclass(frozen=True, kw_only=True)
class Columns:
    """A grid's columns: each as wide as its widest cell, never narrower than its header (it
    must stay readable) nor wider than its cap (one long source quote must not starve the
    rest), and squeezable to its minimum on a narrow terminal; numbers (`right`) align right."""

    headers: tuple[str, ...]
    caps: tuple[int, ...]
    minimums: tuple[int, ...]
    right: frozenset[str] = frozenset()

    def fit(self, rows: Sequence[Sequence[tuple[str, str]]]) -> list[Column]:
        """The columns sized to these rows."""
        return [
            Column(
                header=header,
                natural=natural(rows, index, cap, len(header)),
                minimum=minimum,
                justify="right" if header in self.right else "left",
            )
            for index, (header, cap, minimum) in enumerate(
                zip(self.headers, self.caps, self.minimums, strict=True)
            )
        ]


PLAN_COLUMNS = Columns(
    headers=("Day", "Weekday", "Date", "Time", "Milestone", "Who", "Source"),
    caps=(13, 7, 12, 14, 64, 30, 44),
    minimums=(3, 7, 12, 9, 30, 14, 18),
    right=frozenset({"Day"}),
)
TIMETABLE_COLUMNS = Columns(
    headers=("Day", "Id", "Milestone", "Who", "Rule", "Time", "Source"),
    caps=(7, 40, 40, 24, 30, 12, 48),
    minimums=(3, 16, 24, 12, 16, 4, 24),
    right=frozenset({"Day"}),
)
CHECK_COLUMNS = Columns(
    headers=("Milestone", "Due", "Actual", "Status", "Late"),
    caps=(64, 30, 20, 8, 16),
    minimums=(30, 14, 14, 8, 8),
)


def plan_table(plan: Plan, *, color: bool, width: int | None = None) -> str:
    """The plan for a person at a terminal: one row a milestone, deadlines in bold, then the
    days off that explain a skipped date, the notes and the warnings."""
    framework = plan.framework
    rows: list[list[tuple[str, str]]] = []
    for item in plan.milestones:
        f = fields(framework, item)
        flags = (" (pinned)" if item.pinned else "") + (" *" if item.notes else "")
        bold = "bold" if item.deadline else ""
        rows.append(
            [
                (f.days, ""),
                (f.weekday, ""),
                (f.dates, bold),
                (f.time, ""),
                (f"{f.title} [{f.id}]{flags}", bold),
                (f.who, ""),
                (f.cite, "dim"),
            ]
        )
    total = width or 120
    notes = list(plan.notes) + [f"{m.id}: {note}" for m in plan.milestones for note in m.notes]
    title = f"{framework.title} ({framework.id})"
    intro = (
        f"Notified {long_date(plan.notification)}; {plan.calendar.name} working days. "
        f"Source: {framework.document} ({framework.cite_as}). Deadlines in bold."
    )
    out = titled_grid(title=title, intro=intro, columns=PLAN_COLUMNS, rows=rows, width=total)
    moved = [m for m in plan.milestones if printed_days(m) != day_range(m.day, m.end_day)]
    if moved:
        first = moved[0]
        out.paragraph(
            f"\nDay {printed_days(first)}: the pins moved {first.id} to working day "
            f"{day_range(first.day, first.end_day)}; the source numbers it "
            f"{day_range(first.source_day, None)}.",
            width=total,
        )
    if plan.days_off:
        out.put("\nDays off inside the plan (why a date skipped ahead):\n", "bold")
        for day, name in plan.days_off:
            out.put(f"  {weekday(day)} {day.isoformat()}  {name}\n")
    notes_section(out, notes, width=total, heading="Notes (* in the table):")
    if plan.warnings:
        out.put("\n")
    for warning in plan.warnings:
        out.paragraph(f"warning: {warning}", width=total, style="yellow")
    return out.render(color=color)


def titled_grid(
    *,
    title: str,
    intro: str,
    columns: Columns,
    rows: Sequence[Sequence[tuple[str, str]]],
    width: int,
) -> Styled:
    """The head every grid report shares: a bold title, one paragraph saying what the rows
    are, a blank line and the grid. The caller adds what follows (notes, a verdict)."""
    out = Styled()
    out.paragraph(title, width=width, style="bold")
    out.paragraph(intro, width=width)
    out.put("\n")
    grid(out, columns.fit(rows), rows, width=width)
    return out


def notes_section(out: Styled, notes: Sequence[str], *, width: int, heading: str) -> None:
    """A bulleted list of notes under a bold heading, or nothing when there are none."""
    if not notes:
        return
    out.put(f"\n{heading}\n", "bold")
    for note in notes:
        out.paragraph(note, width=width, indent="  - ")


def _plan_html(plan: Plan, style: Style) -> str:
    from inspectcal.pictures import plan_page

    return plan_page(plan)


PLAN_FORMATS: dict[str, Callable[[Plan, Style], str]] = {
    "table": lambda plan, style: plan_table(plan, color=style.color, width=style.width),
    "json": lambda plan, style: plan_json(plan),
    "csv": lambda plan, style: plan_csv(plan),
    "html": _plan_html,
}


# -- frameworks -----------------------------------------------------------------------------


def frameworks_table(
    frameworks: Sequence[Framework], *, color: bool, origins: Sequence[str] = ()
) -> str:
    """`origins` (where each came from: shipped, or a user folder) adds a From column."""
    from rich.table import Table

    table = Table(title="Inspection frameworks")
    for name in ("Id", "Aliases", "Title", "Year", "Source", *(["From"] if origins else [])):
        table.add_column(name)
    for n, fw in enumerate(frameworks):
        origin = [origins[n]] if origins else []
        table.add_row(fw.id, ", ".join(fw.aliases), fw.title, str(fw.year), fw.document, *origin)
    return render_rich(table, color=color)


def frameworks_json(frameworks: Sequence[Framework], origins: Sequence[str] = ()) -> str:
    """`frameworks --format json`: what is installed, and from where when asked."""
    return to_json(
        [
            {
                "id": fw.id,
                "aliases": list(fw.aliases),
                "title": fw.title,
                "year": fw.year,
                "document": fw.document,
                "source": fw.source,
                "milestones": len(fw.milestones),
                **({"from": origins[n], "path": str(fw.path)} if origins else {}),
            }
            for n, fw in enumerate(frameworks)
        ]
    )


FRAMEWORK_FIELDS = (
    "id", "aliases", "title", "year", "document", "source", "milestones", "from", "path",
)  # fmt: skip


def frameworks_csv(frameworks: Sequence[Framework], origins: Sequence[str] = ()) -> str:
    """One row a framework, aliases `;`-joined, for a spreadsheet of what is installed."""
    rows = []
    for n, fw in enumerate(frameworks):
        row: dict[str, Any] = {
            "id": fw.id,
            "aliases": ";".join(fw.aliases),
            "title": fw.title,
            "year": fw.year,
            "document": fw.document,
            "source": fw.source,
            "milestones": len(fw.milestones),
        }
        if origins:
            row.update({"from": origins[n], "path": str(fw.path)})
        rows.append(row)
    fields_ = FRAMEWORK_FIELDS if origins else FRAMEWORK_FIELDS[:-2]
    return to_csv(fields_, rows)


Listing = tuple[Sequence["Framework"], Sequence[str]]

FRAMEWORKS_FORMATS: dict[str, Callable[[Listing, Style], str]] = {
    "table": lambda listed, style: frameworks_table(
        listed[0], color=style.color, origins=listed[1]
    ),
    "json": lambda listed, style: frameworks_json(*listed),
    "csv": lambda listed, style: frameworks_csv(*listed),
}


def timetable_table(framework: Framework, *, color: bool, width: int | None = None) -> str:
    """The timetable before it meets a calendar: what a reader checks against the source."""
    rows = [
        [
            (day_range(spec.day, spec.end_day), ""),
            (spec.id, "bold" if spec.deadline else ""),
            (spec.title, ""),
            (spec.party, ""),
            (spec.rule, ""),
            (time_text(spec), ""),
            (f'{framework.citation(spec)}: "{spec.quote}"', "dim"),
        ]
        for spec in framework.milestones
    ]
    total = width or 120
    title = f"{framework.title} ({framework.id}): the timetable in day numbers"
    intro = (
        f"{framework.document}. The notification is day {framework.notification_day}; "
        "deadlines in bold."
    )
    out = titled_grid(title=title, intro=intro, columns=TIMETABLE_COLUMNS, rows=rows, width=total)
    notes_section(out, framework.notes, width=total, heading="Notes:")
    return out.render(color=color)


def timetable_json(framework: Framework) -> str:
    """`frameworks show --format json`: the timetable as the loader read it."""
    return to_json(
        {
            "framework": framework.id,
            "title": framework.title,
            "document": framework.document,
            "notification_day": framework.notification_day,
            "notes": list(framework.notes),
            "milestones": timetable_records(framework),
        }
    )


TIMETABLE_FIELDS = (
    "id", "title", "party", "day", "end_day", "after", "offset", "unit", "not_before", "rule",
    "time", "time_label", "weekday", "audience", "side", "deadline", "source", "quote", "notes",
)  # fmt: skip


def timetable_csv(framework: Framework) -> str:
    """`frameworks show --format csv`: one row a step; lists joined so a cell stays one cell."""
    rows = []
    for record in timetable_records(framework):
        record["not_before"] = "; ".join(
            f"{b['offset']} {b['unit']} after {b['after']}" for b in record["not_before"]
        )
        record["notes"] = " | ".join(record["notes"])
        rows.append(record)
    return to_csv(TIMETABLE_FIELDS, rows)


TIMETABLE_FORMATS: dict[str, Callable[[Framework, Style], str]] = {
    "table": lambda fw, style: timetable_table(fw, color=style.color, width=style.width),
    "json": lambda fw, style: timetable_json(fw),
    "csv": lambda fw, style: timetable_csv(fw),
}


def timetable_records(framework: Framework) -> list[dict[str, Any]]:
    """Every step of a timetable as plain values, the JSON and CSV forms' common source."""
    return [
        {
            "id": s.id,
            "title": s.title,
            "party": s.party,
            "day": s.day,
            "end_day": s.end_day,
            "after": s.after,
            "offset": s.offset,
            "unit": s.unit,
            "not_before": [
                {"after": b.after, "offset": b.offset, "unit": b.unit} for b in s.not_before
            ],
            "rule": s.rule,
            "time": clock(s) or None,
            "time_label": s.time_label,
            "weekday": s.weekday,
            "audience": s.audience,
            "side": s.side,
            "deadline": s.deadline,
            "source": framework.citation(s),
            "quote": s.quote,
            "notes": list(s.notes),
        }
        for s in framework.milestones
    ]


# -- holidays ---------------------------------------------------------------------------------

HOLIDAY_FIELDS = ("date", "weekday", "name", "kind")


def _holiday_kind(day: date, name: str) -> str:
    if "(observed)" in name:
        return f"substitute day for {name.replace(' (observed)', '')}"
    if day.weekday() >= 5:
        return f"falls on a {day:%A}: a substitute day follows"
    return "bank holiday"


def holiday_rows(
    days: Sequence[tuple[date, str]], closures: Mapping[date, str] | None = None
) -> list[dict[str, str]]:
    """Bank holidays labelled by kind; a council's closure days say so, not "bank holiday"."""
    closures = closures or {}
    rows = []
    for day, name in days:
        closure = closures.get(day)
        if closure is not None and name == closure:
            kind = "closure"
        else:
            bank = name.removesuffix(f" and {closure}") if closure else name
            kind = _holiday_kind(day, bank) + ("; also a closure" if closure else "")
        rows.append({"date": day.isoformat(), "weekday": f"{day:%A}", "name": name, "kind": kind})
    return rows


@dataclass(frozen=True, kw_only=True)
class HolidayList:
    """One year's days off of one calendar, with the closures that are the user's own."""

    title: str
    days: Sequence[tuple[date, str]]
    closures: Mapping[date, str] | None = None


def holidays_table(listing: HolidayList, *, color: bool) -> str:
    """The year's days off for a person; a weekend holiday is dimmed, its substitute is not."""
    from rich.table import Table

    table = Table(title=listing.title)
    for name in ("Date", "Weekday", "Holiday", "Kind"):
        table.add_column(name)
    for row in holiday_rows(listing.days, listing.closures):
        style = "dim" if "falls on" in row["kind"] else ""
        table.add_row(row["date"], row["weekday"], row["name"], row["kind"], style=style)
    return render_rich(table, color=color)


HOLIDAYS_FORMATS: dict[str, Callable[[HolidayList, Style], str]] = {
    "table": lambda listing, style: holidays_table(listing, color=style.color),
    "json": lambda listing, style: to_json(holiday_rows(listing.days, listing.closures)),
    "csv": lambda listing, style: to_csv(
        HOLIDAY_FIELDS, holiday_rows(listing.days, listing.closures)
    ),
}


# -- check ------------------------------------------------------------------------------------


CHECK_FIELDS = ("id", "title", "due", "actual", "status", "late", "late_unit")

# Colour carries the verdict in a terminal; the word is always printed too, for a pipe or a
# colour-blind reader.
_STATUS_STYLE = {
    "met": "green",
    "missed": "bold red",
    "overdue": "red",
    "due": "yellow",
    "pending": "",
    "recorded": "dim",
    "open": "cyan",
    "closed": "dim",
}


def check_record(result: CheckResult) -> dict[str, Any]:
    """One verdict as plain values, shared by check's JSON and CSV and by `check -i`."""
    return {
        "id": result.id,
        "title": result.milestone.title,
        "due": due_text(result),
        "actual": result.actual.text if result.actual else None,
        "status": result.status,
        "late": result.late,
        "late_unit": result.late_unit,
    }


def check_json(report: CheckReport) -> str:
    """`check --format json`: the verdicts and the counts a script gates on."""
    plan = report.plan
    return to_json(
        {
            "framework": plan.framework.id,
            "calendar": plan.calendar.name,
            "notification": plan.notification.isoformat(),
            "as_of": report.as_of.isoformat(),
            "results": [check_record(r) for r in report.results],
            "summary": report.summary,
            "warnings": list(plan.warnings),
        }
    )


def check_csv(report: CheckReport) -> str:
    """`check --format csv`: one row a verdict, for a spreadsheet."""
    return to_csv(CHECK_FIELDS, (check_record(r) for r in report.results))


def check_table(report: CheckReport, *, color: bool, width: int | None = None) -> str:
    """The plan table's plain-text grid, so a check renders as fast and reads the same."""
    from inspectcal.check import JUDGED

    plan = report.plan
    framework = plan.framework
    rows: list[list[tuple[str, str]]] = []
    for result in report.results:
        item = result.milestone
        when = time_text(item)
        due = f"{weekday(item.due)} {item.due.isoformat()}" + (f" {when}" if when else "")
        actual = ""
        if result.actual is not None:
            actual = f"{weekday(result.actual.day)} {result.actual.day.isoformat()}"
            if result.actual.at is not None:
                actual += f" {result.actual.at.hour:02d}:{result.actual.at.minute:02d}"
        style = _STATUS_STYLE[result.status]
        rows.append(
            [
                (f"{item.title} [{item.id}]", "" if result.status in JUDGED else "dim"),
                (due, ""),
                (actual, ""),
                (result.status, style),
                (late_text(result), style),
            ]
        )
    total = width or 120
    title = f"{framework.title} ({framework.id}): deadlines checked"
    intro = (
        f"Notified {long_date(plan.notification)}; as of {long_date(report.as_of)}; "
        f"{plan.calendar.name} working days."
    )
    out = titled_grid(title=title, intro=intro, columns=CHECK_COLUMNS, rows=rows, width=total)
    out.put("\n")
    out.paragraph(
        headline(report), width=total, style="bold red" if report.failed else "bold green"
    )
    for warning in plan.warnings:
        out.paragraph(f"warning: {warning}", width=total, style="yellow")
    return out.render(color=color)


_LATE_NOUN = {"working-days": "working day", "calendar-days": "calendar day", "minutes": "minute"}


def late_text(result: CheckResult) -> str:
    """'3 working days': how late, in the unit the rule counts in."""
    if result.late is None or result.late_unit is None:
        return ""
    return plural(result.late, _LATE_NOUN[result.late_unit])


def due_text(result: CheckResult) -> str:
    """The due date, with the clock time when the source gives one (ISO 8601)."""
    m = result.milestone
    hhmm = clock(m)
    return result.due.isoformat() + (f"T{hhmm}" if hhmm else "")


def headline(report: CheckReport) -> str:
    """One sentence for the foot of a table: "2 of 9 deadlines missed; 1 overdue"."""
    from inspectcal.check import DUE_SOON_WORKING_DAYS

    total = len(report.deadlines)
    noun = "deadline" if total == 1 else "deadlines"
    parts = [f"{report.count('missed')} of {total} {noun} missed"]
    parts += [f"{report.count(s)} {s}" for s in ("overdue", "due") if report.count(s)]
    if report.count("due"):
        parts[-1] += f" within {DUE_SOON_WORKING_DAYS} working days"
    return "; ".join(parts)


CHECK_FORMATS: dict[str, Callable[[CheckReport, Style], str]] = {
    "table": lambda report, style: check_table(report, color=style.color, width=style.width),
    "json": lambda report, style: check_json(report),
    "csv": lambda report, style: check_csv(report),
}
