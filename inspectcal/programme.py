"""A programme: many inspections in one CSV file, planned once per run.

The file is the one `publish --inspections` has always read (`name,framework,notify,pins`) with
optional columns for the people booked (`people`: `;`-separated, each `role:Name` or `Name`),
the `authority` inspected, and a per-row `calendar` and `closures` file. Paths in the file are
relative to the file's own folder, so a programme travels with its closures files.

A national programme has thousands of rows sharing a handful of frameworks and calendars, so
each distinct framework and calendar is loaded once (`Inputs`) and each inspection planned once
(`Programme`); rows with the same inputs share one immutable plan.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from inspectcal.dates import parse_date, parse_pins
from inspectcal.errors import BadInput, InspectcalError, MalformedDataFile
from inspectcal.tables import read_table

if TYPE_CHECKING:
    from inspectcal.frameworks import Framework
    from inspectcal.plan import Plan, PlannedMilestone
    from inspectcal.workdays import WorkingCalendar

DEFAULT_CALENDAR = "england-and-wales"
COLUMNS = ("name", "framework", "notify", "pins", "authority", "people", "calendar", "closures")
REQUIRED = COLUMNS[:3]

# The steps a planner asks about first, by the shared ids of docs/timetables.md; a framework
# without one of them leaves its column blank.
KEY_DATES: tuple[tuple[str, str], ...] = (
    ("notification", "notification"),
    ("fieldwork_start", "fieldwork-start"),
    ("fieldwork_end", "fieldwork-end"),
    ("draft_report", "draft-report"),
    ("factual_accuracy_deadline", "factual-accuracy-deadline"),
    ("publication", "publication"),
    ("action_plan_deadline", "action-plan-deadline"),
)
ONSITE = ("fieldwork-start", "fieldwork-end")
T = TypeVar("T")


@contextmanager
def uncollected() -> Iterator[None]:
    """Python's cycle collector paused while a programme's rows, plans or verdicts are made.

    They form no reference cycles (each is freed by its reference count alone), so the
    collector can free nothing here; left on, it re-scans every object made so far each time
    enough new ones pile up, which was a third of the time `check -i` took. On the way out
    what was made joins the oldest generation (frozen and at once unfrozen): still collected
    like any old object, but not scanned as new by the next collection.
    """
    if not gc.isenabled():  # nested, or paused by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


@dataclass(frozen=True, kw_only=True)
class Person:
    """Someone booked on an inspection; the role (`lead`, `QA`) is optional."""

    name: str
    role: str | None = None

    @cached_property
    def key(self) -> str:
        """Names are matched without regard to case or spacing: "ann  smith" is Ann Smith.
        (Worked out once: the rows of a programme share each person, see `_person`.)"""
        return " ".join(self.name.split()).casefold()

    @property
    def text(self) -> str:
        """The form a programme file writes: `role:name`, or the name alone."""
        return f"{self.role}:{self.name}" if self.role else self.name

    @property
    def spoken(self) -> str:
        """The form a page shows a reader: "Ann Smith (lead)"."""
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass(frozen=True, kw_only=True)
class Inspection:
    """One row of a programme: what `plan` needs, plus the name UIDs come from.

    `calendar` and `closures` are None when the row leaves them to the run's options.
    """

    name: str
    framework: str
    notify: date | None
    pins: Mapping[str, date] = field(default_factory=dict)
    authority: str | None = None
    people: tuple[Person, ...] = ()
    calendar: str | None = None
    closures: Path | None = None
    origin: str | None = None  # "inspections.csv, line 3", for error messages


# -- reading the file ---------------------------------------------------------------------


@uncollected()
def read_inspections(path: Path) -> tuple[Inspection, ...]:
    """Read a programme file (see the module docstring); refuse anything ambiguous.

    `notify` may be left empty when pins are given: the plan derives it backwards.
    """
    table = read_table(path, what="inspections file", required=REQUIRED, optional=COLUMNS[3:])
    found: list[Inspection] = []
    names: dict[str, int] = {}
    origin = f"{path}, line "
    for line, cells in zip(table.lines, table.select(*COLUMNS), strict=True):
        item = _inspection(cells, path=path, line=line, origin=f"{origin}{line}")
        key = item.name.casefold()
        if key in names:
            raise table.fail(
                line,
                f"{item.name!r} is already on line {names[key]}; give each inspection its own name",
            )
        names[key] = line
        found.append(item)
    if not found:
        raise table.fail(None, "lists no inspections")
    return tuple(found)


_new = object.__new__


def _inspection(cells: Sequence[str], *, path: Path, line: int, origin: str) -> Inspection:
    """One row's cells, in the order of `COLUMNS`, as an `Inspection`.

    Made without the frozen dataclass's `__init__`, whose nine keyword arguments each set
    through `object.__setattr__` were a fifth of reading a national programme: the instance
    dictionary gets the fields `__init__` would give it, in the same order, so the result is
    the object `Inspection(...)` makes (tests compare the two).
    """
    name, framework, notify_text, pins_text, authority, people, calendar, closures = cells
    name = " ".join(name.split())
    if not name or not framework:
        raise MalformedDataFile(str(path), line, "'name' and 'framework' are required")
    if framework.lower().endswith(".toml") and not Path(framework).is_absolute():
        framework = str(path.parent / framework)
    try:
        notify = _notification_date(notify_text) if notify_text else None
        pins = parse_pins(p.strip() for p in pins_text.split(";") if p.strip()) if pins_text else {}
    except InspectcalError as err:
        raise MalformedDataFile(str(path), line, str(err)) from None
    if notify is None and not pins:
        raise MalformedDataFile(str(path), line, "give a notify date, or pin a milestone in 'pins'")
    item: Inspection = _new(Inspection)
    item.__dict__.update(
        name=name,
        framework=framework,
        notify=notify,
        pins=pins,
        authority=" ".join(authority.split()) or None,
        people=_people(people, path=path, line=line) if people else (),
        calendar=calendar or None,
        closures=path.parent / closures if closures else None,
        origin=origin,
    )
    return item


@lru_cache(maxsize=1 << 14)
def _notification_date(text: str) -> date:
    """Read once per distinct date: a national programme notifies many inspections a day."""
    return parse_date(text, "notification date")


def _people(text: str, *, path: Path, line: int) -> tuple[Person, ...]:
    """The people of a row, each spelling checked once (see `_valid_person`); a row that
    breaks a rule is read again person by person, so the message is about the first."""
    try:
        people = tuple(filter(None, map(_valid_person, text.split(";"))))
    except ValueError:
        return _each_person(text, path=path, line=line)
    if len(set(map(_KEY, people))) != len(people):
        return _each_person(text, path=path, line=line)
    return people


_KEY = attrgetter("key")


def _each_person(text: str, *, path: Path, line: int) -> tuple[Person, ...]:
    """The people of a row one at a time, refusing the first who is not a name or who is
    listed twice."""
    people: list[Person] = []
    keys: set[str] = set()
    for item in filter(None, (p.strip() for p in text.split(";"))):
        try:
            person = _valid_person(item)
        except ValueError:
            problem = f"person {item!r} must be Name or role:Name (several separated by ';')"
            raise MalformedDataFile(str(path), line, problem) from None
        if person is None:  # a blank spelling: never, `item` is stripped and not empty
            continue
        key = person.key
        if key in keys:
            problem = f"{person.name} is listed twice in 'people'; list each person once"
            raise MalformedDataFile(str(path), line, problem)
        keys.add(key)
        people.append(person)
    return tuple(people)


@lru_cache(maxsize=1 << 12)
def _valid_person(item: str) -> Person | None:
    """`_person` of a spelling as the cell has it, spaces and all (None for a blank one),
    refusing (ValueError) one that names nobody, like `lead:`: checked once per spelling,
    because a pool of inspectors is named on thousands of rows."""
    item = item.strip()
    if not item:
        return None
    person = _person(item)
    if not person.name or (":" in item and not person.role):
        raise ValueError(item)
    return person


@lru_cache(maxsize=1 << 12)
def _person(item: str) -> Person:
    """`role:Name` or `Name`, made once per spelling: a pool of inspectors is named on
    thousands of rows, and a `Person` is immutable, so the rows share it."""
    role, sep, name = item.partition(":")
    if sep:
        return Person(name=" ".join(name.split()), role=role.strip())
    return Person(name=" ".join(item.split()))


# -- loading each input once ----------------------------------------------------------------


class Inputs:
    """Frameworks and calendars loaded once per run, by name (and closures file).

    Loading a calendar reads its data file and any closures; doing that per row is what made
    a thousand-row programme take over a minute.
    """

    def __init__(
        self,
        *,
        calendar: str = DEFAULT_CALENDAR,
        closures: Path | None = None,
        holidays_file: Path | None = None,
    ) -> None:
        self.default_calendar = calendar
        self.default_closures = closures
        self.holidays_file = holidays_file
        self._frameworks: dict[str, Framework] = {}
        self._calendars: dict[tuple[str, Path | None], WorkingCalendar] = {}

    def framework(self, name: str) -> Framework:
        """The framework by name, loaded the first time a row names it."""
        found = self._frameworks.get(name)
        if found is None:
            from inspectcal.frameworks import load_framework

            found = self._frameworks[name] = load_framework(name)
        return found

    def calendar_for(self, item: Inspection) -> WorkingCalendar:
        """The row's own calendar and closures where it names them, else the run's."""
        return self.calendar(
            item.calendar or self.default_calendar,
            item.closures if item.closures is not None else self.default_closures,
        )

    def calendar(self, name: str, closures: Path | None = None) -> WorkingCalendar:
        """The calendar with its closures, loaded once per distinct pair (closures by resolved
        path, so two spellings of one file share it)."""
        key = (name, closures.resolve() if closures is not None else None)
        found = self._calendars.get(key)
        if found is None:
            from inspectcal.bankholidays import load_calendar

            found = self._calendars[key] = load_calendar(
                name, closures=closures, holidays_file=self.holidays_file
            )
        return found

    @property
    def default(self) -> WorkingCalendar:
        """The run's calendar: the one an agenda's window is counted in."""
        return self.calendar(self.default_calendar, self.default_closures)


def load_inputs(
    framework: str,
    *,
    calendar: str = DEFAULT_CALENDAR,
    closures: Path | None = None,
    holidays_file: Path | None = None,
) -> tuple[Framework, WorkingCalendar]:
    """One inspection's framework and calendar, loaded the way a programme loads them: the
    single loader behind plan, check and export, so what one command accepts the others do."""
    inputs = Inputs(calendar=calendar, closures=closures, holidays_file=holidays_file)
    return inputs.framework(framework), inputs.default


def within(item: Inspection, run: Callable[[], T]) -> T:
    """Run one row's work, naming the row in any error: in a file of thousands, the line
    number is the fix."""
    try:
        return run()
    except InspectcalError as err:
        if item.origin is None:
            raise
        raise BadInput(f"{item.origin} ({item.name}): {err}") from err


# -- planning ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Scheduled:
    """One inspection of a programme with its plan."""

    inspection: Inspection
    plan: Plan

    def date_of(self, milestone_id: str) -> date | None:
        """The date of a milestone, or None where this inspection's framework has no such step
        (a programme mixes frameworks)."""
        return self.plan.date_of(milestone_id)

    def key_dates(self) -> dict[str, date | None]:
        """The dates every programme listing shows, by column, blank where a framework lacks
        the step."""
        date_of = self.plan.date_of
        return {key: date_of(mid) for key, mid in KEY_DATES}

    def onsite(self) -> tuple[date, date] | None:
        """The on-site fieldwork, first to last day; None for a framework without one."""
        first, last = (self.date_of(mid) for mid in ONSITE)
        return (first, last) if first is not None and last is not None else None


@dataclass(frozen=True, kw_only=True)
class Programme:
    """Every inspection of a file, each planned once."""

    entries: tuple[Scheduled, ...]
    inputs: Inputs
    source: Path | None = None  # the programme file, when it was read from one

    def __iter__(self) -> Iterator[Scheduled]:
        return iter(self.entries)

    def input_paths(self) -> tuple[Path, ...]:
        """Every file this programme was read from, which `-o` must never overwrite."""
        return input_paths(
            (entry.inspection for entry in self.entries),
            self.source,
            self.inputs.default_closures,
            self.inputs.holidays_file,
        )


def input_paths(items: Iterable[Inspection], *others: Path | None) -> tuple[Path, ...]:
    """The files a run reads: `others` (the programme file, the run's closures...) and each
    row's own closures file and `.toml` timetable, each once."""
    from inspectcal.frameworks import timetable_file

    found: list[Path] = [path for path in others if path is not None]
    for item in items:
        if item.closures is not None:
            found.append(item.closures)
        timetable = timetable_file(item.framework)
        if timetable is not None:
            found.append(timetable)
    return tuple(dict.fromkeys(found))


@uncollected()
def plan_programme(inspections: Sequence[Inspection], *, inputs: Inputs) -> Programme:
    """Plan each inspection once; rows with identical inputs share one (immutable) plan.

    A national programme notifies several authorities on the same day under the same
    framework, so sharing is common, and it is exact: a plan depends on nothing else.
    """
    from inspectcal.plan import build_plan

    made: dict[tuple[object, ...], Plan] = {}
    entries: list[Scheduled] = []
    for item in inspections:
        calendar = inputs.calendar_for(item)
        key = (item.framework, id(calendar), item.notify, tuple(sorted(item.pins.items())))
        plan = made.get(key)
        if plan is None:

            def build(item: Inspection = item, calendar: WorkingCalendar = calendar) -> Plan:
                return build_plan(
                    framework=inputs.framework(item.framework),
                    calendar=calendar,
                    notify=item.notify,
                    pins=item.pins,
                )

            plan = made[key] = within(item, build)
        entries.append(Scheduled(inspection=item, plan=plan))
    return Programme(entries=tuple(entries), inputs=inputs)


def load_programme(
    path: Path,
    *,
    calendar: str = DEFAULT_CALENDAR,
    closures: Path | None = None,
    holidays_file: Path | None = None,
) -> Programme:
    """The one call behind every `-i FILE` command that needs plans."""
    inputs = Inputs(calendar=calendar, closures=closures, holidays_file=holidays_file)
    planned = plan_programme(read_inspections(path), inputs=inputs)
    return Programme(entries=planned.entries, inputs=inputs, source=path)


def milestone_span(milestone: PlannedMilestone) -> tuple[date, date]:
    """First and last day of a milestone, a single day's end being its start: windows and
    clashes overlap spans."""
    return milestone.date, milestone.end_date or milestone.date
