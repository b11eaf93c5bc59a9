"""One formatting of a planned milestone, shared by every output.

The terminal table, the programme views, the HTML page and its tooltips, the published index
and the iCal descriptions all show the same facts: which working days, which dates, at what
time, who acts, by which rule, from which paragraph. Written once here (khal's
`Event.attributes` is the model), they cannot drift apart: a feed that says "6 June" while
the table says "06 June", or a page that drops the 09:30 the table shows.

Dates are spelled from fixed English names rather than `strftime`: the output does not change
with the machine's locale, and a programme of ten thousand inspections formats its rows
without a C call per field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Protocol

from inspectcal.frameworks import AUDIENCE_LABEL, WEEKDAYS, PerFramework

if TYPE_CHECKING:
    from inspectcal.frameworks import Framework
    from inspectcal.plan import PlannedMilestone

WEEKDAYS_SHORT = tuple(day[:3] for day in WEEKDAYS)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
MONTHS_SHORT = tuple(month[:3] for month in MONTHS)
DASH = "–"  # an en dash joins the two ends of a range, as typesetting does


class Timed(Protocol):
    """A timetable row or a planned milestone: both carry the source's time of day."""

    @property
    def time(self) -> time | None:
        """The clock time the source gives, if any."""
        ...

    @property
    def time_label(self) -> str | None:
        """The source's own words for the time ("by midday")."""
        ...


def weekday(day: date) -> str:
    """'Wed': the column a reader scans for weekends."""
    return WEEKDAYS_SHORT[day.weekday()]


def long_date(day: date) -> str:
    """'Wednesday 6 June 2012': how a letter or a calendar entry writes a date, unpadded."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """'Wed 6 Jun 2012': a long date that fits a tooltip or an agenda line."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    """'Wed 6 Jun': a date inside a window whose year is already said."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]}"


def day_range(first: int | None, last: int | None) -> str:
    """'14–16', '14', or nothing for a step the source gives no number."""
    if first is None:
        return ""
    if last is None or last == first:
        return str(first)
    return f"{first}{DASH}{last}"


def date_range(start: date, end: date | None) -> str:
    """'2012-06-06' or '2012-06-06 – 2012-06-08': ISO, what a spreadsheet or script reads."""
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()} {DASH} {end.isoformat()}"


def weekday_range(start: date, end: date | None) -> str:
    """'Wed' or 'Mon–Fri'."""
    if end is None or end == start:
        return weekday(start)
    return f"{weekday(start)}{DASH}{weekday(end)}"


def spoken_range(start: date, end: date | None, spell: Callable[[date], str] = long_date) -> str:
    """'Monday 26 September 2016 to Friday 30 September 2016': a phase as a sentence says it."""
    if end is None or end == start:
        return spell(start)
    return f"{spell(start)} to {spell(end)}"


def clock(item: Timed) -> str:
    """'12:00' or nothing: the machine-readable time (JSON, CSV)."""
    return "" if item.time is None else f"{item.time.hour:02d}:{item.time.minute:02d}"


def time_text(item: Timed) -> str:
    """'by midday (12:00)', 'by the end of the day', '09:30' or nothing.

    The source's words come first because they carry the meaning ("not before 12 noon" is not
    "at 12:00"); the clock time follows whenever the source gives one, so no output shows one
    without the other.
    """
    hhmm = clock(item)
    if item.time_label:
        return f"{item.time_label} ({hhmm})" if hhmm else item.time_label
    return hhmm


def printed_days(item: PlannedMilestone) -> str:
    """The working days a milestone falls on, with the source's own numbers in brackets when
    a pin moved it off them: a reader should see both rather than a source number on a date it
    no longer matches."""
    real = day_range(item.day, item.end_day)
    printed = day_range(item.source_day, item.source_end_day)
    return real if real == printed else f"{real} ({printed})"


def kind(item: PlannedMilestone) -> str:
    """'deadline', 'phase' or 'event': how a picture or a list marks the row."""
    return "deadline" if item.deadline else "phase" if item.is_phase else "event"


def _lower_first(text: str) -> str:
    """'Draft letter to DCS' reads 'draft letter to DCS' mid-sentence; 'DCS sends' and
    'Annex A data' stay as they are (an acronym, a name with a letter)."""
    words = text.split()
    if (len(text) > 1 and text[1].isupper()) or (len(words) > 1 and len(words[1]) == 1):
        return text
    return text[:1].lower() + text[1:]


# rule_text's answers by framework and row (a row's id is unique in its timetable).
_RULES: PerFramework[str] = PerFramework(kept=4096)


def rule_text(framework: Framework, item: PlannedMilestone) -> str:
    """The rule, naming the step it counts from by its short label rather than its title.

    Only rules the timetable left to be described are reworded; a rule the data file spells
    out is the source's own wording and is kept. The words are the timetable row's alone, and
    a published programme shows them for every milestone three times (feed, table, tooltip):
    each row's are worded once.
    """
    return _RULES.get(framework, item.spec.id, lambda: _reworded(framework, item))


def _reworded(framework: Framework, item: PlannedMilestone) -> str:
    spec = item.spec
    if spec.span is not None:
        a, b = (framework.milestone(key) for key in spec.span)
        if item.rule == f"from {a.title.lower()} to {b.title.lower()}":
            return f"from {_lower_first(a.label)} to {_lower_first(b.label)}"
        return item.rule
    if item.depends_on is None:
        return item.rule
    parent = framework.milestone(item.depends_on)
    if item.rule.endswith(f": {parent.title}"):
        prefix = item.rule.removesuffix(f": {parent.title}")
        if prefix == "the same day as":
            return f"the same day as {_lower_first(parent.label)}"
        return f"{prefix} {_lower_first(parent.label)}"
    return item.rule


@dataclass(frozen=True, kw_only=True)
class MilestoneFields:
    """Every formatted field of one planned milestone, each written once.

    Outputs pick the fields they show; none formats a date, a range or a time itself.
    """

    id: str
    title: str
    label: str
    kind: str
    deadline: bool
    days: str
    weekday: str
    dates: str
    when: str
    when_short: str
    time: str
    clock: str
    who: str
    audience: str
    rule: str
    source: str
    cite: str
    quote: str


def fields(framework: Framework, item: PlannedMilestone) -> MilestoneFields:
    """The formatted fields of `item`, a milestone of a plan of `framework`."""
    return MilestoneFields(
        id=item.id,
        title=item.title,
        label=item.label,
        kind=kind(item),
        deadline=item.deadline,
        days=printed_days(item),
        weekday=weekday_range(item.date, item.end_date),
        dates=date_range(item.date, item.end_date),
        when=spoken_range(item.date, item.end_date),
        when_short=spoken_range(item.date, item.end_date, short_date),
        time=time_text(item),
        clock=clock(item),
        who=item.party,
        audience=AUDIENCE_LABEL[item.audience],
        rule=rule_text(framework, item),
        source=item.source,
        cite=item.cite,
        quote=item.quote,
    )


def index_row(framework: Framework, item: PlannedMilestone) -> dict[str, str]:
    """One row of the published index page's milestone table, as text to escape and place.

    The page shows what the terminal table shows, clock times included.
    """
    f = fields(framework, item)
    return {
        "when": f.when_short,
        "days": f.days,
        "time": f.time,
        "title": f.title,
        "deadline": "deadline" if f.deadline else "",
        "who": f.who,
        "audience": f.audience,
        "rule": f.rule,
        "source": f.source,
    }
