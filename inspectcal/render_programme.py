"""Programme views as text, JSON, CSV and iCalendar: `plan -i`, `agenda`, `clashes`, `check -i`.

A programme table can have ten thousand rows, so tables here are laid out in one pass with
fixed columns that never wrap (the plan table's wrapping grid costs ~100 µs a row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from inspectcal.errors import plural
from inspectcal.fields import clock, day_month, long_date, short_date, time_text, weekday
from inspectcal.programme import uncollected
from inspectcal.render import Style, Styled, check_record, plan_data, to_csv, to_json

if TYPE_CHECKING:
    from inspectcal.agenda import Agenda, AgendaItem, Clash
    from inspectcal.audit import ProgrammeCheck
    from inspectcal.programme import Programme

ProgrammeFormat = Literal["table", "json", "csv", "ics"]


@lru_cache(maxsize=1 << 14)
def _day(day: date | None) -> str:
    """'Tue 2016-09-13', once per day: a programme's tables show ten thousand rows of dates,
    most of them days other rows show too."""
    return "" if day is None else f"{weekday(day)} {day.isoformat()}"


def _columns(out: Styled, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Left-aligned columns as wide as their widest cell, two spaces apart, no wrapping.

    Each line is padded by `map` over the row and the widths, not by a generator of `ljust`
    calls: a programme's table has ten thousand lines, and the generators took 40% longer.
    """
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(headers)]
    ljust = str.ljust
    out.put("  ".join(map(ljust, headers, widths)).rstrip() + "\n", "bold")
    out.put("  ".join("─" * w for w in widths) + "\n", "dim")
    out.put("".join(["  ".join(map(ljust, row, widths)).rstrip() + "\n" for row in rows]))


# -- plan -i --------------------------------------------------------------------------------

KEY_FIELDS = (
    "inspection", "framework", "authority", "notification", "fieldwork_start", "fieldwork_end",
    "draft_report",
    "factual_accuracy_deadline", "publication", "action_plan_deadline",
)  # fmt: skip


def programme_rows(programme: Programme) -> list[dict[str, Any]]:
    """The key dates of each inspection, the row `plan -i` shows in every format."""
    rows = []
    for entry in programme:
        row: dict[str, Any] = {
            "inspection": entry.inspection.name,
            "framework": entry.plan.framework.id,
            "authority": entry.inspection.authority,
        }
        row.update(entry.key_dates())
        rows.append(row)
    return rows


@uncollected()
def render_programme(programme: Programme, fmt: str, *, color: bool = False) -> str:
    """`plan -i` in one format: the key dates table, or every full plan as JSON."""
    if fmt == "json":
        return to_json([{"inspection": e.inspection.name, **plan_data(e.plan)} for e in programme])
    rows = programme_rows(programme)
    if fmt == "csv":
        return to_csv(
            KEY_FIELDS,
            ({k: v.isoformat() if isinstance(v, date) else v for k, v in r.items()} for r in rows),
        )
    out = Styled()
    out.put(f"{plural(len(rows), 'inspection')}: key dates\n\n", "bold")
    table = [
        [
            r["inspection"],
            r["framework"],
            r["authority"] or "",
            _day(r["notification"]),
            f"{_day(r['fieldwork_start'])} – {_day(r['fieldwork_end'])}"
            if r["fieldwork_start"]
            else "",
            _day(r["draft_report"]),
            _day(r["factual_accuracy_deadline"]),
            _day(r["publication"]),
            _day(r["action_plan_deadline"]),
        ]
        for r in rows
    ]
    headers = ("Inspection", "Framework", "Authority", "Notified", "On site", "Draft")
    _columns(out, (*headers, "Factual accuracy", "Publication", "Action plan"), table)
    return out.render(color=color)


# -- agenda -----------------------------------------------------------------------------------

AGENDA_FIELDS = (
    "date", "end_date", "time", "inspection", "framework", "id", "title", "deadline", "audience",
    "people",
)  # fmt: skip


def agenda_record(item: AgendaItem) -> dict[str, Any]:
    """One agenda item as plain values, in the JSON shape the issue fixed."""
    m = item.milestone
    return {
        "date": m.date.isoformat(),
        "end_date": m.end_date.isoformat() if m.end_date else None,
        "time": clock(m) or None,
        "inspection": item.inspection.name,
        "framework": item.entry.plan.framework.id,
        "id": m.id,
        "title": m.title,
        "deadline": m.deadline,
        "audience": m.audience,
        "people": [{"name": p.name, "role": p.role} for p in item.people],
    }


@uncollected()
def render_agenda(agenda: Agenda, fmt: str, *, color: bool = False) -> str | bytes:
    """`agenda` in one format."""
    if fmt == "json":
        return to_json(
            {
                "from": agenda.start.isoformat(),
                "to": agenda.end.isoformat(),
                "items": [agenda_record(i) for i in agenda.items],
            }
        )
    if fmt == "csv":
        rows = []
        for item in agenda.items:
            record = agenda_record(item)
            record["people"] = ";".join(p.text for p in item.people)
            record["deadline"] = "yes" if item.milestone.deadline else ""
            rows.append(record)
        return to_csv(AGENDA_FIELDS, rows)
    if fmt == "ics":
        return agenda_calendar(agenda)
    return agenda_table(agenda, color=color)


# The agenda's time column: "Mon 12 Dec – Thu 15 Dec" fits; a longer time phrase takes a line
# of its own above its title, so titles stay in one column.
WHEN_WIDTH = 23


def agenda_table(agenda: Agenda, *, color: bool) -> str:
    """Grouped by day like `khal list`: a phase that began earlier heads the window's first day."""
    out = Styled()
    count = len(agenda.items)
    out.put(
        f"Agenda {short_date(agenda.start)} to {short_date(agenda.end)}: {plural(count, 'item')}\n",
        "bold",
    )
    shown: date | None = None
    for item in agenda.items:
        m = item.milestone
        day = max(m.date, agenda.start)
        if day != shown:
            out.put(f"\n{long_date(day)}\n", "bold underline")
            shown = day
        when = time_text(m) or "all day"
        if m.end_date is not None and m.end_date != m.date:
            when = f"{day_month(m.date)} – {day_month(m.end_date)}"
        text = f"{item.entry.plan.framework.short}: {m.label} [{m.id}]"
        if len(when) > WHEN_WIDTH:  # "before the team meeting on Thursday afternoon"
            out.put(f"  {when}\n  {'':<{WHEN_WIDTH}} ")
        else:
            out.put(f"  {when:<{WHEN_WIDTH}} ")
        out.put(text + (" (deadline)" if m.deadline else ""), "bold" if m.deadline else "")
        out.put(f" · {item.inspection.name}")
        if item.people:
            out.put(f" · {', '.join(p.name for p in item.people)}", "dim")
        out.put("\n")
    if not count:
        out.put("\nNothing in this window.\n")
    return out.render(color=color)


def agenda_calendar(agenda: Agenda) -> bytes:
    """The window as one calendar, with the UIDs `export` and `publish` give the same events,
    so importing it over a subscribed feed updates events instead of duplicating them."""
    from inspectcal.ical import (
        DEFAULT_REMINDER,
        Revision,
        build_event,
        render_calendar,
        source_date_epoch,
    )

    stamp = source_date_epoch() or datetime.combine(agenda.start, time(0), tzinfo=UTC)
    revision = Revision(sequence=0, modified=stamp)
    events = [
        build_event(
            item.entry.plan,
            item.milestone,
            name=item.inspection.name,
            reminder=DEFAULT_REMINDER,
            revision=revision,
        )
        for item in agenda.items
    ]
    span = f"{agenda.start.isoformat()} to {agenda.end.isoformat()}"
    return render_calendar(
        name=f"Inspections {span}",
        description=f"Every inspection milestone from {span}. Generated by inspectcal.",
        events=events,
    )


# -- clashes ------------------------------------------------------------------------------------


def clash_record(clash: Clash) -> dict[str, Any]:
    """One clash as plain values, for JSON and CSV alike."""
    return {
        "kind": clash.kind,
        "who": clash.who,
        "inspections": list(clash.inspections),
        "from": clash.start.isoformat(),
        "to": clash.end.isoformat(),
    }


@uncollected()
def render_clashes(found: Sequence[Clash], fmt: str, *, color: bool = False) -> str:
    """`clashes` in one format."""
    if fmt == "json":
        return to_json({"clashes": [clash_record(c) for c in found]})
    if fmt == "csv":
        rows = [{**clash_record(c), "inspections": ";".join(c.inspections)} for c in found]
        return to_csv(("kind", "who", "inspections", "from", "to"), rows)
    out = Styled()
    if not found:
        out.put("No clashes.\n", "bold green")
        return out.render(color=color)
    out.put(f"{plural(len(found), 'clash', 'clashes')}\n\n", "bold red")
    table = [[c.kind, c.who, _day(c.start), _day(c.end), "; ".join(c.inspections)] for c in found]
    _columns(out, ("Kind", "Who", "From", "To", "Inspections"), table)
    return out.render(color=color)


# -- check -i -----------------------------------------------------------------------------------

AUDIT_FIELDS = (
    "inspection", "framework", "authority", "id", "title", "due", "actual", "status", "late",
    "late_unit",
)  # fmt: skip
SUMMARY_FIELDS = (
    "id", "judged", "met", "missed", "overdue", "on_time", "median_late", "worst_late",
)  # fmt: skip


def _summaries(result: ProgrammeCheck) -> list[dict[str, Any]]:
    return [{k: getattr(s, k) for k in SUMMARY_FIELDS} for s in result.milestones]


@uncollected()
def programme_check_csv(result: ProgrammeCheck) -> str:
    """`check -i --format csv`: one row per inspection and deadline, for pandas."""
    rows = (
        {
            "inspection": j.inspection.name,
            "framework": j.report.plan.framework.id,
            "authority": j.inspection.authority,
            **check_record(r),
        }
        for j in result.judged
        for r in j.report.results
    )
    return to_csv(AUDIT_FIELDS, rows)


@uncollected()
def programme_check_json(result: ProgrammeCheck) -> str:
    """`check -i --format json`: every inspection's verdicts, then the programme's sums."""
    return to_json(
        {
            "as_of": result.as_of.isoformat(),
            "inspections": [
                {
                    "inspection": j.inspection.name,
                    "framework": j.report.plan.framework.id,
                    "authority": j.inspection.authority,
                    "notification": j.report.plan.notification.isoformat(),
                    "results": [check_record(r) for r in j.report.results],
                    "summary": j.report.summary,
                }
                for j in result.judged
            ],
            "milestones": _summaries(result),
            "summary": result.totals,
        }
    )


@uncollected()
def programme_check_table(result: ProgrammeCheck, *, color: bool) -> str:
    """`check -i`: per inspection, then per milestone across the programme."""
    out = Styled()
    out.put(f"Deadlines checked as of {long_date(result.as_of)}\n\n", "bold")
    table: list[list[str]] = []
    for j in result.judged:
        # Spelt out rather than a generator over the statuses: ten thousand rows.
        plan, count = j.report.plan, j.report.counts.get
        table.append(
            [
                j.inspection.name,
                plan.framework.id,
                _day(plan.notification),
                str(count("met", 0)),
                str(count("missed", 0)),
                str(count("overdue", 0)),
                str(count("due", 0)),
                str(count("pending", 0)),
            ]
        )
    headers = ("Inspection", "Framework", "Notified", "Met", "Missed", "Overdue", "Due")
    _columns(out, (*headers, "Pending"), table)
    out.put("\nBy milestone (lateness in working days, over missed and overdue):\n\n", "bold")
    table = [
        [
            s["id"],
            *(str(s[k]) for k in ("judged", "met", "missed", "overdue")),
            "" if s["on_time"] is None else f"{s['on_time']:.0%}",
            "" if s["median_late"] is None else f"{s['median_late']:g}",
            "" if s["worst_late"] is None else str(s["worst_late"]),
        ]
        for s in _summaries(result)
    ]
    headers = ("Milestone", "Judged", "Met", "Missed", "Overdue", "On time", "Median late")
    _columns(out, (*headers, "Worst late"), table)
    totals = result.totals
    headline = (
        f"\n{totals['missed']} of {totals['deadlines']} deadlines missed across "
        f"{totals['inspections']} inspections; {totals['overdue']} overdue\n"
    )
    out.put(headline, "bold red" if result.failed else "bold green")
    return out.render(color=color)


# -- formats per command ----------------------------------------------------------------------


def _as(render: Callable[..., str | bytes], fmt: str) -> Callable[[Any, Style], str | bytes]:
    def renderer(data: Any, style: Style) -> str | bytes:
        return render(data, fmt, color=style.color)

    return renderer


# Each programme command's own formats: `choose` refuses any other with this list.
PLAN_PROGRAMME_FORMATS = {fmt: _as(render_programme, fmt) for fmt in ("table", "json", "csv")}
AGENDA_FORMATS = {fmt: _as(render_agenda, fmt) for fmt in ("table", "json", "csv", "ics")}
CLASHES_FORMATS = {fmt: _as(render_clashes, fmt) for fmt in ("table", "json", "csv")}
CHECK_PROGRAMME_FORMATS: dict[str, Callable[[ProgrammeCheck, Style], str | bytes]] = {
    "table": lambda result, style: programme_check_table(result, color=style.color),
    "json": lambda result, style: programme_check_json(result),
    "csv": lambda result, style: programme_check_csv(result),
}
