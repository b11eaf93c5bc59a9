"""gov.uk's official bank-holiday list (`bank-holidays.json`): reading it, comparing it with a
calendar, and planning with it.

A one-off bank holiday (a coronation, a state funeral) is announced months ahead on gov.uk but
reaches the `holidays` package only with its next release, and a council cannot wait for one.
Every council IT team can download gov.uk's file; planning with it for the years it covers
makes the official list, not the package, the authority for those years.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from inspectcal.errors import BadInput, MalformedDataFile
from inspectcal.workdays import WorkingCalendar

DIVISIONS = ("england-and-wales", "scotland", "northern-ireland")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, kw_only=True)
class Division:
    """One division's days off as gov.uk lists them, and the years its list covers."""

    name: str
    days: dict[date, str]
    first_year: int
    last_year: int

    def in_year(self, year: int) -> list[tuple[date, str]]:
        """One year's days in date order: differences are reported year by year."""
        return sorted((day, title) for day, title in self.days.items() if day.year == year)


@dataclass(frozen=True, kw_only=True)
class OfficialList:
    """gov.uk's bank-holidays.json as read: the official source a council trusts, compared with
    or used instead of the shipped calendars."""

    path: Path
    divisions: dict[str, Division]

    def division(self, name: str) -> Division:
        """One division by name; a file without it is refused with the divisions it has."""
        try:
            return self.divisions[name]
        except KeyError:
            raise BadInput(
                f"{self.path} has no {name!r} division; it has: "
                f"{', '.join(self.divisions) or 'none'}"
            ) from None


def read_bank_holidays(path: Path) -> OfficialList:
    """Read and check a `bank-holidays.json`; a problem names the file and the key path."""
    from inspectcal.files import read_text

    label = str(path)
    try:
        data = json.loads(read_text(path))
    except ValueError as err:
        raise MalformedDataFile(label, None, f"not valid JSON ({err})") from err

    def fail(where: str, problem: str) -> MalformedDataFile:
        return MalformedDataFile(label, None, f"{where}: {problem}")

    if not isinstance(data, dict):
        raise fail("(top level)", "expected an object keyed by division, e.g. england-and-wales")
    divisions: dict[str, Division] = {}
    for key in DIVISIONS:
        if key in data:
            divisions[key] = _division(key, data[key], fail)
    if not divisions:
        raise fail("(top level)", f"none of the divisions {', '.join(DIVISIONS)}")
    return OfficialList(path=path, divisions=divisions)


def _division(key: str, value: Any, fail: Any) -> Division:
    if not isinstance(value, dict):
        raise fail(key, "expected an object with 'division' and 'events'")
    if value.get("division") != key:
        raise fail(f"{key}.division", f"expected {key!r}, found {value.get('division')!r}")
    events = value.get("events")
    if not isinstance(events, list) or not events:
        raise fail(f"{key}.events", "expected a non-empty list of events")
    days: dict[date, str] = {}
    for n, event in enumerate(events):
        where = f"{key}.events[{n}]"
        if not isinstance(event, dict):
            raise fail(where, "expected an object with 'title' and 'date'")
        title = event.get("title")
        if not isinstance(title, str) or not title.strip():
            raise fail(f"{where}.title", "expected a non-empty string")
        text = event.get("date")
        try:
            if not isinstance(text, str) or not _DATE.match(text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            raise fail(f"{where}.date", f"{text!r} is not a YYYY-MM-DD date") from None
        if not isinstance(event.get("notes", ""), str):
            raise fail(f"{where}.notes", "expected a string")
        if not isinstance(event.get("bunting", False), bool):
            raise fail(f"{where}.bunting", "expected true or false")
        days[day] = title
    years = [day.year for day in days]
    return Division(name=key, days=days, first_year=min(years), last_year=max(years))


# -- comparing with a calendar --------------------------------------------------------------

# gov.uk's words for the days the `holidays` package names differently. A name that maps to
# gov.uk's title (parentheses and case aside) is the same day, not a "different name".
_GOVUK_NAMES = {
    "may day": "early may bank holiday",
    "late summer bank holiday": "summer bank holiday",
    "new year holiday": "2nd january",
    "saint andrew's day": "st andrew's day",
    "saint patrick's day": "st patrick's day",
    "wedding of william and catherine": "royal wedding",
    "diamond jubilee of elizabeth ii": "queen's diamond jubilee",
    "platinum jubilee of elizabeth ii": "platinum jubilee bank holiday",
    "state funeral of queen elizabeth ii": (
        "bank holiday for the state funeral of queen elizabeth ii"
    ),
    "coronation of charles iii": "bank holiday for the coronation of king charles iii",
}


def _normal(name: str) -> str:
    plain = re.sub(r"\([^)]*\)", "", name.replace("’", "'")).casefold()
    return " ".join(plain.split())


def same_day_name(official: str, ours: str) -> bool:
    """Whether gov.uk's name and ours name the same day: the two spell some days differently
    ("Early May bank holiday" against "May Day"), which is not a difference worth reporting."""
    theirs = _normal(official)
    for part in ours.split(";"):
        mine = _normal(part)
        if theirs in (mine, _GOVUK_NAMES.get(mine)):
            return True
    return False


Kind = Literal["missing", "extra", "name"]


@dataclass(frozen=True, kw_only=True)
class Difference:
    """One weekday where the official list and the calendar disagree.

    `missing`: on the official list, not in the calendar; `extra`: in the calendar only;
    `name`: both, under names that do not denote the same holiday.
    """

    division: str
    day: date
    kind: Kind
    official: str | None
    ours: str | None


def compare(official: Division, calendar: WorkingCalendar) -> list[Difference]:
    """Weekday differences over the years the official list covers.

    Weekend dates are left out: gov.uk lists a substitute Monday where the package lists
    both the Saturday and the Monday, and a weekend date changes no working-day arithmetic.
    """
    first = date(official.first_year, 1, 1)
    last = date(official.last_year, 12, 31)
    ours = {day: name for day, name in calendar.days_off(first, last) if day.weekday() < 5}
    theirs = {day: name for day, name in official.days.items() if day.weekday() < 5}
    found: list[Difference] = []
    for day in sorted(set(ours) | set(theirs)):
        mine, other = ours.get(day), theirs.get(day)
        kind: Kind | None = None
        if mine is None:
            kind = "missing"
        elif other is None:
            kind = "extra"
        elif not same_day_name(other, mine):
            kind = "name"
        if kind is not None:
            found.append(
                Difference(division=official.name, day=day, kind=kind, official=other, ours=mine)
            )
    return found


def compare_file(path: Path) -> tuple[list[str], list[Difference]]:
    """Every division in the file against the shipped calendar of the same name.

    Returns the calendars compared (as `division: calendar name, years`) and the differences.
    """
    from inspectcal.bankholidays import load_calendar

    official = read_bank_holidays(path)
    compared: list[str] = []
    found: list[Difference] = []
    for name, division in official.divisions.items():
        calendar = load_calendar(name)
        compared.append(
            f"{name}: {path.name} against {calendar.name}, "
            f"{division.first_year}-{division.last_year}"
        )
        found += compare(division, calendar)
    return compared, found


def render_differences(compared: list[str], found: list[Difference]) -> str:
    """The differences as text a person can check against gov.uk, grouped by division and year."""
    lines = [f"compared {line}" for line in compared]
    if not found:
        return "\n".join([*lines, "no differences"]) + "\n"
    current: tuple[str, int] | None = None
    for diff in found:
        if (diff.division, diff.day.year) != current:
            current = (diff.division, diff.day.year)
            lines.append(f"{diff.division} {diff.day.year}:")
        when = f"{diff.day:%a} {diff.day.isoformat()}"
        if diff.kind == "missing":
            lines.append(f"  {when}  missing from the calendar: {diff.official}")
        elif diff.kind == "extra":
            lines.append(f"  {when}  not on the official list: {diff.ours}")
        else:
            lines.append(f"  {when}  different name: {diff.official!r} / {diff.ours!r}")
    count = len(found)
    lines.append(f"{count} difference{'s' if count != 1 else ''}")
    return "\n".join(lines) + "\n"
