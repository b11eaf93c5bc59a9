"""Domain helpers so that each test reads as a list of dates checked on a calendar, and the
feed readers (two independent iCalendar parsers that must agree) the export tests share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from inspectcal.plan import Plan, make_plan

Expected = str | tuple[str, str]
# A small timetable with every kind of milestone an export must render (see its comments).
MINI = str(Path(__file__).parent / "ical_mini.toml")


def d(text: str) -> date:
    return date.fromisoformat(text)


def plan_for(
    framework: str,
    notify: str | None,
    calendar: str = "england-and-wales",
    **pins: str,
) -> Plan:
    """A plan from ISO strings; pins use underscores for hyphens (fieldwork_start=...)."""
    return make_plan(
        framework=framework,
        notify=d(notify) if notify else None,
        pins={key.replace("_", "-"): d(value) for key, value in pins.items()},
        calendar=calendar,
    )


def assert_plan_dates(plan: Plan, expected: Mapping[str, Expected]) -> None:
    """Every listed milestone falls on the given date (or, for a phase, the given range).

    All mismatches are reported at once, so a wrong convention shows its whole footprint.
    """
    wrong: list[str] = []
    for milestone_id, want in expected.items():
        got = plan.milestone(milestone_id)
        if isinstance(want, tuple):
            actual: Expected = (
                got.date.isoformat(),
                (got.end_date or got.date).isoformat(),
            )
        else:
            actual = got.date.isoformat()
            if got.end_date is not None:
                wrong.append(f"{milestone_id}: is a phase to {got.end_date}; expect a range")
        if actual != want:
            wrong.append(f"{milestone_id}: expected {want}, got {actual}")
    assert not wrong, "\n".join(wrong)


def assert_every_milestone_listed(plan: Plan, expected: Mapping[str, Expected]) -> None:
    """The golden test of a whole plan: every milestone is listed, none is missing."""
    missing = sorted({m.id for m in plan.milestones} - set(expected))
    assert not missing, f"milestones without a hand-checked date: {missing}"
    assert_plan_dates(plan, expected)


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    """The console script in-process (`inspectcal.cli.run`, with its top-level handler, unlike
    typer's CliRunner): exit status, stdout, stderr."""
    from inspectcal.cli import run

    capsys.readouterr()
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- reading feeds back: two independent parsers --------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """One event as a parser read it; instants in UTC so that zones cannot hide an error."""

    uid: str
    start: date | datetime
    end: date | datetime
    summary: str
    description: str
    categories: tuple[str, ...]
    sequence: int
    trigger: datetime | timedelta | None


def _utc(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def by_icalendar(data: bytes) -> tuple[Any, dict[str, Parsed]]:
    import icalendar

    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    events: dict[str, Parsed] = {}
    for ev in cal.walk("VEVENT"):
        alarms = ev.walk("VALARM")
        assert len(alarms) <= 1
        uid = str(ev["UID"])
        assert uid not in events, f"duplicate UID {uid}"
        cats = ev.get("CATEGORIES")
        events[uid] = Parsed(
            uid=uid,
            start=_utc(ev.decoded("DTSTART")),
            end=_utc(ev.decoded("DTEND")),
            summary=str(ev["SUMMARY"]),
            description=str(ev["DESCRIPTION"]),
            categories=tuple(str(c) for c in cats.cats) if cats is not None else (),
            sequence=int(ev.decoded("SEQUENCE")),
            trigger=_utc(alarms[0].decoded("TRIGGER")) if alarms else None,  # type: ignore[arg-type]
        )
    return cal, events


def by_vobject(data: bytes) -> dict[str, Parsed]:
    # vobject keeps zones in a process-wide registry; clear it so this file's VTIMEZONE is
    # the one used, and check it was (not pytz's zone of the same name).
    import vobject  # type: ignore[import-untyped]

    vobject.icalendar.__dict__["__tzidMap"].clear()
    cal = vobject.readOne(data.decode("utf-8"))
    zone = vobject.icalendar.getTzid("Europe/London", smart=False)
    assert type(zone).__name__ == "_tzicalvtz"
    events: dict[str, Parsed] = {}
    for ev in cal.contents.get("vevent", []):
        alarm = ev.contents.get("valarm", [None])[0]
        trigger: Any = alarm.trigger.value if alarm is not None else None
        events[ev.uid.value] = Parsed(
            uid=ev.uid.value,
            start=_utc(ev.dtstart.value),
            end=_utc(ev.dtend.value),
            summary=ev.summary.value,
            description=ev.description.value,
            categories=tuple(ev.categories.value) if "categories" in ev.contents else (),
            sequence=int(ev.sequence.value),
            trigger=trigger.astimezone(UTC) if isinstance(trigger, datetime) else trigger,
        )
    return events


def parse_feed(data: bytes) -> dict[str, Parsed]:
    """Both parsers, which must agree on every field; also the RFC 5545 framing."""
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), "a line longer than 75 octets"
    data.decode("utf-8")
    _, first = by_icalendar(data)
    second = by_vobject(data)
    assert first == second
    return first


def events_by_id(events: dict[str, Parsed]) -> dict[str, Parsed]:
    return {uid.split(".", 1)[0]: ev for uid, ev in events.items()}
