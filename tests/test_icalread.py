"""Reading iCalendar input: one fixture file per case in tests/ics/, khal style.

Each closures case names the exact days it closes (checked against a 2016 calendar: 14 Sep
2016 was a Wednesday) or the exact one-line message, with the file and the line of the
property at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspectcal.bankholidays import FIRST_YEAR, LIBRARY_LAST_YEAR, load_calendar, read_closures
from inspectcal.cli import app
from inspectcal.errors import MalformedDataFile
from inspectcal.icalread import PublishedEvent, read_closure_events, read_published_events
from inspectcal.publish import MANIFEST
from tests.helpers import d

ICS = Path(__file__).parent / "ics"


def days(*texts: str) -> list[date]:
    return [d(text) for text in texts]


def refusal(read: Callable[[Path], object], path: Path) -> str:
    """The one-line message `read` refuses the file with."""
    with pytest.raises(MalformedDataFile) as caught:
        read(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "closed"),
    [
        # DTEND is exclusive: Wed 14 and Thu 15 Sep.
        ("event_d.ics", days("2016-09-14", "2016-09-15")),
        # The same file saved with a byte-order mark, as Windows editors do.
        ("event_d_bom.ics", days("2016-09-14", "2016-09-15")),
        # P3D from Mon 19 Dec: Mon, Tue, Wed.
        ("event_d_duration.ics", days("2016-12-19", "2016-12-20", "2016-12-21")),
        # A timed meeting does not close the office for the day.
        ("event_dt.ics", []),
        # No rule: the start plus each RDATE (Fri 16 Sep, Fri 21 Oct).
        ("event_d_rdate.ics", days("2016-09-14", "2016-09-16", "2016-10-21")),
        # Weekly x3 (14, 21, 28 Sep) plus RDATE Fri 16 Sep.
        (
            "event_d_rrule_rdate.ics",
            days("2016-09-14", "2016-09-16", "2016-09-21", "2016-09-28"),
        ),
        # Weekly x4 (14, 21, 28 Sep, 5 Oct) less EXDATE 21 Sep.
        ("event_d_exdate.ics", days("2016-09-14", "2016-09-28", "2016-10-05")),
        # Weekly until 5 Oct 00:00 UTC, read as the day 5 Oct: four Wednesdays.
        (
            "event_d_rrule_until_utc.ics",
            days("2016-09-14", "2016-09-21", "2016-09-28", "2016-10-05"),
        ),
        # Wed 14 Sep; then Mon 19 and Tue 20 Sep (DTEND 21 exclusive).
        ("event_d_two_events.ics", days("2016-09-14", "2016-09-19", "2016-09-20")),
        # Starting 30 Dec 2100 for 9,999,999 days: only the two days with bank-holiday data.
        ("duration_huge.ics", days("2100-12-30", "2100-12-31")),
    ],
)
def test_closure_days(name: str, closed: list[date]) -> None:
    assert sorted(read_closures(ICS / name)) == closed


def test_the_summary_names_each_day() -> None:
    assert read_closures(ICS / "event_d_two_events.ics") == {
        d("2016-09-14"): "Staff day",
        d("2016-09-19"): "Office move",
        d("2016-09-20"): "Office move",
    }


def test_an_event_from_1900_to_9999_is_clipped_to_the_years_with_data() -> None:
    closed = read_closures(ICS / "dtend_9999.ics")
    first, last = date(FIRST_YEAR, 1, 1), date(LIBRARY_LAST_YEAR, 12, 31)
    assert (min(closed), max(closed)) == (first, last)
    assert len(closed) == (last - first).days + 1


def test_a_yearly_repeat_without_end_runs_to_the_last_year_with_data() -> None:
    # 27-29 Dec every year from 2016: three days a year, 2016 to 2100 inclusive.
    closed = read_closures(ICS / "event_d_rrule_yearly.ics")
    assert len(closed) == 3 * (LIBRARY_LAST_YEAR - 2016 + 1)
    assert max(closed) == date(LIBRARY_LAST_YEAR, 12, 29)
    council = load_calendar("england-and-wales", closures=ICS / "event_d_rrule_yearly.ics")
    # 2041: Fri 27, Sat 28, Sun 29 Dec, all listed as closed.
    assert [day for day, _ in council.days_off(d("2041-12-27"), d("2041-12-29"))] == days(
        "2041-12-27", "2041-12-28", "2041-12-29"
    )


def test_expansion_is_bounded_by_the_callers_days() -> None:
    text = (ICS / "event_d_rrule_yearly.ics").read_text()
    closed = read_closure_events(text, "x.ics", first=d("2017-12-28"), last=d("2018-12-27"))
    # The 2017 shutdown from its second day; the 2018 one up to the last day asked for.
    assert sorted(closed) == days("2017-12-28", "2017-12-29", "2018-12-27")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "rrule_minutely.ics",
            ", line 8: event 'Shutdown': bad RRULE (an all-day closure cannot repeat more often "
            "than daily)",
        ),
        (
            "bad_rrule.ics",
            ", line 8: event 'Shutdown': bad RRULE (no FREQ; a repeat reads e.g. "
            "RRULE:FREQ=YEARLY;COUNT=3)",
        ),
        # INTERVAL=0 would never reach the next instance: dateutil loops for ever.
        (
            "rrule_interval_0.ics",
            ", line 8: event 'Shutdown': bad RRULE (INTERVAL=0; it counts periods from 1 up)",
        ),
        (
            "bad_rrule_freq.ics",
            ", line 8: event 'Shutdown': bad RRULE (Expected frequency, got: SOMETIMES)",
        ),
        (
            "bad_rrule_until.ics",
            ", line 8: event 'Shutdown': bad RRULE (Expected datetime, date, or time. Got: '2016')",
        ),
        ("bad_rdate.ics", ", line 8: event 'Shutdown': bad RDATE (Expected time, got: 2016130)"),
        ("bad_exdate.ics", ", line 9: event 'Shutdown': bad EXDATE (Wrong date format 20161x01)"),
        (
            "bad_dtstart.ics",
            ", line 7: event 'Shutdown': bad DTSTART (Expected time, got: 2016091)",
        ),
        # Not a whole calendar: no line to point at.
        (
            "not_a_calendar.ics",
            ": not a valid iCalendar file (Found no components where exactly one is required: "
            "BEGIN:VCALENDAR VERSION:2.0 PRODID:-//t//t/)",
        ),
        # No DTSTART at all: the line the event begins on.
        ("no_dtstart.ics", ", line 4: event 'Shutdown': bad DTSTART (the event has no start date)"),
        (
            "dtend_before_dtstart.ics",
            ", line 8: event 'Shutdown': bad DTEND (2016-09-13 is not after the start)",
        ),
        # The fault is in the second event: its own RRULE line, not the first event's.
        (
            "bad_second_event.ics",
            ", line 14: event 'Shutdown': bad RRULE (an all-day closure cannot repeat more often "
            "than daily)",
        ),
        # A SUMMARY folded over lines 6-7 moves the RRULE to line 9.
        (
            "folded_bad_rrule.ics",
            ", line 9: event 'Shutdown for the office move and the new phones': bad RRULE (no "
            "FREQ; a repeat reads e.g. RRULE:FREQ=YEARLY;COUNT=3)",
        ),
    ],
)
def test_a_malformed_closure_is_one_line_with_file_and_line(name: str, message: str) -> None:
    assert refusal(read_closures, ICS / name) == f"{ICS / name}{message}"


def test_the_command_line_reads_a_utc_until_and_refuses_a_bad_one() -> None:
    runner = CliRunner()
    args = ["holidays", "2016", "--format", "csv", "--closures"]
    good = runner.invoke(app, [*args, str(ICS / "event_d_rrule_until_utc.ics")])
    assert good.exit_code == 0
    assert [line for line in good.stdout.splitlines() if "Shutdown" in line] == [
        f"{day},Wednesday,Shutdown,closure"
        for day in ("2016-09-14", "2016-09-21", "2016-09-28", "2016-10-05")
    ]
    bad = runner.invoke(app, [*args, str(ICS / "bad_rrule_until.ics")])
    assert (bad.exit_code, bad.stdout, bad.stderr) == (
        2,
        "",
        f"inspectcal: error: {ICS / 'bad_rrule_until.ics'}, line 8: event 'Shutdown': bad "
        "RRULE (Expected datetime, date, or time. Got: '2016')\n",
    )


# -- published feeds ------------------------------------------------------------------------------


def test_published_events_by_uid_keep_the_highest_sequence() -> None:
    assert read_published_events(ICS / "published_feed.ics") == {
        "a@inspectcal": PublishedEvent(
            sequence=2,
            modified=datetime(2016, 9, 20, 10, 15, tzinfo=UTC),
            start=d("2016-10-17"),
            end=d("2016-10-18"),
            summary="Draft report",
        ),
        # No SEQUENCE is 0; no LAST-MODIFIED falls back to DTSTAMP.
        "b@inspectcal": PublishedEvent(
            sequence=0,
            modified=datetime(2016, 9, 13, tzinfo=UTC),
            start=datetime(2016, 9, 26, 8, 0, tzinfo=UTC),
            end=datetime(2016, 9, 26, 8, 30, tzinfo=UTC),
            summary="Fieldwork starts",
        ),
    }


def test_a_published_event_without_uid_names_its_line() -> None:
    path = ICS / "published_no_uid.ics"
    assert refusal(read_published_events, path) == (
        f"{path}, line 10: an event without a readable UID, SEQUENCE, DTSTAMP or DTSTART ('UID')"
    )


def test_publish_reads_its_old_feeds_here_and_names_a_damaged_one(tmp_path: Path) -> None:
    runner = CliRunner()
    mini = Path(__file__).parent / "ical_mini.toml"
    args = ["publish", str(tmp_path), "-f", str(mini), "--notify", "2016-09-13", "--name", "X"]
    assert runner.invoke(app, args).exit_code == 0
    feed = tmp_path / "x" / "all.ics"
    lines = feed.read_bytes().split(b"\r\n")
    first_uid = next(n for n, line in enumerate(lines) if line.startswith(b"UID:"))
    begin = max(n for n in range(first_uid) if lines[n] == b"BEGIN:VEVENT")
    feed.write_bytes(b"\r\n".join(lines[:first_uid] + lines[first_uid + 1 :]))
    # The folder's manifest says what was published, and the damaged feed is simply written
    # again; without the manifest the old feeds themselves are read, and the damage is named.
    (tmp_path / MANIFEST).unlink()
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"inspectcal: error: cannot read the published feed: {feed}, line {begin + 1}: an event "
        "without a readable UID, SEQUENCE, DTSTAMP or DTSTART ('UID'); delete it and publish "
        "again (UIDs are stable, so subscribers keep their events)\n",
    )
