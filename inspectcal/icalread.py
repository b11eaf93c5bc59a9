"""Every iCalendar file inspectcal reads: closures calendars and its own published feeds.

`ical.py` writes calendars; this module, beside it, is the only one that parses them, so the
rules for a value that is malformed, or legal but odd (a UTC `UNTIL` on an all-day repeat, as
several calendar apps export), are written once. icalendar's parser is lenient: a bad value
lands in `component.errors` instead of raising, so each event is checked here and every
problem becomes one `MalformedDataFile` naming the file and the line of the property.

Recurrences (RRULE, RDATE, EXDATE) are expanded only between the days the caller asks for: a
rule with no end, or one repeating every minute, must not cost a walk to the year 9999.

icalendar and dateutil are imported inside the functions that need them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from inspectcal.errors import MalformedDataFile

# Repeats more often than daily make no sense for an all-day closure, and unbounded they would
# be millions of instances: refused.
_SUB_DAILY = re.compile(r"FREQ=(SECONDLY|MINUTELY|HOURLY)", re.IGNORECASE)
# A UTC UNTIL (...T000000Z) on an all-day event: dateutil wants it naive like the date start,
# and the day is what counts.
_UNTIL_TIME = re.compile(r"(UNTIL=[0-9]{8})T[0-9]{6}Z?", re.IGNORECASE)
_INTERVAL = re.compile(r"INTERVAL=([^;]*)", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class PublishedEvent:
    """What subscribers already hold of one event: its revision and what it showed."""

    sequence: int
    modified: datetime
    start: date | datetime
    end: date | datetime | None
    summary: str


class _Problem(ValueError):
    """A property of an event that cannot be used; carries the property for the line."""

    def __init__(self, prop: str, problem: str) -> None:
        super().__init__(problem)
        self.prop = prop
        self.problem = problem


def parse_calendar(data: str | bytes, label: str) -> tuple[Any, list[dict[str, int]]]:
    """The parsed calendar and, per VEVENT in file order, the line of each property."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError as err:
        problem = " ".join(str(err).split())
        problem = problem if len(problem) <= 120 else problem[:117] + "..."
        raise MalformedDataFile(label, None, f"not a valid iCalendar file ({problem})") from err
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return calendar, event_lines(text)


def event_lines(text: str) -> list[dict[str, int]]:
    """For each VEVENT, the first line of each of its own properties (not its alarms'), and
    `BEGIN` for the line the event starts on; folded continuation lines are skipped."""
    found: list[dict[str, int]] = []
    stack: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t"):
            continue
        name = re.split(r"[;:]", line, maxsplit=1)[0].strip().upper()
        value = line.partition(":")[2].strip().upper()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                found.append({"BEGIN": number})
        elif name == "END":
            if stack:
                stack.pop()
        elif stack and stack[-1] == "VEVENT" and found:
            found[-1].setdefault(name, number)
    return found


# -- closures ---------------------------------------------------------------------------------


def read_closure_events(text: str, label: str, *, first: date, last: date) -> dict[date, str]:
    """The all-day events of a calendar as closed days (by summary), between `first` and
    `last` inclusive; timed events do not close the office for the day and are skipped."""
    calendar, lines = parse_calendar(text, label)
    closed: dict[date, str] = {}
    for index, event in enumerate(calendar.walk("VEVENT")):
        name = str(event.get("SUMMARY", "closure"))
        at = lines[index] if index < len(lines) else {}
        try:
            days = _event_days(event, first=first, last=last)
        except _Problem as err:
            line = at.get(err.prop, at.get("BEGIN"))
            raise MalformedDataFile(
                label, line, f"event {name!r}: bad {err.prop} ({err.problem})"
            ) from None
        for day in days:
            closed[day] = name
    return closed


def _event_days(event: Any, *, first: date, last: date) -> list[date]:
    errors = list(getattr(event, "errors", []))
    if errors:
        prop, problem = errors[0]
        raise _Problem(str(prop), str(problem))
    if "DTSTART" not in event:
        raise _Problem("DTSTART", "the event has no start date")
    try:
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND", None)
        duration = event.decoded("DURATION", None)
    except (ValueError, TypeError) as err:
        raise _Problem("DTSTART", str(err)) from None
    if isinstance(start, datetime):
        return []
    if not isinstance(start, date):
        raise _Problem("DTSTART", f"{start!r} is not a date")
    length = 1
    if isinstance(end, date):
        length = (end - start).days
        if length < 1:
            raise _Problem("DTEND", f"{end.isoformat()} is not after the start")
    elif isinstance(duration, timedelta):
        length = duration.days
        if length < 1:
            raise _Problem("DURATION", "an all-day closure lasts at least a day")
    days: list[date] = []
    for day in _starts(event, start, first=first, last=last):
        stop = min(day.toordinal() + length - 1, last.toordinal())
        begin = max(day.toordinal(), first.toordinal())
        days += (date.fromordinal(o) for o in range(begin, stop + 1))
    return days


def _starts(event: Any, start: date, *, first: date, last: date) -> list[date]:
    """The start dates of an event: itself, or every instance of its RRULE and RDATEs less its
    EXDATEs. Instances starting before `first` still count when they run into it, so the rule
    is expanded from the event's own start, but never past `last`."""
    rule = event.get("RRULE")
    rdates = _dates(event, "RDATE")
    exdates = set(_dates(event, "EXDATE"))
    if rule is None:
        starts = [start, *rdates]
    else:
        starts = [*_expand(rule.to_ical().decode(), start, last), *rdates]
    return sorted({day for day in starts if day <= last and day not in exdates})


def _expand(rule: str, start: date, last: date) -> list[date]:
    """The starts of a rule up to `last`; INTERVAL=0 would never get there, so it is refused."""
    from dateutil.rrule import rrulestr

    if "FREQ=" not in rule.upper():
        raise _Problem("RRULE", "no FREQ; a repeat reads e.g. RRULE:FREQ=YEARLY;COUNT=3")
    if _SUB_DAILY.search(rule):
        raise _Problem("RRULE", "an all-day closure cannot repeat more often than daily")
    interval = _INTERVAL.search(rule)
    if interval and not re.fullmatch(r"0*[1-9][0-9]*", interval.group(1)):
        raise _Problem("RRULE", f"INTERVAL={interval.group(1)}; it counts periods from 1 up")
    try:
        instances = rrulestr(_UNTIL_TIME.sub(r"\1", rule), dtstart=datetime.combine(start, time()))
        until = datetime.combine(last, time())
        return [moment.date() for moment in instances.between(datetime.min, until, inc=True)]
    except (ValueError, TypeError, OverflowError) as err:
        raise _Problem("RRULE", str(err) or "not a recurrence rule") from None


def _dates(event: Any, prop: str) -> list[date]:
    """The days of an RDATE or EXDATE property, however many lines it is given on; a PERIOD
    counts from its start, a date-time as its day."""
    found = event.get(prop, [])
    days: list[date] = []
    for entry in found if isinstance(found, list) else [found]:
        for item in getattr(entry, "dts", []):
            value = item.dt
            if isinstance(value, tuple):
                value = value[0]
            if isinstance(value, datetime):
                value = value.date()
            if not isinstance(value, date):
                raise _Problem(prop, f"{value!r} is not a date")
            days.append(value)
    return days


# -- published feeds --------------------------------------------------------------------------


def read_published_events(path: Path) -> dict[str, PublishedEvent]:
    """The events of a feed inspectcal published, by UID (the highest SEQUENCE if a UID is
    listed twice): re-publishing revises only what changed since."""
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise MalformedDataFile(label, None, f"cannot read it ({err.strerror})") from err
    calendar, lines = parse_calendar(data, label)
    held: dict[str, PublishedEvent] = {}
    for index, event in enumerate(calendar.walk("VEVENT")):
        at = lines[index] if index < len(lines) else {}
        try:
            uid = str(event["UID"])
            item = PublishedEvent(
                sequence=int(event.get("SEQUENCE", 0)),
                modified=event.decoded("LAST-MODIFIED", None) or event.decoded("DTSTAMP"),
                start=event.decoded("DTSTART"),
                end=event.decoded("DTEND", None),
                summary=str(event.get("SUMMARY", "")),
            )
        except (KeyError, ValueError, TypeError) as err:
            problem = f"an event without a readable UID, SEQUENCE, DTSTAMP or DTSTART ({err})"
            raise MalformedDataFile(label, at.get("BEGIN"), problem) from None
        earlier = held.get(uid)
        if earlier is None or item.sequence > earlier.sequence:
            held[uid] = item
    return held
