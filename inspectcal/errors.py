"""Typed errors of the core library.

The core never prints or exits: it raises one of these, and `cli.py` turns the message into the
single stderr line and the error's `exit_status` (2 for bad input, 3 when the system failed).
Every message names the problem *and* the fix, because the person reading it is a planner with
a deadline, not a developer.
"""

from __future__ import annotations

import re
from datetime import date

# The one date form every input accepts (`MalformedDate` asks for it): not 20160913, not
# 2016-W37-2, not non-ASCII digits, which `date.fromisoformat` would also take.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InspectcalError(Exception):
    """Base class: `str(err)` is the complete one-line message for the user."""

    # Scripts branch on the status: 2 says "fix your input", so it is the default.
    exit_status = 2


class UnknownFramework(InspectcalError):
    """A name that is no shipped id, alias, path or user timetable; the message lists the known
    ones, so the fix is in the error."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(
            f"unknown framework {name!r}; known frameworks: {', '.join(known)} "
            "(or give the path of a timetable .toml file)"
        )


class UnknownCalendar(InspectcalError):
    """A calendar id that is not shipped; the message lists the valid ids."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown calendar {name!r}; choose one of: {', '.join(known)}")


class UnknownMilestone(InspectcalError):
    """A pin or actual naming a milestone the framework lacks; the message lists its ids, since
    ids differ between frameworks."""

    def __init__(self, milestone_id: str, framework: str, known: list[str]) -> None:
        self.milestone_id = milestone_id
        self.known = known
        super().__init__(
            f"unknown milestone {milestone_id!r} in {framework}; valid ids: {', '.join(known)}"
        )


class MalformedDate(InspectcalError):
    """A date not written as YYYY-MM-DD: other forms (20160913, 13/09/2016) are ambiguous or
    easy to mistype, so one form is accepted everywhere."""

    def __init__(self, text: str, what: str = "date") -> None:
        self.text = text
        if ISO_DATE.fullmatch(text):  # the right form, but no such day (30 February)
            super().__init__(f"{what} {text!r} is not a real date; check the day and the month")
        else:
            super().__init__(f"malformed {what} {text!r}; write it as YYYY-MM-DD, e.g. 2016-09-13")


class NotAWorkingDay(InspectcalError):
    """A pinned or recorded date on a day off: the message names the day off and the next
    working day, the likely intended date."""

    def __init__(self, *, what: str, day: date, reason: str, next_working_day: date) -> None:
        self.day = day
        self.next_working_day = next_working_day
        super().__init__(
            f"{what} {day.isoformat()} is not a working day ({reason}); "
            f"the next working day is {next_working_day:%A} {next_working_day.isoformat()}"
        )


class ContradictoryPins(InspectcalError):
    """Two pinned dates that cannot both hold (a later step pinned before an earlier one)."""


class BadInput(InspectcalError):
    """Any other invalid argument whose message already says what to do."""


class FutureActual(BadInput):
    """An actual date after the date the check is made as of: it has not happened yet."""


class MissingNotification(InspectcalError):
    """Nothing to count the timetable from: no notification date and no pinned step.

    The message speaks of dates, not options: the command line adds how to give them."""


class BadReminder(BadInput):
    """A reminder the feed cannot carry; the command line says which option gave it."""


class EmptyName(BadInput):
    """An inspection name with nothing in it: feeds and UIDs are keyed by it."""


class ActualOutOfOrder(InspectcalError):
    """An actual date earlier than the actual date of the milestone it is timed from.

    Such a record cannot be judged - the due date would be computed from a step that had not
    happened yet - and is almost always a typo in one of the two dates.
    """


class MalformedDataFile(InspectcalError):
    """A data file (timetable, calendar, closures, CSV) that cannot be used, with the file and
    line, so the fix starts in the right place."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class OutputFailed(InspectcalError):
    """The input was fine but the system refused the work (disk full, I/O error): exit 3,
    so a script can tell "retry or call IT" from "fix your input"."""

    exit_status = 3


class OutsideCalendar(InspectcalError):
    """A date in a year without bank-holiday data: counting there would treat Christmas as a
    working day, so it is refused rather than answered wrongly."""

    def __init__(self, *, day: date, name: str, years: tuple[int, int]) -> None:
        self.day = day
        super().__init__(
            f"{day.isoformat()} is outside {years[0]}-{years[1]}, the years with {name} "
            "bank-holiday data; inspectcal cannot count working days there"
        )


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 day", "2 days": every count a person reads agrees with its noun, in one place."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
