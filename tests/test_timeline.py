"""`inspectcal timeline`, `timeline --format svg` and `plan --format html`.

Positions are tested in test_layout.py; here: what a person sees and pastes, exact exit codes,
that the page parses and escapes every piece of user text, and that every mark has a tooltip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from inspectcal import cli
from inspectcal.cli import app
from inspectcal.frameworks import load_framework

runner = CliRunner()
JTAI = ["-f", "jtai", "--notify", "2016-09-13"]
JTAI_ROWS = len(load_framework("jtai").milestones)  # one table row per milestone
SVG = "{http://www.w3.org/2000/svg}"
ANSI = re.compile(r"\x1b\[")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def assert_error(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert (code, out, err) == (2, "", f"inspectcal: error: {message}\n")


# -- the terminal picture ------------------------------------------------------------------


def test_plain_text_into_a_pipe_with_labels_who_and_legend() -> None:
    code, out, err = run("timeline", *JTAI, "--width", "120")
    assert (code, err) == (0, "")
    assert not ANSI.search(out)
    lines = out.splitlines()
    # Label, who acts (clipped to 18), then the grid: the notification on Tue 13 Sep, the
    # second working-day cell of the first week.
    row = next(line for line in lines if line.startswith("Notification call to DCS"))
    assert "Ofsted lead inspe…" in row
    assert row.endswith("·  ●  ·  ·  ·   ·  ·  ·  ·  ·   ·  ·  ·  ·  ·   ·  ·  ·  ·  ·")
    # Fieldwork Mon 26 - Fri 30 Sep: a bar over exactly the third week's five days.
    fieldwork = next(line for line in lines if line.startswith("Fieldwork week"))
    assert "━" * 15 + "   ·" in fieldwork
    assert "Days off:" in out
    assert "  ░ Mon 26 Dec 2016  Boxing Day (bank holiday)" in lines


def test_width_wraps_weeks_into_bands() -> None:
    code, wide, _ = run("timeline", *JTAI, "--width", "120")
    assert code == 0
    assert max(len(line) for line in wide.splitlines()) <= 120
    # 120 - (30 label + 1 + 18 who + 1) = 70 columns: four 16-column weeks a band.
    first_band = next(line for line in wide.splitlines() if "12 Sep 2016" in line)
    assert re.findall(r"\d+ [A-Z][a-z]{2}", first_band) == ["12 Sep", "19 Sep", "26 Sep", "3 Oct"]
    code, narrow, _ = run("timeline", *JTAI, "--width", "60")
    assert code == 0
    assert max(len(line) for line in narrow.splitlines()) <= 60
    # 60 columns drop who acts and leave room for one week a band.
    first_band = next(line for line in narrow.splitlines() if "12 Sep 2016" in line)
    assert re.findall(r"\d+ [A-Z][a-z]{2}", first_band) == ["12 Sep"]
    assert "Ofsted lead inspe" not in narrow
    # The narrowest allowed: labels give way (clipped to 40 - 16 - 1 = 23) to one week.
    code, narrowest, _ = run("timeline", *JTAI, "--width", "40")
    assert code == 0
    assert max(len(line) for line in narrowest.splitlines()) <= 40
    row = next(line for line in narrowest.splitlines() if line.startswith("Notification"))
    assert row == "Notification call to D…   ·  ●  ·  ·  ·"


def test_from_and_to_crop_the_picture() -> None:
    code, out, err = run("timeline", *JTAI, "--from", "2016-09-26", "--to", "2016-09-30")
    assert (code, err) == (0, "")
    assert "Fieldwork week" in out and "26 Sep 2016" in out
    assert "Notification call to DCS" not in out and "Draft letter to DCS" not in out


def test_colour_only_in_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "stdout_is_terminal", lambda: True)
    code, coloured, _ = run("timeline", *JTAI, "--width", "100", env={"NO_COLOR": ""})
    assert code == 0 and ANSI.search(coloured)
    code, plain, _ = run("timeline", *JTAI, "--width", "100", env={"NO_COLOR": "1"})
    assert code == 0 and not ANSI.search(plain)
    # The same characters either way: colour is laid over the plain picture.
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).rstrip("\n") == plain.rstrip("\n")


def test_timeline_errors_are_one_line() -> None:
    assert_error(
        ["timeline", *JTAI, "--from", "26/09/2016"],
        "malformed --from date '26/09/2016'; write it as YYYY-MM-DD, e.g. 2016-09-13",
    )
    assert_error(
        ["timeline", *JTAI, "--from", "2016-10-04", "--to", "2016-09-28"],
        "the timeline would end (2016-09-28) before it starts (2016-10-04)",
    )
    assert_error(
        ["timeline", *JTAI, "--format", "png"],
        "unknown format 'png'; choose one of: text, svg",
    )


# -- SVG and the HTML page -------------------------------------------------------------------


def marks(root: ET.Element, ns: str) -> list[ET.Element]:
    shapes = [
        e
        for e in root.iter()
        if e.tag in (f"{ns}rect", f"{ns}circle", f"{ns}polygon")
        and ("mark" in e.get("class", "").split() or "off" in e.get("class", "").split())
    ]
    assert shapes
    return shapes


def test_svg_every_mark_and_day_off_has_a_tooltip() -> None:
    code, out, _ = run("timeline", *JTAI, "--format", "svg")
    assert code == 0
    root = ET.fromstring(out.encode("utf-8"))
    shapes = marks(root, SVG)
    titles = [e.find(f"{SVG}title") for e in shapes]
    assert all(t is not None and t.text for t in titles)
    texts = [t.text for t in titles if t is not None and t.text]
    # The fieldwork bar: days 9-13, Mon 26 - Fri 30 Sep 2016, its rule naming the steps it
    # spans by their short labels.
    assert (
        "On-site fieldwork week (phase)\nMon 26 Sep 2016 to Fri 30 Sep 2016\n"
        "Who: Inspection team\nRule: from on-site inspection begins to last on-site day\n"
        "Source: JTAI guidance 2016, para 9, timeline table, days 9-13; para 9 overview, "
        "week three"
    ) in texts
    # Publication, day 43: Fri 11 Nov 2016, 30 working days after the last on-site day, day 13
    # (Fri 30 Sep): 21 working days in October, then 1-4 and 7-11 November.
    assert (
        "Letter of inspection findings published (deadline)\nFri 11 Nov 2016\nWho: Ofsted\n"
        "Rule: 30 working days after last on-site day\n"
        "Source: JTAI guidance 2016, para 9, timeline table, day 43"
    ) in texts
    # Weekday bank holidays shaded: Mon 26 and Tue 27 Dec 2016, Mon 2 Jan 2017.
    assert [t for t in texts if t.endswith("(bank holiday)")] == [
        "Mon 26 Dec 2016: Boxing Day (bank holiday)",
        "Tue 27 Dec 2016: Christmas Day (observed) (bank holiday)",
        "Mon 2 Jan 2017: New Year's Day (observed) (bank holiday)",
    ]


def page(*args: str) -> str:
    code, out, err = run("plan", *args, "--format", "html")
    assert (code, err) == (0, "")
    return out


def test_page_parses_and_every_mark_has_a_title() -> None:
    text = page(*JTAI)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    document = parser.parse(text)
    assert "<script" not in text.lower()
    assert "http" not in text.replace("http://www.w3.org/2000/svg", "")
    svg = document.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None
    for shape in marks(svg, SVG):
        title = shape.find(f"{SVG}title")
        assert title is not None and title.text
    assert "@page{size:A4 landscape" in text
    table = document.find(".//{http://www.w3.org/1999/xhtml}table")
    assert table is not None and table.get("id") == "plan-table"
    xhtml = "{http://www.w3.org/1999/xhtml}"
    assert len(table.findall(f".//{xhtml}tbody/{xhtml}tr")) == JTAI_ROWS


def test_rules_name_the_step_they_count_from_by_its_label() -> None:
    text = page(*JTAI)
    # Publication is 30 working days after the last on-site day, labelled "Last on-site day";
    # the 20 children are chosen 1 working day after the notification, labelled "Notification
    # call to DCS". The table must not repeat those steps' full titles.
    assert "<td>30 working days after last on-site day</td>" in text
    assert "<td>1 working day after notification call to DCS</td>" in text
    assert "after: Lead inspector notifies the director" not in text
    assert "after: Last on-site day" not in text


def test_user_text_is_escaped(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2016-12-28..2016-12-30  <script>alert(1)</script>\n", encoding="utf-8")
    source = Path(cli.__file__).parent / "timetables" / "cp-2012.toml"
    framework = tmp_path / "evil.toml"
    framework.write_text(
        source.read_text(encoding="utf-8").replace(
            'title = "Inspection of local authority arrangements for the protection of children"',
            'title = "<script>alert(2)</script> & co"',
        ),
        encoding="utf-8",
    )
    text = page("-f", str(framework), "--notify", "2016-12-05", "--closures", str(closures))
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; co" in text
    html5lib.HTMLParser(strict=True).parse(text)
    code, svg, _ = run(
        "timeline",
        "-f",
        str(framework),
        "--notify",
        "2016-12-05",
        "--closures",
        str(closures),
        "--format",
        "svg",
    )
    assert code == 0 and "<script" not in svg
    ET.fromstring(svg.encode("utf-8"))


def hostile(text: str, key: str) -> str:
    """A timetable whose every `key` holds markup, numbered (labels are unique)."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.startswith(f"{key} = "):
            lines[n] = f'{key} = "<x-evil>{key}</x-evil> & co {n}"'
    return "\n".join(lines)


def test_every_text_of_a_milestone_is_escaped_in_the_page_and_the_picture(tmp_path: Path) -> None:
    """The page's table rows and the picture's marks are written in Python for speed: every
    text a timetable gives a milestone (title, label, party, citation) must still come out
    escaped, in the table, the tooltips and the SVG."""
    source = Path(cli.__file__).parent / "timetables" / "cp-2012.toml"
    text = source.read_text(encoding="utf-8")
    for key in ("title", "label", "party", "cite"):
        text = hostile(text, key)
    framework = tmp_path / "evil.toml"
    framework.write_text(text, encoding="utf-8")
    page_text = page("-f", str(framework), "--notify", "2016-12-05")
    assert "<x-evil" not in page_text
    for key in ("title", "label", "party", "cite"):
        assert f"&lt;x-evil&gt;{key}&lt;/x-evil&gt; &amp; co " in page_text
    html5lib.HTMLParser(strict=True).parse(page_text)
    code, svg, _ = run(
        "timeline", "-f", str(framework), "--notify", "2016-12-05", "--format", "svg"
    )
    assert code == 0 and "<x-evil" not in svg and "&lt;x-evil&gt;label" in svg
    ET.fromstring(svg.encode("utf-8"))


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs the Debian chromium package")
def test_the_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    html = tmp_path / "plan.html"
    html.write_text(page(*JTAI), encoding="utf-8")
    dump = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    # The browser built the DOM with the inline SVG and every milestone's table row.
    assert dump.count("<tr") == JTAI_ROWS + 1  # and the header row
    assert "<svg" in dump and "Fieldwork week" in dump


def test_outputs_never_overwrite_an_input(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2016-12-28..2016-12-30  Council Christmas shutdown\n", encoding="utf-8")
    for args in (
        ["timeline", "--format", "svg"],
        ["timeline"],
        ["plan", "--format", "html"],
    ):
        assert_error(
            [*args, *JTAI, "--closures", str(closures), "-o", str(closures)],
            f"refusing to overwrite the input file {closures}; choose another -o path",
        )
    assert closures.read_text(encoding="utf-8").startswith("2016-12-28..2016-12-30")
    out = tmp_path / "plan.svg"
    assert run("timeline", *JTAI, "--format", "svg", "-o", str(out)) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg'
    )
