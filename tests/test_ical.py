"""The iCal export: every feed is read back by two independent parsers and checked against the
plan, with hand-computed UTC instants either side of both clock changes.

The second parser is vobject: unlike icalendar, which resolves TZID=Europe/London by name, it
builds the zone from the VTIMEZONE in the file, so it catches a wrong VTIMEZONE.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject  # type: ignore[import-untyped]
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.errors import BadInput
from inspectcal.frameworks import load_framework
from inspectcal.ical import (
    Reminder,
    build_calendar,
    default_stamp,
    export_calendar,
    parse_reminder,
    uid_for,
)
from tests.helpers import MINI, by_icalendar, d, events_by_id, parse_feed, plan_for

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
UPDATE_GOLDEN = os.environ.get("INSPECTCAL_UPDATE_GOLDEN") == "1"
runner = CliRunner()


# -- reading feeds back -------------------------------------------------------------------


def london(text: str) -> datetime:
    """A hand-written UTC instant, e.g. '2016-10-28T08:30Z'."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def mini_feed(notify: str, **kwargs: Any) -> bytes:
    return export_calendar(
        framework=MINI, notify=d(notify), name="Bedford, Mini; 2016", **kwargs
    ).data


# -- against the plan ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("framework", "notify"),
    [(MINI, "2016-10-28"), (MINI, "2016-03-24"), ("jtai", "2016-09-13"), ("jtai", "2017-03-21")],
)
def test_every_event_matches_the_json_plan(framework: str, notify: str) -> None:
    result = runner.invoke(app, ["plan", "-f", framework, "--notify", notify, "--format", "json"])
    assert result.exit_code == 0, result.output
    milestones = json.loads(result.stdout)["milestones"]
    events = events_by_id(parse_feed(export_calendar(framework=framework, notify=d(notify)).data))
    assert len(events) == len(milestones)
    for m in milestones:
        ev = events[m["id"]]
        first = date.fromisoformat(m["date"])
        if m["time"] and not m["end_date"]:
            local = datetime.combine(first, datetime.strptime(m["time"], "%H:%M").time())
            offset = 1 if _is_bst(local) else 0
            assert ev.start == (local - timedelta(hours=offset)).replace(tzinfo=UTC), m["id"]
            assert ev.end == ev.start + timedelta(minutes=30), m["id"]
        else:
            last = date.fromisoformat(m["end_date"] or m["date"])
            assert (ev.start, ev.end) == (first, last + timedelta(days=1)), m["id"]


def _is_bst(local: datetime) -> bool:
    """UK summer time, from the rule itself: last Sunday of March to last Sunday of October."""

    def last_sunday(month: int) -> date:
        day = date(local.year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    # Milestone times (09:30 to 17:00) are never inside the 01:00 changeover hour.
    return last_sunday(3) <= local.date() < last_sunday(10)


def test_times_are_right_across_the_october_clock_change() -> None:
    # Clocks went back on Sunday 30 October 2016. Notified Friday 28 October (BST): the list is
    # due by midday on Monday 31 October (GMT); its reminder is Friday 09:00 BST.
    ev = events_by_id(parse_feed(mini_feed("2016-10-28")))
    assert ev["notification"].start == london("2016-10-28T08:30Z")
    assert ev["notification"].end == london("2016-10-28T09:00Z")
    assert ev["notification"].trigger == london("2016-10-27T08:00Z")
    assert ev["children-list"].start == london("2016-10-31T12:00Z")
    assert ev["children-list"].trigger == london("2016-10-28T08:00Z")
    assert ev["draft-report"].start == london("2016-11-10T17:00Z")
    assert ev["draft-report"].trigger == london("2016-11-09T09:00Z")


def test_times_are_right_across_the_march_clock_change_and_easter() -> None:
    # Clocks went forward on Sunday 27 March 2016, between Good Friday (25th) and Easter
    # Monday (28th). Notified Thursday 24 March (GMT), day 2 is Tuesday 29 March (BST).
    ev = events_by_id(parse_feed(mini_feed("2016-03-24")))
    assert ev["notification"].start == london("2016-03-24T09:30Z")
    assert ev["children-list"].start == london("2016-03-29T11:00Z")
    assert ev["children-list"].trigger == london("2016-03-24T09:00Z")
    assert ev["evaluations"].start == date(2016, 3, 31)
    assert ev["evaluations"].trigger == london("2016-03-30T08:00Z")


def test_all_day_milestones_and_phases_have_an_exclusive_end() -> None:
    ev = events_by_id(parse_feed(mini_feed("2016-10-28")))
    assert (ev["evaluations"].start, ev["evaluations"].end) == (d("2016-11-02"), d("2016-11-03"))
    assert (ev["fieldwork"].start, ev["fieldwork"].end) == (d("2016-11-03"), d("2016-11-10"))
    check = ev["factual-accuracy-check"]
    assert (check.start, check.end) == (d("2016-11-11"), d("2016-11-25"))
    # A calendar-day deadline on a Tuesday here; all-day, so no time zone at all.
    assert (ev["complaint-deadline"].start, ev["complaint-deadline"].end) == (
        d("2016-11-22"),
        d("2016-11-23"),
    )
    raw = mini_feed("2016-10-28").decode()
    assert "DTSTART;VALUE=DATE:20161102\r\nDTEND;VALUE=DATE:20161103\r\n" in raw
    # Every all-day event is transparent, no timed one.
    all_day = [s.id for s in load_framework(MINI).milestones if s.time is None]
    assert raw.count("TRANSP:TRANSPARENT") == len(all_day)
    assert sorted(all_day) == sorted(
        mid for mid, event in ev.items() if not isinstance(event.start, datetime)
    )


def test_summary_description_and_categories_survive_the_round_trip() -> None:
    ev = events_by_id(parse_feed(mini_feed("2016-10-28")))
    listing = ev["children-list"]
    assert listing.summary == "MINI: DCS sends the list of children, cases; contacts"
    assert listing.categories == ("Local authority (DCS), with partners", "Deadline")
    assert listing.description == (
        "Who acts: Local authority (DCS), with partners\n"
        "When: Monday 31 October 2016, by midday (12:00 UK time)\n"
        "Timetable: day 2\n"
        "Rule: 1 working day after: Lead inspector notifies the DCS\n"
        "Source: Mini guidance 2016, para 9, day 2\n"
        "“By midday – the DCS sends the list; see also para 14,\nand Annex B (café rules)”\n"
        "Inspection: Bedford, Mini; 2016 (Mini joint inspection; test timetable)"
    )
    assert (
        ev["evaluations"].summary
        == "MINI: Agencies provide joint evaluations (by the end of the day)"
    )
    assert "Timetable: days 11–20\nRule: 10 working days after the draft letter" in (
        ev["factual-accuracy-check"].description
    )
    assert ev["fieldwork-start"].categories == ("Inspectors",)


def test_calendar_level_properties() -> None:
    data = mini_feed("2016-10-28")
    cal, _ = by_icalendar(data)
    assert cal["PRODID"] == "-//inspectcal//inspectcal//EN"
    assert (cal["VERSION"], cal["CALSCALE"], cal["METHOD"]) == ("2.0", "GREGORIAN", "PUBLISH")
    assert "UID" not in cal
    text = data.decode()
    assert "\r\nNAME:Bedford\\, Mini\\; 2016\r\n" in text
    assert "\r\nX-WR-CALNAME:Bedford\\, Mini\\; 2016\r\n" in text
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in text
    assert vobject.readOne(text).x_wr_calname.value == "Bedford, Mini; 2016"
    zones = cal.walk("VTIMEZONE")
    assert len(zones) == 1 and str(zones[0]["TZID"]) == "Europe/London"
    assert "RDATE" not in text and "COMMENT" not in text
    assert text.count("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=") == 2
    assert "X-WR-CALDESC:Bedford\\, Mini\\; 2016: Mini joint inspection" in text


def test_uids_are_stable_when_dates_move_and_unique_per_inspection() -> None:
    before = parse_feed(mini_feed("2016-10-28"))
    after = parse_feed(mini_feed("2016-11-01"))
    assert set(before) == set(after)
    assert (
        before[uid_for("Bedford, Mini; 2016", "notification")].start
        != after[uid_for("Bedford, Mini; 2016", "notification")].start
    )
    assert uid_for("Bedford, Mini; 2016", "notification") == (
        "notification.bedford-mini-2016-" + uid_for("Bedford, Mini; 2016", "x").split("-")[-1]
    )
    for uid in before:
        assert re.fullmatch(r"[a-z0-9.-]+@inspectcal", uid), uid
    assert uid_for("Café", "notification") != uid_for("Cafe", "notification")
    other = parse_feed(
        export_calendar(framework=MINI, notify=d("2016-10-28"), name="Luton, Mini 2016").data
    )
    assert not set(other) & set(before)


def test_output_is_reproducible_and_stamped_from_the_inputs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = mini_feed("2016-10-28"), mini_feed("2016-10-28")
    assert first == second
    events = len(load_framework(MINI).milestones)  # the "all" feed carries every milestone
    assert first.count(b"BEGIN:VEVENT\r\n") == events
    assert first.count(b"DTSTAMP:20161028T000000Z\r\n") == events
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 2017-07-14T02:40:00Z
    stamped = mini_feed("2016-10-28")
    assert stamped.count(b"DTSTAMP:20170714T024000Z\r\n") == events
    assert stamped.count(b"LAST-MODIFIED:20170714T024000Z\r\n") == events
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BadInput, match="SOURCE_DATE_EPOCH='yesterday'"):
        mini_feed("2016-10-28")


def test_audiences_pick_their_own_milestones_and_the_shared_ones() -> None:
    def ids(audience: str) -> set[str]:
        return set(events_by_id(parse_feed(mini_feed("2016-10-28", audience=audience))))

    shared = {"notification", "fieldwork-start", "fieldwork-end", "fieldwork", "draft-report"}
    assert ids("la") == shared | {
        "children-list",
        "evaluations",
        "factual-accuracy-check",
        "complaint-deadline",
    }
    assert ids("inspectorate") == shared | {"inspector-notes"}
    assert len(ids("all")) == 10
    with pytest.raises(BadInput, match="unknown audience 'public'; choose one of: la"):
        mini_feed("2016-10-28", audience="public")


def test_reminders_only_on_deadlines_as_asked() -> None:
    default = events_by_id(parse_feed(mini_feed("2016-10-28")))
    deadlines = {s.id for s in load_framework(MINI).milestones if s.deadline}
    assert {k for k, ev in default.items() if ev.trigger is not None} == deadlines
    # Tuesday 22 November: the working day before is Monday 21st, 09:00 GMT.
    assert default["complaint-deadline"].trigger == london("2016-11-21T09:00Z")
    two_hours = events_by_id(
        parse_feed(mini_feed("2016-10-28", reminder=Reminder(before=timedelta(hours=2))))
    )
    assert two_hours["draft-report"].trigger == timedelta(hours=-2)
    assert b"TRIGGER:-PT2H\r\n" in mini_feed(
        "2016-10-28", reminder=Reminder(before=timedelta(hours=2))
    )
    silent = mini_feed("2016-10-28", reminder=None)
    assert b"VALARM" not in silent
    raw = mini_feed("2016-10-28").decode()
    assert "TRIGGER;VALUE=DATE-TIME:20161027T080000Z\r\n" in raw
    assert raw.count("ACTION:DISPLAY") == len(deadlines)  # one alarm each, none elsewhere


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1wd", Reminder(working_days=1)),
        ("0wd", Reminder(working_days=0)),
        ("2d", Reminder(before=timedelta(days=2))),
        ("3h", Reminder(before=timedelta(hours=3))),
        ("30m", Reminder(before=timedelta(minutes=30))),
        ("1w", Reminder(before=timedelta(days=7))),
        ("P1D", Reminder(before=timedelta(days=1))),
        ("-PT2H", Reminder(before=timedelta(hours=2))),
        ("P1DT2H30M", Reminder(before=timedelta(days=1, hours=2, minutes=30))),
        ("none", None),
    ],
)
def test_parse_reminder(text: str, expected: Reminder | None) -> None:
    assert parse_reminder(text) == expected


@pytest.mark.parametrize("text", ["", "1x", "PT", "P1DT", "wd", "1.5h", "P-1D"])
def test_parse_reminder_rejects_nonsense(text: str) -> None:
    with pytest.raises(BadInput, match=r"malformed reminder .*; write 1wd"):
        parse_reminder(text)


def test_parse_reminder_rejects_more_than_a_year() -> None:
    with pytest.raises(BadInput, match="more than a year"):
        parse_reminder("400d")


def test_pinned_dates_are_explained_in_the_description() -> None:
    plan = plan_for(MINI, "2016-10-28", fieldwork_start="2016-11-07")
    data = build_calendar(plan=plan, name="X", stamp=default_stamp(plan))
    ev = events_by_id(parse_feed(data))
    assert ev["fieldwork-start"].start == d("2016-11-07")
    assert (
        "Date fixed by the planner; the rule gives 2016-11-03" in ev["fieldwork-start"].description
    )


# -- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["all", "la"])
def test_golden_jtai_example(audience: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = export_calendar(
        framework="jtai", notify=d("2016-09-13"), name="Bedford JTAI 2016", audience=audience
    ).data
    parse_feed(data)
    golden = GOLDEN / f"jtai-2016-bedford-{audience}.ics"
    if UPDATE_GOLDEN:
        golden.write_bytes(data)
    # Byte for byte, stamps included: DTSTAMP comes from the inputs, so it is golden too.
    assert data == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended, rerun with "
        "INSPECTCAL_UPDATE_GOLDEN=1 and review the diff"
    )


# -- the command line ---------------------------------------------------------------------


def test_cli_export_to_stdout_matches_the_library() -> None:
    result = runner.invoke(
        app, ["export", "-f", MINI, "--notify", "2016-10-28", "--name", "Bedford, Mini; 2016"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == mini_feed("2016-10-28")


def test_cli_export_to_a_file_with_options(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    result = runner.invoke(
        app,
        [
            "export", "-f", MINI, "--at", "fieldwork-start=2016-11-07", "--name", "N",
            "--audience", "inspectorate", "--remind", "none", "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    ev = events_by_id(parse_feed(out.read_bytes()))
    assert ev["fieldwork-start"].start == d("2016-11-07")
    assert "children-list" not in ev and all(e.trigger is None for e in ev.values())


def test_cli_export_shows_the_plans_warnings_on_stderr() -> None:
    result = runner.invoke(app, ["export", "-f", "jtai", "--notify", "2016-09-14"])
    assert result.exit_code == 0
    assert result.stderr == (
        "inspectcal: warning: JTAI inspections are usually notified on a Tuesday; 2016-09-14 is "
        "a Wednesday, so the weekdays the guidance prints will not match\n"
    )
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")


def test_cli_export_default_name_comes_from_framework_and_date() -> None:
    result = runner.invoke(app, ["export", "-f", MINI, "--notify", "2016-10-28"])
    assert result.exit_code == 0
    assert b"\r\nX-WR-CALNAME:MINI 2016-10-28\r\n" in result.stdout_bytes
    assert b"UID:notification.mini-2016-10-28-" in result.stdout_bytes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--remind", "soon"],
            "inspectcal: error: malformed reminder 'soon'; write 1wd (working days before, at "
            "09:00), 2d, 3h, 30m, 1w, an ISO duration such as P1D or PT2H, or none (--remind)\n",
        ),
        (
            ["--audience", "public"],
            "inspectcal: error: unknown audience 'public'; choose one of: la, inspectorate, all\n",
        ),
        (
            ["--name", "  "],
            "inspectcal: error: the inspection name is empty; give one, e.g. "
            "'Bedford JTAI 2016' (--name)\n",
        ),
    ],
)
def test_cli_export_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", "-f", MINI, "--notify", "2016-10-28", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_cli_export_refuses_to_overwrite_the_closures_file(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2016-12-28\n")
    result = runner.invoke(
        app,
        ["export", "-f", MINI, "--notify", "2016-10-28", "--closures", str(closures),
         "-o", str(closures)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
    assert closures.read_text() == "2016-12-28\n"


def test_icalendar_is_imported_only_when_a_calendar_is_built() -> None:
    import subprocess
    import sys

    code = (
        "import sys, inspectcal.cli, inspectcal.ical, inspectcal.publish, inspectcal.serve; "
        "print('icalendar' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
