"""Expanding a framework timetable into dated milestones.

Each milestone is timed from the one earlier milestone its source counts it from, and may
have further lower limits (`not_before`): the later date stands. A pinned date - a planner's
fixed fieldwork week, or an actual date in `check` - replaces the date the rule gives, and what
is counted from it follows; nothing else moves. When no notification date is given, it is
derived backwards from the pinned milestone nearest to it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Generic, NamedTuple, NotRequired, TypedDict, TypeVar

from inspectcal.errors import (
    BadInput,
    ContradictoryPins,
    MissingNotification,
    NotAWorkingDay,
    UnknownMilestone,
)
from inspectcal.frameworks import WEEKDAYS, Framework, MilestoneSpec, PerFramework
from inspectcal.workdays import DayIndex, WorkingCalendar

T = TypeVar("T")


class _FromSpec(Generic[T]):
    """A planned milestone's view of one field of its timetable row: read where it is kept,
    so the row is not copied into every plan (and a new key needs no second list)."""

    def __init__(self, key: str | None = None) -> None:
        self.key = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = self.key or name

    def __get__(self, item: PlannedMilestone, owner: type | None = None) -> T:
        value: T = getattr(item.spec, self.key or "")
        return value


@dataclass(frozen=True, kw_only=True)
class PlannedMilestone:
    """A milestone on real dates: the timetable row it comes from plus what planning decided.

    The row (`spec`) is kept whole rather than copied field by field, so a new key in the
    timetable reaches every output without a second list to keep in step.

    `due` is what the rule gives from the (effective) date of the milestone it depends on,
    or a later `not_before` bound; `date` is the effective date: the pinned date when pinned,
    else `due`. `check` compares actual dates against `due`.

    `day` is the working day the milestone really falls on, counted from the notification as
    the source numbers its days; `source_day` is the number the source prints. They differ
    only once a pin moves something, and a reader should see both rather than a source
    number on a date it no longer matches.
    """

    spec: MilestoneSpec
    cite_as: str
    day: int | None
    end_day: int | None
    date: dt.date
    end_date: dt.date | None
    due: dt.date
    notes: tuple[str, ...]
    pinned: bool

    id = _FromSpec[str]()
    title = _FromSpec[str]()
    label = _FromSpec[str]()
    party = _FromSpec[str]()
    audience = _FromSpec[str]()
    side = _FromSpec[str | None]()
    time = _FromSpec[dt.time | None]()
    time_label = _FromSpec[str | None]()
    deadline = _FromSpec[bool]()
    is_phase = _FromSpec[bool]()
    offset = _FromSpec[int]()
    unit = _FromSpec[str]()
    rule = _FromSpec[str]()
    quote = _FromSpec[str]()
    source_day = _FromSpec[int | None]("day")
    source_end_day = _FromSpec[int | None]("end_day")

    @property
    def depends_on(self) -> str | None:
        """The step the rule counts from; a phase is drawn between two steps, not counted."""
        return self.spec.after if self.spec.span is None else None

    @property
    def cite(self) -> str:
        """The citation as a table under the framework's heading shows it: the paragraph
        alone, or with its document when the step comes from another one."""
        return self.source if self.spec.document else self.spec.cite

    @property
    def source(self) -> str:
        """The full citation, readable away from the framework (a feed, a CSV row)."""
        return f"{self.spec.document or self.cite_as}, {self.spec.cite}"

    @property
    def weekday(self) -> str:
        """The weekday name a letter would print, to compare with the source's."""
        return f"{self.date:%A}"


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A dated plan with everything a reader needs to trust it: the calendar it was counted
    on, the days off that moved dates, and the warnings."""

    framework: Framework
    calendar: WorkingCalendar
    notification: date
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    # The dates, and the milestones made from them when first asked for (see `_Expansion`);
    # shared with every other plan of the same inputs.
    expansion: _Expansion = field(repr=False, compare=False)

    @cached_property
    def days_off(self) -> tuple[tuple[date, str], ...]:
        """The named days off within the plan's span, the ones that moved its dates: found
        when a view shows them, since judging or listing ten thousand plans never does."""
        return tuple(self.calendar.days_off(*self.expansion.span()))

    @cached_property
    def milestones(self) -> tuple[PlannedMilestone, ...]:
        """Every milestone in date order; a tie keeps the timetable's order."""
        planned = self.expansion.in_order
        return tuple(planned[at] for at in self.expansion.order())

    @property
    def span(self) -> tuple[date, date]:
        """The first and last day the plan covers, a phase to its end: an agenda passes over
        a plan that is all outside its window without looking at its milestones."""
        return self.expansion.span()

    @property
    def in_timetable_order(self) -> tuple[PlannedMilestone, ...]:
        """The milestones in the framework's row order: `check` walks them beside the rows
        instead of looking each one up by id."""
        return self.expansion.in_order

    def milestone(self, milestone_id: str) -> PlannedMilestone:
        """One milestone by id; an unknown id names the valid ones, as every input error does.
        (By its row's position, without building `by_id`: a check looks up one or two.)"""
        at = _compiled(self.framework).positions.get(milestone_id)
        if at is not None:
            return self.expansion.milestone_at(at)
        raise UnknownMilestone(milestone_id, self.framework.id, self.framework.ids)

    def row(self, at: int) -> PlannedMilestone:
        """The milestone of the framework's row `at` (its position in `framework.milestones`),
        for a caller walking the rows: made alone when the others are not needed."""
        return self.expansion.milestone_at(at)

    def date_of(self, milestone_id: str) -> date | None:
        """The date of a milestone, or None where the framework has no such step: a programme
        mixes frameworks, and asks each plan for the same few steps."""
        at = _compiled(self.framework).positions.get(milestone_id)
        return None if at is None else self.expansion.date_at(at)

    def due_at(self, at: int) -> date:
        """The due date of row `at`, without making its milestone: `check` compares it with
        the actual date, and a bulk check does that a hundred thousand times."""
        return self.expansion.due_at(at)

    @cached_property
    def by_id(self) -> dict[str, PlannedMilestone]:
        """The milestones by id, built once per plan: checking looks up every one."""
        return {item.id: item for item in reversed(self.milestones)}


class PlanRequest(TypedDict):
    """`make_plan`'s names as a type: a call that plans on the way (an export) takes them as
    `**request` and passes them on, instead of restating the list, and mypy checks both."""

    framework: str
    notify: date | None
    pins: NotRequired[Mapping[str, date] | None]
    calendar: NotRequired[str]
    closures: NotRequired[Path | None]
    holidays_file: NotRequired[Path | None]


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
    from inspectcal.programme import load_inputs

    loaded, working = load_inputs(
        framework, calendar=calendar, closures=closures, holidays_file=holidays_file
    )
    return build_plan(framework=loaded, calendar=working, notify=notify, pins=pins or {})


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
    warnings: list[str] = []
    pins = _validated_pins(framework, calendar, notify, pins, allow_any_day, warnings)
    notification = pins["notification"]
    usual = framework.usual_notification_weekday
    on_usual_weekday = usual is None or WEEKDAYS[notification.weekday()] == usual
    expansion = _expand_once(framework, calendar, pins, on_usual_weekday=on_usual_weekday)
    if not allow_any_day and len(pins) > 1:  # the notification alone is never `pinned`
        warnings.extend(_pins_before_anchors(framework, expansion.in_order))
    warnings.extend(_framework_warnings(framework, notification, on_usual_weekday))
    first, last = expansion.span()
    calendar.refuse_outside(first, last)
    warnings.extend(calendar.horizon_warnings(first, last))
    return Plan(
        framework=framework,
        calendar=calendar,
        notification=notification,
        warnings=tuple(warnings),
        notes=framework.notes,
        expansion=expansion,
    )


def _validated_pins(
    framework: Framework,
    calendar: WorkingCalendar,
    notify: date | None,
    given: Mapping[str, date],
    allow_any_day: bool,
    warnings: list[str],
) -> dict[str, date]:
    """The pins with the notification among them: given, or derived backwards.

    Refused here, before any date is computed: an unknown or phase id, a notification given
    twice with two dates, and (for plans, not actuals) a pin on a day off or pins out of order.
    """
    pins = dict(given)
    for key in pins:
        if not framework.has(key):
            raise UnknownMilestone(key, framework.id, framework.ids)
        span = framework.milestone(key).span
        if span is not None:
            raise BadInput(
                f"{key!r} is a phase from {span[0]} to {span[1]}; pin those milestones instead"
            )
    if notify is not None:
        if "notification" in pins and pins["notification"] != notify:
            raise ContradictoryPins(
                f"the notification date {notify} and the pinned notification "
                f"{pins['notification']} disagree; give the notification date once"
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
    if "notification" not in pins:
        if not pins:
            raise MissingNotification(
                "give the notification date or pin a milestone to count back from"
            )
        pins["notification"] = _derive_notification(framework, calendar, pins, warnings)
    if not allow_any_day:
        _check_pins_agree(framework, pins)
    return pins


# Expansions already made, per calendar: a programme plans hundreds of inspections notified on
# the same date with the same pins, and an expansion is a pure function of its inputs. Keyed
# weakly by calendar, and holding the framework to compare by identity, so a cached answer is
# never given for another calendar or framework; bounded for a long-running server.
_EXPANSIONS: weakref.WeakKeyDictionary[
    WorkingCalendar, dict[tuple[object, ...], tuple[Framework, _Expansion]]
] = weakref.WeakKeyDictionary()
_MAX_EXPANSIONS = 20_000


def _expand_once(
    framework: Framework,
    calendar: WorkingCalendar,
    pins: Mapping[str, date],
    *,
    on_usual_weekday: bool,
) -> _Expansion:
    """`_expand`, remembered: the milestones are frozen, so plans may share them."""
    memo = _EXPANSIONS.setdefault(calendar, {})
    key = (id(framework), on_usual_weekday, *sorted(pins.items()))
    found = memo.get(key)
    if found is not None and found[0] is framework:
        return found[1]
    planned: _Expansion | None = _expand_fast(
        framework, calendar, pins, on_usual_weekday=on_usual_weekday
    )
    if planned is None:
        made = _expand(framework, calendar, pins, on_usual_weekday=on_usual_weekday)
        planned = _Expansion(tuple(made))
    if len(memo) >= _MAX_EXPANSIONS:
        memo.clear()
    memo[key] = (framework, planned)
    return planned


def _expand(
    framework: Framework,
    calendar: WorkingCalendar,
    pins: Mapping[str, date],
    *,
    on_usual_weekday: bool,
) -> list[PlannedMilestone]:
    """Every milestone on a date, in timetable order: each step counted from the effective
    date of the one it follows, so a pin moves what is timed from it and nothing else."""
    notification = pins["notification"]
    counter = _DayCounter(calendar, calendar.roll_forward(notification))
    dates: dict[str, date] = {}
    planned: list[PlannedMilestone] = []
    base = framework.notification_day
    for spec in framework.milestones:
        end: date | None = None
        if spec.span is not None:
            due, end = dates[spec.span[0]], dates[spec.span[1]]
            counter.same(spec.id, spec.span[0])
            counter.same(f"{spec.id} end", spec.span[1])
        elif spec.after is None:
            due = ruled = notification
        else:
            due = ruled = _step(calendar, dates[spec.after], spec.offset, spec.unit)
            for bound in spec.not_before:
                due = max(due, _step(calendar, dates[bound.after], bound.offset, bound.unit))
        pinned = spec.id in pins
        effective = pins[spec.id] if pinned else due
        if spec.span is None:
            counter.follow(spec, effective, stepped=not pinned and due == ruled)
        if spec.end_day is not None and spec.span is None and spec.day is not None:
            end = calendar.add_working_days(effective, spec.end_day - spec.day)
            counter.after(f"{spec.id} end", spec.id, effective, spec.end_day - spec.day)
        dates[spec.id] = effective
        notes = spec.notes
        if spec.weekday is not None or spec.unit != "working-days":
            notes += _date_notes(spec, effective, weekdays=on_usual_weekday and not pinned)
        planned.append(
            PlannedMilestone(
                spec=spec,
                cite_as=framework.cite_as,
                day=None if spec.day is None else base + counter.index(spec.id, effective),
                end_day=(
                    base + counter.index(f"{spec.id} end", end)
                    if end is not None and spec.end_day is not None
                    else spec.end_day
                ),
                date=effective,
                end_date=end,
                due=due,
                notes=notes,
                pinned=pinned and spec.after is not None,
            )
        )
    return planned


# -- the same expansion on a day index -------------------------------------------------------
#
# `_expand` asks the calendar for every date; over a programme that is most of the run's time.
# `_expand_fast` gives exactly the same milestones from the calendar's `DayIndex`: a working
# day is a position in a list, so a step counted in working days is one addition, and a day
# number is the difference of two positions (the count `_DayCounter` keeps, from the same
# convention: a day off counts as the next working day). Anything the index cannot answer
# (a count that leaves the loaded years) hands the plan back to `_expand`, which loads years
# and refuses dates outside the calendar as it always has. `tests/test_plan_fast_path.py`
# holds the two to the same answers.


class _Outside(Exception):
    """A count left the day index: the reference expansion answers instead."""


class _Step(NamedTuple):
    """One timetable row with its anchors as positions in the timetable, not ids (a tuple:
    the loop unpacks it in one go)."""

    spec: MilestoneSpec
    at: int
    after: int | None
    offset: int
    unit: str
    bounds: tuple[tuple[int, int, str], ...]
    span: tuple[int, int] | None
    end_delta: int | None  # working days from a day-range step's first day to its last
    dated_notes: bool  # whether `_date_notes` may have something to say about its date
    numbered: bool  # whether the source numbers its day
    end_day: int | None


@dataclass(frozen=True, kw_only=True, eq=False)
class _Compiled:
    """A timetable laid out once per run for `_expand_fast`."""

    framework: Framework
    steps: tuple[_Step, ...]
    positions: dict[str, int]
    ranged: tuple[int, ...]  # the rows that may end on a later day: phases, ranges of days
    notes: dict[tuple[int, int, bool], tuple[str, ...]]  # (step, weekday, compare) -> notes
    chains: dict[frozenset[int], _Chains] = field(default_factory=dict)  # by pinned rows

    def chained(self, pinned: frozenset[int]) -> _Chains:
        """`_Chains` for these pinned rows, worked out once: a programme pins the same few
        steps (the notification, an actual publication) of thousands of plans."""
        found = self.chains.get(pinned)
        if found is None:
            if len(self.chains) >= 4096:  # bounded, as `PerFramework` is
                self.chains.clear()
            found = self.chains[pinned] = _chains_for(self.steps, pinned)
        return found


class _Chains(NamedTuple):
    """The rows of an expansion that follow from the notification by working days alone.

    A row counted `offset` working days after a row so counted, neither pinned nor bounded,
    lies at a fixed distance from the notification in the day index, whatever the date: the
    sum of the offsets along its chain. Those rows are placed with one list look-up each;
    the `rest` (the notification, pins, phases, bounds, calendar days and what is counted
    from them) go step by step.
    """

    offsets: list[int]  # a chained row's distance from the notification's position, else 0
    days: list[int | None]  # a chained numbered row's day number (its distance), else None
    low: int  # the least and greatest distance, checked against the index once per plan
    high: int
    rest: tuple[_Step, ...]  # the rows counted one by one, in timetable order
    # A chained range of days ends a fixed distance on too (its first day is a working day):
    # (row, that distance, whether the source numbers the last day). That distance is then
    # the last day's number as the source prints it, since nothing pinned moved the row.
    ended: tuple[tuple[int, int, bool], ...]
    counted_ranges: tuple[_Step, ...]  # the other ranges of days: their last day is counted


def _chains_for(steps: Sequence[_Step], pinned: frozenset[int]) -> _Chains:
    distance: list[int | None] = [None] * len(steps)
    rest: list[_Step] = []
    for step in steps:
        at, after = step.at, step.after
        anchor = None if after is None else distance[after]
        if after is None and step.spec.id == "notification":
            distance[at] = 0  # its own date is the one given, but it is counted from
            rest.append(step)
        elif (
            anchor is not None
            and step.unit == "working-days"
            and step.span is None
            and not step.bounds
            and at not in pinned
        ):
            distance[at] = anchor + step.offset
        else:
            rest.append(step)
    counted = {step.at for step in rest}
    offsets = [0] * len(steps)
    days: list[int | None] = [None] * len(steps)
    for step in steps:
        found = distance[step.at]
        if step.at not in counted and found is not None:
            offsets[step.at] = found
            days[step.at] = found if step.numbered else None
    ended = tuple(
        (step.at, offsets[step.at] + step.end_delta, step.end_day is not None)
        for step in steps
        if step.end_delta is not None and step.at not in counted
    )
    placed = [offsets[at] for at in range(len(steps)) if at not in counted]
    placed += [distance for _, distance, _ in ended]
    return _Chains(
        offsets=offsets,
        days=days,
        low=min(placed, default=0),
        high=max(placed, default=0),
        rest=tuple(rest),
        ended=ended,
        counted_ranges=tuple(step for step in rest if step.end_delta is not None),
    )


_COMPILED: PerFramework[_Compiled] = PerFramework()
_FIRST_ORDINAL, _LAST_ORDINAL = date.min.toordinal(), date.max.toordinal()


def _compiled(framework: Framework) -> _Compiled:
    """The framework's steps with their anchors resolved, once per framework object."""
    return _COMPILED.get(framework, None, lambda: _compile(framework))


def _compile(framework: Framework) -> _Compiled:
    positions = {spec.id: at for at, spec in enumerate(framework.milestones)}
    steps = tuple(
        _Step(
            spec=spec,
            at=at,
            after=None if spec.after is None else positions[spec.after],
            offset=spec.offset,
            unit=spec.unit,
            bounds=tuple((positions[b.after], b.offset, b.unit) for b in spec.not_before),
            span=None if spec.span is None else (positions[spec.span[0]], positions[spec.span[1]]),
            end_delta=(
                spec.end_day - spec.day
                if spec.end_day is not None and spec.span is None and spec.day is not None
                else None
            ),
            dated_notes=spec.weekday is not None or spec.unit != "working-days",
            numbered=spec.day is not None,
            end_day=spec.end_day,
        )
        for at, spec in enumerate(framework.milestones)
    )
    ranged = tuple(s.at for s in steps if s.span is not None or s.end_delta is not None)
    return _Compiled(framework=framework, steps=steps, positions=positions, ranged=ranged, notes={})


class _Expansion:
    """The milestones of one expansion in timetable order, and the dates a programme asks
    about (a step's date, the first and last day) without making them.

    The reference expansion hands over ready milestones; `_Indexed` makes them when first
    asked for, since listing, placing on an agenda or checking for clashes ten thousand
    inspections needs a few dates of each and the milestones of few.
    """

    def __init__(self, planned: tuple[PlannedMilestone, ...] | None = None) -> None:
        self._planned = planned
        self._span: tuple[date, date] | None = None
        self._dues: Sequence[int] | None = None

    @property
    def in_order(self) -> tuple[PlannedMilestone, ...]:
        """Every milestone in timetable order, made once."""
        if self._planned is None:
            self._planned = self._make()
        return self._planned

    def _make(self) -> tuple[PlannedMilestone, ...]:
        raise NotImplementedError  # only `_Indexed` is made without its milestones

    def milestone_at(self, at: int) -> PlannedMilestone:
        """The milestone in row `at`, made alone if the others are not needed (`check`
        judges the deadlines, not every step)."""
        return self.in_order[at]

    def date_at(self, at: int) -> date:
        """The date of the milestone in row `at`."""
        return self.in_order[at].date

    def due_at(self, at: int) -> date:
        """The due date of the milestone in row `at`."""
        return self.in_order[at].due

    def due_ordinals(self) -> Sequence[int]:
        """Every row's due date as an ordinal, by row: `check` compares each deadline with
        its actual, and plans are shared, so the list is made once per expansion (and is
        read-only: it may be the expansion's own)."""
        if self._dues is None:
            self._dues = tuple(m.due.toordinal() for m in self.in_order)
        return self._dues

    def order(self) -> list[int]:
        """Rows by date; the sort is stable, so a tie keeps the timetable's order."""
        planned = self.in_order
        return sorted(range(len(planned)), key=lambda at: planned[at].date)

    def span(self) -> tuple[date, date]:
        """The first and last day the plan covers, a phase to its end."""
        if self._span is None:
            self._span = self._first_and_last()
        return self._span

    def _first_and_last(self) -> tuple[date, date]:
        planned = self.in_order
        return min(m.date for m in planned), max(m.end_date or m.date for m in planned)


def _expand_fast(
    framework: Framework,
    calendar: WorkingCalendar,
    pins: Mapping[str, date],
    *,
    on_usual_weekday: bool,
) -> _Indexed | None:
    """`_expand` on the calendar's day index, or None where the index cannot answer."""
    index = calendar.day_index(pins["notification"])
    if index is None:
        return None
    try:
        return _Indexed(_compiled(framework), index, pins, on_usual_weekday=on_usual_weekday)
    except _Outside:
        return None


class _Indexed(_Expansion):
    """An expansion on the day index (see `DayIndex`): the dates and day numbers as ordinals
    and list positions, counted at once, so that anything the index cannot answer is known
    while the reference can still be asked; the milestones are made from them on demand."""

    def __init__(
        self,
        compiled: _Compiled,
        index: DayIndex,
        pins: Mapping[str, date],
        *,
        on_usual_weekday: bool,
    ) -> None:
        super().__init__()
        self.compiled = compiled
        self.index = index
        self.on_usual_weekday = on_usual_weekday
        positions = compiled.positions
        self.pinned = {positions[key]: value.toordinal() for key, value in pins.items()}
        count = len(compiled.steps)
        self.dates: list[int] = []  # ordinals, by row
        self.dues: list[int] = []
        self.ends: list[int | None] = [None] * count
        self.days: list[int | None] = []  # working days after the notification
        self.end_days: list[int | None] = [None] * count
        self._rows: list[PlannedMilestone | None] = [None] * count
        self._count()

    def _count(self) -> None:
        """Every step's dates and day numbers: the chained rows (see `_Chains`) at once, then
        the rest one by one, then the last days of ranges. Over a programme this is most of
        the planning."""
        index = self.index
        first, last, before, working = index.first, index.last, index.before, index.working
        top = len(working)
        pinned = self.pinned
        notification = pinned[self.compiled.positions["notification"]]
        start = _rolled(index, notification)
        chains = self.compiled.chained(frozenset(pinned))
        if start + chains.low < 0 or start + chains.high >= top:
            raise _Outside
        # Each step's position: `before[effective - first]`, the index in `working` of its
        # date rolled forward, or -1 off the index.
        positions = [start + offset for offset in chains.offsets]
        self.dates = dates = [working[position] for position in positions]
        self.dues = dues = dates.copy()
        self.days = days = chains.days.copy()
        ends, end_days = self.ends, self.end_days
        for step in chains.rest:
            _, at, after, offset, unit, bounds, span, _, _, numbered, end_day = step
            position = -1
            if span is not None:
                due, end = dates[span[0]], dates[span[1]]
                position = positions[span[0]]
                ends[at] = end
                if end_day is not None:
                    if positions[span[1]] < 0:
                        raise _Outside
                    end_days[at] = positions[span[1]] - start
            elif after is None:
                due = notification
            elif unit == "working-days":
                position = positions[after]
                if position < 0:
                    raise _Outside
                position += offset
                if not 0 <= position < top:
                    raise _Outside
                due = working[position]
            else:
                due = _stepped(index, dates[after], offset, unit)
            if bounds and span is None and after is not None:
                for anchor, more, kind in bounds:
                    due = max(due, _stepped(index, dates[anchor], more, kind))
                position = -1
            if at in pinned:
                effective = pinned[at]
                position = -1
            else:
                effective = due
            if position < 0 and first <= effective <= last:
                position = before[effective - first]
                if position >= top:
                    position = -1
            positions[at] = position
            if numbered:
                if position < 0:
                    raise _Outside
                days[at] = position - start
            dates[at], dues[at] = effective, due
        for at, distance, numbered_end in chains.ended:
            ends[at] = working[start + distance]
            if numbered_end:
                end_days[at] = distance
        for step in chains.counted_ranges:
            at, end_delta = step.at, step.end_delta or 0
            effective = dates[at]
            if effective < first or effective > last:
                raise _Outside
            i = effective - first
            position = before[i + 1] + end_delta - 1 if end_delta > 0 else before[i] + end_delta
            if position < 0 or position >= top:
                raise _Outside
            ends[at] = working[position]
            if step.end_day is not None:
                end_days[at] = position - start  # a working day: its own position

    def date_at(self, at: int) -> date:
        return _day(self.index, self.dates[at])

    def due_at(self, at: int) -> date:
        return _day(self.index, self.dues[at])

    def due_ordinals(self) -> Sequence[int]:
        return self.dues

    def order(self) -> list[int]:
        return sorted(range(len(self.dates)), key=self.dates.__getitem__)

    def _first_and_last(self) -> tuple[date, date]:
        last = self.dates.copy()  # a phase or range of days to its end
        for at in self.compiled.ranged:
            end = self.ends[at]
            if end is not None:
                last[at] = end
        return _day(self.index, min(self.dates)), _day(self.index, max(last))

    def milestone_at(self, at: int) -> PlannedMilestone:
        if self._planned is not None:
            return self._planned[at]
        found = self._rows[at]
        return found if found is not None else self._row(at)

    def _make(self) -> tuple[PlannedMilestone, ...]:
        rows = self._rows
        return tuple(found if found is not None else self._row(at) for at, found in enumerate(rows))

    def _row(self, at: int) -> PlannedMilestone:
        index, compiled = self.index, self.compiled
        step = compiled.steps[at]
        spec = step.spec
        effective, end, day, end_day = (
            self.dates[at],
            self.ends[at],
            self.days[at],
            self.end_days[at],
        )
        pin = at in self.pinned
        notes = spec.notes
        if step.dated_notes:
            compare = self.on_usual_weekday and not pin
            key = (at, (effective + 6) % 7, compare)
            found = compiled.notes.get(key)
            if found is None:
                found = compiled.notes[key] = _date_notes(
                    spec, _day(index, effective), weekdays=compare
                )
            notes += found
        base = compiled.framework.notification_day
        # A PlannedMilestone without the frozen dataclass's `__init__`, which sets the nine
        # fields one `object.__setattr__` at a time: a third of the cost of a plan.
        # `test_plan_fast_path` compares every field with the reference's.
        milestone: PlannedMilestone = object.__new__(PlannedMilestone)
        vars(milestone).update(
            spec=spec,
            cite_as=compiled.framework.cite_as,
            day=None if day is None else base + day,
            end_day=step.end_day if end_day is None else base + end_day,
            date=_day(index, effective),
            end_date=None if end is None else _day(index, end),
            due=_day(index, self.dues[at]),
            notes=notes,
            pinned=pin and step.after is not None,
        )
        self._rows[at] = milestone
        return milestone


def _rolled(index: DayIndex, ordinal: int) -> int:
    """The position of the first working day on or after `ordinal`."""
    if ordinal < index.first or ordinal > index.last:
        raise _Outside
    position = index.before[ordinal - index.first]
    if position >= len(index.working):
        raise _Outside
    return position


def _day(index: DayIndex, ordinal: int) -> date:
    if index.first <= ordinal <= index.last:
        return index.days[ordinal - index.first]
    # A date no count touched (six calendar months on, in a year not loaded yet).
    return date.fromordinal(ordinal)


def _stepped(index: DayIndex, ordinal: int, offset: int, unit: str) -> int:
    """`_step` on ordinals."""
    if unit == "working-days":
        position = _rolled(index, ordinal) + offset
        if position < 0 or position >= len(index.working):
            raise _Outside
        return index.working[position]
    if unit == "calendar-days":
        if not _FIRST_ORDINAL <= ordinal + offset <= _LAST_ORDINAL:
            raise _Outside  # past the last date Python has: the reference says how
        return ordinal + offset
    if not _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
        raise _Outside
    return _months_later(ordinal, offset)


class _DayCounter:
    """Working days from the notification to each milestone, counted once per plan.

    A step counted in working days from its anchor lies exactly `offset` working days past
    the anchor's own count, so most counts are one addition; only a pinned, bounded or
    calendar-counted step asks the calendar. (The count is of `roll_forward(date)`: a day off
    counts as the next working day, the first on which anyone could act.)
    """

    def __init__(self, calendar: WorkingCalendar, start: date) -> None:
        self.calendar = calendar
        self.start = start
        self.known: dict[str, int] = {}

    def index(self, key: str, day: date) -> int:
        found = self.known.get(key)
        if found is None:
            rolled = self.calendar.roll_forward(day)
            found = self.known[key] = self.calendar.working_days_between(self.start, rolled)
        return found

    def same(self, key: str, other: str) -> None:
        if other in self.known:
            self.known[key] = self.known[other]

    def after(self, key: str, anchor: str, anchor_day: date, offset: int) -> None:
        """`key` is `offset` working days after `anchor`, itself on `anchor_day`."""
        if anchor in self.known and offset >= 0 and self.calendar.is_working_day(anchor_day):
            self.known[key] = self.known[anchor] + offset

    def follow(self, spec: MilestoneSpec, day: date, *, stepped: bool) -> None:
        """Record a step's count when its rule alone placed it, in working days."""
        if spec.after is None:
            self.known[spec.id] = self.index(spec.id, day)
        elif stepped and spec.unit == "working-days" and spec.after in self.known:
            self.known[spec.id] = self.known[spec.after] + spec.offset


def _pins_before_anchors(framework: Framework, planned: Sequence[PlannedMilestone]) -> list[str]:
    """Warnings for pins dated before a step they are counted forward from.

    Only a positive offset says "after": a zero or negative one ("made by the deadline",
    "five days before") allows an earlier date. A planner may be sketching, so this warns
    where `check`, judging facts, refuses.
    """
    dates = {m.id: m.date for m in planned}
    warnings: list[str] = []
    for m in planned:
        if not m.pinned:
            continue
        anchors = [] if m.depends_on is None else [(m.depends_on, m.offset)]
        anchors += [(b.after, b.offset) for b in m.spec.not_before]
        for anchor, offset in anchors:
            if offset > 0 and m.date < dates[anchor]:
                warnings.append(
                    f"{m.id} is pinned to {m.date.isoformat()}, before {anchor} on "
                    f"{dates[anchor].isoformat()}, which it is counted from; the day numbers "
                    "and later dates no longer follow the source"
                )
    return warnings


def _framework_warnings(
    framework: Framework, notification: date, on_usual_weekday: bool
) -> list[str]:
    """What a reader must know about the notification date itself before trusting the plan."""
    warnings: list[str] = []
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
    if not on_usual_weekday:
        warnings.append(
            f"{framework.short} inspections are usually notified on a "
            f"{framework.usual_notification_weekday}; {notification.isoformat()} is a "
            f"{notification:%A}, so the weekdays the guidance prints will not match"
        )
    return warnings


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
    return _months_after(start, offset)


@lru_cache(maxsize=1 << 16)
def _months_later(ordinal: int, months: int) -> int:
    """`_months_after` on ordinals, remembered: a programme asks for "six months after
    publication" of the same days again and again."""
    return _months_after(date.fromordinal(ordinal), months).toordinal()


def _months_after(start: date, months: int) -> date:
    """Months are counted as a letter counts them (and as dateutil's `relativedelta` does,
    which the tests hold this to): the same day of the month, or the month's last day where
    it is shorter (31 August + 6 months = 28 February). Written out, since `relativedelta`
    took ten microseconds a date, a third of a bulk check's planning of CP inspections."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    leap = month == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return date(year, month + 1, min(start.day, _MONTH_DAYS[month] + leap))


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


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
    weekday = WEEKDAYS[day.weekday()]
    if weekdays and spec.weekday is not None and weekday != spec.weekday:
        notes.append(
            f"the source prints {spec.weekday} for day {spec.day}, but day {spec.day} "
            f"falls on a {weekday}; the plan follows the day numbers"
        )
    if spec.unit != "working-days" and day.weekday() >= 5 and not spec.is_phase:
        notes.append(
            f"a {spec.unit.removesuffix('s')} deadline: it falls on a {weekday} and is not moved "
            "to a working day"
        )
    return tuple(notes)
