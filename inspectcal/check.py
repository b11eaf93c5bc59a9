"""Judging an inspection's real dates against its framework: `inspectcal check`.

Checking is planning with the facts pinned. Every actual date is a pin, so a milestone's due
date is what its rule gives from the *actual* dates of the anchors its source names, and only
those: a deadline counted "of the end of fieldwork" moves only when fieldwork really ended
later, one party's early step never pulls the other's deadline forward, and a council that
answers a late draft keeps the time the timetable gives it (a `not_before` bound). Only then
is each actual compared with its own due date.

The library is pure: "today" is an argument (`as_of`), never read from the clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple

from inspectcal.dates import Actual, actual_in_file, merge_actuals
from inspectcal.errors import (
    ActualOutOfOrder,
    BadInput,
    FutureActual,
    MissingNotification,
)
from inspectcal.frameworks import (
    COMPLAINT_DEADLINE,
    COMPLAINT_MADE,
    Framework,
    MilestoneSpec,
    PerFramework,
    Side,
    judged_for,
    validate_side,
)
from inspectcal.plan import Plan, PlannedMilestone, build_plan
from inspectcal.tables import read_table
from inspectcal.workdays import WorkingCalendar

Status = Literal["met", "missed", "overdue", "due", "pending", "recorded", "open", "closed"]
LateUnit = Literal["working-days", "calendar-days", "minutes"]

# The statuses of a judged deadline; `recorded` (an actual for a step that is not a deadline)
# and `open`/`closed` (a complaint window nobody used) are shown but not counted.
JUDGED: tuple[Status, ...] = ("met", "missed", "overdue", "due", "pending")

# Complaints are optional: the window to lodge one is a deadline only for a complaint that was
# made, and the steps timed from it (acknowledgement, response) exist only then. These are the
# shared ids of docs/timetables.md, `frameworks.COMPLAINT_DEADLINE` and `COMPLAINT_MADE`.

# "Due" rather than "pending" when the deadline is at most this many working days after the
# as-of date: a working week, the notice a busy office needs to act on a reminder.
DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True, kw_only=True, slots=True)
class CheckResult:
    """One milestone's verdict. `late` is set for `missed` and `overdue` only (never zero).

    The verdict keeps the plan and the row it judged rather than the dated milestone: most
    readers want the status and lateness, and the milestone of few of them.
    """

    plan: Plan
    at: int  # the milestone's row in `plan.framework.milestones`
    id: str  # the milestone's id, the key every output sorts and joins on
    actual: Actual | None
    status: Status
    late: int | None
    late_unit: LateUnit | None

    @property
    def milestone(self) -> PlannedMilestone:
        """The milestone judged, on its dates."""
        return self.plan.row(self.at)

    @property
    def due(self) -> date:
        """The date the rule gives from the actual dates of its anchors."""
        return self.plan.due_at(self.at)


# A verdict as `_verdicts` makes it: `CheckResult`'s fields after the plan, in their order.
# A bulk check judges a hundred thousand deadlines and reads only the status and lateness of
# most (a table of counts reads nothing else), so the records are made when first read.
Verdict = tuple[int, str, Actual | None, Status, int | None, LateUnit | None]


@dataclass(frozen=True, kw_only=True)
class CheckReport:
    """Every verdict of one inspection as of a date; the renderers turn it into words."""

    plan: Plan
    as_of: date
    verdicts: tuple[Verdict, ...]
    # How many verdicts have each status, tallied once: a programme's table, totals and exit
    # status ask each of ten thousand reports several times.
    counts: Mapping[Status, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        counts: dict[Status, int] = {}
        for _, _, _, status, _, _ in self.verdicts:
            counts[status] = counts.get(status, 0) + 1
        object.__setattr__(self, "counts", counts)

    @cached_property
    def results(self) -> tuple[CheckResult, ...]:
        """Each verdict as a record, in the framework's order."""
        plan = self.plan
        return tuple(
            CheckResult(
                plan=plan, at=at, id=key, actual=actual, status=status, late=late, late_unit=unit
            )
            for at, key, actual, status, late, unit in self.verdicts
        )

    def working_days_late(self, verdict: Verdict) -> int:
        """How late a missed or overdue verdict is in working days of the plan's calendar,
        whatever unit its rule counts in (a deadline missed by minutes on its due day is 0
        working days late): a programme's summary compares lateness across rules in one
        unit."""
        at, _, actual, _, late, unit = verdict
        if unit == "working-days" and late is not None:
            return late
        day = self.as_of if actual is None else actual.day
        due = self.plan.expansion.due_ordinals()[at]
        return self.plan.calendar.working_days_late(due, day.toordinal())

    @property
    def deadlines(self) -> tuple[CheckResult, ...]:
        """The judged verdicts: what the counts and the exit status are about."""
        return tuple(r for r in self.results if r.status in JUDGED)

    def count(self, status: Status) -> int:
        """How many verdicts have `status`."""
        return self.counts.get(status, 0)

    @property
    def failed(self) -> bool:
        """Something was missed or is overdue: the CLI exits 1 so a script can gate on it."""
        return self.count("missed") > 0 or self.count("overdue") > 0

    @property
    def summary(self) -> dict[str, int]:
        """The counts per status a script reads from the JSON."""
        tally = self.counts
        counts: dict[str, int] = {status: tally.get(status, 0) for status in JUDGED}
        return {"deadlines": sum(counts.values()), **counts}


# -- reading actual dates ----------------------------------------------------------------


def read_actuals(path: Path) -> dict[str, Actual]:
    """An inspection's record as CSV: a header with `id` and `date` columns, then one row per
    milestone. Other columns (a note, a source) are kept for the reader and ignored here."""
    table = read_table(path, what="actuals file", required=("id", "date"))
    actuals: dict[str, Actual] = {}
    seen: dict[str, int] = {}
    for row in table.rows:
        key, stamp = row.get("id"), row.get("date")
        if not key or not stamp:
            raise table.fail(row.line, "expected an id and a date, e.g. 'id,date'")
        if key in seen:
            raise table.fail(
                row.line, f"{key!r} is already given on line {seen[key]}; keep one row"
            )
        actuals[key] = actual_in_file(stamp, path=path, line=row.line)
        seen[key] = row.line
    return actuals


# -- judging ---------------------------------------------------------------------------------


def check(
    *,
    framework: Framework,
    calendar: WorkingCalendar,
    notify: date | None,
    actuals: Mapping[str, Actual],
    as_of: date,
    side: Side | None = None,
) -> CheckReport:
    """Judge every deadline of `framework` given what really happened.

    `side` narrows the judging to one party's deadlines (its own and the shared ones), so a
    council's record is not failed for the inspectorate's internal steps it never sees.

    Milestones marked `deadline` in the data file are judged; any other milestone with an
    actual date is reported as `recorded`, because it still moves what depends on it. The
    complaint steps are judged only once a complaint is recorded (see `COMPLAINT_DEADLINE`).
    """
    actuals = _with_notification(notify, actuals)
    _refuse_the_future(actuals, as_of)
    shape = _rows(framework, side).shape(actuals)
    _check_order(shape, actuals)
    if shape.stray is not None:
        raise BadInput(
            f"{actuals[shape.stray].where}: {shape.stray} follows a complaint; give the date "
            f"the complaint was made too ({COMPLAINT_MADE}=DATE)"
        )
    plan = build_plan(
        framework=framework,
        calendar=calendar,
        notify=None,
        pins={key: actual.day for key, actual in actuals.items()},
        allow_any_day=True,
    )
    _check_against_plan(plan, shape, actuals)
    results = _verdicts(plan, shape, actuals, as_of=as_of)
    return CheckReport(plan=plan, as_of=as_of, verdicts=results)


def _verdicts(
    plan: Plan, shape: _Shape, actuals: Mapping[str, Actual], *, as_of: date
) -> tuple[Verdict, ...]:
    """Each milestone's verdict, in the framework's order (see `_Rows.walk` for which rows
    are judged, recorded or only an open window). Dates are compared as ordinals, as the
    plan keeps them: a bulk check compares a hundred thousand."""
    calendar = plan.calendar
    dues = plan.expansion.due_ordinals()
    today = as_of.toordinal()
    soon: int | None = None
    results: list[Verdict] = []
    append = results.append
    for at, key, spec, kind, source, unit in shape.rows:
        due = dues[at]
        if kind == _PENDING:
            if today > due:
                append((at, key, None, "overdue", _late_after(calendar, unit, due, today), unit))
                continue
            if soon is None:
                soon = calendar.add_working_days(as_of, DUE_SOON_WORKING_DAYS).toordinal()
            append((at, key, None, "due" if due <= soon else "pending", None, None))
        elif kind == _DONE:
            actual = actuals[source]
            found = _lateness(calendar, spec, unit, due, actual.day.toordinal(), actual.at)
            if found is None:
                append((at, key, actual, "met", None, None))
            else:
                append((at, key, actual, "missed", *found))
        elif kind == _RECORDED:
            append((at, key, actuals.get(source), "recorded", None, None))
        else:
            append((at, key, None, "open" if today <= due else "closed", None, None))
    return tuple(results)


# What a walked row is, once the steps with an actual date are known: a deadline still to be
# met (due, pending or overdue), a deadline done (met or missed), a step recorded but not
# judged, or a complaint window nobody used (open or closed).
_Kind = Literal["pending", "done", "recorded", "window"]
_PENDING: _Kind = "pending"
_DONE: _Kind = "done"
_RECORDED: _Kind = "recorded"
_WINDOW: _Kind = "window"


class _Row(NamedTuple):
    """A row `check` looks at, with what the verdict loop asks of it worked out beforehand."""

    at: int  # its position in `framework.milestones`
    id: str
    spec: MilestoneSpec
    kind: _Kind
    source: str  # the step whose actual it is judged by: its own, or the complaint made
    unit: LateUnit  # lateness after the due day is counted in the rule's working or calendar days


@dataclass(frozen=True, kw_only=True, eq=False)
class _Shape:
    """What checking a record with actuals for these steps, in this order, looks at; worked
    out once per such set of steps, which a bulk check meets ten thousand times."""

    rows: tuple[_Row, ...]  # the rows judged, recorded or shown, in timetable order
    # (step, earlier step, whether it answers it): actual pairs that must be in order, in
    # the order they are checked, so the first problem reported is always the same one.
    order: tuple[tuple[str, str, bool], ...]
    # (step, the step it is timed from): pairs whose earlier step has no actual, so the
    # actual is checked against that step's planned date.
    planned: tuple[tuple[str, str], ...]
    stray: str | None  # a step answering a complaint that was never made, refused


@dataclass(frozen=True, kw_only=True, eq=False)
class _Rows:
    """The rows of a framework `check` looks at for one side, worked out once per run, and
    per set of steps with an actual date: a bulk check asks for the same few dozen rows, with
    actuals for the same few steps, ten thousand times."""

    framework: Framework
    side: Side | None
    shapes: dict[tuple[str, ...], _Shape]

    def shape(self, actuals: Mapping[str, Actual]) -> _Shape:
        """The shape of a record with these actuals; an unknown step or a phase given an
        actual is refused (the first time these steps are met in this order, which is every
        time they fail). The order is part of the key: it decides which problem is told
        first."""
        given = tuple(actuals)
        found = self.shapes.get(given)
        if found is None:
            _validate(self.framework, actuals)
            if len(self.shapes) >= 4096:  # bounded, as `PerFramework` is
                self.shapes.clear()
            found = self.shapes[given] = _Shape(
                rows=tuple(self.walk(frozenset(given))),
                order=tuple(_order(self.framework, given)),
                planned=tuple(_planned(self.framework, given)),
                stray=min(self.framework.complaint_steps.intersection(given), default=None)
                if COMPLAINT_MADE not in given and COMPLAINT_DEADLINE not in given
                else None,
            )
        return found

    def walk(self, given: frozenset[str]) -> Iterator[_Row]:
        """The judged deadlines, the complaint window and every step with an actual (that
        one is recorded, in its place), in timetable order. Without a complaint its window is
        only open or closed and the steps answering one are left out; a complaint made
        stands as the window's actual."""
        complaint_made = COMPLAINT_MADE in given or COMPLAINT_DEADLINE in given
        for at, spec in enumerate(self.framework.milestones):
            key = spec.id
            judged = spec.deadline and judged_for(spec.side, self.side)
            if not (judged or key == COMPLAINT_DEADLINE or key in given):
                continue
            if key in self.framework.complaint_steps and not complaint_made:
                if key == COMPLAINT_DEADLINE:
                    yield _Row(at, key, spec, _WINDOW, key, _unit(spec))
                continue
            source = COMPLAINT_MADE if key == COMPLAINT_DEADLINE and key not in given else key
            kind = _RECORDED if not judged else _DONE if source in given else _PENDING
            yield _Row(at, key, spec, kind, source, _unit(spec))


_ROWS: PerFramework[_Rows] = PerFramework()


def _rows(framework: Framework, side: Side | None) -> _Rows:
    return _ROWS.get(framework, side, lambda: _Rows(framework=framework, side=side, shapes={}))


def _refuse_the_future(actuals: Mapping[str, Actual], as_of: date) -> None:
    """A date after the date of the check has not happened: judging it would report the
    future as fact."""
    for given in actuals.values():
        if given.day > as_of:
            raise FutureActual(
                f"{given.where}: {given.day.isoformat()} is after {as_of.isoformat()}, the "
                "date of the check; only what has happened can be judged: correct the date "
                "or check as of a later date"
            )


def make_check(
    *,
    framework: str,
    notify: date | None,
    actuals: Mapping[str, Actual] | None = None,
    actuals_file: Path | None = None,
    as_of: date,
    side: str | None = None,
    calendar: str = "england-and-wales",
    closures: Path | None = None,
    holidays_file: Path | None = None,
) -> CheckReport:
    """The one call behind `inspectcal check`: names and facts in, a verdict out.

    `actuals` (see `dates.parse_actuals`) and the file's rows are one record; a milestone
    the two give different dates is refused.
    """
    from inspectcal.programme import load_inputs

    chosen_side = validate_side(side)
    spec, working = load_inputs(
        framework, calendar=calendar, closures=closures, holidays_file=holidays_file
    )
    from_file = read_actuals(actuals_file) if actuals_file is not None else {}
    return check(
        framework=spec,
        calendar=working,
        notify=notify,
        actuals=merge_actuals(from_file, actuals or {}),
        as_of=as_of,
        side=chosen_side,
    )


def _with_notification(notify: date | None, actuals: Mapping[str, Actual]) -> dict[str, Actual]:
    """The notification date is the notification's actual date; without a notification date there is
    nothing to time the first step from, so none is guessed."""
    merged = dict(actuals)
    given = merged.get("notification")
    if notify is not None:
        if given is not None and given.day != notify:
            raise BadInput(
                f"the notification date {notify.isoformat()} and the actual notification date "
                f"{given.text} "
                f"({given.where}) disagree; give the notification date once"
            )
        if given is None:
            merged["notification"] = Actual(day=notify, where="the notification date")
    elif given is None:
        raise MissingNotification(
            "give the notification date, or an actual date for the notification step"
        )
    return merged


def _validate(framework: Framework, actuals: Mapping[str, Actual]) -> None:
    for key, actual in actuals.items():
        if not framework.has(key):
            raise BadInput(
                f"{actual.where}: unknown milestone {key!r} in {framework.id}; "
                f"valid ids: {', '.join(framework.ids)}"
            )
        span = framework.milestone(key).span
        if span is not None:
            raise BadInput(
                f"{actual.where}: {key!r} is a phase from {span[0]} to {span[1]}; "
                "give the actual dates of those two milestones instead"
            )


def _order(framework: Framework, given: Sequence[str]) -> Iterator[tuple[str, str, bool]]:
    """An actual may not come before the actual of the nearest step it is timed from, nor
    before the actual of a step it answers (a `not_before` bound).

    Steps between the two without an actual are skipped: their dates are only the rule's, and
    a step timed *before* another (a negative offset) is a plan, not an order to enforce.
    """
    for key in given:
        if key in (COMPLAINT_MADE, COMPLAINT_DEADLINE):
            continue  # a complaint may be made at any stage, even during the inspection
        spec = framework.milestone(key)
        forward = spec.offset
        parent = spec.after
        while parent is not None and parent not in given:
            step = framework.milestone(parent)
            forward += step.offset
            parent = step.after
        for bound in spec.not_before:
            if bound.after in given and bound.offset >= 0:
                yield key, bound.after, True
        if parent is not None and forward >= 0:
            yield key, parent, False


def _check_order(shape: _Shape, actuals: Mapping[str, Actual]) -> None:
    for key, other, answers in shape.order:
        actual, earlier = actuals[key], actuals[other]
        if answers:
            if actual.day < earlier.day:
                raise ActualOutOfOrder(
                    f"{actual.where}: {key} = {actual.text} is earlier than {other} = "
                    f"{earlier.text} ({earlier.where}), which it answers; "
                    "correct one of the two dates"
                )
            continue
        same_day_clock = actual.day == earlier.day and actual.at and earlier.at
        if actual.day < earlier.day or (same_day_clock and actual._key() < earlier._key()):
            raise ActualOutOfOrder(
                f"{actual.where}: {key} = {actual.text} is earlier than {other} = "
                f"{earlier.text} ({earlier.where}), which it is timed from; "
                "correct one of the two dates"
            )


def _planned(framework: Framework, given: Sequence[str]) -> Iterator[tuple[str, str]]:
    """An actual may not come before the planned date of the step it is timed from either,
    when that step has no actual: a draft dated before fieldwork ended cannot be judged, and
    judging it would silently move every later due date."""
    for key in given:
        if key in (COMPLAINT_MADE, COMPLAINT_DEADLINE):
            continue
        spec = framework.milestone(key)
        parent = spec.after if spec.span is None else None  # as `PlannedMilestone.depends_on`
        if parent is not None and parent not in given and spec.offset >= 0:
            yield key, parent


def _check_against_plan(plan: Plan, shape: _Shape, actuals: Mapping[str, Actual]) -> None:
    """The fix is in the message: correct the date, or record when the earlier step really
    happened."""
    for key, parent in shape.planned:
        actual = actuals[key]
        planned = plan.date_of(parent)  # never None: `parent` is a step of the framework
        if planned is not None and actual.day < planned:
            raise ActualOutOfOrder(
                f"{actual.where}: {key} = {actual.text} is earlier than {parent}, planned for "
                f"{planned.isoformat()} (no actual recorded), which it is timed from; correct "
                f"the date, or record when {parent} really happened ({parent}=DATE)"
            )


def _unit(spec: MilestoneSpec) -> LateUnit:
    """The unit lateness after the due day is counted in: the rule's working days, or
    calendar days for a rule in calendar days or months."""
    return "working-days" if spec.unit == "working-days" else "calendar-days"


def _lateness(
    calendar: WorkingCalendar,
    spec: MilestoneSpec,
    unit: LateUnit,
    due: int,
    day: int,
    at: time | None,
) -> tuple[int, LateUnit] | None:
    """How late something done on `day` (at `at`) is: in minutes on the due day itself,
    after it in `unit` (see `_late_after`); None if on time. Both days are ordinals.

    On the due date itself only a clock limit can be missed, and only when the actual time is
    recorded: a date alone gets the benefit of the doubt.
    """
    if day < due:
        return None
    if day == due:
        if spec.time is None or at is None or at <= spec.time:
            return None
        gap = datetime.combine(date.min, at) - datetime.combine(date.min, spec.time)
        return math.ceil(gap.total_seconds() / 60), "minutes"
    return _late_after(calendar, unit, due, day), unit


def _late_after(calendar: WorkingCalendar, unit: LateUnit, due: int, day: int) -> int:
    """How late `day` is, after the due date (ordinals both), in `unit`. Something done on a
    weekend or bank holiday counts from the next working day, when anyone could act on it,
    so a Saturday delivery of a Friday deadline is one working day late, not zero."""
    if unit == "working-days":
        return calendar.working_days_late(due, day)
    return day - due
