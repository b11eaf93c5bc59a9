"""Expanding a framework timetable into dated milestones.

Each milestone is timed from the one earlier milestone its source counts it from, and may
have further lower limits (`not_before`): the later date stands. A pinned date - a planner's
fixed fieldwork week, or an actual date in `check` - replaces the date the rule gives, and what
is counted from it follows; nothing else moves. When no notification date is given, it is
derived backwards from the pinned milestone nearest to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from inspectcal.errors import BadInput, ContradictoryPins, NotAWorkingDay, UnknownMilestone
from inspectcal.frameworks import WEEKDAYS, Framework, MilestoneSpec, load_framework
from inspectcal.workdays import WorkingCalendar


@dataclass(frozen=True, kw_only=True)
class PlannedMilestone:
    """A milestone on real dates.

    `due` is what the rule gives from the (effective) date of the milestone it depends on,
    or a later `not_before` bound; `date` is the effective date: the pinned date when pinned,
    else `due`. `check` compares actual dates against `due`.

    `day` is the working day the milestone really falls on, counted from the notification as
    the source numbers its days; `source_day` is the number the source prints. They differ
    only once a pin moves something, and a reader should see both rather than a source
    number on a date it no longer matches.
    """

    id: str
    title: str
    label: str
    party: str
    audience: str
    side: str | None
    day: int | None
    end_day: int | None
    source_day: int | None
    source_end_day: int | None
    date: dt.date
    end_date: dt.date | None
    due: dt.date
    time: dt.time | None
    time_label: str | None
    deadline: bool
    is_phase: bool
    depends_on: str | None
    offset: int
    unit: str
    rule: str
    source: str
    quote: str
    notes: tuple[str, ...]
    pinned: bool

    @property
    def weekday(self) -> str:
        return f"{self.date:%A}"


@dataclass(frozen=True, kw_only=True)
class Plan:
    framework: Framework
    calendar: WorkingCalendar
    notification: date
    milestones: tuple[PlannedMilestone, ...]
    days_off: tuple[tuple[date, str], ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    def milestone(self, milestone_id: str) -> PlannedMilestone:
        for item in self.milestones:
            if item.id == milestone_id:
                return item
        raise UnknownMilestone(milestone_id, self.framework.id, self.framework.ids)


def make_plan(
    *,
    framework: str,
    notify: date | None,
    pins: Mapping[str, date] | None = None,
    calendar: str = "england-and-wales",
    closures: Path | None = None,
    holidays_file: Path | None = None,
) -> Plan:
    """The one call behind `inspectcal plan`: names in, a dated plan out."""
    from inspectcal.bankholidays import load_calendar

    return build_plan(
        framework=load_framework(framework),
        calendar=load_calendar(calendar, closures=closures, holidays_file=holidays_file),
        notify=notify,
        pins=pins or {},
    )


def build_plan(
    *,
    framework: Framework,
    calendar: WorkingCalendar,
    notify: date | None,
    pins: Mapping[str, date],
    allow_any_day: bool = False,
) -> Plan:
    """Expand `framework` on `calendar`.

    `allow_any_day` is for actual dates (`check`): a draft really sent on a Saturday is a fact
    to judge, not an input error, so pins may fall on days off and may be out of order.
    """
    pins = dict(pins)
    for key in pins:
        if key not in framework.ids:
            raise UnknownMilestone(key, framework.id, framework.ids)
        span = framework.milestone(key).span
        if span is not None:
            raise BadInput(
                f"{key!r} is a phase from {span[0]} to {span[1]}; pin those milestones instead"
            )
    if notify is not None:
        if "notification" in pins and pins["notification"] != notify:
            raise ContradictoryPins(
                f"--notify {notify} and --at notification={pins['notification']} disagree; "
                "give the notification date once"
            )
        pins["notification"] = notify
    if not allow_any_day:
        for key, day in pins.items():
            if framework.milestone(key).unit == "working-days" and not calendar.is_working_day(day):
                what = "notification date" if key == "notification" else f"pinned date for {key}"
                raise NotAWorkingDay(
                    what=what,
                    day=day,
                    reason=calendar.why_closed(day),
                    next_working_day=calendar.roll_forward(day),
                )
    warnings: list[str] = []
    if "notification" not in pins:
        if not pins:
            raise BadInput("give the notification date (--notify DATE) or pin a milestone (--at)")
        pins["notification"] = _derive_notification(framework, calendar, pins, warnings)
    if not allow_any_day:
        _check_pins_agree(framework, pins)
    usual = framework.usual_notification_weekday
    on_usual_weekday = usual is None or f"{pins['notification']:%A}" == usual

    dates: dict[str, date] = {}
    planned: list[PlannedMilestone] = []
    for spec in framework.milestones:
        if spec.span is not None:
            due = dates[spec.span[0]]
            end = dates[spec.span[1]]
        else:
            due = (
                pins["notification"]
                if spec.after is None
                else _step(calendar, dates[spec.after], spec.offset, spec.unit)
            )
            for bound in spec.not_before:
                due = max(due, _step(calendar, dates[bound.after], bound.offset, bound.unit))
            end = None
        effective = pins.get(spec.id, due)
        if spec.end_day is not None and spec.span is None and spec.day is not None:
            end = calendar.add_working_days(effective, spec.end_day - spec.day)
        dates[spec.id] = effective
        planned.append(
            PlannedMilestone(
                id=spec.id,
                title=spec.title,
                label=spec.label,
                party=spec.party,
                audience=spec.audience,
                side=spec.side,
                day=_real_day(framework, calendar, pins["notification"], effective, spec.day),
                end_day=(
                    _real_day(framework, calendar, pins["notification"], end, spec.end_day)
                    if end is not None
                    else spec.end_day
                ),
                source_day=spec.day,
                source_end_day=spec.end_day,
                date=effective,
                end_date=end,
                due=due,
                time=spec.time,
                time_label=spec.time_label,
                deadline=spec.deadline,
                is_phase=spec.is_phase,
                depends_on=spec.after if spec.span is None else None,
                offset=spec.offset,
                unit=spec.unit,
                rule=spec.rule,
                source=framework.citation(spec),
                quote=spec.quote,
                notes=spec.notes
                + _date_notes(spec, effective, weekdays=on_usual_weekday and spec.id not in pins),
                pinned=spec.id in pins and spec.id != "notification",
            )
        )
    notification = pins["notification"]
    if framework.applies_from is not None and notification < framework.applies_from:
        instead = (
            f"; {framework.predecessor} is the framework for that date"
            if framework.predecessor
            else ""
        )
        warnings.append(
            f"{framework.id} applies from {framework.applies_from.isoformat()}, after the "
            f"notification date {notification.isoformat()}{instead}"
        )
    if usual is not None and not on_usual_weekday:
        warnings.append(
            f"{framework.short} inspections are usually notified on a {usual}; "
            f"{notification.isoformat()} is a {notification:%A}, so the weekdays the guidance "
            "prints will not match"
        )
    position = {mid: i for i, mid in enumerate(framework.ids)}
    ordered = sorted(planned, key=lambda m: (m.date, position[m.id]))
    first = min(m.date for m in ordered)
    last = max(m.end_date or m.date for m in ordered)
    warnings.extend(calendar.horizon_warnings(first, last))
    return Plan(
        framework=framework,
        calendar=calendar,
        notification=notification,
        milestones=tuple(ordered),
        days_off=tuple(calendar.days_off(first, last)),
        warnings=tuple(warnings),
        notes=framework.notes,
    )


def _real_day(
    framework: Framework,
    calendar: WorkingCalendar,
    notification: date,
    day: date,
    source_day: int | None,
) -> int | None:
    """The source-numbered working day `day` falls on; a day off counts as the next working
    day, the first on which anyone could act. Steps the source gives no number keep none."""
    if source_day is None:
        return None
    start = calendar.roll_forward(notification)
    return framework.notification_day + calendar.working_days_between(
        start, calendar.roll_forward(day)
    )


def _index(framework: Framework, milestone_id: str) -> int:
    return framework.ids.index(milestone_id)


def _step(calendar: WorkingCalendar, start: date, offset: int, unit: str) -> date:
    """The date `offset` units after `start`.

    A working-day count from a day off (a Saturday actual, a calendar-day deadline that fell
    on a Sunday) starts from the next working day, the first day anyone could act on it: a
    draft that arrives on a Saturday gives the council its full ten working days from Monday.
    """
    if unit == "working-days":
        return calendar.add_working_days(calendar.roll_forward(start), offset)
    if unit == "calendar-days":
        return start + timedelta(days=offset)
    from dateutil.relativedelta import relativedelta

    return start + relativedelta(months=offset)


def _unstep(calendar: WorkingCalendar, end: date, offset: int, unit: str) -> date:
    """The inverse of `_step`: the date a milestone must fall on for `end` to follow from it."""
    return _step(calendar, end, -offset, unit)


def _chain(framework: Framework, milestone_id: str) -> list[MilestoneSpec]:
    """The milestone and its ancestors, nearest first, ending at the notification."""
    chain = [framework.milestone(milestone_id)]
    while chain[-1].after is not None:
        chain.append(framework.milestone(chain[-1].after))
    return chain


def _distance(framework: Framework, milestone_id: str) -> tuple[int, int]:
    """How far a milestone is from the notification: (working days where known, hops)."""
    chain = _chain(framework, milestone_id)
    spec = chain[0]
    if spec.day is not None:
        return abs(spec.day - framework.notification_day), len(chain)
    days = sum(abs(s.offset) * (1 if s.unit == "working-days" else 20) for s in chain)
    return days, len(chain)


def _derive_notification(
    framework: Framework,
    calendar: WorkingCalendar,
    pins: Mapping[str, date],
    warnings: list[str],
) -> date:
    anchor = min(pins, key=lambda key: (_distance(framework, key), _index(framework, key)))
    day = pins[anchor]
    for spec in _chain(framework, anchor)[:-1]:
        day = _unstep(calendar, day, spec.offset, spec.unit)
    if not calendar.is_working_day(day):
        earlier = calendar.roll_back(day)
        warnings.append(
            f"counting back from {anchor} lands on {day:%A} {day.isoformat()}, not a working "
            f"day; the notification is taken as {earlier:%A} {earlier.isoformat()}"
        )
        day = earlier
    warnings.append(
        f"notification date {day.isoformat()} ({day:%A}) derived backwards from "
        f"{anchor} = {pins[anchor].isoformat()}"
    )
    return day


def _check_pins_agree(framework: Framework, pins: Mapping[str, date]) -> None:
    """A pinned milestone may not come before a pinned milestone it is timed from.

    Pins only contradict each other when they are on one chain and out of order; a pin that
    moves a milestone away from its rule is a planner's decision, not a contradiction.
    """
    for key, day in pins.items():
        for ancestor in _chain(framework, key)[1:]:
            if ancestor.id not in pins:
                continue
            earlier = pins[ancestor.id]
            chain = _chain(framework, key)
            forward = sum(s.offset for s in chain[: _depth(chain, ancestor.id)])
            if (forward >= 0 and day < earlier) or (forward < 0 and day > earlier):
                order = "after" if forward >= 0 else "before"
                raise ContradictoryPins(
                    f"pins contradict each other: {key} = {day.isoformat()} must fall {order} "
                    f"{ancestor.id} = {earlier.isoformat()}, which it is timed from; "
                    "correct one of the two dates"
                )


def _depth(chain: list[MilestoneSpec], ancestor_id: str) -> int:
    return [s.id for s in chain].index(ancestor_id)


def _date_notes(spec: MilestoneSpec, day: date, *, weekdays: bool) -> tuple[str, ...]:
    """Notes a reader needs next to the date: where the source's printed weekday disagrees.

    Weekday labels are compared only when the notification fell on the framework's usual
    weekday: otherwise every label is off and one warning says so.
    """
    notes: list[str] = []
    if weekdays and spec.weekday is not None and f"{day:%A}" != spec.weekday:
        notes.append(
            f"the source prints {spec.weekday} for day {spec.day}, but day {spec.day} "
            f"falls on a {day:%A}; the plan follows the day numbers"
        )
    if spec.unit != "working-days" and WEEKDAYS.index(f"{day:%A}") >= 5 and not spec.is_phase:
        notes.append(
            f"a {spec.unit.removesuffix('s')} deadline: it falls on a {day:%A} and is not moved "
            "to a working day"
        )
    return tuple(notes)
