"""Rendering a plan as an RFC 5545 calendar that subscribed clients keep in step.

Subscribers' calendars match events by UID and notice revisions by SEQUENCE, so both are
derived from what a milestone *is* (inspection name + milestone id) and from a stored history,
never from dates or the wall clock: re-rendering the same plan gives the same bytes, and a plan
whose dates moved updates events in place instead of duplicating them. The field notes in
`shared/notes/ical-feeds.md` explain each client quirk worked around here.

icalendar is imported inside the functions that need it, so `inspectcal plan` never pays for it.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Unpack
from zoneinfo import ZoneInfo

from inspectcal.errors import BadInput, BadReminder, EmptyName, plural
from inspectcal.fields import DASH, clock, day_range, long_date, printed_days, spoken_range
from inspectcal.frameworks import (
    AUDIENCE_LABEL,
    AUDIENCE_SCOPE,
    shown_to,
    validate_audience,
)

if TYPE_CHECKING:
    from inspectcal.plan import Plan, PlannedMilestone, PlanRequest

PRODID = "-//inspectcal//inspectcal//EN"
LONDON = ZoneInfo("Europe/London")
UID_DOMAIN = "inspectcal"
# A deadline "by 5pm" is drawn as a short block starting at the deadline: RFC 5545 forbids
# DTEND == DTSTART, and a block is visible in every client's day view.
TIMED_LENGTH = timedelta(minutes=30)
REMINDER_TIME = time(9, 0)
REFRESH = timedelta(hours=1)
_MAX_REMINDER = timedelta(days=366)


@dataclass(frozen=True, kw_only=True)
class Reminder:
    """When a deadline's alarm fires.

    `working_days` is "N working days before the milestone's date, at 09:00 London time": it
    depends on bank holidays, which no calendar client knows, so it is rendered as an absolute
    UTC trigger computed from the plan's calendar. `before` is a plain duration before the
    event's start, rendered as a relative trigger (all-day events start at local midnight).
    """

    working_days: int | None = None
    before: timedelta | None = None

    @property
    def words(self) -> str:
        """The reminder as the calendar's description says it."""
        if self.working_days is not None:
            n = self.working_days
            if n == 0:
                return "at 09:00 on the day"
            return f"{plural(n, 'working day')} before, at 09:00"
        assert self.before is not None
        return f"{_duration_words(self.before)} before the start"


DEFAULT_REMINDER = Reminder(working_days=1)

_SHORT = re.compile(r"^(\d{1,4})\s*(wd|w|d|h|m)$")
_ISO = re.compile(r"^-?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def parse_reminder(text: str) -> Reminder | None:
    """Read a reminder as people write it: `1wd` (working days), `2d`, `3h`, `30m`, `1w`,
    ISO `P1D`/`PT2H`, `none`.

    Durations always count *back* from the milestone; a leading minus on an ISO duration is
    accepted because that is how RFC 5545 itself writes "before".
    """
    raw = text.strip().lower()
    if raw in ("none", "off", "no"):
        return None
    short = _SHORT.match(raw)
    iso = _ISO.match(raw.upper())
    if short:
        amount, unit = int(short.group(1)), short.group(2)
        if unit == "wd":
            if amount > 260:
                raise BadReminder(f"reminder {text!r} is more than a year; use at most 260wd")
            return Reminder(working_days=amount)
        size = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1)}
        try:
            before = amount * size.get(unit, timedelta(minutes=1))
        except OverflowError:
            before = _MAX_REMINDER + timedelta(days=1)
    elif iso and any(iso.groups()) and not raw.endswith("t"):
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in iso.groups())
        try:
            before = timedelta(
                weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds
            )
        except OverflowError:
            before = _MAX_REMINDER + timedelta(days=1)  # far more than a year: refused below
    else:
        raise BadReminder(
            f"malformed reminder {text!r}; write 1wd (working days before, at 09:00), "
            "2d, 3h, 30m, 1w, an ISO duration such as P1D or PT2H, or none"
        )
    if before > _MAX_REMINDER:
        raise BadReminder(f"reminder {text!r} is more than a year; choose a shorter reminder")
    return Reminder(before=before)


def _duration_words(span: timedelta) -> str:
    total = int(span.total_seconds()) // 60
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")) if n
    ]
    return " ".join(parts) or "0 minutes"


@dataclass(frozen=True, kw_only=True, slots=True)  # one per event of a publish
class Revision:
    """What a subscriber already holds for one UID: how often it was revised, and when.

    Stored in the published feed itself (SEQUENCE and LAST-MODIFIED), so that a re-publish can
    bump it only when the event really changed.
    """

    sequence: int
    modified: datetime


# -- naming -------------------------------------------------------------------------------


def default_name(plan: Plan) -> str:
    """The inspection's name when `--name` is not given.

    It contains the notification date, so UIDs change with it: feeds meant to be re-exported
    after the notification moves need an explicit `--name`.
    """
    return f"{plan.framework.short} {plan.notification.isoformat()}"


def slug(name: str) -> str:
    """A file-name- and UID-safe form of a name: ASCII letters, digits and hyphens."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return text[:60].strip("-") or "inspection-" + _digest(name)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def uid_for(name: str, milestone_id: str) -> str:
    """Stable across re-exports: made of the inspection's name and the milestone id only.

    The slug keeps UIDs readable; the digest of the exact name keeps two names that slug
    alike ("Café" and "Cafe") apart.
    """
    return f"{milestone_id}.{_uid_stem(name)}"


@lru_cache(maxsize=1024)
def _uid_stem(name: str) -> str:
    """The part of every UID of one inspection after its milestone id; a publish asks for it
    once per milestone, dozens of times per name in a row."""
    return f"{slug(name)}-{_digest(name)}@{UID_DOMAIN}"


def select(plan: Plan, audience: str) -> tuple[PlannedMilestone, ...]:
    """The milestones one audience's calendar carries: its own plus those marked for all."""
    validate_audience(audience)
    return tuple(m for m in plan.milestones if shown_to(m.audience, audience))


def source_date_epoch() -> datetime | None:
    """The reproducible-builds clock (SOURCE_DATE_EPOCH), when the environment sets one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError) as err:
        raise BadInput(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds; fix or unset it"
        ) from err


def default_stamp(plan: Plan) -> datetime:
    """DTSTAMP for a stateless export: SOURCE_DATE_EPOCH when set, else derived from the plan.

    Never the wall clock: a stamp that moves on every run changes the bytes on every poll.
    Midnight UTC of the notification date is the moment the plan's facts begin.
    """
    return source_date_epoch() or datetime.combine(plan.notification, time(0), tzinfo=UTC)


# -- event content ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """When an event happens, as the calendar will say it: what a revision is judged on."""

    start: date | datetime
    end: date | datetime
    summary: str


def schedule(plan: Plan, milestone: PlannedMilestone) -> Schedule:
    """Timed milestones start at their London clock time; the rest are all-day events.

    All-day DTEND is exclusive (the day after the last day), as RFC 5545 and every client
    expect; a phase runs from its first to its last day inclusive.
    """
    summary = f"{plan.framework.short}: {milestone.label}"
    if milestone.time is not None and milestone.end_date is None:
        start = datetime.combine(milestone.date, milestone.time, tzinfo=LONDON)
        end = _wall_clock_add(start, TIMED_LENGTH)
        return Schedule(start=start, end=end, summary=summary)
    if milestone.time_label and milestone.time is None:
        summary = f"{summary} ({milestone.time_label})"
    last = milestone.end_date or milestone.date
    return Schedule(start=milestone.date, end=last + timedelta(days=1), summary=summary)


def _wall_clock_add(start: datetime, span: timedelta) -> datetime:
    """Add real elapsed time to a zone-aware datetime (Python adds wall-clock time)."""
    return (start.astimezone(UTC) + span).astimezone(LONDON)


def describe(plan: Plan, milestone: PlannedMilestone, *, name: str) -> str:
    """The event body: who acts, when, by which rule, and the words of the source.

    The fields are the table's and the page's (the functions `fields` is made of); only the
    layout is the feed's own, and a clock time is said to be UK time because a calendar client
    may show another zone.
    """
    # The few fields a description shows, each by the function `fields` uses, rather than
    # all of them: a published programme describes every milestone of every inspection.
    title, label = milestone.title, milestone.label
    lines = [title] if label != title else []
    lines.append(f"Who acts: {milestone.party}")
    when = spoken_range(milestone.date, milestone.end_date)
    if milestone.time_label:
        hhmm = clock(milestone)
        zone = f" ({hhmm} UK time)" if hhmm else ""
        when = f"{when}, {milestone.time_label}{zone}"
    lines.append(f"When: {when}")
    if printed_days(milestone):
        plain = day_range(milestone.day, milestone.end_day)
        lines.append(f"Timetable: {'days' if DASH in plain else 'day'} {plain}")
    lines.append(f"Rule: {milestone.rule}")
    if milestone.pinned:
        due = milestone.due.isoformat()
        moved = f"; the rule gives {due}" if milestone.due != milestone.date else ""
        lines.append(f"Date fixed by the planner{moved}")
    lines.append(f"Source: {milestone.source}")
    lines.append(f"“{milestone.quote}”")
    lines.extend(f"Note: {note}" for note in milestone.notes)
    lines.append(f"Inspection: {name} ({plan.framework.title})")
    return "\n".join(lines)


def categories(milestone: PlannedMilestone) -> list[str]:
    """Who acts, so that a team can colour or filter by party; deadlines marked as such."""
    found = [milestone.party]
    if milestone.deadline:
        found.append("Deadline")
    return found


def trigger(plan: Plan, milestone: PlannedMilestone, reminder: Reminder) -> datetime | timedelta:
    """The alarm's TRIGGER: an absolute UTC instant for working days, else a duration.

    "One working day before, at 09:00" cannot be a relative duration: the gap to the event
    depends on weekends and bank holidays, and a duration across a clock change is read
    differently by different clients. An absolute UTC instant means the same to all of them.
    """
    if reminder.working_days is None:
        assert reminder.before is not None
        return -reminder.before
    on = milestone.date
    if reminder.working_days:
        on = plan.calendar.add_working_days(on, -reminder.working_days)
    return datetime.combine(on, REMINDER_TIME, tzinfo=LONDON).astimezone(UTC)


# -- the calendar -------------------------------------------------------------------------


def calendar_name(name: str, audience: str) -> str:
    """A feed's name: the inspection's, with the audience when it is one side's view."""
    return name if audience == "all" else f"{name} ({AUDIENCE_LABEL[audience]})"


def calendar_description(plan: Plan, *, name: str, audience: str) -> str:
    """What a subscriber reads about the whole feed: whose milestones, which rules."""
    fw = plan.framework
    whose = AUDIENCE_SCOPE[audience]
    return (
        f"{name}: {fw.title} timetable ({fw.cite_as}), notified "
        f"{long_date(plan.notification)}, on "
        f"{plan.calendar.name} working days; {whose}. Generated by inspectcal: check each "
        "date against the guidance it cites."
    )


def build_calendar(
    *,
    plan: Plan,
    name: str,
    audience: str = "all",
    reminder: Reminder | None = DEFAULT_REMINDER,
    stamp: datetime,
    revisions: Mapping[str, Revision] | None = None,
) -> bytes:
    """One VCALENDAR for one inspection and audience."""
    validate_audience(audience)
    return render_calendar(
        name=calendar_name(name, audience),
        description=calendar_description(plan, name=name, audience=audience),
        events=build_events(
            plan=plan,
            name=name,
            audience=audience,
            reminder=reminder,
            stamp=stamp,
            revisions=revisions,
        ),
    )


def build_events(
    *,
    plan: Plan,
    name: str,
    audience: str,
    reminder: Reminder | None,
    stamp: datetime,
    revisions: Mapping[str, Revision] | None = None,
) -> list[Any]:
    """The VEVENTs of one inspection and audience.

    `stamp` is DTSTAMP/LAST-MODIFIED for events with no entry in `revisions`; `revisions`
    (by UID) carries SEQUENCE and LAST-MODIFIED for events a subscriber already holds.
    """
    known = revisions or {}
    return [
        build_event(
            plan,
            m,
            name=name,
            reminder=reminder,
            revision=known.get(uid_for(name, m.id)) or Revision(sequence=0, modified=stamp),
        )
        for m in select(plan, audience)
    ]


def render_calendar(*, name: str, description: str, events: Sequence[Any]) -> bytes:
    """The calendar bytes: CRLF lines folded at 75 octets, events in a fixed order."""
    cal = new_calendar(name=name, description=description)
    for event in sorted_events(list(events)):
        cal.add_component(event)
    return bytes(cal.to_ical())


def new_calendar(*, name: str, description: str) -> Any:
    """The calendar-level properties, avoiding icalendar 7's `Calendar.new()` defaults.

    No UID on the VCALENDAR (vdirsyncer collapses the feed into one event), REFRESH-INTERVAL
    with its required VALUE=DURATION, X-PUBLISHED-TTL as a duration rather than text, and a
    VTIMEZONE written with RRULEs: the RDATE lists icalendar generates are misread by
    Thunderbird's and Radicale's parsers after the October clock change.
    """
    from icalendar import Calendar, vDuration, vText

    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    # icalendar 7.3 writes NAME and X- properties unescaped unless given as vText.
    cal.add("NAME", vText(name))
    cal.add("X-WR-CALNAME", vText(name))
    cal.add("DESCRIPTION", vText(description))
    cal.add("X-WR-CALDESC", vText(description))
    cal.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    cal.add_component(london_timezone())
    return cal


def london_timezone() -> Any:
    """Europe/London in the RRULE form Outlook and Google export (UK rules since 1996)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("TZID", "Europe/London")
    for part, tzname, start, month, offset_from, offset_to in (
        (TimezoneDaylight(), "BST", datetime(1970, 3, 29, 1, 0), 3, 0, 1),
        (TimezoneStandard(), "GMT", datetime(1970, 10, 25, 2, 0), 10, 1, 0),
    ):
        part.add("TZNAME", tzname)
        part.add("TZOFFSETFROM", timedelta(hours=offset_from))
        part.add("TZOFFSETTO", timedelta(hours=offset_to))
        part.add("DTSTART", start)
        part.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
        zone.add_component(part)
    return zone


def build_event(
    plan: Plan,
    milestone: PlannedMilestone,
    *,
    name: str,
    reminder: Reminder | None,
    revision: Revision,
) -> Any:
    """One milestone as a VEVENT, with a stable UID so a re-published feed updates the
    event rather than adding a second."""
    from icalendar import Alarm, Event

    when = schedule(plan, milestone)
    modified = revision.modified.astimezone(UTC)
    event = Event()
    event.add("UID", uid_for(name, milestone.id))
    event.add("DTSTAMP", modified)
    event.add("LAST-MODIFIED", modified)
    event.add("SEQUENCE", revision.sequence)
    event.add("SUMMARY", when.summary)
    event.add("DTSTART", when.start)
    event.add("DTEND", when.end)
    if not isinstance(when.start, datetime):
        event.add("TRANSP", "TRANSPARENT")
    event.add("DESCRIPTION", describe(plan, milestone, name=name))
    event.add("CATEGORIES", categories(milestone))
    if milestone.deadline and reminder is not None:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", f"{when.summary} ({reminder.words})")
        fire = trigger(plan, milestone, reminder)
        if isinstance(fire, datetime):
            # icalendar omits VALUE=DATE-TIME, which RFC 5545 requires for an absolute trigger.
            alarm.add("TRIGGER", fire, parameters={"VALUE": "DATE-TIME"})
        else:
            alarm.add("TRIGGER", fire)
        event.add_component(alarm)
    return event


def sorted_events(events: list[Any]) -> list[Any]:
    """By start, then UID: the order never depends on how the plan was built."""

    def key(event: Any) -> tuple[str, str]:
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            at = start.astimezone(UTC).strftime("%Y%m%dT%H%M%S")
        else:
            at = start.strftime("%Y%m%d")
        return at, str(event["UID"])

    return sorted(events, key=key)


# -- the one call behind `inspectcal export` ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Export:
    """An export's bytes and the plan's warnings, which the CLI prints on stderr."""

    data: bytes
    warnings: tuple[str, ...]  # the plan's own warnings, for the CLI to show on stderr


def export_calendar(
    *,
    name: str | None = None,
    audience: str = "all",
    reminder: Reminder | None = DEFAULT_REMINDER,
    **request: Unpack[PlanRequest],
) -> Export:
    """The one call behind `inspectcal export`: `make_plan`'s names in, feed bytes out."""
    from inspectcal.plan import make_plan

    validate_audience(audience)
    plan = make_plan(**request)
    data = build_calendar(
        plan=plan,
        name=_clean_name(name) if name is not None else default_name(plan),
        audience=audience,
        reminder=reminder,
        stamp=default_stamp(plan),
    )
    return Export(data=data, warnings=plan.warnings)


def _clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise EmptyName("the inspection name is empty; give one, e.g. 'Bedford JTAI 2016'")
    return text


class EventWriter:
    """`build_event(...).to_ical()` at a fraction of the cost, for feeds of thousands of events.

    icalendar writes each property as a content line of its own (escaped and folded on its
    own), so an event's bytes are its property lines in icalendar's order. Across a programme
    nearly every line repeats: a milestone's SUMMARY and CATEGORIES, a date, a stamp, the
    alarm. This writer has icalendar write each distinct line once and reuses the bytes; only
    the lines unique to an event (its UID and DESCRIPTION) are written afresh, by icalendar's
    `content_line` alone, and the order is the one icalendar gave the first event of the same
    shape. One writer per run: the
    remembered lines are that run's.
    """

    def __init__(self) -> None:
        self._lines: dict[tuple[object, ...], bytes] = {}
        self._orders: dict[tuple[bool, bool], list[tuple[str, str]]] = {}
        # icalendar's Event (only for its content_line) and vText, imported at the first line.
        self._text: tuple[Any, Any] | None = None

    def event(
        self,
        plan: Plan,
        milestone: PlannedMilestone,
        *,
        name: str,
        reminder: Reminder | None,
        revision: Revision,
        when: Schedule | None = None,
    ) -> bytes:
        """The bytes icalendar gives for `build_event` with the same arguments; `when` is
        `schedule(plan, milestone)` when the caller has it already."""
        if when is None:
            when = schedule(plan, milestone)
        modified = revision.modified.astimezone(UTC)
        timed = isinstance(when.start, datetime)
        alarm = milestone.deadline and reminder is not None
        values: dict[tuple[str, str], object] = {
            ("VEVENT", "DTSTAMP"): modified,
            ("VEVENT", "LAST-MODIFIED"): modified,
            ("VEVENT", "SEQUENCE"): revision.sequence,
            ("VEVENT", "SUMMARY"): when.summary,
            ("VEVENT", "DTSTART"): when.start,
            ("VEVENT", "DTEND"): when.end,
            ("VEVENT", "CATEGORIES"): tuple(categories(milestone)),
        }
        if not timed:
            values["VEVENT", "TRANSP"] = "TRANSPARENT"
        if alarm:
            assert reminder is not None
            values["VALARM", "ACTION"] = "DISPLAY"
            values["VALARM", "DESCRIPTION"] = f"{when.summary} ({reminder.words})"
            values["VALARM", "TRIGGER"] = trigger(plan, milestone, reminder)
        order = self._orders.get((timed, alarm))
        if order is None:
            event = build_event(plan, milestone, name=name, reminder=reminder, revision=revision)
            order = self._orders[timed, alarm] = _order(event)
        lines = self._lines
        parts: list[bytes] = []
        for part in order:
            if part == ("VEVENT", "UID"):
                parts.append(self._text_line("UID", uid_for(name, milestone.id)))
            elif part == ("VEVENT", "DESCRIPTION"):
                parts.append(self._text_line("DESCRIPTION", describe(plan, milestone, name=name)))
            else:
                value = values.get(part, part[1])  # BEGIN and END: the component is the value
                # Type and zone are in the key: values that compare equal (a date and a
                # datetime, one instant in UTC and in London) are written differently.
                key = (*part, type(value), getattr(value, "tzinfo", None), value)
                found = lines.get(key)
                if found is None:
                    found = lines[key] = _property_line(*part, value)
                parts.append(found)
        return b"".join(parts)

    def _text_line(self, prop: str, value: str) -> bytes:
        """A TEXT property's line, escaped and folded by icalendar as `Event.add` would."""
        if self._text is None:  # imported once, not twice per event
            from icalendar import Event, vText

            self._text = (Event(), vText)
        event, text = self._text
        return bytes(event.content_line(prop, text(value)).to_ical()) + b"\r\n"


def _order(event: Any) -> list[tuple[str, str]]:
    """(component, property) in the order icalendar writes them; BEGIN and END as
    ("BEGIN", component)."""
    order: list[tuple[str, str]] = []
    inside: list[str] = []
    for prop, value in event.property_items():
        if prop == "BEGIN":
            inside.append(value.decode())
            order.append(("BEGIN", inside[-1]))
        elif prop == "END":
            order.append(("END", inside.pop()))
        else:
            order.append((inside[-1], prop))
    return order


def _property_line(component: str, prop: str, value: object) -> bytes:
    """One property's content line(s) exactly as icalendar writes it inside `component`, as
    `build_event` adds it (BEGIN and END given as ("BEGIN", component))."""
    from icalendar import Alarm, Event

    if component in ("BEGIN", "END"):
        data = bytes((Event() if prop == "VEVENT" else Alarm()).to_ical())
        head, _, tail = data.partition(b"\r\n")
        return head + b"\r\n" if component == "BEGIN" else tail
    made = Event() if component == "VEVENT" else Alarm()
    if isinstance(value, tuple):
        made.add(prop, list(value))
    elif prop == "TRIGGER" and isinstance(value, datetime):
        # As build_event: icalendar omits VALUE=DATE-TIME, which an absolute trigger needs.
        made.add(prop, value, parameters={"VALUE": "DATE-TIME"})
    else:
        made.add(prop, value)
    # The one line `made.to_ical()` writes for it (CATEGORIES' list is one vCategory), without
    # listing the component's properties first: a programme has thousands of distinct dates.
    return bytes(made.content_line(prop, made[prop]).to_ical()) + b"\r\n"


_PROPERTY_START = re.compile(rb"\r\n(?=[^ \t])")
_HOLES = {"name": "inspectcal-hole-for-the-name", "description": "inspectcal-hole-for-the-text"}


@cache
def _head_template() -> tuple[tuple[bytes | None, tuple[str, str]], ...]:
    """An empty calendar's lines before END:VCALENDAR, rendered once with placeholders for
    the name and the description: (bytes, _) for a fixed line, (None, (PROPERTY, which)) for
    a line to write per feed."""
    data = render_calendar(name=_HOLES["name"], description=_HOLES["description"], events=[])
    lines = [line + b"\r\n" for line in _PROPERTY_START.split(data)]
    lines[-1] = lines[-1][: -len(b"\r\n")]
    assert lines.pop() == b"END:VCALENDAR\r\n"
    template: list[tuple[bytes | None, tuple[str, str]]] = []
    for line in lines:
        prop, _, value = line.decode().partition(":")
        hole = next((k for k, v in _HOLES.items() if value.strip() == v), None)
        template.append((None, (prop, hole)) if hole else (line, ("", "")))
    return tuple(template)


def calendar_head(*, name: str, description: str) -> bytes:
    """`render_calendar` of no events, without its END:VCALENDAR: the bytes a streamed feed
    starts with. The lines that never change (the time zone among them) are icalendar's
    from one render; the name and description lines are written by icalendar per feed."""
    from icalendar import vText

    made = _calendar()
    given = {"name": name, "description": description}
    return b"".join(
        line
        if line is not None
        else bytes(made.content_line(prop, vText(given[which])).to_ical()) + b"\r\n"
        for line, (prop, which) in _head_template()
    )


@cache
def _calendar() -> Any:
    """An empty VCALENDAR, only for its `content_line`: how `Calendar.add` writes a line."""
    from icalendar import Calendar

    return Calendar()
