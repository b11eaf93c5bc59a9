"""`timeline -i`: the programme view, a line per inspection, in the terminal and as SVG.

The dates are those of examples/programme.csv as derived in tests/test_programme.py:
- Barsetshire JTAI 2016: notified Tue 29 Nov 2016, on site Mon 12 - Fri 16 Dec, draft Thu 5 Jan
  2017, factual accuracy Wed 18 Jan, publication Wed 1 Feb;
- Wessex CP 2016: notified Mon 5 Dec 2016, on site Mon 5 - Wed 14 Dec, draft Fri 30 Dec, factual
  accuracy Mon 9 Jan 2017, publication Wed 18 Jan;
- Barsetshire SLAC 2016: notified Wed 7 Dec 2016, on site Wed 21 Dec - Fri 6 Jan 2017, draft Fri
  20 Jan, factual accuracy Fri 27 Jan, publication Fri 10 Feb.
The picture starts on Mon 28 Nov 2016, the Monday of the first mark (29 Nov).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspectcal import cli
from inspectcal.layout import Layout, Options, RowSpec, Span, busy_weeks, layout, stacks
from inspectcal.layout import programme_layout as lay_out_programme
from inspectcal.pictures import programme_svg
from inspectcal.programme import load_programme
from tests.helpers import d
from tests.test_timeline import ANSI, SVG, assert_error, run

EXAMPLE = Path(__file__).parent.parent / "examples" / "programme.csv"


def example_layout() -> Layout:
    # Three units a working day, one for the weekend: a week is 16 units, all in one band.
    geometry, _ = lay_out_programme(load_programme(EXAMPLE), lambda weeks: Options(header_lines=4))
    return geometry


# -- the geometry ---------------------------------------------------------------------------


def test_programme_positions_by_hand() -> None:
    geometry = example_layout()
    assert (geometry.first, geometry.last) == (d("2016-11-28"), d("2017-02-12"))
    assert [row.label for row in geometry.rows] == [
        "Barsetshire JTAI 2016",
        "Wessex CP 2016",
        "Barsetshire SLAC 2016",
    ]
    # x = 16 * (weeks after 28 Nov) + 3 * (weekday); a bar ends with its last day's cell.
    assert [(m.key, m.kind, m.line, m.x, m.width) for m in geometry.marks] == [
        # JTAI: on site in week 2 (12-16 Dec), Mon to Fri: x 32, 5 days of 3.
        ("0:onsite", "bar", 4, 32, 15),
        ("0:notification", "marker", 4, 3, 3),  # Tue 29 Nov: week 0, day 1
        ("0:draft-report", "marker", 4, 89, 3),  # Thu 5 Jan: week 5, day 3 (80 + 9)
        ("0:factual-accuracy-deadline", "marker", 4, 118, 3),  # Wed 18 Jan: week 7 (112 + 6)
        ("0:publication", "marker", 4, 150, 3),  # Wed 1 Feb: week 9 (144 + 6)
        # CP: Mon 5 Dec (16) to Wed 14 Dec (32 + 6, ending at 41): 25 units, weekend included.
        ("1:onsite", "bar", 5, 16, 25),
        ("1:notification", "marker", 5, 16, 3),  # Mon 5 Dec, the first day on site
        ("1:draft-report", "marker", 5, 76, 3),  # Fri 30 Dec: week 4, day 4 (64 + 12)
        ("1:factual-accuracy-deadline", "marker", 5, 96, 3),  # Mon 9 Jan: week 6
        ("1:publication", "marker", 5, 118, 3),  # Wed 18 Jan: week 7 (112 + 6)
        # SLAC: Wed 21 Dec (48 + 6) to Fri 6 Jan (80 + 12, ending at 95), over Christmas.
        ("2:onsite", "bar", 6, 54, 41),
        ("2:notification", "marker", 6, 22, 3),  # Wed 7 Dec: week 1 (16 + 6)
        ("2:draft-report", "marker", 6, 124, 3),  # Fri 20 Jan: week 7 (112 + 12)
        ("2:factual-accuracy-deadline", "marker", 6, 140, 3),  # Fri 27 Jan: week 8 (128 + 12)
        ("2:publication", "marker", 6, 172, 3),  # Fri 10 Feb: week 10 (160 + 12)
    ]
    # Mon 26 and Tue 27 Dec (week 4), Mon 2 Jan (week 5): the weekday bank holidays.
    shaded = [(c.day, c.x) for c in geometry.cells if c.kind == "bank-holiday"]
    assert shaded == [(d("2016-12-26"), 64), (d("2016-12-27"), 67), (d("2017-01-02"), 80)]
    assert geometry.cell(d("2016-12-26")).name == "Boxing Day"


def test_inspections_on_site_each_week() -> None:
    # Week of 5 Dec: CP; of 12 Dec: JTAI and CP (to Wed 14); of 19 Dec: SLAC from Wed 21;
    # 26 Dec and 2 Jan: SLAC, over the bank holidays, to Fri 6 Jan.
    assert busy_weeks(example_layout()) == {
        d("2016-12-05"): 1,
        d("2016-12-12"): 2,
        d("2016-12-19"): 1,
        d("2016-12-26"): 1,
        d("2017-01-02"): 1,
    }


@given(
    bars=st.lists(
        st.tuples(
            st.dates(min_value=date(2016, 1, 1), max_value=date(2017, 12, 31)),
            st.integers(min_value=0, max_value=40),
        ),
        min_size=1,
        max_size=6,
    ),
    per_band=st.integers(min_value=1, max_value=8),
)
def test_on_site_counts_agree_with_a_day_by_day_walk(
    bars: list[tuple[date, int]], per_band: int
) -> None:
    rows = [
        RowSpec(
            key=str(i),
            label=str(i),
            who="",
            spans=(
                Span(
                    key=f"{i}:onsite",
                    first=first,
                    last=first + timedelta(days=days),
                    phase=True,
                    deadline=False,
                ),
            ),
        )
        for i, (first, days) in enumerate(bars)
    ]
    geometry = layout(rows, days_off=[], closures={}, options=Options(weeks_per_band=per_band))
    walked: dict[date, set[int]] = {}
    for i, (first, days) in enumerate(bars):
        for n in range(days + 1):
            day = first + timedelta(days=n)
            if day.weekday() < 5:  # a bar over a weekend alone is nobody on site
                walked.setdefault(day - timedelta(days=day.weekday()), set()).add(i)
    assert busy_weeks(geometry) == {monday: len(walked[monday]) for monday in sorted(walked)}


def test_markers_sharing_a_cell_are_found_together() -> None:
    def one_day(key: str, day: str) -> Span:
        return Span(key=key, first=d(day), last=d(day), phase=False, deadline=True)

    row = RowSpec(
        key="r",
        label="r",
        who="",
        spans=(one_day("a", "2016-12-13"), one_day("b", "2016-12-13"), one_day("c", "2016-12-14")),
    )
    geometry = layout([row], days_off=[], closures={}, options=Options())
    # Line 3 (under three header lines), Tue 13 Dec at x 3: a and b; c alone on the Wednesday.
    assert {at: [m.key for m in group] for at, group in stacks(geometry.marks).items()} == {
        (3, 3): ["a", "b"]
    }


# -- the terminal picture ------------------------------------------------------------------


def test_the_programme_in_plain_text() -> None:
    code, out, err = run(
        "timeline", "-i", str(EXAMPLE), "--today", "2016-12-16", "--max-onsite", "1",
        "--to", "2016-12-23", "--width", "100",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert not ANSI.search(out)
    # Labels 21 wide, authorities 11: the grid starts at column 34 and four 16-column weeks
    # fit in 100. Today (Fri 16 Dec) is marked under its day; the week of 12 Dec has two
    # inspections on site, more than --max-onsite 1.
    lines = out.splitlines()
    assert lines[2] == ""
    assert [line[:34] for line in lines[3:10]] == [" " * 34] * 3 + [
        "On site                           ",
        "Barsetshire JTAI 2016 Barsetshire ",
        "Wessex CP 2016        Wessex      ",
        "Barsetshire SLAC 2016 Barsetshire ",
    ]
    assert [line[34:] for line in lines[3:10]] == [
        "28 Nov 2016     5 Dec           12 Dec          19 Dec",
        " 28 29 30  1  2   5  6  7  8  9  12 13 14 15 16  19 20 21 22 23",
        "─────────────── ─────────────── ──────────────▼ ───────────────",
        "                              1              2!               1",
        "  ·  ●  ·  ·  ·   ·  ·  ·  ·  · ━━━━━━━━━━━━━━━   ·  ·  ·  ·  ·",
        "  ·  ·  ·  ·  · ━━●━━━━━━━━━━━━─━━━━━━━━━  ·  ·   ·  ·  ·  ·  ·",
        "  ·  ·  ·  ·  ·   ·  ·  ●  ·  ·   ·  ·  ·  ·  ·   ·  ·━━━━━━━━━─",
    ]
    assert "▼ today, Fri 16 Dec 2016" in out.splitlines()
    assert "On site: inspections on site that week; ! more than 1" in out.splitlines()
    # The crop ends on Sun 25 Dec: Christmas Day is named, unshaded (a weekend); not Boxing Day.
    assert out.splitlines()[-1] == "    Sun 25 Dec 2016  Christmas Day (bank holiday)"
    assert "Boxing Day" not in out


def test_a_long_programme_draws_a_day_as_one_character(tmp_path: Path) -> None:
    programme = tmp_path / "year.csv"
    programme.write_text(
        "name,framework,notify\nSpring,jtai,2016-03-01\nAutumn,jtai,2016-09-13\n", encoding="utf-8"
    )
    code, out, _ = run("timeline", "-i", str(programme), "--width", "80", "--today", "2016-01-01")
    assert code == 0
    lines = out.splitlines()
    # Labels 6 wide, no authority: the grid starts at column 7, and 73 columns hold twelve
    # 6-column weeks. Spring: Tue 1 Mar 2016 in the week of Mon 29 Feb, day 1 of that week.
    row = next(line for line in lines if line.startswith("Spring"))
    assert row[7:13] == "·●··· "  # one character a working day, one the weekend
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)  # no day numbers: an empty line
    assert "▼" not in out  # today, 1 Jan 2016, is before the picture


def test_who_and_authority_keep_their_inspections() -> None:
    code, out, _ = run("timeline", "-i", str(EXAMPLE), "--who", "carol  WHITE")
    assert code == 0 and out.startswith("2 inspections: timeline\n")
    assert "Barsetshire JTAI 2016" not in out
    code, out, _ = run("timeline", "-i", str(EXAMPLE), "--authority", "barsetshire")
    assert code == 0 and out.startswith("2 inspections: timeline\n")
    assert "Wessex CP 2016" not in out


def test_a_stacked_day_shows_one_combined_marker_and_names_both(tmp_path: Path) -> None:
    # Publication pinned to the draft's day, Thu 5 Jan 2017: two markers, one cell.
    programme = tmp_path / "pinned.csv"
    programme.write_text(
        "name,framework,notify,pins\nPinned,jtai,2016-11-29,publication=2017-01-05\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "timeline", "-i", str(programme), "--from", "2017-01-02", "--to", "2017-01-06"
    )
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("Pinned"))
    assert row.endswith("░░░  ·  ·  ✱  ·")  # Mon 2 Jan a bank holiday; Thu 5 Jan combined
    assert "  ✱ Thu 5 Jan 2017  Pinned: Draft letter to DCS; Letter published" in out


def test_colour_only_in_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "stdout_is_terminal", lambda: True)
    args = ("timeline", "-i", str(EXAMPLE), "--width", "100", "--today", "2016-12-16")
    code, coloured, _ = run(*args, env={"NO_COLOR": ""})
    assert code == 0 and ANSI.search(coloured)
    code, plain, _ = run(*args, env={"NO_COLOR": "1"})
    assert code == 0 and not ANSI.search(plain)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).rstrip("\n") == plain.rstrip("\n")


def test_programme_timeline_errors_are_one_line(tmp_path: Path) -> None:
    source = ["timeline", "-i", str(EXAMPLE)]
    assert_error(
        [*source, "-f", "jtai"],
        "give either --inspections FILE or --framework/--notify/--at, not both",
    )
    assert_error(
        ["timeline", "-f", "jtai", "--notify", "2016-09-13", "--who", "Ann Smith"],
        "--who, --authority, --today and --max-onsite go with --inspections",
    )
    assert_error(
        [*source, "--who", "Nobody"], "no inspection of the programme matches --who/--authority"
    )
    assert_error(
        [*source, "--today", "16/12/2016"],
        "malformed --today date '16/12/2016'; write it as YYYY-MM-DD, e.g. 2016-09-13",
    )
    assert_error(
        [*source, "--holidays-file", str(tmp_path / "bank-holidays.json")],
        "--holidays-file is not taken with --inspections",
    )
    assert_error(["timeline"], "give --framework (with --notify or --at), or --inspections FILE")
    assert_error(
        [*source, "--from", "2017-01-10", "--to", "2016-12-01"],
        "the timeline would end (2016-12-01) before it starts (2017-01-10)",
    )


def test_the_programme_file_is_never_overwritten() -> None:
    code, _, err = run("timeline", "-i", str(EXAMPLE), "-o", str(EXAMPLE))
    assert (code, err) == (
        2,
        f"inspectcal: error: refusing to overwrite the input file {EXAMPLE}; "
        "choose another -o path\n",
    )
    assert EXAMPLE.read_text(encoding="utf-8").startswith("# A planning team's winter programme")


# -- SVG ------------------------------------------------------------------------------------


def svg_marks(root: ET.Element) -> list[ET.Element]:
    return [
        e
        for e in root.iter()
        if e.tag in (f"{SVG}rect", f"{SVG}circle", f"{SVG}polygon")
        and {"mark", "off", "today"} & set(e.get("class", "").split())
    ]


def test_svg_every_mark_has_a_title_with_inspection_step_date_rule_and_source() -> None:
    code, out, err = run("timeline", "-i", str(EXAMPLE), "--format", "svg", "--today", "2016-12-16")
    assert (code, err) == (0, "")
    root = ET.fromstring(out.encode("utf-8"))
    shapes = svg_marks(root)
    texts = [(e.findtext(f"{SVG}title") or "") for e in shapes]
    assert all(texts)
    # Three bars, twelve markers, three weekday bank holidays, today: nothing left out.
    kinds = [e.get("class") for e in shapes]
    assert kinds.count("mark bar") == 3
    assert sum(1 for k in kinds if k and k.startswith("mark ") and k != "mark bar") == 12
    assert "Today, Fri 16 Dec 2016" in texts
    # JTAI's publication: 30 working days after the last day on site, Fri 16 Dec 2016: 12 from
    # 19 Dec to 6 Jan (26 and 27 Dec and 2 Jan are bank holidays), 17 from 9 to 31 Jan, then
    # the 30th on Wed 1 Feb.
    assert (
        "Barsetshire JTAI 2016\nLetter of inspection findings published (deadline)\n"
        "Wed 1 Feb 2017\nWho: Ofsted\nRule: 30 working days after last on-site day\n"
        "Source: JTAI guidance 2016, para 9, timeline table, day 43"
    ) in texts
    onsite = next(t for t in texts if t.startswith("Wessex CP 2016\nOn site"))
    assert onsite.splitlines()[2] == "Mon 5 Dec 2016 to Wed 14 Dec 2016"


def test_programme_svg_for_the_published_page_escapes_names(tmp_path: Path) -> None:
    programme = tmp_path / "evil.csv"
    programme.write_text(
        'name,framework,notify,authority\n"<script>alert(1)</script> & co",jtai,2016-11-29,'
        "<b>Town</b>\n",
        encoding="utf-8",
    )
    svg = programme_svg(load_programme(programme), today=date(2016, 12, 16))
    # An element to embed, a picture per band, so that the printed page breaks between them.
    assert svg.startswith('<div class="figure programme" role="group"')
    html5lib.HTMLParser(strict=True).parse(f"<!doctype html><title>t</title>{svg}")
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    root = ET.fromstring(svg.encode("utf-8"))
    assert all(e.findtext(f"{SVG}title") for e in svg_marks(root))


def test_a_combined_marker_lists_both_in_its_title(tmp_path: Path) -> None:
    programme = tmp_path / "pinned.csv"
    programme.write_text(
        "name,framework,notify,pins\nPinned,jtai,2016-11-29,publication=2017-01-05\n",
        encoding="utf-8",
    )
    root = ET.fromstring(programme_svg(load_programme(programme)).encode("utf-8"))
    several = [e for e in root.iter(f"{SVG}circle") if "several" in e.get("class", "")]
    assert len(several) == 1
    title = several[0].findtext(f"{SVG}title") or ""
    assert title.startswith("Pinned\nOfsted sends the draft letter")
    assert title.count("(deadline)\nThu 5 Jan 2017") == 2  # the draft "by midday"
    assert "Letter of inspection findings published (deadline)\nThu 5 Jan 2017" in title
