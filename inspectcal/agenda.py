"""What happens across a programme: the agenda of a window, and the bookings that clash.

Both read a planned `Programme` and return plain data; `render_programme.py` lays it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Literal

from inspectcal.errors import BadInput
from inspectcal.frameworks import shown_to, validate_audience
from inspectcal.plan import PlannedMilestone
from inspectcal.programme import Inspection, Person, Programme, Scheduled, uncollected
from inspectcal.workdays import WorkingCalendar

DEFAULT_DAYS = 10  # "today and the next ten working days": two working weeks ahead

ClashKind = Literal["person", "authority", "capacity"]


# -- the agenda -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AgendaItem:
    """One milestone of one inspection that falls in (or, for a phase, overlaps) the window."""

    entry: Scheduled
    milestone: PlannedMilestone

    @property
    def inspection(self) -> Inspection:
        """The inspection the milestone belongs to: a row of a mixed agenda says whose it is."""
        return self.entry.inspection

    @property
    def people(self) -> tuple[Person, ...]:
        """Who is named on the inspection: an agenda is read to see who is busy when."""
        return self.entry.inspection.people

    def sort_key(self) -> tuple[date, time, str]:
        """Date, then time, then inspection: the order a calendar agenda lists items in."""
        # All-day items first on their day, as calendar agendas list them.
        return self.milestone.date, self.milestone.time or time(0), self.inspection.name


@dataclass(frozen=True, kw_only=True)
class Agenda:
    """The milestones of a programme that fall in one window, kept with the window itself so
    that a rendering can say which days it covers even when it is empty."""

    start: date
    end: date
    items: tuple[AgendaItem, ...]


def window(
    calendar: WorkingCalendar,
    *,
    today: date,
    start: date | None = None,
    end: date | None = None,
    days: int | None = None,
) -> tuple[date, date]:
    """The agenda's first and last day: from `start` (default today) to `end`, or `days`
    working days after the start (default ten), counted in the run's calendar."""
    if end is not None and days is not None:
        raise BadInput("give the window's end once: a number of working days or an end date")
    if days is not None and days < 0:
        raise BadInput(f"the window cannot run {days} working days; give 0 or more")
    first = start or today
    if end is None:
        count = DEFAULT_DAYS if days is None else days
        end = calendar.add_working_days(first, count) if count else first
    if end < first:
        raise BadInput(
            f"the window ends {end.isoformat()}, before it starts {first.isoformat()}; "
            "give an end on or after the start"
        )
    return first, end


def select(
    programme: Programme, *, who: str | None = None, authority: str | None = None
) -> Programme:
    """The inspections a person is booked on and of one authority (names matched without
    regard to case or spacing); None keeps every one."""
    person = Person(name=who).key if who is not None else None
    place = " ".join(authority.split()).casefold() if authority is not None else None
    kept = tuple(
        entry
        for entry in programme
        if (person is None or any(p.key == person for p in entry.inspection.people))
        and (place is None or (entry.inspection.authority or "").casefold() == place)
    )
    return replace(programme, entries=kept)


@uncollected()
def agenda(
    programme: Programme,
    *,
    start: date,
    end: date,
    who: str | None = None,
    authority: str | None = None,
    audience: str | None = None,
    deadlines: bool = False,
) -> Agenda:
    """Every milestone in [start, end] across the programme, in date then time order.

    A phase (fieldwork, the factual accuracy check) appears when any of its days falls in the
    window, so the agenda of a Wednesday shows the fieldwork that began on Monday.
    `who` keeps the inspections a person is booked on; `audience` keeps the milestones that
    audience's feed carries (its own and those for all), like `export --audience`.
    """
    if audience is not None:
        validate_audience(audience)
    items: list[AgendaItem] = []
    for entry in select(programme, who=who, authority=authority):
        first, last = entry.plan.span
        if first > end or last < start:
            continue  # every milestone is outside the window
        for milestone in entry.plan.milestones:
            if milestone.date > end or (milestone.end_date or milestone.date) < start:
                continue
            if deadlines and not milestone.deadline:
                continue
            if audience is not None and not shown_to(milestone.audience, audience):
                continue
            items.append(AgendaItem(entry=entry, milestone=milestone))
    items.sort(key=AgendaItem.sort_key)
    return Agenda(start=start, end=end, items=tuple(items))


# -- clashes ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Clash:
    """Two inspections that need the same person or authority at once, or a week with more
    inspections on site than the inspectorate can staff. `start`..`end` is the overlap."""

    kind: ClashKind
    who: str
    inspections: tuple[str, ...]
    start: date
    end: date


@uncollected()
def clashes(programme: Programme, *, max_onsite: int | None = None) -> tuple[Clash, ...]:
    """Every clash of the programme (see `Clash`), person clashes first, each kind by date.

    - person: booked on two inspections whose on-site fieldwork (fieldwork-start to
      fieldwork-end) overlaps;
    - authority: inspected twice at once, where an inspection lasts from notification to
      publication (an authority answering two inspections' factual accuracy checks at once
      is as stretched as one hosting two fieldworks);
    - capacity: a week (Monday to Sunday) in which, on some day, more than `max_onsite`
      inspections are on site; the clash names those on site on the busiest day.
    """
    if max_onsite is not None and max_onsite < 0:
        raise BadInput(f"the most inspections on site at once cannot be {max_onsite}")
    onsite: list[tuple[date, date, Scheduled]] = []
    booked: dict[str, tuple[str, list[tuple[date, date, Scheduled]]]] = {}
    live: dict[str, tuple[str, list[tuple[date, date, Scheduled]]]] = {}
    for entry in programme:
        item = entry.inspection
        span = entry.onsite()
        if span is not None:
            onsite.append((span[0], span[1], entry))
            for person in item.people:
                booked.setdefault(person.key, (person.name, []))[1].append((*span, entry))
        if item.authority:
            first, last = entry.plan.notification, entry.date_of("publication")
            if last is not None:
                key = item.authority.casefold()
                live.setdefault(key, (item.authority, []))[1].append((first, last, entry))
    found: list[Clash] = []
    for who, spans in booked.values():
        found += _overlaps("person", who, spans)
    for who, spans in live.values():
        found += _overlaps("authority", who, spans)
    found.sort(key=lambda c: (c.kind != "person", c.start, c.who.casefold(), c.inspections))
    if max_onsite is not None:
        found += _capacity(onsite, max_onsite)
    order = {"person": 0, "authority": 1, "capacity": 2}
    found.sort(key=lambda c: order[c.kind])  # stable: each kind keeps its date order
    return tuple(found)


def _overlaps(
    kind: ClashKind, who: str, spans: Iterable[tuple[date, date, Scheduled]]
) -> list[Clash]:
    """Every overlapping pair, by a sweep over start dates: linear plus the clashes found."""
    found: list[Clash] = []
    active: list[tuple[date, date, Scheduled]] = []
    for first, last, entry in sorted(spans, key=lambda s: (s[0], s[1], s[2].inspection.name)):
        active = [a for a in active if a[1] >= first]
        for other_first, other_last, other in active:
            found.append(
                Clash(
                    kind=kind,
                    who=who,
                    inspections=(other.inspection.name, entry.inspection.name),
                    start=max(first, other_first),
                    end=min(last, other_last),
                )
            )
        active.append((first, last, entry))
    return found


def _capacity(spans: Sequence[tuple[date, date, Scheduled]], limit: int) -> list[Clash]:
    """Weeks whose busiest day has more than `limit` inspections on site, by a day sweep."""
    if not spans:
        return []
    ordered = sorted(spans, key=lambda s: s[0])
    first = min(s[0] for s in ordered)
    last = max(s[1] for s in ordered)
    weeks: dict[date, tuple[date, date, int, tuple[str, ...]]] = {}
    active: list[tuple[date, date, Scheduled]] = []
    at = 0
    day = first
    while day <= last:
        while at < len(ordered) and ordered[at][0] <= day:
            active.append(ordered[at])
            at += 1
        active = [a for a in active if a[1] >= day]
        if len(active) > limit:
            monday = day - timedelta(days=day.weekday())
            names = tuple(sorted(a[2].inspection.name for a in active))
            held = weeks.get(monday)
            if held is None:
                weeks[monday] = (day, day, len(names), names)
            else:
                busiest = names if len(names) > held[2] else held[3]
                weeks[monday] = (held[0], day, max(held[2], len(names)), busiest)
        day += timedelta(days=1)
    return [
        Clash(
            kind="capacity",
            who=f"{count} on site (more than {limit})",
            inspections=names,
            start=start,
            end=end,
        )
        for start, end, count, names in weeks.values()
    ]
