"""Publishes that overlap (a cron job and a manual run) queue on the folder's lock.

Without the lock, twenty runs each read the old feeds, bumped SEQUENCE once and wrote: all of
them served SEQUENCE:1 with different dates, so subscribers kept whichever came first.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspectcal.bankholidays import load_calendar
from inspectcal.errors import OutputFailed
from inspectcal.files import STALE_AFTER
from inspectcal.publish import Inspection, publish
from tests.helpers import by_icalendar, d, parse_feed

MINI = str(Path(__file__).parent / "ical_mini.toml")
CLI = [sys.executable, "-c", "from inspectcal.cli import main; main()"]
RUNS = 20
FEEDS = ("all.ics", "parallel/all.ics", "parallel/la.ics", "parallel/inspectorate.ics")

Seen = dict[tuple[str, int], set[tuple[object, object, str]]]


def observe(folder: Path, seen: Seen) -> None:
    """Record, for every UID and SEQUENCE served right now, the dates and title served."""
    for name in FEEDS:
        try:
            data = (folder / name).read_bytes()
        except FileNotFoundError:
            continue
        for uid, event in by_icalendar(data)[1].items():
            seen.setdefault((uid, event.sequence), set()).add(
                (event.start, event.end, event.summary)
            )


def test_twenty_concurrent_publishes_never_reuse_a_sequence(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    base = [*CLI, "publish", str(folder), "-f", MINI, "--name", "Parallel"]
    subprocess.run([*base, "--notify", "2016-09-13"], check=True, capture_output=True)
    # Twenty different notification days, 3 working days apart: every run moves every event.
    england = load_calendar("england-and-wales")
    days = [england.add_working_days(d("2016-09-13"), 3 * (i + 1)) for i in range(RUNS)]
    runs = [
        subprocess.Popen(
            [*base, "--notify", day.isoformat()], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for day in days
    ]
    seen: Seen = {}
    try:
        while any(run.poll() is None for run in runs):
            observe(folder, seen)
        outcomes = [(run.wait(120), run.stderr.read() if run.stderr else b"") for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
    assert outcomes == [(0, b"")] * RUNS
    observe(folder, seen)

    reused = {key: served for key, served in seen.items() if len(served) > 1}
    assert reused == {}
    # Each run revised every event once, so the last revision is number 20, and every feed
    # serves it (the last publish wins, in every file).
    finals = [parse_feed((folder / name).read_bytes()) for name in FEEDS]
    combined = finals[0]
    assert {event.sequence for event in combined.values()} == {RUNS}
    for feed in finals[1:]:
        assert all(combined[uid] == event for uid, event in feed.items())
    for uid, event in combined.items():
        assert seen[(uid, RUNS)] == {(event.start, event.end, event.summary)}
    assert sorted(p.name for p in folder.rglob(".*.tmp")) == []


def test_a_second_publish_waits_a_bounded_time_then_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    item = Inspection(name="Parallel", framework=MINI, notify=d("2016-09-13"))
    with open(folder / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(OutputFailed) as caught:
            publish(inspections=[item], folder=folder, lock_wait=0.2)
    assert str(caught.value) == (
        f"another publish into {folder} is still running after 0.2 s; try again when it has "
        "finished"
    )
    assert caught.value.exit_status == 3
    assert sorted(p.name for p in folder.iterdir()) == [".lock"]


def test_a_killed_publish_leaves_nothing_the_next_one_trips_on(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    (folder / "parallel").mkdir(parents=True)
    # What SIGKILL mid-publish leaves: the lock held by a dead process, half-written temps.
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('locked', flush=True); time.sleep(60)", str(folder / ".lock")],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    stale = [folder / ".all.ics.k1l2m3.tmp", folder / "parallel" / ".la.ics.x9y8z7.tmp"]
    for temp in stale:
        temp.write_bytes(b"BEGIN:VCALENDAR\r\nhalf")
        old = time.time() - STALE_AFTER - 60
        os.utime(temp, (old, old))
    fresh = folder / ".index.html.live01.tmp"  # another writer's, still young: left alone
    fresh.write_bytes(b"<html")

    done = subprocess.run(
        [*CLI, "publish", str(folder), "-f", MINI, "--notify", "2016-09-13", "--name", "Parallel"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in folder.rglob(".*.tmp")) == [fresh.name]
    for name in FEEDS:
        parse_feed((folder / name).read_bytes())
