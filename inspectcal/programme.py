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

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from inspectcal.errors import BadInput, InspectcalError, MalformedDataFile

if TYPE_CHECKING:
    from inspectcal.frameworks import Framework
    from inspectcal.plan import Plan, PlannedMilestone
    from inspectcal.workdays import WorkingCalendar

DEFAULT_CALENDAR = "england-and-wales"
COLUMNS = ("name", "framework", "notify", "pins", "authority", "people", "calendar", "closures")
REQUIRED = COLUMNS[:3]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

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


@dataclass(frozen=True, kw_only=True)
class Person:
    """Someone booked on an inspection; the role (`lead`, `QA`) is optional."""

    name: str
    role: str | None = None

    @property
    def key(self) -> str:
        """Names are matched without regard to case or spacing: "ann  smith" is Ann Smith."""
        return " ".join(self.name.split()).casefold()

    @property
    def text(self) -> str:
        return f"{self.role}:{self.name}" if self.role else self.name


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


def iso_date(text: str) -> date | None:
    """A strict `YYYY-MM-DD`: Python 3.11 also takes `20160913` and `2016-W37-2`, which in a
    spreadsheet column are far more likely a typo than a choice."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def csv_rows(path: Path, *, what: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank, non-comment rows of a UTF-8 CSV (BOM and CRLF allowed), numbered.

    Spreadsheets save a BOM and CRLF line ends; people annotate files with `#` lines.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MalformedDataFile(str(path), None, f"no such {what}; check the path") from None
    except OSError as err:
        raise MalformedDataFile(str(path), None, f"cannot read it ({err.strerror})") from err
    except UnicodeDecodeError as err:
        raise MalformedDataFile(str(path), None, "not UTF-8 text; save it as CSV UTF-8") from err
    # A cell cannot be longer than the file, so the file's length is a safe limit.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(text.splitlines())
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            yield number, row
    except csv.Error as err:
        raise MalformedDataFile(str(path), reader.line_num, f"not readable as CSV ({err})") from err


def read_inspections(path: Path) -> tuple[Inspection, ...]:
    """Read a programme file (see the module docstring); refuse anything ambiguous.

    `notify` may be left empty when pins are given: the plan derives it backwards.
    """
    label = str(path)
    rows = csv_rows(path, what="inspections file")
    first = next(rows, None)
    if first is None:
        raise MalformedDataFile(label, None, f"empty; the header is {','.join(REQUIRED)},...")
    number, header_row = first
    header = [cell.strip().lower() for cell in header_row]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        raise MalformedDataFile(
            label,
            number,
            f"the header must be {','.join(COLUMNS[:4])} (pins optional), plus any of "
            f"{','.join(COLUMNS[4:])}, each once",
        )
    found: list[Inspection] = []
    names: dict[str, int] = {}
    for number, row in rows:
        if len(row) > len(header):
            raise MalformedDataFile(
                label, number, f"{len(row)} cells for {len(header)} columns; quote any comma"
            )
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        item = _inspection(cells, path=path, line=number)
        if item.name.casefold() in names:
            raise MalformedDataFile(
                label,
                number,
                f"{item.name!r} is already on line {names[item.name.casefold()]}; "
                "give each inspection its own name",
            )
        names[item.name.casefold()] = number
        found.append(item)
    if not found:
        raise MalformedDataFile(label, None, "lists no inspections")
    return tuple(found)


def _inspection(cells: Mapping[str, str], *, path: Path, line: int) -> Inspection:
    def fail(problem: str) -> MalformedDataFile:
        return MalformedDataFile(str(path), line, problem)

    def day(text: str, what: str) -> date:
        found = iso_date(text)
        if found is None:
            raise fail(f"malformed {what} {text!r}; write it as YYYY-MM-DD, e.g. 2016-09-13")
        return found

    name = " ".join(cells.get("name", "").split())
    framework = cells.get("framework", "")
    if not name or not framework:
        raise fail("'name' and 'framework' are required")
    if framework.lower().endswith(".toml") and not Path(framework).is_absolute():
        framework = str(path.parent / framework)
    notify_text = cells.get("notify", "")
    notify = day(notify_text, "notification date") if notify_text else None
    pins: dict[str, date] = {}
    for item in filter(None, (p.strip() for p in cells.get("pins", "").split(";"))):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise fail(f"pin {item!r} must be id=YYYY-MM-DD (several separated by ';')")
        pinned = day(value.strip(), f"date for {key}")
        if key in pins and pins[key] != pinned:
            raise fail(f"{key} is pinned twice ({pins[key]} and {pinned}); give it once")
        pins[key] = pinned
    if notify is None and not pins:
        raise fail("give a notify date, or pin a milestone in 'pins'")
    closures = cells.get("closures", "")
    return Inspection(
        name=name,
        framework=framework,
        notify=notify,
        pins=pins,
        authority=" ".join(cells.get("authority", "").split()) or None,
        people=_people(cells.get("people", ""), fail=fail),
        calendar=cells.get("calendar", "") or None,
        closures=path.parent / closures if closures else None,
        origin=f"{path}, line {line}",
    )


def _people(text: str, *, fail: Callable[[str], MalformedDataFile]) -> tuple[Person, ...]:
    people: list[Person] = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        role, sep, name = item.partition(":")
        person = (
            Person(name=" ".join(name.split()), role=role.strip())
            if sep
            else Person(name=" ".join(item.split()))
        )
        if not person.name or (sep and not person.role):
            raise fail(f"person {item!r} must be Name or role:Name (several separated by ';')")
        if any(p.key == person.key for p in people):
            raise fail(f"{person.name} is listed twice in 'people'; list each person once")
        people.append(person)
    return tuple(people)


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
        for milestone in self.plan.milestones:
            if milestone.id == milestone_id:
                return milestone.date
        return None

    def key_dates(self) -> dict[str, date | None]:
        dates = {m.id: m.date for m in self.plan.milestones}
        return {key: dates.get(mid) for key, mid in KEY_DATES}

    def onsite(self) -> tuple[date, date] | None:
        """The on-site fieldwork, first to last day; None for a framework without one."""
        first, last = (self.date_of(mid) for mid in ONSITE)
        return (first, last) if first is not None and last is not None else None


@dataclass(frozen=True, kw_only=True)
class Programme:
    """Every inspection of a file, each planned once."""

    entries: tuple[Scheduled, ...]
    inputs: Inputs

    def __iter__(self) -> Iterator[Scheduled]:
        return iter(self.entries)


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
    path: Path, *, calendar: str = DEFAULT_CALENDAR, closures: Path | None = None
) -> Programme:
    """The one call behind every `-i FILE` command that needs plans."""
    inputs = Inputs(calendar=calendar, closures=closures)
    return plan_programme(read_inspections(path), inputs=inputs)


def milestone_span(milestone: PlannedMilestone) -> tuple[date, date]:
    return milestone.date, milestone.end_date or milestone.date
