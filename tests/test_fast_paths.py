"""The fast paths of `publish` against the slow ones they stand in for: same bytes, always.

`EventWriter` reuses icalendar's bytes for lines it has written before and `calendar_head`
fills an empty calendar rendered once with placeholders; both must give exactly what
icalendar gives for the whole component, for every framework, date, reminder and name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.ical import (
    DEFAULT_REMINDER,
    EventWriter,
    Reminder,
    Revision,
    build_event,
    calendar_head,
    render_calendar,
)
from tests.helpers import plan_for

FRAMEWORKS = ("jtai", "cp", "slac-2009", "slac-2010")
# Tuesdays and Mondays across the clock changes, Easter and Christmas, and a leap day.
NOTIFICATIONS = ("2016-09-13", "2016-10-25", "2016-12-13", "2017-03-21", "2020-02-25", "2024-03-25")
REMINDERS = (
    DEFAULT_REMINDER,
    None,
    Reminder(working_days=0),
    Reminder(working_days=3),
    Reminder(before=timedelta(hours=2)),
)
NAMES = (
    "Bedford JTAI 2016",
    "Café; Ville, Nord\\Sud",
    "A very long inspection name that goes on and on " * 3,
    "Ōsaka 🗓 ✓",
)
REVISIONS = (
    Revision(sequence=0, modified=datetime(2016, 9, 13, tzinfo=UTC)),
    Revision(sequence=4, modified=datetime(2017, 1, 2, 15, 4, 5, tzinfo=UTC)),
)
FOOTER = b"END:VCALENDAR\r\n"


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_event_writer_gives_icalendars_bytes(framework: str) -> None:
    # One writer across every case, as in a publish: lines remembered from one inspection
    # must be right in the next.
    writer = EventWriter()
    compared = 0
    for notify in NOTIFICATIONS:
        plan = plan_for(framework, notify)
        for turn, reminder in enumerate(REMINDERS):
            # Each reminder with another name and revision: every name meets every reminder
            # across the dates, at a fraction of the full product's cost.
            name = NAMES[(turn + compared) % len(NAMES)]
            revision = REVISIONS[turn % len(REVISIONS)]
            for milestone in plan.milestones:
                slow = build_event(plan, milestone, name=name, reminder=reminder, revision=revision)
                fast = writer.event(
                    plan, milestone, name=name, reminder=reminder, revision=revision
                )
                assert fast == bytes(slow.to_ical()), (notify, name, milestone.id)
            compared += 1
    assert compared == len(NOTIFICATIONS) * len(REMINDERS)


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=120), description=st.text(max_size=400))
def test_calendar_head_gives_an_empty_calendars_bytes(name: str, description: str) -> None:
    slow = render_calendar(name=name, description=description, events=[])
    assert slow.endswith(FOOTER)
    assert calendar_head(name=name, description=description) == slow[: -len(FOOTER)]


def test_the_publish_digest_covers_every_field_of_a_planned_milestone() -> None:
    # A field added to PlannedMilestone must be added to what a re-publish compares, or a
    # change to it would leave the old files in place.
    from dataclasses import fields

    from inspectcal.plan import PlannedMilestone
    from inspectcal.publish import _DECIDED

    assert {f.name for f in fields(PlannedMilestone)} == {"spec", *_DECIDED}


def test_the_manifest_is_the_json_of_its_record() -> None:
    import json

    from inspectcal.publish import _Entry, _manifest_bytes

    stamp = datetime(2016, 9, 13, 8, 30, tzinfo=UTC)
    events = {
        uid: _Entry(fingerprint=text, revision=Revision(sequence=n, modified=stamp))
        for n, (uid, text) in enumerate(
            [
                ("b.café-1@inspectcal", '2016-09-13|2016-09-14|JTAI: "quoted", \\ ✓'),
                ("a.x-2@inspectcal", "2016-09-13T08:30:00+00:00|…|line\nbreak\x00"),
            ]
        )
    }
    files = {"z/all.ics": ["d1", 10], "a b/index.html": ["", 0]}
    expected = {
        "format": 1,
        "events": {
            uid: [e.fingerprint, e.revision.sequence, e.revision.modified.isoformat()]
            for uid, e in sorted(events.items())
        },
        "files": dict(sorted(files.items())),
    }
    assert _manifest_bytes(events, files) == json.dumps(expected, separators=(",", ":")).encode()
    assert _manifest_bytes({}, {}) == b'{"format":1,"events":{},"files":{}}'
