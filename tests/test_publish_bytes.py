"""A publish writes the same bytes however it gets there: the example programme as it was
published before publishing was made faster, a programme serialized by forked workers as by
one process, and an index page kept rather than drawn again only when nothing it shows moved."""

from __future__ import annotations

import hashlib
import os
import signal
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from inspectcal import pictures
from inspectcal import publish as publishing
from inspectcal.errors import OutputFailed, OutsideCalendar
from inspectcal.plan import Plan
from inspectcal.programme import read_inspections
from inspectcal.publish import INDEX, MANIFEST, PublishResult, publish
from tests.helpers import MINI

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "programme.csv"
GOLDEN = Path(__file__).parent / "golden" / "publish-example.sha256"
EPOCH = "1700000000"  # Tue 14 Nov 2023 22:13:20 UTC: every new event's DTSTAMP
_REAL_MAKE = publishing._make_forked


def digests(folder: Path) -> dict[str, str]:
    """Every file the publish wrote but the manifest, whose digests name the code that made
    them (so they change with any edit to it), by path: the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def publish_example(folder: Path) -> None:
    publish(inspections=read_inspections(EXAMPLE), folder=folder)


def test_the_example_programme_publishes_the_bytes_it_always_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The golden is the example programme as published by the code before publishing was
    made faster (`SOURCE_DATE_EPOCH=1700000000 inspectcal publish -i examples/programme.csv`):
    three inspections, four people, two authorities, every feed, page and the index."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    publish_example(tmp_path / "out")
    golden = dict(line.split("  ", 1)[::-1] for line in GOLDEN.read_text().splitlines())
    assert digests(tmp_path / "out") == golden


def _marking(job: tuple[int, bool]) -> object:
    """The workers' job, leaving a mark of the process that did it."""
    (Path(os.environ["INSPECTCAL_TEST_MARKS"]) / str(os.getpid())).touch()
    return _REAL_MAKE(job)


def _killed(job: tuple[int, bool]) -> object:
    """The workers' job, but the worker given the tenth inspection is killed as the
    out-of-memory killer would kill it."""
    if job[0] == 9:
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_MAKE(job)


def many(tmp_path: Path, *, moved: bool = False) -> Path:
    """Sixty inspections on Wednesdays a fortnight apart from 6 January 2016 (no bank holiday
    falls on one of them), sharing people and authorities;
    `moved` notifies the fifth a week later."""
    rows = ["name,framework,notify,authority,people"]
    for n in range(60):
        notify = date(2016, 1, 6) + timedelta(days=14 * n + (7 if moved and n == 4 else 0))
        rows.append(f"Area {n:02} 2016,{MINI},{notify},Area {n % 7},lead:P{n % 5};P{n % 3 + 5}")
    csv = tmp_path / ("moved.csv" if moved else "programme.csv")
    csv.write_text("\n".join(rows) + "\n")
    return csv


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_forked_workers_write_the_bytes_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(publishing, "MIN_JOBS_PER_WORKER", 10)
    monkeypatch.setattr(publishing, "_make_forked", _marking)
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setenv("INSPECTCAL_TEST_MARKS", str(marks))
    first = datetime(2016, 3, 1, 9, 0, tzinfo=UTC)
    results: dict[int, list[PublishResult]] = {}
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        results[workers] = [
            publish(
                inspections=read_inspections(many(tmp_path)),
                folder=out,
                now=first,
                workers=workers,
            ),
            publish(
                inspections=read_inspections(many(tmp_path, moved=True)),
                folder=out,
                now=first + timedelta(days=1),
                workers=workers,
            ),
        ]
    # Two workers for each of the two publishes with two, none of them this process.
    done = {int(p.name) for p in marks.iterdir()}
    assert len(done) == 4 and os.getpid() not in done
    serial, forked = results[1], results[2]
    assert serial[1].revised and forked[1].revised == serial[1].revised
    assert [r.written for r in forked] == [r.written for r in serial]
    assert [r.feeds for r in forked] == [r.feeds for r in serial]
    one, two = tmp_path / "out-1", tmp_path / "out-2"
    assert digests(two) == digests(one)
    assert (two / MANIFEST).read_bytes() == (one / MANIFEST).read_bytes()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_an_error_in_a_worker_is_the_error_one_process_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error whose `__init__` is not its message's, as planning's own errors are, reaches
    the caller whole (and the publish ends rather than waiting for the worker for ever)."""

    def outside(plan: Plan) -> str:
        raise OutsideCalendar(day=plan.notification, name="Testland", years=(2000, 2001))

    monkeypatch.setattr(publishing, "MIN_JOBS_PER_WORKER", 10)
    monkeypatch.setattr(pictures, "plan_page", outside)
    messages = []
    for workers in (1, 2):
        with pytest.raises(OutsideCalendar) as caught:
            publish(
                inspections=read_inspections(many(tmp_path)),
                folder=tmp_path / f"out-{workers}",
                workers=workers,
            )
        assert caught.value.day == date(2016, 1, 6)  # the first inspection's notification
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("2016-01-06 is outside 2000-2001, the years with Testland")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_a_worker_killed_ends_the_publish_and_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies without a word (kill -9) must not leave the publish waiting for
    its result for ever with the folder locked: the run fails (exit 3) and writes no feed."""
    monkeypatch.setattr(publishing, "MIN_JOBS_PER_WORKER", 10)
    monkeypatch.setattr(publishing, "_make_forked", _killed)
    out = tmp_path / "out"
    with pytest.raises(OutputFailed, match="a publishing worker process died") as caught:
        publish(inspections=read_inspections(many(tmp_path)), folder=out, workers=2)
    assert caught.value.exit_status == 3
    assert [p.name for p in out.rglob("*") if p.is_file()] == [".lock"]


def test_an_unchanged_programme_does_not_draw_its_index_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    publish_example(tmp_path / "out")
    page = (tmp_path / "out" / INDEX).read_bytes()

    def refuse(**_: object) -> str:
        raise AssertionError("the index was drawn again")

    monkeypatch.setattr(publishing, "_render_index", refuse)
    again = publish(inspections=read_inspections(EXAMPLE), folder=tmp_path / "out")
    assert again.written == () and INDEX in again.unchanged
    assert (tmp_path / "out" / INDEX).read_bytes() == page


def test_the_index_is_drawn_again_when_today_moves(tmp_path: Path) -> None:
    """Nothing planned moved, but the programme view marks today: Mon 12 Dec 2016, then
    Tue 13 Dec 2016 (both in the example's on-site weeks, so both are drawn)."""
    items = read_inspections(EXAMPLE)
    monday = datetime(2016, 12, 12, 12, 0, tzinfo=UTC)
    publish(inspections=items, folder=tmp_path / "out", now=monday)
    assert "Today, Mon 12 Dec 2016" in (tmp_path / "out" / INDEX).read_text()
    again = publish(inspections=items, folder=tmp_path / "out", now=monday + timedelta(days=1))
    assert again.written == (INDEX,)
    page = (tmp_path / "out" / INDEX).read_text()
    assert "Today, Tue 13 Dec 2016" in page and "Today, Mon 12 Dec 2016" not in page


def write_golden() -> None:
    """Rewrite the golden from this code: only for a deliberate change of what a publish
    writes, checked by reading the new feeds and pages."""
    import tempfile

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with tempfile.TemporaryDirectory() as folder:
        publish_example(Path(folder) / "out")
        lines = [f"{h}  {p}" for p, h in digests(Path(folder) / "out").items()]
    GOLDEN.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    write_golden()
    sys.exit(0)
