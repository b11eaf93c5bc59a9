"""A programme published: people's and authorities' feeds, one UID and SEQUENCE per event in
every feed, the manifest, a split combined feed, and a page no user text can break."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import html5lib
import pytest

from inspectcal.errors import BadInput
from inspectcal.ical import uid_for
from inspectcal.programme import read_inspections
from inspectcal.publish import MANIFEST, PublishResult, publish
from tests.helpers import MINI, Parsed, parse_feed

FIRST = datetime(2016, 10, 20, 12, 0, tzinfo=UTC)
SECOND = datetime(2016, 11, 1, 8, 15, 30, tzinfo=UTC)
EVIL = "Bob <script>alert(1)</script>"


def programme(tmp_path: Path, *, draft: str = "") -> Path:
    csv = tmp_path / "programme.csv"
    pins = f"draft-report={draft}" if draft else ""
    csv.write_text(
        "name,framework,notify,pins,authority,people\n"
        f"Bedford Mini 2016,{MINI},2016-10-28,{pins},Bedford,lead:Ann Smith;QA:{EVIL}\n"
        f"Luton Mini 2016,{MINI},2016-11-01,,Luton,lead:Ann Smith\n"
        f"Bedford Mini 2017,{MINI},2017-03-01,,Bedford,Carol White\n"
    )
    return csv


def run(
    tmp_path: Path, *, now: datetime = FIRST, draft: str = "", limit: int = 1_000_000
) -> PublishResult:
    items = read_inspections(programme(tmp_path, draft=draft))
    return publish(inspections=items, folder=tmp_path / "out", now=now, feed_limit=limit)


def feed(tmp_path: Path, rel: str) -> dict[str, Parsed]:
    return parse_feed((tmp_path / "out" / rel).read_bytes())


def test_people_and_authorities_carry_exactly_their_inspections(tmp_path: Path) -> None:
    result = run(tmp_path)
    counts = {f.path: f.events for f in result.feeds}
    # The mini timetable has 10 milestones: 9 in the local area's view, 6 in the
    # inspectorate's (tests/test_publish.py counts them feed by feed).
    assert counts["people/ann-smith.ics"] == 12  # Bedford 2016 and Luton 2016, inspectorate
    assert counts["people/carol-white.ics"] == 6  # Bedford 2017 only
    assert counts["people/bob-script-alert-1-script.ics"] == 6
    assert counts["authorities/bedford.ics"] == 18  # two Bedford inspections, local area
    assert counts["authorities/luton.ics"] == 9
    assert counts["all.ics"] == 30
    ann = feed(tmp_path, "people/ann-smith.ics")
    inspectorate = {
        **feed(tmp_path, "bedford-mini-2016/inspectorate.ics"),
        **feed(tmp_path, "luton-mini-2016/inspectorate.ics"),
    }
    assert ann == inspectorate  # same UIDs, same SEQUENCE, same dates
    bedford = feed(tmp_path, "authorities/bedford.ics")
    assert bedford == {
        **feed(tmp_path, "bedford-mini-2016/la.ics"),
        **feed(tmp_path, "bedford-mini-2017/la.ics"),
    }


def test_a_move_bumps_the_same_sequence_in_every_feed(tmp_path: Path) -> None:
    run(tmp_path)
    before = {
        p.relative_to(tmp_path / "out"): p.read_bytes() for p in (tmp_path / "out").rglob("*.ics")
    }
    # The draft letter slips from Thu 10 to Mon 14 Nov 2016; the factual accuracy check and
    # the complaint deadline follow it (as in tests/test_publish.py).
    result = run(tmp_path, now=SECOND, draft="2016-11-14")
    moved = {uid_for("Bedford Mini 2016", m) for m in ("draft-report", "factual-accuracy-check")}
    moved.add(uid_for("Bedford Mini 2016", "complaint-deadline"))
    assert set(result.revised) == moved
    for rel in ("all.ics", "authorities/bedford.ics", "people/ann-smith.ics"):
        for uid, event in feed(tmp_path, rel).items():
            assert event.sequence == (1 if uid in moved else 0), (rel, uid)
    # Feeds without Bedford 2016 are not rewritten.
    for rel in ("authorities/luton.ics", "people/carol-white.ics", "luton-mini-2016/la.ics"):
        assert (tmp_path / "out" / rel).read_bytes() == before[Path(rel)]
        assert rel in result.unchanged


def test_the_manifest_round_trips_and_stands_in_for_the_feeds(tmp_path: Path) -> None:
    run(tmp_path)
    run(tmp_path, now=SECOND, draft="2016-11-14")
    manifest = tmp_path / "out" / MANIFEST
    record = json.loads(manifest.read_text())
    assert len(record["events"]) == 30
    fingerprint, sequence, _ = record["events"][uid_for("Bedford Mini 2016", "draft-report")]
    assert sequence == 1 and fingerprint.startswith("2016-11-14T17:00:00+00:00|")
    kept = manifest.read_bytes()
    # Without the manifest the old feeds are read instead, and give the same record.
    manifest.unlink()
    again = run(tmp_path, now=SECOND, draft="2016-11-14")
    assert again.revised == () and again.written == ()
    assert manifest.read_bytes() == kept


def test_a_combined_feed_too_large_is_split_by_year(tmp_path: Path) -> None:
    result = run(tmp_path, limit=1)
    counts = {f.path: f.events for f in result.feeds}
    assert counts["all-2016.ics"] == 20 and counts["all-2017.ics"] == 10
    # all.ics is the window around 20 Oct 2016: from 20 Jul 2016 to 21 Oct 2017, all three.
    assert counts["all.ics"] == 30
    assert "split by year" not in (tmp_path / "out" / "index.html").read_text()
    assert "each year" in (tmp_path / "out" / "index.html").read_text()


def test_the_page_escapes_user_text_and_parses_strictly(tmp_path: Path) -> None:
    run(tmp_path)
    page = (tmp_path / "out" / "index.html").read_text()
    assert "<script>" not in page
    assert "Bob &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="people/ann-smith.ics"' in page and 'href="authorities/bedford.ics"' in page
    html5lib.HTMLParser(strict=True).parse(page)
    html5lib.HTMLParser(strict=True).parse(
        (tmp_path / "out" / "bedford-mini-2016" / "index.html").read_text()
    )


def test_the_cli_shows_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from inspectcal.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["publish", "-i", str(programme(tmp_path)), str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # Feeds: 3 inspections x 3, all.ics, 3 people (Ann, Bob, Carol), 2 authorities = 15;
    # files: those and each inspection's page and the index = 19.
    assert result.stdout.splitlines()[0] == (
        f"published 15 feeds to {out}: 19 files written, 0 unchanged; 0 events revised"
    )


def test_the_progress_bar_is_for_terminals_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from inspectcal import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", io.StringIO())
    with cli._progress_bar() as update:
        assert update is None
    monkeypatch.setattr("sys.stderr", Terminal())
    with cli._progress_bar() as update:
        assert update is not None
        update(1, 3)


def test_an_inspection_dropped_and_added_back_goes_on_from_its_sequence(tmp_path: Path) -> None:
    run(tmp_path)
    run(tmp_path, now=SECOND, draft="2016-11-14")  # Bedford 2016's draft letter: SEQUENCE 1
    rows = programme(tmp_path).read_text().splitlines()
    without = tmp_path / "without.csv"
    without.write_text("\n".join(r for r in rows if not r.startswith("Bedford Mini 2016")) + "\n")
    publish(inspections=read_inspections(without), folder=tmp_path / "out", now=SECOND)
    # Back, with the draft letter on its first date again: a revision, so SEQUENCE 2, as the
    # subscribers of bedford-mini-2016/all.ics (left in place) hold 1.
    result = run(tmp_path, now=SECOND)
    draft = uid_for("Bedford Mini 2016", "draft-report")
    assert draft in result.revised
    assert feed(tmp_path, "bedford-mini-2016/all.ics")[draft].sequence == 2


def test_each_row_is_planned_on_its_own_calendar_and_closures(tmp_path: Path) -> None:
    (tmp_path / "closed.txt").write_text("2016-11-30  Council training day\n")
    csv = tmp_path / "rows.csv"
    csv.write_text(
        "name,framework,notify,calendar,closures\n"
        f"Default,{MINI},2016-11-29,,\n"
        f"Fife,{MINI},2016-11-29,scotland,\n"
        f"Closed,{MINI},2016-11-29,,closed.txt\n"
    )
    publish(inspections=read_inspections(csv), folder=tmp_path / "out", now=FIRST)
    # Notified Tue 29 Nov 2016 (day 1); the children's list is day 2, the next working day:
    # Wed 30 Nov in England, but Thu 1 Dec in Scotland (St Andrew's Day) and for a council
    # closed on the 30th (the closures path is relative to the CSV).
    for name, day in (("default", 30), ("fife", 1), ("closed", 1)):
        events = feed(tmp_path, f"{name}/all.ics")
        start = events[uid_for(name.title(), "children-list")].start
        assert (start.month, start.day) == ((11, 30) if day == 30 else (12, 1)), name


def test_two_people_whose_feeds_would_share_a_file_are_refused(tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text(
        "name,framework,notify,people\n"
        f"One,{MINI},2016-10-28,Anne Marie Smith\n"
        f"Two,{MINI},2016-11-01,ANNE  marie smith\n"  # the same person, written differently
        f"Three,{MINI},2016-11-08,Anne-Marie Smith\n"
    )
    with pytest.raises(
        BadInput,
        match=r"'Anne Marie Smith' and 'Anne-Marie Smith' would share the feed "
        r"people/anne-marie-smith\.ics",
    ):
        publish(inspections=read_inspections(csv), folder=tmp_path / "out", now=FIRST)
    assert not (tmp_path / "out" / "people").exists()


def test_the_index_starts_with_the_programme_view(tmp_path: Path) -> None:
    """One row per inspection across the months, on-site bars, deadlines, today, days off."""
    run(tmp_path, now=SECOND)
    page = (tmp_path / "out" / "index.html").read_text()
    view = page[page.index('<h2 id="programme">') : page.index('<h2 id="combined">')]
    titles = [html.unescape(t) for t in re.findall(r"<title>(.*?)</title>", view, re.S)]
    # Bedford is notified Fri 28 Oct 2016 (day 0): on site days 5-9, Thu 3 to Wed 9 Nov (31 Oct,
    # 1, 2, 3 Nov; then 4, 7, 8, 9), the draft letter day 10, Thu 10 Nov. Luton, notified Tue
    # 1 Nov: on site Mon 7 to Fri 11 Nov, draft Mon 14 Nov.
    bars = [t.split("\n")[:3] for t in titles if "On site (fieldwork)" in t]
    assert bars == [
        ["Bedford Mini 2016", "On site (fieldwork)", "Thu 3 Nov 2016 to Wed 9 Nov 2016"],
        ["Luton Mini 2016", "On site (fieldwork)", "Mon 7 Nov 2016 to Fri 11 Nov 2016"],
        ["Bedford Mini 2017", "On site (fieldwork)", "Tue 7 Mar 2017 to Mon 13 Mar 2017"],
    ]
    drafts = [t.split("\n")[2] for t in titles if "Ofsted sends the draft letter" in t]
    assert drafts[:2] == ["Thu 10 Nov 2016, by 5pm (17:00)", "Mon 14 Nov 2016, by 5pm (17:00)"]
    # Published on Tue 1 Nov 2016; the view reaches over Christmas to March 2017.
    assert "Today, Tue 1 Nov 2016" in titles
    assert "Mon 26 Dec 2016: Boxing Day (bank holiday)" in titles
    html5lib.HTMLParser(strict=True).parse(page)


def test_one_inspection_has_no_programme_view(tmp_path: Path) -> None:
    items = read_inspections(programme(tmp_path))[:1]
    publish(inspections=items, folder=tmp_path / "one", now=SECOND)
    assert 'id="programme"' not in (tmp_path / "one" / "index.html").read_text()
