"""The published feed folder: layout, subscribe links, and re-publishing that revises only what
moved and leaves every unchanged file untouched."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.errors import BadInput, MalformedDataFile
from inspectcal.ical import uid_for
from inspectcal.publish import Inspection, publish, read_inspections
from tests.helpers import MINI, d, events_by_id, parse_feed

runner = CliRunner()
FIRST = datetime(2016, 10, 20, 12, 0, tzinfo=UTC)
SAME_DAY = datetime(2016, 10, 20, 16, 45, tzinfo=UTC)  # 17:45 in London, still 20 October
SECOND = datetime(2016, 11, 1, 8, 15, 30, tzinfo=UTC)
BASE = "https://intranet.example.org/feeds"


def bedford(**pins: str) -> Inspection:
    return Inspection(
        name="Bedford Mini 2016",
        framework=MINI,
        notify=d("2016-10-28"),
        pins={k.replace("_", "-"): d(v) for k, v in pins.items()},
    )


LUTON = Inspection(name="Luton Mini 2016", framework=MINI, notify=d("2016-11-01"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and p.name != ".lock"  # the lock publishes queue on: tests/test_concurrency.py
    }


def test_layout_and_feeds(tmp_path: Path) -> None:
    result = publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=FIRST)
    assert sorted(snapshot(tmp_path)) == [
        ".inspectcal-manifest.json",
        "all.ics",
        "bedford-mini-2016/all.ics",
        "bedford-mini-2016/index.html",
        "bedford-mini-2016/inspectorate.ics",
        "bedford-mini-2016/la.ics",
        "index.html",
        "luton-mini-2016/all.ics",
        "luton-mini-2016/index.html",
        "luton-mini-2016/inspectorate.ics",
        "luton-mini-2016/la.ics",
    ]
    assert result.revised == () and result.unchanged == () and len(result.written) == 10
    counts = {f.path: f.events for f in result.feeds}
    assert counts == {
        "all.ics": 20,
        "bedford-mini-2016/all.ics": 10,
        "bedford-mini-2016/la.ics": 9,
        "bedford-mini-2016/inspectorate.ics": 6,
        "luton-mini-2016/all.ics": 10,
        "luton-mini-2016/la.ics": 9,
        "luton-mini-2016/inspectorate.ics": 6,
    }
    combined = parse_feed((tmp_path / "all.ics").read_bytes())
    assert len(combined) == 20
    assert combined[uid_for("Luton Mini 2016", "notification")].start == datetime(
        2016, 11, 1, 9, 30, tzinfo=UTC
    )
    one = parse_feed((tmp_path / "bedford-mini-2016" / "all.ics").read_bytes())
    assert {ev.sequence for ev in one.values()} == {0}
    text = (tmp_path / "bedford-mini-2016" / "la.ics").read_text()
    assert "X-WR-CALNAME:Bedford Mini 2016 (local area)" in text
    # A first publish stamps like `export`: midnight UTC of the notification date (Fri 28 Oct
    # 2016 for Bedford), not the clock, so fresh folders are reproducible.
    assert "DTSTAMP:20161028T000000Z" in text and "LAST-MODIFIED:20161028T000000Z" in text
    assert "20161020T120000Z" not in text


def test_index_lists_every_feed_with_subscribe_links_and_the_plan(tmp_path: Path) -> None:
    publish(inspections=[bedford()], folder=tmp_path, base_url=BASE, now=FIRST)
    page = (tmp_path / "index.html").read_text()
    assert 'href="webcal://intranet.example.org/feeds/bedford-mini-2016/la.ics"' in page
    assert 'href="https://intranet.example.org/feeds/bedford-mini-2016/la.ics"' in page
    assert (
        'href="https://calendar.google.com/calendar/r?cid='
        'webcal%3A%2F%2Fintranet.example.org%2Ffeeds%2Fall.ics"'
    ) in page
    # The plan table, escaped.
    assert '<a href="bedford-mini-2016/index.html">Timeline and every milestone</a>' in page
    # The inspection's own page: its timeline and the plan table, with clock times, escaped.
    own = (tmp_path / "bedford-mini-2016" / "index.html").read_text()
    assert "<td>Fri 28 Oct 2016, by 9.30am (09:30)</td><td>1</td>" in own
    assert "DCS sends the list of children, cases; contacts" in own
    assert "<td>Thu 3 Nov 2016 to Wed 9 Nov 2016</td><td>5–9</td>" in own
    assert "Local authority (DCS), with partners" in own
    assert "<svg" in own


def test_without_a_base_url_the_index_links_the_files(tmp_path: Path) -> None:
    publish(inspections=[bedford()], folder=tmp_path, now=FIRST)
    page = (tmp_path / "index.html").read_text()
    assert '<a href="bedford-mini-2016/la.ics">bedford-mini-2016/la.ics</a>' in page
    assert "webcal://" not in page and "--base-url" in page


def test_republishing_unchanged_touches_nothing(tmp_path: Path) -> None:
    publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=FIRST)
    before = snapshot(tmp_path)
    again = publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=SAME_DAY)
    assert again.written == () and again.revised == ()
    # Every published file is unchanged (the manifest is bookkeeping, not published).
    assert len(again.unchanged) == len([p for p in before if not p.startswith(".")])
    assert snapshot(tmp_path) == before


def test_a_later_day_moves_only_the_index_pages_today_mark(tmp_path: Path) -> None:
    """The programme view marks today, so on a later day the index is drawn again; no feed,
    no inspection page and no SEQUENCE changes."""
    publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=FIRST)
    before = snapshot(tmp_path)
    again = publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=SECOND)
    assert again.written == ("index.html",) and again.revised == ()
    after = snapshot(tmp_path)
    changed = [p for p in before if after[p] != before[p] and not p.startswith(".")]
    assert changed == ["index.html"]
    # 20 October is before the first week drawn (Bedford is notified on Friday 28 October),
    # so no today mark; 1 November is inside it.
    assert "Today," not in before["index.html"][0].decode()
    assert "Today, Tue 1 Nov 2016" in after["index.html"][0].decode()


def test_republishing_after_a_move_revises_only_the_moved_events(tmp_path: Path) -> None:
    publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=FIRST)
    before = snapshot(tmp_path)
    old = events_by_id(parse_feed((tmp_path / "bedford-mini-2016" / "all.ics").read_bytes()))

    # The draft letter slips from Thursday 10 to Monday 14 November; what follows it moves.
    result = publish(
        inspections=[bedford(draft_report="2016-11-14"), LUTON],
        folder=tmp_path,
        base_url=BASE,
        now=SECOND,
    )
    new = events_by_id(parse_feed((tmp_path / "bedford-mini-2016" / "all.ics").read_bytes()))
    moved = {"draft-report", "factual-accuracy-check", "complaint-deadline"}
    assert {uid.split(".")[0] for uid in result.revised} == moved
    assert {k: v.uid for k, v in new.items()} == {k: v.uid for k, v in old.items()}
    for key, event in new.items():
        assert event.sequence == (1 if key in moved else 0), key
    assert new["draft-report"].start == datetime(2016, 11, 14, 17, 0, tzinfo=UTC)
    assert (new["factual-accuracy-check"].start, new["factual-accuracy-check"].end) == (
        d("2016-11-15"),
        d("2016-11-29"),
    )
    raw = (tmp_path / "bedford-mini-2016" / "all.ics").read_text()
    assert raw.count("LAST-MODIFIED:20161101T081530Z") == 3
    assert raw.count("LAST-MODIFIED:20161028T000000Z") == 7

    after = snapshot(tmp_path)
    untouched = [p for p in before if after[p] == before[p]]
    # The index's programme view shows the moved draft (and a new today); Luton's files stay.
    assert sorted(untouched) == [
        "luton-mini-2016/all.ics",
        "luton-mini-2016/index.html",
        "luton-mini-2016/inspectorate.ics",
        "luton-mini-2016/la.ics",
    ]
    assert sorted(result.unchanged) == untouched

    # Publishing the moved plan once more, later that day (the index's today mark stays),
    # changes nothing; moving back revises again, upwards.
    settled = snapshot(tmp_path)
    publish(
        inspections=[bedford(draft_report="2016-11-14"), LUTON],
        folder=tmp_path,
        base_url=BASE,
        now=datetime(2016, 11, 1, 17, 0, tzinfo=UTC),
    )
    assert snapshot(tmp_path) == settled
    back = publish(inspections=[bedford(), LUTON], folder=tmp_path, base_url=BASE, now=SECOND)
    assert len(back.revised) == 3
    final = parse_feed((tmp_path / "all.ics").read_bytes())
    assert final[uid_for("Bedford Mini 2016", "draft-report")].sequence == 2
    assert final[uid_for("Luton Mini 2016", "draft-report")].sequence == 0


def test_inspections_csv(tmp_path: Path) -> None:
    csv = tmp_path / "inspections.csv"
    csv.write_text(
        "\ufeffname,framework,notify,pins\n"
        f'"Bedford, Mini 2016",{MINI},2016-10-28,'
        "fieldwork-start=2016-11-07; draft-report=2016-11-14\n"
        "\n"
        f"Luton Mini 2016,{MINI},,notification=2016-11-01\n",
        encoding="utf-8",
    )
    first, second = read_inspections(csv)
    assert first.name == "Bedford, Mini 2016" and first.notify == d("2016-10-28")
    assert dict(first.pins) == {
        "fieldwork-start": d("2016-11-07"),
        "draft-report": d("2016-11-14"),
    }
    assert second.notify is None and dict(second.pins) == {"notification": d("2016-11-01")}
    assert first.origin == f"{csv}, line 2" and second.origin == f"{csv}, line 4"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,framework\nA,jtai\n",
            r"line 1: expected the header 'name,framework,notify\[,pins,authority,",
        ),
        ("name,framework,notify\nA,jtai,13/09/2016\n", r"line 2: malformed notification date"),
        ("name,framework,notify,pins\nA,jtai,,\n", r"line 2: give a notify date, or pin"),
        (
            "name,framework,notify,pins\nA,jtai,2016-09-13,setup\n",
            r"line 2: malformed pin 'setup'; write ID=YYYY-MM-DD",
        ),
        ("name,framework,notify\n,jtai,2016-09-13\n", r"line 2: 'name' and 'framework' are req"),
        ("name,framework,notify\n", r"lists no inspections"),
    ],
)
def test_inspections_csv_errors_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    csv = tmp_path / "inspections.csv"
    csv.write_text(content)
    with pytest.raises(MalformedDataFile, match=message):
        read_inspections(csv)


def test_a_bad_row_is_reported_with_its_line(tmp_path: Path) -> None:
    csv = tmp_path / "inspections.csv"
    csv.write_text(f"name,framework,notify\nA,{MINI},2016-10-29\n")
    with pytest.raises(BadInput, match=r"inspections.csv, line 2 \(A\): notification date "):
        publish(inspections=read_inspections(csv), folder=tmp_path / "out", now=FIRST)


def test_refuses_folders_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<h1>My home page</h1>")
    with pytest.raises(BadInput, match=r"index\.html was not written by inspectcal"):
        publish(inspections=[bedford()], folder=tmp_path, now=FIRST)
    assert (tmp_path / "index.html").read_text() == "<h1>My home page</h1>"


def test_refuses_names_that_share_a_folder(tmp_path: Path) -> None:
    twin = Inspection(name="Bedford mini, 2016!", framework=MINI, notify=d("2016-10-28"))
    with pytest.raises(BadInput, match="would share the folder bedford-mini-2016/"):
        publish(inspections=[bedford(), twin], folder=tmp_path, now=FIRST)


def test_refuses_a_base_url_that_is_not_http(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="the base URL 'webcal://x' must be the http"):
        publish(inspections=[bedford()], folder=tmp_path, base_url="webcal://x", now=FIRST)


def test_cli_publish_one_inspection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1477000000")  # 2016-10-20T21:46:40Z
    out = tmp_path / "feeds"
    args = ["publish", "-f", MINI, "--notify", "2016-10-28", "--name", "Bedford Mini 2016",
            "--base-url", BASE, str(out)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"published 4 feeds to {out}: 6 files written, 0 unchanged; 0 events revised"
    )
    assert "  bedford-mini-2016/la.ics (9 events)" in result.stdout
    assert "DTSTAMP:20161020T214640Z" in (out / "all.ics").read_text()
    again = runner.invoke(app, args)
    assert again.stdout.splitlines()[0] == (
        f"published 4 feeds to {out}: 0 files written, 6 unchanged; 0 events revised"
    )


def test_cli_publish_from_csv(tmp_path: Path) -> None:
    csv = tmp_path / "inspections.csv"
    csv.write_text(
        f"name,framework,notify,pins\nBedford,{MINI},2016-10-28,\nLuton,jtai,2016-09-13,\n"
    )
    result = runner.invoke(app, ["publish", "--inspections", str(csv), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "luton" / "la.ics").is_file()
    assert result.stdout.splitlines()[0].startswith("published 7 feeds")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", MINI, "--notify", "2016-10-28"],
            "inspectcal: error: give the inspection a name, e.g. 'Bedford JTAI 2016': it names the "
            "feed folder and keeps event UIDs stable across re-publishing\n",
        ),
        (
            ["--notify", "2016-10-28"],
            "inspectcal: error: give a framework (with a notification date and a name), or a "
            "programme\n",
        ),
        (
            ["-f", MINI, "--inspections", "x.csv"],
            "inspectcal: error: give either --inspections FILE or "
            "--framework/--notify/--at/--name, not both\n",
        ),
    ],
)
def test_cli_publish_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["publish", *args, str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "out").exists()


def test_publishing_into_a_fresh_folder_is_reproducible(tmp_path: Path) -> None:
    """A deploy job that publishes into a clean folder gets the same bytes every time on one
    day (every day with SOURCE_DATE_EPOCH): only the index's today mark follows the clock."""
    publish(inspections=[bedford(), LUTON], folder=tmp_path / "one", base_url=BASE, now=FIRST)
    publish(inspections=[bedford(), LUTON], folder=tmp_path / "two", base_url=BASE, now=SAME_DAY)
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert {p: data for p, (data, _) in one.items()} == {p: data for p, (data, _) in two.items()}
