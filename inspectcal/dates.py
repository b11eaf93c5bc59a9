"""Dates, date-times and `ID=DATE` pins as every input writes them: one set of rules.

The command line, the programme CSV and the actuals files all read the same three forms, and
the copies that once read them apart drifted (one accepted `20160913`, one let the last of two
conflicting pins win). So each form is parsed here, once, and strictly: a spreadsheet cell
that is not exactly `YYYY-MM-DD` is far more likely a typo than a choice.

Errors speak the domain ("pin", "actual"); a caller that knows the user typed a flag passes
the flag as `what`, so the message names what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from inspectcal.errors import ISO_DATE, BadInput, MalformedDataFile, MalformedDate

MOMENT_FORMS = "YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2016-09-13T10:15"
_MOMENT = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2}))?")


@dataclass(frozen=True, kw_only=True)
class Actual:
    """When a milestone really happened. `where` says where the fact came from, for errors."""

    day: date
    at: time | None = None
    where: str = "actual"

    @property
    def text(self) -> str:
        """As the user wrote it (ISO, minutes only when given): two facts agree when equal."""
        return (
            self.day.isoformat() if self.at is None else f"{self.day.isoformat()}T{self.at:%H:%M}"
        )

    def _key(self) -> tuple[date, time]:
        """For ordering: a fact without a clock time counts from the start of its day."""
        return self.day, self.at or time(0)


def iso_date(text: str) -> date | None:
    """A strict `YYYY-MM-DD`, or None: Python also takes `20160913` and `2016-W37-2`."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str, what: str = "date") -> date:
    """A strict `YYYY-MM-DD`; `what` names the date in the message ("notification date")."""
    found = iso_date(text)
    if found is None:
        raise MalformedDate(text, what)
    return found


def optional_date(text: str | None, what: str = "date") -> date | None:
    """`parse_date` for an input that may be left out (None), but not left blank."""
    return parse_date(text, what) if text is not None else None


def iso_moment(text: str) -> tuple[date, time | None] | None:
    """`2016-09-13` or `2016-09-13T10:15` (a space for the T too, as spreadsheets write it)."""
    match = _MOMENT.fullmatch(text.strip())
    if not match:
        return None
    day, hour, minute = match.groups()
    try:  # the pattern has checked the form `iso_date` checks: only the day can be wrong now
        return date.fromisoformat(day), time(int(hour), int(minute)) if hour else None
    except ValueError:
        return None


def moment_problem(text: str) -> str:
    """The one wording of a bad actual date, for the command line and every file alike."""
    return f"{text.strip()!r} is not a date; write it as {MOMENT_FORMS}"


def parse_actual(text: str, *, where: str) -> Actual:
    """One actual date or date-time; `where` (an option, a file and line) leads the message."""
    found = iso_moment(text)
    if found is None:
        raise BadInput(f"{where}: {moment_problem(text)}")
    return Actual(day=found[0], at=found[1], where=where)


def actual_in_file(text: str, *, path: Path, line: int) -> Actual:
    """An actual date read from a file's cell: an error names the file and line."""
    return actuals_in_file(path)(text, line)


def actuals_in_file(path: Path) -> Callable[[str, int], Actual]:
    """`actual_in_file` for the cells of one file, given each cell's text and line.

    An audit reads tens of thousands of cells, most of them dates other rows give too, so
    each distinct cell is parsed once, the file's part of `where` is written once, and the
    `Actual` is made without the frozen dataclass's `__init__` (see `_actual`).
    """
    prefix = f"{path}, line "

    def read(text: str, line: int) -> Actual:
        found = _moment_in_file(text)
        if found is None:
            raise MalformedDataFile(str(path), line, moment_problem(text))
        return _actual(found[0], found[1], f"{prefix}{line}")

    return read


@lru_cache(maxsize=1 << 14)
def _moment_in_file(text: str) -> tuple[date, time | None] | None:
    # Cached apart from `iso_moment`, which the command line calls with any text it is given.
    return iso_moment(text)


_new = object.__new__


def _actual(day: date, at: time | None, where: str) -> Actual:
    """`Actual(day=day, at=at, where=where)` at half the cost: its instance dictionary gets
    the fields `__init__` would set, in the same order (a test compares the two)."""
    actual: Actual = _new(Actual)
    actual.__dict__.update(day=day, at=at, where=where)
    return actual


def split_assignment(text: str) -> tuple[str, str] | None:
    """`ID=VALUE` as (id, value), both stripped; None when either is missing."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        return None
    return key.strip(), value.strip()


def parse_pins(values: Iterable[str], *, what: str = "pin") -> dict[str, date]:
    """`ID=YYYY-MM-DD` pins. The same pin twice is harmless; two dates for one milestone are
    refused, because either could be the typo and the last one silently winning hides it."""
    pins: dict[str, date] = {}
    for value in values:
        pair = split_assignment(value)
        if pair is None:
            example = "fieldwork-start=2016-09-26"
            raise BadInput(f"malformed {what} {value!r}; write ID=YYYY-MM-DD, e.g. {example}")
        key, text = pair
        day = parse_date(text, f"{what} date for {key}")
        if key in pins and pins[key] != day:
            raise BadInput(f"{key} is pinned twice ({pins[key]} and {day}); give it once")
        pins[key] = day
    return pins


def parse_actuals(values: Iterable[str], *, what: str = "actual") -> dict[str, Actual]:
    """`ID=DATE` or `ID=DATE-TIME` facts, under the same rule as pins (see `merge_actuals`)."""
    actuals: dict[str, Actual] = {}
    for value in values:
        pair = split_assignment(value)
        if pair is None:
            raise BadInput(
                f"{what} {value!r}: write it as ID=DATE, e.g. {what} draft-report=2016-10-17"
            )
        key, text = pair
        actuals = merge_actuals(actuals, {key: parse_actual(text, where=f"{what} {key}={text}")})
    return actuals


def merge_actuals(earlier: Mapping[str, Actual], later: Mapping[str, Actual]) -> dict[str, Actual]:
    """Both sources together; a milestone given different dates by the two is refused rather
    than silently resolved, because either could be the typo."""
    merged = dict(earlier)
    for key, actual in later.items():
        given = merged.get(key)
        if given is not None and given.text != actual.text:
            raise BadInput(
                f"{key} has two actual dates: {given.text} ({given.where}) and "
                f"{actual.text} ({actual.where}); give it once"
            )
        merged[key] = actual
    return merged
