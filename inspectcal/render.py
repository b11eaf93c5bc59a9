"""Turning plans, frameworks and holiday lists into tables, JSON and CSV.

Rendering is separate from the engine so the library returns plain data and the command line
chooses how a person or a script sees it. Every renderer returns a string: the CLI decides
whether it goes to the terminal or, atomically, to a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import RenderableType

    from inspectcal.check import CheckReport, CheckResult
    from inspectcal.frameworks import Framework
    from inspectcal.plan import Plan, PlannedMilestone

Format = Literal["table", "json", "csv"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv")


# -- shared helpers ---------------------------------------------------------------------


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(fields: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
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


def _span(start: date, end: date | None, fmt: str) -> str:
    if end is None or end == start:
        return format(start, fmt)
    return f"{format(start, fmt)} – {format(end, fmt)}"


def _days(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return str(first)
    return f"{first}–{last}"


def day_text(item: PlannedMilestone) -> str:
    """The working day a milestone falls on, with the source's own number in brackets when a
    pin moved it off that number."""
    real = _days(item.day, item.end_day)
    printed = _days(item.source_day, item.source_end_day)
    return real if real == printed else f"{real} ({printed})"


def time_text(item: PlannedMilestone) -> str:
    if item.time_label:
        return item.time_label
    return f"{item.time:%H:%M}" if item.time else ""


# -- plan -----------------------------------------------------------------------------------

PLAN_FIELDS = (
    "id", "title", "day", "date", "end_date", "time", "time_label", "party", "rule", "source",
    "quote", "notes",
)  # fmt: skip


def plan_record(item: PlannedMilestone) -> dict[str, Any]:
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
        "time": f"{item.time:%H:%M}" if item.time else None,
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
    return to_json(plan_data(plan))


def plan_csv(plan: Plan) -> str:
    rows = []
    for item in plan.milestones:
        record = plan_record(item)
        record["notes"] = " | ".join(item.notes)
        rows.append(record)
    return to_csv(PLAN_FIELDS, rows)


@dataclass(frozen=True, kw_only=True)
class Column:
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
        self.pieces.append(text)
        if style and text.strip():
            self.spans.append((self.at, self.at + len(text), style))
        self.at += len(text)

    def paragraph(self, text: str, *, width: int, style: str = "", indent: str = "") -> None:
        import textwrap

        hang = " " * len(indent) if indent else ""
        lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=hang)
        self.put("\n".join(lines) + "\n", style)

    def render(self, *, color: bool) -> str:
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


def plan_table(plan: Plan, *, color: bool, width: int | None = None) -> str:
    framework = plan.framework
    rows: list[list[tuple[str, str]]] = []
    for item in plan.milestones:
        flags = (" (pinned)" if item.pinned else "") + (" *" if item.notes else "")
        rows.append(
            [
                (day_text(item), ""),
                (_span(item.date, item.end_date, "%a").replace(" – ", "–"), ""),
                (_span(item.date, item.end_date, "%Y-%m-%d"), "bold" if item.deadline else ""),
                (time_text(item), ""),
                (f"{item.title} [{item.id}]{flags}", "bold" if item.deadline else ""),
                (item.party, ""),
                (item.source.removeprefix(f"{framework.cite_as}, "), "dim"),
            ]
        )

    columns = [
        Column(header="Day", natural=natural(rows, 0, 13, 3), minimum=3, justify="right"),
        Column(header="Weekday", natural=natural(rows, 1, 7, 7), minimum=7),
        Column(header="Date", natural=natural(rows, 2, 12, 4), minimum=12),
        Column(header="Time", natural=natural(rows, 3, 14, 4), minimum=9),
        Column(header="Milestone", natural=natural(rows, 4, 64, 9), minimum=30),
        Column(header="Who", natural=natural(rows, 5, 30, 3), minimum=14),
        Column(header="Source", natural=natural(rows, 6, 44, 6), minimum=18),
    ]
    total = width or 120
    out = Styled()
    out.paragraph(f"{framework.title} ({framework.id})", width=total, style="bold")
    out.paragraph(
        f"Notified {plan.notification:%A %d %B %Y}; {plan.calendar.name} working days. "
        f"Source: {framework.document} ({framework.cite_as}). Deadlines in bold.",
        width=total,
    )
    out.put("\n")
    grid(out, columns, rows, width=total)
    moved = [m for m in plan.milestones if day_text(m) != _days(m.day, m.end_day)]
    if moved:
        real, printed = _days(moved[0].day, moved[0].end_day), _days(moved[0].source_day, None)
        out.paragraph(
            f"\nDay {day_text(moved[0])}: the pins moved {moved[0].id} to working day {real}; "
            f"the source numbers it {printed}.",
            width=total,
        )
    if plan.days_off:
        out.put("\nDays off inside the plan (why a date skipped ahead):\n", "bold")
        for day, name in plan.days_off:
            out.put(f"  {day:%a %Y-%m-%d}  {name}\n")
    notes = [note for note in plan.notes]
    notes += [f"{m.id}: {note}" for m in plan.milestones for note in m.notes]
    if notes:
        out.put("\nNotes (* in the table):\n", "bold")
        for note in notes:
            out.paragraph(note, width=total, indent="  - ")
    if plan.warnings:
        out.put("\n")
    for warning in plan.warnings:
        out.paragraph(f"warning: {warning}", width=total, style="yellow")
    return out.render(color=color)


def render_plan(plan: Plan, fmt: Format, *, color: bool = False, width: int | None = None) -> str:
    if fmt == "json":
        return plan_json(plan)
    if fmt == "csv":
        return plan_csv(plan)
    return plan_table(plan, color=color, width=width)


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


def timetable_table(framework: Framework, *, color: bool, width: int | None = None) -> str:
    rows = [
        [
            (_days(spec.day, spec.end_day), ""),
            (spec.id, "bold" if spec.deadline else ""),
            (spec.title, ""),
            (spec.party, ""),
            (spec.rule, ""),
            (spec.time_label or (f"{spec.time:%H:%M}" if spec.time else ""), ""),
            (f'{framework.citation(spec)}: "{spec.quote}"', "dim"),
        ]
        for spec in framework.milestones
    ]
    columns = [
        Column(header="Day", natural=natural(rows, 0, 7, 3), minimum=3, justify="right"),
        Column(header="Id", natural=natural(rows, 1, 40, 2), minimum=16),
        Column(header="Milestone", natural=natural(rows, 2, 40, 9), minimum=24),
        Column(header="Who", natural=natural(rows, 3, 24, 3), minimum=12),
        Column(header="Rule", natural=natural(rows, 4, 30, 4), minimum=16),
        Column(header="Time", natural=natural(rows, 5, 12, 4), minimum=4),
        Column(header="Source", natural=natural(rows, 6, 48, 6), minimum=24),
    ]
    total = width or 120
    out = Styled()
    out.paragraph(
        f"{framework.title} ({framework.id}): the timetable in day numbers",
        width=total,
        style="bold",
    )
    out.paragraph(
        f"{framework.document}. The notification is day {framework.notification_day}; "
        "deadlines in bold.",
        width=total,
    )
    out.put("\n")
    grid(out, columns, rows, width=total)
    if framework.notes:
        out.put("\nNotes:\n", "bold")
        for note in framework.notes:
            out.paragraph(note, width=total, indent="  - ")
    return out.render(color=color)


def timetable_json(framework: Framework) -> str:
    return to_json(
        {
            "framework": framework.id,
            "title": framework.title,
            "document": framework.document,
            "notification_day": framework.notification_day,
            "notes": list(framework.notes),
            "milestones": [
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
                    "time": f"{s.time:%H:%M}" if s.time else None,
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
            ],
        }
    )


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


def render_holidays(
    title: str,
    days: Sequence[tuple[date, str]],
    fmt: Format,
    *,
    closures: Mapping[date, str] | None = None,
    color: bool = False,
) -> str:
    rows = holiday_rows(days, closures)
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(HOLIDAY_FIELDS, rows)
    from rich.table import Table

    table = Table(title=title)
    for name in ("Date", "Weekday", "Holiday", "Kind"):
        table.add_column(name)
    for row in rows:
        style = "dim" if "falls on" in row["kind"] else ""
        table.add_row(row["date"], row["weekday"], row["name"], row["kind"], style=style)
    return render_rich(table, color=color)


# --- check ---

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
    return {
        "id": result.id,
        "title": result.milestone.title,
        "due": result.due_text,
        "actual": result.actual.text if result.actual else None,
        "status": result.status,
        "late": result.late,
        "late_unit": result.late_unit,
    }


def check_json(report: CheckReport) -> str:
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
    return to_csv(CHECK_FIELDS, (check_record(r) for r in report.results))


def check_table(report: CheckReport, *, color: bool, width: int | None = None) -> str:
    """The plan table's plain-text grid, so a check renders as fast and reads the same."""
    from inspectcal.check import JUDGED

    plan = report.plan
    framework = plan.framework
    rows: list[list[tuple[str, str]]] = []
    for result in report.results:
        item = result.milestone
        due = f"{item.due:%a %Y-%m-%d}" + (f" {time_text(item)}" if time_text(item) else "")
        actual = ""
        if result.actual is not None:
            actual = f"{result.actual.day:%a %Y-%m-%d}"
            if result.actual.at is not None:
                actual += f" {result.actual.at:%H:%M}"
        rows.append(
            [
                (f"{item.title} [{item.id}]", "" if result.status in JUDGED else "dim"),
                (due, ""),
                (actual, ""),
                (result.status, _STATUS_STYLE[result.status]),
                (result.late_text, _STATUS_STYLE[result.status]),
            ]
        )

    columns = [
        Column(header="Milestone", natural=natural(rows, 0, 64, 9), minimum=30),
        Column(header="Due", natural=natural(rows, 1, 30, 3), minimum=14),
        Column(header="Actual", natural=natural(rows, 2, 20, 6), minimum=14),
        Column(header="Status", natural=natural(rows, 3, 8, 6), minimum=8),
        Column(header="Late", natural=natural(rows, 4, 16, 4), minimum=8),
    ]
    total = width or 120
    out = Styled()
    out.paragraph(
        f"{framework.title} ({framework.id}): deadlines checked", width=total, style="bold"
    )
    out.paragraph(
        f"Notified {plan.notification:%A %d %B %Y}; as of {report.as_of:%A %d %B %Y}; "
        f"{plan.calendar.name} working days.",
        width=total,
    )
    out.put("\n")
    grid(out, columns, rows, width=total)
    out.put("\n")
    out.paragraph(report.headline, width=total, style="bold red" if report.failed else "bold green")
    for warning in plan.warnings:
        out.paragraph(f"warning: {warning}", width=total, style="yellow")
    return out.render(color=color)


def render_check(
    report: CheckReport, fmt: Format, *, color: bool = False, width: int | None = None
) -> str:
    if fmt == "json":
        return check_json(report)
    if fmt == "csv":
        return check_csv(report)
    return check_table(report, color=color, width=width)
